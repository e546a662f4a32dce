"""研判: classification, acceptance and routing per accused person, as suggestions (pure).

The 信访举报部门 screens every item (domain.md §4.3) and routes each 检举控告 by
cadre-management authority (分级受理, §5.1 Art. 11, 14–16; decision table §5.2). The gateway
only **suggests**: each suggestion names the rule that fired and why, in Chinese, and stays
beside the official's ``TriageDecision``, a separate type that staff fill in (§4.3: "steps 2–3
are decisions made by officials"). Rank is not management authority (§5.2 note): the suggested
cadre level gives a default, the official decides.

One report often names several accused at different levels; routing is per accused, one
``RoutingSuggestion`` each, under one parent record (§5.2 note). An item that belongs to a
higher level (R1, R2) takes the **sealed path** (§5.3, Art. 15): its content must never enter
the platform, so the gateway keeps only minimal metadata for it.

Also here: the acceptance-notice duty D5 (§6.3, §8) and the result-feedback duty D6 as
predicates, so that deadlines follow the decision rather than the intake.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import assert_never

import msgspec

from normalizer.errors import InvalidInput
from normalizer.extraction import CadreLevel
from normalizer.record import Channel, ComplaintRecord, Deadline, DeadlineKind, IdentityClaim
from normalizer.stages import EventType, Stage
from normalizer.workdays import WorkCalendar

__all__ = [
    "ACTION_LABELS",
    "APPROVAL_ACTIONS",
    "CLASSIFICATION_LABELS",
    "DEADLINES",
    "Acceptance",
    "AccusedFacts",
    "Action",
    "Approval",
    "Classification",
    "ClassificationSuggestion",
    "DeadlineRule",
    "DeadlineSpec",
    "Leader",
    "Organ",
    "OrganLevel",
    "OrganRef",
    "ReportFacts",
    "RoutingDecision",
    "RoutingSuggestion",
    "Rule",
    "SealedItem",
    "TriageDecision",
    "TriageSuggestion",
    "acceptance_notice_due",
    "approval_required",
    "check_decision",
    "deadline_of",
    "deadlines_after_decision",
    "dispatch_event",
    "due_date",
    "facts_from_record",
    "managing_level",
    "parse_level",
    "result_feedback_due",
    "route_accused",
    "scope_action",
    "sealed_item",
    "sealed_suggestion",
    "stage_after_sent",
    "suggest",
    "suggest_classification",
]


class Classification(enum.StrEnum):
    """§4.1: only 检举控告 follows the routing of §5."""

    REPORT = "检举控告"
    APPEAL = "申诉"
    SUGGESTION = "批评建议"
    OUT_OF_REMIT = "业务范围外"
    NO_SUBSTANCE = "无实质内容"


CLASSIFICATION_LABELS: Mapping[Classification, str] = {c: c.value for c in Classification}


class Acceptance(enum.StrEnum):
    ACCEPTED = "ACCEPTED"  # this organ accepts it (R6, R7)
    NOT_ACCEPTED = "NOT_ACCEPTED"  # 不予受理 (§4.2; R5, 无实质内容)
    PASSED_ON = "PASSED_ON"  # belongs to another organ: 径送, 报送, 转送, 交办 (R1–R4)


class Rule(enum.StrEnum):
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    R7 = "R7"


class Action(enum.StrEnum):
    """Action codes exactly as in domain.md §5.2 (R5's second code shortened as the issue asks)."""

    JINGSONG_UP = "JINGSONG_UP"
    BAOSONG_UP = "BAOSONG_UP"
    ZHUANSONG_DOWN = "ZHUANSONG_DOWN"
    JIAOBAN_DOWN = "JIAOBAN_DOWN"
    TRANSFER_OTHER_SUPERVISORY_ORGAN = "TRANSFER_OTHER_SUPERVISORY_ORGAN"
    FORWARD_TO_OTHER_AUTHORITY = "FORWARD_TO_OTHER_AUTHORITY"
    INFORM_COMPLAINANT = "INFORM_COMPLAINANT"
    REGISTER_AND_FILE = "REGISTER_AND_FILE"
    YISONG_INTERNAL = "YISONG_INTERNAL"
    NOTIFY_CASE_MGMT = "NOTIFY_CASE_MGMT"


ACTION_LABELS: Mapping[Action, str] = {
    Action.JINGSONG_UP: "径送上一级信访举报部门",
    Action.BAOSONG_UP: "径送本机关主要负责人并报送上一级",
    Action.ZHUANSONG_DOWN: "转送下级纪检监察机关",
    Action.JIAOBAN_DOWN: "交办下级纪检监察机关",
    Action.TRANSFER_OTHER_SUPERVISORY_ORGAN: "转送其他监察机关",
    Action.FORWARD_TO_OTHER_AUTHORITY: "转有关机关或者单位",
    Action.INFORM_COMPLAINANT: "告知向有权机关反映",
    Action.REGISTER_AND_FILE: "登记后留存备查",
    Action.YISONG_INTERNAL: "移送监督检查部门",
    Action.NOTIFY_CASE_MGMT: "告知案件监督管理部门",
}

# The Rules require the 分管领导's approval for R1–R5 (issue 12 item 4; Art. 17 for 退回).
APPROVAL_ACTIONS = frozenset(
    {
        Action.JINGSONG_UP,
        Action.BAOSONG_UP,
        Action.ZHUANSONG_DOWN,
        Action.JIAOBAN_DOWN,
        Action.TRANSFER_OTHER_SUPERVISORY_ORGAN,
        Action.FORWARD_TO_OTHER_AUTHORITY,
        Action.INFORM_COMPLAINANT,
    }
)


class DeadlineRule(enum.StrEnum):
    D1 = "D1"
    D2 = "D2"
    D3 = "D3"
    D4 = "D4"
    D5 = "D5"
    D6 = "D6"
    D8 = "D8"
    D12 = "D12"


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    """One row of §8. ``working_days`` None = no number in the sources (径送, 及时, 当场)."""

    label: str
    working_days: int | None
    kind: DeadlineKind | None = None  # the record's deadline kind, where one exists today


DEADLINES: Mapping[DeadlineRule, DeadlineSpec] = {
    DeadlineRule.D1: DeadlineSpec("收件后5个工作日内报送上一级", 5, DeadlineKind.UP_REPORT),
    DeadlineRule.D2: DeadlineSpec("径送上一级信访举报部门（即时）", None),
    DeadlineRule.D3: DeadlineSpec("及时转送下级", None),
    DeadlineRule.D4: DeadlineSpec("下级收件后5个工作日内完成受理或转办", 5),
    DeadlineRule.D5: DeadlineSpec(
        "收件后15个工作日内告知受理情况", 15, DeadlineKind.ACCEPTANCE_NOTICE
    ),
    DeadlineRule.D6: DeadlineSpec("办结后15个工作日内反馈结果", 15, DeadlineKind.RESULT_FEEDBACK),
    DeadlineRule.D8: DeadlineSpec("5个工作日内转送其他监察机关", 5),
    DeadlineRule.D12: DeadlineSpec("当场告知向有权机关反映", None),
}


def due_date(rule: DeadlineRule, start: date, calendar: WorkCalendar) -> date | None:
    """The due day of ``rule`` counted from ``start`` (the receipt, §8), None if unnumbered."""
    days = DEADLINES[rule].working_days
    return None if days is None else calendar.add(start, days)


# --- The receiving organ (configuration) --------------------------------------------------


class OrganLevel(enum.StrEnum):
    CENTRAL = "central"
    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"
    TOWNSHIP = "township"
    STATIONED = "stationed"


_RANK = {
    OrganLevel.CENTRAL: 0,
    OrganLevel.PROVINCE: 1,
    OrganLevel.PREFECTURE: 2,
    OrganLevel.COUNTY: 3,
    OrganLevel.TOWNSHIP: 4,
}
# How many digits of a region code (GB/T 2260, 9 digits for townships) an organ's area fixes.
_REGION_DIGITS = {
    OrganLevel.CENTRAL: 0,
    OrganLevel.PROVINCE: 2,
    OrganLevel.PREFECTURE: 4,
    OrganLevel.COUNTY: 6,
    OrganLevel.TOWNSHIP: 9,
}


@dataclass(frozen=True, slots=True)
class OrganRef:
    """An organ of the registry (above, below, or beside this one)."""

    name: str
    level: OrganLevel
    region: str  # GB/T 2260 code, "" for the centre
    endpoint: str | None = None  # None: a printed transfer letter, then a staff "sent" event


@dataclass(frozen=True, slots=True)
class Leader:
    name: str
    position: str  # as it would be written in a letter: 书记, 监委主任


@dataclass(frozen=True, slots=True)
class Organ:
    """The receiving organ. ``aliases`` are how letters name it (某县纪委, 县监委), for R1 when a
    letter names the post and not the person. A 派驻 group (``STATIONED``) works at the level
    of the commission that sent it, ``above``."""

    name: str
    level: OrganLevel
    region: str
    principal_leaders: tuple[Leader, ...] = ()
    above: OrganRef | None = None
    below: tuple[OrganRef, ...] = ()
    others: tuple[OrganRef, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def rank(self) -> int:
        if self.level == OrganLevel.STATIONED:
            return _RANK[self.above.level] if self.above and self.above.level in _RANK else 0
        return _RANK[self.level]

    def covers(self, region: str) -> bool:
        if not self.region:  # no region configured: nobody is suggested elsewhere (R4)
            return True
        level = (
            self.above.level if self.level == OrganLevel.STATIONED and self.above else self.level
        )
        digits = _REGION_DIGITS.get(level, 0)
        return region[:digits] == self.region[:digits]


# --- The facts a suggestion reads --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccusedFacts:
    """One accused as the record has it. ``management_authority`` is the official's finding
    (from the cadre-management lists); when None the cadre level gives the §5.2 default.
    ``not_supervisory`` marks a person outside Party discipline and state supervision (R5)."""

    name: str | None = None
    unit: str | None = None
    position: str | None = None
    level: CadreLevel | None = None
    region: str | None = None  # GB/T 2260 code
    management_authority: OrganLevel | None = None
    not_supervisory: bool = False


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What the suggestion reads from a record: the screening flags of the normalizer,
    the repeat check (normalizer.repeats), the intake's own sealed mark (issue 12 item 5)."""

    channel: Channel
    text: str
    accused: tuple[AccusedFacts, ...] = ()
    flags: frozenset[str] = frozenset()
    categories_reported: tuple[str, ...] = ()
    repeat: bool = False
    marked_sealed: bool = False


_LEVEL_WORDS = {
    "省部级": CadreLevel.PROVINCE_MINISTRY,
    "厅局级": CadreLevel.BUREAU,
    "地厅级": CadreLevel.BUREAU,
    "县处级": CadreLevel.COUNTY_DIVISION,
    "乡科级": CadreLevel.TOWNSHIP_SECTION,
    "一般干部": CadreLevel.GENERAL_CADRE,
    "事业单位人员": CadreLevel.PUBLIC_INSTITUTION_STAFF,
    "企业人员": CadreLevel.SOE_STAFF,
    "农村": CadreLevel.VILLAGE_COMMUNITY,
    "社区": CadreLevel.VILLAGE_COMMUNITY,
}
_GRADE_WORDS = {"正部": "省部级", "副部": "省部级", "正厅": "厅局级", "副厅": "厅局级",
                "正处": "县处级", "副处": "县处级", "正科": "乡科级", "副科": "乡科级",
                "副县": "县处级", "正县": "县处级", "县级": "县处级"}  # fmt: skip


def parse_level(text: str | None) -> CadreLevel | None:
    """A level as the record stores it (``COUNTY_DIVISION/副``) or as staff type it (县处级)."""
    if not text:
        return None
    head = text.split("/", 1)[0].strip()
    if head in CadreLevel.__members__.values():
        level = CadreLevel(head)
        return None if level == CadreLevel.UNKNOWN else level
    for word, name in _GRADE_WORDS.items():
        if word in text:
            return _LEVEL_WORDS[name]
    for word, level in _LEVEL_WORDS.items():
        if word in text:
            return level
    return None


_REGION_CODE = re.compile(r"^\d{6}(?:\d{3})?$")


def facts_from_record(
    record: ComplaintRecord, *, repeat: bool = False, marked_sealed: bool = False
) -> ReportFacts:
    """The facts of a normalized record; a level typed by staff wins over the suggested one."""
    return ReportFacts(
        channel=record.channel,
        text=record.content.text,
        accused=tuple(
            AccusedFacts(
                name=a.name,
                unit=a.unit,
                position=a.position,
                level=parse_level(a.level) or parse_level(a.level_suggested),
                region=a.region if a.region and _REGION_CODE.match(a.region) else None,
            )
            for a in record.accused
        ),
        flags=frozenset(f.code for f in record.flags),
        categories_reported=tuple(record.content.categories_reported),
        repeat=repeat or any(f.code == "possible_repeat" for f in record.flags),
        marked_sealed=marked_sealed,
    )


# --- Classification (§4.1, §4.3) -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassificationSuggestion:
    value: Classification
    acceptance: Acceptance | None  # None: decided per routing item (检举控告) or elsewhere
    reason: str


_APPEAL = re.compile(
    r"申诉|不服.{0,12}(?:处分|处理决定|决定)|申请复查|申请复审|撤销.{0,6}处分|处分.{0,8}不公"
)
_SUGGESTION = re.compile(
    r"批评建议|意见建议|(?:提出|提几条|一点|几点)(?:意见和)?建议|建议(?:贵委|纪委)"
)


def suggest_classification(facts: ReportFacts) -> ClassificationSuggestion:
    """§4.3 steps 1–4 as a suggestion: 申诉 and 批评建议 first, then 不予受理 (a)/(b), then (c)."""
    reported = " ".join(facts.categories_reported)
    if "申诉" in reported or _APPEAL.search(facts.text):
        return ClassificationSuggestion(
            Classification.APPEAL, None, "内容为对处分或处理决定不服、请求复查，按申诉办理（§4.1）"
        )
    if "建议" in reported or (not facts.accused and _SUGGESTION.search(facts.text)):
        return ClassificationSuggestion(
            Classification.SUGGESTION,
            None,
            "未反映具体人员问题，内容为对党风廉政建设和反腐败工作的批评建议（§4.1）",
        )
    if facts.flags & {"possibly_out_of_scope", "out_of_scope_informed"}:
        return ClassificationSuggestion(
            Classification.OUT_OF_REMIT,
            Acceptance.NOT_ACCEPTED,
            "可能属于诉讼、仲裁、行政裁决、行政复议或其他机关职责范围，不予受理（§4.2(a)(b)）",
        )
    if "no_substance" in facts.flags:
        return ClassificationSuggestion(
            Classification.NO_SUBSTANCE,
            Acceptance.NOT_ACCEPTED,
            "仅列举违纪或违法类型，没有可查证的具体事实，不予受理，登记后留存备查（§4.2(c)）",
        )
    return ClassificationSuggestion(
        Classification.REPORT, None, "反映党员、监察对象违纪违法问题，属检举控告受理范围（§4.1）"
    )


def scope_action(channel: Channel) -> Action:
    """§4.3 step 2: a letter is forwarded to the competent organ; a visit, call or web report
    is answered by telling the complainant where to go."""
    match channel:
        case Channel.LETTER:
            return Action.FORWARD_TO_OTHER_AUTHORITY
        case Channel.VISIT | Channel.PHONE | Channel.WEB:
            return Action.INFORM_COMPLAINANT
        case _:
            assert_never(channel)


# --- Routing per accused (§5.2) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoutingSuggestion:
    """One routing item: which rule fired for this accused and why (Chinese, for the panel).
    ``accused`` is the index into the record's accused list, None for a report naming nobody.
    ``alternatives`` are the other actions the same rule allows (R3: 交办 instead of 转送)."""

    accused: int | None
    rule: Rule
    actions: tuple[Action, ...]
    acceptance: Acceptance
    destination: OrganRef | None
    deadline: DeadlineRule | None
    receiver_deadline: DeadlineRule | None
    approval_required: bool
    sealed: bool
    reason: str
    alternatives: tuple[Action, ...] = ()


# §5.2 note: the default authority when nobody has looked at the cadre-management lists.
_DEFAULT_AUTHORITY: Mapping[CadreLevel, OrganLevel] = {
    CadreLevel.PROVINCE_MINISTRY: OrganLevel.CENTRAL,
    CadreLevel.BUREAU: OrganLevel.PROVINCE,
    CadreLevel.COUNTY_DIVISION: OrganLevel.PREFECTURE,
    CadreLevel.TOWNSHIP_SECTION: OrganLevel.COUNTY,
    CadreLevel.GENERAL_CADRE: OrganLevel.COUNTY,
    CadreLevel.VILLAGE_COMMUNITY: OrganLevel.COUNTY,
}
_LEVEL_LABELS: Mapping[CadreLevel, str] = {
    CadreLevel.PROVINCE_MINISTRY: "省部级",
    CadreLevel.BUREAU: "厅局级",
    CadreLevel.COUNTY_DIVISION: "县处级",
    CadreLevel.TOWNSHIP_SECTION: "乡科级",
    CadreLevel.GENERAL_CADRE: "一般干部",
    CadreLevel.PUBLIC_INSTITUTION_STAFF: "事业单位人员",
    CadreLevel.SOE_STAFF: "企业人员",
    CadreLevel.VILLAGE_COMMUNITY: "农村、社区干部",
    CadreLevel.OTHER: "其他",
    CadreLevel.UNKNOWN: "级别不明",
}
_ORGAN_LEVEL_LABELS: Mapping[OrganLevel, str] = {
    OrganLevel.CENTRAL: "中央",
    OrganLevel.PROVINCE: "省级",
    OrganLevel.PREFECTURE: "市（地）级",
    OrganLevel.COUNTY: "县级",
    OrganLevel.TOWNSHIP: "乡镇",
    OrganLevel.STATIONED: "派驻机构",
}


def managing_level(
    accused: AccusedFacts, organ_level: OrganLevel | None = None
) -> tuple[OrganLevel | None, str]:
    """Who manages the cadre: the official's finding, else the §5.2 default by rank. [I] A
    township organ keeps its villages' cadres: they are on no cadre-management list, and
    sending them up sealed (R2) would treat a 村主任 like a 县管干部."""
    if (
        accused.management_authority is None
        and accused.level == CadreLevel.VILLAGE_COMMUNITY
        and organ_level == OrganLevel.TOWNSHIP
    ):
        return OrganLevel.TOWNSHIP, "农村、社区干部，由乡镇纪检监察机构受理"
    if accused.management_authority is not None:
        label = _ORGAN_LEVEL_LABELS[accused.management_authority]
        return accused.management_authority, f"经核对干部管理权限，属{label}管理"
    if accused.level is None:
        return None, "级别不明，暂按本级管辖，请核对干部管理权限"
    default = _DEFAULT_AUTHORITY.get(accused.level)
    if default is None:
        return None, f"{_LEVEL_LABELS[accused.level]}，管理权限需人工核对，暂按本级管辖"
    return default, (
        f"按职级（{_LEVEL_LABELS[accused.level]}）推定由{_ORGAN_LEVEL_LABELS[default]}管理，"
        "须对照干部管理权限核实"
    )


def _bare(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _is_principal_leader(accused: AccusedFacts, organ: Organ) -> Leader | None:
    """R1: by name; or, when the letter names the post only (县纪委书记, 王某), by the post
    written with one of the organ's names and a matching surname if any."""
    name = _bare(accused.name or "")
    post = _bare((accused.unit or "") + (accused.position or ""))
    for leader in organ.principal_leaders:
        if name and "某" not in name and name == _bare(leader.name):
            return leader
        position = _bare(leader.position)
        same_post = (
            post.endswith(position)
            and not post.removesuffix(position).endswith("副")
            and any(_bare(alias) in post for alias in (organ.name, *organ.aliases))
        )
        if same_post and (not name or ("某" in name and leader.name.startswith(name[0]))):
            return leader
    return None


def _below_for(region: str | None, organ: Organ) -> OrganRef | None:
    if region is None:
        return organ.below[0] if len(organ.below) == 1 else None
    found = [
        o
        for o in organ.below
        if region[: _REGION_DIGITS.get(o.level, 6)] == o.region[: _REGION_DIGITS.get(o.level, 6)]
    ]
    return found[0] if found else None


def _other_for(region: str, organ: Organ) -> OrganRef | None:
    for o in organ.others:
        digits = _REGION_DIGITS.get(o.level, 6)
        if region[:digits] == o.region[:digits]:
            return o
    return None


def route_accused(
    index: int | None, accused: AccusedFacts, facts: ReportFacts, organ: Organ
) -> RoutingSuggestion:
    """§5.2, rows checked in order, for one accused."""
    who = accused.name or "被反映人"
    leader = _is_principal_leader(accused, organ)
    if leader is not None:
        return RoutingSuggestion(
            index,
            Rule.R1,
            (Action.JINGSONG_UP,),
            Acceptance.PASSED_ON,
            organ.above,
            DeadlineRule.D2,
            None,
            approval_required=True,
            sealed=True,
            reason=(
                f"{who}系本机关主要负责人（{leader.position}），径送上一级信访举报部门，"
                "不得录入检举举报平台（第十五条，§5.2 R1、§5.3）"
            ),
        )
    authority, basis = managing_level(accused, organ.level)
    # Checked before R2–R4: a person outside discipline and supervision has no management
    # authority, so those rows cannot apply to them.
    if accused.not_supervisory:
        action = scope_action(facts.channel)
        return RoutingSuggestion(
            index,
            Rule.R5,
            (action,),
            Acceptance.NOT_ACCEPTED,
            None,
            DeadlineRule.D12 if action == Action.INFORM_COMPLAINANT else None,
            None,
            approval_required=True,
            sealed=False,
            reason=f"{who}不属于纪检监察对象，{ACTION_LABELS[action]}（§5.2 R5、§4.3）",
        )
    rank = _RANK[authority] if authority is not None and authority in _RANK else organ.rank
    if rank < organ.rank:
        return RoutingSuggestion(
            index,
            Rule.R2,
            (Action.BAOSONG_UP,),
            Acceptance.PASSED_ON,
            organ.above,
            DeadlineRule.D1,
            None,
            approval_required=True,
            sealed=True,
            reason=(
                f"{who}：{basis}，属上级管理干部，径送本机关主要负责人，收件后5个工作日内"
                "报送上一级信访举报部门，不得录入检举举报平台（第十五条，§5.2 R2、§5.3）"
            ),
        )
    # Before R3: "a lower level" means one of this organ's own lower organs, so a cadre of
    # another region goes to that region's organ (R4) whatever the rank.
    if accused.region is not None and not organ.covers(accused.region):
        return RoutingSuggestion(
            index,
            Rule.R4,
            (Action.TRANSFER_OTHER_SUPERVISORY_ORGAN,),
            Acceptance.PASSED_ON,
            _other_for(accused.region, organ),
            DeadlineRule.D8,
            None,
            approval_required=True,
            sealed=False,
            reason=(
                f"{who}所在地区（{accused.region}）不属本机关管辖，5个工作日内转送有管辖权的"
                "监察机关（实施条例第一百六十九条，§5.2 R4）"
            ),
        )
    if rank > organ.rank:
        return RoutingSuggestion(
            index,
            Rule.R3,
            (Action.ZHUANSONG_DOWN,),
            Acceptance.PASSED_ON,
            _below_for(accused.region, organ),
            DeadlineRule.D3,
            DeadlineRule.D4,
            approval_required=True,
            sealed=False,
            reason=(
                f"{who}：{basis}，属下级管辖，及时转送；下级收件后5个工作日内完成受理或者转办"
                "（第十六条，§5.2 R3）；需督办的可改为交办"
            ),
            alternatives=(Action.JIAOBAN_DOWN,),
        )
    if facts.repeat:
        return RoutingSuggestion(
            index,
            Rule.R6,
            (Action.REGISTER_AND_FILE,),
            Acceptance.ACCEPTED,
            None,
            None,
            None,
            approval_required=False,
            sealed=False,
            reason=(
                f"{who}：{basis}；属本级受理的重复检举控告，登记后留存备查，定期通报"
                "（第十四条，§5.2 R6）；如有新事实、新证据，应按初次举报办理（§7.2）"
            ),
        )
    return RoutingSuggestion(
        index,
        Rule.R7,
        (Action.YISONG_INTERNAL, Action.NOTIFY_CASE_MGMT),
        Acceptance.ACCEPTED,
        None,
        None,
        None,
        approval_required=False,
        sealed=False,
        reason=(
            f"{who}：{basis}；属本级受理的初次检举控告，移送监督检查部门，并告知案件监督管理部门"
            "（第十四条，§5.2 R7）"
        ),
    )


@dataclass(frozen=True, slots=True)
class TriageSuggestion:
    """The system's whole suggestion for one record; ``sealed`` when any item is, or when an
    intake point marked the item before anything was read (issue 12 item 5)."""

    classification: ClassificationSuggestion
    items: tuple[RoutingSuggestion, ...]
    sealed: bool
    notes: tuple[str, ...] = ()


def suggest(facts: ReportFacts, organ: Organ) -> TriageSuggestion:
    cls = suggest_classification(facts)
    notes: list[str] = []
    items: tuple[RoutingSuggestion, ...] = ()
    match cls.value:
        case Classification.REPORT:
            people = facts.accused or (AccusedFacts(),)
            items = tuple(
                route_accused(i if facts.accused else None, a, facts, organ)
                for i, a in enumerate(people)
            )
        case Classification.OUT_OF_REMIT:
            action = scope_action(facts.channel)
            items = (
                RoutingSuggestion(
                    None,
                    Rule.R5,
                    (action,),
                    Acceptance.NOT_ACCEPTED,
                    None,
                    DeadlineRule.D12 if action == Action.INFORM_COMPLAINANT else None,
                    None,
                    approval_required=True,
                    sealed=False,
                    reason=f"{cls.reason}；{ACTION_LABELS[action]}（§4.3 第2步，§5.2 R5）",
                ),
            )
        case Classification.NO_SUBSTANCE:
            notes.append("不予受理，登记后留存备查，须经分管领导审批（§4.3 第3步）")
        case Classification.APPEAL | Classification.SUGGESTION:
            notes.append("不属检举控告，转申诉或批评建议流程办理（§4.3 第1步）")
        case _:
            assert_never(cls.value)
    sealed = facts.marked_sealed or any(i.sealed for i in items)
    if facts.marked_sealed and not any(i.sealed for i in items):
        notes.append(
            "收件时已标记“涉及上级管理干部或本机关主要负责人”，须经信访室负责人确认后方可解除密封"
        )
    if sealed and any(not i.sealed for i in items):
        notes.append("同一件中有须密封的事项，全件按密封件办理，本级事项另行登记（§5.3）")
    return TriageSuggestion(cls, items, sealed, tuple(notes))


# --- The official's decision ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Approval:
    """The 分管领导's approval, an event with who and when (issue 12 item 4)."""

    by: str
    at: datetime
    approved: bool
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    accused: int | None
    actions: tuple[Action, ...]
    destination: OrganRef | None = None
    reason: str | None = None  # required when it departs from the suggestion
    first_time: bool = True  # the official's call on §7.2 (a repeat with new facts is new)
    approval: Approval | None = None


@dataclass(frozen=True, slots=True)
class TriageDecision:
    """What staff decide, kept apart from ``TriageSuggestion``. ``dismissed_flags`` maps a flag
    code to the reason it was false (a record leaves review only with a decision)."""

    classification: Classification
    decided_by: str
    decided_at: datetime
    items: tuple[RoutingDecision, ...] = ()
    dismissed_flags: Mapping[str, str] = field(default_factory=dict)
    approval: Approval | None = None  # for a decision not to accept (无实质内容, 业务范围外)
    sealed: bool = False


def approval_required(item: RoutingDecision) -> bool:
    """R1–R5 always; 留存备查 of a first-time report is 不予移送 and needs approval too."""
    if any(a in APPROVAL_ACTIONS for a in item.actions):
        return True
    return Action.REGISTER_AND_FILE in item.actions and item.first_time


def _refuse(code: str, zh: str, en: str, path: str) -> InvalidInput:
    return InvalidInput(code, zh, en, field=path)


def check_decision(
    decision: TriageDecision,
    channel: Channel,
    accused_count: int,
    *,
    approval_pending: bool = False,
) -> None:
    """Refuse a decision the tables of §4.3 and §5.2 cannot produce (``decision_invalid``).
    ``approval_pending``: the decision goes to the 分管领导 next (the state machine's
    AWAITING_APPROVAL), so a missing approval is not a fault yet."""
    for key, why in decision.dismissed_flags.items():
        if not why.strip():
            raise _refuse(
                "decision_invalid",
                "排除标记须说明理由。",
                "A dismissed flag needs a reason.",
                f"$.dismissed_flags.{key}",
            )
    not_accepted = decision.classification in (
        Classification.OUT_OF_REMIT,
        Classification.NO_SUBSTANCE,
    )
    approved = approval_pending or (decision.approval is not None and decision.approval.approved)
    if not_accepted and not approved:
        raise _refuse(
            "approval_required",
            "不予受理须经分管领导审批。",
            "A decision not to accept needs the leader's approval.",
            "$.approval",
        )
    if decision.classification != Classification.REPORT:
        allowed: frozenset[Action] = frozenset()
        if decision.classification == Classification.OUT_OF_REMIT:
            allowed = frozenset({scope_action(channel)})
        for n, item in enumerate(decision.items):
            if not set(item.actions) <= allowed:
                raise _refuse(
                    "decision_invalid",
                    f"“{decision.classification}”件只能{ACTION_LABELS[scope_action(channel)]}。"
                    if allowed
                    else f"“{decision.classification}”件不进入分流。",
                    "These actions do not fit the classification and channel (§4.3).",
                    f"$.items[{n}].actions",
                )
        return
    covered = {i.accused for i in decision.items}
    missing = [n for n in range(accused_count) if n not in covered]
    if missing or not decision.items:
        raise _refuse(
            "decision_invalid",
            "每名被反映人都须有分流决定。",
            f"Every accused needs a routing item; missing {missing}.",
            "$.items",
        )
    for n, item in enumerate(decision.items):
        acts = set(item.actions)
        if (Action.YISONG_INTERNAL in acts) != (Action.NOTIFY_CASE_MGMT in acts):
            raise _refuse(
                "decision_invalid",
                "移送监督检查部门须同时告知案件监督管理部门（第十四条）。",
                "YISONG_INTERNAL goes with NOTIFY_CASE_MGMT (Art. 14).",
                f"$.items[{n}].actions",
            )
        scope = {Action.FORWARD_TO_OTHER_AUTHORITY, Action.INFORM_COMPLAINANT} & acts
        if scope and scope != {scope_action(channel)}:
            raise _refuse(
                "decision_invalid",
                f"{channel}渠道的非纪检监察事项应{ACTION_LABELS[scope_action(channel)]}（§4.3）。",
                "R5's action depends on the channel (§4.3).",
                f"$.items[{n}].actions",
            )
        if (
            approval_required(item)
            and not approval_pending
            and (item.approval is None or not item.approval.approved)
        ):
            raise _refuse(
                "approval_required",
                f"“{'、'.join(ACTION_LABELS[a] for a in item.actions)}”须经分管领导审批。",
                "This routing needs the leader's approval first.",
                f"$.items[{n}].approval",
            )


def dispatch_event(action: Action) -> EventType | None:
    """The trajectory event that orders ``action`` (normalizer.stages); NOTIFY_CASE_MGMT rides
    on YISONG_INTERNAL's delivery."""
    match action:
        case Action.JINGSONG_UP:
            return EventType.JINGSONG_UP
        case Action.BAOSONG_UP:
            return EventType.BAOSONG_UP
        case Action.ZHUANSONG_DOWN:
            return EventType.ZHUANSONG_DOWN
        case Action.JIAOBAN_DOWN:
            return EventType.JIAOBAN_DOWN
        case Action.TRANSFER_OTHER_SUPERVISORY_ORGAN:
            return EventType.TRANSFERRED_OTHER_ORGAN
        case Action.FORWARD_TO_OTHER_AUTHORITY:
            return EventType.FORWARDED_OTHER_AUTHORITY
        case Action.INFORM_COMPLAINANT:
            return EventType.COMPLAINANT_INFORMED
        case Action.REGISTER_AND_FILE:
            return EventType.FILED_FOR_REFERENCE
        case Action.YISONG_INTERNAL:
            return EventType.YISONG_INTERNAL
        case Action.NOTIFY_CASE_MGMT:
            return None
        case _:
            assert_never(action)


def deadline_of(action: Action) -> tuple[DeadlineRule | None, DeadlineRule | None]:
    """(this organ's deadline, the receiver's) for ``action`` (§8)."""
    match action:
        case Action.JINGSONG_UP:
            return DeadlineRule.D2, None
        case Action.BAOSONG_UP:
            return DeadlineRule.D1, None
        case Action.ZHUANSONG_DOWN | Action.JIAOBAN_DOWN:
            return DeadlineRule.D3, DeadlineRule.D4
        case Action.TRANSFER_OTHER_SUPERVISORY_ORGAN:
            return DeadlineRule.D8, None
        case Action.INFORM_COMPLAINANT:
            return DeadlineRule.D12, None
        case (
            Action.FORWARD_TO_OTHER_AUTHORITY
            | Action.REGISTER_AND_FILE
            | Action.YISONG_INTERNAL
            | Action.NOTIFY_CASE_MGMT
        ):
            return None, None
        case _:
            assert_never(action)


def sealed_suggestion(mark: str, organ: Organ) -> TriageSuggestion:
    """What an intake point's sealed mark suggests before anything is read: R1 for a report
    about this organ's principal leader, else R2 (a cadre a higher level manages)."""
    leader = mark == "principal_leader"
    item = RoutingSuggestion(
        None,
        Rule.R1 if leader else Rule.R2,
        (Action.JINGSONG_UP,) if leader else (Action.BAOSONG_UP,),
        Acceptance.PASSED_ON,
        organ.above,
        DeadlineRule.D2 if leader else DeadlineRule.D1,
        None,
        approval_required=True,
        sealed=True,
        reason=(
            "收件时标记为涉及本机关主要负责人，径送上一级信访举报部门（第十五条，§5.2 R1）"
            if leader
            else "收件时标记为涉及上级管理干部，径送本机关主要负责人并于5个工作日内报送上一级"
            "（第十五条，§5.2 R2）"
        ),
    )
    cls = ClassificationSuggestion(Classification.REPORT, None, "密封件，按检举控告办理")
    return TriageSuggestion(cls, (item,), True)


def stage_after_sent(action: Action) -> Stage | None:
    """The ledger stage an item reaches once sent (the ``SENT`` or ``DELIVERED`` event)."""
    match action:
        case Action.JINGSONG_UP:
            return Stage.JINGSONG
        case Action.BAOSONG_UP:
            return Stage.BAOSONG
        case Action.ZHUANSONG_DOWN | Action.TRANSFER_OTHER_SUPERVISORY_ORGAN:
            return Stage.ZHUANSONG
        case Action.JIAOBAN_DOWN:
            return Stage.JIAOBAN
        case Action.FORWARD_TO_OTHER_AUTHORITY:
            return Stage.FORWARDED
        case Action.YISONG_INTERNAL:
            return Stage.DELIVERED
        case Action.INFORM_COMPLAINANT | Action.REGISTER_AND_FILE | Action.NOTIFY_CASE_MGMT:
            return None  # no sending: the dispatch event itself ends the item
        case _:
            assert_never(action)


# --- Feedback duties (D5, D6) ----------------------------------------------------------------

# A signed report whose check did not finish (unreachable, refused to talk) is still signed:
# the duty stays; an anonymous one names nobody, an impersonated one nobody who reported.
_NAMED = frozenset(
    {
        IdentityClaim.SIGNED_UNVERIFIED,
        IdentityClaim.REAL_NAME_CONFIRMED,
        IdentityClaim.VERIFICATION_INCOMPLETE,
    }
)


def acceptance_notice_due(
    claim: IdentityClaim,
    classification: Classification,
    items: Sequence[RoutingDecision | RoutingSuggestion],
) -> bool:
    """D5 (§6.3, §8): only for a first-time, real-name 检举控告 that this organ accepts, that is,
    an item moved to the 监督检查部门 (R7). Not for repeats (R6), 不予受理 (R5, 无实质内容),
    or items that belong elsewhere (R1–R4, whose organ answers)."""
    if claim not in _NAMED or classification != Classification.REPORT:
        return False
    for item in items:
        if isinstance(item, RoutingSuggestion):
            if item.rule == Rule.R7:
                return True
        elif Action.YISONG_INTERNAL in item.actions and item.first_time:
            return True
    return False


def result_feedback_due(claim: IdentityClaim) -> bool:
    """D6: the handling department answers a named complainant after 办结 (§6.3)."""
    return claim in _NAMED


def deadlines_after_decision(
    record: ComplaintRecord,
    decision: TriageDecision,
    calendar: WorkCalendar,
    received: date,
) -> list[Deadline]:
    """The record's deadlines once the decision is taken: D5 opened (or kept) only when
    ``acceptance_notice_due``, else set NOT_APPLICABLE; D1 kept only for a 报送 item. Today
    ``normalize`` opens both at intake from the claim and the higher-level flag alone;
    ``received`` is the receipt day in Asia/Shanghai."""
    notice = acceptance_notice_due(record.real_name.status, decision.classification, decision.items)
    up = any(Action.BAOSONG_UP in i.actions for i in decision.items)
    wanted = {DeadlineKind.ACCEPTANCE_NOTICE: notice, DeadlineKind.UP_REPORT: up}
    out: list[Deadline] = []
    for d in record.deadlines:
        if d.kind in wanted and d.state == "OPEN" and not wanted[d.kind]:
            d = msgspec.structs.replace(d, state="NOT_APPLICABLE")
        out.append(d)
    have = {d.kind for d in record.deadlines}
    for kind, rule in (
        (DeadlineKind.ACCEPTANCE_NOTICE, DeadlineRule.D5),
        (DeadlineKind.UP_REPORT, DeadlineRule.D1),
    ):
        due = due_date(rule, received, calendar)
        if wanted[kind] and kind not in have and due is not None:
            out.append(Deadline(kind=kind, starts=received, due=due))
    return out


# --- What a sealed item keeps (§5.3) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SealedItem:
    """All the gateway may keep of a sealed item (§5.3, issue 12 item 5): no text, images,
    audio, match keys, categories or extracted fields; not even the accused's name (the R-code
    and destination say where it went, the cover sheet travels with the physical item)."""

    intake_no: str
    received_at: datetime
    channel: Channel
    physical_id: str | None  # envelope or barcode id, call id
    rules: tuple[Rule, ...]
    destinations: tuple[str, ...]
    deadlines: tuple[tuple[DeadlineRule, date | None], ...]
    handled_by: str | None = None


def sealed_item(
    intake_no: str,
    received_at: datetime,
    channel: Channel,
    physical_id: str | None,
    suggestion: TriageSuggestion,
    calendar: WorkCalendar,
    received: date,
    handled_by: str | None = None,
) -> SealedItem:
    """The minimal metadata of a sealed record, built while the text is still in memory;
    the caller then drops the record, the OCR text and the match keys."""
    rules = tuple(dict.fromkeys(i.rule for i in suggestion.items))
    destinations = tuple(
        dict.fromkeys(i.destination.name for i in suggestion.items if i.destination is not None)
    )
    deadlines = tuple(
        dict.fromkeys(
            (i.deadline, due_date(i.deadline, received, calendar))
            for i in suggestion.items
            if i.deadline is not None
        )
    )
    return SealedItem(
        intake_no, received_at, channel, physical_id, rules, destinations, deadlines, handled_by
    )
