"""The seam between the aggregates and an engine: a transaction and a connector.

Every storage operation is a plain function ``op(tx) -> T`` written once, against ``Tx``; a
connector runs it in one transaction of its engine, off the event loop, and translates the
driver's errors into ``gateway.storage.errors``. Queries are named (``gateway.storage.queries``).

``tx.notify(channel)`` asks for a wake-up of the listeners of ``channel`` once the transaction
has committed: LISTEN/NOTIFY on PostgreSQL, a callback in the process on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, TypeVar

__all__ = ["Connector", "Lead", "Row", "Tx"]

T = TypeVar("T")
Row = tuple[Any, ...]


class Tx(Protocol):
    """One open transaction. Parameters are named; values are Python values (datetime, date,
    bytes, str, int, lists for the queries that take lists)."""

    def one(self, query: str, **params: Any) -> Row | None: ...
    def all(self, query: str, **params: Any) -> list[Row]: ...
    def run(self, query: str, **params: Any) -> int: ...
    def many(self, query: str, rows: Sequence[Mapping[str, Any]]) -> None: ...
    def notify(self, channel: str) -> None: ...


class Lead(Protocol):
    async def release(self) -> None: ...


class Connector(Protocol):
    dialect: str  # "sqlite" | "postgres"
    url: str  # without any password, fit for messages

    async def write(self, op: Callable[[Tx], T]) -> T: ...
    async def read(self, op: Callable[[Tx], T]) -> T: ...
    def subscribe(self, channel: str, callback: Callable[[], None]) -> None: ...
    def exclusive(self, key: str) -> AbstractAsyncContextManager[None]:
        """Held by one holder at a time across every process of the database."""
        ...

    async def try_lead(self, key: str) -> Lead | None:
        """Become the one holder of ``key`` until ``release`` (or this process ends), or
        None when another process holds it."""
        ...

    async def start(self) -> None: ...
    async def close(self) -> None: ...
