"""Who may call: staff accounts and sessions, API keys, query codes, and shared throttles;
and what a caller's unfinished public form holds back (its attachments, ``hold_attachments``).

Only hashes are stored: scrypt for passwords (``gateway.accounts``), keyed hashes for API keys
and query codes, SHA-256 for the high-entropy session tokens. Throttles are fixed-window
counters in the database, so every process of an office counts the same attempts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gateway.storage.connector import Row, Tx
from gateway.storage.values import StaffUser

__all__ = [
    "add_user",
    "create_session",
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
    """Also ends the user's sessions and lifts a lockout: a reset is a fresh start."""
    changed = tx.run("set_password", name=name, password_hash=password_hash, now=now)
    tx.run("delete_sessions_of", name=name)
    return changed == 1


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


def lookup_session(tx: Tx, token_hash: bytes, now: datetime) -> tuple[str, str] | None:
    """(user name, role) of a live session; an expired session is as good as absent."""
    row = tx.one("lookup_session", token_hash=token_hash, now=now)
    return (row[0], row[1]) if row else None


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
