"""Running a test module on every database engine, and reading a test database directly.

A module that must hold on SQLite and on PostgreSQL imports ``every_engine``: it overrides
the ``engine`` fixture that the ``settings`` fixture reads, so each test runs twice.
``query`` reads raw rows (to prove what is, or is not, stored in clear) on either engine.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
import pytest

from gateway.settings import Settings

__all__ = ["every_engine", "query"]


@pytest.fixture(params=["sqlite", "postgres"], name="engine")
def every_engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def query(settings: Settings, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (``?`` placeholders) in the settings' database."""
    if settings.database_url.startswith("postgres"):
        with psycopg.connect(settings.database_url) as conn:
            return [tuple(r) for r in conn.execute(sql.replace("?", "%s").encode(), params)]
    conn = sqlite3.connect(settings.db_path)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()
