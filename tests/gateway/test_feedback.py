"""Quarterly feedback (D7, issue 13 item 5): the 移送件 of a quarter per handling department,
with and without a reported result, and the warning at the end of each quarter."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from gateway.app import STORE
from gateway.feedback import parse_quarter, quarter_rows
from gateway.settings import Settings
from gateway.storage import LedgerRow
from gateway.supervision import warnings_for
from normalizer.workdays import WorkCalendar
from tests.conftest import MakeClient
from tests.engines import every_engine
from tests.gateway.test_callbacks import TOKEN, handed_over_record
from tests.gateway.test_submit import COMPLAINT
from tests.gateway.test_supervision import _row
from tests.staff.accounts import staff_client

engine = every_engine
MOVED = ("YISONG_INTERNAL", "NOTIFY_CASE_MGMT")


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # Beijing morning


def _moved(intake_id: str, sent: date, stage: str = "delivered", **changes: object) -> LedgerRow:
    row = _row(actions=MOVED, stage=stage, sent_at=_at(sent), report_due=None, **changes)
    return dataclasses.replace(row, intake_id=intake_id, intake_no=f"W{intake_id}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026Q4", ("2026Q4", date(2026, 10, 1), date(2026, 12, 31))),
        ("2026q1", ("2026Q1", date(2026, 1, 1), date(2026, 3, 31))),
        (None, ("2026Q4", date(2026, 10, 1), date(2026, 12, 31))),
        ("2026Q5", None),
        ("26Q1", None),
        ("3026Q1", None),
    ],
    ids=["q4", "lower-case", "this-quarter", "no-such-quarter", "short-year", "far-future"],
)
def test_a_quarter_is_named_year_and_number(
    value: str | None, expected: tuple[str, date, date] | None
) -> None:
    assert parse_quarter(value, date(2026, 12, 2)) == expected


def test_the_quarters_moved_items_per_department_with_and_without_a_result() -> None:
    rows = [
        _moved("1", date(2026, 10, 5), "concluded"),
        _moved("2", date(2026, 11, 2)),
        _moved("3", date(2026, 9, 1), "concluded"),  # its result came in Q3
        _moved("4", date(2026, 12, 1), "transferred"),
        _moved("5", date(2027, 1, 4)),  # sent after the quarter
        _row(),  # a 交办 down, not a 移送件
        _moved("6", date(2026, 11, 3), "returned"),  # back with the 信访室
    ]
    handling = {
        "1": [("COMPLETED", _at(date(2026, 11, 10)), "予以了结")],
        "3": [("COMPLETED", _at(date(2026, 9, 20)), "谈话函询")],
        "4": [("TRANSFERRED", _at(date(2026, 12, 3)), "移送 审查调查部门")],
    }
    found = {
        f.intake_no: (f.department, f.result_on, f.disposal)
        for f in quarter_rows(rows, handling, date(2026, 10, 1), date(2026, 12, 31))
    }
    assert found == {
        "W1": ("supervision", date(2026, 11, 10), "予以了结"),
        "W2": ("supervision", None, None),
        "W4": ("investigation", None, None),
    }
    # Seen from Q3, item 1 had no result yet and item 3 had one.
    q3 = {f.intake_no: f.result_on for f in quarter_rows(rows, handling, date(2026, 7, 1),
                                                         date(2026, 9, 30))}  # fmt: skip
    assert q3 == {"W3": date(2026, 9, 20)}


def test_a_moved_item_without_a_result_is_warned_of_at_the_quarters_end_until_it_has_one() -> None:
    cal = WorkCalendar()
    row = _moved("7", date(2026, 11, 2), "accepted")
    assert "quarter_no_result" not in {w.code for w in warnings_for(row, date(2026, 12, 31), cal)}
    [warned] = [w for w in warnings_for(row, date(2027, 1, 4), cal)
                if w.code == "quarter_no_result"]  # fmt: skip
    assert warned.since == date(2027, 1, 1)
    done = dataclasses.replace(row, item=dataclasses.replace(row.item, stage="concluded"))
    assert not [w for w in warnings_for(done, date(2027, 1, 4), cal)]


async def test_the_feedback_page_lists_this_quarters_moved_items(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    done, _ = await handed_over_record(client)
    other = {
        **COMPLAINT,
        "complainant": {"kind": "ANONYMOUS"},
        "accused": [{"name": "王强", "unit": "某县水利局", "position": "局长"}],
        "title": "反映王强违规发放补贴",
        "main_problem": "2024年某县水利局局长王强违规发放津贴补贴二十万元。",
    }
    waiting, _ = await handed_over_record(client, other)
    cb = {"Authorization": f"Bearer {TOKEN}"}
    for event in ({"event": "accepted"}, {"event": "concluded", "disposal": "谈话函询",
                                          "result": "已谈话提醒"}):  # fmt: skip
        resp = await client.post(f"/api/v1/records/{done}/events", json=event, headers=cb)
        assert resp.status == 200, await resp.text()
    assert client.app[STORE] is not None
    await staff_client(client, "reviewer-zhou", "reviewer")
    page = await (await client.get("/staff/feedback")).text()
    supervision = page[page.index('data-department="supervision"') :]
    supervision = supervision[: supervision.index("</section>")]
    assert f'data-intake="{done}" data-result="yes"' in supervision and "谈话函询" in supervision
    assert f'data-intake="{waiting}" data-result="no"' in supervision
    assert "已反馈结果 1 件，未反馈结果 1 件" in supervision
    last_year = (date.today() - timedelta(days=400)).year
    earlier = await (await client.get(f"/staff/feedback?quarter={last_year}Q1")).text()
    assert f'data-intake="{done}"' not in earlier
    bad = await client.get("/staff/feedback?quarter=2026Q9")
    assert bad.status == 400 and "2026Q4" in await bad.text()


async def test_an_item_moved_on_to_investigation_reports_its_result_in_that_column(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    number, _ = await handed_over_record(client)
    cb = {"Authorization": f"Bearer {TOKEN}"}
    for event in (
        {"event": "accepted"},
        {"event": "transferred", "mode": "移送", "to": "审查调查部门"},
        {"event": "concluded", "disposal": "移送审查调查", "result": "已立案审查调查"},
    ):
        resp = await client.post(f"/api/v1/records/{number}/events", json=event, headers=cb)
        assert resp.status == 200, await resp.text()
    await staff_client(client, "reviewer-wu", "reviewer")
    page = await (await client.get("/staff/feedback")).text()
    investigation = page[page.index('data-department="investigation"') :]
    investigation = investigation[: investigation.index("</section>")]
    assert f'data-intake="{number}" data-result="yes"' in investigation
