"""What storage raises, whatever the engine underneath.

    StorageError                 base; never a driver's own exception type
    ├── StorageUnavailable       the database cannot be reached or written (disk full, server
    │                            down, pool exhausted): retry later, nothing was half-written
    ├── AlreadyExists            a unique fact exists already (a user name, an API key)
    ├── NoAdminLeft              an account change would leave no enabled administrator
    ├── KeyConflict              an idempotency key already names an intake of other content
    ├── StaleRecord              the record changed since the caller read it (review saves)
    ├── LeaseLost                the claim this worker holds was taken over: its result is
    │                            discarded, the current holder's result is the one that lands
    └── SchemaMismatch           the database was made by an incompatible version

Connectors translate driver errors at the boundary with ``raise ... from exc`` so that the
cause stays in the traceback while callers depend on this tree only.
"""

from __future__ import annotations

__all__ = [
    "AlreadyExists",
    "KeyConflict",
    "LeaseLost",
    "NoAdminLeft",
    "SchemaMismatch",
    "StaleRecord",
    "StorageError",
    "StorageUnavailable",
]


class StorageError(Exception):
    """Base of every storage error."""


class StorageUnavailable(StorageError):
    """The database cannot be reached or written now; the operation did not happen."""


class AlreadyExists(StorageError):
    """A row with the same unique key exists."""


class NoAdminLeft(StorageError):
    """Disabling or demoting this account would leave nobody able to administer accounts."""


class KeyConflict(StorageError):
    """The idempotency key was used before for different content: neither is a repeat."""


class StaleRecord(StorageError):
    """The record changed since the reviewer opened it; saving would drop that change."""


class LeaseLost(StorageError):
    """The job or delivery is no longer leased under this token: another holder took it over."""


class SchemaMismatch(StorageError):
    """The database schema was made by a version this code cannot upgrade."""
