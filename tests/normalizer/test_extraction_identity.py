"""Resident ID numbers in running text and in single form fields."""

from __future__ import annotations

import datetime

import pytest

from normalizer.extraction import ProblemCode, Sex, check_id_number, extract

from .generators import bad_checksum, fullwidth, make_id, make_legacy

ID_A = make_id("110105", "19491231", "002")  # ends in X
ID_B = make_id("440305", "19920615", "451")
ID_NEWER_REGION = make_id("310115", "19900101", "002")  # 浦东新区 code is from 1993
ID_UNKNOWN_REGION = make_id("119999", "19800101", "123")
ID_OLD_COUNTY = make_id("110103", "19700101", "015")  # 崇文区, abolished 2010
LEGACY = make_legacy("110105", "491231", "002")

# (id, text, value, valid, problem codes, sex, county)
ROWS = [
    ("letter-plain", f"身份证号码：{ID_B}。", ID_B, True, [], Sex.MALE, "南山区"),
    ("x-upper", f"身份证{ID_A}", ID_A, True, [], Sex.FEMALE, "朝阳区"),
    ("x-lowercase", f"身份证{ID_A.lower()}", ID_A, True, [], Sex.FEMALE, "朝阳区"),
    ("fullwidth-digits", f"身份证：{fullwidth(ID_B)}", ID_B, True, [], Sex.MALE, "南山区"),
    ("fullwidth-x", f"证件号 {fullwidth(ID_A)}", ID_A, True, [], Sex.FEMALE, "朝阳区"),
    (
        "spaces-groups",
        f"身份证 {ID_B[:6]} {ID_B[6:14]} {ID_B[14:]}",
        ID_B,
        True,
        [],
        Sex.MALE,
        "南山区",
    ),
    (
        "line-break-inside",
        f"身份证号{ID_B[:10]}\n{ID_B[10:]}，",
        ID_B,
        True,
        [],
        Sex.MALE,
        "南山区",
    ),
    ("transcript-digit-spaces", "身份证 " + " ".join(ID_B), ID_B, True, [], Sex.MALE, "南山区"),
    (
        "region-newer-than-birth",
        f"身份证{ID_NEWER_REGION}",
        ID_NEWER_REGION,
        True,
        [],
        Sex.FEMALE,
        "浦东新区",
    ),
    ("abolished-county", f"身份证{ID_OLD_COUNTY}", ID_OLD_COUNTY, True, [], Sex.MALE, "崇文区"),
    (
        "unknown-region-warning",
        f"身份证{ID_UNKNOWN_REGION}",
        ID_UNKNOWN_REGION,
        True,
        [ProblemCode.IDENTITY_REGION_UNKNOWN],
        Sex.MALE,
        None,
    ),
    (
        "bad-checksum-kept",
        f"身份证号：{bad_checksum(ID_B)}",
        bad_checksum(ID_B),
        False,
        [ProblemCode.IDENTITY_INVALID],
        Sex.MALE,
        "南山区",
    ),
    (
        "legacy-15",
        f"身份证号：{LEGACY}",
        LEGACY,
        True,
        [ProblemCode.IDENTITY_LEGACY_15],
        Sex.FEMALE,
        "朝阳区",
    ),
    (
        "ocr-letter-o-for-zero",
        f"身份证 {ID_B.replace('0', 'O')}",
        ID_B,
        True,
        [],
        Sex.MALE,
        "南山区",
    ),
    (
        "clerk-note-with-phone",
        f"来访人李四，身份证{ID_B} 电话13812345678",
        ID_B,
        True,
        [],
        Sex.MALE,
        "南山区",
    ),
]


@pytest.mark.parametrize(
    ("text", "value", "valid", "codes", "sex", "county"),
    [r[1:] for r in ROWS],
    ids=[r[0] for r in ROWS],
)
def test_id_number_in_text(
    text: str, value: str, valid: bool, codes: list[ProblemCode], sex: Sex, county: str | None
) -> None:
    result = extract(text)
    assert [i.value for i in result.id_numbers] == [value]
    found = result.id_numbers[0]
    assert found.valid is valid
    assert [p.code for p in found.problems] == codes
    assert found.sex is sex
    assert found.county == county
    assert {p.code for p in found.problems} <= {p.code for p in result.problems}


def test_id_span_points_into_original_text() -> None:
    text = f"身份证 {ID_B[:6]} {ID_B[6:14]}\n{ID_B[14:]} 谢谢"
    found = extract(text).id_numbers[0]
    assert text[found.span.start : found.span.end].replace(" ", "").replace("\n", "") == ID_B


def test_birth_date_and_province_are_derived() -> None:
    found = extract(f"身份证{ID_B}").id_numbers[0]
    assert found.birth_date == datetime.date(1992, 6, 15)
    assert found.province == "广东省"


def test_legacy_is_upgraded_to_18_digits() -> None:
    found = check_id_number(LEGACY)
    assert found.upgraded == ID_A
    assert found.birth_date == datetime.date(1949, 12, 31)


FIELD_ROWS = [
    ("valid", ID_B, True, []),
    ("lowercase-x", ID_A.lower(), True, []),
    ("spaces", f" {ID_B[:6]} {ID_B[6:]} ", True, []),
    ("fullwidth", fullwidth(ID_B), True, []),
    ("bad-checksum", bad_checksum(ID_A), False, [ProblemCode.IDENTITY_INVALID]),
    (
        "bad-date",
        make_id("110105", "19801332", "123"),
        False,
        [ProblemCode.IDENTITY_INVALID],
    ),
    ("too-short", "11010519800101", False, [ProblemCode.IDENTITY_INVALID]),
    ("letters", "abcdefghijklmnopqr", False, [ProblemCode.IDENTITY_INVALID]),
    ("empty", "", False, [ProblemCode.IDENTITY_INVALID]),
    ("legacy", LEGACY, True, [ProblemCode.IDENTITY_LEGACY_15]),
]


@pytest.mark.parametrize(
    ("value", "valid", "codes"), [r[1:] for r in FIELD_ROWS], ids=[r[0] for r in FIELD_ROWS]
)
def test_check_id_number_field(value: str, valid: bool, codes: list[ProblemCode]) -> None:
    found = check_id_number(value)
    assert found.valid is valid
    assert [p.code for p in found.problems] == codes
    assert all(p.message_zh and "身份证" in p.message_zh for p in found.problems)


def test_future_birth_date_is_invalid() -> None:
    future = make_id("110105", f"{datetime.date.today().year + 1}0101", "123")
    found = check_id_number(future)
    assert found.valid is False
    assert found.birth_date is None


@pytest.mark.parametrize(
    "value",
    [
        "1101051980010112²",
        "aöW\U0008be64굯\x9d19\x8d\x8f¼ì2\x15ð³\x06",
        "١١٠١٠٥١٩٨٠٠١٠١١٢٣٨",
        "²" * 15,
    ],
    ids=["superscript-digit", "fuzzed-unicode", "arabic-indic-digits", "fifteen-superscripts"],
)
def test_a_form_field_of_non_ascii_digits_is_invalid_not_a_crash(value: str) -> None:
    found = check_id_number(value)
    assert found.valid is False
    assert [p.code for p in found.problems] == ["identity_invalid"]
