"""Clerk display names (姓名): set by an administrator, printed on the desk receipt.

The login name is the account's key and stays in trajectories; the receipt a visitor takes
home names the clerk who entered the visit by the name an administrator gave, also when
another clerk reprints it. Runs on SQLite and PostgreSQL (migration 0004).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient

from gateway.app import STORE
from gateway.crypto import generate_key_line, parse_keyring
from gateway.settings import load_settings
from gateway.storage import open_store
from tests.conftest import ROOT, MakeClient
from tests.engines import every_engine
from tests.staff.accounts import csrf_of, login, make_user, staff_client

engine = every_engine  # each test runs on SQLite and on PostgreSQL


def _visit(csrf: str, idem: str) -> FormData:
    form = FormData(default_to_multipart=True)
    for k, v in {
        "csrf": csrf,
        "idem": idem,
        "v0_name": "孙七",
        "matter": "反映某所长吃拿卡要",
    }.items():
        form.add_field(k, v)
    return form


def _clerk_cell(page: str) -> str:
    m = re.search(r'<dd id="clerk">(.*?)</dd>', page, re.S)
    assert m, page
    return m.group(1)


async def _as(client: TestClient[Any, Any], name: str) -> None:
    client.session.cookie_jar.clear()
    assert (await login(client, name)).status == 303


async def test_an_admin_names_a_clerk_and_the_receipt_prints_that_name(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    await make_user(client, "zhou", "clerk")
    await staff_client(client, "root", "admin")
    page = await (await client.get("/staff/users")).text()
    assert '<th scope="col">姓名</th>' in page and 'placeholder="未填写"' in page
    resp = await client.post(
        "/staff/users",
        data={"csrf": csrf_of(page), "name": "zhou", "display_name": "  周  芷若 "},
        allow_redirects=False,
    )
    assert resp.status == 303
    assert resp.headers["Location"] == "/staff/users?done=display_name&name=zhou"
    page = await (await client.get(resp.headers["Location"])).text()
    assert 'id="saved"' in page and 'value="周 芷若"' in page  # spaces folded, kept once
    user = await client.app[STORE].get_user("zhou")
    assert user is not None and user.display_name == "周 芷若"

    await _as(client, "zhou")
    csrf = csrf_of(await (await client.get("/desk/visits/new")).text())
    receipt = await (await client.post("/desk/visits", data=_visit(csrf, "dn-visit-0001"))).text()
    assert _clerk_cell(receipt) == "周 芷若"  # the name, not the login, no login-name hint
    number = re.search(r'id="intake-no">(F\d+)<', receipt)
    assert number
    # Reprinted by someone else, the receipt still names the clerk who received the visitor.
    await _as(client, "root")
    again = await (await client.get(f"/desk/receipt?no={number.group(1)}")).text()
    assert "补打" in again and _clerk_cell(again) == "周 芷若"


async def test_without_a_display_name_the_receipt_says_it_shows_the_login(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    csrf = await staff_client(client, "wu", "clerk")
    receipt = await (await client.post("/desk/visits", data=_visit(csrf, "dn-visit-0002"))).text()
    cell = _clerk_cell(receipt)
    assert cell.startswith("wu") and "系统未登记接待人员姓名" in cell


@pytest.mark.parametrize(
    ("typed", "message"),
    [("张" * 51, "姓名不能超过 50 个字（现有 51 个）。"), ("张\u0000三", "不可显示的字符")],
    ids=["too-long", "control-character"],
)
async def test_a_bad_display_name_is_refused_beside_its_field(
    make_client: MakeClient, typed: str, message: str
) -> None:
    client = await make_client()
    await make_user(client, "zheng", "clerk")
    csrf = await staff_client(client, "root", "admin")
    resp = await client.post(
        "/staff/users", data={"csrf": csrf, "name": "zheng", "display_name": typed}
    )
    page = await resp.text()
    assert resp.status == 422 and message in page
    assert 'aria-invalid="true"' in page
    user = await client.app[STORE].get_user("zheng")
    assert user is not None and user.display_name == ""


async def test_only_an_admin_with_a_valid_form_may_name_accounts(make_client: MakeClient) -> None:
    client = await make_client()
    csrf = await staff_client(client, "feng", "clerk")
    resp = await client.post(
        "/staff/users", data={"csrf": csrf, "name": "feng", "display_name": "冯"}
    )
    assert resp.status == 403
    await _as(client, "feng")  # still logged in as the clerk; now an admin with a forged form
    await staff_client(client, "root", "admin")
    resp = await client.post(
        "/staff/users", data={"csrf": "forged", "name": "feng", "display_name": "冯"}
    )
    assert resp.status == 400
    resp = await client.post(
        "/staff/users",
        data={
            "csrf": csrf_of(await (await client.get("/staff/users")).text()),
            "name": "nobody",
            "display_name": "某人",
        },
    )
    assert resp.status == 404
    user = await client.app[STORE].get_user("feng")
    assert user is not None and user.display_name == ""


async def test_the_command_line_sets_and_clears_a_display_name(
    tmp_path: Path, database_url: str
) -> None:
    keys = generate_key_line()
    env = {
        "PATH": "/usr/bin:/bin",
        "INTAKE_DATA_DIR": str(tmp_path / "data"),
        "INTAKE_KEYS": keys,
        "INTAKE_DATABASE_URL": database_url,
    }

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gateway", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )

    made = cli(
        "create-user",
        "qian",
        "--role",
        "clerk",
        "--display-name",
        "钱多多",
        "--password-stdin",
        stdin="a-long-desk-password\n",
    )
    assert made.returncode == 0, made.stderr
    settings = load_settings(
        env={}, data_dir=tmp_path / "data", keys=keys, database_url=database_url
    )

    async def display_name() -> str:
        store = await open_store(settings.resolved_database_url, parse_keyring(keys))
        try:
            user = await store.get_user("qian")
        finally:
            await store.close()
        assert user is not None
        return user.display_name

    assert await display_name() == "钱多多"
    assert cli("set-display-name", "qian", "钱 多").returncode == 0
    assert await display_name() == "钱 多"
    cleared = cli("set-display-name", "qian", "")
    assert cleared.returncode == 0 and "cleared" in cleared.stdout
    assert await display_name() == ""
    missing = cli("set-display-name", "nobody", "某人")
    assert missing.returncode == 1 and "no user 'nobody'" in missing.stderr
    too_long = cli("set-display-name", "qian", "长" * 60)
    assert too_long.returncode != 0 and "姓名不能超过" in too_long.stderr
    bad_name = cli("create-user", "qian/2", "--role", "clerk", "--password-stdin", stdin="x" * 12)
    assert bad_name.returncode != 0 and "用户名只能包含" in bad_name.stderr

    # The command line's changes are audited like the page's, and never with the password.
    async def audited() -> list[tuple[str, str, str | None]]:
        store = await open_store(settings.resolved_database_url, parse_keyring(keys))
        try:
            return [(e.actor, e.action, e.detail) for e in await store.audit_entries()]
        finally:
            await store.close()

    assert cli("set-role", "qian", "reviewer").returncode == 0
    assert cli("disable-user", "qian").returncode == 0
    assert cli("enable-user", "qian").returncode == 0
    assert cli("unlock-user", "qian").returncode == 0
    assert cli("disable-user", "nobody").returncode == 1
    entries = await audited()
    assert {(a, b) for a, b, _ in entries} == {
        ("cli", "account_created"),
        ("cli", "account_display_name"),
        ("cli", "account_role"),
        ("cli", "account_disabled"),
        ("cli", "account_enabled"),
        ("cli", "account_unlocked"),
    }
    assert all("a-long-desk-password" not in (d or "") for _, _, d in entries)
