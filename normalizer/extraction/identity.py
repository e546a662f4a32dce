"""Resident ID numbers (居民身份证号码): checksum, birth date, sex and region.

``stdnum.cn.ric.validate`` is used for the checksum and the region table, but
not as the verdict: it rejects genuine numbers whose region code is newer than
the holder's birth (people born before their county got its present code), so a
number here is valid when its checksum and birth date are, and an unknown region
is only a warning.
"""

from __future__ import annotations

import datetime
import functools
import re

from stdnum import numdb
from stdnum.cn import ric

from .types import IdNumberFound, Problem, ProblemCode, Severity, Sex, Span

__all__ = ["check_id_number", "id_from_compact", "plausible_id_shape"]

_EARLIEST_BIRTH = datetime.date(1890, 1, 1)
_SEPARATORS = re.compile(r"[\s\-\u3000]+")
_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF38: "X", 0xFF58: "X", ord("x"): "X"}

_MSG_FORMAT = (
    "身份证号码应为18位（或旧式15位）数字，最后一位可以是X，请核对后重新填写。",
    "An ID number has 18 digits (or 15 in the old form); the last may be X.",
)
_MSG_CHECKSUM = (
    "身份证号码校验位不正确，可能有数字写错，请核对后重新填写。",
    "The ID number's check digit is wrong; a digit is probably mistyped.",
)
_MSG_DATE = (
    "身份证号码中的出生日期无效，请核对后重新填写。",
    "The birth date inside the ID number is not a valid date.",
)
_MSG_LEGACY = (
    "这是旧式15位身份证号码，已换算为18位号码，请核对。",
    "Old 15-digit ID number; converted to the 18-digit form for review.",
)
_MSG_REGION = (
    "身份证号码前6位的地区代码未能识别，号码仍予接受，请人工核对。",
    "Unknown region code in the ID number; accepted, please review.",
)


def _problem(code: ProblemCode, severity: Severity, msg: tuple[str, str], span: Span) -> Problem:
    return Problem(code=code, severity=severity, message_zh=msg[0], message_en=msg[1], span=span)


def _birth_date(yyyymmdd: str) -> datetime.date | None:
    try:
        d = datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None
    if not _EARLIEST_BIRTH <= d <= datetime.date.today():
        return None
    return d


def plausible_id_shape(compact: str) -> bool:
    """Whether a digit string looks enough like an ID number to report it at all."""
    if len(compact) == 18:
        return compact[:17].isdigit() and _birth_date(compact[6:14]) is not None
    if len(compact) == 15 and compact.isdigit():
        return _birth_date("19" + compact[6:12]) is not None and "11" <= compact[:2] <= "82"
    return False


def _county_at(county_field: str, year: int) -> str:
    """Pick the county name valid at ``year``; else the current one (codes get reused)."""
    names: list[tuple[int, int, str]] = []
    for item in county_field.split(","):
        if item.startswith("[") and "]" in item:
            period, name = item[1:].split("]", 1)
            start, _, end = period.partition("-")
            lo = int(start) if start.isdigit() else 0
            hi = int(end) if end.isdigit() else 9999
            names.append((lo, hi, name))
        else:
            names.append((0, 9999, item))
    for lo, hi, name in names:
        if lo <= year <= hi:
            return name
    return max(names, key=lambda n: n[1])[2]


@functools.lru_cache(maxsize=4096)
def _region(code: str, year: int) -> tuple[str | None, str | None]:
    """Province and county of a region code; cached, as the numdb lookup walks a tree."""
    info: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(code):
        info.update(props)
    county = info.get("county")
    return info.get("province"), _county_at(county, year) if county else None


def id_from_compact(compact: str, span: Span, *, cue: bool = False) -> IdNumberFound:
    """Build the result for a compact 15/18-character candidate (X already upper-case)."""
    problems: list[Problem] = []
    # ASCII only: str.isdigit() also accepts digits such as "²" that int() refuses.
    digits = compact.isascii()
    legacy = len(compact) == 15 and digits and compact.isdigit()
    valid = True
    upgraded: str | None = None
    if legacy:
        full17 = compact[:6] + "19" + compact[6:]
        upgraded = full17 + ric.calc_check_digit(full17 + "0")
        problems.append(
            _problem(ProblemCode.IDENTITY_LEGACY_15, Severity.WARNING, _MSG_LEGACY, span)
        )
        birth = _birth_date(full17[6:14])
        sex_digit = compact[14]
    elif len(compact) == 18 and digits and compact[:17].isdigit() and compact[17] in "0123456789X":
        birth = _birth_date(compact[6:14])
        sex_digit = compact[16]
        if ric.calc_check_digit(compact) != compact[17]:
            valid = False
            problems.append(
                _problem(ProblemCode.IDENTITY_INVALID, Severity.ERROR, _MSG_CHECKSUM, span)
            )
    else:
        return IdNumberFound(
            value=compact,
            span=span,
            confidence=0.3,
            valid=False,
            legacy_15=False,
            upgraded=None,
            birth_date=None,
            sex=None,
            region_code=compact[:6],
            province=None,
            county=None,
            problems=[_problem(ProblemCode.IDENTITY_INVALID, Severity.ERROR, _MSG_FORMAT, span)],
        )
    if birth is None:
        valid = False
        problems.append(_problem(ProblemCode.IDENTITY_INVALID, Severity.ERROR, _MSG_DATE, span))
    province, county = _region(compact[:6], birth.year if birth else 2000)
    if county is None:
        problems.append(
            _problem(ProblemCode.IDENTITY_REGION_UNKNOWN, Severity.WARNING, _MSG_REGION, span)
        )
    confidence = 0.98 if valid and county else 0.85 if valid else 0.6 if cue else 0.45
    if legacy:
        confidence = min(confidence, 0.8)
    return IdNumberFound(
        value=compact,
        span=span,
        confidence=confidence,
        valid=valid,
        legacy_15=legacy,
        upgraded=upgraded,
        birth_date=birth,
        sex=(Sex.MALE if int(sex_digit) % 2 else Sex.FEMALE) if sex_digit.isdigit() else None,
        region_code=compact[:6],
        province=province,
        county=county,
        problems=problems,
    )


def check_id_number(value: str) -> IdNumberFound:
    """Check one ID-number field (web form): never raises, problems carry message_zh."""
    compact = _SEPARATORS.sub("", value.translate(_FULLWIDTH))
    return id_from_compact(compact, Span(start=0, end=len(value)), cue=True)
