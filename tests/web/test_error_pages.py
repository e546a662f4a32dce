"""Error answers: a browser gets a Chinese HTML page, the API and its clients keep JSON.

The 404 and the site's address go through the whole gateway in Chromium. The 403, 429 and
500 pages come from a small real server carrying the gateway's two error middlewares around
handlers that raise what the gateway's own code raises, so each status is produced on purpose.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web
from playwright.async_api import Browser

from gateway.app import setup_templates
from gateway.errorpages import error_pages
from gateway.problems import PROBLEM_TYPE, problem_middleware
from normalizer.errors import NotAllowed, RateLimited
from tests.web.conftest import Live

pytestmark = pytest.mark.asyncio(loop_scope="module")

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


async def test_an_unknown_url_is_a_chinese_page_in_the_browser(
    live: Live, browser: Browser
) -> None:
    context = await browser.new_context(locale="zh-CN")
    page = await context.new_page()
    resp = await page.goto(live.url + "/no-such-page")
    assert resp is not None and resp.status == 404
    assert resp.headers["content-type"].startswith("text/html")
    assert await page.inner_text("h1") == "页面不存在"
    assert await page.get_attribute("html", "lang") == "zh-CN"
    await page.click("a.w-button")
    await page.wait_for_url(live.url + "/report")
    resp = await page.goto(live.url + "/")
    assert resp is not None and resp.status == 200 and page.url == live.url + "/report"
    await context.close()


async def test_the_api_keeps_problem_documents(live: Live, browser: Browser) -> None:
    context = await browser.new_context(locale="zh-CN")
    page = await context.new_page()
    resp = await page.goto(live.url + "/api/v1/no-such-thing")  # even for a browser
    assert resp is not None and resp.status == 404
    assert resp.headers["content-type"].startswith(PROBLEM_TYPE)
    assert (await resp.json())["code"] == "not_found"
    await context.close()


def _raising(exc: Exception) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        raise exc

    return handler


def errors_app() -> web.Application:
    app = web.Application(middlewares=[error_pages, problem_middleware])
    setup_templates(app)
    app.add_routes(
        [
            web.get(
                "/staff/secret", _raising(NotAllowed("forbidden", "您无权执行此操作。", "No."))
            ),
            web.get(
                "/status-busy",
                _raising(
                    RateLimited(
                        "rate_limited", "查询过于频繁，请稍后再试。", "Slow.", retry_after=42
                    )
                ),
            ),
            web.get("/broken", _raising(RuntimeError("secret 李明 content"))),
        ]
    )
    return app


@pytest.mark.parametrize(
    ("path", "status", "title", "message", "home"),
    [
        ("/staff/secret", 403, "无权访问", "您无权执行此操作。", "/staff"),
        ("/status-busy", 429, "请求过于频繁", "查询过于频繁，请稍后再试。", "/report"),
        ("/broken", 500, "系统内部错误", "系统内部错误，已记录，请稍后再试。", "/report"),
    ],
    ids=["403", "429", "500"],
)
async def test_each_error_status_is_a_chinese_page_for_a_browser_and_json_otherwise(
    path: str, status: int, title: str, message: str, home: str
) -> None:
    runner = web.AppRunner(errors_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}{path}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(url, headers={"Accept": BROWSER_ACCEPT}) as page:
                assert page.status == status and page.content_type == "text/html"
                html = await page.text()
                retry_after = page.headers.get("Retry-After")
            async with http.get(url, headers={"Accept": "application/json"}) as api:
                assert api.status == status and api.content_type == PROBLEM_TYPE
                assert (await api.json())["message_zh"] == message
    finally:
        await runner.cleanup()
    assert f"<h1>{title}</h1>" in html and message in html and f'href="{home}"' in html
    assert "李明" not in html and "RuntimeError" not in html  # nothing of the failure shows
    if status == 429:
        assert retry_after == "42"
