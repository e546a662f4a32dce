"""The administrators' view of the outbox: counts, oldest pending, parked and dead items, re-send.

A parked delivery (the receiver refused it with a 4xx) or a dead-lettered one (retries used up)
waits here for a person: once the cause is fixed downstream, re-send puts it back in the queue
under the same id, so the receiver's deduplication still holds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from prometheus_client import Gauge

from gateway.accounts import StaffPages
from gateway.auth import principal_of
from gateway.labels import DELIVERY_STATE_LABELS, local_time
from gateway.storage import OutboxItem, OutboxSummary, Store
from normalizer.errors import NotFound

__all__ = ["outbox_routes", "refresh_metrics"]


def _age_s(summary: OutboxSummary) -> float:
    if summary.oldest_pending is None:
        return 0.0
    return max(0.0, (datetime.now(UTC) - summary.oldest_pending).total_seconds())


def _item(i: OutboxItem) -> dict[str, Any]:
    return {
        "id": i.id,
        "intake_id": i.intake_id,
        "intake_no": i.intake_no,
        "destination": i.destination,
        "state": i.state,
        "attempts": i.attempts,
        "created_at": i.created_at.isoformat(),
        "last_status": i.last_status,
        "last_error": i.last_error,
        "response": i.response,
    }


async def refresh_metrics(store: Store, oldest_pending: Gauge) -> None:
    oldest_pending.set(_age_s(await store.outbox_summary(limit=0)))


def outbox_routes(store: Store, pages: StaffPages) -> list[web.RouteDef]:
    async def summary(request: web.Request) -> web.Response:
        s = await store.outbox_summary()
        return web.json_response(
            {
                "counts": s.counts,
                "oldest_pending": s.oldest_pending.isoformat() if s.oldest_pending else None,
                "oldest_pending_age_s": round(_age_s(s), 3),
                "items": [_item(i) for i in s.items],
            }
        )

    async def resend(request: web.Request) -> web.Response:
        delivery_id = request.match_info["id"]
        if not await store.resend_delivery(delivery_id, principal_of(request).actor):
            raise NotFound(
                "delivery_not_found",
                "未找到待重发的投递（仅可重发被拒收或已放弃的投递）。",
                "No parked or dead-lettered delivery with this id.",
            )
        return web.json_response({"id": delivery_id, "state": "pending"})

    async def page(request: web.Request) -> web.Response:
        s = await store.outbox_summary()
        resent = request.query.get("resent", "")
        return aiohttp_jinja2.render_template(
            "outbox.html",
            request,
            pages.context(
                request,
                title="投递队列",
                summary=s,
                counts=[(DELIVERY_STATE_LABELS.get(k, k), n) for k, n in sorted(s.counts.items())],
                oldest=local_time(s.oldest_pending) if s.oldest_pending else None,
                age_min=round(_age_s(s) / 60),
                parked=[i for i in s.items if i.state == "parked"],
                dead=[i for i in s.items if i.state == "dead"],
                resent=resent if resent.replace("-", "").isalnum() else "",
            ),
        )

    async def resend_form(request: web.Request) -> web.Response:
        """The page's button: same re-send as the API, behind the staff form token."""
        form = await request.post()
        csrf = form.get("csrf")
        if not pages.csrf_ok(request, csrf if isinstance(csrf, str) else None):
            return aiohttp_jinja2.render_template(
                "staff_message.html",
                request,
                pages.context(request, title="表单已过期", message="请返回投递队列刷新后重试。"),
                status=400,
            )
        delivery_id = str(form.get("id", ""))
        done = await store.resend_delivery(delivery_id, principal_of(request).actor)
        where = f"/staff/outbox?resent={delivery_id}" if done else "/staff/outbox"
        return web.Response(status=303, headers={"Location": where})

    return [
        web.get("/api/v1/outbox", summary, name="outbox.summary"),
        web.post("/api/v1/outbox/{id}/resend", resend, name="outbox.resend"),
        web.get("/staff/outbox", page, name="outbox.page"),
        web.post("/staff/outbox/resend", resend_form, name="outbox.resend_form"),
    ]
