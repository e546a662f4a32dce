"""Encryption at rest: AES-256-GCM with a key id stored beside each ciphertext.

A ciphertext is ``b"\\x01" | len(kid) | kid | nonce(12) | ct+tag``. Keeping the key id in
the blob lets keys rotate: new data uses the current key, old data still decrypts with the
retired keys that remain in the ring. The associated data binds a ciphertext to its row,
so a blob copied onto another record fails to decrypt instead of leaking there.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["DecryptError", "KeyRing", "generate_key_line", "load_keyring"]

log = logging.getLogger(__name__)
_VERSION = b"\x01"


class DecryptError(Exception):
    """A ciphertext that this key ring cannot open (unknown key id, tampering)."""


@dataclass(frozen=True)
class KeyRing:
    current: str
    keys: Mapping[str, bytes]

    def encrypt(self, plaintext: bytes, aad: bytes = b"") -> bytes:
        kid = self.current.encode()
        nonce = os.urandom(12)
        ct = AESGCM(self.keys[self.current]).encrypt(nonce, plaintext, aad)
        return _VERSION + bytes([len(kid)]) + kid + nonce + ct

    def decrypt(self, blob: bytes, aad: bytes = b"") -> bytes:
        if not blob or blob[:1] != _VERSION:
            raise DecryptError("unknown ciphertext format")
        n = blob[1]
        kid = blob[2 : 2 + n].decode(errors="replace")
        key = self.keys.get(kid)
        if key is None:
            raise DecryptError(f"key id {kid!r} is not in the key ring")
        nonce = blob[2 + n : 14 + n]
        try:
            return AESGCM(key).decrypt(nonce, blob[14 + n :], aad)
        except InvalidTag:
            raise DecryptError("ciphertext failed authentication") from None

    def derive(self, purpose: str) -> bytes:
        """A stable sub-key for keyed hashes (query codes, API keys, form tokens).

        Rooted in the ring's LAST (oldest) key: rotation puts a new key first and keeps the
        old ones, so stored hashes stay valid while new data is encrypted with the new key.
        """
        root = list(self.keys.values())[-1]
        return hmac.new(root, purpose.encode(), hashlib.sha256).digest()


def generate_key_line() -> str:
    """A new ``kid:base64key`` line for a key ring."""
    kid = "k" + secrets.token_hex(4)
    return f"{kid}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()}"


def parse_keyring(text: str) -> KeyRing:
    keys: dict[str, bytes] = {}
    for item in text.replace(",", "\n").splitlines():
        item = item.strip()
        if not item or item.startswith("#"):
            continue
        kid, _, b64 = item.partition(":")
        try:
            key = base64.b64decode(b64, validate=True)
        except ValueError:
            raise ValueError(f"key {kid!r} is not valid base64") from None
        if len(key) != 32:
            raise ValueError(f"key {kid!r} must be 32 bytes (AES-256), got {len(key)}")
        keys[kid] = key
    if not keys:
        raise ValueError("the key ring is empty")
    # The key that encrypts is the first line; the others only decrypt (rotation).
    return KeyRing(current=next(iter(keys)), keys=keys)


def load_keyring(inline: str, path: Path, *, create: bool) -> KeyRing:
    """Inline keys win; else the key file, created (0600) on first start when allowed."""
    if inline:
        return parse_keyring(inline)
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"key file {path} does not exist")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(generate_key_line() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        log.warning("created a new encryption key file at %s (mode 0600): back it up", path)
    return parse_keyring(path.read_text())
