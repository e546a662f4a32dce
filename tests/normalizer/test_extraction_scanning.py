"""The speed-ups (prefilters, anchors, fast paths) give exactly the plain results."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from normalizer.extraction import amounts, cleanup, digits, names
from normalizer.extraction.cleanup import Cleaned, clean
from normalizer.extraction.scanning import finditer_from

_ALPHABET = (
    "0123456789零〇一二三四五六七八九十百千万亿两幺元块圆余多来几左右上下以,.+()Xx \t\r\n\u3000"
    "我叫本人名是实举报反映检控告被来访电联系姓署单位钱人民币收受好处费某局长和与OoIl０１（）：，。"
)
_WORDS = st.sampled_from(
    [
        "块钱",
        "人民币",
        "实名举报人：",
        "被举报人",
        "我的名字叫",
        "姓 名：",
        "１３８",
        "十几万",
        "12,000",
    ]
)
TEXTS = st.lists(st.sampled_from(_ALPHABET) | _WORDS, max_size=80).map("".join)


def _plain(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def _spans(ms: object) -> list[tuple[int, int, str]]:
    assert isinstance(ms, list)
    return [(m.start(), m.end(), m.group()) for m in ms]


@given(TEXTS)
@settings(max_examples=400)
def test_prefiltered_scans_equal_finditer(text: str) -> None:
    for pattern, starts in (
        (digits._RUN, digits._RUN_START),
        (names._CUE, names._CUE_START),
        (cleanup._JOIN, cleanup._JOIN_START),
    ):
        assert _spans(list(finditer_from(pattern, starts, text))) == _plain(pattern, text)


@given(TEXTS)
@settings(max_examples=400)
def test_anchored_amount_scan_equals_finditer(text: str) -> None:
    assert _spans(amounts._matches(text)) == _plain(amounts._AMOUNT, text)


@given(st.text(max_size=60) | TEXTS)
def test_fullwidth_runs_equal_translate(text: str) -> None:
    assert clean(text).original == text
    expected = text.translate(cleanup._FULLWIDTH)
    assert cleanup._FULLWIDTH_ANCHOR.sub(cleanup._fullwidth, text) == expected


@given(TEXTS, st.data())
def test_span_map_equals_step_function(text: str, data: st.DataObject) -> None:
    cleaned = clean(text)
    n = len(cleaned.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(0, n))
    span = cleaned.span(start, end)
    if end <= start:
        assert (span.start, span.end) == (cleaned.orig(start), cleaned.orig(start))
    else:
        assert (span.start, span.end) == (cleaned.orig(start), cleaned.orig(end - 1) + 1)
    assert isinstance(cleaned, Cleaned)


def test_amount_number_cache_returns_same_values() -> None:
    assert amounts._number("三十") == amounts._number("三十") == 30
    assert amounts._number("12, \n000") == 12000
