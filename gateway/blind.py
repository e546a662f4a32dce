"""The blind index: facts of a record (complainant ID and phone, names, accused, units) kept
only as keyed hashes, so repeats are found and staff search without decrypting any record.

The key is derived from the keyring (``match``); without it a digest says nothing, and the
same fact always gives the same digest, which is what an exact-match search needs.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from normalizer.record import ComplaintRecord
from normalizer.repeats import match_facts, search_facts

__all__ = ["digest", "record_keys", "repeat_keys"]


def digest(secret: bytes, kind: str, value: str) -> bytes:
    return hmac.new(secret, f"{kind}:{value}".encode(), "sha256").digest()


def _keys(secret: bytes, facts: Iterable[tuple[str, str]]) -> list[tuple[str, bytes]]:
    return [(kind, digest(secret, kind, value)) for kind, value in facts]


def repeat_keys(secret: bytes, record: ComplaintRecord) -> list[tuple[str, bytes]]:
    """The keys a possible repeat is found by (normalizer.repeats)."""
    return _keys(secret, match_facts(record))


def record_keys(secret: bytes, record: ComplaintRecord) -> list[tuple[str, bytes]]:
    """Every key stored for ``record``: repeats and staff search."""
    return _keys(secret, [*match_facts(record), *search_facts(record)])
