"""The one error tree of the gateway.

Every refusal the gateway can give has a stable string ``code`` and a message in
Chinese (for the public and staff) and English (for integrators and logs).
Domain code raises these; the HTTP layer maps them to problem+json once and the
SMTP layer to reply codes once, so no domain module knows about transports.

    IntakeError
    ├── InvalidInput          (the request itself is wrong: 400/422, SMTP 550/554)
    │   ├── UnsupportedMedia  (415, SMTP 554)
    │   ├── TooLarge          (413, SMTP 552)
    │   └── TooComplex        (422, SMTP 554: ``file_too_complex``, a file whose decoding
    │                          would exceed the decoder's memory or time limits; permanent)
    ├── NotAllowed            (401/403, SMTP 550/535)
    ├── NotFound              (404)
    ├── Conflict              (409, SMTP 554: the record's stage does not allow this step;
    │                          an idempotency key already used for other content)
    ├── RateLimited           (429, SMTP 421)
    └── Unavailable           (503, SMTP 451: storage full, no model, ...)
"""

from __future__ import annotations

import re

__all__ = [
    "Conflict",
    "IntakeError",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "RateLimited",
    "TooComplex",
    "TooLarge",
    "Unavailable",
    "UnsupportedMedia",
    "validation_zh",
]


class IntakeError(Exception):
    """Base of every refusal; ``code`` is stable and documented, messages are for people."""

    status = 400

    def __init__(
        self,
        code: str,
        message_zh: str,
        message_en: str,
        *,
        field: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.field = field
        self.retry_after = retry_after


class InvalidInput(IntakeError):
    status = 422


class UnsupportedMedia(InvalidInput):
    status = 415


class TooLarge(InvalidInput):
    status = 413


class TooComplex(InvalidInput):
    """Small on the wire, huge when decoded (bombs): retrying can only cost more memory."""

    status = 422


class NotAllowed(IntakeError):
    status = 403


class NotFound(IntakeError):
    status = 404


class Conflict(IntakeError):
    """A well-formed request that what is stored refuses: the record's stage does not allow
    the step (``transition_not_allowed``, ``not_handed_over``; normalizer.stages), or an
    idempotency key already names other content (``idempotency_conflict``)."""

    status = 409


class RateLimited(IntakeError):
    status = 429


class Unavailable(IntakeError):
    status = 503


_AT = re.compile(r" - at `(\$[^`]*)`$")
_MISSING = re.compile(r"missing required field `([^`]*)`")
_UNKNOWN = re.compile(r"unknown field `([^`]*)`")
_EXPECTED = re.compile(r"Expected `([^`]*)`, got `([^`]*)`")
_JSON_TYPES = {
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "bool": "是或否",
    "object": "对象",
    "array": "数组",
    "null": "空值",
}


def _type_zh(name: str) -> str:
    return "或".join(_JSON_TYPES.get(t.strip(), t.strip()) for t in name.split("|"))


def validation_zh(message: str) -> str:
    """A decoder's validation message (msgspec's English) said in Chinese, naming the path.

    The public and staff read ``message_zh`` only; the English original stays in
    ``message_en`` for integrators. Unknown shapes fall back to naming the path alone.
    """
    at = _AT.search(message)
    path = at.group(1) if at else "$"
    if m := _MISSING.search(message):
        return f"缺少必填字段 {path}.{m.group(1)}"
    if m := _UNKNOWN.search(message):
        return f"不认识的字段 {path}.{m.group(1)}"
    if m := _EXPECTED.search(message):
        return f"字段 {path} 应为{_type_zh(m.group(1))}，收到的是{_type_zh(m.group(2))}"
    if path != "$":
        return f"字段 {path} 的值不符合要求"
    return "内容格式不正确"
