"""Where every original byte lives: small ones inside the intake's own commit, large as files.

An original up to ``inline_max`` bytes (a JSON form, a short note, a small photo) is stored
encrypted in the database, in the same transaction as its intake row: it costs no fsync of its
own and can never be left behind half-written. Larger ones (scans, recordings) are encrypted
files named by sha256 (``BlobStore``), fsynced before the row that names them commits.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from channels.contract import Upload
from gateway.blobs import Blobs
from gateway.storage import Store, StoredOriginal

__all__ = ["Originals", "Staged"]

log = logging.getLogger(__name__)


@dataclass
class Staged:
    originals: list[StoredOriginal] = field(default_factory=list)
    inline: dict[str, bytes] = field(default_factory=dict)
    created_files: list[str] = field(default_factory=list)


class Originals:
    def __init__(
        self, files: Blobs, store: Store, *, inline_max: int, io: ThreadPoolExecutor | None = None
    ) -> None:
        self._files = files
        self._store = store
        self._inline_max = inline_max
        self._io = io

    def close(self) -> None:
        if self._io is not None:
            self._io.shutdown(wait=True)

    async def stage(self, uploads: Sequence[Upload]) -> Staged:
        """Write the large originals durably; keep the small ones for the intake's commit."""
        staged = Staged()
        large = []
        for up in uploads:
            if len(up.data) <= self._inline_max:
                sha256 = hashlib.sha256(up.data).hexdigest()
                staged.inline[sha256] = up.data
                staged.originals.append(_meta(sha256, up))
            else:
                staged.originals.append(_meta("", up))
                large.append((len(staged.originals) - 1, up))
        if large:
            results = await asyncio.gather(
                *(self._files.put(up.data) for _, up in large), return_exceptions=True
            )
            for (index, up), result in zip(large, results, strict=True):
                if isinstance(result, tuple):
                    sha256, created = result
                    if created:
                        staged.created_files.append(sha256)
                    staged.originals[index] = _meta(sha256, up)
            failed = [r for r in results if isinstance(r, BaseException)]
            if failed:
                await self.discard(staged)
                raise failed[0]
        return staged

    async def discard(self, staged: Staged) -> None:
        """Remove files written for a submission that then failed to commit, unless another
        intake has meanwhile committed the same content."""
        for sha256 in staged.created_files:
            try:
                referenced = await self._store.original_referenced(sha256)
            except Exception:
                # Cannot tell (storage is what failed): an unreferenced encrypted file is
                # harmless, a missing one referenced elsewhere is not.
                log.warning("original %s kept: its references could not be checked", sha256)
                continue
            if not referenced:
                await self._files.discard(sha256)

    async def destroy(self, digests: Sequence[str]) -> int:
        """Destroy originals no intake references any more (a sealed item's, once its keeping
        time is over); returns how many were destroyed."""
        gone = 0
        for sha256 in dict.fromkeys(digests):
            if await self._store.original_referenced(sha256):
                continue  # the same bytes belong to another intake too
            await self._store.delete_blob(sha256)
            await self._files.discard(sha256)
            gone += 1
        return gone

    async def read(self, sha256: str) -> bytes:
        data = await self._store.original_blob(sha256)
        if data is not None:
            return data
        return await self._files.get(sha256)


def _meta(sha256: str, up: Upload) -> StoredOriginal:
    return StoredOriginal(sha256, up.media_type, len(up.data), up.role, up.filename)
