"""Who may call: staff accounts and sessions, API keys, query codes, and shared throttles;
and what a caller's unfinished public form holds back (its attachments, ``hold_attachments``).

Only hashes are stored: scrypt for passwords (``gateway.accounts``), keyed hashes for API keys
and query codes, SHA-256 for the high-entropy session tokens. Throttles are fixed-window
counters in the database, so every process of an office counts the same attempts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import assert_never

from gateway.storage.connector import Row, Tx
from gateway.storage.errors import AlreadyExists, NoAdminLeft
from gateway.storage.values import (
    AccountChange,
    AccountLock,
    DisplayNameChange,
    LoginFailuresCleared,
    NewAccount,
    PasswordReset,
    RoleChange,
    StaffUser,
)

__all__ = [
    "DISABLED_UNTIL",
    "add_user",
    "change",
    "create_session",
    "failed_logins",
    "get_held_attachments",
    "hit",
    "hold_attachments",
    "set_display_name",
    "set_password",
]


def _user(row: Row) -> StaffUser:
    return StaffUser(row[0], row[1], row[2], row[3], row[4], row[5])


def add_user(tx: Tx, name: str, role: str, password_hash: str, now: datetime) -> None:
    tx.run("insert_user", name=name, role=role, password_hash=password_hash, now=now)


def set_password(tx: Tx, name: str, password_hash: str, now: datetime) -> bool:
    """Also ends the user's sessions and clears its failed logins: a reset is a fresh start.
    A disabled account stays disabled: enabling it is a change of its own."""
    changed = tx.run("set_password", name=name, password_hash=password_hash, now=now)
    tx.run("delete_sessions_of", name=name)
    tx.run("delete_login_failures", key=f"login-fail/{name}")
    return changed == 1


# An administrator's lock has no end: the account stays disabled until it is enabled again.
DISABLED_UNTIL = datetime(9999, 12, 31, tzinfo=UTC)
_ADMIN = "admin"


def change(tx: Tx, change: AccountChange, actor: str, now: datetime) -> bool:
    """Apply one administrator's change and write its audit_log entry, in the caller's
    transaction. False when there is no such account (nothing is written then).

    The entry's detail is JSON with the account and the new values, never a password or a
    hash. ``NoAdminLeft`` when a role change or a lock would leave no enabled administrator,
    ``AlreadyExists`` for a new account under a name in use."""
    match change:
        case NewAccount(name, role, password_hash, display_name, temporary):
            if get_user(tx, name) is not None:
                raise AlreadyExists(name)
            add_user(tx, name, role, password_hash, now)
            if display_name:
                set_display_name(tx, name, display_name, now)
            action = "account_created"
            detail: dict[str, object] = {
                "account": name,
                "role": role,
                "display_name": display_name,
                "temporary": temporary,
            }
        case _:
            before = get_user(tx, change.name)
            if before is None:
                return False
            action, detail = _apply(tx, change, before, now)
    _audit(tx, actor, action, detail, now)
    return True


def _apply(
    tx: Tx,
    change: RoleChange | DisplayNameChange | PasswordReset | AccountLock | LoginFailuresCleared,
    before: StaffUser,
    now: datetime,
) -> tuple[str, dict[str, object]]:
    """Change an existing account; returns the audit action and detail."""
    match change:
        case RoleChange(name, role):
            if before.role == _ADMIN and role != _ADMIN and not before.disabled(now):
                _keep_an_admin(tx, now)
            tx.run("set_role", name=name, role=role, now=now)
            # A session holds no role (it is read with each request): nothing else to end.
            return "account_role", {"account": name, "role": role, "was": before.role}
        case DisplayNameChange(name, display_name):
            set_display_name(tx, name, display_name, now)
            was = before.display_name
            return "account_display_name", {
                "account": name,
                "display_name": display_name,
                "was": was,
            }
        case PasswordReset(name, password_hash, temporary):
            set_password(tx, name, password_hash, now)
            return "account_password", {"account": name, "temporary": temporary}
        case AccountLock(name, disabled):
            if disabled and before.role == _ADMIN and not before.disabled(now):
                _keep_an_admin(tx, now)
            until = DISABLED_UNTIL if disabled else None
            tx.run("set_locked_until", name=name, locked_until=until, now=now)
            if disabled:
                tx.run("delete_sessions_of", name=name)
            return ("account_disabled" if disabled else "account_enabled"), {"account": name}
        case LoginFailuresCleared(name):
            tx.run("delete_login_failures", key=f"login-fail/{name}")
            return "account_unlocked", {"account": name}
        case _:
            assert_never(change)


def _keep_an_admin(tx: Tx, now: datetime) -> None:
    """Called before one enabled administrator stops being one."""
    row = tx.one("enabled_admins", now=now)
    if row is None or int(row[0]) <= 1:
        raise NoAdminLeft("no other enabled administrator")


def _audit(tx: Tx, actor: str, action: str, detail: dict[str, object], now: datetime) -> None:
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True)
    tx.run("insert_audit", now=now, actor=actor, action=action, detail=text)


def failed_logins(tx: Tx, window_s: float, at_least: int, now: datetime) -> dict[str, int]:
    """Accounts some client is shut out of now (``at_least`` failures from one address in
    the current window): login name -> the most failures from one address."""
    rows = tx.all("login_failure_counts", window_start=window_of(now, window_s), at_least=at_least)
    out: dict[str, int] = {}
    for key, hits in rows:
        # login-fail/<name>/<address>; login-fail/<name> is the account's total over clients.
        name, sep, _address = str(key).removeprefix("login-fail/").rpartition("/")
        if sep and name:
            out[name] = max(out.get(name, 0), int(hits))
    return out


def set_display_name(tx: Tx, name: str, display_name: str, now: datetime) -> bool:
    """False when there is no such account."""
    return tx.run("set_display_name", name=name, display_name=display_name, now=now) == 1


def get_user(tx: Tx, name: str) -> StaffUser | None:
    row = tx.one("get_user", name=name)
    return _user(row) if row else None


def list_users(tx: Tx) -> list[StaffUser]:
    return [_user(r) for r in tx.all("list_users")]


def create_session(tx: Tx, token_hash: bytes, name: str, ttl_s: float, now: datetime) -> None:
    tx.run("purge_sessions", now=now)
    tx.run(
        "insert_session",
        token_hash=token_hash,
        name=name,
        now=now,
        expires_at=now + timedelta(seconds=ttl_s),
    )


def lookup_session(tx: Tx, token_hash: bytes, now: datetime) -> tuple[str, str, str] | None:
    """(user name, role, display name) of a live session; an expired session, or one of a
    disabled account, is as good as absent."""
    row = tx.one("lookup_session", token_hash=token_hash, now=now)
    return (row[0], row[1], row[2] or "") if row else None


def window_of(now: datetime, window_s: float) -> datetime:
    """The start of the fixed window of ``window_s`` seconds that ``now`` falls in."""
    step = int(window_s * 1_000_000)
    epoch = datetime(1970, 1, 1, tzinfo=now.tzinfo)
    micros = (now - epoch) // timedelta(microseconds=1)
    return epoch + timedelta(microseconds=micros - micros % step)


def hit(tx: Tx, key: str, window_s: float, now: datetime) -> int:
    """Count one attempt under ``key`` in the current window; returns the window's count.

    Committed without waiting for the disk: a count lost in a crash costs a client one
    extra attempt, and not waiting keeps a rate limit from costing an fsync per request."""
    tx.run("relax_commit")
    row = tx.one("hit_throttle", key=key, window_start=window_of(now, window_s))
    assert row is not None
    return int(row[0])


def hits(tx: Tx, key: str, window_s: float, now: datetime) -> int:
    """Attempts counted under ``key`` in the current window, without counting one."""
    row = tx.one("throttle_hits", key=key, window_start=window_of(now, window_s))
    return int(row[0]) if row else 0


def hold_attachments(
    tx: Tx,
    token_hash: bytes,
    data: bytes,
    size: int,
    expires_at: datetime,
    max_total: int,
    now: datetime,
) -> bool:
    """Keep ``data`` (already encrypted) until ``expires_at``, unless all that is held would
    then exceed ``max_total`` bytes (``size`` is the plaintext's); expired holds go first.
    Across processes the sum is read without a lock: two holds at once may pass it together,
    so the bound can be overshot by what the concurrent requests hold, never without limit."""
    tx.run("purge_held_attachments", now=now)
    row = tx.one("held_attachments_bytes", now=now)
    if (int(row[0]) if row else 0) + size > max_total:
        return False
    tx.run(
        "insert_held_attachments",
        token_hash=token_hash,
        data=data,
        bytes=size,
        expires_at=expires_at,
    )
    return True


def get_held_attachments(tx: Tx, token_hash: bytes, now: datetime) -> bytes | None:
    row = tx.one("get_held_attachments", token_hash=token_hash, now=now)
    return bytes(row[0]) if row else None
