"""The worker pool: durable jobs with leases, run off the event loop.

Each worker is a coroutine that claims a job, runs its handler (heavy work goes to a thread
pool inside the handler) and records the outcome. A crash leaves the lease to expire, and
another worker, in this process or the next one, resumes the job. Failures retry with
exponential backoff; the last failure dead-letters the job with its reason, visible to staff.
Kinds whose engine is not ready (no speech model) are simply not claimed: they wait.

Leases are fenced (``gateway.storage.jobs``): a worker that lost its lease (it stalled past
it and another worker took the job over) has its late result refused with ``LeaseLost`` and
simply drops it. A sweeper puts expired leases back in the queue; commits that add jobs
wake the workers (LISTEN/NOTIFY across processes on PostgreSQL), polling is the safety net.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from gateway.storage import Job, JobOutcome, LeaseLost, StorageUnavailable, Store
from normalizer.errors import IntakeError, Unavailable

__all__ = ["Handler", "PermanentFailure", "WorkerPool", "nap"]

log = logging.getLogger(__name__)


async def nap(event: asyncio.Event, seconds: float) -> None:
    """Wait until ``event`` is set or ``seconds`` pass; a cancellation always propagates.

    Not ``asyncio.wait_for``: on Python 3.11 it can swallow a cancel that arrives just as the
    event is set, which left a stopping worker looping forever and its shutdown hanging.
    """
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({waiter}, timeout=seconds)
    finally:
        waiter.cancel()


class PermanentFailure(Exception):
    """Retrying cannot help (the original is unreadable): dead-letter at once."""


@dataclass(frozen=True)
class Handler:
    run: Callable[[Job], Awaitable[JobOutcome]]
    ready: Callable[[], bool] = lambda: True


class WorkerPool:
    def __init__(
        self,
        store: Store,
        handlers: Mapping[str, Handler],
        *,
        size: int,
        lease_s: float,
        max_attempts: int,
        retry_base_s: float,
        idle_poll_s: float = 1.0,
        on_stop: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._store = store
        self._handlers = handlers
        self._size = size
        self._lease_s = lease_s
        self._max_attempts = max_attempts
        self._retry_base_s = retry_base_s
        self._idle_poll_s = idle_poll_s
        self._on_stop = on_stop
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.processed = 0
        self.failed = 0

    def wake(self) -> None:
        self._wake.set()

    @property
    def alive(self) -> bool:
        return bool(self._tasks) and all(not t.done() for t in self._tasks)

    def waiting_kinds(self) -> list[str]:
        return sorted(k for k, h in self._handlers.items() if not h.ready())

    def start(self) -> None:
        tag = f"{os.getpid()}"
        self._tasks = [
            asyncio.create_task(self._loop(f"{tag}/{i}"), name=f"worker-{i}")
            for i in range(self._size)
        ]
        self._tasks.append(asyncio.create_task(self._sweep(), name="job-sweeper"))

    async def _sweep(self) -> None:
        """Expired leases back to the queue (or to the dead letters after the last attempt)."""
        while True:
            try:
                if await self._store.sweep_jobs(self._max_attempts):
                    self._wake.set()
            except Exception:
                log.exception("sweeping expired job leases failed; retrying")
            await asyncio.sleep(min(max(self._lease_s / 4, 0.05), 5.0))

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if self._on_stop is not None:
            await self._on_stop()

    async def _loop(self, worker: str) -> None:
        outage = 0  # consecutive failed claims: back off while the database is away
        while True:
            kinds = [k for k, h in self._handlers.items() if h.ready()]
            try:
                job = await self._store.claim_job(kinds, worker, self._lease_s, self._max_attempts)
            except StorageUnavailable:
                if outage == 0:
                    log.warning("worker %s: storage unavailable; backing off", worker)
                outage += 1
                await asyncio.sleep(min(0.2 * 2**outage, 5.0))
                continue
            except Exception:
                log.exception("claiming a job failed; retrying")
                job = None
            if outage:
                log.warning("worker %s: storage back after %d failed claims", worker, outage)
                outage = 0
            if job is None:
                self._wake.clear()
                await nap(self._wake, self._idle_poll_s)
                continue
            try:
                await self._process(job)
            except LeaseLost:
                log.warning(
                    "job %s (%s): lease taken over; this result is discarded", job.id, job.kind
                )
            except Exception:
                # Recording the outcome failed (storage error, lease lost): the lease will
                # expire and the job run again. The worker itself must live on.
                log.exception("job %s (%s): outcome not recorded", job.id, job.kind)
                await asyncio.sleep(self._idle_poll_s)

    async def _process(self, job: Job) -> None:
        renew = asyncio.create_task(self._keep_lease(job))
        try:
            outcome = await self._handlers[job.kind].run(job)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.failed += 1
            # Bad input cannot get better by retrying; an engine that is down can.
            permanent = isinstance(exc, PermanentFailure) or (
                isinstance(exc, IntakeError) and not isinstance(exc, Unavailable)
            )
            dead = permanent or job.attempts >= self._max_attempts
            if not isinstance(exc, IntakeError | PermanentFailure):
                log.exception("job %s (%s) failed on attempt %d", job.id, job.kind, job.attempts)
            delay = self._retry_base_s * 2 ** (job.attempts - 1) * random.uniform(0.8, 1.2)
            # Only a code or a type name: the trajectory is not encrypted, and an exception's
            # message can quote the content that made it fail.
            reason = failure_reason(exc)
            await self._store.fail_job(job, reason, delay, dead)
            if dead:
                # Ids and the code only: staff find it under /staff/failed, and replay it there.
                log.warning(
                    "job %s (%s) of intake %s dead-lettered: %s",
                    job.id,
                    job.kind,
                    job.intake_id,
                    reason,
                )
        else:
            await self._store.finish_job(job, outcome)
            self.processed += 1
            self._wake.set()  # the outcome may have queued the next job
        finally:
            renew.cancel()

    async def _keep_lease(self, job: Job) -> None:
        while True:
            await asyncio.sleep(self._lease_s / 3)
            try:
                await self._store.renew_lease(job, self._lease_s)
            except LeaseLost:
                log.warning("job %s: lease taken over; its result will be discarded", job.id)
                return
            except Exception:
                log.exception("job %s: lease not renewed; trying again", job.id)


def failure_reason(exc: BaseException) -> str:
    """What may be stored about a failure: a stable code, or the exception's type."""
    if isinstance(exc, IntakeError):
        return exc.code
    if isinstance(exc, PermanentFailure):
        return f"permanent: {exc}"  # our own messages, which name ids only
    return type(exc).__name__
