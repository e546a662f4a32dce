"""Test helpers that make valid resident ID numbers (the checksum is computed, never typed)."""

from __future__ import annotations

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def make_id(region: str, birth: str, seq: int) -> str:
    """An 18-digit ID with a correct ISO 7064 check character; odd ``seq`` means male."""
    body = f"{region}{birth}{seq:03d}"
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]
