"""Exports of the 综合分析 (issue 14): the tables as ``.xlsx``, a draft 综合分析报告 as ``.docx``
with its figures, tables and charts filled in, and the extract for a 巡视巡察 team (a page and
its ``.xlsx``).

Everything here is read from the statistics table through ``gateway.analysis`` (codes and
counts) and the drill-down rows (intake number and codes): no record is decrypted, so no
complainant, no accused's name and no sentence of a report can reach a file. Each download is
an audited event naming the filter, never a person; the route table (``gateway.auth``)
lets only the roles that may export (EXPORTERS) in.
"""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp_jinja2
from aiohttp import web
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image, ImageDraw, ImageFont

from gateway.accounts import StaffPages
from gateway.analysis import (
    DIMENSIONS,
    Analysis,
    Query,
    Row,
    Table,
    describe_filter,
    key_label,
    parse_query,
)
from gateway.auth import principal_of
from gateway.storage import SHANGHAI, StatItem, Store
from normalizer.errors import InvalidInput

__all__ = [
    "INSPECTION_COLUMNS",
    "SHEET_DIMENSIONS",
    "TABLE_COLUMNS",
    "bar_chart_png",
    "export_routes",
    "report_docx",
    "tables_xlsx",
]

# The dimensions every export breaks the period down by, besides the one asked for.
SHEET_DIMENSIONS = ("channel", "class", "level", "region", "category", "acceptance")
TABLE_COLUMNS = (
    "件次",
    "件数",
    "来访批次",
    "来访人次",
    "集体访",
    "上期件次",
    "环比",
    "上年同期件次",
    "同比",
)
INSPECTION_COLUMNS = (
    "受理编号",
    "收件日期",
    "渠道",
    "类别",
    "被反映人级别",
    "地区",
    "单位",
    "问题类别",
    "受理情况",
    "分流方式",
    "处置方式",
)
# The inspection list on the page stops here (the .xlsx carries up to _FILE_ITEMS).
_PAGE_ITEMS = 500
_FILE_ITEMS = 20_000
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLACEHOLDER = "（以下由承办人补充分析）"
# Fonts with CJK glyphs for the chart images, first found wins (Debian/Ubuntu packages
# fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei, fonts-arphic-uming).
_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


def _values(r: Row) -> list[Any]:
    return [
        r.reports,
        r.matters,
        r.batches,
        r.people,
        r.group_visits,
        r.previous,
        r.change,
        r.last_year,
        r.change_year,
    ]


def _now_text() -> str:
    return datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M")


# -- .xlsx --------------------------------------------------------------------------------------


def _sheet_title(text: str, taken: set[str]) -> str:
    title = "".join(c for c in text if c not in "[]:*?/\\")[:31]
    n = 2
    while title in taken:
        title = f"{title[:28]}{n}"
        n += 1
    taken.add(title)
    return title


def _widths(ws: Worksheet, widths: Sequence[int]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _write_table(ws: Worksheet, table: Table, office: str) -> None:
    q = table.query
    ws.append([f"{office}信访举报综合分析：按{DIMENSIONS[q.dim]}（{q.period.label()}）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            f"统计条件：{describe_filter(q.filters)}；上期 {table.previous.label()}，"
            f"上年同期 {table.year_before.label()}"
        ]
    )
    ws.append([DIMENSIONS[q.dim], *TABLE_COLUMNS])
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for r in [*table.rows, table.total]:
        ws.append([r.label, *_values(r)])
        row = ws.max_row
        for col in (8, 10):  # 环比, 同比: a fraction shown as a percentage, or — with no base
            cell = ws.cell(row=row, column=col)
            if cell.value is None:
                cell.value = "—"
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.number_format = "+0.0%;-0.0%;0.0%"
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    notes = [f"另有密封件 {table.sealed} 件，只计总数，不分项统计。"]
    if table.multi_valued:
        notes.append("一件可涉及多个分项，各分项之和可大于合计。")
    for note in notes:
        ws.append([note])
    _widths(ws, (34, 9, 9, 10, 10, 9, 10, 10, 13, 10))
    ws.freeze_panes = "B4"


def tables_xlsx(tables: Sequence[Table], office: str) -> bytes:
    """One sheet per table (the first is the dimension asked for), then a 说明 sheet."""
    book = Workbook()
    taken: set[str] = set()
    first = book.active
    assert first is not None
    for i, table in enumerate(tables):
        ws = first if i == 0 else book.create_sheet()
        ws.title = _sheet_title(f"按{DIMENSIONS[table.query.dim]}", taken)
        _write_table(ws, table, office)
    about = book.create_sheet(_sheet_title("说明", taken))
    q = tables[0].query
    for line in (
        ["统计期", q.period.label()],
        ["统计条件", describe_filter(q.filters)],
        ["导出时间（北京时间）", _now_text()],
        ["件次", "每一次来信、来访、来电、网络举报计一件次，重复举报也计件次"],
        ["件数", "去除重复举报后的件数"],
        ["来访批次/人次", "一次来访计一批次，人次为来访人数；集体访（5 人及以上）单列"],
        ["环比/同比", "与上一统计期、上年同期的件次相比；无可比数据时显示“—”"],
        ["口径", "按收件日期（北京时间）统计；密封件只计总数；表中不含举报人身份和举报内容"],
    ):
        about.append(line)
    _widths(about, (22, 80))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- charts -------------------------------------------------------------------------------------


@functools.cache
def _font_path() -> str | None:
    return next((p for p in _CJK_FONTS if Path(p).is_file()), None)


def _font(size: int) -> Any:
    path = _font_path()
    if path is None:  # no CJK font installed: the digits still read, the labels do not
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


def bar_chart_png(title: str, points: Sequence[tuple[str, int]], *, limit: int = 12) -> bytes:
    """A horizontal bar chart (label, value), largest first as given, as a PNG."""
    shown = list(points[:limit]) or [("（无数据）", 0)]
    scale = 2  # drawn at twice the size it is shown, so the print stays sharp
    label_w, bar_w, row_h, top = 260 * scale, 520 * scale, 34 * scale, 56 * scale
    width, height = label_w + bar_w + 90 * scale, top + row_h * len(shown) + 20 * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    big, small = _font(20 * scale), _font(15 * scale)
    draw.text((20 * scale, 14 * scale), title, fill="black", font=big)
    peak = max(v for _, v in shown) or 1
    for i, (label, value) in enumerate(shown):
        y = top + i * row_h
        text = label if len(label) <= 16 else label[:15] + "…"
        draw.text(
            (label_w - 10 * scale, y + row_h // 2), text, fill="black", font=small, anchor="rm"
        )
        length = round(bar_w * value / peak)
        if length:
            draw.rectangle(
                (label_w, y + 6 * scale, label_w + length, y + row_h - 6 * scale), fill="#c0392b"
            )
        draw.text(
            (label_w + length + 8 * scale, y + row_h // 2),
            str(value),
            fill="black",
            font=small,
            anchor="lm",
        )
    draw.line((label_w, top - 4 * scale, label_w, height - 16 * scale), fill="#555555", width=scale)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _points(table: Table) -> list[tuple[str, int]]:
    return [(r.label, r.reports) for r in table.rows]


# -- .docx --------------------------------------------------------------------------------------

_BODY_FONT = "仿宋"
_TITLE_FONT = "方正小标宋简体"
_HEADING_FONT = "黑体"


def _run_font(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = name
    # Word takes Chinese text from the East Asian font slot, not from ``name``.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _change(value: float | None, base: int, label: str, against: str) -> str:
    if value is None:
        return f"{label}无可比数据（{against} {base} 件次）"
    if value == 0:
        return f"{label}持平（{against} {base} 件次）"
    trend = "上升" if value > 0 else "下降"
    return f"{label}{trend} {abs(value) * 100:.1f}%（{against} {base} 件次）"


def _top(table: Table | None, n: int = 3) -> str:
    if table is None:
        return "—"
    shown = [r for r in table.rows if r.key not in (None, "")][:n]
    return "、".join(f"{r.label}（{r.reports} 件次）" for r in shown) or "无"


def key_figures(main: Table, by: Mapping[str, Table]) -> str:
    """The paragraph of the period's key figures, in the words of a 综合分析报告."""
    t = main.total
    repeats = t.reports - t.matters
    parts = [
        f"{main.query.period.label()}，共受理信访举报 {t.reports} 件次、{t.matters} 件"
        f"（重复举报 {repeats} 件次），"
        f"{_change(t.change, t.previous, '环比', '上期')}，"
        f"{_change(t.change_year, t.last_year, '同比', '上年同期')}。",
        f"其中来访 {t.batches} 批 {t.people} 人次，集体访 {t.group_visits} 批。",
    ]
    klass = by.get("class")
    if klass is not None:
        kinds = "、".join(f"{r.label} {r.reports} 件次" for r in klass.rows if r.key)
        if kinds:
            parts.append(f"按类别分：{kinds}。")
    parts.append(f"反映较多的地区：{_top(by.get('region'))}；")
    parts.append(f"被反映较多的单位：{_top(by.get('unit'))}；")
    parts.append(f"反映较多的问题类别：{_top(by.get('category'))}。")
    if main.sealed:
        parts.append(f"另有密封件 {main.sealed} 件，只计总数。")
    return "".join(parts)


_NUMERALS = "一二三四五六七八九十"


def report_docx(office: str, main: Table, by: Mapping[str, Table]) -> bytes:
    """The draft 综合分析报告: title, key figures, a section per table with its chart and a
    placeholder where the 承办人 writes the analysis, then the conclusions to be written."""
    out = new_docx()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    period = main.query.period.label()
    title_text = f"{office}{period}信访举报综合分析报告（初稿）"
    out.core_properties.title = title_text
    out.core_properties.author = office
    out.core_properties.language = "zh-CN"

    def line(
        text: str,
        *,
        size: float = 16,
        font: str = _BODY_FONT,
        indent: bool = True,
        bold: bool = False,
        align: Any = None,
    ) -> None:
        p = out.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        p.paragraph_format.line_spacing = Pt(28)
        _run_font(p.add_run(text), font, size, bold=bold)

    for text in (office, f"{period}信访举报综合分析报告（初稿）"):
        p = out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run_font(p.add_run(text), _TITLE_FONT, 22)
    line(
        f"（统计条件：{describe_filter(main.query.filters)}；生成于 {_now_text()}，北京时间）",
        size=12,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    line("一、总体情况", font=_HEADING_FONT)
    line(key_figures(main, by))
    line(PLACEHOLDER)
    sections = [main, *(t for d, t in by.items() if d != main.query.dim and d != "unit")]
    for i, table in enumerate(sections, start=2):
        name = DIMENSIONS[table.query.dim]
        line(f"{_NUMERALS[i - 1]}、按{name}分析", font=_HEADING_FONT)
        _docx_table(out, table)
        chart = bar_chart_png(f"按{name}（件次）", _points(table))
        out.add_picture(io.BytesIO(chart), width=Mm(150))
        out.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        line(PLACEHOLDER)
    n = len(sections) + 2
    line(f"{_NUMERALS[(n - 1) % 10]}、存在的主要问题和工作建议", font=_HEADING_FONT)
    line(PLACEHOLDER)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _docx_table(out: Any, table: Table) -> None:
    heads = [DIMENSIONS[table.query.dim], "件次", "件数", "上期", "环比", "上年同期", "同比"]
    grid = out.add_table(rows=1, cols=len(heads))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, heads, strict=True):
        _run_font(cell.paragraphs[0].add_run(text), _HEADING_FONT, 10.5)
    for r in [*table.rows, table.total]:
        values = [
            r.label,
            str(r.reports),
            str(r.matters),
            str(r.previous),
            _pct(r.change),
            str(r.last_year),
            _pct(r.change_year),
        ]
        cells = grid.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _run_font(cell.paragraphs[0].add_run(text), _BODY_FONT, 10.5, bold=r is table.total)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.1f}%"


# -- 巡视巡察 extract -----------------------------------------------------------------------------

_INSPECTION_DIMS = ("class", "category", "level", "acceptance", "route", "disposal", "channel")


@dataclass(frozen=True)
class Extract:
    """What a 巡视巡察 team gets about a region or unit: tables of codes and a list of items
    by intake number. ``items`` may stop short of ``total`` (``truncated``)."""

    query: Query
    tables: dict[str, Table]
    items: list[tuple[StatItem, list[str]]]
    total: int

    @property
    def truncated(self) -> bool:
        return len(self.items) < self.total


def _item_cells(item: StatItem, categories: Iterable[str]) -> list[str]:
    return [
        item.intake_no,
        item.day,
        key_label("channel", item.channel),
        item.klass or "（待研判）",
        key_label("level", item.level),
        key_label("region", item.region),
        item.unit or "",
        "、".join(categories),
        key_label("acceptance", item.acceptance),
        key_label("route", item.route),
        item.disposal or "",
    ]


def inspection_xlsx(extract: Extract, office: str) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "清单"
    f = extract.query.filters
    ws.append([f"{office}巡视巡察信访举报情况：{describe_filter(f)}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(INSPECTION_COLUMNS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for item, categories in extract.items:
        ws.append(_item_cells(item, categories))
    if extract.truncated:
        ws.append([f"共 {extract.total} 件，本表列出最近的 {len(extract.items)} 件。"])
    _widths(ws, (18, 12, 8, 12, 14, 30, 24, 30, 14, 14, 14))
    ws.freeze_panes = "A3"
    taken = {"清单"}
    for dim, table in extract.tables.items():
        sheet = book.create_sheet(_sheet_title(f"按{DIMENSIONS[dim]}", taken))
        _write_table(sheet, table, office)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- routes -------------------------------------------------------------------------------------


def _attachment(body: bytes, content_type: str, ascii_name: str, name: str) -> web.Response:
    return web.Response(
        body=body,
        content_type=content_type,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            ),
            "Cache-Control": "no-store",
        },
    )


def _today() -> date:
    return datetime.now(SHANGHAI).date()


def export_routes(
    analysis: Analysis, store: Store, pages: StaffPages, office: str = "本级纪委监委"
) -> list[web.RouteDef]:
    async def tables_of(q: Query, dims: Iterable[str]) -> dict[str, Table]:
        return {d: await analysis.table(replace(q, dim=d)) for d in dims}

    async def analysis_xlsx(request: web.Request) -> web.Response:
        try:
            q = parse_query(request.query, _today())
        except InvalidInput as exc:
            return pages.message(request, "统计条件有误", exc.message_zh, 422)
        main = await analysis.table(q)
        others = await tables_of(q, (d for d in SHEET_DIMENSIONS if d != q.dim))
        # Building a workbook or a report is CPU work: off the event loop.
        body = await asyncio.to_thread(tables_xlsx, [main, *others.values()], office)
        await store.audit(principal_of(request).actor, "analysis_xlsx", describe_filter(q.filters))
        return _attachment(
            body, _XLSX, f"analysis-{q.period.name}.xlsx", f"综合分析-{q.period.name}.xlsx"
        )

    async def analysis_docx(request: web.Request) -> web.Response:
        try:
            q = parse_query(request.query, _today())
        except InvalidInput as exc:
            return pages.message(request, "统计条件有误", exc.message_zh, 422)
        main = await analysis.table(q)
        by = await tables_of(q, ("class", "channel", "region", "unit", "category", "level"))
        body = await asyncio.to_thread(report_docx, office, main, by)
        await store.audit(principal_of(request).actor, "analysis_docx", describe_filter(q.filters))
        return _attachment(
            body,
            _DOCX,
            f"analysis-report-{q.period.name}.docx",
            f"综合分析报告初稿-{q.period.name}.docx",
        )

    async def extract_of(params: Mapping[str, str], limit: int) -> Extract:
        today = _today()
        chosen = {k: params.get(k, "").strip() for k in ("unit", "region", "from", "to")}
        if not chosen["from"] and not chosen["to"]:
            chosen["from"] = date(today.year, 1, 1).isoformat()
            chosen["to"] = date.fromordinal(today.toordinal() + 1).isoformat()
        q = parse_query({k: v for k, v in chosen.items() if v}, today)
        tables = await tables_of(q, _INSPECTION_DIMS)
        found, total = await store.stat_items(q.filters, limit, 0)
        labels = await store.stat_labels_of_items([i.intake_id for i in found], "category")
        return Extract(q, tables, [(i, labels.get(i.intake_id, [])) for i in found], total)

    async def inspection(request: web.Request) -> web.Response:
        params = dict(request.query)
        try:
            extract = await extract_of(params, _PAGE_ITEMS)
        except InvalidInput as exc:
            return pages.message(request, "查询条件有误", exc.message_zh, 422)
        # The list of intake numbers for a unit is itself worth knowing who looked at.
        await store.audit(
            principal_of(request).actor,
            "inspection_viewed",
            f"{describe_filter(extract.query.filters)}：{extract.total} 件",
        )
        f = extract.query.filters
        form = {
            "unit": f.unit or "",
            "region": f.region or "",
            "from": f.since.isoformat(),
            "to": f.until.isoformat(),
        }
        return aiohttp_jinja2.render_template(
            "inspection.html",
            request,
            pages.context(
                request,
                extract=extract,
                summary=extract.tables["class"].total,
                tables=[(DIMENSIONS[d], t) for d, t in extract.tables.items()],
                rows=[_item_cells(i, c) for i, c in extract.items],
                columns=INSPECTION_COLUMNS,
                filters=describe_filter(f),
                form=form,
                download="/staff/inspection.xlsx?" + urlencode(form),
            ),
        )

    async def inspection_file(request: web.Request) -> web.Response:
        try:
            extract = await extract_of(dict(request.query), _FILE_ITEMS)
        except InvalidInput as exc:
            return pages.message(request, "查询条件有误", exc.message_zh, 422)
        body = await asyncio.to_thread(inspection_xlsx, extract, office)
        await store.audit(
            principal_of(request).actor,
            "inspection_xlsx",
            f"{describe_filter(extract.query.filters)}：{extract.total} 件",
        )
        f = extract.query.filters
        stamp = f"{f.since.isoformat()}-{f.until.isoformat()}"
        return _attachment(
            body, _XLSX, f"inspection-{stamp}.xlsx", f"巡视巡察信访情况-{stamp}.xlsx"
        )

    return [
        web.get("/staff/analysis.xlsx", analysis_xlsx, name="staff.analysis_xlsx"),
        web.get("/staff/analysis.docx", analysis_docx, name="staff.analysis_docx"),
        web.get("/staff/inspection", inspection, name="staff.inspection"),
        web.get("/staff/inspection.xlsx", inspection_file, name="staff.inspection_xlsx"),
    ]
