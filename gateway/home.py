"""The staff home page: what needs attention today (issue 13, 17).

One look for a 信访室 morning: how many items wait for review, for a decision's approval and
for a printed letter to go out; the early warnings; the deadlines due this week; the items the
reader handles. Every figure links to the page that works it off.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import aiohttp_jinja2
from aiohttp import web

from gateway.accounts import StaffPages
from gateway.auth import Role, principal_of
from gateway.labels import DEADLINE_LABELS
from gateway.storage import SHANGHAI, SearchQuery
from gateway.supervision import Supervision
from normalizer.workdays import WorkCalendar

__all__ = ["home_routes"]

WEEK = timedelta(days=7)


def home_routes(
    service: Supervision, pages: StaffPages, calendar: WorkCalendar
) -> list[web.RouteDef]:
    store = service.triage.store

    async def today(request: web.Request) -> web.Response:
        principal = principal_of(request)
        now = datetime.now(SHANGHAI).date()
        review = await store.list_intakes(stage="needs_review", limit=10_000)
        approvals = await store.list_intakes(stage="awaiting_approval", limit=10_000)
        letters = await store.manual_deliveries(with_sealed=principal.role == Role.HEAD)
        mine, _ = await store.search(SearchQuery(assignee=principal.actor, limit=200))
        warnings = await service.warnings(now)
        due = [
            {
                "intake_no": d.intake_no,
                "kind": DEADLINE_LABELS.get(d.kind, d.kind),
                "due": d.due.isoformat(),
                "left": calendar.elapsed(now, d.due) if d.due >= now else -1,
            }
            for d in await store.list_deadlines()
            if d.due <= now + WEEK
        ]
        return aiohttp_jinja2.render_template(
            "staff_home.html",
            request,
            pages.context(
                request,
                today=now.isoformat(),
                review=len(review),
                approvals=len(approvals),
                letters=len(letters),
                mine=len(mine),
                warnings=warnings[:50],
                warning_count=len(warnings),
                due=sorted(due, key=lambda d: str(d["due"]))[:50],
            ),
        )

    return [web.get("/staff/today", today, name="staff.today")]
