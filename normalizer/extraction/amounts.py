"""Sums of money (金额), in yuan.

``cn2an`` is applied only to the numeral span that a money pattern has already
cut out: on free text it rewrites words such as 一些 or 万一 and changes meaning.

Every amount contains a unit anchor (元 块 圆, or 万 亿 for a bare sum), and
everything before its first anchor is a numeral, separator or 余/多/来/几. So
the money pattern is only tried at the start positions of the numeral run in
front of each anchor: on letter-sized text that is about ten times faster than
``finditer``, with exactly the same matches (leftmost first, non-overlapping).
"""

from __future__ import annotations

import decimal
import functools
import re

import cn2an

from .cleanup import Cleaned
from .types import AmountFound

__all__ = ["find_amounts"]

_CN_NUM = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_NUMBER = rf"(?P<num>\d{{1,3}}(?:,[ \t]*\r?\n?[ \t]*\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{_CN_NUM}]+)"
_AMOUNT = re.compile(
    rf"{_NUMBER}[ \t]*(?P<approx>余|多|来|几)?[ \t]*(?P<unit>万亿|亿|万|千)?"
    r"[ \t]*(?P<approx2>余|多)?"
    r"[ \t]*(?:(?P<cur>元|块钱|块|圆)|(?P<bare>(?<=[万亿])))(?P<approx3>左右|上下|以上)?"
)
# 万 without 元 counts as money only right after a money word (收受好处费20万).
_MONEY_CONTEXT = re.compile(
    r"(?:人民币|现金|好处费|贿赂|金额|款|共计|合计|累计|收受|索要|贪污|挪用|侵占|送|给|骗取|套取|赃款|礼金|红包|"
    # a caller's words: 收了老板的钱二十万, 一个人收八万
    r"收|拿|要|钱)"
    r"[^，。；\n]{0,6}$"
)
# 三万到五万元: the first of a range takes the money unit of the second.
_RANGE_TO_MONEY = re.compile(
    rf"[ \t]*(?:到|至|~|-|—)[ \t]*[\d{_CN_NUM}]+[ \t]*[万亿千]?[ \t]*(?:元|块)"
)
# Characters a match can hold before its first anchor; ``str.isdecimal`` is ``\d``.
_BEFORE_ANCHOR = frozenset(_CN_NUM + ",. \t\r\n余多来几")
_AMOUNT_ANCHOR = re.compile("[元块圆万亿]")
_ONE = decimal.Decimal(1)
_UNIT = {
    "万亿": decimal.Decimal(10**12),
    "亿": decimal.Decimal(10**8),
    "万": decimal.Decimal(10**4),
    "千": decimal.Decimal(10**3),
    None: decimal.Decimal(1),
}


@functools.lru_cache(maxsize=4096)
def _number(raw: str) -> decimal.Decimal | None:
    """The numeral's value; cached because cn2an is slow and letters repeat numerals."""
    if raw[0].isdigit():
        return decimal.Decimal("".join(raw.replace(",", "").split()))  # drop [,\s]
    if raw in ("几", "十几"):
        return None
    try:
        value = cn2an.cn2an(raw, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return decimal.Decimal(str(value))


def _matches(text: str) -> list[re.Match[str]]:
    """``list(_AMOUNT.finditer(text))``, trying only positions in front of an anchor."""
    found: list[re.Match[str]] = []
    pos = 0  # where the next match may start (end of the previous one)
    tried = 0  # every position in [pos, tried) has failed already
    for anchor in _AMOUNT_ANCHOR.finditer(text):
        a = anchor.start()
        if a < pos:
            continue
        low = max(pos, tried)
        start = a
        while start > low and (text[start - 1] in _BEFORE_ANCHOR or text[start - 1].isdecimal()):
            start -= 1
        for s in range(start, a + 1):
            m = _AMOUNT.match(text, s)
            if m is not None:
                found.append(m)
                pos = m.end()
                break
        else:
            tried = a + 1
    return found


def find_amounts(cleaned: Cleaned) -> list[AmountFound]:
    text = cleaned.text
    found: list[AmountFound] = []
    for m in _matches(text):
        if (
            m.group("cur") is None
            and not _MONEY_CONTEXT.search(text, max(0, m.start() - 12), m.start())
            and not _RANGE_TO_MONEY.match(text, m.end())
        ):
            continue
        raw_num = m.group("num")
        unit = m.group("unit")
        try:
            number = _number(raw_num)
        except decimal.InvalidOperation:
            number = None
        if number is None:
            continue
        value = number * _UNIT[unit]
        approximate = bool(m.group("approx") or m.group("approx2") or m.group("approx3"))
        confidence = 0.9 if m.group("cur") else 0.7
        if approximate:
            confidence -= 0.1
        found.append(
            AmountFound(
                value=value.quantize(_ONE)
                if value == value.to_integral_value()
                else value.normalize(),
                approximate=approximate,
                raw=m.group(),
                span=cleaned.span(m.start(), m.end()),
                confidence=confidence,
            )
        )
    return found
