"""Places (地点): chains of administrative names such as 某某县某某镇某某村."""

from __future__ import annotations

import re

from .cleanup import Cleaned
from .types import PlaceFound, PlaceLevel

__all__ = ["find_places"]

# A name part may not start with a function word, so "我在某某县" yields 某某县.
_PART = (
    r"(?:(?![的是在我了住于从到向对把被和与及等为将这那个其该本原现年月日举报映控告诉叫名])[\u4e00-\u9fff]){1,6}?"
)
_PROVINCE = (
    r"(?:北京|天津|上海|重庆)市|(?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
    r"广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾)省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|"
    r"新疆维吾尔自治区|香港特别行政区|澳门特别行政区"
)
_SEGMENTS = (
    ("p", rf"(?:{_PROVINCE}|{_PART}省)"),
    ("c", rf"(?:{_PART}(?:市|自治州|州|盟|地区))"),
    ("x", rf"(?:{_PART}(?:县|区|旗|市))"),
    ("t", rf"(?:{_PART}(?:镇|乡|街道))"),
    ("v", rf"(?:{_PART}(?:村|社区|组))"),
)
_PLACE = re.compile("".join(rf"(?P<{k}>{p})?" for k, p in _SEGMENTS))
_LEVEL = {
    "p": PlaceLevel.PROVINCE,
    "c": PlaceLevel.PREFECTURE,
    "x": PlaceLevel.COUNTY,
    "t": PlaceLevel.TOWNSHIP,
    "v": PlaceLevel.VILLAGE,
}
# Words ending in an admin suffix that are not places (市 in 超市, 区 in 小区...).
_NOT_PLACE = re.compile(r"(?:超市|城市|小区|社区医院|农村|山村|乡村|市场)$")


def find_places(cleaned: Cleaned) -> list[PlaceFound]:
    found: list[PlaceFound] = []
    text = cleaned.text
    for m in _PLACE.finditer(text):
        if m.end() == m.start():
            continue
        parts = [k for k, _ in _SEGMENTS if m.group(k)]
        name = m.group()
        if _NOT_PLACE.search(name) or (len(parts) == 1 and parts[0] != "p" and len(name) < 3):
            continue
        confidence = 0.9 if parts[0] == "p" or len(parts) >= 2 else 0.6
        found.append(
            PlaceFound(
                name=name,
                level=_LEVEL[parts[-1]],
                span=cleaned.span(m.start(), m.end()),
                confidence=confidence,
            )
        )
    return found
