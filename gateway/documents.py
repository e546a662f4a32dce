"""The documents the office sends a complainant, filled from the record (issue 17): the
受理告知书 (acceptance notice, D5), the 不予受理告知书 (§4.2) and the 反馈记录 (the record of
the result fed back, D6; domain.md §6.3, §8).

Which documents a record offers follows from its decision (``refusal``, pure): a 受理告知书
only where ``normalizer.triage.acceptance_notice_due`` holds (a first-time, named 检举控告 this
organ accepted) and the record has been moved on; a 不予受理告知书 for a named complainant whose
report was decided 无实质内容 or 业务范围外, or whose item is answered by telling them where to
go (R5); a 反馈记录 for a named complainant once the processing system has reported 办结 (its
disposal and result come from the encrypted outcome). An anonymous report gets none: nobody
could receive it. Sealed items (§5.3) never get documents.

Each document is composed once (``compose``, pure: title, salutation, paragraphs, table rows,
signature) and rendered twice, as a print page (HTML, print.css) and as a .docx
(python-docx), so both say the same words. Opening or downloading one shows the complainant's
identity: an IDENTITY_VIEWED event each time. Sending one is recorded by a staff form:
ACCEPTANCE_NOTICE_SENT meets D5, RESULT_FEEDBACK_SENT meets D6, each checked against the state
machine (``normalizer.stages.check``; a refused step is a Chinese page with status 409). The
不予受理告知书 has no event of its own: the disposal that ended the item (COMPLAINANT_INFORMED,
FORWARDED_OTHER_AUTHORITY, FILED_FOR_REFERENCE) is already in the trajectory.
"""

from __future__ import annotations

import contextlib
import enum
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import aiohttp_jinja2
import msgspec
from aiohttp import web
from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gateway.accounts import StaffPages
from gateway.auth import principal_of
from gateway.labels import (
    CHANNEL_LABELS,
    DOCUMENT_LABELS,
    NOTICE_METHOD_LABELS,
    STAGE_LABELS,
    local_time,
)
from gateway.records import find_visible
from gateway.storage import (
    SHANGHAI,
    CallbackUpdate,
    NewEvent,
    OrganRow,
    RoutingItem,
    Store,
    StoredIntake,
)
from normalizer.errors import IntakeError, InvalidInput, NotFound
from normalizer.record import ComplaintRecord, DeadlineKind, IdentityClaim, ReporterKind
from normalizer.stages import ANNOTATIONS, EventType, Stage, check
from normalizer.triage import (
    Action,
    Classification,
    RoutingDecision,
    acceptance_notice_due,
    result_feedback_due,
)

__all__ = [
    "SENT",
    "Document",
    "Facts",
    "Kind",
    "compose",
    "document_routes",
    "docx_bytes",
    "facts_of",
    "offered",
    "offered_documents",
    "refusal",
]


class Kind(enum.StrEnum):
    """A document, by the code of its URL (labels in ``gateway.labels.DOCUMENT_LABELS``)."""

    ACCEPTANCE_NOTICE = "acceptance-notice"
    NOT_ACCEPTED_NOTICE = "not-accepted-notice"
    FEEDBACK_RECORD = "feedback-record"


# What recording a document as sent appends, and the deadline it meets.
SENT: Mapping[Kind, tuple[EventType, DeadlineKind]] = {
    Kind.ACCEPTANCE_NOTICE: (EventType.ACCEPTANCE_NOTICE_SENT, DeadlineKind.ACCEPTANCE_NOTICE),
    Kind.FEEDBACK_RECORD: (EventType.RESULT_FEEDBACK_SENT, DeadlineKind.RESULT_FEEDBACK),
}

_TITLES: Mapping[Kind, str] = {
    Kind.ACCEPTANCE_NOTICE: "检举控告受理告知书",
    Kind.NOT_ACCEPTED_NOTICE: "不予受理告知书",
    Kind.FEEDBACK_RECORD: "检举控告办理结果反馈记录",
}

# A signed report whose check did not finish is still signed; an impersonated one names
# nobody who reported (normalizer.triage keeps the same line for D5 and D6).
_ADDRESSABLE = frozenset(
    {
        IdentityClaim.SIGNED_UNVERIFIED,
        IdentityClaim.REAL_NAME_CONFIRMED,
        IdentityClaim.VERIFICATION_INCOMPLETE,
    }
)
# Before the decision is carried out (or after a 退回, which is decided again) nothing is told.
_UNDECIDED = frozenset(
    {
        Stage.RECEIVED,
        Stage.TEXT_EXTRACTED,
        Stage.NORMALIZED,
        Stage.NEEDS_REVIEW,
        Stage.DEAD_LETTER,
        Stage.AWAITING_APPROVAL,
        Stage.DECIDED,
        Stage.RETURNED,
    }
)
_NOT_ACCEPTED = frozenset({Classification.OUT_OF_REMIT, Classification.NO_SUBSTANCE})
_TOLD_WHERE_TO_GO = frozenset(
    {Action.INFORM_COMPLAINANT.value, Action.FORWARD_TO_OTHER_AUTHORITY.value}
)
# How each channel is named in a letter to the complainant.
_CHANNEL_PHRASES = {
    "letter": "来信",
    "visit": "来访",
    "web": "网络举报平台",
    "phone": "举报电话",
}


@dataclass(frozen=True)
class Facts:
    """What decides which documents a record offers."""

    stage: Stage
    classification: Classification | None
    claim: IdentityClaim
    items: tuple[RoutingItem, ...]
    sealed: bool = False


def facts_of(
    intake: StoredIntake, record: ComplaintRecord | None, items: Sequence[RoutingItem]
) -> Facts:
    known = {c.value for c in Classification}
    classification = (
        Classification(intake.classification)
        if intake.classification is not None and intake.classification in known
        else None
    )
    return Facts(
        stage=Stage(intake.stage),
        classification=classification,
        claim=record.real_name.status if record is not None else IdentityClaim.ANONYMOUS,
        items=tuple(items),
        sealed=intake.sealed,
    )


def refusal(kind: Kind, facts: Facts) -> str | None:
    """Why this record has no such document, in Chinese; None when it has one. Pure."""
    if facts.sealed:
        return "密封件不制发文书。"
    if facts.claim not in _ADDRESSABLE:
        return "本件为匿名（或疑似冒名）检举控告，没有可以送达的检举控告人，不制发该文书。"
    stage = STAGE_LABELS[facts.stage]
    match kind:
        case Kind.ACCEPTANCE_NOTICE:
            decided = [
                RoutingDecision(
                    i.accused_index,
                    tuple(Action(a) for a in i.actions),
                    first_time=i.first_time,
                )
                for i in facts.items
            ]
            if facts.classification is None or not acceptance_notice_due(
                facts.claim, facts.classification, decided
            ):
                return (
                    "只对本机关受理的初次实名检举控告告知受理情况；重复检举控告、不予受理"
                    "和转交其他机关办理的，不制发受理告知书。"
                )
            if facts.stage not in ANNOTATIONS[EventType.ACCEPTANCE_NOTICE_SENT]:
                return f"本件当前状态为“{stage}”，移送承办部门后方可告知受理情况。"
        case Kind.NOT_ACCEPTED_NOTICE:
            told = any(_TOLD_WHERE_TO_GO & set(i.actions) for i in facts.items)
            if facts.classification not in _NOT_ACCEPTED and not told:
                return "本件未作不予受理决定，不制发不予受理告知书。"
            if facts.stage in _UNDECIDED:
                return f"本件当前状态为“{stage}”，不予受理决定经审批执行后方可告知。"
        case Kind.FEEDBACK_RECORD:
            if not result_feedback_due(facts.claim):
                return "本件不需要反馈办理结果。"
            if facts.stage != Stage.CONCLUDED:
                return f"本件当前状态为“{stage}”，承办部门办结后方可反馈办理结果。"
    return None


def offered(facts: Facts) -> list[Kind]:
    return [k for k in Kind if refusal(k, facts) is None]


def offered_documents(intake: Any, record: Any, items: Any) -> list[dict[str, str]]:
    """For the record page's 研判 panel (a Jinja global): the documents of this record, as
    links. Tolerates what a template passes (an undefined ``record`` on the sealed page)."""
    if not isinstance(intake, StoredIntake) or not isinstance(record, ComplaintRecord):
        return []
    found = [i for i in items or () if isinstance(i, RoutingItem)]
    return [
        {"kind": k.value, "label": DOCUMENT_LABELS[k.value]}
        for k in offered(facts_of(intake, record, found))
    ]


# -- the document itself -----------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One document as both renderings show it."""

    kind: Kind
    office: str
    title: str
    number: str  # "" = none above the text
    salutation: str | None
    paragraphs: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]  # the 反馈记录's table: heading, value ("" = to fill in)
    signature: tuple[str, ...]


@dataclass(frozen=True)
class Sent:
    """A recorded sending: when (Beijing time), how, by whom."""

    at: datetime
    method: str
    actor: str


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _addressee(record: ComplaintRecord) -> tuple[str, str]:
    """(salutation, how the letter says "you") as an office writes to the complainant."""
    c = record.complainant
    if c.kind == ReporterKind.UNIT and c.unit_name:
        return f"{c.unit_name}：", "你单位"
    names = [r.name for r in c.representative_details] or list(c.representatives)
    if c.is_group and len(names) > 1:
        return f"{'、'.join(names)}等同志：", "你们"
    return f"{c.name or c.unit_name or '检举控告人'}同志：", "您"


def _forwarded_to(items: Sequence[RoutingItem], organs: Mapping[str, OrganRow]) -> str | None:
    for i in items:
        if Action.FORWARD_TO_OTHER_AUTHORITY.value in i.actions:
            organ = organs.get(i.destination or "")
            return organ.name if organ else "有权处理的机关或者单位"
    return None


def compose(
    kind: Kind,
    intake: StoredIntake,
    record: ComplaintRecord,
    items: Sequence[RoutingItem],
    *,
    office: str,
    today: date,
    outcome: Mapping[str, str] | None = None,
    organs: Mapping[str, OrganRow] | None = None,
    sent: Sent | None = None,
) -> Document:
    """The document ``kind`` for this record. Pure: ``today`` dates it."""
    received = _day(intake.received_at.astimezone(SHANGHAI).date())
    channel = _CHANNEL_PHRASES.get(intake.channel, "来信")
    salutation, you = _addressee(record)
    signature = (office, _day(today))
    number = f"受理编号：{intake.intake_no}"
    secrecy = "本机关对检举控告人的个人信息和检举控告内容严格保密。"
    match kind:
        case Kind.ACCEPTANCE_NOTICE:
            paragraphs = (
                f"{you}于{received}通过{channel}向本机关反映的问题收悉。经审查，所反映的问题"
                "属于本机关受理范围，本机关已依规受理，并按照有关规定移交有关部门办理。",
                "根据《纪检监察机关处理检举控告工作规则》有关规定，现将受理情况告知"
                + you
                + "。"
                + secrecy,
                "检举控告人应当实事求是，对检举控告内容的真实性负责。对同一问题，请勿重复"
                "检举控告；如有新的事实或者证据，可以通过来信、来访、网络举报平台或者"
                "12388举报电话继续反映。",
                "特此告知。",
            )
            return Document(
                kind, office, _TITLES[kind], number, salutation, paragraphs, (), signature
            )
        case Kind.NOT_ACCEPTED_NOTICE:
            if intake.classification == Classification.NO_SUBSTANCE.value:
                why = (
                    "经审查，所反映的问题仅列举了违纪、职务违法或者职务犯罪的类别，缺乏具体"
                    "事实，属于无实质内容的检举控告。根据《纪检监察机关处理检举控告工作规则》"
                    "有关规定，本机关不予受理，登记后留存备查。"
                )
                next_step = "如" + you + "掌握具体的事实和证据，可以补充后依规依纪依法反映。"
            else:
                why = (
                    "经审查，所反映的问题依法应当通过诉讼、仲裁、行政裁决、行政复议等途径"
                    "解决，或者属于其他机关、单位的职责范围，不属于纪检监察机关受理范围。"
                    "根据《纪检监察机关处理检举控告工作规则》有关规定，本机关不予受理。"
                )
                forwarded = _forwarded_to(items, organs or {})
                next_step = (
                    f"本机关已按规定将来信转{forwarded}处理。"
                    if forwarded
                    else "请" + you + "依照有关法律法规的规定，向有权处理的机关或者单位反映。"
                )
            paragraphs = (
                f"{you}于{received}通过{channel}向本机关反映的问题收悉。",
                why,
                next_step + secrecy,
                "特此告知。",
            )
            return Document(
                kind, office, _TITLES[kind], number, salutation, paragraphs, (), signature
            )
        case Kind.FEEDBACK_RECORD:
            return _feedback_record(intake, record, office, signature, outcome or {}, sent)


def _feedback_record(
    intake: StoredIntake,
    record: ComplaintRecord,
    office: str,
    signature: tuple[str, ...],
    outcome: Mapping[str, str],
    sent: Sent | None,
) -> Document:
    c = record.complainant
    who = c.name or c.unit_name or ""
    if c.is_group and len(c.representatives) > 1:
        who = "、".join(c.representatives) + f"（共{c.group_size or len(c.representatives)}人）"
    if c.kind == ReporterKind.UNIT and c.unit_name and c.name:
        who = f"{c.unit_name}（联系人：{c.name}）"
    concluded = outcome.get("concluded_on", "")
    with contextlib.suppress(ValueError):  # written by gateway.callbacks as YYYY-MM-DD
        concluded = _day(date.fromisoformat(concluded)) if concluded else ""
    problem = record.content.title or "、".join(record.content.categories_reported)
    rows = (
        ("受理编号", intake.intake_no),
        ("收件日期", _day(intake.received_at.astimezone(SHANGHAI).date())),
        ("来源渠道", CHANNEL_LABELS.get(intake.channel, intake.channel)),
        ("检举控告人", who),
        ("联系电话", "、".join(p.raw for p in c.phones)),
        ("联系地址", c.address or ""),
        ("反映的主要问题", problem or "详见检举控告材料"),
        ("办结日期", concluded),
        ("处置方式", outcome.get("disposal", "")),
        ("办理结果", outcome.get("result", "")),
        ("反馈时间", local_time(sent.at, "%Y年%m月%d日 %H:%M") if sent else ""),
        (
            "反馈方式",
            NOTICE_METHOD_LABELS.get(sent.method, sent.method)
            if sent
            else "□电话告知　□当面告知　□书面送达",
        ),
        ("反馈内容", outcome.get("feedback", "")),
        ("检举控告人意见", ""),
        ("反馈人", ""),
        ("记录人", ""),
    )
    paragraphs = (
        "检举控告人对办理结果有异议的，如实记录其意见并做好解释；提供新的证据材料的，"
        "按规定进行核查。本记录存入检举控告档案。",
    )
    return Document(
        Kind.FEEDBACK_RECORD,
        office,
        _TITLES[Kind.FEEDBACK_RECORD],
        "",  # the table's first row
        None,
        paragraphs,
        rows,
        signature,
    )


# -- .docx ------------------------------------------------------------------------------------

_BODY_FONT = "仿宋"
_TITLE_FONT = "方正小标宋简体"


def _font(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    # Word takes Chinese text from the East Asian font slot, not from ``name``.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def docx_bytes(doc: Document) -> bytes:
    """The document as an A4 .docx in the layout of official letters (GB/T 9704: 小标宋 title,
    仿宋 三号 body, first-line indent of two characters)."""
    out = new_docx()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    out.core_properties.title = f"{doc.office}{doc.title}"
    out.core_properties.author = doc.office
    out.core_properties.language = "zh-CN"

    def line(text: str, *, size: float = 16, align: Any = None, indent: bool = False) -> None:
        p = out.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        p.paragraph_format.line_spacing = Pt(28)
        _font(p.add_run(text), _BODY_FONT, size)

    heading = out.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(doc.office), _TITLE_FONT, 22)
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(doc.title), _TITLE_FONT, 22, bold=True)
    if doc.number:
        line(doc.number, size=14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if doc.salutation:
        line(doc.salutation)
    if doc.rows:
        table = out.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for heading_text, value in doc.rows:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Mm(40), Mm(116)
            _font(cells[0].paragraphs[0].add_run(heading_text), _BODY_FONT, 14, bold=True)
            _font(cells[1].paragraphs[0].add_run(value), _BODY_FONT, 14)
    for text in doc.paragraphs:
        line(text, indent=True)
    for text in doc.signature:
        line(text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# -- routes -------------------------------------------------------------------------------------

_METHODS = tuple(NOTICE_METHOD_LABELS)
_NOT_FOUND = NotFound("record_not_found", "未找到该件。", "No such record.")


def document_routes(store: Store, pages: StaffPages, office: str) -> list[web.RouteDef]:
    async def load(
        request: web.Request,
    ) -> tuple[StoredIntake, ComplaintRecord, list[RoutingItem], Kind, Facts]:
        intake = await find_visible(store, request)
        if intake.sealed or intake.record is None:  # §5.3: no document names a sealed item
            raise _NOT_FOUND
        try:
            kind = Kind(request.match_info["kind"])
        except ValueError:
            raise NotFound("document_not_found", "没有这种文书。", "No such document.") from None
        record = msgspec.json.decode(intake.record, type=ComplaintRecord)
        items = await store.routing_items(intake.id)
        return intake, record, items, kind, facts_of(intake, record, items)

    async def sent_of(intake: StoredIntake, kind: Kind) -> Sent | None:
        if kind not in SENT:
            return None
        wanted = SENT[kind][0].value
        found = [e for e in await store.events(intake.id) if e.type == wanted]
        return Sent(found[-1].at, found[-1].reason or "", found[-1].actor) if found else None

    async def build(
        intake: StoredIntake, record: ComplaintRecord, items: list[RoutingItem], kind: Kind
    ) -> tuple[Document, Sent | None]:
        outcome = await store.load_outcome(intake.id) if kind == Kind.FEEDBACK_RECORD else None
        organs = {o.id: o for o in await store.organs()}
        sent = await sent_of(intake, kind)
        doc = compose(
            kind,
            intake,
            record,
            items,
            office=office,
            today=datetime.now(SHANGHAI).date(),
            outcome=outcome,
            organs=organs,
            sent=sent,
        )
        return doc, sent

    async def viewed(request: web.Request, intake: StoredIntake, kind: Kind, how: str = "") -> None:
        reason = f"document {kind.value}" + (f" {how}" if how else "")
        await store.append_event(
            intake.id, NewEvent("IDENTITY_VIEWED", principal_of(request).actor, reason=reason)
        )

    def message(request: web.Request, title: str, text: str, status: int) -> web.Response:
        return aiohttp_jinja2.render_template(
            "staff_message.html",
            request,
            pages.context(
                request,
                title=title,
                message=text,
                link=(f"/staff/records/{request.match_info['key']}", "返回记录页面"),
            ),
            status=status,
        )

    async def page(request: web.Request) -> web.Response:
        intake, record, items, kind, facts = await load(request)
        why = refusal(kind, facts)
        if why is not None:
            return message(request, "本件没有该文书", why, 404)
        doc, sent = await build(intake, record, items, kind)
        await viewed(request, intake, kind)
        return aiohttp_jinja2.render_template(
            "document_print.html",
            request,
            pages.context(
                request,
                title=f"{doc.title} {intake.intake_no}",
                doc=doc,
                intake=intake,
                kind=kind.value,
                label=DOCUMENT_LABELS[kind.value],
                sent=sent,
                sent_method=NOTICE_METHOD_LABELS.get(sent.method, sent.method) if sent else "",
                records_sending=kind in SENT,
                methods=NOTICE_METHOD_LABELS,
                saved=request.query.get("saved") == "sent",
            ),
        )

    async def download(request: web.Request) -> web.Response:
        intake, record, items, kind, facts = await load(request)
        why = refusal(kind, facts)
        if why is not None:
            return message(request, "本件没有该文书", why, 404)
        doc, _ = await build(intake, record, items, kind)
        body = docx_bytes(doc)
        await viewed(request, intake, kind, "docx")
        name = f"{intake.intake_no}-{kind.value}.docx"
        chinese = quote(f"{DOCUMENT_LABELS[kind.value]}-{intake.intake_no}.docx")
        return web.Response(
            body=body,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            headers={
                "Content-Disposition": (
                    f"attachment; filename=\"{name}\"; filename*=UTF-8''{chinese}"
                )
            },
        )

    async def mark_sent(request: web.Request) -> web.Response:
        intake, _, _, kind, facts = await load(request)
        form = await request.post()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        if not pages.csrf_ok(request, values.pop("csrf", None)):
            return message(request, "表单已过期", "请返回文书页面刷新后重试。", 400)
        if kind not in SENT:
            return message(
                request,
                "无须登记",
                "不予受理告知书随不予受理决定执行，无须另行登记送达。",
                409,
            )
        event, deadline = SENT[kind]
        method = values.get("method", "")
        feedback = values.get("feedback", "").strip()
        try:
            if method not in _METHODS:
                raise InvalidInput(
                    "field_invalid", "请选择告知方式。", "Choose how it was sent.", field="method"
                )
            if len(feedback) > 20_000:
                raise InvalidInput(
                    "field_invalid", "反馈内容过长。", "Feedback too long.", field="feedback"
                )
            check(Stage(intake.stage), event)
        except IntakeError as exc:
            return message(request, "未能登记送达", exc.message_zh, exc.status)
        why = refusal(kind, facts)
        if why is not None:
            return message(request, "未能登记送达", why, 409)
        today = datetime.now(SHANGHAI).date()
        outcome = (
            {"feedback": feedback, "feedback_on": today.isoformat()}
            if kind == Kind.FEEDBACK_RECORD and feedback
            else None
        )
        # One commit: the event (codes only: the method), the deadline met, and for the
        # feedback the text the reporter reads on the status page (encrypted with the outcome).
        await store.record_callback(
            intake.id,
            CallbackUpdate(
                NewEvent(event.value, principal_of(request).actor, reason=method),
                None,
                outcome=outcome,
                met_deadlines=[deadline.value],
            ),
        )
        return web.Response(
            status=303,
            headers={
                "Location": f"/staff/records/{intake.intake_no}/documents/{kind.value}?saved=sent"
            },
        )

    return [
        web.get("/staff/records/{key}/documents/{kind}", page, name="documents.page"),
        web.get("/staff/records/{key}/documents/{kind}/docx", download, name="documents.docx"),
        web.post("/staff/records/{key}/documents/{kind}/sent", mark_sent, name="documents.sent"),
    ]
