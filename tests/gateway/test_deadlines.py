"""The deadline monitor: fractions of working days used, warnings, expiry, the managers' page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import msgspec
import pytest

from gateway.app import STORE
from gateway.deadlines import assess
from gateway.settings import Settings
from gateway.storage import SHANGHAI, NewIntake, StoredDeadline
from normalizer.record import ComplainantInput, WebIntake
from normalizer.workdays import WorkCalendar
from tests.conftest import MakeClient, api_key, wait_for

CAL = WorkCalendar()
# 2024-03-04 (Mon) + 15 working days, no holidays in between: due 2024-03-25 (Mon)
START, DUE = date(2024, 3, 4), date(2024, 3, 25)


def _deadline(met: bool = False) -> StoredDeadline:
    return StoredDeadline(
        "id",
        "W1",
        "ACCEPTANCE_NOTICE",
        START,
        DUE,
        datetime(2024, 3, 10, tzinfo=SHANGHAI) if met else None,
    )


@pytest.mark.parametrize(
    ("today", "used", "level", "warned_at"),
    [
        (date(2024, 3, 4), 0, "ok", None),
        (date(2024, 3, 10), 4, "ok", None),  # a Sunday: the weekend does not count
        (date(2024, 3, 14), 8, "ok", None),
        (date(2024, 3, 15), 9, "warning", 0.6),  # 9/15 is exactly 60 %
        (date(2024, 3, 22), 14, "warning", 0.9),
        (date(2024, 3, 25), 15, "due_today", 0.9),
        (date(2024, 3, 26), 16, "overdue", 0.9),
    ],
    ids=["day-0", "sunday", "below-60", "60-percent", "90-percent", "due-today", "overdue"],
)
def test_fraction_of_working_days_and_level(
    today: date, used: int, level: str, warned_at: float | None
) -> None:
    s = assess(_deadline(), CAL, today, (0.6, 0.9))
    assert (s.limit_days, s.used_days, s.level, s.warned_at) == (15, used, level, warned_at)


def test_a_met_deadline_is_never_overdue() -> None:
    assert assess(_deadline(met=True), CAL, date(2024, 6, 1), (0.6, 0.9)).level == "met"


def test_holidays_do_not_count() -> None:
    # National Day 2024: Oct 1-7 off, Sep 29 (Sun) and Oct 12 (Sat) make-up working days
    d = StoredDeadline(
        "id", "W1", "UP_REPORT", date(2024, 9, 27), CAL.add(date(2024, 9, 27), 5), None
    )
    assert d.due == date(2024, 10, 10)
    assert assess(d, CAL, date(2024, 10, 7), (0.6, 0.9)).used_days == 2


async def test_an_overdue_acceptance_notice_shows_on_the_managers_page_and_in_metrics(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    store = client.app[STORE]
    raw = WebIntake(
        complainant=ComplainantInput(name="张三", phone="13812345678"),
        main_problem="某局长收受礼金五万元。",
    )
    received = datetime.now(SHANGHAI) - timedelta(days=60)
    result = await store.submit(
        NewIntake(
            channel="web",
            raw=msgspec.json.encode(raw),
            originals=[],
            actor="test",
            first_job="normalize",
            received_at=received,
        )
    )
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}

    async def listed() -> Any:
        body = await (await client.get("/api/v1/deadlines", headers=reviewer)).json()
        return body if body["items"] else None

    body = await wait_for(listed)
    (item,) = body["items"]
    assert (item["intake_no"], item["kind"], item["level"]) == (
        result.intake_no,
        "ACCEPTANCE_NOTICE",
        "overdue",
    )
    assert item["fraction_used"] > 1 and item["working_days_left"] < 0
    page = await client.get("/staff/deadlines", headers=reviewer)
    assert page.status == 200
    html = await page.text()
    overdue_section = html.split("已超期")[1].split("即将到期")[0]
    assert result.intake_no in overdue_section
    metrics = await (await client.get("/metrics")).text()
    assert "intake_deadlines_overdue 1.0" in metrics
    # The same deadline looked at on its starting day is not even a warning.
    early = await (
        await client.get(f"/api/v1/deadlines?today={received.date().isoformat()}", headers=reviewer)
    ).json()
    assert early["items"][0]["level"] == "ok"
    bad = await client.get("/api/v1/deadlines?today=tomorrow", headers=reviewer)
    assert bad.status == 422 and (await bad.json())["field"] == "today"
    station = await api_key(client, settings, "station")
    denied = await client.get("/api/v1/deadlines", headers={"Authorization": f"Bearer {station}"})
    assert denied.status == 403


async def test_due_soon_shows_before_expiry(make_client: MakeClient, settings: Settings) -> None:
    client = await make_client()
    store = client.app[STORE]
    raw = WebIntake(
        complainant=ComplainantInput(name="李四", phone="13912345678"),
        main_problem="某局长违规用车。",
    )
    result = await store.submit(
        NewIntake(
            channel="web",
            raw=msgspec.json.encode(raw),
            originals=[],
            actor="test",
            first_job="normalize",
        )
    )
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}

    async def item() -> Any:
        body = await (await client.get("/api/v1/deadlines", headers=reviewer)).json()
        return body["items"][0] if body["items"] else None

    due = date.fromisoformat((await wait_for(item))["due"])
    html = await (
        await client.get(f"/staff/deadlines?today={due.isoformat()}", headers=reviewer)
    ).text()
    soon = html.split("即将到期")[1]
    assert result.intake_no in soon and result.intake_no not in html.split("即将到期")[0]
