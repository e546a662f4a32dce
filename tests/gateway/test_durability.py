"""Nothing acknowledged is lost: kill -9 at random moments, storage full, tampering."""

from __future__ import annotations

import asyncio
import json
import random
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from gateway.crypto import generate_key_line
from tests.identity import make_id
from tests.server import ROOT, GatewayProcess

NAME = "司马光明"
ID_NUMBER = make_id("440305", "19750612", 457)
PHONE = "13987654321"


def complaint(n: int) -> bytes:
    return json.dumps(
        {
            "complainant": {
                "kind": "PERSON",
                "name": NAME,
                "id_number": ID_NUMBER,
                "phone": PHONE,
                "address": "深圳市南山区某路1号",
            },
            "accused": [{"name": "韩某", "unit": "某镇人民政府", "position": "镇长"}],
            "main_problem": f"第{n}件：韩某在2024年3月挪用扶贫资金30余万元。",
        },
        ensure_ascii=False,
    ).encode()


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def base_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "INTAKE_DATA_DIR": str(tmp_path / "data"),
        "INTAKE_KEYS": generate_key_line(),
        "INTAKE_WORKERS": "2",
        "INTAKE_JOB_LEASE_S": "1.5",
        "INTAKE_JOB_RETRY_BASE_S": "0.2",
    }


async def _submit_until_killed(
    session: aiohttp.ClientSession, url: str, counter: list[int], acked: dict[str, bytes]
) -> None:
    while True:
        counter[0] += 1
        body = complaint(counter[0])
        try:
            async with session.post(
                f"{url}/api/v1/complaints",
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "Idempotency-Key": f"crash-test-{counter[0]:06d}",
                },
            ) as resp:
                if resp.status == 201:
                    acked[(await resp.json())["intake_no"]] = body
        except (aiohttp.ClientError, ConnectionError):
            return


async def test_kill_9_at_random_moments_loses_no_acknowledged_complaint(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    rng = random.Random(20261128)
    acked: dict[str, bytes] = {}
    counter = [0]
    async with aiohttp.ClientSession() as session:
        for _ in range(10):
            server = GatewayProcess(env)
            writers = [
                asyncio.create_task(_submit_until_killed(session, server.base_url, counter, acked))
                for _ in range(4)
            ]
            await asyncio.sleep(rng.uniform(0.2, 1.2))
            server.kill()
            await asyncio.gather(*writers)
        assert len(acked) >= 20, "the test must acknowledge enough complaints to mean something"

        key = cli(env, "create-api-key", "crash-test", "--role", "admin").stdout.strip()
        server = GatewayProcess(env)
        headers = {"Authorization": f"Bearer {key}"}
        try:
            pending: set[str] = set(acked)
            for _ in range(600):
                for intake_no in list(pending):
                    async with session.get(
                        f"{server.base_url}/api/v1/records/{intake_no}", headers=headers
                    ) as resp:
                        assert resp.status == 200, f"acknowledged {intake_no} is missing"
                        data: dict[str, Any] = await resp.json()
                    if data["stage"] in ("queued", "needs_review"):
                        pending.discard(intake_no)
                if not pending:
                    break
                await asyncio.sleep(0.1)
            assert not pending, f"jobs never completed for {sorted(pending)[:5]}"
            for intake_no, body in acked.items():
                async with session.get(
                    f"{server.base_url}/api/v1/records/{intake_no}/originals/0", headers=headers
                ) as resp:
                    assert await resp.read() == body, f"original of {intake_no} differs"
        finally:
            server.stop()
    assert cli(env, "verify-trajectory").returncode == 0


@pytest.mark.parametrize(
    ("inline_max", "as_files"), [("262144", 0), ("16", 3)], ids=["inline", "as-files"]
)
async def test_no_plaintext_identity_in_the_database_or_the_originals(
    tmp_path: Path, inline_max: str, as_files: int
) -> None:
    env = {**base_env(tmp_path), "INTAKE_INLINE_ORIGINAL_BYTES": inline_max}
    server = GatewayProcess(env)
    try:
        async with aiohttp.ClientSession() as session:
            for n in range(3):
                async with session.post(
                    f"{server.base_url}/api/v1/complaints",
                    data=complaint(n),
                    headers={"Content-Type": "application/json"},
                ) as resp:
                    assert resp.status == 201
            await asyncio.sleep(1.0)  # let normalization write the records too
    finally:
        server.stop()
    data = tmp_path / "data"
    files = [p for p in data.rglob("*") if p.is_file() and "keys" not in p.parts]
    assert any(p.suffix == ".sqlite3" for p in files)
    assert len([p for p in files if "originals" in p.parts]) == as_files
    db = sqlite3.connect(data / "intake.sqlite3")
    assert db.execute("SELECT count(*) FROM original_blobs").fetchone()[0] == 3 - as_files
    db.close()
    for secret in (NAME, ID_NUMBER, PHONE, "深圳市南山区", "挪用扶贫资金"):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            needle = secret.encode(encoding)
            for p in files:
                assert needle not in p.read_bytes(), f"{secret!r} in clear in {p.name}"


async def test_storage_full_fails_with_503_and_leaves_nothing_half_written(
    tmp_path: Path,
) -> None:
    env = base_env(tmp_path)
    limit = 512 * 1024

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    cli(env, "migrate")
    server = GatewayProcess(env, preexec=small_disk)
    # Valid JSON padded with whitespace: the stored original is larger than the disk allows.
    big = b'{"main_problem": "\xe5\xa4\xa7"' + b" " * 700_000 + b"}"
    try:
        async with aiohttp.ClientSession() as session:
            url = f"{server.base_url}/api/v1/complaints"
            hdrs = {"Content-Type": "application/json"}
            async with session.post(url, data=big, headers=hdrs) as resp:
                assert resp.status == 503
                problem = await resp.json()
                assert problem["code"] == "storage_unavailable"
                assert resp.headers["Retry-After"]
            async with session.post(url, data=complaint(1), headers=hdrs) as resp:
                assert resp.status == 201, "the gateway keeps serving what still fits"
    finally:
        server.stop()
    # The refused body was too large to go inline: its file is gone, temp file included.
    assert [p for p in (tmp_path / "data" / "originals").rglob("*") if p.is_file()] == []
    db = sqlite3.connect(tmp_path / "data" / "intake.sqlite3")
    assert db.execute("SELECT count(*) FROM intakes").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM original_blobs").fetchone()[0] == 1


async def test_editing_one_trajectory_event_is_detected_and_names_the_record(
    tmp_path: Path,
) -> None:
    env = base_env(tmp_path)
    server = GatewayProcess(env)
    try:
        async with aiohttp.ClientSession() as session:
            numbers = []
            for n in range(2):
                async with session.post(
                    f"{server.base_url}/api/v1/complaints",
                    data=complaint(n),
                    headers={"Content-Type": "application/json"},
                ) as resp:
                    numbers.append((await resp.json())["intake_no"])
            await asyncio.sleep(0.5)
    finally:
        server.stop()
    assert cli(env, "verify-trajectory").returncode == 0
    db = sqlite3.connect(tmp_path / "data" / "intake.sqlite3")
    (victim,) = db.execute("SELECT id FROM intakes WHERE intake_no=?", (numbers[1],)).fetchone()
    db.execute("UPDATE events SET actor='someone-else' WHERE intake_id=? AND seq=1", (victim,))
    db.commit()
    out = cli(env, "verify-trajectory")
    assert out.returncode == 1
    assert numbers[1] in out.stdout and numbers[0] not in out.stdout


async def test_deleting_the_newest_event_is_detected(tmp_path: Path) -> None:
    env = base_env(tmp_path)
    server = GatewayProcess(env)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{server.base_url}/api/v1/complaints",
                data=complaint(1),
                headers={"Content-Type": "application/json"},
            ) as resp:
                intake_no = (await resp.json())["intake_no"]
            await asyncio.sleep(0.5)
    finally:
        server.stop()
    db = sqlite3.connect(tmp_path / "data" / "intake.sqlite3")
    db.execute("DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)")
    db.commit()
    out = cli(env, "verify-trajectory")
    assert out.returncode == 1 and intake_no in out.stdout
