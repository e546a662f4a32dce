"""Clean-up of OCR/ASR text and the map from cleaned offsets to original offsets."""

from __future__ import annotations

import pytest

from normalizer.extraction import extract
from normalizer.extraction.cleanup import clean

# (id, original, cleaned)
ROWS = [
    ("join-spaced-cjk", "我 叫 张 三 ，", "我叫张三，"),
    ("join-ideographic-space", "举报\u3000某某局", "举报某某局"),
    ("keep-space-cjk-digit", "电话 138", "电话 138"),
    ("fullwidth-digits", "电话１３８１２３４５６７８", "电话13812345678"),
    ("spoken-digits", "电话一三八一二三四五六七八", "电话13812345678"),
    ("short-chinese-number-kept", "二〇二三年五十万元", "二〇二三年五十万元"),
    ("ocr-o-in-digit-run", "电话 O1O-65123456", "电话 010-65123456"),
    ("ocr-l-in-digit-run", "138l2345678", "13812345678"),
    ("english-word-untouched", "Hello 2023", "Hello 2023"),
    ("keep-line-breaks", "此致\n敬礼", "此致\n敬礼"),
]


@pytest.mark.parametrize(("original", "cleaned"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_clean_text(original: str, cleaned: str) -> None:
    assert clean(original).text == cleaned


def test_offsets_map_back_through_deletions() -> None:
    text = "我 叫 欧 阳 娜 娜 ， 电 话 138 1234 5678"
    result = extract(text)
    name = result.names[0]
    assert text[name.span.start : name.span.end] == "欧 阳 娜 娜"
    phone = result.phones[0]
    assert text[phone.span.start : phone.span.end] == "138 1234 5678"


def test_original_text_is_kept_untouched() -> None:
    text = "我 叫 张 三，电话１３８１２３４５６７８"
    result = extract(text)
    assert result.original_text == text
    assert result.clean_text == "我叫张三，电话13812345678"


def test_full_letter_round_trip() -> None:
    text = (
        "尊敬的领导：\n    我实名举报某某县交通运输局局长李明和副局长王刚。2022年3月，"
        "李明在某某县某某镇道路工程中收受承包商好处费三十余万元，王刚收受礼金12,000元。\n"
        "    我叫张 三，电话 138 1234 5678。\n此致\n敬礼\n        张三\n    2023年5月1日"
    )
    result = extract(text)
    assert [a.name for a in result.accused] == ["李明", "王刚"]
    assert [str(a.value) for a in result.amounts] == ["300000", "12000"]
    assert [n.name for n in result.names] == ["张三"]
    assert result.real_name == "SIGNED_UNVERIFIED"
    assert result.problems == []
    for a in result.amounts:
        assert text[a.span.start : a.span.end] == a.raw
