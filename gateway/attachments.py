"""Held attachments of the public form (``channels.web.hold``), kept in storage, encrypted.

The token is 256 random bits shown only in the reporter's page; storage knows its SHA-256.
The ciphertext's associated data names that hash and the hash of the browser's CSRF cookie,
so a row cannot be moved under another token, nor opened for another browser.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import msgspec

from channels.contract import Upload
from channels.web.hold import Held, NotKept
from gateway.crypto import DecryptError, KeyRing
from gateway.storage import StorageUnavailable, Store

__all__ = ["HeldAttachments"]


class _File(msgspec.Struct, array_like=True):
    data: bytes
    media_type: str
    role: str
    filename: str | None


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


class HeldAttachments:
    def __init__(
        self, store: Store, keyring: KeyRing, *, max_bytes: int, max_total: int, ttl_s: float
    ) -> None:
        self._store = store
        self._keyring = keyring
        self._max_bytes = max_bytes
        self._max_total = max_total
        self._ttl_s = ttl_s

    @staticmethod
    def _aad(token_hash: bytes, bind: str) -> bytes:
        return b"held-attachments:" + token_hash + b":" + hashlib.sha256(bind.encode()).digest()

    async def keep(self, uploads: Sequence[Upload], bind: str) -> Held:
        size = sum(len(u.data) for u in uploads)
        if size > self._max_bytes:
            raise NotKept(
                f"附件合计 {_mb(size)}，超过可为您暂存的 {_mb(self._max_bytes)}，未能保留；"
                "请改正其他内容后重新选择附件。"
            )
        token = secrets.token_urlsafe(32)
        token_hash = hashlib.sha256(token.encode()).digest()
        plain = msgspec.msgpack.encode(
            [_File(u.data, u.media_type, u.role, u.filename) for u in uploads]
        )
        # AES-GCM over megabytes: off the event loop.
        blob = await asyncio.to_thread(self._keyring.encrypt, plain, self._aad(token_hash, bind))
        expires_at = datetime.now(UTC) + timedelta(seconds=self._ttl_s)
        try:
            kept = await self._store.hold_attachments(
                token_hash, blob, size, self._ttl_s, self._max_total
            )
        except StorageUnavailable:
            kept = False
        if not kept:
            raise NotKept("系统暂时无法为您保留附件，请改正其他内容后重新选择附件。")
        return Held(token, expires_at)

    async def load(self, token: str, bind: str) -> list[Upload] | None:
        if not (20 <= len(token) <= 100 and token.isascii() and token.isprintable()):
            return None
        token_hash = hashlib.sha256(token.encode()).digest()
        blob = await self._store.held_attachments(token_hash)
        if blob is None:
            return None
        try:
            plain = await asyncio.to_thread(
                self._keyring.decrypt, blob, self._aad(token_hash, bind)
            )
        except DecryptError:  # another browser's token, or a key no longer in the ring
            return None
        files = msgspec.msgpack.decode(plain, type=list[_File])
        return [Upload(f.data, f.media_type, role=f.role, filename=f.filename) for f in files]
