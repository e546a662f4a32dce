"""The public form's details in Chromium: red borders where the page says 标红, what is kept
after an error, required marks, the query code on a phone, and the office named on the site."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, FilePayload, Page

from gateway.app import ORIGINALS, STORE
from tests.identity import make_id
from tests.web.conftest import Live
from tests.web.files import png
from tests.web.test_browser import fill_report

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

RED = "rgb(207, 34, 46)"


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(locale="zh-CN")
    yield await context.new_page()
    await context.close()


async def _border(page: Page, selector: str) -> str:
    value: str = await page.eval_on_selector(
        selector,
        "e => getComputedStyle(e).borderTopColor + ' ' + getComputedStyle(e).borderTopWidth",
    )
    return value


async def test_a_field_in_error_has_a_red_border_and_the_attachments_are_kept(
    page: Page, live: Live
) -> None:
    good = make_id("110105", "19800101", 123)
    image = png()
    await page.goto(f"{live.url}/report")
    assert RED not in await _border(page, "#c_id_number")
    await fill_report(page, id_number=good[:-1] + ("0" if good[-1] != "0" else "1"))
    await page.set_input_files(
        "#file",
        files=[
            FilePayload(name="证据.png", mimeType="image/png", buffer=image),
            FilePayload(name="说明.txt", mimeType="text/plain", buffer="情况说明".encode()),
        ],
    )
    await page.click("#submit")
    await page.locator("#c_id_number-error").wait_for()
    assert await _border(page, "#c_id_number") == f"{RED} 2px"  # the text input itself
    assert RED not in await _border(page, "#c_name")  # and only the one in error
    shot = live.settings.data_dir.parent / "form-kept-attachments.png"
    await page.screenshot(path=str(shot), full_page=True)
    # What the page says was kept, was kept: both files are listed, ticked, and go with the
    # corrected report without being chosen again.
    summary = await page.inner_text("#error-summary")
    assert "2 个附件均已保留" in summary and "无需重新选择" in summary
    assert await page.locator("#file-error").count() == 0
    held = page.locator("#held-files li")
    assert [t.strip() for t in await held.all_inner_texts()] == [
        f"证据.png（PNG，{len(image)} 字节）",
        "说明.txt（TXT（UTF-8 文本），12 字节）",
    ]
    assert await page.locator("#held-files input[type=checkbox]:checked").count() == 2
    await page.uncheck("#held-files li:nth-child(2) input")  # the reporter drops one
    await page.fill("#c_id_number", good)
    await page.check("#ack")
    await page.click("#submit")
    await page.wait_for_selector("#query-code")
    intake_no = (await page.inner_text("#intake-no")).strip()
    store = live.app[STORE]
    stored = await store.load((await store.find_intake_no(intake_no)) or "")
    assert stored is not None
    assert [(o.media_type, o.filename) for o in stored.originals] == [
        ("application/json", None),
        ("image/png", "证据.png"),
    ]
    assert await live.app[ORIGINALS].read(stored.originals[1].sha256) == image


async def test_required_fields_of_a_real_name_report_are_marked(page: Page, live: Live) -> None:
    await page.goto(f"{live.url}/report")
    for field in ("c_name", "c_phone"):
        label = page.locator(f"label[for={field}]")
        assert await label.locator(".w-req").count() == 1, field
    assert await page.locator("label[for=c_address] .w-req").count() == 0


async def test_the_query_code_breaks_only_between_groups_on_a_phone(
    browser: Browser, live: Live
) -> None:
    context = await browser.new_context(locale="zh-CN", viewport={"width": 280, "height": 700})
    phone = await context.new_page()
    await phone.goto(f"{live.url}/report")
    await fill_report(phone, anonymous=True)
    await phone.click("#submit")
    await phone.wait_for_selector("#query-code")
    groups = phone.locator("#query-code .w-group")
    assert await groups.count() == 4
    for i in range(4):
        box = await groups.nth(i).evaluate("e => e.getClientRects().length")
        assert box == 1, f"group {i} is split over lines"
    code = (await phone.inner_text("#query-code")).replace("\n", "")
    assert len(code.replace("-", "")) == 16
    await context.close()


async def test_the_site_names_the_receiving_office_and_12388(page: Page, live: Live) -> None:
    for path in ("/report", "/status"):
        await page.goto(f"{live.url}{path}")
        office = await page.inner_text("#office")
        assert "受理机关" in office and "受理范围" in office and "12388" in office
    await page.goto(f"{live.url}/report")
    assert live.settings.office_name == ""
    assert "本级纪委监委" in await page.inner_text("#office-intro")  # the default, when unset
