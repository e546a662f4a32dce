"""Suggested cadre level (domain.md §10.2) from a unit and a position.

The rule of thumb: a unit's head is one grade below the administrative level
that the unit belongs to (a county bureau head is 乡科级 正职, a city bureau head
县处级), while the head of a government or Party committee has that level itself
(a county head is 县处级). This is a suggestion for staff: real grades depend on
the cadre-management list, which text cannot show.
"""

from __future__ import annotations

import functools
import re

from .types import CadreLevel, Grade, LevelSuggestion

__all__ = ["RANKED", "at_or_above", "suggest_level"]

# Highest first; the levels outside this list are not comparable (village, SOE...).
RANKED = (
    CadreLevel.PROVINCE_MINISTRY,
    CadreLevel.BUREAU,
    CadreLevel.COUNTY_DIVISION,
    CadreLevel.TOWNSHIP_SECTION,
    CadreLevel.GENERAL_CADRE,
)

# Administrative tiers, index 0 = province; the last marker in the unit wins.
_TIER_MARKERS = re.compile(
    r"省|自治区|(?:国家|中央)|部|市|州|盟|地区|县|旗|区|镇|乡|街道|村|社区|居委会"
)
_TIER_OF = {
    "省": 0, "自治区": 0, "国家": 0, "中央": 0, "部": 0,
    "市": 1, "州": 1, "盟": 1, "地区": 1,
    "县": 2, "旗": 2, "区": 2,
    "镇": 3, "乡": 3, "街道": 3,
    "村": 4, "社区": 4, "居委会": 4,
}  # fmt: skip
# Level of the leaders of a whole tier (its government or Party committee).
_TIER_LEADER = (
    CadreLevel.PROVINCE_MINISTRY,
    CadreLevel.BUREAU,
    CadreLevel.COUNTY_DIVISION,
    CadreLevel.TOWNSHIP_SECTION,
    CadreLevel.VILLAGE_COMMUNITY,
)
_TIER_LEADER_POSITIONS = re.compile(
    r"^(?:(?:省|市|县|区|旗|镇|乡|街道)(?:委|政府|人大|政协|纪委|监委)?|纪委监委|纪委|监委)?(?:副?书记|党委副?书记|党工委副?书记|"
    r"副?省长|副?市长|副?州长|副?县长|副?区长|副?旗长|副?镇长|副?乡长|(?:常务)?副?主任|副?主席|"
    r"(?:党委)?常委)$"
)
# A Party committee's standing-committee member (县委常委) is a deputy of the tier's leaders;
# the 纪委书记 usually is one. The 人大常委会 is a different body.
_STANDING_MEMBER = re.compile(r"(?<!人大)常委(?!会)")
# Heads of a tier's court and procuratorate rank as the tier's leaders at deputy grade:
# 县法院院长 and 县检察院检察长 are 副县处级, a 中院院长 副厅局级 (issue 12 item 7).
_JUDICIAL_HEAD = re.compile(r"法院院长$|检察院检察长$|检察院长$")
_TIER_WORD_IN_POSITION = re.compile(r"^(省|自治区|市|州|县|旗|区|镇|乡|街道|村|社区)")
_HEAD_POSITIONS = re.compile(
    r"副?(?:局长|厅长|部长|主任|书记|党组书记|院长|检察长|庭长|主席|秘书长|队长|所长)"
)
_SECTION_HEADS = re.compile(r"副?(?:处长)")
_SUBSECTION_HEADS = re.compile(r"副?(?:科长|股长|所长|站长)")
_STAFF = re.compile(r"科员|办事员|工作人员|干部|民警|辅警|网格员|职员")
_VILLAGE_POSITIONS = re.compile(r"村|社区|居委会|支书|网格员|会计|出纳|组长")
_SOE = re.compile(r"公司|集团|银行|厂|国企")
_INSTITUTION = re.compile(r"学校|小学|中学|大学|学院|医院|卫生院|中心|研究所|研究院|电视台|报社")
_MAYOR_POSITIONS = {
    "省长": 0, "自治区主席": 0, "市长": 1, "州长": 1, "县长": 2, "区长": 2, "旗长": 2,
    "镇长": 3, "乡长": 3,
}  # fmt: skip
_HEAD_LEVEL_UNDER = {
    0: CadreLevel.BUREAU,
    1: CadreLevel.COUNTY_DIVISION,
    2: CadreLevel.TOWNSHIP_SECTION,
    3: CadreLevel.GENERAL_CADRE,
    4: CadreLevel.VILLAGE_COMMUNITY,
}


def _grade(position: str) -> Grade:
    return (
        Grade.DEPUTY if "副" in position or _STANDING_MEMBER.search(position) else Grade.PRINCIPAL
    )


def _tier(unit: str) -> int | None:
    """The last tier marker; "部" counts only when it is the only one: 县委组织部 is a county
    department, not a ministry (issue 12 item 7)."""
    markers = [m.group() for m in _TIER_MARKERS.finditer(unit)]
    if len(set(markers)) > 1:
        markers = [m for m in markers if m != "部"]
    return _TIER_OF[markers[-1]] if markers else None


def _unknown(basis: str) -> LevelSuggestion:
    return LevelSuggestion(level=CadreLevel.UNKNOWN, grade=None, basis=basis)


@functools.lru_cache(maxsize=4096)
def suggest_level(unit: str | None, position: str | None) -> LevelSuggestion:
    """Suggest a cadre level; UNKNOWN when the text does not say enough.

    Cached (the result is frozen): letters name the same few posts again and again.
    """
    unit = unit or ""
    position = position or ""
    whole = unit + position
    if not whole:
        return _unknown("未提及单位和职务")
    bare = position.replace("副", "").replace("常务", "")
    if bare in _MAYOR_POSITIONS:
        tier = _MAYOR_POSITIONS[bare]
        if _tier(unit) is not None and "市" in unit and bare == "市长" and "县" in unit:
            tier = 2  # 县级市
        return LevelSuggestion(level=_TIER_LEADER[tier], grade=_grade(position), basis=whole)
    if _VILLAGE_POSITIONS.search(position) or _tier(unit) == 4:
        return LevelSuggestion(level=CadreLevel.VILLAGE_COMMUNITY, grade=None, basis=whole)
    if _SOE.search(unit):
        return LevelSuggestion(level=CadreLevel.SOE_STAFF, grade=None, basis=whole)
    if _INSTITUTION.search(unit) and not re.search(r"局|委|厅|政府", unit[-4:]):
        return LevelSuggestion(level=CadreLevel.PUBLIC_INSTITUTION_STAFF, grade=None, basis=whole)
    # A position that carries its own tier: 县委书记, 镇党委书记, 市政府副市长.
    tier_word = _TIER_WORD_IN_POSITION.match(position)
    found_tier = _TIER_OF[tier_word.group()] if tier_word else _tier(unit)
    if found_tier is None:
        return _unknown(whole)
    tier = found_tier
    if tier <= 2 and "副" not in position and _JUDICIAL_HEAD.search(whole):
        return LevelSuggestion(level=_TIER_LEADER[tier], grade=Grade.DEPUTY, basis=whole)
    if tier <= 3 and _STANDING_MEMBER.search(position):
        return LevelSuggestion(level=_TIER_LEADER[tier], grade=Grade.DEPUTY, basis=whole)
    # The tier's own 纪委 or 监委 is a tier body too: 县纪委书记 is 正县处级, not a bureau head.
    unit_is_tier_body = re.search(
        r"(?:省|市|州|县|区|旗|镇|乡|街道)(?:委|人民政府|政府|人大|政协|纪委监委|纪委|监委)?$",
        unit,
    )
    if re.search(r"(?:纪委|监委)(?:副书记|副主任)", whole):
        # a 纪委副书记 ranks as a department head, below the tier's leaders
        return LevelSuggestion(level=_HEAD_LEVEL_UNDER[tier], grade=Grade.DEPUTY, basis=whole)
    if _TIER_LEADER_POSITIONS.match(position) and (tier_word or unit_is_tier_body or not unit):
        return LevelSuggestion(level=_TIER_LEADER[tier], grade=_grade(position), basis=whole)
    if tier == 3 and (_HEAD_POSITIONS.search(position) or _SUBSECTION_HEADS.search(position)):
        return LevelSuggestion(level=CadreLevel.GENERAL_CADRE, grade=None, basis=whole)
    if _HEAD_POSITIONS.fullmatch(position):
        level = _HEAD_LEVEL_UNDER[tier]
        grade = _grade(position) if level in RANKED[:4] else None
        return LevelSuggestion(level=level, grade=grade, basis=whole)
    if _SECTION_HEADS.fullmatch(position) and tier <= 1:
        level = CadreLevel.COUNTY_DIVISION if tier == 0 else CadreLevel.TOWNSHIP_SECTION
        return LevelSuggestion(level=level, grade=_grade(position), basis=whole)
    if _SUBSECTION_HEADS.fullmatch(position):
        if tier <= 1:
            return LevelSuggestion(
                level=CadreLevel.TOWNSHIP_SECTION, grade=_grade(position), basis=whole
            )
        return LevelSuggestion(level=CadreLevel.GENERAL_CADRE, grade=None, basis=whole)
    if _STAFF.search(position):
        return LevelSuggestion(level=CadreLevel.GENERAL_CADRE, grade=None, basis=whole)
    return _unknown(whole)


def at_or_above(level: CadreLevel, threshold: CadreLevel) -> bool:
    """Whether ``level`` ranks at or above ``threshold``; unranked levels never do."""
    if level not in RANKED or threshold not in RANKED:
        return False
    return RANKED.index(level) <= RANKED.index(threshold)
