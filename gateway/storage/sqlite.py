"""The embedded engine: SQLite in WAL mode, one writer thread with grouped commits.

All writes go through one thread that groups whatever is queued into one transaction, each
operation in its own savepoint so that one failure does not undo its neighbours: under load,
many acknowledgements share one fsync (``synchronous=FULL``). Reads use their own read-only
connections on a small thread pool. This is the only module that imports ``sqlite3``.

Values: timestamps are stored as integer microseconds since the epoch (UTC) in columns
declared ``TIMESTAMPTZ``, so they compare as numbers and come back as aware datetimes; days
as ISO text in columns declared ``DATEISO``. ``now_us()`` is the database clock in SQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from gateway.storage.connector import Row
from gateway.storage.errors import (
    AlreadyExists,
    SchemaMismatch,
    StorageError,
    StorageUnavailable,
)
from gateway.storage.queries import load_migrations, load_queries, split_statements

__all__ = ["SqliteConnector"]

T = TypeVar("T")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _to_micros(dt: datetime) -> int:
    if dt.tzinfo is None:
        raise ValueError("naive datetime given to storage")
    return (dt - _EPOCH) // timedelta(microseconds=1)


def _from_micros(raw: bytes) -> datetime:
    return _EPOCH + timedelta(microseconds=int(raw))


sqlite3.register_converter("TIMESTAMPTZ", _from_micros)
sqlite3.register_converter("DATEISO", lambda raw: date.fromisoformat(raw.decode()))


def _adapt(value: Any) -> Any:
    if isinstance(value, datetime):
        return _to_micros(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return json.dumps(list(value))
    return value


def _params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _adapt(v) for k, v in params.items()}


class _Tx:
    def __init__(self, conn: sqlite3.Connection, queries: Mapping[str, str]) -> None:
        self._conn = conn
        self._q = queries
        self.channels: set[str] = set()

    def one(self, query: str, **params: Any) -> Row | None:
        row: Row | None = self._conn.execute(self._q[query], _params(params)).fetchone()
        return row

    def all(self, query: str, **params: Any) -> list[Row]:
        return self._conn.execute(self._q[query], _params(params)).fetchall()

    def run(self, query: str, **params: Any) -> int:
        return self._conn.execute(self._q[query], _params(params)).rowcount

    def many(self, query: str, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self._conn.executemany(self._q[query], [_params(r) for r in rows])

    def notify(self, channel: str) -> None:
        self.channels.add(channel)


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path,
        isolation_level=None,
        check_same_thread=False,
        timeout=30,
        detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
    )
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.create_function("now_us", 0, lambda: time.time_ns() // 1000)
    if readonly:
        conn.execute("PRAGMA query_only=ON")
    return conn


def _translate(exc: sqlite3.Error) -> StorageError:
    if isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc):
        return AlreadyExists(type(exc).__name__)
    if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError):
        return StorageUnavailable(f"sqlite: {exc}")
    return StorageError(type(exc).__name__)


Op = Callable[[_Tx], Any]


class _Writer(threading.Thread):
    """The single writer: runs queued operations, many per transaction, one fsync per batch."""

    def __init__(
        self,
        path: Path,
        queries: Mapping[str, str],
        committed: Callable[[set[str]], None],
        max_batch: int = 256,
    ) -> None:
        super().__init__(name="sqlite-writer", daemon=True)
        self._queue: queue.Queue[tuple[Op, Future[Any]] | None] = queue.Queue()
        self._path = path
        self._queries = queries
        self._committed = committed
        self._max_batch = max_batch

    def submit(self, fn: Op) -> Future[Any]:
        fut: Future[Any] = Future()
        self._queue.put((fn, fut))
        return fut

    def stop(self) -> None:
        self._queue.put(None)
        self.join()

    def run(self) -> None:
        conn = _connect(self._path)
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                batch = [item]
                while len(batch) < self._max_batch:
                    try:
                        nxt = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if nxt is None:
                        self._queue.put(None)
                        break
                    batch.append(nxt)
                self._run_batch(conn, batch)
        finally:
            conn.close()

    def _run_batch(self, conn: sqlite3.Connection, batch: list[tuple[Op, Future[Any]]]) -> None:
        results: list[tuple[Future[Any], Any, BaseException | None]] = []
        channels: set[str] = set()
        try:
            conn.execute("BEGIN IMMEDIATE")
            for fn, fut in batch:
                if not fut.set_running_or_notify_cancel():
                    continue  # the caller gave up before the write began: nothing to ack
                conn.execute("SAVEPOINT op")
                tx = _Tx(conn, self._queries)
                try:
                    value = fn(tx)
                except Exception as exc:  # one failing operation must not undo the others
                    conn.execute("ROLLBACK TO op")
                    conn.execute("RELEASE op")
                    results.append((fut, None, exc))
                else:
                    conn.execute("RELEASE op")
                    results.append((fut, value, None))
                    channels |= tx.channels
            conn.execute("COMMIT")
        except Exception as exc:  # disk full, I/O error: nothing of the batch is acknowledged
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            for _, fut in batch:
                if not fut.done():
                    fut.set_exception(exc)
            return
        for fut, value, error in results:
            if error is not None:
                fut.set_exception(error)
            else:
                fut.set_result(value)
        if channels:
            self._committed(channels)


class _OnlyProcess:
    """One process serves a SQLite database, so it always leads."""

    async def release(self) -> None:
        return None


class SqliteConnector:
    """SQLite at ``path``. ``start`` migrates and starts the writer; ``close`` stops it."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self._queries = load_queries("sqlite")
        self._writer = _Writer(path, self._queries, self._committed)
        self._readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sqlite-reader")
        self._local = threading.local()
        self._listeners: dict[str, list[Callable[[], None]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._locks: dict[str, asyncio.Lock] = {}

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        try:
            await asyncio.to_thread(migrate, self.path)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        self._writer.start()

    async def close(self) -> None:
        if self._writer.is_alive():
            await asyncio.to_thread(self._writer.stop)
        self._readers.shutdown(wait=True)

    def subscribe(self, channel: str, callback: Callable[[], None]) -> None:
        self._listeners.setdefault(channel, []).append(callback)

    async def try_lead(self, key: str) -> _OnlyProcess:
        return _OnlyProcess()

    @contextlib.asynccontextmanager
    async def exclusive(self, key: str) -> AsyncIterator[None]:
        """One process serves a SQLite database: a lock in this process is enough."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                yield
        finally:
            if not lock.locked():
                self._locks.pop(key, None)

    def _committed(self, channels: set[str]) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        for channel in channels:
            for callback in self._listeners.get(channel, ()):
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                    loop.call_soon_threadsafe(callback)

    async def write(self, op: Callable[[Any], T]) -> T:
        try:
            result: T = await asyncio.wrap_future(self._writer.submit(op))
        except sqlite3.Error as exc:
            raise _translate(exc) from exc
        return result

    async def read(self, op: Callable[[Any], T]) -> T:
        def run() -> T:
            conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
            if conn is None:
                conn = _connect(self.path, readonly=True)
                self._local.conn = conn
            return op(_Tx(conn, self._queries))

        try:
            return await asyncio.get_running_loop().run_in_executor(self._readers, run)
        except sqlite3.Error as exc:
            raise _translate(exc) from exc


def migrate(path: Path) -> int:
    """Apply pending migrations; returns the schema version. Safe to run at every start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _connect(path)
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"
        )
        columns = {r[1] for r in conn.execute("PRAGMA table_info(schema_migrations)")}
        if "name" not in columns:
            raise SchemaMismatch(
                f"{path} was made by a gateway from before the storage package (schema without"
                " migration names); it cannot be upgraded in place: start with a new data folder"
            )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        migrations = load_migrations("sqlite")
        for version, name, sql in migrations:
            if version in done:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in split_statements(sql):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    (version, name, time.time_ns() // 1000),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return len(migrations)
    finally:
        conn.close()
