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

from gateway.auth import principal_of
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


def outbox_routes(store: Store) -> list[web.RouteDef]:
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
        return aiohttp_jinja2.render_template(
            "outbox.html",
            request,
            {
                "summary": s,
                "age_s": _age_s(s),
                "parked": [i for i in s.items if i.state == "parked"],
                "dead": [i for i in s.items if i.state == "dead"],
            },
        )

    return [
        web.get("/api/v1/outbox", summary, name="outbox.summary"),
        web.post("/api/v1/outbox/{id}/resend", resend, name="outbox.resend"),
        web.get("/staff/outbox", page, name="outbox.page"),
    ]
