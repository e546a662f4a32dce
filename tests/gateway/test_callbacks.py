"""Callbacks from the processing system move the public status and the deadlines."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import msgspec
import pytest

from gateway.app import STORE
from gateway.callbacks import Accepted, Concluded, Disposal, FeedbackGiven, plan
from gateway.settings import Settings
from gateway.storage import SHANGHAI
from normalizer.errors import InvalidInput
from normalizer.workdays import WorkCalendar
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine, query
from tests.gateway.test_forwarding import _record
from tests.gateway.test_submit import COMPLAINT

engine = every_engine  # each test runs on SQLite and on PostgreSQL

TOKEN = "cb-token-for-tests"


async def normalized_record(client: Any, body: dict[str, Any] = COMPLAINT) -> tuple[str, str]:
    resp = await client.post("/api/v1/complaints", json=body)
    number = (await resp.json())["intake_no"]
    store = client.app[STORE]
    intake_id = await store.find_intake_no(number)

    async def done() -> bool:
        intake = await store.load(intake_id)
        return intake is not None and intake.record is not None

    await wait_for(done)
    return number, intake_id


async def handed_over_record(client: Any, body: dict[str, Any] = COMPLAINT) -> tuple[str, str]:
    """A record moved to the 监督检查部门 (R7): with no processing endpoint configured, the
    移送 is on paper and a staff member marks it sent; only then may callbacks come."""
    number, intake_id = await normalized_record(client, body)
    store = client.app[STORE]

    async def queued() -> bool:
        intake = await store.load(intake_id)
        return intake is not None and intake.stage == "queued"

    await wait_for(queued)
    [paper] = [
        d
        for d in await store.manual_deliveries()
        if d.intake_id == intake_id and d.destination == "processing"
    ]
    assert await store.mark_sent(intake_id, paper.id, "reviewer:test")
    intake = await store.load(intake_id)
    assert intake is not None and intake.stage == "delivered"
    return number, intake_id


def test_concluding_an_anonymous_report_opens_no_feedback_deadline() -> None:
    cal = WorkCalendar()
    update = plan(
        Concluded(disposal=Disposal.CLOSED, result="查无实据"),
        actor="p",
        status="accepted",
        record=None,
        calendar=cal,
        today=date(2024, 5, 6),
    )
    assert update.status == "concluded" and update.add_deadlines == []
    assert update.event.reason == "予以了结"
    assert "查无实据" not in repr(update.event)  # the result text stays out of the trail


@pytest.mark.parametrize(
    ("claim", "feedback"),
    [
        ("SIGNED_UNVERIFIED", True),
        ("REAL_NAME_CONFIRMED", True),
        ("VERIFICATION_INCOMPLETE", True),  # the call-back failed: still a signed report
        ("ANONYMOUS", False),
        ("IMPERSONATION_SUSPECTED", False),
    ],
)
def test_concluding_opens_the_feedback_deadline_for_every_signed_report(
    claim: str, feedback: bool
) -> None:
    record = msgspec.structs.replace(
        _record(), real_name=msgspec.structs.replace(_record().real_name, status=claim)
    )
    update = plan(
        Concluded(disposal=Disposal.CLOSED, result="查无实据"),
        actor="p",
        status="accepted",
        record=record,
        calendar=WorkCalendar(),
        today=date(2024, 5, 6),
    )
    assert [d.kind for d in update.add_deadlines] == (["RESULT_FEEDBACK"] if feedback else [])


def test_a_future_event_date_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        plan(
            Accepted(at=date(2030, 1, 1)),
            actor="p",
            status="processing",
            record=None,
            calendar=WorkCalendar(),
            today=date(2024, 5, 6),
        )
    assert err.value.code == "date_in_future" and err.value.message_zh


def test_feedback_keeps_the_status_and_meets_the_feedback_deadline() -> None:
    update = plan(
        FeedbackGiven(text="已核实，给予处分"),
        actor="p",
        status="concluded",
        record=None,
        calendar=WorkCalendar(),
        today=date(2024, 5, 6),
    )
    assert update.status is None and update.met_deadlines == ["RESULT_FEEDBACK"]


async def test_callbacks_move_status_and_deadlines(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    number, intake_id = await handed_over_record(client)
    store = client.app[STORE]
    cb = {"Authorization": f"Bearer {TOKEN}"}
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}

    async def deadlines(include: str = "") -> dict[str, Any]:
        resp = await client.get(f"/api/v1/deadlines?include={include}", headers=reviewer)
        assert resp.status == 200
        return {d["kind"]: d for d in (await resp.json())["items"] if d["intake_no"] == number}

    assert set(await deadlines()) == {"ACCEPTANCE_NOTICE"}  # signed, first time: D5 runs

    async def send(event: dict[str, Any], headers: dict[str, str] = cb) -> Any:
        return await client.post(f"/api/v1/records/{number}/events", json=event, headers=headers)

    resp = await send({"event": "accepted", "notice_given": True})
    assert resp.status == 200 and (await resp.json())["status"] == "accepted"
    assert (await store.load(intake_id)).status == "accepted"
    assert await deadlines() == {}
    assert (await deadlines("met"))["ACCEPTANCE_NOTICE"]["met_at"] is not None

    assert (await store.load(intake_id)).stage == "accepted"  # type: ignore[union-attr]
    [item] = await store.routing_items(intake_id)
    assert item.stage == "accepted"  # the record's lead routing item moves with it

    resp = await send(
        {"event": "concluded", "disposal": "初步核实", "result": "经初步核实，反映问题部分属实"}
    )
    assert (await resp.json())["status"] == "concluded"
    assert "RESULT_FEEDBACK" in await deadlines()

    resp = await send({"event": "feedback", "text": "您反映的问题已核实处理。"})
    assert resp.status == 200
    assert await deadlines() == {}
    outcome = await store.load_outcome(intake_id)
    assert outcome["feedback"] == "您反映的问题已核实处理。"
    assert outcome["disposal"] == "初步核实"
    [(blob,)] = query(settings, "SELECT outcome FROM intakes WHERE id=?", intake_id)
    assert "核实".encode() not in bytes(blob)  # encrypted at rest

    types = [e.type for e in await store.events(intake_id)]
    for t in ("ACCEPTED", "COMPLETED", "RESULT_FEEDBACK_SENT"):
        assert t in types
    # A concluded record cannot go back: neither 退回 nor 受理 again.
    returned = {"event": "returned", "reason": "不属于本级管辖", "approval_ref": "审批〔2026〕1号"}
    for late in (returned, {"event": "accepted"}):
        refused = await send(late)
        assert refused.status == 409
        assert (await refused.json())["code"] == "transition_not_allowed"
    assert (await store.load(intake_id)).stage == "concluded"  # type: ignore[union-attr]


def test_the_feedback_deadline_counts_working_days_with_make_up_days() -> None:
    update = plan(
        Concluded(disposal=Disposal.CLOSED, result="查无实据", at=date(2024, 5, 6)),
        actor="p",
        status="accepted",
        record=_record(),
        calendar=WorkCalendar(),
        today=date(2024, 5, 6),
    )
    [feedback] = update.add_deadlines
    # 15 working days from the day after; Saturday 2024-05-11 was a make-up working day (调休)
    assert (feedback.starts, feedback.due) == (date(2024, 5, 6), date(2024, 5, 24))


async def test_callbacks_follow_the_state_machine(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    cb = {"Authorization": f"Bearer {TOKEN}"}
    waiting, _ = await normalized_record(client, {**COMPLAINT, "title": "尚未移送"})
    resp = await client.post(
        f"/api/v1/records/{waiting}/events", json={"event": "accepted"}, headers=cb
    )
    assert resp.status == 409  # never handed over: the processing system cannot know it
    body = await resp.json()
    assert body["code"] == "not_handed_over" and "尚未移送" in body["message_zh"]
    number, intake_id = await handed_over_record(
        client,
        {**COMPLAINT, "title": "已移送", "accused": [{"name": "王五", "unit": "某县水利局"}]},
    )
    received = (await client.app[STORE].load(intake_id)).received_at  # type: ignore[union-attr]
    before = (received.astimezone(SHANGHAI).date() - timedelta(days=3)).isoformat()
    resp = await client.post(
        f"/api/v1/records/{number}/events",
        json={"event": "accepted", "at": before},
        headers=cb,
    )
    assert resp.status == 422
    assert (await resp.json())["code"] == "event_before_receipt"


async def test_callbacks_need_the_token_or_a_processing_key(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    number, _ = await handed_over_record(client)
    url = f"/api/v1/records/{number}/events"
    event = {"event": "accepted"}
    assert (await client.post(url, json=event)).status == 401
    assert (
        await client.post(url, json=event, headers={"Authorization": "Bearer wrong"})
    ).status == 401  # a key that is no key: 401 on every route (issue 18)
    reviewer = await api_key(client, settings, "reviewer")
    assert (
        await client.post(url, json=event, headers={"Authorization": f"Bearer {reviewer}"})
    ).status == 403
    processing = await api_key(client, settings, "processing")
    resp = await client.post(url, json=event, headers={"Authorization": f"Bearer {processing}"})
    assert resp.status == 200


@pytest.mark.parametrize(
    ("event", "status", "code", "field"),
    [
        (
            {"event": "concluded", "disposal": "批评教育", "result": "x"},
            422,
            "field_invalid",
            "$.disposal",
        ),
        ({"event": "returned"}, 422, "field_required", "$.reason"),
        ({"event": "returned", "reason": ""}, 422, "field_invalid", "$.reason"),
        ({"event": "archived"}, 422, "field_invalid", "$.event"),
        ({"event": "accepted", "colour": "red"}, 422, "unknown_field", "$.colour"),
        ({"event": "accepted", "at": "2999-01-01"}, 422, "date_in_future", "$.at"),
    ],
    ids=[
        "bad-disposal",
        "no-reason",
        "empty-reason",
        "unknown-event",
        "unknown-field",
        "future-date",
    ],
)
async def test_bad_callbacks_get_a_problem_naming_the_field(
    make_client: MakeClient,
    settings: Settings,
    event: dict[str, Any],
    status: int,
    code: str,
    field: str,
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    number, _ = await normalized_record(client)
    resp = await client.post(
        f"/api/v1/records/{number}/events", json=event, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert resp.status == status
    problem = await resp.json()
    assert (problem["code"], problem.get("field")) == (code, field)
    assert problem["message_zh"] and problem["message_en"]


async def test_a_callback_for_an_unknown_record_is_404(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    resp = await client.post(
        "/api/v1/records/W20240101999999/events",
        json={"event": "accepted"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert resp.status == 404
