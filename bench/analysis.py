"""Benchmark: the 综合分析 page's queries on 1,000,000 statistics rows (issue 14).

A throw-away SQLite file and a throw-away PostgreSQL cluster (``tests/pg.py``), each migrated
by the gateway, then filled straight with SQL (one generated row set, executemany on SQLite,
COPY on PostgreSQL): 1,000,000 ``stats`` rows over three years of received days, their
``intakes`` rows (the drill-down joins them for the number) and about 3.5 labels a row
(1–2 categories, every accused's region and unit). Then, on each engine, through the Store
the page uses:

    baseline      SELECT count(*) FROM stats WHERE day in the period (the floor of any scan)
    crosstab      Store.crosstab for each dimension over a month, a quarter and a year
    table         Analysis.table (period, previous period, same period last year, totals,
                  sealed count: what one table on the page costs)
    items         Store.stat_items drill-down pages (first and 20th, unfiltered and by region)

p50 and p99 in milliseconds per query, and each cross-tab's p50 as a ratio to the baseline of
its period measured in the same run. Target: every cross-tab under 1 s.
Run: .venv/bin/python bench/analysis.py [rows] [repeats] [arrival|random]
(``random``: intake ids independent of received days, the worst case for the label joins.)
"""

from __future__ import annotations

import asyncio
import io
import os
import pathlib
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import date, timedelta
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import psycopg

from bench.harness import pct
from gateway.analysis import Analysis, Period, Query
from gateway.crypto import generate_key_line, parse_keyring
from gateway.storage import StatFilter, Store, open_store, sqlite_path
from normalizer.extraction.categories import CATEGORY_LABELS
from normalizer.regions import _table as region_table
from tests.pg import PgCluster

FIRST_DAY = date(2024, 1, 1)
DAYS = 3 * 366
CHANNELS = ["letter", "visit", "web", "phone"]
CLASSES = ["检举控告"] * 6 + ["申诉", "批评建议", "业务范围外", "无实质内容"]
LEVELS = ["COUNTY_DIVISION", "TOWNSHIP_SECTION", "GENERAL_CADRE", "VILLAGE_COMMUNITY", "BUREAU"]
ACCEPTANCE = ["ACCEPTED", "ACCEPTED", "PASSED_ON", "NOT_ACCEPTED", None]
ROUTES = ["ZHUANSONG_DOWN", "JIAOBAN_DOWN", "REGISTER_AND_FILE", "INFORM_COMPLAINANT", None]
DISPOSALS = ["谈话函询", "初步核实", "暂存待查", "予以了结", "移送审查调查", None, None]
REAL_NAME = ["ANONYMOUS", "SIGNED_UNVERIFIED", "REAL_NAME_CONFIRMED"]
DIMS = ["channel", "class", "level", "region", "unit", "category", "acceptance", "disposal"]
PERIODS = {"month": "2026-06", "quarter": "2026Q2", "year": "2025"}

Row = tuple[Any, ...]


def generate(n: int, arrival: bool = True) -> tuple[list[Row], list[Row], list[Row]]:
    """intakes, stats and stat_labels rows; seeded, so both engines hold the same data.
    ``arrival``: intake ids (and so the order rows are written in) follow the received day,
    as they do in an office; without it ids are independent of days, the worst case for the
    label joins."""
    rng = random.Random(14)
    ordered = sorted(rng.randrange(DAYS) for _ in range(n)) if arrival else None
    counties = sorted(c for c in region_table()[0] if len(c) == 6 and c.startswith(("32", "33")))
    units = [f"某某{k}局" for k in range(1500)] + [f"某某{k}镇人民政府" for k in range(500)]
    categories = sorted(CATEGORY_LABELS)
    intakes: list[Row] = []
    stats: list[Row] = []
    labels: list[Row] = []
    for i in range(n):
        intake_id = f"{i:012d}"
        offset = ordered[i] if ordered is not None else rng.randrange(DAYS)
        day = (FIRST_DAY + timedelta(days=offset)).isoformat()
        channel = rng.choice(CHANNELS)
        group = channel == "visit" and rng.random() < 0.1
        sealed = int(rng.random() < 0.002)
        intakes.append((intake_id, f"W{i:014d}", channel, f"{day}T02:00:00+00:00"))
        if sealed:
            stats.append((intake_id, day, 1, *([None] * 5), 0, 0, 0, *([None] * 5)))
            continue
        region = rng.choice(counties) if rng.random() < 0.9 else None
        unit = rng.choice(units) if rng.random() < 0.8 else None
        stats.append(
            (
                intake_id,
                day,
                0,
                channel,
                "self",
                rng.choice(CLASSES),
                rng.choice(REAL_NAME),
                rng.choice(LEVELS),
                int(rng.random() < 0.15),
                int(group),
                (rng.randint(5, 30) if group else 1) if channel == "visit" else 0,
                region,
                unit,
                rng.choice(ACCEPTANCE),
                rng.choice(ROUTES),
                rng.choice(DISPOSALS),
            )
        )
        for code in rng.sample(categories, rng.choice((1, 2))):
            labels.append((intake_id, "category", code))
        if region:
            labels.append((intake_id, "region", region))
        if unit:
            labels.append((intake_id, "unit", unit))
    return intakes, stats, labels


_STATS_COLUMNS = (
    "intake_id, day, sealed, channel, origin, class, real_name, level, repeat, group_visit, "
    "people, region, unit, acceptance, route, disposal"
)


def fill_sqlite(path: pathlib.Path, data: tuple[list[Row], list[Row], list[Row]]) -> None:
    intakes, stats, labels = data
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA foreign_keys = OFF")
    with db:
        db.executemany(
            "INSERT INTO intakes (id, intake_no, channel, received_at, stage, status, raw, "
            "updated_at) VALUES (?, ?, ?, ?, 'queued', 'received', x'', ?4)",
            intakes,
        )
        db.executemany(f"INSERT INTO stats ({_STATS_COLUMNS}) VALUES ({','.join('?' * 16)})", stats)
        db.executemany("INSERT INTO stat_labels (intake_id, kind, code) VALUES (?, ?, ?)", labels)
    db.execute("ANALYZE")
    db.close()


def fill_postgres(url: str, data: tuple[list[Row], list[Row], list[Row]]) -> None:
    intakes, stats, labels = data
    with psycopg.connect(url) as db, db.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # no FK triggers while filling
        with cur.copy(
            "COPY intakes (id, intake_no, channel, received_at, stage, status, raw, updated_at) "
            "FROM STDIN"
        ) as copy:
            for r in intakes:
                copy.write_row((*r, "queued", "received", b"", r[3]))
        with cur.copy(f"COPY stats ({_STATS_COLUMNS}) FROM STDIN") as copy:
            for r in stats:
                copy.write_row(r)
        with cur.copy("COPY stat_labels (intake_id, kind, code) FROM STDIN") as copy:
            for r in labels:
                copy.write_row(r)
        db.commit()
        db.autocommit = True
        cur.execute("VACUUM ANALYZE")


Timing = tuple[str, list[float]]


async def timed(name: str, repeats: int, call: Callable[[], Awaitable[Any]]) -> Timing:
    await call()  # warm: the first run reads the pages from disk
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - t0)
    return name, sorted(samples)


def _periods() -> Iterator[tuple[str, Period]]:
    for kind, text in PERIODS.items():
        yield kind, Period.parse(text)


def counter(url: str) -> Callable[[str, str], int]:
    """The baseline, straight through the driver: count the period's rows."""
    sql = "SELECT count(*) FROM stats WHERE day >= {0} AND day < {0}"
    path = sqlite_path(url)
    if path is not None:
        lite = sqlite3.connect(path, check_same_thread=False)
        return lambda a, b: int(lite.execute(sql.format("?"), (a, b)).fetchone()[0])
    pg = psycopg.connect(url, autocommit=True)

    def count(a: str, b: str) -> int:
        row = pg.execute(sql.format("%s"), (a, b)).fetchone()
        return int(row[0]) if row else 0

    return count


async def measure(store: Store, url: str, repeats: int) -> list[Timing]:
    analysis = Analysis(store)
    count = counter(url)
    out: list[Timing] = []
    for kind, p in _periods():
        since, until = p.since.isoformat(), p.until.isoformat()

        async def baseline(since: str = since, until: str = until) -> int:
            return await asyncio.to_thread(count, since, until)

        out.append(await timed(f"baseline count {kind}", repeats, baseline))
        f = StatFilter(p.since, p.until)
        for dim in DIMS:
            out.append(
                await timed(
                    f"crosstab {dim} {kind}",
                    repeats,
                    lambda dim=dim, f=f: store.crosstab(dim, f, 6),  # type: ignore[misc]
                )
            )
        narrowed = StatFilter(p.since, p.until, region="3201")
        out.append(
            await timed(
                f"crosstab category|region=3201 {kind}",
                repeats,
                lambda f=narrowed: store.crosstab("category", f, 6),  # type: ignore[misc]
            )
        )
        for dim in ("channel", "region", "category"):
            out.append(
                await timed(
                    f"table {dim} {kind}",
                    max(3, repeats // 2),
                    lambda dim=dim, p=p: analysis.table(  # type: ignore[misc]
                        Query(dim, p, StatFilter(p.since, p.until))
                    ),
                )
            )
    month = Period.parse(PERIODS["month"])
    plain = StatFilter(month.since, month.until)
    by_region = StatFilter(month.since, month.until, region="3201")
    for name, f, offset in (
        ("items month p1", plain, 0),
        ("items month p20", plain, 950),
        ("items month region p1", by_region, 0),
        (
            "items year category p1",
            StatFilter(date(2025, 1, 1), date(2026, 1, 1), category="贪污贿赂行为"),
            0,
        ),
    ):
        out.append(
            await timed(name, repeats, lambda f=f, o=offset: store.stat_items(f, 50, o))  # type: ignore[misc]
        )
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    arrival = (sys.argv[3] if len(sys.argv) > 3 else "arrival") == "arrival"
    keyring = parse_keyring(generate_key_line())
    t0 = time.perf_counter()
    data = generate(n, arrival)
    print(
        f"rows {len(data[1])}, labels {len(data[2])}, "
        f"{'arrival' if arrival else 'random'} order, {os.cpu_count()} cores; "
        f"generated in {time.perf_counter() - t0:.1f} s"
    )
    results: dict[str, list[Timing]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "bench.sqlite3"
        asyncio.run(_migrate(f"sqlite:///{path}", keyring))
        t0 = time.perf_counter()
        fill_sqlite(path, data)
        print(f"sqlite filled in {time.perf_counter() - t0:.1f} s")
        results["sqlite"] = asyncio.run(_run(f"sqlite:///{path}", keyring, repeats))
    cluster = PgCluster.create()
    try:
        with cluster.database() as url:
            asyncio.run(_migrate(url, keyring))
            t0 = time.perf_counter()
            fill_postgres(url, data)
            print(f"postgres filled in {time.perf_counter() - t0:.1f} s")
            results["postgres"] = asyncio.run(_run(url, keyring, repeats))
    finally:
        cluster.destroy()
    _print(results)


async def _migrate(url: str, keyring: Any) -> None:
    store = await open_store(url, keyring)
    await store.close()


async def _run(url: str, keyring: Any, repeats: int) -> list[Timing]:
    store = await open_store(url, keyring)
    try:
        return await measure(store, url, repeats)
    finally:
        await store.close()


def _print(results: dict[str, list[Timing]]) -> None:
    out = io.StringIO()
    engines = list(results)
    out.write(f"{'query':<40}" + "".join(f"{e + ' p50/p99 ms':>24}{'x base':>8}" for e in engines))
    out.write("\n")
    missed = []
    for index, (name, _) in enumerate(results[engines[0]]):
        kind = name.rsplit(" ", 1)[-1]
        out.write(f"{name:<40}")
        for e in engines:
            samples = results[e][index][1]
            base = (
                next(s for n, s in results[e] if n == f"baseline count {kind}")
                if kind in PERIODS
                else None
            )
            p50, p99 = pct(samples, 0.5), pct(samples, 0.99)
            ratio = f"{p50 / pct(base, 0.5):8.1f}" if base else f"{'':>8}"
            out.write(f"{p50:11.1f} /{p99:10.1f}{ratio}")
            if name.startswith("crosstab") and p99 >= 1000:
                missed.append(f"{e} {name}")
        out.write("\n")
    out.write(
        "every cross-tab under 1 s: "
        + ("yes" if not missed else "NO — " + ", ".join(missed))
        + "\n"
    )
    print(out.getvalue(), end="")


if __name__ == "__main__":
    main()
