"""Intakes and their records: the row every other table hangs from.

An intake is created in one transaction with its originals' metadata, small originals
(sealed), its query-code hash, its RECEIVED event and its first job. The idempotency key is
unique: a second submission with the same key finds the first (``ON CONFLICT DO NOTHING``
and a re-read, so two processes racing on one key also end with one intake).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from gateway.storage import trail
from gateway.storage.connector import Tx
from gateway.storage.errors import KeyConflict
from gateway.storage.values import (
    NewEvent,
    NewIntake,
    StoredIntake,
    StoredOriginal,
    SubmitResult,
)

__all__ = [
    "CHANNEL_PREFIX",
    "SHANGHAI",
    "NewRow",
    "create",
    "load",
    "next_number",
    "take_block",
    "update",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHANNEL_PREFIX = {"letter": "X", "visit": "F", "web": "W", "phone": "D"}  # 信访网电
Unseal = Callable[[str, bytes | None], bytes | None]


@dataclass(frozen=True)
class NewRow:
    """A ``NewIntake`` with its sealed columns, ready for ``create``."""

    id: str
    intake: NewIntake
    received_at: datetime
    raw: bytes
    filenames: list[bytes | None]
    inline: dict[str, bytes]


def _day(received: datetime) -> str:
    return received.astimezone(SHANGHAI).strftime("%Y%m%d")


def day_of(received: datetime) -> str:
    return received.astimezone(SHANGHAI).strftime("%Y%m%d")


def number(channel: str, day: str, n: int) -> str:
    return f"{CHANNEL_PREFIX.get(channel, 'Q')}{day}{n:06d}"


def next_number(tx: Tx, channel: str, received: datetime) -> str:
    """The next intake number of that Beijing day (``X20261202000001``), in the intake's
    own transaction: with one writer, numbers have no gaps."""
    day = day_of(received)
    row = tx.one("next_counter", name=f"intake_no/{day}")
    assert row is not None
    return number(channel, day, row[0])


def take_block(tx: Tx, day: str, size: int) -> range:
    """Reserve ``size`` numbers of that day for one process, committed without waiting for
    the disk: the counter's row lock is released at once, instead of being held across the
    fsync of every intake of every process. A number can be lost (a gap, also when the
    process stops with numbers left), never issued twice: an intake using it commits
    durably later, and that flush carries the counter's update with it."""
    tx.run("relax_commit")
    row = tx.one("take_counter_block", name=f"intake_no/{day}", size=size)
    assert row is not None
    return range(row[0] - size + 1, row[0] + 1)


def existing(tx: Tx, key: str, digest: bytes | None) -> SubmitResult | None:
    """The intake this key names, as a duplicate; ``KeyConflict`` when it was first used
    for other content (an older intake without a digest is taken as the same)."""
    row = tx.one("intake_by_idem_key", key=key)
    if row is None:
        return None
    if digest is not None and row[3] is not None and bytes(row[3]) != digest:
        raise KeyConflict(row[1])
    return SubmitResult(row[0], row[1], row[2], duplicate=True)


def create(tx: Tx, new: NewRow, intake_no: str | None) -> SubmitResult:
    it = new.intake
    if it.idempotency_key is not None:
        found = existing(tx, it.idempotency_key, it.content_digest)
        if found is not None:
            return found
    chosen = intake_no or next_number(tx, it.channel, new.received_at)
    first = NewEvent("RECEIVED", it.actor, None, "received", it.channel)
    event = trail.event_row(new.id, 1, new.received_at, first, trail.GENESIS)
    inserted = tx.one(
        "insert_intake",
        id=new.id,
        intake_no=chosen,
        channel=it.channel,
        idem_key=it.idempotency_key,
        idem_digest=it.content_digest if it.idempotency_key is not None else None,
        received_at=new.received_at,
        raw=new.raw,
        trail_head=event["hash"],
        origin=it.origin,
    )
    if inserted is None:  # another process committed the same key meanwhile
        found = existing(tx, it.idempotency_key or "", it.content_digest)
        assert found is not None
        return found
    tx.many(
        "insert_original",
        [
            {
                "intake_id": new.id,
                "position": i,
                "sha256": o.sha256,
                "media_type": o.media_type,
                "size": o.size,
                "role": o.role,
                "filename": new.filenames[i],
            }
            for i, o in enumerate(it.originals)
        ],
    )
    tx.many("insert_blob", [{"sha256": s, "data": d} for s, d in new.inline.items()])
    if it.query_code_hash is not None:
        tx.run("insert_query_code", code_hash=it.query_code_hash, intake_id=new.id)
    tx.run("insert_event", **event)
    tx.run("insert_job", intake_id=new.id, kind=it.first_job, now=new.received_at)
    tx.notify("jobs")
    return SubmitResult(new.id, chosen, new.received_at, duplicate=False)


def load(
    tx: Tx, intake_id: str, unseal: Callable[[str, str, bytes | None], bytes | None]
) -> StoredIntake | None:
    row = tx.one("load_intake", id=intake_id)
    if row is None:
        return None
    originals = [
        StoredOriginal(
            sha256=o[0],
            media_type=o[1],
            size=o[2],
            role=o[3],
            filename=(
                (unseal(intake_id, f"filename/{o[5]}", o[4]) or b"").decode() if o[4] else None
            ),
        )
        for o in tx.all("load_originals", id=intake_id)
    ]
    return StoredIntake(
        id=row[0],
        intake_no=row[1],
        channel=row[2],
        stage=row[3],
        status=row[4],
        received_at=row[5],
        raw=unseal(intake_id, "raw", row[6]) or b"",
        extracted=unseal(intake_id, "extracted", row[7]),
        record=unseal(intake_id, "record", row[8]),
        flags=tuple(f for f in row[9].split(",") if f),
        originals=originals,
        record_rev=row[10],
        sealed=bool(row[11]),
        classification=row[12],
        origin=row[13] or "self",
    )


def update(
    tx: Tx,
    intake_id: str,
    now: datetime,
    *,
    stage: str | None = None,
    status: str | None = None,
    extracted: bytes | None = None,
    record: bytes | None = None,
    flags: Sequence[str] | None = None,
) -> None:
    """Change what is given; a new record also moves the reviewer's version on."""
    tx.run(
        "update_intake",
        id=intake_id,
        now=now,
        stage=stage,
        status=status,
        extracted=extracted,
        record=record,
        flags=",".join(flags) if flags is not None else None,
        rev_step=1 if record is not None else 0,
    )


def listing(tx: Tx, stage: str | None, limit: int) -> list[dict[str, Any]]:
    return [
        {
            "id": r[0],
            "intake_no": r[1],
            "channel": r[2],
            "stage": r[3],
            "status": r[4],
            "received_at": r[5],
            "flags": [f for f in r[6].split(",") if f],
        }
        for r in tx.all("list_intakes", stage=stage, limit=limit)
    ]


def counts(tx: Tx) -> dict[str, dict[str, int]]:
    return {
        "stage": dict(tx.all("stage_counts")),
        "jobs": dict(tx.all("job_counts")),
        "outbox": dict(tx.all("outbox_counts")),
    }


def find_matches(tx: Tx, keys: Sequence[tuple[str, bytes]], exclude: str) -> dict[str, set[str]]:
    """Intake numbers of other intakes sharing a keyed fact, by the fact's kind."""
    found: dict[str, set[str]] = {}
    for kind, digest in keys:
        for (intake_no,) in tx.all("find_matches", digest=digest, exclude=exclude):
            found.setdefault(kind, set()).add(intake_no)
    return found


def replace_match_keys(tx: Tx, intake_id: str, keys: Sequence[tuple[str, bytes]]) -> None:
    tx.run("drop_match_keys", intake_id=intake_id)
    tx.many("insert_match_key", [{"digest": d, "kind": k, "intake_id": intake_id} for k, d in keys])
