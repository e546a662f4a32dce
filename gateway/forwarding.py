"""Signed delivery of normalized records to the processing system, drained from the outbox.

The outbox row is written in the same transaction as the record (``finish_job``), so nothing
acknowledged can be lost between the gateway and downstream. The forwarder leases rows in
batches (a crashed process's lease simply expires and the rows are claimed again), posts each
one with its stable id as ``webhook-id`` (the receiver deduplicates on it: delivery is at least
once, processing exactly once), and settles many outcomes per write.

Signing follows Standard Webhooks: ``webhook-signature`` is ``v1,`` + base64 of
HMAC-SHA256(secret, ``id.timestamp.body``); secrets are ``whsec_`` + base64, and during a
rotation every configured secret signs (space separated) so the receiver may hold either.

Outcomes: 2xx delivered; timeouts, connection errors, 408, 429 (with ``Retry-After``) and 5xx
retry on the backoff schedule with jitter, then dead-letter; any other 4xx parks the row with
the receiver's answer for an administrator. Each outcome is a trajectory event.

What identity leaves is decided per destination by ``redact`` (domain.md §11.2): only the
processing system, which owes the complainant notices (D5/D6), receives it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import logging
import random
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from email.utils import parsedate_to_datetime
from enum import StrEnum

import aiohttp
import msgspec
from aiohttp import web

from gateway.settings import ConfigError, Settings
from gateway.storage import Delivery, DeliveryResult, OrganRow, Store
from gateway.workers import nap
from normalizer.record import Complainant, ComplaintRecord, Content

__all__ = [
    "IDENTITY_DESTINATIONS",
    "Forwarder",
    "RedactionProfile",
    "classify",
    "delivery_body",
    "forwarder_context",
    "parse_secrets",
    "profile_for",
    "redact",
    "sign",
    "signature_header",
]

log = logging.getLogger(__name__)

IDENTITY_DESTINATIONS = frozenset({"processing"})
MASK = "[已隐去]"
MAX_RESPONSE_KEPT = 64 * 1024
MAX_RETRY_AFTER_S = 86_400.0


# -- redaction ---------------------------------------------------------------------------------


class RedactionProfile(StrEnum):
    FULL = "full"  # the configured processing system: it owes the complainant notices
    NO_IDENTITY = "no_identity"  # everyone else: kind of reporter only, identity masked in text


def profile_for(
    destination: str, identity_destinations: frozenset[str] = IDENTITY_DESTINATIONS
) -> RedactionProfile:
    """Default deny: a destination not named as needing identity never receives it."""
    if destination in identity_destinations:
        return RedactionProfile.FULL
    return RedactionProfile.NO_IDENTITY


def redact(record: ComplaintRecord, profile: RedactionProfile) -> ComplaintRecord:
    """The record as ``profile`` lets it leave; pure, so the rule is testable on its own."""
    if profile is RedactionProfile.FULL:
        return record
    c = record.complainant
    secrets = {
        s
        for s in (
            c.name,
            c.unit_name,
            c.address,
            c.email,
            c.id_number.value if c.id_number else None,
            *c.representatives,
            *(p.raw for p in c.phones),
            *(p.e164 for p in c.phones),
            *((p.e164[3:] if p.e164 and p.e164.startswith("+86") else None) for p in c.phones),
        )
        if s and len(s.strip()) >= 2
    }

    def mask(text: str | None) -> str | None:
        if text is None:
            return None
        for s in sorted(secrets, key=len, reverse=True):  # longest first: ID before phone runs
            text = text.replace(s, MASK)
        return text

    content: Content = msgspec.structs.replace(
        record.content, text=mask(record.content.text) or "", title=mask(record.content.title)
    )
    return msgspec.structs.replace(
        record,
        complainant=Complainant(kind=c.kind, is_group=c.is_group, group_size=c.group_size),
        content=content,
        # scans and recordings show the reporter; file names often carry the name
        originals=[msgspec.structs.replace(o, filename=None) for o in record.originals],
        extraction={},  # spans found in the text include identity
    )


def delivery_body(
    record: bytes,
    destination: str,
    *,
    content: str = "record",
    intake_no: str = "",
    with_identity: bool = False,
) -> bytes:
    """The JSON sent. To the processing system: the stored record as is (it owes the
    complainant the notices). To anyone else (案管, another organ): an envelope naming what it
    is (``notice``, ``letter``) around the record, redacted unless the registry says that
    organ receives identity; a notice never carries identity (实施条例 Art. 172)."""
    if destination == "processing" and content == "record":
        return record
    full = with_identity and content != "notice"
    profile = RedactionProfile.FULL if full else profile_for(destination)
    decoded = msgspec.json.decode(record, type=ComplaintRecord)
    if destination not in IDENTITY_DESTINATIONS or content != "record":
        envelope = {"kind": content, "intake_no": intake_no, "record": redact(decoded, profile)}
        return msgspec.json.encode(envelope)
    return msgspec.json.encode(redact(decoded, profile))


# -- signing ----------------------------------------------------------------------------------


def parse_secrets(text: str) -> list[bytes]:
    """``whsec_<base64>`` entries, comma separated; the first signs, all verify."""
    out: list[bytes] = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        raw = item.removeprefix("whsec_")
        try:
            key = base64.b64decode(raw, validate=True)
        except ValueError:
            raise ConfigError("setting forward_secrets: an entry is not whsec_ + base64") from None
        if len(key) < 16:
            raise ConfigError("setting forward_secrets: a secret is shorter than 16 bytes")
        out.append(key)
    return out


def sign(secret: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def signature_header(secrets: Sequence[bytes], msg_id: str, timestamp: int, body: bytes) -> str:
    return " ".join(sign(s, msg_id, timestamp, body) for s in secrets)


# -- outcome rules ------------------------------------------------------------------------------


def _retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


def classify(status: int) -> str:
    """delivered, retry or parked, from the HTTP status alone."""
    if 200 <= status < 300:
        return "delivered"
    if status in (408, 429) or status >= 500:
        return "retry"
    return "parked"


def backoff(schedule: Sequence[float], attempts: int, retry_after: float | None) -> float | None:
    """Seconds before the next attempt, or None when the schedule is used up (dead-letter)."""
    if attempts > len(schedule):
        return None
    delay = schedule[attempts - 1] * random.uniform(0.8, 1.2)
    if retry_after is not None:
        # The receiver knows its load better than our schedule; cap absurd answers.
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER_S))
    return delay


# -- the forwarder ------------------------------------------------------------------------------


class Forwarder:
    """Drains the outbox with at most ``concurrency`` requests in flight."""

    def __init__(
        self,
        store: Store,
        session: aiohttp.ClientSession,
        *,
        urls: Mapping[str, str],
        secrets: Sequence[bytes],
        concurrency: int,
        timeout_s: float,
        schedule: Sequence[float],
        lease_s: float,
        on_alert: Callable[[str], None] = lambda kind: None,
        poll_s: float = 0.25,
    ) -> None:
        if not secrets:
            raise ValueError("setting forward_secrets: deliveries must be signed; set a secret")
        if not schedule:
            raise ValueError("setting forward_retry_schedule_s: give at least one delay")
        self._store = store
        self._session = session
        self._urls = {k: v for k, v in urls.items() if v}
        self._organs: dict[str, OrganRow] = {}
        self._organs_at = -1e9
        self._secrets = list(secrets)
        self._concurrency = concurrency
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._timeout_s = timeout_s
        self._schedule = list(schedule)
        self._lease_s = lease_s
        self._on_alert = on_alert
        self._poll_s = poll_s
        self._wake = asyncio.Event()
        self._room = asyncio.Event()
        self._flush = asyncio.Event()
        self._results: list[DeliveryResult] = []
        # Claimed rows wait here for a sender; up to one batch ahead, so that a claim (a write
        # that queues behind settlements) never leaves the senders idle.
        self._queue: asyncio.Queue[tuple[float, Delivery]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self.delivered = 0

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._claim_loop(), name="forwarder-claim"),
            asyncio.create_task(self._settle_loop(), name="forwarder-settle"),
            asyncio.create_task(self._sweep_loop(), name="forwarder-sweep"),
            *(
                asyncio.create_task(self._send_loop(), name=f"forwarder-send-{i}")
                for i in range(self._concurrency)
            ),
        ]

    async def stop(self) -> None:
        """Stop claiming, abandon requests in flight (their leases expire), settle the rest."""
        claim, settle, sweep, *senders = self._tasks
        for t in (claim, sweep, *senders):
            t.cancel()
        await asyncio.gather(claim, sweep, *senders, return_exceptions=True)
        settle.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await settle
        await self._settle_now()
        self._tasks = []

    async def _claim_loop(self) -> None:
        ahead = self._concurrency * 8
        while True:
            want = ahead - self._queue.qsize()
            if want < 4 * self._concurrency:  # enough queued: claim again when it runs low
                self._room.clear()
                await self._room.wait()
                continue
            try:
                batch = await self._store.claim_deliveries(want, self._lease_s)
            except Exception:
                log.exception("claiming deliveries failed; retrying")
                batch = []
            if not batch:
                self._wake.clear()
                await nap(self._wake, self._poll_s)
                continue
            # Send only while the lease still covers a whole attempt; later, leave the row
            # to lease expiry rather than risk two processes sending it at once.
            send_by = time.monotonic() + self._lease_s - self._timeout_s
            for d in batch:
                self._queue.put_nowait((send_by, d))

    async def _sweep_loop(self) -> None:
        """Rows whose lease expired (a forwarder died mid-send) become claimable again."""
        while True:
            try:
                if await self._store.sweep_deliveries():
                    self._wake.set()
            except Exception:
                log.exception("sweeping expired delivery leases failed; retrying")
            await asyncio.sleep(min(max(self._lease_s / 4, 0.05), 5.0))

    async def _send_loop(self) -> None:
        while True:
            send_by, d = await self._queue.get()
            if self._queue.qsize() < 4 * self._concurrency:
                self._room.set()
            if time.monotonic() < send_by:
                await self._deliver(d)

    async def _deliver(self, d: Delivery) -> None:
        try:
            result = await self._attempt(d)
        except Exception as exc:  # a bug must not stall the row: retry it on the schedule
            log.exception("delivery %s failed unexpectedly", d.id)
            result = self._failed(d, None, type(exc).__name__, None)
        if result.outcome in ("parked", "dead"):
            self._alert(result)
        elif result.outcome == "delivered":
            self.delivered += 1
        self._results.append(result)
        self._flush.set()

    async def _organ(self, destination: str) -> tuple[str | None, bool]:
        """An organ's endpoint from the registry, read again at most every 30 s."""
        if time.monotonic() - self._organs_at > 30:
            self._organs = {f"organ/{o.id}": o for o in await self._store.organs()}
            self._organs_at = time.monotonic()
        organ = self._organs.get(destination)
        return (organ.endpoint, organ.with_identity) if organ else (None, False)

    async def _attempt(self, d: Delivery) -> DeliveryResult:
        url, with_identity = self._urls.get(d.destination), False
        if url is None and d.destination.startswith("organ/"):
            url, with_identity = await self._organ(d.destination)
        if not url:
            return DeliveryResult(d, "parked", error=f"no URL for destination {d.destination}")
        body = delivery_body(
            d.record,
            d.destination,
            content=d.content,
            intake_no=d.intake_no,
            with_identity=with_identity,
        )
        ts = int(time.time())  # fresh per attempt: the receiver rejects stale timestamps
        headers = {
            "Content-Type": "application/json",
            "webhook-id": d.id,
            "webhook-timestamp": str(ts),
            "webhook-signature": signature_header(self._secrets, d.id, ts, body),
        }
        try:
            async with self._session.post(
                url, data=body, headers=headers, timeout=self._timeout
            ) as resp:
                answer = await resp.content.read(MAX_RESPONSE_KEPT)
                status, retry_after = resp.status, resp.headers.get("Retry-After")
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            return self._failed(d, None, type(exc).__name__, None)
        match classify(status):
            case "delivered":
                return DeliveryResult(d, "delivered", status=status)
            case "retry":
                return self._failed(
                    d, status, f"HTTP {status}", _retry_after(retry_after, time.time())
                )
            case _:
                return DeliveryResult(
                    d, "parked", status=status, error=f"HTTP {status}", response=answer
                )

    def _failed(
        self, d: Delivery, status: int | None, error: str, retry_after: float | None
    ) -> DeliveryResult:
        delay = backoff(self._schedule, d.attempts, retry_after)
        if delay is None:
            return DeliveryResult(d, "dead", status=status, error=error)
        return DeliveryResult(d, "retry", status=status, error=error, retry_in_s=delay)

    def _alert(self, r: DeliveryResult) -> None:
        # ids and status only: the record and the receiver's answer stay out of the log
        log.warning(
            "delivery %s of intake %s %s after %d attempt(s): %s",
            r.delivery.id,
            r.delivery.intake_id,
            "dead-lettered" if r.outcome == "dead" else "parked (rejected)",
            r.delivery.attempts,
            r.error,
        )
        self._on_alert(r.outcome)

    async def _settle_loop(self) -> None:
        while True:
            await self._flush.wait()
            self._flush.clear()
            await self._settle_now()

    async def _settle_now(self) -> None:
        batch, self._results = self._results, []
        if not batch:
            return
        try:
            await self._store.settle_deliveries(batch)
        except Exception:
            # Rows stay leased and are sent again after the lease: at least once, same id.
            log.exception("recording %d delivery outcomes failed", len(batch))


def forwarder_context(
    store: Store, settings: Settings, on_alert: Callable[[str], None]
) -> Callable[[web.Application], AsyncIterator[None]]:
    """The forwarder as an aiohttp ``cleanup_ctx``; bad secrets fail here, at start."""
    secrets = parse_secrets(settings.forward_secrets)
    if not secrets:
        raise ConfigError("setting forward_secrets: forward_url is set; deliveries need a secret")
    # A delivery in flight must not outlive its lease, or another process sends it twice.
    lease_s = max(settings.job_lease_s, 2 * settings.forward_timeout_s)

    async def run(app: web.Application) -> AsyncIterator[None]:
        connector = aiohttp.TCPConnector(limit=settings.forward_concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            forwarder = Forwarder(
                store,
                session,
                urls={"processing": settings.forward_url, "case_mgmt": settings.case_mgmt_url},
                secrets=secrets,
                concurrency=settings.forward_concurrency,
                timeout_s=settings.forward_timeout_s,
                schedule=settings.forward_retry_schedule_s,
                lease_s=lease_s,
                on_alert=on_alert,
            )
            store.subscribe("outbox", forwarder.wake)
            forwarder.start()
            yield
            await forwarder.stop()

    return run
