"""``normalize(raw, text, context) -> ComplaintRecord``: every channel's last step, pure.

One exhaustive ``match`` over the raw intake types decides where the text and the structured
fields come from; everything after that (extraction, identity validation, flags, deadlines)
is shared, so the four channels produce records that differ only where their input does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, Literal, assert_never
from zoneinfo import ZoneInfo

import msgspec

from normalizer.extraction import (
    CadreLevel,
    Extraction,
    Holder,
    IdNumberFound,
    LevelSuggestion,
    PersonRole,
    check_id_number,
    extract,
    parse_phone,
)
from normalizer.extraction.levels import (
    suggest_level,
)
from normalizer.record import (
    SUPERIOR_ORIGINS,
    Accused,
    AccusedInput,
    Amount,
    Complainant,
    ComplainantInput,
    ComplaintRecord,
    Content,
    Deadline,
    DeadlineKind,
    ExtractedText,
    Flag,
    Handover,
    IdentityClaim,
    IdNumber,
    LetterIntake,
    MentionedPerson,
    Origin,
    Original,
    PhoneIntake,
    PhoneNumber,
    Provenance,
    RawIntake,
    RealName,
    ReporterKind,
    Representative,
    Verification,
    VisitIntake,
    Visitor,
    WebIntake,
    channel_of,
    origin_of,
)
from normalizer.workdays import WorkCalendar

__all__ = ["NormalizeContext", "id_number_field", "normalize", "phone_field", "received_at"]

SHANGHAI = ZoneInfo("Asia/Shanghai")

_ROLES: dict[PersonRole, Literal["BRIBER", "WITNESS", "RELATIVE", "OTHER"]] = {
    PersonRole.BRIBER: "BRIBER",
    PersonRole.WITNESS: "WITNESS",
    PersonRole.RELATIVE: "RELATIVE",
    PersonRole.OTHER: "OTHER",
}
ACCEPTANCE_NOTICE_DAYS = 15  # D5, domain.md §8
UP_REPORT_DAYS = 5  # D1
HANDOVER_ACCEPT_DAYS = 5  # D4: a 上级转办/交办 is accepted or transferred on in 5 working days
# domain.md §9.3 sub_channel of an item someone handed over.
_HANDED_OVER_SUB_CHANNEL = {
    Origin.PETITION_DEPT: "FORWARDED_FROM_XINFANG_OFFICE",
    Origin.SUPERIOR_TRANSFER: "FORWARDED_FROM_UPPER_ORGAN",
    Origin.SUPERIOR_ASSIGN: "FORWARDED_FROM_UPPER_ORGAN",
    Origin.OTHER_ORGAN: "FORWARDED_FROM_OTHER_ORGAN",
    Origin.INSPECTION: "FORWARDED_FROM_OTHER_ORGAN",
    Origin.OTHER_UNIT: "FORWARDED_FROM_OTHER_ORGAN",
}


@dataclass
class NormalizeContext:
    record_id: str
    intake_no: str
    received_at: datetime
    originals: list[Original] = field(default_factory=list)
    higher_level_threshold: str = "COUNTY_DIVISION"
    min_confidence: float = 0.6
    group_visit_threshold: int = 5
    calendar: WorkCalendar = field(default_factory=WorkCalendar)


@dataclass
class _Parts:
    """What the channel-specific part hands to the shared part."""

    text: str
    source: str
    sub_channel: str
    entered_by: str | None = None
    draft: bool = False
    confidence: float | None = None
    title: str | None = None
    categories_reported: list[str] = field(default_factory=list)
    complainant: ComplainantInput | None = None
    accused: list[AccusedInput] = field(default_factory=list)
    extra_phones: list[str] = field(default_factory=list)
    verifications: list[Verification] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    group: tuple[int, list[Representative]] | None = None


def normalize(raw: RawIntake, text: ExtractedText | None, ctx: NormalizeContext) -> ComplaintRecord:
    parts = _channel_parts(raw, text, ctx)
    ex = extract(parts.text, higher_level_threshold=ctx.higher_level_threshold)
    complainant, claim = _complainant(parts, ex)
    flags = list(parts.flags)
    for problem in ex.problems:
        if problem.severity != "INFO":
            flags.append(Flag(code=str(problem.code), reason=problem.message_zh))
    invalid_id = complainant.id_number is not None and not complainant.id_number.valid
    if invalid_id and not any(f.code == "identity_invalid" for f in flags):
        flags.append(Flag(code="identity_invalid", reason="身份证号码校验不通过"))
    if parts.draft:
        flags.extend(_confidence_flags(parts, text, ctx.min_confidence))
    if parts.draft and not parts.text.strip():
        flags.append(Flag(code="no_text", reason="未识别出文字，请人工录入"))
    accused = [_accused_from_input(a) for a in parts.accused] or [
        Accused(
            name=a.name,
            unit=a.unit,
            position=a.position,
            level_suggested=_level(a.level),
        )
        for a in ex.accused
    ]
    received = received_at(raw, ctx.received_at)
    deadlines = []
    if claim in (IdentityClaim.SIGNED_UNVERIFIED, IdentityClaim.REAL_NAME_CONFIRMED):
        deadlines.append(
            _deadline(DeadlineKind.ACCEPTANCE_NOTICE, ACCEPTANCE_NOTICE_DAYS, received, ctx)
        )
    if any(f.code == "possibly_higher_level" for f in flags):
        deadlines.append(_deadline(DeadlineKind.UP_REPORT, UP_REPORT_DAYS, received, ctx))
    origin, handover = origin_of(raw), _handover(raw)
    deadlines.extend(_handover_deadlines(origin, handover, received, ctx))
    return ComplaintRecord(
        record_id=ctx.record_id,
        intake_no=ctx.intake_no,
        channel=channel_of(raw),
        sub_channel=_HANDED_OVER_SUB_CHANNEL.get(origin, parts.sub_channel),
        received_at=received,
        provenance=Provenance(source=parts.source, entered_by=parts.entered_by),
        origin=origin,
        handover=handover,
        originals=ctx.originals,
        complainant=complainant,
        accused=accused,
        persons_mentioned=[
            MentionedPerson(
                name=p.name, role=_ROLES[p.role], phones=p.phones, id_numbers=p.id_numbers
            )
            for p in ex.persons_mentioned
        ],
        content=Content(
            text=parts.text,
            text_is_draft=parts.draft,
            confidence=parts.confidence,
            title=parts.title,
            categories_reported=parts.categories_reported,
            categories_suggested=[c.label for c in ex.categories],
            taxonomy_version=ex.taxonomy_version,
            amounts=[
                Amount(text=a.raw, value=float(a.value), approximate=a.approximate)
                for a in ex.amounts
            ],
            dates=[d.raw for d in ex.dates],
            places=[p.name for p in ex.places],
        ),
        real_name=RealName(status=claim, verifications=parts.verifications),
        flags=_unique(flags),
        deadlines=deadlines,
        extraction=_extraction_summary(ex),
    )


def _channel_parts(raw: RawIntake, text: ExtractedText | None, ctx: NormalizeContext) -> _Parts:
    match raw:
        case WebIntake():
            return _Parts(
                text=raw.main_problem,
                source="web_form",
                sub_channel="12388_WEB",
                title=raw.title,
                categories_reported=[raw.category] if raw.category else [],
                complainant=raw.complainant,
                accused=list(raw.accused),
            )
        case VisitIntake():
            return _visit_parts(raw, ctx)
        case LetterIntake():
            return _Parts(
                text=text.text if text else "",
                source=f"station:{raw.station_id}" if raw.station_id else raw.source,
                sub_channel="POST",
                draft=True,
                confidence=text.confidence if text else None,
                title=raw.subject,
                flags=_extractor_flags(text),
            )
        case PhoneIntake():
            flags = []
            if raw.caller_number is None:
                flags.append(Flag(code="caller_withheld", reason="来电号码未显示"))
            return _Parts(
                text=text.text if text else "",
                source=f"line:{raw.called_line}" if raw.called_line else "hotline",
                sub_channel="12388_PHONE",
                entered_by=raw.agent_id,
                draft=True,
                confidence=text.confidence if text else None,
                extra_phones=[raw.caller_number] if raw.caller_number else [],
                flags=flags,
            )
        case _:
            assert_never(raw)


def _extractor_flags(text: ExtractedText | None) -> list[Flag]:
    """Flags the engine raised itself (``detail["flags"]``), e.g. OCR engines disagreeing."""
    raw = text.detail.get("flags", []) if text else []
    return [
        Flag(code=str(f["code"]), reason=str(f["reason"]), detail=f.get("detail"))
        for f in raw
        if isinstance(f, dict) and "code" in f and "reason" in f
    ]


def _confidence_flags(parts: _Parts, text: ExtractedText | None, minimum: float) -> list[Flag]:
    """One flag naming every page or speaker read below the threshold, and the overall one."""
    weak = [
        f"{p.label} {p.confidence:.2f}"
        for p in (text.parts if text else [])
        if p.confidence is not None and p.confidence < minimum and p.text.strip()
    ]
    overall_low = parts.confidence is not None and parts.confidence < minimum
    if not weak and not overall_low:
        return []
    detail = "；".join(weak) if weak else f"{parts.confidence:.2f}"
    return [Flag(code="low_confidence", reason="自动识别置信度低，请人工核对", detail=detail)]


MAX_REPRESENTATIVES = 5  # 信访工作条例 Art. 20: a group chooses at most five representatives


def _representative(v: Visitor) -> Representative:
    return Representative(
        name=v.name,
        id_number=id_number_field(v.id_number) if v.id_number else None,
        id_checked=v.id_checked,
        phones=[phone_field(v.phone)] if v.phone else [],
        address=v.address,
    )


def _visit_parts(raw: VisitIntake, ctx: NormalizeContext) -> _Parts:
    reps = [v for v in raw.visitors if v.representative] or raw.visitors[:1]
    lead = reps[0] if reps else None
    size = max(raw.group_size or 0, len(raw.visitors))
    verifications = [
        Verification(
            method="FACE_TO_FACE",
            result="CONFIRMED",
            at=ctx.received_at,
            staff=raw.entered_by,
            note="来访时当面核对身份证",
        )
        for v in raw.visitors
        if v.id_checked and v.id_number and check_id_number(v.id_number).valid
    ][:1]
    flags = []
    if raw.out_of_scope_informed:
        flags.append(Flag(code="out_of_scope_informed", reason="已告知来访人向有权机关反映"))
    return _Parts(
        text=raw.matter,
        source=f"desk:{raw.place}" if raw.place else "desk",
        sub_channel="RECEPTION_DESK",
        entered_by=raw.entered_by,
        # A note with no visitor entered (a transcribed desk note): the text says who came.
        complainant=None
        if lead is None
        else ComplainantInput(
            kind=ReporterKind.PERSON,
            name=lead.name,
            id_number=lead.id_number,
            phone=lead.phone,
            address=lead.address,
        ),
        accused=list(raw.accused),
        verifications=verifications,
        flags=flags,
        group=(size, [_representative(v) for v in reps[:MAX_REPRESENTATIVES]])
        if size >= ctx.group_visit_threshold
        else None,
    )


def _complainant(parts: _Parts, ex: Extraction) -> tuple[Complainant, IdentityClaim]:
    given = parts.complainant
    if given is not None and given.kind == ReporterKind.ANONYMOUS:
        return Complainant(kind=ReporterKind.ANONYMOUS), IdentityClaim.ANONYMOUS
    if given is not None and given == ComplainantInput(kind=given.kind):
        given = None  # signed but no field filled in: what the text says is all we have
    name = given.name if given else None
    unit_name = given.unit_name if given else None
    if given is None and ex.names:
        found = ex.names[0]
        if str(found.kind) == "UNIT":
            unit_name = found.name
        else:
            name = found.name
    raw_id = given.id_number if given and given.id_number else None
    id_number: IdNumber | None = None
    if raw_id:
        id_number = id_number_field(raw_id)
    elif given is None:
        # Only a number the text ties to the complainant; others stay in persons_mentioned
        # or in the text.
        own = [i for i in ex.id_numbers if i.holder is Holder.COMPLAINANT]
        id_number = _id_number(own[0]) if own else None
    phones = [phone_field(given.phone)] if given and given.phone else []
    phones += [phone_field(value, source="caller_id") for value in parts.extra_phones]
    known = {p.e164 for p in phones}
    for p in ex.phones:
        if p.holder is Holder.COMPLAINANT and p.e164 not in known:
            phones.append(
                PhoneNumber(
                    raw=p.e164,
                    e164=p.e164,
                    region=p.region_zh,
                    carrier=p.carrier_zh,
                    valid=True,
                    source="text",
                )
            )
            known.add(p.e164)
    kind = ReporterKind.UNIT if unit_name and not name else ReporterKind.PERSON
    if not name and not unit_name:
        kind = ReporterKind.ANONYMOUS
    contact = any(p.valid for p in phones) or bool(given and (given.address or given.email))
    if kind == ReporterKind.ANONYMOUS:
        claim = IdentityClaim.ANONYMOUS
    elif parts.verifications:
        claim = IdentityClaim.REAL_NAME_CONFIRMED
    elif contact:
        claim = IdentityClaim.SIGNED_UNVERIFIED
    else:
        claim = (
            IdentityClaim.ANONYMOUS
            if ex.anonymous and not given
            else IdentityClaim.SIGNED_UNVERIFIED
        )
    group_size, reps = parts.group if parts.group else (None, [])
    return (
        Complainant(
            kind=kind,
            name=name,
            unit_name=unit_name,
            id_number=id_number,
            phones=phones,
            address=given.address if given else None,
            email=given.email if given else None,
            is_group=parts.group is not None,
            group_size=group_size,
            representatives=[r.name for r in reps],
            representative_details=reps,
        ),
        claim,
    )


def id_number_field(value: str) -> IdNumber:
    """A typed resident ID number as the record holds it (validity and what it tells)."""
    return _id_number(check_id_number(value))


def phone_field(value: str, source: Literal["given", "caller_id", "text"] = "given") -> PhoneNumber:
    """A phone number as the record holds it; kept even when it does not parse."""
    found = parse_phone(value)
    return PhoneNumber(
        raw=value,
        e164=found.e164 if found else None,
        region=found.region_zh if found else None,
        carrier=found.carrier_zh if found else None,
        valid=found is not None,
        source=source,
    )


def _id_number(found: IdNumberFound) -> IdNumber:
    return IdNumber(
        value=found.upgraded or found.value,
        valid=found.valid,
        birth_date=found.birth_date,
        sex=("M" if str(found.sex) == "MALE" else "F") if found.sex else None,
        region=" ".join(x for x in (found.province, found.county) if x) or None,
        problems=[str(p.code) for p in found.problems],
    )


def _level(s: LevelSuggestion) -> str | None:
    if s.level == CadreLevel.UNKNOWN:
        return None
    return f"{s.level}/{s.grade}" if s.grade else str(s.level)


def _accused_from_input(a: AccusedInput) -> Accused:
    """A person named in a form: the level typed stays the official's; the one read from the
    unit and position is the suggestion routing starts from (§5.2 note)."""
    return Accused(
        name=a.name,
        unit=a.unit,
        position=a.position,
        level=a.level,
        level_suggested=_level(suggest_level(a.unit, a.position)),
        region=a.region,
    )


def _handover(raw: RawIntake) -> Handover | None:
    match raw:
        case LetterIntake(handover=h) | WebIntake(handover=h) | VisitIntake(handover=h):
            return h if h is not None and h.origin is not Origin.SELF else None
        case PhoneIntake():
            return None
        case _:
            assert_never(raw)


def _handover_deadlines(
    origin: Origin, handover: Handover | None, received: datetime, ctx: NormalizeContext
) -> list[Deadline]:
    """D4 for a 上级转办/交办 (from receipt here, not from the higher organ's letter: the
    deadline starts again at the receiving organ, §8) and D10, the higher organ's own day."""
    if origin not in SUPERIOR_ORIGINS:
        return []
    out = [_deadline(DeadlineKind.HANDOVER_ACCEPT, HANDOVER_ACCEPT_DAYS, received, ctx)]
    if handover is not None and handover.report_due is not None:
        start = received.astimezone(SHANGHAI).date()
        due = max(handover.report_due, start)
        out.append(Deadline(kind=DeadlineKind.ASSIGNED_REPORT, starts=start, due=due))
    return out


def _deadline(kind: DeadlineKind, days: int, received: datetime, ctx: NormalizeContext) -> Deadline:
    start = received.astimezone(SHANGHAI).date()
    return Deadline(kind=kind, starts=start, due=ctx.calendar.add(start, days))


# How far back a stated receipt may lie: older than this is a typing error, not a stamp.
_STATED_RECEIPT_MAX_AGE = timedelta(days=366)


def received_at(raw: RawIntake, stored: datetime) -> datetime:
    """When the office received the item, which deadlines count from: a letter's date stamp
    (收件日期, the office's own stamp) or the start of a call, when given and plausible
    (not after the upload, not more than a year before it); otherwise the upload time."""
    stated: datetime | None = None
    match raw:
        case LetterIntake(date_stamp=day) if day is not None:
            stated = datetime.combine(day, time(0, 0), tzinfo=SHANGHAI)
        case PhoneIntake(started_at=started) if started is not None and started.tzinfo:
            stated = started
        case _:
            stated = None
    if stated is None or not stored - _STATED_RECEIPT_MAX_AGE <= stated <= stored:
        return stored
    return stated.astimezone(stored.tzinfo)


def _unique(flags: list[Flag]) -> list[Flag]:
    seen: set[str] = set()
    out = []
    for f in flags:
        if f.code not in seen:
            seen.add(f.code)
            out.append(f)
    return out


def _extraction_summary(ex: Extraction) -> dict[str, Any]:
    """Spans and confidences for the reviewer's view; the texts themselves are in ``content``."""
    data: dict[str, Any] = msgspec.to_builtins(ex)
    data.pop("original_text", None)
    data.pop("clean_text", None)
    return data
