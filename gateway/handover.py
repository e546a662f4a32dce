"""Items other units handed over (有关单位移交, 上级转办/交办, issue 13 item 1).

An item's origin (来源) and its handover (unit, document number, day, the unit's own item
number, and for a 上级交办 the day the higher organ wants the 报结 by) come with a letter's
metadata, the desk form, or ``POST /api/v1/handovers`` (staff only: the public API refuses a
handover). The origin is kept in clear on the intake row for statistics; the details are in
the encrypted record. A 上级转办/交办 is accepted here or passed on within 5 working days
(D4, met by the routing decision taking effect); a 上级交办 is reported up (报结, D10) once
this office's part has ended, through the state machine (``REPORTED_UP``).

``/staff/handovers`` lists them with both deadlines, and is where a 报结 is recorded.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import aiohttp_jinja2
import msgspec
from aiohttp import web

from channels.contract import Submit
from channels.web.identity import validate_identity
from gateway.accounts import StaffPages
from gateway.auth import SEALED_ROLES, principal_of
from gateway.labels import DEADLINE_LABELS, ORIGIN_LABELS, STAGE_LABELS, local_time
from gateway.problems import decode_json
from gateway.records import find_visible
from gateway.storage import SHANGHAI, CallbackUpdate, NewEvent, Store, StoredDeadline, StoredIntake
from normalizer.errors import Conflict, IntakeError, InvalidInput
from normalizer.record import (
    DeadlineKind,
    Handover,
    Origin,
    RawIntake,
    WebIntake,
    check_handover,
)
from normalizer.stages import EventType, Stage, check

__all__ = ["ReportUpInput", "handover_routes", "report_up"]


class ReportUpInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """The 报结 sent to the higher organ: the day it went (absent: today) and the number of
    this office's 报结 letter."""

    at: date | None = None
    document_no: Annotated[str, msgspec.Meta(max_length=100)] | None = None


def _today() -> date:
    return datetime.now(SHANGHAI).date()


def checked_handover(handover: Handover | None) -> Handover:
    """The handover of a staff submission, or the first of its problems as ``InvalidInput``."""
    if handover is None or handover.origin is Origin.SELF:
        raise InvalidInput(
            "handover_required",
            "请填写来源和移交信息。",
            "A handover (origin other than self) is required here.",
            field="$.handover.origin",
        )
    problems = check_handover(handover, _today())
    if problems:
        name, message = next(iter(problems.items()))
        raise InvalidInput(
            "handover_invalid",
            message,
            f"$.handover.{name} is not valid.",
            field=f"$.handover.{name}",
        )
    return handover


async def report_up(store: Store, intake: StoredIntake, step: ReportUpInput, actor: str) -> None:
    """Record the 报结 of a 上级交办 to the higher organ; it meets D10."""
    if intake.origin != Origin.SUPERIOR_ASSIGN.value:
        raise Conflict(
            "not_assigned_from_above",
            "只有上级交办件须向上级报结。",
            "Only an item a higher organ assigned (superior_assign) is reported up.",
        )
    today = _today()
    if step.at is not None and step.at > today:
        raise InvalidInput(
            "date_in_future", "日期不能晚于今天。", "The date lies in the future.", field="$.at"
        )
    check(Stage(intake.stage), EventType.REPORTED_UP, at=step.at, received_at=intake.received_at)
    reason = f"doc {step.document_no}" if step.document_no else None
    update = CallbackUpdate(
        event=NewEvent(EventType.REPORTED_UP.value, actor, None, None, reason),
        status=None,
        met_deadlines=[DeadlineKind.ASSIGNED_REPORT.value],
    )
    await store.record_callback(intake.id, update)


def _handover_of(intake: StoredIntake) -> Handover | None:
    """The handover as entered (the raw intake: a sealed item has no record)."""
    try:
        raw = msgspec.json.decode(intake.raw, type=RawIntake)
    except msgspec.MsgspecError:
        return None
    found: Handover | None = getattr(raw, "handover", None)
    return found


def handover_routes(submit: Submit, store: Store, pages: StaffPages) -> list[web.RouteDef]:
    async def api_submit(request: web.Request) -> web.Response:
        intake: WebIntake = decode_json(await request.read(), WebIntake)
        checked_handover(intake.handover)
        validate_identity(intake)
        actor = principal_of(request).actor
        key = request.headers.get("Idempotency-Key")
        if key is not None and not 8 <= len(key) <= 200:
            raise InvalidInput(
                "idempotency_key_invalid",
                "Idempotency-Key 长度应为 8 到 200 个字符。",
                "Idempotency-Key must have 8 to 200 characters.",
                field="Idempotency-Key",
            )
        receipt = await submit(
            intake, [], actor=actor, idempotency_key=f"handover:{actor}:{key}" if key else None
        )
        return web.json_response(
            {
                "intake_no": receipt.intake_no,
                "received_at": receipt.received_at.isoformat(),
                "duplicate": receipt.duplicate,
                "origin": intake.handover.origin.value if intake.handover else "self",
            },
            status=200 if receipt.duplicate else 201,
        )

    async def api_report_up(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        body = await request.read()
        step = decode_json(body, ReportUpInput) if body.strip() else ReportUpInput()
        await report_up(store, intake, step, principal_of(request).actor)
        return web.json_response({"intake_no": intake.intake_no, "reported_up": True})

    async def page(request: web.Request) -> web.Response:
        wanted = request.query.get("origin") or None
        if wanted not in ORIGIN_LABELS or wanted == "self":
            wanted = None
        sealed_ok = principal_of(request).role in SEALED_ROLES
        found = await store.handed_over(wanted, with_sealed=sealed_ok)
        deadlines: dict[str, dict[str, StoredDeadline]] = {}
        for d in await store.list_deadlines(open_only=False):
            deadlines.setdefault(d.intake_id, {})[d.kind] = d
        rows: list[dict[str, Any]] = []
        for h in found:
            stored = await store.load(h.intake_id)
            ho = _handover_of(stored) if stored is not None else None
            mine = deadlines.get(h.intake_id, {})
            rows.append(
                {
                    "h": h,
                    "origin": ORIGIN_LABELS.get(h.origin, h.origin),
                    "handover": ho,
                    "received": local_time(h.received_at, "%Y-%m-%d %H:%M"),
                    "stage": STAGE_LABELS.get(h.stage, h.stage),
                    "accept": mine.get(DeadlineKind.HANDOVER_ACCEPT.value),
                    "report": mine.get(DeadlineKind.ASSIGNED_REPORT.value),
                    "can_report": h.origin == Origin.SUPERIOR_ASSIGN.value
                    and _allowed(h.stage, EventType.REPORTED_UP),
                }
            )
        return aiohttp_jinja2.render_template(
            "handovers.html",
            request,
            pages.context(
                request,
                rows=rows,
                origins={k: v for k, v in ORIGIN_LABELS.items() if k != "self"},
                wanted=wanted,
                labels=DEADLINE_LABELS,
                today=_today(),
                saved=request.query.get("saved") == "1",
            ),
        )

    async def form_report_up(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        form = await request.post()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        if not pages.csrf_ok(request, values.pop("csrf", None)):
            return pages.message(request, "表单已过期", "请返回刷新后重试。", 400)
        try:
            step = msgspec.convert(
                {
                    "at": values.get("at") or None,
                    "document_no": values.get("document_no", "").strip() or None,
                },
                ReportUpInput,
            )
        except msgspec.ValidationError:
            return pages.message(request, "未能登记", "请检查报结日期和文号。", 422)
        try:
            await report_up(store, intake, step, principal_of(request).actor)
        except IntakeError as exc:
            return pages.message(request, "未能登记", exc.message_zh, exc.status)
        return web.Response(status=303, headers={"Location": "/staff/handovers?saved=1"})

    return [
        web.post("/api/v1/handovers", api_submit, name="handover.submit"),
        web.post("/api/v1/records/{key}/report-up", api_report_up, name="handover.report_up"),
        web.get("/staff/handovers", page, name="staff.handovers"),
        web.post("/staff/records/{key}/report-up", form_report_up, name="staff.report_up"),
    ]


def _allowed(stage: str, event: EventType) -> bool:
    try:
        check(Stage(stage), event)
    except (IntakeError, ValueError):
        return False
    return True
