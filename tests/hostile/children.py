"""Functions for confined children in the tests: importable, so the forkserver can run them."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from normalizer.errors import TooLarge


def hog(size: int) -> int:
    return len(bytearray(size))


def spin() -> None:
    while True:
        pass


def sleeper(seconds: float) -> None:
    time.sleep(seconds)


def refuse() -> None:
    raise TooLarge("too_many_pages", "页数过多", "Too many pages.", field="page")


def grandchild_pid(marker: str) -> None:
    """Starts a long sleep (as a decoder starts ffmpeg), notes its pid, then waits on it."""
    proc = subprocess.Popen(["sleep", "60"])
    Path(marker).write_text(str(proc.pid))
    proc.wait()
