"""Streaming multipart reading for machine uploads (letters, calls), bytes counted as they come.

aiohttp's ``client_max_size`` does not cover a streamed multipart body, so each part is read
in chunks and the read stops at the first byte over a limit: an oversized upload is refused
without ever sitting whole in memory, and before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import BodyPartReader, web

from normalizer.errors import InvalidInput, TooLarge

__all__ = ["FilePart", "PartLimits", "Parts", "read_parts"]

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class PartLimits:
    max_total_bytes: int
    max_file_bytes: int
    max_files: int
    max_field_bytes: int = 256 * 1024


@dataclass(frozen=True)
class FilePart:
    field: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Parts:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[FilePart] = field(default_factory=list)


def _malformed() -> InvalidInput:
    return InvalidInput(
        "multipart_invalid",
        "上传内容不是有效的 multipart/form-data。",
        "The body is not valid multipart/form-data.",
    )


def _too_large(what: str, limit: int) -> TooLarge:
    mb = limit / 1_000_000
    return TooLarge(
        "too_large",
        f"上传内容过大：{what}不能超过 {mb:g} MB。",
        f"Upload too large: {what} may not exceed {mb:g} MB.",
    )


async def read_parts(
    request: web.Request, limits: PartLimits, *, file_fields: frozenset[str]
) -> Parts:
    """Fields named in ``file_fields`` are files (in order); every other part is UTF-8 text."""
    if not request.content_type.startswith("multipart/"):
        raise InvalidInput(
            "multipart_required",
            "请以 multipart/form-data 上传。",
            "Send the upload as multipart/form-data.",
        )
    if request.content_length is not None and request.content_length > limits.max_total_bytes:
        raise _too_large("整个上传", limits.max_total_bytes)
    try:
        reader = await request.multipart()
    except (AssertionError, ValueError, KeyError):
        raise _malformed() from None
    parts = Parts()
    total = 0
    while True:
        try:
            part = await reader.next()
        except (AssertionError, ValueError, RuntimeError):
            raise _malformed() from None
        if part is None:
            return parts
        if not isinstance(part, BodyPartReader):
            raise _malformed()
        is_file = part.name in file_fields
        limit = limits.max_file_bytes if is_file else limits.max_field_bytes
        buf = bytearray()
        while chunk := await part.read_chunk(_CHUNK):
            buf += chunk
            total += len(chunk)
            if len(buf) > limit:
                raise _too_large("单个文件" if is_file else "单个字段", limit)
            if total > limits.max_total_bytes:
                raise _too_large("整个上传", limits.max_total_bytes)
        if is_file:
            if len(parts.files) >= limits.max_files:
                raise TooLarge(
                    "too_many_files",
                    f"文件太多：一次最多上传 {limits.max_files} 个。",
                    f"Too many files: at most {limits.max_files} per upload.",
                    field=part.name,
                )
            parts.files.append(
                FilePart(
                    part.name or "", part.filename, part.headers.get("Content-Type"), bytes(buf)
                )
            )
        elif part.name:
            try:
                parts.fields[part.name] = buf.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput(
                    "encoding_invalid",
                    f"字段 {part.name} 不是 UTF-8 文本。",
                    f"Field {part.name} is not UTF-8 text.",
                    field=part.name,
                ) from None
