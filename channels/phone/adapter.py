"""The phone adapter: call metadata + recording -> a ``PhoneIntake`` and its original.

Shared by the HTTP upload and the spool folder, so both refuse exactly the same things. The
recording is fully decoded once here (off the event loop) to prove it is usable audio of an
acceptable length before the hotline is told that the call is safe with us.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import msgspec

from channels.contract import Upload
from channels.phone.audio import AudioFormat, probe
from channels.sandbox import DEFAULT_LIMITS, DecodeLimits
from normalizer.errors import InvalidInput, TooLarge, validation_zh
from normalizer.extraction import parse_phone
from normalizer.record import PhoneIntake, SealMark

__all__ = ["CallLimits", "CallMetadata", "capture", "idempotency_key"]

_WITHHELD = {"", "withheld", "anonymous", "unknown", "private", "restricted", "未知", "隐藏"}
_MEDIA = {"wav": "audio/wav", "mp3": "audio/mpeg", "amr": "audio/amr"}


@dataclass(frozen=True)
class CallLimits:
    max_seconds: float
    fmt: AudioFormat = field(default_factory=AudioFormat)
    decode: DecodeLimits | None = DEFAULT_LIMITS


class CallMetadata(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What the hotline system says about a call; only ``call_id`` is required."""

    call_id: str
    caller_number: str | None = None
    called_line: str | None = None
    started_at: str | None = None
    duration_s: float | None = None
    agent_id: str | None = None
    caller_channel: int | None = None
    # The agent's mark "涉及上级管理干部或本机关主要负责人": the call takes the sealed path and
    # is never transcribed (domain.md §5.3).
    sealed: SealMark | None = None


def _invalid(exc: msgspec.ValidationError) -> InvalidInput:
    return InvalidInput(
        "metadata_invalid",
        f"通话元数据不符合要求：{validation_zh(str(exc))}。",
        f"Call metadata invalid: {exc}",
        field="metadata",
    )


def _metadata(body: bytes) -> CallMetadata:
    try:
        meta = msgspec.json.decode(body, type=CallMetadata)
    except msgspec.ValidationError as exc:
        raise _invalid(exc) from None
    except msgspec.DecodeError:
        raise InvalidInput(
            "metadata_invalid",
            "通话元数据不是有效的 JSON。",
            "Call metadata is not valid JSON.",
            field="metadata",
        ) from None
    if not meta.call_id.strip() or len(meta.call_id) > 200:
        raise InvalidInput(
            "metadata_invalid",
            "缺少通话编号 call_id。",
            "call_id is required.",
            field="metadata.call_id",
        )
    return meta


def _to_intake(meta: CallMetadata, limits: CallLimits) -> PhoneIntake:
    caller = (meta.caller_number or "").strip()
    if caller.lower() in _WITHHELD:
        caller_number = None
    else:
        found = parse_phone(caller)
        if found is None:
            raise InvalidInput(
                "caller_number_invalid",
                f"来电号码无法识别：{caller[:40]}",
                "The caller number cannot be parsed.",
                field="metadata.caller_number",
            )
        caller_number = found.e164
    if meta.duration_s is not None and not 0 <= meta.duration_s <= limits.max_seconds:
        raise TooLarge(
            "audio_too_long",
            f"通话时长 {meta.duration_s:g} 秒不合理（上限 {limits.max_seconds:g} 秒）。",
            f"Call duration {meta.duration_s:g} s is out of range (max {limits.max_seconds:g} s).",
            field="metadata.duration_s",
        )
    if meta.caller_channel not in (None, 0, 1):
        raise InvalidInput(
            "metadata_invalid",
            "caller_channel 只能是 0、1 或留空。",
            "caller_channel must be 0, 1 or null.",
            field="metadata.caller_channel",
        )
    try:
        return msgspec.convert(
            {
                "call_id": meta.call_id.strip(),
                "caller_number": caller_number,
                "called_line": meta.called_line,
                "started_at": meta.started_at,
                "duration_s": meta.duration_s,
                "agent_id": meta.agent_id,
                "caller_channel": meta.caller_channel,
                "sealed": meta.sealed,
            },
            PhoneIntake,
        )
    except msgspec.ValidationError as exc:
        raise _invalid(exc) from None


async def capture(
    metadata: bytes, recording: bytes, limits: CallLimits
) -> tuple[PhoneIntake, Upload]:
    intake = _to_intake(_metadata(metadata), limits)
    info = await asyncio.to_thread(
        probe,
        recording,
        max_duration_s=limits.max_seconds,
        fmt=limits.fmt,
        limits=limits.decode,
    )
    if intake.caller_channel is not None and info.channels != 2:
        intake = msgspec.structs.replace(intake, caller_channel=None)
    media = _MEDIA.get(info.format.split(",")[0], "application/octet-stream")
    return intake, Upload(recording, media, role="recording", filename=f"{intake.call_id}.audio")


def idempotency_key(intake: PhoneIntake) -> str:
    return f"call:{intake.call_id}"
