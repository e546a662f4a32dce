"""The reception desk (访): a keyboard-fast entry page, form parsing, and the printed receipt.

A clerk records a walk-in or group visit: up to five named visitors (representatives of a group
visit), each with a checkbox for the face-to-face ID card check, the accused, the matter as
told, the documents the visitor brought, and where the visitor was sent when the matter is
outside the remit. The form becomes a ``VisitIntake`` with the clerk as ``entered_by`` and
goes through the same ``submit`` as every channel; the receipt shows the query code once.

Channels never import the gateway: the session-derived parts (who is the clerk, the form
token, the layout context) come in as a ``StaffContext``, recording that the visitor was
told where to go comes in as ``inform``, and the clerk's 姓名 for the receipt as ``clerk_name``
(the actor who entered the visit -> the display name an administrator set, or None).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import aiohttp_jinja2
from aiohttp import web

from channels.contract import Submit, Upload
from channels.uploads import Limits, open_multipart
from normalizer.errors import InvalidInput
from normalizer.extraction import check_id_number, parse_phone
from normalizer.record import (
    AccusedInput,
    Handover,
    Origin,
    SealMark,
    VisitIntake,
    Visitor,
    check_handover,
)

__all__ = [
    "MAX_ACCUSED",
    "MAX_VISITORS",
    "ClerkName",
    "DeskForm",
    "StaffContext",
    "desk_routes",
    "parse_handover",
    "parse_visit",
]

MAX_VISITORS = 5  # 信访工作条例 Art. 20: a group chooses at most five representatives
MAX_ACCUSED = 3
SHANGHAI = ZoneInfo("Asia/Shanghai")


class StaffContext(Protocol):
    def csrf_ok(self, request: web.Request, value: str | None) -> bool: ...
    def actor(self, request: web.Request) -> str: ...
    def context(self, request: web.Request, **values: Any) -> dict[str, Any]: ...


@dataclass(frozen=True)
class StoredVisit:
    """What a reprinted receipt shows: the visit as entered, and when it was received."""

    intake_no: str
    received_at: datetime
    intake: VisitIntake
    documents: int


# (intake number, who asks) -> the stored visit, or None; the gateway audits the look.
LoadVisit = Callable[[str, str], Awaitable[StoredVisit | None]]
# actor ("clerk:zhangsan") -> the clerk's 姓名, or None when none is set.
ClerkName = Callable[[str], Awaitable[str | None]]


@dataclass
class DeskForm:
    """The parsed form: the intake when valid, else errors keyed by field name."""

    values: Mapping[str, str]
    intake: VisitIntake | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _text(values: Mapping[str, str], name: str, limit: int) -> str | None:
    value = values.get(name, "").strip()
    return value[:limit] if value else None


def _day(values: Mapping[str, str], name: str, errors: dict[str, str]) -> date | None:
    value = values.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = "日期格式应为 年-月-日，例如 2026-12-01。"
        return None


# The form's field of each ``Handover`` field (and of ``check_handover``'s error keys).
HANDOVER_FIELDS = {
    "origin": "origin",
    "unit": "ho_unit",
    "document_no": "ho_doc",
    "handed_over_on": "ho_date",
    "their_item_no": "ho_item",
    "report_due": "ho_due",
}


def parse_handover(values: Mapping[str, str], errors: dict[str, str]) -> Handover | None:
    """The form's 来源 fields -> a ``Handover`` (None for 本级受理); problems into ``errors``
    under the form's field names."""
    try:
        origin = Origin(values.get("origin", "").strip() or "self")
    except ValueError:
        errors["origin"] = "请选择来源。"
        return None
    found: dict[str, str] = {}
    handover = Handover(
        origin=origin,
        unit=_text(values, "ho_unit", 200),
        document_no=_text(values, "ho_doc", 100),
        handed_over_on=_day(values, "ho_date", found),
        their_item_no=_text(values, "ho_item", 100),
        report_due=_day(values, "ho_due", found),
    )
    today = datetime.now(SHANGHAI).date()
    for name, message in check_handover(handover, today).items():
        found.setdefault(HANDOVER_FIELDS[name], message)
    errors.update(found)
    return None if origin is Origin.SELF or found else handover


SEALED_MATTER = "（密封件：涉及上级管理干部或本机关主要负责人，内容不予登记）"


def parse_visit(values: Mapping[str, str], *, entered_by: str, group_threshold: int) -> DeskForm:
    """Fields -> ``VisitIntake``; every problem is reported beside its field, all at once."""
    errors: dict[str, str] = {}
    visitors: list[Visitor] = []
    for i in range(MAX_VISITORS):
        p = f"v{i}_"
        name = _text(values, p + "name", 100)
        id_number = _text(values, p + "id", 40)
        phone = _text(values, p + "phone", 40)
        address = _text(values, p + "address", 200)
        checked = values.get(p + "checked") == "on"
        if not name:
            if id_number or phone or address or checked:
                errors[p + "name"] = "请填写来访人姓名。"
            continue
        if id_number:
            found = check_id_number(id_number)
            if not found.valid:
                problem = found.problems[0].message_zh if found.problems else "身份证号码无效。"
                errors[p + "id"] = problem
        elif checked:
            errors[p + "id"] = "已勾选“已当面核验身份证”，请填写身份证号码。"
        if phone and parse_phone(phone) is None:
            errors[p + "phone"] = "电话号码格式不正确，请填写手机号或带区号的固定电话。"
        visitors.append(
            Visitor(
                name=name,
                id_number=id_number,
                id_checked=checked,
                phone=phone,
                address=address,
                representative=values.get(p + "rep") == "on",
            )
        )
    if not visitors:
        errors["v0_name"] = "请至少登记一名来访人。"
    group_size: int | None = None
    raw_size = values.get("group_size", "").strip()
    if raw_size:
        try:
            group_size = int(raw_size)
        except ValueError:
            errors["group_size"] = "来访人数应为整数。"
        else:
            if group_size < max(1, len(visitors)):
                errors["group_size"] = (
                    f"来访人数（{group_size}）不能少于已登记的来访人（{len(visitors)} 人）。"
                )
            elif group_size > 100_000:
                errors["group_size"] = "来访人数过大，请核对。"
    size = max(group_size or 0, len(visitors))
    if (
        size >= group_threshold
        and len(visitors) > 1
        and not any(v.representative for v in visitors)
    ):
        # A group names its representatives; without a mark, every named visitor is one.
        visitors = [Visitor(**{**_fields(v), "representative": True}) for v in visitors]
    accused = []
    for i in range(MAX_ACCUSED):
        p = f"a{i}_"
        a = AccusedInput(
            name=_text(values, p + "name", 100),
            unit=_text(values, p + "unit", 200),
            position=_text(values, p + "position", 100),
        )
        if a.name or a.unit or a.position:
            accused.append(a)
    marks: dict[str, SealMark] = {
        "higher_level": "higher_level",
        "principal_leader": "principal_leader",
    }
    mark = marks.get(values.get("sealed", ""))
    matter = values.get("matter", "").strip()
    if mark is not None:
        # Sealed (§5.3): what the visitor reports about a higher-level cadre or this organ's
        # principal leader is not written into the system at all.
        matter = SEALED_MATTER
        accused = []
    handover = parse_handover(values, errors)
    if not matter:
        errors["matter"] = "请记录来访反映的事项。"
    elif len(matter) > 20_000:
        errors["matter"] = "反映事项不能超过 20000 字。"
    if errors:
        return DeskForm(values=values, errors=errors)
    return DeskForm(
        values=values,
        intake=VisitIntake(
            visitors=visitors,
            group_size=group_size,
            accused=accused,
            matter=matter,
            place=_text(values, "place", 200),
            entered_by=entered_by,
            out_of_scope_informed=_text(values, "informed", 500),
            sealed=mark,
            handover=handover,
        ),
    )


def _fields(v: Visitor) -> dict[str, Any]:
    return {f: getattr(v, f) for f in v.__struct_fields__}


def desk_routes(
    submit: Submit,
    staff: StaffContext,
    *,
    limits: Limits,
    group_threshold: int,
    inform: Callable[[str, str], Awaitable[None]],
    load_visit: LoadVisit | None = None,
    clerk_name: ClerkName | None = None,
    origins: Mapping[str, str] | None = None,
) -> list[web.RouteDef]:
    """``origins``: the 来源 codes and their labels for the form's select (the gateway's)."""

    async def receipt_page(
        request: web.Request,
        receipt: Any,
        intake: VisitIntake,
        received_at: datetime,
        documents: int,
        *,
        reprint: bool,
    ) -> web.Response:
        size = max(intake.group_size or 0, len(intake.visitors))
        # The clerk who entered the visit, also when another one reprints the receipt.
        display_name = await clerk_name(intake.entered_by) if clerk_name else None
        reps = [v.name for v in intake.visitors if v.representative] or [
            v.name for v in intake.visitors[:1]
        ]
        return aiohttp_jinja2.render_template(
            "visit_receipt.html",
            request,
            staff.context(
                request,
                receipt=receipt,
                received=received_at.astimezone(SHANGHAI).strftime("%Y年%m月%d日 %H:%M"),
                size=size,
                is_group=size >= group_threshold,
                representatives=reps,
                place=intake.place,
                documents=documents,
                informed=bool(intake.out_of_scope_informed),
                status_url=_status_url(request),
                clerk_login=intake.entered_by.partition(":")[2] or intake.entered_by,
                clerk_display_name=display_name,
                reprint=reprint,
            ),
        )

    async def reprint(request: web.Request) -> web.Response:
        """The same receipt again (a visitor lost it, the printer jammed), without the code."""
        number = request.query.get("no", "").strip().upper()
        found = None
        if load_visit is not None and number.isalnum():
            found = await load_visit(number, staff.actor(request))
        if found is None:
            return aiohttp_jinja2.render_template(
                "staff_message.html",
                request,
                staff.context(
                    request,
                    title="未找到该来访登记",
                    message=f"没有受理编号为 {number} 的来访登记，请核对回执上的编号。",
                    link=("/desk/visits/new", "返回来访登记"),
                ),
                status=404,
            )
        receipt = {"intake_no": found.intake_no, "query_code": None}
        return await receipt_page(
            request, receipt, found.intake, found.received_at, found.documents, reprint=True
        )

    def form_page(
        request: web.Request,
        values: Mapping[str, str],
        errors: Mapping[str, str],
        status: int = 200,
    ) -> web.Response:
        return aiohttp_jinja2.render_template(
            "visit_form.html",
            request,
            staff.context(
                request,
                values=values,
                errors=errors,
                visitors=range(MAX_VISITORS),
                accused=range(MAX_ACCUSED),
                idem=values.get("idem") or secrets.token_urlsafe(16),
                group_threshold=group_threshold,
                limits=limits,
                origins=origins or {o.value: o.value for o in Origin},
            ),
            status=status,
        )

    async def new_visit(request: web.Request) -> web.Response:
        return form_page(request, {}, {})

    async def save_visit(request: web.Request) -> web.Response:
        stream = await open_multipart(request, limits)
        if not staff.csrf_ok(request, await stream.first("csrf")):
            return aiohttp_jinja2.render_template(
                "staff_message.html",
                request,
                staff.context(
                    request,
                    title="表单已过期",
                    message="登记页面已过期或来源不明，请重新打开登记页面再提交。",
                ),
                status=400,
            )
        try:
            await stream.rest()
        except InvalidInput as exc:
            values = stream.result.fields
            return form_page(request, values, {"file": exc.message_zh}, status=exc.status)
        values = stream.result.fields
        actor = staff.actor(request)
        parsed = parse_visit(values, entered_by=actor, group_threshold=group_threshold)
        if parsed.intake is None:
            return form_page(request, values, parsed.errors, status=422)
        uploads = [
            Upload(u.data, u.media_type, role="document", filename=u.filename)
            for u in stream.result.uploads
        ]
        idem = values.get("idem", "")
        receipt = await submit(
            parsed.intake,
            uploads,
            actor=actor,
            idempotency_key=f"visit:{idem}" if 8 <= len(idem) <= 100 else None,
            query_code=True,
        )
        if parsed.intake.out_of_scope_informed and not receipt.duplicate:
            await inform(receipt.intake_id, actor)
        return await receipt_page(
            request,
            receipt,
            parsed.intake,
            receipt.received_at,
            len(uploads),
            reprint=False,
        )

    return [
        web.get("/desk/visits/new", new_visit, name="visit.form"),
        web.post("/desk/visits", save_visit, name="visit.submit"),
        web.get("/desk/receipt", reprint, name="visit.receipt"),
    ]


def _status_url(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}/status"
