"""The staff record list and search, the 承办人's own queue, assignment, and the audit page.

Search by name, ID number, phone, accused or unit goes through the blind index
(``gateway.blind``): the value typed is hashed with the index key and looked up, so no record
is decrypted to search and none leaves the database in clear. Matches are exact (after
removing spaces); a search by identity is written to the audit log with the fields searched
and the number found, never the values.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

import aiohttp_jinja2
import msgspec
from aiohttp import web

from gateway.accounts import ROLE_LABELS, StaffPages
from gateway.administration import ACCOUNT_ACTIONS, describe
from gateway.auth import Role, principal_of
from gateway.blind import digest
from gateway.labels import (
    CHANNEL_LABELS,
    DEADLINE_LABELS,
    FLAG_LABELS,
    STAGE_LABELS,
    event_reason,
    local_time,
)
from gateway.records import find_visible
from gateway.storage import SHANGHAI, SearchQuery, Store
from normalizer.extraction import parse_phone
from normalizer.record import ComplaintRecord
from normalizer.repeats import search_fact
from normalizer.stages import TERMINAL

__all__ = ["PAGE_SIZE", "SEARCH_FIELDS", "workbench_routes"]

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Searched through the blind index: (form field, label, identity of the complainant?).
SEARCH_FIELDS = (
    ("name", "检举控告人姓名", True),
    ("id_number", "身份证号码", True),
    ("phone", "联系电话", True),
    ("accused", "被反映人姓名", False),
    ("unit", "被反映人单位", False),
)
_ASSIGNERS = frozenset({Role.HEAD, Role.ADMIN})
_HANDLERS = ("reviewer", "head")
_TERMINAL = frozenset(str(s) for s in TERMINAL)


def _day(text: str) -> datetime | None:
    try:
        return datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time(), SHANGHAI)
    except ValueError:
        return None


def _phone(value: str) -> str:
    found = parse_phone(value)
    return found.e164 if found is not None and found.e164 else value


def workbench_routes(store: Store, pages: StaffPages, match_secret: bytes) -> list[web.RouteDef]:
    async def blind_ids(values: Mapping[str, str]) -> tuple[frozenset[str] | None, list[str]]:
        """Intakes matching every blind-index field given, and the labels of those fields."""
        ids: set[str] | None = None
        used = []
        for name, label, _ in SEARCH_FIELDS:
            raw = values.get(name, "").strip()
            fact = search_fact(name, _phone(raw) if name == "phone" else raw)
            if fact is None:
                continue
            used.append(label)
            found = await store.intakes_with(digest(match_secret, *fact))
            ids = found if ids is None else ids & found
        return (frozenset(ids) if ids is not None else None), used

    async def record_list(request: web.Request) -> web.Response:
        q = request.query
        errors: dict[str, str] = {}
        since = _day(q.get("from", "")) if q.get("from") else None
        until = _day(q.get("to", "")) if q.get("to") else None
        if q.get("from") and since is None:
            errors["from"] = "日期格式应为 年-月-日，例如 2026-12-01。"
        if q.get("to") and until is None:
            errors["to"] = "日期格式应为 年-月-日，例如 2026-12-31。"
        page = int(q["page"]) if q.get("page", "").isdigit() and int(q["page"]) > 0 else 1
        size = int(q["size"]) if q.get("size", "").isdigit() else PAGE_SIZE
        size = min(max(size, 1), MAX_PAGE_SIZE)
        ids, used = await blind_ids(q)
        items: list[dict[str, Any]] = []
        total = 0
        if not errors:
            query = SearchQuery(
                intake_no=q.get("no", "").strip().upper() or None,
                channel=q.get("channel") or None,
                stage=q.get("stage") or None,
                since=since,
                until=until + timedelta(days=1) if until else None,
                ids=ids,
                oldest_first=q.get("sort") == "old",
                limit=size,
                offset=(page - 1) * size,
            )
            items, total = await store.search(query)
        identity = [label for name, label, who in SEARCH_FIELDS if who and q.get(name, "").strip()]
        if identity:
            await store.audit(
                principal_of(request).actor, "search", f"{'、'.join(identity)}：{total} 件"
            )
        rows = [
            {
                **i,
                "channel_label": CHANNEL_LABELS.get(i["channel"], i["channel"]),
                "stage_label": STAGE_LABELS.get(i["stage"], i["stage"]),
                "received": local_time(i["received_at"], "%Y-%m-%d %H:%M"),
                "reasons": [FLAG_LABELS.get(f, f) for f in i["flags"]],
                "assignee_label": i["assignee"] or "",
            }
            for i in items
        ]
        pages_n = max(1, -(-total // size))
        keep = {k: v for k, v in q.items() if k != "page"}
        return aiohttp_jinja2.render_template(
            "record_list.html",
            request,
            pages.context(
                request,
                rows=rows,
                total=total,
                page=page,
                pages_n=pages_n,
                keep=keep,
                q=q,
                errors=errors,
                fields=SEARCH_FIELDS,
                searched=used,
                channels=CHANNEL_LABELS,
                stages={s: STAGE_LABELS[s] for s in STAGE_LABELS if s != "dead_letter"},
            ),
            status=422 if errors else 200,
        )

    async def mine(request: web.Request) -> web.Response:
        me = principal_of(request).actor
        items, _ = await store.search(SearchQuery(assignee=me, oldest_first=True, limit=500))
        deadlines: dict[str, list[Any]] = {}
        for d in await store.list_deadlines():
            deadlines.setdefault(d.intake_id, []).append(d)
        rows = []
        for i in items:
            if i["stage"] in _TERMINAL:
                continue
            intake = await store.load(i["id"])
            record = (
                msgspec.json.decode(intake.record, type=ComplaintRecord)
                if intake is not None and intake.record
                else None
            )
            rows.append(
                {
                    **i,
                    "channel_label": CHANNEL_LABELS.get(i["channel"], i["channel"]),
                    "stage_label": STAGE_LABELS.get(i["stage"], i["stage"]),
                    "received": local_time(i["received_at"], "%Y-%m-%d"),
                    "accused": "、".join(
                        " ".join(p for p in (a.name, a.unit, a.position) if p)
                        for a in (record.accused if record else [])
                    ),
                    "deadlines": [
                        f"{DEADLINE_LABELS.get(d.kind, d.kind)} {d.due.isoformat()}"
                        for d in sorted(deadlines.get(i["id"], []), key=lambda d: d.due)
                    ],
                }
            )
        return aiohttp_jinja2.render_template(
            "my_queue.html", request, pages.context(request, rows=rows)
        )

    async def assign(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        form = await request.post()
        values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
        if not pages.csrf_ok(request, values.pop("csrf", None)):
            return pages.message(request, "表单已过期", "请返回记录页面刷新后重试。", 400)
        principal = principal_of(request)
        wanted = values.get("assignee", "").strip()
        if wanted == "me":
            assignee: str | None = principal.actor
        elif wanted == "":
            assignee = None
        elif principal.role in _ASSIGNERS:
            user = await store.get_user(wanted)
            if user is None or user.role not in _HANDLERS:
                return pages.message(request, "未能指定承办人", "请选择一名审核人员。", 422)
            assignee = f"{user.role}:{user.name}"
        else:
            return pages.message(
                request, "未能指定承办人", "只有信访室负责人可以指定他人承办。", 403
            )
        current = await store.assignee_of(intake.id)
        if (
            assignee is None
            and current not in (None, principal.actor)
            and (principal.role not in _ASSIGNERS)
        ):
            return pages.message(request, "未能退回", "只有承办人本人或信访室负责人可以退回。", 403)
        if not await store.assign(intake.id, assignee, principal.actor):
            raise web.HTTPNotFound()
        return web.Response(
            status=303, headers={"Location": f"/staff/records/{intake.intake_no}?saved=4"}
        )

    async def audit(request: web.Request) -> web.Response:
        q = request.query
        who = q.get("actor", "").strip() or None
        action = q.get("action") if q.get("action") in _ACTION_LABELS else None
        number = q.get("no", "").strip().upper() or None
        errors: dict[str, str] = {}
        since = _day(q.get("from", "")) if q.get("from") else None
        until = _day(q.get("to", "")) if q.get("to") else None
        if q.get("from") and since is None:
            errors["from"] = "日期格式应为 年-月-日，例如 2026-12-01。"
        if q.get("to") and until is None:
            errors["to"] = "日期格式应为 年-月-日，例如 2026-12-31。"
        entries = (
            []
            if errors
            else await store.audit_entries(
                actor=who,
                action=action,
                intake_no=number,
                since=since,
                until=until + timedelta(days=1) if until else None,
                limit=1000,
            )
        )
        used = [
            label
            for label, value in (
                ("人员", who),
                ("操作", action),
                ("受理编号", number),
                ("日期", since or until),
            )
            if value
        ]
        detail = f"按{'、'.join(used)}筛选" if used else None
        await store.audit(principal_of(request).actor, "audit_viewed", detail)
        rows = [
            {
                "at": local_time(e.at, "%Y-%m-%d %H:%M:%S"),
                "actor": e.actor,
                "action": _ACTION_LABELS.get(e.action, e.action),
                "detail": _detail(e.action, e.detail),
                "intake_no": e.intake_no,
            }
            for e in entries
        ]
        return aiohttp_jinja2.render_template(
            "audit.html",
            request,
            pages.context(
                request,
                rows=rows,
                q=q,
                actor=who or "",
                action=action or "",
                actions=_ACTION_LABELS,
                errors=errors,
            ),
            status=422 if errors else 200,
        )

    return [
        web.get("/staff/records", record_list, name="staff.records"),
        web.get("/staff/mine", mine, name="staff.mine"),
        web.post("/staff/records/{key}/assign", assign, name="staff.assign"),
        web.get("/staff/audit", audit, name="staff.audit"),
    ]


_ACTION_LABELS = {
    "search": "按身份信息检索",
    "audit_viewed": "查看审计记录",
    "IDENTITY_VIEWED": "查看身份信息",
    "FIELD_CORRECTED": "更正字段",
    "ASSIGNED": "指定承办人",
    "FLAG_DISMISSED": "排除标记",
    "analysis_items": "查看统计明细",
    "analysis_xlsx": "导出综合分析表格",
    "analysis_docx": "生成综合分析报告初稿",
    "inspection_viewed": "查看巡视巡察信访情况",
    "inspection_xlsx": "导出巡视巡察信访情况",
    **ACCOUNT_ACTIONS,
}


def _detail(action: str, detail: str | None) -> str:
    if action in ACCOUNT_ACTIONS:
        return describe(action, detail)
    if action == "ASSIGNED" and not detail:
        return "退回待分配"
    if action in _ACTION_LABELS and action.isupper():  # a trajectory event
        return event_reason(action, detail)
    return detail or ""


def assignee_choices(users: list[Any]) -> list[tuple[str, str]]:
    """Users who can be given an item, as (login name, label) for a select."""
    return [
        (u.name, f"{u.name}（{ROLE_LABELS.get(u.role, u.role)}）")
        for u in users
        if u.role in _HANDLERS
    ]
