"""``create_app(settings)``: the aiohttp application and the resources it owns.

Storage opens here; the worker pool (and later SMTP, the spool watcher and the forwarder)
start and stop through ``cleanup_ctx`` so that each resource's start sits beside its stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import shutil
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import aiohttp_jinja2
import jinja2
import msgspec
from aiohttp import web

from channels.contract import Extractor
from channels.letter_ocr.adapter import LetterLimits
from channels.letter_ocr.mail import ScanMailHandler, SmtpLimits, smtp_factory
from channels.letter_ocr.routes import letter_routes
from channels.phone.adapter import CallLimits
from channels.phone.audio import AudioFormat
from channels.phone.routes import phone_routes
from channels.phone.spool import SpoolWatcher
from channels.sandbox import DecodeLimits
from channels.uploads import Limits
from channels.visit.desk import StoredVisit, desk_routes
from channels.web.channel import web_channel
from gateway.accounts import StaffPages, account_routes
from gateway.administration import administration_routes
from gateway.analysis import Analysis, percent, statistics_routes
from gateway.analysis_pages import analysis_page_routes
from gateway.attachments import HeldAttachments
from gateway.auth import Role, auth_middleware, hash_api_key, principal_of
from gateway.blobs import BlobStore, DatabaseBlobs, FileBlobs
from gateway.callbacks import callback_routes, return_routes
from gateway.crypto import KeyRing, load_keyring
from gateway.deadlines import deadline_routes
from gateway.deadlines import refresh_metrics as refresh_deadline_metrics
from gateway.decisions import OrganSettings
from gateway.documents import document_routes, offered_documents
from gateway.errorpages import error_pages
from gateway.exports import export_routes
from gateway.failures import failure_routes
from gateway.feedback import feedback_routes
from gateway.forwarding import forwarder_context
from gateway.handover import handover_routes
from gateway.home import home_routes
from gateway.intake import Intake
from gateway.keyissues import Statistics
from gateway.labels import ORIGIN_LABELS, actor_html, local_time
from gateway.ops import Metrics, http_metrics, ops_routes, timed_extractors
from gateway.originals import Originals
from gateway.outbox import outbox_routes
from gateway.outbox import refresh_metrics as refresh_outbox_metrics
from gateway.pipeline import Pipeline, first_job
from gateway.problems import decode_json, problem_middleware_counting
from gateway.querycode import QueryCodes
from gateway.records import record_routes
from gateway.registry import build_extractors
from gateway.review import review_routes
from gateway.routing import Triage, purge_sealed, routing_routes
from gateway.settings import Settings, is_loopback
from gateway.storage import NewEvent, StorageError, Store, open_store
from gateway.supervision import RULES, Supervision, supervision_routes
from gateway.throttles import limiter_factory
from gateway.triage_pages import triage_page_routes
from gateway.workbench import workbench_routes
from gateway.workers import WorkerPool
from normalizer.record import RawIntake, VisitIntake
from normalizer.statistics import CountingRules
from normalizer.workdays import WorkCalendar, parse_holiday_file

__all__ = [
    "INTAKE",
    "KEYRING",
    "ORIGINALS",
    "POOL",
    "SETTINGS",
    "SMTP",
    "STORE",
    "SmtpListener",
    "create_app",
]

log = logging.getLogger(__name__)
# How often a worker process looks for sealed items past their keeping time.
SEALED_PURGE_EVERY_S = 600.0

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", Store)
ORIGINALS = web.AppKey("originals", Originals)
KEYRING = web.AppKey("keyring", KeyRing)
INTAKE = web.AppKey("intake", Intake)
POOL = web.AppKey("pool", WorkerPool)


@dataclasses.dataclass
class SmtpListener:
    """Where this process's SMTP listener is bound; ``port`` is None while it stands by."""

    port: int | None = None


SMTP = web.AppKey("smtp", SmtpListener)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
}


@web.middleware
async def security_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    response = await handler(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def work_calendar(settings: Settings) -> WorkCalendar:
    overrides = {}
    if settings.holiday_file is not None:
        overrides = parse_holiday_file(settings.holiday_file.read_text(encoding="utf-8"))
    return WorkCalendar(overrides=overrides, receipt_day_counts=settings.receipt_day_counts)


def setup_templates(app: web.Application) -> None:
    """One Jinja environment over every package's templates; autoescape on for all of them."""
    here = Path(__file__).resolve().parent
    root = here.parent
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(root / "channels" / "web" / "templates"),
            jinja2.FileSystemLoader(root / "channels" / "visit" / "templates"),
            jinja2.FileSystemLoader(here / "templates"),
        ]
    )
    env = aiohttp_jinja2.setup(
        app, loader=loader, autoescape=jinja2.select_autoescape(default=True)
    )
    # Every time a person reads is Beijing time; values from storage are UTC.
    env.filters["beijing"] = local_time
    env.filters["actor"] = actor_html
    env.filters["pct"] = percent
    app.router.add_static("/static/", here / "static", name="static")


def _add_forwarding(
    app: web.Application,
    store: Store,
    settings: Settings,
    metrics: Metrics,
    calendar: WorkCalendar,
    pages: StaffPages,
    *,
    web_routes: bool,
    forwarder: bool,
) -> None:
    """Outbox view, callbacks, deadline monitor, and the forwarder when configured."""
    fractions = settings.deadline_warn_fractions
    if web_routes:
        app.add_routes(outbox_routes(store, pages))
        app.add_routes(callback_routes(store, calendar))
        app.add_routes(deadline_routes(store, calendar, fractions, pages))

    async def refresh() -> None:
        await refresh_outbox_metrics(store, metrics.outbox_oldest_pending)
        await refresh_deadline_metrics(
            store, calendar, fractions, metrics.deadlines_overdue, metrics.deadline_warnings
        )

    metrics.refreshers.append(refresh)
    if forwarder and settings.forward_url:
        alerts = metrics.delivery_alerts
        app.cleanup_ctx.append(
            forwarder_context(store, settings, lambda outcome: alerts.labels(outcome).inc())
        )


def decode_limits(settings: Settings) -> DecodeLimits:
    return DecodeLimits(
        memory_bytes=settings.decoder_memory_bytes,
        cpu_s=settings.decoder_cpu_s,
        wall_s=settings.decoder_wall_s,
    )


def free_space(settings: Settings) -> tuple[int, int]:
    """Free bytes of the data folder, and what the largest accepted request needs there: its
    original, encrypted, plus as much again for the database's journal and the page files."""
    largest = max(
        settings.max_upload_bytes + settings.max_body_bytes,
        settings.max_recording_bytes,
        settings.smtp_max_message_bytes if settings.smtp_enabled else 0,
    )
    return shutil.disk_usage(settings.data_dir).free, 2 * largest


def upload_limits(settings: Settings) -> Limits:
    return Limits(
        max_upload_bytes=settings.max_upload_bytes,
        max_file_bytes=settings.max_file_bytes,
        max_files=settings.max_files,
        max_image_pixels=settings.max_image_pixels,
        decode=decode_limits(settings),
    )


def letter_limits(settings: Settings) -> LetterLimits:
    return LetterLimits(
        max_pages=settings.max_pages,
        max_pixels=settings.max_image_pixels,
        max_letter_pixels=settings.max_letter_pixels,
        max_objects=settings.max_pdf_objects,
        decode=decode_limits(settings),
    )


def _add_web(
    app: web.Application,
    intake: Intake,
    store: Store,
    codes: QueryCodes,
    keyring: KeyRing,
    settings: Settings,
) -> None:
    """网: the public form and status pages, and the same as JSON under /api/v1/."""

    async def feedback_text(intake_id: str) -> str | None:
        """Only the feedback meant for the reporter; never the result, which describes the case."""
        return ((await store.load_outcome(intake_id)) or {}).get("feedback")

    limits = upload_limits(settings)
    hold = None  # form_hold_bytes = 0: attachments are asked for again, and the page says so
    if settings.form_hold_bytes > 0:
        hold = HeldAttachments(
            store,
            keyring,
            max_bytes=settings.form_hold_bytes,
            max_total=settings.form_hold_total_bytes,
            ttl_s=settings.form_hold_s,
        )
    app.add_routes(
        web_channel(
            intake.submit,
            decode_json,
            source=store,
            digest=codes.digest,
            secret=keyring.derive("web-forms"),
            limits=limits,
            json_limits=dataclasses.replace(limits, max_field_bytes=settings.max_body_bytes),
            per_minute=settings.rate_limit_per_minute,
            feedback_text=feedback_text,
            limiter=limiter_factory(store),
            hold=hold,
        )
    )


def _watch_warnings(
    app: web.Application,
    store: Store,
    supervision: Supervision,
    metrics: Metrics,
    every_s: float,
) -> None:
    """The warning rules checked every ``every_s`` in one process (each warning raised or
    cleared becomes an event on its item); the gauge counts them on each scrape."""

    async def refresh() -> None:
        found = await supervision.warnings()
        for rule in RULES:
            metrics.warnings.labels(rule.code).set(sum(1 for w in found if w.code == rule.code))

    metrics.refreshers.append(refresh)

    async def run(app: web.Application) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                try:
                    _, raised, cleared = await supervision.sync()
                    if raised or cleared:
                        log.info("warnings: %d raised, %d cleared", raised, cleared)
                except StorageError as exc:
                    log.warning("warnings not checked: %s", type(exc).__name__)
                await asyncio.sleep(every_s)

        task = asyncio.create_task(loop())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.cleanup_ctx.append(led_by_one(store, "warnings", run))


def _add_visits_and_staff(
    app: web.Application,
    intake: Intake,
    store: Store,
    keyring: KeyRing,
    settings: Settings,
    calendar: WorkCalendar,
    metrics: Metrics,
) -> None:
    """访 and staff work: login and sessions, desk entry, review and real-name verification."""
    staff_pages = StaffPages(keyring.derive("staff-csrf"))
    app.add_routes(account_routes(store, settings, staff_pages))
    app.add_routes(administration_routes(store, settings, staff_pages))
    destinations = ("processing",) if settings.forward_url else ()
    app.add_routes(
        review_routes(
            store,
            staff_pages,
            calendar,
            triage_service(settings, store, calendar),
            destinations,
            settings.review_before_forwarding,
            match_secret=keyring.derive("match"),
        )
    )
    app.add_routes(failure_routes(store, staff_pages))
    app.add_routes(triage_page_routes(triage_service(settings, store, calendar), staff_pages))
    app.add_routes(workbench_routes(store, staff_pages, keyring.derive("match")))
    supervision = Supervision(
        triage_service(settings, store, calendar),
        calendar,
        moved_days=settings.warn_moved_days,
        thresholds={
            "down_not_accepted": settings.warn_lower_accept_days,
            "moved_not_accepted": settings.warn_moved_days,
            "returned_not_rerouted": settings.warn_returned_days,
        },
        cluster_count=settings.warn_cluster_count,
        cluster_days=settings.warn_cluster_days,
    )
    _watch_warnings(app, store, supervision, metrics, settings.warn_check_s)
    app.add_routes(
        supervision_routes(supervision, staff_pages, app[ORIGINALS], upload_limits(settings))
    )
    app.add_routes(home_routes(supervision, staff_pages, calendar))
    app.add_routes(handover_routes(intake.submit, store, staff_pages))
    app.add_routes(return_routes(store, calendar, staff_pages))
    app.add_routes(feedback_routes(store, staff_pages))
    app.add_routes(document_routes(store, staff_pages, settings.office_name or "本级纪委监委"))
    app.add_routes(analysis_page_routes(Analysis(store), store, staff_pages))
    app.add_routes(
        export_routes(Analysis(store), store, staff_pages, settings.office_name or "本级纪委监委")
    )
    # The 研判 panel lists the record's documents (its context comes from triage_pages).
    aiohttp_jinja2.get_env(app).globals["offered_documents"] = offered_documents

    async def inform(intake_id: str, actor: str) -> None:
        await store.append_event(
            intake_id, NewEvent("COMPLAINANT_INFORMED", actor, reason="out_of_scope")
        )

    async def load_visit(intake_no: str, actor: str) -> StoredVisit | None:
        intake_id = await store.find_intake_no(intake_no)
        stored = await store.load(intake_id) if intake_id else None
        if stored is None or stored.channel != "visit":
            return None
        raw = msgspec.json.decode(stored.raw, type=RawIntake)
        if not isinstance(raw, VisitIntake):
            return None
        # The receipt names the visitors: reprinting it is a look at identity.
        await store.append_event(
            stored.id, NewEvent("IDENTITY_VIEWED", actor, reason="receipt reprint")
        )
        return StoredVisit(stored.intake_no, stored.received_at, raw, len(stored.originals))

    async def clerk_name(actor: str) -> str | None:
        _, _, login = actor.partition(":")
        user = await store.get_user(login) if login else None
        return user.display_name or None if user is not None else None

    app.add_routes(
        desk_routes(
            intake.submit,
            staff_pages,
            limits=upload_limits(settings),
            group_threshold=settings.group_visit_threshold,
            inform=inform,
            load_visit=load_visit,
            clerk_name=clerk_name,
            origins=ORIGIN_LABELS,
        )
    )


def _add_phone(
    app: web.Application,
    intake: Intake,
    settings: Settings,
    store: Store,
    *,
    web_routes: bool,
    spool: bool,
) -> None:
    """电: recordings over HTTP from the hotline system, and its spool folder if configured."""
    limits = CallLimits(
        max_seconds=settings.max_call_seconds,
        fmt=AudioFormat(
            max_sample_rate=settings.max_audio_sample_rate,
            max_channels=settings.max_audio_channels,
        ),
        decode=decode_limits(settings),
    )
    parts = Limits(
        max_upload_bytes=settings.max_recording_bytes,
        max_file_bytes=settings.max_recording_bytes,
        max_files=1,
        max_image_pixels=settings.max_image_pixels,
        decode=decode_limits(settings),
    )
    if web_routes:
        app.add_routes(phone_routes(intake.submit, limits, parts))
    if spool and settings.spool_dir is not None:
        watcher = SpoolWatcher(
            settings.spool_dir, intake.submit, limits, poll_s=settings.spool_poll_s
        )

        async def run_spool(app: web.Application) -> AsyncIterator[None]:
            watcher.start()
            yield
            await watcher.stop()

        app.cleanup_ctx.append(led_by_one(store, "spool", run_spool))


def _add_letters(
    app: web.Application,
    intake: Intake,
    settings: Settings,
    store: Store,
    secret: bytes,
    *,
    web_routes: bool,
    smtp: bool,
) -> None:
    """信: scanning stations upload over HTTP, or mail scans to the SMTP listener."""
    limits = letter_limits(settings)
    parts = upload_limits(settings)
    if web_routes:
        app.add_routes(
            letter_routes(intake.submit, limits, parts, lambda request: principal_of(request).name)
        )
    if smtp and settings.smtp_enabled:
        app[SMTP] = SmtpListener()
        app.cleanup_ctx.append(
            led_by_one(store, "smtp", _smtp_context(intake, settings, store, secret, limits))
        )


Context = Callable[[web.Application], AsyncIterator[None]]


def led_by_one(store: Store, key: str, inner: Context, retry_s: float = 5.0) -> Context:
    """``inner`` runs in the one process holding ``key`` (a session lock on PostgreSQL;
    always on SQLite). A process that does not hold it stands by and takes over when the
    holder stops or dies; a second SMTP listener or spool watcher would be harmless (their
    intakes carry idempotency keys) but is not what an office expects to run."""

    async def run(app: web.Application) -> AsyncIterator[None]:
        lead = await store.try_lead(key)
        started: list[AsyncIterator[None]] = []

        async def begin() -> None:
            gen = inner(app)
            await gen.__anext__()
            started.append(gen)

        waiting: asyncio.Task[None] | None = None
        if lead is not None:
            await begin()
        else:
            log.info("%s: another process runs it; standing by", key)

            async def stand_by() -> None:
                nonlocal lead
                while lead is None:
                    await asyncio.sleep(retry_s)
                    with contextlib.suppress(StorageError):
                        lead = await store.try_lead(key)
                log.info("%s: taking over", key)
                await begin()

            waiting = asyncio.create_task(stand_by())
        yield
        if waiting is not None:
            waiting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await waiting
        for gen in started:
            with contextlib.suppress(StopAsyncIteration):
                await gen.__anext__()
        if lead is not None:
            await lead.release()

    return run


def _smtp_context(
    intake: Intake, settings: Settings, store: Store, secret: bytes, limits: LetterLimits
) -> Context:
    async def check_login(login: str, password: str) -> bool:
        # Asked of storage at every AUTH: a new or revoked key counts at once, everywhere.
        found = await store.lookup_api_key(hash_api_key(secret, password))
        return found == (login, Role.STATION.value)

    tls = None
    if settings.smtp_tls_cert is not None:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(settings.smtp_tls_cert, settings.smtp_tls_key)

    async def run_smtp(app: web.Application) -> AsyncIterator[None]:
        handler = ScanMailHandler(
            intake.submit, limits, allowed_senders=frozenset(settings.smtp_allowed_senders)
        )
        factory = smtp_factory(
            handler,
            max_bytes=settings.smtp_max_message_bytes,
            check_login=check_login,
            require_auth=settings.smtp_require_auth,
            clear_auth=tls is None and is_loopback(settings.smtp_host),
            tls=tls,
            limits=SmtpLimits(
                max_recipients=settings.smtp_max_recipients,
                max_auth_failures=settings.smtp_max_auth_failures,
                auth_failures_per_client=settings.smtp_auth_failures_per_client,
                max_connections_per_client=settings.smtp_max_connections_per_client,
                idle_timeout_s=settings.smtp_idle_timeout_s,
            ),
        )
        server = await asyncio.get_running_loop().create_server(
            factory, settings.smtp_host, settings.smtp_port, backlog=settings.smtp_backlog
        )
        host, port = server.sockets[0].getsockname()[:2]
        app[SMTP].port = port
        log.info("smtp listening on %s:%d", host, port)
        yield
        server.close()
        await server.wait_closed()
        app[SMTP].port = None

    return run_smtp


async def create_app(
    settings: Settings, *, extractors: Mapping[str, Extractor] | None = None
) -> web.Application:
    """The application of one process; ``settings.roles`` says which parts it runs."""
    roles = set(settings.roles)
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    keyring = load_keyring(settings.keys, settings.resolved_key_file, create=True)
    store = await open_store(
        settings.resolved_database_url, keyring, pool_size=settings.database_pool_size
    )
    originals = _originals(settings, store, keyring)
    calendar = work_calendar(settings)
    metrics = Metrics()
    pool = _worker_pool(settings, store, originals, calendar, keyring, extractors, metrics)
    codes = QueryCodes(keyring.derive("query-code"))
    # Workers are woken by the commit itself (Store.subscribe), in this process or another.
    received = metrics.received
    intake = Intake(
        store, originals, codes, first_job, on_received=lambda ch: received.labels(ch).inc()
    )
    app = web.Application(
        middlewares=[
            http_metrics(metrics),  # outermost: counts the status the client finally got
            security_headers,
            error_pages,
            problem_middleware_counting(metrics.unhandled_errors.inc),
            auth_middleware(
                store,
                keyring.derive("api-key"),
                settings.callback_token,
                csrf_ok=StaffPages(keyring.derive("staff-csrf")).csrf_ok,
            ),
        ],
        client_max_size=settings.max_body_bytes,
    )
    setup_templates(app)
    # Every public page names the receiving office and its scope (templates read `office`).
    aiohttp_jinja2.get_env(app).globals["office"] = {
        "name": settings.office_name or "本级纪委监委",
        "scope": settings.office_scope,
    }
    app[SETTINGS] = settings
    app[STORE] = store
    app[ORIGINALS] = originals
    app[KEYRING] = keyring
    app[INTAKE] = intake
    if pool is not None:
        app[POOL] = pool

    async def own_store(app: web.Application) -> AsyncIterator[None]:
        yield  # opened above; closed last, after everything that uses it has stopped
        originals.close()
        await store.close()

    app.cleanup_ctx.append(own_store)
    app.add_routes(ops_routes(store, lambda: pool, metrics, space=lambda: free_space(settings)))
    if "web" in roles:
        app.add_routes(
            record_routes(store, originals, triage_service(settings, store, calendar).view)
        )
        app.add_routes(routing_routes(triage_service(settings, store, calendar)))
        app.add_routes(statistics_routes(Analysis(store)))
        _add_web(app, intake, store, codes, keyring, settings)
        _add_visits_and_staff(app, intake, store, keyring, settings, calendar, metrics)
    if pool is not None:
        app.cleanup_ctx.append(_run_pool(pool, store, originals))
        app.cleanup_ctx.append(
            led_by_one(store, "retag", _retagging(store, statistics_service(settings, store)))
        )
    _add_phone(app, intake, settings, store, web_routes="web" in roles, spool="listeners" in roles)
    _add_letters(
        app,
        intake,
        settings,
        store,
        keyring.derive("api-key"),
        web_routes="web" in roles,
        smtp="listeners" in roles,
    )
    _add_forwarding(
        app,
        store,
        settings,
        metrics,
        calendar,
        StaffPages(keyring.derive("staff-csrf")),
        web_routes="web" in roles,
        forwarder="forwarder" in roles,
    )
    return app


def _originals(settings: Settings, store: Store, keyring: KeyRing) -> Originals:
    inline = settings.inline_original_bytes
    if settings.originals_inside_database:
        return Originals(DatabaseBlobs(store, keyring), store, inline_max=inline)
    # Its own threads: with many uploads in flight their fsyncs overlap, and the filesystem
    # journal commits them together instead of one after another.
    io = ThreadPoolExecutor(max_workers=16, thread_name_prefix="originals-io")
    files = FileBlobs(BlobStore(settings.originals_dir, keyring), io)
    return Originals(files, store, inline_max=inline, io=io)


def triage_service(settings: Settings, store: Store, calendar: WorkCalendar) -> Triage:
    own = OrganSettings(
        name=settings.office_name or "本级纪委监委",
        level=settings.office_level,
        region=settings.office_region,
        leaders=settings.office_leaders,
        aliases=settings.office_aliases,
    )
    return Triage(
        store,
        own,
        calendar,
        case_mgmt_endpoint=bool(settings.case_mgmt_url),
        processing_endpoint=bool(settings.forward_url),
        statistics=statistics_service(settings, store),
    )


def statistics_service(settings: Settings, store: Store) -> Statistics:
    rules = CountingRules(
        group_visit_min=settings.group_visit_threshold,
        repeat_is_new_matter=settings.stats_repeat_is_new_matter,
    )
    return Statistics(store, rules)


def _worker_pool(
    settings: Settings,
    store: Store,
    originals: Originals,
    calendar: WorkCalendar,
    keyring: KeyRing,
    extractors: Mapping[str, Extractor] | None,
    metrics: Metrics,
) -> WorkerPool | None:
    if "workers" not in settings.roles:
        return None
    if extractors is None:
        extractors = build_extractors(settings)
    extractors = timed_extractors(extractors, metrics)
    pipeline = Pipeline(
        store=store,
        originals=originals,
        extractors=extractors,
        executor=ThreadPoolExecutor(settings.workers, thread_name_prefix="work"),
        calendar=calendar,
        higher_level_threshold=settings.higher_level_threshold,
        min_confidence={
            "letter": settings.ocr_min_confidence / 100,
            "phone": settings.asr_min_confidence,
        },
        group_visit_threshold=settings.group_visit_threshold,
        review_channels=frozenset(settings.review_before_forwarding),
        match_secret=keyring.derive("match"),
        triage=triage_service(settings, store, calendar),
        auto_route=settings.auto_route,
        sealed_keep=timedelta(days=settings.sealed_keep_days),
    )
    return WorkerPool(
        store,
        pipeline.handlers(),
        size=settings.workers,
        lease_s=settings.job_lease_s,
        max_attempts=settings.job_max_attempts,
        retry_base_s=settings.job_retry_base_s,
        on_stop=pipeline.close,
    )


def _retagging(store: Store, statistics: Statistics) -> Context:
    """Re-tags past items after a new 重点问题目录 version, in one process at a time."""

    async def run(app: web.Application) -> AsyncIterator[None]:
        stop, wake = asyncio.Event(), asyncio.Event()
        store.subscribe("key_issues", wake.set)
        task = asyncio.create_task(statistics.retag_loop(stop, wake), name="key-issue-retag")
        yield
        stop.set()
        await task

    return run


def _run_pool(
    pool: WorkerPool, store: Store, originals: Originals
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def purge_loop() -> None:
        while True:
            try:
                if await purge_sealed(store, originals):
                    log.info("sealed items past their keeping time destroyed")
            except StorageError:
                log.warning("sealed items could not be purged now; will retry")
            await asyncio.sleep(SEALED_PURGE_EVERY_S)

    async def run_workers(app: web.Application) -> AsyncIterator[None]:
        waiting = pool.waiting_kinds()
        if waiting:
            log.warning("jobs of kind %s wait: their engine is not configured", ", ".join(waiting))
        store.subscribe("jobs", pool.wake)
        pool.start()
        purging = asyncio.create_task(purge_loop())
        yield
        purging.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await purging
        await pool.stop()

    return run_workers
