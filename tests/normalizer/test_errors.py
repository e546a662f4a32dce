"""Decoder messages said in Chinese: what message_zh carries when a document is malformed."""

from __future__ import annotations

import msgspec
import pytest

from normalizer.errors import validation_zh


class Meta(msgspec.Struct, forbid_unknown_fields=True):
    call_id: str
    duration_s: float | None = None


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (b"{}", "缺少必填字段 $.call_id"),
        (b'{"call_id": "x", "colour": 1}', "不认识的字段 $.colour"),
        (b'{"call_id": 7}', "字段 $.call_id 应为文本，收到的是整数"),
        (
            b'{"call_id": "x", "duration_s": "long"}',
            "字段 $.duration_s 应为数字或空值，收到的是文本",
        ),
        (b"[]", "字段 $ 应为对象，收到的是数组"),
    ],
    ids=["missing", "unknown", "wrong-type", "optional-number", "not-an-object"],
)
def test_a_validation_error_reads_in_chinese(document: bytes, expected: str) -> None:
    with pytest.raises(msgspec.ValidationError) as caught:
        msgspec.json.decode(document, type=Meta)
    assert validation_zh(str(caught.value)) == expected


def test_an_unknown_shape_names_only_the_path() -> None:
    assert validation_zh("Something odd - at `$.a[0]`") == "字段 $.a[0] 的值不符合要求"
    assert validation_zh("Something odd") == "内容格式不正确"
