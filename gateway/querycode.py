"""Query codes (查询码): long random codes shown once, stored only as a keyed hash.

16 symbols of Crockford base32 carry 80 bits; they are grouped by four for copying by hand,
and reading forgives case, dashes, spaces and the look-alikes O/0 and I/L/1. The HMAC key is
derived from the server key ring, so a stolen database alone does not let anyone test codes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["QueryCodes"]

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKE = str.maketrans({"O": "0", "I": "1", "L": "1"})
LENGTH = 16


class QueryCodes:
    def __init__(self, key: bytes) -> None:
        self._key = key

    @staticmethod
    def new() -> str:
        # One read of the system's randomness: 80 bits, 5 bits per Crockford symbol.
        n = int.from_bytes(secrets.token_bytes(10), "big")
        symbols = "".join(_ALPHABET[(n >> (5 * i)) & 31] for i in range(LENGTH))
        return "-".join(symbols[i : i + 4] for i in range(0, LENGTH, 4))

    @staticmethod
    def canonical(code: str) -> str | None:
        """The code as typed, reduced to its 16 symbols; None when it cannot be one."""
        text = "".join(ch for ch in code.upper() if ch not in " -\t").translate(_LOOKALIKE)
        if len(text) != LENGTH or any(ch not in _ALPHABET for ch in text):
            return None
        return text

    def digest(self, code: str) -> bytes | None:
        canonical = self.canonical(code)
        if canonical is None:
            return None
        return hmac.new(self._key, canonical.encode(), hashlib.sha256).digest()
