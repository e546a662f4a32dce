"""Account administration in a real headless Chromium: an administrator creates an account,
its user logs in, the administrator disables it and the login is refused, enables it,
unlocks it after failed logins, and resets its password; a non-administrator gets the 403."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from gateway.accounts import hash_password
from gateway.app import STORE, create_app
from gateway.crypto import generate_key_line
from gateway.settings import load_settings
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.staff.accounts import PASSWORD

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass
class Server:
    app: web.Application
    base: str
    browser: Browser
    shots: Path


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Server]:
    root = tmp_path_factory.mktemp("useradmin")
    settings = load_settings(
        env={},
        data_dir=root / "data",
        keys=generate_key_line(),
        login_max_failures=3,
        login_per_minute=100,
    )
    app = await create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    for name, role in (("root", "admin"), ("head1", "head")):
        await app[STORE].add_user(name, role, hash_password(PASSWORD, n=2**12))
    await app[STORE].set_display_name("root", "管理员老赵")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Server(app, f"http://127.0.0.1:{port}", browser, root)
        finally:
            await browser.close()
            await runner.cleanup()


async def _page(server: Server) -> Page:
    context = await server.browser.new_context(locale="zh-CN")
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    return page


async def _login(page: Page, server: Server, name: str, password: str = PASSWORD) -> int:
    """Log in through the form; the status of the answer to the form's POST."""
    await page.context.clear_cookies()
    await page.goto(server.base + "/staff/login")
    await page.fill("#name", name)
    await page.fill("#password", password)
    async with page.expect_response(lambda r: r.request.method == "POST") as answer:
        await page.click("button[type=submit]")
    return (await answer.value).status


def _row(page: Page, name: str) -> object:
    return page.locator(f"tr[data-name='{name}']")


async def test_an_admin_creates_disables_enables_unlocks_and_resets_an_account(
    server: Server,
) -> None:
    admin = await _page(server)
    assert await _login(admin, server, "root") == 303
    await admin.goto(server.base + "/staff/users")
    assert await admin.inner_text(".staff-header .who") == "管理员老赵（管理员）"
    await admin.fill("#new-name", "zhou")
    await admin.fill("#new-display-name", "周芷若")
    await admin.select_option("#new-role", "clerk")
    await admin.click("#create-user")
    password = (await admin.inner_text("#new-password")).strip()
    assert "只显示这一次" in await admin.inner_text("#one-time")
    await admin.screenshot(path=server.shots / "created.png", full_page=True)

    user = await _page(server)
    assert await _login(user, server, "zhou", password) == 303
    await user.wait_for_url(server.base + "/desk/visits/new")
    assert await user.inner_text(".staff-header .who") == "周芷若（接待登记员）"

    row = admin.locator("tr[data-name='zhou']")
    await admin.goto(server.base + "/staff/users")
    await row.locator("button.disable").click()
    await admin.wait_for_url("**/staff/users?done=disabled*")
    assert "已停用" in await row.locator("td.state").inner_text()
    await user.reload()  # the session ended with the disable
    assert user.url.startswith(server.base + "/staff/login")
    assert await _login(user, server, "zhou", password) == 403
    assert "该账户已被停用" in await user.inner_text("main")

    await row.locator("button.enable").click()
    await admin.wait_for_url("**/staff/users?done=enabled*")
    for _ in range(3):
        assert await _login(user, server, "zhou", "wrong-password") == 401
    assert await _login(user, server, "zhou", password) == 429
    await admin.goto(server.base + "/staff/users")
    assert "已锁定" in await row.locator("td.state").inner_text()
    await row.locator("button.unlock").click()
    await admin.wait_for_url("**/staff/users?done=unlocked*")
    assert await _login(user, server, "zhou", password) == 303

    await row.locator("details.reset summary").click()
    await row.locator("button.generate").click()
    fresh = (await admin.inner_text("#new-password")).strip()
    assert fresh != password
    assert await _login(user, server, "zhou", password) == 401
    assert await _login(user, server, "zhou", fresh) == 303

    await admin.goto(server.base + "/staff/audit")
    audit = await admin.inner_text("table.audit")
    for label in ("新建账户", "停用账户", "启用账户", "解除登录锁定", "重置密码"):
        assert label in audit, label
    assert password not in await admin.content() and fresh not in await admin.content()
    for page in (admin, user):
        assert not [e for e in page.errors if "Content Security Policy" in e]  # type: ignore[attr-defined]
        await page.context.close()


async def test_a_head_gets_the_chinese_403_page_for_the_accounts(server: Server) -> None:
    page = await _page(server)
    assert await _login(page, server, "head1") == 303
    resp = await page.goto(server.base + "/staff/users")
    assert resp is not None and resp.status == 403
    assert "无权访问" in await page.inner_text("main")
    assert await page.locator("a[href='/staff/users']").count() == 0  # not in the navigation
    await page.context.close()
