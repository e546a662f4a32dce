"""Shared fixtures: a gateway on a temporary data folder, served on loopback port 0; a
throw-away PostgreSQL cluster (``pg_cluster``, started once, only if a test asks) and a fresh
database in it for each test that asks (``pg_url``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from gateway.app import STORE, create_app
from gateway.auth import hash_api_key
from gateway.crypto import generate_key_line, parse_keyring
from gateway.settings import Settings, load_settings
from tests.pg import PgCluster, PostgresUnavailable

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def engine() -> str:
    """The database engine of the ``settings`` fixture (``tests.engines.every_engine``
    overrides it in the modules that must hold on every engine)."""
    return "sqlite"


@pytest.fixture
def database_url(engine: str, request: pytest.FixtureRequest) -> str:
    if engine == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return ""  # the default: SQLite in the data folder


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return load_settings(
        env={},
        data_dir=tmp_path / "data",
        database_url=database_url,
        keys=generate_key_line(),
        workers=2,
        job_lease_s=5.0,
        job_retry_base_s=0.2,
    )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A PostgreSQL server of the tests' own, stopped and removed at the end of the session.

    Never skipped: without PostgreSQL the tests that need it fail, saying how to install it.
    """
    try:
        cluster = PgCluster.create()
    except PostgresUnavailable as exc:
        problem = str(exc)
    else:
        problem = ""
    if problem:
        pytest.fail(f"cannot start the test PostgreSQL cluster: {problem}", pytrace=False)
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """``postgresql://...`` of a new empty database (``test_<n>``), dropped after the test."""
    pg_cluster.ensure_running()  # an earlier test may have left it stopped
    with pg_cluster.database() as url:
        yield url


MakeClient = Callable[..., Awaitable[TestClient[Any, Any]]]


@pytest.fixture
def make_client(settings: Settings, aiohttp_client: Any) -> MakeClient:
    # settings first: its database (pg_url) must outlive the clients that use it.
    async def make(settings: Settings = settings, **kwargs: Any) -> TestClient[Any, Any]:
        kwargs.setdefault("extractors", {})
        return await aiohttp_client(await create_app(settings, **kwargs))

    return make


async def api_key(client: TestClient[Any, Any], settings: Settings, role: str) -> str:
    """Create an API key for ``role`` straight in the store, as the CLI would."""
    key = f"igk_test_{role}_{time.monotonic_ns()}"
    secret = parse_keyring(settings.keys).derive("api-key")
    await client.app[STORE].add_api_key(
        f"{role}-{time.monotonic_ns()}", role, hash_api_key(secret, key)
    )
    return key


async def wait_for(
    predicate: Callable[[], Awaitable[Any]], within: float = 30.0, interval: float = 0.05
) -> Any:
    deadline = time.monotonic() + within
    while True:
        value = await predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(interval)


async def record_when_done(
    client: TestClient[Any, Any], settings: Settings, intake_no: str, within: float = 120.0
) -> Any:
    """The staff view of an intake once normalized (or flagged), read as a reviewer would."""
    headers = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}

    async def done() -> Any:
        data = await (await client.get(f"/api/v1/records/{intake_no}", headers=headers)).json()
        return data if data["stage"] in ("queued", "needs_review") else None

    return await wait_for(done, within=within)
