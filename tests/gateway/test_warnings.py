"""Early warnings (issue 13 item 6): the rules added to the table (研判回退 not decided again,
a 上级转办/交办 not accepted within D4, a 上级交办 not reported up by its day), thresholds from
the settings, each warning raised and cleared as an event on its item, and the gauge."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from prometheus_client.parser import text_string_to_metric_families

from gateway.app import STORE, triage_service
from gateway.labels import event_reason
from gateway.settings import Settings
from gateway.storage import SHANGHAI, PatternKey, StoredDeadline
from gateway.supervision import Supervision, deadline_warnings, pattern_warnings, warnings_for
from normalizer.workdays import WorkCalendar
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine
from tests.gateway.test_callbacks import TOKEN, handed_over_record
from tests.gateway.test_submit import COMPLAINT
from tests.gateway.test_supervision import _row

engine = every_engine
CAL = WorkCalendar()
MOVED = ("YISONG_INTERNAL", "NOTIFY_CASE_MGMT")


def _codes(row: object, today: date, **kw: object) -> set[str]:
    return {w.code for w in warnings_for(row, today, CAL, **kw)}  # type: ignore[arg-type]


def test_a_return_not_decided_again_is_warned_of_after_the_set_working_days() -> None:
    row = _row(actions=MOVED, stage="returned")
    back = date(2026, 11, 2)  # a Monday: three working days end on Thursday the 5th
    assert "returned_not_rerouted" not in _codes(row, date(2026, 11, 5), returned_on=back)
    assert "returned_not_rerouted" in _codes(row, date(2026, 11, 6), returned_on=back)
    longer = {"returned_not_rerouted": 5}
    assert "returned_not_rerouted" not in _codes(
        row, date(2026, 11, 6), returned_on=back, thresholds=longer
    )
    decided = _row(actions=MOVED, stage="queued")
    assert "returned_not_rerouted" not in _codes(decided, date(2026, 11, 30), returned_on=back)


def test_the_thresholds_of_the_settings_move_the_acceptance_warnings() -> None:
    moved = _row(actions=MOVED, stage="delivered")  # sent Monday 2 November 2026
    assert "moved_not_accepted" not in _codes(moved, date(2026, 11, 6))
    assert "moved_not_accepted" in _codes(
        moved, date(2026, 11, 6), thresholds={"moved_not_accepted": 3}
    )
    down = _row(stage="zhuansong", actions=("ZHUANSONG_DOWN",), report_due=None)
    assert "down_not_accepted" not in _codes(down, date(2026, 11, 6))
    assert "down_not_accepted" in _codes(
        down, date(2026, 11, 6), thresholds={"down_not_accepted": 2}
    )


def test_a_handovers_own_deadlines_warn_until_met() -> None:
    accept = StoredDeadline(
        "i1", "X1", "HANDOVER_ACCEPT", date(2026, 9, 30), date(2026, 10, 14), None
    )
    report = StoredDeadline(
        "i2", "X2", "ASSIGNED_REPORT", date(2026, 10, 9), date(2026, 12, 1), None
    )
    assert deadline_warnings([accept, report], date(2026, 10, 14)) == []
    found = deadline_warnings([accept, report], date(2026, 12, 2))
    assert {(w.code, w.intake_id, w.item) for w in found} == {
        ("handover_not_accepted", "i1", None),
        ("assigned_report_overdue", "i2", None),
    }
    met = dataclasses.replace(accept, met_at=datetime(2026, 10, 12, tzinfo=UTC))
    assert deadline_warnings([met], date(2026, 12, 2)) == []


async def test_each_warning_is_raised_and_cleared_as_an_event_and_counted_in_metrics(
    make_client: MakeClient, settings: Settings
) -> None:
    chosen = dataclasses.replace(settings, callback_token=TOKEN, warn_moved_days=2)
    client = await make_client(chosen)
    store = client.app[STORE]
    number, intake_id = await handed_over_record(client)
    service = Supervision(
        triage_service(chosen, store, CAL), CAL, thresholds={"moved_not_accepted": 2}
    )
    later = CAL.add(datetime.now(SHANGHAI).date(), 3)  # the office's day
    found, raised, cleared = await service.sync(later)
    assert "moved_not_accepted" in {w.code for w in found if w.intake_no == number}
    assert (raised, cleared) == (len(found), 0)
    again = await service.sync(later)
    assert again[1:] == (0, 0)  # raised once, not at every check
    events = [e for e in await store.events(intake_id) if e.type == "WARNING_RAISED"]
    assert "moved_not_accepted item 0" in [e.reason for e in events]
    assert event_reason("WARNING_RAISED", "moved_not_accepted item 0") == (
        "移送监督检查部门后超过预警期限未受理（分流事项 1）"
    )

    cb = {"Authorization": f"Bearer {TOKEN}"}
    resp = await client.post(f"/api/v1/records/{number}/events", json={"event": "accepted"},
                             headers=cb)  # fmt: skip
    assert resp.status == 200
    _, raised, cleared = await service.sync(later)
    assert cleared >= 1
    gone = [e.reason for e in await store.events(intake_id) if e.type == "WARNING_CLEARED"]
    assert "moved_not_accepted item 0" in gone

    # An objection warns at once: the gauge counts it on the next scrape.
    reviewer = {"Authorization": f"Bearer {await api_key(client, chosen, 'reviewer')}"}
    step = {"item": 0, "action": "objection", "note": "来电称无人联系"}
    resp = await client.post(f"/api/v1/records/{number}/supervision", json=step, headers=reviewer)
    assert resp.status == 200, await resp.text()
    text = await (await client.get("/metrics")).text()
    samples = {
        (s.name, s.labels.get("rule")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "intake_warnings"
    }
    assert samples[("intake_warnings", "objection")] == 1.0
    assert samples[("intake_warnings", "returned_not_rerouted")] == 0.0


def _key(kind: str, digest: bytes, n: int, stage: str, day: date) -> PatternKey:
    return PatternKey(digest, kind, f"i{n}", f"W{n}", stage, _noon(day))


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)


def test_patterns_in_the_blind_index_warn_of_repeats_after_a_conclusion_and_of_clusters() -> None:
    today = date(2026, 12, 2)
    keys = [
        _key("complainant", b"p1", 1, "concluded", date(2026, 6, 1)),
        _key("accused", b"a1", 1, "concluded", date(2026, 6, 1)),
        _key("complainant", b"p1", 2, "needs_review", date(2026, 11, 20)),  # again, after it
        _key("accused", b"a1", 2, "needs_review", date(2026, 11, 20)),
        _key("complainant", b"p2", 3, "needs_review", date(2026, 11, 21)),  # someone else
        _key("accused", b"a1", 3, "needs_review", date(2026, 11, 21)),
        _key("accused", b"a1", 4, "delivered", date(2026, 11, 25)),  # anonymous, but decided
    ]
    found = {(w.code, w.intake_no) for w in pattern_warnings(keys, today)}
    assert found == {("repeat_after_conclusion", "W2"), ("many_reports", "W4")}
    # The cluster of 2, 3 and 4 leaves the window; the repeat clears once it is decided.
    later = date(2026, 12, 24)
    assert {w.code for w in pattern_warnings(keys, later)} == {"repeat_after_conclusion"}
    decided = [dataclasses.replace(k, stage="queued") if k.intake_id == "i2" else k for k in keys]
    assert {w.code for w in pattern_warnings(decided, later)} == set()
    assert pattern_warnings(keys, today, count=4) == [
        w for w in pattern_warnings(keys, today) if w.code != "many_reports"
    ]
    units = [_key("s:unit", b"u1", n, "needs_review", date(2026, 11, 20 + n)) for n in (1, 2, 3)]
    assert {(w.code, w.intake_no) for w in pattern_warnings(units, today)} == {
        ("many_reports", "W3")
    }


async def test_a_report_again_after_the_conclusion_is_warned_of(
    make_client: MakeClient, settings: Settings
) -> None:
    chosen = dataclasses.replace(settings, callback_token=TOKEN)
    client = await make_client(chosen)
    store = client.app[STORE]
    number, _ = await handed_over_record(client)
    cb = {"Authorization": f"Bearer {TOKEN}"}
    for event in ({"event": "accepted"}, {"event": "concluded", "disposal": "予以了结",
                                          "result": "查无实据"}):  # fmt: skip
        resp = await client.post(f"/api/v1/records/{number}/events", json=event, headers=cb)
        assert resp.status == 200, await resp.text()
    again = await client.post("/api/v1/complaints", json={**COMPLAINT, "title": "再次反映"})
    again_no = (await again.json())["intake_no"]
    intake_id = await store.find_intake_no(again_no) or ""

    async def flagged() -> bool:
        intake = await store.load(intake_id)
        return intake is not None and intake.stage == "needs_review"

    await wait_for(flagged)
    service = Supervision(triage_service(chosen, store, CAL), CAL)
    found = {(w.code, w.intake_no) for w in await service.warnings()}
    assert ("repeat_after_conclusion", again_no) in found
    assert ("repeat_after_conclusion", number) not in found
