"""Cadre levels that were read wrong before issue 12 item 7 (domain.md §10.2, §5.2 note).

Each row is a unit and a position as the extractor splits them, with the level and grade a
信访室 expects as a default; rank stays a suggestion, management authority the official's call.
"""

from __future__ import annotations

import pytest

from normalizer.extraction import CadreLevel, Grade, extract
from normalizer.extraction.levels import suggest_level

C, T, B = CadreLevel.COUNTY_DIVISION, CadreLevel.TOWNSHIP_SECTION, CadreLevel.BUREAU
P, D = Grade.PRINCIPAL, Grade.DEPUTY


@pytest.mark.parametrize(
    ("unit", "position", "level", "grade"),
    [
        pytest.param("县纪委", "书记", C, P, id="county-discipline-secretary"),
        pytest.param("某县", "纪委书记", C, P, id="county-discipline-secretary-split"),
        pytest.param("", "县纪委书记", C, P, id="county-discipline-secretary-in-position"),
        pytest.param("县纪委监委", "书记", C, P, id="county-commission-secretary"),
        pytest.param("县监委", "主任", C, P, id="county-supervisory-director"),
        pytest.param("县纪委", "副书记", T, D, id="county-discipline-deputy-below-tier"),
        pytest.param("县委", "常委", C, D, id="county-standing-member"),
        pytest.param("", "县委常委", C, D, id="county-standing-member-in-position"),
        pytest.param("", "县委常委、宣传部长", C, D, id="standing-member-with-post"),
        pytest.param("市委", "常委", B, D, id="city-standing-member"),
        pytest.param("县委组织部", "部长", T, P, id="county-department-not-ministry"),
        pytest.param("县委组织部", "副部长", T, D, id="county-department-deputy"),
        pytest.param("省委组织部", "部长", B, P, id="province-department"),
        pytest.param("县人民法院", "院长", C, D, id="county-court-president"),
        pytest.param("县法院", "院长", C, D, id="county-court-president-short"),
        pytest.param("", "县法院院长", C, D, id="county-court-president-in-position"),
        pytest.param("县人民检察院", "检察长", C, D, id="county-procurator-general"),
        pytest.param("", "县检察院检察长", C, D, id="county-procurator-in-position"),
        pytest.param("市中级人民法院", "院长", B, D, id="intermediate-court-president"),
        pytest.param("县人民法院", "副院长", T, D, id="county-court-vice-president"),
        pytest.param("县委", "书记", C, P, id="county-party-secretary-unchanged"),
        pytest.param("县公安局", "局长", T, P, id="county-bureau-head-unchanged"),
    ],
)
def test_county_posts(unit: str, position: str, level: CadreLevel, grade: Grade) -> None:
    found = suggest_level(unit, position)
    assert (found.level, found.grade) == (level, grade)


def test_hospital_head_is_not_a_court_president() -> None:
    assert suggest_level("县人民医院", "院长").level == CadreLevel.PUBLIC_INSTITUTION_STAFF


def test_county_discipline_secretary_in_a_letter_is_flagged_for_a_county_organ() -> None:
    """At the county threshold (the default), a letter about the county's 纪委书记 is raised as
    possibly higher level: for this county's own organ it is R1, for others R2 (§5.2)."""
    ex = extract(
        "我举报某县纪委书记王建国收受贿赂二十万元。", higher_level_threshold="COUNTY_DIVISION"
    )
    assert [(a.name, a.level.level) for a in ex.accused] == [("王建国", C)]
    assert "possibly_higher_level" in [str(p.code) for p in ex.problems]


@pytest.mark.parametrize(
    ("text", "name", "level", "grade"),
    [
        pytest.param(
            "我举报青山县委常委李文收受贿赂三十万元。", "李文", C, D, id="standing-member"
        ),
        pytest.param(
            "县人民法院院长赵刚收受当事人现金五万元。", "赵刚", C, D, id="court-president"
        ),
        pytest.param("县委组织部部长刘强收受礼金。", "刘强", T, P, id="organisation-department"),
    ],
)
def test_levels_read_from_a_letter(text: str, name: str, level: CadreLevel, grade: Grade) -> None:
    ex = extract(text, higher_level_threshold="COUNTY_DIVISION")
    assert [(a.name, a.level.level, a.level.grade) for a in ex.accused] == [(name, level, grade)]
