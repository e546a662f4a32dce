"""Run ``python -m gateway serve`` as a real subprocess, for crash and restart tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LISTENING = re.compile(r"listening on http://([\d.]+):(\d+)")


class GatewayProcess:
    """A gateway subprocess whose port is read from its own log line."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        preexec: Callable[[], None] | None = None,
        timeout: float = 60.0,
        command: tuple[str, ...] = ("serve",),
    ) -> None:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
        full_env.update({"INTAKE_HTTP_PORT": "0", **env})
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gateway", *command],
            cwd=ROOT,
            env=full_env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            preexec_fn=preexec,
        )
        self.log: list[str] = []
        found = threading.Event()
        self.base_url = ""

        def pump() -> None:
            assert self.proc.stderr is not None
            for line in self.proc.stderr:
                self.log.append(line)
                m = _LISTENING.search(line)
                if m and not found.is_set():
                    self.base_url = f"http://{m.group(1)}:{m.group(2)}"
                    found.set()

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + timeout
        while not found.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError("gateway did not start:\n" + "".join(self.log[-30:]))

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
