"""PP-OCRv4 (detection, direction classifier, recognition) through RapidOCR on onnxruntime.

The models ship inside the ``rapidocr-onnxruntime`` wheel; nothing is downloaded at run
time. One ``RapidOcrEngine`` holds the three ONNX sessions and is shared by every page
thread of the process: onnxruntime's ``InferenceSession.run`` is thread-safe, and the only
state RapidOCR writes per call (the detector's resize operation) is the same for every call
with ``limit_type = "min"``, which is its default and ours. Each session gets
``intra_op_threads`` (default 1): pages already run in parallel on the page pool, each
beside a Tesseract process, so more threads per session would only oversubscribe the cores.

Pages reach this engine already upright (``preprocess`` and the reader's orientation check),
so PP-OCR's per-line 0/180° classifier is off, and the page is shrunk to at most 1024 px on
its long side before detection (recognition crops the lines from the full page and resizes
each to 48 px high anyway). On the tuned set (bench/letters.py --set tuned, 2 cores, both
engines) detection at 1600 px gave 0.32 pages/s, at 1024 px 0.53, both 0.00% CER; at 800 px
the first characters were lost (0.02%), so 1024 keeps a margin. A 300 dpi character is still
about 16 px high for the detector there.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np
from PIL import Image

from channels.letter_ocr.reading import Line, PageRead, page_read
from normalizer.errors import Unavailable

__all__ = ["RapidOcrEngine", "available"]

# Boxes below this recognition score are dropped by RapidOCR itself (its default 0.5).
_MIN_SCORE = 0.5


def available() -> bool:
    """The ``rapidocr_onnxruntime`` package (and so onnxruntime and the models) is installed."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


class RapidOcrEngine:
    """Reads a prepared page with PP-OCRv4; lines come with boxes and recognition scores."""

    name = "rapidocr"

    def __init__(self, *, intra_op_threads: int = 1, max_side: int = 1024) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise Unavailable(
                "ocr_unavailable",
                "第二识别引擎 RapidOCR 未安装。",
                "rapidocr-onnxruntime is not installed.",
            ) from exc
        self._ocr: Any = RapidOCR(
            intra_op_num_threads=intra_op_threads,
            inter_op_num_threads=1,
            max_side_len=max_side,
            text_score=_MIN_SCORE,
            use_cls=False,
        )
        # Keep the per-character probabilities that RapidOCR averages away, so that the merge
        # can choose character by character.
        rec = self._ocr.text_rec
        rec.postprocess_op = _CharConfidences(rec.postprocess_op)

    def read(self, image: Image.Image) -> PageRead:
        return page_read(self.read_lines(image))

    def read_lines(self, image: Image.Image) -> list[Line]:
        """Detected lines, top to bottom as RapidOCR sorts them (reading order comes later)."""
        rgb = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        try:
            result, _ = self._ocr(rgb)
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise Unavailable(
                "ocr_failed",
                "文字识别失败，来信已保存，将自动重试。",
                f"RapidOCR failed on a page ({type(exc).__name__}); the job will retry.",
            ) from exc
        lines = []
        for quad, raw_text, score, chars in result or []:
            text = str(raw_text)
            if not text.strip():
                continue
            xs = [float(p[0]) for p in quad]
            ys = [float(p[1]) for p in quad]
            box = (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))
            conf = round(float(score), 4)
            per_char = tuple(round(float(c), 4) for c in chars)
            if len(per_char) != len(text):
                per_char = (conf,) * len(text)
            lines.append(
                Line(
                    text=text,
                    confidence=conf,
                    box=box,
                    engine=self.name,
                    char_confidence=per_char,
                )
            )
        return lines


class _CharConfidences:
    """RapidOCR's CTC decoder, returning (text, mean score, per-character probabilities)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __call__(
        self, preds: Any, return_word_box: bool = False, **kwargs: Any
    ) -> list[tuple[str, float, tuple[float, ...]]]:
        decoded = self._inner.decode(
            preds.argmax(axis=2), preds.max(axis=2), True, is_remove_duplicate=True
        )
        return [(text, score, tuple(info[4])) for text, score, info in decoded]
