"""Exports of the 综合分析 (issue 14): the .xlsx and the draft .docx opened and read back, their
figures equal to ``GET /api/v1/statistics``; the 巡视巡察 extract without identity or content;
every export audited; only the roles that may export get one. On both engines."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import date, timedelta
from typing import Any

import docx
import openpyxl
from aiohttp.test_utils import TestClient

from gateway.app import STORE
from gateway.settings import Settings
from gateway.storage import NewIntake, StatRow, Store
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import staff_client

engine = every_engine

UNIT = "某县交通运输局"
OFFICE = "某市纪委监委"


def _row(day: str, **changes: Any) -> StatRow:
    return StatRow(**{"day": day, "channel": "web", "klass": "检举控告", **changes})


def _labels(region: str | None, *categories: str, unit: str | None = None) -> Any:
    out = tuple(("category", c) for c in categories)
    out += (("region", region),) if region else ()
    return out + ((("unit", unit),) if unit else ())


ROWS = [
    _row(
        "2026-11-03",
        region="320102",
        unit=UNIT,
        labels=_labels("320102", "违反廉洁纪律行为", unit=UNIT),
    ),
    _row("2026-11-04", region="320102", repeat=True, labels=_labels("320102")),
    _row(
        "2026-11-05",
        region="320506",
        level="COUNTY_DIVISION",
        labels=_labels("320506", "违反廉洁纪律行为", "贪污贿赂行为"),
    ),
    StatRow(day="2026-11-06", channel="visit", klass="检举控告", people=7, group_visit=True),
    StatRow(day="2026-11-07", channel="letter", klass="申诉"),
    _row("2026-11-08", klass="业务范围外"),
    _row("2026-10-20", region="320102", labels=_labels("320102")),  # the previous month
    _row("2025-11-11"),
    _row("2025-11-12", region="320506", labels=_labels("320506")),  # a year before
]


async def _put(store: Store, rows: list[StatRow]) -> None:
    for i, row in enumerate(rows):
        receipt = await store.submit(
            NewIntake(
                channel="web",
                raw=b"{}",
                originals=[],
                actor="test",
                idempotency_key=f"x{i}-{row.day}",
                first_job="none",
            )
        )
        await store.put_stat(receipt.intake_id, row)


async def _client(make_client: MakeClient, settings: Settings) -> TestClient[Any, Any]:
    client = await make_client(dataclasses.replace(settings, office_name=OFFICE))
    await _put(client.app[STORE], ROWS)
    return client


async def _api(client: TestClient[Any, Any], settings: Settings, query: str) -> Any:
    headers = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    resp = await client.get(f"/api/v1/statistics?{query}", headers=headers)
    assert resp.status == 200, await resp.text()
    return await resp.json()


def _sheet_rows(ws: Any) -> dict[str, list[Any]]:
    """Label → the nine figures of a table sheet (rows after the heading lines)."""
    return {
        r[0]: list(r[1:10]) for r in ws.iter_rows(min_row=4, values_only=True) if r[1] is not None
    }


def _expected(body: Any) -> dict[str, list[Any]]:
    def figures(r: Any) -> list[Any]:
        return [
            r["reports"],
            r["matters"],
            r["batches"],
            r["people"],
            r["group_visits"],
            r["previous"],
            "—" if r["change"] is None else r["change"],
            r["last_year"],
            "—" if r["change_year"] is None else r["change_year"],
        ]

    return {**{r["label"]: figures(r) for r in body["rows"]}, "合计": figures(body["total"])}


async def test_the_xlsx_holds_the_tables_the_api_answers(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await _client(make_client, settings)
    await staff_client(client, "主任乙", "head")
    query = "period=2026-11&dim=region&region_level=prefecture"
    resp = await client.get(f"/staff/analysis.xlsx?{query}")
    assert resp.status == 200, await resp.text()
    assert resp.content_type.endswith("spreadsheetml.sheet")
    assert "attachment" in resp.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(await resp.read()))
    assert book.sheetnames == [
        "按被反映人地区",
        "按渠道",
        "按类别",
        "按被反映人级别",
        "按问题类别",
        "按受理情况",
        "说明",
    ]
    main = book["按被反映人地区"]
    assert "某市纪委监委" in main["A1"].value and "2026年11月" in main["A1"].value
    assert [c.value for c in main[3]] == [
        "被反映人地区",
        "件次",
        "件数",
        "来访批次",
        "来访人次",
        "集体访",
        "上期件次",
        "环比",
        "上年同期件次",
        "同比",
    ]
    got = _sheet_rows(main)
    assert got == _expected(await _api(client, settings, query))
    assert got["江苏省南京市"][:2] == [2, 1] and got["合计"][0] == 6
    # 环比 is a number shown as a percentage: 2 against 1 is +100%.
    nanjing = next(r for r in main.iter_rows(min_row=4) if r[0].value == "江苏省南京市")
    assert nanjing[7].value == 1 and "%" in nanjing[7].number_format
    for sheet, dim in (
        ("按渠道", "channel"),
        ("按类别", "class"),
        ("按问题类别", "category"),
        ("按受理情况", "acceptance"),
    ):
        body = await _api(client, settings, f"period=2026-11&dim={dim}&region_level=prefecture")
        assert _sheet_rows(book[sheet]) == _expected(body), sheet
    visits = _sheet_rows(book["按渠道"])["来访"]
    assert visits[:5] == [1, 1, 1, 7, 1]

    entries = await client.app[STORE].audit_entries(action="analysis_xlsx")
    assert len(entries) == 1 and entries[0].actor.endswith("主任乙")
    assert "2026-11-01至2026-12-01" in (entries[0].detail or "")


async def test_the_draft_report_has_the_figures_tables_and_charts(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await _client(make_client, settings)
    await staff_client(client, "领导丙", "leader")
    resp = await client.get("/staff/analysis.docx?period=2026-11&dim=channel")
    assert resp.status == 200, await resp.text()
    data = await resp.read()
    report = docx.Document(io.BytesIO(data))
    text = [p.text for p in report.paragraphs]
    assert text[0] == OFFICE and text[1] == "2026年11月信访举报综合分析报告（初稿）"
    body = await _api(client, settings, "period=2026-11&dim=channel")
    total = body["total"]
    figures = next(t for t in text if t.startswith("2026年11月，共受理"))
    assert f"{total['reports']} 件次、{total['matters']} 件" in figures
    assert f"环比上升 500.0%（上期 {total['previous']} 件次）" in figures
    assert f"同比上升 200.0%（上年同期 {total['last_year']} 件次）" in figures
    assert "来访 1 批 7 人次，集体访 1 批" in figures
    assert "江苏省南京市玄武区（2 件次）" in figures and f"{UNIT}（1 件次）" in figures
    assert "违反廉洁纪律行为（2 件次）" in figures
    assert text.count("（以下由承办人补充分析）") >= 5
    # The first table is the dimension asked for, with the API's figures.
    first = report.tables[0]
    assert [c.text for c in first.rows[0].cells][:3] == ["渠道", "件次", "件数"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in first.rows[1:]}
    for r in [*body["rows"], body["total"]]:
        assert rows[r["label"]][:3] == [str(r["reports"]), str(r["matters"]), str(r["previous"])]
    # One chart per table, PNG images drawn by the gateway.
    assert len(report.inline_shapes) == len(report.tables) >= 5
    images = [p for p in report.part.package.parts if p.content_type == "image/png"]
    assert images and all(p.blob.startswith(b"\x89PNG") for p in images)
    entries = await client.app[STORE].audit_entries(action="analysis_docx")
    assert len(entries) == 1 and entries[0].actor.endswith("领导丙")


async def test_the_inspection_extract_names_no_complainant_and_no_content(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await _client(make_client, settings)
    store: Store = client.app[STORE]
    resp = await client.post("/api/v1/complaints", json=COMPLAINT)
    number = (await resp.json())["intake_no"]
    intake_id = await store.find_intake_no(number)
    assert intake_id is not None
    row = await wait_for(lambda: store.stat_row(intake_id))
    unit, day = row[11], row[0]
    assert unit and UNIT in unit
    await staff_client(client, "主任乙", "head")
    after = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    query = f"unit={unit}&from={day}&to={after}"
    page = await client.get(f"/staff/inspection?{query}")
    html = await page.text()
    assert page.status == 200, html[:300]
    assert number in html and "巡视巡察信访举报情况" in html
    book_resp = await client.get(f"/staff/inspection.xlsx?{query}")
    assert book_resp.status == 200
    data = await book_resp.read()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        inside = b"".join(z.read(n) for n in z.namelist())
    identity = [
        COMPLAINT["complainant"]["name"],
        COMPLAINT["complainant"]["id_number"],
        COMPLAINT["complainant"]["phone"],
        COMPLAINT["accused"][0]["name"],
        COMPLAINT["main_problem"][:12],
        COMPLAINT["title"],
    ]
    for value in identity:
        assert value not in html, value
        assert value.encode() not in inside and value.encode() not in data, value
    book = openpyxl.load_workbook(io.BytesIO(data))
    items = [r for r in book["清单"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert [r[0] for r in items] == [number]
    assert items[0][6] == unit and items[0][7] == "违反廉洁纪律行为"
    body = await _api(client, settings, f"{query}&dim=category")
    assert _sheet_rows(book["按问题类别"]) == _expected(body)
    assert f'id="inspection-total">{body["total"]["reports"]}<' in html

    # The 2026-11 row with the same unit, in its own month.
    other = await client.get(f"/staff/inspection.xlsx?unit={UNIT}&from=2026-11-01&to=2026-12-01")
    listed = openpyxl.load_workbook(io.BytesIO(await other.read()))["清单"]
    assert [r[1] for r in listed.iter_rows(min_row=3, values_only=True) if r[0]] == ["2026-11-03"]

    viewed = await store.audit_entries(action="inspection_viewed")
    exported = await store.audit_entries(action="inspection_xlsx")
    assert len(viewed) == 1 and len(exported) == 2
    assert unit in (viewed[0].detail or "") and "：1 件" in (viewed[0].detail or "")
    for e in [*viewed, *exported]:
        assert COMPLAINT["complainant"]["name"] not in (e.detail or "")


async def test_only_the_roles_that_may_export_get_an_export(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    await staff_client(client, "审核甲", "reviewer")
    for path in (
        "/staff/analysis.xlsx?period=2026-11",
        "/staff/analysis.docx?period=2026-11",
        "/staff/inspection",
        "/staff/inspection.xlsx",
    ):
        resp = await client.get(path)
        assert resp.status == 403, path
        assert "无权" in await resp.text(), path
    assert await client.app[STORE].audit_entries(action="analysis_xlsx") == []
    anonymous = await make_client()
    resp = await anonymous.get("/staff/analysis.xlsx", allow_redirects=False)
    assert resp.status in (302, 303, 401)


async def test_a_bad_query_gets_a_chinese_message_and_no_file(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    await staff_client(client, "主任乙", "head")
    resp = await client.get("/staff/analysis.xlsx?period=26Q9")
    assert resp.status == 422 and "统计期" in await resp.text()
    resp = await client.get("/staff/inspection?region=abc")
    assert resp.status == 422 and "地区" in await resp.text()
    assert await client.app[STORE].audit_entries(action="analysis_xlsx") == []
