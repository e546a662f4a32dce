"""No unbounded loop on the event loop: working days by arithmetic, dates bounded.

``GET /api/v1/deadlines?today=9999-12-31`` froze the loop for 125 s and a callback dated
1900-01-01 made every ``/metrics`` scrape block it for 2 s, because working days were counted
one by one. The arithmetic is checked against that day-by-day count (the reference), and the
gateway is checked to answer ``/healthz`` promptly while the heavy endpoints run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.settings import Settings
from normalizer.workdays import WorkCalendar
from tests.conftest import MakeClient, api_key
from tests.gateway.test_callbacks import normalized_record

TOKEN = "cb-token-for-hostile-tests"
OVERRIDES = {date(2031, 1, 2): False, date(2031, 1, 4): True, date(2024, 10, 1): True}


def reference_elapsed(cal: WorkCalendar, start: date, today: date) -> int:
    """The old day-by-day count: obviously right, and linear in the span."""
    n = 1 if cal.receipt_day_counts and cal.is_workday(start) else 0
    day = start
    while day < today:
        day += timedelta(days=1)
        n += cal.is_workday(day)
    return n


def reference_add(cal: WorkCalendar, start: date, working_days: int) -> date:
    day = start
    counted = 1 if cal.receipt_day_counts and cal.is_workday(start) else 0
    while counted < working_days:
        day += timedelta(days=1)
        counted += cal.is_workday(day)
    return day


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(date(2002, 1, 1), date(2034, 12, 31)),
    span=st.integers(-40, 500),
    working_days=st.integers(0, 80),
    receipt_day_counts=st.booleans(),
)
def test_arithmetic_agrees_with_counting_day_by_day(
    start: date, span: int, working_days: int, receipt_day_counts: bool
) -> None:
    # Spans across the package's last known year too: there it falls back to weekdays.
    cal = WorkCalendar(overrides=OVERRIDES, receipt_day_counts=receipt_day_counts)
    today = start + timedelta(days=span)
    assert cal.elapsed(start, today) == reference_elapsed(cal, start, today)
    assert cal.add(start, working_days) == reference_add(cal, start, working_days)


def test_the_whole_calendar_is_counted_at_once() -> None:
    cal = WorkCalendar()
    started = time.monotonic()
    assert cal.elapsed(date(1, 1, 1), date(9999, 12, 31)) > 2_500_000
    assert cal.add(date(2024, 1, 1), 1_000_000).year > 5000
    assert time.monotonic() - started < 1.0  # generous: it takes well under a millisecond
    assert 9999 in cal.unknown_years


async def test_dates_far_from_now_are_refused_with_a_problem(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    resp = await client.get("/api/v1/deadlines?today=9999-12-31", headers=reviewer)
    assert resp.status == 422
    problem = await resp.json()
    assert (problem["code"], problem["field"]) == ("date_out_of_range", "today")
    assert "9999-12-31" in problem["message_zh"]
    near = (date.today() + timedelta(days=365 * 5)).isoformat()
    assert (await client.get(f"/api/v1/deadlines?today={near}", headers=reviewer)).status == 200

    number, _ = await normalized_record(client)
    resp = await client.post(
        f"/api/v1/records/{number}/events",
        json={"event": "concluded", "at": "1900-01-01", "disposal": "予以了结", "result": "x"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    problem = await resp.json()
    assert resp.status == 422, problem
    assert (problem["code"], problem["field"]) == ("date_out_of_range", "$.at")


async def test_healthz_stays_fast_while_heavy_endpoints_run(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    for _ in range(3):
        await normalized_record(client)
    far = (date.today() + timedelta(days=365 * 10 - 30)).isoformat()
    heavy = [
        f"/api/v1/deadlines?today={far}",
        f"/api/v1/deadlines?today={far}&include=met",
        f"/staff/deadlines?today={far}",
        "/metrics",
    ]

    async def hammer() -> None:
        for _ in range(10):
            for path in heavy:
                resp = await client.get(path, headers=reviewer)
                assert resp.status == 200, path
                await resp.read()

    latencies: list[float] = []

    async def probe(stop: asyncio.Event) -> None:
        while not stop.is_set():
            started = time.monotonic()
            resp = await client.get("/healthz")
            assert resp.status == 200
            latencies.append(time.monotonic() - started)
            await asyncio.sleep(0.01)

    stop = asyncio.Event()
    watcher = asyncio.create_task(probe(stop))
    await asyncio.gather(*(hammer() for _ in range(4)))
    stop.set()
    await watcher
    assert latencies
    # The issue asks for 100 ms; the bound here is generous for a shared, busy machine.
    assert max(latencies) < 0.5, max(latencies)
