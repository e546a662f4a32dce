"""Result types of text extraction.

Every type is a frozen ``msgspec.Struct`` so that the normalized record can embed
and serialize it unchanged. Every extracted value carries a ``Span`` into the
ORIGINAL text (not the cleaned one) so that a reviewer UI can highlight it, and a
``confidence`` in [0, 1]: extraction from OCR/ASR text is a suggestion for staff,
never a decision.
"""

from __future__ import annotations

import datetime
import decimal
import enum

import msgspec

__all__ = [
    "AccusedFound",
    "AmountFound",
    "CadreLevel",
    "CategorySuggestion",
    "DateFound",
    "Extraction",
    "Grade",
    "Holder",
    "IdNumberFound",
    "LevelSuggestion",
    "NameFound",
    "PersonMentioned",
    "PersonRole",
    "PhoneFound",
    "PhoneKind",
    "PlaceFound",
    "PlaceLevel",
    "Problem",
    "ProblemCode",
    "RealNameStatus",
    "ReporterKind",
    "Severity",
    "Sex",
    "Span",
    "Trigger",
]


class ProblemCode(enum.StrEnum):
    """Stable codes; the web form and the screening UI key on them."""

    IDENTITY_INVALID = "identity_invalid"
    IDENTITY_LEGACY_15 = "identity_legacy_15"
    IDENTITY_REGION_UNKNOWN = "identity_region_unknown"
    NO_SUBSTANCE = "no_substance"
    POSSIBLY_OUT_OF_SCOPE = "possibly_out_of_scope"
    POSSIBLY_HIGHER_LEVEL = "possibly_higher_level"


class Severity(enum.StrEnum):
    ERROR = "ERROR"
    WARNING = "WARNING"
    INFO = "INFO"


class Sex(enum.StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class PhoneKind(enum.StrEnum):
    MOBILE = "MOBILE"
    FIXED_LINE = "FIXED_LINE"
    OTHER = "OTHER"


class ReporterKind(enum.StrEnum):
    """domain.md §9.3 ``reporter_kind`` (ANONYMOUS is expressed by an empty list)."""

    PERSON = "PERSON"
    UNIT = "UNIT"


class CadreLevel(enum.StrEnum):
    """domain.md §10.2 recommended enum."""

    PROVINCE_MINISTRY = "PROVINCE_MINISTRY"
    BUREAU = "BUREAU"
    COUNTY_DIVISION = "COUNTY_DIVISION"
    TOWNSHIP_SECTION = "TOWNSHIP_SECTION"
    GENERAL_CADRE = "GENERAL_CADRE"
    PUBLIC_INSTITUTION_STAFF = "PUBLIC_INSTITUTION_STAFF"
    SOE_STAFF = "SOE_STAFF"
    VILLAGE_COMMUNITY = "VILLAGE_COMMUNITY"
    OTHER = "OTHER"
    UNKNOWN = "UNKNOWN"


class Holder(enum.StrEnum):
    """Whose a phone or ID number in the text is: only COMPLAINANT ones go on the complainant."""

    COMPLAINANT = "COMPLAINANT"
    MENTIONED = "MENTIONED"  # a third party's or the accused's
    UNKNOWN = "UNKNOWN"  # the text does not tie it to anyone: it stays in the text


class PersonRole(enum.StrEnum):
    """Third parties of a complaint, kept apart from the complainant and the accused."""

    BRIBER = "BRIBER"  # 行贿人, the one who gave money or gifts
    WITNESS = "WITNESS"  # 证人, 知情人 named by the complainant
    RELATIVE = "RELATIVE"  # a relative or close associate of the accused
    OTHER = "OTHER"


class Grade(enum.StrEnum):
    PRINCIPAL = "正"
    DEPUTY = "副"


class PlaceLevel(enum.StrEnum):
    PROVINCE = "PROVINCE"
    PREFECTURE = "PREFECTURE"
    COUNTY = "COUNTY"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"


class RealNameStatus(enum.StrEnum):
    """Extraction-time part of the domain.md §6.4 state machine.

    Only staff verification moves a record on to REAL_NAME_CONFIRMED and beyond;
    text alone can at most say "signed" (署名), never "real-name" (实名).
    """

    ANONYMOUS = "ANONYMOUS"
    SIGNED_UNVERIFIED = "SIGNED_UNVERIFIED"
    NAME_WITHOUT_CONTACT = "NAME_WITHOUT_CONTACT"


class Span(msgspec.Struct, frozen=True, kw_only=True):
    """Half-open character offsets into the original text."""

    start: int
    end: int


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    code: ProblemCode
    severity: Severity
    message_zh: str
    message_en: str
    span: Span | None = None


class Trigger(msgspec.Struct, frozen=True, kw_only=True):
    """A word in the text that caused a suggestion, so staff can see why."""

    word: str
    span: Span


class IdNumberFound(msgspec.Struct, frozen=True, kw_only=True):
    """A resident ID number (居民身份证号码).

    ``value`` is the compact form (digits, upper-case X); ``upgraded`` is the
    18-digit equivalent of a 15-digit number. ``valid`` is False only for a bad
    checksum or birth date; an unknown region is a warning, not invalidity.
    """

    value: str
    span: Span
    confidence: float
    valid: bool
    legacy_15: bool
    upgraded: str | None
    birth_date: datetime.date | None
    sex: Sex | None
    region_code: str
    province: str | None
    county: str | None
    problems: list[Problem]
    holder: Holder = Holder.UNKNOWN


class PhoneFound(msgspec.Struct, frozen=True, kw_only=True):
    e164: str
    kind: PhoneKind
    extension: str | None
    region_zh: str | None
    carrier_zh: str | None
    span: Span
    confidence: float
    holder: Holder = Holder.UNKNOWN


class NameFound(msgspec.Struct, frozen=True, kw_only=True):
    """A complainant's name or unit, with the cue that introduced it."""

    name: str
    kind: ReporterKind
    cue: str
    span: Span
    confidence: float


class PersonMentioned(msgspec.Struct, frozen=True, kw_only=True):
    """A third party: named in the text, neither complainant nor accused."""

    name: str
    role: PersonRole
    cue: str
    span: Span
    confidence: float
    phones: list[str] = []  # E.164 of the numbers the text ties to this person
    id_numbers: list[str] = []


class LevelSuggestion(msgspec.Struct, frozen=True, kw_only=True):
    """``suggested`` is False when the text states the level (（副处级）), True when inferred."""

    level: CadreLevel
    grade: Grade | None
    basis: str
    suggested: bool = True


class AccusedFound(msgspec.Struct, frozen=True, kw_only=True):
    """被反映人. ``surname_only`` marks forms like 韩某 / 李XX."""

    name: str | None
    surname_only: bool
    unit: str | None
    position: str | None
    level: LevelSuggestion
    span: Span
    confidence: float


class AmountFound(msgspec.Struct, frozen=True, kw_only=True):
    """A sum of money in yuan; ``approximate`` for 余/多/左右 and the like."""

    value: decimal.Decimal
    approximate: bool
    raw: str
    span: Span
    confidence: float


class DateFound(msgspec.Struct, frozen=True, kw_only=True):
    """A date or partial date; ``relative`` for 去年, 上个月 (no fields resolved)."""

    raw: str
    year: int | None
    month: int | None
    day: int | None
    relative: bool
    span: Span
    confidence: float


class PlaceFound(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    level: PlaceLevel
    span: Span
    confidence: float


class CategorySuggestion(msgspec.Struct, frozen=True, kw_only=True):
    """A domain.md §10.3 category suggested by trigger words (never a decision)."""

    code: str
    label: str
    subcategory: str | None
    triggers: list[Trigger]
    confidence: float


class Extraction(msgspec.Struct, frozen=True, kw_only=True):
    original_text: str
    clean_text: str
    id_numbers: list[IdNumberFound]
    phones: list[PhoneFound]
    names: list[NameFound]
    anonymous: bool
    anonymous_markers: list[Trigger]
    accused: list[AccusedFound]
    persons_mentioned: list[PersonMentioned]
    amounts: list[AmountFound]
    dates: list[DateFound]
    places: list[PlaceFound]
    categories: list[CategorySuggestion]
    taxonomy_version: str
    real_name: RealNameStatus
    problems: list[Problem]
