"""交办督办: following what was handed down or moved on, and warning early (issue 13).

A routing item handed to a lower organ is watched until it is done: the lower organ accepts
it (D4, 5 working days after it was sent) and, for a 交办, reports its result by the due date
the decision set (报结); this office reviews the result and accepts it or sends it back for
re-investigation (退回重查). Staff send 督办 reminders (a delivery to the organ, or a printed
letter) and record a complainant's objection. Every step is checked by the state machine
(normalizer.stages) and is one trajectory event; what staff write stays encrypted.

Warnings are one rules table (``RULES``) evaluated on the items as they are; a warning
clears when its cause does (the item accepted, reported, or reviewed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Annotated, Any, Literal

import aiohttp_jinja2
import msgspec
from aiohttp import web

from channels.contract import Upload
from channels.uploads import Limits, open_multipart
from gateway.accounts import StaffPages
from gateway.auth import Role, principal_of
from gateway.decisions import SupervisionNote, TriageDoc
from gateway.labels import (
    CHANNEL_LABELS,
    RETURN_REASON_LABELS,
    STAGE_LABELS,
    WARNING_LABELS,
    local_time,
)
from gateway.originals import Originals, Staged
from gateway.problems import decode_json
from gateway.records import find_visible
from gateway.routing import Triage
from gateway.storage import (
    SHANGHAI,
    LedgerRow,
    NewDelivery,
    NewEvent,
    OrganRow,
    PatternKey,
    StoredDeadline,
    StoredIntake,
)
from normalizer.errors import Conflict, IntakeError, InvalidInput, NotAllowed, NotFound
from normalizer.stages import EventType, Stage, check
from normalizer.triage import ACTION_LABELS, Action
from normalizer.workdays import WorkCalendar

__all__ = [
    "RULES",
    "Supervision",
    "SupervisionInput",
    "Warning",
    "deadline_warnings",
    "pattern_warnings",
    "quarter_of",
    "supervision_routes",
    "warnings_for",
]

Note = Annotated[str, msgspec.Meta(max_length=500)]
ActionName = Literal[
    "lower_accepted",
    "result_reported",
    "accept_result",
    "send_back",
    "remind",
    "escalate",
    "approve_escalation",
    "refuse_escalation",
    "objection",
]

EVENTS: Mapping[str, EventType] = {
    "lower_accepted": EventType.LOWER_ACCEPTED,
    "result_reported": EventType.RESULT_REPORTED,
    "accept_result": EventType.RESULT_ACCEPTED,
    "send_back": EventType.SENT_BACK,
    "remind": EventType.SUPERVISION_REMINDER,
    "escalate": EventType.ESCALATION_PROPOSED,
    "approve_escalation": EventType.ESCALATION_APPROVED,
    "refuse_escalation": EventType.ESCALATION_REFUSED,
    "objection": EventType.OBJECTION,
}
ACTION_NAMES = {
    "lower_accepted": "登记下级受理",
    "result_reported": "登记下级报结",
    "accept_result": "审核通过报结",
    "send_back": "退回重查",
    "remind": "督办",
    "escalate": "提请升级督办（报分管领导）",
    "approve_escalation": "批准升级督办",
    "refuse_escalation": "不同意升级督办",
    "objection": "登记异议",
}
_NEEDS_NOTE = frozenset({"send_back", "objection", "escalate"})
# The 分管领导 decides an escalation, and only that; staff propose it.
_LEADERS_ONLY = frozenset({"approve_escalation", "refuse_escalation"})
_ESCALATION = frozenset({"escalate", *_LEADERS_ONLY})


class SupervisionInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """One step on routing item ``item``; ``at`` is the day it happened at the lower organ
    (absent: today); ``note`` is required to send back and for an objection."""

    item: Annotated[int, msgspec.Meta(ge=0, le=100)]
    action: ActionName
    at: date | None = None
    note: Note | None = None


# -- warnings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    working_days: int  # the grace after the step it waits on (0 = the due day itself)


RULES: tuple[Rule, ...] = (
    Rule("objection", WARNING_LABELS["objection"], 0),
    Rule("down_not_accepted", WARNING_LABELS["down_not_accepted"], 5),
    Rule("result_overdue", WARNING_LABELS["result_overdue"], 0),
    Rule("moved_not_accepted", WARNING_LABELS["moved_not_accepted"], 10),
    Rule("feedback_overdue", WARNING_LABELS["feedback_overdue"], 0),
    Rule("quarter_no_result", WARNING_LABELS["quarter_no_result"], 0),
    Rule("returned_not_rerouted", WARNING_LABELS["returned_not_rerouted"], 3),
    Rule("handover_not_accepted", WARNING_LABELS["handover_not_accepted"], 0),
    Rule("assigned_report_overdue", WARNING_LABELS["assigned_report_overdue"], 0),
    Rule("repeat_after_conclusion", WARNING_LABELS["repeat_after_conclusion"], 0),
    Rule("many_reports", WARNING_LABELS["many_reports"], 0),
)
# Thresholds (working days) a setting may change, by rule code (gateway.settings warn_*).
Thresholds = Mapping[str, int]
_RULES = {r.code: r for r in RULES}


@dataclass(frozen=True)
class Warning:
    code: str
    label: str
    intake_no: str
    item: int | None
    since: date  # the day the cause began counting as late
    intake_id: str = ""


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter of ``day``."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    nxt = date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def _day(at: datetime | None) -> date | None:
    return at.astimezone(SHANGHAI).date() if at else None


def warnings_for(
    row: LedgerRow,
    today: date,
    calendar: WorkCalendar,
    deadlines: Sequence[StoredDeadline] = (),
    moved_days: int | None = None,
    *,
    thresholds: Thresholds | None = None,
    returned_on: date | None = None,
) -> list[Warning]:
    """The warnings one watched item raises today (pure: a warning is its cause, now).
    ``thresholds`` override the rules' working days; ``returned_on`` is the day of the item's
    last 研判回退."""
    item, out = row.item, []
    days = {r.code: r.working_days for r in RULES}
    if moved_days is not None:
        days["moved_not_accepted"] = moved_days
    days |= thresholds or {}

    def warn(code: str, since: date) -> None:
        out.append(
            Warning(code, _RULES[code].label, row.intake_no, item.position, since, row.intake_id)
        )

    sent = _day(item.sent_at)
    if item.objected_at and item.stage not in ("result_accepted",):
        warn("objection", _day(item.objected_at) or today)
    if sent and item.stage in ("zhuansong", "jiaoban"):
        late = calendar.add(sent, days["down_not_accepted"])
        if today > late:
            warn("down_not_accepted", late)
    waiting = item.stage in ("jiaoban", "lower_accepted", "sent_back")
    due = item.report_due if Action.JIAOBAN_DOWN.value in item.actions and waiting else None
    if due is not None and today > due:
        warn("result_overdue", due)
    if sent and item.stage == "delivered" and Action.YISONG_INTERNAL.value in item.actions:
        late = calendar.add(sent, days["moved_not_accepted"])
        if today > late:
            warn("moved_not_accepted", late)
    if item.lead and item.stage == "returned" and returned_on is not None:
        late = calendar.add(returned_on, days["returned_not_rerouted"])
        if today > late:
            warn("returned_not_rerouted", late)
    moved = Action.YISONG_INTERNAL.value in item.actions
    if sent and moved and item.lead and item.stage in ("delivered", "accepted"):
        # D7 (Art. 18): results come back every quarter; at the end of a quarter a 移送件
        # sent before it without a result is warned of, until the result arrives.
        began = quarter_of(today)[0]
        if sent < began:
            warn("quarter_no_result", began)
    if item.lead:
        for d in deadlines:
            if d.kind == "RESULT_FEEDBACK" and d.met_at is None and today > d.due:
                out.append(Warning("feedback_overdue", _RULES["feedback_overdue"].label,
                                   row.intake_no, None, d.due, row.intake_id))  # fmt: skip
    return out


_RECORD_DEADLINES = {
    "HANDOVER_ACCEPT": "handover_not_accepted",
    "ASSIGNED_REPORT": "assigned_report_overdue",
}


_UNDECIDED = frozenset({"received", "text_extracted", "normalized", "needs_review", "returned"})
_CONCLUDED = frozenset({"concluded", "result_accepted"})


def pattern_warnings(
    keys: Sequence[PatternKey], today: date, *, count: int = 3, days: int = 30
) -> list[Warning]:
    """Warnings from the blind index (keyed hashes only, never identity in clear):

    - ``repeat_after_conclusion``: an item not yet decided whose complainant and accused (for
      an anonymous report: the accused alone, as ``normalizer.repeats``) match an earlier
      one already concluded; clears once it is decided.
    - ``many_reports``: ``count`` or more reports received within the last ``days`` calendar
      days about one accused or one unit; on the newest of them, until the older leave the
      window."""
    by_intake: dict[str, dict[str, set[bytes]]] = {}
    info: dict[str, PatternKey] = {}
    for k in keys:
        by_intake.setdefault(k.intake_id, {}).setdefault(k.kind, set()).add(k.digest)
        info[k.intake_id] = k
    out: dict[tuple[str, str], Warning] = {}

    def warn(code: str, k: PatternKey) -> None:
        since = k.received_at.astimezone(SHANGHAI).date()
        out.setdefault(
            (code, k.intake_id),
            Warning(code, _RULES[code].label, k.intake_no, None, since, k.intake_id),
        )

    for x, facts in by_intake.items():
        me = info[x]
        if me.stage not in _UNDECIDED or not facts.get("accused"):
            continue
        for y, theirs in by_intake.items():
            other = info[y]
            if y == x or other.stage not in _CONCLUDED or other.received_at >= me.received_at:
                continue
            same_accused = bool(facts["accused"] & theirs.get("accused", set()))
            mine = facts.get("complainant", set())
            same_person = not mine or bool(mine & theirs.get("complainant", set()))
            if same_accused and same_person:
                warn("repeat_after_conclusion", me)
                break
    window = today.toordinal() - days
    groups: dict[bytes, list[PatternKey]] = {}
    for k in keys:
        recent = k.received_at.astimezone(SHANGHAI).date().toordinal() > window
        if k.kind in ("accused", "s:unit") and recent:
            groups.setdefault(k.digest, []).append(k)
    for group in groups.values():
        if len({k.intake_id for k in group}) >= count:
            warn("many_reports", max(group, key=lambda k: (k.received_at, k.intake_no)))
    return list(out.values())


def deadline_warnings(deadlines: Sequence[StoredDeadline], today: date) -> list[Warning]:
    """A record's own duties as warnings, routed or not: a 上级转办/交办 not accepted or
    transferred on within D4, a 上级交办 not reported up by the higher organ's day (D10)."""
    return [
        Warning(code, _RULES[code].label, d.intake_no, None, d.due, d.intake_id)
        for d in deadlines
        if (code := _RECORD_DEADLINES.get(d.kind)) and d.met_at is None and today > d.due
    ]


# -- the service --------------------------------------------------------------------------------


@dataclass
class Supervision:
    triage: Triage
    calendar: WorkCalendar
    moved_days: int = 10
    thresholds: Thresholds = field(default_factory=dict)
    cluster_count: int = 3  # many_reports: this many reports ...
    cluster_days: int = 30  # ... within this many calendar days
    _registry: list[OrganRow] = field(default_factory=list)

    async def act(
        self,
        intake: StoredIntake,
        step: SupervisionInput,
        actor: str,
        attachments: Staged | None = None,
    ) -> None:
        """One step; ``attachments`` (staged originals) only with a reported result: the
        lower organ's result and its documents are kept as they came (role ``result``)."""
        store = self.triage.store
        if attachments is not None and attachments.originals and step.action != "result_reported":
            raise InvalidInput(
                "attachments_not_allowed",
                "只有登记下级报结时可以附上报结材料。",
                "Files come only with a reported result (result_reported).",
                field="file",
            )
        items = {i.position: i for i in await store.routing_items(intake.id)}
        item = items.get(step.item)
        if item is None:
            raise NotFound("item_not_found", "本件没有该分流事项。", "No such routing item.")
        if step.action in _NEEDS_NOTE and not (step.note and step.note.strip()):
            raise InvalidInput(
                "note_required",
                "退回重查、提请升级督办和登记异议须写明理由或异议内容。",
                "A reason is required.",
                field="$.note",
            )
        leader = actor.partition(":")[0] == Role.LEADER.value
        if (step.action in _LEADERS_ONLY) != leader:
            raise NotAllowed(
                "not_for_leader" if leader else "leader_only",
                "分管领导在此只审批升级督办。" if leader else "升级督办须由分管领导批准。",
                "Only the leader approves an escalation, and the leader does nothing else here.",
            )
        if step.action == "result_reported" and Action.JIAOBAN_DOWN.value not in item.actions:
            raise Conflict(
                "not_assigned_down", "只有交办件须报结。", "Only a 交办 item reports a result."
            )
        event = EVENTS[step.action]
        stage = Stage(item.stage)
        to = check(stage, event, at=step.at, received_at=intake.received_at)
        today = datetime.now(SHANGHAI).date()
        if step.at is not None and step.at > today:
            raise InvalidInput(
                "date_in_future", "日期不能晚于今天。", "The date lies in the future.", field="$.at"
            )
        doc = await self.triage.doc(intake.id) or TriageDoc()
        if step.action in _LEADERS_ONLY and pending_escalation(doc, item.position) is None:
            raise Conflict(
                "no_escalation_pending",
                "该事项没有待批准的升级督办。",
                "No escalation of this item waits for approval.",
            )
        if step.action == "escalate" and pending_escalation(doc, item.position) is not None:
            raise Conflict(
                "escalation_pending",
                "该事项的升级督办已报分管领导，尚待批准。",
                "An escalation of this item already waits for approval.",
            )
        if (step.note and step.note.strip()) or step.action in _ESCALATION:
            note = SupervisionNote(
                by=actor,
                at=datetime.now(SHANGHAI),
                item=item.position,
                action=step.action,
                note=(step.note or "").strip(),
            )
            doc = msgspec.structs.replace(doc, supervision=[*doc.supervision, note])
        deliveries = []
        if step.action in ("remind", "approve_escalation"):  # a 督办函 goes out
            _, registry = await self.triage.organ()
            organ = next((o for o in registry if o.id == item.destination), None)
            destination = f"organ/{organ.id}" if organ else "print/LOWER_ORGAN"
            manual = organ is None or not organ.endpoint
            deliveries.append(NewDelivery(destination, "reminder", item.position, manual))
        moved = to != stage
        reason = f"item {item.position}"
        new_event = NewEvent(
            event.value, actor, stage.value if moved else None, to.value if moved else None, reason
        )
        await store.supervise(
            intake.id,
            item.position,
            new_event,
            to.value,
            record_stage=to.value if moved and item.lead else None,
            triage=msgspec.json.encode(doc),
            deliveries=deliveries,
            attachments=attachments.originals if attachments else (),
            inline=attachments.inline if attachments else None,
        )

    async def warnings(self, today: date | None = None) -> list[Warning]:
        store = self.triage.store
        today = today or datetime.now(SHANGHAI).date()
        deadlines: dict[str, list[StoredDeadline]] = {}
        for d in await store.list_deadlines():
            deadlines.setdefault(d.intake_id, []).append(d)
        returns = await store.returns()
        out = []
        for row in await store.watched_items():
            back = returns.get(row.intake_id)
            out += warnings_for(
                row,
                today,
                self.calendar,
                deadlines.get(row.intake_id, ()),
                self.moved_days,
                thresholds=self.thresholds,
                returned_on=back[-1][0].astimezone(SHANGHAI).date() if back else None,
            )
        out += deadline_warnings([d for ds in deadlines.values() for d in ds], today)
        out += pattern_warnings(
            await store.pattern_keys(), today, count=self.cluster_count, days=self.cluster_days
        )
        return out

    async def sync(self, today: date | None = None) -> tuple[list[Warning], int, int]:
        """Check the rules now: each warning newly raised and each cleared is an event on its
        item (``WARNING_RAISED`` / ``WARNING_CLEARED``); returns the warnings and the counts
        raised and cleared."""
        found = await self.warnings(today)
        raised, cleared = await self.triage.store.sync_warnings(
            [(w.intake_id, -1 if w.item is None else w.item, w.code, w.since) for w in found]
        )
        return found, raised, cleared


def _urgency(row: dict[str, Any]) -> tuple[int, int, str]:
    """Objections first, then the longest overdue, then the nearest due day."""
    codes = {w.code for w in row["warnings"]}
    overdue = min((w.since for w in row["warnings"]), default=None)
    return (
        0 if "objection" in codes else 1,
        overdue.toordinal() if overdue else 10**7,
        row["next_due"] or "9999",
    )


def supervision_routes(
    service: Supervision,
    pages: StaffPages,
    originals: Originals | None = None,
    limits: Limits | None = None,
) -> list[web.RouteDef]:
    """``originals`` and ``limits``: where a reported result's files go, and how large."""
    store = service.triage.store

    async def staged_act(
        intake: StoredIntake, step: SupervisionInput, actor: str, uploads: Sequence[Upload]
    ) -> None:
        if not uploads or originals is None:
            await service.act(intake, step, actor)
            return
        staged = await originals.stage([replace(u, role="result") for u in uploads])
        try:
            await service.act(intake, step, actor, staged)
        except BaseException:
            await originals.discard(staged)
            raise

    async def api_act(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        uploads: list[Upload] = []
        if request.content_type == "multipart/form-data" and limits is not None:
            # The step as a ``step`` JSON part, the result's files as ``file`` parts.
            stream = await open_multipart(request, limits)
            await stream.rest()
            body = (stream.result.fields.get("step") or "").encode()
            uploads = list(stream.result.uploads)
        else:
            body = await request.read()
        step = decode_json(body, SupervisionInput)
        await staged_act(intake, step, principal_of(request).actor, uploads)
        items = await store.routing_items(intake.id)
        item = next(i for i in items if i.position == step.item)
        return web.json_response(
            {"intake_no": intake.intake_no, "item": item.position, "stage": item.stage}
        )

    async def api_warnings(request: web.Request) -> web.Response:
        found = await service.warnings()
        return web.json_response(
            {
                "items": [
                    {
                        "code": w.code,
                        "label": w.label,
                        "intake_no": w.intake_no,
                        "item": w.item,
                        "since": w.since.isoformat(),
                    }
                    for w in found
                ]
            }
        )

    async def page(request: web.Request) -> web.Response:
        today = datetime.now(SHANGHAI).date()
        _, registry = await service.triage.organ()
        organs = {o.id: o.name for o in registry}
        deadlines: dict[str, list[StoredDeadline]] = {}
        for d in await store.list_deadlines():
            deadlines.setdefault(d.intake_id, []).append(d)
        rows = []
        leader = principal_of(request).role == Role.LEADER
        watched = await store.watched_items()
        docs = {r.intake_id: await service.triage.doc(r.intake_id) or TriageDoc() for r in watched}
        for row in watched:
            item = row.item
            found = warnings_for(
                row,
                today,
                service.calendar,
                deadlines.get(row.intake_id, ()),
                service.moved_days,
                thresholds=service.thresholds,
            )
            sent = _day(item.sent_at)
            receiver_due = (
                service.calendar.add(sent, 5)
                if sent and item.stage in ("zhuansong", "jiaoban")
                else None
            )
            next_due = min(
                (d for d in (receiver_due, item.report_due) if d is not None), default=None
            )
            rows.append(
                {
                    "row": row,
                    "item": item,
                    "actions": "、".join(ACTION_LABELS[Action(a)] for a in item.actions),
                    "destination": organs.get(item.destination or "", "监督检查部门"),
                    "channel": CHANNEL_LABELS.get(row.channel, row.channel),
                    "sent": sent.isoformat() if sent else "",
                    "receiver_due": receiver_due.isoformat() if receiver_due else "",
                    "report_due": item.report_due.isoformat() if item.report_due else "",
                    "next_due": next_due.isoformat() if next_due else None,
                    "stage": STAGE_LABELS.get(item.stage, item.stage),
                    "warnings": found,
                    "steps": _steps(
                        item.stage,
                        Action.JIAOBAN_DOWN.value in item.actions,
                        leader=leader,
                        pending=pending_escalation(docs[row.intake_id], item.position) is not None,
                    ),
                    "escalation": pending_escalation(docs[row.intake_id], item.position),
                    # 研判回退 of a 移送件 (Art. 17), entered here when it came on paper.
                    "can_return": item.lead
                    and Action.YISONG_INTERNAL.value in item.actions
                    and item.stage in ("delivered", "accepted"),
                }
            )
        rows.sort(key=_urgency)
        return aiohttp_jinja2.render_template(
            "supervision.html",
            request,
            pages.context(
                request,
                rows=rows,
                names=ACTION_NAMES,
                return_reasons=RETURN_REASON_LABELS,
                today=today.isoformat(),
                saved=request.query.get("saved") == "1",
                now=local_time(datetime.now(SHANGHAI), "%Y-%m-%d %H:%M"),
            ),
        )

    async def form_act(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        uploads: list[Upload] = []
        if request.content_type == "multipart/form-data" and limits is not None:
            stream = await open_multipart(request, limits)
            if not pages.csrf_ok(request, await stream.first("csrf")):
                return pages.message(request, "表单已过期", "请返回刷新后重试。", 400)
            try:
                await stream.rest()
            except IntakeError as exc:
                return pages.message(request, "未能登记", exc.message_zh, exc.status)
            values = dict(stream.result.fields)
            uploads = list(stream.result.uploads)
        else:
            form = await request.post()
            values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
            if not pages.csrf_ok(request, values.pop("csrf", None)):
                return pages.message(request, "表单已过期", "请返回刷新后重试。", 400)
        try:
            step = msgspec.convert(
                {
                    "item": int(values.get("item", "-1")),
                    "action": values.get("action", ""),
                    "at": values.get("at") or None,
                    "note": values.get("note", "").strip() or None,
                },
                SupervisionInput,
            )
        except (msgspec.ValidationError, ValueError):
            return pages.message(request, "未能登记", "请检查所选操作和日期。", 422)
        try:
            await staged_act(intake, step, principal_of(request).actor, uploads)
        except IntakeError as exc:
            return pages.message(request, "未能登记", exc.message_zh, exc.status)
        return web.Response(status=303, headers={"Location": "/staff/supervision?saved=1"})

    return [
        web.post("/api/v1/records/{key}/supervision", api_act, name="supervision.act"),
        web.get("/api/v1/warnings", api_warnings, name="supervision.warnings"),
        web.get("/staff/supervision", page, name="staff.supervision"),
        web.post("/staff/records/{key}/supervision", form_act, name="staff.supervise"),
    ]


def pending_escalation(doc: TriageDoc, item: int) -> SupervisionNote | None:
    """The escalation of ``item`` waiting for the leader, if any (the last one proposed with
    no decision after it)."""
    last = None
    for note in doc.supervision:
        if note.item == item and note.action in _ESCALATION:
            last = note
    return last if last is not None and last.action == "escalate" else None


def _steps(stage: str, jiaoban: bool, *, leader: bool = False, pending: bool = False) -> list[str]:
    """The steps the state machine allows from ``stage`` (for the row's buttons): the leader
    decides a pending escalation; staff do the rest."""
    out = []
    for name, event in EVENTS.items():
        if name == "result_reported" and not jiaoban:
            continue
        if (name in _LEADERS_ONLY) != leader or (name in _LEADERS_ONLY and not pending):
            continue
        if name == "escalate" and pending:
            continue
        try:
            check(Stage(stage), event)
        except (IntakeError, ValueError):
            continue
        out.append(name)
    return out
