"""Dead-lettered jobs for staff: the list with each reason in Chinese, and 重新处理.

A job is dead-lettered when retrying cannot help (an unreadable original) or its attempts are
used up; until a person looks, the intake sits in stage ``dead_letter`` and reaches no one.
This page is the browser twin of ``intake-gateway replay``: the same ``Store.replay_dead``,
one REPLAYED event per job naming the staff member, after the cause is fixed (a missing
speech model installed, an engine repaired).
"""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from gateway.accounts import StaffPages
from gateway.auth import principal_of
from gateway.labels import CHANNEL_LABELS, JOB_KIND_LABELS, failure_label, local_time
from gateway.storage import Store

__all__ = ["failure_routes"]


def failure_routes(store: Store, pages: StaffPages) -> list[web.RouteDef]:
    async def listing(request: web.Request) -> web.Response:
        jobs = await store.dead_jobs()
        replayed = request.query.get("replayed", "")
        return aiohttp_jinja2.render_template(
            "failures.html",
            request,
            pages.context(
                request,
                title="处理失败",
                items=[
                    {
                        "intake_no": j.intake_no,
                        "channel": CHANNEL_LABELS.get(j.channel, j.channel),
                        "kind": JOB_KIND_LABELS.get(j.kind, j.kind),
                        "reason": failure_label(j.error),
                        "attempts": j.attempts,
                        "received": local_time(j.received_at, "%Y-%m-%d %H:%M"),
                        "failed": local_time(j.failed_at, "%Y-%m-%d %H:%M"),
                    }
                    for j in jobs
                ],
                replayed=replayed if replayed.isalnum() else "",
            ),
        )

    async def replay(request: web.Request) -> web.Response:
        form = await request.post()
        csrf = form.get("csrf")
        if not pages.csrf_ok(request, csrf if isinstance(csrf, str) else None):
            return aiohttp_jinja2.render_template(
                "staff_message.html",
                request,
                pages.context(
                    request, title="表单已过期", message="请返回处理失败列表刷新后重试。"
                ),
                status=400,
            )
        number = str(form.get("intake_no", "")).strip().upper()
        done = await store.replay_dead([number], principal_of(request).actor) if number else []
        where = f"/staff/failed?replayed={done[0]}" if done else "/staff/failed"
        return web.Response(status=303, headers={"Location": where})

    return [
        web.get("/staff/failed", listing, name="staff.failed"),
        web.post("/staff/failed/replay", replay, name="staff.replay"),
    ]
