"""``intake-gateway extract``: one file through the same adapter, engine and normalizer, offline.

A ``.txt`` file is taken as text already transcribed for that channel; a ``.json`` file as the
channel's structured input; anything else as an original for the channel's engine.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

import msgspec

from gateway.app import work_calendar
from gateway.registry import extractor_for
from gateway.settings import Settings
from gateway.storage import SHANGHAI
from normalizer.errors import InvalidInput, validation_zh
from normalizer.normalize import NormalizeContext, normalize
from normalizer.record import (
    ComplainantInput,
    ComplaintRecord,
    ExtractedText,
    LetterIntake,
    Original,
    PhoneIntake,
    RawIntake,
    ReporterKind,
    VisitIntake,
    WebIntake,
)

__all__ = ["extract_file"]

_RAW_TYPES: dict[str, type[RawIntake]] = {  # type: ignore[valid-type]
    "web": WebIntake,
    "visit": VisitIntake,
    "letter": LetterIntake,
    "phone": PhoneIntake,
}


def extract_file(
    settings: Settings, channel: str, name: str, data: bytes, *, now: datetime
) -> ComplaintRecord:
    text: ExtractedText | None = None
    originals: list[Original] = []
    raw: RawIntake
    if name.endswith(".txt"):
        body = data.decode("utf-8", errors="replace")
        if channel == "web":
            raw = WebIntake(
                main_problem=body, complainant=ComplainantInput(kind=ReporterKind.PERSON)
            )
        elif channel == "visit":
            raw = VisitIntake(visitors=[], matter=body, entered_by="offline")
        else:
            raw = _bare(channel)
            text = ExtractedText(text=body, engine="text-file")
    elif name.endswith(".json") and channel in ("web", "visit"):
        try:
            raw = msgspec.json.decode(data, type=_RAW_TYPES[channel])
        except msgspec.MsgspecError as exc:
            raise InvalidInput(
                "malformed_json", f"JSON 无效：{validation_zh(str(exc))}。", f"invalid JSON: {exc}"
            ) from None
    else:
        raw = _bare(channel)
        media = "application/octet-stream"
        original = Original(
            sha256=hashlib.sha256(data).hexdigest(),
            media_type=media,
            size=len(data),
            role="recording" if channel == "phone" else "page",
            filename=name,
        )
        originals = [original]
        text = extractor_for(channel, settings).extract(raw, [(original, data)])
    ctx = NormalizeContext(
        record_id=str(uuid.uuid4()),
        intake_no="OFFLINE",
        received_at=now.astimezone(SHANGHAI),
        originals=originals,
        higher_level_threshold=settings.higher_level_threshold,
        min_confidence={
            "letter": settings.ocr_min_confidence / 100,
            "phone": settings.asr_min_confidence,
        }.get(channel, 0.0),
        group_visit_threshold=settings.group_visit_threshold,
        calendar=work_calendar(settings),
    )
    return normalize(raw, text, ctx)


def _bare(channel: str) -> RawIntake:
    if channel == "phone":
        return PhoneIntake(call_id="offline")
    if channel == "letter":
        return LetterIntake(source="upload")
    raise InvalidInput(
        "unsupported_type",
        "该渠道只接受 .txt 或 .json 文件。",
        "This channel takes .txt or .json files only.",
    )
