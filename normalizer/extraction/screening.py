"""Screening problems: out of scope, no substance, possibly for a higher level.

These follow domain.md §4.2 and §5 but only suggest: the decisions belong to
officials (§4.3), so each is a WARNING with the words that raised it.
"""

from __future__ import annotations

import re

from .cleanup import Cleaned
from .levels import at_or_above
from .types import (
    AccusedFound,
    AmountFound,
    CadreLevel,
    CategorySuggestion,
    DateFound,
    PlaceFound,
    Problem,
    ProblemCode,
    Severity,
)

__all__ = ["higher_level", "no_substance", "out_of_scope"]

# domain.md §4.2 (a) litigation etc., (b) another authority's duty.
_OUT_OF_SCOPE = re.compile(
    r"起诉|诉讼|法院判决|判决书|一审|二审|上诉|再审|仲裁|行政复议|行政裁决|劳动争议|民事纠纷|欠款不还|"
    r"借款纠纷|离婚|邻里纠纷|物业纠纷|消费纠纷|退货|噪音扰民|交通事故|医疗纠纷|拖欠工资|讨薪|合同纠纷"
)
# A concrete act, beyond a category word, when no category triggered.
_ACT = re.compile(
    r"收受|索要|送给|挪用|侵占|截留|安排|强迫|殴打|吃喝|旅游|签字|拨付|报销|提拔|承包|工程"
)


def out_of_scope(cleaned: Cleaned) -> list[Problem]:
    words = [m for m in _OUT_OF_SCOPE.finditer(cleaned.text)]
    if not words:
        return []
    listed = "、".join(dict.fromkeys(m.group() for m in words))
    return [
        Problem(
            code=ProblemCode.POSSIBLY_OUT_OF_SCOPE,
            severity=Severity.WARNING,
            message_zh=f"可能属于诉讼、仲裁、行政复议或其他机关职责范围（{listed}），请人工研判。",
            message_en="May belong to litigation, arbitration or another authority; review.",
            span=cleaned.span(words[0].start(), words[0].end()),
        )
    ]


def no_substance(
    cleaned: Cleaned,
    accused: list[AccusedFound],
    dates: list[DateFound],
    places: list[PlaceFound],
    amounts: list[AmountFound],
    categories: list[CategorySuggestion],
) -> list[Problem]:
    """No identifiable accused and no concrete fact (time, place, amount, act)."""
    if accused or dates or places or amounts or _ACT.search(cleaned.text):
        return []
    if any(
        t.word not in ("不作为", "乱作为", "形式主义", "官僚主义")
        for c in categories
        for t in c.triggers
    ):
        return []
    return [
        Problem(
            code=ProblemCode.NO_SUBSTANCE,
            severity=Severity.WARNING,
            message_zh="未能识别被反映人，也没有时间、地点、金额或具体行为，可能无实质内容，请人工研判。",
            message_en="No identifiable accused and no concrete fact; possibly no substance.",
        )
    ]


def higher_level(accused: list[AccusedFound], threshold: CadreLevel) -> list[Problem]:
    return [
        Problem(
            code=ProblemCode.POSSIBLY_HIGHER_LEVEL,
            severity=Severity.WARNING,
            message_zh=(
                f"被反映人{a.name or ''}（{a.level.basis}）可能属于上级管理干部，"
                "请按分级受理规定研判。"
            ),
            message_en="The accused may be managed at a higher level; check jurisdiction.",
            span=a.span,
        )
        for a in accused
        if at_or_above(a.level.level, threshold)
    ]
