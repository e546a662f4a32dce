"""Possible repeats (重复检举控告): the same person about the same matter, or, for anonymous
reports, the same accused (domain.md §7.2, a 信访 default until the client defines it).

Pure: this module says which facts of a record identify a person or an accused, and how
earlier records sharing them make a repeat. The gateway stores those facts only as keyed
hashes (a blind index), so finding repeats never needs identity in clear.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set

from normalizer.record import ComplaintRecord, Flag, ReporterKind

__all__ = [
    "ACCUSED",
    "COMPLAINANT",
    "SEARCH_KINDS",
    "match_facts",
    "repeat_flag",
    "search_fact",
    "search_facts",
]

COMPLAINANT = "complainant"
ACCUSED = "accused"
# Facts staff search by (exact match, through the same blind index): the complainant's and
# representatives' names, an accused's name, an accused's unit. ID numbers and phones are
# found through the complainant facts above.
SEARCH_NAME = "s:name"
SEARCH_ACCUSED = "s:accused"
SEARCH_UNIT = "s:unit"
SEARCH_KINDS = frozenset({SEARCH_NAME, SEARCH_ACCUSED, SEARCH_UNIT})

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub("", text).strip()


def match_facts(record: ComplaintRecord) -> list[tuple[str, str]]:
    """(kind, value) pairs that identify this record's complainant and accused."""
    facts: list[tuple[str, str]] = []
    c = record.complainant
    if c.kind != ReporterKind.ANONYMOUS:
        if c.id_number is not None:
            facts.append((COMPLAINANT, f"id:{c.id_number.value.upper()}"))
        facts += [(COMPLAINANT, f"phone:{p.e164}") for p in c.phones if p.e164 and p.valid]
    for a in record.accused:
        # A surname alone (韩某) or a name without its unit identifies no one.
        if a.name and a.unit and "某" not in a.name:
            facts.append((ACCUSED, f"{_norm(a.name)}@{_norm(a.unit)}"))
    return sorted(set(facts))


def repeat_flag(record: ComplaintRecord, earlier: Mapping[str, Set[str]]) -> Flag | None:
    """``earlier`` maps a kind to the intake numbers sharing a fact of that kind.

    Same complainant and same accused is a possible repeat; for an anonymous report the
    same accused is enough. A person decides: a repeat with new facts is a new report.
    """
    same_accused = earlier.get(ACCUSED, set())
    if record.complainant.kind == ReporterKind.ANONYMOUS:
        matches = same_accused
    else:
        matches = same_accused & earlier.get(COMPLAINANT, set())
    if not matches:
        return None
    shown = "、".join(sorted(matches)[:5])
    return Flag(code="possible_repeat", reason="可能为重复检举控告", detail=f"参见 {shown}")


def search_facts(record: ComplaintRecord) -> list[tuple[str, str]]:
    """(kind, value) pairs a staff search finds this record by, besides ``match_facts``."""
    facts: list[tuple[str, str]] = []
    c = record.complainant
    if c.kind != ReporterKind.ANONYMOUS:
        names = [c.name, c.unit_name, *c.representatives]
        facts += [(SEARCH_NAME, _norm(n)) for n in names if n and _norm(n)]
    for a in record.accused:
        if a.name and "某" not in a.name:
            facts.append((SEARCH_ACCUSED, _norm(a.name)))
        if a.unit:
            facts.append((SEARCH_UNIT, _norm(a.unit)))
    return sorted(set(facts))


def search_fact(field: str, value: str) -> tuple[str, str] | None:
    """The blind-index fact a search field means (``name``, ``id_number``, ``phone`` as E.164,
    ``accused``, ``unit``), or None for an empty value."""
    value = _norm(value)
    if not value:
        return None
    match field:
        case "name":
            return SEARCH_NAME, value
        case "id_number":
            return COMPLAINANT, f"id:{value.upper()}"
        case "phone":
            return COMPLAINANT, f"phone:{value}"
        case "accused":
            return SEARCH_ACCUSED, value
        case "unit":
            return SEARCH_UNIT, value
        case _:
            raise ValueError(field)
