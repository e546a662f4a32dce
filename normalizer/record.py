"""The normalized complaint record and the raw intake types, defined once.

Every channel ends in one ``ComplaintRecord``; the processing system validates what it
receives against the JSON Schema generated from these types (``intake-gateway schema``).
Raw intakes are what a channel adapter captured before any text extraction: one frozen,
tagged type per channel, so that ``normalize`` can handle them with one exhaustive match.
Field names and enumerations follow domain.md §9 and §10.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, Any, Literal, assert_never

import msgspec

SCHEMA_VERSION = "1.0"

__all__ = [
    "SCHEMA_VERSION",
    "SUPERIOR_ORIGINS",
    "Accused",
    "AccusedInput",
    "Amount",
    "Channel",
    "Complainant",
    "ComplainantInput",
    "ComplaintRecord",
    "Content",
    "Deadline",
    "DeadlineKind",
    "ExtractedText",
    "Flag",
    "Handover",
    "IdentityClaim",
    "LetterIntake",
    "MentionedPerson",
    "Origin",
    "Original",
    "PhoneIntake",
    "Provenance",
    "RawIntake",
    "RealName",
    "ReporterKind",
    "Representative",
    "SealMark",
    "TextPart",
    "Verification",
    "VisitIntake",
    "Visitor",
    "WebIntake",
    "channel_of",
    "check_handover",
    "origin_of",
    "record_schema",
]


class Channel(enum.StrEnum):
    LETTER = "letter"  # 信
    VISIT = "visit"  # 访
    WEB = "web"  # 网
    PHONE = "phone"  # 电


class ReporterKind(enum.StrEnum):
    PERSON = "PERSON"
    UNIT = "UNIT"
    ANONYMOUS = "ANONYMOUS"


class IdentityClaim(enum.StrEnum):
    """Real-name states of domain.md §6.4."""

    ANONYMOUS = "ANONYMOUS"
    SIGNED_UNVERIFIED = "SIGNED_UNVERIFIED"
    REAL_NAME_CONFIRMED = "REAL_NAME_CONFIRMED"
    VERIFICATION_INCOMPLETE = "VERIFICATION_INCOMPLETE"
    IMPERSONATION_SUSPECTED = "IMPERSONATION_SUSPECTED"


class DeadlineKind(enum.StrEnum):
    ACCEPTANCE_NOTICE = "ACCEPTANCE_NOTICE"  # D5: 15 working days from receipt
    RESULT_FEEDBACK = "RESULT_FEEDBACK"  # D6: 15 working days from completion
    UP_REPORT = "UP_REPORT"  # D1: 5 working days from receipt
    HANDOVER_ACCEPT = "HANDOVER_ACCEPT"  # D4: accept or transfer a 上级转办/交办 in 5 working days
    ASSIGNED_REPORT = "ASSIGNED_REPORT"  # D10: 报结 to the higher organ by the day it set


class Origin(enum.StrEnum):
    """Where an item came from (来源): received here, or handed over by another unit
    (有关单位移交, 上级转办/交办). Short codes, stored in clear on the intake row for statistics."""

    SELF = "self"  # 本级受理
    PETITION_DEPT = "petition_dept"  # 信访部门转来
    SUPERIOR_TRANSFER = "superior_transfer"  # 上级纪委监委转办
    SUPERIOR_ASSIGN = "superior_assign"  # 上级交办 (with the due date the higher organ set)
    OTHER_ORGAN = "other_organ"  # 其他监察机关移送
    INSPECTION = "inspection"  # 巡视巡察组移交
    OTHER_UNIT = "other_unit"  # 其他单位


# The origins that are a 上级转办/交办: this level accepts or transfers within 5 WD (D4).
SUPERIOR_ORIGINS = frozenset({Origin.SUPERIOR_TRANSFER, Origin.SUPERIOR_ASSIGN})


Str100 = Annotated[str, msgspec.Meta(max_length=100)]
Str200 = Annotated[str, msgspec.Meta(max_length=200)]
Str500 = Annotated[str, msgspec.Meta(max_length=500)]
Text = Annotated[str, msgspec.Meta(max_length=20_000)]


class Struct(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Frozen, keyword-only, and strict about unknown fields: a typo is an error, not data loss."""


# --- Inputs shared by the structured channels (web form, desk entry) ----------------------


class ComplainantInput(Struct, frozen=True, kw_only=True):
    """What a reporter or a clerk typed about the reporter; every field optional (匿名 allowed)."""

    kind: ReporterKind = ReporterKind.PERSON
    name: Str100 | None = None
    unit_name: Str200 | None = None
    id_number: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    address: Str200 | None = None
    email: Str200 | None = None


class AccusedInput(Struct, frozen=True, kw_only=True):
    name: Str100 | None = None
    unit: Str200 | None = None
    position: Str100 | None = None
    level: Str100 | None = None
    region: Str100 | None = None


class Original(Struct, frozen=True, kw_only=True):
    """A stored original file; the bytes live encrypted under the data folder, named by sha256."""

    sha256: Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
    media_type: str
    size: int
    role: Literal["page", "attachment", "recording", "email", "document"] = "attachment"
    filename: str | None = None
    pages: int | None = None
    duration_s: float | None = None


class Handover(Struct, frozen=True, kw_only=True):
    """An item handed over by another unit: who, under which document number, on which day,
    under its own item number; for a 上级交办 the day the higher organ wants the 报结 by (D10).
    ``check_handover`` says what a handover lacks; none of this is complainant identity."""

    origin: Origin
    unit: Str200 | None = None  # 移交单位
    document_no: Str100 | None = None  # 移交文号
    handed_over_on: date | None = None  # 移交日期
    their_item_no: Str100 | None = None  # 对方编号
    report_due: date | None = None  # 上级交办: 报结期限


def check_handover(h: Handover, today: date) -> dict[str, str]:
    """What is wrong with a handover, by field (``$.handover.<field>``), in Chinese; empty
    when it may be stored. ``today`` is the office's day (Asia/Shanghai)."""
    errors: dict[str, str] = {}
    if h.origin is Origin.SELF:
        if h.unit or h.document_no or h.handed_over_on or h.their_item_no or h.report_due:
            errors["origin"] = "本级受理件没有移交信息；如系移交件，请选择来源。"
        return errors
    if not (h.unit and h.unit.strip()):
        errors["unit"] = "请填写移交单位。"
    if h.handed_over_on is not None and h.handed_over_on > today:
        errors["handed_over_on"] = "移交日期不能晚于今天。"
    if h.origin is Origin.SUPERIOR_ASSIGN:
        if h.report_due is None:
            errors["report_due"] = "上级交办件须填写上级确定的报结期限。"
        elif h.report_due < (h.handed_over_on or today):
            errors["report_due"] = "报结期限不能早于移交日期。"
    elif h.report_due is not None:
        errors["report_due"] = "只有上级交办件有报结期限。"
    return errors


# --- Raw intakes: one per channel ------------------------------------------------------------


# An intake point's mark "涉及上级管理干部或本机关主要负责人", set before anything is read
# (issue 12 item 5): the item takes the sealed path (normalizer.triage, domain.md §5.3).
SealMark = Literal["higher_level", "principal_leader"]


class LetterIntake(Struct, tag="letter", frozen=True, kw_only=True):
    """A scanned letter: pages in order, from an upload or a scan-to-email message."""

    source: Literal["upload", "email"] = "upload"
    station_id: str | None = None
    barcode: str | None = None
    date_stamp: date | None = None
    pages_expected: int | None = None
    sender: str | None = None
    subject: str | None = None
    body_text: str | None = None
    sealed: SealMark | None = None
    handover: Handover | None = None


class PhoneIntake(Struct, tag="phone", frozen=True, kw_only=True):
    """A hotline recording's metadata; the audio is an original."""

    call_id: str
    caller_number: str | None = None  # None = withheld
    called_line: str | None = None
    started_at: datetime | None = None
    duration_s: float | None = None
    agent_id: str | None = None
    caller_channel: int | None = None  # 0 = left, 1 = right; None = mono or mixed
    sealed: SealMark | None = None


class WebIntake(Struct, tag="web", frozen=True, kw_only=True):
    """The public form (page or JSON API)."""

    complainant: ComplainantInput = msgspec.field(
        default_factory=lambda: ComplainantInput(kind=ReporterKind.ANONYMOUS)
    )
    accused: list[AccusedInput] = []
    title: Str200 | None = None
    category: Str100 | None = None
    main_problem: Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
    # Only through the staff API (``POST /api/v1/handovers``); the public one refuses it.
    handover: Handover | None = None


class Visitor(Struct, frozen=True, kw_only=True):
    name: Str100
    id_number: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    id_checked: bool = False  # the clerk compared the ID card face to face
    phone: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    address: Str200 | None = None
    representative: bool = False


class VisitIntake(Struct, tag="visit", frozen=True, kw_only=True):
    """A walk-in visit recorded at the reception desk; ``entered_by`` is the clerk."""

    visitors: list[Visitor]
    group_size: int | None = None
    accused: list[AccusedInput] = []
    matter: Annotated[str, msgspec.Meta(min_length=1, max_length=20_000)]
    place: Str200 | None = None
    entered_by: str
    out_of_scope_informed: Str500 | None = None
    sealed: SealMark | None = None
    handover: Handover | None = None


RawIntake = LetterIntake | PhoneIntake | WebIntake | VisitIntake


def channel_of(raw: RawIntake) -> Channel:
    match raw:
        case LetterIntake():
            return Channel.LETTER
        case PhoneIntake():
            return Channel.PHONE
        case WebIntake():
            return Channel.WEB
        case VisitIntake():
            return Channel.VISIT
        case _:
            assert_never(raw)


def origin_of(raw: RawIntake) -> Origin:
    """The item's origin: its handover's, else 本级受理 (a call is never handed over)."""
    match raw:
        case LetterIntake(handover=h) | WebIntake(handover=h) | VisitIntake(handover=h):
            return h.origin if h is not None else Origin.SELF
        case PhoneIntake():
            return Origin.SELF
        case _:
            assert_never(raw)


# --- Text extracted from originals (OCR, ASR) -------------------------------------------------


class TextPart(Struct, frozen=True, kw_only=True):
    """One page of a letter or one speaker of a call."""

    label: str
    text: str
    confidence: float | None = None
    engine: str | None = None


class ExtractedText(Struct, frozen=True, kw_only=True):
    """Draft text from an engine; kept beside what a reviewer later confirms."""

    text: str
    parts: list[TextPart] = []
    confidence: float | None = None
    engine: str | None = None
    detail: dict[str, Any] = {}


# --- The normalized record -----------------------------------------------------------------


class Provenance(Struct, frozen=True, kw_only=True):
    source: str
    entered_by: str | None = None


class Verification(Struct, frozen=True, kw_only=True):
    method: Literal["PHONE", "FACE_TO_FACE", "OTHER"]
    result: Literal["CONFIRMED", "UNREACHABLE", "REFUSED", "DENIED"]
    at: datetime
    staff: str
    note: str | None = None


class RealName(Struct, frozen=True, kw_only=True):
    status: IdentityClaim
    verifications: list[Verification] = []


class PhoneNumber(Struct, frozen=True, kw_only=True):
    """``source`` keeps evidence apart: a number typed by the reporter or clerk (``given``),
    the hotline's caller id (``caller_id``), or one found in the text (``text``), e.g. spoken
    in a call. A caller id matching the declared number is evidence, not proof, of identity."""

    raw: str
    e164: str | None = None
    region: str | None = None
    carrier: str | None = None
    valid: bool = False
    source: Literal["given", "caller_id", "text"] = "given"


class IdNumber(Struct, frozen=True, kw_only=True):
    value: str
    valid: bool
    birth_date: date | None = None
    sex: Literal["M", "F"] | None = None
    region: str | None = None
    problems: list[str] = []


class Representative(Struct, frozen=True, kw_only=True):
    """One representative of a group visit (at most five, 信访工作条例 Art. 20) as the desk
    entered and checked them: a group's report belongs to all of them, not to the first."""

    name: str
    id_number: IdNumber | None = None
    id_checked: bool = False  # the clerk compared the ID card face to face
    phones: list[PhoneNumber] = []
    address: str | None = None


class Complainant(Struct, frozen=True, kw_only=True):
    kind: ReporterKind
    name: str | None = None
    unit_name: str | None = None
    id_number: IdNumber | None = None
    phones: list[PhoneNumber] = []
    address: str | None = None
    email: str | None = None
    is_group: bool = False
    group_size: int | None = None
    representatives: list[str] = []  # their names, in the order entered
    # Every representative with identity and contact; the first is also name/id_number above.
    representative_details: list[Representative] = []


class Accused(Struct, frozen=True, kw_only=True):
    name: str | None = None
    unit: str | None = None
    position: str | None = None
    level: str | None = None
    level_suggested: str | None = None
    region: str | None = None


class MentionedPerson(Struct, frozen=True, kw_only=True):
    """A third party named in the text (briber, witness, relative): never the complainant,
    never the accused. Phones and ID numbers here are the ones the text ties to them."""

    name: str
    role: Literal["BRIBER", "WITNESS", "RELATIVE", "OTHER"] = "OTHER"
    phones: list[str] = []
    id_numbers: list[str] = []


class Amount(Struct, frozen=True, kw_only=True):
    text: str
    value: float
    approximate: bool = False


class Content(Struct, frozen=True, kw_only=True):
    text: str
    text_is_draft: bool = False
    confidence: float | None = None
    title: str | None = None
    categories_reported: list[str] = []
    categories_suggested: list[str] = []
    taxonomy_version: str | None = None
    amounts: list[Amount] = []
    dates: list[str] = []
    places: list[str] = []


class Flag(Struct, frozen=True, kw_only=True):
    code: str
    reason: str
    detail: str | None = None


class Deadline(Struct, frozen=True, kw_only=True):
    kind: DeadlineKind
    starts: date
    due: date
    state: Literal["OPEN", "MET", "OVERDUE", "NOT_APPLICABLE"] = "OPEN"


class ComplaintRecord(Struct, frozen=True, kw_only=True):
    schema_version: str = SCHEMA_VERSION
    record_id: str
    intake_no: str
    channel: Channel
    sub_channel: str | None = None
    received_at: datetime
    provenance: Provenance
    origin: Origin = Origin.SELF
    handover: Handover | None = None
    originals: list[Original] = []
    complainant: Complainant
    accused: list[Accused] = []
    persons_mentioned: list[MentionedPerson] = []
    content: Content
    real_name: RealName
    flags: list[Flag] = []
    deadlines: list[Deadline] = []
    extraction: dict[str, Any] = {}

    @property
    def needs_review(self) -> bool:
        return bool(self.flags)


def record_schema() -> dict[str, Any]:
    """The JSON Schema published to the processing system."""
    schema: dict[str, Any] = msgspec.json.schema(ComplaintRecord)
    schema["$id"] = f"urn:intake-gateway:complaint-record:{SCHEMA_VERSION}"
    schema["title"] = "ComplaintRecord"
    return schema
