"""OCR of generated letters with the real Tesseract chi_sim, clean and degraded."""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image, ImageDraw, ImageFont

from channels.letter_ocr import ocr
from channels.letter_ocr.preprocess import Preprocessing, prepare
from normalizer.errors import Unavailable
from tests.letter_ocr import letters

SAMPLES = letters.degraded_set(fonts=letters.FONT_FAMILIES[:2], dpis=(200, 300))


@pytest.fixture(scope="module")
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=2) as executor:
        yield executor


@pytest.fixture(scope="module")
def read_samples(pool: ThreadPoolExecutor) -> dict[str, ocr.PageText]:
    """Every degraded page OCR'd once, as one letter of PNG files, in parallel."""
    result = ocr.ocr_letter([letters.to_png(s.image) for s in SAMPLES], pool=pool)
    assert len(result.pages) == len(SAMPLES)
    return {s.id: page for s, page in zip(SAMPLES, result.pages, strict=True)}


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("sample_id", [s.id for s in SAMPLES])
def test_finds_name_id_number_and_phone(
    read_samples: dict[str, ocr.PageText], sample_id: str
) -> None:
    text = _flat(read_samples[sample_id].text)
    assert letters.ID_NUMBER in text
    assert letters.PHONE in text
    assert letters.NAME in text


@pytest.mark.parametrize("sample_id", [s.id for s in SAMPLES if "clean" in s.id])
def test_clean_pages_read_with_high_confidence(
    read_samples: dict[str, ocr.PageText], sample_id: str
) -> None:
    page = read_samples[sample_id]
    assert page.ocr_done
    assert 0.8 <= page.confidence <= 1.0


def test_multipage_tiff_and_text_pdf_keep_order_and_origin(pool: ThreadPoolExecutor) -> None:
    scans = [letters.render_page(letters.letter_lines(v), dpi=200) for v in range(3)]
    files = [
        letters.to_tiff_g4(scans),
        letters.to_text_pdf([letters.letter_lines(2)]),
        letters.to_image_pdf([scans[1]]),
    ]
    result = ocr.ocr_letter(files, pool=pool)
    assert [(p.index, p.source_file, p.ocr_done) for p in result.pages] == [
        (0, 0, True),
        (1, 0, True),
        (2, 0, True),
        (3, 1, False),
        (4, 2, True),
    ]
    accused = ["李某", "王某", "赵某", "赵某", "王某"]
    for page, who in zip(result.pages, accused, strict=True):
        assert who in _flat(page.text)
        assert letters.ID_NUMBER in _flat(page.text)
    assert result.pages[3].confidence == 1.0
    assert 0.8 < result.confidence <= 1.0


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        pytest.param("身 份 证 号 码", "身份证号码", id="cjk"),
        pytest.param("电话 13912345678 ，现住", "电话13912345678，现住", id="cjk-digits"),
        pytest.param("Room 1203 of Building B", "Room 1203 of Building B", id="latin"),
        pytest.param("张 伟 Zhang Wei", "张伟Zhang Wei", id="mixed"),
        pytest.param("2023 年 5 月", "2023年5月", id="date"),
    ],
)
def test_join_cjk(raw: str, joined: str) -> None:
    assert ocr.join_cjk(raw) == joined


def test_exif_orientation_is_applied() -> None:
    upright = letters.render_page(letters.letter_lines(0), dpi=200)
    # Orientation 6: the camera stored the picture turned 90° counter-clockwise.
    stored = upright.rotate(90, expand=True)
    data = letters.to_jpeg(stored, exif_orientation=6)
    page = prepare(Image.open(io.BytesIO(data)), dpi=200, steps=Preprocessing(upscale=False))
    assert page.size == upright.size


class RecordingEngine:
    """A fake engine that records how many pages it reads at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.busy = 0
        self.peak = 0
        self.calls = 0
        self.barrier = threading.Barrier(2)

    def read(self, image: Image.Image) -> ocr.PageRead:
        with self.lock:
            self.busy += 1
            self.calls += 1
            self.peak = max(self.peak, self.busy)
            call = self.calls
        # Two pages in flight at once pass the barrier; one page alone would wait it out.
        with contextlib.suppress(threading.BrokenBarrierError):
            self.barrier.wait(timeout=10)
        with self.lock:
            self.busy -= 1
        return ocr.PageRead(text=f"页{image.width}x{call}", confidence=0.5)


class Upright:
    """An orienter that finds every page upright, so that no OSD run sits between reads."""

    def orientation(self, image: Image.Image) -> int | None:
        return 0


def test_pages_run_in_parallel_and_come_back_in_order(pool: ThreadPoolExecutor) -> None:
    blanks = [Image.new("L", (100 + i, 80), 255) for i in range(6)]
    engine = RecordingEngine()
    result = ocr.ocr_letter(
        [letters.to_tiff_g4(blanks)],
        pool=pool,
        engine=engine,
        steps=Preprocessing(upscale=False),
        orienter=Upright(),
    )
    assert [p.text.split("x")[0] for p in result.pages] == [f"页{100 + i}" for i in range(6)]
    assert engine.peak == 2
    assert result.confidence == 0.5


def test_missing_language_data_is_reported_as_unavailable(pool: ThreadPoolExecutor) -> None:
    engine = ocr.TesseractEngine(lang="no_such_language")
    with pytest.raises(Unavailable) as caught:
        ocr.ocr_letter([letters.to_png(Image.new("L", (200, 100), 255))], pool=pool, engine=engine)
    assert caught.value.code == "ocr_unavailable"
    assert "语言数据" in caught.value.message_zh


class CountingOsd:
    """Tesseract's OSD, counting the pages it was asked about."""

    def __init__(self) -> None:
        self.engine = ocr.TesseractEngine()
        self.calls = 0

    def orientation(self, image: Image.Image) -> int | None:
        self.calls += 1
        return self.engine.orientation(image)


def _centred_page() -> Image.Image:
    """A letter with every line centred: its margins cannot tell upright from upside down."""
    dpi = 300
    img = Image.new("L", (1748, 2480), 255)
    draw = ImageDraw.Draw(img)
    face = letters.font("Noto Sans CJK SC")
    ttf = ImageFont.truetype(face.path, 50, index=face.index)
    for i, line in enumerate(letters.letter_lines(0)):
        draw.text((874, 200 + i * 90), line, font=ttf, fill=0, anchor="mt")
    img.info["dpi"] = (dpi, dpi)
    return img


@pytest.mark.parametrize(
    ("centred", "turn", "osd_runs"),
    [
        pytest.param(False, 0, 0, id="upright"),
        pytest.param(False, 180, 0, id="upside-down-ragged-right"),
        pytest.param(True, 180, 1, id="upside-down-centred"),
        pytest.param(False, 90, 1, id="quarter-turn"),
    ],
)
def test_osd_runs_only_where_the_page_itself_leaves_its_orientation_open(
    pool: ThreadPoolExecutor, centred: bool, turn: int, osd_runs: int
) -> None:
    """An upright page never pays for OSD; upside down, the ragged right margin tells, and
    where it cannot (centred lines) OSD is asked once the reading comes out backwards; a
    quarter turn (lines down the page) asks OSD at once."""
    page = (
        _centred_page()
        if centred
        else letters.render_page(letters.letter_lines(0), family="Noto Sans CJK SC", dpi=300)
    )
    if turn:
        page = page.rotate(turn, expand=True, fillcolor=255)
    osd = CountingOsd()
    result = ocr.ocr_letter([letters.to_png(page)], pool=pool, orienter=osd)
    assert osd.calls == osd_runs
    assert letters.resident_id() in _flat(result.pages[0].text)
    assert result.pages[0].confidence > ocr.WEAK_READING


def test_a_page_over_its_time_limit_is_unavailable_not_hung() -> None:
    """The library runs in this process: its own deadline, not a killed process, bounds it."""
    page = letters.render_page(letters.letter_lines(0), dpi=300)
    with pytest.raises(Unavailable) as caught:
        ocr.TesseractEngine(timeout_s=0.001).read(page)
    assert caught.value.code == "ocr_failed"
    assert "超时" in caught.value.message_zh
