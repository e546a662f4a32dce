"""Pure text extraction: the fields of the normalized record from intake text.

Every channel ends in text (OCR of a letter, a call transcript, a form's free
text, a clerk's notes). ``extract`` normalizes it once (``cleanup``), reads it once and
returns suggestions with spans into the original text and confidences; it does no I/O and
never raises. It reads roles, not only patterns: who writes (``names``), whom it is about
(``accused``), and the third parties kept apart (``roles``), each phone and ID number
carrying its ``holder``.
``check_id_number`` and ``parse_phone`` serve single form fields.
"""

from __future__ import annotations

import re

from .accused import find_accused
from .amounts import find_amounts
from .categories import TAXONOMY_VERSION, suggest_categories
from .cleanup import clean
from .dates import find_dates
from .digits import scan_numbers_at
from .identity import check_id_number
from .names import anonymous_markers, complainant_names
from .phones import parse_phone
from .places import find_places
from .roles import assign_holders, find_mentioned
from .screening import higher_level, no_substance, out_of_scope
from .types import (
    AccusedFound,
    AmountFound,
    CadreLevel,
    CategorySuggestion,
    DateFound,
    Extraction,
    Grade,
    Holder,
    IdNumberFound,
    LevelSuggestion,
    NameFound,
    PersonMentioned,
    PersonRole,
    PhoneFound,
    PhoneKind,
    PlaceFound,
    PlaceLevel,
    Problem,
    ProblemCode,
    RealNameStatus,
    ReporterKind,
    Severity,
    Sex,
    Span,
    Trigger,
)

__all__ = [
    "TAXONOMY_VERSION",
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
    "check_id_number",
    "extract",
    "parse_phone",
]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


def _threshold(value: str) -> CadreLevel:
    try:
        return CadreLevel(value)
    except ValueError:
        return CadreLevel.COUNTY_DIVISION


def extract(text: str, *, higher_level_threshold: str = "COUNTY_DIVISION") -> Extraction:
    """Extract every field from ``text``; an unknown threshold falls back to COUNTY_DIVISION."""
    cleaned = clean(text)
    id_numbers, id_starts, phones, phone_starts = scan_numbers_at(cleaned)
    names = complainant_names(cleaned)
    mentioned, spots = find_mentioned(cleaned, exclude=frozenset(n.name for n in names))
    third = frozenset(p.name for p in mentioned)
    names = [n for n in names if n.name not in third]
    accused = find_accused(cleaned, exclude=frozenset(n.name for n in names) | third)
    id_numbers, phones, mentioned = assign_holders(
        cleaned,
        id_numbers,
        phones,
        names,
        frozenset(a.name for a in accused if a.name),
        mentioned,
        spots,
        id_starts,
        phone_starts,
    )
    amounts = find_amounts(cleaned)
    dates = find_dates(cleaned)
    places = find_places(cleaned)
    categories = suggest_categories(cleaned)

    if not names:
        real_name = RealNameStatus.ANONYMOUS
    elif any(p.holder is Holder.COMPLAINANT for p in phones) or _EMAIL.search(cleaned.text):
        real_name = RealNameStatus.SIGNED_UNVERIFIED
    else:
        real_name = RealNameStatus.NAME_WITHOUT_CONTACT

    problems = [p for found in id_numbers for p in found.problems]
    problems += out_of_scope(cleaned)
    problems += no_substance(cleaned, accused, dates, places, amounts, categories)
    problems += higher_level(accused, _threshold(higher_level_threshold))

    return Extraction(
        original_text=text,
        clean_text=cleaned.text,
        id_numbers=id_numbers,
        phones=phones,
        names=names,
        anonymous=not names,
        anonymous_markers=anonymous_markers(cleaned),
        accused=accused,
        persons_mentioned=mentioned,
        amounts=amounts,
        dates=dates,
        places=places,
        categories=categories,
        taxonomy_version=TAXONOMY_VERSION,
        real_name=real_name,
        problems=problems,
    )
