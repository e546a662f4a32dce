"""Test-data generators: valid ID numbers and phones computed, never hand-typed."""

from __future__ import annotations

import datetime

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """GB 11643 check digit, written out here independently of stdnum."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def make_id(region: str = "110105", birth: str = "19800101", seq: str = "123") -> str:
    """A valid 18-digit ID number; odd ``seq`` last digit = male."""
    first17 = region + birth + seq
    return first17 + check_digit(first17)


def bad_checksum(number: str) -> str:
    wrong = "0" if number[-1] != "0" else "1"
    return number[:-1] + wrong


def make_legacy(region: str = "110105", birth: str = "800101", seq: str = "123") -> str:
    return region + birth + seq


def birth_of(number: str) -> datetime.date:
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def spaced(digits: str, sep: str = " ") -> str:
    return sep.join(digits)


CN_DIGITS = "零一二三四五六七八九"


def spoken(digits: str, sep: str = "") -> str:
    """Digits as a transcript writes them (幺 for 1 is added by the callers)."""
    return sep.join(CN_DIGITS[int(d)] for d in digits)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
