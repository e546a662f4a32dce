"""研判分流 as stored: the organ registry, routing items, decisions and approvals, printed
letters waiting to be marked sent, and the sealed path (issue 12).

Storage persists what ``normalizer.stages`` and ``normalizer.triage`` decided (the service in
``gateway.decisions`` calls them); the one rule kept here is how a landed delivery moves its
routing item: an item is sent when every delivery of it but the 案管 notices has landed, and
the record's stage is its lead item's stage.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from gateway.storage import intakes, stats, trail
from gateway.storage.connector import Row, Tx
from gateway.storage.errors import StaleRecord
from gateway.storage.values import (
    Decision,
    LedgerRow,
    ManualDelivery,
    NewDelivery,
    NewEvent,
    OrganRow,
    RoutingItem,
)

__all__ = [
    "decide",
    "delete_organ",
    "enqueue",
    "items_of",
    "landed",
    "ledger",
    "manual_deliveries",
    "mark_sent",
    "organs",
    "put_organ",
    "supervise",
    "watched",
]


def organs(tx: Tx) -> list[OrganRow]:
    return [
        OrganRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8])
        for r in tx.all("list_organs")
    ]


def put_organ(tx: Tx, organ: OrganRow, now: datetime) -> None:
    tx.run(
        "put_organ",
        id=organ.id,
        name=organ.name,
        relation=organ.relation,
        level=organ.level,
        region=organ.region,
        endpoint=organ.endpoint,
        with_identity=organ.with_identity,
        updated_by=organ.updated_by,
        now=now,
    )


def delete_organ(tx: Tx, organ_id: str) -> bool:
    return tx.run("delete_organ", id=organ_id) == 1


def _item(r: Row) -> RoutingItem:
    return RoutingItem(
        position=r[0],
        accused_index=r[1],
        suggested_rule=r[2],
        suggested_actions=tuple(a for a in (r[3] or "").split(",") if a),
        actions=tuple(a for a in (r[4] or "").split(",") if a),
        destination=r[5],
        deadline_rule=r[6],
        due=r[7],
        stage=r[8],
        first_time=bool(r[9]),
        approval_required=bool(r[10]),
        decided_by=r[11],
        decided_at=r[12],
        approved_by=r[13],
        approved_at=r[14],
        sent_by=r[15],
        sent_at=r[16],
        sent_stage=r[17],
        lead=bool(r[18]),
        report_due=r[19],
        lower_accepted_at=r[20],
        reported_at=r[21],
        reminders=r[22] or 0,
        objected_at=r[23],
    )


def items_of(tx: Tx, intake_id: str) -> list[RoutingItem]:
    return [_item(r) for r in tx.all("routing_items_of", intake_id=intake_id)]


def ledger(tx: Tx, *, with_sealed: bool, limit: int) -> list[LedgerRow]:
    return [
        LedgerRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], _item(r[6:]))
        for r in tx.all("ledger", sealed=int(with_sealed), limit=limit)
    ]


def enqueue(tx: Tx, intake_id: str, deliveries: Sequence[NewDelivery], now: datetime) -> None:
    for d in deliveries:
        tx.run(
            "insert_routed_delivery",
            id=str(uuid.uuid4()),
            intake_id=intake_id,
            destination=d.destination,
            state="manual" if d.manual else "pending",
            now=now,
            item=d.item,
            content=d.content,
        )
    if any(not d.manual for d in deliveries):
        tx.notify("outbox")


def decide(
    tx: Tx, intake_id: str, d: Decision, record: bytes | None, triage: bytes | None, now: datetime
) -> None:
    """A decision, an approval or a refusal, with its events, items and deliveries."""
    head = tx.one("trail_head", id=intake_id)  # the intake's row lock on PostgreSQL
    if head is None:
        raise KeyError(intake_id)
    if d.expect_rev is not None:
        row = tx.one("record_rev", id=intake_id)
        if row is None or row[0] != d.expect_rev:
            raise StaleRecord(intake_id)
    intakes.update(tx, intake_id, now, stage=d.stage, record=record, flags=d.flags)
    tx.run("set_triage", id=intake_id, triage=triage, classification=d.classification)
    if d.stats is not None:
        stats.put(tx, intake_id, d.stats)
    if d.items is not None:
        tx.run("delete_routing_items", intake_id=intake_id)
        for it in d.items:
            tx.run(
                "insert_routing_item",
                intake_id=intake_id,
                position=it.position,
                accused_index=it.accused_index,
                suggested_rule=it.suggested_rule,
                suggested_actions=",".join(it.suggested_actions),
                actions=",".join(it.actions),
                destination=it.destination,
                deadline_rule=it.deadline_rule,
                due=it.due,
                stage=it.stage,
                first_time=it.first_time,
                approval_required=it.approval_required,
                decided_by=it.decided_by,
                now=now,
                sent_stage=it.sent_stage,
                lead=it.lead,
                report_due=it.report_due,
            )
    if d.approved_by is not None:
        tx.run("approve_items", intake_id=intake_id, actor=d.approved_by, now=now)
    for position, stage in d.item_stages.items():
        tx.run("set_item_stage", intake_id=intake_id, position=position, stage=stage)
    for nd in d.set_deadlines:
        tx.run(
            "set_deadline_keep_met", intake_id=intake_id, kind=nd.kind, starts=nd.starts, due=nd.due
        )
    for kind in d.drop_deadlines:
        tx.run("drop_deadline", intake_id=intake_id, kind=kind)
    for kind in d.meet_deadlines:
        tx.run("meet_deadline", intake_id=intake_id, kind=kind, now=now)
    if d.match_keys is not None:
        intakes.replace_match_keys(tx, intake_id, d.match_keys)
    if d.items is not None:
        stats.follow_routing(tx, intake_id, d.classification, d.acceptance, now)
    trail.append(tx, intake_id, d.events, now)
    enqueue(tx, intake_id, d.deliveries, now)


def landed(
    tx: Tx, intake_id: str, item: int | None, content: str, what: str, actor: str, now: datetime
) -> NewEvent:
    """The event of one landed delivery of a routing item. When nothing but notices is left
    of ``item``, the item reaches its sent stage, and the record with it for the lead item
    (the event then names the record's move)."""
    if content == "notice":
        return NewEvent("CASE_MGMT_NOTIFIED", actor, None, None, what)
    if content == "reminder":  # a 督办函 sent: the item's stage stays where it is
        return NewEvent("SENT", actor, None, None, what)
    kind = "DELIVERED" if content == "record" else "SENT"
    if item is None:
        return NewEvent(kind, actor, None, None, what)
    left = tx.one("item_unsent_count", intake_id=intake_id, position=item)
    row = (
        tx.one("item_sent", intake_id=intake_id, position=item, actor=actor, now=now)
        if left is not None and left[0] == 0
        else None
    )
    if row is not None and row[0] == "baosong":
        # Sent up: the report-up deadline (D1, 5 working days) is met.
        tx.run("meet_deadline", intake_id=intake_id, kind="UP_REPORT", now=now)
    if row is None or not row[1]:
        return NewEvent(kind, actor, None, None, what)
    before = tx.one("load_stage", id=intake_id)
    intakes.update(tx, intake_id, now, stage=row[0])
    return NewEvent(kind, actor, before[0] if before else None, row[0], what)


def manual_deliveries(tx: Tx, *, with_sealed: bool, limit: int) -> list[ManualDelivery]:
    return [
        ManualDelivery(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
        for r in tx.all("manual_deliveries", sealed=int(with_sealed), limit=limit)
    ]


def mark_sent(tx: Tx, intake_id: str, delivery_id: str, actor: str, now: datetime) -> bool:
    """Staff sent a printed letter or cover sheet: the delivery lands, with its events."""
    row = tx.one("mark_manual_sent", id=delivery_id, intake_id=intake_id, now=now)
    if row is None:
        return False
    item, content, destination = row
    event = landed(tx, intake_id, item, content, f"{destination} id {delivery_id}", actor, now)
    trail.append(tx, intake_id, [event], now)
    return True


_ITEM_CHANGES = {
    "LOWER_ACCEPTED": "item_lower_accepted",
    "RESULT_REPORTED": "item_reported",
    "SUPERVISION_REMINDER": "item_reminded",
    "ESCALATION_APPROVED": "item_reminded",  # the leader's 督办函 counts as a 督办
    "OBJECTION": "item_objected",
}


def watched(tx: Tx, limit: int) -> list[LedgerRow]:
    return [
        LedgerRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], _item(r[6:]))
        for r in tx.all("watched_items", limit=limit)
    ]


def supervise(
    tx: Tx,
    intake_id: str,
    position: int,
    event: NewEvent,
    item_stage: str,
    record_stage: str | None,
    triage: bytes | None,
    deliveries: Sequence[NewDelivery],
    now: datetime,
) -> None:
    """One supervision step on one routing item (its stage and dates), with its event."""
    if tx.one("trail_head", id=intake_id) is None:
        raise KeyError(intake_id)
    query = _ITEM_CHANGES.get(event.type)
    if query is not None:
        tx.run(query, intake_id=intake_id, position=position, stage=item_stage, at=now)
    tx.run("item_staged", intake_id=intake_id, position=position, stage=item_stage)
    if record_stage is not None:
        intakes.update(tx, intake_id, now, stage=record_stage)
        if record_stage == "result_accepted":  # the lead 交办's result is in: concluded here
            stats.set_disposal(tx, intake_id, None, now)
    tx.run("set_triage", id=intake_id, triage=triage, classification=None)
    trail.append(tx, intake_id, [event], now)
    enqueue(tx, intake_id, deliveries, now)
