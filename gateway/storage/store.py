"""``Store``: the storage interface the gateway uses, one class over either engine.

Each method seals what it writes (AES-GCM, ``gateway.crypto``; the associated data binds a
ciphertext to its row and column), runs one operation of an aggregate module in one
transaction of the connector, and opens what it reads. Sealing and opening happen outside the
transaction: on SQLite the single writer is the one shared bottleneck.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from gateway.crypto import KeyRing
from gateway.storage import accounts, intakes, jobs, outbox, routing, stats, trail
from gateway.storage.connector import Connector, Lead, Tx
from gateway.storage.errors import StaleRecord
from gateway.storage.values import (
    AccountChange,
    AuditEntry,
    CallbackUpdate,
    DeadJob,
    Decision,
    Delivery,
    DeliveryResult,
    Event,
    HandedOver,
    Job,
    JobOutcome,
    KeyIssue,
    KeyIssueVersion,
    LedgerRow,
    ManualDelivery,
    NewDelivery,
    NewEvent,
    NewIntake,
    OrganRow,
    OutboxSummary,
    PatternKey,
    RoutingItem,
    SearchQuery,
    StaffUser,
    StatCell,
    StatFilter,
    StatItem,
    StatRow,
    StoredDeadline,
    StoredIntake,
    StoredOriginal,
    SubmitResult,
    Topic,
    TrajectoryProblem,
)

__all__ = ["Store"]


def _now() -> datetime:
    return datetime.now(UTC)


# Throttle windows are minutes long; a day-old one counts nothing any more.
_THROTTLE_KEPT = timedelta(days=1)
_PURGE_EVERY = 1000


class _NumberBlocks:
    """Intake numbers for a process sharing the database: taken from the day's counter a
    block at a time (see ``intakes.take_block``), so concurrent processes never queue on
    the counter row. Unique per day and channel prefix; not gapless, not strictly in order
    of arrival across processes (each process counts up its own block)."""

    BLOCK = 20

    def __init__(self, db: Connector) -> None:
        self._db = db
        self._free: dict[str, Iterator[int]] = {}
        self._lock = asyncio.Lock()

    async def next(self, channel: str, received: datetime) -> str:
        day = intakes.day_of(received)
        async with self._lock:
            n = next(self._free.get(day, iter(())), None)
            if n is None:
                block = await self._db.write(lambda tx: intakes.take_block(tx, day, self.BLOCK))
                self._free = {day: iter(block)}  # a past day's leftovers are let go
                n = next(self._free[day])
        return intakes.number(channel, day, n)


class Store:
    """Durable on return: every write method has committed when it returns."""

    def __init__(self, db: Connector, keyring: KeyRing) -> None:
        self.db = db
        self._keyring = keyring
        self._numbers = _NumberBlocks(db)
        self._hits = 0

    @property
    def dialect(self) -> str:
        return self.db.dialect

    async def close(self) -> None:
        await self.db.close()

    def exclusive(self, key: str) -> AbstractAsyncContextManager[None]:
        """Held by one caller at a time, across every process (a staff login attempt)."""
        return self.db.exclusive(key)

    async def try_lead(self, key: str) -> Lead | None:
        """Be the one process that runs ``key`` (the SMTP listener, the spool watcher)."""
        return await self.db.try_lead(key)

    def subscribe(self, channel: str, callback: Callable[[], None]) -> None:
        """``callback`` runs on the event loop after a commit that notified ``channel``
        (``jobs``, ``outbox``), in this process or, on PostgreSQL, any other."""
        self.db.subscribe(channel, callback)

    # -- sealing ----------------------------------------------------------------------------

    def _seal(self, intake_id: str, column: str, data: bytes | None) -> bytes | None:
        if data is None:
            return None
        return self._keyring.encrypt(data, aad=f"{intake_id}/{column}".encode())

    def _open(self, intake_id: str, column: str, blob: bytes | None) -> bytes | None:
        if blob is None:
            return None
        return self._keyring.decrypt(bytes(blob), aad=f"{intake_id}/{column}".encode())

    # -- intakes ----------------------------------------------------------------------------

    async def submit(self, intake: NewIntake) -> SubmitResult:
        received = intake.received_at or _now()
        intake_id = str(uuid.uuid4())
        row = intakes.NewRow(
            id=intake_id,
            intake=intake,
            received_at=received,
            raw=self._seal(intake_id, "raw", intake.raw) or b"",
            filenames=[
                self._seal(intake_id, f"filename/{i}", o.filename.encode()) if o.filename else None
                for i, o in enumerate(intake.originals)
            ],
            inline={
                sha: self._keyring.encrypt(data, aad=sha.encode())
                for sha, data in intake.inline.items()
            },
        )
        number = None
        if self.db.dialect == "postgres":
            if intake.idempotency_key is not None:  # a repeat should not use up a number
                found = await self.db.read(
                    lambda tx: intakes.existing(
                        tx, intake.idempotency_key or "", intake.content_digest
                    )
                )
                if found is not None:
                    return found
            number = await self._numbers.next(intake.channel, received)
        return await self.db.write(lambda tx: intakes.create(tx, row, number))

    async def load(self, intake_id: str) -> StoredIntake | None:
        return await self.db.read(lambda tx: intakes.load(tx, intake_id, self._open))

    async def handling_events(self) -> dict[str, list[tuple[str, datetime, str]]]:
        """办结 and 转办 events (type, at, reason) by intake id, oldest first."""
        rows = await self.db.read(lambda tx: tx.all("handling_events"))
        found: dict[str, list[tuple[str, datetime, str]]] = {}
        for intake_id, type_, at, reason in rows:
            found.setdefault(intake_id, []).append((type_, at, reason or ""))
        return found

    async def pattern_keys(self) -> list[PatternKey]:
        """Blind-index facts of every unsealed intake, for the pattern warnings."""
        rows = await self.db.read(lambda tx: tx.all("pattern_keys"))
        return [PatternKey(bytes(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]

    async def returns(self) -> dict[str, list[tuple[datetime, str]]]:
        """The 研判回退 events (when; code;approval reference) by intake id, oldest first."""
        rows = await self.db.read(lambda tx: tx.all("returned_events"))
        found: dict[str, list[tuple[datetime, str]]] = {}
        for intake_id, at, reason in rows:
            found.setdefault(intake_id, []).append((at, reason or ""))
        return found

    async def sync_warnings(self, current: Sequence[tuple[str, int, str, date]]) -> tuple[int, int]:
        """Make the raised warnings what ``current`` says (intake id, item position or -1 for
        the record, rule code, since): each one newly raised and each one gone is an event on
        its intake, in one transaction. Returns how many were raised and cleared."""
        wanted = {(i, n, c): since for i, n, c, since in current if i}

        def op(tx: Tx) -> tuple[int, int]:
            now = _now()
            have = {(r[0], r[1], r[2]) for r in tx.all("raised_warnings")}
            raised = [k for k in wanted if k not in have]
            cleared = [k for k in have if k not in wanted]
            for intake_id, item, code in raised:
                tx.run("raise_warning", intake_id=intake_id, item=item, code=code,
                       since=wanted[(intake_id, item, code)], now=now)  # fmt: skip
                where = "record" if item < 0 else f"item {item}"
                event = NewEvent("WARNING_RAISED", "warnings", None, None, f"{code} {where}")
                trail.append(tx, intake_id, [event], now)
            for intake_id, item, code in cleared:
                tx.run("clear_warning", intake_id=intake_id, item=item, code=code)
                where = "record" if item < 0 else f"item {item}"
                event = NewEvent("WARNING_CLEARED", "warnings", None, None, f"{code} {where}")
                trail.append(tx, intake_id, [event], now)
            return len(raised), len(cleared)

        return await self.db.write(op)

    async def handed_over(
        self, origin: str | None = None, *, with_sealed: bool = False, limit: int = 500
    ) -> list[HandedOver]:
        """Intakes another unit handed over (origin not 本级受理), newest first."""
        rows = await self.db.read(
            lambda tx: tx.all("handed_over_intakes", origin=origin, limit=limit)
        )
        return [
            HandedOver(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows if with_sealed or not r[6]
        ]

    async def find_intake_no(self, intake_no: str) -> str | None:
        row = await self.db.read(lambda tx: tx.one("intake_id_of_no", intake_no=intake_no))
        return str(row[0]) if row else None

    async def original_blob(self, sha256: str) -> bytes | None:
        row = await self.db.read(lambda tx: tx.one("original_blob", sha256=sha256))
        return self._keyring.decrypt(bytes(row[0]), aad=sha256.encode()) if row else None

    async def put_chunks(self, sha256: str, chunks: Sequence[bytes]) -> bool:
        """Store sealed chunks of an original once; True if this call created them (the
        first chunk's insert decides, under its unique key, which of two writers did)."""

        def op(tx: Tx) -> bool:
            if tx.one("insert_first_chunk", sha256=sha256, data=chunks[0]) is None:
                return False
            tx.many(
                "insert_chunk",
                [{"sha256": sha256, "seq": n, "data": c} for n, c in enumerate(chunks) if n],
            )
            return True

        return await self.db.write(op)

    async def chunks(self, sha256: str) -> list[bytes]:
        rows = await self.db.read(lambda tx: tx.all("original_chunks", sha256=sha256))
        return [bytes(r[0]) for r in rows]

    async def delete_blob(self, sha256: str) -> None:
        """A small original kept inline in the database (see ``put``)."""
        await self.db.write(lambda tx: tx.run("delete_blob", sha256=sha256))

    async def delete_chunks(self, sha256: str) -> None:
        await self.db.write(lambda tx: tx.run("delete_chunks", sha256=sha256))

    async def original_referenced(self, sha256: str) -> bool:
        row = await self.db.read(lambda tx: tx.one("original_referenced", sha256=sha256))
        return row is not None

    async def find_matches(
        self, keys: Sequence[tuple[str, bytes]], exclude: str
    ) -> dict[str, set[str]]:
        return await self.db.read(lambda tx: intakes.find_matches(tx, keys, exclude))

    async def list_intakes(
        self, *, stage: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        return await self.db.read(lambda tx: intakes.listing(tx, stage, limit))

    async def counts(self) -> dict[str, dict[str, int]]:
        return await self.db.read(intakes.counts)

    async def check_writable(self) -> None:
        await self.db.write(lambda tx: tx.one("next_counter", name="health"))

    # -- trajectory -------------------------------------------------------------------------

    async def events(self, intake_id: str) -> list[Event]:
        return await self.db.read(lambda tx: trail.events_of(tx, intake_id))

    async def append_event(
        self,
        intake_id: str,
        event: NewEvent,
        *,
        stage: str | None = None,
        status: str | None = None,
        record: bytes | None = None,
        flags: tuple[str, ...] | None = None,
    ) -> None:
        sealed = self._seal(intake_id, "record", record)

        def op(tx: Tx) -> None:
            now = _now()
            intakes.update(
                tx, intake_id, now, stage=stage, status=status, record=sealed, flags=flags
            )
            trail.append(tx, intake_id, [event], now)

        await self.db.write(op)

    async def append_events(
        self,
        intake_id: str,
        events: list[NewEvent],
        *,
        stage: str | None = None,
        record: bytes | None = None,
        flags: tuple[str, ...] | None = None,
        deliveries: Sequence[str] = (),
        expect_rev: int | None = None,
        match_keys: Sequence[tuple[str, bytes]] | None = None,
        stat: StatRow | None = None,
    ) -> None:
        """Several events and the record they produced, in one transaction (a review save).

        With ``expect_rev``, raises ``StaleRecord`` (and writes nothing) when the record has
        changed since that version was read: two reviewers never overwrite each other.
        ``deliveries`` queues the record for those destinations in the same commit, as a
        reviewer's confirmation does for an item that waited for review.
        """
        sealed = self._seal(intake_id, "record", record)

        def op(tx: Tx) -> None:
            now = _now()
            if expect_rev is not None:
                # Under the intake's row lock (trail_head locks it on PostgreSQL) the version
                # cannot move between this check and the update.
                tx.one("trail_head", id=intake_id)
                row = tx.one("record_rev", id=intake_id)
                if row is None or row[0] != expect_rev:
                    raise StaleRecord(intake_id)
            intakes.update(tx, intake_id, now, stage=stage, record=sealed, flags=flags)
            trail.append(tx, intake_id, events, now)
            outbox.enqueue(tx, intake_id, deliveries, now)
            if match_keys is not None:  # corrected facts: the blind index follows the record
                intakes.replace_match_keys(tx, intake_id, match_keys)
            if stat is not None:  # and so do the statistics
                stats.put(tx, intake_id, stat)

        await self.db.write(op)

    async def verify_trajectories(self) -> list[TrajectoryProblem]:
        return await self.db.read(trail.verify)

    # -- jobs -------------------------------------------------------------------------------

    async def claim_job(
        self, kinds: Collection[str], worker: str, lease_s: float, max_attempts: int = 0
    ) -> Job | None:
        if not kinds:
            return None
        return await self.db.write(lambda tx: jobs.claim(tx, kinds, worker, lease_s))

    async def sweep_jobs(self, max_attempts: int) -> int:
        return await self.db.write(lambda tx: jobs.sweep(tx, max_attempts, _now()))

    async def renew_lease(self, job: Job, lease_s: float) -> None:
        await self.db.write(lambda tx: jobs.renew(tx, job, lease_s))

    async def finish_job(self, job: Job, outcome: JobOutcome) -> None:
        extracted = self._seal(job.intake_id, "extracted", outcome.extracted)
        record = self._seal(job.intake_id, "record", outcome.record)
        sealed = self._seal(job.intake_id, "triage", outcome.sealed)
        triage = self._seal(
            job.intake_id, "triage", outcome.decision.triage if outcome.decision else None
        )
        await self.db.write(
            lambda tx: jobs.finish(tx, job, outcome, extracted, record, _now(), sealed, triage)
        )

    async def fail_job(self, job: Job, error: str, retry_in_s: float, dead: bool) -> None:
        await self.db.write(lambda tx: jobs.fail(tx, job, error, retry_in_s, dead, _now()))

    async def dead_jobs(self, limit: int = 500) -> list[DeadJob]:
        return await self.db.read(
            lambda tx: [DeadJob(*r) for r in tx.all("dead_job_list", limit=limit)]
        )

    async def replay_dead(self, intake_nos: Collection[str] | None, actor: str) -> list[str]:
        return await self.db.write(lambda tx: jobs.replay_dead(tx, intake_nos, actor, _now()))

    # -- outbox -----------------------------------------------------------------------------

    async def claim_deliveries(self, limit: int, lease_s: float) -> list[Delivery]:
        """Lease up to ``limit`` due rows in one write."""
        rows = await self.db.write(lambda tx: outbox.claim(tx, limit, lease_s))
        # Opened outside the transaction: on SQLite the writer is the shared bottleneck.
        return [
            Delivery(
                id=r[0],
                intake_id=r[1],
                destination=r[2],
                attempts=r[3],
                lease=r[4],
                item=r[5],
                content=r[6],
                intake_no=i[1],
                record=self._open(r[1], "record", i[2]) or b"",
            )
            for r, i in rows
        ]

    async def sweep_deliveries(self) -> int:
        return await self.db.write(outbox.sweep)

    async def settle_deliveries(self, results: Sequence[DeliveryResult]) -> int:
        sealed = [
            self._seal(r.delivery.intake_id, f"outbox/{r.delivery.id}", r.response) for r in results
        ]
        return await self.db.write(lambda tx: outbox.settle(tx, results, sealed, _now()))

    async def outbox_summary(self, limit: int = 100) -> OutboxSummary:
        def op(tx: Tx) -> OutboxSummary:
            counts: dict[str, int] = dict(tx.all("outbox_counts"))
            oldest = tx.one("outbox_oldest_pending")
            items = outbox.problems(tx, limit, self._open)
            return OutboxSummary(counts, oldest[0] if oldest else None, items)

        return await self.db.read(op)

    async def resend_delivery(self, delivery_id: str, actor: str) -> bool:
        return await self.db.write(lambda tx: outbox.resend(tx, delivery_id, actor, _now()))

    # -- callbacks and deadlines --------------------------------------------------------------

    async def record_callback(self, intake_id: str, update: CallbackUpdate) -> None:
        def op(tx: Tx) -> None:
            now = _now()
            if update.outcome is not None:
                tx.one("trail_head", id=intake_id)  # row lock: merges do not interleave
                row = tx.one("outcome_of", id=intake_id)
                merged = json.loads(
                    self._open(intake_id, "outcome", row[0] if row else None) or b"{}"
                )
                merged.update(update.outcome)
                sealed = self._seal(
                    intake_id, "outcome", json.dumps(merged, ensure_ascii=False).encode()
                )
                tx.run("set_outcome", id=intake_id, outcome=sealed)
            intakes.update(
                tx, intake_id, now, status=update.status, stage=update.stage, flags=update.flags
            )
            if update.stage is not None:
                tx.run("set_lead_stage", intake_id=intake_id, stage=update.stage)
            for d in update.add_deadlines:
                tx.run(
                    "set_deadline_reopen",
                    intake_id=intake_id,
                    kind=d.kind,
                    starts=d.starts,
                    due=d.due,
                )
            for kind in update.met_deadlines:
                tx.run("meet_deadline", intake_id=intake_id, kind=kind, now=now)
            disposal = (update.outcome or {}).get("disposal")
            if disposal is not None or update.stage == "concluded":
                stats.set_disposal(
                    tx, intake_id, disposal, now if update.stage == "concluded" else None
                )
            trail.append(tx, intake_id, [update.event], now)

        await self.db.write(op)

    async def load_outcome(self, intake_id: str) -> dict[str, str] | None:
        row = await self.db.read(lambda tx: tx.one("outcome_of", id=intake_id))
        plain = self._open(intake_id, "outcome", row[0] if row else None)
        return json.loads(plain) if plain else None

    async def list_deadlines(self, *, open_only: bool = True) -> list[StoredDeadline]:
        query = "open_deadlines" if open_only else "all_deadlines"
        rows = await self.db.read(lambda tx: tx.all(query))
        return [StoredDeadline(*r) for r in rows]

    # -- 研判分流 ------------------------------------------------------------------------------

    async def organs(self) -> list[OrganRow]:
        return await self.db.read(routing.organs)

    async def put_organ(self, organ: OrganRow) -> None:
        await self.db.write(lambda tx: routing.put_organ(tx, organ, _now()))

    async def delete_organ(self, organ_id: str) -> bool:
        return await self.db.write(lambda tx: routing.delete_organ(tx, organ_id))

    async def routing_items(self, intake_id: str) -> list[RoutingItem]:
        return await self.db.read(lambda tx: routing.items_of(tx, intake_id))

    async def triage_of(self, intake_id: str) -> bytes | None:
        """The intake's triage document (suggestion, decision, approval; or the sealed item)."""
        row = await self.db.read(lambda tx: tx.one("triage_of", id=intake_id))
        return self._open(intake_id, "triage", row[0] if row else None)

    async def decide(self, intake_id: str, decision: Decision) -> None:
        """A decision, approval or refusal; ``StaleRecord`` when ``expect_rev`` is behind."""
        record = self._seal(intake_id, "record", decision.record)
        triage = self._seal(intake_id, "triage", decision.triage)
        await self.db.write(
            lambda tx: routing.decide(tx, intake_id, decision, record, triage, _now())
        )

    async def ledger(self, *, with_sealed: bool = False, limit: int = 1000) -> list[LedgerRow]:
        return await self.db.read(
            lambda tx: routing.ledger(tx, with_sealed=with_sealed, limit=limit)
        )

    async def manual_deliveries(
        self, *, with_sealed: bool = False, limit: int = 500
    ) -> list[ManualDelivery]:
        return await self.db.read(
            lambda tx: routing.manual_deliveries(tx, with_sealed=with_sealed, limit=limit)
        )

    async def mark_sent(self, intake_id: str, delivery_id: str, actor: str) -> bool:
        return await self.db.write(
            lambda tx: routing.mark_sent(tx, intake_id, delivery_id, actor, _now())
        )

    async def watched_items(self, limit: int = 2000) -> list[LedgerRow]:
        """Routing items this office still follows: handed down, moved on, returned."""
        return await self.db.read(lambda tx: routing.watched(tx, limit))

    async def supervise(
        self,
        intake_id: str,
        position: int,
        event: NewEvent,
        item_stage: str,
        *,
        record_stage: str | None = None,
        triage: bytes | None = None,
        deliveries: Sequence[NewDelivery] = (),
        attachments: Sequence[StoredOriginal] = (),
        inline: dict[str, bytes] | None = None,
    ) -> None:
        """One supervision step; ``attachments`` (staged originals, e.g. the lower organ's
        result with its 报结) join the intake's originals in the same transaction."""
        sealed = self._seal(intake_id, "triage", triage)

        def op(tx: Tx) -> None:
            if attachments:
                row = tx.one("next_original_position", intake_id=intake_id)
                first = int(row[0]) if row else 0
                tx.many(
                    "insert_original",
                    [
                        {
                            "intake_id": intake_id,
                            "position": first + i,
                            "sha256": o.sha256,
                            "media_type": o.media_type,
                            "size": o.size,
                            "role": o.role,
                            "filename": self._seal(
                                intake_id, f"filename/{first + i}", o.filename.encode()
                            )
                            if o.filename
                            else None,
                        }
                        for i, o in enumerate(attachments)
                    ],
                )
                tx.many(
                    "insert_blob",
                    [
                        {"sha256": s, "data": self._keyring.encrypt(d, aad=s.encode())}
                        for s, d in (inline or {}).items()
                    ],
                )
            routing.supervise(
                tx, intake_id, position, event, item_stage, record_stage, sealed, deliveries, _now()
            )

        await self.db.write(op)

    async def sealed_intakes(self, limit: int = 500) -> list[dict[str, Any]]:
        rows = await self.db.read(lambda tx: tx.all("sealed_intakes", limit=limit))
        return [
            dict(
                zip(
                    ("id", "intake_no", "channel", "received_at", "stage", "purge_after"),
                    r,
                    strict=True,
                )
            )
            for r in rows
        ]

    async def purge_sealed(self, limit: int = 100) -> list[tuple[str, list[str]]]:
        """Destroy the raw input and originals of sealed items past their keeping time, each
        with a SEALED_ORIGINALS_DESTROYED event; returns (intake id, original digests) so the
        caller removes blobs no other intake references."""

        def op(tx: Tx) -> list[tuple[str, list[str]]]:
            now = _now()
            out = []
            for intake_id, _ in tx.all("sealed_due_for_purge", now=now, limit=limit):
                shas = [r[0] for r in tx.all("delete_originals_of", intake_id=intake_id)]
                tx.run("purge_sealed", id=intake_id, raw=b"", now=now)
                event = NewEvent(
                    "SEALED_ORIGINALS_DESTROYED", "system", None, None, f"{len(shas)} originals"
                )
                trail.append(tx, intake_id, [event], now)
                out.append((intake_id, shas))
            return out

        return await self.db.write(op)

    # -- the workbench: assignment, search, audit ------------------------------------------

    async def assign(self, intake_id: str, assignee: str | None, actor: str) -> bool:
        """Make ``assignee`` (an actor, ``reviewer:li``) the 承办人, or nobody; an ASSIGNED
        event names who did it. False for a sealed item (the head handles those)."""

        def op(tx: Tx) -> bool:
            now = _now()
            if tx.run("assign_intake", id=intake_id, assignee=assignee, now=now) != 1:
                return False
            trail.append(tx, intake_id, [NewEvent("ASSIGNED", actor, None, None, assignee)], now)
            return True

        return await self.db.write(op)

    async def assignee_of(self, intake_id: str) -> str | None:
        row = await self.db.read(lambda tx: tx.one("assignee_of", id=intake_id))
        return str(row[0]) if row and row[0] else None

    async def intakes_with(self, digest: bytes) -> set[str]:
        """Intakes holding one keyed fact of the blind index."""
        rows = await self.db.read(lambda tx: tx.all("intakes_with_digest", digest=digest))
        return {r[0] for r in rows}

    async def search(self, q: SearchQuery) -> tuple[list[dict[str, Any]], int]:
        """One page of the record list and the total count (sealed items never appear)."""
        if q.ids is not None and not q.ids:
            return [], 0
        rows = await self.db.read(
            lambda tx: tx.all(
                "search_intakes",
                intake_no=q.intake_no,
                channel=q.channel,
                stage=q.stage,
                assignee=q.assignee,
                since=q.since,
                until=q.until,
                by_ids=int(q.ids is not None),
                ids=sorted(q.ids or ()),
                oldest=int(q.oldest_first),
                limit=q.limit,
                offset=q.offset,
            )
        )
        keys = ("id", "intake_no", "channel", "stage", "status", "received_at", "flags")
        items = [
            {
                **dict(zip(keys, r[:7], strict=True)),
                "flags": [f for f in r[6].split(",") if f],
                "assignee": r[7],
            }
            for r in rows
        ]
        return items, (int(rows[0][8]) if rows else 0)

    async def audit(self, actor: str, action: str, detail: str | None = None) -> None:
        await self.db.write(
            lambda tx: tx.run("insert_audit", now=_now(), actor=actor, action=action, detail=detail)
        )

    async def audit_entries(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        intake_no: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 500,
    ) -> list[AuditEntry]:
        """Newest first; each filter given narrows (``until`` is exclusive)."""
        rows = await self.db.read(
            lambda tx: tx.all(
                "audit_entries",
                actor=actor,
                action=action,
                intake_no=intake_no,
                since=since,
                until=until,
                limit=limit,
            )
        )
        return [AuditEntry(*r) for r in rows]

    # -- keys and codes -----------------------------------------------------------------------

    async def lookup_query_code(self, code_hash: bytes) -> str | None:
        row = await self.db.read(lambda tx: tx.one("lookup_query_code", code_hash=code_hash))
        return str(row[0]) if row else None

    async def add_api_key(self, name: str, role: str, key_hash: bytes) -> None:
        await self.db.write(
            lambda tx: tx.run("insert_api_key", key_hash=key_hash, name=name, role=role, now=_now())
        )

    async def api_keys_of(self, role: str) -> dict[bytes, str]:
        rows = await self.db.read(lambda tx: tx.all("api_keys_of", role=role))
        return {bytes(k): n for k, n in rows}

    async def lookup_api_key(self, key_hash: bytes) -> tuple[str, str] | None:
        row = await self.db.read(lambda tx: tx.one("lookup_api_key", key_hash=key_hash))
        return (row[0], row[1]) if row else None

    # -- staff accounts and sessions -----------------------------------------------------------

    async def add_user(self, name: str, role: str, password_hash: str) -> None:
        await self.db.write(lambda tx: accounts.add_user(tx, name, role, password_hash, _now()))

    async def set_password(self, name: str, password_hash: str) -> bool:
        return await self.db.write(
            lambda tx: accounts.set_password(tx, name, password_hash, _now())
        )

    async def get_user(self, name: str) -> StaffUser | None:
        return await self.db.read(lambda tx: accounts.get_user(tx, name))

    async def list_users(self) -> list[StaffUser]:
        return await self.db.read(accounts.list_users)

    async def create_session(self, token_hash: bytes, name: str, ttl_s: float) -> None:
        await self.db.write(lambda tx: accounts.create_session(tx, token_hash, name, ttl_s, _now()))

    async def change_account(self, change: AccountChange, actor: str) -> bool:
        """``accounts.change``: one administrator's change and its audit entry, atomically.
        Account changes run one at a time, so two administrators demoting each other at
        once cannot both pass the check that one enabled administrator remains."""
        async with self.exclusive("staff-accounts"):
            return await self.db.write(lambda tx: accounts.change(tx, change, actor, _now()))

    async def failed_logins(self, window_s: float, at_least: int) -> dict[str, int]:
        """``accounts.failed_logins``: the accounts some client is shut out of now."""
        return await self.db.read(lambda tx: accounts.failed_logins(tx, window_s, at_least, _now()))

    async def lookup_session(self, token_hash: bytes) -> tuple[str, str, str] | None:
        return await self.db.read(lambda tx: accounts.lookup_session(tx, token_hash, _now()))

    async def delete_session(self, token_hash: bytes) -> None:
        await self.db.write(lambda tx: tx.run("delete_session", token_hash=token_hash))

    async def hit(self, key: str, window_s: float) -> int:
        """One attempt under ``key`` (a throttle: ``login/<ip>``, ``web/<ip>``) in the
        current window of ``window_s`` seconds, counted across every process."""
        self._hits += 1
        purge = self._hits % _PURGE_EVERY == 0  # old windows would pile up, one per client

        def op(tx: Tx) -> int:
            now = _now()
            if purge:
                tx.run("purge_throttles", before=now - _THROTTLE_KEPT)
            return accounts.hit(tx, key, window_s, now)

        return await self.db.write(op)

    async def hits(self, key: str, window_s: float) -> int:
        """What ``hit`` has counted under ``key`` in the current window."""
        return await self.db.read(lambda tx: accounts.hits(tx, key, window_s, _now()))

    async def set_display_name(self, name: str, display_name: str) -> bool:
        """The staff member's 姓名 (``accounts.set_display_name``); False: no such account."""
        return await self.db.write(
            lambda tx: accounts.set_display_name(tx, name, display_name, _now())
        )

    async def hold_attachments(
        self, token_hash: bytes, data: bytes, size: int, ttl_s: float, max_total: int
    ) -> bool:
        """``accounts.hold_attachments``: False when the held total would exceed the bound."""
        now = _now()
        expires_at = now + timedelta(seconds=ttl_s)
        return await self.db.write(
            lambda tx: accounts.hold_attachments(
                tx, token_hash, data, size, expires_at, max_total, now
            )
        )

    async def held_attachments(self, token_hash: bytes) -> bytes | None:
        """The encrypted attachments held under ``token_hash``, None once expired."""
        return await self.db.read(lambda tx: accounts.get_held_attachments(tx, token_hash, _now()))

    # -- the public status page ----------------------------------------------------------------

    async def event_times(self, intake_id: str) -> list[tuple[str, datetime]]:
        """Type and time of each trajectory event, in order: what the status page dates its
        stages from (it reads no actor, no reason)."""
        rows = await self.db.read(lambda tx: tx.all("event_times_of", id=intake_id))
        return [(str(r[0]), r[1]) for r in rows]

    # -- 综合分析 (gateway.storage.stats) -------------------------------------------------------

    async def crosstab(self, dim: str, f: StatFilter, region_digits: int = 6) -> list[StatCell]:
        return await self.db.read(lambda tx: stats.crosstab(tx, dim, f, region_digits))

    async def sealed_count(self, f: StatFilter) -> int:
        return await self.db.read(lambda tx: stats.sealed_count(tx, f))

    async def stat_items(
        self, f: StatFilter, limit: int = 50, offset: int = 0
    ) -> tuple[list[StatItem], int]:
        return await self.db.read(lambda tx: stats.items(tx, f, limit, offset))

    async def stat_labels_of_items(self, intake_ids: list[str], kind: str) -> dict[str, list[str]]:
        """The labels of one kind (category, tag, unit, region) of drill-down items, by id."""
        return await self.db.read(lambda tx: stats.labels_of_items(tx, intake_ids, kind))

    async def stat_row(self, intake_id: str) -> tuple[Any, ...] | None:
        return await self.db.read(lambda tx: stats.row_of(tx, intake_id))

    async def put_stat(self, intake_id: str, row: StatRow) -> None:
        """A rebuilt row (``rebuild-statistics``): the record's part and its labels."""
        await self.db.write(lambda tx: stats.put(tx, intake_id, row))

    async def rebuild_stat(
        self,
        intake_id: str,
        row: StatRow,
        *,
        sealed: bool,
        acceptance: str | None,
        disposal: str | None,
        concluded: datetime | None,
    ) -> None:
        await self.db.write(
            lambda tx: stats.rebuild(
                tx,
                intake_id,
                row,
                sealed=sealed,
                acceptance=acceptance,
                disposal=disposal,
                concluded=concluded,
                now=_now(),
            )
        )

    async def intake_ids_after(self, after: str, limit: int) -> list[str]:
        return await self.db.read(lambda tx: stats.intake_ids_after(tx, after, limit))

    async def catalogue_versions(self) -> list[KeyIssueVersion]:
        return await self.db.read(stats.catalogue_versions)

    async def catalogue(self, version: int) -> list[KeyIssue]:
        return await self.db.read(lambda tx: stats.catalogue(tx, version))

    async def new_catalogue(self, issues: list[KeyIssue], note: str | None, actor: str) -> int:
        return await self.db.write(lambda tx: stats.new_catalogue(tx, issues, note, actor, _now()))

    async def retag_pending(self) -> tuple[int, str] | None:
        return await self.db.read(stats.retag_pending)

    async def retag_batch(self, after: str, limit: int) -> list[str]:
        return await self.db.read(lambda tx: stats.retag_batch(tx, after, limit))

    async def retag(self, version: int, tags: dict[str, list[str]], after: str, done: bool) -> None:
        """One batch of re-tagged items and the cursor behind it, in one commit."""

        def op(tx: Tx) -> None:
            for intake_id, found in tags.items():
                stats.replace_tags(tx, intake_id, found)
            stats.retag_progress(tx, version, after)
            if done:
                stats.retag_done(tx, version, _now())

        await self.db.write(op)

    async def topics(self) -> list[Topic]:
        return await self.db.read(stats.topics)

    async def add_topic(self, topic: Topic) -> None:
        await self.db.write(lambda tx: stats.add_topic(tx, topic))

    async def delete_topic(self, topic_id: str) -> bool:
        return await self.db.write(lambda tx: stats.delete_topic(tx, topic_id))
