"""The one state machine of a record: stages, event types, allowed transitions, Chinese labels
and what each event delivers to whom. Storage persists what ``check`` allows; it never decides.

A record moves through the gateway's pipeline (接收 → 识别 → 规范化 / 待审核), then through
研判 (domain.md §4.3, §5.2): a decision, the 分管领导's approval where the Rules require one,
the dispatch (送出) by endpoint or printed letter, and, for what is 移送 to the 监督检查部门,
that department's callbacks (受理, 退回, 办结; domain.md §5.1 Art. 14, 17, 18). The stage
strings of the pipeline are the ones the gateway stores today (``received`` … ``dead_letter``),
so storage can move onto this module without a data migration.

After the decision the gateway keeps one stage per routing item (normalizer.triage routes per
accused person, §5.2 note); before it, the record has one stage. Both use this machine.

Terms follow domain.md §2: 移送 to the 监督检查部门 (Art. 14), 径送 / 报送 up (Art. 15),
转送 down (Art. 16) or to another 监察机关 (实施条例 Art. 169), 交办 with a duty to report back,
留存备查 for repeats, 不予受理 for what is outside the acceptance scope (§4.2).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from normalizer.errors import Conflict, InvalidInput

__all__ = [
    "ANNOTATIONS",
    "CALLBACKS",
    "DELIVERIES",
    "EVENT_LABELS",
    "HANDED_OVER",
    "INITIAL",
    "RECIPIENT_LABELS",
    "STAGE_LABELS",
    "TERMINAL",
    "TRANSITIONS",
    "Delivery",
    "EventType",
    "Recipient",
    "Stage",
    "check",
    "targets",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Stage(enum.StrEnum):
    # The pipeline, as stored today.
    RECEIVED = "received"
    TEXT_EXTRACTED = "text_extracted"
    NORMALIZED = "normalized"
    NEEDS_REVIEW = "needs_review"
    DEAD_LETTER = "dead_letter"
    # 研判 and dispatch.
    AWAITING_APPROVAL = "awaiting_approval"
    DECIDED = "decided"
    QUEUED = "queued"
    # Where this office's part ends (one per disposal of the §2 ledger).
    DELIVERED = "delivered"  # 移送 to the 监督检查部门; its callbacks follow
    JINGSONG = "jingsong"
    BAOSONG = "baosong"
    ZHUANSONG = "zhuansong"
    JIAOBAN = "jiaoban"
    FORWARDED = "forwarded"
    INFORMED = "informed"
    FILED = "filed"
    OTHER_FLOW = "other_flow"
    # 转送 / 交办 down (domain.md §5.1 Art. 16, 实施条例 Art. 169): the lower organ accepts
    # (D4), and for 交办 reports its result by the due date (报结), which this office reviews.
    LOWER_ACCEPTED = "lower_accepted"
    RESULT_REPORTED = "result_reported"
    SENT_BACK = "sent_back"
    RESULT_ACCEPTED = "result_accepted"
    # The 监督检查部门's callbacks.
    ACCEPTED = "accepted"
    RETURNED = "returned"
    TRANSFERRED = "transferred"
    CONCLUDED = "concluded"


STAGE_LABELS: Mapping[Stage, str] = {
    Stage.RECEIVED: "已接收",
    Stage.TEXT_EXTRACTED: "已识别",
    Stage.NORMALIZED: "待研判",
    Stage.NEEDS_REVIEW: "待审核",
    Stage.DEAD_LETTER: "处理失败",
    Stage.AWAITING_APPROVAL: "待分管领导审批",
    Stage.DECIDED: "已研判待送出",
    Stage.QUEUED: "送出中",
    Stage.DELIVERED: "已移送",
    Stage.JINGSONG: "已径送",
    Stage.BAOSONG: "已报送",
    Stage.ZHUANSONG: "已转送",
    Stage.JIAOBAN: "已交办",
    Stage.FORWARDED: "已转有关机关或者单位（不予受理）",
    Stage.INFORMED: "已告知向有权机关反映（不予受理）",
    Stage.FILED: "留存备查",
    Stage.OTHER_FLOW: "转申诉或批评建议办理",
    Stage.LOWER_ACCEPTED: "下级已受理",
    Stage.RESULT_REPORTED: "下级已报结，待审核",
    Stage.SENT_BACK: "已退回重查",
    Stage.RESULT_ACCEPTED: "报结已审核",
    Stage.ACCEPTED: "承办部门已受理",
    Stage.RETURNED: "承办部门已退回",
    Stage.TRANSFERRED: "承办部门已转办",
    Stage.CONCLUDED: "已办结",
}

INITIAL = Stage.RECEIVED


class EventType(enum.StrEnum):
    """Trajectory event types (domain.md §9.4); the pipeline ones are today's strings."""

    RECEIVED = "RECEIVED"
    TEXT_EXTRACTED = "TEXT_EXTRACTED"
    NORMALIZED = "NORMALIZED"
    FLAGGED = "FLAGGED"
    FLAG_DISMISSED = "FLAG_DISMISSED"
    FIELD_CORRECTED = "FIELD_CORRECTED"
    IDENTITY_VIEWED = "IDENTITY_VIEWED"
    REVIEWED = "REVIEWED"
    REAL_NAME_CONFIRMED = "REAL_NAME_CONFIRMED"
    REAL_NAME_VERIFICATION_ATTEMPTED = "REAL_NAME_VERIFICATION_ATTEMPTED"
    JOB_FAILED = "JOB_FAILED"
    DEAD_LETTERED = "DEAD_LETTERED"
    REPLAYED = "REPLAYED"
    ASSIGNED = "ASSIGNED"  # a 承办人 takes the item (or is given it)
    # 研判
    DECIDED = "DECIDED"
    APPROVED = "APPROVED"
    APPROVAL_REFUSED = "APPROVAL_REFUSED"
    # The disposal ordered (one per action code of §5.2) …
    YISONG_INTERNAL = "YISONG_INTERNAL"
    JINGSONG_UP = "JINGSONG_UP"
    BAOSONG_UP = "BAOSONG_UP"
    ZHUANSONG_DOWN = "ZHUANSONG_DOWN"
    JIAOBAN_DOWN = "JIAOBAN_DOWN"
    TRANSFERRED_OTHER_ORGAN = "TRANSFERRED_OTHER_ORGAN"
    FORWARDED_OTHER_AUTHORITY = "FORWARDED_OTHER_AUTHORITY"
    COMPLAINANT_INFORMED = "COMPLAINANT_INFORMED"
    FILED_FOR_REFERENCE = "FILED_FOR_REFERENCE"
    REFERRED_OTHER_FLOW = "REFERRED_OTHER_FLOW"
    # … and carried out.
    QUEUED = "QUEUED"
    DELIVERED = "DELIVERED"
    SENT = "SENT"
    CASE_MGMT_NOTIFIED = "CASE_MGMT_NOTIFIED"
    DELIVERY_RESENT = "DELIVERY_RESENT"
    DELIVERY_FAILED = "DELIVERY_FAILED"
    DELIVERY_PARKED = "DELIVERY_PARKED"
    DELIVERY_DEAD = "DELIVERY_DEAD"
    SEALED_ORIGINALS_DESTROYED = "SEALED_ORIGINALS_DESTROYED"
    ACCEPTANCE_NOTICE_SENT = "ACCEPTANCE_NOTICE_SENT"
    # 交办督办 (gateway/supervision.py).
    LOWER_ACCEPTED = "LOWER_ACCEPTED"
    RESULT_REPORTED = "RESULT_REPORTED"
    RESULT_ACCEPTED = "RESULT_ACCEPTED"
    SENT_BACK = "SENT_BACK"
    SUPERVISION_REMINDER = "SUPERVISION_REMINDER"
    # A 督办 raised to the leader's name (升级督办): proposed by staff, approved or refused by
    # the 分管领导; the approved one goes out as a 督办函 like a reminder.
    ESCALATION_PROPOSED = "ESCALATION_PROPOSED"
    ESCALATION_APPROVED = "ESCALATION_APPROVED"
    ESCALATION_REFUSED = "ESCALATION_REFUSED"
    OBJECTION = "OBJECTION"
    # A 上级交办 (origin superior_assign): this office reports the result up (报结, D10).
    REPORTED_UP = "REPORTED_UP"
    # Early warnings (gateway.supervision): a rule's cause found, and gone again.
    WARNING_RAISED = "WARNING_RAISED"
    WARNING_CLEARED = "WARNING_CLEARED"
    # Callbacks of the 监督检查部门 (gateway/callbacks.py).
    ACCEPTED = "ACCEPTED"
    RETURNED = "RETURNED"
    TRANSFERRED = "TRANSFERRED"
    COMPLETED = "COMPLETED"
    RESULT_FEEDBACK_SENT = "RESULT_FEEDBACK_SENT"


EVENT_LABELS: Mapping[EventType, str] = {
    EventType.RECEIVED: "接收",
    EventType.TEXT_EXTRACTED: "文字识别",
    EventType.NORMALIZED: "规范化",
    EventType.FLAGGED: "标记待审核",
    EventType.FLAG_DISMISSED: "排除标记",
    EventType.FIELD_CORRECTED: "更正字段",
    EventType.IDENTITY_VIEWED: "查看身份信息",
    EventType.REVIEWED: "审核确认",
    EventType.REAL_NAME_CONFIRMED: "确认实名",
    EventType.REAL_NAME_VERIFICATION_ATTEMPTED: "实名核实",
    EventType.JOB_FAILED: "处理出错",
    EventType.DEAD_LETTERED: "处理失败",
    EventType.REPLAYED: "重新处理",
    EventType.ASSIGNED: "指定承办人",
    EventType.DECIDED: "研判",
    EventType.APPROVED: "分管领导审批同意",
    EventType.APPROVAL_REFUSED: "分管领导审批不同意",
    EventType.YISONG_INTERNAL: "移送监督检查部门",
    EventType.JINGSONG_UP: "径送上一级信访举报部门",
    EventType.BAOSONG_UP: "径送本机关主要负责人并报送上一级",
    EventType.ZHUANSONG_DOWN: "转送下级纪检监察机关",
    EventType.JIAOBAN_DOWN: "交办下级纪检监察机关",
    EventType.TRANSFERRED_OTHER_ORGAN: "转送其他监察机关",
    EventType.FORWARDED_OTHER_AUTHORITY: "转有关机关或者单位",
    EventType.COMPLAINANT_INFORMED: "告知检举控告人向有权机关反映",
    EventType.FILED_FOR_REFERENCE: "登记后留存备查",
    EventType.REFERRED_OTHER_FLOW: "转申诉或批评建议办理",
    EventType.QUEUED: "进入送出队列",
    EventType.DELIVERED: "已移送",
    EventType.SENT: "已送出",
    EventType.CASE_MGMT_NOTIFIED: "已告知案件监督管理部门",
    EventType.DELIVERY_RESENT: "重新送出",
    EventType.DELIVERY_FAILED: "送出失败，将重试",
    EventType.DELIVERY_PARKED: "送出暂停，待管理员处理",
    EventType.DELIVERY_DEAD: "送出失败",
    EventType.SEALED_ORIGINALS_DESTROYED: "密封件原件已销毁",
    EventType.ACCEPTANCE_NOTICE_SENT: "已告知受理情况",
    EventType.LOWER_ACCEPTED: "下级受理",
    EventType.RESULT_REPORTED: "下级报结",
    EventType.RESULT_ACCEPTED: "审核报结",
    EventType.SENT_BACK: "退回重查",
    EventType.SUPERVISION_REMINDER: "督办",
    EventType.ESCALATION_PROPOSED: "提请升级督办",
    EventType.ESCALATION_APPROVED: "分管领导批准升级督办",
    EventType.ESCALATION_REFUSED: "分管领导不同意升级督办",
    EventType.OBJECTION: "检举控告人提出异议",
    EventType.REPORTED_UP: "向上级报结",
    EventType.WARNING_RAISED: "预警",
    EventType.WARNING_CLEARED: "预警解除",
    EventType.ACCEPTED: "承办部门受理",
    EventType.RETURNED: "承办部门退回",
    EventType.TRANSFERRED: "承办部门转办",
    EventType.COMPLETED: "办结",
    EventType.RESULT_FEEDBACK_SENT: "已反馈办理结果",
}

_PIPELINE = frozenset({Stage.RECEIVED, Stage.TEXT_EXTRACTED, Stage.NORMALIZED, Stage.NEEDS_REVIEW})
_OUT_BY_SENDING = frozenset(
    {Stage.JINGSONG, Stage.BAOSONG, Stage.ZHUANSONG, Stage.JIAOBAN, Stage.FORWARDED}
)
_REDECIDABLE = frozenset({Stage.NORMALIZED, Stage.NEEDS_REVIEW, Stage.RETURNED})
_ORDERS_TO_SEND = (
    EventType.JINGSONG_UP,
    EventType.BAOSONG_UP,
    EventType.ZHUANSONG_DOWN,
    EventType.JIAOBAN_DOWN,
    EventType.TRANSFERRED_OTHER_ORGAN,
    EventType.FORWARDED_OTHER_AUTHORITY,
    EventType.YISONG_INTERNAL,
)


def _table() -> dict[tuple[Stage, EventType], frozenset[Stage]]:
    t: dict[tuple[Stage, EventType], frozenset[Stage]] = {}

    def allow(froms: frozenset[Stage] | Stage, event: EventType, *to: Stage) -> None:
        for f in froms if isinstance(froms, frozenset) else (froms,):
            t[(f, event)] = t.get((f, event), frozenset()) | frozenset(to)

    S, E = Stage, EventType
    # Pipeline (gateway/pipeline.py, storage/jobs.py, review.py as they are today).
    allow(S.RECEIVED, E.TEXT_EXTRACTED, S.TEXT_EXTRACTED)
    allow(frozenset({S.RECEIVED, S.TEXT_EXTRACTED}), E.NORMALIZED, S.NORMALIZED, S.NEEDS_REVIEW)
    allow(frozenset({S.NORMALIZED, S.DELIVERED}), E.FLAGGED, S.NEEDS_REVIEW)
    allow(S.NEEDS_REVIEW, E.REVIEWED, S.NORMALIZED)
    allow(_PIPELINE | {S.QUEUED}, E.DEAD_LETTERED, S.DEAD_LETTER)
    allow(S.DEAD_LETTER, E.REPLAYED, S.RECEIVED, S.TEXT_EXTRACTED)
    # Today's direct path (confirm → outbox → delivered) until triage is wired in.
    allow(S.NORMALIZED, E.QUEUED, S.NORMALIZED, S.QUEUED)
    allow(frozenset({S.NORMALIZED, S.DELIVERED}), E.DELIVERED, S.DELIVERED)
    # 研判: a decision, then approval where required (§5.2, issue 12 item 4).
    allow(_REDECIDABLE, E.DECIDED, S.AWAITING_APPROVAL, S.DECIDED)
    # An item an intake point marked sealed (issue 12 item 5) is decided from its envelope,
    # barcode and intake metadata, before any text is stored.
    allow(S.RECEIVED, E.DECIDED, S.AWAITING_APPROVAL)
    allow(S.AWAITING_APPROVAL, E.APPROVED, S.DECIDED)
    allow(S.AWAITING_APPROVAL, E.APPROVAL_REFUSED, S.NEEDS_REVIEW)
    for order in _ORDERS_TO_SEND:
        allow(S.DECIDED, order, S.QUEUED)
    allow(S.DECIDED, E.COMPLAINANT_INFORMED, S.INFORMED)
    allow(S.DECIDED, E.FILED_FOR_REFERENCE, S.FILED)
    allow(S.DECIDED, E.REFERRED_OTHER_FLOW, S.OTHER_FLOW)
    # Carried out: the outbox's delivery to the 监督检查部门, or the organ's endpoint / a staff
    # member's "sent" for a printed letter (径送, 报送, 转送, 交办, 转有关机关).
    allow(S.QUEUED, E.QUEUED, S.QUEUED)
    allow(S.QUEUED, E.DELIVERED, S.DELIVERED)
    allow(S.QUEUED, E.SENT, *_OUT_BY_SENDING)
    # Down: the lower organ accepts (D4); a 交办 reports back, and is reviewed here.
    allow(frozenset({S.ZHUANSONG, S.JIAOBAN}), E.LOWER_ACCEPTED, S.LOWER_ACCEPTED)
    awaiting_result = frozenset({S.JIAOBAN, S.LOWER_ACCEPTED, S.SENT_BACK})
    allow(awaiting_result, E.RESULT_REPORTED, S.RESULT_REPORTED)
    allow(S.RESULT_REPORTED, E.RESULT_ACCEPTED, S.RESULT_ACCEPTED)
    allow(S.RESULT_REPORTED, E.SENT_BACK, S.SENT_BACK)
    # The 监督检查部门 (Art. 17: 退回 comes back to the 信访举报部门 and is decided again).
    allow(S.DELIVERED, E.ACCEPTED, S.ACCEPTED)
    allow(frozenset({S.DELIVERED, S.ACCEPTED}), E.RETURNED, S.RETURNED)
    allow(frozenset({S.DELIVERED, S.ACCEPTED}), E.TRANSFERRED, S.TRANSFERRED)
    allow(frozenset({S.DELIVERED, S.ACCEPTED}), E.COMPLETED, S.CONCLUDED)
    # Moved on to the 审查调查部门 (or elsewhere inside the organ), the item still reports its
    # result: the quarterly feedback (D7) counts results of both departments.
    allow(S.TRANSFERRED, E.COMPLETED, S.CONCLUDED)
    return t


TRANSITIONS: Mapping[tuple[Stage, EventType], frozenset[Stage]] = _table()

# Where this office's part ends. A 交办 is not done when sent: the lower organ reports back
# and this office reviews the result (RESULT_ACCEPTED). A 转送 ends when sent; the lower
# organ's acceptance (D4) is still recorded, and watched by the supervision page.
TERMINAL = frozenset(
    {Stage.CONCLUDED, Stage.TRANSFERRED, Stage.INFORMED, Stage.FILED, Stage.OTHER_FLOW}
    | {Stage.RESULT_ACCEPTED}
    | (_OUT_BY_SENDING - {Stage.JIAOBAN})
)

# Events that leave the stage as it is, and the stages where they may happen.
_ANY = frozenset(Stage)
# Where the outbox may still report on a delivery (today's direct path included).
_OUTBOX = frozenset({Stage.NORMALIZED, Stage.NEEDS_REVIEW, Stage.QUEUED, Stage.DELIVERED})
_OUTBOX |= _OUT_BY_SENDING | {Stage.ACCEPTED, Stage.RETURNED, Stage.TRANSFERRED, Stage.CONCLUDED}
# Where a 督办 (reminder or escalation) can still be sent: the item is out, not concluded.
_SUPERVISED = frozenset(
    {Stage.ZHUANSONG, Stage.JIAOBAN, Stage.LOWER_ACCEPTED, Stage.SENT_BACK}
    | {Stage.DELIVERED, Stage.ACCEPTED}
)
ANNOTATIONS: Mapping[EventType, frozenset[Stage]] = {
    EventType.RECEIVED: frozenset({Stage.RECEIVED}),
    EventType.FLAGGED: _ANY,
    EventType.FLAG_DISMISSED: frozenset({Stage.NEEDS_REVIEW, Stage.NORMALIZED}),
    EventType.FIELD_CORRECTED: _ANY - {Stage.CONCLUDED},
    EventType.IDENTITY_VIEWED: _ANY,
    EventType.ASSIGNED: _ANY,
    EventType.REAL_NAME_CONFIRMED: _ANY - {Stage.CONCLUDED},
    EventType.REAL_NAME_VERIFICATION_ATTEMPTED: _ANY - {Stage.CONCLUDED},
    EventType.JOB_FAILED: _PIPELINE | {Stage.QUEUED},
    EventType.DELIVERY_RESENT: _OUTBOX,
    EventType.DELIVERY_FAILED: _OUTBOX,
    EventType.DELIVERY_PARKED: _OUTBOX,
    EventType.DELIVERY_DEAD: _OUTBOX,
    # Today a record sent back to review after it left is delivered again, keeping its stage.
    EventType.DELIVERED: frozenset({Stage.NEEDS_REVIEW}),
    # The desk tells a visitor at once where to go (§8 D12), before any decision.
    EventType.COMPLAINANT_INFORMED: _PIPELINE,
    EventType.CASE_MGMT_NOTIFIED: frozenset(
        {Stage.QUEUED, Stage.DELIVERED, Stage.ACCEPTED, Stage.TRANSFERRED, Stage.CONCLUDED}
    ),
    EventType.SEALED_ORIGINALS_DESTROYED: _OUT_BY_SENDING | {Stage.FILED, Stage.INFORMED},
    EventType.ACCEPTANCE_NOTICE_SENT: frozenset(
        {Stage.QUEUED, Stage.DELIVERED, Stage.ACCEPTED, Stage.TRANSFERRED, Stage.CONCLUDED}
    ),
    EventType.RESULT_FEEDBACK_SENT: frozenset({Stage.CONCLUDED}),
    EventType.SUPERVISION_REMINDER: _SUPERVISED,
    EventType.ESCALATION_PROPOSED: _SUPERVISED,
    EventType.ESCALATION_APPROVED: _SUPERVISED,
    EventType.ESCALATION_REFUSED: _SUPERVISED,
    # The complainant objects (a call, a visit, the status page): on the item, whatever stage.
    EventType.OBJECTION: _ANY,
    # 报结 to the higher organ once this office's part has ended (concluded, passed on, filed).
    EventType.REPORTED_UP: TERMINAL,
    EventType.WARNING_RAISED: _ANY,
    EventType.WARNING_CLEARED: _ANY,
}

# The callbacks of the processing system: they need a record that was handed over to it.
CALLBACKS = frozenset(
    {
        EventType.ACCEPTED,
        EventType.RETURNED,
        EventType.TRANSFERRED,
        EventType.COMPLETED,
        EventType.RESULT_FEEDBACK_SENT,
    }
)
HANDED_OVER = frozenset(
    {Stage.DELIVERED, Stage.ACCEPTED, Stage.RETURNED, Stage.TRANSFERRED, Stage.CONCLUDED}
)


class Recipient(enum.StrEnum):
    SUPERVISION_DEPT = "SUPERVISION_DEPT"
    CASE_MGMT = "CASE_MGMT"
    OWN_PRINCIPAL_LEADER = "OWN_PRINCIPAL_LEADER"
    HIGHER_PETITION_DEPT = "HIGHER_PETITION_DEPT"
    LOWER_ORGAN = "LOWER_ORGAN"
    OTHER_SUPERVISORY_ORGAN = "OTHER_SUPERVISORY_ORGAN"
    OTHER_AUTHORITY = "OTHER_AUTHORITY"
    COMPLAINANT = "COMPLAINANT"


RECIPIENT_LABELS: Mapping[Recipient, str] = {
    Recipient.SUPERVISION_DEPT: "监督检查部门",
    Recipient.CASE_MGMT: "案件监督管理部门",
    Recipient.OWN_PRINCIPAL_LEADER: "本机关主要负责人",
    Recipient.HIGHER_PETITION_DEPT: "上一级纪检监察机关信访举报部门",
    Recipient.LOWER_ORGAN: "下级纪检监察机关",
    Recipient.OTHER_SUPERVISORY_ORGAN: "其他监察机关",
    Recipient.OTHER_AUTHORITY: "有关机关或者单位",
    Recipient.COMPLAINANT: "检举控告人",
}


@dataclass(frozen=True, slots=True)
class Delivery:
    """What an event hands to whom. ``content``: ``record`` is the full record (the outbox's
    signed delivery), ``notice`` carries no identity fields (案管, §5.1 实施条例 Art. 172),
    ``cover_sheet`` is the 移送/报送单 that travels with a sealed physical item (§5.3: no content),
    ``letter`` a transfer letter to an organ without an endpoint, ``reply`` what the complainant
    is told."""

    to: Recipient
    content: Literal["record", "notice", "cover_sheet", "letter", "reply"]
    sealed: bool = False


DELIVERIES: Mapping[EventType, tuple[Delivery, ...]] = {
    EventType.YISONG_INTERNAL: (
        Delivery(Recipient.SUPERVISION_DEPT, "record"),
        Delivery(Recipient.CASE_MGMT, "notice"),
    ),
    # R1: the report is about this organ's principal leader, who must not receive it.
    EventType.JINGSONG_UP: (Delivery(Recipient.HIGHER_PETITION_DEPT, "cover_sheet", sealed=True),),
    # R2: 径送本机关主要负责人, then 报送 within 5 working days (D1).
    EventType.BAOSONG_UP: (
        Delivery(Recipient.OWN_PRINCIPAL_LEADER, "cover_sheet", sealed=True),
        Delivery(Recipient.HIGHER_PETITION_DEPT, "cover_sheet", sealed=True),
    ),
    EventType.ZHUANSONG_DOWN: (Delivery(Recipient.LOWER_ORGAN, "letter"),),
    EventType.JIAOBAN_DOWN: (Delivery(Recipient.LOWER_ORGAN, "letter"),),
    EventType.TRANSFERRED_OTHER_ORGAN: (Delivery(Recipient.OTHER_SUPERVISORY_ORGAN, "letter"),),
    EventType.FORWARDED_OTHER_AUTHORITY: (Delivery(Recipient.OTHER_AUTHORITY, "letter"),),
    EventType.COMPLAINANT_INFORMED: (Delivery(Recipient.COMPLAINANT, "reply"),),
    EventType.ACCEPTANCE_NOTICE_SENT: (Delivery(Recipient.COMPLAINANT, "reply"),),
    EventType.RESULT_FEEDBACK_SENT: (Delivery(Recipient.COMPLAINANT, "reply"),),
}


def targets(stage: Stage, event: EventType) -> frozenset[Stage]:
    """The stages ``event`` may lead to from ``stage`` (the stage itself for an annotation)."""
    if (stage, event) in TRANSITIONS:
        return TRANSITIONS[(stage, event)]
    if stage in ANNOTATIONS.get(event, frozenset()):
        return frozenset({stage})
    return frozenset()


def check(
    stage: Stage,
    event: EventType,
    to: Stage | None = None,
    *,
    at: date | datetime | None = None,
    received_at: datetime | None = None,
) -> Stage:
    """The stage after ``event``; raises when the machine refuses it.

    ``to`` picks among several targets (``NORMALIZED`` → 待研判 or 待审核); without it the
    event must have exactly one. A callback on a record never handed over is ``not_handed_over``
    (the processing system cannot know of it); any other refused step is
    ``transition_not_allowed``; an ``at`` before the receipt is ``event_before_receipt``
    (a date is compared with the receipt day in Asia/Shanghai, the office's calendar, §8).
    """
    if at is not None and received_at is not None:
        early = (
            at < received_at
            if isinstance(at, datetime)
            else at < received_at.astimezone(SHANGHAI).date()
        )
        if early:
            raise InvalidInput(
                "event_before_receipt",
                "事件时间早于本件的收件时间。",
                "The event's time lies before the record was received.",
                field="$.at",
            )
    if event in CALLBACKS and stage not in HANDED_OVER:
        raise Conflict(
            "not_handed_over",
            f"本件尚未移送承办部门（当前状态：{STAGE_LABELS[stage]}），不能登记承办部门的办理情况。",
            f"The record was never handed over (stage {stage}); callbacks are refused.",
        )
    allowed = targets(stage, event)
    if to is None and len(allowed) > 1:
        # A caller's mistake, not a refusal: it must say which of the targets it means.
        raise ValueError(f"{event} from {stage} leads to {sorted(allowed)}; pass to=")
    if to is None and allowed:
        (to,) = allowed
    if to is None or to not in allowed:
        wanted = f"转为“{STAGE_LABELS[to]}”" if to is not None else ""
        raise Conflict(
            "transition_not_allowed",
            f"本件当前状态为“{STAGE_LABELS[stage]}”，不能“{EVENT_LABELS[event]}”{wanted}。",
            f"Event {event} is not allowed in stage {stage}"
            + (f" towards {to}." if to is not None else "."),
        )
    return to
