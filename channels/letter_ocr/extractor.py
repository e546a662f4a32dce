"""The letter channel's entry point into the worker pool: scanned pages -> draft text.

Pages of every file of a letter are OCRed in parallel on this extractor's own page pool (a
letter job already runs on one of the gateway's workers; sharing that pool would let a full
pool wait on itself). ``ocr_engines`` picks Tesseract alone or Tesseract merged with PP-OCRv4
(RapidOCR, whose ONNX sessions are loaded once here and shared by every page thread).

Review flags the OCR raises itself travel to the normalizer in ``detail["flags"]``
(``{"code", "reason", "detail"}``): ``ocr_engines_disagree`` when the two engines read an ID
number, phone or name differently (both readings in the detail), ``ocr_unreadable`` for a
page neither engine could read (its text is empty, never a guess), ``ocr_vertical_text``
for vertical writing (竖排), which is read but not laid out. Per-line provenance
and confidence are in ``detail["lines"]``, one list per page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import pytesseract

from channels.letter_ocr import rapid
from channels.letter_ocr.combine import CombinedEngine
from channels.letter_ocr.ocr import OcrEngine, PageText, TesseractEngine, ocr_letter
from normalizer.record import ExtractedText, Original, RawIntake, TextPart

__all__ = ["LetterExtractor", "build_engine", "from_settings", "review_flags"]

log = logging.getLogger(__name__)


_FIELD_NAMES = {"id_number": "身份证号码", "phone": "电话号码", "name": "姓名"}


class LetterSettings(Protocol):
    @property
    def ocr_lang(self) -> str: ...
    @property
    def max_image_pixels(self) -> int: ...
    @property
    def workers(self) -> int: ...
    @property
    def ocr_engines(self) -> tuple[str, ...]: ...


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
                "lines": [
                    [
                        {"engine": ln.engine, "confidence": ln.confidence, "agreed": ln.agreed}
                        for ln in p.lines
                    ]
                    for p in letter.pages
                ],
                "flags": review_flags(letter.pages),
            },
        )


def review_flags(pages: Sequence[PageText]) -> list[dict[str, str]]:
    """The flags a person must clear: identity fields the engines disagree on, blank reads."""
    disagreements = [
        f"第{p.index + 1}页第{d.line + 1}行{_FIELD_NAMES.get(d.field, d.field)}："
        + "；".join(f"{engine}「{text}」" for engine, text in sorted(d.readings.items()))
        for p in pages
        for d in p.disagreements
    ]
    unreadable = [f"第{p.index + 1}页" for p in pages if p.ocr_done and p.unreadable]
    vertical = [f"第{p.index + 1}页" for p in pages if p.ocr_done and p.vertical]
    found = [
        (
            "ocr_engines_disagree",
            "两个识别引擎对身份信息读法不一致，请人工核对",
            " | ",
            disagreements,
        ),
        ("ocr_unreadable", "页面无法识别，请人工录入", "、", unreadable),
        ("ocr_vertical_text", "竖排文字，自动识别可能错乱，请人工核对", "、", vertical),
    ]
    return [
        {"code": code, "reason": reason, "detail": sep.join(where)}
        for code, reason, sep, where in found
        if where
    ]


def build_engine(engines: Sequence[str], lang: str, workers: int) -> tuple[OcrEngine, str]:
    """The configured engine and its name; RapidOCR is skipped, with a warning, if missing."""
    tesseract = TesseractEngine(lang)
    name = f"tesseract:{lang}"
    if "rapidocr" not in engines:
        return tesseract, name
    if not rapid.available():
        log.warning("rapidocr-onnxruntime is not installed: letters are read by tesseract alone")
        return tesseract, name
    combined = CombinedEngine(tesseract, rapid.RapidOcrEngine(intra_op_threads=1), waiters=workers)
    return combined, f"{name}+rapidocr:PP-OCRv4"


def from_settings(settings: LetterSettings) -> LetterExtractor:
    engine, name = build_engine(settings.ocr_engines, settings.ocr_lang, settings.workers)
    return LetterExtractor(
        engine=engine,
        engine_name=name,
        lang=settings.ocr_lang,
        max_pixels=settings.max_image_pixels,
        page_workers=settings.workers,
    )
