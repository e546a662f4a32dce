"""Account administration on /staff/users (issue 17): create, role, 姓名, password, disable,
enable, unlock; each change an audit entry without any password; administrators only; the
last enabled administrator stays one. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from gateway.app import STORE
from gateway.settings import Settings
from gateway.storage import SHANGHAI
from tests.conftest import MakeClient
from tests.engines import every_engine
from tests.staff.accounts import PASSWORD, csrf_of, login, make_user, staff_client

engine = every_engine

_NEW_PASSWORD = re.compile(r'id="new-password">([^<]+)<')


async def _post(client: TestClient[Any, Any], path: str, **data: str) -> Any:
    csrf = csrf_of(await (await client.get("/staff/users")).text())
    return await client.post(path, data={"csrf": csrf, **data}, allow_redirects=False)


async def _as(client: TestClient[Any, Any], name: str, password: str = PASSWORD) -> int:
    client.session.cookie_jar.clear()
    return int((await login(client, name, password)).status)


async def _audit(client: TestClient[Any, Any]) -> list[tuple[str, str, str | None]]:
    return [(e.actor, e.action, e.detail) for e in await client.app[STORE].audit_entries()]


async def test_an_admin_creates_an_account_with_a_generated_password_shown_once(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = await make_client()
    await staff_client(client, "root", "admin")
    resp = await _post(
        client, "/staff/users/new", name="zhou", display_name="周芷若", role="clerk", how="generate"
    )
    page = await resp.text()
    assert resp.status == 200 and "只显示这一次" in page
    m = _NEW_PASSWORD.search(page)
    assert m
    password = m.group(1)
    assert len(password) >= 16
    again = await (await client.get("/staff/users")).text()
    assert password not in again  # shown once
    user = await client.app[STORE].get_user("zhou")
    assert user is not None and (user.role, user.display_name) == ("clerk", "周芷若")
    [entry] = [e for e in await _audit(client) if e[1] == "account_created"]
    assert entry[0] == "admin:root" and "zhou" in (entry[2] or "")
    assert password not in (entry[2] or "") and "scrypt" not in (entry[2] or "")
    assert all(password not in r.getMessage() for r in caplog.records)
    audit = await (await client.get("/staff/audit")).text()
    assert "新建账户" in audit and "zhou（接待登记员，姓名 周芷若，系统生成密码）" in audit
    # The new clerk logs in with it, and the header names her, not her login.
    assert await _as(client, "zhou", password) == 303
    desk = await (await client.get("/desk/visits/new")).text()
    assert '<span class="who">周芷若（接待登记员）</span>' in desk


async def test_a_refused_new_account_keeps_what_was_typed(make_client: MakeClient) -> None:
    client = await make_client()
    await staff_client(client, "root", "admin")
    resp = await _post(
        client, "/staff/users/new", name="wang wu", display_name="王五", role="clerk"
    )
    page = await resp.text()
    assert resp.status == 422 and "不能有空格" in page and 'value="王五"' in page
    resp = await _post(
        client, "/staff/users/new", name="root", role="clerk", how="set", password="x" * 12
    )
    assert resp.status == 409 and "已被使用" in await resp.text()
    resp = await _post(
        client, "/staff/users/new", name="li", role="clerk", how="set", password="short"
    )
    assert resp.status == 422 and "至少需要 10 个字符" in await resp.text()
    resp = await _post(client, "/staff/users/new", name="li", role="root")
    assert resp.status == 422 and "请选择账户角色" in await resp.text()
    assert await client.app[STORE].get_user("li") is None


async def test_disable_ends_the_sessions_and_refuses_the_login_until_enabled(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    await make_user(client, "li", "reviewer")
    assert (await login(client, "li")).status == 303
    li_cookies = list(client.session.cookie_jar)
    await staff_client(client, "root", "admin")
    resp = await _post(client, "/staff/users/lock", name="li", disabled="1")
    assert resp.status == 303 and "done=disabled" in resp.headers["Location"]
    page = await (await client.get(resp.headers["Location"])).text()
    assert "已停用账户 li" in page and "已停用" in page
    # li's old session no longer opens anything.
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({c.key: c.value for c in li_cookies})
    assert (await client.get("/staff/review", allow_redirects=False)).status == 302
    resp = await login(client, "li")
    assert resp.status == 403 and "已被停用" in await resp.text()
    assert await _as(client, "root") == 303
    assert (await _post(client, "/staff/users/lock", name="li", disabled="0")).status == 303
    assert await _as(client, "li") == 303
    actions = [a for _, a, _ in await _audit(client)]
    assert "account_disabled" in actions and "account_enabled" in actions


async def test_unlock_lets_the_shut_out_client_log_in_again(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    await make_user(client, "li", "reviewer")
    await make_user(client, "root", "admin")
    for _ in range(settings.login_max_failures):
        assert (await login(client, "li", "wrong-password")).status == 401
    assert (await login(client, "li")).status == 429
    assert await _as(client, "root") == 303
    page = await (await client.get("/staff/users")).text()
    assert "登录失败次数过多，已锁定" in page and "解除锁定" in page
    assert (await _post(client, "/staff/users/unlock", name="li")).status == 303
    assert "登录失败次数过多" not in await (await client.get("/staff/users")).text()
    assert await _as(client, "li") == 303
    assert ("admin:root", "account_unlocked", '{"account": "li"}') in await _audit(client)


async def test_a_set_password_replaces_the_old_one_and_ends_the_sessions(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    await make_user(client, "li", "reviewer")
    await staff_client(client, "root", "admin")
    new = "a-new-password-42"
    resp = await _post(client, "/staff/users/password", name="li", how="set", password=new)
    assert resp.status == 303
    assert await _as(client, "li") == 401
    assert await _as(client, "li", new) == 303
    [detail] = [d for _, a, d in await _audit(client) if a == "account_password"]
    assert detail == '{"account": "li", "temporary": false}'
    assert await _as(client, "root") == 303
    resp = await _post(client, "/staff/users/password", name="li", how="generate")
    m = _NEW_PASSWORD.search(await resp.text())
    assert resp.status == 200 and m
    assert await _as(client, "li", new) == 401
    assert await _as(client, "li", m.group(1)) == 303


async def test_roles_change_but_the_last_admin_stays_an_enabled_admin(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    await make_user(client, "li", "clerk")
    await staff_client(client, "root", "admin")
    resp = await _post(client, "/staff/users/role", name="li", role="reviewer")
    assert resp.status == 303
    user = await client.app[STORE].get_user("li")
    assert user is not None and user.role == "reviewer"
    for path, data in (
        ("/staff/users/role", {"role": "head"}),
        ("/staff/users/lock", {"disabled": "1"}),
    ):
        resp = await _post(client, path, name="root", **data)
        assert resp.status == 409 and "至少需要保留一名可用的管理员" in await resp.text()
    root = await client.app[STORE].get_user("root")
    assert root is not None and root.role == "admin" and root.locked_until is None
    # With a second administrator, the first may step down.
    assert (await _post(client, "/staff/users/role", name="li", role="admin")).status == 303
    assert (await _post(client, "/staff/users/role", name="root", role="head")).status == 303
    audit = await (await client.get("/staff/audit", allow_redirects=False)).text()
    assert "root：管理员 → 信访室负责人" in audit and "li：接待登记员 → 审核人员" in audit


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/staff/users/new", {"name": "x", "role": "admin"}),
        ("/staff/users/role", {"name": "feng", "role": "admin"}),
        ("/staff/users/password", {"name": "feng", "how": "generate"}),
        ("/staff/users/lock", {"name": "feng", "disabled": "1"}),
        ("/staff/users/unlock", {"name": "feng"}),
    ],
    ids=["create", "role", "password", "lock", "unlock"],
)
async def test_only_an_admin_with_a_valid_form_may_change_accounts(
    make_client: MakeClient, path: str, data: dict[str, str]
) -> None:
    client = await make_client()
    csrf = await staff_client(client, "feng", "head")
    resp = await client.post(path, data={"csrf": csrf, **data}, allow_redirects=False)
    assert resp.status == 403 and "无权访问" in await resp.text()
    await staff_client(client, "root", "admin")
    resp = await client.post(path, data={"csrf": "forged", **data}, allow_redirects=False)
    assert resp.status == 400 and "表单已过期" in await resp.text()
    user = await client.app[STORE].get_user("feng")
    assert user is not None and user.role == "head" and user.locked_until is None
    assert await client.app[STORE].get_user("x") is None
    assert [a for _, a, _ in await _audit(client) if a.startswith("account_")] == []


async def test_a_change_to_an_unknown_account_is_a_404(make_client: MakeClient) -> None:
    client = await make_client()
    await staff_client(client, "root", "admin")
    resp = await _post(client, "/staff/users/lock", name="nobody", disabled="1")
    assert resp.status == 404 and "未找到该账户" in await resp.text()


async def test_the_audit_page_filters_by_actor_action_record_and_date(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    await make_user(client, "li", "clerk")
    await staff_client(client, "root", "admin")
    assert (await _post(client, "/staff/users/role", name="li", role="reviewer")).status == 303
    assert (await _post(client, "/staff/users/unlock", name="li")).status == 303
    today = datetime.now(SHANGHAI).date()

    async def rows(query: str) -> str:
        resp = await client.get(f"/staff/audit?{query}")
        assert resp.status == 200, query
        page = await resp.text()
        m = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
        assert m
        return m.group(1)

    body = await rows("action=account_role")
    assert "变更角色" in body and "解除登录锁定" not in body
    assert (
        "selected>变更角色" in await (await client.get("/staff/audit?action=account_role")).text()
    )
    assert "解除登录锁定" in await rows(f"actor=root&from={today}&to={today}")
    assert "暂无记录" in await rows(f"to={today - timedelta(days=1)}")
    assert "暂无记录" in await rows("actor=nobody")
    assert "暂无记录" in await rows("no=W00000000000000")  # account changes name no record
    resp = await client.get("/staff/audit?from=2026-13-01")
    assert resp.status == 422 and "日期格式应为" in await resp.text()
    viewed = [d for _, a, d in await _audit(client) if a == "audit_viewed"]
    assert "按人员、日期筛选" in viewed and "按操作筛选" in viewed
