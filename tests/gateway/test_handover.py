"""Items other units handed over (issue 13 item 1): origins and handover fields from the staff
API, letter metadata and the desk form; the origin in clear on the intake row; D4 and, for a
上级交办, the 报结 to the higher organ by its due day (D10), on the Chinese calendar."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from channels.letter_ocr.adapter import decode_metadata
from channels.visit.desk import parse_visit
from gateway.app import STORE
from gateway.settings import Settings
from normalizer.errors import InvalidInput
from normalizer.normalize import NormalizeContext, normalize
from normalizer.record import (
    DeadlineKind,
    Handover,
    Origin,
    WebIntake,
    check_handover,
    origin_of,
)
from normalizer.workdays import WorkCalendar
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine, query
from tests.gateway.test_callbacks import TOKEN
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import staff_client

engine = every_engine
CAL = WorkCalendar()
TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the office's day
ASSIGNED = {
    "origin": "superior_assign",
    "unit": "某省纪委监委信访室",
    "document_no": "某纪信交〔2026〕12号",
    "handed_over_on": TODAY.isoformat(),
    "their_item_no": "SJ2026-0088",
    "report_due": (TODAY + timedelta(days=60)).isoformat(),
}


@pytest.mark.parametrize(
    ("handover", "errors"),
    [
        pytest.param(Handover(origin=Origin.SELF), set(), id="self-nothing-more"),
        pytest.param(Handover(origin=Origin.SELF, unit="某单位"), {"origin"}, id="self-with-unit"),
        pytest.param(Handover(origin=Origin.PETITION_DEPT), {"unit"}, id="no-unit"),
        pytest.param(
            Handover(origin=Origin.SUPERIOR_ASSIGN, unit="某省纪委监委"),
            {"report_due"},
            id="assign-needs-due",
        ),
        pytest.param(
            Handover(origin=Origin.SUPERIOR_TRANSFER, unit="某省纪委监委", report_due=TODAY),
            {"report_due"},
            id="transfer-has-no-due",
        ),
        pytest.param(
            Handover(
                origin=Origin.INSPECTION,
                unit="省委第三巡视组",
                handed_over_on=TODAY + timedelta(days=1),
            ),
            {"handed_over_on"},
            id="future-handover",
        ),
        pytest.param(
            Handover(
                origin=Origin.SUPERIOR_ASSIGN,
                unit="某省纪委监委",
                handed_over_on=TODAY,
                report_due=TODAY - timedelta(days=1),
            ),
            {"report_due"},
            id="due-before-handover",
        ),
        pytest.param(
            Handover(origin=Origin.OTHER_ORGAN, unit="某区监委", document_no="某监移〔2026〕3号"),
            set(),
            id="other-organ-ok",
        ),
    ],
)
def test_a_handover_says_what_it_lacks(handover: Handover, errors: set[str]) -> None:
    assert set(check_handover(handover, TODAY)) == errors


def test_normalize_carries_the_origin_and_counts_d4_and_d10_on_working_days() -> None:
    # Received on the last working day before the 2026 National Day holiday: D4's five
    # working days run past the holiday week (国庆节 1–7 October 2026).
    received = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)
    raw = WebIntake(
        main_problem="反映某县交通运输局局长李明收受礼金。",
        handover=Handover(
            origin=Origin.SUPERIOR_ASSIGN,
            unit="某省纪委监委",
            report_due=date(2026, 12, 31),
        ),
    )
    record = normalize(raw, None, NormalizeContext("r1", "W1", received, calendar=CAL))
    assert record.origin is Origin.SUPERIOR_ASSIGN
    assert record.sub_channel == "FORWARDED_FROM_UPPER_ORGAN"
    due = {d.kind: d.due for d in record.deadlines}
    assert due[DeadlineKind.HANDOVER_ACCEPT] == CAL.add(date(2026, 9, 30), 5)
    assert due[DeadlineKind.HANDOVER_ACCEPT] > date(2026, 10, 8)  # not 5 calendar days
    assert due[DeadlineKind.ASSIGNED_REPORT] == date(2026, 12, 31)
    own = normalize(
        WebIntake(main_problem="反映问题。"), None, NormalizeContext("r2", "W2", received)
    )
    assert own.origin is Origin.SELF and own.handover is None
    assert {d.kind for d in own.deadlines} <= {
        DeadlineKind.ACCEPTANCE_NOTICE,
        DeadlineKind.UP_REPORT,
    }
    inspection = WebIntake(
        main_problem="反映问题。", handover=Handover(origin=Origin.INSPECTION, unit="巡察组")
    )
    other = normalize(inspection, None, NormalizeContext("r3", "W3", received))
    assert other.origin is Origin.INSPECTION and not {d.kind for d in other.deadlines} & {
        DeadlineKind.HANDOVER_ACCEPT,
        DeadlineKind.ASSIGNED_REPORT,
    }


def test_letter_metadata_and_the_desk_form_carry_a_handover() -> None:
    meta = decode_metadata('{"barcode": "X1", "handover": {"origin": "petition_dept", '
                           '"unit": "某市信访局", "their_item_no": "XF-77"}}')  # fmt: skip
    assert meta.handover is not None and meta.handover.origin is Origin.PETITION_DEPT
    with pytest.raises(InvalidInput) as refused:
        decode_metadata('{"handover": {"origin": "superior_assign", "unit": "某省纪委监委"}}')
    assert refused.value.field == "metadata.handover.report_due"

    values = {
        "v0_name": "张三",
        "matter": "反映某镇镇长违规收受礼金。",
        "origin": "superior_transfer",
        "ho_unit": "某省纪委监委",
        "ho_doc": "某纪转〔2026〕5号",
        "ho_date": TODAY.isoformat(),
        "ho_item": "ZB-12",
    }
    form = parse_visit(values, entered_by="clerk:z", group_threshold=5)
    assert form.intake is not None and origin_of(form.intake) is Origin.SUPERIOR_TRANSFER
    assert form.intake.handover is not None and form.intake.handover.their_item_no == "ZB-12"
    bad = parse_visit({**values, "origin": "superior_assign"}, entered_by="c", group_threshold=5)
    assert bad.intake is None and "ho_due" in bad.errors
    plain = parse_visit(
        {"v0_name": "张三", "matter": "反映问题。"}, entered_by="c", group_threshold=5
    )
    assert plain.intake is not None and origin_of(plain.intake) is Origin.SELF


async def test_a_higher_organs_assignment_is_accepted_in_d4_and_reported_up_by_its_day(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    store = client.app[STORE]
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    body: dict[str, Any] = {**COMPLAINT, "handover": ASSIGNED}

    public = await client.post("/api/v1/complaints", json=body)
    assert public.status == 422 and (await public.json())["code"] == "handover_not_public"
    no_origin = await client.post("/api/v1/handovers", json=COMPLAINT, headers=reviewer)
    assert (await no_origin.json())["code"] == "handover_required"
    anonymous = await client.post("/api/v1/handovers", json=body)
    assert anonymous.status == 401

    resp = await client.post("/api/v1/handovers", json=body, headers=reviewer)
    assert resp.status == 201, await resp.text()
    number = (await resp.json())["intake_no"]
    intake_id = await store.find_intake_no(number) or ""
    assert query(settings, "SELECT origin FROM intakes WHERE id = ?", intake_id) == [
        ("superior_assign",)
    ]
    # The handing-over unit and its document number are only in the encrypted raw and record.
    [(raw,)] = query(settings, "SELECT raw FROM intakes WHERE id = ?", intake_id)
    assert b"SJ2026" not in bytes(raw) and "某省纪委监委".encode() not in bytes(raw)

    async def queued() -> bool:
        intake = await store.load(intake_id)
        return intake is not None and intake.stage == "queued"

    await wait_for(queued)  # first time, this level (R7): decided at once
    deadlines = {d.kind: d for d in await store.list_deadlines(open_only=False)
                 if d.intake_id == intake_id}  # fmt: skip
    assert deadlines["HANDOVER_ACCEPT"].met_at is not None  # accepted: D4 met
    assert deadlines["HANDOVER_ACCEPT"].due == CAL.add(deadlines["HANDOVER_ACCEPT"].starts, 5)
    assert deadlines["ASSIGNED_REPORT"].due.isoformat() == ASSIGNED["report_due"]
    assert deadlines["ASSIGNED_REPORT"].met_at is None
    record = await (await client.get(f"/api/v1/records/{number}", headers=reviewer)).json()
    assert record["record"]["origin"] == "superior_assign"
    assert record["record"]["handover"]["document_no"] == ASSIGNED["document_no"]

    early = await client.post(f"/api/v1/records/{number}/report-up", headers=reviewer)
    assert early.status == 409  # nothing concluded yet: nothing to report up
    [paper] = [d for d in await store.manual_deliveries()
               if d.intake_id == intake_id and d.destination == "processing"]  # fmt: skip
    assert await store.mark_sent(intake_id, paper.id, "reviewer:test")
    cb = {"Authorization": f"Bearer {TOKEN}"}
    for event in ({"event": "accepted"}, {"event": "concluded", "disposal": "予以了结",
                                          "result": "查无实据"}):  # fmt: skip
        sent = await client.post(f"/api/v1/records/{number}/events", json=event, headers=cb)
        assert sent.status == 200, await sent.text()
    own = await client.post("/api/v1/complaints", json=COMPLAINT)
    assert own.status == 201, await own.text()
    own_no = (await own.json())["intake_no"]
    # The 报结 from the page of handed-over items, as a 信访室 reviewer does it.
    csrf = await staff_client(client, "reviewer-qian", "reviewer")
    page = await (await client.get("/staff/handovers?origin=superior_assign")).text()
    assert f'data-intake="{number}" data-origin="superior_assign"' in page
    assert ASSIGNED["document_no"] in page and ASSIGNED["their_item_no"] in page
    assert "向上级报结" in page
    resp = await client.post(
        f"/staff/records/{number}/report-up",
        data={"csrf": csrf, "at": TODAY.isoformat(), "document_no": "某纪报〔2026〕9号"},
        allow_redirects=False,
    )
    assert resp.status == 303, await resp.text()
    page = await (await client.get("/staff/handovers")).text()
    assert "（已报结）" in page and "report-up" not in page
    met = {d.kind: d for d in await store.list_deadlines(open_only=False)
           if d.intake_id == intake_id}  # fmt: skip
    assert met["ASSIGNED_REPORT"].met_at is not None
    assert "REPORTED_UP" in [e.type for e in await store.events(intake_id)]

    refused = await client.post(f"/api/v1/records/{own_no}/report-up", headers=reviewer)
    assert refused.status == 409 and (await refused.json())["code"] == "not_assigned_from_above"
    rows = query(settings, "SELECT origin, count(*) FROM intakes GROUP BY origin ORDER BY origin")
    assert rows == [("self", 1), ("superior_assign", 1)]
