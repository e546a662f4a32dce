"""The hotline spool folder: ``X.wav`` (or .mp3/.amr) is written first, then ``X.json``.

A pair is taken once its JSON parses; it is stored durably (idempotent on the call id), and
only then are both files deleted: the store holds them encrypted, and a ``done/`` folder of
recordings and caller numbers in clear would undo that. A pair the adapter refuses goes to
``rejected/`` with ``X.reason.txt``, which names the error code and its documented meaning,
never the data (the caller number is what a refusal most often quotes). A crash between
storing and deleting only means the next scan submits the pair again, which the call id
turns into a no-op before the deletion: never lost, never doubled.

One bad entry (a directory named ``a0.wav``, an unreadable file) is rejected on its own, or
if even that fails, skipped with one warning; the scan goes on to the pairs behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from channels.contract import Submit
from channels.phone.adapter import CallLimits, capture, idempotency_key
from normalizer.errors import IntakeError, Unavailable

__all__ = ["SpoolWatcher"]

log = logging.getLogger(__name__)

AUDIO_SUFFIXES = (".wav", ".mp3", ".amr")


@dataclass(frozen=True)
class _Pair:
    sidecar: Path
    audio: Path
    age_s: float

    def read(self) -> tuple[bytes, bytes]:
        return self.sidecar.read_bytes(), self.audio.read_bytes()

    @property
    def files(self) -> list[Path]:
        return [self.audio, self.sidecar]


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
        self.rejected = folder / "rejected"
        self._submit = submit
        self._limits = limits
        self._poll_s = poll_s
        self._orphan_after_s = orphan_after_s
        self._task: asyncio.Task[None] | None = None
        self._stuck: set[str] = set()  # stems that could be neither taken nor moved aside

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
        pairs = await asyncio.to_thread(self._list_pairs)
        stored = 0
        for pair in pairs:
            if pair.sidecar.stem in self._stuck:
                continue
            try:
                stored += await self._take(pair)
            except OSError as exc:
                await self._set_aside(pair, exc)
        return stored

    async def _set_aside(self, pair: _Pair, exc: OSError) -> None:
        """An entry that cannot be read goes to ``rejected/``; if that fails too, it is skipped."""
        reason = f"spool_entry_unreadable ({type(exc).__name__})"
        try:
            await asyncio.to_thread(self._move, pair.files, self.rejected, reason)
            log.warning("spool pair %s rejected: spool_entry_unreadable", pair.sidecar.stem)
        except OSError:
            self._stuck.add(pair.sidecar.stem)
            log.warning("spool pair %s unreadable and cannot be moved; skipped", pair.sidecar.stem)

    def _list_pairs(self) -> list[_Pair]:
        """Folder reads happen here, in a thread: a slow network share must not stall the loop."""
        for d in (self.folder, self.rejected):
            d.mkdir(parents=True, exist_ok=True)
        pairs = []
        for sidecar in sorted(self.folder.glob("*.json")):
            stem = sidecar.with_suffix("")
            audio = next((p for s in AUDIO_SUFFIXES if (p := stem.with_suffix(s)).exists()), None)
            try:
                age = time.time() - sidecar.stat().st_mtime
            except OSError:
                continue  # gone meanwhile (taken by another scan, removed by the hotline)
            if audio is None:
                if age > self._orphan_after_s:
                    with contextlib.suppress(OSError):
                        self._move(
                            [sidecar],
                            self.rejected,
                            "recording_missing: 没有对应的录音文件 (no recording beside this "
                            "sidecar)",
                        )
                continue
            pairs.append(_Pair(sidecar, audio, age))
        return pairs

    async def _take(self, pair: _Pair) -> int:
        metadata, recording = await asyncio.to_thread(pair.read)
        files = pair.files
        try:
            intake, upload = await capture(metadata, recording, self._limits)
        except Unavailable as exc:
            log.warning("spool pair %s waits: %s", pair.sidecar.stem, exc.code)
            return 0  # our decoder is down, not their file: try again at the next scan
        except IntakeError as exc:
            if exc.code == "metadata_invalid" and pair.age_s < self._orphan_after_s:
                return 0  # the hotline may still be writing the JSON
            # The code only: messages may quote the data (the caller number, a field value).
            reason = exc.code
            await asyncio.to_thread(self._move, files, self.rejected, reason)
            log.warning("spool pair %s rejected: %s", pair.sidecar.stem, exc.code)
            return 0
        receipt = await self._submit(
            intake, [upload], actor="hotline:spool", idempotency_key=idempotency_key(intake)
        )
        await asyncio.to_thread(self._delete, files)
        log.info("spool pair %s stored as %s", pair.sidecar.stem, receipt.intake_no)
        return 0 if receipt.duplicate else 1

    @staticmethod
    def _delete(files: list[Path]) -> None:
        for f in files:
            with contextlib.suppress(FileNotFoundError):
                f.unlink()

    @staticmethod
    def _move(files: list[Path], target: Path, reason: str | None = None) -> None:
        stem = files[0].with_suffix("").name
        if reason is not None:
            (target / f"{stem}.reason.txt").write_text(reason + "\n", encoding="utf-8")
        for f in files:
            os.replace(f, target / f.name)
