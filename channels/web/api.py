"""The web channel's API: ``POST /api/v1/complaints`` (JSON or multipart), ``POST /api/v1/status``.

The reporter gets the intake number and a query code (shown once). The request body itself is
kept as an original, so what the reporter sent can always be shown byte for byte. Identity
fields are checked here because, unlike a letter, a web reporter can still correct them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from aiohttp import web

from channels.contract import Submit, Upload
from channels.uploads import Limits, open_multipart
from channels.web.abuse import Guards, check, client_key
from channels.web.identity import validate_identity
from channels.web.status import StatusLookup
from normalizer.errors import InvalidInput, NotFound
from normalizer.record import WebIntake

__all__ = ["StageReply", "StatusQuery", "StatusReply", "validate_identity", "web_routes"]


class StatusQuery(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The query code travels in the body, never in the URL, so it never lands in access logs."""

    query_code: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class StageReply(msgspec.Struct, kw_only=True):
    """One stage the reporter may know (``channels.web.status.PUBLIC_STAGES``), by its day in
    Beijing time."""

    stage: str
    label: str
    on: str  # YYYY-MM-DD


class StatusReply(msgspec.Struct, kw_only=True):
    status: str
    status_zh: str
    received_at: str
    feedback: str | None = None
    stages: list[StageReply] = []


def web_routes(
    submit: Submit,
    decode: Callable[[bytes, type[Any]], Any],
    *,
    guards: Guards,
    limits: Limits,
    lookup: StatusLookup,
) -> list[web.RouteDef]:
    """JSON or multipart submission, and status by query code; rate-limited per client."""

    async def submit_complaint(request: web.Request) -> web.Response:
        await check(guards.submissions, client_key(request))
        if request.content_type == "multipart/form-data":
            stream = await open_multipart(request, limits)
            await stream.rest()
            part = stream.result.fields.get("complaint")
            if part is None:
                raise InvalidInput(
                    "field_required",
                    "缺少 complaint 部分（JSON）。",
                    "The multipart body needs a `complaint` JSON part.",
                    field="complaint",
                )
            body = part.encode()
            attachments = stream.result.uploads
        else:
            body = await request.read()
            attachments = []
        intake: WebIntake = decode(body, WebIntake)
        if intake.handover is not None:
            # Only staff say an item was handed over (and when a higher organ wants its 报结):
            # a member of the public claiming 上级交办 would jump every queue.
            raise InvalidInput(
                "handover_not_public",
                "移交信息只能由工作人员登记。",
                "A handover can only be registered by staff (POST /api/v1/handovers).",
                field="$.handover",
            )
        validate_identity(intake)
        receipt = await submit(
            intake,
            [Upload(body, "application/json", role="document"), *attachments],
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

    async def status(request: web.Request) -> web.Response:
        await check(guards.lookups, client_key(request))
        query: StatusQuery = decode(await request.read(), StatusQuery)
        found = await lookup(query.query_code)
        if found is None:
            raise NotFound(
                "query_code_unknown",
                "未查到该查询码对应的举报，请核对后重新输入。",
                "No report has this query code.",
                field="$.query_code",
            )
        reply = StatusReply(
            status=found.status,
            status_zh=found.status_zh,
            received_at=found.received_at.isoformat(),
            feedback=found.feedback,
            stages=[
                StageReply(stage=s.code, label=s.label, on=s.on.isoformat()) for s in found.stages
            ],
        )
        return web.Response(body=msgspec.json.encode(reply), content_type="application/json")

    return [
        web.post("/api/v1/complaints", submit_complaint, name="web.submit_json"),
        web.post("/api/v1/status", status, name="web.status_json"),
    ]


def _idempotency(request: web.Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not 8 <= len(key) <= 200:
        raise InvalidInput(
            "idempotency_key_invalid",
            "Idempotency-Key 长度应为 8 到 200 个字符。",
            "Idempotency-Key must be 8 to 200 characters.",
            field="Idempotency-Key",
        )
    return f"web:{key}"
