"""The statistics table as stored (issue 14): one row of codes per intake, its labels, the
key-issue catalogue and the saved topics.

Rows are written by the transaction that normalizes, routes or concludes an intake (the
callers in ``jobs``, ``store`` and ``routing`` call ``put`` and ``follow_routing`` inside their
own transaction), so the statistics never disagree with the records they count. What goes in
is decided by ``normalizer.statistics``; storage only writes the codes it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from gateway.storage.connector import Tx
from gateway.storage.intakes import SHANGHAI
from gateway.storage.values import (
    KeyIssue,
    KeyIssueVersion,
    StatCell,
    StatFilter,
    StatItem,
    StatRow,
    Topic,
)

__all__ = [
    "crosstab",
    "follow_routing",
    "items",
    "labels_of_items",
    "put",
    "put_sealed",
    "replace_tags",
    "set_disposal",
]


def _day(at: datetime) -> str:
    return at.astimezone(SHANGHAI).date().isoformat()


def put(tx: Tx, intake_id: str, row: StatRow) -> None:
    """The record's part of the row, and all its labels."""
    tx.run(
        "put_stat",
        intake_id=intake_id,
        day=row.day,
        channel=row.channel,
        origin=row.origin,
        klass=row.klass,
        repeat=int(row.repeat),
        real_name=row.real_name,
        group_visit=int(row.group_visit),
        people=row.people,
        level=row.level,
        region=row.region,
        unit=row.unit,
        taxonomy=row.taxonomy,
    )
    tx.run("drop_stat_labels", intake_id=intake_id)
    tx.many(
        "insert_stat_label",
        [{"intake_id": intake_id, "kind": k, "code": c} for k, c in row.labels],
    )


def put_sealed(tx: Tx, intake_id: str, day: str) -> None:
    tx.run("put_sealed_stat", intake_id=intake_id, day=day)
    tx.run("drop_stat_labels", intake_id=intake_id)


def replace_tags(tx: Tx, intake_id: str, tags: Sequence[str]) -> None:
    tx.run("drop_stat_labels_of_kind", intake_id=intake_id, kind="tag")
    tx.many("insert_stat_label", [{"intake_id": intake_id, "kind": "tag", "code": t} for t in tags])


def follow_routing(
    tx: Tx, intake_id: str, klass: str | None, acceptance: str | None, now: datetime
) -> None:
    """The class, acceptance and route a decision gave, from the routing items just written."""
    row = tx.one("stat_routing_facts", intake_id=intake_id)
    if row is None or row[3]:
        return  # no statistics row yet (an intake decided before normalizing) or sealed
    actions = [a for a in (row[1] or "").split(",") if a]
    tx.run(
        "set_stat_routing",
        intake_id=intake_id,
        klass=klass or row[0],
        acceptance=acceptance,
        route=actions[0] if actions else None,
        accepted_day=_day(row[2] or now) if acceptance == "ACCEPTED" else None,
    )


def set_disposal(tx: Tx, intake_id: str, disposal: str | None, concluded: datetime | None) -> None:
    tx.run(
        "set_stat_disposal",
        intake_id=intake_id,
        disposal=disposal,
        concluded_day=_day(concluded) if concluded else None,
    )


def _filters(f: StatFilter) -> dict[str, Any]:
    region_end = f.region[:-1] + chr(ord(f.region[-1]) + 1) if f.region else None
    return {
        "since": f.since.isoformat(),
        "until": f.until.isoformat(),
        "channel": f.channel,
        "origin": f.origin,
        "klass": f.klass,
        "real_name": f.real_name,
        "level": f.level,
        "acceptance": f.acceptance,
        "route": f.route,
        "disposal": f.disposal,
        "repeat": None if f.repeat is None else int(f.repeat),
        "region": f.region,
        "region_end": region_end,
        "unit": f.unit,
        "category": f.category,
        "tag": f.tag,
    }


_LABELLED = {"category", "tag"}


def crosstab(tx: Tx, dim: str, f: StatFilter, region_digits: int = 6) -> list[StatCell]:
    rows = tx.all(
        "stat_crosstab",
        dim=dim,
        label=dim if dim in _LABELLED else None,
        digits=region_digits,
        **_filters(f),
    )
    return [StatCell(r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in rows]


def sealed_count(tx: Tx, f: StatFilter) -> int:
    row = tx.one("stat_sealed_count", since=f.since.isoformat(), until=f.until.isoformat())
    return int(row[0]) if row else 0


def items(tx: Tx, f: StatFilter, limit: int, offset: int) -> tuple[list[StatItem], int]:
    rows = tx.all("stat_items", limit=limit, offset=offset, **_filters(f))
    found = [
        StatItem(
            intake_id=r[0],
            intake_no=r[1],
            day=r[2],
            channel=r[3],
            klass=r[4],
            repeat=bool(r[5]),
            level=r[6],
            region=r[7],
            unit=r[8],
            acceptance=r[9],
            route=r[10],
            disposal=r[11],
        )
        for r in rows
    ]
    return found, (int(rows[0][12]) if rows else 0)


def labels_of_items(tx: Tx, intake_ids: Sequence[str], kind: str) -> dict[str, list[str]]:
    """One short query per item in one transaction: a page of items is at most a few
    thousand, and a list parameter would need SQL per dialect."""
    out: dict[str, list[str]] = {}
    for intake_id in intake_ids:
        codes = [r[1] for r in tx.all("stat_labels_of", intake_id=intake_id) if r[0] == kind]
        if codes:
            out[intake_id] = codes
    return out


def row_of(tx: Tx, intake_id: str) -> tuple[Any, ...] | None:
    """The stored row and its labels, for tests and the consistency check."""
    row = tx.one("stat_row", intake_id=intake_id)
    if row is None:
        return None
    return (*row, tuple(tuple(x) for x in tx.all("stat_labels_of", intake_id=intake_id)))


# -- 重点问题目录 and 专题分析 -----------------------------------------------------------------


def catalogue_versions(tx: Tx) -> list[KeyIssueVersion]:
    return [KeyIssueVersion(*r) for r in tx.all("key_issue_versions")]


def catalogue(tx: Tx, version: int) -> list[KeyIssue]:
    return [
        KeyIssue(r[0], r[1], tuple(k for k in r[2].split("\n") if k), r[3], r[4])
        for r in tx.all("key_issues_of", version=version)
    ]


def new_catalogue(
    tx: Tx, issues: Sequence[KeyIssue], note: str | None, actor: str, now: datetime
) -> int:
    """A new version of the whole catalogue; re-tagging past items starts from the first."""
    row = tx.one("insert_key_issue_version", note=note, actor=actor, now=now)
    assert row is not None
    version = int(row[0])
    tx.many(
        "insert_key_issue",
        [
            {
                "version": version,
                "code": k.code,
                "title": k.title,
                "keywords": "\n".join(k.keywords),
                "valid_from": k.valid_from,
                "valid_to": k.valid_to,
            }
            for k in issues
        ],
    )
    tx.notify("key_issues")
    return version


def retag_pending(tx: Tx) -> tuple[int, str] | None:
    row = tx.one("retag_pending")
    return (int(row[0]), row[1] or "") if row else None


def rebuild(
    tx: Tx,
    intake_id: str,
    row: StatRow,
    *,
    sealed: bool,
    acceptance: str | None,
    disposal: str | None,
    concluded: datetime | None,
    now: datetime,
) -> None:
    """One intake's row from scratch: the record's part, what routing and the processing
    system said (``rebuild-statistics`` after an upgrade or a restore)."""
    if sealed:
        put_sealed(tx, intake_id, row.day)
        return
    put(tx, intake_id, row)
    follow_routing(tx, intake_id, None, acceptance, now)
    if disposal is not None or concluded is not None:
        set_disposal(tx, intake_id, disposal, concluded)


def intake_ids_after(tx: Tx, after: str, limit: int) -> list[str]:
    return [r[0] for r in tx.all("intake_ids_after", after=after, limit=limit)]


def retag_batch(tx: Tx, after: str, limit: int) -> list[str]:
    return [r[0] for r in tx.all("retag_batch", after=after, limit=limit)]


def retag_progress(tx: Tx, version: int, after: str) -> None:
    tx.run("retag_progress", version=version, after=after)


def retag_done(tx: Tx, version: int, now: datetime) -> None:
    tx.run("retag_done", version=version, now=now)


def topics(tx: Tx) -> list[Topic]:
    return [Topic(*r) for r in tx.all("topics")]


def add_topic(tx: Tx, topic: Topic) -> None:
    tx.run(
        "insert_topic",
        id=topic.id,
        title=topic.title,
        filters=topic.filters,
        actor=topic.created_by,
        now=topic.created_at,
    )


def delete_topic(tx: Tx, topic_id: str) -> bool:
    return tx.run("delete_topic", id=topic_id) == 1
