"""Errors to HTTP, once: ``application/problem+json`` with a stable code and two languages.

Domain errors know nothing of HTTP; this middleware is the only place that maps them. An
unexpected exception (anything outside the error tree) becomes a 500 problem with no stack
trace or data in the body; it is logged once, with the route's name and the exception type
(the formatter withholds messages, and the path can hold identifiers), and counted through
``on_unhandled`` so that ``/metrics`` shows it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from aiohttp import web

from gateway.storage.errors import StorageUnavailable
from normalizer.errors import IntakeError, InvalidInput, validation_zh

__all__ = ["decode_json", "problem_middleware", "problem_middleware_counting", "problem_response"]

log = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"
_PATH = re.compile(r" - at `(\$[^`]*)`$")
_UNKNOWN = re.compile(r"unknown field `([^`]*)`")
_REQUIRED = re.compile(r"missing required field `([^`]*)`")

_HTTP_ERRORS: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "请求格式错误。", "The request is malformed."),
    401: ("unauthenticated", "请先登录或提供有效的访问密钥。", "Authentication required."),
    403: ("forbidden", "您无权执行此操作。", "You are not allowed to do this."),
    404: ("not_found", "未找到该资源。", "Not found."),
    405: ("method_not_allowed", "不支持该请求方法。", "Method not allowed."),
    409: ("conflict", "当前状态不允许此操作。", "The current state does not allow this."),
    413: ("too_large", "提交的内容过大。", "The request body is too large."),
    415: ("unsupported_media_type", "不支持的内容类型。", "Unsupported content type."),
    429: ("rate_limited", "请求过于频繁，请稍后再试。", "Too many requests; retry later."),
}


def problem_response(
    status: int,
    code: str,
    message_zh: str,
    message_en: str,
    *,
    field: str | None = None,
    retry_after: float | None = None,
) -> web.Response:
    body: dict[str, Any] = {
        "type": f"urn:intake-gateway:problem:{code}",
        "title": message_en,
        "status": status,
        "code": code,
        "message_zh": message_zh,
        "message_en": message_en,
    }
    if field is not None:
        body["field"] = field
    headers = {"Retry-After": str(max(1, round(retry_after)))} if retry_after else None
    return web.Response(
        status=status,
        body=msgspec.json.encode(body),
        content_type=PROBLEM_TYPE,
        headers=headers,
    )


def decode_json(body: bytes, type_: type[Any]) -> Any:
    """Decode and validate, turning msgspec's errors into field-named ``InvalidInput``."""
    try:
        return msgspec.json.decode(body, type=type_)
    except msgspec.ValidationError as exc:
        text = str(exc)
        m = _PATH.search(text)
        path = m.group(1) if m else "$"
        if u := _UNKNOWN.search(text):
            path = f"{path}.{u.group(1)}"
            raise InvalidInput(
                "unknown_field", f"不认识的字段 {path}。", f"Unknown field {path}.", field=path
            ) from None
        if r := _REQUIRED.search(text):
            path = f"{path}.{r.group(1)}"
            raise InvalidInput(
                "field_required",
                f"缺少必填字段 {path}。",
                f"Missing required field {path}.",
                field=path,
            ) from None
        message = _PATH.sub("", text)
        raise InvalidInput(
            "field_invalid",
            f"{validation_zh(text)}。",  # staff and public read Chinese only
            f"{message} at {path}",
            field=path,
        ) from None
    except msgspec.DecodeError:
        raise InvalidInput(
            "malformed_json", "请求内容不是有效的 JSON。", "The body is not valid JSON."
        ) from None


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _route_name(request: web.Request) -> str:
    """What a log line may name: the route, not the path (paths hold intake numbers)."""
    route = request.match_info.route
    return (route.name if route is not None else None) or "unrouted"


def problem_middleware_counting(
    on_unhandled: Callable[[], None],
) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except IntakeError as exc:
            return problem_response(
                exc.status,
                exc.code,
                exc.message_zh,
                exc.message_en,
                field=exc.field,
                retry_after=exc.retry_after,
            )
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            code, zh, en = _HTTP_ERRORS.get(exc.status, ("http_error", "请求失败。", exc.reason))
            response = problem_response(exc.status, code, zh, en)
            if exc.status == 405 and "Allow" in exc.headers:
                response.headers["Allow"] = exc.headers["Allow"]
            return response
        except StorageUnavailable:
            # The database is away (a restart, a full disk): nothing was written, retry later.
            log.warning("storage unavailable on %s %s", request.method, _route_name(request))
            return problem_response(
                503,
                "storage_unavailable",
                "系统暂时无法保存，请稍后重试。",
                "Storage is not available at the moment; retry later.",
                retry_after=30,
            )
        except Exception as exc:
            on_unhandled()
            log.error(
                "unhandled %s on %s %s",
                type(exc).__name__,
                request.method,
                _route_name(request),
                exc_info=exc,
            )
            return problem_response(
                500,
                "internal_error",
                "系统内部错误，已记录，请稍后再试。",
                "Internal error; it has been logged.",
            )

    return middleware


problem_middleware = problem_middleware_counting(lambda: None)
