"""Durable jobs with fenced leases.

A claim takes a pending job and bumps its ``lease_token``; the worker holds that token, and
renewing, finishing or failing the job succeeds only while the token is still the job's.
A worker whose lease expired and was taken over gets ``LeaseLost`` and its late result is
discarded, so a job's outcome lands once, from the current holder. Expired leases are swept
back to pending by their own query (or dead-lettered after the last attempt), on the
database's clock, so the clocks of the machines do not matter.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection
from datetime import datetime, timedelta

from gateway.storage import intakes, outbox, routing, stats, trail
from gateway.storage.connector import Tx
from gateway.storage.errors import LeaseLost
from gateway.storage.values import Job, JobOutcome, NewEvent

__all__ = ["claim", "fail", "finish", "renew", "replay_dead", "sweep"]

log = logging.getLogger(__name__)


def _micros(seconds: float) -> int:
    return int(seconds * 1_000_000)


def claim(tx: Tx, kinds: Collection[str], worker: str, lease_s: float) -> Job | None:
    row = tx.one("claim_job", kinds=list(kinds), worker=worker, lease_us=_micros(lease_s))
    return Job(*row) if row else None


def sweep(tx: Tx, max_attempts: int, now: datetime) -> int:
    """Dead-letter jobs whose lease expired on the last attempt (they keep killing their
    worker); put other expired leases back in the queue. Returns how many moved."""
    dead = tx.all("sweep_dead_jobs", max_attempts=max_attempts)
    for job_id, intake_id, kind in dead:
        # Ids and kind only, as the workers log theirs: staff see it under /staff/failed.
        log.warning(
            "job %s (%s) of intake %s dead-lettered: lease expired", job_id, kind, intake_id
        )
        intakes.update(tx, intake_id, now, stage="dead_letter")
        trail.append(
            tx,
            intake_id,
            [NewEvent("DEAD_LETTERED", "worker", None, "dead_letter", f"{kind}: lease expired")],
            now,
        )
    back = tx.all("sweep_expired_jobs")
    if back:
        tx.notify("jobs")
    return len(dead) + len(back)


def renew(tx: Tx, job: Job, lease_s: float) -> None:
    if tx.run("renew_job_lease", id=job.id, lease=job.lease, lease_us=_micros(lease_s)) != 1:
        raise LeaseLost(f"job {job.id}")


def finish(
    tx: Tx,
    job: Job,
    outcome: JobOutcome,
    extracted: bytes | None,
    record: bytes | None,
    now: datetime,
    sealed: bytes | None = None,
    triage: bytes | None = None,
) -> None:
    """Everything the job produced, in the transaction that closes it, or nothing."""
    if tx.run("finish_job", id=job.id, lease=job.lease) != 1:
        raise LeaseLost(f"job {job.id}")
    if sealed is not None:
        # The sealed path (§5.3): what was read stays out; only the sealed item is kept.
        tx.run(
            "seal_intake",
            id=job.intake_id,
            yes=True,
            flags=",".join(outcome.flags or ()),
            triage=sealed,
            purge_after=outcome.purge_after,
            stage=outcome.stage,
            now=now,
        )
        tx.run("drop_match_keys", intake_id=job.intake_id)
        if outcome.stats is not None:
            stats.put_sealed(tx, job.intake_id, outcome.stats.day)
        extracted = record = None
        outcome = dataclasses.replace(outcome, match_keys=[], deliveries=[])
    else:
        intakes.update(
            tx,
            job.intake_id,
            now,
            stage=outcome.stage,
            status=outcome.status,
            extracted=extracted,
            record=record,
            flags=outcome.flags,
        )
        if outcome.stats is not None:
            stats.put(tx, job.intake_id, outcome.stats)
    trail.append(tx, job.intake_id, outcome.events, now)
    for kind in outcome.next_jobs:
        tx.run("insert_job", intake_id=job.intake_id, kind=kind, now=now)
    if outcome.next_jobs:
        tx.notify("jobs")
    tx.many(
        "insert_match_key",
        [{"digest": d, "kind": k, "intake_id": job.intake_id} for k, d in outcome.match_keys],
    )
    outbox.enqueue(tx, job.intake_id, outcome.deliveries, now)
    for d in outcome.deadlines:  # a re-normalized record keeps what was already met
        tx.run(
            "set_deadline_keep_met",
            intake_id=job.intake_id,
            kind=d.kind,
            starts=d.starts,
            due=d.due,
        )
    if outcome.decision is not None:
        routing.decide(tx, job.intake_id, outcome.decision, None, triage, now)


def fail(tx: Tx, job: Job, error: str, retry_in_s: float, dead: bool, now: datetime) -> None:
    if dead:
        if tx.run("kill_job", id=job.id, lease=job.lease, error=error[:2000]) != 1:
            raise LeaseLost(f"job {job.id}")
        intakes.update(tx, job.intake_id, now, stage="dead_letter")
        event = NewEvent("DEAD_LETTERED", "worker", None, "dead_letter", f"{job.kind}: {error}")
    else:
        retry_at = now + timedelta(seconds=retry_in_s)
        if (
            tx.run("retry_job", id=job.id, lease=job.lease, error=error[:2000], not_before=retry_at)
            != 1
        ):
            raise LeaseLost(f"job {job.id}")
        event = NewEvent("JOB_FAILED", "worker", None, None, f"{job.kind}: {error}")
    trail.append(tx, job.intake_id, [_short(event)], now)


def _short(e: NewEvent) -> NewEvent:
    return NewEvent(e.type, e.actor, e.from_state, e.to_state, (e.reason or "")[:500])


def replay_dead(tx: Tx, intake_nos: Collection[str] | None, actor: str, now: datetime) -> list[str]:
    """Dead-lettered jobs (all, or of these intakes) start again from their first attempt."""
    done = []
    for job_id, intake_id, kind, intake_no in tx.all("dead_jobs"):
        if intake_nos is not None and intake_no not in intake_nos:
            continue
        tx.run("revive_job", id=job_id, now=now)
        stage = "received" if kind.startswith("extract:") else "text_extracted"
        intakes.update(tx, intake_id, now, stage=stage)
        trail.append(tx, intake_id, [NewEvent("REPLAYED", actor, "dead_letter", stage, kind)], now)
        done.append(intake_no)
    if done:
        tx.notify("jobs")
    return done
