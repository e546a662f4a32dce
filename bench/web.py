"""Benchmark: durable web submissions per second, each with a 200 KB attachment.

The gateway (streamed multipart, limits, sniffing, fsynced originals, one SQLite commit per
report) is measured against bare aiohttp that reads the same multipart bytes and answers
"ok", in the same run, with the same client and concurrency. Target ratio: >= 0.40.
Run: .venv/bin/python bench/web.py [n_requests] [concurrency]
"""

from __future__ import annotations

import asyncio
import json
import pathlib
import random
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import aiohttp
from aiohttp import web

from bench.harness import compare
from gateway.app import create_app
from gateway.crypto import generate_key_line
from gateway.settings import load_settings

COMPLAINT = json.dumps(
    {
        "complainant": {"kind": "ANONYMOUS"},
        "accused": [{"name": "李明", "unit": "某县交通运输局", "position": "局长"}],
        "title": "反映李明违规收受礼金",
        "category": "违反廉洁纪律行为",
        "main_problem": "2023年春节期间，某县交通运输局局长李明收受工程老板现金五万元。",
    },
    ensure_ascii=False,
)


_BODY = random.Random(7).randbytes(200_000)


def attachment(i: int) -> bytes:
    # distinct content per request so that no original is deduplicated by its sha256
    head = f"%PDF-1.4\n% bench {i}\n".encode()
    return head + _BODY[len(head) :]


def form(i: int) -> aiohttp.FormData:
    data = aiohttp.FormData()
    data.add_field("complaint", COMPLAINT, content_type="application/json")
    data.add_field("file", attachment(i), filename="evidence.pdf", content_type="application/pdf")
    return data


async def bare_app() -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            while await part.read_chunk(65536):  # type: ignore[union-attr]
                pass
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/api/v1/complaints", handle)
    return app


async def run(n: int, concurrency: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            env={},
            data_dir=pathlib.Path(tmp) / "data",
            keys=generate_key_line(),
            rate_limit_per_minute=10_000_000,
            workers=int(sys.argv[3]) if len(sys.argv) > 3 else 1,
        )
        print(f"requests {n}, concurrency {concurrency}, attachment 200 KB")
        await compare(
            await create_app(settings, extractors={}),
            await bare_app(),
            path="/api/v1/complaints",
            n=n,
            concurrency=concurrency,
            body=form,
            note="(durable: originals + commit)",
        )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    asyncio.run(run(n, concurrency))


if __name__ == "__main__":
    main()
