"""Operations endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from gateway.openapi import openapi_document
from gateway.storage import Store
from gateway.workers import WorkerPool

__all__ = ["Metrics", "ops_routes"]


class Metrics:
    """Per-application registry (no module-level singletons): gauges refreshed on scrape."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.stage = Gauge("intake_records", "Records by stage", ["stage"], registry=self.registry)
        self.jobs = Gauge("intake_jobs", "Jobs by state", ["state"], registry=self.registry)
        self.outbox = Gauge(
            "intake_outbox", "Deliveries by state", ["state"], registry=self.registry
        )
        self.workers_alive = Gauge(
            "intake_workers_alive", "1 when the pool runs", registry=self.registry
        )
        self.waiting = Gauge(
            "intake_engine_waiting",
            "1 while a job kind waits for its engine",
            ["kind"],
            registry=self.registry,
        )
        # forwarding and deadlines (issue 8)
        self.delivery_alerts = Counter(
            "intake_delivery_alerts",
            "Deliveries parked (rejected) or dead-lettered",
            ["outcome"],
            registry=self.registry,
        )
        self.outbox_oldest_pending = Gauge(
            "intake_outbox_oldest_pending_seconds",
            "Age of the oldest undelivered delivery",
            registry=self.registry,
        )
        self.deadlines_overdue = Gauge(
            "intake_deadlines_overdue", "Open deadlines past due", registry=self.registry
        )
        self.deadline_warnings = Gauge(
            "intake_deadline_warnings",
            "Open deadlines past a warning fraction",
            ["fraction"],
            registry=self.registry,
        )
        self.unhandled_errors = Counter(
            "intake_unhandled_errors",
            "Requests that ended in an exception outside the error tree (500)",
            registry=self.registry,
        )
        # Async refreshers run on each scrape (features register theirs in create_app).
        self.refreshers: list[Callable[[], Awaitable[None]]] = []


def ops_routes(
    store: Store,
    pool: Callable[[], WorkerPool | None],
    metrics: Metrics,
    checks: Callable[[], dict[str, Any]] = dict,
    space: Callable[[], tuple[int, int]] | None = None,
) -> list[web.RouteDef]:
    """``space`` gives (free bytes, bytes the largest accepted request needs) of the data
    folder: "writable" alone said ready while every submission got 503 on a full disk."""
    doc = openapi_document()

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(request: web.Request) -> web.Response:
        report: dict[str, Any] = {}
        ok = True
        try:
            await store.check_writable()
            report["storage"] = "writable"
        except Exception as exc:
            ok = False
            report["storage"] = f"not writable: {type(exc).__name__}"
        if space is not None:
            free, needed = await asyncio.to_thread(space)
            report["storage_space"] = {"free_bytes": free, "needed_bytes": needed}
            if free < needed:
                ok = False
                report["storage"] = "too little free space for the largest accepted request"
        workers = pool()  # only what this process runs is checked
        if workers is not None:
            report["workers"] = "alive" if workers.alive else "stopped"
            ok = ok and workers.alive
            report["waiting_for_engine"] = workers.waiting_kinds()
        report.update(checks())
        report["status"] = "ready" if ok else "not ready"
        return web.json_response(report, status=200 if ok else 503)

    async def metrics_view(request: web.Request) -> web.Response:
        counts = await store.counts()
        for gauge, key in (
            (metrics.stage, "stage"),
            (metrics.jobs, "jobs"),
            (metrics.outbox, "outbox"),
        ):
            gauge.clear()
            for label, n in counts[key].items():
                gauge.labels(label).set(n)
        workers = pool()
        metrics.workers_alive.set(1 if workers is not None and workers.alive else 0)
        metrics.waiting.clear()
        for kind in workers.waiting_kinds() if workers is not None else ():
            metrics.waiting.labels(kind).set(1)
        for refresh in metrics.refreshers:
            await refresh()
        return web.Response(
            body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    async def openapi(request: web.Request) -> web.Response:
        return web.json_response(doc)

    return [
        web.get("/healthz", healthz, name="healthz"),
        web.get("/readyz", readyz, name="readyz"),
        web.get("/metrics", metrics_view, name="metrics"),
        web.get("/api/v1/openapi.json", openapi, name="openapi"),
    ]
