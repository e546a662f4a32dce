"""Working days on the Chinese calendar, for the legal deadlines (domain.md §8).

``chinese-calendar`` knows the statutory holidays and make-up working days (调休) of the years
the State Council has announced. For a later year it raises; there we fall back to weekdays
plus an operator-supplied holiday file and say so, rather than guess silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

__all__ = ["WorkCalendar", "parse_holiday_file"]


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


@dataclass
class WorkCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)
    receipt_day_counts: bool = False
    unknown_years: set[int] = field(default_factory=set)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            self.unknown_years.add(day.year)
            return day.weekday() < 5

    def add(self, start: date, working_days: int) -> date:
        """The last day of a period of ``working_days`` starting at ``start`` (the receipt)."""
        day = start
        counted = 0
        if self.receipt_day_counts and self.is_workday(day):
            counted = 1
        while counted < working_days:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def elapsed(self, start: date, today: date) -> int:
        """Working days used from ``start`` up to and including ``today``."""
        n, day = 0, start
        if self.receipt_day_counts and self.is_workday(day):
            n = 1
        while day < today:
            day += timedelta(days=1)
            if self.is_workday(day):
                n += 1
        return n
