"""Benchmark: durable JSON complaints per second with one and two gateway processes.

Each gateway process runs ``serve --roles web`` (the intake path: original sealed, intake
row, RECEIVED event, first job and query-code hash committed before the 201). Three set-ups,
in the same run, driven by the same load generator in a separate process, spreading requests
round-robin over the processes:

    PostgreSQL, 1 process     PostgreSQL, 2 processes     SQLite, 1 process (embedded default)

The PostgreSQL server is a throw-away cluster (``tests/pg.py``), fsync on. Printed: req/s,
p50/p99 and the ratios 2 processes / 1 process (target >= 1.6 on 2 cores) and PostgreSQL /
SQLite. The machine's two cores are shared by the gateway processes, PostgreSQL and the
load generator, which is what an office running everything on one small server gets.
Run: .venv/bin/python bench/scale.py [n_requests] [concurrency]
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pathlib
import subprocess
import sys
import tempfile
from collections.abc import Iterator

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import aiohttp

from bench.harness import load_elsewhere, pct
from bench.intake import complaint
from gateway.crypto import generate_key_line
from tests.pg import PgCluster, free_port

ROOT = pathlib.Path(__file__).resolve().parent.parent
Result = tuple[float, list[float]]


@contextlib.contextmanager
def gateways(count: int, env: dict[str, str], data: pathlib.Path) -> Iterator[list[str]]:
    procs, urls = [], []
    try:
        for i in range(count):
            port = free_port()
            proc_env = {
                **env,
                "INTAKE_HTTP_PORT": str(port),
                "INTAKE_DATA_DIR": str(data / f"gw{i}"),
                "INTAKE_LOG_LEVEL": "WARNING",
            }
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gateway", "serve", "--roles", "web"],
                    cwd=ROOT,
                    env=proc_env,
                    stdout=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        asyncio.run(_wait_healthy(urls))
        yield urls
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)


async def _wait_healthy(urls: list[str]) -> None:
    async with aiohttp.ClientSession() as http:
        for url in urls:
            for _ in range(300):
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"{url}/healthz") as r:
                        if r.status == 200:
                            break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"{url} did not start")


async def drive(
    urls: list[str], n: int, concurrency: int, warmup: int
) -> tuple[float, list[float]]:
    headers = {"Content-Type": "application/json"}
    targets = [f"{u}/api/v1/complaints" for u in urls]
    await load_elsewhere(targets, warmup, concurrency, 201, complaint, headers)
    return await load_elsewhere(targets, n, concurrency, 201, complaint, headers)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    keys = generate_key_line()
    base = {
        "PATH": os.environ.get("PATH", ""),
        "INTAKE_KEYS": keys,
        "INTAKE_RATE_LIMIT_PER_MINUTE": "100000000",
        "INTAKE_DATABASE_POOL_SIZE": "16",
    }
    print(
        f"requests {n}, concurrency {concurrency}, JSON body {len(complaint(0))} bytes, "
        f"{os.cpu_count()} cores"
    )
    results: dict[str, Result] = {}
    cluster = PgCluster.create()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = pathlib.Path(tmp)
            for procs in (1, 2):
                with cluster.database() as url:
                    env = {**base, "INTAKE_DATABASE_URL": url}
                    with gateways(procs, env, root / f"pg{procs}") as urls:
                        results[f"postgres x{procs}"] = asyncio.run(
                            drive(urls, n, concurrency, 200)
                        )
            with gateways(1, base, root / "sqlite") as urls:
                results["sqlite x1"] = asyncio.run(drive(urls, n, concurrency, 200))
    finally:
        cluster.destroy()
    for name, (rps, lat) in results.items():
        p50, p99 = pct(lat, 0.5), pct(lat, 0.99)
        print(f"{name:<12} {rps:8.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms")
    one, two = results["postgres x1"][0], results["postgres x2"][0]
    print(f"ratio postgres 2 processes / 1 process = {two / one:.2f} (target >= 1.60)")
    print(f"ratio postgres 1 process / sqlite 1 process = {one / results['sqlite x1'][0]:.2f}")


if __name__ == "__main__":
    main()
