"""研判分流 in the gateway: from a record and the official's decision to what is stored and sent.

``normalizer.triage`` suggests and validates, ``normalizer.stages`` says which step may follow
which; this module puts them together for one record (``plan_decision``, ``plan_approval``,
both pure) and turns the result into storage's ``Decision``: the record's stage, one routing
item per accused, the trajectory events, the deliveries by destination, the deadlines.

Deliveries (issue 12 item 6): ``YISONG_INTERNAL`` hands the record to the processing system
(the 监督检查部门) and a notice without identity to the 案件监督管理部门; transfers up, down or
to another organ go to that organ's endpoint when the registry has one, else they become a
printed letter that staff mark sent. A sealed item's cover sheet (移送/报送单) is always
printed: the physical item travels with it, never its content.

What is written in clear (routing items, events) holds codes only; reasons and notes may quote
the report and live in the intake's encrypted triage document (``TriageDoc``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Annotated, Any

import msgspec

from gateway.storage import (
    Decision,
    NewDeadline,
    NewDelivery,
    NewEvent,
    OrganRow,
    RoutingItem,
    StoredIntake,
)
from normalizer.errors import Conflict, InvalidInput
from normalizer.record import Channel, ComplaintRecord, DeadlineKind
from normalizer.stages import DELIVERIES, EventType, Recipient, Stage, check
from normalizer.statistics import acceptance_of
from normalizer.triage import (
    ACTION_LABELS,
    Action,
    Approval,
    Classification,
    Leader,
    Organ,
    OrganLevel,
    OrganRef,
    RoutingDecision,
    RoutingSuggestion,
    TriageDecision,
    TriageSuggestion,
    approval_required,
    check_decision,
    deadline_of,
    deadlines_after_decision,
    dispatch_event,
    due_date,
    scope_action,
    stage_after_sent,
)
from normalizer.workdays import WorkCalendar

__all__ = [
    "ApprovalInput",
    "DecisionInput",
    "ItemInput",
    "OrganSettings",
    "SupervisionNote",
    "TriageDoc",
    "auto_decision",
    "build_organ",
    "decision_from_suggestion",
    "plan_approval",
    "plan_decision",
]

Note = Annotated[str, msgspec.Meta(max_length=500)]


# -- input (the JSON API and the record page's form) -----------------------------------------


class ItemInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """The decision for one accused (``accused`` indexes the record's list; None = the report
    names nobody). ``destination`` is an organ id of the registry; None = the suggested one."""

    accused: int | None = None
    actions: Annotated[list[Action], msgspec.Meta(min_length=1, max_length=3)]
    destination: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    reason: Note | None = None
    first_time: bool = True
    report_due: date | None = None  # 交办: the day the lower organ reports its result by


class DecisionInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    classification: Classification
    items: Annotated[list[ItemInput], msgspec.Meta(max_length=20)] = []
    dismissed_flags: dict[Annotated[str, msgspec.Meta(max_length=64)], Note] = {}
    note: Note | None = None


class ApprovalInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    approved: bool
    note: Note | None = None


# -- the encrypted triage document -------------------------------------------------------------


class SuggestedItem(msgspec.Struct, kw_only=True, frozen=True):
    accused: int | None
    rule: str
    actions: list[str]
    alternatives: list[str] = []
    destination: str | None = None  # organ name
    deadline: str | None = None
    approval_required: bool = False
    sealed: bool = False
    reason: str = ""


class SuggestionDoc(msgspec.Struct, kw_only=True, frozen=True):
    classification: str
    classification_reason: str
    items: list[SuggestedItem]
    sealed: bool
    notes: list[str] = []


class DecisionDoc(msgspec.Struct, kw_only=True, frozen=True):
    by: str
    at: datetime
    input: DecisionInput


class ApprovalDoc(msgspec.Struct, kw_only=True, frozen=True):
    by: str
    at: datetime
    approved: bool
    note: str | None = None


class SupervisionNote(msgspec.Struct, kw_only=True, frozen=True):
    """A supervision step's words (why it was sent back, what the complainant objected):
    they may quote the report, so they live here, encrypted, never in the trajectory."""

    by: str
    at: datetime
    item: int
    action: str
    note: str


class TriageDoc(msgspec.Struct, kw_only=True, frozen=True):
    """Suggestion beside decision (issue 12 item 4), and the approvals in order. For a sealed
    item the suggestion keeps codes only (its reasons would name the accused)."""

    suggestion: SuggestionDoc | None = None
    decision: DecisionDoc | None = None
    approvals: list[ApprovalDoc] = []
    sealed_mark: str | None = None  # the intake point's mark, or "suggested"
    physical_id: str | None = None  # envelope or barcode id, call id
    supervision: list[SupervisionNote] = []


def suggestion_doc(s: TriageSuggestion, *, sealed: bool = False) -> SuggestionDoc:
    return SuggestionDoc(
        classification=s.classification.value.value,
        classification_reason="" if sealed else s.classification.reason,
        items=[
            SuggestedItem(
                accused=i.accused,
                rule=i.rule.value,
                actions=[a.value for a in i.actions],
                alternatives=[a.value for a in i.alternatives],
                destination=i.destination.name if i.destination else None,
                deadline=i.deadline.value if i.deadline else None,
                approval_required=i.approval_required,
                sealed=i.sealed,
                reason="" if sealed else i.reason,
            )
            for i in s.items
        ],
        sealed=s.sealed,
        notes=[] if sealed else list(s.notes),
    )


# -- the receiving organ: settings plus the registry ------------------------------------------


@dataclass(frozen=True)
class OrganSettings:
    name: str
    level: str
    region: str
    leaders: tuple[str, ...]  # "姓名:职务"
    aliases: tuple[str, ...] = ()


def build_organ(own: OrganSettings, registry: Sequence[OrganRow]) -> Organ:
    def ref(r: OrganRow) -> OrganRef:
        return OrganRef(r.name, OrganLevel(r.level), r.region, r.endpoint)

    leaders = []
    for entry in own.leaders:
        name, _, position = entry.partition(":")
        if name.strip():
            leaders.append(Leader(name.strip(), position.strip() or "主要负责人"))
    above = [ref(r) for r in registry if r.relation == "above"]
    return Organ(
        name=own.name,
        level=OrganLevel(own.level),
        region=own.region,
        principal_leaders=tuple(leaders),
        above=above[0] if above else None,
        below=tuple(ref(r) for r in registry if r.relation == "below"),
        others=tuple(ref(r) for r in registry if r.relation == "other"),
        aliases=own.aliases,
    )


# -- planning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What a plan reads besides the record: the organ registry, the calendar, whether the
    案管 has an endpoint, who acts and when."""

    registry: Sequence[OrganRow]
    calendar: WorkCalendar
    case_mgmt_endpoint: bool
    actor: str
    now: datetime
    received: date  # the receipt day in Asia/Shanghai
    # No processing system configured: the 移送 is on paper, marked sent by staff.
    processing_endpoint: bool = True


_SEND_TO_ORGAN = frozenset(
    {
        Recipient.HIGHER_PETITION_DEPT,
        Recipient.LOWER_ORGAN,
        Recipient.OTHER_SUPERVISORY_ORGAN,
        Recipient.OTHER_AUTHORITY,
    }
)


def _refuse(code: str, zh: str, en: str, path: str) -> InvalidInput:
    return InvalidInput(code, zh, en, field=path)


def _organ_id(name: str | None, registry: Sequence[OrganRow]) -> str | None:
    return next((r.id for r in registry if r.name == name), None) if name else None


def _suggested_for(accused: int | None, s: TriageSuggestion) -> RoutingSuggestion | None:
    return next((i for i in s.items if i.accused == accused), None)


def _items(
    decision: DecisionInput, suggestion: TriageSuggestion, channel: Channel, ctx: Context
) -> list[RoutingItem]:
    """One stored routing item per decided item; classes that are not routed get one item
    carrying their disposal (留存备查, 转申诉或批评建议), so the ledger shows every record."""
    match decision.classification:
        case Classification.REPORT | Classification.OUT_OF_REMIT:
            inputs = list(decision.items)
            if not inputs and decision.classification == Classification.OUT_OF_REMIT:
                inputs = [ItemInput(actions=[scope_action(channel)])]
        case Classification.NO_SUBSTANCE:
            inputs = [ItemInput(actions=[Action.REGISTER_AND_FILE], first_time=False)]
        case Classification.APPEAL | Classification.SUGGESTION:
            inputs = []
    known = {r.id for r in ctx.registry}
    out = []
    for n, it in enumerate(inputs):
        suggested = _suggested_for(it.accused, suggestion)
        actions = tuple(dict.fromkeys(it.actions))
        if it.destination is not None and it.destination not in known:
            raise _refuse(
                "organ_unknown",
                "所选机关不在机关名录中，请先由管理员登记。",
                "The destination is not in the organ registry.",
                f"$.items[{n}].destination",
            )
        departs = suggested is not None and set(actions) != set(suggested.actions)
        if departs and not (it.reason and it.reason.strip()):
            raise _refuse(
                "reason_required",
                "分流决定与系统建议不同，须说明理由。",
                "A decision that departs from the suggestion needs a reason.",
                f"$.items[{n}].reason",
            )
        destination = it.destination or (
            _organ_id(suggested.destination.name, ctx.registry)
            if suggested is not None and suggested.destination is not None
            else None
        )
        primary = next((a for a in actions if a != Action.NOTIFY_CASE_MGMT), actions[0])
        needs_organ = primary in (
            Action.JINGSONG_UP,
            Action.BAOSONG_UP,
            Action.ZHUANSONG_DOWN,
            Action.JIAOBAN_DOWN,
            Action.TRANSFER_OTHER_SUPERVISORY_ORGAN,
        )
        if needs_organ and destination is None:
            raise _refuse(
                "destination_required",
                f"“{ACTION_LABELS[primary]}”须选择接收机关。",
                "This action needs a destination organ from the registry.",
                f"$.items[{n}].destination",
            )
        if primary == Action.JIAOBAN_DOWN and (
            it.report_due is None or it.report_due <= ctx.received
        ):
            raise _refuse(
                "report_due_required",
                "交办须填写报结期限（晚于收件日期）。",
                "JIAOBAN_DOWN needs a report-back due date after the receipt.",
                f"$.items[{n}].report_due",
            )
        rule, _ = deadline_of(primary)
        routed = RoutingDecision(it.accused, actions, first_time=it.first_time)
        out.append(
            RoutingItem(
                position=n,
                accused_index=it.accused,
                suggested_rule=suggested.rule.value if suggested else None,
                suggested_actions=tuple(a.value for a in suggested.actions) if suggested else (),
                actions=tuple(a.value for a in actions),
                destination=destination,
                deadline_rule=rule.value if rule else None,
                due=due_date(rule, ctx.received, ctx.calendar) if rule else None,
                stage=Stage.DECIDED.value,
                first_time=it.first_time,
                approval_required=approval_required(routed),
                decided_by=ctx.actor,
                sent_stage=None,
                lead=False,
                report_due=it.report_due if primary == Action.JIAOBAN_DOWN else None,
            )
        )
    if not out:  # 申诉, 批评建议: one item, no action, referred to its own procedure
        out.append(
            RoutingItem(
                position=0,
                accused_index=None,
                suggested_rule=None,
                suggested_actions=(),
                actions=(),
                destination=None,
                deadline_rule=None,
                due=None,
                stage=Stage.DECIDED.value,
                first_time=True,
                approval_required=False,
                decided_by=ctx.actor,
            )
        )
    # The record's stage follows its lead item: the one moved to the 监督检查部门, whose
    # callbacks are the record's, else the first.
    lead = next((i for i in out if Action.YISONG_INTERNAL.value in i.actions), out[0])
    return [replace(i, lead=i is lead) for i in out]


def _needs_approval(classification: Classification, items: Sequence[RoutingItem]) -> bool:
    not_accepted = classification in (Classification.OUT_OF_REMIT, Classification.NO_SUBSTANCE)
    return not_accepted or any(i.approval_required for i in items)


def _deliveries(item: RoutingItem, event: EventType, ctx: Context) -> list[NewDelivery]:
    out = []
    for d in DELIVERIES.get(event, ()):
        if d.to == Recipient.SUPERVISION_DEPT:
            manual = not ctx.processing_endpoint
            out.append(NewDelivery("processing", d.content, item.position, manual))
        elif d.to == Recipient.CASE_MGMT:
            out.append(
                NewDelivery(
                    "case_mgmt", d.content, item.position, manual=not ctx.case_mgmt_endpoint
                )
            )
        elif d.to == Recipient.OWN_PRINCIPAL_LEADER:
            out.append(NewDelivery("print/OWN_PRINCIPAL_LEADER", d.content, item.position, True))
        elif d.to in _SEND_TO_ORGAN:
            organ = next((r for r in ctx.registry if r.id == item.destination), None)
            destination = f"organ/{organ.id}" if organ else f"print/{d.to.value}"
            # A sealed item's cover sheet travels with the physical item, never online.
            manual = d.sealed or organ is None or not organ.endpoint
            out.append(NewDelivery(destination, d.content, item.position, manual))
    return out


def _dispatch(
    items: Sequence[RoutingItem], record_stage: Stage, ctx: Context
) -> tuple[list[NewEvent], list[NewDelivery], dict[int, str], list[RoutingItem], Stage]:
    """The orders of a decided record: per item its dispatch event, deliveries and stage."""
    events: list[NewEvent] = []
    deliveries: list[NewDelivery] = []
    stages: dict[int, str] = {}
    updated = []
    lead_stage = record_stage
    for item in items:
        actions = [Action(a) for a in item.actions]
        primary = next((a for a in actions if a != Action.NOTIFY_CASE_MGMT), None)
        event = dispatch_event(primary) if primary else EventType.REFERRED_OTHER_FLOW
        assert event is not None
        stage = check(Stage.DECIDED, event)
        sent = stage_after_sent(primary) if primary else None
        item_deliveries = _deliveries(item, event, ctx)
        stages[item.position] = stage.value
        deliveries.extend(item_deliveries)
        updated.append(replace(item, stage=stage.value, sent_stage=sent.value if sent else None))
        if item.lead:
            lead_stage = stage
            events.append(NewEvent(event.value, ctx.actor, record_stage.value, stage.value))
        else:
            events.append(NewEvent(event.value, ctx.actor, None, None, f"item {item.position}"))
    return events, deliveries, stages, updated, lead_stage


def _deadline_changes(
    record: ComplaintRecord | None,
    triage: TriageDecision,
    items: Sequence[RoutingItem],
    ctx: Context,
) -> tuple[ComplaintRecord | None, list[NewDeadline], list[str]]:
    """D5 opens only for a first-time real-name report this organ accepts; D1 only for 报送."""
    if record is None:  # a sealed item: its 报送 deadline D1 is all it keeps
        due = [
            NewDeadline(DeadlineKind.UP_REPORT.value, ctx.received, i.due)
            for i in items
            if Action.BAOSONG_UP.value in i.actions and i.due is not None
        ]
        return None, due[:1], []
    after = deadlines_after_decision(record, triage, ctx.calendar, ctx.received)
    before = {d.kind: d for d in record.deadlines}
    set_ = [
        NewDeadline(d.kind.value, d.starts, d.due)
        for d in after
        if d.state == "OPEN" and (d.kind not in before or before[d.kind].state != "OPEN")
    ]
    drop = [
        d.kind.value
        for d in after
        if d.state == "NOT_APPLICABLE" and before.get(d.kind) and before[d.kind].state == "OPEN"
    ]
    return msgspec.structs.replace(record, deadlines=after), set_, drop


def _triage_decision(
    decision: DecisionInput, items: Sequence[RoutingItem], ctx: Context
) -> TriageDecision:
    return TriageDecision(
        classification=decision.classification,
        decided_by=ctx.actor,
        decided_at=ctx.now,
        items=tuple(
            RoutingDecision(
                i.accused_index,
                tuple(Action(a) for a in i.actions),
                first_time=i.first_time,
            )
            for i in items
            # 无实质内容's 留存备查 is the classification's own disposal, not a routing item
            if i.actions
            and decision.classification in (Classification.REPORT, Classification.OUT_OF_REMIT)
        ),
        dismissed_flags=dict(decision.dismissed_flags),
    )


def plan_decision(
    intake: StoredIntake,
    record: ComplaintRecord | None,
    suggestion: TriageSuggestion,
    decision: DecisionInput,
    doc: TriageDoc,
    ctx: Context,
    *,
    expect_rev: int | None = None,
) -> tuple[Decision, TriageDoc]:
    """A staff member's (or the system's) decision on one record. Raises ``InvalidInput`` for
    a decision the tables cannot produce and ``Conflict`` when the record's stage refuses it."""
    stage = Stage(intake.stage)
    channel = Channel(intake.channel)
    if intake.sealed and decision.classification != Classification.REPORT:
        raise _refuse(
            "decision_invalid",
            "密封件只能径送或报送上级。",
            "A sealed item can only be passed up.",
            "$.classification",
        )
    flags = {f.code for f in record.flags} if record else set()
    for code in decision.dismissed_flags:
        if code not in flags:
            raise _refuse(
                "decision_invalid",
                "要排除的标记不在本件上。",
                f"Flag {code} is not on this record.",
                f"$.dismissed_flags.{code}",
            )
    items = _items(decision, suggestion, channel, ctx)
    triage = _triage_decision(decision, items, ctx)
    accused = len(record.accused) if record else 0
    pending = _needs_approval(decision.classification, items)
    check_decision(triage, channel, accused, approval_pending=True)
    if intake.sealed and any(
        set(i.actions) - {Action.JINGSONG_UP.value, Action.BAOSONG_UP.value} for i in items
    ):
        raise _refuse(
            "decision_invalid",
            "密封件只能径送或报送上级；如判断有误，请先解除密封。",
            "A sealed item can only be passed up.",
            "$.items",
        )
    to = check(stage, EventType.DECIDED, Stage.AWAITING_APPROVAL if pending else Stage.DECIDED)
    codes = ";".join(
        f"{i.accused_index if i.accused_index is not None else '-'}:{'+'.join(i.actions) or '-'}"
        for i in items
    )
    events = [
        NewEvent(EventType.FLAG_DISMISSED.value, ctx.actor, None, None, code)
        for code in decision.dismissed_flags
    ]
    events.append(
        NewEvent(
            EventType.DECIDED.value,
            ctx.actor,
            stage.value,
            to.value,
            f"{decision.classification.value} {codes}",
        )
    )
    updated = record
    if record is not None:
        kept = [f for f in record.flags if f.code not in decision.dismissed_flags]
        content = msgspec.structs.replace(record.content, text_is_draft=False)
        updated = msgspec.structs.replace(record, flags=kept, content=content)
    updated, set_deadlines, drop = _deadline_changes(updated, triage, items, ctx)
    new_doc = msgspec.structs.replace(
        doc,
        suggestion=doc.suggestion or suggestion_doc(suggestion, sealed=intake.sealed),
        decision=DecisionDoc(by=ctx.actor, at=ctx.now, input=decision),
        approvals=[],
    )
    stages: dict[int, str] = {}
    deliveries: list[NewDelivery] = []
    final = to
    if not pending:
        more, deliveries, stages, items, final = _dispatch(items, to, ctx)
        events.extend(more)
    else:
        items = [_staged(i, Stage.AWAITING_APPROVAL) for i in items]
    return (
        Decision(
            events=events,
            stage=final.value,
            expect_rev=expect_rev,
            record=msgspec.json.encode(updated) if updated is not None else None,
            triage=msgspec.json.encode(new_doc),
            classification=decision.classification.value,
            items=items,
            item_stages=stages,
            deliveries=deliveries,
            set_deadlines=set_deadlines,
            drop_deadlines=drop,
            # Decided without approval: accepted here or passed on, as D4 asks of a 上级转办.
            meet_deadlines=[] if pending else [DeadlineKind.HANDOVER_ACCEPT.value],
            flags=(),
            acceptance=None if pending else _acceptance(decision.classification.value, items),
        ),
        new_doc,
    )


def _acceptance(classification: str | None, items: Sequence[RoutingItem]) -> str | None:
    return acceptance_of(classification, [a for i in items for a in i.actions])


def _staged(item: RoutingItem, stage: Stage) -> RoutingItem:
    return replace(item, stage=stage.value)


def plan_approval(
    intake: StoredIntake,
    items: Sequence[RoutingItem],
    approval: ApprovalInput,
    doc: TriageDoc,
    ctx: Context,
) -> tuple[Decision, TriageDoc]:
    """The 分管领导 approves (the orders go out) or refuses (back to 待审核 for a new
    decision). Approval is one 呈批 for the whole record."""
    stage = Stage(intake.stage)
    event = EventType.APPROVED if approval.approved else EventType.APPROVAL_REFUSED
    to = check(stage, event)
    new_doc = msgspec.structs.replace(
        doc,
        approvals=[
            *doc.approvals,
            ApprovalDoc(by=ctx.actor, at=ctx.now, approved=approval.approved, note=approval.note),
        ],
    )
    events = [NewEvent(event.value, ctx.actor, stage.value, to.value)]
    if not approval.approved:
        return (
            Decision(
                events=events,
                stage=to.value,
                triage=msgspec.json.encode(new_doc),
                item_stages={i.position: to.value for i in items},
                flags=("approval_refused",),
            ),
            new_doc,
        )
    decided = [_staged(i, Stage.DECIDED) for i in items]
    more, deliveries, stages, dispatched, final = _dispatch(decided, to, ctx)
    return (
        Decision(
            events=[*events, *more],
            stage=final.value,
            triage=msgspec.json.encode(new_doc),
            items=dispatched,
            approved_by=ctx.actor,
            deliveries=deliveries,
            item_stages=stages,
            acceptance=_acceptance(intake.classification, dispatched),
            meet_deadlines=[DeadlineKind.HANDOVER_ACCEPT.value],
        ),
        new_doc,
    )


def decision_from_suggestion(suggestion: TriageSuggestion) -> DecisionInput | None:
    """The decision a reviewer takes with "按建议研判"; None for a sealed item (the head's)."""
    if suggestion.sealed:
        return None
    cls = suggestion.classification.value
    routed = cls in (Classification.REPORT, Classification.OUT_OF_REMIT)
    return DecisionInput(
        classification=cls,
        items=[
            ItemInput(accused=i.accused, actions=list(i.actions), first_time=i.rule != "R6")
            for i in suggestion.items
        ]
        if routed
        else [],
    )


def auto_decision(suggestion: TriageSuggestion) -> DecisionInput | None:
    """The system decides alone only what needs nobody: a 检举控告 whose every item is a
    first-time report moved to the 监督检查部门 (R7). Everything else waits for staff."""
    if suggestion.sealed or suggestion.classification.value != Classification.REPORT:
        return None
    r7 = (Action.YISONG_INTERNAL, Action.NOTIFY_CASE_MGMT)
    if not suggestion.items or any(i.actions != r7 for i in suggestion.items):
        return None
    return decision_from_suggestion(suggestion)


def triage_view(
    doc: TriageDoc | None, items: Sequence[RoutingItem], classification: str | None
) -> dict[str, Any]:
    """``record.triage`` of the API: classification, acceptance, routing items, approvals."""
    if doc is None and not items:
        return {"classification": None, "items": [], "suggestion": None}
    approvals = doc.approvals if doc else []
    return {
        "classification": classification,
        "suggestion": msgspec.to_builtins(doc.suggestion) if doc and doc.suggestion else None,
        "decided_by": doc.decision.by if doc and doc.decision else None,
        "decided_at": doc.decision.at.isoformat() if doc and doc.decision else None,
        "approvals": [
            {"by": a.by, "at": a.at.isoformat(), "approved": a.approved, "note": a.note}
            for a in approvals
        ],
        "items": [
            {
                "position": i.position,
                "accused": i.accused_index,
                "suggested_rule": i.suggested_rule,
                "suggested_actions": list(i.suggested_actions),
                "actions": list(i.actions),
                "destination": i.destination,
                "deadline_rule": i.deadline_rule,
                "due": i.due.isoformat() if i.due else None,
                "stage": i.stage,
                "first_time": i.first_time,
                "approval_required": i.approval_required,
                "approved_by": i.approved_by,
                "approved_at": i.approved_at.isoformat() if i.approved_at else None,
                "sent_at": i.sent_at.isoformat() if i.sent_at else None,
                "report_due": i.report_due.isoformat() if i.report_due else None,
                "lower_accepted_at": i.lower_accepted_at.isoformat()
                if i.lower_accepted_at
                else None,
                "reported_at": i.reported_at.isoformat() if i.reported_at else None,
                "reminders": i.reminders,
            }
            for i in items
        ],
    }


def approval_of(doc: TriageDoc) -> Approval | None:
    last = doc.approvals[-1] if doc.approvals else None
    return Approval(last.by, last.at, last.approved, last.note) if last else None


def refuse_not_sealed_role(sealed: bool, role_ok: bool) -> None:
    if sealed and not role_ok:
        raise Conflict("sealed", "密封件只能由信访室负责人办理。", "Sealed items: head only.")


def registry_by_id(rows: Sequence[OrganRow]) -> Mapping[str, OrganRow]:
    return {r.id: r for r in rows}
