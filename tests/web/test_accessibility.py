"""axe-core over the public pages, in the states a citizen meets them: the report form (as
with and without JavaScript, on a desktop and a phone), the form sent back with mistakes
and kept attachments, the receipt, the status page (asked, answered, not found) and the
error pages. Serious or critical findings fail, and so do those on the page structure
(``tests.axe.HELD_TO``).

axe runs inside the page, so "without JavaScript" is the page as a browser without it gets
it: the same HTML with ``pow.js`` kept from loading (the arithmetic question shown).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, FilePayload, Page, Route

from tests.axe import check_page
from tests.web.conftest import Live
from tests.web.files import png
from tests.web.test_browser import fill_report

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

PHONE = {"width": 360, "height": 740}


@pytest_asyncio.fixture(loop_scope="module", params=["desktop", "phone"])
async def context(
    browser: Browser, request: pytest.FixtureRequest
) -> AsyncIterator[BrowserContext]:
    viewport = PHONE if request.param == "phone" else {"width": 1280, "height": 800}
    found = await browser.new_context(locale="zh-CN", viewport=viewport)
    yield found
    await found.close()


def shots(live: Live) -> Path:
    return live.settings.data_dir.parent / "a11y-shots"


def _tag(page: Page, name: str) -> str:
    width = page.viewport_size["width"] if page.viewport_size else 0
    return f"{name}-{width}px"


async def test_the_report_form(context: BrowserContext, live: Live) -> None:
    page = await context.new_page()
    await page.goto(f"{live.url}/report")
    await page.wait_for_selector("#pow-status:not([hidden])")  # the work is done
    await check_page(page, _tag(page, "report-form"), shots(live))


async def test_the_report_form_without_javascript(context: BrowserContext, live: Live) -> None:
    page = await context.new_page()

    async def no_script(route: Route) -> None:
        await route.abort()

    await page.route("**/static/pow.js", no_script)
    await page.goto(f"{live.url}/report")
    assert await page.is_visible("#answer")
    await check_page(page, _tag(page, "report-form-nojs"), shots(live))


async def test_the_form_sent_back_with_mistakes_and_the_receipt(
    context: BrowserContext, live: Live
) -> None:
    page = await context.new_page()
    await page.goto(f"{live.url}/report")
    await fill_report(page)
    await page.fill("#title", "")
    await page.fill("#c_phone", "123")
    await page.set_input_files(
        "#file", files=[FilePayload(name="证据.png", mimeType="image/png", buffer=png())]
    )
    await page.click("#submit")
    await page.wait_for_selector("#error-summary")
    assert await page.locator("#held-files li").count() == 1
    await check_page(page, _tag(page, "report-form-errors"), shots(live))
    await page.fill("#title", "反映问题")
    await page.fill("#c_phone", "13812345678")
    await page.click("#submit")
    await page.wait_for_selector("#query-code")
    await check_page(page, _tag(page, "report-receipt"), shots(live))
    code = (await page.inner_text("#query-code")).strip()

    await page.goto(f"{live.url}/status")
    await check_page(page, _tag(page, "status-form"), shots(live))
    await page.fill("#query_code", code)
    await page.click("main button[type=submit]")
    await page.wait_for_selector("#status-text")
    await check_page(page, _tag(page, "status-result"), shots(live))
    await page.fill("#query_code", "ABCD-EFGH-JKMN-PQRS")
    await page.click("main button[type=submit]")
    await page.wait_for_selector("#query_code-error")
    await check_page(page, _tag(page, "status-not-found"), shots(live))


async def test_the_error_pages(context: BrowserContext, live: Live) -> None:
    page = await context.new_page()
    resp = await page.goto(f"{live.url}/no/such/page")
    assert resp is not None and resp.status == 404
    await check_page(page, _tag(page, "error-404"), shots(live))
    # A form whose cookie is gone (expired, or blocked): the 403 page.
    await page.goto(f"{live.url}/report")
    await context.clear_cookies()
    await fill_report(page, anonymous=True)
    await page.click("#submit")
    await page.wait_for_selector("text=页面已失效")
    await check_page(page, _tag(page, "error-403-form"), shots(live))
