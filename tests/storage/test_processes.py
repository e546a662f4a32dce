"""Several gateway and worker processes on one PostgreSQL database, killed at random.

Two web processes take complaints, two worker processes extract, normalize and deliver;
each round kills one of them with SIGKILL and starts it again. Whatever was acknowledged
must be there once, with its original byte for byte, every job must have landed its result
once, and every record must reach the receiver under one delivery id.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import pytest

from gateway.crypto import generate_key_line
from tests.conftest import ROOT
from tests.gateway.test_forwarding import (
    SECRET_NEW,
    Receiver,
    distinct_accused,
    start_receiver,
    verify,
)
from tests.gateway.test_submit import COMPLAINT
from tests.server import GatewayProcess

pytestmark = pytest.mark.slow

ROUNDS = 10


def _env(pg_url: str, data: Path, forward_url: str, keys: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(data),
        "INTAKE_DATABASE_URL": pg_url,
        "INTAKE_DATA_DIR": str(data),  # each process its own: nothing is shared via files
        "INTAKE_KEYS": keys,
        "INTAKE_WORKERS": "2",
        "INTAKE_JOB_LEASE_S": "1.0",
        "INTAKE_JOB_RETRY_BASE_S": "0.1",
        "INTAKE_FORWARD_URL": forward_url,
        "INTAKE_FORWARD_SECRETS": SECRET_NEW,
        "INTAKE_FORWARD_TIMEOUT_S": "0.4",
        "INTAKE_FORWARD_RETRY_SCHEDULE_S": ",".join(["0.05"] * 40),
        "INTAKE_RATE_LIMIT_PER_MINUTE": "100000",
        "INTAKE_DATABASE_POOL_SIZE": "4",
        "INTAKE_LOG_LEVEL": "INFO",  # GatewayProcess reads the port from the INFO line
    }


async def test_two_web_and_two_worker_processes_survive_kill_9_losing_nothing(
    tmp_path: Path, pg_url: str, aiohttp_raw_server: Any
) -> None:
    receiver = Receiver(lambda rid, n: 503 if n == 1 and hash(rid) % 5 == 0 else 200)
    forward_url = await start_receiver(aiohttp_raw_server, receiver)
    keys = generate_key_line()
    kinds = {
        "web-a": ("serve", "--roles", "web"),
        "web-b": ("serve", "--roles", "web"),
        "work-a": ("worker",),
        "work-b": ("worker",),
    }
    envs = {n: _env(pg_url, tmp_path / n, forward_url, keys) for n in kinds}
    procs: dict[str, GatewayProcess] = {}
    rng = random.Random(20261202)
    acked: dict[str, bytes] = {}
    counter = [0]

    def start(name: str) -> None:
        procs[name] = GatewayProcess(envs[name], command=kinds[name])

    async def post(http: aiohttp.ClientSession, name: str) -> None:
        while True:
            counter[0] += 1
            i = counter[0]
            body = json.dumps(
                {**COMPLAINT, "title": f"第{i}件", "accused": distinct_accused(i)},
                ensure_ascii=False,
            ).encode()
            try:
                async with http.post(
                    f"{procs[name].base_url}/api/v1/complaints",
                    data=body,
                    headers={
                        "Content-Type": "application/json",
                        "Idempotency-Key": f"scale-out-{i:06d}",
                    },
                ) as r:
                    if r.status == 201:
                        acked[(await r.json())["intake_no"]] = body
                    elif r.status != 503:
                        raise AssertionError(f"unexpected {r.status}: {await r.text()}")
            except (aiohttp.ClientError, ConnectionError):
                return  # this web process was killed
            await asyncio.sleep(0.02)

    try:
        for name in kinds:
            start(name)
        async with aiohttp.ClientSession() as http:
            for _ in range(ROUNDS):
                writers = [asyncio.create_task(post(http, n)) for n in ("web-a", "web-b")]
                await asyncio.sleep(rng.uniform(0.3, 1.0))
                victim = rng.choice(sorted(kinds))
                procs[victim].kill()
                if victim.startswith("web"):
                    await asyncio.sleep(0.1)
                for w in writers:
                    w.cancel()
                for outcome in await asyncio.gather(*writers, return_exceptions=True):
                    if isinstance(outcome, AssertionError):
                        raise outcome
                start(victim)
        assert len(acked) >= 40, "the test must acknowledge enough complaints to mean something"

        def counts() -> tuple[int, dict[str, int], dict[str, int]]:
            with psycopg.connect(pg_url) as conn:
                (intakes,) = conn.execute("SELECT count(*) FROM intakes").fetchone() or (0,)
                jobs = dict(conn.execute("SELECT state, count(*) FROM jobs GROUP BY state"))
                outbox = dict(
                    conn.execute(
                        "SELECT state, count(*) FROM outbox"
                        " WHERE destination = 'processing' GROUP BY state"
                    )
                )
            return intakes, jobs, outbox

        for _ in range(600):
            intakes, jobs, outbox = await asyncio.to_thread(counts)
            if set(jobs) == {"done"} and outbox == {"delivered": intakes}:
                break
            await asyncio.sleep(0.2)
        else:
            raise AssertionError(f"not drained: jobs {jobs}, outbox {outbox}")

        key = _api_key(envs["web-a"])
        async with aiohttp.ClientSession() as http:
            for intake_no, body in acked.items():
                async with http.get(
                    f"{procs['web-b'].base_url}/api/v1/records/{intake_no}/originals/0",
                    headers={"Authorization": f"Bearer {key}"},
                ) as r:
                    assert r.status == 200, f"acknowledged {intake_no} is missing"
                    assert await r.read() == body, f"original of {intake_no} differs"
    finally:
        for p in procs.values():
            p.stop()

    with psycopg.connect(pg_url) as conn:
        # Present once: the idempotency keys of acknowledged complaints map to one intake each.
        (dupes,) = conn.execute(
            "SELECT count(*) FROM (SELECT idem_key FROM intakes GROUP BY idem_key"
            " HAVING count(*) > 1) d"
        ).fetchone() or (0,)
        # Each job's result landed once: one NORMALIZED event per intake.
        landed = dict(
            conn.execute(
                "SELECT i.id, count(e.seq) FROM intakes i LEFT JOIN events e"
                " ON e.intake_id = i.id AND e.type = 'NORMALIZED' GROUP BY i.id"
            )
        )
    assert dupes == 0
    assert set(landed.values()) == {1}, "a job's outcome landed twice"
    got = receiver.by_record()
    delivered = {h.intake_no for hits in got.values() for h in hits if h.status == 200}
    assert set(acked) <= delivered
    for hits in got.values():
        assert len({h.webhook_id for h in hits}) == 1, "one delivery id per record"
        assert all(verify(SECRET_NEW, h.headers, h.body) for h in hits)
    verified = subprocess.run(  # noqa: ASYNC221 (the processes under test are stopped)
        [sys.executable, "-m", "gateway", "verify-trajectory"],
        cwd=ROOT,
        env=envs["web-a"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr


def _api_key(env: dict[str, str]) -> str:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "gateway",
            "create-api-key",
            f"reader-{os.getpid()}",
            "--role",
            "admin",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return out.stdout.strip()
