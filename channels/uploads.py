"""Streaming multipart reading with byte limits, and attachment checks by content.

aiohttp's ``client_max_size`` covers ``request.post()`` only, not a streamed multipart body,
so every byte is counted here as it arrives and the read stops at the first one over a limit.
The type of an attachment is decided by its magic bytes, never by its name or declared type.
Images are checked against decompression bombs from their header alone (no decoding), with
the pixel limit passed in: Pillow's global ``MAX_IMAGE_PIXELS`` is never touched.
Every refusal is an ``InvalidInput`` subclass with a Chinese message, raised before
``submit()``, so nothing half-stored remains. Image headers are read in a confined child
(``channels.sandbox``): even reading a TIFF's headers walks one IFD per page, and a file
of 100,000 tiny pages must cost one refusal, not minutes of the gateway's CPU.
"""

from __future__ import annotations

import asyncio
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import BodyPartReader, MultipartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from PIL import Image

from channels.contract import Upload
from channels.media import scan_type
from channels.sandbox import DEFAULT_LIMITS, DecodeLimits
from channels.sandbox import run as run_confined
from normalizer.errors import InvalidInput, TooLarge, UnsupportedMedia

__all__ = [
    "ALLOWED_TYPES",
    "Limits",
    "Multipart",
    "MultipartStream",
    "check_attachment",
    "open_multipart",
    "sniff",
]

# media type -> what the public page says
ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
    "text/plain": "TXT（UTF-8 文本）",
}
_IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/tiff": "TIFF"}
_CHUNK = 64 * 1024
# An attachment is a photo or a scan of a few pages; each TIFF page is a header to read.
MAX_ATTACHMENT_FRAMES = 1000


@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int
    max_file_bytes: int
    max_files: int
    max_image_pixels: int
    max_field_bytes: int = 64 * 1024
    max_fields_bytes: int = 1_000_000
    max_parts: int = 200  # names and headers of parts are not counted as field bytes
    decode: DecodeLimits | None = DEFAULT_LIMITS  # None: check images in this process


@dataclass
class Multipart:
    """What a multipart body held: text fields (last value wins) and checked uploads."""

    fields: dict[str, str] = field(default_factory=dict)
    uploads: list[Upload] = field(default_factory=list)


def sniff(data: bytes) -> str | None:
    """The media type by magic bytes; plain text only if it is valid UTF-8 without controls."""
    kind = scan_type(data)
    if kind is not None:
        return kind
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text and all(ch.isprintable() or ch in "\r\n\t\ufeff" for ch in text):
        return "text/plain"
    return None


def check_attachment(
    data: bytes,
    filename: str | None,
    max_image_pixels: int,
    decode: DecodeLimits | None = DEFAULT_LIMITS,
) -> Upload:
    """An ``Upload`` whose type comes from the content; refuses bombs and unknown types."""
    if not data:
        raise InvalidInput(
            "attachment_empty",
            "附件是空文件，请重新选择。",
            "The attachment is empty.",
            field="file",
        )
    media_type = sniff(data)
    if media_type is None:
        allowed = "、".join(ALLOWED_TYPES.values())
        raise UnsupportedMedia(
            "attachment_type",
            f"附件类型不支持，只接受 {allowed}（按文件内容判断，不看扩展名）。",
            "Unsupported attachment type (judged by content).",
            field="file",
        )
    if media_type in _IMAGE_FORMATS:
        fmt = _IMAGE_FORMATS[media_type]
        if decode is None:
            _check_image(data, fmt, max_image_pixels)
        else:
            run_confined(_check_image, decode, data, fmt, max_image_pixels)
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1][:200] or None
    return Upload(data, media_type, role="attachment", filename=name)


def _check_image(data: bytes, fmt: str, max_pixels: int) -> None:
    """Reads headers only; every frame of a TIFF counts, since each would be decoded later."""
    bomb = TooLarge(
        "image_too_large",
        f"图片像素过大（上限 {max_pixels:,} 像素），请缩小后再上传。",
        "The image has too many pixels (possible decompression bomb).",
        field="file",
    )
    broken = InvalidInput(
        "image_invalid", "图片文件已损坏或无法识别。", "The image cannot be read.", field="file"
    )
    try:
        # A header over Pillow's own global limit warns or raises before we can compare; both
        # mean "too many pixels", so they are turned into our refusal instead.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as img:
                # Seek frame by frame: ``n_frames`` walks every IFD before a cap could apply.
                for index in range(MAX_ATTACHMENT_FRAMES + 1):
                    if index:
                        try:
                            img.seek(index)
                        except EOFError:
                            break
                    if index == MAX_ATTACHMENT_FRAMES:
                        raise TooLarge(
                            "too_many_pages",
                            f"图片文件页数过多（上限 {MAX_ATTACHMENT_FRAMES} 页）。",
                            f"The image has more than {MAX_ATTACHMENT_FRAMES} pages.",
                            field="file",
                        )
                    width, height = img.size
                    if width < 1 or height < 1:
                        raise broken
                    if width * height > max_pixels:
                        raise bomb
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except InvalidInput:
        raise
    except (OSError, ValueError, SyntaxError, EOFError):
        raise broken from None


def _too_large(what: str, limit: int) -> TooLarge:
    mb = limit / 1_000_000
    shown = f"{mb:g} MB" if limit >= 100_000 else f"{limit:,} 字节"
    messages = {
        "file": (f"单个附件不能超过 {shown}。", "An attachment is larger than allowed."),
        "upload": (f"附件总大小不能超过 {shown}。", "The upload is larger than allowed."),
        "fields": ("填写的内容过长。", "The form fields are too large."),
    }
    zh, en = messages[what]
    return TooLarge("too_large", zh, en, field="file" if what != "fields" else None)


Accept = Callable[[bytes, str | None], Upload]


async def open_multipart(
    request: web.Request,
    limits: Limits,
    *,
    file_field: str = "file",
    accept: Accept | None = None,
) -> MultipartStream:
    """Starts reading a multipart body; refuses at once a declared length over the limits.

    ``accept`` turns each file part into an ``Upload`` or refuses it; by default it is the
    public attachment check (type by content, image bombs). Channels with their own checks
    (scanned pages, recordings) pass one that keeps the bytes for a later, deeper check.
    """
    if request.content_length is not None and request.content_length > (
        limits.max_upload_bytes + limits.max_fields_bytes
    ):
        raise _too_large("upload", limits.max_upload_bytes)
    try:
        reader = await request.multipart()
    except (AssertionError, ValueError, KeyError, HttpProcessingError):
        raise InvalidInput(
            "multipart_invalid", "上传内容格式错误。", "The multipart body is malformed."
        ) from None
    return MultipartStream(reader, limits, file_field, accept)


class MultipartStream:
    """Reads parts in order, counting bytes as they stream; results collect in ``.result``.

    ``first(name)`` reads one leading text part (the CSRF token) so that the caller can refuse
    a forged request before a single file byte is accepted; ``rest()`` reads everything else.
    """

    def __init__(
        self,
        reader: MultipartReader,
        limits: Limits,
        file_field: str = "file",
        accept: Accept | None = None,
    ):
        self.reader = reader
        self.limits = limits
        self.file_field = file_field
        self._accept: Accept = accept or (
            lambda data, name: check_attachment(data, name, limits.max_image_pixels, limits.decode)
        )
        self.result = Multipart()
        self.upload_bytes = 0
        self.field_bytes = 0
        self.parts = 0

    async def first(self, name: str) -> str | None:
        part = await self._next()
        if part is None:
            return None
        if part.name == name and part.filename is None:
            value = await self._text(part)
            self.result.fields[name] = value
            return value
        await part.release()
        return None

    async def rest(self) -> None:
        out = self.result
        while (part := await self._next()) is not None:
            if part.name == self.file_field and part.filename is not None:
                data = await self._file(part)
                # A browser sends an empty, unnamed part for an empty file input: skip it.
                if data or part.filename:
                    if len(out.uploads) >= self.limits.max_files:
                        raise TooLarge(
                            "too_many_files",
                            f"附件最多 {self.limits.max_files} 个。",
                            f"At most {self.limits.max_files} files.",
                            field=self.file_field,
                        )
                    # Sniffing and image checks are CPU work: off the event loop.
                    out.uploads.append(await asyncio.to_thread(self._accept, data, part.filename))
            elif part.filename is None and part.name:
                out.fields[part.name] = await self._text(part)
            else:
                await part.release()

    async def _next(self) -> BodyPartReader | None:
        self.parts += 1
        if self.parts > self.limits.max_parts:
            raise TooLarge(
                "too_many_parts",
                "提交的内容项过多。",
                f"Too many parts in one upload (at most {self.limits.max_parts}).",
            )
        try:
            part = await self.reader.next()
        except (ValueError, AssertionError, RuntimeError, HttpProcessingError):
            raise InvalidInput(
                "multipart_invalid", "上传内容格式错误。", "The multipart body is malformed."
            ) from None
        if part is None:
            return None
        if not isinstance(part, BodyPartReader):
            raise InvalidInput(
                "multipart_invalid", "上传内容格式错误（不支持嵌套）。", "Nested multipart."
            )
        return part

    async def _text(self, part: BodyPartReader) -> str:
        data = await self._stream(part, self.limits.max_field_bytes, "fields")
        self.field_bytes += len(data)
        if self.field_bytes > self.limits.max_fields_bytes:
            raise _too_large("fields", self.limits.max_fields_bytes)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(
                "encoding_invalid",
                "提交的文字不是 UTF-8 编码。",
                "Fields must be UTF-8.",
                field=part.name,
            ) from None

    async def _file(self, part: BodyPartReader) -> bytes:
        data = await self._stream(part, self.limits.max_file_bytes, "file")
        self.upload_bytes += len(data)
        if self.upload_bytes > self.limits.max_upload_bytes:
            raise _too_large("upload", self.limits.max_upload_bytes)
        return data

    async def _stream(self, part: BodyPartReader, limit: int, what: str) -> bytes:
        buf = bytearray()
        total_left = self.limits.max_upload_bytes - self.upload_bytes
        while chunk := await _chunk(part):
            buf += chunk
            if len(buf) > limit:
                raise _too_large(what, limit)
            if what == "file" and len(buf) > total_left:
                raise _too_large("upload", self.limits.max_upload_bytes)
        return bytes(buf)


async def _chunk(part: BodyPartReader) -> bytes:
    try:
        return await part.read_chunk(_CHUNK)
    except (ValueError, AssertionError, RuntimeError, HttpProcessingError):
        raise InvalidInput(
            "multipart_invalid", "上传内容格式错误。", "The multipart body is malformed."
        ) from None
