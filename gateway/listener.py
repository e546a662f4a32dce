"""The HTTP listener, bounded per connection: a header timeout and a cap per client address.

aiohttp waits for a request head as long as the client likes and keeps any number of
connections per client: 500 connections dribbling header bytes held the gateway for more
than a minute (issue 18). ``GuardedSite`` is aiohttp's ``TCPSite`` whose protocol factory is
wrapped: a connection from an address that already has ``max_per_client`` open is answered
``503`` and closed, and a connection whose first request head (up to the blank line) has not
arrived ``header_timeout_s`` after it opened is closed. Idle keep-alive connections are
aiohttp's own ``keepalive_timeout``, set from the same settings by the caller.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Callable
from typing import Any

from aiohttp import web

__all__ = ["ConnectionGuard", "GuardedSite"]

_BUSY_TEXT = "同一地址的连接过多，请稍后再试。Too many connections from your address.".encode()
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: %d\r\nConnection: close\r\nRetry-After: 5\r\n\r\n%s"
    % (len(_BUSY_TEXT), _BUSY_TEXT)
)


class ConnectionGuard:
    """Wraps a protocol factory; counts open connections per client address."""

    def __init__(
        self,
        factory: Callable[[], asyncio.Protocol],
        *,
        max_per_client: int,
        header_timeout_s: float,
    ) -> None:
        self._factory = factory
        self.max_per_client = max_per_client
        self.header_timeout_s = header_timeout_s
        self.open: collections.Counter[str] = collections.Counter()

    def __call__(self) -> asyncio.Protocol:
        return _GuardedProtocol(self, self._factory())


class _GuardedProtocol(asyncio.Protocol):
    def __init__(self, guard: ConnectionGuard, inner: asyncio.Protocol) -> None:
        self._guard = guard
        self._inner = inner
        self._address: str | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._tail = b""
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if peer else "unknown"
        if self._guard.open[address] >= self._guard.max_per_client:
            assert isinstance(transport, asyncio.WriteTransport)
            transport.write(_BUSY)
            transport.close()
            return
        self._address = address
        self._guard.open[address] += 1
        self._transport = transport
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(self._guard.header_timeout_s, self._too_slow)
        self._inner.connection_made(transport)

    def _too_slow(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def data_received(self, data: bytes) -> None:
        if self._timer is not None:
            # Only the end of the head matters; keep the last bytes for a split "\r\n\r\n".
            seen = self._tail + data
            if b"\r\n\r\n" in seen:
                self._timer.cancel()
                self._timer = None
            else:
                self._tail = seen[-3:]
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._address is None:
            return  # refused in connection_made; the inner protocol never started
        if self._timer is not None:
            self._timer.cancel()
        self._guard.open[self._address] -= 1
        if self._guard.open[self._address] <= 0:
            del self._guard.open[self._address]
        self._address = None
        self._inner.connection_lost(exc)

    def __getattr__(self, name: str) -> Any:
        # aiohttp's server inspects its handlers (shutdown, keep-alive); let it see the inner.
        return getattr(self._inner, name)


class GuardedSite(web.TCPSite):
    """``TCPSite`` whose connections go through a ``ConnectionGuard``."""

    def __init__(
        self,
        runner: web.BaseRunner,  # type: ignore[type-arg]
        host: str,
        port: int,
        *,
        backlog: int,
        max_per_client: int,
        header_timeout_s: float,
    ) -> None:
        super().__init__(runner, host, port, backlog=backlog)
        self._limits = (max_per_client, header_timeout_s)
        self.guard: ConnectionGuard | None = None

    async def start(self) -> None:
        # TCPSite.start with the factory wrapped: BaseSite.start registers the site.
        await web.BaseSite.start(self)
        server = self._runner.server
        assert server is not None
        self.guard = ConnectionGuard(
            server, max_per_client=self._limits[0], header_timeout_s=self._limits[1]
        )
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self.guard, self._host, self._port, backlog=self._backlog
        )
        if self._server.sockets:
            self._bound_port = self._server.sockets[0].getsockname()[1]
        else:
            self._bound_port = self._port
