"""Turns the files of one letter into page texts with confidences, pages in parallel.

Engines sit behind ``OcrEngine`` (one method, ``read``). ``TesseractEngine`` runs one
Tesseract process per page, fed through a pipe; parallelism comes from the caller's thread
pool (each thread only waits on its subprocess), so ``OMP_THREAD_LIMIT=1`` keeps Tesseract
from oversubscribing the cores with its own OpenMP threads. ``channels.letter_ocr.rapid``
adds PP-OCRv4 through RapidOCR, and ``channels.letter_ocr.combine`` reads a page with both
and merges them line by line.

A reading carries its lines (text, box, per-character confidence, which engine read it),
so that lines can be merged across engines and put in reading order; ``PageRead.text`` is
those lines joined. Page segmentation mode 6 (one uniform block) reads letters best on the
tuned set; a page that still reads badly (confidence under ``retry_below``) is read once
more with mode 1 and the better reading is kept.
"""

from __future__ import annotations

import io
import os
import subprocess
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from typing import Any, Protocol

import msgspec
from PIL import Image

from channels.letter_ocr import pages as pages_mod
from channels.letter_ocr.layout import reading_order
from channels.letter_ocr.preprocess import VERTICAL_TEXT, Preprocessing, prepare
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
    "ocr_letter",
]


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
    """Tesseract, one process per page, image on stdin and TSV on stdout.

    Not through pytesseract: it writes each page to a temporary file and passes the whole
    process environment, where we need no plaintext on disk and ``OMP_THREAD_LIMIT`` per call.
    """

    name = "tesseract"

    def __init__(
        self,
        lang: str = "chi_sim",
        *,
        psm: int = 6,
        retry_below: float = 0.6,
        timeout_s: float = 120.0,
        omp_threads: int = 1,
    ) -> None:
        self.lang = lang
        self.psm = psm
        self.retry_below = retry_below
        self.timeout_s = timeout_s
        self._env = {**os.environ, "OMP_THREAD_LIMIT": str(omp_threads)}

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
        halved in size: as accurate on letters and a third of the cost.
        """
        small = image.reduce(2) if min(image.size) > 1200 else image
        out = self._run(small, ["--psm", "0", "-l", "osd", "-c", "min_characters_to_try=10"])
        if out is None:
            return None
        text = out.decode("utf-8", "replace")
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        try:
            rotate = int(fields["Rotate"].strip())
            confidence = float(fields["Orientation confidence"].strip())
        except (KeyError, ValueError):
            return None
        if confidence < 1.5:
            return None
        return (360 - rotate) % 360

    def _words(self, image: Image.Image, psm: int) -> list[Word]:
        out = self._run(image, ["-l", self.lang, "--psm", str(psm), "tsv"], required=True)
        assert out is not None
        return _words_from_tsv(_tsv_columns(out.decode("utf-8", errors="replace")))

    def _run(self, image: Image.Image, args: list[str], *, required: bool = False) -> bytes | None:
        # The page goes to Tesseract through a pipe, never a temporary file: a scan of a
        # complaint must not leave a plaintext copy on disk (pytesseract writes one).
        png = io.BytesIO()
        # Level 1: the pipe is local, and level 6 costs more than Tesseract's own start.
        image.save(png, format="PNG", compress_level=1)
        command = ["tesseract", "stdin", "stdout", *args]
        try:
            done = subprocess.run(
                command,
                input=png.getvalue(),
                capture_output=True,
                timeout=self.timeout_s,
                env=self._env,
                check=False,
            )
        except FileNotFoundError as exc:
            raise Unavailable(
                "ocr_unavailable",
                "文字识别引擎未安装，来信已保存，稍后自动识别。",
                "Tesseract is not installed; the letter is stored and will be read later.",
            ) from exc
        except subprocess.TimeoutExpired as exc:
            raise Unavailable(
                "ocr_failed",
                "文字识别超时，来信已保存，将自动重试。",
                "Tesseract timed out on a page; the job will retry.",
            ) from exc
        if done.returncode != 0:
            if not required:
                return None
            raise Unavailable(
                "ocr_failed",
                "文字识别失败，来信已保存，将自动重试。",
                f"Tesseract failed on a page (exit {done.returncode}); the job will retry.",
            )
        return done.stdout


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
    ``pool`` itself: a full pool would then wait on itself. ``orienter`` (default:
    Tesseract's OSD) turns pages upright before they are read.
    """
    engine = engine or TesseractEngine()
    orienter = orienter or TesseractEngine()
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
    if prepared.info.get(VERTICAL_TEXT):
        read = msgspec.structs.replace(read, vertical=True)
    return read


def _overall(pages: Sequence[PageText]) -> float:
    chars = sum(len(p.text) for p in pages)
    if not chars:
        return 0.0
    return round(sum(p.confidence * len(p.text) for p in pages) / chars, 4)
