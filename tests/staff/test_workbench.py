"""The staff workbench in a real Chromium: dead letters and 重新处理, the shared layout of the
monitor pages, the outbox's re-send button, and a trajectory a 信访室 reads in Chinese.

One gateway (create_app on 127.0.0.1, port 0) forwards to a loopback receiver that refuses
every delivery with 400, so deliveries park and wait for a person, as they would in production
when the processing system rejects a record.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from channels.contract import Upload
from gateway.accounts import hash_password
from gateway.app import INTAKE, STORE, create_app
from gateway.crypto import generate_key_line
from gateway.settings import load_settings
from gateway.storage import SHANGHAI
from normalizer.errors import InvalidInput
from normalizer.record import ExtractedText, LetterIntake, Original, RawIntake
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import PASSWORD
from tests.staff.test_browser import DRAFT, _png

pytestmark = pytest.mark.asyncio(loop_scope="module")


class BrokenThenFixedOCR:
    """An engine that fails for good until an operator "fixes" it, as a missing language pack
    would: the first run dead-letters the job, a replay after the fix succeeds."""

    def __init__(self) -> None:
        self.broken = True
        self.confidence = 0.31
        self.text = DRAFT

    def ready(self) -> bool:
        return True

    def extract(self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]) -> ExtractedText:
        if self.broken:
            raise InvalidInput("pdf_encrypted", "PDF 文件已加密。", "The PDF is encrypted.")
        return ExtractedText(text=self.text, confidence=self.confidence, engine="fixed-test-text")


@dataclass
class Bench:
    app: web.Application
    base: str
    browser: Browser
    ocr: BrokenThenFixedOCR


async def _refuse(request: web.BaseRequest) -> web.Response:
    await request.read()
    return web.json_response({"error": "missing field"}, status=400)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bench(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Bench]:
    receiver = web.Server(_refuse)
    receiver_runner = web.ServerRunner(receiver)
    await receiver_runner.setup()
    receiver_site = web.TCPSite(receiver_runner, "127.0.0.1", 0)
    await receiver_site.start()
    hook = f"http://127.0.0.1:{receiver_runner.addresses[0][1]}/hook"
    data: Path = tmp_path_factory.mktemp("bench") / "data"
    settings = load_settings(
        env={},
        data_dir=data,
        keys=generate_key_line(),
        workers=2,
        job_lease_s=5.0,
        job_retry_base_s=0.2,
        forward_url=hook,
        forward_secrets="whsec_" + base64.b64encode(b"s" * 24).decode(),
        forward_retry_schedule_s=(0.05,),
        forward_timeout_s=2.0,
    )
    ocr = BrokenThenFixedOCR()
    app = await create_app(settings, extractors={"letter": ocr})
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    for name, role in (("reviewer2", "reviewer"), ("admin2", "admin")):
        await app[STORE].add_user(name, role, hash_password(PASSWORD, n=2**12))
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Bench(app, f"http://127.0.0.1:{port}", browser, ocr)
        finally:
            await browser.close()
            await runner.cleanup()
            await receiver_runner.cleanup()


async def _login(bench: Bench, name: str, path: str) -> Page:
    context = await bench.browser.new_context(locale="zh-CN")
    page = await context.new_page()
    await page.goto(bench.base + path)
    await page.fill("#name", name)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(bench.base + path)
    return page


async def _stage(bench: Bench, number: str, stage: str) -> None:
    store = bench.app[STORE]

    async def reached() -> bool:
        intake_id = await store.find_intake_no(number)
        intake = await store.load(intake_id) if intake_id else None
        return intake is not None and intake.stage == stage

    await wait_for(reached)


async def test_a_dead_lettered_letter_is_listed_explained_and_replayed(
    bench: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="gateway.workers")
    receipt = await bench.app[INTAKE].submit(
        LetterIntake(station_id="s9"),
        [Upload(_png(), "image/png", role="page")],
        actor="station:s9",
    )
    number = receipt.intake_no
    await _stage(bench, number, "dead_letter")
    warned = [r for r in caplog.records if "dead-lettered" in r.getMessage()]
    assert warned and warned[0].levelno == logging.WARNING
    assert "pdf_encrypted" in warned[0].getMessage()
    assert "李明" not in caplog.text  # ids and code only, never content

    page = await _login(bench, "reviewer2", "/staff/failed")
    row = page.locator(f"tr[data-intake='{number}']")
    assert "PDF 文件已加密" in await row.locator(".reason").inner_text()
    assert "来信文字识别" in await row.inner_text()
    await row.locator("a").click()
    await page.wait_for_url(f"{bench.base}/staff/records/{number}")
    message = await page.inner_text("main")
    assert "处理失败" in message and "PDF 文件已加密" in message
    assert "请稍后再打开" not in message

    bench.ocr.broken = False  # the operator fixed the cause
    await page.goto(bench.base + "/staff/failed")
    await page.locator(f"tr[data-intake='{number}'] button").click()
    await page.wait_for_url(f"{bench.base}/staff/failed?replayed={number}")
    assert number in await page.inner_text(".notice")
    await _stage(bench, number, "needs_review")
    store = bench.app[STORE]
    intake_id = await store.find_intake_no(number)
    assert intake_id is not None
    events = await store.events(intake_id)
    replayed = [e for e in events if e.type == "REPLAYED"]
    assert [e.actor for e in replayed] == ["reviewer:reviewer2"]
    assert not [j for j in await store.dead_jobs() if j.intake_no == number]
    await page.context.close()


async def test_a_replay_needs_the_form_token(bench: Bench) -> None:
    page = await _login(bench, "reviewer2", "/staff/failed")
    resp = await page.request.post(
        bench.base + "/staff/failed/replay", form={"intake_no": "X1", "csrf": "forged"}
    )
    assert resp.status == 400 and "表单已过期" in await resp.text()
    await page.context.close()


_ENGLISH = re.compile(r"[A-Za-z]{3,}")


async def test_the_trajectory_and_verification_read_in_chinese_and_beijing_time(
    bench: Bench,
) -> None:
    bench.ocr.broken = False
    receipt = await bench.app[INTAKE].submit(
        LetterIntake(station_id="s9"),
        [Upload(_png(), "image/png", role="page")],
        actor="station:s9",
    )
    number = receipt.intake_no
    await _stage(bench, number, "needs_review")
    page = await _login(bench, "reviewer2", f"/staff/records/{number}")
    await page.fill("#f-accused\\.0\\.unit", "某县财政局")
    await page.click("button[value=save]")
    await page.wait_for_url(f"{bench.base}/staff/records/{number}?saved=1")
    await page.select_option("#method", "PHONE")
    await page.select_option("#result", "CONFIRMED")
    await page.click("form.verify button")
    await page.wait_for_url(f"{bench.base}/staff/records/{number}?saved=3")
    trajectory = await page.inner_text("ol.trajectory")
    for english in ("screening", "PHONE:CONFIRMED", "accused.0.unit", "confidence", "worker"):
        assert english not in trajectory
    assert "被检举控告人1单位" in trajectory
    assert "电话回访：联系上并确认系本人举报" in trajectory
    assert "自动筛查" in trajectory and "审核人员 reviewer2" in trajectory
    # Outside the code values (the engine's name, the login name), no English words.
    codes = trajectory.replace("reviewer2", "").replace("fixed-test-text", "")
    words = set(_ENGLISH.findall(codes))
    assert not words, words
    now = datetime.now(SHANGHAI)
    shown = await page.inner_text("ul.verifications")
    assert any(
        (now - timedelta(minutes=m)).strftime("%Y-%m-%d %H:%M") in shown for m in (0, 1, 2)
    ), shown
    await page.context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/staff/review",
        "/staff/failed",
        "/staff/deadlines",
        "/staff/outbox",
        "/staff/users",
        "/desk/visits/new",
    ],
)
async def test_every_staff_page_shares_the_layout_and_reads_in_chinese(
    bench: Bench, path: str
) -> None:
    page = await _login(bench, "admin2", path)
    nav = await page.inner_text("header nav")
    for label in ("待审核", "处理失败", "办理时限", "投递队列"):
        assert label in nav
    assert await page.is_visible("header button:has-text('退出登录')")
    # Code values (login names, commands in <code>) and format names (PDF, PNG) may stay.
    body = await page.eval_on_selector(
        "main",
        "m => { const c = m.cloneNode(true); c.querySelectorAll('code').forEach(e => e.remove());"
        " return c.textContent }",
    )
    words = {w for w in _ENGLISH.findall(body) if not w.isupper()}
    assert not words, words
    await page.context.close()


# Not the matter of the letters above: a repeat would wait for review instead of going out.
OTHER_MATTER = {
    **COMPLAINT,
    "accused": [{"name": "赵强", "unit": "某县水利局", "position": "副局长"}],
    "main_problem": "某县水利局副局长赵强在河道工程验收中收受施工方购物卡两万元。",
}


async def test_a_parked_delivery_is_resent_with_a_button(bench: Bench) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(bench.base + "/api/v1/complaints", json=OTHER_MATTER) as resp,
    ):
        assert resp.status == 201
        number = (await resp.json())["intake_no"]
    store = bench.app[STORE]

    async def parked() -> str | None:
        items = (await store.outbox_summary()).items
        return next((i.id for i in items if i.intake_no == number and i.state == "parked"), None)

    delivery = await wait_for(parked)
    page = await _login(bench, "admin2", "/staff/outbox")
    row = page.locator(f"tr[data-delivery='{delivery}']")
    assert number in await row.inner_text()
    assert "POST /api" not in await page.content()
    counts = await page.inner_text("table.counts")
    assert "被拒收" in counts and "parked" not in counts
    await row.locator("button").click()
    await page.wait_for_url(f"{bench.base}/staff/outbox?resent={delivery}")
    intake_id = await store.find_intake_no(number)
    assert intake_id is not None
    events = await store.events(intake_id)
    assert [e.actor for e in events if e.type == "DELIVERY_RESENT"] == ["admin:admin2"]
    await page.context.close()


CLEAN_LETTER = (
    "检举人：孙丽\n联系电话：13698765432\n"
    "反映某县教育局副局长周伟在校舍改造工程中收受承包商现金八万元。"
)


async def test_a_clean_letter_still_waits_for_review_by_policy(bench: Bench) -> None:
    bench.ocr.broken, bench.ocr.confidence, bench.ocr.text = False, 0.97, CLEAN_LETTER
    try:
        receipt = await bench.app[INTAKE].submit(
            LetterIntake(station_id="s7"),
            [Upload(_png(), "image/png", role="page")],
            actor="station:s7",
        )
        number = receipt.intake_no
        await _stage(bench, number, "needs_review")
    finally:
        bench.ocr.confidence, bench.ocr.text = 0.31, DRAFT
    store = bench.app[STORE]
    intake_id = await store.find_intake_no(number)
    intake = await store.load(intake_id or "")
    assert intake is not None and intake.flags == ("review_policy",)
    page = await _login(bench, "reviewer2", "/staff/review")
    assert "来信、来电一律经人工审核" in await page.inner_text("#review-policy")
    row = page.locator(f"tr[data-intake='{number}']")
    assert "按规定移交前须人工审核" in await row.inner_text()
    await page.goto(f"{bench.base}/staff/review?reason=review_policy")
    assert await page.locator(f"tr[data-intake='{number}']").count() == 1
    await page.goto(f"{bench.base}/staff/records/{number}")
    assert "一律经人工审核" in await page.inner_text("#review-policy")
    assert await page.locator("[data-flag=review_policy]").count() == 1
    await page.click("button[value=confirm]")
    await page.wait_for_url(f"{bench.base}/staff/records/{number}?saved=2")
    intake = await store.load(intake_id or "")
    assert intake is not None and intake.stage == "queued" and intake.flags == ()

    async def handed_over() -> bool:
        items = (await store.outbox_summary()).items
        return any(i.intake_no == number for i in items)  # sent, refused, parked

    await wait_for(handed_over)
    await page.context.close()
