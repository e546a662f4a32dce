"""Turns the files of one letter into page texts with confidences, pages in parallel.

Engines sit behind ``OcrEngine`` (one method, ``read``). ``TesseractEngine`` runs
Tesseract's library in this process, one loaded handle per busy thread; parallelism comes
from the caller's thread pool, since the library releases the GIL while it reads and has
no threads of its own. ``channels.letter_ocr.rapid``
adds PP-OCRv4 through RapidOCR, and ``channels.letter_ocr.combine`` reads a page with both
and merges them line by line.

A reading carries its lines (text, box, per-character confidence, which engine read it),
so that lines can be merged across engines and put in reading order; ``PageRead.text`` is
those lines joined. Page segmentation mode 6 (one uniform block) reads letters best on the
tuned set; a page that still reads badly (confidence under ``retry_below``) is read once
more with mode 1 and the better reading is kept.
"""

from __future__ import annotations

import functools
import os
import queue
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any, Protocol, runtime_checkable

import msgspec
from PIL import Image

from channels.letter_ocr import pages as pages_mod
from channels.letter_ocr.layout import reading_order
from channels.letter_ocr.preprocess import (
    ORIENTATION_GUESSED,
    VERTICAL_TEXT,
    Preprocessing,
    prepare,
)
from channels.letter_ocr.reading import (
    Box,
    Disagreement,
    Line,
    PageRead,
    Word,
    join_cjk,
    line_from_words,
    page_read,
    split_line_words,
)
from normalizer.errors import Unavailable

__all__ = [
    "Box",
    "Disagreement",
    "LetterText",
    "Line",
    "OcrEngine",
    "PageRead",
    "PageText",
    "TesseractEngine",
    "Word",
    "join_cjk",
    "looks_turned",
    "ocr_letter",
]


# Under this page confidence a reading of a page whose orientation was only guessed is
# checked with OSD: on the held-out scans the right way up reads 0.75-0.92, upside down or a
# quarter turn off 0.14-0.28.
WEAK_READING = 0.5
# Marks that close a clause: they end lines of Chinese text and never start them.
_CLOSING = frozenset("，。、；：！？）》」』")


def looks_turned(read: PageRead) -> bool:
    """A reading that is weak, or that reads backwards: Tesseract reads a clean page upside
    down character by character with high confidence, but then the clause marks start the
    lines instead of ending them (``。2023月5年为间时``)."""
    if read.confidence < WEAK_READING:
        return True
    lines = [ln.text.strip() for ln in read.lines if ln.text.strip()]
    starts = sum(1 for t in lines if t[0] in _CLOSING)
    ends = sum(1 for t in lines if t[-1] in _CLOSING)
    return starts >= 2 and starts > 2 * ends


class PageText(msgspec.Struct, frozen=True, kw_only=True):
    """One page of a letter. ``ocr_done`` is false when the text came from a PDF text layer."""

    index: int
    text: str
    confidence: float
    ocr_done: bool
    source_file: int
    lines: tuple[Line, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    unreadable: bool = False
    vertical: bool = False


class LetterText(msgspec.Struct, frozen=True, kw_only=True):
    """All pages of a letter in order, and a confidence weighted by each page's length."""

    pages: list[PageText]
    confidence: float


class OcrEngine(Protocol):
    """Reads the text of one prepared page image. Must be safe to call from several threads."""

    def read(self, image: Image.Image) -> PageRead: ...


class TesseractEngine:
    """Tesseract's own library in this process (``tesserocr``), one handle per busy thread.

    A handle keeps its language model loaded, so a page costs its recognition only: the
    command line loads ``chi_sim`` again for every page (a quarter of a second) and needs
    the page encoded and decoded on the way. The library releases the GIL while it works,
    so pages read on several threads use several cores; it is built without OpenMP, so a
    handle never starts threads of its own. Pages reach it as raw 8-bit pixels
    (``SetImageBytes``): no image codec inside the library ever sees an input, and no copy
    of a complaint is written to disk.
    """

    name = "tesseract"

    def __init__(
        self,
        lang: str = "chi_sim",
        *,
        psm: int = 6,
        retry_below: float = 0.6,
        timeout_s: float = 120.0,
        tessdata: str | None = None,
    ) -> None:
        self.lang = lang
        self.psm = psm
        self.retry_below = retry_below
        self.timeout_s = timeout_s
        self.tessdata = tessdata or tessdata_dir()
        self._idle: dict[str, queue.SimpleQueue[Any]] = {
            lang: queue.SimpleQueue(),
            "osd": queue.SimpleQueue(),
        }

    def read(self, image: Image.Image) -> PageRead:
        return reading_from_words(self.read_words(image), self.name)

    def read_words(self, image: Image.Image) -> list[Word]:
        """The word boxes of the better of psm 6 and, for a weak page, psm 1."""
        first = self._words(image, self.psm)
        if _word_confidence(first) >= self.retry_below:
            return first
        second = self._words(image, 1)
        return second if _word_confidence(second) > _word_confidence(first) else first

    def orientation(self, image: Image.Image) -> int | None:
        """Degrees (counter-clockwise) that turn the page upright, by Tesseract's OSD.

        None when OSD is not confident (too little text, or a blank page). Run on a copy
        halved in size, deciding from 10 characters: as accurate on letters (all rotations
        of the held-out pages) and a quarter of the cost of the defaults.
        """
        small = image.reduce(2) if min(image.size) > 1200 else image
        with self._handle("osd") as api:
            _set_image(api, small)
            try:
                found = api.DetectOrientationScript()
            except RuntimeError:
                return None
        if not found or float(found["orient_conf"]) < 1.5:
            return None
        # orient_deg is how far the text is turned clockwise; PIL turns counter-clockwise.
        return int(found["orient_deg"]) % 360

    def _words(self, image: Image.Image, psm: int) -> list[Word]:
        with self._handle(self.lang) as api:
            api.SetPageSegMode(psm)
            _set_image(api, image)
            if not api.Recognize(timeout=round(self.timeout_s * 1000)):
                raise Unavailable(
                    "ocr_failed",
                    "文字识别超时，来信已保存，将自动重试。",
                    "Tesseract timed out on a page; the job will retry.",
                )
            tsv = api.GetTSVText(0)
        return _words_from_tsv(_tsv_columns(_TSV_HEADER + tsv))

    @contextmanager
    def _handle(self, lang: str) -> Iterator[Any]:
        """An idle handle for ``lang``, or a new one; it goes back to the pool after use."""
        idle = self._idle[lang]
        try:
            api = idle.get_nowait()
        except queue.Empty:
            api = _open(self.tessdata, lang, self.psm)
        try:
            yield api
        finally:
            api.Clear()
            idle.put(api)


# The columns of Tesseract's TSV; the library leaves out the header the command line prints.
_TSV_HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
    "left\ttop\twidth\theight\tconf\ttext\n"
)
# Where Debian, Ubuntu and a source build put the language data, newest first.
_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/local/share/tessdata",
    "/usr/share/tessdata",
)


def tessdata_dir() -> str:
    """``TESSDATA_PREFIX`` when set (Tesseract's own variable), else the packaged folder."""
    if prefix := os.environ.get("TESSDATA_PREFIX"):
        return prefix
    return next((d for d in _TESSDATA if os.path.isdir(d)), _TESSDATA[0])


def _open(tessdata: str, lang: str, psm: int) -> Any:
    try:
        import tesserocr
    except ImportError as exc:
        raise Unavailable(
            "ocr_unavailable",
            "文字识别引擎未安装，来信已保存，稍后自动识别。",
            "tesserocr is not installed; the letter is stored and will be read later.",
        ) from exc
    mode = tesserocr.PSM.OSD_ONLY if lang == "osd" else psm
    try:
        api = tesserocr.PyTessBaseAPI(path=tessdata, lang=lang, psm=mode)
    except RuntimeError as exc:
        raise Unavailable(
            "ocr_unavailable",
            "文字识别语言数据缺失，来信已保存，稍后自动识别。",
            f"Tesseract could not load language {lang!r} from {tessdata}; the letter is "
            "stored and will be read once the language data is installed.",
        ) from exc
    if lang == "osd":
        api.SetVariable("min_characters_to_try", "10")
    return api


def _set_image(api: Any, image: Image.Image) -> None:
    gray = image if image.mode == "L" else image.convert("L")
    api.SetImageBytes(gray.tobytes(), gray.width, gray.height, 1, gray.width)


def _tsv_columns(tsv: str) -> dict[str, list[Any]]:
    """Tesseract's TSV as columns, the shape pytesseract's ``Output.DICT`` has."""
    rows = [line.split("\t") for line in tsv.splitlines() if line]
    if not rows:
        return {"text": []}
    header, body = rows[0], rows[1:]
    columns: dict[str, list[Any]] = {name: [] for name in header}
    for row in body:
        row = row + [""] * (len(header) - len(row))
        for name, value in zip(header, row, strict=False):
            columns[name].append(value)
    return columns


def _words_from_tsv(data: dict[str, list[Any]]) -> list[Word]:
    words = []
    for i, text in enumerate(data["text"]):
        text = str(text).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        box = (left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(Word(text=text, confidence=conf / 100, box=box, line_key=key))
    return words


def _word_confidence(words: Sequence[Word]) -> float:
    chars = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / chars if chars else 0.0


def reading_from_words(words: Sequence[Word], engine: str) -> PageRead:
    """Lines rebuilt from Tesseract's word boxes, in reading order."""
    lines = [line_from_words(ws, engine) for ws in split_line_words(words)]
    return page_read(reading_order(lines))


@runtime_checkable
class Orienter(Protocol):
    """Finds the turn (degrees counter-clockwise) that makes a page upright, or None."""

    def orientation(self, image: Image.Image) -> int | None: ...


def ocr_letter(
    files: Sequence[bytes],
    *,
    pool: Executor,
    engine: OcrEngine | None = None,
    steps: Preprocessing | None = None,
    orienter: Orienter | None = None,
    max_pixels: int = pages_mod.DEFAULT_MAX_PIXELS,
    in_flight: int = 4,
) -> LetterText:
    """OCR every page of every file, ``pool`` reading pages in parallel, results in order.

    Pages are decoded here, one at a time, and at most ``in_flight`` wait in the pool, so a
    200-page PDF never sits decoded in memory at once. Do not call this from a thread of
    ``pool`` itself: a full pool would then wait on itself. ``orienter`` (default: the
    engine's own, Tesseract's OSD) turns pages upright before they are read.
    """
    engine = engine or _default_engine()
    if orienter is None:
        orienter = engine if isinstance(engine, Orienter) else _default_engine()
    pending: deque[tuple[int, int, Future[PageRead]]] = deque()
    done: list[PageText] = []

    def drain(keep: int) -> None:
        while len(pending) > keep:
            file_no, index, future = pending.popleft()
            read = future.result()
            done.append(
                PageText(
                    index=index,
                    text=read.text,
                    confidence=read.confidence,
                    ocr_done=True,
                    source_file=file_no,
                    lines=read.lines,
                    disagreements=read.disagreements,
                    unreadable=read.unreadable,
                    vertical=read.vertical,
                )
            )

    index = 0
    for file_no, data in enumerate(files):
        for page in _pages(data, max_pixels):
            if page.image is None:
                drain(0)
                done.append(
                    PageText(
                        index=index,
                        text=page.text or "",
                        confidence=1.0,
                        ocr_done=False,
                        source_file=file_no,
                    )
                )
            else:
                future = pool.submit(_read_page, engine, orienter, page, steps)
                pending.append((file_no, index, future))
                drain(in_flight)
            index += 1
    drain(0)
    return LetterText(pages=done, confidence=_overall(done))


@functools.cache
def _default_engine() -> TesseractEngine:
    """One engine per process for callers that bring none: its handles stay loaded."""
    return TesseractEngine()


def _pages(data: bytes, max_pixels: int) -> Iterator[pages_mod.Page]:
    return pages_mod.iter_pages(data, max_pixels=max_pixels)


def _read_page(
    engine: OcrEngine,
    orienter: Orienter,
    page: pages_mod.Page,
    steps: Preprocessing | None,
) -> PageRead:
    assert page.image is not None
    prepared = prepare(page.image, dpi=page.dpi, steps=steps, orient=orienter.orientation)
    read = engine.read(prepared)
    if prepared.info.get(ORIENTATION_GUESSED) and looks_turned(read):
        # The margins' guess was wrong, or could not tell: ask OSD, read again if it turns.
        turn = orienter.orientation(prepared)
        if turn:
            again = engine.read(prepared.rotate(turn, expand=True, fillcolor=255))
            if not looks_turned(again) or again.confidence > read.confidence:
                read = again
    if prepared.info.get(VERTICAL_TEXT):
        read = msgspec.structs.replace(read, vertical=True)
    return read


def _overall(pages: Sequence[PageText]) -> float:
    chars = sum(len(p.text) for p in pages)
    if not chars:
        return 0.0
    return round(sum(p.confidence * len(p.text) for p in pages) / chars, 4)
