"""Dates and partial dates mentioned in the text (when the facts happened)."""

from __future__ import annotations

import re

from .cleanup import Cleaned
from .types import DateFound

__all__ = ["find_dates"]

_CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_SMALL = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_Y = r"(?P<y>(?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DIGIT = "[一二三四五六七八九]"
_DAY = rf"3[01]|[12]\d|0?[1-9]|三十一?|二十{_DIGIT}?|十{_DIGIT}?|{_DIGIT}"
_D = rf"(?P<d>{_DAY})"
_DATE = re.compile(
    r"(?=[\d一二三四五六七八九十今去前上下本这昨近春国])"
    rf"(?:{_Y}[ \t]*年(?:[ \t]*{_M}[ \t]*月(?:[ \t]*{_D}[ \t]*[日号])?)?"
    rf"|(?<![\d年])(?P<m2>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])[ \t]*月[ \t]*"
    rf"(?P<d2>{_DAY})[ \t]*[日号]"
    r"|(?<!\d)(?P<y3>(?:19|20)\d{2})[-/.](?P<m3>1[0-2]|0?[1-9])[-/.](?P<d3>3[01]|[12]\d|0?[1-9])(?!\d)"
    r"|(?P<rel>今年|去年|前年|上半年|下半年|上个?月|本月|这个月|上周|上星期|昨天|前天|今天|近日|近期|春节期间|国庆期间))"
)


def _small(raw: str | None) -> int | None:
    if raw is None:
        return None
    if raw.isdigit():
        return int(raw)
    if raw.startswith("三十"):
        return 30 + (_CN_SMALL.get(raw[2:], 0) if len(raw) > 2 else 0)
    if raw.startswith("二十"):
        return 20 + (_CN_SMALL.get(raw[2:], 0) if len(raw) > 2 else 0)
    if raw.startswith("十"):
        return 10 + (_CN_SMALL.get(raw[1:], 0) if len(raw) > 1 else 0)
    return _CN_SMALL.get(raw)


def find_dates(cleaned: Cleaned) -> list[DateFound]:
    found: list[DateFound] = []
    for m in _DATE.finditer(cleaned.text):
        span = cleaned.span(m.start(), m.end())
        if m.group("rel"):
            found.append(
                DateFound(raw=m.group(), year=None, month=None, day=None, relative=True,
                          span=span, confidence=0.6)
            )  # fmt: skip
            continue
        y_raw = m.group("y") or m.group("y3")
        year = int(y_raw.translate(_CN_YEAR_DIGITS)) if y_raw else None
        month = _small(m.group("m") or m.group("m2") or m.group("m3"))
        day = _small(m.group("d") or m.group("d2") or m.group("d3"))
        if (day is not None and month in (4, 6, 9, 11) and day > 30) or (
            month == 2 and (day or 0) > 29
        ):
            continue
        found.append(
            DateFound(raw=m.group(), year=year, month=month, day=day, relative=False,
                      span=span, confidence=0.9 if year and month else 0.75)
        )  # fmt: skip
    return found
