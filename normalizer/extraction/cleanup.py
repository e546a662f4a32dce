"""Clean-up of OCR/ASR text, keeping a map back to the original offsets.

Extractors read the cleaned text, but reviewers highlight the original, so every
edit here is either a same-length substitution or a deletion recorded as a
breakpoint. Nothing is ever inserted, which keeps the map a simple step function.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .scanning import finditer_from
from .types import Span

__all__ = ["CJK", "Cleaned", "clean"]

# CJK ideographs plus CJK and full-width punctuation: OCR/ASR put spaces between them.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"

# Full-width forms only where they matter to extraction: digits, Latin letters
# (the X of an ID number) and the punctuation used inside phone numbers.
_FULLWIDTH: dict[int, int | str] = {0xFF10 + i: 0x30 + i for i in range(10)}
_FULLWIDTH |= {0xFF21 + i: 0x41 + i for i in range(26)}
_FULLWIDTH |= {0xFF41 + i: 0x61 + i for i in range(26)}
_FULLWIDTH |= {ord("＋"): "+", ord("－"): "-", ord("（"): "(", ord("）"): ")", ord("．"): "."}
_FULLWIDTH |= {0x3000: " ", 0x00A0: " "}
# str.translate with a dict costs a lookup per character; CJK letters rarely hold
# any of these, so only the runs that do are translated (the same result).
_FULLWIDTH_ANCHOR = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_FULLWIDTH)) + "]+")

_CN_DIGITS = "零〇一二三四五六七八九幺两"
_CN_DIGIT_TABLE = str.maketrans(_CN_DIGITS, "00123456789" + "12")
# A run of 7+ Chinese digits with no 十/百/千/万 is a number read out digit by
# digit (a phone or ID in a transcript), not a quantity.
_CN_DIGIT_RUN = re.compile(rf"[{_CN_DIGITS}](?:[ \t]?[{_CN_DIGITS}]){{6,}}")

_CONFUSABLE = "OoIl〇"
_HAS_CONFUSABLE = re.compile(r"[OoIl〇]")
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLE, "00110")
_OCR_RUN = re.compile(r"(?<![A-Za-z])[0-9OoIl〇](?:[ \-]?[0-9OoIl〇]){5,}(?![A-WYZa-wyz])")

_JOIN = re.compile(rf"(?<=[{CJK}])[ \t\u3000]+(?=[{CJK}])")
_JOIN_START = re.compile(r"[ \t\u3000]")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text and the step map from its offsets to the original's."""

    original: str
    text: str
    clean_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]

    def orig(self, pos: int) -> int:
        k = bisect.bisect_right(self.clean_starts, pos) - 1
        return self.orig_starts[k] + pos - self.clean_starts[k]

    def span(self, start: int, end: int) -> Span:
        """Map a half-open span of the cleaned text to the original text."""
        cs = self.clean_starts
        if end <= start:
            if len(cs) == 1:  # nothing deleted: the map is the identity
                return Span(start=start, end=start)
            o = self.orig(start)
            return Span(start=o, end=o)
        if len(cs) == 1:
            return Span(start=start, end=end)
        os_ = self.orig_starts
        k = bisect.bisect_right(cs, start) - 1
        j = bisect.bisect_right(cs, end - 1, k) - 1
        return Span(start=os_[k] + start - cs[k], end=os_[j] + end - cs[j])


def _digits_from_cn(m: re.Match[str]) -> str:
    return m.group().translate(_CN_DIGIT_TABLE)


def _digits_from_ocr(m: re.Match[str]) -> str:
    run = m.group()
    if not _HAS_CONFUSABLE.search(run) or sum(c.isascii() and c.isdigit() for c in run) < 4:
        return run
    return run.translate(_CONFUSABLE_TABLE)


def _fullwidth(m: re.Match[str]) -> str:
    return m.group().translate(_FULLWIDTH)


def clean(text: str) -> Cleaned:
    """Normalize widths, spelled-out digits and OCR digit confusions; join spaced CJK."""
    s = _FULLWIDTH_ANCHOR.sub(_fullwidth, text)
    s = _CN_DIGIT_RUN.sub(_digits_from_cn, s)
    if _HAS_CONFUSABLE.search(s):  # else every OCR run would be left as it is
        s = _OCR_RUN.sub(_digits_from_ocr, s)
    pieces: list[str] = []
    clean_starts = [0]
    orig_starts = [0]
    pos = 0
    out_len = 0
    for m in finditer_from(_JOIN, _JOIN_START, s):
        pieces.append(s[pos : m.start()])
        out_len += m.start() - pos
        pos = m.end()
        clean_starts.append(out_len)
        orig_starts.append(pos)
    pieces.append(s[pos:])
    return Cleaned(
        original=text,
        text="".join(pieces),
        clean_starts=tuple(clean_starts),
        orig_starts=tuple(orig_starts),
    )
