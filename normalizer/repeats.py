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

__all__ = ["ACCUSED", "COMPLAINANT", "match_facts", "repeat_flag"]

COMPLAINANT = "complainant"
ACCUSED = "accused"

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
