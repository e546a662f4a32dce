"""综合分析 in a real Chromium: the charts draw what their tables say, a cell opens the items
behind it, a filter becomes a 专题, and an administrator's new 重点问题目录 version tags new
items and re-tags past ones in the background (issue 14).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from gateway.accounts import hash_password
from gateway.app import INTAKE, STORE, create_app
from gateway.crypto import generate_key_line
from gateway.settings import load_settings
from gateway.storage import Store
from normalizer.record import AccusedInput, ComplainantInput, ReporterKind, WebIntake
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import wait_for
from tests.staff.accounts import PASSWORD

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXTS = [
    ("南京市玄武区住房和城乡建设局", "局长", "多次用公款吃喝，还收受礼金。"),
    ("南京市玄武区住房和城乡建设局", "副局长", "违规收受礼金两万元。"),
    ("苏州市吴中区交通运输局", "科长", "在工程招标中收受现金五万元。"),
    ("无锡市滨湖区教育局", "局长", "公款吃喝，群众意见很大。"),
]


@dataclass
class Server:
    app: web.Application
    base: str
    browser: Browser
    shots: Path


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Server]:
    root = tmp_path_factory.mktemp("analysis")
    settings = load_settings(
        env={}, data_dir=root / "data", keys=generate_key_line(), workers=2, job_lease_s=5.0
    )
    app = await create_app(settings, extractors={})
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    for name, role in (("审核甲", "reviewer"), ("管理丁", "admin"), ("主任乙", "head")):
        await app[STORE].add_user(name, role, hash_password(PASSWORD, n=2**12))
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Server(app, f"http://127.0.0.1:{runner.addresses[0][1]}", browser, root)
        finally:
            await browser.close()
            await runner.cleanup()


async def _login(server: Server, name: str, path: str) -> Page:
    context = await server.browser.new_context(
        locale="zh-CN", viewport={"width": 1400, "height": 900}
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(server.base + path)
    await page.fill("#name", name)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(server.base + path)
    return page


async def _submit(server: Server, unit: str, position: str, text: str, n: int) -> list[str]:
    store: Store = server.app[STORE]
    numbers = []
    for i in range(n):
        raw = WebIntake(
            complainant=ComplainantInput(kind=ReporterKind.ANONYMOUS),
            accused=[AccusedInput(name=f"赵{i}", unit=unit, position=position)],
            main_problem=f"反映{unit}{position}{text}",
        )
        numbers.append((await server.app[INTAKE].submit(raw, [], actor="test")).intake_no)

    async def done() -> bool:
        for number in numbers:
            intake = await store.load(await store.find_intake_no(number) or "")
            if intake is None or intake.stage in ("received", "text_extracted"):
                return False
        return True

    await wait_for(done)
    return numbers


def _span() -> str:
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    return f"from={today - timedelta(days=1)}&to={today + timedelta(days=1)}"


async def test_the_catalogue_tags_new_items_and_retags_past_ones(server: Server) -> None:
    store: Store = server.app[STORE]
    past = await _submit(server, *TEXTS[1], n=2)  # 收受礼金, before any catalogue
    page = await _login(server, "管理丁", "/staff/key-issues")
    await page.fill("#k-text", "GK01 | 公款吃喝 | 公款吃喝;re:大吃大喝\nbad line")
    await page.click("text=保存为新版本")
    assert "第 2 行格式不对" in await page.inner_text("main")  # kept, and said in Chinese
    await page.fill(
        "#k-text", "GK01 | 公款吃喝 | 公款吃喝;re:大吃大喝\nLJ02 | 违规收受礼金 | 收受礼金"
    )
    await page.fill("#k-note", "第一版")
    await page.click("text=保存为新版本")
    await page.wait_for_url("**/staff/key-issues?saved=1")
    assert "违规收受礼金" in await page.inner_text("table")
    new = await _submit(server, *TEXTS[3], n=1)  # 公款吃喝, after the catalogue

    async def tags_of(number: str) -> set[str]:
        row = await store.stat_row(await store.find_intake_no(number) or "")
        assert row is not None
        return {code for kind, code in row[-1] if kind == "tag"}

    assert await tags_of(new[0]) == {"GK01"}

    async def retagged() -> bool:
        return [await tags_of(n) for n in past] == [{"LJ02"}] * len(past)

    await wait_for(retagged, within=30)  # the background job, woken by the new version
    versions = await store.catalogue_versions()
    assert versions[0].retag_done_at is not None
    # Only an administrator edits the catalogue.
    reviewer = await _login(server, "审核甲", "/staff/key-issues")
    assert await reviewer.locator("#k-text").count() == 0


async def test_the_analysis_page_draws_its_tables_and_opens_the_items_of_a_cell(
    server: Server,
) -> None:
    for unit, position, text in TEXTS:
        await _submit(server, unit, position, text, n=3 if "苏州" in unit else 2)
    path = f"/staff/analysis?dim=region&region_level=county&{_span()}"
    page = await _login(server, "审核甲", path)
    try:
        await page.wait_for_selector("body[data-charts='4']", state="attached", timeout=10_000)
    finally:
        assert page.errors == []  # type: ignore[attr-defined]  # no script error, no CSP refusal
    drawn = await page.evaluate("window.analysisCharts")
    for chart, table in (
        ("c-main", "#t-main"),
        ("c-region", "#t-region"),
        ("c-category", "#t-category"),
    ):
        cells = await page.locator(f"{table} td[data-reports]").all_inner_texts()
        assert drawn[chart] == [int(c) for c in cells], chart
    labels = await page.locator("#t-main tbody th").all_inner_texts()
    assert "江苏省苏州市吴中区" in labels and "江苏省南京市玄武区" in labels
    await page.screenshot(path=str(server.shots / "analysis.png"), full_page=True)
    this_month = (datetime.now(UTC) + timedelta(hours=8)).strftime("%Y-%m")
    assert await page.get_attribute("text=本月", "href") == (
        f"/staff/analysis?period={this_month}&dim=region"
    )
    assert (server.shots / "analysis.png").stat().st_size > 10_000

    # A cell opens the items it counts, by intake number; the look is audited.
    row = page.locator("#t-main tbody tr", has_text="江苏省苏州市吴中区")
    count = int(await row.locator("td[data-reports]").inner_text())
    await row.locator("td[data-reports] a").click()
    await page.wait_for_url("**/staff/analysis/items?**")
    links = page.locator("main table tbody a")
    assert await links.count() == count == 3
    assert "苏州市吴中区交通运输局" in await page.inner_text("main table")
    entries = await server.app[STORE].audit_entries(actor=None, limit=50)
    assert any(e.action == "analysis_items" and "3 件" in (e.detail or "") for e in entries)

    # The filter becomes a 专题 with its own page and chart.
    await page.goto(
        server.base + f"/staff/analysis?dim=category&unit=苏州市吴中区交通运输局&{_span()}"
    )
    await page.fill("#t-title", "吴中区交通系统专题")
    await page.click("form[action='/staff/topics'] button")
    await page.wait_for_url("**/staff/analysis?topic=**")
    assert "专题分析：吴中区交通系统专题" in await page.inner_text("h1")
    # A topic keeps its period; another period can be asked for on its page.
    await page.wait_for_selector("body[data-charts='4']", state="attached")
    assert await page.inner_text("#total-reports") == "3"
    await page.goto(page.url.split("&")[0] + "&period=2025-01")
    assert await page.inner_text("#total-reports") == "0"
    await page.goto(server.base + "/staff/topics")
    assert "吴中区交通系统专题" in await page.inner_text("main")
