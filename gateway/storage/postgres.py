"""PostgreSQL through psycopg 3: a connection pool, one transaction per operation.

Several gateway and worker processes share one database: jobs and outbox rows are claimed
with ``FOR UPDATE SKIP LOCKED`` (in the queries), row locks order the trajectory, and commits
wake the other processes through LISTEN/NOTIFY. Operations are the same plain functions the
SQLite connector runs; here each runs in a thread of its own pool, in its own transaction,
and is retried when PostgreSQL reports a serialization failure or a deadlock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
import psycopg.errors
from psycopg import sql
from psycopg_pool import ConnectionPool, PoolTimeout

from gateway.storage.connector import Row
from gateway.storage.errors import AlreadyExists, StorageError, StorageUnavailable
from gateway.storage.queries import load_migrations, load_queries, pyformat, split_statements

__all__ = ["PostgresConnector", "redact_url"]

T = TypeVar("T")
log = logging.getLogger(__name__)

# One advisory lock key for migrations: two processes starting together migrate one by one.
_MIGRATION_LOCK = 0x1C2A_0001
_RETRYABLE = (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected)


class _BeginFailed(Exception):
    """The connection was dead before the transaction began: safe to retry on another."""


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def _adapt(value: Any) -> Any:
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return value


class _Tx:
    def __init__(self, cur: psycopg.Cursor[Any], queries: Mapping[str, str]) -> None:
        self._cur = cur
        self._q = queries
        self.channels: set[str] = set()

    def _exec(self, query: str, params: Mapping[str, Any]) -> psycopg.Cursor[Any]:
        return self._cur.execute(self._q[query].encode(), {k: _adapt(v) for k, v in params.items()})

    def one(self, query: str, **params: Any) -> Row | None:
        row: Row | None = self._exec(query, params).fetchone()
        return row

    def all(self, query: str, **params: Any) -> list[Row]:
        return self._exec(query, params).fetchall()

    def run(self, query: str, **params: Any) -> int:
        return self._exec(query, params).rowcount

    def many(self, query: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if len(rows) == 1:  # executemany's pipeline costs more than it saves for one row
            self._exec(query, rows[0])
        elif rows:
            self._cur.executemany(
                self._q[query].encode(), [{k: _adapt(v) for k, v in r.items()} for r in rows]
            )

    def notify(self, channel: str) -> None:
        self.channels.add(channel)


def _translate(exc: Exception, url: str) -> StorageError:
    if isinstance(exc, psycopg.errors.UniqueViolation):
        return AlreadyExists(type(exc).__name__)
    if isinstance(exc, PoolTimeout | psycopg.OperationalError):
        return StorageUnavailable(f"database at {url} unreachable ({type(exc).__name__})")
    if isinstance(exc, psycopg.errors.DiskFull | psycopg.errors.InsufficientResources):
        return StorageUnavailable(f"database at {url} cannot write ({type(exc).__name__})")
    return StorageError(type(exc).__name__)


def _configure(conn: psycopg.Connection[Any]) -> None:
    conn.execute("SET TIME ZONE 'UTC'")
    conn.commit()


class _Lead:
    """A session advisory lock: held while its connection lives, released when it closes
    (also when this process dies, so a standby takes over)."""

    def __init__(self, conn: psycopg.Connection[Any], threads: ThreadPoolExecutor) -> None:
        self._conn = conn
        self._threads = threads

    async def release(self) -> None:
        with contextlib.suppress(psycopg.Error):
            await asyncio.get_running_loop().run_in_executor(self._threads, self._conn.close)


class PostgresConnector:
    """``url`` is a libpq URL (``postgresql://user@host:port/db``)."""

    dialect = "postgres"

    def __init__(self, url: str, *, pool_size: int = 10, timeout_s: float = 10.0) -> None:
        self._conninfo = url
        self.url = redact_url(url)
        self._queries = load_queries("postgres", pyformat)
        self._timeout_s = timeout_s
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            timeout=timeout_s,
            configure=_configure,
            kwargs={"connect_timeout": max(1, int(timeout_s))},
            name="intake",
        )
        self._threads = ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="pg")
        self._listeners: dict[str, list[Callable[[], None]]] = {}
        self._listen_task: asyncio.Task[None] | None = None
        self._notify_task: asyncio.Task[None] | None = None
        self._to_notify: set[str] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        try:
            await asyncio.to_thread(self._pool.open, True, self._timeout_s)
            await asyncio.to_thread(self._migrate)
        except (PoolTimeout, psycopg.Error) as exc:
            await asyncio.to_thread(self._pool.close)
            raise _translate(exc, self.url) from exc
        if self._listeners:
            self._listen_task = asyncio.create_task(self._listen(), name="pg-listen")

    async def close(self) -> None:
        if self._notify_task is not None:
            with contextlib.suppress(Exception):
                await self._notify_task
        if self._listen_task is not None:
            self._listen_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listen_task
        await asyncio.to_thread(self._pool.close)
        self._threads.shutdown(wait=True)

    def subscribe(self, channel: str, callback: Callable[[], None]) -> None:
        new = channel not in self._listeners
        self._listeners.setdefault(channel, []).append(callback)
        if self._loop is None:
            return
        if new and self._listen_task is not None:
            # A channel the listening connection has not LISTENed to: listen again with all.
            self._listen_task.cancel()
            self._listen_task = None
        if self._listen_task is None:
            self._listen_task = asyncio.create_task(self._listen(), name="pg-listen")

    @contextlib.asynccontextmanager
    async def exclusive(self, key: str) -> AsyncIterator[None]:
        """A session advisory lock, held while the body runs."""

        # Its own connection, not one of the pool's: held locks must never starve the
        # operations that run while they are held.
        def lock() -> psycopg.Connection[Any]:
            conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10)
            try:
                conn.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (key,))
            except BaseException:
                conn.close()
                raise
            return conn

        def unlock(conn: psycopg.Connection[Any]) -> None:
            with conn:  # closing the session releases its lock in any case
                conn.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (key,))

        loop = asyncio.get_running_loop()
        try:
            conn = await loop.run_in_executor(self._threads, lock)
        except (PoolTimeout, psycopg.Error) as exc:
            raise _translate(exc, self.url) from exc
        try:
            yield
        finally:
            with contextlib.suppress(psycopg.Error):
                await loop.run_in_executor(self._threads, unlock, conn)

    async def try_lead(self, key: str) -> _Lead | None:
        def take() -> psycopg.Connection[Any] | None:
            conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=10)
            row = conn.execute(
                "SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", (f"lead/{key}",)
            ).fetchone()
            if row and row[0]:
                return conn
            conn.close()
            return None

        try:
            conn = await asyncio.get_running_loop().run_in_executor(self._threads, take)
        except psycopg.Error as exc:
            raise _translate(exc, self.url) from exc
        return _Lead(conn, self._threads) if conn is not None else None

    def _run(self, op: Callable[[Any], T]) -> tuple[T, set[str]]:
        for attempt in range(5):
            try:
                return self._attempt(op)
            except _BeginFailed as exc:
                if attempt == 4 and isinstance(exc.__cause__, Exception):
                    raise exc.__cause__ from None
            except _RETRYABLE:
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def _attempt(self, op: Callable[[Any], T]) -> tuple[T, set[str]]:
        with contextlib.ExitStack() as stack:
            conn = stack.enter_context(self._pool.connection())
            try:
                stack.enter_context(conn.transaction())
            except psycopg.OperationalError as exc:
                # BEGIN failed, so nothing of ``op`` ran: a connection that died with its
                # server (a restart, a failover) is dropped by the pool; try another.
                raise _BeginFailed from exc
            tx = _Tx(stack.enter_context(conn.cursor()), self._queries)
            return op(tx), tx.channels

    async def write(self, op: Callable[[Any], T]) -> T:
        result, channels = await self._call(op)
        if channels:
            self._committed(channels)
        return result

    async def read(self, op: Callable[[Any], T]) -> T:
        result, _ = await self._call(op)
        return result

    async def _call(self, op: Callable[[Any], T]) -> tuple[T, set[str]]:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._threads, self._run, op)
        except (PoolTimeout, psycopg.Error) as exc:
            raise _translate(exc, self.url) from exc

    def _committed(self, channels: set[str]) -> None:
        """Wake this process's listeners now and the other processes' shortly.

        NOTIFY is sent after the commit, from a transaction of its own that does not wait for
        the disk, and coalesced over a few milliseconds: a NOTIFY inside the intake's own
        transaction would take PostgreSQL's notification-queue lock across that commit's
        fsync and serialize the commits of every process.
        """
        for channel in channels:
            for callback in self._listeners.get(channel, ()):
                callback()
        self._to_notify |= channels
        if self._notify_task is None or self._notify_task.done():
            self._notify_task = asyncio.create_task(self._send_notifications())

    async def _send_notifications(self) -> None:
        await asyncio.sleep(0.01)
        channels, self._to_notify = sorted(self._to_notify), set()

        def send() -> None:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SET LOCAL synchronous_commit TO OFF")
                for channel in channels:
                    conn.execute("SELECT pg_notify(%s, '')", (channel,))

        try:
            await asyncio.get_running_loop().run_in_executor(self._threads, send)
        except (PoolTimeout, psycopg.Error) as exc:  # polling picks the work up regardless
            log.info("wake-up not sent (%s)", type(exc).__name__)

    async def _listen(self) -> None:
        """Wake local listeners on NOTIFY; after a lost connection, wake them all (they may
        have missed a notification) and listen again."""
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
                async with conn:
                    for channel in list(self._listeners):
                        await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
                    self._wake_all()
                    async for note in conn.notifies():
                        for callback in self._listeners.get(note.channel, ()):
                            callback()
            except asyncio.CancelledError:
                raise
            except (psycopg.Error, OSError) as exc:
                log.warning("database notifications lost (%s); listening again", type(exc).__name__)
                self._wake_all()
                await asyncio.sleep(1.0)

    def _wake_all(self) -> None:
        for callbacks in self._listeners.values():
            for callback in callbacks:
                callback()

    def _migrate(self) -> int:
        migrations = load_migrations("postgres")
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
                " name text NOT NULL, applied_at timestamptz NOT NULL)"
            )
            done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
            for version, name, text in migrations:
                if version in done:
                    continue
                for statement in split_statements(text):
                    conn.execute(statement.encode())
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (%s, %s, %s)",
                    (version, name, datetime.now(UTC)),
                )
        return len(migrations)
