"""综合分析 (issue 14): cross-tabulations of the statistics table by period and dimension,
with the trend against the previous period and the same period a year before.

The figures come only from the statistics table (codes and counts, see
``normalizer.statistics``); nothing here decrypts a record. ``Analysis.table`` is what the
API (``GET /api/v1/statistics``), the page, the exports and the inspection extract share, so
one figure is computed one way.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from aiohttp import web

from gateway.labels import CHANNEL_LABELS, ORIGIN_LABELS
from gateway.storage import SHANGHAI, StatCell, StatFilter, Store
from normalizer.errors import InvalidInput
from normalizer.extraction import CadreLevel
from normalizer.regions import region_name
from normalizer.triage import ACTION_LABELS, Action

__all__ = [
    "DIMENSIONS",
    "Analysis",
    "Period",
    "Query",
    "Row",
    "Table",
    "add_months",
    "describe_filter",
    "filter_values",
    "parse_query",
    "percent",
    "statistics_routes",
    "within",
]

DIMENSIONS: Mapping[str, str] = {
    "channel": "渠道",
    "origin": "来源",
    "class": "类别",
    "real_name": "署名情况",
    "repeat": "初次/重复",
    "region": "被反映人地区",
    "unit": "被反映人单位",
    "level": "被反映人级别",
    "category": "问题类别",
    "tag": "重点问题",
    "acceptance": "受理情况",
    "route": "分流方式",
    "disposal": "处置方式",
    "month": "月份",
}
LEVEL_LABELS = {
    CadreLevel.PROVINCE_MINISTRY: "省部级",
    CadreLevel.BUREAU: "厅局级",
    CadreLevel.COUNTY_DIVISION: "县处级",
    CadreLevel.TOWNSHIP_SECTION: "乡科级",
    CadreLevel.GENERAL_CADRE: "一般干部",
    CadreLevel.PUBLIC_INSTITUTION_STAFF: "事业单位人员",
    CadreLevel.SOE_STAFF: "企业人员",
    CadreLevel.VILLAGE_COMMUNITY: "农村、社区干部",
    CadreLevel.OTHER: "其他",
    CadreLevel.UNKNOWN: "未知",
}
REAL_NAME_LABELS = {
    "ANONYMOUS": "匿名",
    "SIGNED_UNVERIFIED": "署名未核实",
    "REAL_NAME_CONFIRMED": "实名已核实",
    "VERIFICATION_INCOMPLETE": "署名核实未果",
    "IMPERSONATION_SUSPECTED": "疑似冒名",
}
ACCEPTANCE_LABELS = {
    "ACCEPTED": "本级受理",
    "PASSED_ON": "转送/交办/报送",
    "NOT_ACCEPTED": "不予受理",
}
REPEAT_LABELS = {"0": "初次举报", "1": "重复举报"}
MULTI_VALUED = frozenset({"category", "tag"})
_REGION_DIGITS = {"province": 2, "prefecture": 4, "county": 6}
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})|Q([1-4]))?$")
NONE_LABEL = "（未填）"


@dataclass(frozen=True)
class Period:
    """A month (2026-11), a quarter (2026Q4) or a year (2026), or a free range of days."""

    since: date
    until: date  # exclusive
    name: str
    kind: str  # month / quarter / year / range

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PERIOD.match(text.strip())
        if m is None:
            raise _bad("period", f"统计期“{text}”应写作 2026-11、2026Q4 或 2026。")
        year = int(m.group(1))
        if not 2000 <= year <= 2100:
            raise _bad("period", f"统计期“{text}”的年份不在范围内。")
        if m.group(2):
            month = int(m.group(2))
            if not 1 <= month <= 12:
                raise _bad("period", f"统计期“{text}”的月份不对。")
            return cls(date(year, month, 1), add_months(date(year, month, 1), 1), text, "month")
        if m.group(3):
            q = int(m.group(3))
            start = date(year, 3 * q - 2, 1)
            return cls(start, add_months(start, 3), text, "quarter")
        return cls(date(year, 1, 1), date(year + 1, 1, 1), text, "year")

    def previous(self) -> Period:
        months = _months(self)
        if months:
            start = add_months(self.since, -months)
            return Period(start, self.since, _name(start, self.kind), self.kind)
        span = self.until - self.since
        return Period(self.since - span, self.since, "上期", "range")

    def year_before(self) -> Period:
        start, end = add_months(self.since, -12), add_months(self.until, -12)
        return Period(
            start, end, _name(start, self.kind) if _months(self) else "上年同期", self.kind
        )

    def label(self) -> str:
        match self.kind:
            case "month":
                return f"{self.since.year}年{self.since.month}月"
            case "quarter":
                return f"{self.since.year}年第{(self.since.month + 2) // 3}季度"
            case "year":
                return f"{self.since.year}年"
            case _:
                return f"{self.since.isoformat()}至{self.until.isoformat()}（不含）"


def _months(p: Period) -> int:
    return {"month": 1, "quarter": 3, "year": 12}.get(p.kind, 0)


def _name(start: date, kind: str) -> str:
    match kind:
        case "month":
            return f"{start.year}-{start.month:02d}"
        case "quarter":
            return f"{start.year}Q{(start.month + 2) // 3}"
        case "year":
            return str(start.year)
        case _:
            return start.isoformat()


def percent(value: float | None) -> str:
    """环比/同比 as staff read them: +12.5%, -3.0%, and — where there is nothing to compare."""
    return "—" if value is None else f"{value * 100:+.1f}%"


def add_months(d: date, n: int) -> date:
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _bad(field_name: str, message: str) -> InvalidInput:
    return InvalidInput(
        "bad_query", message, f"Invalid statistics parameter {field_name}.", field=f"$.{field_name}"
    )


@dataclass(frozen=True)
class Query:
    dim: str
    period: Period
    filters: StatFilter
    region_level: str = "county"


_FILTER_PARAMS = {
    "channel": "channel",
    "origin": "origin",
    "class": "klass",
    "real_name": "real_name",
    "level": "level",
    "acceptance": "acceptance",
    "route": "route",
    "disposal": "disposal",
    "region": "region",
    "unit": "unit",
    "category": "category",
    "tag": "tag",
}


def parse_query(params: Mapping[str, str], today: date) -> Query:
    """The analysis query of a page or API request; bad values raise ``InvalidInput`` with a
    Chinese message naming the parameter."""
    dim = params.get("dim", "channel")
    if dim not in DIMENSIONS:
        raise _bad("dim", f"统计维度“{dim}”不存在，可选：{'、'.join(DIMENSIONS)}。")
    if params.get("from") or params.get("to"):
        since, until = _day(params, "from"), _day(params, "to")
        if since is None or until is None or until <= since:
            raise _bad("from", "起止日期须都填写，且截止日期晚于起始日期（截止日不含）。")
        if (until - since).days > 3700:
            raise _bad("to", "统计区间不能超过十年。")
        period = Period(since, until, f"{since}~{until}", "range")
    else:
        period = Period.parse(params.get("period") or f"{today.year}-{today.month:02d}")
    values: dict[str, Any] = {}
    for param, attr in _FILTER_PARAMS.items():
        v = params.get(param, "").strip()
        if v:
            values[attr] = v[:100]
    if "region" in values and not re.fullmatch(r"\d{2}(?:\d{2}){0,2}", values["region"]):
        raise _bad("region", "地区须为行政区划代码（2、4 或 6 位数字）。")
    repeat = params.get("repeat", "")
    if repeat not in ("", "0", "1"):
        raise _bad("repeat", "初次/重复应为 0 或 1。")
    if repeat:
        values["repeat"] = repeat == "1"
    level = params.get("region_level", "county")
    if level not in _REGION_DIGITS:
        raise _bad("region_level", "地区层级应为 province、prefecture 或 county。")
    return Query(dim, period, StatFilter(period.since, period.until, **values), level)


def _day(params: Mapping[str, str], name: str) -> date | None:
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _bad(name, f"日期“{text[:20]}”应写作 YYYY-MM-DD。") from None


def key_label(dim: str, key: str | None) -> str:
    """The Chinese name of a dimension's value; a code without a name shows as itself."""
    if key is None or key == "":
        return NONE_LABEL
    match dim:
        case "channel":
            return CHANNEL_LABELS.get(key, key)
        case "origin":
            return ORIGIN_LABELS.get(key, key)
        case "real_name":
            return REAL_NAME_LABELS.get(key, key)
        case "repeat":
            return REPEAT_LABELS.get(key, key)
        case "level":
            return LEVEL_LABELS.get(CadreLevel(key), key) if key in CadreLevel.__members__ else key
        case "region":
            return region_name(key)
        case "acceptance":
            return ACCEPTANCE_LABELS.get(key, key)
        case "route":
            return ACTION_LABELS.get(Action(key), key) if key in Action.__members__ else key
        case "month":
            return f"{key[:4]}年{int(key[5:7])}月" if len(key) == 7 else key
        case _:
            return key


@dataclass(frozen=True)
class Row:
    key: str | None
    label: str
    reports: int  # 件次
    matters: int  # 件数
    batches: int  # 来访批次
    people: int  # 来访人次
    group_visits: int  # 集体访
    previous: int  # 件次 of the previous period
    last_year: int  # 件次 of the same period a year before

    @property
    def change(self) -> float | None:
        """环比: against the previous period, None where it had none."""
        return (self.reports - self.previous) / self.previous if self.previous else None

    @property
    def change_year(self) -> float | None:
        """同比: against the same period a year before."""
        return (self.reports - self.last_year) / self.last_year if self.last_year else None

    def as_json(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        return {**out, "change": self.change, "change_year": self.change_year}


@dataclass(frozen=True)
class Table:
    query: Query
    rows: list[Row]
    total: Row
    sealed: int  # 密封件: counted, never broken down
    previous: Period
    year_before: Period
    multi_valued: bool = False  # a report has several (categories, tags): rows overlap
    filters: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        q = self.query
        return {
            "dimension": q.dim,
            "dimension_label": DIMENSIONS[q.dim],
            "period": {
                "name": q.period.name,
                "label": q.period.label(),
                "from": q.period.since.isoformat(),
                "to": q.period.until.isoformat(),
            },
            "previous": {
                "from": self.previous.since.isoformat(),
                "to": self.previous.until.isoformat(),
            },
            "year_before": {
                "from": self.year_before.since.isoformat(),
                "to": self.year_before.until.isoformat(),
            },
            "filters": self.filters,
            "rows": [r.as_json() for r in self.rows],
            "total": self.total.as_json(),
            "sealed": self.sealed,
            "multi_valued": self.multi_valued,
        }


@dataclass
class Analysis:
    store: Store

    async def table(self, q: Query, *, compare: bool = True) -> Table:
        """One cross-tab with its totals; ``compare`` adds the previous period and the same
        period a year before (a chart's own table does without). Three queries for a
        dimension a report has one value of, six for categories and tags (their rows
        overlap, so the totals are counted apart)."""
        digits = _REGION_DIGITS[q.region_level]
        prev, year = q.period.previous(), q.period.year_before()
        multi = q.dim in MULTI_VALUED
        periods = [q.filters, within(q.filters, prev), within(q.filters, year)]
        if not compare:
            periods = periods[:1]
        tabs = [await self.store.crosstab(q.dim, f, digits) for f in periods]
        now, before, last = [*tabs, [], []][:3]
        totals = (
            [await self.store.crosstab("year", f, digits) for f in periods] if multi else tabs
        ) + [[], []]
        by_prev = {c.key: c.reports for c in before}
        by_year = {c.key: c.reports for c in last}
        keys = [c.key for c in now] + [k for k in by_prev if k not in {c.key for c in now}]
        cells = {c.key: c for c in now}
        rows = [_row(q.dim, k, cells.get(k), by_prev.get(k, 0), by_year.get(k, 0)) for k in keys]
        if q.dim == "month":
            rows.sort(key=lambda r: r.key or "")
        total = _row(
            "total",
            "total",
            _sum(totals[0]),
            sum(c.reports for c in totals[1]),
            sum(c.reports for c in totals[2]),
        )
        total = replace(total, label="合计")
        return Table(
            query=q,
            rows=rows,
            total=total,
            sealed=await self.store.sealed_count(q.filters),
            previous=prev,
            year_before=year,
            multi_valued=multi,
            filters=filter_values(q.filters),
        )


def within(f: StatFilter, p: Period) -> StatFilter:
    """The same filters over another period."""
    return replace(f, since=p.since, until=p.until)


def _sum(cells: list[StatCell]) -> StatCell:
    return StatCell(
        "total",
        sum(c.reports for c in cells),
        sum(c.matters for c in cells),
        sum(c.batches for c in cells),
        sum(c.people for c in cells),
        sum(c.group_visits for c in cells),
    )


def _row(dim: str, key: str | None, cell: StatCell | None, previous: int, last: int) -> Row:
    c = cell or StatCell(key, 0, 0, 0, 0, 0)
    return Row(
        key=key,
        label=key_label(dim, key),
        reports=c.reports,
        matters=c.matters,
        batches=c.batches,
        people=c.people,
        group_visits=c.group_visits,
        previous=previous,
        last_year=last,
    )


def describe_filter(f: StatFilter) -> str:
    """A filter in words, for the audit log, headings and files (codes and names only)."""
    parts = [f"{f.since.isoformat()}至{f.until.isoformat()}（不含）"]
    for dim, v in filter_values(f).items():
        label = key_label(dim, v)
        parts.append(label if dim == "repeat" else f"{DIMENSIONS[dim]}：{label}")
    return "，".join(parts)


def filter_values(f: StatFilter) -> dict[str, str]:
    """The filters set, as query parameters (codes)."""
    out = {}
    for param, attr in _FILTER_PARAMS.items():
        v = getattr(f, attr)
        if v is not None:
            out[param] = v
    if f.repeat is not None:
        out["repeat"] = "1" if f.repeat else "0"
    return out


def statistics_routes(analysis: Analysis) -> list[web.RouteDef]:
    async def get_statistics(request: web.Request) -> web.Response:
        today = datetime.now(SHANGHAI).date()
        q = parse_query(request.query, today)
        table = await analysis.table(q)
        return web.json_response(table.as_json())

    return [web.get("/api/v1/statistics", get_statistics, name="statistics.get")]
