"""Operations endpoints: liveness, readiness, Prometheus metrics, the OpenAPI document.

Besides the gauges refreshed on each scrape, three kinds of figures are counted as things
happen: intakes stored per channel (``Intake`` reports each new one), the time of each
OCR and speech-recognition ``extract`` call (``timed`` wraps a channel's extractor, so the
channels themselves know nothing of Prometheus), and HTTP requests by route and status
(``http_metrics``, the outermost middleware). Routes are labelled by their aiohttp name, or
for an unnamed route by its pattern, and every request that matched no route by one label:
a label from the raw path would let any client create series without bound.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from channels.contract import Extractor
from gateway.openapi import openapi_document
from gateway.storage import Store
from gateway.workers import WorkerPool
from normalizer.record import Channel, ExtractedText, Original, RawIntake

__all__ = ["UNMATCHED_ROUTE", "Metrics", "http_metrics", "ops_routes", "timed", "timed_extractors"]

# A page of a letter takes seconds; a long letter or a call of an hour takes minutes.
_OCR_BUCKETS = (0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800)
_ASR_BUCKETS = (1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200)
UNMATCHED_ROUTE = "unmatched"


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
        self.warnings = Gauge(
            "intake_warnings",
            "Early warnings (预警) found now, by rule",
            ["rule"],
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
        self.received = Counter(
            "intake_received",
            "Intakes stored, by channel (a repeated submission with the same idempotency key "
            "is not counted again)",
            ["channel"],
            registry=self.registry,
        )
        for channel in Channel:  # every channel shows, at 0 until its first intake
            self.received.labels(channel.value)
        self.ocr_seconds = Histogram(
            "intake_ocr_duration_seconds",
            "Time of one letter's OCR (the extract call of the letter channel), by engine",
            ["engine"],
            buckets=_OCR_BUCKETS,
            registry=self.registry,
        )
        self.asr_seconds = Histogram(
            "intake_asr_duration_seconds",
            "Time of one recording's speech recognition (the extract call of the phone "
            "channel), by engine",
            ["engine"],
            buckets=_ASR_BUCKETS,
            registry=self.registry,
        )
        self.http_requests = Counter(
            "intake_http_requests",
            "HTTP requests by route name and status",
            ["route", "status"],
            registry=self.registry,
        )
        # Async refreshers run on each scrape (features register theirs in create_app).
        self.refreshers: list[Callable[[], Awaitable[None]]] = []


class _Timed:
    """An extractor whose ``extract`` calls are timed into ``histogram`` by engine.

    The engine label is the one the result names (``tesseract:chi_sim+rapidocr:PP-OCRv4``,
    ``vosk``): a value of the configuration, so the series stay few. A call that raises is
    timed under ``failed``, so slow failures (a decoder killed at its wall-clock limit) show.
    """

    def __init__(self, inner: Extractor, histogram: Histogram) -> None:
        self._inner = inner
        self._histogram = histogram

    def ready(self) -> bool:
        return self._inner.ready()

    def extract(self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]) -> ExtractedText:
        start = time.perf_counter()
        try:
            text = self._inner.extract(raw, originals)
        except BaseException:
            self._histogram.labels("failed").observe(time.perf_counter() - start)
            raise
        self._histogram.labels(text.engine or "unknown").observe(time.perf_counter() - start)
        return text


def timed(extractor: Extractor, histogram: Histogram) -> Extractor:
    return _Timed(extractor, histogram)


def timed_extractors(extractors: Mapping[str, Extractor], metrics: Metrics) -> dict[str, Extractor]:
    """The letter extractor timed as OCR, the phone extractor as ASR; others as they are."""
    histograms = {
        Channel.LETTER.value: metrics.ocr_seconds,
        Channel.PHONE.value: metrics.asr_seconds,
    }
    return {
        channel: timed(extractor, histograms[channel]) if channel in histograms else extractor
        for channel, extractor in extractors.items()
    }


def route_label(request: web.Request) -> str:
    """The route's name; an unnamed route's pattern (``/static/{filename}``), never the path."""
    route = request.match_info.route
    if route.resource is None:  # no route matched (404, or 405 for a known path)
        return UNMATCHED_ROUTE
    return route.name or route.resource.canonical


def http_metrics(metrics: Metrics) -> Callable[..., Awaitable[web.StreamResponse]]:
    """Outermost middleware: counts the status the client got, whoever answered."""

    @web.middleware
    async def count(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        status = 500  # an exception that escapes every inner middleware ends as a 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        except asyncio.CancelledError:
            status = 499  # the client went away first (nginx's convention)
            raise
        finally:
            metrics.http_requests.labels(route_label(request), str(status)).inc()

    return count


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
