"""The deadline monitor (domain.md §8): how much of each legal period is used, and what is late.

Deadlines are rows written when a record is normalized (acceptance notice D5, up-report D1) and
when the processing system concludes a real-name report (result feedback D6); callbacks mark
them met. ``assess`` is pure: given the working-day calendar and a "today" it says what fraction
of the period is used (``WorkCalendar.elapsed``), which warning fractions are passed and
whether the deadline has expired, so tests and managers can look at any day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from prometheus_client import Gauge

from gateway.accounts import StaffPages
from gateway.labels import DEADLINE_LABELS
from gateway.storage import SHANGHAI, Store, StoredDeadline
from normalizer.errors import InvalidInput
from normalizer.workdays import WorkCalendar, check_date

__all__ = ["DeadlineStatus", "assess", "deadline_routes", "monitor", "refresh_metrics"]


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: StoredDeadline
    limit_days: int  # working days of the whole period
    used_days: int  # working days used up to today
    fraction: float
    level: str  # met | ok | warning | due_today | overdue
    warned_at: float | None  # the highest warning fraction passed

    @property
    def days_left(self) -> int:
        return self.limit_days - self.used_days

    def to_json(self) -> dict[str, Any]:
        d = self.deadline
        return {
            "intake_id": d.intake_id,
            "intake_no": d.intake_no,
            "kind": d.kind,
            "starts": d.starts.isoformat(),
            "due": d.due.isoformat(),
            "met_at": d.met_at.isoformat() if d.met_at else None,
            "limit_days": self.limit_days,
            "used_days": self.used_days,
            "working_days_left": self.days_left,
            "fraction_used": round(self.fraction, 3),
            "level": self.level,
            "warned_at": self.warned_at,
        }


def assess(
    d: StoredDeadline, calendar: WorkCalendar, today: date, warn_fractions: Sequence[float]
) -> DeadlineStatus:
    limit = max(1, calendar.elapsed(d.starts, d.due))
    used = calendar.elapsed(d.starts, today) if today > d.starts else 0
    fraction = used / limit
    passed = [f for f in sorted(warn_fractions) if fraction >= f]
    if d.met_at is not None:
        level = "met"
    elif today > d.due:
        level = "overdue"
    elif today == d.due:
        level = "due_today"  # the warning at expiry
    elif passed:
        level = "warning"
    else:
        level = "ok"
    return DeadlineStatus(d, limit, used, fraction, level, passed[-1] if passed else None)


def monitor(
    deadlines: Iterable[StoredDeadline],
    calendar: WorkCalendar,
    today: date,
    warn_fractions: Sequence[float],
) -> list[DeadlineStatus]:
    """Most urgent first: overdue, then by fraction used."""
    found = [assess(d, calendar, today, warn_fractions) for d in deadlines]
    order = {"overdue": 0, "due_today": 1, "warning": 2, "ok": 3, "met": 4}
    return sorted(found, key=lambda s: (order[s.level], -s.fraction, s.deadline.due))


def _today(request: web.Request) -> date:
    """The day to assess at: today, or another day within ``DATE_RANGE_YEARS`` of it."""
    now = datetime.now(SHANGHAI).date()
    value = request.query.get("today")
    if not value:
        return now
    try:
        return check_date(date.fromisoformat(value), now, field="today")
    except ValueError:
        raise InvalidInput(
            "field_invalid",
            "today 必须是 YYYY-MM-DD 格式的日期。",
            "today must be a date (YYYY-MM-DD).",
            field="today",
        ) from None


async def refresh_metrics(
    store: Store,
    calendar: WorkCalendar,
    warn_fractions: Sequence[float],
    overdue: Gauge,
    warnings: Gauge,
) -> None:
    """Set the overdue gauge and the per-fraction warning gauge from the open deadlines."""
    today = datetime.now(SHANGHAI).date()
    found = monitor(await store.list_deadlines(), calendar, today, warn_fractions)
    overdue.set(sum(1 for s in found if s.level == "overdue"))
    for f in warn_fractions:
        warnings.labels(str(f)).set(sum(1 for s in found if s.fraction >= f))


def deadline_routes(
    store: Store, calendar: WorkCalendar, warn_fractions: Sequence[float], pages: StaffPages
) -> list[web.RouteDef]:
    async def assessed(request: web.Request) -> tuple[date, list[DeadlineStatus]]:
        today = _today(request)
        include_met = request.query.get("include") == "met"
        rows = await store.list_deadlines(open_only=not include_met)
        return today, monitor(rows, calendar, today, warn_fractions)

    async def api(request: web.Request) -> web.Response:
        today, found = await assessed(request)
        counts: dict[str, int] = {}
        for s in found:
            counts[s.level] = counts.get(s.level, 0) + 1
        return web.json_response(
            {
                "today": today.isoformat(),
                "warn_fractions": list(warn_fractions),
                "counts": counts,
                "items": [s.to_json() for s in found],
            }
        )

    async def page(request: web.Request) -> web.Response:
        today, found = await assessed(request)
        return aiohttp_jinja2.render_template(
            "deadlines.html",
            request,
            pages.context(
                request,
                title="办理时限",
                today=today,
                overdue=[s for s in found if s.level == "overdue"],
                due_soon=[s for s in found if s.level in ("due_today", "warning")],
                open_ok=sum(1 for s in found if s.level == "ok"),
                labels=DEADLINE_LABELS,
                warn_fractions=warn_fractions,
            ),
        )

    return [
        web.get("/api/v1/deadlines", api, name="deadlines.list"),
        web.get("/staff/deadlines", page, name="deadlines.page"),
    ]
