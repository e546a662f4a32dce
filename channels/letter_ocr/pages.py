"""Checks an uploaded letter file and splits it into pages, typed by content, never by name.

Accepted: PNG, JPEG, TIFF (multi-page, any compression libtiff reads, CCITT G4 included)
and PDF (rendered with PDFium at 300 dpi; a page with a real text layer yields its text
and needs no OCR). ``inspect`` runs at upload time, before the acknowledgement, so it
reads headers and checks integrity cheaply; ``iter_pages`` decodes one page at a time in
the worker. Refusals are ``normalizer.errors`` with these codes:

    file_empty        InvalidInput      zero bytes
    unsupported_type  UnsupportedMedia  not PNG, JPEG, TIFF or PDF (whatever the file name)
    file_corrupt      InvalidInput      truncated or damaged image or PDF
    pdf_encrypted     InvalidInput      PDF that needs a password to open
    too_many_pages    TooLarge          more pages than ``max_pages``
    image_too_large   TooLarge          a page over ``max_pixels`` (decompression bombs,
                                        absurd PDF page sizes)

    letter_too_large  TooLarge          (``check_pages``) more pixels in one letter than allowed
    file_too_complex  TooComplex        decoding would exceed the decoder's memory, CPU or
                                        time limit, or a PDF page holds more objects or
                                        deeper nested forms than any scan has

Pillow's global ``Image.MAX_IMAGE_PIXELS`` is neither relied on nor changed: images are
opened with their format plugin directly (``Image.open`` would apply the global limit)
and checked against the ``max_pixels`` the caller passes.

Both ``inspect`` and ``iter_pages`` decode in a confined child process (``channels.sandbox``)
unless ``limits=None``: a 2 KB PDF whose forms draw each other ten times, eight levels deep,
needs more than 6 GB to render, and must cost one refused file, not the gateway. Limits are
also put on what is decoded rather than what is declared: TIFF pages are counted by walking
the IFDs only up to the cap (``n_frames`` would walk 100,000 of them), every PDF page is
loaded and its objects counted, nested forms included, and embedded images are measured.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from struct import error as struct_error

import msgspec
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin, TiffImagePlugin

from channels.media import scan_type
from channels.sandbox import DEFAULT_LIMITS, DecodeLimits, too_complex
from channels.sandbox import run as run_confined
from channels.sandbox import stream as stream_confined
from normalizer.errors import InvalidInput, TooLarge, UnsupportedMedia

__all__ = [
    "DEFAULT_MAX_OBJECTS",
    "DEFAULT_MAX_PIXELS",
    "MAX_FORM_DEPTH",
    "PDF_DPI",
    "FileInfo",
    "Page",
    "inspect",
    "iter_pages",
    "media_type",
]

PDF_DPI = 300.0
# An A3 sheet at 600 dpi is 70 Mpx; well above that is not a scan but an attack or an error.
DEFAULT_MAX_PIXELS = 100_000_000
# A scanned page is one image; a born-digital letter a few thousand glyphs. A PDF page with
# more objects (nested forms counted once per use) is built to exhaust the renderer.
DEFAULT_MAX_OBJECTS = 100_000
# What ``iter_pages`` decodes from one file at most, whatever reached storage: the upload
# check applies the configured (smaller) limits, these stop a file that bypassed it.
DEFAULT_MAX_FILE_PAGES = 1000
DEFAULT_MAX_FILE_PIXELS = 2_000_000_000
# Forms inside forms this deep occur in no letter; the bombs need depth to multiply.
MAX_FORM_DEPTH = 12
# Fewer characters than this on a PDF page is a header or a page number, not the letter.
_MIN_TEXT_LAYER_CHARS = 20

# PDFium is not thread-safe and its state is per process, so one lock per process guards
# every call into it (the worker pool decodes pages from several threads).
_PDFIUM_LOCK = threading.Lock()

# What Pillow raises on damaged data, depending on the plugin and where the damage is.
# UserWarning too: Pillow warns on corrupt EXIF/TIFF tags, and where warnings are errors
# (our test configuration, some deployments) that must still read as a corrupt file.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    struct_error,
    UserWarning,
)

_ImageOpener = Callable[[io.BytesIO], ImageFile.ImageFile]
_OPENERS: dict[str, _ImageOpener] = {
    "image/png": PngImagePlugin.PngImageFile,
    "image/jpeg": JpegImagePlugin.JpegImageFile,
    "image/tiff": TiffImagePlugin.TiffImageFile,
}


class FileInfo(msgspec.Struct, frozen=True, kw_only=True):
    """What the upload check learned: the real media type and the number of pages."""

    media_type: str
    pages: int
    pixels: int = 0  # pixels the OCR job will decode (PDF text-layer pages included)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One page: an image to OCR, or the text of a PDF text layer (``image`` is None)."""

    index: int
    image: Image.Image | None = None
    text: str | None = None
    dpi: float | None = None

    @property
    def needs_ocr(self) -> bool:
        return self.image is not None


def media_type(data: bytes) -> str:
    """The media type from the magic bytes; raises ``unsupported_type`` for anything else."""
    if not data:
        raise InvalidInput(
            "file_empty", "文件为空（0 字节），请重新扫描上传。", "The file is empty."
        )
    kind = scan_type(data)
    if kind is not None:
        return kind
    raise UnsupportedMedia(
        "unsupported_type",
        "文件格式不支持：请上传 PDF、TIFF、JPEG 或 PNG 格式的扫描件"
        "（以文件内容为准，与文件名无关）。",
        "Unsupported file type: send PDF, TIFF, JPEG or PNG scans "
        "(judged by the file's content, not its name).",
    )


def inspect(
    data: bytes,
    *,
    max_pages: int,
    max_pixels: int,
    max_objects: int = DEFAULT_MAX_OBJECTS,
    limits: DecodeLimits | None = DEFAULT_LIMITS,
) -> FileInfo:
    """Validates a file at upload time, in a confined child unless ``limits`` is None."""
    media_type(data)  # unknown types are refused here, without starting a child
    if limits is None:
        return _inspect(data, max_pages, max_pixels, max_objects)
    return run_confined(_inspect, limits, data, max_pages, max_pixels, max_objects)


def iter_pages(
    data: bytes,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_objects: int = DEFAULT_MAX_OBJECTS,
    max_pages: int = DEFAULT_MAX_FILE_PAGES,
    max_file_pixels: int = DEFAULT_MAX_FILE_PIXELS,
    limits: DecodeLimits | None = DEFAULT_LIMITS,
) -> Iterator[Page]:
    """Pages in order, decoded one at a time; re-checks sizes since files may come from storage.

    With ``limits`` (the default) the pages are decoded in a confined child and cross a
    pipe one by one; the shape is the same as decoding here.
    """
    media_type(data)
    if limits is None:
        return _iter_pages(data, max_pixels, max_objects, max_pages, max_file_pixels)
    return stream_confined(
        _iter_pages, limits, data, max_pixels, max_objects, max_pages, max_file_pixels
    )


def _inspect(data: bytes, max_pages: int, max_pixels: int, max_objects: int) -> FileInfo:
    kind = media_type(data)
    if kind == "application/pdf":
        count, pixels = _inspect_pdf(data, max_pages, max_pixels, max_objects)
        return FileInfo(media_type=kind, pages=count, pixels=pixels)
    pixels = 0
    with _open_image(data, kind) as img:
        count = _frames(img, max_pages)
        for frame in range(count):
            _seek(img, frame)
            _check_pixels(img.size, max_pixels)
            pixels += img.size[0] * img.size[1]
            _check_integrity(img, kind)
    return FileInfo(media_type=kind, pages=count, pixels=pixels)


def _iter_pages(
    data: bytes, max_pixels: int, max_objects: int, max_pages: int, max_file_pixels: int
) -> Iterator[Page]:
    decoded = 0
    for page in _decode_pages(data, max_pixels, max_objects, max_pages):
        if page.image is not None:
            decoded += page.image.width * page.image.height
            if decoded > max_file_pixels:
                raise too_complex(f"more than {max_file_pixels} pixels in one file")
        yield page


def _decode_pages(data: bytes, max_pixels: int, max_objects: int, max_pages: int) -> Iterator[Page]:
    kind = media_type(data)
    if kind == "application/pdf":
        yield from _pdf_pages(data, max_pixels, max_objects, max_pages)
        return
    with _open_image(data, kind) as img:
        frame = 0
        while _has_frame(img, frame):
            if frame >= max_pages:
                raise _too_many_pages_seen(max_pages)
            _check_pixels(img.size, max_pixels)
            dpi = _dpi(img)
            try:
                img.load()
                page = img.copy()
            except _DECODE_ERRORS as exc:
                raise _corrupt() from exc
            yield Page(index=frame, image=page, dpi=dpi)
            frame += 1


# --- images ----------------------------------------------------------------------------


def _open_image(data: bytes, kind: str) -> ImageFile.ImageFile:
    try:
        return _OPENERS[kind](io.BytesIO(data))
    except _DECODE_ERRORS as exc:
        raise _corrupt() from exc


def _frames(img: ImageFile.ImageFile, max_pages: int) -> int:
    """Frames counted by seeking one by one, stopping past ``max_pages``.

    Not ``n_frames``: for a TIFF it walks every IFD first, 100,000 of them in 130 s of CPU
    for an 11 MB file, before any cap could apply.
    """
    count = 0
    while _has_frame(img, count):
        count += 1
        if count > max_pages:
            raise _too_many_pages_seen(max_pages)
    if count == 0:
        raise _corrupt()
    return count


def _has_frame(img: ImageFile.ImageFile, frame: int) -> bool:
    if frame == 0:
        return True
    try:
        img.seek(frame)
    except EOFError:
        return False
    except _DECODE_ERRORS as exc:
        raise _corrupt() from exc
    return True


def _seek(img: ImageFile.ImageFile, frame: int) -> None:
    try:
        img.seek(frame)
    except _DECODE_ERRORS as exc:
        raise _corrupt() from exc


def _check_integrity(img: ImageFile.ImageFile, kind: str) -> None:
    """Decodes as little as possible yet still reaches the end of the compressed data."""
    try:
        if kind == "image/png":
            # Checks every chunk's CRC up to IEND without inflating the pixels.
            img.verify()
        elif kind == "image/jpeg":
            # DCT scaling decodes at 1/8 size but must still read the whole entropy stream.
            img.draft("L", (max(1, img.width // 8), max(1, img.height // 8)))
            img.load()
        else:
            img.load()
    except _DECODE_ERRORS as exc:
        raise _corrupt() from exc


def _dpi(img: Image.Image) -> float | None:
    dpi = img.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    # 1 or 72 dpi is what software writes when it does not know; treat as unknown.
    return value if value >= 100 else None


# --- PDF -------------------------------------------------------------------------------


def _open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InvalidInput(
                "pdf_encrypted",
                "PDF 文件设有打开密码，无法读取：请取消加密后重新上传。",
                "The PDF is password-protected; remove the password and send it again.",
            ) from exc
        raise _corrupt() from exc


def _inspect_pdf(data: bytes, max_pages: int, max_pixels: int, max_objects: int) -> tuple[int, int]:
    """Page count and pixels to render; every page is loaded, so a bomb shows here already."""
    pixels = 0
    with _PDFIUM_LOCK:
        doc = _open_pdf(data)
        try:
            count = len(doc)
            if count == 0:
                raise _corrupt()
            if count > max_pages:
                raise _too_many_pages(count, max_pages)
            for i in range(count):
                size = _render_size(*doc.get_page_size(i))
                _check_pixels(size, max_pixels)
                pixels += size[0] * size[1]
                page = _load_page(doc, i)
                try:
                    _check_objects(page, max_pixels, max_objects)
                finally:
                    page.close()
        except pdfium.PdfiumError as exc:
            raise _corrupt() from exc
        finally:
            doc.close()
    return count, pixels


def _pdf_pages(data: bytes, max_pixels: int, max_objects: int, max_pages: int) -> Iterator[Page]:
    with _PDFIUM_LOCK:
        doc = _open_pdf(data)
        try:
            count = len(doc)
        except pdfium.PdfiumError as exc:
            doc.close()
            raise _corrupt() from exc
        if count > max_pages:
            doc.close()
            raise _too_many_pages(count, max_pages)
    try:
        for i in range(count):
            with _PDFIUM_LOCK:
                page = _pdf_page(doc, i, max_pixels, max_objects)
            yield page
    finally:
        with _PDFIUM_LOCK:
            doc.close()


def _load_page(doc: pdfium.PdfDocument, i: int) -> pdfium.PdfPage:
    try:
        return doc[i]
    except pdfium.PdfiumError as exc:  # e.g. a page tree that contains itself
        raise _corrupt() from exc


def _check_objects(page: pdfium.PdfPage, max_pixels: int, max_objects: int) -> None:
    """Counts the objects the renderer would draw (forms once per use) and sizes images."""
    seen = 0
    try:
        for obj in page.get_objects(max_depth=MAX_FORM_DEPTH + 1):
            seen += 1
            if seen > max_objects:
                raise too_complex(f"more than {max_objects} objects on a page")
            if obj.level >= MAX_FORM_DEPTH:
                raise too_complex(f"forms nested deeper than {MAX_FORM_DEPTH}")
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                assert isinstance(obj, pdfium.PdfImage)
                _check_pixels(tuple(obj.get_px_size()), max_pixels)  # type: ignore[arg-type]
    except pdfium.PdfiumError as exc:
        raise _corrupt() from exc


def _pdf_page(doc: pdfium.PdfDocument, i: int, max_pixels: int, max_objects: int) -> Page:
    page = _load_page(doc, i)
    try:
        _check_objects(page, max_pixels, max_objects)
        text = _text_layer(page)
        if text is not None:
            return Page(index=i, text=text)
        _check_pixels(_render_size(page.get_width(), page.get_height()), max_pixels)
        bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
        try:
            image = bitmap.to_pil().copy()
        finally:
            bitmap.close()
        return Page(index=i, image=image, dpi=PDF_DPI)
    except pdfium.PdfiumError as exc:
        raise _corrupt() from exc
    finally:
        page.close()


def _text_layer(page: pdfium.PdfPage) -> str | None:
    """The page's own text when it is a born-digital page, else None (OCR it).

    A scanner's invisible OCR layer sits over a full-page image; it is ignored, because its
    quality is unknown and ours is measured. Garbled layers (fonts without a Unicode map
    extract as U+FFFD or private-use codes) are ignored as well.
    """
    textpage = page.get_textpage()
    try:
        text = str(textpage.get_text_bounded())
    finally:
        textpage.close()
    meaningful = [c for c in text if not c.isspace()]
    if len(meaningful) < _MIN_TEXT_LAYER_CHARS:
        return None
    garbled = sum(1 for c in meaningful if c == "\ufffd" or "\ue000" <= c <= "\uf8ff")
    if garbled > len(meaningful) * 0.05:
        return None
    page_area = page.get_width() * page.get_height()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) > page_area * 0.5:
            return None
    return text.replace("\r\n", "\n")


def _render_size(width_pt: float, height_pt: float) -> tuple[int, int]:
    return (round(width_pt / 72 * PDF_DPI), round(height_pt / 72 * PDF_DPI))


# --- errors ----------------------------------------------------------------------------


def _check_pixels(size: tuple[int, int], max_pixels: int) -> None:
    if size[0] * size[1] > max_pixels:
        raise TooLarge(
            "image_too_large",
            f"页面图像过大（{size[0]}×{size[1]} 像素），请以 300 dpi 重新扫描。",
            f"A page is too large ({size[0]}x{size[1]} pixels); rescan at 300 dpi.",
        )


def _too_many_pages(count: int, max_pages: int) -> TooLarge:
    return TooLarge(
        "too_many_pages",
        f"文件共 {count} 页，超过每个文件 {max_pages} 页的上限，请分成多个文件上传。",
        f"The file has {count} pages, more than the {max_pages} allowed; split it.",
    )


def _too_many_pages_seen(max_pages: int) -> TooLarge:
    return TooLarge(
        "too_many_pages",
        f"文件超过每个文件 {max_pages} 页的上限，请分成多个文件上传。",
        f"The file has more than the {max_pages} pages allowed; split it.",
    )


def _corrupt() -> InvalidInput:
    return InvalidInput(
        "file_corrupt",
        "文件已损坏或不完整（可能上传中断），请重新扫描上传。",
        "The file is damaged or incomplete (perhaps a cut-off upload); scan and send it again.",
    )
