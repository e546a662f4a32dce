"""The reading of a page: lines with boxes, confidences and provenance, and how to build it.

Shared by the engines (``ocr``, ``rapid``), the merge (``combine``) and the layout
(``layout``), so none of them imports another just for these types.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

__all__ = [
    "Box",
    "Disagreement",
    "Line",
    "PageRead",
    "Word",
    "full_stops",
    "join_cjk",
    "line_from_words",
    "page_read",
    "split_line_words",
]

Box = tuple[int, int, int, int]


class Line(msgspec.Struct, frozen=True, kw_only=True):
    """One text line: its box (x0, y0, x1, y1) on the prepared page, confidence in [0, 1].

    ``engine`` names who read it: one engine, or ``"tesseract+rapidocr"`` when both read
    the line and their readings were merged; ``agreed`` is false when they differed.
    """

    text: str
    confidence: float
    box: Box
    engine: str
    char_confidence: tuple[float, ...] = ()
    agreed: bool = True


class Disagreement(msgspec.Struct, frozen=True, kw_only=True):
    """Two engines read an identity field of one line differently; a person must look."""

    field: str
    line: int
    readings: dict[str, str]
    kept: str


class PageRead(msgspec.Struct, frozen=True, kw_only=True):
    """What an engine read on one page image; confidence in [0, 1].

    ``unreadable`` is set when no engine read anything it was confident of: the text is then
    empty rather than a guess. ``vertical`` marks vertical writing (竖排), read but not laid
    out, so the page goes to a person.
    """

    text: str
    confidence: float
    lines: tuple[Line, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    unreadable: bool = False
    rotated: int = 0
    vertical: bool = False


_CJK = (
    r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef\u3200-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")


def join_cjk(text: str) -> str:
    """Removes the spaces Tesseract puts around CJK characters, keeping Latin word spacing."""
    return _SPACE_NEXT_TO_CJK.sub("", text)


_STOP_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])\.")


def full_stops(text: str) -> str:
    """``.`` after a CJK character as ``。``: Tesseract's chi_sim writes the ideographic full
    stop as an ASCII one, which NFKC does not fold. Same length, so confidences still line up.
    """
    return _STOP_AFTER_CJK.sub("。", text)


class Word(msgspec.Struct, frozen=True, kw_only=True):
    """One word box of Tesseract's TSV; ``line_key`` is its (block, paragraph, line)."""

    text: str
    confidence: float
    box: Box
    line_key: tuple[int, int, int]


def line_from_words(words: Sequence[Word], engine: str) -> Line:
    """One line from its words, left to right, with Tesseract's spaces around CJK removed."""
    ordered = sorted(words, key=lambda w: w.box[0])
    text = full_stops(join_cjk(" ".join(w.text for w in ordered)))
    per_char: list[float] = []
    for w in ordered:
        per_char.extend([w.confidence] * len(w.text))
    # join_cjk only drops spaces, so per-character confidences follow the non-space text.
    confidences = _spread(text, per_char)
    box = (
        min(w.box[0] for w in ordered),
        min(w.box[1] for w in ordered),
        max(w.box[2] for w in ordered),
        max(w.box[3] for w in ordered),
    )
    mean = sum(per_char) / len(per_char) if per_char else 0.0
    return Line(
        text=text,
        confidence=round(mean, 4),
        box=box,
        engine=engine,
        char_confidence=confidences,
    )


def _spread(text: str, per_char: Sequence[float]) -> tuple[float, ...]:
    """Confidences for every character of ``text``, spaces taking their left neighbour's."""
    out: list[float] = []
    it = iter(per_char)
    last = per_char[0] if per_char else 0.0
    for ch in text:
        if ch != " ":
            last = next(it, last)
        out.append(last)
    return tuple(out)


def split_line_words(words: Sequence[Word], *, gap_factor: float = 1.5) -> list[list[Word]]:
    """Words grouped by Tesseract line, each line cut where a gap wider than ``gap_factor``
    line heights separates two words (columns or table cells that psm 6 joined)."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        grouped.setdefault(w.line_key, []).append(w)
    out: list[list[Word]] = []
    for _, ws in sorted(grouped.items()):
        ws = sorted(ws, key=lambda w: w.box[0])
        height = max(1, max(w.box[3] for w in ws) - min(w.box[1] for w in ws))
        current = [ws[0]]
        for w in ws[1:]:
            if w.box[0] - current[-1].box[2] > gap_factor * height:
                out.append(current)
                current = []
            current.append(w)
        out.append(current)
    return out


def page_read(
    lines: Sequence[Line],
    disagreements: Sequence[Disagreement] = (),
    *,
    rotated: int = 0,
) -> PageRead:
    """A page from its lines in reading order; empty and ``unreadable`` when it has none."""
    lines = tuple(line for line in lines if line.text.strip())
    chars = sum(len(line.text) for line in lines)
    confidence = sum(line.confidence * len(line.text) for line in lines) / chars if chars else 0.0
    return PageRead(
        text="\n".join(line.text for line in lines),
        confidence=round(confidence, 4),
        lines=lines,
        disagreements=tuple(disagreements),
        unreadable=not lines,
        rotated=rotated,
    )
