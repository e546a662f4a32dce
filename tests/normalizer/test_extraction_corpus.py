"""The extraction corpora of issue 16, row by row (tuning) and as figures (held-out).

Every tuning row must come out exactly as expected: ``corpus.py`` and, since 2026-12-02, the
first held-out corpus ``corpus_heldout.py``, whose failures were then read and fixed. The
second, third and fourth held-out corpora ``corpus_heldout2.py``, ``corpus_heldout3.py`` and
``corpus_heldout4.py`` were each written before a round of fixes; their rows are never tuning
rows (a kind they show missing gets rows of its own in ``corpus.py``): they are held to floors
under their measured figures, and to the one rule with no exception, that no self-description or
third party becomes the complainant.
"""

from __future__ import annotations

import pytest

from normalizer.extraction import Holder, PersonRole, extract
from tests.normalizer.corpus import CORPUS, ISSUE_LETTER
from tests.normalizer.corpus_heldout import HELDOUT
from tests.normalizer.corpus_heldout2 import HELDOUT2
from tests.normalizer.corpus_heldout3 import HELDOUT3
from tests.normalizer.corpus_heldout4 import HELDOUT4
from tests.normalizer.corpus_heldout5 import HELDOUT5
from tests.normalizer.corpus_heldout6 import HELDOUT6
from tests.normalizer.corpus_tools import FIELDS, Case, Predicted, precision_recall, score
from tests.normalizer.generators import make_id


def predict(text: str) -> Predicted:
    """What normalize() takes from an extraction, in the corpus's terms."""
    ex = extract(text)
    own_ids = [i for i in ex.id_numbers if i.holder is Holder.COMPLAINANT]
    return Predicted(
        name={ex.names[0].name} if ex.names else set(),
        id_number={own_ids[0].upgraded or own_ids[0].value} if own_ids else set(),
        phone={p.e164 for p in ex.phones if p.holder is Holder.COMPLAINANT},
        accused={a.name for a in ex.accused if a.name},
        unit={a.unit for a in ex.accused if a.unit},
        position={a.position for a in ex.accused if a.position},
        level={str(a.level.level) for a in ex.accused if str(a.level.level) != "UNKNOWN"},
        amount={str(int(a.value)) for a in ex.amounts},
        place={p.name for p in ex.places},
    )


def test_the_corpora_are_large_and_their_ids_unique() -> None:
    ids = [c.id for c in CORPUS + HELDOUT + HELDOUT2 + HELDOUT3 + HELDOUT4 + HELDOUT5 + HELDOUT6]
    assert len(ids) >= 400
    assert len(set(ids)) == len(ids)


TUNING = CORPUS + HELDOUT


@pytest.mark.parametrize("case", TUNING, ids=[c.id for c in TUNING])
def test_corpus_row(case: Case) -> None:
    got = predict(case.text).as_sets()
    expected = case.expected()
    for field in FIELDS:
        if field == "level" and not expected[field]:
            continue
        assert got[field] == expected[field], field
    names = {p.name for p in extract(case.text).persons_mentioned}
    assert set(case.mentioned) <= names


# (field, precision, recall): floors just under each held-out corpus's figures when last
# measured, so that they only keep the figures from falling. Held-out 2 was first measured on
# 2026-12-02 at name 0.893, ID 0.949, accused 0.922, unit 0.673, position 0.758 (recall); the
# third round (tuned on corpus.py only) lifted it to 1.000 on each. Held-out 3 was written
# before that round and measured after it; it still misses issue 16's targets for names,
# phones, the accused and units (0.98 for ID numbers and phones, 0.95 for names, the accused
# and units). Held-out 4 was written before the fourth round and first measured at 43d67d2
# (recall: name 0.702, phone 0.800, accused 0.934, unit 0.707, position 0.754); the fourth
# round then read the failures of held-out 3 and 4 (kinds fixed on corpus.py rows), so both
# are measured, not held out. Held-out 5 was written before the fifth round and first measured
# at 5a7ba62 (recall: name 0.750, phone 0.897, accused 0.774, unit 0.714, position 0.736,
# level 0.583); the fifth round read its failures too, so it is measured, not held out, and
# its floors sit under its figures after that round. Raise a floor when a change lifts it.
HELDOUT_FLOORS = [
    ("h2", "id_number", 0.99, 0.99),
    ("h2", "phone", 0.99, 0.99),
    ("h2", "name", 0.99, 0.99),
    ("h2", "accused", 0.99, 0.99),
    ("h2", "unit", 0.99, 0.99),
    ("h2", "position", 0.99, 0.99),
    ("h3", "id_number", 0.99, 0.99),
    ("h3", "phone", 0.99, 0.99),
    ("h3", "name", 0.99, 0.99),
    ("h3", "accused", 0.99, 0.99),
    ("h3", "unit", 0.97, 0.99),
    ("h3", "position", 0.99, 0.99),
    ("h4", "id_number", 0.99, 0.99),
    ("h4", "phone", 0.99, 0.99),
    ("h4", "name", 0.99, 0.99),
    ("h4", "accused", 0.99, 0.99),
    ("h4", "unit", 0.94, 0.94),
    ("h4", "position", 0.96, 0.96),
    ("h5", "id_number", 0.99, 0.99),
    ("h5", "phone", 0.97, 0.99),
    ("h5", "name", 0.99, 0.97),
    ("h5", "accused", 0.99, 0.96),
    ("h5", "unit", 0.95, 0.91),
    ("h5", "position", 0.96, 0.92),
]
HELDOUTS = {"h2": HELDOUT2, "h3": HELDOUT3, "h4": HELDOUT4, "h5": HELDOUT5, "h6": HELDOUT6}


@pytest.mark.parametrize(
    ("corpus", "field", "precision", "recall"),
    HELDOUT_FLOORS,
    ids=[f"{c}-{f}" for c, f, _, _ in HELDOUT_FLOORS],
)
def test_heldout_figures_keep_their_floors(
    corpus: str, field: str, precision: float, recall: float
) -> None:
    p, r = precision_recall(score(HELDOUTS[corpus], predict)[field])
    assert p >= precision and r >= recall, (p, r)


_MEASURED = HELDOUT2 + HELDOUT3 + HELDOUT4 + HELDOUT5 + HELDOUT6


@pytest.mark.parametrize("case", _MEASURED, ids=[c.id for c in _MEASURED])
def test_heldout_complainant_is_never_a_self_description_or_a_third_party(case: Case) -> None:
    got = predict(case.text).name
    if case.name is None:
        assert not got
    assert not got & (set(case.mentioned) | set(case.accused))


def test_the_issue_letter_reads_every_role() -> None:
    cid = make_id("320102", "19750412", "135")
    ex = extract(ISSUE_LETTER.format(cid=cid, cph="13912345678", tph="13800001111"))
    assert [n.name for n in ex.names] == ["黄海涛"]  # not 申诉书
    (accused,) = ex.accused
    assert (accused.name, accused.unit, accused.position) == (
        "周强",
        "某县住房和城乡建设局",
        "局长",
    )
    assert (accused.level.level, accused.level.grade, accused.level.suggested) == (
        "COUNTY_DIVISION",
        "副",
        False,
    )
    (briber,) = ex.persons_mentioned
    assert (briber.name, briber.role, briber.phones) == (
        "孙某",
        PersonRole.BRIBER,
        ["+8613800001111"],
    )
    assert [(p.e164, p.holder) for p in ex.phones] == [
        ("+8613912345678", Holder.COMPLAINANT),
        ("+8613800001111", Holder.MENTIONED),
    ]
    assert [p.name for p in ex.places] == ["江苏省南京市玄武区"]
    assert "贪污贿赂行为" in [c.label for c in ex.categories]


def test_the_issue_letter_flags_a_higher_level_accused() -> None:
    cid = make_id("320102", "19750412", "135")
    ex = extract(ISSUE_LETTER.format(cid=cid, cph="13912345678", tph="13800001111"))
    assert "possibly_higher_level" in [str(p.code) for p in ex.problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("举报人：一名知情群众\n某县水利局局长周强违规发放补贴。", []),
        ("我是一名知情群众，某镇镇长李明收受红包。", []),
        ("我 姓 王 叫 王 强 电话 幺 三 九 洞 洞 幺 二 三 四 五 六", ["王强"]),
        (f"我是 王强 {make_id()[:6]} {make_id()[6:14]} {make_id()[14:]}，反映问题。", ["王强"]),
    ],
    ids=["anon-signature-field", "anon-i-am", "asr-surname-then-name", "i-am-then-id-groups"],
)
def test_issue_kinds_of_complainant(text: str, expected: list[str]) -> None:
    assert [n.name for n in extract(text).names] == expected
