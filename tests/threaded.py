"""A gateway on its own event loop in a thread, for blocking clients (schemathesis)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import web

__all__ = ["served_in_thread"]


@contextmanager
def served_in_thread(
    make: Callable[[], Awaitable[web.Application]],
) -> Iterator[tuple[str, web.Application, asyncio.AbstractEventLoop]]:
    """(base URL, app, loop): run coroutines on the app's loop with run_coroutine_threadsafe."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    box: dict[str, Any] = {}

    async def start() -> None:
        app = await make()
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        box.update(runner=runner, app=app, url=f"http://127.0.0.1:{runner.addresses[0][1]}")

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(60), "the gateway did not start"
    try:
        yield str(box["url"]), box["app"], loop
    finally:
        asyncio.run_coroutine_threadsafe(box["runner"].cleanup(), loop).result(60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
