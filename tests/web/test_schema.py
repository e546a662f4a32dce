"""Schemathesis against the served OpenAPI document: the web API never answers 5xx.

The gateway runs on its own event loop in a thread because schemathesis calls it with a
blocking HTTP client; the schema is loaded from the live server, as an integrator would.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, given, settings

from gateway.app import create_app
from tests.web.conftest import live_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    loop = asyncio.new_event_loop()
    started = threading.Event()
    box: dict[str, Any] = {}

    async def start() -> None:
        data = Path(tmp_path_factory.mktemp("schema")) / "data"
        app = await create_app(live_settings(data, rate_limit_per_minute=100_000), extractors={})
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        box["runner"] = runner
        box["url"] = f"http://127.0.0.1:{runner.addresses[0][1]}"

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(30)
    yield str(box["url"])
    asyncio.run_coroutine_threadsafe(box["runner"].cleanup(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


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
