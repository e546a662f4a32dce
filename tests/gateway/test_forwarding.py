"""Forwarding: signed deliveries from the outbox to a real receiver on loopback.

The receiver is a real aiohttp server whose answers are scripted per record (fail N times,
time out, 429 with Retry-After, 400); signatures are checked by a verifier written here from
the Standard Webhooks text, not by the gateway's own code.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import hmac
import json
import logging
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
import pytest
from aiohttp import web

from gateway.app import STORE
from gateway.forwarding import (
    RedactionProfile,
    classify,
    parse_secrets,
    profile_for,
    redact,
    sign,
)
from gateway.settings import Settings
from normalizer.record import ComplaintRecord
from tests.conftest import ROOT, MakeClient, api_key, wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import csrf_of, staff_client

SECRET_NEW = "whsec_" + base64.b64encode(b"n" * 24).decode()
SECRET_OLD = "whsec_" + base64.b64encode(b"o" * 32).decode()

Answer = Callable[[str, int], Any]  # (record_id, attempt number) -> status | "timeout"


def verify(secret: str, headers: Any, body: bytes, tolerance_s: int = 300) -> bool:
    """Standard Webhooks, from the text: HMAC-SHA256 over ``id.timestamp.body`` with the
    base64-decoded secret, base64 signature, ``v1,`` prefix, space separated list."""
    key = base64.b64decode(secret.split("_", 1)[1])
    msg_id, ts = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(ts)) > tolerance_s:
        return False
    signed = msg_id.encode() + b"." + ts.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    for part in headers["webhook-signature"].split(" "):
        version, _, sig = part.partition(",")
        if version == "v1" and hmac.compare_digest(sig.encode(), expected):
            return True
    return False


@dataclasses.dataclass
class Hit:
    record_id: str
    intake_no: str
    webhook_id: str
    at: float
    status: int | str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """A scripted downstream: ``answer(record_id, attempt)`` decides each reply."""

    def __init__(self, answer: Answer | None = None, delay_s: float = 0.0) -> None:
        self.answer: Answer = answer or (lambda rid, n: 200)
        self.delay_s = delay_s
        self.hits: list[Hit] = []
        self.inflight = 0
        self.max_inflight = 0

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        body = await request.read()
        record = json.loads(body)
        rid = record["record_id"]
        n = sum(1 for h in self.hits if h.record_id == rid) + 1
        verdict = self.answer(rid, n)
        self.hits.append(
            Hit(
                rid,
                record["intake_no"],
                request.headers["webhook-id"],
                time.monotonic(),
                verdict,
                dict(request.headers),
                body,
            )
        )
        self.inflight += 1
        self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            if verdict == "timeout":
                await asyncio.sleep(2)
                return web.Response(status=200)
            if verdict == 429:
                return web.Response(status=429, headers={"Retry-After": "1"})
            if verdict == 400:
                return web.json_response({"error": "missing field accused"}, status=400)
            return web.Response(status=int(verdict))
        finally:
            self.inflight -= 1

    def by_record(self) -> dict[str, list[Hit]]:
        out: dict[str, list[Hit]] = defaultdict(list)
        for h in self.hits:
            out[h.record_id].append(h)
        return out


def forwarding_settings(settings: Settings, url: str, **kw: Any) -> Settings:
    values: dict[str, Any] = {
        "forward_url": url,
        "forward_secrets": f"{SECRET_NEW},{SECRET_OLD}",
        "forward_retry_schedule_s": (0.05, 0.05, 0.05, 0.05),
        "forward_timeout_s": 0.3,
        "callback_token": "cb-token-for-tests",
    }
    values.update(kw)
    return dataclasses.replace(settings, **values)


async def start_receiver(aiohttp_raw_server: Any, receiver: Receiver) -> str:
    server = await aiohttp_raw_server(receiver.handle)
    return str(server.make_url("/hook"))


async def outbox_states(client: Any) -> dict[str, int]:
    return dict((await client.app[STORE].outbox_summary()).counts)


def distinct_accused(i: int) -> list[dict[str, str]]:
    """A different matter each time: the same person about the same accused is a repeat,
    which waits for review instead of going downstream."""
    return [{"name": "李明", "unit": f"某县第{i + 1}中学", "position": "校长"}]


async def submit(client: Any, n: int, **changes: Any) -> list[str]:
    numbers = []
    for i in range(n):
        body = {**COMPLAINT, "title": f"反映问题 {i}", "accused": distinct_accused(i), **changes}
        resp = await client.post("/api/v1/complaints", json=body)
        assert resp.status == 201
        numbers.append((await resp.json())["intake_no"])
    return numbers


# -- pure parts ------------------------------------------------------------------------------


def test_signature_reproduces_the_published_standard_webhooks_vector() -> None:
    key = parse_secrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")[0]
    got = sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}')
    assert got == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, "delivered"),
        (204, "delivered"),
        (408, "retry"),
        (429, "retry"),
        (500, "retry"),
        (503, "retry"),
        (400, "parked"),
        (401, "parked"),
        (404, "parked"),
        (422, "parked"),
    ],
    ids=lambda v: str(v),
)
def test_status_codes_map_to_outcomes(status: int, outcome: str) -> None:
    assert classify(status) == outcome


def _record() -> ComplaintRecord:
    data = {
        "record_id": "r1",
        "intake_no": "W20240101000001",
        "channel": "web",
        "received_at": "2024-01-01T10:00:00+08:00",
        "provenance": {"source": "web_form"},
        "originals": [
            {
                "sha256": "a" * 64,
                "media_type": "image/png",
                "size": 1,
                "filename": "欧阳明华的举报信.png",
            }
        ],
        "complainant": {
            "kind": "PERSON",
            "name": "欧阳明华",
            "address": "某市某区幸福路1号",
            "id_number": {"value": "110105198001011234", "valid": True},
            "phones": [{"raw": "13812345678", "e164": "+8613812345678", "valid": True}],
        },
        "content": {
            "text": "我是欧阳明华，电话13812345678，身份证110105198001011234。李明收受礼金。",
            "title": "欧阳明华反映李明",
        },
        "real_name": {"status": "SIGNED_UNVERIFIED"},
        "accused": [{"name": "李明"}],
        "extraction": {"phones": ["13812345678"]},
    }
    return msgspec.convert(data, ComplaintRecord)


def test_identity_goes_only_to_the_processing_system() -> None:
    record = _record()
    assert profile_for("processing") is RedactionProfile.FULL
    assert redact(record, RedactionProfile.FULL) == record
    for destination in ("supervision_dept", "lower_level", "processing-test", ""):
        assert profile_for(destination) is RedactionProfile.NO_IDENTITY
    out = redact(record, profile_for("lower_level"))
    encoded = msgspec.json.encode(out).decode()
    for secret in ("欧阳明华", "13812345678", "110105198001011234", "幸福路"):
        assert secret not in encoded, secret
    assert out.complainant.kind == "PERSON"
    assert "李明收受礼金" in out.content.text  # the content itself still goes
    assert out.accused == record.accused


# -- deliveries end to end ------------------------------------------------------------------


async def test_records_are_delivered_signed_with_every_secret_and_marked_delivered(
    make_client: MakeClient, settings: Settings, aiohttp_raw_server: Any
) -> None:
    receiver = Receiver()
    url = await start_receiver(aiohttp_raw_server, receiver)
    client = await make_client(forwarding_settings(settings, url))
    numbers = await submit(client, 3)

    async def delivered() -> bool:
        return (await outbox_states(client)).get("delivered") == 3

    await wait_for(delivered, within=15)
    assert sorted(h.intake_no for h in receiver.hits) == sorted(numbers)
    for h in receiver.hits:
        assert verify(SECRET_NEW, h.headers, h.body)
        assert verify(SECRET_OLD, h.headers, h.body)  # rotation: the old secret still verifies
        assert not verify("whsec_" + base64.b64encode(b"x" * 24).decode(), h.headers, h.body)
        record = json.loads(h.body)
        assert record["schema_version"] == "1.0"
        assert record["complainant"]["name"] == "欧阳明华"  # the processing system gets identity
    store = client.app[STORE]
    intake_id = receiver.hits[0].record_id
    assert (await store.load(intake_id)).stage == "delivered"  # type: ignore[union-attr]
    types = [e.type for e in await store.events(intake_id)]
    assert types.index("YISONG_INTERNAL") < types.index("DELIVERED")


async def test_transient_failures_retry_with_the_same_id_and_honour_retry_after(
    make_client: MakeClient, settings: Settings, aiohttp_raw_server: Any
) -> None:
    script: list[int | str] = [503, "timeout", 429, 200]
    receiver = Receiver(lambda rid, n: script[n - 1])
    url = await start_receiver(aiohttp_raw_server, receiver)
    client = await make_client(forwarding_settings(settings, url))
    await submit(client, 2)

    async def delivered() -> bool:
        return (await outbox_states(client)).get("delivered") == 2

    await wait_for(delivered, within=20)
    for hits in receiver.by_record().values():
        assert [h.status for h in hits] == script
        assert len({h.webhook_id for h in hits}) == 1  # one stable id across retries
        assert hits[3].at - hits[2].at >= 0.9  # Retry-After: 1 beat the 0.05 s schedule
        assert all(verify(SECRET_NEW, h.headers, h.body) for h in hits)
        events = [e.type for e in await client.app[STORE].events(hits[0].record_id)]
        assert events.count("DELIVERY_FAILED") == 3 and events[-1] == "DELIVERED"


async def test_bounded_concurrency(
    make_client: MakeClient, settings: Settings, aiohttp_raw_server: Any
) -> None:
    receiver = Receiver(delay_s=0.1)
    url = await start_receiver(aiohttp_raw_server, receiver)
    client = await make_client(forwarding_settings(settings, url, forward_concurrency=2))
    await submit(client, 6)

    async def delivered() -> bool:
        return (await outbox_states(client)).get("delivered") == 6

    await wait_for(delivered, within=15)
    assert receiver.max_inflight == 2


async def test_a_rejected_delivery_is_parked_with_the_answer_and_can_be_resent(
    make_client: MakeClient, settings: Settings, aiohttp_raw_server: Any
) -> None:
    receiver = Receiver(lambda rid, n: 400 if n == 1 else 200)
    url = await start_receiver(aiohttp_raw_server, receiver)
    client = await make_client(forwarding_settings(settings, url))
    await submit(client, 1)
    admin = {"Authorization": f"Bearer {await api_key(client, settings, 'admin')}"}

    async def parked() -> Any:
        body = await (await client.get("/api/v1/outbox", headers=admin)).json()
        return body if body["counts"].get("parked") == 1 else None

    body = await parked() or await wait_for(parked, within=10)
    item = body["items"][0]
    assert item["last_status"] == 400 and "missing field accused" in item["response"]
    assert len(receiver.hits) == 1  # a 4xx is not retried
    metrics = await (await client.get("/metrics")).text()
    assert 'intake_delivery_alerts_total{outcome="parked"} 1.0' in metrics
    page = await client.get("/staff/outbox", headers=admin)
    assert page.status == 200
    assert item["intake_no"] in await page.text()
    reviewer = await api_key(client, settings, "reviewer")
    resp = await client.post(
        f"/api/v1/outbox/{item['id']}/resend", headers={"Authorization": f"Bearer {reviewer}"}
    )
    assert resp.status == 403
    resp = await client.post(f"/api/v1/outbox/{item['id']}/resend", headers=admin)
    assert resp.status == 200

    async def delivered() -> bool:
        return (await outbox_states(client)).get("delivered") == 1

    await wait_for(delivered, within=10)
    assert receiver.hits[0].webhook_id == receiver.hits[1].webhook_id == item["id"]
    types = [e.type for e in await client.app[STORE].events(item["intake_id"])]
    assert types[-3:] == ["DELIVERY_PARKED", "DELIVERY_RESENT", "DELIVERED"]
    again = await client.post(f"/api/v1/outbox/{item['id']}/resend", headers=admin)
    assert again.status == 404 and (await again.json())["message_zh"]


async def test_a_failing_record_is_dead_lettered_without_blocking_the_others(
    make_client: MakeClient,
    settings: Settings,
    aiohttp_raw_server: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bad: set[str] = set()

    def answer(rid: str, n: int) -> int:
        if not bad:
            bad.add(rid)
        return 500 if rid in bad else 200

    receiver = Receiver(answer)
    url = await start_receiver(aiohttp_raw_server, receiver)
    client = await make_client(forwarding_settings(settings, url, forward_concurrency=1))
    caplog.set_level(logging.INFO)
    await submit(client, 4)

    async def settled() -> bool:
        states = await outbox_states(client)
        return states.get("dead") == 1 and states.get("delivered") == 3

    await wait_for(settled, within=15)
    (rid,) = bad
    assert len(receiver.by_record()[rid]) == 5  # first try + 4 retries of the schedule
    assert (
        'intake_delivery_alerts_total{outcome="dead"} 1.0'
        in await (await client.get("/metrics")).text()
    )
    dead = [r for r in caplog.records if "dead-lettered" in r.getMessage()]
    assert dead and rid in dead[0].getMessage()
    for r in caplog.records:  # ids only: no identity or content in any log line
        assert "欧阳明华" not in r.getMessage() and "13812345678" not in r.getMessage()
    types = [e.type for e in await client.app[STORE].events(rid)]
    assert types.count("DELIVERY_FAILED") == 4 and types[-1] == "DELIVERY_DEAD"


# -- kill -9 during deliveries ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
async def test_kill_9_during_deliveries_loses_nothing_and_keeps_ids(
    tmp_path: Path, settings: Settings, aiohttp_raw_server: Any
) -> None:
    receiver = Receiver(lambda rid, n: 503 if n == 1 and hash(rid) % 4 == 0 else 200, delay_s=0.03)
    url = await start_receiver(aiohttp_raw_server, receiver)
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "INTAKE_DATA_DIR": str(tmp_path / "gw"),
        "INTAKE_KEYS": settings.keys,
        "INTAKE_HTTP_PORT": str(port),
        "INTAKE_FORWARD_URL": url,
        "INTAKE_FORWARD_SECRETS": SECRET_NEW,
        "INTAKE_FORWARD_TIMEOUT_S": "0.25",
        "INTAKE_FORWARD_RETRY_SCHEDULE_S": ",".join(["0.05"] * 30),
        "INTAKE_FORWARD_CONCURRENCY": "4",
        "INTAKE_WORKERS": "2",
        "INTAKE_JOB_LEASE_S": "0.5",
        "INTAKE_LOG_LEVEL": "WARNING",
    }
    base = f"http://127.0.0.1:{port}"
    acknowledged: list[str] = []

    async def start() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(  # noqa: ASYNC220 (starting is instant; we poll /healthz)
            [sys.executable, "-m", "gateway", "serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        async with aiohttp.ClientSession() as http:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                assert proc.poll() is None, "gateway exited"
                try:
                    async with http.get(f"{base}/healthz") as r:
                        if r.status == 200:
                            return proc
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError("gateway did not start")

    async def post_some(http: aiohttp.ClientSession, n: int, first: int) -> None:
        async def one(i: int) -> None:
            body = {**COMPLAINT, "title": f"第{i}件", "accused": distinct_accused(i)}
            try:
                async with http.post(f"{base}/api/v1/complaints", json=body) as r:
                    if r.status == 201:
                        acknowledged.append((await r.json())["intake_no"])
            except aiohttp.ClientError:
                pass  # killed mid-request: not acknowledged, so not promised

        await asyncio.gather(*(one(first + i) for i in range(n)))

    for _round in range(10):
        proc = await start()
        async with aiohttp.ClientSession() as http:
            await post_some(http, 6, first=6 * _round)
            await asyncio.sleep(0.15 + 0.05 * (_round % 4))  # kill while deliveries run
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    proc = await start()
    db = tmp_path / "gw" / "intake.sqlite3"

    def states() -> tuple[dict[str, int], int]:
        conn = sqlite3.connect(db)
        try:
            counts = dict(
                conn.execute(
                    "SELECT state, count(*) FROM outbox"
                    " WHERE destination = 'processing' GROUP BY state"
                )
            )
            (intakes,) = conn.execute("SELECT count(*) FROM intakes").fetchone()
            return counts, intakes
        finally:
            conn.close()

    async def all_delivered() -> bool:
        counts, intakes = states()
        return counts == {"delivered": intakes}

    try:
        await wait_for(all_delivered, within=30, interval=0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
    got = receiver.by_record()
    delivered_nos = {h.intake_no for hits in got.values() for h in hits}
    assert len(acknowledged) >= 30
    assert set(acknowledged) <= delivered_nos
    for hits in got.values():
        assert len({h.webhook_id for h in hits}) == 1
        assert all(verify(SECRET_NEW, h.headers, h.body) for h in hits)


async def test_a_flagged_record_waits_for_review_and_goes_once_a_reviewer_confirms(
    make_client: MakeClient, settings: Settings, aiohttp_raw_server: Any
) -> None:
    receiver = Receiver()
    url = await start_receiver(aiohttp_raw_server, receiver)
    policy = dataclasses.replace(settings, review_before_forwarding=("web",))
    client = await make_client(forwarding_settings(policy, url))
    (intake_no,) = await submit(client, 1)
    store = client.app[STORE]

    async def reviewed_stage() -> Any:
        intake_id = await store.find_intake_no(intake_no)
        intake = await store.load(intake_id) if intake_id else None
        return intake if intake and intake.stage == "needs_review" else None

    intake = await wait_for(reviewed_stage, within=15)
    assert "review_policy" in intake.flags
    await asyncio.sleep(0.3)
    assert receiver.hits == [] and await outbox_states(client) == {}

    csrf = await staff_client(client, "reviewer-li", "reviewer")
    page = await client.get(f"/staff/records/{intake_no}")
    assert csrf_of(await page.text()) == csrf  # the page carries the session's token
    form = {"csrf": csrf, "action": "confirm"}
    resp = await client.post(
        f"/staff/records/{intake_no}/corrections", data=form, allow_redirects=False
    )
    assert resp.status == 303, await resp.text()

    async def delivered() -> bool:
        return (await outbox_states(client)).get("delivered") == 1

    await wait_for(delivered, within=15)
    assert [h.intake_no for h in receiver.hits] == [intake_no]
    types = [e.type for e in await store.events(intake.id)]
    assert types.index("DECIDED") < types.index("YISONG_INTERNAL") < types.index("DELIVERED")


async def test_a_real_name_confirmed_after_delivery_is_sent_again(
    make_client: MakeClient, settings: Settings, aiohttp_raw_server: Any
) -> None:
    receiver = Receiver()
    url = await start_receiver(aiohttp_raw_server, receiver)
    client = await make_client(forwarding_settings(settings, url))
    (intake_no,) = await submit(client, 1)

    async def delivered(n: int) -> bool:
        return (await outbox_states(client)).get("delivered") == n

    await wait_for(lambda: delivered(1), within=15)
    csrf = await staff_client(client, "reviewer-zhou", "reviewer")
    page = await (await client.get(f"/staff/records/{intake_no}")).text()
    rev = re.search(r'name="rev" value="(\d+)"', page)
    assert rev is not None
    form = {"csrf": csrf, "rev": rev.group(1), "method": "PHONE", "result": "CONFIRMED"}
    resp = await client.post(
        f"/staff/records/{intake_no}/verifications", data=form, allow_redirects=False
    )
    assert resp.status == 303, await resp.text()
    await wait_for(lambda: delivered(2), within=15)
    first, second = receiver.hits
    assert first.record_id == second.record_id and first.webhook_id != second.webhook_id
    states = [json.loads(h.body)["real_name"]["status"] for h in (first, second)]
    assert states == ["SIGNED_UNVERIFIED", "REAL_NAME_CONFIRMED"]
