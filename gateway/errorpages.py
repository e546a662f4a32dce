"""Error answers for people: a browser asking for a page gets a Chinese HTML page, not JSON.

``gateway.problems`` maps every error once, to ``application/problem+json``; that stays the
answer for the API and for every client that does not ask for HTML. This middleware sits
outside it and re-renders a problem for a browser's page request (``Accept: text/html``,
a path outside ``/api/`` and the ops endpoints) with the same status, the same Chinese
message and the same ``Retry-After``/``Allow`` headers. Kept apart from ``problems.py`` so the
mapping itself has one owner and one place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp_jinja2
import msgspec
from aiohttp import web

from gateway.problems import PROBLEM_TYPE

__all__ = ["error_pages", "wants_page"]

_MACHINE_PATHS = ("/api/", "/metrics", "/healthz", "/readyz")
_TITLES = {
    400: "请求有误",
    401: "请先登录",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持该操作",
    409: "操作冲突",
    413: "提交的内容过大",
    415: "不支持的文件类型",
    422: "提交的内容不符合要求",
    429: "请求过于频繁",
    500: "系统内部错误",
    503: "系统暂时不可用",
}
_KEEP_HEADERS = ("Retry-After", "Allow")


class _Problem(msgspec.Struct):
    status: int
    message_zh: str


def wants_page(request: web.Request) -> bool:
    """A browser navigating to a page: it says it accepts HTML, and the path is not the API's."""
    if request.path.startswith(_MACHINE_PATHS):
        return False
    return "text/html" in request.headers.get("Accept", "")


@web.middleware
async def error_pages(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    response = await handler(request)
    if (
        response.status < 400
        or not isinstance(response, web.Response)
        or response.content_type != PROBLEM_TYPE
        or not isinstance(response.body, bytes)
        or not wants_page(request)
    ):
        return response
    try:
        problem = msgspec.json.decode(response.body, type=_Problem)
    except msgspec.MsgspecError:
        return response
    staff = request.path.startswith(("/staff", "/desk"))
    page = aiohttp_jinja2.render_template(
        "web_error.html",
        request,
        {
            "title": _TITLES.get(problem.status, "请求未能完成"),
            "message": problem.message_zh,
            "home": ("/staff", "返回工作台") if staff else ("/report", "返回举报页面"),
        },
        status=response.status,
    )
    for name in _KEEP_HEADERS:
        if name in response.headers:
            page.headers[name] = response.headers[name]
    return page
