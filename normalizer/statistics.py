"""What a record contributes to the statistics: codes and counts, never identity or content.

Every record is encrypted on its own, so nothing can be aggregated from the records; the
statistics table holds, per intake, only what is written here. ``facts_of`` is the single
place that decides what leaves the record: a test searches the database for every name,
number and sentence of a corpus and finds none in the statistics tables.

Counting rules (信访举报数据统计规则, domain.md §10.1), kept configurable in ``CountingRules``:
- 件次 counts every report; 件数 counts a matter once: a repeat (重复举报) is a 件次, not a
  new 件数 (``repeat_is_new_matter`` turns that off).
- A visit is one 批次; its 人次 is the number of people who came (a group visit is one batch
  of N people); a visit of ``group_visit_min`` or more people is a 集体访, kept apart.
- 业务范围外, 申诉, 批评建议 and 无实质内容 are classes of their own, never counted as 检举控告.
- Days are received days in Beijing time.
- The accused dimensions (level, region, unit) of a report are those of its first accused;
  every accused's unit and region is also a label, so filters find a report by any of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from normalizer.extraction.categories import CATEGORY_LABELS
from normalizer.record import Channel, ComplaintRecord
from normalizer.regions import region_code
from normalizer.triage import Action, Classification, parse_level

__all__ = [
    "CountingRules",
    "StatFacts",
    "acceptance_of",
    "beijing_day",
    "facts_of",
    "normalized_unit",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
_PUNCT = re.compile(r"[\s\u3000,，。.、;；:：()（）\[\]【】\"“”'‘’<>《》]+")


@dataclass(frozen=True)
class CountingRules:
    group_visit_min: int = 5  # 5人以上(含) is a 集体访 [S17]
    repeat_is_new_matter: bool = False  # a repeat is a 件次 but no new 件数


@dataclass(frozen=True)
class StatFacts:
    """One intake's row of the statistics table and its labels (kind, code)."""

    day: str  # YYYY-MM-DD, received, Beijing time
    channel: str
    origin: str = "self"  # 本级受理; handed-over origins as their codes
    klass: str | None = None  # 检举控告 / 申诉 / 批评建议 / 业务范围外 / 无实质内容
    repeat: bool = False
    real_name: str = "ANONYMOUS"
    group_visit: bool = False
    people: int = 0  # 人次 of a visit; 0 for the other channels
    level: str | None = None
    region: str | None = None  # GB/T 2260 code
    unit: str | None = None  # normalized unit name
    taxonomy: str | None = None
    labels: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def beijing_day(at: datetime) -> str:
    return at.astimezone(SHANGHAI).date().isoformat()


def normalized_unit(unit: str | None) -> str | None:
    """One spelling per unit: full-width forms folded, spaces and punctuation dropped."""
    if not unit:
        return None
    out = _PUNCT.sub("", unicodedata.normalize("NFKC", unit))
    return out[:100] or None


def facts_of(
    record: ComplaintRecord,
    *,
    klass: str | None,
    tags: Sequence[str] = (),
    rules: CountingRules = CountingRules(),
) -> StatFacts:
    people = 0
    if record.channel is Channel.VISIT:
        c = record.complainant
        people = max(c.group_size or 0, len(c.representative_details), 1)
    levels, regions, units = [], [], []
    for a in record.accused:
        level = parse_level(a.level) or parse_level(a.level_suggested)
        levels.append(level.value if level else None)
        found = region_code(a.region) or region_code(a.unit)
        regions.append(found.code if found else None)
        units.append(normalized_unit(a.unit))
    labels: set[tuple[str, str]] = set()
    labels.update(("category", c) for c in _categories(record))
    labels.update(("tag", t) for t in tags)
    labels.update(("unit", u) for u in units if u)
    labels.update(("region", r) for r in regions if r)
    labels.update(("level", lv) for lv in levels if lv)
    return StatFacts(
        day=beijing_day(record.received_at),
        channel=record.channel.value,
        origin=record.origin.value,
        klass=klass,
        repeat=_repeat(record) and not rules.repeat_is_new_matter,
        real_name=record.real_name.status.value,
        group_visit=people >= rules.group_visit_min,
        people=people,
        level=levels[0] if levels else None,
        region=regions[0] if regions else None,
        unit=units[0] if units else None,
        taxonomy=record.content.taxonomy_version,
        labels=tuple(sorted(labels)),
    )


def _repeat(record: ComplaintRecord) -> bool:
    return any(f.code == "possible_repeat" for f in record.flags)


def acceptance_of(classification: str | None, actions: Sequence[str]) -> str | None:
    """What a decision means for the 受理 statistics: accepted here (移送, 留存备查), passed on
    to the organ it belongs to (径送, 报送, 转送, 交办, other organs), or not accepted (业务范围外,
    无实质内容). 申诉 and 批评建议 are not 检举控告 and have no acceptance here."""
    match classification:
        case Classification.NO_SUBSTANCE | Classification.OUT_OF_REMIT:
            return "NOT_ACCEPTED"
        case Classification.REPORT:
            if _HERE & set(actions):
                return "ACCEPTED"
            return "PASSED_ON" if actions else None
        case _:
            return None


_HERE = {Action.YISONG_INTERNAL.value, Action.REGISTER_AND_FILE.value}


def _categories(record: ComplaintRecord) -> list[str]:
    """The reporter's choice where it is a category of the taxonomy, else the suggestion; a
    reporter's free words never reach the statistics."""
    reported = [c for c in record.content.categories_reported if c in CATEGORY_LABELS]
    chosen = reported or record.content.categories_suggested
    return [c for c in chosen if c in CATEGORY_LABELS][:10]
