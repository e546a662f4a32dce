"""The 综合分析 pages: cross-tabs with charts, drill-down to items, 专题分析 (saved filters) and
the 重点问题目录 (catalogue of key issues).

Charts are drawn by Apache ECharts, served from ``/static/vendor`` (the CSP allows scripts
from 'self' only); the figures reach the chart script as a JSON data block, never as script,
and every chart has its table beside it, so a figure can be read without the chart and the
browser test compares the two.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup

from gateway.accounts import StaffPages
from gateway.analysis import (
    DIMENSIONS,
    LEVEL_LABELS,
    REAL_NAME_LABELS,
    Analysis,
    Period,
    Query,
    Table,
    add_months,
    describe_filter,
    key_label,
    parse_query,
    within,
)
from gateway.auth import DECIDERS, EXPORTERS, Role, principal_of
from gateway.keyissues import parse_catalogue
from gateway.labels import CHANNEL_LABELS, ORIGIN_LABELS, local_time
from gateway.storage import SHANGHAI, StatFilter, Store, Topic
from normalizer.errors import InvalidInput
from normalizer.extraction.categories import CATEGORY_LABELS
from normalizer.triage import CLASSIFICATION_LABELS

__all__ = ["analysis_page_routes"]

ECHARTS = "/static/vendor/echarts-6.1.0.min.js"
_ITEMS_PAGE = 50
# A cell's key as the filter that selects it (the drill-down link).
_DIM_PARAM = {
    "channel": "channel",
    "origin": "origin",
    "class": "class",
    "real_name": "real_name",
    "repeat": "repeat",
    "region": "region",
    "unit": "unit",
    "level": "level",
    "category": "category",
    "tag": "tag",
    "acceptance": "acceptance",
    "route": "route",
    "disposal": "disposal",
}
_QUERY_PARAMS = ("period", "from", "to", "dim", "region_level", *_DIM_PARAM.values())


def _today() -> date:
    return datetime.now(SHANGHAI).date()


def _kept(params: Mapping[str, str], drop: tuple[str, ...] = ()) -> dict[str, str]:
    return {k: params[k] for k in _QUERY_PARAMS if params.get(k) and k not in drop}


def drill_link(params: Mapping[str, str], q: Query, key: str | None) -> str | None:
    """The items behind one cell: the page's filters plus the cell's value."""
    if key is None or key == "":
        return None
    keep = _kept(params, drop=("dim", "region_level"))
    if q.dim == "month":
        keep.pop("from", None)
        keep.pop("to", None)
        keep["period"] = key
    else:
        keep[_DIM_PARAM[q.dim]] = key
    return "/staff/analysis/items?" + urlencode(keep)


def _chart(name: str, kind: str, title: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": name, "kind": kind, "title": title, "rows": rows}


def _points(table: Table, limit: int = 15) -> list[dict[str, Any]]:
    return [{"label": r.label, "value": r.reports} for r in table.rows[:limit]]


def analysis_page_routes(analysis: Analysis, store: Store, pages: StaffPages) -> list[web.RouteDef]:
    async def page(request: web.Request) -> web.Response:
        params = dict(request.query)
        topic = None
        if params.get("topic"):
            topic = next((t for t in await store.topics() if t.id == params["topic"]), None)
            if topic is not None:
                params = {
                    **json.loads(topic.filters),
                    **{k: v for k, v in params.items() if k in ("dim", "region_level")},
                }
                asked = {
                    k: v for k, v in request.query.items() if k in ("period", "from", "to") and v
                }
                if asked:  # another period asked for: the topic's own gives way
                    for k in ("period", "from", "to"):
                        params.pop(k, None)
                    params.update(asked)
        try:
            q = parse_query(params, _today())
        except InvalidInput as exc:
            return pages.message(request, "统计条件有误", exc.message_zh, 422)
        table = await analysis.table(q)
        # The four charts: this table, the monthly trend of the last twelve months, the region
        # ranking and the category share, each drawn beside its own table.
        year_span = Period(add_months(q.period.until, -12), q.period.until, "近十二个月", "range")
        trend = await analysis.table(
            Query("month", year_span, within(q.filters, year_span), q.region_level),
            compare=False,
        )
        regions = table
        if q.dim != "region":
            by_region = Query("region", q.period, q.filters, q.region_level)
            regions = await analysis.table(by_region, compare=False)
        categories = table
        if q.dim != "category":
            categories = await analysis.table(Query("category", q.period, q.filters), compare=False)
        charts = [
            _chart("c-main", "bar", f"按{DIMENSIONS[q.dim]}（件次）", _points(table)),
            _chart("c-trend", "line", "近十二个月趋势（件次）", _points(trend, 12)),
            _chart("c-region", "rank", "地区排名（件次）", _points(regions, 10)),
            _chart("c-category", "pie", "问题类别占比（件次）", _points(categories, 12)),
        ]
        rows = [{"row": r, "link": drill_link(params, q, r.key)} for r in table.rows]
        return aiohttp_jinja2.render_template(
            "analysis.html",
            request,
            pages.context(
                request,
                q=q,
                table=table,
                rows=rows,
                trend=trend,
                regions=regions,
                categories=categories,
                charts_json=script_json(charts),
                echarts=ECHARTS,
                params=params,
                topic=topic,
                dimensions=DIMENSIONS,
                options=_options(),
                shortcuts=_shortcuts(_today()),
                export_query=urlencode(_kept(params)),
                can_export=principal_of(request).role in EXPORTERS,
                can_save=principal_of(request).role in DECIDERS,
            ),
        )

    async def items(request: web.Request) -> web.Response:
        params = dict(request.query)
        try:
            q = parse_query(params, _today())
        except InvalidInput as exc:
            return pages.message(request, "统计条件有误", exc.message_zh, 422)
        n = (
            int(params["page"])
            if params.get("page", "").isdigit() and int(params["page"]) > 0
            else 1
        )
        found, total = await store.stat_items(q.filters, _ITEMS_PAGE, (n - 1) * _ITEMS_PAGE)
        await store.audit(
            principal_of(request).actor, "analysis_items", _describe(q.filters, total)
        )
        rows = [
            {
                "intake_no": i.intake_no,
                "day": i.day,
                "channel": key_label("channel", i.channel),
                "klass": i.klass or "（待研判）",
                "repeat": "重复" if i.repeat else "初次",
                "level": key_label("level", i.level),
                "region": key_label("region", i.region),
                "unit": i.unit or "",
                "acceptance": key_label("acceptance", i.acceptance),
                "route": key_label("route", i.route),
                "disposal": i.disposal or "",
            }
            for i in found
        ]
        keep = {k: v for k, v in params.items() if k != "page"}
        return aiohttp_jinja2.render_template(
            "analysis_items.html",
            request,
            pages.context(
                request,
                rows=rows,
                total=total,
                page=n,
                pages_n=max(1, -(-total // _ITEMS_PAGE)),
                keep=urlencode(keep),
                filters=_describe(q.filters, None),
                back="/staff/analysis?" + urlencode(_kept(params)),
            ),
        )

    async def topics(request: web.Request) -> web.Response:
        listed = [
            {
                "id": t.id,
                "title": t.title,
                "filters": _describe_params(json.loads(t.filters)),
                "by": t.created_by,
                "at": local_time(t.created_at, "%Y-%m-%d %H:%M"),
            }
            for t in await store.topics()
        ]
        return aiohttp_jinja2.render_template(
            "analysis_topics.html",
            request,
            pages.context(
                request,
                topics=listed,
                can_save=principal_of(request).role in DECIDERS,
            ),
        )

    async def topic_save(request: web.Request) -> web.Response:
        form = await request.post()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        if not pages.csrf_ok(request, values.pop("csrf", None)):
            return pages.message(request, "表单已过期", "请返回上一页刷新后重试。", 400)
        title = values.pop("title", "").strip()[:100]
        if not title:
            return pages.message(request, "未能保存专题", "请填写专题名称。", 422)
        kept = _kept(values)  # with its period if one was chosen; a page may ask another
        try:
            parse_query(kept, _today())
        except InvalidInput as exc:
            return pages.message(request, "未能保存专题", exc.message_zh, 422)
        actor = principal_of(request).actor
        topic = Topic(
            uuid.uuid4().hex[:12],
            title,
            json.dumps(kept, ensure_ascii=False),
            actor,
            datetime.now(UTC),
        )
        await store.add_topic(topic)
        await store.audit(actor, "topic_saved", title)
        return web.Response(status=303, headers={"Location": f"/staff/analysis?topic={topic.id}"})

    async def topic_delete(request: web.Request) -> web.Response:
        form = await request.post()
        if not pages.csrf_ok(request, str(form.get("csrf", ""))):
            return pages.message(request, "表单已过期", "请返回上一页刷新后重试。", 400)
        if not await store.delete_topic(request.match_info["id"]):
            raise web.HTTPNotFound()
        await store.audit(principal_of(request).actor, "topic_deleted", request.match_info["id"])
        return web.Response(status=303, headers={"Location": "/staff/topics"})

    async def key_issues(
        request: web.Request,
        *,
        text: str | None = None,
        error: str | None = None,
        status: int = 200,
    ) -> web.Response:
        versions = await store.catalogue_versions()
        current = await store.catalogue(versions[0].version) if versions else []
        if text is None:
            text = "\n".join(
                " | ".join(
                    [k.code, k.title, ";".join(k.keywords), k.valid_from or "", k.valid_to or ""]
                ).rstrip(" |")
                for k in current
            )
        return aiohttp_jinja2.render_template(
            "key_issues.html",
            request,
            pages.context(
                request,
                current=current,
                versions=[
                    {
                        "version": v.version,
                        "note": v.note or "",
                        "by": v.created_by,
                        "at": local_time(v.created_at, "%Y-%m-%d %H:%M"),
                        "retag": (
                            f"已完成（{local_time(v.retag_done_at, '%Y-%m-%d %H:%M')}）"
                            if v.retag_done_at
                            else "进行中"
                        ),
                    }
                    for v in versions
                ],
                text=text,
                error=error,
                is_admin=principal_of(request).role == Role.ADMIN,
                saved=bool(request.query.get("saved")),
            ),
            status=status,
        )

    async def key_issues_page(request: web.Request) -> web.Response:
        return await key_issues(request)

    async def key_issues_save(request: web.Request) -> web.Response:
        form = await request.post()
        if not pages.csrf_ok(request, str(form.get("csrf", ""))):
            return pages.message(request, "表单已过期", "请返回上一页刷新后重试。", 400)
        text = str(form.get("catalogue", ""))[:100_000]
        try:
            issues = parse_catalogue(text)
        except ValueError as exc:
            return await key_issues(request, text=text, error=str(exc), status=422)
        if not issues:
            return await key_issues(request, text=text, error="目录至少要有一项。", status=422)
        actor = principal_of(request).actor
        note = str(form.get("note", "")).strip()[:200] or None
        version = await store.new_catalogue(issues, note, actor)
        await store.audit(actor, "key_issues_saved", f"第 {version} 版，{len(issues)} 项")
        return web.Response(status=303, headers={"Location": "/staff/key-issues?saved=1"})

    return [
        web.get("/staff/analysis", page, name="staff.analysis"),
        web.get("/staff/analysis/items", items, name="staff.analysis_items"),
        web.get("/staff/topics", topics, name="staff.topics"),
        web.post("/staff/topics", topic_save, name="staff.topic_save"),
        web.post("/staff/topics/{id}/delete", topic_delete, name="staff.topic_delete"),
        web.get("/staff/key-issues", key_issues_page, name="staff.key_issues"),
        web.post("/staff/key-issues", key_issues_save, name="staff.key_issues_save"),
    ]


def script_json(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` block: no character of it can end the
    element or start markup, so labels typed by staff stay data."""
    text = json.dumps(value, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(ch, esc)
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped


def _shortcuts(today: date) -> list[tuple[str, str]]:
    """This month, last month, this quarter, this year and last year, as period names."""
    month = Period.parse(f"{today.year}-{today.month:02d}")
    quarter = Period.parse(f"{today.year}Q{(today.month + 2) // 3}")
    return [
        (month.name, "本月"),
        (month.previous().name, "上月"),
        (quarter.name, "本季度"),
        (str(today.year), "本年"),
        (str(today.year - 1), "上年"),
    ]


def _options() -> dict[str, dict[str, str]]:
    """The choices of the filter form, code → Chinese name."""
    return {
        "channel": dict(CHANNEL_LABELS),
        "origin": dict(ORIGIN_LABELS),
        "class": {c.value: label for c, label in CLASSIFICATION_LABELS.items()},
        "real_name": dict(REAL_NAME_LABELS),
        "level": {lv.value: label for lv, label in LEVEL_LABELS.items()},
        "category": {c: c for c in sorted(CATEGORY_LABELS)},
        "acceptance": {
            k: key_label("acceptance", k) for k in ("ACCEPTED", "PASSED_ON", "NOT_ACCEPTED")
        },
        "repeat": {"0": "初次举报", "1": "重复举报"},
    }


def _describe(f: StatFilter, total: int | None) -> str:
    """The filter in words, with the number of items found when given."""
    text = describe_filter(f)
    return f"{text}：{total} 件" if total is not None else text


def _describe_params(params: Mapping[str, str]) -> str:
    shown = [
        f"{DIMENSIONS.get(k, k)}：{key_label(k, v)}" for k, v in params.items() if k in _DIM_PARAM
    ]
    if params.get("dim"):
        shown.insert(0, f"按{DIMENSIONS.get(params['dim'], params['dim'])}统计")
    return "，".join(shown) or "全部"
