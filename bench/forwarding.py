"""Benchmark: outbox deliveries per second, against a bare aiohttp client in the same run.

    .venv/bin/python bench/forwarding.py [--n 5000] [--concurrency 32]

A receiver in a separate process answers 204 at once. First the bare client posts the same
bodies with the same concurrency (the baseline: HTTP cost only); then the forwarder drains an
outbox of the same size (claim in batches, sign, post, settle in batches with a trajectory
event each). Target: >= 2,000 deliveries/s and >= 0.5 of the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import msgspec
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gateway.crypto import generate_key_line, parse_keyring
from gateway.forwarding import Forwarder, parse_secrets
from gateway.storage import JobOutcome, NewEvent, NewIntake, SqliteStore
from normalizer.record import ComplaintRecord

SECRET = "whsec_" + base64.b64encode(b"bench-secret-0123456789ab").decode()


def _record(i: int) -> bytes:
    data = {
        "record_id": f"r{i}",
        "intake_no": f"W20240101{i:06d}",
        "channel": "web",
        "received_at": "2024-01-01T10:00:00+08:00",
        "provenance": {"source": "web_form"},
        "complainant": {
            "kind": "PERSON",
            "name": "欧阳明华",
            "phones": [{"raw": "13812345678", "e164": "+8613812345678"}],
        },
        "content": {
            "text": "某县交通运输局局长李明收受工程老板现金五万元。" * 20,
            "title": "反映李明违规收受礼金",
        },
        "real_name": {"status": "SIGNED_UNVERIFIED"},
        "accused": [{"name": "李明", "unit": "某县交通运输局", "position": "局长"}],
    }
    return msgspec.json.encode(msgspec.convert(data, ComplaintRecord))


def _receiver(port_out: multiprocessing.connection.Connection) -> None:
    async def handle(request: web.BaseRequest) -> web.Response:
        await request.read()
        return web.Response(status=204)

    async def main() -> None:
        server = web.Server(handle)
        runner = web.ServerRunner(server, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port_out.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        await asyncio.Event().wait()

    asyncio.run(main())


async def bare(url: str, bodies: list[bytes], concurrency: int) -> float:
    queue = list(reversed(bodies))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while queue:
                body = queue.pop()
                async with session.post(
                    url, data=body, headers={"Content-Type": "application/json"}
                ) as r:
                    await r.read()
                    assert r.status == 204

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t0


async def fill(store: SqliteStore, bodies: list[bytes]) -> None:
    async def one(body: bytes) -> None:
        await store.submit(
            NewIntake(channel="web", raw=b"{}", originals=[], actor="bench", first_job="normalize")
        )
        job = await store.claim_job(["normalize"], "bench", 60, 5)
        assert job is not None
        await store.finish_job(
            job,
            JobOutcome(
                stage="normalized",
                record=body,
                deliveries=["processing"],
                events=[NewEvent("NORMALIZED", "bench", "received", "normalized")],
            ),
        )

    for i in range(0, len(bodies), 500):
        await asyncio.gather(*(one(b) for b in bodies[i : i + 500]))


async def forwarded(url: str, bodies: list[bytes], concurrency: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = await SqliteStore.open(
            Path(tmp) / "bench.sqlite3", parse_keyring(generate_key_line())
        )
        try:
            await fill(store, bodies)
            connector = aiohttp.TCPConnector(limit=concurrency)
            async with aiohttp.ClientSession(connector=connector) as session:
                fwd = Forwarder(
                    store,
                    session,
                    urls={"processing": url},
                    secrets=parse_secrets(SECRET),
                    concurrency=concurrency,
                    timeout_s=10,
                    schedule=[1, 2, 4],
                    lease_s=60,
                    poll_s=0.01,
                )
                t0 = time.perf_counter()
                fwd.start()
                # polling is the measurement: first the in-process counter, then the database
                while fwd.delivered < len(bodies):  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
                done = len(bodies)
                while (await store.outbox_summary(limit=0)).counts.get("delivered", 0) < done:  # noqa: ASYNC110
                    await asyncio.sleep(0.005)
                elapsed = time.perf_counter() - t0
                await fwd.stop()
            return elapsed
        finally:
            await store.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=_receiver, args=(child,), daemon=True)
    proc.start()
    url = f"http://127.0.0.1:{parent.recv()}/hook"
    try:
        bodies = [_record(i) for i in range(args.n)]
        await bare(url, bodies[:200], args.concurrency)  # warm up
        t_bare = await bare(url, bodies, args.concurrency)
        t_fwd = await forwarded(url, bodies, args.concurrency)
    finally:
        proc.terminate()
    rate_bare, rate_fwd = args.n / t_bare, args.n / t_fwd
    print(f"bodies: {args.n} x {len(bodies[0])} bytes, concurrency {args.concurrency}")
    print(f"bare aiohttp client : {rate_bare:8.0f} posts/s")
    print(
        f"gateway forwarder   : {rate_fwd:8.0f} deliveries/s "
        "(claim, sign, post, settle + trajectory event)"
    )
    print(f"ratio forwarder/bare: {rate_fwd / rate_bare:.2f}  (target >= 0.5, >= 2000/s)")


if __name__ == "__main__":
    asyncio.run(main())
