"""A real gateway process under attack, and what the attacks need to talk to it and watch it.

The gateway runs as ``python -m gateway serve`` (HTTP, SMTP and the spool watcher on), its
whole stderr kept as bytes so that a log test can search it in any encoding. ``peak_rss``
reads the kernel's high-water mark of its resident memory (``VmHWM`` in ``/proc``), which a
decoder running inside it would push up and a confined decoder child does not. ``Health``
polls ``/healthz`` in a thread during an attack: the slowest answer is what a load balancer
would have seen.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.crypto import generate_key_line

ROOT = Path(__file__).resolve().parent.parent.parent
_HTTP = re.compile(rb"listening on http://([\d.]+):(\d+)")
_SMTP = re.compile(rb"smtp listening on ([\d.]+):(\d+)")


class Gateway:
    def __init__(
        self,
        data_dir: Path,
        spool: Path,
        env: Mapping[str, str],
        *,
        root: Path = ROOT,
        preexec: Callable[[], None] | None = None,
    ) -> None:
        self.root = root
        self.data_dir = data_dir
        self.spool = spool
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
        self.env.update(
            {
                "INTAKE_DATA_DIR": str(data_dir),
                "INTAKE_KEYS": generate_key_line(),
                "INTAKE_HTTP_PORT": "0",
                "INTAKE_SMTP_ENABLED": "true",
                "INTAKE_SMTP_PORT": "0",
                "INTAKE_SMTP_REQUIRE_AUTH": "false",  # bombs come from anyone who can connect
                "INTAKE_SPOOL_DIR": str(spool),
                "INTAKE_SPOOL_POLL_S": "0.2",
                "INTAKE_WORKERS": "1",
                "INTAKE_RATE_LIMIT_PER_MINUTE": "10000",
                "PYTHONPATH": str(root),
                **env,
            }
        )
        self.station_key = self._create_key("station")
        self.hotline_key = self._create_key("hotline")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gateway", "serve"],
            cwd=root,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=preexec,
        )
        self.output = bytearray()
        self.http: tuple[str, int] | None = None
        self.smtp: tuple[str, int] | None = None
        self._ready = threading.Event()
        threading.Thread(target=self._pump, daemon=True).start()
        if not self._ready.wait(60) or self.http is None or self.smtp is None:
            self.stop()
            raise RuntimeError("gateway did not start:\n" + self.output.decode(errors="replace"))

    def _create_key(self, role: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "gateway", "create-api-key", f"{role}-hostile", "--role", role],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            check=True,
            timeout=60,
        )
        return done.stdout.decode().strip().splitlines()[-1]

    def _pump(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.output += line
            if (m := _HTTP.search(line)) and self.http is None:
                self.http = (m.group(1).decode(), int(m.group(2)))
            if (m := _SMTP.search(line)) and self.smtp is None:
                self.smtp = (m.group(1).decode(), int(m.group(2)))
            if self.http and self.smtp:
                self._ready.set()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def peak_rss(self) -> int:
        """The gateway's resident-memory high-water mark, in bytes."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        m = re.search(r"VmHWM:\s+(\d+) kB", status)
        assert m is not None
        return int(m.group(1)) * 1024

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 120.0,
    ) -> tuple[int, dict[str, Any]]:
        assert self.http is not None
        conn = http.client.HTTPConnection(*self.http, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=dict(headers or {}))
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        try:
            parsed = json.loads(data) if data else {}
        except ValueError:
            parsed = {"raw": data.decode(errors="replace")}
        return response.status, parsed if isinstance(parsed, dict) else {"items": parsed}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def multipart(
    fields: Mapping[str, str],
    files: list[tuple[str, str, bytes]],
    field_type: str = "application/json",
) -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body: text fields, then (field, filename, bytes) files."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n'.encode()
        out += f"Content-Type: {field_type}\r\n\r\n".encode() + value.encode() + b"\r\n"
    for name, filename, data in files:
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@dataclass
class Health:
    """Polls ``/healthz`` every ``interval`` seconds until stopped; keeps every latency."""

    gateway: Gateway
    interval: float = 0.05
    latencies: list[float] = field(default_factory=list)
    failures: int = 0

    def __enter__(self) -> Health:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                status, _ = self.gateway.request("GET", "/healthz", timeout=30)
                if status != 200:
                    self.failures += 1
            except OSError:
                self.failures += 1
            self.latencies.append(time.monotonic() - started)
            self._stop.wait(self.interval)

    @property
    def slowest(self) -> float:
        return max(self.latencies, default=0.0)
