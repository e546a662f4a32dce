"""``POST /api/v1/letters``: a scanning station uploads one letter, its files in page order.

multipart/form-data: optional ``metadata`` JSON (station id, envelope barcode, date stamp,
pages expected) and one or more ``page`` files. An ``Idempotency-Key`` header (or the
envelope barcode) makes a retried upload a no-op.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from aiohttp import web

from channels.contract import Submit, Upload
from channels.letter_ocr.adapter import LetterLimits, check_pages, decode_metadata
from channels.uploads import Limits, open_multipart
from normalizer.record import LetterIntake

__all__ = ["letter_routes"]


def _keep(data: bytes, name: str | None) -> Upload:
    """The bytes as they came; ``check_pages`` inspects every page before anything is stored."""
    return Upload(data, "application/octet-stream", role="page", filename=name)


def letter_routes(
    submit: Submit,
    limits: LetterLimits,
    part_limits: Limits,
    who: Callable[[web.Request], str],
) -> list[web.RouteDef]:
    async def upload_letter(request: web.Request) -> web.Response:
        stream = await open_multipart(request, part_limits, file_field="page", accept=_keep)
        await stream.rest()
        parts = stream.result
        meta = decode_metadata(parts.fields.get("metadata"))
        uploads = await check_pages([(u.filename, u.data) for u in parts.uploads], limits)
        # Who uploaded is the authenticated key, never what its metadata claims: the actor
        # and the duplicate key must not be forgeable by another station.
        station = who(request)
        intake = msgspec.convert(
            {
                "source": "upload",
                "station_id": station,
                "barcode": meta.barcode,
                "date_stamp": meta.date_stamp,
                "pages_expected": meta.pages_expected,
                "sealed": meta.sealed,
                "handover": meta.handover,
            },
            LetterIntake,
        )
        key = request.headers.get("Idempotency-Key") or meta.barcode
        receipt = await submit(
            intake,
            uploads,
            actor=f"station:{station}",
            idempotency_key=f"letter:{station}:{key}" if key else None,
        )
        return web.json_response(
            {
                "intake_no": receipt.intake_no,
                "received_at": receipt.received_at.isoformat(),
                "duplicate": receipt.duplicate,
                "files": len(uploads),
            },
            status=200 if receipt.duplicate else 201,
        )

    return [web.post("/api/v1/letters", upload_letter, name="letter.upload")]
