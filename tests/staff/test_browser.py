"""Staff pages in a real headless Chromium: desk entry and receipt, verification, review.

One server (create_app on 127.0.0.1, port 0) and one browser serve the whole module; each
test gets a fresh browser context, i.e. its own cookies.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import msgspec
import pytest
import pytest_asyncio
from aiohttp import web
from PIL import Image
from playwright.async_api import Browser, Page, async_playwright

from channels.contract import Upload
from gateway.accounts import hash_password
from gateway.app import INTAKE, STORE, create_app
from gateway.crypto import generate_key_line
from gateway.settings import load_settings
from gateway.storage import StoredIntake
from normalizer.record import ComplaintRecord, ExtractedText, LetterIntake, Original, RawIntake
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.identity import make_id
from tests.staff.accounts import PASSWORD

pytestmark = pytest.mark.asyncio(loop_scope="module")

DRAFT = "检举人：张三\n联系电话：13812345678\n反映某县交通运输局局长李明收受工程老板现金五万元。"


class FixedLetterText:
    """Stands in for Tesseract (tested elsewhere): this module is about the review UI."""

    def ready(self) -> bool:
        return True

    def extract(self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]) -> ExtractedText:
        assert originals and originals[0][1].startswith(b"\x89PNG")
        disagree = {
            "code": "ocr_engines_disagree",
            "reason": "两个识别引擎对身份信息读法不一致，请人工核对",
            "detail": "第1页第2行联系电话：rapidocr「13812345678」；tesseract「13812345673」",
        }
        return ExtractedText(
            text=DRAFT, confidence=0.31, engine="fixed-test-text", detail={"flags": [disagree]}
        )


@dataclass
class Server:
    app: web.Application
    base: str
    browser: Browser


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 160), (250, 250, 240)).save(buf, "PNG")
    return buf.getvalue()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Server]:
    data: Path = tmp_path_factory.mktemp("browser") / "data"
    settings = load_settings(
        env={},
        data_dir=data,
        keys=generate_key_line(),
        workers=2,
        job_lease_s=5.0,
        job_retry_base_s=0.2,
    )
    app = await create_app(settings, extractors={"letter": FixedLetterText()})
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    for name, role in (("clerk1", "clerk"), ("reviewer1", "reviewer")):
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
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(server.base + path)
    assert page.url.startswith(server.base + "/staff/login")  # redirected, not refused
    await page.fill("#name", name)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(server.base + path)
    return page


async def _stored(server: Server, number: str, stage: str | None = None) -> StoredIntake:
    store = server.app[STORE]

    async def loaded() -> StoredIntake | None:
        intake_id = await store.find_intake_no(number)
        intake = await store.load(intake_id) if intake_id else None
        if intake and intake.record and (stage is None or intake.stage == stage):
            return intake
        return None

    found: StoredIntake = await wait_for(loaded)
    return found


async def test_a_clerk_records_a_group_visit_and_prints_the_receipt(server: Server) -> None:
    page = await _login(server, "clerk1", "/desk/visits/new")
    focused = await page.evaluate("document.activeElement.name")
    assert focused == "v0_name"  # the clerk types at once
    await page.keyboard.type("张三")
    await page.keyboard.press("Tab")
    await page.keyboard.type(make_id("110105", "19700304", 123))
    await page.keyboard.press("Tab")
    await page.keyboard.press("Space")  # 已当面核验身份证
    await page.fill("input[name=v0_phone]", "13812345678")
    await page.check("input[name=v0_rep]")
    await page.fill("input[name=v1_name]", "李四")
    await page.fill("input[name=v1_id]", make_id("310104", "19851212", 246))
    await page.check("input[name=v1_checked]")
    await page.check("input[name=v1_rep]")
    await page.fill("#group_size", "1")  # fewer than the two named: refused beside the field
    await page.fill("input[name=a0_name]", "王五")
    await page.fill("input[name=a0_unit]", "某县住房和城乡建设局")
    await page.fill("#matter", "王五在工程招标中收受好处费三十万元，群众十余人联名反映。")
    await page.fill("#place", "县纪委监委信访接待室")
    await page.set_input_files(
        "#file", files=[{"name": "材料1.png", "mimeType": "image/png", "buffer": _png()}]
    )
    await page.click("button.primary")
    assert "不能少于已登记的来访人" in await page.inner_text("#err-group_size")
    assert await page.input_value("input[name=v1_name]") == "李四"  # nothing typed is lost
    await page.fill("#group_size", "12")
    await page.set_input_files(
        "#file", files=[{"name": "材料1.png", "mimeType": "image/png", "buffer": _png()}]
    )
    await page.click("button.primary")
    number = (await page.inner_text("#intake-no")).strip()
    code = (await page.inner_text("#query-code")).strip()
    assert number.startswith("F") and len(code.replace("-", "")) >= 16
    assert "集体访" in await page.inner_text("#receipt")
    # /status asks for the code alone, and so does the receipt; no clerk name is stored yet.
    assert "凭查询码即可" in await page.inner_text("#receipt")
    assert "受理编号和查询码" not in await page.inner_text("#receipt")
    assert "clerk1" in await page.inner_text("#clerk")
    assert "此处为登录名" in await page.inner_text("#clerk")
    # Print view: only the receipt is on paper, and it fits one A4 page.
    await page.emulate_media(media="print")
    assert await page.is_visible("#receipt")
    assert not await page.is_visible(".staff-header")
    assert not await page.is_visible("#print")
    pdf = await page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") <= 1
    await page.emulate_media(media="screen")
    assert not [e for e in page.errors if "Content Security Policy" in e]  # type: ignore[attr-defined]
    intake = await _stored(server, number)
    record = msgspec.json.decode(intake.record or b"", type=ComplaintRecord)
    assert record.complainant.is_group and record.complainant.group_size == 12
    assert record.complainant.representatives == ["张三", "李四"]
    second = record.complainant.representative_details[1]
    assert second.id_number is not None and second.id_checked
    assert second.id_number.value == make_id("310104", "19851212", 246)
    assert record.real_name.status == "REAL_NAME_CONFIRMED"
    assert record.provenance.entered_by == "clerk:clerk1"
    # Reprinted later, from the desk page: the same receipt, without the query code.
    await page.goto(server.base + "/desk/visits/new")
    await page.fill("#reprint-no", number)
    await page.press("#reprint-no", "Enter")
    await page.wait_for_url(f"{server.base}/desk/receipt?no={number}")
    again = await page.inner_text("#receipt")
    assert "补打" in again and number in again and "张三、李四" in again
    assert code not in await page.content() and await page.locator("#query-code").count() == 0
    assert "clerk1" in await page.inner_text("#clerk")
    events = await server.app[STORE].events(intake.id)
    assert [e.reason for e in events if e.type == "IDENTITY_VIEWED"] == ["receipt reprint"]
    resp = await page.goto(server.base + "/desk/receipt?no=F00000000000000")
    assert resp is not None and resp.status == 404
    # A clerk cannot open reviewer pages: a Chinese 403 page, not a crash.
    resp = await page.goto(server.base + "/staff/review")
    assert resp is not None and resp.status == 403
    assert "无权访问" in await page.inner_text("h1")
    await page.context.close()


async def test_a_reviewer_confirms_a_signed_web_report_by_phone(server: Server) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(server.base + "/api/v1/complaints", json=COMPLAINT) as resp,
    ):
        assert resp.status == 201
        number = (await resp.json())["intake_no"]
    intake = await _stored(server, number)
    before = msgspec.json.decode(intake.record or b"", type=ComplaintRecord)
    assert before.real_name.status == "SIGNED_UNVERIFIED"
    page = await _login(server, "reviewer1", "/staff/review")
    await page.fill("#no", number)
    await page.press("#no", "Enter")
    await page.wait_for_url(f"{server.base}/staff/records/{number}")
    assert "欧阳明华" in await page.input_value("#f-complainant\\.name")
    await page.select_option("#method", "PHONE")
    await page.select_option("#result", "CONFIRMED")
    await page.fill("#note", "按顺序询问，本人陈述与材料一致")
    await page.click("form.verify button")
    await page.wait_for_url(f"{server.base}/staff/records/{number}?saved=3")
    assert await page.inner_text("#realname-state") == "实名（已核实）"
    intake = await _stored(server, number)
    after = msgspec.json.decode(intake.record or b"", type=ComplaintRecord)
    assert after.real_name.status == "REAL_NAME_CONFIRMED"
    check = after.real_name.verifications[-1]
    assert (check.method, check.result, check.staff) == ("PHONE", "CONFIRMED", "reviewer:reviewer1")
    assert check.note == "按顺序询问，本人陈述与材料一致"
    events = await server.app[STORE].events(intake.id)
    confirmed = [e for e in events if e.type == "REAL_NAME_CONFIRMED"]
    assert len(confirmed) == 1 and confirmed[0].actor == "reviewer:reviewer1"
    assert (confirmed[0].from_state, confirmed[0].to_state) == (
        "SIGNED_UNVERIFIED",
        "REAL_NAME_CONFIRMED",
    )
    assert any(e.type == "IDENTITY_VIEWED" and e.actor == "reviewer:reviewer1" for e in events)
    assert not any("按顺序" in (e.reason or "") for e in events)  # the note stays encrypted
    await page.context.close()


async def test_a_reviewer_corrects_an_ocr_field_and_confirms(server: Server) -> None:
    receipt = await server.app[INTAKE].submit(
        LetterIntake(station_id="s1"),
        [Upload(_png(), "image/png", role="page")],
        actor="station:s1",
    )
    await _stored(server, receipt.intake_no, stage="needs_review")
    page = await _login(server, "reviewer1", "/staff/review")
    await page.select_option("#channel", "letter")
    await page.select_option("#reason", "low_confidence")
    await page.click("form.filters button")
    row = page.locator(f"tr[data-intake='{receipt.intake_no}']")
    assert "识别置信度低" in await row.inner_text()
    await row.locator("a").click()
    await page.wait_for_url(f"{server.base}/staff/records/{receipt.intake_no}")
    width = await page.eval_on_selector(".original img", "img => img.complete && img.naturalWidth")
    assert width == 120  # the page image itself, beside the text
    assert "局长李明" in await page.inner_text("pre.draft")
    # Where the two OCR engines read an identity field differently, both readings are shown.
    assert "识别引擎对身份信息读法不一致" in await page.inner_text("p.flags")
    both = await page.inner_text("[data-flag-detail=ocr_engines_disagree]")
    assert "13812345678" in both and "13812345673" in both
    await page.fill("#f-complainant\\.name", "张三丰")
    await page.fill("#f-complainant\\.phone", "1381234")
    await page.click("button[value=confirm]")
    assert "电话号码格式不正确" in await page.inner_text(".invalid .error")
    await page.fill("#f-complainant\\.phone", "13812345678")
    await page.click("button[value=confirm]")
    await page.wait_for_url(f"{server.base}/staff/records/{receipt.intake_no}?saved=2")
    intake = await _stored(server, receipt.intake_no)
    # Decided as suggested: moved on (R7), or filed when an earlier test sent the same (R6).
    assert intake.stage in ("queued", "filed")
    record = msgspec.json.decode(intake.record or b"", type=ComplaintRecord)
    assert record.complainant.name == "张三丰"
    assert record.content.text_is_draft is False
    draft = msgspec.json.decode(intake.extracted or b"", type=ExtractedText)
    assert draft.text == DRAFT  # the engine's draft is kept as it was
    events = await server.app[STORE].events(intake.id)
    corrected = [e for e in events if e.type == "FIELD_CORRECTED"]
    assert [(e.reason, e.actor) for e in corrected] == [("complainant.name", "reviewer:reviewer1")]
    decided = [e for e in events if e.type == "DECIDED"]
    assert [(e.actor, e.from_state, e.to_state) for e in decided] == [
        ("reviewer:reviewer1", "needs_review", "decided")
    ]
    assert not any("张三丰" in (e.reason or "") for e in events)
    await page.goto(server.base + "/staff/review")
    assert receipt.intake_no not in await page.content()
    await page.context.close()
