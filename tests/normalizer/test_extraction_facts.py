"""Amounts, dates, places, categories and the screening problems."""

from __future__ import annotations

import decimal

import pytest

from normalizer.extraction import PlaceLevel, ProblemCode, extract

D = decimal.Decimal

# (id, text, [(value, approximate)])
AMOUNT_ROWS = [
    ("chinese-numeral", "收受现金五十万元。", [(D(500000), False)]),
    ("approx-yu", "先后收受30余万元。", [(D(300000), True)]),
    ("decimal-wan", "收受1.5万元购物卡。", [(D(15000), False)]),
    ("thousands-comma", "报销12,000元。", [(D(12000), False)]),
    ("thousands-comma-line-break", "报销12,\n000元。", [(D(12000), False)]),
    ("chinese-approx-duo", "贪污三十多万元。", [(D(300000), True)]),
    ("bare-wan-after-money-word", "收受好处费20万，", [(D(200000), False)]),
    ("zuoyou", "共计一百二十万元左右。", [(D(1200000), True)]),
    ("liang-qian", "每户收取两千元。", [(D(2000), False)]),
    ("kuai-qian", "要了100块钱。", [(D(100), False)]),
    ("two-amounts", "收受5万元，又收受3000元。", [(D(50000), False), (D(3000), False)]),
    ("yi", "造成损失1.2亿元。", [(D(120000000), False)]),
    ("no-amount-yixie", "一些人万一出事。", []),
    ("bare-wan-without-context", "全县有20万人口。", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [r[1:] for r in AMOUNT_ROWS], ids=[r[0] for r in AMOUNT_ROWS]
)
def test_amounts(text: str, expected: list[tuple[decimal.Decimal, bool]]) -> None:
    assert [(a.value, a.approximate) for a in extract(text).amounts] == expected


# (id, text, [(year, month, day, relative)])
DATE_ROWS = [
    ("full", "2023年5月1日晚上", [(2023, 5, 1, False)]),
    ("chinese-full", "二〇二二年三月十五日", [(2022, 3, 15, False)]),
    ("year-month", "2022年3月，", [(2022, 3, None, False)]),
    ("month-day-hao", "3月12号上午", [(None, 3, 12, False)]),
    ("iso", "于2021-06-30签字", [(2021, 6, 30, False)]),
    ("year-only", "2019年以来", [(2019, None, None, False)]),
    ("relative", "去年春节期间", [(None, None, None, True), (None, None, None, True)]),
    ("spaced-asr", "2023 年 5 月 1 日", [(2023, 5, 1, False)]),
    ("impossible-day", "2月30日", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [r[1:] for r in DATE_ROWS], ids=[r[0] for r in DATE_ROWS]
)
def test_dates(text: str, expected: list[tuple[int | None, int | None, int | None, bool]]) -> None:
    assert [(d.year, d.month, d.day, d.relative) for d in extract(text).dates] == expected


PLACE_ROWS = [
    (
        "province-chain",
        "我在广东省深圳市南山区某某街道工作",
        [("广东省深圳市南山区某某街道", PlaceLevel.TOWNSHIP)],
    ),
    ("county-town-village", "某某县某某镇某某村村民", [("某某县某某镇某某村", PlaceLevel.VILLAGE)]),
    ("supermarket-not-place", "去超市买东西", []),
    ("county-named-cheng-qu", "住浙江省温州市鹿城区", [("浙江省温州市鹿城区", PlaceLevel.COUNTY)]),
    ("province-then-changsha", "家住湖南省长沙市", [("湖南省长沙市", PlaceLevel.PREFECTURE)]),
    ("county-head-is-a-post", "某某县县长李强", [("某某县", PlaceLevel.COUNTY)]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [r[1:] for r in PLACE_ROWS], ids=[r[0] for r in PLACE_ROWS]
)
def test_places(text: str, expected: list[tuple[str, PlaceLevel]]) -> None:
    assert [(p.name, p.level) for p in extract(text).places] == expected


# (id, text, category codes in order, first trigger word)
CATEGORY_ROWS = [
    ("bribery", "局长收受好处费，还受贿。", ["CORRUPTION_BRIBERY"], "好处费"),
    ("integrity-gifts", "逢年过节收受红包礼金。", ["INTEGRITY"], "红包"),
    ("mass-subsidies", "村干部优亲厚友，克扣低保。", ["MASS"], "优亲厚友"),
    ("life", "副镇长包养情人。", ["LIFE"], "包养"),
    ("organizational", "局长买官卖官，违规提拔亲信。", ["ORGANIZATIONAL"], "买官卖官"),
    ("political", "他串供，对抗组织审查。", ["POLITICAL"], "串供"),
    ("work", "窗口工作人员不作为。", ["WORK"], "不作为"),
    ("dereliction", "所长滥用职权，玩忽职守。", ["DERELICTION"], "滥用职权"),
    ("official-other", "经理职务侵占公司财产。", ["OTHER_OFFICIAL"], "职务侵占"),
    ("mixed", "收受礼金，还公车私用，贪污公款。", ["INTEGRITY", "CORRUPTION_BRIBERY"], "礼金"),
    ("none", "今天天气很好。", [], ""),
]


@pytest.mark.parametrize(
    ("text", "codes", "first_trigger"),
    [r[1:] for r in CATEGORY_ROWS],
    ids=[r[0] for r in CATEGORY_ROWS],
)
def test_categories(text: str, codes: list[str], first_trigger: str) -> None:
    result = extract(text)
    assert [c.code for c in result.categories] == codes
    assert result.taxonomy_version
    if codes:
        trigger = result.categories[0].triggers[0]
        assert (trigger.word, text[trigger.span.start : trigger.span.end]) == (
            first_trigger,
            first_trigger,
        )


# (id, text, threshold, expected screening codes)
SCREEN_ROWS = [
    (
        "no-substance-bare",
        "某些领导有问题，请查一查。",
        "COUNTY_DIVISION",
        [ProblemCode.NO_SUBSTANCE],
    ),
    (
        "no-substance-only-type",
        "有人违纪，官僚主义严重。",
        "COUNTY_DIVISION",
        [ProblemCode.NO_SUBSTANCE],
    ),
    ("substance-by-accused", "某某县财政局局长李明有问题。", "COUNTY_DIVISION", []),
    ("substance-by-amount", "有人拿了5万元。", "COUNTY_DIVISION", []),
    (
        "out-of-scope-litigation",
        "我与邻居的借款纠纷法院判决不公，2023年5月1日。",
        "COUNTY_DIVISION",
        [ProblemCode.POSSIBLY_OUT_OF_SCOPE],
    ),
    (
        "out-of-scope-arbitration",
        "劳动争议仲裁结果不服，某某公司拖欠工资3万元。",
        "COUNTY_DIVISION",
        [ProblemCode.POSSIBLY_OUT_OF_SCOPE],
    ),
    (
        "higher-county-head",
        "举报某某县县长李强插手工程。",
        "COUNTY_DIVISION",
        [ProblemCode.POSSIBLY_HIGHER_LEVEL],
    ),
    (
        "higher-city-bureau",
        "某某市财政局局长张伟违规经商。",
        "COUNTY_DIVISION",
        [ProblemCode.POSSIBLY_HIGHER_LEVEL],
    ),
    ("not-higher-county-bureau", "某某县财政局局长张伟违规经商。", "COUNTY_DIVISION", []),
    (
        "threshold-township",
        "某某县财政局局长张伟违规经商。",
        "TOWNSHIP_SECTION",
        [ProblemCode.POSSIBLY_HIGHER_LEVEL],
    ),
    ("threshold-bureau", "某某县县长李强插手工程。", "BUREAU", []),
    ("village-never-higher", "某某村村支书王某截留补偿款。", "GENERAL_CADRE", []),
    (
        "bad-threshold-falls-back",
        "某某县县长李强插手工程。",
        "NOT_A_LEVEL",
        [ProblemCode.POSSIBLY_HIGHER_LEVEL],
    ),
]


@pytest.mark.parametrize(
    ("text", "threshold", "codes"), [r[1:] for r in SCREEN_ROWS], ids=[r[0] for r in SCREEN_ROWS]
)
def test_screening_problems(text: str, threshold: str, codes: list[ProblemCode]) -> None:
    result = extract(text, higher_level_threshold=threshold)
    assert [p.code for p in result.problems] == codes
    assert all(p.message_zh for p in result.problems)
