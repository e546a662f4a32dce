"""The letter adapter: scanned files (+ station metadata) -> a ``LetterIntake`` and its pages.

Shared by the HTTP upload and scan-to-email. Every file is checked by content before anything
is stored (type, integrity, pixel limit, page count, encrypted PDFs), off the event loop, so a
station operator gets a clear refusal at once instead of a letter that later fails to OCR.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import msgspec

from channels.contract import Upload
from channels.letter_ocr.pages import DEFAULT_MAX_OBJECTS, inspect
from channels.sandbox import DEFAULT_LIMITS, DecodeLimits
from normalizer.errors import InvalidInput, TooLarge, validation_zh
from normalizer.record import Handover, LetterIntake, SealMark, check_handover

__all__ = ["LetterLimits", "StationMetadata", "check_pages", "decode_metadata"]

_EXTENSIONS = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class LetterLimits:
    max_pages: int
    max_pixels: int
    # Pixels the OCR job will decode for the whole letter: 100 pages each under the page
    # limit would still be 8 Gpx of work, far beyond any real letter.
    max_letter_pixels: int = 1_000_000_000
    max_objects: int = DEFAULT_MAX_OBJECTS
    decode: DecodeLimits | None = DEFAULT_LIMITS


class StationMetadata(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What a scanning station may say about a letter, all optional. ``station_id`` is
    accepted for compatibility and ignored: the station is the one the API key names."""

    station_id: str | None = None
    barcode: str | None = None
    date_stamp: str | None = None
    pages_expected: int | None = None
    # "涉及上级管理干部或本机关主要负责人", marked on the envelope before it is opened: the
    # letter takes the sealed path and is never read by OCR (domain.md §5.3).
    sealed: SealMark | None = None
    # A letter another unit handed over (有关单位移交, 上级转办/交办): origin, unit, document
    # number, date, its own item number, and for a 上级交办 the 报结 day the higher organ set.
    handover: Handover | None = None


def decode_metadata(body: str | None) -> StationMetadata:
    if not body:
        return StationMetadata()
    meta = _decode(body)
    if meta.handover is not None:
        today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
        problems = check_handover(meta.handover, today)
        if problems:
            name, message = next(iter(problems.items()))
            raise InvalidInput(
                "handover_invalid",
                f"信件元数据的移交信息有误：{message}",
                f"metadata.handover.{name} is not valid.",
                field=f"metadata.handover.{name}",
            )
    return meta


def _decode(body: str) -> StationMetadata:
    try:
        meta = msgspec.json.decode(body, type=StationMetadata)
        if meta.date_stamp is not None:
            msgspec.convert({"date_stamp": meta.date_stamp}, LetterIntake)
    except msgspec.MsgspecError as exc:
        raise InvalidInput(
            "metadata_invalid",
            f"信件元数据不符合要求：{validation_zh(str(exc))}。",
            f"Letter metadata invalid: {exc}",
            field="metadata",
        ) from None
    return meta


def _check_one(
    name: str | None, data: bytes, limits: LetterLimits, remaining: int
) -> tuple[Upload, int, int]:
    info = inspect(
        data,
        max_pages=remaining,
        max_pixels=limits.max_pixels,
        max_objects=limits.max_objects,
        limits=limits.decode,
    )
    claimed = _EXTENSIONS.get(PurePosixPath(name or "").suffix.lower())
    if claimed is not None and claimed != info.media_type:
        raise InvalidInput(
            "type_mismatch",
            f"文件“{name}”的内容是 {info.media_type}，与文件名不符，请检查扫描仪设置后重传。",
            f"The content of {name!r} is {info.media_type}, which does not match its name.",
            field="page",
        )
    return Upload(data, info.media_type, role="page", filename=name), info.pages, info.pixels


def _check_all(
    files: Sequence[tuple[str | None, bytes]], limits: LetterLimits
) -> list[tuple[Upload, int]]:
    out: list[tuple[Upload, int]] = []
    used = 0
    pixels = 0
    for name, data in files:
        if used >= limits.max_pages:
            raise TooLarge(
                "too_many_pages",
                f"一封信最多 {limits.max_pages} 页。",
                f"A letter may have at most {limits.max_pages} pages.",
                field="page",
            )
        upload, pages, file_pixels = _check_one(name, data, limits, limits.max_pages - used)
        used += pages
        pixels += file_pixels
        if pixels > limits.max_letter_pixels:
            raise TooLarge(
                "letter_too_large",
                f"这封信的扫描件合计像素过多（上限 {limits.max_letter_pixels:,} 像素），"
                "请以 300 dpi 灰度重新扫描。",
                f"The scans of this letter have more than {limits.max_letter_pixels:,} pixels "
                "in all; rescan at 300 dpi greyscale.",
                field="page",
            )
        out.append((upload, pages))
    return out


async def check_pages(
    files: Sequence[tuple[str | None, bytes]], limits: LetterLimits
) -> list[Upload]:
    """All files of one letter, checked in a worker thread; raises on the first bad one."""
    if not files:
        raise InvalidInput(
            "no_pages",
            "没有可用的扫描件：请附上 PDF、TIFF、JPEG 或 PNG 文件。",
            "No usable scan: attach PDF, TIFF, JPEG or PNG files.",
            field="page",
        )
    checked = await asyncio.to_thread(_check_all, files, limits)
    return [upload for upload, _ in checked]
