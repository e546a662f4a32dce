"""Quarterly feedback (D7, Rules Art. 18): ``/staff/feedback?quarter=2026Q4``.

The 监督检查 and 审查调查 departments report the results of what they finished every quarter.
The page lists, per handling department, the 移送件 of the quarter with and without a reported
result. A 移送件 belongs to the quarter when it was sent by the quarter's last day and its
result did not come before the quarter began; it is with the 审查调查部门 once the 监督检查部门
reported it 移送 there (a 转办 whose mode is 移送 to a 审查调查 department), else with the
监督检查部门. Its result is the 办结 callback, with the disposal (§10.4). At the end of each
quarter those without a result raise the ``quarter_no_result`` warning (gateway.supervision).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiohttp_jinja2
from aiohttp import web

from gateway.accounts import StaffPages
from gateway.labels import STAGE_LABELS, local_time
from gateway.storage import SHANGHAI, LedgerRow, Store
from gateway.supervision import quarter_of
from normalizer.triage import Action

__all__ = ["DEPARTMENTS", "FeedbackRow", "feedback_routes", "parse_quarter", "quarter_rows"]

DEPARTMENTS = {"supervision": "监督检查部门", "investigation": "审查调查部门"}
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def parse_quarter(value: str | None, today: date) -> tuple[str, date, date] | None:
    """``2026Q4`` -> its name, first and last day; absent: today's quarter; None if invalid."""
    if not value:
        first, last = quarter_of(today)
        return f"{first.year}Q{(first.month - 1) // 3 + 1}", first, last
    m = _QUARTER.match(value.strip().upper())
    if m is None or not 2000 <= int(m.group(1)) <= today.year + 1:
        return None
    first, last = quarter_of(date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1))
    return f"{m.group(1)}Q{m.group(2)}", first, last


@dataclass(frozen=True)
class FeedbackRow:
    intake_no: str
    department: str  # DEPARTMENTS key
    sent: date
    stage: str
    result_on: date | None  # the day the result was reported (办结), within the quarter
    disposal: str | None


def _day(at: datetime) -> date:
    return at.astimezone(SHANGHAI).date()


def quarter_rows(
    rows: Sequence[LedgerRow],
    handling: dict[str, list[tuple[str, datetime, str]]],
    first: date,
    last: date,
) -> list[FeedbackRow]:
    """The 移送件 of the quarter ``first``..``last`` (pure: from the ledger and the events)."""
    out: dict[str, FeedbackRow] = {}
    for r in rows:
        item = r.item
        if r.sealed or Action.YISONG_INTERNAL.value not in item.actions or item.sent_at is None:
            continue
        sent = _day(item.sent_at)
        if sent > last or r.intake_id in out or item.stage in ("returned", "queued"):
            continue
        events = handling.get(r.intake_id, [])
        done = next(((_day(at), why) for t, at, why in events if t == "COMPLETED"), None)
        if done is not None and done[0] < first:
            continue  # reported in an earlier quarter
        result = done if done is not None and done[0] <= last else None
        investigation = any(
            t == "TRANSFERRED" and why.startswith("移送") and "审查调查" in why
            for t, at, why in events
            if _day(at) <= last
        )
        out[r.intake_id] = FeedbackRow(
            intake_no=r.intake_no,
            department="investigation" if investigation else "supervision",
            sent=sent,
            stage=item.stage,
            result_on=result[0] if result else None,
            disposal=result[1] if result else None,
        )
    return sorted(out.values(), key=lambda f: (f.sent, f.intake_no))


def feedback_routes(store: Store, pages: StaffPages) -> list[web.RouteDef]:
    async def page(request: web.Request) -> web.Response:
        today = datetime.now(SHANGHAI).date()
        chosen = parse_quarter(request.query.get("quarter"), today)
        if chosen is None:
            return aiohttp_jinja2.render_template(
                "staff_message.html",
                request,
                pages.context(
                    request,
                    title="季度格式有误",
                    message="季度应写作“年份Q季度”，例如 2026Q4。",
                    link=("/staff/feedback", "返回本季度"),
                ),
                status=400,
            )
        name, first, last = chosen
        found = quarter_rows(
            await store.ledger(limit=100_000), await store.handling_events(), first, last
        )
        groups = [
            {
                "code": code,
                "label": label,
                "with": [f for f in found if f.department == code and f.result_on],
                "without": [f for f in found if f.department == code and not f.result_on],
            }
            for code, label in DEPARTMENTS.items()
        ]
        return aiohttp_jinja2.render_template(
            "feedback.html",
            request,
            pages.context(
                request,
                quarter=name,
                first=first.isoformat(),
                last=last.isoformat(),
                ended=today > last,
                groups=groups,
                stages=STAGE_LABELS,
                now=local_time(datetime.now(SHANGHAI), "%Y-%m-%d %H:%M"),
            ),
        )

    return [web.get("/staff/feedback", page, name="staff.feedback")]
