"""Scanning digit runs for ID numbers and phone numbers together.

OCR and transcripts split numbers with spaces, hyphens and line breaks, and put
a phone number right next to an ID number. A run of digits and separators is
cut into chunks at the separators; chunks are joined greedily, longest first, and
the join is classified. A chunk is never cut, so the 11 digits inside an 18-digit
ID number can never become a phone number.
"""

from __future__ import annotations

import re

from .cleanup import Cleaned
from .identity import id_from_compact, plausible_id_shape
from .phones import phone_from_digits, phone_shape
from .scanning import finditer_from
from .types import IdNumberFound, PhoneFound, PhoneKind

__all__ = ["scan_numbers", "scan_numbers_at"]

_SEP = r"(?:[ \t\-\u2010-\u2015()\u3000]{1,3}|[ \t]*\r?\n[ \t]*)"
_RUN = re.compile(rf"(?:\+\s?)?\(?\d(?:{_SEP}?\d)*(?:{_SEP}?[Xx](?![A-Za-z]))?")
_RUN_START = re.compile(r"[+(\d]")
_CHUNK = re.compile(r"\+?\d+|[Xx]")
_EXT = re.compile(r"[ \t]*(?:转|分机|ext\.?|EXT\.?)[ \t]*([0-9零〇一二三四五六七八九幺两]{1,6})")
_EXT_DIGITS = str.maketrans("零〇一二三四五六七八九幺两", "0012345678912")
_ID_CUE = re.compile(r"身份证|证件号|身份号码|公民身份")
_MAX_CHUNKS = 20
_USEFUL_LENGTHS = frozenset({10, 11, 12, 13, 14, 15, 16, 18})


def _has_id_cue(text: str, start: int) -> bool:
    return _ID_CUE.search(text, max(0, start - 16), start) is not None


def _classify(
    cleaned: Cleaned, compact: str, start: int, end: int, n_chunks: int, newline: bool
) -> IdNumberFound | PhoneFound | None:
    span = cleaned.span(start, end)
    plain = compact.lstrip("+")
    if len(plain) == 18 and plausible_id_shape(plain.upper()):
        return id_from_compact(plain.upper(), span, cue=_has_id_cue(cleaned.text, start))
    if phone_shape(compact):
        confidence = 0.95 if n_chunks <= 3 else 0.85
        if newline:
            confidence -= 0.1
        return phone_from_digits(compact, span, confidence=confidence)
    if len(plain) == 15 and plausible_id_shape(plain):
        found = id_from_compact(plain, span)
        if found.county is not None or _has_id_cue(cleaned.text, start):
            return found
    return None


def scan_numbers(cleaned: Cleaned) -> tuple[list[IdNumberFound], list[PhoneFound]]:
    """Find every ID number and phone number in the cleaned text, in text order."""
    ids, _, phones, _ = scan_numbers_at(cleaned)
    return ids, phones


def scan_numbers_at(
    cleaned: Cleaned,
) -> tuple[list[IdNumberFound], list[int], list[PhoneFound], list[int]]:
    """``scan_numbers`` with where each number starts in the cleaned text."""
    text = cleaned.text
    ids: list[IdNumberFound] = []
    phones: list[PhoneFound] = []
    id_starts: list[int] = []
    phone_starts: list[int] = []
    for run in finditer_from(_RUN, _RUN_START, text):
        if run.end() - run.start() < 10:
            continue
        chunks = [
            (m.start() + run.start(), m.end() + run.start(), m.group())
            for m in _CHUNK.finditer(run.group())
        ]
        i = 0
        n = len(chunks)
        while i < n:
            hit: IdNumberFound | PhoneFound | None = None
            j = min(n - 1, i + _MAX_CHUNKS)
            while j >= i:
                compact = "".join(c[2] for c in chunks[i : j + 1])
                if len(compact.lstrip("+")) in _USEFUL_LENGTHS:
                    start, end = chunks[i][0], chunks[j][1]
                    newline = "\n" in text[start:end]
                    hit = _classify(cleaned, compact, start, end, j - i + 1, newline)
                    if hit is not None:
                        break
                j -= 1
            if hit is None:
                i += 1
                continue
            if isinstance(hit, IdNumberFound):
                ids.append(hit)
                id_starts.append(chunks[i][0])
                i = j + 1
                continue
            end = chunks[j][1]
            extension: str | None = None
            ext = _EXT.match(text, end)
            if ext:
                extension = ext.group(1).translate(_EXT_DIGITS)
                end = ext.end()
            elif (
                hit.kind is PhoneKind.FIXED_LINE
                and j + 1 < n
                and len(chunks[j + 1][2]) <= 5
                and text[chunks[j][1] : chunks[j + 1][0]] == "-"
            ):
                j += 1
                extension = chunks[j][2]
                end = chunks[j][1]
            if extension is not None:
                hit = (
                    phone_from_digits(
                        compact_of(chunks[i : j + 1], extension),
                        cleaned.span(chunks[i][0], end),
                        extension=extension,
                        confidence=hit.confidence,
                    )
                    or hit
                )
            phones.append(hit)
            phone_starts.append(chunks[i][0])
            i = j + 1
    return ids, id_starts, phones, phone_starts


def compact_of(chunks: list[tuple[int, int, str]], extension: str) -> str:
    """The phone digits of a chunk list, without a trailing extension chunk."""
    joined = "".join(c[2] for c in chunks)
    if chunks and chunks[-1][2] == extension and not phone_shape(joined):
        joined = joined[: -len(extension)]
    return joined
