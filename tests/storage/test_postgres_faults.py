"""PostgreSQL as an office runs it: secrets never in clear, outages survived, bad URLs named."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from gateway.settings import Settings
from tests.conftest import ROOT, MakeClient, api_key, wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.pg import PgCluster, free_port
from tests.web.files import pdf
from tests.web.test_api import multipart

SECRETS = (
    COMPLAINT["complainant"]["name"],
    COMPLAINT["complainant"]["id_number"],
    COMPLAINT["complainant"]["phone"],
    "收受工程老板现金五万元",
)


@pytest.fixture
def engine() -> str:
    return "postgres"


async def normalized(client: Any, settings: Settings, intake_no: str) -> None:
    headers = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}

    async def done() -> bool:
        resp = await client.get(f"/api/v1/records/{intake_no}", headers=headers)
        return resp.status == 200 and (await resp.json())["stage"] in ("queued", "needs_review")

    await wait_for(done, within=60)


def needles(text: str) -> list[bytes]:
    out = []
    for encoding in ("utf-8", "utf-16-le", "gb18030"):
        raw = text.encode(encoding)
        out += [raw, raw.hex().encode()]  # pg_dump writes bytea as hex
    return out


async def test_no_plaintext_identity_anywhere_in_the_postgresql_database(
    make_client: MakeClient, settings: Settings, pg_cluster: PgCluster
) -> None:
    attachment = pdf() + b"\n%" + "欧阳明华 13812345678".encode() * 40000  # a large original
    client = await make_client(dataclasses.replace(settings, inline_original_bytes=1024))
    numbers = []
    for files in ([], [("evidence.pdf", attachment)]):
        resp = await client.post("/api/v1/complaints", data=multipart(files, COMPLAINT))
        assert resp.status == 201
        numbers.append((await resp.json())["intake_no"])
    for n in numbers:
        await normalized(client, settings, n)
    with psycopg.connect(settings.database_url) as conn:
        (chunks,) = conn.execute("SELECT count(*) FROM original_chunks").fetchone() or (0,)
        conn.execute("CHECKPOINT")
    assert chunks >= 1, "the large original must live in the database, in chunks"
    dbname = settings.database_url.rsplit("/", 1)[1]
    dump = subprocess.run(  # noqa: ASYNC221 (a dump of a quiet database)
        [
            str(pg_cluster.bindir / "pg_dump"),
            "-h",
            "127.0.0.1",
            "-p",
            str(pg_cluster.port),
            "-U",
            "intake",
            dbname,
        ],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    assert b"original_chunks" in dump and len(dump) > len(attachment)
    contents = {}
    for p in pg_cluster.datadir.rglob("*"):
        try:
            contents[str(p.relative_to(pg_cluster.datadir))] = (
                p.read_bytes() if p.is_file() else b""
            )
        except FileNotFoundError:  # the server's own temporary files come and go
            continue
    assert sum(len(c) for c in contents.values()) > len(attachment)
    for secret in SECRETS:
        for needle in needles(secret):
            assert needle not in dump, f"{secret!r} in clear in the dump"
            for name, data in contents.items():
                assert needle not in data, f"{secret!r} in clear in {name}"


async def test_losing_postgresql_while_serving_gives_503_and_the_work_resumes(
    make_client: MakeClient, settings: Settings, pg_cluster: PgCluster
) -> None:
    client = await make_client(dataclasses.replace(settings, job_retry_base_s=0.1))
    before = await client.post("/api/v1/complaints", json=COMPLAINT)
    assert before.status == 201
    pg_cluster.stop("immediate")
    try:
        resp = await client.post("/api/v1/complaints", json=COMPLAINT)
        assert resp.status == 503 and int(resp.headers["Retry-After"]) > 0
        problem = await resp.json()
        assert problem["code"] == "storage_unavailable" and "稍后" in problem["message_zh"]
        assert (await client.get("/readyz")).status == 503
    finally:
        pg_cluster.start()

    async def accepted() -> Any:
        resp = await client.post("/api/v1/complaints", json=COMPLAINT)
        return resp if resp.status == 201 else None

    after = await wait_for(accepted, within=30, interval=0.5)
    for resp in (before, after):
        await normalized(client, settings, (await resp.json())["intake_no"])
    assert (await client.get("/readyz")).status == 200
    with psycopg.connect(settings.database_url) as conn:
        (intakes,) = conn.execute("SELECT count(*) FROM intakes").fetchone() or (0,)
    assert intakes == 2, "the refused submission left nothing behind"


def test_an_unreachable_database_at_start_is_named_and_stops_the_gateway(
    tmp_path: Path,
) -> None:
    url = f"postgresql://intake:s3cretpw@127.0.0.1:{free_port()}/intake"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "INTAKE_DATA_DIR": str(tmp_path),
        "INTAKE_DATABASE_URL": url,
        "INTAKE_HTTP_PORT": "0",
    }
    out = subprocess.run(
        [sys.executable, "-m", "gateway", "serve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "database_url" in out.stderr and "127.0.0.1" in out.stderr
    assert "s3cretpw" not in out.stderr + out.stdout
    assert "Traceback" not in out.stderr
