"""The accused (被反映人): name, unit, position and a suggested cadre level.

Three shapes are read: a form-like ``被举报人：李明`` with optional 单位/职务
lines, ``unit + position + name`` anywhere (which also catches several accused
joined by 和/与/、), and ``举报/反映 + name`` with low confidence. A unit left out
after a connector (局长李明和副局长王刚) is taken from the previous accused.
"""

from __future__ import annotations

import re

import msgspec

from .cleanup import Cleaned
from .levels import suggest_level
from .names import LABEL_AHEAD, NAME, name_end
from .places import known_names
from .types import AccusedFound, CadreLevel, Grade, LevelSuggestion

__all__ = ["POSITION", "find_accused"]

_BASE_POSITIONS = sorted(
    [
        "党委书记",
        "党组书记",
        "党工委书记",
        "党支部书记",
        "支部书记",
        "村支书",
        "村书记",
        "村主任",
        "村委会主任",
        "居委会主任",
        "纪委书记",
        "常委",
        "书记",
        "省长",
        "市长",
        "州长",
        "县长",
        "区长",
        "旗长",
        "镇长",
        "乡长",
        "厅长",
        "局长",
        "处长",
        "科长",
        "股长",
        "主任",
        "所长",
        "站长",
        "院长",
        "校长",
        "总经理",
        "经理",
        "董事长",
        "部长",
        "主席",
        "秘书长",
        "会计",
        "出纳",
        "组长",
        "队长",
        "科员",
        "工作人员",
        "干部",
        "民警",
        "辅警",
        "网格员",
        "检察长",
        "庭长",
        "法官",
        "委员",
        "主任科员",
        "办事员",
        "支书",
        "总监",
        "政委",
        "教导员",
        "指导员",
        "大队长",
        "中队长",
        "支队长",
        "厂长",
        "行长",
        "社长",
        "馆长",
        "园长",
        "段长",
        "矿长",
        "台长",
    ],
    key=len,
    reverse=True,
)
POSITION = (
    r"(?:(?:省|市|州|县|区|旗|镇|乡|街道|村)(?:委|政府|人大|政协|纪委|党委|党工委)?)?(?:常务)?副?"
    r"(?:" + "|".join(_BASE_POSITIONS) + ")(?!会)"  # 委员会 is a unit, not 委员
)
# The lookahead lets the engine reject most start positions with one set test.
# Positions whose first character is common in other words (中, 大, 政, 教) are looked
# ahead for whole, so that those characters do not start a full attempt each.
_RARE_START = ("政委", "教导员", "指导员", "大队长", "中队长", "支队长")
_FIRST = "".join(
    sorted(
        {p[0] for p in _BASE_POSITIONS if p not in _RARE_START} | set("省市州县区旗镇乡街村常副")
    )
)
_LOOKAHEAD = rf"(?=[{_FIRST}]|{'|'.join(_RARE_START)})"
_POS_NAME = re.compile(rf"{_LOOKAHEAD}(?P<pos>{POSITION})(?P<name>{NAME})")
_POSITION_THEN_NAME = re.compile(rf"(?:{POSITION})(?:{NAME})$")
_POSITION_ONLY = re.compile(rf"{_LOOKAHEAD}{POSITION}")
_SENTENCE_STOP = re.compile(r"[。；;！？\n]")
_POSITION_END = re.compile("(?:" + "|".join(_BASE_POSITIONS) + ")$")
_FORM = re.compile(
    rf"(?:被(?:举报|反映|检举|控告)人|(?:举报|反映|检举|控告)对象)(?:姓名)?[ \t]*[:：]?[ \t]*"
    rf"(?!{LABEL_AHEAD.pattern})(?P<name>{NAME})"
)
_FORM_LEVEL = re.compile(r"(?:职级|级别)[ \t]*[:：][ \t]*")
_FORM_TAIL = re.compile(
    rf"[ \t]*[，,（(][ \t]*(?P<unit>[^，。,；;\n（()）]{{0,30}}?)(?P<pos>{POSITION})"
)
_FORM_UNIT = re.compile(r"单位[ \t]*[:：][ \t]*(?P<v>[^\s，。,；;]{2,40})")
_FORM_POS = re.compile(r"职务[ \t]*[:：][ \t]*(?P<v>[^\s，。,；;]{1,20})")
# 周强，男，汉族，1970年生，现任某县水利局局长（副处级）。: the accused introduced as a
# file describes a cadre, the name opening the sentence and the post after 现任/任/系.
_INTRODUCED = re.compile(r"[，,][ \t]*[男女][，,、]")
_INTRODUCED_POST = re.compile(r"现任|现担任|担任|任(?!职|期|何|务|意)|现为|系")
# 周强系某县水利局局长。: a name, a copula, then unit and position up to the clause end.
_COPULA = re.compile(r"系|为")
_COPULA_TAIL = re.compile(
    rf"(?P<unit>[^，。,；;！？\n、（()）]{{2,40}}?)(?P<pos>{POSITION})(?=[，。,；;！？\n（(、]|$)"
)
_NAME_ONLY = re.compile(rf"(?:{NAME})")
_BOUNDARY = re.compile(r"[，。,；;！？\n\t 、:：（()）]")
_VERB_NAME = re.compile(
    rf"(?:举报|反映|检举|控告)(?!人|信|材料|问题|强烈|情况|诉求)(?P<name>{NAME})"
)
_CLAUSE_BREAK = re.compile(
    r"[，。；！？、,;:：\n\t (（）)【】\[\]]|举报|反映|检举|控告|是|被|对|称"
)
# 和/与/及 joins two accused (局长李明和副局长王刚) but is also inside unit names
# (住房和城乡建设局, 人力资源和社会保障局): it ends a clause only after a person.
_AND = re.compile(r"和|与|及")
_PERSON_END = re.compile(rf"(?:{NAME}|[他她])$")
_NOT_AFTER_NAME = re.compile(r"[省市州县区镇乡村局厅委院所办处队站]")
_TIER_AFTER_NAME = re.compile(r"[省市州县区镇乡局厅]")
_UNIT_PREFIX = re.compile(
    r"^(?:我们|我|实名|要|现任|原任|担任|原|任|对|的|了|在|关于|有关|嗯|啊|呃|那个|这个|就是|"
    r"一下|单位|还有|"
    # 该工地所属某公司副总经理: what the unit owns comes before it.
    r"[\u4e00-\u9fff]{0,4}?所属)+"
)
_SPEAKER = re.compile(
    r"的人(?![民大力武事口])|的|了|吗|呢|吧|啊|嘛|呀|我们|我|你|他|她|名字|姓名|讲|说|知道"
)
_PERSON_NOUN = re.compile(
    r"(?:老|普通|一名|一个|个|名|位|知情)?(?:职工|员工|工作人员|临时工|工人|群众|老百姓|护士|医生|老师|教师|"
    r"家长|学生|村民(?!委员会|小组)|居民(?!委员会)|党员|干部)+"
)
# Callers' fillers between a unit and the position: 水务局那个科长.
_UNIT_FILLER_END = re.compile(r"(?:的|那个|这个|嗯|啊|呃|原任|原|前任)+$")
_CONNECTOR = re.compile(r"[ \t]*(?:和|与|及|、|以及|还有|,|，)[ \t]*$")
_TIER_CHARS = frozenset("省市州县区旗镇乡村")
_BASE_SET = frozenset(_BASE_POSITIONS)
_NOT_ACCUSED = frozenset({"党委", "书记", "领导", "同志", "干部", "群众"})
# A level the text states, in brackets or after the name: 李明（副处级）, 李明，正科级干部.
_STATED_LEVEL = re.compile(
    r"[ \t]*[（(，,]?[ \t]*(?P<grade>正|副)?"
    r"(?P<tier>省部|部|厅局|司局|地厅|厅|局|县处|处|县|乡科|乡镇|乡|科)级"
    r"(?:干部|领导干部|领导)?[ \t]*[）)]?"
)
_STATED_TIER = {
    "省部": CadreLevel.PROVINCE_MINISTRY,
    "部": CadreLevel.PROVINCE_MINISTRY,
    "厅局": CadreLevel.BUREAU,
    "司局": CadreLevel.BUREAU,
    "地厅": CadreLevel.BUREAU,
    "厅": CadreLevel.BUREAU,
    "局": CadreLevel.BUREAU,
    "县处": CadreLevel.COUNTY_DIVISION,
    "县": CadreLevel.COUNTY_DIVISION,
    "乡镇": CadreLevel.TOWNSHIP_SECTION,
    "乡": CadreLevel.TOWNSHIP_SECTION,
    "处": CadreLevel.COUNTY_DIVISION,
    "乡科": CadreLevel.TOWNSHIP_SECTION,
    "科": CadreLevel.TOWNSHIP_SECTION,
}


_NEEDS_GRADE = frozenset({"县", "乡镇", "乡"})


def _stated_level(text: str, end: int) -> LevelSuggestion | None:
    """The level written right after a name, if any; a statement, not a suggestion."""
    m = _STATED_LEVEL.match(text, end)
    if m is None or (m.group("grade") is None and m.group("tier") in _NEEDS_GRADE):
        return None  # 副县级 is a level, 县级 alone may be 县级市
    grade = Grade.DEPUTY if m.group("grade") == "副" else Grade.PRINCIPAL
    return LevelSuggestion(
        level=_STATED_TIER[m.group("tier")],
        grade=grade,
        basis=m.group().strip(" \t（()），,"),
        suggested=False,
    )


def _unit_before(text: str, pos_start: int) -> tuple[str | None, int, int]:
    """The unit written just before a position, within the same clause.

    Returns the unit, where the clause starts and where the unit starts.
    """
    window_start = max(0, pos_start - 30)
    clause_start = window_start
    for m in _CLAUSE_BREAK.finditer(text, window_start, pos_start):
        clause_start = m.end()
    # A transcript lists people without punctuation (局长李明副局长王刚还有主任…): the
    # clause starts after the last position and name before this one.
    for m in _POS_NAME.finditer(text, clause_start, pos_start):
        end = name_end(text, m)
        if not _NOT_AFTER_NAME.match(text, end):  # 工作人员南京市…: a place, no person
            clause_start = max(clause_start, end)
    for m in _AND.finditer(text, clause_start, pos_start):
        if _PERSON_END.search(text, max(0, m.start() - 5), m.start()) and not _unit_word(
            text, clause_start, m.start()
        ):
            clause_start = m.end()
    if text[clause_start - 1 : clause_start] in "）)" and text[clause_start : clause_start + 1] in (
        "和",
        "与",
        "及",
    ):
        clause_start += 1  # 李明（副县级）和某局局长王刚: 和 joins two people
    clause = text[clause_start:pos_start]
    prefix = _UNIT_PREFIX.match(clause)
    unit_start = clause_start + (prefix.end() if prefix else 0)
    raw = text[unit_start:pos_start]
    unit = _UNIT_FILLER_END.sub("", raw)
    if unit != raw and any(
        raw[-k:] + text[pos_start] in known_names() for k in (2, 3) if len(raw) >= k
    ):
        unit = raw  # 三原 + 县政协: the 原 of a county's name, not 原 (former)
    # A transcript has no punctuation: the caller's own words run into the unit
    # (我是他们单位的职工某县公安局政委…). No unit name holds 的, 了, 我 or 名字.
    cut = 0
    for speaker in _SPEAKER.finditer(unit):
        # 某县政府的办公室主任: a 的 before a department is the unit's, not the caller's.
        if not _DEPARTMENT.fullmatch(unit, speaker.end()):
            cut = speaker.end()
    if cut:
        unit_start += cut
        unit = unit[cut:]
    person = _PERSON_NOUN.match(unit)
    if person is not None:
        unit_start += person.end()
        unit = unit[person.end() :]
    return (unit or None), clause_start, unit_start


def _unit_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] reads as the first half of a unit name (住房 in 住房和城乡…)."""
    return (
        end - start >= 2
        and not _POSITION_END.search(text, start, end)
        and not _POSITION_THEN_NAME.search(text, start, end)
    )


# A tier's congress or consultative conference is its own body: 安溪 + 县政协副主席 ->
# 安溪县政协 + 副主席 (a tier's Party committee or government is the tier: 某某镇 + 党委书记).
_TIER_BODY = re.compile(r"[省市州县区旗镇乡](?:人大常委会|人大|政协)")


def _split_tier(unit: str | None, position: str) -> tuple[str | None, str]:
    """Give a tier word to the unit: 某某 + 镇党委书记 -> 某某镇 + 党委书记."""
    body = _TIER_BODY.match(position)
    if unit and body is not None and position[body.end() :].lstrip("副") in _BASE_SET:
        return unit + body.group(), position[body.end() :]
    if (
        unit
        and position[:1] in _TIER_CHARS
        and position[1:2] not in ("委", "政")
        and position.lstrip("副") not in _BASE_SET
    ):
        return unit + position[0], position[1:]
    return unit, position


# A department inside a unit (医院 + 药剂科 + 主任, 公安局 + 治安大队 + 大队长): the
# department belongs to the position, the unit is the organisation (the corpora's rule).
_DEPARTMENT = re.compile(
    r"[\u4e00-\u9fff]{1,6}?(?:科|室|处|部|股|大队|中队|支队|车间)"
    r"|[\u4e00-\u9fff]{2,3}办|总务|教务|政教|德育|后勤|财务|人事|行政|项目"
)
_DEPARTMENT_FIRST = re.compile(r"的|那个|这个")
_DEPARTMENT_END = (
    "科", "室", "处", "部", "股", "队", "车间", "办", "总务", "教务", "政教", "德育", "后勤",
    "财务", "人事", "行政", "项目",
)  # fmt: skip
_UNIT_END = (
    "局", "厅", "院", "公司", "集团", "学校", "中学", "小学", "大学", "学院", "幼儿园", "委员会",
    "政府", "委", "中心", "所", "站", "办事处",
)  # fmt: skip


# A bureau inside a court or procuratorate (法院执行局) is a department, not the unit.
_JUDICIAL_BUREAU = re.compile(r"(.+?(?:法院|检察院))([\u4e00-\u9fff]{1,4}局)")
# A village's or community's committee is the unit (石门坎村村委会 + 主任, the corpora's rule).
_COMMITTEE_POSITION = re.compile(r"(村委会|居委会|村民委员会|居民委员会)(?=副?主任$)")


def _committee_to_unit(unit: str | None, position: str) -> tuple[str | None, str]:
    m = _COMMITTEE_POSITION.match(position)
    if unit and m is not None and unit.endswith(("村", "社区")):
        return unit + m.group(1), position[m.end() :]
    return unit, position


# A unit referred back to (该公司, 该集团, 我们所, 公司): the text named it in full before.
_REFERENCE = re.compile(r"(?:该|本|我们|们)?(公司|集团|局|医院|学校|院|所|中心|厂|银行)")
_COMPANY_TAIL = re.compile(r"(?:股份)?有限(?:责任)?公司")


# 我校校长…: the school the writer named before (系某某第一中学的教师).
_SCHOOL_REFERENCE = re.compile(r"(?:我|本|该|我们)?校")
_SCHOOL = re.compile(r"中学|小学|学校|大学|学院|幼儿园")


def _referred_school(text: str, before: int) -> str | None:
    last = None
    for m in _SCHOOL.finditer(text, 0, before):
        last = m
    if last is None:
        return None
    earlier, _, _ = _unit_before(text, last.start())
    if earlier and len(earlier) >= 2:
        return earlier.removeprefix("系") + last.group()
    return None


def _referred_unit(text: str, unit: str | None, before: int) -> str | None:
    """The full name of a unit written as 该公司 or 公司, from its last mention before."""
    if unit is not None and _SCHOOL_REFERENCE.fullmatch(unit):
        return _referred_school(text, before) or unit
    m = _REFERENCE.fullmatch(unit) if unit else None
    if m is None:
        return unit
    word = m.group(1)
    end = text.rfind(word, 0, before)
    while end > 0:
        k = end + len(word)
        tail = _COMPANY_TAIL.match(text, k) if word == "集团" else None
        earlier, _, _ = _unit_before(text, end)
        if earlier and len(earlier) >= 2 and not _REFERENCE.fullmatch(earlier + word):
            return earlier + text[end : tail.end() if tail else k]
        end = text.rfind(word, 0, end)
    return unit


def _split_department(unit: str | None, position: str) -> tuple[str | None, str]:
    """Move a department written after the unit into the position, shortest first."""
    judicial = _JUDICIAL_BUREAU.fullmatch(unit) if unit else None
    if judicial is not None:
        return judicial.group(1), judicial.group(2) + position
    if not unit or len(unit) < 4 or not unit.endswith(_DEPARTMENT_END):
        return unit, position
    for k in range(len(unit) - 1, 1, -1):
        if not unit.endswith(_UNIT_END, 0, k):
            continue
        filler = _DEPARTMENT_FIRST.match(unit, k)  # 某县政府的办公室主任
        dept = unit[filler.end() if filler else k :]
        if dept and _DEPARTMENT.fullmatch(dept):
            return unit[:k], dept + position
    return unit, position


def _name_before(text: str, end: int) -> tuple[str, int] | None:
    """A name that ends at ``end`` and starts a clause (。周强系…), with where it starts."""
    for length in (3, 2, 4):
        start = end - length
        if start < 0 or not _NAME_ONLY.fullmatch(text, start, end):
            continue
        if start == 0 or _BOUNDARY.match(text, start - 1):
            return text[start:end], start
    return None


def _sentence_name_before(cleaned: Cleaned, end: int) -> tuple[str, int] | None:
    """A name that ends at ``end`` and opens a sentence or a line (also a line that cleanup
    joined to the one before, such as a letter's heading)."""
    text = cleaned.text
    for length in (3, 2, 4):
        start = end - length
        if start < 0 or not _NAME_ONLY.fullmatch(text, start, end):
            continue
        if (
            start == 0
            or text[start - 1] in "。！？；\n"
            or (cleaned.original[cleaned.orig(start) - 1 : cleaned.orig(start)] == "\n")
        ):
            return text[start:end], start
    return None


def _found(
    cleaned: Cleaned,
    name: str | None,
    unit: str | None,
    position: str | None,
    start: int,
    end: int,
    confidence: float,
    level_at: int | None = None,
) -> AccusedFound:
    """``level_at``: another place where a stated level may follow (after the position)."""
    surname_only = (
        bool(name) and name is not None and name.endswith(("某", "X", "x", "×", "*", "＊"))
    )
    level = (
        _stated_level(cleaned.text, end)
        or (_stated_level(cleaned.text, level_at) if level_at is not None else None)
        # A department head ranks under the unit's head: suggested from unit + department.
        or suggest_level(unit, position)
    )
    if position is not None:
        unit, position = _committee_to_unit(unit, position)
        unit, position = _split_department(unit, position)
    unit = _referred_unit(cleaned.text, unit, start)
    return AccusedFound(
        name=name,
        surname_only=surname_only,
        unit=unit,
        position=position,
        level=level,
        span=cleaned.span(start, end),
        confidence=confidence,
    )


def find_accused(cleaned: Cleaned, exclude: frozenset[str] = frozenset()) -> list[AccusedFound]:
    """Every accused person named in the text, first mention first, one entry per name."""
    text = cleaned.text
    found: dict[str, AccusedFound] = {}

    for m in _FORM.finditer(text):
        end = name_end(text, m)
        name = text[m.start("name") : end]
        unit: str | None = None
        position: str | None = None
        tail = _FORM_TAIL.match(text, end)
        level_at = tail.end() if tail else None
        if tail:
            unit, position = _split_tier(tail.group("unit").strip() or None, tail.group("pos"))
        else:
            nearby = text[end : end + 80]
            u = _FORM_UNIT.search(nearby)
            p = _FORM_POS.search(nearby)
            unit = u.group("v") if u else None
            position = p.group("v") if p else None
            lv = _FORM_LEVEL.search(nearby)
            if lv is not None:
                level_at = end + lv.end()
            if unit is None and position is None:
                # 被举报人李明，男，汉族，现任某县某局副局长。: the post later in the sentence.
                stop = _SENTENCE_STOP.search(text, end, end + 60)
                post = _POSITION_ONLY.search(text, end, stop.start() if stop else end + 60)
                if post is not None:
                    before, _, _ = _unit_before(text, post.start())
                    unit, position = _split_tier(before, post.group())
                    level_at = post.end()
        if name not in exclude and name not in found:
            found[name] = _found(cleaned, name, unit, position, m.start("name"), end, 0.9, level_at)

    for m in _INTRODUCED.finditer(text):
        introduced = _sentence_name_before(cleaned, m.start())
        if introduced is None:
            continue
        name, start = introduced
        end = m.start()
        if name in exclude or name in found or name in _NOT_ACCUSED:
            continue
        stop = _SENTENCE_STOP.search(text, m.end(), m.end() + 80)
        limit = stop.start() if stop else min(len(text), m.end() + 80)
        for post in _INTRODUCED_POST.finditer(text, m.end(), limit):
            tail = _COPULA_TAIL.match(text, post.end(), limit + 1)
            if tail is not None:
                unit, position = _split_tier(tail.group("unit") or None, tail.group("pos"))
                found[name] = _found(cleaned, name, unit, position, start, end, 0.85, tail.end())
                break

    previous: tuple[int, str | None] | None = None
    for m in _POS_NAME.finditer(text):
        end = name_end(text, m)
        name = text[m.start("name") : end]
        unit, clause_start, unit_start = _unit_before(text, m.start("pos"))
        unit, position = _split_tier(unit, m.group("pos"))
        if position[:1] in _TIER_CHARS and text[m.start("pos") - 1 : m.start("pos")] in "我本该":
            position = position[1:]  # 我村会计, 本镇镇长: the tier word belongs to 我村
        if previous is not None and (unit is None or _DEPARTMENT.fullmatch(unit)):
            prev_end, prev_unit = previous
            if _CONNECTOR.match(text[prev_end:clause_start]) or prev_end == clause_start:
                # 局长李明和副局长王刚; 药剂科主任李明和设备科科长王刚: one unit for both.
                unit = prev_unit if unit is None else (prev_unit or "") + unit or None
        previous = (end, _split_department(unit, position)[0])
        if name in exclude or name in _NOT_ACCUSED:
            continue
        if _TIER_AFTER_NAME.match(text, end):
            continue  # 工作人员南京市…: a place runs on, no person is named
        start = m.start("pos") if unit is None else unit_start
        current = found.get(name)
        if current is None or (current.position is None and current.unit is None):
            found[name] = _found(cleaned, name, unit, position, start, end, 0.8 if unit else 0.7)

    for c in _COPULA.finditer(text):
        copula_name = _name_before(text, c.start())
        if copula_name is None:
            continue
        tail = _COPULA_TAIL.match(text, c.end())
        if tail is None:
            continue
        name, start = copula_name
        if name in exclude or name in _NOT_ACCUSED:
            continue
        current = found.get(name)
        if current is not None and (current.unit or current.position):
            continue
        prefix = _UNIT_PREFIX.match(tail.group("unit"))
        unit_text = tail.group("unit")[prefix.end() if prefix else 0 :]
        unit, position = _split_tier(unit_text or None, tail.group("pos"))
        found[name] = _found(cleaned, name, unit, position, start, c.start(), 0.8, tail.end())

    for m in _VERB_NAME.finditer(text):
        end = name_end(text, m)
        name = text[m.start("name") : end]
        if name in exclude or name in found or name in _NOT_ACCUSED:
            continue
        if _NOT_AFTER_NAME.match(text, end):
            continue  # 反映武汉市… / 举报江宁区…: a place or a unit, not a person
        found[name] = _found(cleaned, name, None, None, m.start("name"), end, 0.5)

    for name, accused in found.items():
        if not accused.level.suggested:
            continue
        stated = _restated_level(text, name)
        if stated is not None:
            found[name] = msgspec.structs.replace(accused, level=stated)
    return sorted(found.values(), key=lambda a: a.span.start)


def _restated_level(text: str, name: str) -> LevelSuggestion | None:
    """A level written where the text introduces the person again: a heading names 李明, the
    body restates 李明，某县某局局长，副处级，…; what the text writes wins over a suggestion."""
    for m in re.finditer(re.escape(name) + r"[，,][^。；;！？\n，,（(]{2,30}(?=[，,（(])", text):
        stated = _stated_level(text, m.end())
        if stated is not None:
            return stated
    return None
