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
from gateway.storage.values import (
    NewEvent,
    NewIntake,
    StoredIntake,
    StoredOriginal,
    SubmitResult,
)

__all__ = ["CHANNEL_PREFIX", "SHANGHAI", "NewRow", "create", "load", "next_number", "update"]

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


def next_number(tx: Tx, channel: str, received: datetime, *, relaxed: bool = False) -> str:
    """The next intake number of that Beijing day (``X20261202000001``).

    ``relaxed`` commits the counter without waiting for the disk: on PostgreSQL the counter
    gets its own short transaction, so its row lock is not held across the intake's fsync.
    A number can only be lost (a gap), never issued twice: the intake that uses it is
    committed durably later, and that flush carries the counter's update with it.
    """
    if relaxed:
        tx.run("relax_commit")
    day = _day(received)
    row = tx.one("next_counter", name=f"intake_no/{day}")
    assert row is not None
    return f"{CHANNEL_PREFIX.get(channel, 'Q')}{day}{row[0]:06d}"


def existing(tx: Tx, key: str) -> SubmitResult | None:
    row = tx.one("intake_by_idem_key", key=key)
    return SubmitResult(row[0], row[1], row[2], duplicate=True) if row else None


def create(tx: Tx, new: NewRow, intake_no: str | None) -> SubmitResult:
    it = new.intake
    if it.idempotency_key is not None:
        found = existing(tx, it.idempotency_key)
        if found is not None:
            return found
    number = intake_no or next_number(tx, it.channel, new.received_at)
    first = NewEvent("RECEIVED", it.actor, None, "received", it.channel)
    event = trail.event_row(new.id, 1, new.received_at, first, trail.GENESIS)
    inserted = tx.one(
        "insert_intake",
        id=new.id,
        intake_no=number,
        channel=it.channel,
        idem_key=it.idempotency_key,
        received_at=new.received_at,
        raw=new.raw,
        trail_head=event["hash"],
    )
    if inserted is None:  # another process committed the same key meanwhile
        found = existing(tx, it.idempotency_key or "")
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
    return SubmitResult(new.id, number, new.received_at, duplicate=False)


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
