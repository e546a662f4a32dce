"""Property tests: generated IDs and phones are found exactly; no input makes extract raise."""

from __future__ import annotations

import datetime

import msgspec
import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalizer.extraction import Extraction, extract

from .generators import make_id

# Filler without digits, Chinese numerals, Latin letters or cue words.
_FILLER_CHARS = (
    "的了在有这上大中为来到时地们出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经"
)
FILLER = st.text(alphabet=_FILLER_CHARS + "，。 ", min_size=1, max_size=40).filter(
    lambda s: s.strip(" ") != ""
)
REGIONS = st.sampled_from(["110105", "440305", "310104", "510104", "330106", "420102"])
BIRTHS = st.dates(min_value=datetime.date(1995, 1, 1), max_value=datetime.date(2005, 12, 31))
SEQS = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")
IDS = st.builds(lambda r, b, s: make_id(r, b.strftime("%Y%m%d"), s), REGIONS, BIRTHS, SEQS)
MOBILES = st.builds(
    lambda p, n: f"{p}{n:08d}",
    st.sampled_from(["138", "139", "150", "186", "135", "177", "189", "133"]),
    st.integers(min_value=0, max_value=99_999_999),
).filter(lambda n: phonenumbers.is_valid_number(phonenumbers.parse(n, "CN")))


@given(IDS, MOBILES, FILLER, FILLER, FILLER)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_ids_and_phones_found_exactly(id_number: str, mobile: str, a: str, b: str, c: str) -> None:
    text = f"{a}{id_number}{b}{mobile}{c}"
    result = extract(text)
    assert [(i.value, i.valid) for i in result.id_numbers] == [(id_number, True)]
    assert [p.e164 for p in result.phones] == [f"+86{mobile}"]
    found_id, found_phone = result.id_numbers[0], result.phones[0]
    assert text[found_id.span.start : found_id.span.end] == id_number
    assert text[found_phone.span.start : found_phone.span.end] == mobile


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_arbitrary_unicode_never_raises(text: str) -> None:
    result = extract(text)
    assert result.original_text == text
    for item in [*result.id_numbers, *result.phones, *result.names, *result.amounts, *result.dates]:
        assert 0 <= item.span.start <= item.span.end <= len(text)
        assert 0.0 <= item.confidence <= 1.0
    assert isinstance(msgspec.json.decode(msgspec.json.encode(result), type=Extraction), Extraction)


_TRICKY = st.text(
    alphabet=(
        "0123456789Xx一二三四五六七八九十百千万亿幺两〇零OoIl年月日元余多"
        " \n,.-+()（）：:举报人我叫被局长县镇村某"
    ),
    max_size=200,
)


@given(_TRICKY)
@settings(max_examples=300)
def test_number_like_noise_never_raises(text: str) -> None:
    result = extract(text)
    # Hard wraps inside numbers and words are joined; no line break is ever added.
    assert result.clean_text.count("\n") <= text.count("\n")
