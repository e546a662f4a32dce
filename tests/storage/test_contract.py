"""The storage contract, the same for every engine: what the rest of the gateway relies on."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from gateway.storage import (
    AlreadyExists,
    CallbackUpdate,
    Decision,
    DeliveryResult,
    JobOutcome,
    LeaseLost,
    NewDeadline,
    NewDelivery,
    NewEvent,
    NewIntake,
    RoutingItem,
    StaleRecord,
    Store,
    StoredOriginal,
)


def intake(
    key: str | None = None, *, raw: bytes = b'{"text":"x"}', code: bytes | None = None
) -> NewIntake:
    return NewIntake(
        channel="web",
        raw=raw,
        originals=[StoredOriginal("ab" * 32, "image/png", 3, "attachment", "证据.png")],
        inline={"ab" * 32: b"png"},
        actor="web:form",
        idempotency_key=key,
        query_code_hash=code,
        first_job="extract:web",
    )


async def claimed(store: Store, lease_s: float = 30.0) -> object:
    job = await store.claim_job(["extract:web"], "w", lease_s)
    assert job is not None
    return job


# -- intakes -----------------------------------------------------------------------------------


async def test_a_submitted_intake_reads_back_whole_with_aware_timestamps(store: Store) -> None:
    result = await store.submit(intake(code=b"q" * 32))
    loaded = await store.load(result.intake_id)
    assert loaded is not None
    assert loaded.raw == b'{"text":"x"}' and loaded.stage == "received"
    assert loaded.received_at == result.received_at and loaded.received_at.tzinfo is not None
    assert loaded.originals[0].filename == "证据.png"
    assert await store.original_blob("ab" * 32) == b"png"
    assert await store.lookup_query_code(b"q" * 32) == result.intake_id
    assert await store.find_intake_no(result.intake_no) == result.intake_id
    assert result.intake_no.startswith("W") and len(result.intake_no) == 15
    [event] = await store.events(result.intake_id)
    assert (event.type, event.to_state) == ("RECEIVED", "received")


async def test_an_idempotency_key_gives_one_intake_even_when_submissions_race(
    store: Store, other_store: Store
) -> None:
    results = await asyncio.gather(*(s.submit(intake("key-1")) for s in [store, other_store] * 5))
    assert len({r.intake_id for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    assert (await store.counts())["jobs"] == {"pending": 1}


async def test_intake_numbers_stay_unique_across_processes(
    store: Store, other_store: Store
) -> None:
    results = await asyncio.gather(*(s.submit(intake()) for s in [store, other_store] * 20))
    numbers = [r.intake_no for r in results]
    assert len(set(numbers)) == 40


async def test_a_stale_review_save_is_refused_and_writes_nothing(store: Store) -> None:
    result = await store.submit(intake())
    loaded = await store.load(result.intake_id)
    assert loaded is not None
    await store.append_events(
        result.intake_id, [NewEvent("CORRECTED", "alice")], record=b"{}", expect_rev=0
    )
    with pytest.raises(StaleRecord):
        await store.append_events(
            result.intake_id, [NewEvent("CORRECTED", "bob")], record=b"{}", expect_rev=0
        )
    assert [e.actor for e in await store.events(result.intake_id)] == ["web:form", "alice"]


# -- jobs and fencing ----------------------------------------------------------------------------


async def test_a_job_is_claimed_by_one_worker_at_a_time(store: Store, other_store: Store) -> None:
    await store.submit(intake())
    jobs = await asyncio.gather(
        *(s.claim_job(["extract:web"], f"w{i}", 30) for i, s in enumerate([store, other_store] * 4))
    )
    assert sum(j is not None for j in jobs) == 1


async def test_a_worker_whose_lease_was_taken_over_cannot_land_its_result(
    store: Store, other_store: Store
) -> None:
    result = await store.submit(intake())
    slow = await store.claim_job(["extract:web"], "slow", lease_s=0.2)
    assert slow is not None
    await asyncio.sleep(0.4)
    assert await other_store.sweep_jobs(max_attempts=5) == 1
    fast = await other_store.claim_job(["extract:web"], "fast", lease_s=30)
    assert fast is not None and fast.id == slow.id and fast.lease != slow.lease
    await other_store.finish_job(fast, JobOutcome("text_extracted", [NewEvent("OK", "fast")]))

    with pytest.raises(LeaseLost):
        await store.finish_job(slow, JobOutcome("normalized", [NewEvent("LATE", "slow")]))
    with pytest.raises(LeaseLost):
        await store.renew_lease(slow, 30)
    with pytest.raises(LeaseLost):
        await store.fail_job(slow, "late", 1.0, dead=True)
    loaded = await store.load(result.intake_id)
    assert loaded is not None and loaded.stage == "text_extracted"
    assert [e.type for e in await store.events(result.intake_id)] == ["RECEIVED", "OK"]


async def test_a_failed_job_waits_for_its_retry_and_the_last_attempt_dead_letters(
    store: Store,
) -> None:
    result = await store.submit(intake())
    job = await store.claim_job(["extract:web"], "w", 30)
    assert job is not None
    await store.fail_job(job, "unavailable", retry_in_s=0.3, dead=False)
    assert await store.claim_job(["extract:web"], "w", 30) is None
    await asyncio.sleep(0.4)
    again = await store.claim_job(["extract:web"], "w", 30)
    assert again is not None and again.attempts == 2
    await store.fail_job(again, "file_corrupt", 0, dead=True)
    loaded = await store.load(result.intake_id)
    assert loaded is not None and loaded.stage == "dead_letter"
    assert await store.replay_dead(None, "admin") == [result.intake_no]
    revived = await store.claim_job(["extract:web"], "w", 30)
    assert revived is not None and revived.attempts == 1


async def test_a_lease_that_expires_on_the_last_attempt_is_dead_lettered_by_the_sweep(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="gateway.storage.jobs")
    result = await store.submit(intake())
    assert await store.claim_job(["extract:web"], "w", lease_s=0.1) is not None
    await asyncio.sleep(0.3)
    assert await store.sweep_jobs(max_attempts=1) == 1
    loaded = await store.load(result.intake_id)
    assert loaded is not None and loaded.stage == "dead_letter"
    warned = [r for r in caplog.records if "dead-lettered" in r.getMessage()]
    assert len(warned) == 1 and warned[0].levelno == logging.WARNING
    assert result.intake_id in warned[0].getMessage()
    dead = await store.dead_jobs()
    assert [(j.intake_no, j.kind) for j in dead] == [(result.intake_no, "extract:web")]
    assert dead[0].error is not None and dead[0].error.startswith("lease expired")


async def test_finishing_a_job_writes_its_whole_outcome_at_once(store: Store) -> None:
    result = await store.submit(intake())
    job = await store.claim_job(["extract:web"], "w", 30)
    assert job is not None
    today = date(2026, 12, 2)
    await store.finish_job(
        job,
        JobOutcome(
            stage="normalized",
            events=[NewEvent("NORMALIZED", "worker", "received", "normalized")],
            record=b'{"record":1}',
            flags=("low_confidence",),
            deliveries=["processing"],
            deadlines=[NewDeadline("acceptance_notice", today, today + timedelta(days=21))],
            match_keys=[("accused", b"k" * 32)],
        ),
    )
    loaded = await store.load(result.intake_id)
    assert loaded is not None
    assert (loaded.stage, loaded.record, loaded.flags) == (
        "normalized",
        b'{"record":1}',
        ("low_confidence",),
    )
    assert loaded.record_rev == 1
    [deadline] = await store.list_deadlines()
    assert (deadline.kind, deadline.starts, deadline.met_at) == ("acceptance_notice", today, None)
    other = await store.submit(intake())
    assert await store.find_matches([("accused", b"k" * 32)], other.intake_id) == {
        "accused": {result.intake_no}
    }


# -- outbox ------------------------------------------------------------------------------------


async def delivered_record(store: Store) -> str:
    result = await store.submit(intake())
    job = await store.claim_job(["extract:web"], "w", 30)
    assert job is not None
    await store.finish_job(job, routed_outcome())
    return result.intake_id


def routed_outcome(stage: str = "queued") -> JobOutcome:
    """A normalized record the system routed at once (R7): one item, moved to supervision."""
    item = RoutingItem(
        position=0,
        accused_index=0,
        suggested_rule="R7",
        suggested_actions=("YISONG_INTERNAL", "NOTIFY_CASE_MGMT"),
        actions=("YISONG_INTERNAL", "NOTIFY_CASE_MGMT"),
        destination=None,
        deadline_rule=None,
        due=None,
        stage=stage,
        first_time=True,
        approval_required=False,
        decided_by="system",
        sent_stage="delivered",
        lead=True,
    )
    decision = Decision(
        events=[NewEvent("DECIDED", "system", "normalized", "decided")],
        stage=stage,
        classification="检举控告",
        items=[item],
        deliveries=[NewDelivery("processing", "record", item=0)],
    )
    return JobOutcome("normalized", [], record=b"{}", decision=decision)


async def test_a_delivery_is_claimed_once_settled_once_and_fenced(
    store: Store, other_store: Store
) -> None:
    intake_id = await delivered_record(store)
    [first] = await store.claim_deliveries(10, lease_s=0.2)
    assert first.intake_id == intake_id and first.record == b"{}"
    assert await other_store.claim_deliveries(10, lease_s=0.2) == []
    await asyncio.sleep(0.4)
    assert await other_store.sweep_deliveries() == 1
    [second] = await other_store.claim_deliveries(10, lease_s=30)
    assert (second.id, second.attempts) == (first.id, 2)
    assert await other_store.settle_deliveries([DeliveryResult(second, "delivered", 200)]) == 1
    # The first holder's answer comes late: dropped, the row stays delivered.
    assert await store.settle_deliveries([DeliveryResult(first, "retry", 503)]) == 0
    summary = await store.outbox_summary()
    assert summary.counts == {"delivered": 1} and summary.oldest_pending is None
    loaded = await store.load(intake_id)
    assert loaded is not None and loaded.stage == "delivered"


async def test_a_parked_delivery_keeps_its_answer_and_can_be_sent_again(store: Store) -> None:
    await delivered_record(store)
    [d] = await store.claim_deliveries(10, 30)
    await store.settle_deliveries([DeliveryResult(d, "parked", 400, "bad", response=b"no")])
    [item] = (await store.outbox_summary()).items
    assert (item.state, item.response, item.last_status) == ("parked", "no", 400)
    assert await store.resend_delivery(d.id, "admin")
    [again] = await store.claim_deliveries(10, 30)
    assert (again.id, again.attempts) == (d.id, 1)


# -- callbacks, accounts, throttles, trajectory ---------------------------------------------------


async def test_a_callback_merges_its_outcome_and_moves_deadlines(store: Store) -> None:
    result = await store.submit(intake())
    day = date(2026, 12, 2)
    await store.record_callback(
        result.intake_id,
        CallbackUpdate(
            NewEvent("ACCEPTED", "processing"),
            status="accepted",
            outcome={"feedback": "已受理"},
            add_deadlines=[NewDeadline("feedback", day, day + timedelta(days=30))],
        ),
    )
    await store.record_callback(
        result.intake_id,
        CallbackUpdate(
            NewEvent("CONCLUDED", "processing"),
            status="concluded",
            outcome={"result": "属实"},
            met_deadlines=["feedback"],
        ),
    )
    assert await store.load_outcome(result.intake_id) == {"feedback": "已受理", "result": "属实"}
    [d] = await store.list_deadlines(open_only=False)
    assert d.met_at is not None and d.met_at.tzinfo is not None
    assert await store.list_deadlines() == []


async def test_staff_accounts_and_sessions(store: Store) -> None:
    await store.add_user("zhang", "clerk", "scrypt$x")
    with pytest.raises(AlreadyExists):
        await store.add_user("zhang", "reviewer", "scrypt$y")
    await store.create_session(b"t" * 32, "zhang", ttl_s=60)
    assert await store.lookup_session(b"t" * 32) == ("zhang", "clerk", "")
    await store.create_session(b"e" * 32, "zhang", ttl_s=-1)
    assert await store.lookup_session(b"e" * 32) is None
    user = await store.get_user("zhang")
    assert user is not None and (user.role, user.locked_until) == ("clerk", None)
    assert await store.set_password("zhang", "scrypt$z")
    assert await store.lookup_session(b"t" * 32) is None  # a reset ends every session


async def test_a_throttle_counts_the_attempts_of_every_process(
    store: Store, other_store: Store
) -> None:
    counts = [await s.hit("login/127.0.0.1", 60) for s in (store, other_store, store)]
    assert counts == [1, 2, 3]
    assert await store.hit("login/127.0.0.2", 60) == 1
    assert await store.hits("login/127.0.0.1", 60) == 3


async def test_old_throttle_windows_are_purged(store: Store) -> None:
    await store.hit("web-submit/192.0.2.1", window_s=60)
    await store.db.write(
        lambda tx: tx.run("purge_throttles", before=datetime.now(UTC) + timedelta(days=2))
    )
    assert await store.hits("web-submit/192.0.2.1", 60) == 0


async def test_an_api_key_is_found_by_its_hash_only(store: Store) -> None:
    await store.add_api_key("station-1", "station", b"h" * 32)
    assert await store.lookup_api_key(b"h" * 32) == ("station-1", "station")
    assert await store.lookup_api_key(b"x" * 32) is None
    assert await store.api_keys_of("station") == {b"h" * 32: "station-1"}


async def test_the_trajectory_of_every_intake_verifies(store: Store, other_store: Store) -> None:
    result = await store.submit(intake())
    await asyncio.gather(
        *(
            s.append_event(result.intake_id, NewEvent("NOTE", f"staff{i}"))
            for i, s in enumerate([store, other_store] * 5)
        )
    )
    assert len(await store.events(result.intake_id)) == 11
    assert await store.verify_trajectories() == []


async def test_a_commit_that_adds_a_job_wakes_the_subscribers(
    store: Store, other_store: Store
) -> None:
    """In this process on every engine; on PostgreSQL in every other process too (NOTIFY).
    Two processes on one SQLite file fall back on polling."""
    woke = asyncio.Event()
    listener = other_store if store.dialect == "postgres" else store
    listener.subscribe("jobs", woke.set)
    await asyncio.sleep(0.3)  # PostgreSQL: the listener connects
    woke.clear()
    await store.submit(intake())
    await asyncio.wait_for(woke.wait(), timeout=5)


async def test_an_exclusive_section_has_one_holder_across_processes(
    store: Store, other_store: Store
) -> None:
    inside: list[int] = []
    most = 0

    async def hold(s: Store, i: int) -> None:
        nonlocal most
        async with s.exclusive("login/zhang"):
            inside.append(i)
            most = max(most, len(inside))
            await asyncio.sleep(0.05)
            inside.remove(i)

    # Two processes only share a lock on PostgreSQL; SQLite serves one process.
    stores = [store, other_store] if store.dialect == "postgres" else [store]
    await asyncio.gather(*(hold(stores[i % len(stores)], i) for i in range(6)))
    assert most == 1


async def test_a_routing_item_keeps_its_codes_and_due_day(store: Store) -> None:
    result = await store.submit(intake())
    job = await store.claim_job(["extract:web"], "w", 30)
    assert job is not None
    outcome = routed_outcome()
    decision = outcome.decision
    assert decision is not None and decision.items is not None
    item = dataclasses.replace(
        decision.items[0],
        actions=("BAOSONG_UP",),
        deadline_rule="D1",
        due=date(2026, 12, 9),
        destination="prov",
    )
    decision = dataclasses.replace(decision, items=[item], deliveries=[])
    await store.finish_job(job, dataclasses.replace(outcome, decision=decision))
    [stored] = await store.routing_items(result.intake_id)
    assert (stored.actions, stored.deadline_rule, stored.due) == (
        ("BAOSONG_UP",),
        "D1",
        date(2026, 12, 9),
    )
    assert stored.lead and stored.first_time and stored.decided_at is not None
    [row] = await store.ledger()
    assert row.item == stored and row.classification == "检举控告" and not row.sealed
