"""研判分流 in a real headless Chromium: the administrator registers organs, a reviewer decides
on the record page's panel, the 分管领导 approves, printed letters are marked sent, the ledger
lists them, and the 信访室 head handles a sealed item that no one else sees (issue 12)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from gateway.accounts import hash_password
from gateway.app import STORE, create_app
from gateway.crypto import generate_key_line
from gateway.settings import load_settings
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import PASSWORD

pytestmark = pytest.mark.asyncio(loop_scope="module")

USERS = (
    ("admin1", "admin"),
    ("reviewer1", "reviewer"),
    ("leader1", "leader"),
    ("head1", "head"),
)


@dataclass
class Server:
    app: web.Application
    base: str
    browser: Browser


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Server]:
    data: Path = tmp_path_factory.mktemp("triage") / "data"
    settings = load_settings(
        env={},
        data_dir=data,
        keys=generate_key_line(),
        workers=2,
        job_lease_s=5.0,
        office_name="某市纪委监委",
        office_level="prefecture",
        office_leaders=("王建国:书记",),
    )
    app = await create_app(settings, extractors={})
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    for name, role in USERS:
        await app[STORE].add_user(name, role, hash_password(PASSWORD, n=2**12))
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Server(app, f"http://127.0.0.1:{port}", browser)
        finally:
            await browser.close()
            await runner.cleanup()


async def _login(server: Server, name: str, path: str) -> Page:
    context = await server.browser.new_context(locale="zh-CN")
    page = await context.new_page()
    await page.goto(server.base + path)
    await page.fill("#name", name)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(server.base + path)
    return page


async def _submit(server: Server, body: dict[str, Any]) -> str:
    url = f"{server.base}/api/v1/complaints"
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as resp:
        assert resp.status == 201
        number = str((await resp.json())["intake_no"])
    store = server.app[STORE]
    intake_id = await store.find_intake_no(number)

    async def waiting() -> bool:
        intake = await store.load(intake_id or "")
        return intake is not None and intake.stage == "needs_review"

    await wait_for(waiting)
    return number


async def _stage(server: Server, number: str) -> str:
    store = server.app[STORE]
    intake = await store.load(await store.find_intake_no(number) or "")
    assert intake is not None
    return intake.stage


async def test_the_administrator_registers_the_organs_above_and_below(server: Server) -> None:
    page = await _login(server, "admin1", "/staff/organs")
    for organ_id, name, relation, level, region in (
        ("prov", "某省纪委监委", "above", "province", "320000"),
        ("county-a", "某县纪委监委", "below", "county", "320102"),
    ):
        await page.fill("#o-id", organ_id)
        await page.fill("#o-name", name)
        await page.select_option("#o-relation", relation)
        await page.select_option("#o-level", level)
        await page.fill("#o-region", region)
        await page.click("form.organ-form button[type=submit]")
        await page.wait_for_url(server.base + "/staff/organs")
    rows = await page.inner_text("table.organs")
    assert "某省纪委监委" in rows and "某县纪委监委" in rows and "打印函件" in rows
    await page.fill("#o-id", "bad id!")
    await page.fill("#o-name", "某机关")
    await page.click("form.organ-form button[type=submit]")
    assert "编号须为字母、数字或连字符" in await page.inner_text("[role=alert]")
    await page.context.close()


async def test_a_reviewer_decides_per_accused_and_the_leader_approves(server: Server) -> None:
    number = await _submit(
        server,
        {
            **COMPLAINT,
            "accused": [
                {"name": "张某某", "unit": "某县人民政府", "position": "县长"},
                {"name": "李某某", "unit": "某县某镇人民政府", "position": "镇长"},
            ],
        },
    )
    page = await _login(server, "reviewer1", f"/staff/records/{number}")
    panel = page.locator("#triage-panel")
    assert "检举控告" in await panel.inner_text()
    rows = panel.locator("fieldset.triage-row")
    assert await rows.count() == 2
    assert "建议 R7" in await rows.nth(0).inner_text()
    assert "建议 R3" in await rows.nth(1).inner_text()
    assert await page.input_value("#d-1-action") == "ZHUANSONG_DOWN"
    assert await page.input_value("#d-1-destination") == "county-a"
    # Changing the suggestion without a reason is refused, in Chinese.
    await page.select_option("#d-1-action", "JIAOBAN_DOWN")
    await page.click("#decide")
    assert "须说明理由" in await page.inner_text("main")
    await page.go_back()
    await page.reload()
    await page.select_option("#d-1-action", "JIAOBAN_DOWN")
    await page.fill("#d-1-reason", "镇长多次被反映，交办并督办")
    await page.fill("#d-1-report-due", (date.today() + timedelta(days=60)).isoformat())
    await page.click("#decide")
    await page.wait_for_url(f"{server.base}/staff/records/{number}?saved=decided")
    assert await _stage(server, number) == "awaiting_approval"
    assert "待分管领导审批" in await page.inner_text("h1")
    await page.context.close()

    leader = await _login(server, "leader1", "/staff/approvals")
    item = leader.locator(f"section[data-intake='{number}']")
    text = await item.inner_text()
    assert "交办下级纪检监察机关" in text and "镇长多次被反映" in text
    await item.locator("textarea").fill("同意交办")
    await item.locator("button[value='1']").click()
    await leader.wait_for_url(f"{server.base}/staff/approvals?saved=1")
    assert await leader.locator(f"section[data-intake='{number}']").count() == 0
    assert await _stage(server, number) == "queued"
    await leader.context.close()

    reviewer = await _login(server, "reviewer1", "/staff/letters")
    # The print dialog cannot open headless: what the button calls is recorded instead.
    await reviewer.context.add_init_script("window.print = () => { window.printed = true; };")
    letter = reviewer.locator("tr", has_text=number).filter(has_text="转送（交办）函")
    async with reviewer.context.expect_page() as opened:
        await letter.locator("a").click()
    printed = await opened.value
    blocked: list[str] = []
    printed.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
    await printed.wait_for_load_state()
    body = await printed.inner_text("article.letter")
    assert "某县纪委监委" in body and "反映内容" in body
    assert "欧阳明华" not in body  # the complainant stays with this organ
    await printed.click("#print")  # a script file's handler: the strict CSP lets it run
    assert await printed.evaluate("window.printed === true")
    assert not [e for e in blocked if "Content Security Policy" in e]
    await printed.close()
    await letter.locator("button").click()
    await reviewer.goto(f"{server.base}/staff/ledger?disposal=交办")
    ledger = await reviewer.inner_text("table.ledger")
    assert number in ledger and "已交办" in ledger
    await reviewer.goto(f"{server.base}/staff/ledger?disposal=移送")
    assert number in await reviewer.inner_text("table.ledger")
    await reviewer.context.close()


async def test_the_supervision_page_records_the_lower_organs_acceptance(server: Server) -> None:
    """Follows the 交办 of the test above: it waits on the county's acceptance (D4)."""
    page = await _login(server, "reviewer1", "/staff/supervision")
    row = page.locator("tr[data-item]", has_text="交办下级纪检监察机关").first
    assert "已交办" in await row.inner_text()
    number = await row.get_attribute("data-intake")
    await row.locator("select[name=action]").select_option("lower_accepted")
    await row.locator("button").click()
    await page.wait_for_url(f"{server.base}/staff/supervision?saved=1")
    row = page.locator(f"tr[data-intake='{number}']", has_text="交办下级纪检监察机关")
    assert "下级已受理" in await row.inner_text()
    await row.locator("select[name=action]").select_option("remind")
    await row.locator("button").click()
    await page.wait_for_url(f"{server.base}/staff/supervision?saved=1")
    assert (
        "1"
        in await page.locator(f"tr[data-intake='{number}']", has_text="交办下级纪检监察机关")
        .locator("td")
        .nth(7)
        .inner_text()
    )
    # 升级督办: proposed with a reason, decided by the 分管领导 on the same page.
    row = page.locator(f"tr[data-intake='{number}']", has_text="交办下级纪检监察机关")
    await row.locator("select[name=action]").select_option("escalate")
    await row.locator("input[name=note]").fill("两次督办后仍未报结")
    await row.locator("button").click()
    await page.wait_for_url(f"{server.base}/staff/supervision?saved=1")
    await page.context.close()
    leader = await _login(server, "leader1", "/staff/today")
    home = await leader.inner_text("main")
    assert "预警" in home and "本周到期" in home and "待分管领导审批" in home
    await leader.goto(f"{server.base}/staff/supervision")
    row = leader.locator(f"tr[data-intake='{number}']", has_text="交办下级纪检监察机关")
    assert "升级督办待分管领导批准" in await row.inner_text()
    options = await row.locator("select[name=action] option").all_inner_texts()
    assert options == ["批准升级督办", "不同意升级督办"]  # the leader decides, nothing else
    await row.locator("select[name=action]").select_option("approve_escalation")
    await row.locator("button").click()
    await leader.wait_for_url(f"{server.base}/staff/supervision?saved=1")
    row = leader.locator(f"tr[data-intake='{number}']", has_text="交办下级纪检监察机关")
    assert "升级督办待分管领导批准" not in await row.inner_text()
    assert await row.locator("td").nth(7).inner_text() == "2"  # the leader's 督办函
    await leader.context.close()


async def test_the_head_alone_handles_a_sealed_report_about_the_organs_leader(
    server: Server,
) -> None:
    number = await _submit(
        server,
        {
            **COMPLAINT,
            "accused": [{"name": "王建国", "unit": "某市纪委监委", "position": "书记"}],
            "main_problem": "王建国在办公室收受某公司现金八十万元。",
        },
    )
    reviewer = await _login(server, "reviewer1", "/staff/review")
    assert number not in await reviewer.content()
    await reviewer.goto(f"{server.base}/staff/records/{number}")
    assert "未找到" in await reviewer.inner_text("main")
    await reviewer.goto(f"{server.base}/staff/ledger")
    await reviewer.context.close()

    head = await _login(server, "head1", "/staff/sealed")
    await head.locator("a", has_text=number).click()
    await head.wait_for_url(f"{server.base}/staff/sealed/{number}")
    assert "R1" in await head.inner_text("#triage-panel")
    assert "八十万元" not in await head.content()
    assert await head.input_value("#d-0-action") == "JINGSONG_UP"
    await head.click("#decide")
    await head.wait_for_url(f"{server.base}/staff/sealed/{number}?saved=decided")
    await head.context.close()

    leader = await _login(server, "leader1", "/staff/approvals")
    item = leader.locator(f"section[data-intake='{number}']")
    assert "密封件" in await item.inner_text()
    await item.locator("button[value='1']").click()
    await leader.wait_for_url(f"{server.base}/staff/approvals?saved=1")
    await leader.context.close()

    head = await _login(server, "head1", f"/staff/sealed/{number}")
    cover = head.locator("ul.letters li")
    assert "移送/报送单" in await cover.inner_text()
    async with head.context.expect_page() as opened:
        await cover.locator("a").click()
    printed = await opened.value
    await printed.wait_for_load_state()
    sheet = await printed.inner_text("article.letter")
    assert "某省纪委监委" in sheet and "未录入检举举报平台" in sheet
    assert "王建国" not in sheet and "八十万" not in sheet  # no content on the cover sheet
    await printed.close()
    await cover.locator("button").click()
    await head.wait_for_url(f"{server.base}/staff/sealed/{number}?saved=sent")
    assert "已径送" in await head.inner_text("h1")
    assert await _stage(server, number) == "jingsong"
    await head.context.close()


async def test_other_roles_cannot_reach_the_sealed_list(server: Server) -> None:
    page = await _login(server, "reviewer1", "/staff/review")
    resp = await page.goto(f"{server.base}/staff/sealed")
    assert resp is not None and resp.status == 403
    assert "无权" in await page.inner_text("main")
    await page.context.close()
