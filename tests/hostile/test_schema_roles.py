"""Schemathesis over every operation of the OpenAPI document, called by every role.

Generated requests (a bounded number per operation and role) must never get a 5xx: whatever
a public client, a scanning station, the hotline, a reviewer, an administrator or the
processing system sends, the answer is a problem document or a success.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, given, settings

from gateway.app import STORE, create_app
from gateway.auth import hash_api_key
from gateway.crypto import parse_keyring
from tests.threaded import served_in_thread
from tests.web.conftest import live_settings

pytestmark = pytest.mark.slow

ROLES = ("station", "hotline", "reviewer", "admin", "processing")
EXAMPLES = 25


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    data = Path(tmp_path_factory.mktemp("roles")) / "data"
    config = live_settings(data, rate_limit_per_minute=1_000_000, callback_token="cb-token")

    async def make() -> web.Application:
        return await create_app(config, extractors={})

    with served_in_thread(make) as (url, app, loop):
        secret = parse_keyring(config.keys).derive("api-key")
        keys = {role: f"igk_schema_{role}" for role in ROLES}

        async def add_keys() -> None:
            for role, key in keys.items():
                await app[STORE].add_api_key(f"schema-{role}", role, hash_api_key(secret, key))

        asyncio.run_coroutine_threadsafe(add_keys(), loop).result(30)
        yield url, keys


@pytest.fixture(scope="module")
def operations(gateway: tuple[str, dict[str, str]]) -> list[Any]:
    schema = schemathesis.openapi.from_url(f"{gateway[0]}/api/v1/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("role", ["public", *ROLES])
def test_no_operation_answers_any_role_with_a_server_error(
    role: str, gateway: tuple[str, dict[str, str]], operations: list[Any]
) -> None:
    _, keys = gateway
    headers = {"Authorization": f"Bearer {keys[role]}"} if role in keys else {}
    assert len(operations) >= 15, "every API operation is in the document"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case: Any) -> None:
            response = case.call(headers=headers, timeout=15)
            assert response.status_code < 500, (
                role,
                case.method,
                case.formatted_path,
                response.status_code,
                response.text[:300],
            )

        call()
