"""Reviewer pages: the review queue, the record view, field corrections, real-name checks.

The queue lists every item in stage ``needs_review`` with its reasons, oldest first. The record
view puts the original (page image, recording) beside the draft text and the fields; opening
it is an IDENTITY_VIEWED event. A correction is one FIELD_CORRECTED event per field naming the
field and the reviewer, never the values (those live only in the encrypted record); the
engine's draft stays untouched in ``extracted``. Confirming moves the stage to ``normalized``
(REVIEWED). Call-backs and face-to-face checks move the real-name state through
``normalizer.realname``, one event per check.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import aiohttp_jinja2
import msgspec
from aiohttp import web

from gateway.accounts import StaffPages
from gateway.auth import Role, principal_of
from gateway.blind import record_keys
from gateway.decisions import decision_from_suggestion
from gateway.labels import (
    CHANNEL_LABELS,
    DEADLINE_LABELS,
    DEADLINE_STATE_LABELS,
    FIELD_LABELS,
    FLAG_LABELS,
    STAGE_LABELS,
    actor_label,
    describe_event,
    failure_label,
    local_time,
)
from gateway.pipeline import REVIEW_POLICY
from gateway.records import find, find_visible
from gateway.routing import Triage
from gateway.storage import SHANGHAI, NewEvent, StaleRecord, Store, StoredIntake
from gateway.triage_pages import panel_context
from gateway.workbench import assignee_choices
from normalizer.errors import Conflict, InvalidInput
from normalizer.extraction import check_id_number, parse_phone
from normalizer.normalize import id_number_field, phone_field
from normalizer.realname import (
    METHOD_LABELS,
    RESULT_LABELS,
    STATE_LABELS,
    apply_verification,
    claim_after_correction,
)
from normalizer.record import (
    Accused,
    ComplaintRecord,
    ExtractedText,
    IdentityClaim,
    ReporterKind,
    Verification,
)
from normalizer.stages import HANDED_OVER
from normalizer.workdays import WorkCalendar

__all__ = ["CHANNEL_LABELS", "FLAG_LABELS", "review_routes"]

MAX_ACCUSED_ROWS = 5
# Where the processing system already holds the record: a correction or a new real-name state
# is sent to it again.
HANDED_OVER_STAGES = frozenset(str(s) for s in HANDED_OVER)


def _same_phone(a: str, b: str) -> bool:
    pa, pb = parse_phone(a), parse_phone(b)
    return pa is not None and pb is not None and pa.e164 == pb.e164


def current_fields(record: ComplaintRecord) -> dict[str, str]:
    """The record's correctable fields as form values."""
    c = record.complainant
    values = {
        "complainant.name": c.name or "",
        "complainant.unit_name": c.unit_name or "",
        "complainant.id_number": c.id_number.value if c.id_number else "",
        "complainant.phone": c.phones[0].raw if c.phones else "",
        "complainant.address": c.address or "",
        "content.title": record.content.title or "",
        "content.text": record.content.text,
    }
    for i, a in enumerate(record.accused[:MAX_ACCUSED_ROWS]):
        for part in ("name", "unit", "position"):
            values[f"accused.{i}.{part}"] = getattr(a, part) or ""
    return values


def apply_corrections(
    record: ComplaintRecord, form: dict[str, str]
) -> tuple[ComplaintRecord, list[str], dict[str, str]]:
    """(corrected record, names of changed fields, errors by field). Pure."""
    before = current_fields(record)
    changed = [
        k
        for k, v in form.items()
        if k in FIELD_LABELS or k.startswith("accused.")
        if v.strip() != before.get(k, "").strip()
        and not (k == "content.text" and v.replace("\r\n", "\n") == before[k])
    ]
    if "complainant.phone" in changed and _same_phone(
        form["complainant.phone"], before["complainant.phone"]
    ):
        changed.remove("complainant.phone")  # same number, written differently
    errors: dict[str, str] = {}
    new = {k: form[k].strip() for k in changed}
    if "content.text" in new:
        new["content.text"] = form["content.text"].replace("\r\n", "\n").strip()
        if not new["content.text"]:
            errors["content.text"] = "反映内容不能为空。"
    if new.get("complainant.id_number"):
        found = check_id_number(new["complainant.id_number"])
        if not found.valid:
            errors["complainant.id_number"] = (
                found.problems[0].message_zh if found.problems else "身份证号码无效。"
            )
    if new.get("complainant.phone") and parse_phone(new["complainant.phone"]) is None:
        errors["complainant.phone"] = "电话号码格式不正确，请填写手机号或带区号的固定电话。"
    if errors or not changed:
        return record, [] if errors else changed, errors
    c = record.complainant
    updates: dict[str, Any] = {}
    for key, attr in (
        ("complainant.name", "name"),
        ("complainant.unit_name", "unit_name"),
        ("complainant.address", "address"),
    ):
        if key in new:
            updates[attr] = new[key] or None
    if "complainant.id_number" in new:
        value = new["complainant.id_number"]
        updates["id_number"] = id_number_field(value) if value else None
    if "complainant.phone" in new:
        value = new["complainant.phone"]
        rest = list(c.phones[1:])
        updates["phones"] = ([phone_field(value)] if value else []) + rest
    complainant = msgspec.structs.replace(c, **updates)
    if complainant.kind == ReporterKind.ANONYMOUS and (complainant.name or complainant.unit_name):
        kind = ReporterKind.PERSON if complainant.name else ReporterKind.UNIT
        complainant = msgspec.structs.replace(complainant, kind=kind)
    content = record.content
    if "content.title" in new:
        content = msgspec.structs.replace(content, title=new["content.title"] or None)
    if "content.text" in new:
        content = msgspec.structs.replace(content, text=new["content.text"], text_is_draft=False)
    accused = list(record.accused)
    for i in range(MAX_ACCUSED_ROWS):
        parts = {
            p: new[f"accused.{i}.{p}"]
            for p in ("name", "unit", "position")
            if f"accused.{i}.{p}" in new
        }
        if not parts:
            continue
        if i < len(accused):
            accused[i] = msgspec.structs.replace(
                accused[i], **{p: v or None for p, v in parts.items()}
            )
        else:
            accused.append(Accused(**{p: v or None for p, v in parts.items()}))
    accused = [a for a in accused if a.name or a.unit or a.position]
    flags = list(record.flags)
    if complainant.id_number is None or complainant.id_number.valid:
        flags = [f for f in flags if f.code != "identity_invalid"]
    has_contact = any(p.valid for p in complainant.phones) or bool(
        complainant.address or complainant.email
    )
    status = claim_after_correction(
        record.real_name.status, bool(complainant.name or complainant.unit_name), has_contact
    )
    real_name = msgspec.structs.replace(record.real_name, status=status)
    corrected = msgspec.structs.replace(
        record,
        complainant=complainant,
        content=content,
        accused=accused,
        flags=flags,
        real_name=real_name,
    )
    return corrected, changed, {}


_MEDIA_LABELS = {
    "application/pdf": "PDF 文件",
    "application/json": "提交的表单原文",
    "text/plain": "文本",
    "image/tiff": "TIFF 扫描件",
}


def _media_label(media_type: str) -> str:
    """What an original is, in words staff read (the media type is a code value)."""
    if media_type in _MEDIA_LABELS:
        return _MEDIA_LABELS[media_type]
    if media_type.startswith("image/"):
        return "图片"
    if media_type.startswith("audio/"):
        return "录音"
    return "文件"


def _media_kind(media_type: str) -> str:
    if media_type.startswith("image/") and media_type != "image/tiff":
        return "image"  # browsers do not show TIFF in <img>
    if media_type.startswith("audio/"):
        return "audio"
    return "file"


def review_routes(
    store: Store,
    pages: StaffPages,
    calendar: WorkCalendar,
    triage: Triage,
    destinations: Sequence[str] = (),
    review_channels: Collection[str] = (),
    *,
    match_secret: bytes = b"",
) -> list[web.RouteDef]:
    policy = (
        "按本机关规定，"
        + "、".join(CHANNEL_LABELS[c] for c in sorted(review_channels) if c in CHANNEL_LABELS)
        + "一律经人工审核确认后才转送处理系统。"
        if review_channels
        else ""
    )

    def queue_flags(
        intake: StoredIntake, record: ComplaintRecord, keep_policy: bool
    ) -> tuple[str, ...]:
        """The record's flags, plus the policy reason while the item still waits for review."""
        codes = tuple(f.code for f in record.flags)
        if keep_policy and REVIEW_POLICY in intake.flags:
            codes = (*codes, REVIEW_POLICY)
        return codes

    async def queue(request: web.Request) -> web.Response:
        channel = request.query.get("channel", "")
        reason = request.query.get("reason", "")
        items = await store.list_intakes(stage="needs_review", limit=1000)
        # Returned by the 监督检查部门 (研判回退, Art. 17): back here for a new decision.
        items += await store.list_intakes(stage="returned", limit=1000)
        items.sort(key=lambda i: i["received_at"])
        all_reasons = sorted({f for i in items for f in i["flags"]})
        shown = [
            {
                **i,
                "channel_label": CHANNEL_LABELS.get(i["channel"], i["channel"]),
                "received": local_time(i["received_at"], "%Y-%m-%d %H:%M"),
                "reasons": [FLAG_LABELS.get(f, f) for f in i["flags"]],
            }
            for i in items
            if (not channel or i["channel"] == channel) and (not reason or reason in i["flags"])
        ]
        return aiohttp_jinja2.render_template(
            "review_queue.html",
            request,
            pages.context(
                request,
                items=shown,
                policy=policy,
                channel=channel,
                reason=reason,
                channels=CHANNEL_LABELS,
                reasons={r: FLAG_LABELS.get(r, r) for r in sorted({*FLAG_LABELS, *all_reasons})},
            ),
        )

    async def open_record(request: web.Request) -> web.Response:
        number = request.query.get("no", "").strip().upper()
        if not number or not number.isalnum():
            raise web.HTTPFound("/staff/review")
        return web.Response(status=303, headers={"Location": f"/staff/records/{number}"})

    async def record_page(
        request: web.Request,
        intake: StoredIntake,
        *,
        values: dict[str, str] | None = None,
        errors: dict[str, str] | None = None,
        status: int = 200,
        note: str | None = None,
    ) -> web.Response:
        if intake.record is None:
            if intake.stage == "dead_letter":
                dead = [j for j in await store.dead_jobs() if j.intake_no == intake.intake_no]
                why = "、".join(failure_label(j.error) for j in dead) or failure_label(None)
                return aiohttp_jinja2.render_template(
                    "staff_message.html",
                    request,
                    pages.context(
                        request,
                        title="处理失败",
                        message=f"{intake.intake_no} 自动处理失败，原因：{why}。"
                        "排除原因后，可在“处理失败”列表中重新处理。",
                        link=("/staff/failed", "打开处理失败列表"),
                    ),
                    status=409,
                )
            return aiohttp_jinja2.render_template(
                "staff_message.html",
                request,
                pages.context(
                    request,
                    title="尚在处理",
                    message=f"{intake.intake_no} 尚未完成识别与规范化，请稍后再打开。",
                ),
                status=409,
            )
        record = msgspec.json.decode(intake.record, type=ComplaintRecord)
        draft = (
            msgspec.json.decode(intake.extracted, type=ExtractedText) if intake.extracted else None
        )
        await store.append_event(
            intake.id,
            NewEvent("IDENTITY_VIEWED", principal_of(request).actor, reason="record page"),
        )
        events = await store.events(intake.id)
        base = f"/api/v1/records/{intake.intake_no}/originals"
        originals = [
            {
                "url": f"{base}/{n}",
                "kind": _media_kind(o.media_type),
                "media_type": o.media_type,
                "n": n,
                "role": o.role,
                "label": _media_label(o.media_type),
            }
            for n, o in enumerate(intake.originals)
        ]
        form = current_fields(record)
        if values:
            form.update(values)
        accused_rows = max(len(record.accused) + 1, 2)
        return aiohttp_jinja2.render_template(
            "review_record.html",
            request,
            pages.context(
                request,
                intake=intake,
                record=record,
                draft=draft,
                originals=originals,
                form=form,
                errors=errors or {},
                note=note,
                accused_rows=range(min(accused_rows, MAX_ACCUSED_ROWS)),
                channel_label=CHANNEL_LABELS.get(intake.channel, intake.channel),
                stage_label=STAGE_LABELS.get(intake.stage, intake.stage),
                flags=[(f.code, FLAG_LABELS.get(f.code, f.reason), f.detail) for f in record.flags]
                + (
                    [(REVIEW_POLICY, FLAG_LABELS[REVIEW_POLICY], None)]
                    if intake.stage == "needs_review" and REVIEW_POLICY in intake.flags
                    else []
                ),
                policy=policy if intake.channel in review_channels else "",
                state_label=STATE_LABELS[record.real_name.status],
                can_verify=record.real_name.status
                in (IdentityClaim.SIGNED_UNVERIFIED, IdentityClaim.VERIFICATION_INCOMPLETE),
                can_confirm=intake.stage in ("needs_review", "returned"),
                methods=METHOD_LABELS,
                results=RESULT_LABELS,
                events=[describe_event(e) for e in events],
                deadline_labels=DEADLINE_LABELS,
                deadline_states=DEADLINE_STATE_LABELS,
                field_labels=FIELD_LABELS,
                **await panel_context(triage, intake, record, principal_of(request).role),
                **await _assignment(intake, request),
            ),
            status=status,
        )

    async def _assignment(intake: StoredIntake, request: web.Request) -> dict[str, Any]:
        """Who handles the item (承办人), and whom the head may give it to."""
        principal = principal_of(request)
        assignee = await store.assignee_of(intake.id)
        can_assign = principal.role in (Role.HEAD, Role.ADMIN)
        return {
            "assignee": assignee,
            "assignee_label": actor_label(assignee) if assignee else "",
            "assigned_to_me": assignee == principal.actor,
            "can_take": principal.role in (Role.REVIEWER, Role.HEAD),
            "assignees": assignee_choices(await store.list_users()) if can_assign else [],
        }

    async def view(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        if intake.sealed:
            raise web.HTTPFound(f"/staff/sealed/{intake.intake_no}")
        saved = {
            "1": "已保存更正。",
            "2": "已按建议研判。",
            "3": "已记录核实结果。",
            "4": "已更新承办人。",
            "decided": "已提交研判。",
            "sent": "已登记送出。",
        }
        return await record_page(request, intake, note=saved.get(request.query.get("saved", "")))

    async def _form(request: web.Request) -> dict[str, str] | None:
        form = await request.post()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        return values if pages.csrf_ok(request, values.pop("csrf", None)) else None

    def _stale(request: web.Request) -> web.Response:
        return aiohttp_jinja2.render_template(
            "staff_message.html",
            request,
            pages.context(request, title="表单已过期", message="请返回记录页面刷新后重试。"),
            status=400,
        )

    def _conflict(request: web.Request) -> web.Response:
        return aiohttp_jinja2.render_template(
            "staff_message.html",
            request,
            pages.context(
                request,
                title="该件已被他人更新",
                message="您打开页面后，他人已修改此件。为免覆盖，本次未保存；请返回刷新后再改。",
            ),
            status=409,
        )

    def _changed_since_opened(intake: StoredIntake, values: dict[str, str]) -> bool:
        return values.pop("rev", str(intake.record_rev)) != str(intake.record_rev)

    async def _open_for_change(
        request: web.Request,
    ) -> tuple[StoredIntake, dict[str, str], ComplaintRecord] | web.Response:
        """The record a staff form changes, or the page to answer instead (stale form,
        changed since opened, nothing to change yet)."""
        intake = await find(store, request.match_info["key"])
        values = await _form(request)
        if values is None:
            return _stale(request)
        if _changed_since_opened(intake, values):
            return _conflict(request)
        if intake.record is None:
            return await record_page(request, intake)
        return intake, values, msgspec.json.decode(intake.record, type=ComplaintRecord)

    async def correct(request: web.Request) -> web.Response:
        opened = await _open_for_change(request)
        if isinstance(opened, web.Response):
            return opened
        intake, values, record = opened
        action = values.pop("action", "save")
        corrected, changed, errors = apply_corrections(record, values)
        if errors:
            return await record_page(request, intake, values=values, errors=errors, status=422)
        actor = principal_of(request).actor
        events = [NewEvent("FIELD_CORRECTED", actor, reason=name) for name in changed]
        # Corrected names, numbers or accused: the blind index (repeats, search) follows.
        keys = record_keys(match_secret, corrected) if match_secret and changed else None
        confirm = action == "confirm" and intake.stage in ("needs_review", "returned")
        if confirm:
            # 按系统建议研判: the corrected record, decided as the system suggests, in the
            # commit that saves the corrections (a different decision uses the 研判 form).
            organ, _ = await triage.organ()
            suggestion = triage.suggestion(intake, corrected, None, organ)
            decision = decision_from_suggestion(suggestion)
            if decision is None:
                return await record_page(
                    request,
                    intake,
                    values=values,
                    errors={"decision": "本件须按密封件办理，请由信访室负责人处理。"},
                    status=422,
                )
            try:
                plan = await triage.plan(
                    intake, corrected, suggestion, decision, actor, expect_rev=intake.record_rev
                )
                await store.decide(
                    intake.id, replace(plan, events=[*events, *plan.events], match_keys=keys)
                )
            except StaleRecord:
                return _conflict(request)
            except (InvalidInput, Conflict) as exc:
                return await record_page(
                    request, intake, values=values, errors={"decision": exc.message_zh}, status=422
                )
        elif events:
            try:
                await store.append_events(
                    intake.id,
                    events,
                    record=msgspec.json.encode(corrected),
                    flags=queue_flags(intake, corrected, keep_policy=True),
                    stat=await triage.stat_row(corrected, intake.classification),
                    # Already downstream: the processing system gets the corrected record.
                    deliveries=destinations if intake.stage in HANDED_OVER_STAGES else (),
                    expect_rev=intake.record_rev,
                    match_keys=keys,
                )
            except StaleRecord:
                return _conflict(request)
        saved = "2" if confirm else "1"
        return web.Response(
            status=303, headers={"Location": f"/staff/records/{intake.intake_no}?saved={saved}"}
        )

    async def verify(request: web.Request) -> web.Response:
        opened = await _open_for_change(request)
        if isinstance(opened, web.Response):
            return opened
        intake, values, record = opened
        method = values.get("method", "")
        if method not in METHOD_LABELS:
            return await record_page(
                request, intake, errors={"method": "请选择核实方式。"}, status=422
            )
        actor = principal_of(request).actor
        verification = Verification(
            method=method,  # type: ignore[arg-type]
            result=values.get("result", ""),  # type: ignore[arg-type]
            at=datetime.now(UTC),
            staff=actor,
            note=values.get("note", "").strip()[:500] or None,
        )
        received = intake.received_at.astimezone(SHANGHAI).date()
        try:
            updated = apply_verification(record, verification, calendar, received)
        except InvalidInput as exc:
            return await record_page(request, intake, errors={"result": exc.message_zh}, status=422)
        before, after = record.real_name.status, updated.real_name.status
        kind = (
            "REAL_NAME_CONFIRMED"
            if after == IdentityClaim.REAL_NAME_CONFIRMED
            else "REAL_NAME_VERIFICATION_ATTEMPTED"
        )
        # The note stays in the encrypted record: it may repeat what the person said.
        events = [NewEvent(kind, actor, str(before), str(after), f"{method}:{verification.result}")]
        stage = None
        if after == IdentityClaim.IMPERSONATION_SUSPECTED and intake.stage in (
            "normalized",
            "delivered",
        ):
            stage = "needs_review"
            events.append(
                NewEvent(
                    "FLAGGED", "screening", intake.stage, "needs_review", "impersonation_suspected"
                )
            )
        try:
            await store.append_events(
                intake.id,
                events,
                stage=stage,
                record=msgspec.json.encode(updated),
                flags=queue_flags(intake, updated, keep_policy=stage is None),
                stat=await triage.stat_row(updated, intake.classification),
                expect_rev=intake.record_rev,
                # The processing system already has this record: it gets the new real-name state.
                deliveries=destinations if intake.stage in HANDED_OVER_STAGES else (),
            )
        except StaleRecord:
            return _conflict(request)
        return web.Response(
            status=303, headers={"Location": f"/staff/records/{intake.intake_no}?saved=3"}
        )

    return [
        web.get("/staff/review", queue, name="staff.review_queue"),
        web.get("/staff/open", open_record, name="staff.open"),
        web.get("/staff/records/{key}", view, name="staff.record"),
        web.post("/staff/records/{key}/corrections", correct, name="staff.correct"),
        web.post("/staff/records/{key}/verifications", verify, name="staff.verify"),
    ]
