"""Callbacks from the processing system: ``POST /api/v1/records/{key}/events``.

The processing system reports what happened to a record it received: accepted (受理), returned
(退回), transferred (转送/移送), concluded (办结, with the disposal method of domain.md §10.4)
and result feedback given. Each report is one tagged message type, handled by one exhaustive
``match`` in ``plan`` (pure, so the rules are testable without a server); the resulting change
(trajectory event, public status, encrypted outcome text, deadlines opened or met) is written
in one transaction. The caller authenticates with ``callback_token`` or a PROCESSING API key.
"""

from __future__ import annotations

import enum
from dataclasses import replace
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec
from aiohttp import web

from gateway.accounts import StaffPages
from gateway.auth import principal_of
from gateway.problems import decode_json
from gateway.records import find_visible
from gateway.storage import (
    SHANGHAI,
    CallbackUpdate,
    NewDeadline,
    NewEvent,
    Store,
    StoredIntake,
)
from normalizer.errors import IntakeError, InvalidInput
from normalizer.normalize import ACCEPTANCE_NOTICE_DAYS
from normalizer.record import ComplaintRecord, DeadlineKind
from normalizer.stages import EventType, Stage, check
from normalizer.triage import result_feedback_due
from normalizer.workdays import WorkCalendar, check_date

__all__ = [
    "Accepted",
    "CallbackEvent",
    "Concluded",
    "Disposal",
    "FeedbackGiven",
    "ReturnReason",
    "Returned",
    "Transferred",
    "callback_routes",
    "plan",
    "return_routes",
]

RESULT_FEEDBACK_DAYS = ACCEPTANCE_NOTICE_DAYS  # D6: also 15 working days (domain.md §8)

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Org = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
LongText = Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]


class Disposal(enum.StrEnum):
    """处置方式, domain.md §10.4."""

    TALK_OR_LETTER_INQUIRY = "谈话函询"
    PRELIMINARY_VERIFICATION = "初步核实"
    SHELVED = "暂存待查"
    CLOSED = "予以了结"
    CASE_REFERRAL = "移送审查调查"


class _Event(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="event"
):
    """``at`` is the day it happened downstream; absent = today (Asia/Shanghai)."""

    at: date | None = None


class Accepted(_Event, tag="accepted", frozen=True):
    notice_given: bool = False  # the complainant was told how it was accepted (D5)


class ReturnReason(enum.StrEnum):
    """Why the 监督检查部门 sends an item back to the 信访举报部门 (研判回退, Rules Art. 17)."""

    NO_SUBSTANCE = "no_substance"  # 无实质内容
    OTHER_ORGAN = "other_organ"  # 属其他纪检监察机关受理
    OTHER = "other"  # 其他 (the reason in words)


ApprovalRef = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class Returned(_Event, tag="returned", frozen=True):
    """研判回退: after consultation and the approval of the leader in charge (Art. 17), whose
    reference (审批单号) is required; ``reason`` in words is required for ``other``."""

    reason_code: ReturnReason = ReturnReason.OTHER
    reason: Reason | None = None
    approval_ref: ApprovalRef | None = None


class Transferred(_Event, tag="transferred", frozen=True):
    to: Org
    mode: Literal["转送", "移送"] = "转送"


class Concluded(_Event, tag="concluded", frozen=True):
    disposal: Disposal
    result: LongText


class FeedbackGiven(_Event, tag="feedback", frozen=True):
    text: LongText  # what the complainant is told; shown on the query-code page


CallbackEvent = Accepted | Returned | Transferred | Concluded | FeedbackGiven


def check_returned(event: Returned) -> str:
    """The approval reference of a complete return; what it lacks as ``field_required``
    (checked before the stage, like the message's own fields)."""
    if event.reason_code is ReturnReason.OTHER and not (event.reason and event.reason.strip()):
        raise InvalidInput(
            "field_required",
            "退回理由为“其他”时须写明理由。",
            "A return for another reason needs `reason`.",
            field="$.reason",
        )
    if not (event.approval_ref and event.approval_ref.strip()):
        raise InvalidInput(
            "field_required",
            "研判回退须经分管领导审批，请填写审批文号。",
            "A return needs the approval reference (approval_ref).",
            field="$.approval_ref",
        )
    return event.approval_ref


def _event_type(event: CallbackEvent) -> EventType:
    match event:
        case Accepted():
            return EventType.ACCEPTED
        case Returned():
            return EventType.RETURNED
        case Transferred():
            return EventType.TRANSFERRED
        case Concluded():
            return EventType.COMPLETED
        case FeedbackGiven():
            return EventType.RESULT_FEEDBACK_SENT


def plan(
    event: CallbackEvent,
    *,
    actor: str,
    status: str,
    record: ComplaintRecord | None,
    calendar: WorkCalendar,
    today: date,
    stage: str | None = None,
    received_at: datetime | None = None,
) -> CallbackUpdate:
    """What one callback changes. Result and feedback texts (they describe the case) go to the
    encrypted outcome, never to the trajectory, which is stored in clear.

    ``stage`` is the record's: the state machine (normalizer.stages) refuses a callback for a
    record never handed over (409 ``not_handed_over``), one its stage does not allow (a
    concluded record accepted again: 409 ``transition_not_allowed``) and one dated before the
    receipt (422 ``event_before_receipt``)."""
    if isinstance(event, Returned):
        check_returned(event)
    on = event.at or today
    if on > today:
        raise InvalidInput(
            "date_in_future",
            "事件日期不能晚于今天。",
            "The event date lies in the future.",
            field="$.at",
        )
    # Bounded around the receipt: a deadline from "1900-01-01" made every /metrics scrape
    # count working days across a century.
    check_date(on, record.received_at.date() if record is not None else today, field="$.at")
    if stage is None:
        return _update(event, on, actor, status, record, calendar)
    after = check(Stage(stage), _event_type(event), at=on, received_at=received_at)
    update = _update(event, on, actor, status, record, calendar)
    moved = after.value != stage
    e = update.event
    return replace(
        update,
        event=NewEvent(
            e.type, e.actor, stage if moved else None, after.value if moved else None, e.reason
        ),
        stage=after.value if moved else None,
    )


def _update(
    event: CallbackEvent,
    on: date,
    actor: str,
    status: str,
    record: ComplaintRecord | None,
    calendar: WorkCalendar,
) -> CallbackUpdate:
    match event:
        case Accepted(notice_given=notice):
            return CallbackUpdate(
                NewEvent(
                    "ACCEPTED",
                    actor,
                    status,
                    "accepted",
                    "acceptance notice given" if notice else None,
                ),
                "accepted",
                met_deadlines=[DeadlineKind.ACCEPTANCE_NOTICE.value] if notice else [],
            )
        case Returned(reason_code=code, reason=reason):
            ref = check_returned(event)
            # The code and the approval's number are no case content; free text from
            # downstream can describe the case: encrypted outcome only. Back in the 信访室
            # queue (flag ``returned``) until it is decided again.
            outcome = {"return_code": code.value, "returned_on": on.isoformat()}
            if reason:
                outcome["returned_reason"] = reason
            return CallbackUpdate(
                NewEvent("RETURNED", actor, status, "returned", f"{code.value};{ref.strip()}"),
                "returned",
                outcome=outcome,
                flags=("returned",),
            )
        case Transferred(to=to, mode=mode):
            return CallbackUpdate(
                NewEvent("TRANSFERRED", actor, status, "transferred", f"{mode} {to}"),
                "transferred",
                # reporting it on to the higher level is the transfer D1 asks for
                met_deadlines=[DeadlineKind.UP_REPORT.value],
            )
        case Concluded(disposal=disposal, result=result):
            add = []
            # A signed report whose call-back failed keeps its feedback duty (domain §6.3).
            if record is not None and result_feedback_due(record.real_name.status):
                add.append(
                    NewDeadline(
                        DeadlineKind.RESULT_FEEDBACK.value,
                        on,
                        calendar.add(on, RESULT_FEEDBACK_DAYS),
                    )
                )
            return CallbackUpdate(
                NewEvent("COMPLETED", actor, status, "concluded", disposal.value),
                "concluded",
                outcome={
                    "disposal": disposal.value,
                    "result": result,
                    "concluded_on": on.isoformat(),
                },
                add_deadlines=add,
            )
        case FeedbackGiven(text=text):
            return CallbackUpdate(
                NewEvent("RESULT_FEEDBACK_SENT", actor, None, None),
                None,
                outcome={"feedback": text, "feedback_on": on.isoformat()},
                met_deadlines=[DeadlineKind.RESULT_FEEDBACK.value],
            )


def callback_routes(store: Store, calendar: WorkCalendar) -> list[web.RouteDef]:
    async def report(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        event: CallbackEvent = decode_json(await request.read(), CallbackEvent)  # type: ignore[arg-type]
        update = await _apply(store, calendar, intake, event, principal_of(request).actor)
        return web.json_response(
            {"intake_no": intake.intake_no, "status": update.status or intake.status}
        )

    return [web.post("/api/v1/records/{key}/events", report, name="callbacks.report")]


async def _apply(
    store: Store, calendar: WorkCalendar, intake: StoredIntake, event: CallbackEvent, actor: str
) -> CallbackUpdate:
    record = msgspec.json.decode(intake.record, type=ComplaintRecord) if intake.record else None
    update = plan(
        event,
        actor=actor,
        status=intake.status,
        record=record,
        calendar=calendar,
        today=datetime.now(SHANGHAI).date(),
        stage=intake.stage,
        received_at=intake.received_at,
    )
    await store.record_callback(intake.id, update)
    return update


def return_routes(store: Store, calendar: WorkCalendar, pages: StaffPages) -> list[web.RouteDef]:
    """研判回退 entered by staff: the 监督检查部门's return came on paper or by telephone.
    The same ``plan`` and state machine as the processing system's callback."""

    async def form_return(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        form = await request.post()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        if not pages.csrf_ok(request, values.pop("csrf", None)):
            return pages.message(request, "表单已过期", "请返回刷新后重试。", 400)
        try:
            event = msgspec.convert(
                {
                    "event": "returned",
                    "at": values.get("at") or None,
                    "reason_code": values.get("reason_code", ""),
                    "reason": values.get("reason", "").strip() or None,
                    "approval_ref": values.get("approval_ref", "").strip() or None,
                },
                Returned,
            )
        except msgspec.ValidationError:
            return pages.message(request, "未能登记", "请检查退回理由、审批文号和日期。", 422)
        try:
            await _apply(store, calendar, intake, event, principal_of(request).actor)
        except IntakeError as exc:
            return pages.message(request, "未能登记", exc.message_zh, exc.status)
        return web.Response(status=303, headers={"Location": "/staff/supervision?saved=1"})

    return [web.post("/staff/records/{key}/returned", form_return, name="staff.returned")]
