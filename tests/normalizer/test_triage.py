"""研判: the decision tables of domain.md §4.3 and §5.2 row by row, the split of a report by
accused, the sealed path (§5.3), the acceptance-notice rule D5 (§6.3, §8) and the official's
decision checks. The organ is a county 纪委监委 unless a row says otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec
import pytest

from normalizer.errors import InvalidInput
from normalizer.extraction import CadreLevel
from normalizer.normalize import NormalizeContext, normalize
from normalizer.record import (
    Channel,
    ComplainantInput,
    ComplaintRecord,
    DeadlineKind,
    ExtractedText,
    IdentityClaim,
    LetterIntake,
    ReporterKind,
    WebIntake,
)
from normalizer.stages import EventType, Stage, check
from normalizer.triage import (
    Acceptance,
    AccusedFacts,
    Action,
    Approval,
    Classification,
    DeadlineRule,
    Leader,
    Organ,
    OrganLevel,
    OrganRef,
    ReportFacts,
    RoutingDecision,
    Rule,
    TriageDecision,
    acceptance_notice_due,
    approval_required,
    check_decision,
    deadlines_after_decision,
    dispatch_event,
    due_date,
    facts_from_record,
    parse_level,
    result_feedback_due,
    route_accused,
    scope_action,
    sealed_item,
    stage_after_sent,
    suggest,
    suggest_classification,
)
from normalizer.workdays import WorkCalendar

CITY = OrganRef("江城市纪委监委", OrganLevel.PREFECTURE, "330100", endpoint="https://jc.example/in")
TOWN = OrganRef("青石镇纪委", OrganLevel.TOWNSHIP, "330127101")
NEIGHBOUR = OrganRef("绿水县纪委监委", OrganLevel.COUNTY, "330122")
COUNTY = Organ(
    name="青山县纪委监委",
    level=OrganLevel.COUNTY,
    region="330127",
    principal_leaders=(Leader("王建国", "纪委书记"), Leader("王建国", "监委主任")),
    above=CITY,
    below=(TOWN,),
    others=(NEIGHBOUR,),
    aliases=("青山县纪委", "青山县监委", "县纪委", "县监委"),
)
COUNTY_IN_CITY = OrganRef("青山县纪委监委", OrganLevel.COUNTY, "330127")
PREFECTURE = Organ(
    name="江城市纪委监委",
    level=OrganLevel.PREFECTURE,
    region="330100",
    principal_leaders=(Leader("周正", "书记"),),
    above=OrganRef("省纪委监委", OrganLevel.PROVINCE, "330000"),
    below=(COUNTY_IN_CITY, OrganRef("绿水县纪委监委", OrganLevel.COUNTY, "330122")),
    aliases=("江城市纪委", "市纪委"),
)

L = CadreLevel
A = AccusedFacts


def facts(*accused: AccusedFacts, channel: Channel = Channel.WEB, **kw: object) -> ReportFacts:
    return ReportFacts(channel=channel, text="收受贿赂", accused=accused, **kw)  # type: ignore[arg-type]


# --- §5.2, every row -------------------------------------------------------------------------

ROWS = [
    pytest.param(
        COUNTY, A(name="王建国", unit="青山县纪委", position="书记", level=L.COUNTY_DIVISION), {},
        Rule.R1, (Action.JINGSONG_UP,), CITY, DeadlineRule.D2, True, True,
        id="R1-principal-leader-by-name",
    ),
    pytest.param(
        COUNTY, A(unit="青山县", position="纪委书记", level=L.COUNTY_DIVISION), {},
        Rule.R1, (Action.JINGSONG_UP,), CITY, DeadlineRule.D2, True, True,
        id="R1-principal-leader-by-post",
    ),
    pytest.param(
        COUNTY, A(name="王某", unit="县监委", position="主任"), {},
        Rule.R1, (Action.JINGSONG_UP,), CITY, DeadlineRule.D2, True, True,
        id="R1-principal-leader-surname-only",
    ),
    pytest.param(
        COUNTY, A(name="李文", unit="青山县委", position="常委", level=L.COUNTY_DIVISION), {},
        Rule.R2, (Action.BAOSONG_UP,), CITY, DeadlineRule.D1, True, True,
        id="R2-county-standing-member-by-rank",
    ),
    pytest.param(
        COUNTY, A(name="钱七", level=L.TOWNSHIP_SECTION,
                  management_authority=OrganLevel.PROVINCE), {},
        Rule.R2, (Action.BAOSONG_UP,), CITY, DeadlineRule.D1, True, True,
        id="R2-managed-higher-by-official",
    ),
    pytest.param(
        COUNTY, A(name="孙八", level=L.BUREAU, region="330127"), {},
        Rule.R2, (Action.BAOSONG_UP,), CITY, DeadlineRule.D1, True, True,
        id="R2-bureau-level-in-county",
    ),
    pytest.param(
        PREFECTURE, A(name="张强", unit="青山县交通运输局", position="局长",
                      level=L.TOWNSHIP_SECTION, region="330127"), {},
        Rule.R3, (Action.ZHUANSONG_DOWN,), COUNTY_IN_CITY, DeadlineRule.D3, True, False,
        id="R3-township-section-to-county",
    ),
    pytest.param(
        COUNTY, A(name="赵四", level=L.VILLAGE_COMMUNITY, region="330127101",
                  management_authority=OrganLevel.TOWNSHIP), {},
        Rule.R3, (Action.ZHUANSONG_DOWN,), TOWN, DeadlineRule.D3, True, False,
        id="R3-village-to-township-by-official",
    ),
    pytest.param(
        COUNTY, A(name="周九", level=L.TOWNSHIP_SECTION, region="330122"), {},
        Rule.R4, (Action.TRANSFER_OTHER_SUPERVISORY_ORGAN,), NEIGHBOUR, DeadlineRule.D8,
        True, False,
        id="R4-other-county",
    ),
    pytest.param(
        COUNTY, A(name="吴十", not_supervisory=True), {"channel": Channel.LETTER},
        Rule.R5, (Action.FORWARD_TO_OTHER_AUTHORITY,), None, None, True, False,
        id="R5-letter",
    ),
    pytest.param(
        COUNTY, A(name="吴十", not_supervisory=True), {"channel": Channel.VISIT},
        Rule.R5, (Action.INFORM_COMPLAINANT,), None, DeadlineRule.D12, True, False,
        id="R5-visit",
    ),
    pytest.param(
        COUNTY, A(name="吴十", not_supervisory=True), {"channel": Channel.PHONE},
        Rule.R5, (Action.INFORM_COMPLAINANT,), None, DeadlineRule.D12, True, False,
        id="R5-phone",
    ),
    pytest.param(
        COUNTY, A(name="吴十", not_supervisory=True), {"channel": Channel.WEB},
        Rule.R5, (Action.INFORM_COMPLAINANT,), None, DeadlineRule.D12, True, False,
        id="R5-web",
    ),
    pytest.param(
        COUNTY, A(name="张强", level=L.TOWNSHIP_SECTION, region="330127"), {"repeat": True},
        Rule.R6, (Action.REGISTER_AND_FILE,), None, None, False, False,
        id="R6-same-level-repeat",
    ),
    pytest.param(
        COUNTY, A(name="张强", level=L.TOWNSHIP_SECTION, region="330127"), {},
        Rule.R7, (Action.YISONG_INTERNAL, Action.NOTIFY_CASE_MGMT), None, None, False, False,
        id="R7-same-level-first-time",
    ),
    pytest.param(
        COUNTY, A(name="王某某", unit="青山县纪委", position="副书记",
                  level=L.TOWNSHIP_SECTION), {},
        Rule.R7, (Action.YISONG_INTERNAL, Action.NOTIFY_CASE_MGMT), None, None, False, False,
        id="R7-deputy-is-not-the-principal-leader",
    ),
    pytest.param(
        Organ("青石镇纪委", OrganLevel.TOWNSHIP, "330127101", above=COUNTY_IN_CITY),
        A(name="赵四", level=L.VILLAGE_COMMUNITY, region="330127101"), {},
        Rule.R7, (Action.YISONG_INTERNAL, Action.NOTIFY_CASE_MGMT), None, None, False, False,
        id="R7-village-cadre-at-a-township",
    ),
    pytest.param(
        Organ("青石镇纪委", OrganLevel.TOWNSHIP, "330127101", above=COUNTY_IN_CITY),
        A(name="钱二", level=L.TOWNSHIP_SECTION, region="330127101"), {},
        Rule.R2, (Action.BAOSONG_UP,), COUNTY_IN_CITY, DeadlineRule.D1, True, True,
        id="R2-township-head-at-a-township",
    ),
    pytest.param(
        COUNTY, A(name="郑一"), {},
        Rule.R7, (Action.YISONG_INTERNAL, Action.NOTIFY_CASE_MGMT), None, None, False, False,
        id="R7-level-unknown-stays-here",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("organ", "accused", "kw", "rule", "actions", "destination", "deadline", "approval", "sealed"),
    ROWS,
)
def test_decision_table_5_2(
    organ: Organ,
    accused: AccusedFacts,
    kw: dict[str, object],
    rule: Rule,
    actions: tuple[Action, ...],
    destination: OrganRef | None,
    deadline: DeadlineRule | None,
    approval: bool,
    sealed: bool,
) -> None:
    item = route_accused(0, accused, facts(accused, **kw), organ)  # type: ignore[arg-type]
    assert item.rule == rule
    assert item.actions == actions
    assert item.destination == destination
    assert item.deadline == deadline
    assert item.approval_required is approval
    assert item.sealed is sealed
    assert rule.value in item.reason and item.reason.isascii() is False


def test_r3_offers_jiaoban_and_the_receivers_deadline() -> None:
    accused = A(name="张强", level=L.TOWNSHIP_SECTION, region="330127")
    item = route_accused(0, accused, facts(accused), PREFECTURE)
    assert item.alternatives == (Action.JIAOBAN_DOWN,)
    assert item.receiver_deadline == DeadlineRule.D4
    assert item.acceptance == Acceptance.PASSED_ON


def test_rows_are_checked_in_order_principal_leader_before_rank() -> None:
    """The 纪委书记 is 县处级 (R2 by rank) but is this organ's principal leader: R1, and nothing
    goes to him (§5.2 R1)."""
    accused = A(name="王建国", unit="青山县纪委", position="书记", level=L.COUNTY_DIVISION)
    assert route_accused(0, accused, facts(accused), COUNTY).rule == Rule.R1
    # The same post at another county's organ is only rank: R2.
    other = A(name="马六", unit="绿水县纪委", position="书记", level=L.COUNTY_DIVISION)
    assert route_accused(0, other, facts(other), COUNTY).rule == Rule.R2


def test_a_lower_cadre_of_another_region_is_r4_not_r3() -> None:
    accused = A(name="周九", level=L.GENERAL_CADRE, region="331002")
    item = route_accused(0, accused, facts(accused), PREFECTURE)
    assert item.rule == Rule.R4
    assert item.destination is None  # not in the registry: staff choose


def test_the_suggestion_says_why_in_chinese() -> None:
    accused = A(name="李文", level=L.COUNTY_DIVISION)
    item = route_accused(0, accused, facts(accused), COUNTY)
    assert "县处级" in item.reason and "市（地）级" in item.reason and "第十五条" in item.reason


# --- Deadlines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "due"),
    [
        pytest.param(DeadlineRule.D1, date(2026, 12, 7), id="D1-5-working-days"),
        pytest.param(DeadlineRule.D8, date(2026, 12, 7), id="D8-5-working-days"),
        pytest.param(DeadlineRule.D5, date(2026, 12, 21), id="D5-15-working-days"),
        pytest.param(DeadlineRule.D2, None, id="D2-immediately"),
        pytest.param(DeadlineRule.D3, None, id="D3-promptly"),
    ],
)
def test_due_dates(rule: DeadlineRule, due: date | None) -> None:
    assert due_date(rule, date(2026, 11, 30), WorkCalendar()) == due


# --- §4.3, every step and every channel ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flags", "reported", "accused", "expected", "acceptance"),
    [
        pytest.param("本人对县纪委给予的党内警告处分不服，申请复查。", (), (), (),
                     Classification.APPEAL, None, id="1-appeal-from-text"),
        pytest.param("……", (), ("申诉",), (), Classification.APPEAL, None, id="1-appeal-from-form"),
        pytest.param("对我县作风建设提几点意见和建议。", (), (), (), Classification.SUGGESTION,
                     None, id="1-suggestion"),
        pytest.param("邻居欠款不还，法院判决后仍不执行。", ("possibly_out_of_scope",), (), (),
                     Classification.OUT_OF_REMIT, Acceptance.NOT_ACCEPTED, id="2-out-of-scope"),
        pytest.param("来访人反映劳动争议。", ("out_of_scope_informed",), (), (),
                     Classification.OUT_OF_REMIT, Acceptance.NOT_ACCEPTED, id="2-informed-at-desk"),
        pytest.param("有人违纪。", ("no_substance",), (), (), Classification.NO_SUBSTANCE,
                     Acceptance.NOT_ACCEPTED, id="3-no-substance"),
        pytest.param("张强收受贿赂十万元。", (), (), (A(name="张强"),), Classification.REPORT, None,
                     id="4-report"),
        pytest.param("建议纪委查一查张强收受贿赂的问题。", (), (), (A(name="张强"),),
                     Classification.REPORT, None, id="4-report-despite-the-word-suggest"),
    ],
)  # fmt: skip
def test_scope_check_4_3(
    text: str,
    flags: tuple[str, ...],
    reported: tuple[str, ...],
    accused: tuple[AccusedFacts, ...],
    expected: Classification,
    acceptance: Acceptance | None,
) -> None:
    got = suggest_classification(
        ReportFacts(
            channel=Channel.LETTER,
            text=text,
            accused=accused,
            flags=frozenset(flags),
            categories_reported=reported,
        )
    )
    assert (got.value, got.acceptance) == (expected, acceptance)
    assert got.reason


@pytest.mark.parametrize(
    ("channel", "action"),
    [
        pytest.param(Channel.LETTER, Action.FORWARD_TO_OTHER_AUTHORITY, id="letter"),
        pytest.param(Channel.VISIT, Action.INFORM_COMPLAINANT, id="visit"),
        pytest.param(Channel.PHONE, Action.INFORM_COMPLAINANT, id="phone"),
        pytest.param(Channel.WEB, Action.INFORM_COMPLAINANT, id="web"),
    ],
)
def test_out_of_scope_by_channel(channel: Channel, action: Action) -> None:
    assert scope_action(channel) == action
    s = suggest(
        ReportFacts(channel=channel, text="合同纠纷", flags=frozenset({"possibly_out_of_scope"})),
        COUNTY,
    )
    assert s.classification.value == Classification.OUT_OF_REMIT
    [item] = s.items
    assert (item.rule, item.actions, item.acceptance) == (
        Rule.R5,
        (action,),
        Acceptance.NOT_ACCEPTED,
    )
    assert item.approval_required and not s.sealed


@pytest.mark.parametrize(
    "classification",
    [Classification.APPEAL, Classification.SUGGESTION, Classification.NO_SUBSTANCE],
    ids=str,
)
def test_no_routing_outside_reports(classification: Classification) -> None:
    text = {"申诉": "申请复查处分", "批评建议": "提几点建议", "无实质内容": "有人违纪"}[
        classification
    ]
    flags = (
        frozenset({"no_substance"})
        if classification == Classification.NO_SUBSTANCE
        else frozenset()
    )
    s = suggest(ReportFacts(channel=Channel.WEB, text=text, flags=flags), COUNTY)
    assert s.classification.value == classification
    assert s.items == () and s.notes


# --- Several accused, sealed path ------------------------------------------------------------


def _web_record(text: str) -> ComplaintRecord:
    raw = WebIntake(
        complainant=ComplainantInput(kind=ReporterKind.PERSON, name="陈明", phone="13812345678"),
        main_problem=text,
    )
    ctx = NormalizeContext(
        record_id="r1", intake_no="W1", received_at=datetime(2026, 11, 30, 2, tzinfo=UTC)
    )
    return normalize(raw, None, ctx)


def test_a_report_about_three_people_at_three_levels_is_split() -> None:
    """From the real normalizer: one letter, three accused, three items; one of them sealed,
    so the whole record is (§5.3), and the notes say so."""
    record = _web_record(
        "我实名举报青山县委常委李文收受工程老板贿赂三十万元；"
        "青山县交通运输局局长张强在2025年3月挪用专项资金五十万元；"
        "青山县青石镇石桥村村委会主任赵四侵占征地补偿款。"
    )
    s = suggest(facts_from_record(record), COUNTY)
    assert [(i.accused, i.rule) for i in s.items] == [(0, Rule.R2), (1, Rule.R7), (2, Rule.R7)]
    assert [i.sealed for i in s.items] == [True, False, False]
    assert s.sealed
    assert any("全件按密封件办理" in n for n in s.notes)


def test_a_report_naming_nobody_gets_one_item() -> None:
    s = suggest(facts(), COUNTY)
    [item] = s.items
    assert item.accused is None and item.rule == Rule.R7


@pytest.mark.parametrize(
    ("accused", "marked", "sealed"),
    [
        pytest.param(A(name="王建国", unit="县纪委", position="书记"), False, True, id="R1-sealed"),
        pytest.param(A(name="李文", level=L.COUNTY_DIVISION), False, True, id="R2-sealed"),
        pytest.param(A(name="张强", level=L.TOWNSHIP_SECTION), False, False, id="R7-open"),
        pytest.param(A(name="张强", level=L.TOWNSHIP_SECTION), True, True, id="intake-mark-holds"),
        pytest.param(A(name="周九", level=L.TOWNSHIP_SECTION, region="330122"), False, False,
                     id="R4-open"),
    ],
)  # fmt: skip
def test_sealed_path(accused: AccusedFacts, marked: bool, sealed: bool) -> None:
    s = suggest(facts(accused, marked_sealed=marked), COUNTY)
    assert s.sealed is sealed
    if marked and not s.items[0].sealed:
        assert any("信访室负责人确认" in n for n in s.notes)


def test_a_letter_about_the_county_discipline_secretary_is_sealed_from_its_text() -> None:
    """The letter channel end to end in the pure core: OCR text, normalizer, suggestion R1."""
    record = normalize(
        LetterIntake(barcode="X1"),
        None,
        NormalizeContext(
            record_id="r2", intake_no="L1", received_at=datetime(2026, 11, 30, 2, tzinfo=UTC)
        ),
    )
    assert record.accused == []  # no text yet: nothing to decide on
    record = normalize(
        LetterIntake(barcode="X1"),
        ExtractedText(text="我举报青山县纪委书记王建国收受贿赂二十万元。", confidence=0.9),
        NormalizeContext(
            record_id="r2", intake_no="L1", received_at=datetime(2026, 11, 30, 2, tzinfo=UTC)
        ),
    )
    s = suggest(facts_from_record(record), COUNTY)
    assert [i.rule for i in s.items] == [Rule.R1] and s.sealed


# --- Acceptance notice D5, result feedback D6 ------------------------------------------------

R7_ITEM = RoutingDecision(0, (Action.YISONG_INTERNAL, Action.NOTIFY_CASE_MGMT))
R6_ITEM = RoutingDecision(0, (Action.REGISTER_AND_FILE,), first_time=False)
R2_ITEM = RoutingDecision(0, (Action.BAOSONG_UP,))
R3_ITEM = RoutingDecision(0, (Action.ZHUANSONG_DOWN,))
R5_ITEM = RoutingDecision(None, (Action.FORWARD_TO_OTHER_AUTHORITY,))
REPORT, OUT = Classification.REPORT, Classification.OUT_OF_REMIT
C = IdentityClaim


@pytest.mark.parametrize(
    ("claim", "classification", "items", "due"),
    [
        pytest.param(C.REAL_NAME_CONFIRMED, REPORT, [R7_ITEM], True, id="real-name-first-time"),
        pytest.param(C.SIGNED_UNVERIFIED, REPORT, [R7_ITEM], True, id="signed-not-yet-checked"),
        pytest.param(C.VERIFICATION_INCOMPLETE, REPORT, [R7_ITEM], True,
                     id="signed-phone-check-failed-keeps-duty"),
        pytest.param(C.ANONYMOUS, REPORT, [R7_ITEM], False, id="anonymous"),
        pytest.param(C.IMPERSONATION_SUSPECTED, REPORT, [R7_ITEM], False, id="impersonated"),
        pytest.param(C.REAL_NAME_CONFIRMED, REPORT, [R6_ITEM], False, id="repeat"),
        pytest.param(C.REAL_NAME_CONFIRMED, REPORT,
                     [RoutingDecision(0, (Action.YISONG_INTERNAL, Action.NOTIFY_CASE_MGMT),
                                      first_time=False)], False, id="repeat-moved-on-anyway"),
        pytest.param(C.REAL_NAME_CONFIRMED, OUT, [R5_ITEM], False, id="out-of-scope"),
        pytest.param(C.REAL_NAME_CONFIRMED, Classification.NO_SUBSTANCE, [], False,
                     id="no-substance"),
        pytest.param(C.REAL_NAME_CONFIRMED, Classification.APPEAL, [], False, id="appeal"),
        pytest.param(C.REAL_NAME_CONFIRMED, Classification.APPEAL, [R7_ITEM], False,
                     id="appeal-even-with-an-item"),
        pytest.param(C.REAL_NAME_CONFIRMED, REPORT, [R2_ITEM], False, id="higher-level"),
        pytest.param(C.REAL_NAME_CONFIRMED, REPORT, [R3_ITEM], False, id="lower-level"),
        pytest.param(C.REAL_NAME_CONFIRMED, REPORT, [R2_ITEM, R7_ITEM], True,
                     id="higher-and-own-level"),
    ],
)  # fmt: skip
def test_acceptance_notice_d5(
    claim: IdentityClaim,
    classification: Classification,
    items: list[RoutingDecision],
    due: bool,
) -> None:
    assert acceptance_notice_due(claim, classification, items) is due


def test_acceptance_notice_from_the_suggestion() -> None:
    s = suggest(facts(A(name="张强", level=L.TOWNSHIP_SECTION)), COUNTY)
    assert acceptance_notice_due(C.SIGNED_UNVERIFIED, s.classification.value, s.items)
    s = suggest(facts(A(name="张强", level=L.TOWNSHIP_SECTION), repeat=True), COUNTY)
    assert not acceptance_notice_due(C.SIGNED_UNVERIFIED, s.classification.value, s.items)


@pytest.mark.parametrize(
    ("claim", "due"),
    [
        (C.REAL_NAME_CONFIRMED, True),
        (C.SIGNED_UNVERIFIED, True),
        (C.VERIFICATION_INCOMPLETE, True),
        (C.ANONYMOUS, False),
        (C.IMPERSONATION_SUSPECTED, False),
    ],
    ids=str,
)
def test_result_feedback_d6(claim: IdentityClaim, due: bool) -> None:
    assert result_feedback_due(claim) is due


# --- The official's decision -----------------------------------------------------------------

AT = datetime(2026, 12, 1, 2, tzinfo=UTC)
YES = Approval(by="分管领导甲", at=AT, approved=True)


@pytest.mark.parametrize(
    ("item", "required"),
    [
        pytest.param(RoutingDecision(0, (a,)), True, id=a.value)
        for a in (
            Action.JINGSONG_UP,
            Action.BAOSONG_UP,
            Action.ZHUANSONG_DOWN,
            Action.JIAOBAN_DOWN,
            Action.TRANSFER_OTHER_SUPERVISORY_ORGAN,
            Action.FORWARD_TO_OTHER_AUTHORITY,
            Action.INFORM_COMPLAINANT,
        )
    ]
    + [
        pytest.param(R7_ITEM, False, id="yisong"),
        pytest.param(R6_ITEM, False, id="repeat-filed"),
        pytest.param(RoutingDecision(0, (Action.REGISTER_AND_FILE,)), True, id="buyu-yisong"),
    ],
)
def test_approval_required(item: RoutingDecision, required: bool) -> None:
    assert approval_required(item) is required


def decision(*items: RoutingDecision, cls: Classification = REPORT, **kw: object) -> TriageDecision:
    return TriageDecision(cls, "信访室乙", AT, items, **kw)  # type: ignore[arg-type]


def test_a_valid_decision() -> None:
    check_decision(
        decision(R7_ITEM, RoutingDecision(1, (Action.BAOSONG_UP,), approval=YES)),
        Channel.WEB,
        2,
    )
    check_decision(decision(cls=Classification.NO_SUBSTANCE, approval=YES), Channel.WEB, 0)
    check_decision(
        decision(
            RoutingDecision(None, (Action.FORWARD_TO_OTHER_AUTHORITY,)), cls=OUT, approval=YES
        ),
        Channel.LETTER,
        0,
    )
    check_decision(decision(cls=Classification.SUGGESTION), Channel.WEB, 0)


@pytest.mark.parametrize(
    ("d", "channel", "count", "code", "path"),
    [
        pytest.param(decision(R7_ITEM), Channel.WEB, 2, "decision_invalid", "$.items",
                     id="an-accused-without-item"),
        pytest.param(decision(RoutingDecision(0, (Action.YISONG_INTERNAL,))), Channel.WEB, 1,
                     "decision_invalid", "$.items[0].actions", id="yisong-without-case-mgmt"),
        pytest.param(decision(RoutingDecision(0, (Action.BAOSONG_UP,))), Channel.WEB, 1,
                     "approval_required", "$.items[0].approval", id="baosong-unapproved"),
        pytest.param(decision(RoutingDecision(0, (Action.BAOSONG_UP,),
                                              approval=Approval("甲", AT, approved=False))),
                     Channel.WEB, 1, "approval_required", "$.items[0].approval",
                     id="baosong-refused"),
        pytest.param(decision(RoutingDecision(0, (Action.FORWARD_TO_OTHER_AUTHORITY,),
                                              approval=YES)),
                     Channel.PHONE, 1, "decision_invalid", "$.items[0].actions",
                     id="forward-for-a-call"),
        pytest.param(decision(RoutingDecision(None, (Action.INFORM_COMPLAINANT,)),
                              cls=OUT, approval=YES), Channel.LETTER, 0,
                     "decision_invalid", "$.items[0].actions",
                     id="inform-for-a-letter"),
        pytest.param(decision(cls=Classification.NO_SUBSTANCE), Channel.WEB, 0,
                     "approval_required", "$.approval", id="no-substance-unapproved"),
        pytest.param(decision(RoutingDecision(None, (Action.INFORM_COMPLAINANT,)), cls=OUT),
                     Channel.WEB, 0, "approval_required", "$.approval",
                     id="out-of-scope-unapproved"),
        pytest.param(decision(R7_ITEM, cls=Classification.APPEAL), Channel.WEB, 1,
                     "decision_invalid", "$.items[0].actions", id="appeal-routed"),
        pytest.param(decision(R7_ITEM, dismissed_flags={"possible_repeat": " "}), Channel.WEB, 1,
                     "decision_invalid", "$.dismissed_flags.possible_repeat",
                     id="flag-dismissed-without-reason"),
    ],
)  # fmt: skip
def test_decisions_refused(
    d: TriageDecision, channel: Channel, count: int, code: str, path: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        check_decision(d, channel, count)
    assert (err.value.code, err.value.field) == (code, path)


# --- From a decision through the state machine -----------------------------------------------


@pytest.mark.parametrize("action", [a for a in Action if a != Action.NOTIFY_CASE_MGMT], ids=str)
def test_every_action_has_a_path_through_the_machine(action: Action) -> None:
    event = dispatch_event(action)
    assert event is not None
    stage = check(Stage.NEEDS_REVIEW, EventType.DECIDED, Stage.AWAITING_APPROVAL)
    stage = check(stage, EventType.APPROVED)
    stage = check(stage, event)
    final = stage_after_sent(action)
    if final is None:
        assert stage in {Stage.INFORMED, Stage.FILED}
        return
    assert stage == Stage.QUEUED
    sent = EventType.DELIVERED if action == Action.YISONG_INTERNAL else EventType.SENT
    assert check(stage, sent, final) == final


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("COUNTY_DIVISION/副", L.COUNTY_DIVISION),
        ("BUREAU", L.BUREAU),
        ("UNKNOWN", None),
        ("县处级", L.COUNTY_DIVISION),
        ("副处级", L.COUNTY_DIVISION),
        ("正科", L.TOWNSHIP_SECTION),
        ("", None),
        (None, None),
    ],
    ids=str,
)
def test_parse_level(text: str | None, level: CadreLevel | None) -> None:
    assert parse_level(text) == level


# --- Deadlines after the decision (how D5 and D1 should be wired) ----------------------------

RECEIVED = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("items", "notice", "up"),
    [
        pytest.param((R7_ITEM,), "OPEN", None, id="first-time-accepted-keeps-D5"),
        pytest.param((R6_ITEM,), "NOT_APPLICABLE", None, id="repeat-closes-D5"),
        pytest.param((R2_ITEM,), "NOT_APPLICABLE", "OPEN", id="higher-level-closes-D5-opens-D1"),
        pytest.param((R3_ITEM,), "NOT_APPLICABLE", None, id="lower-level-closes-D5"),
    ],
)
def test_deadlines_after_decision(
    items: tuple[RoutingDecision, ...], notice: str, up: str | None
) -> None:
    record = _web_record("青山县交通运输局局长张强在2025年3月挪用专项资金五十万元。")
    assert [d.kind for d in record.deadlines] == [DeadlineKind.ACCEPTANCE_NOTICE]
    out = deadlines_after_decision(record, decision(*items), WorkCalendar(), RECEIVED)
    states = {d.kind: d.state for d in out}
    assert states[DeadlineKind.ACCEPTANCE_NOTICE] == notice
    assert states.get(DeadlineKind.UP_REPORT) == up
    if up:
        [d1] = [d for d in out if d.kind == DeadlineKind.UP_REPORT]
        assert d1.due == date(2026, 12, 7)


def test_deadlines_after_decision_opens_d5_when_verification_made_it_real_name() -> None:
    record = _web_record("青山县交通运输局局长张强挪用专项资金五十万元。")
    record = msgspec.structs.replace(record, deadlines=[])
    out = deadlines_after_decision(record, decision(R7_ITEM), WorkCalendar(), RECEIVED)
    assert [(d.kind, d.due) for d in out] == [(DeadlineKind.ACCEPTANCE_NOTICE, date(2026, 12, 21))]


# --- What a sealed item keeps -------------------------------------------------------------


def test_a_sealed_item_keeps_only_minimal_metadata() -> None:
    text = "我实名举报青山县委常委李文收受工程老板贿赂三十万元。"
    record = _web_record(text)
    s = suggest(facts_from_record(record), COUNTY)
    assert s.sealed
    kept = sealed_item(
        record.intake_no, record.received_at, record.channel, "EV-0001", s, WorkCalendar(),
        RECEIVED, handled_by="信访室丙",
    )  # fmt: skip
    assert kept.rules == (Rule.R2,)
    assert kept.destinations == ("江城市纪委监委",)
    assert kept.deadlines == ((DeadlineRule.D1, date(2026, 12, 7)),)
    dumped = repr(kept)
    for secret in ("李文", "陈明", "13812345678", "贿赂", "常委"):
        assert secret not in dumped


def test_a_desk_marked_item_is_decided_before_any_text() -> None:
    assert check(Stage.RECEIVED, EventType.DECIDED) == Stage.AWAITING_APPROVAL
