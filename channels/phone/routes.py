"""``POST /api/v1/calls``: the hotline system hands over one recording with its metadata.

multipart/form-data with a ``metadata`` JSON part and a ``recording`` file part. The call id is
the idempotency key, so a hotline that retries after a timeout never creates a second record.
"""

from __future__ import annotations

from aiohttp import web

from channels.contract import Submit, Upload
from channels.phone.adapter import CallLimits, capture, idempotency_key
from channels.uploads import Limits, open_multipart
from normalizer.errors import InvalidInput

__all__ = ["phone_routes"]


def _keep(data: bytes, name: str | None) -> Upload:
    """The bytes as they came; ``capture`` decodes them fully before anything is stored."""
    return Upload(data, "application/octet-stream", role="recording", filename=name)


def phone_routes(submit: Submit, limits: CallLimits, part_limits: Limits) -> list[web.RouteDef]:
    async def upload_call(request: web.Request) -> web.Response:
        stream = await open_multipart(request, part_limits, file_field="recording", accept=_keep)
        await stream.rest()
        parts = stream.result
        if "metadata" not in parts.fields:
            raise InvalidInput(
                "metadata_missing",
                "缺少通话元数据（metadata）。",
                "The metadata part is missing.",
                field="metadata",
            )
        if len(parts.uploads) != 1:
            raise InvalidInput(
                "recording_missing",
                "请上传且只上传一个通话录音（recording）。",
                "Send exactly one recording part.",
                field="recording",
            )
        intake, upload = await capture(
            parts.fields["metadata"].encode(), parts.uploads[0].data, limits
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
