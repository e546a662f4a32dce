"""Rate limits that hold across processes: counted in the database on PostgreSQL.

On SQLite the gateway is one process, and the in-memory GCRA limiter of the web channel is
exact and costs no write. On PostgreSQL several processes serve the same clients, so each
attempt is counted in the ``throttles`` table (fixed one-minute windows: a client can at
most double its budget across a window boundary, never multiply it by the process count).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from channels.web.abuse import Limiter, RateLimiter
from gateway.storage import Store

__all__ = ["SharedLimiter", "limiter_factory"]

WINDOW_S = 60.0


class SharedLimiter:
    def __init__(self, store: Store, name: str, per_minute: int) -> None:
        self._store = store
        self._name = name
        self._per_window = per_minute

    async def retry_after(self, key: str) -> float | None:
        hits = await self._store.hit(f"{self._name}/{key}", WINDOW_S)
        if hits <= self._per_window:
            return None
        return WINDOW_S - time.time() % WINDOW_S


def limiter_factory(store: Store) -> Callable[[str, int], Limiter]:
    """``(name, per_minute) -> Limiter`` fitting the engine the store runs on."""
    if store.dialect == "sqlite":
        return lambda _name, per_minute: RateLimiter(per_minute)
    return lambda name, per_minute: SharedLimiter(store, name, per_minute)
