"""研判回退 (issue 13 item 4, Rules Art. 17): the 监督检查部门 sends a 移送件 back with a reason
code and the approval reference, by callback or entered by staff; it goes back into the
信访室 queue for a new routing decision, and the ledger shows it."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from gateway.app import STORE
from gateway.callbacks import Returned, ReturnReason, plan
from gateway.settings import Settings
from gateway.storage import CallbackUpdate
from normalizer.errors import InvalidInput
from normalizer.workdays import WorkCalendar
from tests.conftest import MakeClient, api_key
from tests.engines import every_engine, query
from tests.gateway.test_callbacks import TOKEN, handed_over_record
from tests.gateway.test_routing import registry
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import staff_client

engine = every_engine
REF = "审批〔2026〕7号"


def _plan(event: Returned) -> CallbackUpdate:
    return plan(
        event,
        actor="p",
        status="accepted",
        record=None,
        calendar=WorkCalendar(),
        today=date(2026, 12, 1),
        stage="accepted",
    )


@pytest.mark.parametrize(
    ("event", "field"),
    [
        pytest.param(
            Returned(reason_code=ReturnReason.OTHER, approval_ref=REF),
            "$.reason",
            id="other-needs-words",
        ),
        pytest.param(
            Returned(reason_code=ReturnReason.NO_SUBSTANCE), "$.approval_ref", id="needs-approval"
        ),
        pytest.param(
            Returned(reason="不属本级", approval_ref="  "), "$.approval_ref", id="blank-approval"
        ),
    ],
)
def test_a_return_needs_its_reason_and_the_leaders_approval(event: Returned, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        _plan(event)
    assert (refused.value.code, refused.value.field) == ("field_required", field)


def test_a_return_names_its_reason_code_and_approval_but_keeps_words_encrypted() -> None:
    update = _plan(
        Returned(reason_code=ReturnReason.OTHER, reason="涉及某区监委管辖", approval_ref=REF)
    )
    assert update.event.type == "RETURNED" and update.event.reason == f"other;{REF}"
    assert update.stage == "returned" and update.flags == ("returned",)
    assert update.outcome == {
        "return_code": "other",
        "returned_on": "2026-12-01",
        "returned_reason": "涉及某区监委管辖",
    }


async def test_a_return_by_callback_is_decided_again_and_the_ledger_shows_it(
    make_client: MakeClient, settings: Settings
) -> None:
    chosen = dataclasses.replace(settings, callback_token=TOKEN)
    client = await make_client(chosen)
    store = client.app[STORE]
    await registry(store)
    number, intake_id = await handed_over_record(client)
    cb = {"Authorization": f"Bearer {TOKEN}"}
    event = {"event": "returned", "reason_code": "other_organ", "approval_ref": REF}
    resp = await client.post(f"/api/v1/records/{number}/events", json=event, headers=cb)
    assert resp.status == 200, await resp.text()
    intake = await store.load(intake_id)
    assert intake is not None and (intake.stage, intake.flags) == ("returned", ("returned",))
    [item] = await store.routing_items(intake_id)
    assert item.stage == "returned"

    reviewer = {"Authorization": f"Bearer {await api_key(client, chosen, 'reviewer')}"}
    leader = {"Authorization": f"Bearer {await api_key(client, chosen, 'leader')}"}
    await staff_client(client, "reviewer-zhao", "reviewer")
    queue = await (await client.get("/staff/review")).text()
    assert f'data-intake="{number}"' in queue and "研判回退，待重新研判" in queue
    ledger = await (await client.get("/staff/ledger")).text()
    assert f"研判回退：属其他纪检监察机关受理（审批文号：{REF}）" in ledger

    # A new routing decision through the state machine: 转送 the county below, approved.
    decision = {
        "classification": "检举控告",
        "items": [
            {
                "accused": 0,
                "actions": ["ZHUANSONG_DOWN"],
                "destination": "county-a",
                "reason": "监督检查部门退回：属下级管辖",
            }
        ],
    }
    url = f"/api/v1/records/{number}"
    resp = await client.post(f"{url}/decision", json=decision, headers=reviewer)
    assert resp.status == 200, await resp.text()
    assert (
        await client.post(f"{url}/approval", json={"approved": True}, headers=leader)
    ).status == 200
    intake = await store.load(intake_id)
    assert intake is not None and intake.stage == "queued" and "returned" not in intake.flags
    queue = await (await client.get("/staff/review")).text()
    assert f'data-intake="{number}"' not in queue
    ledger = await (await client.get("/staff/ledger")).text()
    assert (
        ledger.count(f"研判回退：属其他纪检监察机关受理（审批文号：{REF}）") == 1
    )  # on the new item
    types = [e.type for e in await store.events(intake_id)]
    assert types.index("RETURNED") < types.index("DECIDED", types.index("RETURNED"))


async def test_staff_enter_a_return_that_came_on_paper(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    store = client.app[STORE]
    number, intake_id = await handed_over_record(client, {**COMPLAINT, "title": "纸质退回"})
    csrf = await staff_client(client, "reviewer-li", "reviewer")
    page = await (await client.get("/staff/supervision")).text()
    assert f'action="/staff/records/{number}/returned"' in page
    url = f"/staff/records/{number}/returned"
    missing = await client.post(url, data={"csrf": csrf, "reason_code": "no_substance"})
    assert missing.status == 422 and "审批文号" in await missing.text()
    intake = await store.load(intake_id)
    assert intake is not None and intake.stage == "delivered"
    form = {"csrf": csrf, "reason_code": "no_substance", "approval_ref": REF}
    resp = await client.post(url, data=form, allow_redirects=False)
    assert resp.status == 303, await resp.text()
    [returned] = [e for e in await store.events(intake_id) if e.type == "RETURNED"]
    assert returned.actor == "reviewer:reviewer-li" and returned.reason == f"no_substance;{REF}"
    assert query(settings, "SELECT stage FROM intakes WHERE id = ?", intake_id) == [("returned",)]
    again = await client.post(url, data=form)
    assert again.status == 409  # returned already: it waits for a new decision
