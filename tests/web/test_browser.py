"""The public pages end to end in headless Chromium, with and without JavaScript."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, FilePayload, Page

from gateway.app import STORE
from tests.identity import make_id
from tests.web.conftest import Live, solve_question
from tests.web.files import png

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

MAIN_PROBLEM = (
    "2023年春节期间，某县交通运输局局长李明在办公室收受工程老板现金五万元，并为其承揽工程提供帮助。"
)


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(locale="zh-CN")
    yield await context.new_page()
    await context.close()


@pytest_asyncio.fixture(loop_scope="module")
async def nojs(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(locale="zh-CN", java_script_enabled=False)
    yield context
    await context.close()


async def fill_report(page: Page, *, anonymous: bool = False, id_number: str | None = None) -> None:
    await page.check("#kind-anon" if anonymous else "#kind-person")
    if not anonymous:
        await page.fill("#c_name", "欧阳明华")
        await page.fill("#c_id_number", id_number or make_id("110105", "19800101", 123))
        await page.fill("#c_phone", "13812345678")
        await page.fill("#c_address", "北京市朝阳区某街道1号")
    await page.fill("#a0_name", "李明")
    await page.fill("#a0_unit", "某县交通运输局")
    await page.fill("#a0_position", "局长")
    await page.select_option("#a0_level", "COUNTY_DIVISION")
    await page.fill("#a0_region", "某省某市某县")
    await page.select_option("#category", "违反廉洁纪律行为")
    await page.fill("#title", "反映李明收受现金<script>alert(1)</script>")
    await page.fill("#main_problem", MAIN_PROBLEM)
    await page.check("#ack")


async def test_a_real_name_report_with_an_attachment_gets_a_receipt_and_its_status(
    page: Page, live: Live
) -> None:
    await page.goto(f"{live.url}/report")
    assert await page.is_hidden("#w-challenge"), "pow.js should take over the question"
    await fill_report(page)
    await page.set_input_files(
        "#file", files=[FilePayload(name="证据.png", mimeType="image/png", buffer=png())]
    )
    await page.click("#submit")
    await page.wait_for_selector("#query-code")
    intake_no = (await page.inner_text("#intake-no")).strip()
    code = (await page.inner_text("#query-code")).strip()
    assert intake_no.startswith("W") and len(code.replace("-", "")) == 16

    store = live.app[STORE]
    stored = await store.load((await store.find_intake_no(intake_no)) or "")
    assert stored is not None
    assert [o.media_type for o in stored.originals] == ["application/json", "image/png"]

    await page.goto(f"{live.url}/status")
    await page.fill("#query_code", code.lower())
    await page.click("button[type=submit]")
    status = await page.inner_text("#status-text")
    assert status in ("已收到，等待处理", "正在处理")
    body = await page.inner_text("body")
    for secret in ("李明", "五万元", "欧阳明华", "收受现金"):
        assert secret not in body


async def test_a_wrong_query_code_shows_nothing(page: Page, live: Live) -> None:
    await page.goto(f"{live.url}/status")
    await page.fill("#query_code", "ABCD-EFGH-JKMN-PQRS")
    await page.click("button[type=submit]")
    assert "未查到" in await page.inner_text("#query_code-error")
    assert await page.locator("#status-result").count() == 0


async def test_an_anonymous_report_hides_and_drops_identity_fields(page: Page, live: Live) -> None:
    await page.goto(f"{live.url}/report")
    await page.fill("#c_name", "不该保存的名字")
    await fill_report(page, anonymous=True)
    assert await page.is_hidden("#c_name")
    await page.click("#submit")
    await page.wait_for_selector("#query-code")
    intake_no = (await page.inner_text("#intake-no")).strip()
    store = live.app[STORE]
    stored = await store.load((await store.find_intake_no(intake_no)) or "")
    assert stored is not None
    assert b"ANONYMOUS" in stored.raw and "不该保存的名字".encode() not in stored.raw


async def test_an_invalid_id_number_is_shown_beside_the_field_keeping_what_was_typed(
    page: Page, live: Live
) -> None:
    good = make_id("110105", "19800101", 123)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    await page.goto(f"{live.url}/report")
    await fill_report(page, id_number=bad)
    await page.click("#submit")
    error = page.locator("#c_id_number-error")
    await error.wait_for()
    assert "校验" in await error.inner_text() or "身份证" in await error.inner_text()
    assert await page.get_attribute("#c_id_number", "aria-invalid") == "true"
    assert await page.input_value("#c_id_number") == bad
    assert await page.input_value("#c_name") == "欧阳明华"
    assert await page.input_value("#main_problem") == MAIN_PROBLEM
    assert await page.input_value("#title") == "反映李明收受现金<script>alert(1)</script>"
    assert await page.is_checked("#kind-person")
    assert await page.locator(".w-error").count() == 1
    # correcting the one field is enough
    await page.fill("#c_id_number", good)
    await page.check("#ack")
    await page.click("#submit")
    await page.wait_for_selector("#query-code")


async def test_the_page_works_without_javascript(nojs: BrowserContext, live: Live) -> None:
    page = await nojs.new_page()
    await page.goto(f"{live.url}/report")
    assert await page.is_visible("#answer")
    await fill_report(page)
    await page.set_input_files(
        "#file",
        files=[FilePayload(name="a.txt", mimeType="text/plain", buffer="证据说明".encode())],
    )
    wrong = str(int(solve_question(await page.inner_text("#answer-label"))) + 1)
    await page.fill("#answer", wrong)
    await page.click("#submit")
    assert "安全验证" in await page.inner_text("#answer-error")
    assert await page.locator("#file-error").count() == 0
    assert "a.txt" in await page.inner_text("#held-files")  # kept without any script
    assert await page.input_value("#main_problem") == MAIN_PROBLEM
    await page.fill("#answer", solve_question(await page.inner_text("#answer-label")))
    await page.click("#submit")
    code = (await page.inner_text("#query-code")).strip()
    intake_no = (await page.inner_text("#intake-no")).strip()
    store = live.app[STORE]
    stored = await store.load((await store.find_intake_no(intake_no)) or "")
    assert stored is not None
    assert [o.filename for o in stored.originals] == [None, "a.txt"]

    await page.goto(f"{live.url}/status")
    await page.fill("#query_code", code)
    await page.click("button[type=submit]")
    assert await page.inner_text("#status-text") in ("已收到，等待处理", "正在处理")
