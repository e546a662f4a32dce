"""Normalization of every channel's text before extraction, keeping a map to the original.

Extractors read the cleaned text, but reviewers highlight the original. The steps, in order:
NFKC for compatibility forms (full-width digits and letters, circled numbers, the
ideographic space; the CJK punctuation the patterns read as Chinese is kept), digits read
out in Chinese (一三八…, 幺 for 1, 两 for 2, 洞 for 0) in runs long enough to be a number,
OCR digit confusions (O/l for 0/1) inside digit runs, then deletions: the spaces OCR and ASR
put between CJK tokens, and the line breaks OCR leaves inside numbers, names and units
(a hard wrap, not the end of a paragraph, a heading or a signature line). The rare NFKC
edit that changes a length is kept as a first step map; everything else is a same-length
substitution or a deletion recorded as a breakpoint.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
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

_CN_DIGITS = "零〇洞一二三四五六七八九幺两拐"
_CN_DIGIT_TABLE = str.maketrans(_CN_DIGITS, "000123456789" + "127")
# A run of 7+ Chinese digits with no 十/百/千/万 is a number read out digit by
# digit (a phone or ID in a transcript), not a quantity.
# A transcript's last "digit" that starts a word of its own (… 六 两 三原县) is the word's:
# a spoken digit stands alone between spaces or runs on into other digits.
_CN_DIGIT_RUN = re.compile(
    rf"[{_CN_DIGITS}](?:[ \t]?[{_CN_DIGITS}]){{6,}}(?!(?<=[ \t][{_CN_DIGITS}])[\u4e00-\u9fff])"
)

_CONFUSABLE = "OoIl〇"
_HAS_CONFUSABLE = re.compile(r"[OoIl〇]")
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLE, "00110")
_OCR_RUN = re.compile(r"(?<![A-Za-z])[0-9OoIl〇](?:[ \-]?[0-9OoIl〇]){5,}(?![A-WYZa-wyz])")

_JOIN = re.compile(rf"(?<=[{CJK}])[ \t\u3000]+(?=[{CJK}])")
_JOIN_START = re.compile(r"[ \t\u3000]")
# NFKC is applied to what is not already normal, except the full-width punctuation that
# the patterns read as Chinese (，：（） and the like): only letters, digits and symbols.
_KEEP_PUNCT = frozenset(chr(c) for c in [*range(0xFF01, 0xFF10), *range(0xFF1A, 0xFF21)])
_NOT_PLAIN = re.compile(r"[^\x00-\x7f\u4e00-\u9fff\u3001\u3002\uff01-\uff0f\uff1a-\uff20]")
# A line break is a hard wrap (to be joined) between word characters, unless the next
# line is a label, a date, a closing formula or indented, or the line before is short.
_BREAK = re.compile(r"[ \t\u3000]*\r?\n[ \t\u3000]*")
_WORD_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z，、（(]")
_NEXT_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff0-9A-Za-z，、（(：:。）)]")
_NEXT_LINE_STOPS = re.compile(
    r"[\u4e00-\u9fff]{2,8}[ \t]*[:：]|\d{2,4}[ \t]*[年./-]|此致|敬礼|特此|谨此|"
    r"(?:举报|反映|检举|控告|来信|来访)人|联系(?:电话|方式)|[一二三四五六七八九十]+、|\d[、.．](?!\d)"
)
_MIN_WRAPPED_LINE = 6
_NUMBER_AHEAD = re.compile(r"\d{6}")
# Two spaces or more before a label separate the fields of a form written on one line
# (举报人：王强  电话：…  被举报人单位：…): kept, where a single space is OCR's or ASR's.
_FIELD_LABEL = re.compile(r"[\u4e00-\u9fff]{2,8}[ \t]*[:：]")
_UNIT_SUFFIX_START = re.compile(r"[局厅委院所办处科室站队中公集村镇乡街县区市]")
# Labels of a person's details: a line that starts with one and a colon is a new field,
# whatever its first character (公民身份号码 starts like 公司).
_LABEL_WORDS = (
    "公民身份号码|身份证号码|身份证号|身份证|证件号码|联系电话|联系方式|手机号码|手机|电话|"
    "家庭住址|现住址|住址|姓名|性别|民族|单位|职务|职级|所在地区|所在单位|所在地"
)
_LABEL_START = re.compile(rf"(?:{_LABEL_WORDS})[ \t]*[:：]")
_LABEL = re.compile(rf"{_LABEL_WORDS}|电话号码|被?(?:举报|反映|检举|控告)人|来访人|来信人")


def _nfkc(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]] | None:
    """NFKC of the characters that need it; None when nothing changes the text's length."""
    if unicodedata.is_normalized("NFKC", text):
        return None
    pieces: list[str] = []
    clean_starts = [0]
    orig_starts = [0]
    pos = out = 0
    for m in _NOT_PLAIN.finditer(text):
        ch = m.group()
        if ch in _KEEP_PUNCT:
            continue
        new = unicodedata.normalize("NFKC", ch)
        if new == ch:
            continue
        pieces.append(text[pos : m.start()])
        out += m.start() - pos
        pieces.append(new)
        if len(new) != 1:
            for k in range(len(new)):
                clean_starts.append(out + k)
                orig_starts.append(m.start())
            clean_starts.append(out + len(new))
            orig_starts.append(m.end())
        out += len(new)
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces), tuple(clean_starts), tuple(orig_starts)


def _spans_label(text: str, a: int, b: int) -> bool:
    """Whether a label such as 身份证号 runs across the line break text[a:b]."""
    left = text[max(0, a - 6) : a]
    joined = left + text[b : b + 6]
    cut = len(left)
    return any(m.start() < cut < m.end() for m in _LABEL.finditer(joined))


def _is_wrap(text: str, m: re.Match[str]) -> bool:
    """Whether the line break ``m`` is OCR's hard wrap inside running text."""
    a, b = m.start(), m.end()
    if a == 0 or b >= len(text):
        return False
    if text[a - 1] == "." and a >= 2 and text[a - 2].isdigit() and text[b].isdigit():
        return True  # 6.\n8万元: a decimal point at the end of a line
    if text[a - 1].isdigit() and text[b] == "." and text[b + 1 : b + 2].isdigit():
        return True  # 1\n.2万元: or at the start of the next
    if text[a - 1] in "：:" and _NUMBER_AHEAD.match(text, b):
        return True  # 联系电话：\n139…: a label at the end of a line, its number on the next
    if not (_WORD_CHAR.match(text, a - 1) and _NEXT_CHAR.match(text, b)):
        return False
    if text[b - 1] in " \t\u3000" and text[b - 2 : b] in ("  ", "\u3000\u3000", "\t\t"):
        return False  # an indented line: a signature, a date, a new paragraph
    line_start = text.rfind("\n", 0, a) + 1
    if a - line_start < _MIN_WRAPPED_LINE or text[line_start] in " \t\u3000":
        return False
    if _spans_label(text, a, b):
        return True  # 身份\n证号：, 联系电\n话：: the label itself is broken
    if _LABEL_START.match(text, b):
        return False
    return not (_NEXT_LINE_STOPS.match(text, b) and not _UNIT_SUFFIX_START.match(text, b))


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text and the step map from its offsets to the original's."""

    original: str
    text: str
    clean_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    # The step map of an NFKC edit that changed a length (rare), applied last.
    nfkc_map: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    def orig(self, pos: int) -> int:
        k = bisect.bisect_right(self.clean_starts, pos) - 1
        return self._nfkc_orig(self.orig_starts[k] + pos - self.clean_starts[k])

    def _nfkc_orig(self, pos: int) -> int:
        if self.nfkc_map is None:
            return pos
        cs, os_ = self.nfkc_map
        k = bisect.bisect_right(cs, pos) - 1
        return os_[k] + pos - cs[k]

    def span(self, start: int, end: int) -> Span:
        """Map a half-open span of the cleaned text to the original text."""
        cs = self.clean_starts
        if end <= start:
            if len(cs) == 1 and self.nfkc_map is None:  # the map is the identity
                return Span(start=start, end=start)
            o = self.orig(start)
            return Span(start=o, end=o)
        if self.nfkc_map is None:
            if len(cs) == 1:
                return Span(start=start, end=end)
            os_ = self.orig_starts
            k = bisect.bisect_right(cs, start) - 1
            j = bisect.bisect_right(cs, end - 1, k) - 1
            return Span(start=os_[k] + start - cs[k], end=os_[j] + end - cs[j])
        os_ = self.orig_starts
        k = bisect.bisect_right(cs, start) - 1
        j = bisect.bisect_right(cs, end - 1, k) - 1
        first = self._nfkc_orig(os_[k] + start - cs[k])
        last = self._nfkc_orig(os_[j] + end - 1 - cs[j]) + 1
        return Span(start=first, end=max(first, last))


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
    """Normalize widths, spelled-out digits and OCR digit confusions; join spaced CJK
    and hard-wrapped lines."""
    nfkc = _nfkc(text)
    nfkc_map = None
    if nfkc is not None:
        s, *maps = nfkc
        if len(maps[0]) > 1:
            nfkc_map = (maps[0], maps[1])
    else:
        s = text
    s = _FULLWIDTH_ANCHOR.sub(_fullwidth, s)
    s = _CN_DIGIT_RUN.sub(_digits_from_cn, s)
    if _HAS_CONFUSABLE.search(s):  # else every OCR run would be left as it is
        s = _OCR_RUN.sub(_digits_from_ocr, s)
    pieces: list[str] = []
    clean_starts = [0]
    orig_starts = [0]
    pos = 0
    out_len = 0
    deletions = [
        (m.start(), m.end())
        for m in finditer_from(_JOIN, _JOIN_START, s)
        if m.end() - m.start() < 2 or not _FIELD_LABEL.match(s, m.end())
    ]
    if "\n" in s:
        wraps = [(_wrap_start(s, m), m.end()) for m in _BREAK.finditer(s) if _is_wrap(s, m)]
        if wraps:
            deletions = _merge(deletions, wraps)
    for start, end in deletions:
        pieces.append(s[pos:start])
        out_len += start - pos
        pos = end
        clean_starts.append(out_len)
        orig_starts.append(pos)
    pieces.append(s[pos:])
    return Cleaned(
        original=text,
        text="".join(pieces),
        clean_starts=tuple(clean_starts),
        orig_starts=tuple(orig_starts),
        nfkc_map=nfkc_map,
    )


def _wrap_start(text: str, m: re.Match[str]) -> int:
    """Where a wrap's deletion starts: spaces after a number and before the break are kept
    (0739-5321476  \n1590…: the spaces end one number, the next line holds another)."""
    a = m.start()
    if text[a] in " \t\u3000" and text[a - 1].isdigit() and text[m.end()].isdigit():
        return text.index("\n", a)
    return a


def _merge(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two sorted lists of deletions as one, overlapping ones united."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(a + b):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
