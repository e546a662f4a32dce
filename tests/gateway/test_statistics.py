"""综合分析 statistics (issue 14): the counting rules, the table on both engines, and a corpus
of a few thousand intakes whose statistics equal what their records say.

The corpus goes through the real gateway (intake, workers, normalizer, 研判 suggestion and
the system's own R7 decisions) and the answer is read over HTTP from
``GET /api/v1/statistics``; the expected figures are counted straight from the decrypted
records and the generator's own ground truth (the accused's region code).
"""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
import pytest

from channels.contract import Upload
from gateway.analysis import Analysis, Period, parse_query
from gateway.app import INTAKE, STORE, statistics_service
from gateway.settings import Settings
from gateway.storage import NewIntake, StatRow, Store
from normalizer.errors import InvalidInput
from normalizer.record import (
    AccusedInput,
    Channel,
    Complainant,
    ComplainantInput,
    ComplaintRecord,
    Content,
    IdentityClaim,
    LetterIntake,
    Provenance,
    RealName,
    ReporterKind,
    VisitIntake,
    Visitor,
    WebIntake,
)
from normalizer.record import Flag as RecordFlag
from normalizer.regions import region_code
from normalizer.statistics import CountingRules, acceptance_of, facts_of
from normalizer.triage import facts_from_record, suggest_classification
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine, query
from tests.gateway.test_callbacks import TOKEN, handed_over_record
from tests.gateway.test_handover import ASSIGNED
from tests.gateway.test_routing import _setup as routing_setup
from tests.gateway.test_submit import COMPLAINT
from tests.identity import make_id
from tests.staff.test_browser import _png

engine = every_engine

# -- the counting rules, one test each ---------------------------------------------------------


def _record(**changes: Any) -> ComplaintRecord:
    base = ComplaintRecord(
        record_id="r1",
        intake_no="W1",
        channel=Channel.WEB,
        received_at=datetime(2026, 11, 3, 2, 0, tzinfo=UTC),
        provenance=Provenance(source="web"),
        complainant=Complainant(kind=ReporterKind.ANONYMOUS),
        content=Content(text="反映问题"),
        real_name=RealName(status=IdentityClaim.ANONYMOUS),
    )
    return msgspec.structs.replace(base, **changes)


def test_a_repeat_is_a_report_but_no_new_matter() -> None:
    repeat = _record(flags=[RecordFlag(code="possible_repeat", reason="可能为重复检举控告")])
    assert facts_of(repeat, klass="检举控告").repeat
    assert not facts_of(_record(), klass="检举控告").repeat
    # Configurable: an office that counts every repeat as a new matter.
    assert not facts_of(
        repeat, klass="检举控告", rules=CountingRules(repeat_is_new_matter=True)
    ).repeat


def test_a_group_visit_is_one_batch_of_n_people_and_a_group_from_five() -> None:
    def visit(n: int) -> ComplaintRecord:
        return _record(
            channel=Channel.VISIT,
            complainant=Complainant(kind=ReporterKind.PERSON, is_group=n > 1, group_size=n),
        )

    six, four = facts_of(visit(6), klass=None), facts_of(visit(4), klass=None)
    assert (six.people, six.group_visit) == (6, True)
    assert (four.people, four.group_visit) == (4, False)
    assert facts_of(visit(4), klass=None, rules=CountingRules(group_visit_min=3)).group_visit
    assert facts_of(_record(), klass=None).people == 0  # 人次 count visits only


def test_days_are_received_days_in_beijing_time() -> None:
    late = _record(received_at=datetime(2026, 3, 31, 16, 30, tzinfo=UTC))
    assert facts_of(late, klass=None).day == "2026-04-01"


def test_classes_stay_apart_and_only_reports_have_an_acceptance() -> None:
    assert acceptance_of("检举控告", ["YISONG_INTERNAL", "NOTIFY_CASE_MGMT"]) == "ACCEPTED"
    assert acceptance_of("检举控告", ["JIAOBAN_DOWN"]) == "PASSED_ON"
    assert acceptance_of("业务范围外", ["INFORM_COMPLAINANT"]) == "NOT_ACCEPTED"
    assert acceptance_of("无实质内容", ["REGISTER_AND_FILE"]) == "NOT_ACCEPTED"
    assert acceptance_of("申诉", []) is None and acceptance_of("批评建议", []) is None


def test_the_accused_are_counted_by_code_and_a_reporters_words_never_enter() -> None:
    record = _record(
        accused=[],
        content=Content(text="x", categories_reported=["我叫张三电话13812345678"]),
    )
    facts = facts_of(record, klass=None)
    assert facts.labels == ()  # a free-text "category" is not a category of the taxonomy
    assert region_code("南京市玄武区住房和城乡建设局") is not None
    assert region_code("鼓楼区") is None  # four provinces have one: no guess


def test_periods_and_their_comparisons() -> None:
    q = parse_query({"period": "2026Q1"}, date(2026, 12, 2))
    assert (q.period.since, q.period.until) == (date(2026, 1, 1), date(2026, 4, 1))
    assert q.period.previous().name == "2025Q4"
    assert q.period.year_before().name == "2025Q1"
    assert Period.parse("2026-03").previous().name == "2026-02"
    with pytest.raises(InvalidInput) as bad:
        parse_query({"period": "2026-13"}, date(2026, 12, 2))
    assert "月份" in bad.value.message_zh
    with pytest.raises(InvalidInput):
        parse_query({"dim": "name"}, date(2026, 12, 2))  # no such dimension, and never names


# -- the table on both engines -----------------------------------------------------------------


def _row(day: str, **changes: Any) -> StatRow:
    return StatRow(**{"day": day, "channel": "web", "klass": "检举控告", **changes})


async def _put(store: Store, rows: list[StatRow]) -> None:
    """Statistics rows for intakes that exist (the table refers to them)."""
    for i, row in enumerate(rows):
        receipt = await store.submit(_new_intake(f"k{i}-{row.day}"))
        await store.put_stat(receipt.intake_id, row)


def _new_intake(key: str) -> NewIntake:
    return NewIntake(
        channel="web", raw=b"{}", originals=[], actor="test", idempotency_key=key, first_job="none"
    )


async def test_crosstabs_count_reports_matters_batches_people_and_groups(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    store: Store = client.app[STORE]
    await _put(
        store,
        [
            _row(
                "2026-11-03",
                region="320102",
                labels=(("category", "违反廉洁纪律行为"), ("region", "320102")),
            ),
            _row("2026-11-04", region="320102", repeat=True, labels=(("region", "320102"),)),
            _row(
                "2026-11-05",
                region="320506",
                labels=(
                    ("category", "违反廉洁纪律行为"),
                    ("category", "贪污贿赂行为"),
                    ("region", "320506"),
                ),
            ),
            StatRow(
                day="2026-11-06", channel="visit", klass="检举控告", people=7, group_visit=True
            ),
            StatRow(day="2026-11-07", channel="visit", klass="检举控告", people=2),
            _row("2026-11-08", klass="业务范围外"),
            _row("2026-10-20"),  # the previous month
            _row("2025-11-11"),
            _row("2025-11-12"),  # the same month a year before
            _row("2026-12-01"),  # after the period
        ],
    )
    analysis = Analysis(store)
    table = await analysis.table(
        parse_query({"period": "2026-11", "dim": "channel"}, date(2026, 12, 2))
    )
    by = {r.key: r for r in table.rows}
    assert (by["web"].reports, by["web"].matters, by["web"].batches) == (4, 3, 0)
    assert (
        by["visit"].reports,
        by["visit"].batches,
        by["visit"].people,
        by["visit"].group_visits,
    ) == (2, 2, 9, 1)
    assert (table.total.reports, table.total.previous, table.total.last_year) == (6, 1, 2)
    assert table.total.change == 5.0 and table.total.change_year == 2.0

    classes = await analysis.table(
        parse_query({"period": "2026-11", "dim": "class"}, date(2026, 12, 2))
    )
    assert {r.key: r.reports for r in classes.rows} == {"检举控告": 5, "业务范围外": 1}

    # A region filter is a prefix of the code: 32 is the province, 3201 南京市.
    for prefix, n in (("32", 3), ("3201", 2), ("320506", 1), ("11", 0)):
        f = parse_query({"period": "2026-11", "region": prefix}, date(2026, 12, 2)).filters
        assert sum(c.reports for c in await store.crosstab("year", f)) == n
    cities = await analysis.table(
        parse_query(
            {"period": "2026-11", "dim": "region", "region_level": "prefecture"}, date(2026, 12, 2)
        )
    )
    assert {r.label: r.reports for r in cities.rows if r.key} == {
        "江苏省南京市": 2,
        "江苏省苏州市": 1,
    }

    # A report may have several categories: the rows overlap, the total does not.
    cats = await analysis.table(
        parse_query({"period": "2026-11", "dim": "category"}, date(2026, 12, 2))
    )
    assert {r.key: r.reports for r in cats.rows if r.key} == {
        "违反廉洁纪律行为": 2,
        "贪污贿赂行为": 1,
    }
    assert cats.multi_valued and cats.total.reports == 6

    # The drill-down lists exactly the items of a cell.
    f = parse_query(
        {"period": "2026-11", "category": "违反廉洁纪律行为"}, date(2026, 12, 2)
    ).filters
    items, total = await store.stat_items(f)
    assert total == 2 and {i.day for i in items} == {"2026-11-03", "2026-11-05"}


async def test_the_api_answers_in_json_and_refuses_bad_queries_in_chinese(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    headers = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    ok = await client.get("/api/v1/statistics?period=2026Q4&dim=level", headers=headers)
    assert ok.status == 200
    body = await ok.json()
    assert body["period"] == {
        "name": "2026Q4",
        "label": "2026年第4季度",
        "from": "2026-10-01",
        "to": "2027-01-01",
    }
    assert body["dimension_label"] == "被反映人级别" and body["total"]["reports"] == 0
    bad = await client.get("/api/v1/statistics?period=26Q9", headers=headers)
    assert bad.status == 422 and "统计期" in (await bad.json())["message_zh"]
    assert (await client.get("/api/v1/statistics")).status == 401
    clerk = {"Authorization": f"Bearer {await api_key(client, settings, 'clerk')}"}
    assert (await client.get("/api/v1/statistics", headers=clerk)).status == 403


# -- a corpus through the whole gateway --------------------------------------------------------

UNITS = [  # unit, position, GB/T 2260 code the statistics must find
    ("南京市玄武区住房和城乡建设局", "局长", "320102"),
    ("南京市鼓楼区卫生健康委员会", "副主任", "320106"),
    ("苏州市吴中区交通运输局", "科长", "320506"),
    ("无锡市滨湖区教育局", "副局长", "320211"),
    ("徐州市铜山区某镇人民政府", "镇长", "320312"),
]
ACTS = [
    "收受工程老板现金五万元",
    "多次用公款吃喝",
    "违规收受礼金",
    "在干部提拔中跑官要官",
    "工作中推诿扯皮，群众反映强烈",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def _corpus(n_web: int, n_visit: int, seed: int) -> tuple[list[Any], dict[int, str]]:
    """Intakes and, by index, the region code of each one's first accused."""
    rnd = random.Random(seed)
    out: list[Any] = []
    regions: dict[int, str] = {}
    people = [
        (
            rnd.choice(SURNAMES) + rnd.choice("明华强军伟芳娜敏静丽"),
            make_id("320102", f"19{rnd.randint(50, 99)}0101", k),
            f"139{rnd.randint(10**7, 10**8 - 1)}",
        )
        for k in range(200)
    ]
    for i in range(n_web + n_visit):
        unit, position, code = rnd.choice(UNITS)
        accused = AccusedInput(
            name=rnd.choice(SURNAMES[:4]) + rnd.choice(["建国", "卫东", "志强"]),
            unit=unit,
            position=position,
        )
        text = f"反映{unit}{position}{accused.name}{rnd.choice(ACTS)}。"
        regions[i] = code
        if i < n_web:
            if rnd.random() < 0.5:
                name, idn, phone = rnd.choice(people[:40])  # few people: repeats happen
                who = ComplainantInput(
                    kind=ReporterKind.PERSON, name=name, id_number=idn, phone=phone
                )
            else:
                who = ComplainantInput(kind=ReporterKind.ANONYMOUS)
            out.append(WebIntake(complainant=who, accused=[accused], main_problem=text))
        else:
            size = rnd.choice([1, 1, 2, 3, 5, 6, 8])
            visitors = [
                Visitor(
                    name=p[0], id_number=p[1], id_checked=True, phone=p[2], representative=size > 1
                )
                for p in rnd.sample(people, min(size, 5))
            ]
            out.append(
                VisitIntake(
                    visitors=visitors,
                    group_size=size if size > 1 else None,
                    accused=[accused],
                    matter=text,
                    entered_by="clerk:desk1",
                )
            )
    return out, regions


@pytest.mark.parametrize("engine", ["sqlite"])
async def test_the_statistics_of_a_corpus_equal_what_its_records_say(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    store: Store = client.app[STORE]
    intakes, regions = _corpus(1500, 500, seed=14)
    numbers: dict[str, int] = {}
    for i, raw in enumerate(intakes):
        receipt = await client.app[INTAKE].submit(raw, [], actor="test")
        numbers[receipt.intake_no] = i
    sealed = 0
    for _ in range(12):  # marked at the scanning station: the sealed path, counted only
        await client.app[INTAKE].submit(
            LetterIntake(station_id="s1", sealed="higher_level"),
            [Upload(_png(), "image/png", role="page")],
            actor="station:s1",
        )
        sealed += 1

    async def all_normalized() -> bool:
        stages = (await store.counts())["stage"]
        return not {"received", "text_extracted"} & {s for s, n in stages.items() if n}

    await wait_for(all_normalized, within=300, interval=0.5)

    # Expected, straight from the records.
    want: dict[str, Counter[Any]] = {
        k: Counter()
        for k in (
            "channel",
            "matters",
            "people",
            "groups",
            "batches",
            "real_name",
            "region",
            "category",
            "class",
            "acceptance",
        )
    }
    for number, i in numbers.items():
        intake_id = await store.find_intake_no(number)
        assert intake_id is not None
        intake = await store.load(intake_id)
        assert intake is not None and intake.record is not None
        rec = msgspec.json.decode(intake.record, type=ComplaintRecord)
        ch = rec.channel.value
        want["channel"][ch] += 1
        want["matters"][ch] += not any(f.code == "possible_repeat" for f in rec.flags)
        if ch == "visit":
            n = rec.complainant.group_size or 1
            want["batches"][ch] += 1
            want["people"][ch] += n
            want["groups"][ch] += n >= 5
        want["real_name"][rec.real_name.status.value] += 1
        want["region"][regions[i]] += 1
        for c in set(rec.content.categories_reported or rec.content.categories_suggested):
            want["category"][c] += 1
        items = await store.routing_items(intake_id)
        want["class"][intake.classification or _suggested_class(rec)] += 1
        want["acceptance"][
            acceptance_of(intake.classification, [a for it in items for a in it.actions])
            if items
            else None
        ] += 1

    headers = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    today = datetime.now(UTC) + timedelta(hours=8)
    span = f"from={(today - timedelta(days=2)).date()}&to={(today + timedelta(days=2)).date()}"

    async def got(dim: str, extra: str = "") -> dict[Any, dict[str, Any]]:
        resp = await client.get(f"/api/v1/statistics?dim={dim}&{span}{extra}", headers=headers)
        assert resp.status == 200, await resp.text()
        body = await resp.json()
        return {
            "sealed": body["sealed"],
            "total": body["total"],
            **{r["key"]: r for r in body["rows"]},
        }

    channels = await got("channel")
    assert channels["sealed"] == sealed
    for ch in ("web", "visit"):
        assert channels[ch]["reports"] == want["channel"][ch]
        assert channels[ch]["matters"] == want["matters"][ch]
    assert want["matters"]["web"] < want["channel"]["web"]  # the corpus has repeats
    assert (
        channels["visit"]["batches"],
        channels["visit"]["people"],
        channels["visit"]["group_visits"],
    ) == (want["batches"]["visit"], want["people"]["visit"], want["groups"]["visit"])
    assert channels["total"]["reports"] == len(numbers)

    names = await got("real_name")
    assert {k: v["reports"] for k, v in names.items() if k not in ("sealed", "total")} == dict(
        want["real_name"]
    )
    counties = await got("region", "&region_level=county")
    assert {k: v["reports"] for k, v in counties.items() if k not in ("sealed", "total")} == dict(
        want["region"]
    )
    cats = await got("category")
    assert {k: v["reports"] for k, v in cats.items() if k not in ("sealed", "total", None)} == dict(
        want["category"]
    )
    classes = await got("class")
    assert {k: v["reports"] for k, v in classes.items() if k not in ("sealed", "total")} == dict(
        want["class"]
    )
    accepted = await got("acceptance")
    assert {k: v["reports"] for k, v in accepted.items() if k not in ("sealed", "total")} == dict(
        want["acceptance"]
    )

    # No identity and no content in the statistics tables: every name, number and act of
    # the corpus is searched for in every column.
    dumped = " ".join(
        str(v)
        for table in ("stats", "stat_labels")
        for row in query(settings, f"SELECT * FROM {table}")
        for v in row
    )
    secrets = set()
    for raw in intakes:
        if isinstance(raw, WebIntake):
            secrets |= {
                raw.complainant.name,
                raw.complainant.id_number,
                raw.complainant.phone,
                raw.main_problem,
            }
        else:
            secrets |= {v for p in raw.visitors for v in (p.name, p.id_number, p.phone)} | {
                raw.matter
            }
        secrets |= {a.name for a in raw.accused}
    secrets |= set(ACTS)
    leaked = sorted(s for s in secrets if s and s in dumped)
    assert leaked == []


def _suggested_class(rec: ComplaintRecord) -> str:
    return suggest_classification(facts_from_record(rec)).value.value


@pytest.mark.parametrize("engine", ["sqlite"])
async def test_rebuilding_the_statistics_gives_the_same_rows(
    make_client: MakeClient, settings: Settings
) -> None:
    """After an upgrade from a version without statistics, ``rebuild-statistics`` writes the
    rows every step would have written."""
    client = await make_client()
    store: Store = client.app[STORE]
    intakes, _ = _corpus(60, 20, seed=3)
    for raw in intakes:
        await client.app[INTAKE].submit(raw, [], actor="test")
    await client.app[INTAKE].submit(
        LetterIntake(station_id="s1", sealed="higher_level"),
        [Upload(_png(), "image/png", role="page")],
        actor="station:s1",
    )

    async def all_normalized() -> bool:
        stages = (await store.counts())["stage"]
        return not {"received", "text_extracted"} & {s for s, n in stages.items() if n}

    await wait_for(all_normalized, within=60, interval=0.2)
    dump = "SELECT * FROM stats ORDER BY intake_id"
    labels = "SELECT * FROM stat_labels ORDER BY intake_id, kind, code"
    before = (query(settings, dump), query(settings, labels))
    assert len(before[0]) == 81
    conn = sqlite3.connect(settings.db_path)
    with conn:
        conn.execute("DELETE FROM stat_labels")
        conn.execute("DELETE FROM stats")
    conn.close()
    assert await statistics_service(settings, store).rebuild(batch=7) == 81
    after = (query(settings, dump), query(settings, labels))
    assert after == before


async def test_decisions_approvals_and_callbacks_move_the_statistics(
    make_client: MakeClient, settings: Settings
) -> None:
    """A staff decision and the leader's approval reach the statistics row in their commits."""
    api, store = await routing_setup(
        make_client, dataclasses.replace(settings, callback_token=TOKEN)
    )
    number = await api.submit(
        {**COMPLAINT, "accused": [{"name": "李明", "unit": "某县某镇人民政府", "position": "镇长"}]}
    )
    await api.worked(number)
    intake_id = await store.find_intake_no(number) or ""

    async def stat() -> dict[str, Any]:
        row = await store.stat_row(intake_id)
        assert row is not None
        keys = ("day", "sealed", "channel", "origin", "klass", "repeat", "real_name")
        keys += ("group_visit", "people", "level", "region", "unit", "taxonomy", "acceptance")
        keys += ("route", "disposal", "accepted_day", "concluded_day", "labels")
        return dict(zip(keys, row, strict=True))

    assert (await stat())["acceptance"] is None  # waiting for a decision
    down = {"classification": "检举控告", "items": [{"accused": 0, "actions": ["ZHUANSONG_DOWN"]}]}
    assert (await api.post(number, "decision", down, "reviewer")).status == 200
    assert (await stat())["acceptance"] is None  # 转送 waits for the leader's approval
    assert (await api.post(number, "approval", {"approved": True}, "leader")).status == 200
    row = await stat()
    assert (row["klass"], row["acceptance"], row["route"]) == (
        "检举控告",
        "PASSED_ON",
        "ZHUANSONG_DOWN",
    )


async def test_the_processing_systems_conclusion_reaches_the_statistics(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    other, other_id = await handed_over_record(client)
    store: Store = client.app[STORE]
    cb = {"Authorization": f"Bearer {TOKEN}"}
    events = f"/api/v1/records/{other}/events"
    assert (await client.post(events, json={"event": "accepted"}, headers=cb)).status == 200
    done = {"event": "concluded", "disposal": "初步核实", "result": "经初步核实，部分属实"}
    assert (await client.post(events, json=done, headers=cb)).status == 200
    row = await store.stat_row(other_id)
    assert row is not None and row[13:16] == ("ACCEPTED", "YISONG_INTERNAL", "初步核实")
    assert row[17] is not None  # concluded day


async def test_handed_over_items_are_counted_apart_from_this_levels_own(
    make_client: MakeClient, settings: Settings
) -> None:
    """本级受理 and 上级交办 stay apart (the origin comes with the handover, in clear)."""
    client = await make_client()
    store: Store = client.app[STORE]
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    own = await client.post("/api/v1/complaints", json=COMPLAINT)
    handed = await client.post(
        "/api/v1/handovers", json={**COMPLAINT, "handover": ASSIGNED}, headers=reviewer
    )
    assert own.status == 201 and handed.status == 201
    numbers = [(await r.json())["intake_no"] for r in (own, handed)]

    async def counted() -> bool:
        ids = [await store.find_intake_no(n) or "" for n in numbers]
        return all([await store.stat_row(i) is not None for i in ids])

    await wait_for(counted)
    resp = await client.get(f"/api/v1/statistics?dim=origin&{_span()}", headers=reviewer)
    rows = {r["key"]: (r["label"], r["reports"]) for r in (await resp.json())["rows"]}
    assert rows == {"self": ("本级受理", 1), "superior_assign": ("上级交办", 1)}


def _span() -> str:
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    return f"from={today - timedelta(days=2)}&to={today + timedelta(days=2)}"
