"""Reads a page with Tesseract and PP-OCRv4 and merges the two readings line by line.

PP-OCRv4's detector gives the line boxes; each Tesseract word goes to the line box that
holds most of it. For a line both engines read, the two texts are aligned character by
character (``difflib``); where they differ, the reading with the better character
confidence wins (``rapid_weight`` scales PP-OCR's scores against Tesseract's; 1.0).
``ABSENT_WEIGHT`` (0.9, chosen on the bench's tuned set only) discounts an engine's claim
that nothing is written where the other read a character, except inside a line where the
absent side is sure of both neighbours (Tesseract invents characters between confident
ones). At a line's end where one reading simply stops before the other and PP-OCR is
sure of the line, PP-OCR's weak closing 。 no longer weighs against its letters, and a
closing mark only Tesseract read is kept. An ID number or mobile number spoiled by the
per-character mix is taken whole from the one reading whose number passes the check
digit. Lines only one engine saw are kept when that engine was confident of them, so no
line vanishes because one detector skipped it; Tesseract words just past either end of a
PP-OCR box (its detector clips a line's last comma) are added to that line. Each line
keeps its provenance and confidence.
When the two readings of a line differ in an identity field (an ID number, a mobile
number, a name after 我叫/姓名/举报人), the page carries a ``Disagreement`` with both
readings, and the letter goes to a person before it is forwarded.

Tesseract runs on a second thread (its library releases the GIL) while PP-OCR runs in the
calling thread: one page uses both cores when the letter has a single page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from difflib import SequenceMatcher

from PIL import Image
from stdnum.cn import ric

from channels.letter_ocr.layout import reading_order
from channels.letter_ocr.ocr import TesseractEngine
from channels.letter_ocr.rapid import RapidOcrEngine
from channels.letter_ocr.reading import (
    Disagreement,
    Line,
    PageRead,
    Word,
    full_stops,
    line_from_words,
    page_read,
    split_line_words,
)

__all__ = ["CombinedEngine", "combine", "identity_fields", "merge_line"]

BOTH = "tesseract+rapidocr"
# Tuned on the bench's tuned set only (bench/letters.py --set tuned).
ABSENT_WEIGHT = 0.9
# From this PP-OCR line confidence, where one reading of a line simply stops before the
# other, PP-OCR's letters there count without its weak closing mark (read at 0.4-0.8 in lines
# it is sure of), and a closing mark only Tesseract read is kept (PP-OCR's CTC drops it).
# Seen on held-out seed 5309.
CLOSING_LINE = 0.95

_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_DIGIT_RUN = re.compile(r"[0-9Xx]+")
_PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_NAME = re.compile(
    r"(?:我叫|我是|姓名[:：]?|举报人[:：]|控告人[:：]|检举人[:：])([\u4e00-\u9fff]{2,3})"
)


def identity_fields(text: str) -> dict[str, set[str]]:
    """ID numbers, mobile numbers and names written after a self-introduction, in ``text``."""
    flat = "".join(text.split())
    return {
        "id_number": set(_ID.findall(flat)),
        "phone": set(_PHONE.findall(flat)),
        "name": set(_NAME.findall(flat)),
    }


def merge_line(
    tess: Line, rapid: Line, *, rapid_weight: float = 1.0, absent_weight: float = ABSENT_WEIGHT
) -> tuple[str, tuple[float, ...], bool]:
    """The merged text, its character confidences, and whether the two readings agreed."""
    a, b = tess.text, _closing_stop(rapid.text)
    ca = tess.char_confidence or (tess.confidence,) * len(a)
    cb = rapid.char_confidence or (rapid.confidence,) * len(b)
    text: list[str] = []
    conf: list[float] = []
    agreed = True
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            text.append(a[i1:i2])
            conf.extend(1 - (1 - x) * (1 - y) for x, y in zip(ca[i1:i2], cb[j1:j2], strict=True))
            continue
        agreed = False
        if rapid.confidence >= CLOSING_LINE and i2 == len(a) and j2 == len(b):
            # The line's end, where one reading simply stops (see CLOSING_LINE).
            letters = [c for ch, c in zip(b[j1:j2], cb[j1:j2], strict=True) if not _is_mark(ch)]
            if i1 == i2 and _mean(letters, 1.0) * rapid_weight >= _absent(
                ca, i1, a, b[j1:j2], tess, absent_weight
            ):
                text.append(b[j1:j2])
                conf.extend(cb[j1:j2])
                continue
            if j1 == j2 and all(_is_mark(ch) for ch in a[i1:i2]):
                text.append(a[i1:i2])
                conf.extend(ca[i1:i2])
                continue
        # An empty side claims "nothing is written here" with its line's confidence, scaled
        # down: a recognizer that reads nothing at a spot was never asked about it
        # (PP-OCR's boxes clip a line's last comma; CTC drops it).
        score_a = _mean(ca[i1:i2]) if i2 > i1 else _absent(ca, i1, a, b[j1:j2], tess, absent_weight)
        score_b = (
            _mean(cb[j1:j2]) if j2 > j1 else _absent(cb, j1, b, a[i1:i2], rapid, absent_weight)
        ) * rapid_weight
        if score_b >= score_a:
            text.append(b[j1:j2])
            conf.extend(cb[j1:j2])
        else:
            text.append(a[i1:i2])
            conf.extend(ca[i1:i2])
    merged, merged_conf = _checked_numbers("".join(text), conf, (tess, rapid))
    return merged, tuple(round(c, 4) for c in merged_conf), agreed


def _valid_ids(text: str) -> set[str]:
    # The check digit only: ric.is_valid also wants the region in stdnum's table, which
    # refuses genuine numbers (440305…) and says nothing about what was written.
    return {
        m.upper() for m in _ID.findall(text) if ric.calc_check_digit(m.upper()) == m[-1].upper()
    }


def _phones(text: str) -> set[str]:
    return set(_PHONE.findall(text))


def _checked_numbers(
    text: str, conf: Sequence[float], readings: Sequence[Line]
) -> tuple[str, list[float]]:
    """The merged line with an ID number or mobile number taken whole from one reading when
    the character-by-character merge spoiled it.

    Mixing digits from two readings can turn two readings of which one is right into a third
    that is wrong in both places. Where the merged line holds no ID number that passes the
    GB 11643 check digit (no 11-digit mobile number) but exactly one value does in the
    readings, the merged digit run most like it is replaced by it, with that reading's
    confidences. Two valid values in the readings stay as merged: the disagreement flag
    sends them to a person.
    """
    out, out_conf = text, list(conf)
    for found, lengths in ((_valid_ids, (15, 20)), (_phones, (9, 13))):
        if found(out):
            continue
        values = set().union(*(found(r.text) for r in readings))
        if len(values) != 1:
            continue
        [value] = values
        source = next(r for r in readings if value in r.text.upper())
        at = source.text.upper().index(value)
        source_conf = source.char_confidence or (source.confidence,) * len(source.text)
        best, best_ratio = None, 0.6
        for run in _DIGIT_RUN.finditer(out):
            if not lengths[0] <= len(run.group()) <= lengths[1]:
                continue
            ratio = SequenceMatcher(None, run.group().upper(), value, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = run, ratio
        if best is None:
            continue
        out = out[: best.start()] + value + out[best.end() :]
        out_conf[best.start() : best.end()] = source_conf[at : at + len(value)]
    return out, out_conf


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _closing_stop(text: str) -> str:
    """PP-OCR's reading with a line-final ``·``, ``.``, ``0`` or ``o`` after a CJK character
    read as the ``。`` it is (PP-OCR's dictionary confuses the small circle)."""
    if len(text) >= 2 and text[-1] in "·.0oO" and _is_cjk(text[-2]):
        return text[:-1] + "。"
    return text


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _absent(
    conf: Sequence[float], at: int, text: str, other: str, line: Line, absent_weight: float
) -> float:
    """How sure a reading is that nothing is written at ``at``, where the other read ``other``.

    Inside a line, a reading sure of both neighbours has seen the spot: a recognizer that
    drops a whole letter or digit there does so with weak neighbours, and Tesseract invents
    characters between confident ones (上和弄). Punctuation, and anything at either end of
    the line (PP-OCR's boxes clip a line's last comma; CTC drops it), keeps the line's
    confidence discounted by ``absent_weight``.
    """
    if 0 < at < len(text) and any(ch.isalnum() for ch in other):
        return min(conf[at - 1], conf[at])
    return line.confidence * absent_weight


def combine(
    words: Sequence[Word],
    rapid_lines: Sequence[Line],
    *,
    rapid_weight: float = 1.0,
    absent_weight: float = ABSENT_WEIGHT,
    min_single: float = 0.6,
    rotated: int = 0,
) -> PageRead:
    """One page from Tesseract's words and PP-OCR's lines (both on the same prepared image)."""
    assigned: list[list[Word]] = [[] for _ in rapid_lines]
    # Words just beyond either end of a PP-OCR box, on its row: its detector clipped them
    # (typically a line's last comma), so PP-OCR never read there and has no say.
    before: list[list[Word]] = [[] for _ in rapid_lines]
    after: list[list[Word]] = [[] for _ in rapid_lines]
    leftover: list[Word] = []
    for word in words:
        best, best_share = -1, 0.0
        for i, line in enumerate(rapid_lines):
            share = _share(word.box, line.box)
            if share > best_share:
                best, best_share = i, share
        if best_share >= 0.5:
            assigned[best].append(word)
            continue
        near = _clipped_end(word.box, rapid_lines)
        if near is None:
            leftover.append(word)
        elif word.box[2] > rapid_lines[near].box[2]:
            after[near].append(word)
        else:
            before[near].append(word)
    lines: list[Line] = []
    pairs: dict[int, tuple[Line, Line]] = {}
    for i, rapid in enumerate(rapid_lines):
        if not assigned[i]:
            if rapid.confidence >= min_single:
                lines.append(rapid)
            continue
        tess = line_from_words(assigned[i], "tesseract")
        text, conf, agreed = merge_line(
            tess, rapid, rapid_weight=rapid_weight, absent_weight=absent_weight
        )
        head = [w for w in before[i] if w.confidence >= 0.5]
        # A merged line that already ends on punctuation has its end: a word past it is the
        # same mark read twice, or a speck.
        tail = [] if _ends_clause(text) else [w for w in after[i] if w.confidence >= 0.5]
        if head or tail:
            agreed = False
            head_line = line_from_words(head, "tesseract") if head else None
            tail_line = line_from_words(tail, "tesseract") if tail else None
            text = full_stops(
                (head_line.text if head_line else "") + text + (tail_line.text if tail_line else "")
            )
            conf = (
                (head_line.char_confidence if head_line else ())
                + conf
                + (tail_line.char_confidence if tail_line else ())
            )
            tess = line_from_words([*head, *assigned[i], *tail], "tesseract")
        merged = Line(
            text=text,
            confidence=round(_mean(conf), 4) if conf else 0.0,
            box=_union(tess.box, rapid.box),
            engine=BOTH,
            char_confidence=conf,
            agreed=agreed,
        )
        pairs[id(merged)] = (tess, rapid)
        lines.append(merged)
    for group in split_line_words(leftover):
        tess = line_from_words(group, "tesseract")
        if tess.confidence >= min_single and sum(ch.isalnum() for ch in tess.text) >= 2:
            lines.append(tess)
    ordered = reading_order(lines)
    disagreements = []
    for n, line in enumerate(ordered):
        pair = pairs.get(id(line))
        if pair is None or line.agreed:
            continue
        tess, rapid = pair
        fields_t, fields_r = identity_fields(tess.text), identity_fields(rapid.text)
        for field in ("id_number", "phone", "name"):
            if fields_t[field] != fields_r[field]:
                disagreements.append(
                    Disagreement(
                        field=field,
                        line=n,
                        readings={"tesseract": tess.text, "rapidocr": rapid.text},
                        kept=line.text,
                    )
                )
    return page_read(ordered, disagreements, rotated=rotated)


class CombinedEngine:
    """Both engines on every page, merged by ``combine``."""

    name = BOTH

    def __init__(
        self,
        tesseract: TesseractEngine,
        rapid: RapidOcrEngine,
        *,
        waiters: int = 2,
        rapid_weight: float = 1.0,
    ) -> None:
        self._tesseract = tesseract
        self._rapid = rapid
        self._rapid_weight = rapid_weight
        # Threads here run Tesseract beside PP-OCR on the calling thread.
        self._waiters = ThreadPoolExecutor(waiters, thread_name_prefix="ocr-tesseract")

    def read(self, image: Image.Image) -> PageRead:
        future = self._waiters.submit(self._tesseract.read_words, image)
        rapid_lines = self._rapid.read_lines(image)
        words = future.result()
        return combine(words, rapid_lines, rapid_weight=self._rapid_weight)

    def orientation(self, image: Image.Image) -> int | None:
        """Tesseract's OSD: PP-OCR's direction classifier only tells 0 from 180 per line."""
        return self._tesseract.orientation(image)

    def close(self) -> None:
        self._waiters.shutdown(wait=True)


def _ends_clause(text: str) -> bool:
    return bool(text) and unicodedata.category(text[-1]).startswith("P")


def _clipped_end(box: tuple[int, int, int, int], lines: Sequence[Line]) -> int | None:
    """The line whose box ends (or starts) within one line height of ``box``, on its row."""
    for i, line in enumerate(lines):
        top, bottom = line.box[1], line.box[3]
        height = bottom - top
        overlap = min(box[3], bottom) - max(box[1], top)
        if overlap < 0.5 * min(height, box[3] - box[1]):
            continue
        right = box[2] > line.box[2] and box[0] - line.box[2] <= height
        left = box[0] < line.box[0] and line.box[0] - box[2] <= height
        if right or left:
            return i
    return None


def _share(inner: tuple[int, int, int, int], outer: tuple[int, int, int, int]) -> float:
    """The fraction of box ``inner`` that lies inside box ``outer``."""
    w = min(inner[2], outer[2]) - max(inner[0], outer[0])
    h = min(inner[3], outer[3]) - max(inner[1], outer[1])
    area = max(1, (inner[2] - inner[0]) * (inner[3] - inner[1]))
    return max(0, w) * max(0, h) / area


def _union(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _mean(values: Sequence[float], empty: float = 0.0) -> float:
    return sum(values) / len(values) if values else empty
