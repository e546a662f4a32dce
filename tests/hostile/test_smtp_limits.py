"""The scan-to-email listener under abuse: real SMTP conversations with ``smtplib``.

Recipients per message, failed AUTH per connection (slower, then closed) and per client
address (then refused), connections per client address, and the idle timeout.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import smtplib
import socket
import time
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from gateway.app import SMTP
from gateway.settings import Settings
from tests.conftest import MakeClient

Client = TestClient[Any, Any]


async def smtp_gateway(make_client: MakeClient, settings: Settings, **overrides: Any) -> int:
    # Mail without AUTH is what these limits are about; AUTH itself is tested with a key.
    values = {"smtp_enabled": True, "smtp_port": 0, "smtp_require_auth": False, **overrides}
    mail = dataclasses.replace(settings, **values)
    client = await make_client(mail)
    port = client.app[SMTP].port
    assert port is not None
    return port


async def test_recipients_beyond_the_limit_are_refused(
    make_client: MakeClient, settings: Settings
) -> None:
    port = await smtp_gateway(make_client, settings, smtp_max_recipients=3)

    def talk() -> list[int]:
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            smtp.ehlo()
            smtp.mail("mfp@example.org")
            return [smtp.rcpt(f"r{i}@example.org")[0] for i in range(6)]

    assert await asyncio.to_thread(talk) == [250, 250, 250, 452, 452, 452]


# Plain AUTH keeps the test short; aiosmtpd warns about it, which is right in production.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
async def test_failed_logins_slow_down_then_close_the_connection_then_the_address(
    make_client: MakeClient, settings: Settings
) -> None:
    port = await smtp_gateway(
        make_client,
        settings,
        smtp_require_auth=True,
        smtp_max_auth_failures=3,
        smtp_auth_failures_per_client=5,
    )

    def one_connection() -> tuple[list[int], float, bool]:
        """AUTH PLAIN with wrong keys, one command each (``login`` would try several)."""
        codes: list[int] = []
        started = time.monotonic()
        closed = False
        smtp = smtplib.SMTP("127.0.0.1", port, timeout=30)
        try:
            smtp.ehlo()
            for attempt in range(5):
                plain = base64.b64encode(f"\0station\0igk_wrong_{attempt}".encode()).decode()
                try:
                    code, _ = smtp.docmd("AUTH", f"PLAIN {plain}")
                except smtplib.SMTPServerDisconnected:
                    closed = True
                    break
                codes.append(code)
                if code == 421:
                    break
            try:
                smtp.noop()
            except smtplib.SMTPServerDisconnected:
                closed = True
        finally:
            smtp.close()
        return codes, time.monotonic() - started, closed

    codes, took, closed = await asyncio.to_thread(one_connection)
    assert codes == [535, 535, 535] or codes == [535, 535, 535, 421], codes
    assert closed
    assert took >= 0.5 + 1.0  # the second and third answers waited 0.5 s and 1 s more
    # Three more failures from the same address on a new connection reach the per-client
    # limit (5); after that, AUTH is refused at once on any connection from it.
    await asyncio.to_thread(one_connection)

    def refused() -> int:
        smtp = smtplib.SMTP("127.0.0.1", port, timeout=30)
        try:
            smtp.ehlo()
            smtp.login("station", "igk_wrong_again")
        except smtplib.SMTPAuthenticationError as exc:
            return exc.smtp_code
        except smtplib.SMTPServerDisconnected:
            return 421
        finally:
            smtp.close()
        return 235

    assert await asyncio.to_thread(refused) == 421


async def test_connections_per_client_are_capped_and_idle_ones_closed(
    make_client: MakeClient, settings: Settings
) -> None:
    port = await smtp_gateway(
        make_client, settings, smtp_max_connections_per_client=2, smtp_idle_timeout_s=1.0
    )

    def banners() -> list[bytes]:
        held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
        try:
            return [s.recv(200) for s in held]
        finally:
            for s in held:
                s.close()

    got = await asyncio.to_thread(banners)
    assert [b[:3] for b in got] == [b"220", b"220", b"421"]

    def idle() -> tuple[bytes, float]:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.recv(200)  # the banner
            started = time.monotonic()
            rest = b""
            while chunk := s.recv(200):  # nothing sent: the server must hang up
                rest += chunk
            return rest, time.monotonic() - started

    rest, waited = await asyncio.to_thread(idle)
    assert 0.9 < waited < 5 and (rest == b"" or rest.startswith(b"421"))
