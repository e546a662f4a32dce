"""Durable state behind one narrow interface: intakes, trajectory, jobs, keys, outbox.

``Store`` is what the rest of the gateway sees; ``SqliteStore`` is the embedded default. Nothing
SQLite-specific leaves this module, so a PostgreSQL store (jobs claimed with ``FOR UPDATE SKIP
LOCKED``) can implement the same protocol. Sensitive columns (the raw intake, extracted text,
the normalized record) are encrypted here, so no caller can store them in clear by mistake.

SQLite runs in WAL mode with ``synchronous=FULL``. All writes go through one writer thread
that groups whatever is queued into one transaction (each operation in its own savepoint so
that one failure does not undo its neighbours): under load, many acknowledgements share one
fsync. Reads use their own connections on a small thread pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import queue
import sqlite3
import threading
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import astuple, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from gateway.crypto import KeyRing

__all__ = [
    "CallbackUpdate",
    "Delivery",
    "DeliveryResult",
    "Event",
    "Job",
    "JobOutcome",
    "NewDeadline",
    "NewEvent",
    "NewIntake",
    "OutboxItem",
    "OutboxSummary",
    "SqliteStore",
    "StaffUser",
    "StaleRecord",
    "Store",
    "StoredDeadline",
    "StoredIntake",
    "StoredOriginal",
    "SubmitResult",
    "TrajectoryProblem",
]

T = TypeVar("T")
SHANGHAI = ZoneInfo("Asia/Shanghai")
CHANNEL_PREFIX = {"letter": "X", "visit": "F", "web": "W", "phone": "D"}  # 信访网电


@dataclass(frozen=True)
class StoredOriginal:
    sha256: str
    media_type: str
    size: int
    role: str
    filename: str | None = None


@dataclass(frozen=True)
class NewEvent:
    type: str
    actor: str
    from_state: str | None = None
    to_state: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Event:
    seq: int
    at: datetime
    type: str
    actor: str
    from_state: str | None
    to_state: str | None
    reason: str | None
    hash: str


@dataclass(frozen=True)
class NewIntake:
    channel: str
    raw: bytes  # JSON of the RawIntake; encrypted by the store
    originals: list[StoredOriginal]
    actor: str
    idempotency_key: str | None = None
    query_code_hash: bytes | None = None
    first_job: str = "extract"
    received_at: datetime | None = None
    inline: dict[str, bytes] = field(default_factory=dict)  # sha256 -> small original


@dataclass(frozen=True)
class SubmitResult:
    intake_id: str
    intake_no: str
    received_at: datetime
    duplicate: bool


@dataclass(frozen=True)
class StoredIntake:
    id: str
    intake_no: str
    channel: str
    stage: str
    status: str
    received_at: datetime
    raw: bytes
    extracted: bytes | None
    record: bytes | None
    flags: tuple[str, ...]
    originals: list[StoredOriginal]
    record_rev: int = 0  # grows with every change of the record: the reviewer's version


class StaleRecord(Exception):
    """The record changed since the reviewer opened it; saving would drop that change."""


@dataclass(frozen=True)
class Job:
    id: int
    intake_id: str
    kind: str
    attempts: int


@dataclass(frozen=True)
class JobOutcome:
    """Everything a finished job changes, written in one transaction."""

    stage: str
    events: list[NewEvent]
    next_jobs: list[str] = field(default_factory=list)
    extracted: bytes | None = None
    record: bytes | None = None
    flags: tuple[str, ...] | None = None
    status: str | None = None
    deliveries: list[str] = field(default_factory=list)  # destinations for the outbox
    deadlines: list[NewDeadline] = field(default_factory=list)  # kept queryable
    match_keys: list[tuple[str, bytes]] = field(default_factory=list)  # (kind, keyed hash)


@dataclass(frozen=True)
class Delivery:
    id: str
    intake_id: str
    destination: str
    attempts: int
    intake_no: str = ""
    record: bytes = b""  # the normalized record as stored (decrypted), before redaction


@dataclass(frozen=True)
class StaffUser:
    name: str
    role: str
    password_hash: str
    failures: int
    locked_until: datetime | None


@dataclass(frozen=True)
class TrajectoryProblem:
    intake_id: str
    intake_no: str
    seq: int
    problem: str


@dataclass(frozen=True)
class NewDeadline:
    kind: str  # normalizer.record.DeadlineKind value
    starts: date
    due: date


@dataclass(frozen=True)
class StoredDeadline:
    intake_id: str
    intake_no: str
    kind: str
    starts: date
    due: date
    met_at: datetime | None


@dataclass(frozen=True)
class DeliveryResult:
    """What one attempt ended in; ``error`` is a short reason without record content."""

    delivery: Delivery
    outcome: str  # delivered | retry | parked | dead
    status: int | None = None
    error: str | None = None
    retry_in_s: float = 0.0
    response: bytes | None = None  # the receiver's answer, kept (encrypted) when parked


@dataclass(frozen=True)
class OutboxItem:
    id: str
    intake_id: str
    intake_no: str
    destination: str
    state: str
    attempts: int
    next_at: datetime
    created_at: datetime
    last_status: int | None
    last_error: str | None
    response: str | None


@dataclass(frozen=True)
class OutboxSummary:
    counts: dict[str, int]
    oldest_pending: datetime | None
    items: list[OutboxItem]  # parked and dead-lettered, oldest first


@dataclass(frozen=True)
class CallbackUpdate:
    """One event reported by the processing system, written in one transaction."""

    event: NewEvent
    status: str | None  # the public status (query-code page); None leaves it as it is
    outcome: dict[str, str] | None = None  # merged into the encrypted outcome of the intake
    add_deadlines: list[NewDeadline] = field(default_factory=list)
    met_deadlines: list[str] = field(default_factory=list)  # kinds met now


class Store(Protocol):
    """The storage interface the gateway uses; implementations must be durable on return."""

    async def submit(self, intake: NewIntake) -> SubmitResult: ...
    async def load(self, intake_id: str) -> StoredIntake | None: ...
    async def find_intake_no(self, intake_no: str) -> str | None: ...
    async def original_blob(self, sha256: str) -> bytes | None: ...
    async def original_referenced(self, sha256: str) -> bool: ...
    async def find_matches(
        self, keys: Sequence[tuple[str, bytes]], exclude: str
    ) -> dict[str, set[str]]: ...
    async def events(self, intake_id: str) -> list[Event]: ...
    async def append_event(
        self,
        intake_id: str,
        event: NewEvent,
        *,
        stage: str | None = None,
        status: str | None = None,
        record: bytes | None = None,
        flags: tuple[str, ...] | None = None,
    ) -> None: ...
    async def claim_job(
        self, kinds: Collection[str], worker: str, lease_s: float, max_attempts: int
    ) -> Job | None: ...
    async def renew_lease(self, job: Job, lease_s: float) -> None: ...
    async def replay_dead(self, intake_nos: Collection[str] | None, actor: str) -> list[str]: ...
    async def finish_job(self, job: Job, outcome: JobOutcome) -> None: ...
    async def fail_job(self, job: Job, error: str, retry_in_s: float, dead: bool) -> None: ...
    async def lookup_query_code(self, code_hash: bytes) -> str | None: ...
    async def add_api_key(self, name: str, role: str, key_hash: bytes) -> None: ...
    async def lookup_api_key(self, key_hash: bytes) -> tuple[str, str] | None: ...
    async def api_keys_of(self, role: str) -> dict[bytes, str]: ...
    async def counts(self) -> dict[str, dict[str, int]]: ...
    async def list_intakes(
        self, *, stage: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]: ...
    async def check_writable(self) -> None: ...
    async def verify_trajectories(self) -> list[TrajectoryProblem]: ...
    async def close(self) -> None: ...
    # outbox and deadlines (forwarding, callbacks)
    async def claim_deliveries(self, limit: int, lease_s: float) -> list[Delivery]: ...
    async def settle_deliveries(self, results: Sequence[DeliveryResult]) -> None: ...
    async def outbox_summary(self, limit: int = 100) -> OutboxSummary: ...
    async def resend_delivery(self, delivery_id: str, actor: str) -> bool: ...
    async def record_callback(self, intake_id: str, update: CallbackUpdate) -> None: ...
    async def load_outcome(self, intake_id: str) -> dict[str, str] | None: ...
    async def list_deadlines(self, *, open_only: bool = True) -> list[StoredDeadline]: ...
    # staff accounts, sessions and review saves (issue 7; see gateway.accounts, gateway.review)
    async def add_user(self, name: str, role: str, password_hash: str) -> None: ...
    async def set_password(self, name: str, password_hash: str) -> bool: ...
    async def get_user(self, name: str) -> StaffUser | None: ...
    async def list_users(self) -> list[StaffUser]: ...
    async def login_failed(self, name: str, max_failures: int, lockout_s: float) -> None: ...
    async def login_succeeded(self, name: str) -> None: ...
    async def create_session(self, token_hash: bytes, name: str, ttl_s: float) -> None: ...
    async def lookup_session(self, token_hash: bytes) -> tuple[str, str] | None: ...
    async def delete_session(self, token_hash: bytes) -> None: ...
    async def append_events(
        self,
        intake_id: str,
        events: list[NewEvent],
        *,
        stage: str | None = None,
        record: bytes | None = None,
        flags: tuple[str, ...] | None = None,
        deliveries: Sequence[str] = (),
        expect_rev: int | None = None,
    ) -> None: ...


MIGRATIONS: list[str] = [
    """
    CREATE TABLE intakes (
        id TEXT PRIMARY KEY,
        intake_no TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL,
        idem_key TEXT UNIQUE,
        received_at TEXT NOT NULL,
        stage TEXT NOT NULL,
        status TEXT NOT NULL,
        raw BLOB NOT NULL,
        extracted BLOB,
        record BLOB,
        flags TEXT NOT NULL DEFAULT '',
        trail_head TEXT NOT NULL DEFAULT '',
        trail_len INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX intakes_stage ON intakes(stage, received_at);
    CREATE TABLE intake_originals (
        intake_id TEXT NOT NULL REFERENCES intakes(id),
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        role TEXT NOT NULL,
        filename BLOB,
        PRIMARY KEY (intake_id, position)
    );
    CREATE TABLE events (
        intake_id TEXT NOT NULL REFERENCES intakes(id),
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT,
        reason TEXT,
        hash_prev TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (intake_id, seq)
    );
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        intake_id TEXT NOT NULL REFERENCES intakes(id),
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before TEXT NOT NULL,
        lease_until TEXT,
        worker TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX jobs_ready ON jobs(state, kind, not_before);
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE query_codes (
        code_hash BLOB PRIMARY KEY,
        intake_id TEXT NOT NULL REFERENCES intakes(id)
    );
    CREATE TABLE api_keys (
        key_hash BLOB PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        intake_id TEXT NOT NULL REFERENCES intakes(id),
        destination TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at TEXT NOT NULL,
        lease_until TEXT,
        last_status INTEGER,
        last_error TEXT,
        created_at TEXT NOT NULL,
        delivered_at TEXT
    );
    CREATE INDEX outbox_ready ON outbox(state, next_at);
    """,
    # 2: forwarding (issue 8) - the receiver's answer to a parked delivery, the processing
    # system's outcome for the complainant (both encrypted), and queryable deadlines.
    """
    ALTER TABLE outbox ADD COLUMN response BLOB;
    ALTER TABLE intakes ADD COLUMN outcome BLOB;
    CREATE INDEX outbox_intake ON outbox(intake_id);
    CREATE TABLE deadlines (
        intake_id TEXT NOT NULL REFERENCES intakes(id),
        kind TEXT NOT NULL,
        starts TEXT NOT NULL,
        due TEXT NOT NULL,
        met_at TEXT,
        PRIMARY KEY (intake_id, kind)
    );
    CREATE INDEX deadlines_open ON deadlines(met_at, due);
    """,
    # 3: staff accounts (issue 7) and their server-side sessions; only hashes are stored
    # (scrypt for passwords, SHA-256 for the high-entropy session tokens).
    """
    CREATE TABLE staff_users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE staff_sessions (
        token_hash BLOB PRIMARY KEY,
        user_name TEXT NOT NULL REFERENCES staff_users(name),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE INDEX staff_sessions_user ON staff_sessions(user_name);
    """,
    """
    CREATE TABLE original_blobs (
        sha256 TEXT PRIMARY KEY,
        data BLOB NOT NULL
    );
    """,
    """
    ALTER TABLE intakes ADD COLUMN record_rev INTEGER NOT NULL DEFAULT 0;
    """,
    """
    CREATE TABLE match_keys (
        digest BLOB NOT NULL,
        kind TEXT NOT NULL,
        intake_id TEXT NOT NULL REFERENCES intakes(id),
        PRIMARY KEY (digest, intake_id)
    );
    """,
]


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


def event_hash(intake_id: str, seq: int, at: str, e: NewEvent, prev: str) -> str:
    """The chain link: any edit, deletion or reordering of an event breaks every later hash."""
    payload = json.dumps(
        [intake_id, seq, at, e.type, e.actor, e.from_state, e.to_state, e.reason, prev],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


_GENESIS = "0" * 64


class _Writer(threading.Thread):
    """The single writer: runs queued operations, many per transaction, one fsync per batch."""

    def __init__(self, path: Path, max_batch: int = 256) -> None:
        super().__init__(name="sqlite-writer", daemon=True)
        self._queue: queue.Queue[tuple[Callable[[sqlite3.Connection], Any], Future[Any]] | None]
        self._queue = queue.Queue()
        self._path = path
        self._max_batch = max_batch
        self.conn: sqlite3.Connection | None = None

    def submit(self, fn: Callable[[sqlite3.Connection], T]) -> Future[T]:
        fut: Future[T] = Future()
        self._queue.put((fn, fut))
        return fut

    def stop(self) -> None:
        self._queue.put(None)
        self.join()

    def run(self) -> None:
        conn = _connect(self._path)
        self.conn = conn
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

    def _run_batch(
        self,
        conn: sqlite3.Connection,
        batch: list[tuple[Callable[[sqlite3.Connection], Any], Future[Any]]],
    ) -> None:
        results: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            for fn, fut in batch:
                if not fut.set_running_or_notify_cancel():
                    continue  # the caller gave up before the write began: nothing to ack
                conn.execute("SAVEPOINT op")
                try:
                    value = fn(conn)
                except Exception as exc:  # one failing operation must not undo the others
                    conn.execute("ROLLBACK TO op")
                    conn.execute("RELEASE op")
                    results.append((fut, None, exc))
                else:
                    conn.execute("RELEASE op")
                    results.append((fut, value, None))
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


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    if readonly:
        conn.execute("PRAGMA query_only=ON")
    return conn


def migrate(path: Path) -> int:
    """Apply pending migrations; returns the schema version. Safe to run at every start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _connect(path)
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        for version, sql in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in sql.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (?)", (version,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return len(MIGRATIONS)
    finally:
        conn.close()


class SqliteStore:
    """The embedded store. Construct with ``open``; every public method is a coroutine."""

    def __init__(self, path: Path, keyring: KeyRing) -> None:
        self.path = path
        self._keyring = keyring
        self._writer = _Writer(path)
        self._readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sqlite-reader")
        self._local = threading.local()

    @classmethod
    async def open(cls, path: Path, keyring: KeyRing) -> SqliteStore:
        await asyncio.to_thread(migrate, path)
        store = cls(path, keyring)
        store._writer.start()
        return store

    async def close(self) -> None:
        await asyncio.to_thread(self._writer.stop)
        self._readers.shutdown(wait=True)

    # -- plumbing ---------------------------------------------------------------------------

    async def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.wrap_future(self._writer.submit(fn))

    async def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        def run() -> T:
            conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
            if conn is None:
                conn = _connect(self.path, readonly=True)
                self._local.conn = conn
            return fn(conn)

        return await asyncio.get_running_loop().run_in_executor(self._readers, run)

    def _seal(self, intake_id: str, column: str, data: bytes | None) -> bytes | None:
        if data is None:
            return None
        return self._keyring.encrypt(data, aad=f"{intake_id}/{column}".encode())

    def _open(self, intake_id: str, column: str, blob: bytes | None) -> bytes | None:
        if blob is None:
            return None
        return self._keyring.decrypt(blob, aad=f"{intake_id}/{column}".encode())

    @staticmethod
    def _append(conn: sqlite3.Connection, intake_id: str, e: NewEvent, at: datetime) -> None:
        row = conn.execute(
            "SELECT seq, hash FROM events WHERE intake_id=? ORDER BY seq DESC LIMIT 1",
            (intake_id,),
        ).fetchone()
        seq, prev = (row[0] + 1, row[1]) if row else (1, _GENESIS)
        at_s = _iso(at)
        head = event_hash(intake_id, seq, at_s, e, prev)
        conn.execute(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                intake_id,
                seq,
                at_s,
                e.type,
                e.actor,
                e.from_state,
                e.to_state,
                e.reason,
                prev,
                head,
            ),
        )
        # The head on the intake row makes deleting the newest events evident too.
        conn.execute(
            "UPDATE intakes SET trail_head=?, trail_len=? WHERE id=?", (head, seq, intake_id)
        )

    # -- intake -----------------------------------------------------------------------------

    async def submit(self, intake: NewIntake) -> SubmitResult:
        received = intake.received_at or _now()
        intake_id = str(uuid.uuid4())
        raw = self._seal(intake_id, "raw", intake.raw)
        names = [
            self._seal(intake_id, f"filename/{i}", o.filename.encode()) if o.filename else None
            for i, o in enumerate(intake.originals)
        ]
        # The first event of a new intake needs nothing from the database: hash it here,
        # outside the single writer thread.
        now = _iso(received)
        first = NewEvent("RECEIVED", intake.actor, None, "received", intake.channel)
        first_hash = event_hash(intake_id, 1, now, first, _GENESIS)
        sealed_inline = {
            sha: self._keyring.encrypt(data, aad=sha.encode())
            for sha, data in intake.inline.items()
        }

        def op(conn: sqlite3.Connection) -> SubmitResult:
            if intake.idempotency_key is not None:
                row = conn.execute(
                    "SELECT id, intake_no, received_at FROM intakes WHERE idem_key=?",
                    (intake.idempotency_key,),
                ).fetchone()
                if row:
                    return SubmitResult(row[0], row[1], _parse(row[2]), duplicate=True)
            day = received.astimezone(SHANGHAI).strftime("%Y%m%d")
            counter = f"intake_no/{day}"
            (n,) = conn.execute(
                "INSERT INTO counters VALUES (?, 1) "
                "ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
                (counter,),
            ).fetchone()
            intake_no = f"{CHANNEL_PREFIX.get(intake.channel, 'Q')}{day}{n:06d}"
            conn.execute(
                "INSERT INTO intakes (id, intake_no, channel, idem_key, received_at, stage,"
                " status, raw, trail_head, trail_len, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,1,?)",
                (
                    intake_id,
                    intake_no,
                    intake.channel,
                    intake.idempotency_key,
                    now,
                    "received",
                    "received",
                    raw,
                    first_hash,
                    now,
                ),
            )
            conn.executemany(
                "INSERT INTO intake_originals VALUES (?,?,?,?,?,?,?)",
                [
                    (intake_id, i, o.sha256, o.media_type, o.size, o.role, names[i])
                    for i, o in enumerate(intake.originals)
                ],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO original_blobs VALUES (?, ?)",
                [(sha, blob) for sha, blob in sealed_inline.items()],
            )
            if intake.query_code_hash is not None:
                conn.execute(
                    "INSERT INTO query_codes VALUES (?,?)", (intake.query_code_hash, intake_id)
                )
            conn.execute(
                "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)",
                (intake_id, 1, now, *astuple(first), _GENESIS, first_hash),
            )
            conn.execute(
                "INSERT INTO jobs (intake_id, kind, state, not_before, created_at)"
                " VALUES (?,?,?,?,?)",
                (intake_id, intake.first_job, "pending", now, now),
            )
            return SubmitResult(intake_id, intake_no, received, duplicate=False)

        return await self._write(op)

    async def load(self, intake_id: str) -> StoredIntake | None:
        def op(conn: sqlite3.Connection) -> StoredIntake | None:
            row = conn.execute(
                "SELECT id, intake_no, channel, stage, status, received_at, raw, extracted,"
                " record, flags, record_rev FROM intakes WHERE id=?",
                (intake_id,),
            ).fetchone()
            if row is None:
                return None
            originals = [
                StoredOriginal(
                    sha256=o[0],
                    media_type=o[1],
                    size=o[2],
                    role=o[3],
                    filename=(
                        (self._open(intake_id, f"filename/{o[5]}", o[4]) or b"").decode()
                        if o[4]
                        else None
                    ),
                )
                for o in conn.execute(
                    "SELECT sha256, media_type, size, role, filename, position"
                    " FROM intake_originals WHERE intake_id=? ORDER BY position",
                    (intake_id,),
                )
            ]
            return StoredIntake(
                id=row[0],
                intake_no=row[1],
                channel=row[2],
                stage=row[3],
                status=row[4],
                received_at=_parse(row[5]),
                raw=self._open(intake_id, "raw", row[6]) or b"",
                extracted=self._open(intake_id, "extracted", row[7]),
                record=self._open(intake_id, "record", row[8]),
                flags=tuple(f for f in row[9].split(",") if f),
                originals=originals,
                record_rev=row[10],
            )

        return await self._read(op)

    async def original_blob(self, sha256: str) -> bytes | None:
        def op(conn: sqlite3.Connection) -> bytes | None:
            row = conn.execute(
                "SELECT data FROM original_blobs WHERE sha256=?", (sha256,)
            ).fetchone()
            return self._keyring.decrypt(row[0], aad=sha256.encode()) if row else None

        return await self._read(op)

    async def find_matches(
        self, keys: Sequence[tuple[str, bytes]], exclude: str
    ) -> dict[str, set[str]]:
        """Intake numbers of other intakes sharing a keyed fact, by the fact's kind."""

        def op(conn: sqlite3.Connection) -> dict[str, set[str]]:
            found: dict[str, set[str]] = {}
            for kind, digest in keys:
                for (intake_no,) in conn.execute(
                    "SELECT i.intake_no FROM match_keys m JOIN intakes i ON i.id = m.intake_id"
                    " WHERE m.digest=? AND m.intake_id<>? ORDER BY i.received_at LIMIT 20",
                    (digest, exclude),
                ):
                    found.setdefault(kind, set()).add(intake_no)
            return found

        return await self._read(op)

    async def original_referenced(self, sha256: str) -> bool:
        def op(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                "SELECT 1 FROM intake_originals WHERE sha256=? LIMIT 1", (sha256,)
            ).fetchone()
            return row is not None

        return await self._read(op)

    async def find_intake_no(self, intake_no: str) -> str | None:
        def op(conn: sqlite3.Connection) -> str | None:
            row = conn.execute("SELECT id FROM intakes WHERE intake_no=?", (intake_no,)).fetchone()
            return row[0] if row else None

        return await self._read(op)

    async def events(self, intake_id: str) -> list[Event]:
        def op(conn: sqlite3.Connection) -> list[Event]:
            return [
                Event(r[0], _parse(r[1]), r[2], r[3], r[4], r[5], r[6], r[7])
                for r in conn.execute(
                    "SELECT seq, at, type, actor, from_state, to_state, reason, hash"
                    " FROM events WHERE intake_id=? ORDER BY seq",
                    (intake_id,),
                )
            ]

        return await self._read(op)

    async def append_event(
        self,
        intake_id: str,
        event: NewEvent,
        *,
        stage: str | None = None,
        status: str | None = None,
        record: bytes | None = None,
        flags: tuple[str, ...] | None = None,
    ) -> None:
        sealed = self._seal(intake_id, "record", record)

        def op(conn: sqlite3.Connection) -> None:
            self._update_intake(conn, intake_id, stage, status, None, sealed, flags)
            self._append(conn, intake_id, event, _now())

        await self._write(op)

    @staticmethod
    def _update_intake(
        conn: sqlite3.Connection,
        intake_id: str,
        stage: str | None,
        status: str | None,
        extracted: bytes | None,
        record: bytes | None,
        flags: tuple[str, ...] | None,
    ) -> None:
        sets, args = ["updated_at=?"], [_iso(_now())]
        for column, value in (
            ("stage", stage),
            ("status", status),
            ("extracted", extracted),
            ("record", record),
            ("flags", ",".join(flags) if flags is not None else None),
        ):
            if value is not None:
                sets.append(f"{column}=?")
                args.append(value)  # type: ignore[arg-type]
        if record is not None:
            sets.append("record_rev = record_rev + 1")
        conn.execute(f"UPDATE intakes SET {', '.join(sets)} WHERE id=?", (*args, intake_id))

    # -- jobs -------------------------------------------------------------------------------

    async def claim_job(
        self, kinds: Collection[str], worker: str, lease_s: float, max_attempts: int
    ) -> Job | None:
        if not kinds:
            return None
        marks = ",".join("?" * len(kinds))

        def op(conn: sqlite3.Connection) -> Job | None:
            now = _now()
            now_s = _iso(now)
            # A lease that expired after the last allowed attempt means the job keeps
            # killing its worker: dead-letter it with its reason instead of retrying forever.
            for job_id, intake_id, kind in conn.execute(
                f"SELECT id, intake_id, kind FROM jobs WHERE state='leased' AND lease_until<?"
                f" AND attempts>=? AND kind IN ({marks})",
                (now_s, max_attempts, *kinds),
            ).fetchall():
                conn.execute(
                    "UPDATE jobs SET state='dead', last_error=? WHERE id=?",
                    ("lease expired on the last attempt (worker crashed or hung)", job_id),
                )
                self._update_intake(conn, intake_id, "dead_letter", None, None, None, None)
                self._append(
                    conn,
                    intake_id,
                    NewEvent(
                        "DEAD_LETTERED", "worker", None, "dead_letter", f"{kind}: lease expired"
                    ),
                    now,
                )
            row = conn.execute(
                f"UPDATE jobs SET state='leased', lease_until=?, worker=?, attempts=attempts+1"
                f" WHERE id = (SELECT id FROM jobs WHERE kind IN ({marks}) AND"
                f" ((state='pending' AND not_before<=?) OR (state='leased' AND lease_until<?))"
                f" ORDER BY not_before, id LIMIT 1)"
                f" RETURNING id, intake_id, kind, attempts",
                (_iso(now + timedelta(seconds=lease_s)), worker, *kinds, now_s, now_s),
            ).fetchone()
            return Job(*row) if row else None

        return await self._write(op)

    async def replay_dead(self, intake_nos: Collection[str] | None, actor: str) -> list[str]:
        """Dead-lettered jobs (all, or of these intakes) start again from their first attempt."""

        def op(conn: sqlite3.Connection) -> list[str]:
            rows = conn.execute(
                "SELECT j.id, j.intake_id, j.kind, i.intake_no FROM jobs j"
                " JOIN intakes i ON i.id = j.intake_id WHERE j.state='dead' ORDER BY j.id"
            ).fetchall()
            now = _now()
            done = []
            for job_id, intake_id, kind, intake_no in rows:
                if intake_nos is not None and intake_no not in intake_nos:
                    continue
                conn.execute(
                    "UPDATE jobs SET state='pending', attempts=0, not_before=?, lease_until=NULL"
                    " WHERE id=?",
                    (_iso(now), job_id),
                )
                stage = "received" if kind.startswith("extract:") else "text_extracted"
                self._update_intake(conn, intake_id, stage, None, None, None, None)
                self._append(
                    conn, intake_id, NewEvent("REPLAYED", actor, "dead_letter", stage, kind), now
                )
                done.append(intake_no)
            return done

        return await self._write(op)

    async def renew_lease(self, job: Job, lease_s: float) -> None:
        until = _iso(_now() + timedelta(seconds=lease_s))

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE jobs SET lease_until=? WHERE id=? AND state='leased'", (until, job.id)
            )

        await self._write(op)

    async def finish_job(self, job: Job, outcome: JobOutcome) -> None:
        extracted = self._seal(job.intake_id, "extracted", outcome.extracted)
        record = self._seal(job.intake_id, "record", outcome.record)

        def op(conn: sqlite3.Connection) -> None:
            now = _now()
            cur = conn.execute(
                "UPDATE jobs SET state='done', lease_until=NULL WHERE id=? AND state='leased'",
                (job.id,),
            )
            if cur.rowcount != 1:
                raise RuntimeError(f"job {job.id} is no longer leased")
            self._update_intake(
                conn,
                job.intake_id,
                outcome.stage,
                outcome.status,
                extracted,
                record,
                outcome.flags,
            )
            for e in outcome.events:
                self._append(conn, job.intake_id, e, now)
            for kind in outcome.next_jobs:
                conn.execute(
                    "INSERT INTO jobs (intake_id, kind, state, not_before, created_at)"
                    " VALUES (?,?,?,?,?)",
                    (job.intake_id, kind, "pending", _iso(now), _iso(now)),
                )
            conn.executemany(
                "INSERT OR IGNORE INTO match_keys VALUES (?, ?, ?)",
                [(digest, kind, job.intake_id) for kind, digest in outcome.match_keys],
            )
            for destination in outcome.deliveries:
                conn.execute(
                    "INSERT INTO outbox (id, intake_id, destination, state, next_at, created_at)"
                    " VALUES (?,?,?,?,?,?)",
                    (
                        str(uuid.uuid4()),
                        job.intake_id,
                        destination,
                        "pending",
                        _iso(now),
                        _iso(now),
                    ),
                )
            for d in outcome.deadlines:  # a re-normalized record keeps what was already met
                conn.execute(
                    "INSERT INTO deadlines (intake_id, kind, starts, due) VALUES (?,?,?,?)"
                    " ON CONFLICT(intake_id, kind) DO UPDATE SET starts=excluded.starts,"
                    " due=excluded.due",
                    (job.intake_id, d.kind, d.starts.isoformat(), d.due.isoformat()),
                )

        await self._write(op)

    async def fail_job(self, job: Job, error: str, retry_in_s: float, dead: bool) -> None:
        def op(conn: sqlite3.Connection) -> None:
            now = _now()
            if dead:
                conn.execute(
                    "UPDATE jobs SET state='dead', last_error=?, lease_until=NULL WHERE id=?",
                    (error[:2000], job.id),
                )
                self._update_intake(conn, job.intake_id, "dead_letter", None, None, None, None)
                self._append(
                    conn,
                    job.intake_id,
                    NewEvent(
                        "DEAD_LETTERED", "worker", None, "dead_letter", f"{job.kind}: {error}"[:500]
                    ),
                    now,
                )
            else:
                conn.execute(
                    "UPDATE jobs SET state='pending', last_error=?, lease_until=NULL,"
                    " not_before=? WHERE id=?",
                    (error[:2000], _iso(now + timedelta(seconds=retry_in_s)), job.id),
                )
                self._append(
                    conn,
                    job.intake_id,
                    NewEvent("JOB_FAILED", "worker", None, None, f"{job.kind}: {error}"[:500]),
                    now,
                )

        await self._write(op)

    # -- keys and codes -----------------------------------------------------------------------

    async def lookup_query_code(self, code_hash: bytes) -> str | None:
        def op(conn: sqlite3.Connection) -> str | None:
            row = conn.execute(
                "SELECT intake_id FROM query_codes WHERE code_hash=?", (code_hash,)
            ).fetchone()
            return row[0] if row else None

        return await self._read(op)

    async def add_api_key(self, name: str, role: str, key_hash: bytes) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO api_keys (key_hash, name, role, created_at) VALUES (?,?,?,?)",
                (key_hash, name, role, _iso(_now())),
            )

        await self._write(op)

    async def api_keys_of(self, role: str) -> dict[bytes, str]:
        def op(conn: sqlite3.Connection) -> dict[bytes, str]:
            return dict(
                conn.execute(
                    "SELECT key_hash, name FROM api_keys WHERE role=? AND revoked_at IS NULL",
                    (role,),
                ).fetchall()
            )

        return await self._read(op)

    async def lookup_api_key(self, key_hash: bytes) -> tuple[str, str] | None:
        def op(conn: sqlite3.Connection) -> tuple[str, str] | None:
            row = conn.execute(
                "SELECT name, role FROM api_keys WHERE key_hash=? AND revoked_at IS NULL",
                (key_hash,),
            ).fetchone()
            return (row[0], row[1]) if row else None

        return await self._read(op)

    # -- outbox -------------------------------------------------------------------------------

    async def claim_deliveries(self, limit: int, lease_s: float) -> list[Delivery]:
        """Lease up to ``limit`` due rows in one write; an expired lease is claimable again."""

        def op(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
            now = _now()
            now_s = _iso(now)
            rows = conn.execute(
                "UPDATE outbox SET state='leased', lease_until=?, attempts=attempts+1"
                " WHERE id IN (SELECT id FROM outbox WHERE"
                " (state='pending' AND next_at<=?) OR (state='leased' AND lease_until<?)"
                " ORDER BY next_at LIMIT ?)"
                " RETURNING id, intake_id, destination, attempts",
                (_iso(now + timedelta(seconds=lease_s)), now_s, now_s, limit),
            ).fetchall()
            if not rows:
                return []
            ids = list({r[1] for r in rows})
            marks = ",".join("?" * len(ids))
            found = {
                r[0]: (r[1], r[2])
                for r in conn.execute(
                    f"SELECT id, intake_no, record FROM intakes WHERE id IN ({marks})", ids
                )
            }
            return [(*r, *found[r[1]]) for r in rows]

        rows = await self._write(op)
        # Decrypt outside the writer thread: the writer is the one shared bottleneck.
        return [
            Delivery(
                id=r[0],
                intake_id=r[1],
                destination=r[2],
                attempts=r[3],
                intake_no=r[4],
                record=self._open(r[1], "record", r[5]) or b"",
            )
            for r in rows
        ]

    async def settle_deliveries(self, results: Sequence[DeliveryResult]) -> None:
        """Record many outcomes in one write, each with its trajectory event.

        Statements are batched (``executemany``; the chain continues from the head kept on the
        intake row) because this runs once per delivery and the writer is shared.
        """
        sealed = [
            self._seal(r.delivery.intake_id, f"outbox/{r.delivery.id}", r.response) for r in results
        ]

        def op(conn: sqlite3.Connection) -> None:
            now = _now()
            now_s = _iso(now)
            won: list[DeliveryResult] = []
            delivered = [r for r in results if r.outcome == "delivered"]
            args = [(r.status, now_s, r.delivery.id) for r in delivered]
            sql = (
                "UPDATE outbox SET state='delivered', lease_until=NULL, last_status=?,"
                " last_error=NULL, delivered_at=? WHERE id=? AND state='leased'"
            )
            if args and conn.executemany(sql, args).rowcount == len(args):
                won.extend(delivered)
            else:  # some were settled by another forwarder after our lease ran out
                won.extend(
                    r
                    for r, a in zip(delivered, args, strict=True)
                    if conn.execute(sql, a).rowcount == 1
                )
            for r, response in zip(results, sealed, strict=True):
                d = r.delivery
                if r.outcome == "delivered":
                    continue
                if r.outcome == "retry":
                    cur = conn.execute(
                        "UPDATE outbox SET state='pending', lease_until=NULL, next_at=?,"
                        " last_status=?, last_error=? WHERE id=? AND state='leased'",
                        (_iso(now + timedelta(seconds=r.retry_in_s)), r.status, r.error, d.id),
                    )
                else:
                    cur = conn.execute(
                        "UPDATE outbox SET state=?, lease_until=NULL, last_status=?,"
                        " last_error=?, response=? WHERE id=? AND state='leased'",
                        (r.outcome, r.status, r.error, response, d.id),
                    )
                if cur.rowcount == 1:
                    won.append(r)
            self._append_outcomes(conn, won, now)

        await self._write(op)

    @staticmethod
    def _append_outcomes(
        conn: sqlite3.Connection, results: Sequence[DeliveryResult], at: datetime
    ) -> None:
        """``_append`` for many intakes at once, with ``stage`` moved on delivery."""
        if not results:
            return
        at_s = _iso(at)
        ids = list({r.delivery.intake_id for r in results})
        heads: dict[str, tuple[str, str, int]] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for row in conn.execute(
                "SELECT id, stage, trail_head, trail_len FROM intakes"
                f" WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                heads[row[0]] = (row[1], row[2] or _GENESIS, row[3])
        events: list[tuple[Any, ...]] = []
        for r in results:
            d = r.delivery
            stage, prev, seq = heads[d.intake_id]
            if r.outcome == "delivered":
                # A record sent back to review after it left keeps its review stage.
                after = "delivered" if stage in ("normalized", "delivered") else stage
                e = NewEvent("DELIVERED", "forwarder", stage, after, f"{d.destination} id {d.id}")
                stage = after
            else:
                kind = {
                    "retry": "DELIVERY_FAILED",
                    "parked": "DELIVERY_PARKED",
                    "dead": "DELIVERY_DEAD",
                }[r.outcome]
                reason = f"{d.destination} attempt {d.attempts}: {r.error or r.status}"
                e = NewEvent(kind, "forwarder", None, None, reason[:500])
            seq += 1
            head = event_hash(d.intake_id, seq, at_s, e, prev)
            events.append(
                (
                    d.intake_id,
                    seq,
                    at_s,
                    e.type,
                    e.actor,
                    e.from_state,
                    e.to_state,
                    e.reason,
                    prev,
                    head,
                )
            )
            heads[d.intake_id] = (stage, head, seq)
        conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)", events)
        conn.executemany(
            "UPDATE intakes SET stage=?, trail_head=?, trail_len=?, updated_at=? WHERE id=?",
            [(stage, head, seq, at_s, i) for i, (stage, head, seq) in heads.items()],
        )

    async def outbox_summary(self, limit: int = 100) -> OutboxSummary:
        def op(conn: sqlite3.Connection) -> tuple[dict[str, int], str | None, list[Any]]:
            counts = dict(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state"))
            (oldest,) = conn.execute(
                "SELECT min(created_at) FROM outbox WHERE state IN ('pending', 'leased')"
            ).fetchone()
            rows = conn.execute(
                "SELECT o.id, o.intake_id, i.intake_no, o.destination, o.state, o.attempts,"
                " o.next_at, o.created_at, o.last_status, o.last_error, o.response"
                " FROM outbox o JOIN intakes i ON i.id = o.intake_id"
                " WHERE o.state IN ('parked', 'dead') ORDER BY o.created_at LIMIT ?",
                (limit,),
            ).fetchall()
            return counts, oldest, rows

        counts, oldest, rows = await self._read(op)
        items = [
            OutboxItem(
                id=r[0],
                intake_id=r[1],
                intake_no=r[2],
                destination=r[3],
                state=r[4],
                attempts=r[5],
                next_at=_parse(r[6]),
                created_at=_parse(r[7]),
                last_status=r[8],
                last_error=r[9],
                response=(
                    (self._open(r[1], f"outbox/{r[0]}", r[10]) or b"").decode("utf-8", "replace")
                    if r[10]
                    else None
                ),
            )
            for r in rows
        ]
        return OutboxSummary(counts, _parse(oldest) if oldest else None, items)

    async def resend_delivery(self, delivery_id: str, actor: str) -> bool:
        """Put a parked or dead delivery back in the queue, same id, attempts from zero."""

        def op(conn: sqlite3.Connection) -> bool:
            now = _now()
            row = conn.execute(
                "UPDATE outbox SET state='pending', attempts=0, next_at=?, lease_until=NULL"
                " WHERE id=? AND state IN ('parked', 'dead') RETURNING intake_id, destination",
                (_iso(now), delivery_id),
            ).fetchone()
            if row is None:
                return False
            self._append(
                conn,
                row[0],
                NewEvent("DELIVERY_RESENT", actor, None, None, f"{row[1]} id {delivery_id}"),
                now,
            )
            return True

        return await self._write(op)

    # -- callbacks and deadlines ----------------------------------------------------------------

    async def record_callback(self, intake_id: str, update: CallbackUpdate) -> None:
        def op(conn: sqlite3.Connection) -> None:
            now = _now()
            if update.outcome is not None:
                (blob,) = conn.execute(
                    "SELECT outcome FROM intakes WHERE id=?", (intake_id,)
                ).fetchone()
                merged = json.loads(self._open(intake_id, "outcome", blob) or b"{}")
                merged.update(update.outcome)
                sealed = self._seal(
                    intake_id, "outcome", json.dumps(merged, ensure_ascii=False).encode()
                )
                conn.execute("UPDATE intakes SET outcome=? WHERE id=?", (sealed, intake_id))
            self._update_intake(conn, intake_id, None, update.status, None, None, None)
            for d in update.add_deadlines:
                conn.execute(
                    "INSERT INTO deadlines (intake_id, kind, starts, due) VALUES (?,?,?,?)"
                    " ON CONFLICT(intake_id, kind) DO UPDATE SET starts=excluded.starts,"
                    " due=excluded.due, met_at=NULL",
                    (intake_id, d.kind, d.starts.isoformat(), d.due.isoformat()),
                )
            for kind in update.met_deadlines:
                conn.execute(
                    "UPDATE deadlines SET met_at=? WHERE intake_id=? AND kind=? AND met_at IS NULL",
                    (_iso(now), intake_id, kind),
                )
            self._append(conn, intake_id, update.event, now)

        await self._write(op)

    async def load_outcome(self, intake_id: str) -> dict[str, str] | None:
        def op(conn: sqlite3.Connection) -> bytes | None:
            row = conn.execute("SELECT outcome FROM intakes WHERE id=?", (intake_id,)).fetchone()
            return row[0] if row else None

        blob = await self._read(op)
        plain = self._open(intake_id, "outcome", blob)
        return json.loads(plain) if plain else None

    async def list_deadlines(self, *, open_only: bool = True) -> list[StoredDeadline]:
        def op(conn: sqlite3.Connection) -> list[StoredDeadline]:
            where = "WHERE d.met_at IS NULL" if open_only else ""
            return [
                StoredDeadline(
                    r[0],
                    r[1],
                    r[2],
                    date.fromisoformat(r[3]),
                    date.fromisoformat(r[4]),
                    _parse(r[5]) if r[5] else None,
                )
                for r in conn.execute(
                    "SELECT d.intake_id, i.intake_no, d.kind, d.starts, d.due, d.met_at"
                    f" FROM deadlines d JOIN intakes i ON i.id = d.intake_id {where}"
                    " ORDER BY d.due, i.intake_no"
                )
            ]

        return await self._read(op)

    # -- operations ---------------------------------------------------------------------------

    async def counts(self) -> dict[str, dict[str, int]]:
        def op(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
            out: dict[str, dict[str, int]] = {"stage": {}, "jobs": {}, "outbox": {}}
            for table, column, key in (
                ("intakes", "stage", "stage"),
                ("jobs", "state", "jobs"),
                ("outbox", "state", "outbox"),
            ):
                for value, n in conn.execute(
                    f"SELECT {column}, count(*) FROM {table} GROUP BY {column}"
                ):
                    out[key][value] = n
            return out

        return await self._read(op)

    async def list_intakes(
        self, *, stage: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        def op(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            where, args = ("WHERE stage=?", [stage]) if stage else ("", [])
            rows = conn.execute(
                f"SELECT id, intake_no, channel, stage, status, received_at, flags FROM intakes"
                f" {where} ORDER BY received_at LIMIT ?",
                (*args, limit),
            )
            return [
                {
                    "id": r[0],
                    "intake_no": r[1],
                    "channel": r[2],
                    "stage": r[3],
                    "status": r[4],
                    "received_at": r[5],
                    "flags": [f for f in r[6].split(",") if f],
                }
                for r in rows
            ]

        return await self._read(op)

    async def check_writable(self) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO counters VALUES ('health', 1)"
                " ON CONFLICT(name) DO UPDATE SET value = value + 1"
            )

        await self._write(op)

    # -- staff accounts, sessions and review saves (issue 7) ----------------------------------
    # Passwords arrive already hashed (scrypt, gateway.accounts); session tokens as SHA-256.

    async def add_user(self, name: str, role: str, password_hash: str) -> None:
        def op(conn: sqlite3.Connection) -> None:
            now = _iso(_now())
            conn.execute(
                "INSERT INTO staff_users (name, role, password_hash, created_at, updated_at)"
                " VALUES (?,?,?,?,?)",
                (name, role, password_hash, now, now),
            )

        await self._write(op)

    async def set_password(self, name: str, password_hash: str) -> bool:
        """Also ends the user's sessions and lifts a lockout: a reset is a fresh start."""

        def op(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                "UPDATE staff_users SET password_hash=?, failures=0, locked_until=NULL,"
                " updated_at=? WHERE name=?",
                (password_hash, _iso(_now()), name),
            )
            conn.execute("DELETE FROM staff_sessions WHERE user_name=?", (name,))
            return cur.rowcount == 1

        return await self._write(op)

    @staticmethod
    def _user(row: tuple[Any, ...]) -> StaffUser:
        return StaffUser(row[0], row[1], row[2], row[3], _parse(row[4]) if row[4] else None)

    async def get_user(self, name: str) -> StaffUser | None:
        def op(conn: sqlite3.Connection) -> StaffUser | None:
            row = conn.execute(
                "SELECT name, role, password_hash, failures, locked_until FROM staff_users"
                " WHERE name=?",
                (name,),
            ).fetchone()
            return self._user(row) if row else None

        return await self._read(op)

    async def list_users(self) -> list[StaffUser]:
        def op(conn: sqlite3.Connection) -> list[StaffUser]:
            return [
                self._user(r)
                for r in conn.execute(
                    "SELECT name, role, password_hash, failures, locked_until FROM staff_users"
                    " ORDER BY name"
                )
            ]

        return await self._read(op)

    async def login_failed(self, name: str, max_failures: int, lockout_s: float) -> None:
        def op(conn: sqlite3.Connection) -> None:
            row = conn.execute(
                "UPDATE staff_users SET failures=failures+1 WHERE name=? RETURNING failures",
                (name,),
            ).fetchone()
            if row and row[0] >= max_failures:
                until = _iso(_now() + timedelta(seconds=lockout_s))
                conn.execute(
                    "UPDATE staff_users SET failures=0, locked_until=? WHERE name=?",
                    (until, name),
                )

        await self._write(op)

    async def login_succeeded(self, name: str) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "UPDATE staff_users SET failures=0, locked_until=NULL WHERE name=?", (name,)
            )

        await self._write(op)

    async def create_session(self, token_hash: bytes, name: str, ttl_s: float) -> None:
        def op(conn: sqlite3.Connection) -> None:
            now = _now()
            conn.execute("DELETE FROM staff_sessions WHERE expires_at<?", (_iso(now),))
            conn.execute(
                "INSERT INTO staff_sessions VALUES (?,?,?,?)",
                (token_hash, name, _iso(now), _iso(now + timedelta(seconds=ttl_s))),
            )

        await self._write(op)

    async def lookup_session(self, token_hash: bytes) -> tuple[str, str] | None:
        """(user name, role) of a live session; an expired session is as good as absent."""

        def op(conn: sqlite3.Connection) -> tuple[str, str] | None:
            row = conn.execute(
                "SELECT u.name, u.role FROM staff_sessions s JOIN staff_users u"
                " ON u.name = s.user_name WHERE s.token_hash=? AND s.expires_at>?",
                (token_hash, _iso(_now())),
            ).fetchone()
            return (row[0], row[1]) if row else None

        return await self._read(op)

    async def delete_session(self, token_hash: bytes) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM staff_sessions WHERE token_hash=?", (token_hash,))

        await self._write(op)

    async def append_events(
        self,
        intake_id: str,
        events: list[NewEvent],
        *,
        stage: str | None = None,
        record: bytes | None = None,
        flags: tuple[str, ...] | None = None,
        deliveries: Sequence[str] = (),
        expect_rev: int | None = None,
    ) -> None:
        """Several events and the record they produced, in one transaction (a review save).

        With ``expect_rev``, raises ``StaleRecord`` (and writes nothing) when the record has
        changed since that version was read: two reviewers never overwrite each other.

        ``deliveries`` queues the record for those destinations in the same commit, as a
        reviewer's confirmation does for an item that waited for review.
        """
        sealed = self._seal(intake_id, "record", record)

        def op(conn: sqlite3.Connection) -> None:
            if expect_rev is not None:
                row = conn.execute(
                    "SELECT record_rev FROM intakes WHERE id=?", (intake_id,)
                ).fetchone()
                if row is None or row[0] != expect_rev:
                    raise StaleRecord(intake_id)
            self._update_intake(conn, intake_id, stage, None, None, sealed, flags)
            now = _now()
            for e in events:
                self._append(conn, intake_id, e, now)
            for destination in deliveries:
                conn.execute(
                    "INSERT INTO outbox (id, intake_id, destination, state, next_at, created_at)"
                    " VALUES (?,?,?,?,?,?)",
                    (str(uuid.uuid4()), intake_id, destination, "pending", _iso(now), _iso(now)),
                )

        await self._write(op)

    # -- end of staff section -------------------------------------------------------------------

    async def verify_trajectories(self) -> list[TrajectoryProblem]:
        def op(conn: sqlite3.Connection) -> list[TrajectoryProblem]:
            problems: list[TrajectoryProblem] = []
            heads = {
                r[0]: (r[1], r[2], r[3])
                for r in conn.execute("SELECT id, intake_no, trail_head, trail_len FROM intakes")
            }
            numbers = {i: h[0] for i, h in heads.items()}
            chains: dict[str, list[tuple[Any, ...]]] = {i: [] for i in numbers}
            for row in conn.execute(
                "SELECT intake_id, seq, at, type, actor, from_state, to_state, reason,"
                " hash_prev, hash FROM events ORDER BY intake_id, seq"
            ):
                chains.setdefault(row[0], []).append(row)
            for intake_id, rows in chains.items():
                found = _check_chain(intake_id, numbers.get(intake_id, "?"), rows)
                if not found and intake_id in heads:
                    _, head, length = heads[intake_id]
                    if rows[-1][9] != head or len(rows) != length:
                        found = [
                            TrajectoryProblem(
                                intake_id,
                                heads[intake_id][0],
                                len(rows),
                                f"newest events deleted (expected {length})",
                            )
                        ]
                problems.extend(found)
            return problems

        return await self._read(op)


def _check_chain(
    intake_id: str, intake_no: str, rows: Iterable[tuple[Any, ...]]
) -> list[TrajectoryProblem]:
    prev, expected_seq = _GENESIS, 1
    rows = list(rows)
    if not rows:
        return [TrajectoryProblem(intake_id, intake_no, 0, "no events: RECEIVED was deleted")]
    for _, seq, at, type_, actor, from_s, to_s, reason, hash_prev, hash_ in rows:
        if seq != expected_seq:
            return [TrajectoryProblem(intake_id, intake_no, seq, f"event {expected_seq} missing")]
        if hash_prev != prev:
            return [TrajectoryProblem(intake_id, intake_no, seq, "link to previous event broken")]
        e = NewEvent(type_, actor, from_s, to_s, reason)
        if event_hash(intake_id, seq, at, e, prev) != hash_:
            return [TrajectoryProblem(intake_id, intake_no, seq, "event content was changed")]
        prev, expected_seq = hash_, seq + 1
    return []
