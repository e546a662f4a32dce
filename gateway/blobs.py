"""Originals on disk: every uploaded byte, encrypted, in files named by the plaintext sha256.

Names are made by the server (never a user's file name), live under one absolute root and
are checked to stay inside it. A file is written to a temporary name, fsynced, renamed and
its folder fsynced, so an acknowledged original survives a power cut; the same content
uploaded twice is stored once.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from gateway.crypto import KeyRing

__all__ = ["BlobStore"]

_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobStore:
    def __init__(self, root: Path, keyring: KeyRing) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._keyring = keyring

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise ValueError("not a sha256 hex digest")
        path = (self.root / sha256[:2] / sha256).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError("path escapes the originals folder")
        return path

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store durably (blocking: call from a worker thread); return (sha256, newly created)."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self.path_for(sha256)
        if path.exists():
            return sha256, False
        path.parent.mkdir(exist_ok=True, mode=0o700)
        blob = self._keyring.encrypt(data, aad=sha256.encode())
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        return sha256, True

    def discard(self, sha256: str) -> None:
        """Remove a file written for a submission that then failed to commit."""
        self.path_for(sha256).unlink(missing_ok=True)

    def get(self, sha256: str) -> bytes:
        return self._keyring.decrypt(self.path_for(sha256).read_bytes(), aad=sha256.encode())

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()
