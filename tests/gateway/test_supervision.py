"""交办督办 over HTTP and the warning rules (issue 13): an item handed down is accepted late
(warned, then cleared), its result is sent back for re-investigation, reported again and
accepted; every warning rule is raised and cleared."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from gateway.settings import Settings
from gateway.storage import SHANGHAI, LedgerRow, RoutingItem, Store, StoredDeadline
from gateway.supervision import RULES, warnings_for
from normalizer.workdays import WorkCalendar
from tests.conftest import MakeClient
from tests.engines import every_engine, query
from tests.gateway.test_routing import Api, _setup
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import staff_client

engine = every_engine

TOWNSHIP_HEAD = {
    **COMPLAINT,
    "accused": [{"name": "李某某", "unit": "某县某镇人民政府", "position": "镇长"}],
}
CAL = WorkCalendar()


async def _handed_down(api: Api, store: Store, action: str = "JIAOBAN_DOWN") -> tuple[str, str]:
    number = await api.submit(TOWNSHIP_HEAD)
    await api.worked(number)
    item: dict[str, Any] = {"accused": 0, "actions": [action]}
    if action == "JIAOBAN_DOWN":
        item |= {"reason": "须督办", "report_due": (date.today() + timedelta(days=90)).isoformat()}
    decision = {"classification": "检举控告", "items": [item]}
    resp = await api.post(number, "decision", decision, "reviewer")
    assert resp.status == 200, await resp.text()
    assert (await api.post(number, "approval", {"approved": True}, "leader")).status == 200
    intake_id = await store.find_intake_no(number) or ""
    [letter] = [d for d in await store.manual_deliveries() if d.intake_id == intake_id]
    assert (await api.post(number, f"deliveries/{letter.id}/sent", None, "reviewer")).status == 200
    return number, intake_id


async def _step(api: Api, number: str, **body: Any) -> Any:
    return await api.post(number, "supervision", {"item": 0, **body}, "reviewer")


async def _warnings(store: Store, number: str, today: date) -> set[str]:
    rows = [r for r in await store.watched_items() if r.intake_no == number]
    return {w.code for r in rows for w in warnings_for(r, today, CAL)}


async def test_an_item_handed_down_is_accepted_late_sent_back_and_reported_again(
    make_client: MakeClient, settings: Settings
) -> None:
    api, store = await _setup(make_client, settings)
    number, intake_id = await _handed_down(api, store)
    [item] = await store.routing_items(intake_id)
    assert (item.stage, item.report_due is not None) == ("jiaoban", True)
    today = datetime.now(SHANGHAI).date()  # the office's day, as the rules count it
    late = CAL.add(today, 6)  # past the lower organ's 5 working days (D4)
    assert await _warnings(store, number, today) == set()
    assert await _warnings(store, number, late) == {"down_not_accepted"}

    resp = await _step(api, number, action="lower_accepted")
    assert resp.status == 200 and (await resp.json())["stage"] == "lower_accepted"
    assert await _warnings(store, number, late) == set()  # cleared with its cause

    assert (await _step(api, number, action="result_reported")).status == 200
    refused = await _step(api, number, action="send_back")
    assert refused.status == 422 and (await refused.json())["code"] == "note_required"
    resp = await _step(api, number, action="send_back", note="调查不深入，未核实收受财物情况")
    assert (await resp.json())["stage"] == "sent_back"
    assert (await _step(api, number, action="result_reported")).status == 200
    assert (await (await _step(api, number, action="accept_result")).json())["stage"] == (
        "result_accepted"
    )
    again = await _step(api, number, action="send_back", note="再查")
    assert again.status == 409 and (await again.json())["code"] == "transition_not_allowed"
    body = await (await api.get(number)).json()
    assert body["stage"] == "result_accepted"  # a single item leads its record
    stat = await store.stat_row(intake_id)
    assert stat is not None and stat[14] == "JIAOBAN_DOWN" and stat[17] is not None  # concluded
    types = [e.type for e in await store.events(intake_id)]
    assert [t for t in types if t in ("LOWER_ACCEPTED", "RESULT_REPORTED", "SENT_BACK")] == [
        "LOWER_ACCEPTED",
        "RESULT_REPORTED",
        "SENT_BACK",
        "RESULT_REPORTED",
    ]
    rows = query(api.settings, "SELECT reason FROM events")
    assert not any("调查不深入" in (r[0] or "") for r in rows)  # the reason stays encrypted


async def test_a_reminder_is_a_letter_to_the_organ_and_an_objection_goes_to_the_top(
    make_client: MakeClient, settings: Settings
) -> None:
    api, store = await _setup(make_client, settings)
    first, first_id = await _handed_down(api, store, "ZHUANSONG_DOWN")
    second, _ = await _handed_down(api, store)
    assert (await _step(api, first, action="result_reported")).status == 409  # 转送 reports nothing
    assert (await _step(api, second, action="remind")).status == 200
    [reminder] = [d for d in await store.manual_deliveries() if d.content == "reminder"]
    assert reminder.destination == "organ/county-a"
    assert (
        await api.post(second, f"deliveries/{reminder.id}/sent", None, "reviewer")
    ).status == 200
    [item] = await store.routing_items(reminder.intake_id)
    assert (item.stage, item.reminders) == ("jiaoban", 1)  # a 督办 moves no stage
    resp = await _step(api, first, action="objection", note="来电称下级未联系本人")
    assert resp.status == 200
    assert await _warnings(store, first, date.today()) == {"objection"}
    await _staff(api)
    page = await (await api.client.get("/staff/supervision")).text()
    assert page.index(f'data-intake="{first}"') < page.index(f'data-intake="{second}"')
    assert "检举控告人提出异议" in page
    [objected] = await store.routing_items(first_id)
    assert objected.objected_at is not None
    resp = await api.client.get("/api/v1/warnings", headers=await api.headers("reviewer"))
    assert {w["code"] for w in (await resp.json())["items"]} >= {"objection"}


async def _staff(api: Api) -> None:
    from tests.staff.accounts import staff_client

    await staff_client(api.client, "reviewer-sun", "reviewer")


def _row(**changes: Any) -> LedgerRow:
    sent = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # a Monday, Beijing morning
    item = RoutingItem(
        position=0,
        accused_index=0,
        suggested_rule="R3",
        suggested_actions=("ZHUANSONG_DOWN",),
        actions=("JIAOBAN_DOWN",),
        destination="county-a",
        deadline_rule="D3",
        due=None,
        stage="jiaoban",
        first_time=True,
        approval_required=True,
        decided_by="reviewer:li",
        sent_at=sent,
        lead=True,
        report_due=date(2026, 11, 30),
    )
    return LedgerRow(
        "id", "W1", "web", sent, False, "检举控告", dataclasses.replace(item, **changes)
    )


@pytest.mark.parametrize(
    ("changes", "today", "raised", "cleared_by"),
    [
        ({}, date(2026, 11, 10), "down_not_accepted", {"stage": "lower_accepted"}),
        (
            {"stage": "lower_accepted"},
            date(2026, 12, 1),
            "result_overdue",
            {"stage": "result_reported"},
        ),
        (
            {"actions": ("YISONG_INTERNAL", "NOTIFY_CASE_MGMT"), "stage": "delivered"},
            date(2026, 11, 20),
            "moved_not_accepted",
            {"stage": "accepted"},
        ),
        (
            {"stage": "lower_accepted", "objected_at": datetime(2026, 11, 5, tzinfo=UTC)},
            date(2026, 11, 6),
            "objection",
            {"stage": "result_accepted"},
        ),
    ],
    ids=["D4", "report-due", "moved", "objection"],
)  # fmt: skip
def test_every_warning_rule_is_raised_and_cleared(
    changes: dict[str, Any], today: date, raised: str, cleared_by: dict[str, Any]
) -> None:
    row = _row(**changes)
    assert raised in {w.code for w in warnings_for(row, today, CAL)}
    if raised != "objection":  # not yet late three weeks earlier
        assert raised not in {w.code for w in warnings_for(row, today - timedelta(days=20), CAL)}
    fixed = dataclasses.replace(row, item=dataclasses.replace(row.item, **cleared_by))
    assert raised not in {w.code for w in warnings_for(fixed, today, CAL)}


def test_the_feedback_rule_follows_the_d6_deadline() -> None:
    row = _row(stage="delivered", actions=("YISONG_INTERNAL", "NOTIFY_CASE_MGMT"))
    due = StoredDeadline("id", "W1", "RESULT_FEEDBACK", date(2026, 11, 2), date(2026, 11, 20), None)
    assert "feedback_overdue" in {w.code for w in warnings_for(row, date(2026, 11, 23), CAL, [due])}
    met = dataclasses.replace(due, met_at=datetime(2026, 11, 19, tzinfo=UTC))
    assert "feedback_overdue" not in {
        w.code for w in warnings_for(row, date(2026, 11, 23), CAL, [met])
    }
    assert {r.code for r in RULES} == {
        "objection",
        "down_not_accepted",
        "result_overdue",
        "moved_not_accepted",
        "feedback_overdue",
        # tests/gateway/test_feedback.py and test_warnings.py
        "quarter_no_result",
        "returned_not_rerouted",
        "handover_not_accepted",
        "assigned_report_overdue",
        "repeat_after_conclusion",
        "many_reports",
    }


async def test_an_escalation_waits_for_the_leader_and_goes_out_as_a_letter(
    make_client: MakeClient, settings: Settings
) -> None:
    api, store = await _setup(make_client, settings)
    number, intake_id = await _handed_down(api, store)

    async def leader_step(**body: Any) -> Any:
        return await api.post(number, "supervision", {"item": 0, **body}, "leader")

    assert (await _step(api, number, action="escalate")).status == 422  # a reason is needed
    assert (await leader_step(action="approve_escalation")).status == 409  # nothing pending
    assert (await _step(api, number, action="escalate", note="多次督办仍未受理")).status == 200
    assert (await _step(api, number, action="escalate", note="再报")).status == 409  # one at a time
    assert (await _step(api, number, action="approve_escalation")).status == 403  # leader's
    assert (await leader_step(action="remind")).status == 403  # the leader only decides
    before = [d for d in await store.manual_deliveries() if d.content == "reminder"]
    assert before == []  # proposed: nothing sent yet
    # The leader sees it on the supervision page with the decision to take.
    await staff_client(api.client, "领导丙", "leader")
    page = await (await api.client.get("/staff/supervision")).text()
    assert "升级督办待分管领导批准" in page and "批准升级督办" in page
    assert (await leader_step(action="refuse_escalation")).status == 200
    assert (await _step(api, number, action="escalate", note="群众再次来电")).status == 200
    assert (await leader_step(action="approve_escalation")).status == 200
    [letter] = [d for d in await store.manual_deliveries() if d.content == "reminder"]
    assert letter.destination == "organ/county-a"
    [item] = await store.routing_items(intake_id)
    assert (item.stage, item.reminders) == ("jiaoban", 1)
    kinds = [e.type for e in await store.events(intake_id)]
    assert kinds[-4:] == [
        "ESCALATION_PROPOSED",
        "ESCALATION_REFUSED",
        "ESCALATION_PROPOSED",
        "ESCALATION_APPROVED",
    ]
    assert "多次督办" not in str(await store.events(intake_id))  # reasons stay encrypted
