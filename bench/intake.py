"""Benchmark: durable complaints per second through ``POST /api/v1/complaints`` (JSON).

Each acknowledged complaint is durable: its body is stored as an encrypted, fsynced original
and the intake row, RECEIVED event, first job and query-code hash are committed (grouped
commits, synchronous=FULL) before the 201. The baseline is bare aiohttp reading the same body
and answering "ok", in the same run with the same client. Target ratio: >= 0.40.
Run: .venv/bin/python bench/intake.py [n_requests] [concurrency]
"""

from __future__ import annotations

import asyncio
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from aiohttp import web

from bench.harness import compare
from gateway.app import create_app
from gateway.crypto import generate_key_line
from gateway.settings import load_settings


def complaint(i: int) -> bytes:
    return json.dumps(
        {
            "complainant": {"kind": "PERSON", "name": "欧阳明华", "phone": "13812345678"},
            "accused": [{"name": "李明", "unit": "某县交通运输局", "position": "局长"}],
            "title": f"反映李明违规收受礼金（第{i}件）",
            "main_problem": "2023年春节期间，某县交通运输局局长李明收受工程老板现金五万元。" * 4,
        },
        ensure_ascii=False,
    ).encode()


async def bare_app() -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/api/v1/complaints", handle)
    return app


async def run(n: int, concurrency: int) -> None:
    headers = {"Content-Type": "application/json"}
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            env={},
            data_dir=pathlib.Path(tmp) / "data",
            keys=generate_key_line(),
            rate_limit_per_minute=10_000_000,
        )
        print(f"requests {n}, concurrency {concurrency}, JSON body {len(complaint(0))} bytes")
        await compare(
            await create_app(settings, extractors={}),
            await bare_app(),
            path="/api/v1/complaints",
            n=n,
            concurrency=concurrency,
            body=complaint,
            headers=headers,
            warmup=50,
            note="(durable: original + grouped commit)",
        )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    asyncio.run(run(n, concurrency))


if __name__ == "__main__":
    main()
