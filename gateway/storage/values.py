"""The typed values that cross the storage boundary, in and out.

Plain frozen dataclasses: timestamps are aware datetimes (UTC), days are ``date``; sealed
columns arrive here already decrypted (out) or in clear for the store to seal (in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

__all__ = [
    "CallbackUpdate",
    "DeadJob",
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
    "StaffUser",
    "StoredDeadline",
    "StoredIntake",
    "StoredOriginal",
    "SubmitResult",
    "TrajectoryProblem",
]


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
    # What the idempotency key is bound to (a digest of the raw intake and its originals).
    content_digest: bytes | None = None


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


@dataclass(frozen=True)
class Job:
    """A claimed job. ``lease`` is the fencing token: only its holder may settle the job."""

    id: int
    intake_id: str
    kind: str
    attempts: int
    lease: int = 0


@dataclass(frozen=True)
class DeadJob:
    """A dead-lettered job as staff see it: ``error`` is a code or a type name, never content."""

    id: int
    intake_no: str
    channel: str
    kind: str
    error: str | None
    attempts: int
    received_at: datetime
    failed_at: datetime


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
    """A claimed outbox row; ``lease`` fences it like a job's."""

    id: str
    intake_id: str
    destination: str
    attempts: int
    intake_no: str = ""
    record: bytes = b""  # the normalized record as stored (decrypted), before redaction
    lease: int = 0


@dataclass(frozen=True)
class StaffUser:
    name: str
    role: str
    password_hash: str
    failures: int
    locked_until: datetime | None
    display_name: str = ""  # 姓名 as people read it; empty until an administrator sets it


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


IntakeRow = dict[str, Any]
