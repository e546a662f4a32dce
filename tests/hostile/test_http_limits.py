"""The HTTP listener of a real ``serve``: header timeout and connections per client address."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.hostile.gateway import Gateway


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    root = tmp_path_factory.mktemp("http-limits")
    gw = Gateway(
        root / "data",
        root / "spool",
        {"INTAKE_HTTP_HEADER_TIMEOUT_S": "1", "INTAKE_HTTP_MAX_CONNECTIONS_PER_CLIENT": "5"},
    )
    try:
        yield gw
    finally:
        gw.stop()


def connect(gw: Gateway) -> socket.socket:
    assert gw.http is not None
    return socket.create_connection(gw.http, timeout=10)


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """True if the server hangs up (EOF or reset) within ``seconds``."""
    sock.settimeout(seconds)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def test_a_head_that_dribbles_in_is_cut_off(gateway: Gateway) -> None:
    sock = connect(gateway)
    started = time.monotonic()
    try:
        sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        for byte in b"Host: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaa":
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(0.1)
        assert closed_within(sock, 5)
    finally:
        sock.close()
    assert time.monotonic() - started < 6
    assert gateway.request("GET", "/healthz")[0] == 200


def test_a_kept_alive_connection_outlives_the_header_timeout(gateway: Gateway) -> None:
    sock = connect(gateway)
    try:
        for _ in range(2):
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert sock.recv(4096).startswith(b"HTTP/1.1 200")
            time.sleep(1.5)  # past the header timeout: the head of the first one counted
    finally:
        sock.close()


def test_connections_beyond_the_cap_per_address_get_503(gateway: Gateway) -> None:
    held = [connect(gateway) for _ in range(5)]
    try:
        extra = connect(gateway)
        try:
            extra.settimeout(5)
            answer = extra.recv(4096)
        finally:
            extra.close()
        assert answer.startswith(b"HTTP/1.1 503")
        # The idle ones are closed by the header timeout, which frees the address again.
        assert all(closed_within(s, 5) for s in held)
    finally:
        for s in held:
            s.close()
    assert gateway.request("GET", "/healthz")[0] == 200
