"""Shared pieces of the HTTP benchmarks: serve an app on loopback, drive it, report.

Both the gateway and its baseline run in the same process and are driven by the same client
with the same concurrency, so the printed ratio compares like with like on this machine.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import multiprocessing
import time
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp
from aiohttp import web


async def serve(app: web.Application, path: str) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}{path}"


async def load(
    url: str | Sequence[str],
    n: int,
    concurrency: int,
    expect: int,
    body: Callable[[int], Any],
    headers: dict[str, str] | None = None,
) -> tuple[float, list[float]]:
    """Requests per second and the sorted latencies of ``n`` POSTs (round-robin over ``url``
    when several are given)."""
    latencies: list[float] = []
    queue = iter(range(n))
    targets = itertools.cycle([url] if isinstance(url, str) else url)
    async with aiohttp.ClientSession(headers=headers) as session:

        async def worker() -> None:
            for i in queue:
                t0 = time.perf_counter()
                async with session.post(next(targets), data=body(i)) as resp:
                    await resp.read()
                    assert resp.status == expect, resp.status
                latencies.append(time.perf_counter() - t0)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return n / elapsed, sorted(latencies)


def _load_process(
    url: str | Sequence[str],
    n: int,
    concurrency: int,
    expect: int,
    body: Callable[[int], Any],
    headers: dict[str, str] | None,
) -> tuple[float, list[float]]:
    return asyncio.run(load(url, n, concurrency, expect, body, headers))


async def load_elsewhere(
    url: str | Sequence[str],
    n: int,
    concurrency: int,
    expect: int,
    body: Callable[[int], Any],
    headers: dict[str, str] | None = None,
) -> tuple[float, list[float]]:
    """``load`` from a separate process, so the client does not share the server's GIL."""
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as pool:
        return await asyncio.get_running_loop().run_in_executor(
            pool, _load_process, url, n, concurrency, expect, body, headers
        )


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


def report(name: str, rps: float, latencies: list[float], note: str = "") -> None:
    print(
        f"{name:<14} {rps:8.1f} req/s  p50 {pct(latencies, 0.5):7.1f} ms  "
        f"p99 {pct(latencies, 0.99):7.1f} ms  {note}"
    )


async def compare(
    gateway: web.Application,
    bare: web.Application,
    *,
    path: str,
    n: int,
    concurrency: int,
    body: Callable[[int], Any],
    headers: dict[str, str] | None = None,
    warmup: int = 20,
    note: str = "",
    target: float = 0.40,
) -> None:
    """Serve both apps, warm them up, drive each from its own process, print the ratio."""
    gw_runner, gw_url = await serve(gateway, path)
    bare_runner, bare_url = await serve(bare, path)
    try:
        await load_elsewhere(gw_url, warmup, concurrency, 201, body, headers)
        await load_elsewhere(bare_url, warmup, concurrency, 200, body, headers)
        bare_rps, bare_lat = await load_elsewhere(bare_url, n, concurrency, 200, body, headers)
        gw_rps, gw_lat = await load_elsewhere(gw_url, n, concurrency, 201, body, headers)
    finally:
        await gw_runner.cleanup()
        await bare_runner.cleanup()
    report("bare aiohttp", bare_rps, bare_lat)
    report("gateway", gw_rps, gw_lat, note)
    print(f"ratio gateway/bare = {gw_rps / bare_rps:.2f} (target >= {target:.2f})")
