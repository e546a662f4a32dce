"""Phone numbers as letters, forms, transcripts and clerks write them."""

from __future__ import annotations

import pytest

from normalizer.extraction import PhoneKind, extract, parse_phone

from .generators import fullwidth, make_id, spoken

ID = make_id("440305", "19920615", "451")

# (id, text, [(e164, extension)])
ROWS = [
    ("mobile-plain", "联系电话13812345678。", [("+8613812345678", None)]),
    ("mobile-spaced-3-4-4", "电话：138 1234 5678", [("+8613812345678", None)]),
    ("mobile-hyphens", "手机138-1234-5678", [("+8613812345678", None)]),
    ("mobile-plus86", "电话+86 138 1234 5678", [("+8613812345678", None)]),
    ("mobile-plus86-tight", "电话+8613812345678", [("+8613812345678", None)]),
    ("mobile-0086", "电话 0086 13812345678", [("+8613812345678", None)]),
    ("mobile-fullwidth", f"电话{fullwidth('13812345678')}", [("+8613812345678", None)]),
    ("mobile-line-break", "电话1381234\n5678，", [("+8613812345678", None)]),
    ("mobile-spoken", f"我的电话是{spoken('13812345678')}", [("+8613812345678", None)]),
    (
        "mobile-spoken-yao-liang",
        "电话 幺 三 八 幺 两 三 四 五 六 七 八 谢谢",
        [("+8613812345678", None)],
    ),
    ("mobile-digits-spaced", "电 话 1 3 9 0 0 0 0 1 1 1 1", [("+8613900001111", None)]),
    ("mobile-ocr-l-for-1", "电话138l2345678", [("+8613812345678", None)]),
    ("landline-beijing", "单位电话010-65123456", [("+861065123456", None)]),
    ("landline-paren-shenzhen", "电话(0755)8888 8888", [("+8675588888888", None)]),
    ("landline-fullwidth-paren", "电话（0755）88888888", [("+8675588888888", None)]),
    ("landline-extension-zhuan", "电话010-65123456转801", [("+861065123456", "801")]),
    ("landline-extension-hyphen", "电话 010-65123456-801。", [("+861065123456", "801")]),
    ("landline-extension-spoken", "电话010-65123456转八零一", [("+861065123456", "801")]),
    ("landline-plus86-no-zero", "电话 +86 10 6512 3456", [("+861065123456", None)]),
    (
        "two-numbers",
        "手机13812345678，座机0755-88888888",
        [("+8613812345678", None), ("+8675588888888", None)],
    ),
    ("inside-id-is-not-phone", f"身份证号{ID}", []),
    ("id-then-phone-spaced", f"身份证{ID} 13900001111", [("+8613900001111", None)]),
    ("too-short", "房间号1381234", []),
    ("hotline-12388", "我拨打了12388举报电话", []),
    ("invalid-prefix", "电话12012345678", []),
    ("date-not-phone", "2023-05-01 上午", []),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_phones_in_text(text: str, expected: list[tuple[str, str | None]]) -> None:
    phones = extract(text).phones
    assert [(p.e164, p.extension) for p in phones] == expected


def test_mobile_region_and_carrier_are_chinese() -> None:
    phone = extract("电话13812345678").phones[0]
    assert phone.kind is PhoneKind.MOBILE
    assert phone.carrier_zh == "中国移动"
    assert phone.region_zh is not None
    assert phone.region_zh.endswith("市")


def test_landline_region_and_no_carrier() -> None:
    phone = extract("电话010-65123456").phones[0]
    assert phone.kind is PhoneKind.FIXED_LINE
    assert (phone.region_zh, phone.carrier_zh) == ("北京市", None)


def test_phone_span_covers_line_break_in_original() -> None:
    text = "电话1381234\n5678，"
    phone = extract(text).phones[0]
    assert text[phone.span.start : phone.span.end] == "1381234\n5678"


FIELD_ROWS = [
    ("mobile", "13812345678", "+8613812345678", None),
    ("mobile-spaced", "138 1234 5678", "+8613812345678", None),
    ("landline-ext", "010-65123456转801", "+861065123456", "801"),
    ("fullwidth-landline", fullwidth("010-65123456"), "+861065123456", None),
    ("plus86", "+86 13812345678", "+8613812345678", None),
]


@pytest.mark.parametrize(
    ("value", "e164", "extension"), [r[1:] for r in FIELD_ROWS], ids=[r[0] for r in FIELD_ROWS]
)
def test_parse_phone_field(value: str, e164: str, extension: str | None) -> None:
    found = parse_phone(value)
    assert found is not None
    assert (found.e164, found.extension) == (e164, extension)


@pytest.mark.parametrize("value", ["12345", "", "abc", "1381234567", "99912345678"])
def test_parse_phone_rejects(value: str) -> None:
    assert parse_phone(value) is None
