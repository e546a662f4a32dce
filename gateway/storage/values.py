"""The typed values that cross the storage boundary, in and out.

Plain frozen dataclasses: timestamps are aware datetimes (UTC), days are ``date``; sealed
columns arrive here already decrypted (out) or in clear for the store to seal (in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from normalizer.statistics import StatFacts as StatRow

__all__ = [
    "AccountChange",
    "AccountLock",
    "CallbackUpdate",
    "DeadJob",
    "Delivery",
    "DeliveryResult",
    "DisplayNameChange",
    "Event",
    "HandedOver",
    "Job",
    "JobOutcome",
    "KeyIssue",
    "KeyIssueVersion",
    "LoginFailuresCleared",
    "NewAccount",
    "NewDeadline",
    "NewEvent",
    "NewIntake",
    "OutboxItem",
    "OutboxSummary",
    "PasswordReset",
    "PatternKey",
    "RoleChange",
    "StaffUser",
    "StatCell",
    "StatFilter",
    "StatItem",
    "StatRow",
    "StoredDeadline",
    "StoredIntake",
    "StoredOriginal",
    "SubmitResult",
    "Topic",
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
    origin: str = "self"  # normalizer.record.Origin, in clear for statistics (not identity)


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
    sealed: bool = False  # the sealed path (§5.3): no record, no text; raw kept until purged
    classification: str | None = None  # normalizer.triage.Classification, once decided
    origin: str = "self"  # normalizer.record.Origin: 本级受理 or who handed it over


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
    # The sealed path: the intake keeps only this (JSON, sealed by the store); its extracted
    # text, record and match keys are not written, its raw input and originals are destroyed
    # after ``purge_after``.
    sealed: bytes | None = None
    purge_after: datetime | None = None
    decision: Decision | None = None  # a decision taken with the job (the system's own)
    stats: StatRow | None = None  # the record's statistics row (a sealed one: its day only)


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
    item: int | None = None  # the routing item it carries out, None for an update
    content: str = "record"  # record | notice | letter | cover_sheet (normalizer.stages)


@dataclass(frozen=True)
class StaffUser:
    name: str
    role: str
    password_hash: str
    failures: int
    locked_until: datetime | None
    display_name: str = ""  # 姓名 as people read it; empty until an administrator sets it

    def disabled(self, now: datetime) -> bool:
        """Locked by an administrator (``locked_until`` in the future): no login, no session."""
        return self.locked_until is not None and self.locked_until > now


# What an administrator may change on a staff account (``Store.change_account``); each kind
# is written with its audit_log entry in one transaction.
@dataclass(frozen=True)
class NewAccount:
    name: str
    role: str
    password_hash: str
    display_name: str = ""
    temporary: bool = False  # the password was generated and shown once


@dataclass(frozen=True)
class RoleChange:
    name: str
    role: str


@dataclass(frozen=True)
class DisplayNameChange:
    name: str
    display_name: str


@dataclass(frozen=True)
class PasswordReset:
    """Ends the account's sessions and clears its failed logins; a disabled account stays so."""

    name: str
    password_hash: str
    temporary: bool = False


@dataclass(frozen=True)
class AccountLock:
    """Disable (``disabled=True``: its sessions end at once) or enable an account."""

    name: str
    disabled: bool


@dataclass(frozen=True)
class LoginFailuresCleared:
    """Unlock: the failed-login counts that shut clients out of the account are dropped."""

    name: str


AccountChange = (
    NewAccount | RoleChange | DisplayNameChange | PasswordReset | AccountLock | LoginFailuresCleared
)


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
class PatternKey:
    """One blind-index fact of an intake (a keyed hash; its kind says of what)."""

    digest: bytes
    kind: str  # complainant | accused | s:unit
    intake_id: str
    intake_no: str
    stage: str
    received_at: datetime


@dataclass(frozen=True)
class HandedOver:
    """An intake another unit handed over, as its row says (the details are in its record)."""

    intake_id: str
    intake_no: str
    channel: str
    origin: str
    stage: str
    received_at: datetime


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
    stage: str | None = None  # the record's (and its lead routing item's) new stage
    flags: tuple[str, ...] | None = None  # the intake's flags, replaced when given


IntakeRow = dict[str, Any]


# -- 研判分流 (gateway.storage.routing) -----------------------------------------------------------


@dataclass(frozen=True)
class OrganRow:
    """An organ of the registry (normalizer.triage.OrganRef plus who edited it)."""

    id: str
    name: str
    relation: str  # above | below | other
    level: str  # normalizer.triage.OrganLevel value
    region: str
    endpoint: str | None = None
    with_identity: bool = False
    updated_by: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class NewDelivery:
    """One delivery of a routing item: ``destination`` names the receiver (``processing``,
    ``case_mgmt``, ``organ/<id>``, ``print/<recipient>``); ``manual`` = no endpoint, a printed
    letter that staff mark sent. ``content`` is normalizer.stages.Delivery.content."""

    destination: str
    content: str
    item: int | None = None
    manual: bool = False


@dataclass(frozen=True)
class RoutingItem:
    """One routing item as stored: codes only (reasons live in the encrypted triage column).
    ``sent_stage`` is the stage the item reaches once every delivery but notices has landed;
    the ``lead`` item's stage is the record's stage."""

    position: int
    accused_index: int | None
    suggested_rule: str | None
    suggested_actions: tuple[str, ...]
    actions: tuple[str, ...]
    destination: str | None
    deadline_rule: str | None
    due: date | None
    stage: str
    first_time: bool
    approval_required: bool
    decided_by: str
    decided_at: datetime | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    sent_by: str | None = None
    sent_at: datetime | None = None
    sent_stage: str | None = None
    lead: bool = False
    report_due: date | None = None  # 交办: the day the lower organ must report its result by
    lower_accepted_at: datetime | None = None
    reported_at: datetime | None = None
    reminders: int = 0  # 督办 sent
    objected_at: datetime | None = None  # the complainant's latest objection


@dataclass(frozen=True)
class Decision:
    """Everything a decision (or an approval) writes, in one transaction. ``stage`` is the
    record's new stage; ``items`` replace the record's routing items when given."""

    events: list[NewEvent]
    stage: str
    expect_rev: int | None = None
    record: bytes | None = None  # the record with its deadlines brought up to date
    triage: bytes | None = None  # suggestion, decision, approval: JSON, sealed by the store
    classification: str | None = None
    items: list[RoutingItem] | None = None
    item_stages: dict[int, str] = field(default_factory=dict)
    approved_by: str | None = None
    deliveries: list[NewDelivery] = field(default_factory=list)
    set_deadlines: list[NewDeadline] = field(default_factory=list)
    drop_deadlines: list[str] = field(default_factory=list)
    meet_deadlines: list[str] = field(default_factory=list)
    flags: tuple[str, ...] | None = None
    match_keys: list[tuple[str, bytes]] | None = None  # a corrected record's blind index
    stats: StatRow | None = None  # a corrected record's statistics row
    acceptance: str | None = None  # with ``items``: what they mean for the 受理 statistics


@dataclass(frozen=True)
class LedgerRow:
    intake_id: str
    intake_no: str
    channel: str
    received_at: datetime
    sealed: bool
    classification: str | None
    item: RoutingItem


@dataclass(frozen=True)
class ManualDelivery:
    """A printed letter or cover sheet waiting for staff to mark it sent."""

    id: str
    intake_id: str
    intake_no: str
    destination: str
    content: str
    item: int | None
    created_at: datetime
    sealed: bool


@dataclass(frozen=True)
class SearchQuery:
    """A staff search. ``ids`` narrows to the intakes the blind index found (None: no
    identity searched); everything else is a column filter."""

    intake_no: str | None = None
    channel: str | None = None
    stage: str | None = None
    assignee: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    ids: frozenset[str] | None = None
    oldest_first: bool = False
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    detail: str | None
    intake_no: str | None


# -- 综合分析 (gateway.storage.stats) ------------------------------------------------------------


@dataclass(frozen=True)
class StatFilter:
    """Received days ``since`` ≤ day < ``until`` (Beijing time) and one value per dimension;
    None is any. ``region`` is a GB/T 2260 prefix: 32 is 江苏省, 3201 南京市."""

    since: date
    until: date
    channel: str | None = None
    origin: str | None = None
    klass: str | None = None
    real_name: str | None = None
    level: str | None = None
    acceptance: str | None = None
    route: str | None = None
    disposal: str | None = None
    repeat: bool | None = None
    region: str | None = None
    unit: str | None = None
    category: str | None = None
    tag: str | None = None


@dataclass(frozen=True)
class StatCell:
    """One value of a dimension: 件次, 件数, 来访批次, 人次 and 集体访 under the counting rules."""

    key: str | None
    reports: int
    matters: int
    batches: int
    people: int
    group_visits: int


@dataclass(frozen=True)
class StatItem:
    """A drill-down row: the codes of an item and its number, never its content or identity."""

    intake_id: str
    intake_no: str
    day: str
    channel: str | None
    klass: str | None
    repeat: bool
    level: str | None
    region: str | None
    unit: str | None
    acceptance: str | None
    route: str | None
    disposal: str | None


@dataclass(frozen=True)
class KeyIssue:
    code: str
    title: str
    keywords: tuple[str, ...]  # a word, or "re:" and a regular expression
    valid_from: str | None = None  # YYYY-MM-DD, received days
    valid_to: str | None = None


@dataclass(frozen=True)
class KeyIssueVersion:
    version: int
    note: str | None
    created_by: str
    created_at: datetime
    retag_after: str | None
    retag_done_at: datetime | None


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    filters: str  # JSON of the analysis query
    created_by: str
    created_at: datetime
