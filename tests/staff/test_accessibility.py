"""axe-core over the staff pages, each with something in it: login, review queue, desk form
and receipt, deadlines, outbox, failed list, accounts, and the refusal page.

One gateway on loopback holds a letter waiting for review, a letter whose OCR failed for
good, a web report whose delivery the (loopback) processing system refuses, and a desk
visit. Serious or critical findings fail, and so do those on the page structure
(``tests.axe.HELD_TO``).
"""

from __future__ import annotations

import base64
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Page, async_playwright

from channels.contract import Upload
from gateway.accounts import hash_password
from gateway.app import INTAKE, STORE, create_app
from gateway.crypto import generate_key_line
from gateway.problems import decode_json
from gateway.settings import load_settings
from normalizer.errors import InvalidInput
from normalizer.record import ExtractedText, LetterIntake, Original, RawIntake, WebIntake
from tests.axe import check_page
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import PASSWORD
from tests.staff.test_browser import DRAFT, _png

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


class OcrByBarcode:
    """Reads every letter but the one whose barcode says it cannot be read."""

    def ready(self) -> bool:
        return True

    def extract(self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]) -> ExtractedText:
        if isinstance(raw, LetterIntake) and raw.barcode == "UNREADABLE":
            raise InvalidInput("pdf_encrypted", "PDF 文件已加密。", "The PDF is encrypted.")
        return ExtractedText(text=DRAFT, confidence=0.9, engine="fixed-test-text")


@dataclass
class Desk:
    app: web.Application
    base: str
    browser: Browser
    shots: Path


async def _refuse(request: web.BaseRequest) -> web.Response:
    await request.read()
    return web.json_response({"error": "missing field"}, status=400)


async def _stage(app: web.Application, number: str, stage: str) -> None:
    store = app[STORE]

    async def reached() -> bool:
        intake_id = await store.find_intake_no(number)
        intake = await store.load(intake_id) if intake_id else None
        return intake is not None and intake.stage == stage

    await wait_for(reached)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def desk(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Desk]:
    receiver = web.ServerRunner(web.Server(_refuse))
    await receiver.setup()
    await web.TCPSite(receiver, "127.0.0.1", 0).start()
    root = tmp_path_factory.mktemp("a11y-staff")
    settings = load_settings(
        env={},
        data_dir=root / "data",
        keys=generate_key_line(),
        workers=2,
        job_lease_s=5.0,
        job_retry_base_s=0.2,
        forward_url=f"http://127.0.0.1:{receiver.addresses[0][1]}/hook",
        forward_secrets="whsec_" + base64.b64encode(b"s" * 24).decode(),
        forward_retry_schedule_s=(0.05,),
        forward_timeout_s=2.0,
    )
    app = await create_app(settings, extractors={"letter": OcrByBarcode()})
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    store = app[STORE]
    for name, role in (("clerk3", "clerk"), ("reviewer3", "reviewer"), ("admin3", "admin")):
        await store.add_user(name, role, hash_password(PASSWORD, n=2**12))
    await store.set_display_name("clerk3", "孙 丽")
    submit = app[INTAKE].submit
    waiting = await submit(
        LetterIntake(barcode="XF-A11Y"), [Upload(_png(), "image/png", role="page")], actor="t"
    )
    failed = await submit(
        LetterIntake(barcode="UNREADABLE"), [Upload(_png(), "image/png", role="page")], actor="t"
    )
    web_raw = decode_json(msgspec.json.encode(COMPLAINT), WebIntake)
    sent = await submit(web_raw, [], actor="web:api")
    await _stage(app, waiting.intake_no, "needs_review")
    await _stage(app, failed.intake_no, "dead_letter")

    async def parked() -> bool:
        return bool((await store.outbox_summary()).items)

    await wait_for(parked)
    assert sent.intake_no
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Desk(app, f"http://127.0.0.1:{runner.addresses[0][1]}", browser, root / "shots")
        finally:
            await browser.close()
            await runner.cleanup()
            await receiver.cleanup()


async def _login(desk: Desk, name: str, path: str) -> Page:
    context = await desk.browser.new_context(locale="zh-CN")
    page = await context.new_page()
    await page.goto(desk.base + path)
    await page.fill("#name", name)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(re.compile(re.escape(desk.base + path)))
    return page


async def test_the_login_page(desk: Desk) -> None:
    context = await desk.browser.new_context(locale="zh-CN")
    page = await context.new_page()
    await page.goto(desk.base + "/staff/login")
    await check_page(page, "staff-login", desk.shots)
    await page.fill("#name", "nobody")
    await page.fill("#password", "wrong-password-here")
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=用户名或密码错误")
    await check_page(page, "staff-login-error", desk.shots)
    await context.close()


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("reviewer3", "/staff/review"),
        ("reviewer3", "/staff/failed"),
        ("reviewer3", "/staff/deadlines"),
        ("admin3", "/staff/outbox"),
        ("admin3", "/staff/users"),
        ("clerk3", "/desk/visits/new"),
        ("clerk3", "/staff/users"),  # refused: the 403 page
    ],
    ids=["review-queue", "failed", "deadlines", "outbox", "users", "desk-form", "forbidden"],
)
async def test_each_staff_page(desk: Desk, user: str, path: str) -> None:
    page = await _login(desk, user, path)
    if user == "reviewer3" and path == "/staff/review":
        assert await page.locator("table tbody tr").count() >= 1  # something to check
    name = f"staff{path.replace('/', '-')}-{user}"
    await check_page(page, name, desk.shots)
    await page.context.close()


async def test_the_desk_form_with_errors_and_the_receipt(desk: Desk) -> None:
    page = await _login(desk, "clerk3", "/desk/visits/new")
    await page.fill("[name=v0_name]", "周八")
    await page.fill("[name=v0_phone]", "12345")
    await page.fill("#matter", "反映某镇干部吃拿卡要。")
    await page.click("form.desk button.primary")
    await page.wait_for_selector(".error")
    await check_page(page, "desk-form-errors", desk.shots)
    await page.fill("[name=v0_phone]", "13812345678")
    await page.click("form.desk button.primary")
    await page.wait_for_selector("#intake-no")
    assert await page.inner_text("#clerk") == "孙 丽"
    await check_page(page, "desk-receipt", desk.shots)
    await page.context.close()
