"""The letter channel's entry point into the worker pool: scanned pages -> draft text.

Pages of every file of a letter are OCRed in parallel on this extractor's own page pool (a
letter job already runs on one of the gateway's workers; sharing that pool would let a full
pool wait on itself).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import pytesseract

from channels.letter_ocr.ocr import OcrEngine, TesseractEngine, ocr_letter
from normalizer.record import ExtractedText, Original, RawIntake, TextPart

__all__ = ["LetterExtractor", "from_settings"]

log = logging.getLogger(__name__)


class LetterSettings(Protocol):
    ocr_lang: str
    max_image_pixels: int
    workers: int


class LetterExtractor:
    def __init__(
        self,
        *,
        engine: OcrEngine,
        engine_name: str,
        max_pixels: int,
        page_workers: int,
        lang: str = "chi_sim",
    ) -> None:
        self._lang = lang
        self._ready: bool | None = None
        self._engine = engine
        self._engine_name = engine_name
        self._max_pixels = max_pixels
        self._pool = ThreadPoolExecutor(page_workers, thread_name_prefix="ocr-page")

    def ready(self) -> bool:
        """Tesseract and its language data are installed (asked once, then remembered)."""
        if self._ready is None:
            try:
                self._ready = set(self._lang.split("+")) <= set(pytesseract.get_languages())
            except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError):
                self._ready = False
            if not self._ready:
                log.warning(
                    "tesseract or its %s language data is missing: letters wait", self._lang
                )
        return self._ready

    def extract(self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]) -> ExtractedText:
        files = [data for meta, data in originals if meta.role == "page"]
        letter = ocr_letter(
            files, pool=self._pool, engine=self._engine, max_pixels=self._max_pixels
        )
        parts = [
            TextPart(
                label=f"第{p.index + 1}页",
                text=p.text,
                confidence=p.confidence,
                engine=self._engine_name if p.ocr_done else "pdf-text-layer",
            )
            for p in letter.pages
        ]
        return ExtractedText(
            text="\n\n".join(p.text for p in letter.pages),
            parts=parts,
            confidence=letter.confidence,
            engine=self._engine_name,
            detail={
                "pages": len(letter.pages),
                "ocr_pages": sum(1 for p in letter.pages if p.ocr_done),
                "text_layer_pages": sum(1 for p in letter.pages if not p.ocr_done),
            },
        )


def from_settings(settings: LetterSettings) -> LetterExtractor:
    return LetterExtractor(
        engine=TesseractEngine(settings.ocr_lang),
        engine_name=f"tesseract:{settings.ocr_lang}",
        lang=settings.ocr_lang,
        max_pixels=settings.max_image_pixels,
        page_workers=settings.workers,
    )
