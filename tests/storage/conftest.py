"""One ``store`` fixture, run against SQLite and against a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.crypto import KeyRing, generate_key_line, parse_keyring
from gateway.storage import Store, open_store


@pytest.fixture
def keyring() -> KeyRing:
    return parse_keyring(generate_key_line())


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
async def store(store_url: str, keyring: KeyRing) -> AsyncIterator[Store]:
    s = await open_store(store_url, keyring)
    yield s
    await s.close()


@pytest.fixture
async def other_store(store_url: str, keyring: KeyRing) -> AsyncIterator[Store]:
    """A second process's view of the same database (its own connector and pool)."""
    s = await open_store(store_url, keyring)
    yield s
    await s.close()
