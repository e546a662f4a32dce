"""The outbox: deliveries written in the same commit as what they deliver, drained by
forwarders under fenced leases (the same scheme as jobs; see ``jobs``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from gateway.storage import routing, trail
from gateway.storage.connector import Row, Tx
from gateway.storage.values import DeliveryResult, NewEvent, OutboxItem

__all__ = ["claim", "enqueue", "problems", "resend", "settle", "sweep"]

_FAILED = {"retry": "DELIVERY_FAILED", "parked": "DELIVERY_PARKED", "dead": "DELIVERY_DEAD"}


def enqueue(tx: Tx, intake_id: str, destinations: Sequence[str], now: datetime) -> None:
    for destination in destinations:
        tx.run(
            "insert_delivery",
            id=str(uuid.uuid4()),
            intake_id=intake_id,
            destination=destination,
            now=now,
        )
    if destinations:
        tx.notify("outbox")


def claim(tx: Tx, limit: int, lease_s: float) -> list[tuple[Row, Row]]:
    """(outbox row, (intake id, intake no, sealed record)) of up to ``limit`` due rows."""
    rows = tx.all("claim_deliveries", limit=limit, lease_us=int(lease_s * 1_000_000))
    if not rows:
        return []
    found = {r[0]: r for r in tx.all("records_of", ids=sorted({r[1] for r in rows}))}
    return [(r, found[r[1]]) for r in rows]


def sweep(tx: Tx) -> int:
    back = tx.all("sweep_expired_deliveries")
    if back:
        tx.notify("outbox")
    return len(back)


def settle(
    tx: Tx, results: Sequence[DeliveryResult], sealed: Sequence[bytes | None], now: datetime
) -> int:
    """Record each outcome that still holds its lease, with its trajectory event; returns how
    many landed (a result whose lease was taken over is dropped: its row has moved on)."""
    landed = 0
    # Intakes in a stable order: two forwarders settling overlapping intakes lock them alike.
    order = sorted(range(len(results)), key=lambda i: results[i].delivery.intake_id)
    for i in order:
        r, response = results[i], sealed[i]
        d = r.delivery
        if r.outcome == "delivered":
            won = tx.run("settle_delivered", id=d.id, lease=d.lease, status=r.status, now=now)
        elif r.outcome == "retry":
            won = tx.run(
                "settle_retry",
                id=d.id,
                lease=d.lease,
                status=r.status,
                error=r.error,
                next_at=now + timedelta(seconds=r.retry_in_s),
            )
        else:
            won = tx.run(
                "settle_final",
                id=d.id,
                lease=d.lease,
                state=r.outcome,
                status=r.status,
                error=r.error,
                response=response,
            )
        if won != 1:
            continue
        landed += 1
        if r.outcome == "delivered" and d.item is not None:
            what = f"{d.destination} id {d.id}"
            event = routing.landed(tx, d.intake_id, d.item, d.content, what, "forwarder", now)
        elif r.outcome == "delivered":
            # An update of a record already handed over (a later real-name check, a correction).
            event = NewEvent("DELIVERED", "forwarder", None, None, f"{d.destination} id {d.id}")
        else:
            reason = f"{d.destination} attempt {d.attempts}: {r.error or r.status}"
            event = NewEvent(_FAILED[r.outcome], "forwarder", None, None, reason[:500])
        trail.append(tx, d.intake_id, [event], now)
    return landed


def problems(
    tx: Tx, limit: int, unseal: Callable[[str, str, bytes | None], bytes | None]
) -> list[OutboxItem]:
    return [
        OutboxItem(
            id=r[0],
            intake_id=r[1],
            intake_no=r[2],
            destination=r[3],
            state=r[4],
            attempts=r[5],
            next_at=r[6],
            created_at=r[7],
            last_status=r[8],
            last_error=r[9],
            response=(
                (unseal(r[1], f"outbox/{r[0]}", r[10]) or b"").decode("utf-8", "replace")
                if r[10]
                else None
            ),
        )
        for r in tx.all("outbox_problems", limit=limit)
    ]


def resend(tx: Tx, delivery_id: str, actor: str, now: datetime) -> bool:
    """Put a parked or dead delivery back in the queue, same id, attempts from zero."""
    row = tx.one("resend_delivery", id=delivery_id, now=now)
    if row is None:
        return False
    trail.append(
        tx,
        row[0],
        [NewEvent("DELIVERY_RESENT", actor, None, None, f"{row[1]} id {delivery_id}")],
        now,
    )
    tx.notify("outbox")
    return True
