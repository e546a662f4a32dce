"""Issue 18's list of 500s and wrong codes, each answered with the right problem now."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import secrets
from typing import Any

import pytest
from aiohttp import hdrs, web
from aiohttp.test_utils import TestClient, make_mocked_request

from gateway.accounts import StaffPages, hash_password
from gateway.app import KEYRING, STORE
from gateway.auth import CSRF_HEADER, SESSION_COOKIE, session_token_hash
from gateway.problems import problem_middleware_counting
from gateway.settings import Settings
from tests.conftest import MakeClient, api_key
from tests.gateway.test_callbacks import normalized_record

Client = TestClient[Any, Any]


async def raw_request(client: Client, head: bytes) -> tuple[int, bytes]:
    """Bytes straight onto the socket: no client library would send ``Bearer \\xff``."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(head)
    await writer.drain()
    data = await reader.read(65536)
    writer.close()
    await writer.wait_closed()
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/records", "/report"])
async def test_a_bearer_that_is_not_text_is_401_not_a_crash(
    make_client: MakeClient, path: str
) -> None:
    client = await make_client()
    head = b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\n"
    status, data = await raw_request(client, head + b"Connection: close\r\n\r\n")
    assert status == 401, data
    assert b"unauthenticated" in data and b"Traceback" not in data


async def test_a_bad_bearer_is_401_on_public_and_staff_routes_alike(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    bad = {"Authorization": "Bearer igk_not_a_key"}
    for method, path in [
        ("GET", "/healthz"),
        ("POST", "/api/v1/complaints"),
        ("GET", "/api/v1/records"),
        ("POST", "/api/v1/letters"),
    ]:
        resp = await client.request(method, path, headers=bad)
        assert resp.status == 401, (method, path)
        assert (await resp.json())["code"] == "unauthenticated"


async def test_limits_and_indices_out_of_range_are_refused(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    for limit in ("-99999999999999999999", "0", "-1", "99999999999999999999", "x"):
        resp = await client.get(f"/api/v1/records?limit={limit}", headers=reviewer)
        assert resp.status == 422, limit
        assert (await resp.json())["field"] == "limit"
    assert (await client.get("/api/v1/records?limit=5000", headers=reviewer)).status == 200

    number, _ = await normalized_record(client)
    resp = await client.get(f"/api/v1/records/{number}/originals/0", headers=reviewer)
    assert resp.status == 200
    for n in ("-1", "-0x1", "1"):
        resp = await client.get(f"/api/v1/records/{number}/originals/{n}", headers=reviewer)
        assert resp.status == 404, n
        assert (await resp.json())["code"] == "original_not_found"


async def test_api_writes_by_session_cookie_need_the_csrf_token(make_client: MakeClient) -> None:
    client = await make_client()
    store = client.app[STORE]
    token = secrets.token_urlsafe(32)
    await store.add_user("admin-csrf", "admin", hash_password("x" * 12, n=2**10))
    await store.create_session(session_token_hash(token), "admin-csrf", 600)
    cookie: dict[str, str] = {hdrs.COOKIE: f"{SESSION_COOKIE}={token}"}
    resp = await client.post("/api/v1/outbox/none/resend", headers=cookie)
    assert resp.status == 403
    assert (await resp.json())["code"] == "csrf_invalid"
    forged = {**cookie, CSRF_HEADER: "forged"}
    assert (await client.post("/api/v1/outbox/none/resend", headers=forged)).status == 403
    # The token the staff pages embed in their forms is the one the header must carry.
    pages = StaffPages(client.app[KEYRING].derive("staff-csrf"))
    csrf = pages.csrf_token(make_mocked_request("GET", "/staff", headers=cookie))
    resp = await client.post("/api/v1/outbox/none/resend", headers={**cookie, CSRF_HEADER: csrf})
    assert resp.status != 403, await resp.text()
    # Reads need no token, and API keys (not sent by browsers on their own) none either.
    assert (await client.get("/api/v1/outbox", headers=cookie)).status == 200


async def test_readyz_is_not_ready_when_the_largest_request_would_not_fit(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    resp = await client.get("/readyz")
    assert resp.status == 200
    assert (await resp.json())["storage_space"]["free_bytes"] > 0
    huge = dataclasses.replace(settings, max_upload_bytes=10**18)
    client = await make_client(huge)
    resp = await client.get("/readyz")
    report = await resp.json()
    assert resp.status == 503, report
    assert report["storage_space"]["needed_bytes"] >= 2 * 10**18
    assert "free space" in report["storage"]


async def test_an_unexpected_exception_is_a_bare_500_logged_once_and_counted(
    aiohttp_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "110105198001011234"
    counted: list[int] = []

    async def broken(request: web.Request) -> web.Response:
        raise ValueError(f"invalid literal: {secret}")

    app = web.Application(middlewares=[problem_middleware_counting(lambda: counted.append(1))])
    app.router.add_get("/broken", broken, name="broken")
    client = await aiohttp_client(app)
    with caplog.at_level(logging.ERROR, logger="gateway.problems"):
        resp = await client.get(f"/broken?id={secret}")
        body = await resp.text()
    assert resp.status == 500 and resp.content_type == "application/problem+json"
    assert secret not in body and "Traceback" not in body and "ValueError" not in body
    assert counted == [1]
    records = [r for r in caplog.records if r.name == "gateway.problems"]
    assert len(records) == 1
    assert records[0].getMessage() == "unhandled ValueError on GET broken"


async def test_metrics_expose_the_count_of_unhandled_errors(make_client: MakeClient) -> None:
    client = await make_client()
    text = await (await client.get("/metrics")).text()
    assert "intake_unhandled_errors_total 0.0" in text
