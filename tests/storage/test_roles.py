"""Process roles: what each process runs, and one SMTP listener per database."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from gateway.app import POOL, SMTP
from gateway.settings import Settings
from tests.conftest import MakeClient, wait_for
from tests.gateway.test_submit import COMPLAINT


@pytest.fixture
def engine() -> str:
    return "postgres"


async def test_a_web_process_takes_complaints_and_runs_no_workers(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, roles=("web",)))
    assert (await client.post("/api/v1/complaints", json=COMPLAINT)).status == 201
    assert POOL not in client.app
    ready = await (await client.get("/readyz")).json()
    assert ready["status"] == "ready" and "workers" not in ready


async def test_a_worker_process_serves_only_the_operations_endpoints(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, roles=("workers", "forwarder")))
    assert (await client.post("/api/v1/complaints", json=COMPLAINT)).status == 404
    assert (await client.get("/report")).status == 404
    ready = await (await client.get("/readyz")).json()
    assert ready["workers"] == "alive"
    assert (await client.get("/metrics")).status == 200


async def test_one_process_runs_the_smtp_listener_and_a_standby_takes_over(
    make_client: MakeClient, settings: Settings
) -> None:
    listeners = dataclasses.replace(
        settings, roles=("web", "listeners"), smtp_enabled=True, smtp_port=0
    )
    first = await make_client(listeners)
    second = await make_client(listeners)
    assert first.app[SMTP].port is not None
    assert second.app[SMTP].port is None  # standing by
    await first.close()

    async def took_over() -> Any:
        return second.app[SMTP].port is not None

    await wait_for(took_over, within=20, interval=0.2)
