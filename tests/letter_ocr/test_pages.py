"""Upload checks and page splitting of the letter channel, on generated files."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image

from channels.letter_ocr import pages
from normalizer.errors import IntakeError, InvalidInput, TooLarge, UnsupportedMedia
from tests.letter_ocr import letters

LIMITS = {"max_pages": 50, "max_pixels": 50_000_000}


@pytest.fixture(scope="module")
def page300() -> Image.Image:
    return letters.render_page(letters.letter_lines(0), dpi=300)


@pytest.fixture(scope="module")
def page200() -> Image.Image:
    return letters.render_page(letters.letter_lines(1), family="WenQuanYi Zen Hei", dpi=200)


@pytest.mark.parametrize(
    ("encode", "media_type"),
    [
        pytest.param(letters.to_png, "image/png", id="png"),
        pytest.param(letters.to_jpeg, "image/jpeg", id="jpeg"),
        pytest.param(lambda im: letters.to_tiff_g4([im]), "image/tiff", id="tiff-g4"),
        pytest.param(lambda im: letters.to_image_pdf([im]), "application/pdf", id="pdf"),
    ],
)
def test_accepts_each_supported_type_by_content(
    page300: Image.Image, encode: Callable[[Image.Image], bytes], media_type: str
) -> None:
    info = pages.inspect(encode(page300), **LIMITS)
    assert (info.media_type, info.pages) == (media_type, 1)
    # What the OCR job will decode, counted for the letter's pixel budget.
    assert abs(info.pixels - page300.width * page300.height) < 0.01 * info.pixels


def test_a_png_named_jpg_is_read_as_png(page300: Image.Image) -> None:
    # inspect never sees the name; what a station calls "scan.jpg" is typed by its bytes.
    assert pages.inspect(letters.to_png(page300), **LIMITS).media_type == "image/png"


def test_multipage_g4_tiff_gives_pages_in_order(page300: Image.Image, page200: Image.Image) -> None:
    blank = Image.new("L", page300.size, 255)
    data = letters.to_tiff_g4([page300, blank, page200])
    assert pages.inspect(data, **LIMITS).pages == 3
    got = list(pages.iter_pages(data))
    assert [p.index for p in got] == [0, 1, 2]
    assert [p.image.size for p in got if p.image] == [page300.size, blank.size, page200.size]
    assert got[0].image is not None and got[0].image.mode == "1"
    assert got[0].dpi == 300
    extrema = [p.image.convert("L").getextrema() for p in got if p.image]
    assert extrema[1] == (255, 255)  # the blank page stays second
    assert extrema[0] == (0, 255) and extrema[2] == (0, 255)


def test_image_pdf_pages_render_at_300_dpi(page300: Image.Image) -> None:
    data = letters.to_image_pdf([page300, page300])
    got = list(pages.iter_pages(data))
    assert [p.index for p in got] == [0, 1]
    for p in got:
        assert p.needs_ocr and p.image is not None and p.dpi == pages.PDF_DPI
        assert abs(p.image.width - page300.width) <= 2
        assert abs(p.image.height - page300.height) <= 2


def test_text_layer_pdf_needs_no_ocr() -> None:
    data = letters.to_text_pdf([letters.letter_lines(0), letters.letter_lines(1)])
    info = pages.inspect(data, **LIMITS)
    assert (info.media_type, info.pages) == ("application/pdf", 2)
    got = list(pages.iter_pages(data))
    assert [p.needs_ocr for p in got] == [False, False]
    text = "".join((got[0].text or "").split())
    assert letters.ID_NUMBER in text and letters.PHONE in text and letters.NAME in text


def test_jpeg_dpi_is_reported(page200: Image.Image) -> None:
    (page,) = pages.iter_pages(letters.to_jpeg(page200))
    assert page.dpi == 200


def _bad_inputs() -> list[object]:
    png = letters.to_png(letters.render_page(letters.letter_lines(0), dpi=200))
    jpeg = letters.to_jpeg(letters.render_page(letters.letter_lines(0), dpi=200))
    tiff = letters.to_tiff_g4([letters.render_page(letters.letter_lines(0), dpi=200)] * 2)
    pdf = letters.to_image_pdf([letters.render_page(letters.letter_lines(0), dpi=200)])
    return [
        pytest.param(b"", {}, InvalidInput, "file_empty", id="zero-bytes"),
        pytest.param(letters.truncate(png), {}, InvalidInput, "file_corrupt", id="truncated-png"),
        pytest.param(letters.truncate(jpeg), {}, InvalidInput, "file_corrupt", id="truncated-jpeg"),
        pytest.param(
            letters.truncate(tiff, 0.3), {}, InvalidInput, "file_corrupt", id="trunc-tiff"
        ),
        pytest.param(
            png[:2000] + bytes(200) + png[2200:], {}, InvalidInput, "file_corrupt", id="damaged-png"
        ),
        pytest.param(
            b"%PDF-1.7\n" + bytes(range(256)) * 8, {}, InvalidInput, "file_corrupt", id="junk-pdf"
        ),
        pytest.param(
            b"<html><body>scan.pdf</body></html>",
            {},
            UnsupportedMedia,
            "unsupported_type",
            id="html-named-pdf",
        ),
        pytest.param(b"GIF89a" + bytes(100), {}, UnsupportedMedia, "unsupported_type", id="gif"),
        pytest.param(
            b"PK\x03\x04" + bytes(100), {}, UnsupportedMedia, "unsupported_type", id="docx-zip"
        ),
        pytest.param(letters.png_bomb(), {}, TooLarge, "image_too_large", id="png-bomb"),
        pytest.param(
            png, {"max_pixels": 1_000_000}, TooLarge, "image_too_large", id="over-pixel-limit"
        ),
        pytest.param(letters.encrypted_pdf(), {}, InvalidInput, "pdf_encrypted", id="encrypted"),
        pytest.param(tiff, {"max_pages": 1}, TooLarge, "too_many_pages", id="tiff-pages"),
        pytest.param(
            letters.to_image_pdf([Image.new("L", (100, 100), 255)] * 3),
            {"max_pages": 2},
            TooLarge,
            "too_many_pages",
            id="pdf-pages",
        ),
        pytest.param(pdf, {"max_pixels": 1_000_000}, TooLarge, "image_too_large", id="pdf-pixels"),
    ]


@pytest.mark.parametrize(("data", "limits", "error", "code"), _bad_inputs())
def test_bad_input_is_refused_with_its_code(
    data: bytes, limits: dict[str, int], error: type[IntakeError], code: str
) -> None:
    with pytest.raises(error) as caught:
        pages.inspect(data, **{**LIMITS, **limits})
    assert caught.value.code == code
    assert caught.value.message_zh and caught.value.message_en


def test_bomb_is_refused_without_touching_pillows_global_limit() -> None:
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(TooLarge):
        list(pages.iter_pages(letters.png_bomb(), max_pixels=10_000_000))
    assert before == Image.MAX_IMAGE_PIXELS


def test_a_pixel_limit_above_pillows_global_is_honoured() -> None:
    # 20000² = 400 Mpx, over Pillow's own bomb error threshold (~179 Mpx): inspect must
    # judge by the caller's limit alone, neither crash nor warn.
    info = pages.inspect(letters.png_bomb(), max_pages=1, max_pixels=500_000_000)
    assert info == pages.FileInfo(media_type="image/png", pages=1, pixels=20000 * 20000)


def test_encrypted_pdf_generator_makes_a_real_encrypted_file() -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(letters.encrypted_pdf(), password="secret")
    assert len(doc) == 1
    doc.close()
