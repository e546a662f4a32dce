"""Working days on the Chinese calendar, for the legal deadlines (domain.md §8).

``chinese-calendar`` knows the statutory holidays and make-up working days (调休) of the years
the State Council has announced. For a later year it raises; there we fall back to weekdays
plus an operator-supplied holiday file and say so, rather than guess silently.

Counting is arithmetic, not a walk: weekdays in a span come from the ordinal day numbers
(five in every seven), and the exceptions (holidays on weekdays, make-up days on weekends,
the operator's overrides) are a sorted table with running sums, looked up by bisection. So
``elapsed`` costs O(log n) and ``add`` O(log² n) whatever the span: counting day by day, a
``today`` of 9999-12-31 froze the event loop for 125 s. Dates are still bounded
(``check_date``), since no legal period of a report spans decades.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import chinese_calendar

from normalizer.errors import InvalidInput

__all__ = ["DATE_RANGE_YEARS", "WorkCalendar", "check_date", "parse_holiday_file"]

# How far from the receipt (or today) a date may lie: deadlines run for weeks, records are
# kept for years, but nothing the gateway computes spans more than this.
DATE_RANGE_YEARS = 10


def check_date(day: date, around: date, *, field: str) -> date:
    """``day`` if it lies within ``DATE_RANGE_YEARS`` of ``around``, else a refusal."""
    low, high = around.year - DATE_RANGE_YEARS, around.year + DATE_RANGE_YEARS
    if not low <= day.year <= high:
        raise InvalidInput(
            "date_out_of_range",
            f"日期 {day.isoformat()} 超出允许范围（{low} 年至 {high} 年）。",
            f"The date {day.isoformat()} is out of range (years {low} to {high}).",
            field=field,
        )
    return day


def parse_holiday_file(text: str) -> dict[date, bool]:
    """``YYYY-MM-DD holiday|workday`` per line (``#`` comments): True means a working day."""
    days: dict[date, bool] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or parts[1] not in {"holiday", "workday"}:
            raise ValueError(f"holiday file line {n}: expected 'YYYY-MM-DD holiday|workday'")
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            raise ValueError(f"holiday file line {n}: {parts[0]!r} is not a date") from None
        days[day] = parts[1] == "workday"
    return days


def _weekdays_through(day: date) -> int:
    """Monday-to-Friday days from 0001-01-01 (a Monday) up to and including ``day``."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _is_weekday(day: date) -> bool:
    return day.weekday() < 5


@dataclass
class WorkCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)
    receipt_day_counts: bool = False
    unknown_years: set[int] = field(default_factory=set)

    @cached_property
    def _known_years(self) -> tuple[int, int]:
        years = [d.year for d in chinese_calendar.holidays]
        return min(years), max(years)

    @cached_property
    def _exceptions(self) -> tuple[list[date], list[int]]:
        """Days whose status differs from Monday-to-Friday, with running sums of the change."""
        status: dict[date, bool] = {}
        for day in chinese_calendar.holidays:
            status[day] = False
        for day in chinese_calendar.workdays:
            status[day] = True
        status.update(self.overrides)
        days = sorted(d for d, working in status.items() if working != _is_weekday(d))
        sums, total = [], 0
        for day in days:
            total += 1 if status[day] else -1
            sums.append(total)
        return days, sums

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            self.unknown_years.add(day.year)
            return _is_weekday(day)

    def _count(self, after: date, through: date) -> int:
        """Working days in the span (after, through]; 0 when the span is empty."""
        if through <= after:
            return 0
        self._note_unknown(after + timedelta(days=1), through)
        days, sums = self._exceptions
        lo = bisect.bisect_right(days, after)
        hi = bisect.bisect_right(days, through)
        change = (sums[hi - 1] if hi else 0) - (sums[lo - 1] if lo else 0)
        return _weekdays_through(through) - _weekdays_through(after) + change

    def _note_unknown(self, first: date, last: date) -> None:
        """Years of the span that the package does not know: counted as plain weekdays."""
        low, high = self._known_years
        before = range(first.year, min(last.year, low - 1) + 1)
        after = range(max(first.year, high + 1), last.year + 1)
        for years in (before, after):
            # What a warning can usefully name: the years nearest the table, and the far end.
            self.unknown_years.update(years[:100])
            self.unknown_years.update(years[-1:])

    def add(self, start: date, working_days: int) -> date:
        """The last day of a period of ``working_days`` starting at ``start`` (the receipt)."""
        counted = 1 if self.receipt_day_counts and self.is_workday(start) else 0
        needed = working_days - counted
        if needed <= 0:
            return start
        # The smallest day whose count reaches ``needed``: a bisection over a span sure to hold
        # it (five working days in seven, plus room for the longest holiday runs).
        low, span = 1, needed * 2 + 30
        while self._count(start, start + timedelta(days=span)) < needed:
            span *= 2
        high = span
        while low < high:
            middle = (low + high) // 2
            if self._count(start, start + timedelta(days=middle)) >= needed:
                high = middle
            else:
                low = middle + 1
        return start + timedelta(days=low)

    def elapsed(self, start: date, today: date) -> int:
        """Working days used from ``start`` up to and including ``today``."""
        n = 1 if self.receipt_day_counts and self.is_workday(start) else 0
        return n + self._count(start, today)
