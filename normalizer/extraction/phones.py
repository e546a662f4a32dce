"""Chinese phone numbers: validation, E.164, and region/carrier names in Chinese.

Candidates arrive already compacted by the digit-run scanner; this module only
decides whether a digit string is a real number. The cheap shape test comes
first so that ``phonenumbers`` (parse plus geocoder) runs only on likely numbers.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType, carrier, geocoder

from .types import PhoneFound, PhoneKind, Span

__all__ = ["parse_phone", "phone_from_digits", "phone_shape"]

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0[1-9]\d{8,10}")
_EXT = re.compile(r"(?:转|分机|ext\.?|x|-)\s*(\d{1,6})\s*$", re.IGNORECASE)
_STRIP = re.compile(r"[\s\-()（）\u3000]+")
_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF0B: "+", 0xFF0D: "-"}
_KINDS = {
    PhoneNumberType.MOBILE: PhoneKind.MOBILE,
    PhoneNumberType.FIXED_LINE: PhoneKind.FIXED_LINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: PhoneKind.FIXED_LINE,
}


def _national(digits: str) -> str | None:
    """Drop a +86/0086/86 prefix; return the national form, or None if not phone-shaped."""
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            if _MOBILE.fullmatch(rest):
                return rest
            if rest[:1] in "123456789" and _LANDLINE.fullmatch("0" + rest):
                return "0" + rest
            if rest[:1] == "0" and _LANDLINE.fullmatch(rest):
                return rest
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits
    return None


def phone_shape(digits: str) -> bool:
    """Cheap pre-test used by the scanner before any ``phonenumbers`` call."""
    return _national(digits) is not None


def phone_from_digits(
    digits: str, span: Span, *, extension: str | None = None, confidence: float = 0.95
) -> PhoneFound | None:
    national = _national(digits)
    if national is None:
        return None
    try:
        number = phonenumbers.parse(national, "CN")
    except phonenumbers.NumberParseException:
        return None
    # number_type() is the expensive part of is_valid_number(); call it once.
    number_type = phonenumbers.number_type(number)
    if number_type == PhoneNumberType.UNKNOWN:
        return None
    kind = _KINDS.get(number_type, PhoneKind.OTHER)
    region = geocoder.description_for_number(number, "zh") or None
    operator = carrier.name_for_number(number, "zh") or None if kind is PhoneKind.MOBILE else None
    return PhoneFound(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        kind=kind,
        extension=extension,
        region_zh=region,
        carrier_zh=operator,
        span=span,
        confidence=confidence,
    )


def parse_phone(value: str) -> PhoneFound | None:
    """Check one phone field (web form); None when it is not a valid Chinese number."""
    text = value.translate(_FULLWIDTH).strip()
    extension = None
    m = _EXT.search(text)
    if m and _national(_STRIP.sub("", text[: m.start()])) is not None:
        extension = m.group(1)
        text = text[: m.start()]
    return phone_from_digits(
        _STRIP.sub("", text), Span(start=0, end=len(value)), extension=extension
    )
