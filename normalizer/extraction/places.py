"""Places (地点): chains of administrative names such as 某某县某某镇某某村.

Scanning is anchored on the administrative suffix (省, 市, 县, 镇, 村…) and
walks back over the name: a pattern that tries every start position with
optional segments was twenty times slower on letter-sized text.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from .cleanup import Cleaned
from .types import PlaceFound, PlaceLevel

__all__ = ["find_places"]

_SUFFIX = re.compile(
    r"自治区|自治州|地区|街道|社区|州(?![市区县])|[省市盟县区旗镇乡村](?![场委民级场里内外]|"
    r"[上下](?![饶海杭高虞蔡思林犹栗城街党]))(?!(?<=村)道)"  # 村道 is a village road
    # 县长 is a post, 湖南省长沙市 a chain: after 长, only what starts a place name.
    r"(?!长(?![沙春治寿兴宁丰顺乐汀岭葛垣泰岛]))"
)
_LOC_NAME = re.compile(r'="([^"]+)"')
_LEVEL_OF = {
    "省": PlaceLevel.PROVINCE, "自治区": PlaceLevel.PROVINCE,
    "市": PlaceLevel.PREFECTURE, "自治州": PlaceLevel.PREFECTURE, "州": PlaceLevel.PREFECTURE,
    "盟": PlaceLevel.PREFECTURE, "地区": PlaceLevel.PREFECTURE,
    "县": PlaceLevel.COUNTY, "区": PlaceLevel.COUNTY, "旗": PlaceLevel.COUNTY,
    "镇": PlaceLevel.TOWNSHIP, "乡": PlaceLevel.TOWNSHIP, "街道": PlaceLevel.TOWNSHIP,
    "村": PlaceLevel.VILLAGE, "社区": PlaceLevel.VILLAGE,
}  # fmt: skip
_RANK = {level: i for i, level in enumerate(PlaceLevel)}
# A name part never contains a function word or punctuation, so "我在某某县" yields 某某县.
_STOP = frozenset(
    "的是在我了住于从到向对把被和与及等为将这那个其该本原现年月日举报映控告诉叫名他她们你去来往回给让任职系"
    "省市州盟县区旗镇乡村道"
)
_MAX_PART = 6
# Stop characters that may start a part right after another place (那坡镇, 和平乡, 回龙村).
_CHAIN_START = frozenset("那和回原")
# Words ending in an admin suffix that are not places.
_NOT_PLACE = re.compile(
    r"(?:超市|城市|城乡|小区|农村|山村|乡村|郊区|景区|园区|城区|辖区|地区|社区|街道)$"
)


# A letter's addressee (海口市纪委监委：, 尊敬的县纪委领导：) names the office written to, not a
# place of the matter.
_ADDRESSEE = re.compile(
    r"[ \t]*(?:纪委监委|纪委|监委|纪检监察(?:委员会|工委|组)?|纪律检查委员会|监察委员会|"
    r"信访(?:局|办|办公室))(?:的?各位)?(?:领导|负责同志)?(?:[ \t]*(?:您好|你好))?[ \t]*[:：，,]"
)


@functools.cache
def known_names() -> frozenset[str]:
    """Province, prefecture and county names of GB/T 2260, from python-stdnum's table."""
    try:
        data = resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return frozenset()
    # A renamed unit lists every name it had: "[-1991]东郊区,[1992-]东丽区".
    names = {
        re.sub(r"^\[[^\]]*\]", "", part)
        for m in _LOC_NAME.finditer(data)
        for part in m.group(1).split(",")
    }
    # Autonomous units are written short: 威宁彝族回族苗族自治县 -> 威宁县, 凉山彝族自治州
    # -> 凉山州.
    short = {
        n[:2] + n[-1]
        for n in names
        if re.fullmatch(r"..(?:[\u4e00-\u9fff]{1,5}?族)+自治[县州旗]", n)
    }
    return frozenset(names | short) - {"市辖区", "县", ""}


def _part_start(text: str, suffix_start: int, suffix_end: int, floor: int) -> int:
    i = suffix_start
    limit = max(floor, suffix_start - _MAX_PART)
    while i > limit:
        c = text[i - 1]
        if (c in _STOP and not (c == "州" and i == suffix_start)) or not "\u4e00" <= c <= "\u9fff":
            break  # 郑州市: the 州 of a city's name is part of it
        i -= 1
        if c == "某" and text[i - 1 : i] != "某":
            break  # 某县, 某某街道: a withheld name starts the part (职工某县 is no place)
    if i > limit and text[i - 1] in _STOP:
        # 隆回县, 云和县: a stop character inside a known name; the longest known name ending
        # here (云和县 before 和县).
        for k in range(limit, i - 1):
            if text[k:suffix_end] in _KNOWN:
                return k
    if i - 1 >= floor and text[i - 1] in _STOP and text[i - 1 : suffix_end] in _KNOWN:
        return i - 1  # 镇江市, 乡宁县, 市中区: a name that starts with a stop character
    if i > limit and i - 1 == floor > 0 and text[i - 1] in _CHAIN_START and text[i : i + 1] != "个":
        return i - 1  # 兴宁区那况村: right after a place, 那 starts the next part
    if i < suffix_start and text[i:suffix_end] not in _KNOWN:
        # 住址江苏省 / 是湖南省: snap to the longest known name ending here, if any.
        for k in range(i + 1, suffix_start):
            if text[k:suffix_end] in _KNOWN:
                return k
    return i


_NOT_PART = re.compile(r"(?:超市|城市|城乡|小区|农村|山村|乡村|郊区|景区|园区|城区|辖区)$")
_KNOWN = known_names()


def find_places(cleaned: Cleaned) -> list[PlaceFound]:
    text = cleaned.text
    found: list[PlaceFound] = []
    chain: list[tuple[int, int, PlaceLevel]] = []

    def flush() -> None:
        if not chain:
            return
        start, end = chain[0][0], chain[-1][1]
        name = text[start:end]
        single = len(chain) == 1
        # 旗 alone ends a banner's name only when the table knows it: 靳红旗 is a person.
        banner = single and name.endswith("旗") and name not in _KNOWN
        addressee = _ADDRESSEE.match(text, end) is not None
        if (
            not (single and (_NOT_PLACE.search(name) or len(name) < 3))
            and not banner
            and not addressee
        ):
            found.append(
                PlaceFound(
                    name=name,
                    level=chain[-1][2],
                    span=cleaned.span(start, end),
                    confidence=0.6 if single and chain[0][2] is not PlaceLevel.PROVINCE else 0.9,
                )
            )
        chain.clear()

    for m in _SUFFIX.finditer(text):
        level = _LEVEL_OF[m.group()]
        prev_end = chain[-1][1] if chain else 0
        start = _part_start(text, m.start(), m.end(), prev_end)
        if start == m.start() or (
            # 城区 and the like, but not 鹿城区 or 涪城区, which are counties' names
            _NOT_PART.search(text, start, m.end()) and text[start : m.end()] not in _KNOWN
        ):
            flush()
            continue
        if chain and (start != prev_end or _RANK[level] <= _RANK[chain[-1][2]]):
            if chain and start == prev_end and level is PlaceLevel.PREFECTURE:
                level = PlaceLevel.COUNTY  # 某某市某某市: a county-level city
            else:
                flush()
        chain.append((start, m.end(), level))
    flush()
    return found
