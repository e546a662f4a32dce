"""The flow trajectory (流转轨迹): append-only events, each chained to the previous by hash.

The newest hash and the length are also kept on the intake row, so deleting the newest events
is evident too. ``append`` reads that head under the intake's row lock (PostgreSQL), so two
processes appending to one intake take turns instead of forking the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from gateway.storage.connector import Row, Tx
from gateway.storage.values import Event, NewEvent, TrajectoryProblem

__all__ = ["GENESIS", "append", "event_hash", "events_of", "iso", "verify"]

GENESIS = "0" * 64


def iso(dt: datetime) -> str:
    """The form a timestamp takes inside a hash: UTC, microseconds, so it round-trips."""
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(intake_id: str, seq: int, at: str, e: NewEvent, prev: str) -> str:
    """The chain link: any edit, deletion or reordering of an event breaks every later hash."""
    payload = json.dumps(
        [intake_id, seq, at, e.type, e.actor, e.from_state, e.to_state, e.reason, prev],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def event_row(intake_id: str, seq: int, at: datetime, e: NewEvent, prev: str) -> dict[str, object]:
    return {
        "intake_id": intake_id,
        "seq": seq,
        "at": at,
        "type": e.type,
        "actor": e.actor,
        "from_state": e.from_state,
        "to_state": e.to_state,
        "reason": e.reason,
        "hash_prev": prev,
        "hash": event_hash(intake_id, seq, iso(at), e, prev),
    }


def append(tx: Tx, intake_id: str, events: Iterable[NewEvent], at: datetime) -> None:
    head = tx.one("trail_head", id=intake_id)
    if head is None:
        raise KeyError(intake_id)
    prev, seq = (head[0] or GENESIS), head[1]
    rows = []
    for e in events:
        seq += 1
        row = event_row(intake_id, seq, at, e, prev)
        rows.append(row)
        prev = str(row["hash"])
    if rows:
        tx.many("insert_event", rows)
        tx.run("set_trail_head", id=intake_id, head=prev, len=seq)


def events_of(tx: Tx, intake_id: str) -> list[Event]:
    return [Event(*r) for r in tx.all("events_of", id=intake_id)]


def verify(tx: Tx) -> list[TrajectoryProblem]:
    problems: list[TrajectoryProblem] = []
    heads = {r[0]: (r[1], r[2], r[3]) for r in tx.all("all_trail_heads")}
    chains: dict[str, list[Row]] = {i: [] for i in heads}
    for row in tx.all("all_events"):
        chains.setdefault(row[0], []).append(row)
    for intake_id, rows in chains.items():
        intake_no = heads[intake_id][0] if intake_id in heads else "?"
        found = _check_chain(intake_id, intake_no, rows)
        if not found and intake_id in heads:
            _, head, length = heads[intake_id]
            if rows[-1][9] != head or len(rows) != length:
                found = [
                    TrajectoryProblem(
                        intake_id,
                        intake_no,
                        len(rows),
                        f"newest events deleted (expected {length})",
                    )
                ]
        problems.extend(found)
    return problems


def _check_chain(intake_id: str, intake_no: str, rows: list[Row]) -> list[TrajectoryProblem]:
    prev, expected_seq = GENESIS, 1
    if not rows:
        return [TrajectoryProblem(intake_id, intake_no, 0, "no events: RECEIVED was deleted")]
    for _, seq, at, type_, actor, from_s, to_s, reason, hash_prev, hash_ in rows:
        if seq != expected_seq:
            return [TrajectoryProblem(intake_id, intake_no, seq, f"event {expected_seq} missing")]
        if hash_prev != prev:
            return [TrajectoryProblem(intake_id, intake_no, seq, "link to previous event broken")]
        e = NewEvent(type_, actor, from_s, to_s, reason)
        if event_hash(intake_id, seq, iso(at), e, prev) != hash_:
            return [TrajectoryProblem(intake_id, intake_no, seq, "event content was changed")]
        prev, expected_seq = hash_, seq + 1
    return []
