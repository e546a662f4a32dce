"""``POST /api/v1/calls``: the hotline system hands over one recording with its metadata.

multipart/form-data with a ``metadata`` JSON part and a ``recording`` file part. The call id is
the idempotency key, so a hotline that retries after a timeout never creates a second record.
"""

from __future__ import annotations

from aiohttp import web

from channels.contract import Submit
from channels.multipart import PartLimits, read_parts
from channels.phone.adapter import CallLimits, capture, idempotency_key
from normalizer.errors import InvalidInput

__all__ = ["phone_routes"]


def phone_routes(submit: Submit, limits: CallLimits, part_limits: PartLimits) -> list[web.RouteDef]:
    async def upload_call(request: web.Request) -> web.Response:
        parts = await read_parts(request, part_limits, file_fields=frozenset({"recording"}))
        if "metadata" not in parts.fields:
            raise InvalidInput(
                "metadata_missing",
                "缺少通话元数据（metadata）。",
                "The metadata part is missing.",
                field="metadata",
            )
        if len(parts.files) != 1:
            raise InvalidInput(
                "recording_missing",
                "请上传且只上传一个通话录音（recording）。",
                "Send exactly one recording part.",
                field="recording",
            )
        intake, upload = await capture(
            parts.fields["metadata"].encode(), parts.files[0].data, limits
        )
        receipt = await submit(
            intake, [upload], actor="hotline", idempotency_key=idempotency_key(intake)
        )
        return web.json_response(
            {
                "intake_no": receipt.intake_no,
                "received_at": receipt.received_at.isoformat(),
                "duplicate": receipt.duplicate,
            },
            status=200 if receipt.duplicate else 201,
        )

    return [web.post("/api/v1/calls", upload_call, name="phone.upload")]
