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
        if rows:
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
            # A connection that died with its server (a restart, a failover) is replaced
            # on checkout instead of failing the operation that drew it.
            check=ConnectionPool.check_connection,
            kwargs={"connect_timeout": max(1, int(timeout_s))},
            name="intake",
        )
        self._threads = ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="pg")
        self._listeners: dict[str, list[Callable[[], None]]] = {}
        self._listen_task: asyncio.Task[None] | None = None
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
        if self._listen_task is not None:
            self._listen_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listen_task
        await asyncio.to_thread(self._pool.close)
        self._threads.shutdown(wait=True)

    def subscribe(self, channel: str, callback: Callable[[], None]) -> None:
        self._listeners.setdefault(channel, []).append(callback)
        if self._loop is not None and self._listen_task is None:
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

    def _run(self, op: Callable[[Any], T], notify: bool) -> T:
        for attempt in range(5):
            try:
                with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
                    tx = _Tx(cur, self._queries)
                    result = op(tx)
                    for channel in sorted(tx.channels) if notify else ():
                        cur.execute("SELECT pg_notify(%s, '')", (channel,))
                    return result
            except _RETRYABLE:
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    async def write(self, op: Callable[[Any], T]) -> T:
        return await self._call(op, notify=True)

    async def read(self, op: Callable[[Any], T]) -> T:
        return await self._call(op, notify=False)

    async def _call(self, op: Callable[[Any], T], notify: bool) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._threads, self._run, op, notify)
        except (PoolTimeout, psycopg.Error) as exc:
            raise _translate(exc, self.url) from exc

    async def _listen(self) -> None:
        """Wake local listeners on NOTIFY; after a lost connection, wake them all (they may
        have missed a notification) and listen again."""
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
                async with conn:
                    for channel in self._listeners:
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
