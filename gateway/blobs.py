"""Where large originals live: encrypted files named by the plaintext sha256, or the database.

``BlobStore`` keeps them as files; ``DatabaseBlobs`` as encrypted chunks in the database, so
that every machine of a PostgreSQL deployment reads the same originals. Both answer the same
async ``Blobs`` interface that ``gateway.originals`` uses.

Files:
Names are made by the server (never a user's file name), live under one absolute root and
are checked to stay inside it. A file is written to a temporary name, fsynced, renamed and
its folder fsynced, so an acknowledged original survives a power cut; the same content
uploaded twice is stored once.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import threading
from concurrent.futures import Executor
from pathlib import Path
from typing import Protocol

from gateway.crypto import KeyRing
from gateway.storage import Store

CHUNK_BYTES = 1 << 20  # one encrypted row per MiB: a recording never sits in one value


class Blobs(Protocol):
    async def put(self, data: bytes) -> tuple[str, bool]:
        """Store durably; (sha256, whether this call created it)."""
        ...

    async def get(self, sha256: str) -> bytes: ...
    async def discard(self, sha256: str) -> None: ...


__all__ = ["BlobStore", "Blobs", "DatabaseBlobs", "FileBlobs"]

_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobStore:
    def __init__(self, root: Path, keyring: KeyRing) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._keyring = keyring

    def path_for(self, sha256: str) -> Path:
        # Only 64 hex digits pass, so the path cannot leave the (resolved) root: no need to
        # resolve it again on every call, which costs a syscall per path component.
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store durably (blocking: call from a worker thread); return (sha256, newly created)."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha256)
        if path.exists():
            return sha256, False
        if not path.parent.is_dir():
            path.parent.mkdir(exist_ok=True, mode=0o700)
            _fsync_dir(self.root)  # the new folder's own entry must survive a power cut too
        blob = self._keyring.encrypt(data, aad=sha256.encode())
        # Unique per thread: two threads storing the same content never share a temp file.
        tmp = path.parent / f".tmp-{sha256}-{threading.get_ident()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            try:
                view = memoryview(blob)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            # link(), unlike rename(), refuses to replace: of two writers of the same
            # content exactly one is its creator, the only one that may ever discard it.
            os.link(tmp, path)
        except FileExistsError:
            return sha256, False
        finally:
            tmp.unlink(missing_ok=True)
        _fsync_dir(path.parent)
        return sha256, True

    def discard(self, sha256: str) -> None:
        """Remove a file written for a submission that then failed to commit."""
        self.path_for(sha256).unlink(missing_ok=True)

    def get(self, sha256: str) -> bytes:
        return self._keyring.decrypt(self.path_for(sha256).read_bytes(), aad=sha256.encode())

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileBlobs:
    """``BlobStore`` behind the async interface, on its own I/O threads."""

    def __init__(self, files: BlobStore, io: Executor) -> None:
        self.files = files
        self._io = io

    async def put(self, data: bytes) -> tuple[str, bool]:
        return await asyncio.get_running_loop().run_in_executor(self._io, self.files.put, data)

    async def get(self, sha256: str) -> bytes:
        return await asyncio.get_running_loop().run_in_executor(self._io, self.files.get, sha256)

    async def discard(self, sha256: str) -> None:
        await asyncio.get_running_loop().run_in_executor(self._io, self.files.discard, sha256)


class DatabaseBlobs:
    """Encrypted chunks in the database (``original_chunks``), each sealed with its own
    associated data (sha256 and position), so chunks cannot be reordered or swapped."""

    def __init__(self, store: Store, keyring: KeyRing) -> None:
        self._store = store
        self._keyring = keyring

    def _aad(self, sha256: str, seq: int) -> bytes:
        return f"{sha256}/{seq}".encode()

    async def put(self, data: bytes) -> tuple[str, bool]:
        def seal() -> tuple[str, list[bytes]]:
            sha256 = hashlib.sha256(data).hexdigest()
            view = memoryview(data)
            return sha256, [
                self._keyring.encrypt(bytes(view[i : i + CHUNK_BYTES]), aad=self._aad(sha256, n))
                for n, i in enumerate(range(0, max(len(data), 1), CHUNK_BYTES))
            ]

        sha256, chunks = await asyncio.to_thread(seal)
        return sha256, await self._store.put_chunks(sha256, chunks)

    async def get(self, sha256: str) -> bytes:
        chunks = await self._store.chunks(sha256)
        if not chunks:
            raise FileNotFoundError(sha256)
        return b"".join(
            self._keyring.decrypt(c, aad=self._aad(sha256, n)) for n, c in enumerate(chunks)
        )

    async def discard(self, sha256: str) -> None:
        await self._store.delete_chunks(sha256)
