"""Schemathesis against the served OpenAPI document: the web API never answers 5xx.

The gateway runs on its own event loop in a thread because schemathesis calls it with a
blocking HTTP client; the schema is loaded from the live server, as an integrator would.
``tests/hostile/test_schema_roles.py`` does the same for every operation and every role.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, given, settings

from gateway.app import create_app
from tests.threaded import served_in_thread
from tests.web.conftest import live_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = Path(tmp_path_factory.mktemp("schema")) / "data"

    async def make() -> web.Application:
        settings = live_settings(data, rate_limit_per_minute=100_000)
        return await create_app(settings, extractors={})

    with served_in_thread(make) as (url, _, _):
        yield url


@pytest.fixture(scope="module")
def web_api(served: str) -> Any:
    schema = schemathesis.openapi.from_url(f"{served}/api/v1/openapi.json")
    return schema.include(path_regex=r"^/api/v1/(complaints|status)$")


def test_the_web_api_never_answers_with_a_server_error(web_api: Any) -> None:
    # schemathesis's own pytest plugin does not run under pytest 9: drive hypothesis directly.
    operations = [result.ok() for result in web_api.get_all_operations()]
    assert {op.path for op in operations} == {"/api/v1/complaints", "/api/v1/status"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def call(case: Any) -> None:
            response = case.call(timeout=10)
            assert response.status_code < 500, (case.method, case.path, response.text[:300])

        call()
