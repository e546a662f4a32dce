"""Scanning with a cheap first-character pattern before the full one.

Python's ``re`` tries a pattern at every position of the text unless the pattern
starts with a literal or a character set; patterns that open with an optional
group or a lookbehind pay for a full match attempt at each of the ~800
positions of a letter. ``finditer_from`` gets the same matches as
``pattern.finditer`` but attempts the full pattern only where a one-character
``starts`` pattern (which the engine scans for in C) says a match can begin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["finditer_from"]


def finditer_from(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a ``pattern`` that never matches the empty string.

    ``starts`` must match at every position where ``pattern`` can match, which is
    true when it is the class of the characters that a match can begin with.
    """
    pos = 0
    search = starts.search
    match = pattern.match
    while (c := search(text, pos)) is not None:
        s = c.start()
        m = match(text, s)
        if m is None:
            pos = s + 1
        else:
            yield m
            pos = m.end()
