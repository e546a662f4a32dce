"""The web channel's JSON API: ``POST /api/v1/complaints``.

The reporter gets the intake number and a query code (shown once). The request body itself is
kept as an original, so what the reporter sent can always be shown byte for byte. Identity
fields are checked here because, unlike a letter, a web reporter can still correct them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from channels.contract import Submit, Upload
from normalizer.errors import InvalidInput
from normalizer.extraction import check_id_number, parse_phone
from normalizer.record import ReporterKind, WebIntake

__all__ = ["validate_identity", "web_routes"]


def validate_identity(intake: WebIntake, prefix: str = "$.complainant") -> None:
    """Refuse what the reporter can fix: a bad ID checksum or an unusable phone number."""
    c = intake.complainant
    if c.kind == ReporterKind.ANONYMOUS:
        return
    if c.id_number:
        found = check_id_number(c.id_number)
        if not found.valid:
            message = found.problems[0].message_zh if found.problems else "身份证号码无效。"
            raise InvalidInput(
                "identity_invalid", message, "The resident ID number is not valid.",
                field=f"{prefix}.id_number",
            )
    if c.phone and parse_phone(c.phone) is None:
        raise InvalidInput(
            "phone_invalid", "电话号码格式不正确，请填写手机号或带区号的固定电话。",
            "The phone number is not valid.", field=f"{prefix}.phone",
        )


def web_routes(
    submit: Submit, decode: Callable[[bytes, type[Any]], Any]
) -> list[web.RouteDef]:
    async def submit_json(request: web.Request) -> web.Response:
        body = await request.read()
        intake: WebIntake = decode(body, WebIntake)
        validate_identity(intake)
        receipt = await submit(
            intake,
            [Upload(body, "application/json", role="document")],
            actor="web:api",
            idempotency_key=_idempotency(request),
            query_code=True,
        )
        payload: dict[str, Any] = {
            "intake_no": receipt.intake_no,
            "received_at": receipt.received_at.isoformat(),
            "duplicate": receipt.duplicate,
        }
        if receipt.query_code:
            payload["query_code"] = receipt.query_code
        return web.json_response(payload, status=200 if receipt.duplicate else 201)

    return [web.post("/api/v1/complaints", submit_json, name="web.submit_json")]


def _idempotency(request: web.Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 8 <= len(key) <= 200:
        raise InvalidInput(
            "idempotency_key_invalid", "Idempotency-Key 长度应为 8 到 200 个字符。",
            "Idempotency-Key must be 8 to 200 characters.", field="Idempotency-Key",
        )
    return f"web:{key}"
