"""Durable state behind one narrow interface: intakes, trajectory, jobs, keys, outbox.

``Store`` is what the rest of the gateway sees. Underneath, a connector runs plain operations
(one module per aggregate: ``intakes``, ``trail``, ``jobs``, ``outbox``, ``accounts``) against
an engine: ``SqliteConnector`` is the embedded default, ``PostgresConnector`` serves several
gateway and worker processes on several machines. SQL lives in ``sql/`` as named queries and
numbered migrations per dialect. Errors are ``gateway.storage.errors``; no driver exception
and no engine name leaves this package.

``open_store(url, keyring)`` opens either: ``sqlite:///path`` or ``postgresql://...``.
"""

from __future__ import annotations

from pathlib import Path

from gateway.crypto import KeyRing
from gateway.storage.errors import (
    AlreadyExists,
    KeyConflict,
    LeaseLost,
    NoAdminLeft,
    SchemaMismatch,
    StaleRecord,
    StorageError,
    StorageUnavailable,
)
from gateway.storage.intakes import CHANNEL_PREFIX, SHANGHAI
from gateway.storage.store import Store
from gateway.storage.trail import event_hash
from gateway.storage.values import (
    AccountChange,
    AccountLock,
    AuditEntry,
    CallbackUpdate,
    DeadJob,
    Decision,
    Delivery,
    DeliveryResult,
    DisplayNameChange,
    Event,
    HandedOver,
    Job,
    JobOutcome,
    KeyIssue,
    KeyIssueVersion,
    LedgerRow,
    LoginFailuresCleared,
    ManualDelivery,
    NewAccount,
    NewDeadline,
    NewDelivery,
    NewEvent,
    NewIntake,
    OrganRow,
    OutboxItem,
    OutboxSummary,
    PasswordReset,
    PatternKey,
    RoleChange,
    RoutingItem,
    SearchQuery,
    StaffUser,
    StatCell,
    StatFilter,
    StatItem,
    StatRow,
    StoredDeadline,
    StoredIntake,
    StoredOriginal,
    SubmitResult,
    Topic,
    TrajectoryProblem,
)

__all__ = [
    "CHANNEL_PREFIX",
    "SHANGHAI",
    "AccountChange",
    "AccountLock",
    "AlreadyExists",
    "AuditEntry",
    "CallbackUpdate",
    "DeadJob",
    "Decision",
    "Delivery",
    "DeliveryResult",
    "DisplayNameChange",
    "Event",
    "HandedOver",
    "Job",
    "JobOutcome",
    "KeyConflict",
    "KeyIssue",
    "KeyIssueVersion",
    "LeaseLost",
    "LedgerRow",
    "LoginFailuresCleared",
    "ManualDelivery",
    "NewAccount",
    "NewDeadline",
    "NewDelivery",
    "NewEvent",
    "NewIntake",
    "NoAdminLeft",
    "OrganRow",
    "OutboxItem",
    "OutboxSummary",
    "PasswordReset",
    "PatternKey",
    "RoleChange",
    "RoutingItem",
    "SchemaMismatch",
    "SearchQuery",
    "StaffUser",
    "StaleRecord",
    "StatCell",
    "StatFilter",
    "StatItem",
    "StatRow",
    "StorageError",
    "StorageUnavailable",
    "Store",
    "StoredDeadline",
    "StoredIntake",
    "StoredOriginal",
    "SubmitResult",
    "Topic",
    "TrajectoryProblem",
    "event_hash",
    "open_store",
    "sqlite_path",
]


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///relative`` or ``sqlite:////absolute`` URL, else None."""
    prefix = "sqlite:///"
    return Path(url[len(prefix) :]) if url.startswith(prefix) else None


async def open_store(url: str, keyring: KeyRing, *, pool_size: int = 10) -> Store:
    """Open (and migrate) the database at ``url``; raises ``StorageUnavailable`` with a
    message naming the URL (never its password) when it cannot be reached."""
    path = sqlite_path(url)
    if path is not None:
        from gateway.storage.sqlite import SqliteConnector

        sqlite = SqliteConnector(path)
        await sqlite.start()
        return Store(sqlite, keyring)
    if url.startswith(("postgresql://", "postgres://")):
        from gateway.storage.postgres import PostgresConnector

        pg = PostgresConnector(url, pool_size=pool_size)
        await pg.start()
        return Store(pg, keyring)
    raise ValueError("database_url must start with sqlite:/// or postgresql://")
