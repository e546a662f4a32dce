"""Turns the files of one letter into page texts with confidences, pages in parallel.

The engine sits behind ``OcrEngine`` (one method) so that PaddleOCR or another engine can
replace Tesseract without touching page handling. ``TesseractEngine`` runs one Tesseract
process per page, fed through a pipe; parallelism comes from the caller's thread pool
(each thread only waits on its subprocess), so ``OMP_THREAD_LIMIT=1`` keeps Tesseract from
oversubscribing the cores with its own OpenMP threads.

Page segmentation mode 6 (one uniform block) reads letters best on our set; a page that
still reads badly (confidence under ``retry_below``) is read once more with mode 1, which
adds Tesseract's orientation detection, and the better reading is kept. That catches the
pages whose rotation the cheap layout heuristic in ``preprocess`` got wrong, at the cost of
a second pass only for those pages.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from typing import Any, Protocol

import msgspec
from PIL import Image

from channels.letter_ocr import pages as pages_mod
from channels.letter_ocr.preprocess import Preprocessing, prepare
from normalizer.errors import Unavailable

__all__ = [
    "LetterText",
    "OcrEngine",
    "PageRead",
    "PageText",
    "TesseractEngine",
    "join_cjk",
    "ocr_letter",
]


class PageRead(msgspec.Struct, frozen=True, kw_only=True):
    """What an engine read on one page image; confidence in [0, 1]."""

    text: str
    confidence: float


class PageText(msgspec.Struct, frozen=True, kw_only=True):
    """One page of a letter. ``ocr_done`` is false when the text came from a PDF text layer."""

    index: int
    text: str
    confidence: float
    ocr_done: bool
    source_file: int


class LetterText(msgspec.Struct, frozen=True, kw_only=True):
    """All pages of a letter in order, and a confidence weighted by each page's length."""

    pages: list[PageText]
    confidence: float


class OcrEngine(Protocol):
    """Reads the text of one prepared page image. Must be safe to call from several threads."""

    def read(self, image: Image.Image) -> PageRead: ...


_CJK = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef\u3200-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")


def join_cjk(text: str) -> str:
    """Removes the spaces Tesseract puts around CJK characters, keeping Latin word spacing."""
    return _SPACE_NEXT_TO_CJK.sub("", text)


class TesseractEngine:
    """Tesseract, one process per page, image on stdin and TSV on stdout.

    Not through pytesseract: it writes each page to a temporary file and passes the whole
    process environment, where we need no plaintext on disk and ``OMP_THREAD_LIMIT`` per call.
    """

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
        first = self._read(image, self.psm)
        if first.confidence >= self.retry_below:
            return first
        second = self._read(image, 1)
        return second if second.confidence > first.confidence else first

    def _read(self, image: Image.Image, psm: int) -> PageRead:
        # The page goes to Tesseract through a pipe, never a temporary file: a scan of a
        # complaint must not leave a plaintext copy on disk (pytesseract writes one).
        png = io.BytesIO()
        image.save(png, format="PNG")
        command = ["tesseract", "stdin", "stdout", "-l", self.lang, "--psm", str(psm), "tsv"]
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
            raise Unavailable(
                "ocr_failed",
                "文字识别失败，来信已保存，将自动重试。",
                f"Tesseract failed on a page (exit {done.returncode}); the job will retry.",
            )
        return _from_tsv(_tsv_columns(done.stdout.decode("utf-8", errors="replace")))


def _tsv_columns(tsv: str) -> dict[str, list[Any]]:
    """Tesseract's TSV as columns, the shape pytesseract's ``Output.DICT`` has."""
    rows = [line.split("\t") for line in tsv.splitlines() if line]
    if not rows:
        return {"text": [], "conf": [], "block_num": [], "par_num": [], "line_num": []}
    header, body = rows[0], rows[1:]
    columns: dict[str, list[Any]] = {name: [] for name in header}
    for row in body:
        row = row + [""] * (len(header) - len(row))
        for name, value in zip(header, row, strict=False):
            columns[name].append(value)
    return columns


def _from_tsv(data: dict[str, list[Any]]) -> PageRead:
    """Lines rebuilt from Tesseract's word boxes; confidence weighted by word length."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    weighted = 0.0
    chars = 0
    for i, word in enumerate(data["text"]):
        word = str(word).strip()
        conf = float(data["conf"][i])
        if not word or conf < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        lines.setdefault(key, []).append(word)
        weighted += conf * len(word)
        chars += len(word)
    text = "\n".join(join_cjk(" ".join(words)) for _, words in sorted(lines.items()))
    return PageRead(text=text, confidence=round(weighted / chars / 100, 4) if chars else 0.0)


def ocr_letter(
    files: Sequence[bytes],
    *,
    pool: Executor,
    engine: OcrEngine | None = None,
    steps: Preprocessing | None = None,
    max_pixels: int = pages_mod.DEFAULT_MAX_PIXELS,
    in_flight: int = 4,
) -> LetterText:
    """OCR every page of every file, ``pool`` reading pages in parallel, results in order.

    Pages are decoded here, one at a time, and at most ``in_flight`` wait in the pool, so a
    200-page PDF never sits decoded in memory at once. Do not call this from a thread of
    ``pool`` itself: a full pool would then wait on itself.
    """
    engine = engine or TesseractEngine()
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
                pending.append((file_no, index, pool.submit(_read_page, engine, page, steps)))
                drain(in_flight)
            index += 1
    drain(0)
    return LetterText(pages=done, confidence=_overall(done))


def _pages(data: bytes, max_pixels: int) -> Iterator[pages_mod.Page]:
    return pages_mod.iter_pages(data, max_pixels=max_pixels)


def _read_page(engine: OcrEngine, page: pages_mod.Page, steps: Preprocessing | None) -> PageRead:
    assert page.image is not None
    return engine.read(prepare(page.image, dpi=page.dpi, steps=steps))


def _overall(pages: Sequence[PageText]) -> float:
    chars = sum(len(p.text) for p in pages)
    if not chars:
        return 0.0
    return round(sum(p.confidence * len(p.text) for p in pages) / chars, 4)
