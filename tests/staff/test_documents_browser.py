"""The office's documents in a real headless Chromium (issue 17): a reviewer opens a real-name
report's 受理告知书 from the record page, prints it (the printed page is the letter alone, on
A4) and records it sent; the reporter then sees on the status page the day it was done."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pypdfium2
import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from gateway.accounts import hash_password
from gateway.app import STORE, create_app
from gateway.crypto import generate_key_line
from gateway.settings import load_settings
from gateway.storage import SHANGHAI
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import PASSWORD

pytestmark = pytest.mark.asyncio(loop_scope="module")

OFFICE = "某县纪委监委"


@dataclass
class Server:
    app: web.Application
    base: str
    browser: Browser
    shots: Path


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Server]:
    root = tmp_path_factory.mktemp("documents")
    settings = load_settings(
        env={},
        data_dir=root / "data",
        keys=generate_key_line(),
        workers=2,
        job_lease_s=5.0,
        office_name=OFFICE,
    )
    app = await create_app(settings, extractors={})
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    await app[STORE].add_user("reviewer1", "reviewer", hash_password(PASSWORD, n=2**12))
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Server(app, f"http://127.0.0.1:{port}", browser, root)
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


async def _submit(server: Server, body: dict[str, Any]) -> tuple[str, str]:
    """(intake number, query code) of a web report the system moved on by itself (R7)."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{server.base}/api/v1/complaints", json=body) as resp,
    ):
        assert resp.status == 201
        reply = await resp.json()
    store = server.app[STORE]
    intake_id = await store.find_intake_no(reply["intake_no"])

    async def queued() -> bool:
        intake = await store.load(intake_id or "")
        return intake is not None and intake.stage == "queued"

    await wait_for(queued)
    return str(reply["intake_no"]), str(reply["query_code"])


async def test_a_reviewer_opens_prints_and_records_the_acceptance_notice(server: Server) -> None:
    number, code = await _submit(server, COMPLAINT)
    page = await _login(server, "reviewer1", f"/staff/records/{number}")
    documents = page.locator("ul.documents")
    assert await documents.locator("li").all_inner_texts() == ["受理告知书（下载）"]
    await documents.get_by_role("link", name="受理告知书").click()
    await page.wait_for_url(f"{server.base}/staff/records/{number}/documents/acceptance-notice")
    letter = page.locator("#document")
    text = await letter.inner_text()
    assert "检举控告受理告知书" in text and "欧阳明华同志：" in text and OFFICE in text
    await page.screenshot(path=str(server.shots / "acceptance-notice.png"), full_page=True)

    # 打印 opens the browser's print dialog (print.js: the CSP allows no inline script).
    await page.evaluate("() => { window.__printed = 0; window.print = () => window.__printed++; }")
    await page.click("#print")
    assert await page.evaluate("window.__printed") == 1
    # What the printer gets: the letter alone, no navigation, buttons or form, on one A4 page.
    await page.emulate_media(media="print")
    assert not await page.locator("header.staff-header").is_visible()
    assert not await page.locator("#sent-form").is_visible()
    assert await letter.is_visible()
    pdf = pypdfium2.PdfDocument(await page.pdf(prefer_css_page_size=True))
    try:
        assert len(pdf) == 1
        width, height = pdf[0].get_size()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
        printed = pdf[0].get_textpage().get_text_range()
        pdf[0].render(scale=1).to_pil().save(server.shots / "acceptance-notice-printed.png")
    finally:
        pdf.close()
    squeezed = re.sub(r"\s+", "", printed)
    assert "检举控告受理告知书" in squeezed and "特此告知" in squeezed
    for absent in ("登记送达", "下载可编辑文档", "退出登录", "待审核"):
        assert absent not in squeezed, absent
    await page.emulate_media(media="screen")

    # Recorded as sent: by letter; the D5 deadline is met; the page says so.
    await page.select_option("#sent-method", "LETTER")
    await page.click("#mark-sent")
    await page.wait_for_url(re.compile(r".*/documents/acceptance-notice\?saved=sent$"))
    assert "已登记送达" in await page.inner_text("#sent-saved")
    assert "书面送达" in await page.inner_text("#sent-at")
    store = server.app[STORE]
    intake_id = await store.find_intake_no(number) or ""
    [d5] = [
        d
        for d in await store.list_deadlines(open_only=False)
        if d.intake_id == intake_id and d.kind == "ACCEPTANCE_NOTICE"
    ]
    assert d5.met_at is not None
    types = [e.type for e in await store.events(intake_id)]
    assert types.count("IDENTITY_VIEWED") >= 3  # record page, notice, notice after sending
    assert "ACCEPTANCE_NOTICE_SENT" in types
    await page.goto(f"{server.base}/staff/records/{number}")
    assert "已告知受理情况" in await page.inner_text(".trajectory")
    await page.context.close()

    # The reporter sees the day of each stage, in Beijing time, and nothing internal.
    public = await (await server.browser.new_context(locale="zh-CN")).new_page()
    await public.goto(f"{server.base}/status")
    await public.fill("#query_code", code)
    await public.click("button[type=submit]")
    stages = public.locator("#status-stages li")
    today = (await store.load(intake_id)).received_at.astimezone(SHANGHAI)  # type: ignore[union-attr]
    day = today.strftime("%Y年%m月%d日")
    assert await stages.all_inner_texts() == [
        f"{day} 收到检举控告",
        f"{day} 已受理",
        f"{day} 已告知受理情况",
    ]
    result = await public.inner_text("#status-result")
    assert "监督检查" not in result and "reviewer1" not in result and "欧阳明华" not in result
    await public.screenshot(path=str(server.shots / "status.png"), full_page=True)
    await public.context.close()
