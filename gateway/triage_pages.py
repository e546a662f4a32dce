"""The staff side of 研判分流: the panel on the record page, the 分管领导's approvals, the
ledger (台账), the sealed items of the 信访室 head, printed letters and cover sheets, and the
organ registry (issue 12).

Forms post here and go through ``gateway.routing.Triage``, as the JSON API does; a refused
step is shown on the page in Chinese with the status the API would give.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import aiohttp_jinja2
import msgspec
from aiohttp import web

from gateway.accounts import StaffPages
from gateway.auth import Role, principal_of
from gateway.decisions import ApprovalInput, DecisionInput, TriageDoc
from gateway.labels import (
    CHANNEL_LABELS,
    FLAG_LABELS,
    STAGE_LABELS,
    describe_event,
    destination_label,
    event_reason,
    local_time,
)
from gateway.records import find_visible
from gateway.routing import Triage
from gateway.storage import LedgerRow, ManualDelivery, OrganRow, RoutingItem, StoredIntake
from normalizer.errors import IntakeError, InvalidInput
from normalizer.record import ComplaintRecord
from normalizer.triage import (
    ACTION_LABELS,
    CLASSIFICATION_LABELS,
    Action,
    Classification,
    OrganLevel,
)

__all__ = [
    "CHOICES",
    "DISPOSALS",
    "decision_from_form",
    "disposal_of",
    "organ_from_form",
    "panel_context",
    "triage_page_routes",
]

# The choices of the panel: one primary action each (R7's pair goes together, Art. 14).
CHOICES: dict[str, str] = {
    "YISONG_INTERNAL+NOTIFY_CASE_MGMT": "移送监督检查部门并告知案件监督管理部门（R7）",
    "REGISTER_AND_FILE": "登记后留存备查（R6，重复检举控告）",
    "ZHUANSONG_DOWN": "转送下级纪检监察机关（R3）",
    "JIAOBAN_DOWN": "交办下级纪检监察机关（R3，须报结）",
    "TRANSFER_OTHER_SUPERVISORY_ORGAN": "转送其他监察机关（R4）",
    "BAOSONG_UP": "径送本机关主要负责人并报送上一级（R2，密封）",
    "JINGSONG_UP": "径送上一级信访举报部门（R1，密封）",
    "FORWARD_TO_OTHER_AUTHORITY": "转有关机关或者单位（R5，来信）",
    "INFORM_COMPLAINANT": "告知向有权机关反映（R5，来访、来电、网络）",
}
# The ledger's disposals (domain.md §2), by action; 不予受理 also by classification.
DISPOSALS = ("径送", "报送", "移送", "转送", "交办", "留存备查", "不予受理", "转其他程序")
_BY_ACTION = {
    "JINGSONG_UP": "径送",
    "BAOSONG_UP": "报送",
    "YISONG_INTERNAL": "移送",
    "ZHUANSONG_DOWN": "转送",
    "TRANSFER_OTHER_SUPERVISORY_ORGAN": "转送",
    "JIAOBAN_DOWN": "交办",
    "REGISTER_AND_FILE": "留存备查",
    "FORWARD_TO_OTHER_AUTHORITY": "不予受理",
    "INFORM_COMPLAINANT": "不予受理",
}
_NOT_ACCEPTED = {Classification.OUT_OF_REMIT.value, Classification.NO_SUBSTANCE.value}
CONTENT_LABELS = {
    "record": "移送件",
    "notice": "告知单（不含检举控告人信息）",
    "letter": "转送（交办）函",
    "cover_sheet": "移送/报送单（密封件封面）",
}
LEVEL_LABELS = {
    OrganLevel.CENTRAL: "中央",
    OrganLevel.PROVINCE: "省级",
    OrganLevel.PREFECTURE: "市（地）级",
    OrganLevel.COUNTY: "县级",
    OrganLevel.TOWNSHIP: "乡镇",
    OrganLevel.STATIONED: "派驻机构",
}
RELATION_LABELS = {"above": "上级", "below": "下级", "other": "其他（同级、异地）"}


def disposal_of(item: RoutingItem, classification: str | None) -> str:
    if classification in _NOT_ACCEPTED:
        return "不予受理"
    for action in item.actions:
        if action in _BY_ACTION:
            return _BY_ACTION[action]
    return "转其他程序"


def _labels(actions: Sequence[str]) -> str:
    return "、".join(ACTION_LABELS[Action(a)] for a in actions) or "转其他程序办理"


def choice_of(actions: Sequence[str]) -> str:
    return "+".join(actions)


def _destination_label(destination: str, organs: dict[str, OrganRow]) -> str:
    kind, _, key = destination.partition("/")
    if kind == "organ" and key in organs:
        return organs[key].name
    return destination_label(destination)


def _items_view(
    items: Sequence[RoutingItem], record: ComplaintRecord | None, organs: dict[str, OrganRow]
) -> list[dict[str, Any]]:
    out = []
    for i in items:
        accused = (
            record.accused[i.accused_index]
            if record is not None
            and i.accused_index is not None
            and i.accused_index < len(record.accused)
            else None
        )
        out.append(
            {
                "item": i,
                "who": "、".join(p for p in (accused.name, accused.unit, accused.position) if p)
                if accused
                else "未具名被反映人",
                "actions": "、".join(ACTION_LABELS[Action(a)] for a in i.actions)
                or "转其他程序办理",
                "suggested": "、".join(ACTION_LABELS[Action(a)] for a in i.suggested_actions),
                "destination": organs[i.destination].name
                if i.destination in organs
                else (i.destination or ""),
                "stage": STAGE_LABELS.get(i.stage, i.stage),
            }
        )
    return out


async def panel_context(
    triage: Triage,
    intake: StoredIntake,
    record: ComplaintRecord | None,
    role: Role,
) -> dict[str, Any]:
    """What the record page shows of 研判: suggestion beside decision, per accused."""
    organ, registry = await triage.organ()
    organs = {o.id: o for o in registry}
    doc = await triage.doc(intake.id)
    suggestion = triage.suggestion(intake, record, doc, organ)
    items = await triage.store.routing_items(intake.id)
    rows = []
    accused = list(record.accused) if record else []
    for n, s in enumerate(suggestion.items):
        who = accused[s.accused] if s.accused is not None and s.accused < len(accused) else None
        rows.append(
            {
                "n": n,
                "accused": "" if s.accused is None else str(s.accused),
                "who": "、".join(p for p in (who.name, who.unit, who.position) if p)
                if who
                else "未具名被反映人",
                "rule": s.rule.value,
                "suggested": choice_of([a.value for a in s.actions]),
                "reason": s.reason,
                "destination": next(
                    (o.id for o in registry if s.destination and o.name == s.destination.name), ""
                ),
                "first_time": s.rule.value != "R6",
            }
        )
    waiting = [
        d
        for d in await triage.store.manual_deliveries(with_sealed=role == Role.HEAD)
        if d.intake_id == intake.id
    ]
    decidable = intake.stage in ("needs_review", "returned", "received") and (
        not intake.sealed or role == Role.HEAD
    )
    return {
        "triage_suggestion": suggestion,
        "triage_rows": rows,
        "triage_items": _items_view(items, record, organs),
        "triage_doc": doc,
        "triage_classification": intake.classification,
        "triage_organs": registry,
        "triage_choices": CHOICES,
        "triage_classes": CLASSIFICATION_LABELS,
        "triage_record_flags": [(f.code, FLAG_LABELS.get(f.code, f.reason)) for f in record.flags]
        if record
        else [],
        "can_decide": decidable and role in (Role.REVIEWER, Role.HEAD, Role.ADMIN),
        "can_approve": intake.stage == "awaiting_approval" and role == Role.LEADER,
        "letters": [
            {
                "d": d,
                "label": CONTENT_LABELS.get(d.content, d.content),
                "to": _destination_label(d.destination, organs),
            }
            for d in waiting
        ],
    }


def decision_from_form(values: dict[str, str]) -> DecisionInput:
    """The panel's form as the API's ``DecisionInput`` (validated by msgspec the same way)."""
    items = []
    n = 0
    while f"item.{n}.action" in values:
        accused = values.get(f"item.{n}.accused", "")
        choice = values[f"item.{n}.action"]
        items.append(
            {
                "accused": int(accused) if accused.isdigit() else None,
                "actions": [a for a in choice.split("+") if a],
                "destination": values.get(f"item.{n}.destination") or None,
                "reason": values.get(f"item.{n}.reason", "").strip() or None,
                "first_time": values.get(f"item.{n}.first_time") == "1",
                "report_due": values.get(f"item.{n}.report_due") or None,
            }
        )
        n += 1
    dismissed = {
        k.removeprefix("dismiss."): v.strip()
        for k, v in values.items()
        if k.startswith("dismiss.") and v.strip()
    }
    body = {
        "classification": values.get("classification", ""),
        "items": items,
        "dismissed_flags": dismissed,
        "note": values.get("note", "").strip() or None,
    }
    try:
        return msgspec.convert(body, DecisionInput)
    except msgspec.ValidationError:
        raise InvalidInput(
            "decision_invalid",
            "研判表单填写不完整或有误，请检查分类和每名被反映人的处理方式。",
            "The decision form is incomplete.",
        ) from None


def _ledger_view(
    rows: Sequence[LedgerRow],
    organs: dict[str, OrganRow],
    returns: Mapping[str, Sequence[tuple[datetime, str]]] | None = None,
) -> list[dict[str, Any]]:
    """``returns``: the 研判回退 of each intake (its RETURNED events' reasons), shown on
    every item of the intake, also after the new decision replaced its items."""
    returns = returns or {}
    return [
        {
            "row": r,
            "disposal": disposal_of(r.item, r.classification),
            "actions": _labels(r.item.actions),
            "destination": organs[r.item.destination].name if r.item.destination in organs else "",
            "stage": STAGE_LABELS.get(r.item.stage, r.item.stage),
            "channel": CHANNEL_LABELS.get(r.channel, r.channel),
            "received": local_time(r.received_at, "%Y-%m-%d"),
            "decided": local_time(r.item.decided_at, "%Y-%m-%d %H:%M") if r.item.decided_at else "",
            "returns": [event_reason("RETURNED", x) for _, x in returns.get(r.intake_id, ())],
        }
        for r in rows
    ]


def triage_page_routes(triage: Triage, pages: StaffPages) -> list[web.RouteDef]:
    store = triage.store

    async def _form(request: web.Request) -> dict[str, str] | None:
        form = await request.post()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        return values if pages.csrf_ok(request, values.pop("csrf", None)) else None

    def _back(intake: StoredIntake, saved: str) -> web.Response:
        where = "sealed" if intake.sealed else "records"
        return web.Response(
            status=303, headers={"Location": f"/staff/{where}/{intake.intake_no}?saved={saved}"}
        )

    async def decide(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        values = await _form(request)
        if values is None:
            return pages.message(request, "表单已过期", "请返回记录页面刷新后重试。", 400)
        if intake.sealed and principal_of(request).role != Role.HEAD:
            raise web.HTTPNotFound()
        rev = values.pop("rev", "")
        try:
            decision = decision_from_form(values)
            await triage.decide(
                intake,
                decision,
                principal_of(request).actor,
                expect_rev=int(rev) if rev.isdigit() else None,
            )
        except IntakeError as exc:
            return pages.message(request, "研判未保存", exc.message_zh, exc.status)
        return _back(intake, "decided")

    async def approve(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        values = await _form(request)
        if values is None:
            return pages.message(request, "表单已过期", "请返回刷新后重试。", 400)
        approval = ApprovalInput(
            approved=values.get("approved") == "1",
            note=values.get("note", "").strip()[:500] or None,
        )
        try:
            await triage.approve(intake, approval, principal_of(request).actor)
        except IntakeError as exc:
            return pages.message(request, "审批未保存", exc.message_zh, exc.status)
        return web.Response(status=303, headers={"Location": "/staff/approvals?saved=1"})

    async def sent(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        values = await _form(request)
        if values is None:
            return pages.message(request, "表单已过期", "请返回刷新后重试。", 400)
        try:
            await triage.mark_sent(
                intake, request.match_info["delivery"], principal_of(request).actor
            )
        except IntakeError as exc:
            return pages.message(request, "未能标记送出", exc.message_zh, exc.status)
        return _back(intake, "sent")

    async def approvals(request: web.Request) -> web.Response:
        waiting = await store.list_intakes(stage="awaiting_approval", limit=1000)
        sealed = [s for s in await store.sealed_intakes() if s["stage"] == "awaiting_approval"]
        rows = [
            {
                "intake_no": i["intake_no"],
                "channel": CHANNEL_LABELS.get(i["channel"], i["channel"]),
                "received": local_time(i["received_at"], "%Y-%m-%d %H:%M"),
                "sealed": False,
            }
            for i in waiting
        ] + [
            {
                "intake_no": s["intake_no"],
                "channel": CHANNEL_LABELS.get(s["channel"], s["channel"]),
                "received": local_time(s["received_at"], "%Y-%m-%d %H:%M"),
                "sealed": True,
            }
            for s in sealed
        ]
        details = []
        for row in rows:
            key = await store.find_intake_no(row["intake_no"])
            intake = await store.load(key or "")
            if intake is None:
                continue
            items = await store.routing_items(intake.id)
            record = (
                msgspec.json.decode(intake.record, type=ComplaintRecord) if intake.record else None
            )
            _, registry = await triage.organ()
            doc = await triage.doc(intake.id)
            details.append(
                {
                    **row,
                    "classification": intake.classification or "",
                    "routing": _items_view(items, record, {o.id: o for o in registry}),
                    "decided_by": doc.decision.by if doc and doc.decision else "",
                    "note": doc.decision.input.note if doc and doc.decision else None,
                    "reasons": [i.reason for i in doc.decision.input.items if i.reason]
                    if doc and doc.decision
                    else [],
                }
            )
        return aiohttp_jinja2.render_template(
            "approvals.html",
            request,
            pages.context(
                request,
                rows=details,
                saved=request.query.get("saved") == "1",
                can_approve=principal_of(request).role == Role.LEADER,
            ),
        )

    async def ledger(request: web.Request) -> web.Response:
        disposal = request.query.get("disposal", "")
        head = principal_of(request).role == Role.HEAD
        _, registry = await triage.organ()
        rows = _ledger_view(
            await store.ledger(with_sealed=head),
            {o.id: o for o in registry},
            await store.returns(),
        )
        shown = [r for r in rows if not disposal or r["disposal"] == disposal]
        return aiohttp_jinja2.render_template(
            "ledger.html",
            request,
            pages.context(request, rows=shown, disposal=disposal, disposals=DISPOSALS),
        )

    async def sealed_list(request: web.Request) -> web.Response:
        items = await store.sealed_intakes()
        rows = [
            {
                **s,
                "channel_label": CHANNEL_LABELS.get(s["channel"], s["channel"]),
                "received": local_time(s["received_at"], "%Y-%m-%d %H:%M"),
                "stage_label": STAGE_LABELS.get(s["stage"], s["stage"]),
                "purge": local_time(s["purge_after"], "%Y-%m-%d") if s["purge_after"] else "已销毁",
            }
            for s in items
        ]
        return aiohttp_jinja2.render_template(
            "sealed_list.html", request, pages.context(request, rows=rows)
        )

    async def sealed_item(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        if not intake.sealed:
            raise web.HTTPFound(f"/staff/records/{intake.intake_no}")
        doc = await triage.doc(intake.id) or TriageDoc()
        panel = await panel_context(triage, intake, None, principal_of(request).role)
        events = [describe_event(e) for e in await store.events(intake.id)]
        return aiohttp_jinja2.render_template(
            "sealed_item.html",
            request,
            pages.context(
                request,
                intake=intake,
                doc=doc,
                channel_label=CHANNEL_LABELS.get(intake.channel, intake.channel),
                stage_label=STAGE_LABELS.get(intake.stage, intake.stage),
                events=events,
                saved=request.query.get("saved", ""),
                **panel,
            ),
        )

    async def letters(request: web.Request) -> web.Response:
        head = principal_of(request).role == Role.HEAD
        _, registry = await triage.organ()
        organs = {o.id: o for o in registry}
        waiting = await store.manual_deliveries(with_sealed=head)
        rows = [_letter_row(d, organs) for d in waiting]
        return aiohttp_jinja2.render_template(
            "letters.html", request, pages.context(request, rows=rows)
        )

    async def letter(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        head = principal_of(request).role == Role.HEAD
        wanted = request.match_info["delivery"]
        found = [
            d
            for d in await store.manual_deliveries(with_sealed=head, limit=10_000)
            if d.id == wanted and d.intake_id == intake.id
        ]
        if not found:
            raise web.HTTPNotFound()
        d = found[0]
        _, registry = await triage.organ()
        organs = {o.id: o for o in registry}
        items = await store.routing_items(intake.id)
        item = next((i for i in items if i.position == d.item), None)
        record = None
        if intake.record and d.content != "cover_sheet":
            record = msgspec.json.decode(intake.record, type=ComplaintRecord)
        doc = await triage.doc(intake.id)
        return aiohttp_jinja2.render_template(
            "letter_print.html",
            request,
            pages.context(
                request,
                intake=intake,
                d=d,
                row=_letter_row(d, organs),
                item=item,
                item_view=_items_view([item], record, organs)[0] if item else None,
                record=record,
                doc=doc,
                received=local_time(intake.received_at, "%Y年%m月%d日 %H:%M"),
                channel_label=CHANNEL_LABELS.get(intake.channel, intake.channel),
                office=triage.own.name,
                identity=d.content == "letter"
                and d.destination.startswith("organ/")
                and organs.get(d.destination.partition("/")[2]) is not None
                and organs[d.destination.partition("/")[2]].with_identity,
            ),
        )

    async def organs_page(request: web.Request) -> web.Response:
        return aiohttp_jinja2.render_template(
            "organs.html",
            request,
            pages.context(
                request,
                organs=await store.organs(),
                levels=LEVEL_LABELS,
                relations=RELATION_LABELS,
                own=triage.own,
                own_level=LEVEL_LABELS.get(OrganLevel(triage.own.level), triage.own.level),
                error=None,
            ),
        )

    async def organ_save(request: web.Request) -> web.Response:
        values = await _form(request)
        if values is None:
            return pages.message(request, "表单已过期", "请返回刷新后重试。", 400)
        try:
            organ = organ_from_form(values, principal_of(request).actor)
        except InvalidInput as exc:
            return aiohttp_jinja2.render_template(
                "organs.html",
                request,
                pages.context(
                    request,
                    organs=await store.organs(),
                    levels=LEVEL_LABELS,
                    relations=RELATION_LABELS,
                    own=triage.own,
                    own_level=LEVEL_LABELS.get(OrganLevel(triage.own.level), triage.own.level),
                    error=exc.message_zh,
                ),
                status=422,
            )
        await store.put_organ(organ)
        return web.Response(status=303, headers={"Location": "/staff/organs"})

    async def organ_delete(request: web.Request) -> web.Response:
        values = await _form(request)
        if values is None:
            return pages.message(request, "表单已过期", "请返回刷新后重试。", 400)
        await store.delete_organ(request.match_info["organ"])
        return web.Response(status=303, headers={"Location": "/staff/organs"})

    return [
        web.post("/staff/records/{key}/decision", decide, name="staff.decide"),
        web.post("/staff/records/{key}/approval", approve, name="staff.approve"),
        web.post("/staff/records/{key}/deliveries/{delivery}/sent", sent, name="staff.sent"),
        web.get("/staff/records/{key}/letters/{delivery}", letter, name="staff.letter"),
        web.get("/staff/approvals", approvals, name="staff.approvals"),
        web.get("/staff/ledger", ledger, name="staff.ledger"),
        web.get("/staff/letters", letters, name="staff.letters"),
        web.get("/staff/sealed", sealed_list, name="staff.sealed"),
        web.get("/staff/sealed/{key}", sealed_item, name="staff.sealed_item"),
        web.get("/staff/organs", organs_page, name="staff.organs"),
        web.post("/staff/organs", organ_save, name="staff.organ_save"),
        web.post("/staff/organs/{organ}/delete", organ_delete, name="staff.organ_delete"),
    ]


def _letter_row(d: ManualDelivery, organs: dict[str, OrganRow]) -> dict[str, Any]:
    return {
        "d": d,
        "label": CONTENT_LABELS.get(d.content, d.content),
        "to": _destination_label(d.destination, organs),
        "created": local_time(d.created_at, "%Y-%m-%d %H:%M"),
    }


def organ_from_form(values: dict[str, str], actor: str) -> OrganRow:
    def bad(zh: str, field: str) -> InvalidInput:
        return InvalidInput("field_invalid", zh, "Invalid organ.", field=field)

    organ_id = values.get("id", "").strip()
    name = values.get("name", "").strip()
    region = values.get("region", "").strip()
    endpoint = values.get("endpoint", "").strip() or None
    if not organ_id or len(organ_id) > 64 or not organ_id.replace("-", "").isalnum():
        raise bad("编号须为字母、数字或连字符，至多64位。", "id")
    if not name or len(name) > 100:
        raise bad("请填写机关名称。", "name")
    if values.get("relation") not in RELATION_LABELS:
        raise bad("请选择与本机关的关系。", "relation")
    if values.get("level") not in {str(k) for k in LEVEL_LABELS}:
        raise bad("请选择机关层级。", "level")
    if region and not (region.isdigit() and len(region) in (2, 4, 6, 9)):
        raise bad("行政区划代码须为 GB/T 2260 代码（6位或9位数字）。", "region")
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise bad("接收地址须以 https:// 开头。", "endpoint")
    return OrganRow(
        id=organ_id,
        name=name,
        relation=values["relation"],
        level=values["level"],
        region=region,
        endpoint=endpoint,
        with_identity=values.get("with_identity") == "1",
        updated_by=actor,
    )
