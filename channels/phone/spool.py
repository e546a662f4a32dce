"""The hotline spool folder: ``X.wav`` (or .mp3/.amr) is written first, then ``X.json``.

A pair is taken once its JSON parses; it is stored durably (idempotent on the call id), and
only then are both files moved to ``done/``. A pair the adapter refuses goes to ``rejected/``
with ``X.reason.txt``. A crash between storing and moving only means the next scan submits
the pair again, which the call id turns into a no-op before the move: never lost, never doubled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from pathlib import Path

from channels.contract import Submit
from channels.phone.adapter import CallLimits, capture, idempotency_key
from normalizer.errors import IntakeError

__all__ = ["SpoolWatcher"]

log = logging.getLogger(__name__)

AUDIO_SUFFIXES = (".wav", ".mp3", ".amr")


class SpoolWatcher:
    def __init__(
        self,
        folder: Path,
        submit: Submit,
        limits: CallLimits,
        *,
        poll_s: float = 2.0,
        orphan_after_s: float = 60.0,
    ) -> None:
        self.folder = folder
        self.done = folder / "done"
        self.rejected = folder / "rejected"
        self._submit = submit
        self._limits = limits
        self._poll_s = poll_s
        self._orphan_after_s = orphan_after_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="spool-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self.scan()
            except Exception:
                log.exception("spool scan failed; will retry")
            await asyncio.sleep(self._poll_s)

    async def scan(self) -> int:
        """Take every complete pair now; returns how many were stored."""
        for d in (self.folder, self.done, self.rejected):
            d.mkdir(parents=True, exist_ok=True)
        stored = 0
        for sidecar in sorted(self.folder.glob("*.json")):
            stored += await self._take(sidecar)
        return stored

    async def _take(self, sidecar: Path) -> int:
        stem = sidecar.with_suffix("")
        audio = next((p for s in AUDIO_SUFFIXES if (p := stem.with_suffix(s)).exists()), None)
        age = time.time() - sidecar.stat().st_mtime
        if audio is None:
            if age > self._orphan_after_s:
                self._move([sidecar], self.rejected, "没有对应的录音文件 (no recording beside this sidecar)")
            return 0
        metadata = sidecar.read_bytes()
        try:
            intake, upload = await capture(metadata, audio.read_bytes(), self._limits)
        except IntakeError as exc:
            if exc.code == "metadata_invalid" and age < self._orphan_after_s:
                return 0  # the hotline may still be writing the JSON
            self._move([audio, sidecar], self.rejected, f"{exc.code}: {exc.message_zh} / {exc.message_en}")
            log.warning("spool pair %s rejected: %s", stem.name, exc.code)
            return 0
        receipt = await self._submit(
            intake, [upload], actor="hotline:spool", idempotency_key=idempotency_key(intake)
        )
        self._move([audio, sidecar], self.done)
        log.info("spool pair %s stored as %s", stem.name, receipt.intake_no)
        return 0 if receipt.duplicate else 1

    @staticmethod
    def _move(files: list[Path], target: Path, reason: str | None = None) -> None:
        stem = files[0].with_suffix("").name
        if reason is not None:
            (target / f"{stem}.reason.txt").write_text(reason + "\n", encoding="utf-8")
        for f in files:
            os.replace(f, target / f.name)
