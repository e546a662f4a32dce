"""Region codes (GB/T 2260) for the place names a record carries, from python-stdnum's table.

Statistics count by code, not by the words a reporter used: "南京市玄武区", "玄武区" and
"江苏省南京市玄武区" are one county, 320102. A county name that several provinces share
("鼓楼区") takes its code only when the text names the province or prefecture too; otherwise
the code stops at the level the text makes certain, or is None.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

__all__ = ["Region", "region_code", "region_name"]

_ENTRY = re.compile(r'^(\s*)(\d+) (?:province|county)="([^"]*)"', re.MULTILINE)
_NAME = re.compile(r"^\[(\d*)-(\d*)\](.*)$")


@dataclass(frozen=True)
class Region:
    code: str  # 2, 4 or 6 digits: province, prefecture, county
    name: str  # the full official chain, 江苏省南京市玄武区


@functools.cache
def _table() -> tuple[Mapping[str, str], Mapping[str, tuple[str, ...]]]:
    """Current codes → names, and every current name → the codes it can mean."""
    data = resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    province = ""
    for m in _ENTRY.finditer(data):
        indent, code, value = m.groups()
        if not indent:
            province = code
            names[province] = value
            continue
        current = ""
        for part in value.split(","):
            dated = _NAME.match(part)
            if dated is None:
                current = part
            elif not dated.group(2):  # open-ended: still in force
                current = dated.group(3)
        if not current or current in {"市辖区", "县"}:
            continue
        full = province + code
        if full.endswith("0000"):
            continue
        names[full[:4] if full.endswith("00") else full] = current
    by_name: dict[str, list[str]] = {}
    for code, name in names.items():
        by_name.setdefault(name, []).append(code)
    return names, {n: tuple(sorted(c)) for n, c in by_name.items()}


def region_name(code: str) -> str:
    """The official chain of names of a code, 320102 → 江苏省南京市玄武区."""
    names, _ = _table()
    parts = [names.get(code[:n]) for n in (2, 4, 6) if len(code) >= n]
    return "".join(p for p in parts if p) or code


def region_code(text: str | None) -> Region | None:
    """The most specific region the text makes certain, or None."""
    if not text:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    _, by_name = _table()
    found: list[tuple[str, ...]] = []
    i = 0
    while i < len(text):  # longest official name at each position, left to right
        for j in range(min(len(text), i + 12), i + 1, -1):
            codes = by_name.get(text[i:j])
            if codes:
                found.append(codes)
                i = j
                break
        else:
            i += 1
    best: str | None = None
    for codes in found:
        fitting = [c for c in codes if best is None or c.startswith(best) or best.startswith(c)]
        if best is not None and not fitting:
            continue  # a name that cannot belong to what is already known: a unit's word
        if len(fitting) == 1:
            if best is None or len(fitting[0]) > len(best):
                best = fitting[0]
        elif best is None:
            common = _common_prefix(fitting)
            if len(common) >= 2:
                best = common
    if best is None:
        return None
    return Region(best, region_name(best))


def _common_prefix(codes: list[str]) -> str:
    prefix = codes[0]
    for c in codes[1:]:
        while not c.startswith(prefix):
            prefix = prefix[:-1]
    usable = (6, 4, 2)
    return next((prefix[:n] for n in usable if len(prefix) >= n), "")
