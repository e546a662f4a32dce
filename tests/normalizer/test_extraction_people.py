"""Complainant names, anonymity, and the accused with a suggested cadre level."""

from __future__ import annotations

import pytest

from normalizer.extraction import CadreLevel, Grade, RealNameStatus, ReporterKind, extract

LETTER_SIGNED = (
    "尊敬的领导：\n  我举报某某县水利局局长周强违规发放津贴补贴。\n"
    "此致\n敬礼\n        赵德明\n    2023年5月1日"
)
LETTER_ANON = (
    "尊敬的领导：\n  某某镇副镇长孙某长期赌博。\n此致\n敬礼\n      一名知情群众\n   2023年5月1日"
)

# (id, text, complainant names, anonymous)
NAME_ROWS = [
    ("wo-jiao", "我叫张三，今年45岁，电话13812345678。", ["张三"], False),
    ("ben-ren", "本人王建国，男，某某村村民。", ["王建国"], False),
    ("form-reporter", "举报人：李秀英\n联系电话：13812345678", ["李秀英"], False),
    ("real-name-reporter", "实名举报人上官婉儿反映以下问题", ["上官婉儿"], False),
    ("visitor", "来访人：刘大伟，住某某县。", ["刘大伟"], False),
    ("contact-person", "联系人 陈静 电话13900001111", ["陈静"], False),
    ("form-name-field", "姓名：司马光\n电话：13812345678", ["司马光"], False),
    ("compound-ouyang", "我叫欧阳娜娜，电话13812345678", ["欧阳娜娜"], False),
    ("compound-zhuge", "举报人：诸葛明", ["诸葛明"], False),
    ("surname-xiao-variant", "来访人：萧振华", ["萧振华"], False),
    ("surname-fu", "我叫傅红，电话13812345678", ["傅红"], False),
    ("asr-spaced-name", "我 叫 欧 阳 娜 娜 ， 我 要 举 报", ["欧阳娜娜"], False),
    ("ocr-spaced-name", "举报人：王  建  国", ["王建国"], False),
    ("name-before-verb", "我叫张三反映村干部的问题", ["张三"], False),
    ("signature-line", LETTER_SIGNED, ["赵德明"], False),
    (
        "unit-reporter",
        "举报单位：某某建筑工程有限公司，联系电话0755-88888888",
        ["某某建筑工程有限公司"],
        False,
    ),
    ("anon-informed-masses", "举报人：一名知情群众", [], True),
    ("anon-signature", LETTER_ANON, [], True),
    ("anon-i-am", "我是一名知情群众，不便透露姓名。", [], True),
    ("anon-marker", "匿名举报：某某局局长贪污。", [], True),
    ("accused-not-complainant", "被举报人：李明，某某县财政局局长。", [], True),
    ("no-cue-no-name", "村里的路修了三年还没修好。", [], True),
]


@pytest.mark.parametrize(
    ("text", "names", "anonymous"), [r[1:] for r in NAME_ROWS], ids=[r[0] for r in NAME_ROWS]
)
def test_complainant_names(text: str, names: list[str], anonymous: bool) -> None:
    result = extract(text)
    assert [n.name for n in result.names] == names
    assert result.anonymous is anonymous
    for n in result.names:
        assert text[n.span.start : n.span.end].replace(" ", "") == n.name


def test_unit_reporter_kind() -> None:
    result = extract("举报单位：某某建筑工程有限公司，联系电话0755-88888888")
    assert [n.kind for n in result.names] == [ReporterKind.UNIT]


REAL_NAME_ROWS = [
    ("name-and-phone", "我叫张三，电话13812345678。", RealNameStatus.SIGNED_UNVERIFIED),
    ("name-and-email", "举报人：李四，邮箱 lisi@example.com", RealNameStatus.SIGNED_UNVERIFIED),
    ("name-only", "我叫张三，我要反映问题。", RealNameStatus.NAME_WITHOUT_CONTACT),
    ("phone-only", "电话13812345678，不便透露姓名。", RealNameStatus.ANONYMOUS),
    (
        "unit-and-phone",
        "举报单位：某某建筑工程有限公司，电话0755-88888888",
        RealNameStatus.SIGNED_UNVERIFIED,
    ),
    ("nothing", "某局局长贪污。", RealNameStatus.ANONYMOUS),
]


@pytest.mark.parametrize(
    ("text", "status"), [r[1:] for r in REAL_NAME_ROWS], ids=[r[0] for r in REAL_NAME_ROWS]
)
def test_real_name_status(text: str, status: RealNameStatus) -> None:
    assert extract(text).real_name is status


# (id, text, [(name, unit, position, level, grade)])
ACCUSED_ROWS = [
    (
        "county-bureau-head",
        "我实名举报某某县交通运输局局长李明收受贿赂。",
        [("李明", "某某县交通运输局", "局长", CadreLevel.TOWNSHIP_SECTION, Grade.PRINCIPAL)],
    ),
    (
        "city-bureau-head",
        "反映某某市财政局局长张伟违规经商。",
        [("张伟", "某某市财政局", "局长", CadreLevel.COUNTY_DIVISION, Grade.PRINCIPAL)],
    ),
    (
        "two-accused-shared-unit",
        "举报某某县交通运输局局长李明和副局长王刚收受好处费。",
        [
            ("李明", "某某县交通运输局", "局长", CadreLevel.TOWNSHIP_SECTION, Grade.PRINCIPAL),
            ("王刚", "某某县交通运输局", "副局长", CadreLevel.TOWNSHIP_SECTION, Grade.DEPUTY),
        ],
    ),
    (
        "township-party-secretary",
        "举报某某镇党委书记赵刚大肆收受礼金。",
        [("赵刚", "某某镇", "党委书记", CadreLevel.TOWNSHIP_SECTION, Grade.PRINCIPAL)],
    ),
    (
        "village-party-secretary",
        "我们村的村支书王某霸占集体土地。",
        [("王某", "村", "村支书", CadreLevel.VILLAGE_COMMUNITY, None)],
    ),
    (
        "county-head",
        "某某县县长李强插手工程。",
        [("李强", "某某县", "县长", CadreLevel.COUNTY_DIVISION, Grade.PRINCIPAL)],
    ),
    (
        "county-party-secretary-compound",
        "举报县委书记欧阳明贪污。",
        [("欧阳明", None, "县委书记", CadreLevel.COUNTY_DIVISION, Grade.PRINCIPAL)],
    ),
    (
        "vice-mayor-city",
        "某某市副市长孙立收受巨额贿赂。",
        [("孙立", "某某市", "副市长", CadreLevel.BUREAU, Grade.DEPUTY)],
    ),
    (
        "province-department-head",
        "某某省交通运输厅厅长钱多多受贿。",
        [("钱多多", "某某省交通运输厅", "厅长", CadreLevel.BUREAU, Grade.PRINCIPAL)],
    ),
    (
        "form-accused-with-tail",
        "被举报人：张伟，某某市财政局副局长",
        [("张伟", "某某市财政局", "副局长", CadreLevel.COUNTY_DIVISION, Grade.DEPUTY)],
    ),
    (
        "form-accused-fields",
        "被举报人：韩某\n单位：某某镇人民政府\n职务：镇长\n",
        [("韩某", "某某镇人民政府", "镇长", CadreLevel.TOWNSHIP_SECTION, Grade.PRINCIPAL)],
    ),
    (
        "surname-only-xx",
        "某某县教育局副局长李XX违规提拔亲属。",
        [("李XX", "某某县教育局", "副局长", CadreLevel.TOWNSHIP_SECTION, Grade.DEPUTY)],
    ),
    (
        "school-head",
        "某某县第一中学校长刘某乱收费。",
        [("刘某", "某某县第一中学", "校长", CadreLevel.PUBLIC_INSTITUTION_STAFF, None)],
    ),
    (
        "soe-manager",
        "某某县城投集团总经理吴某利益输送。",
        [("吴某", "某某县城投集团", "总经理", CadreLevel.SOE_STAFF, None)],
    ),
    (
        "staff-member",
        "某某县财政局科员郑某吃拿卡要。",
        [("郑某", "某某县财政局", "科员", CadreLevel.GENERAL_CADRE, None)],
    ),
    (
        "verb-name-low-confidence",
        "我要反映李明贪污的问题。",
        [("李明", None, None, CadreLevel.UNKNOWN, None)],
    ),
    (
        "complainant-excluded",
        "我叫张三，举报某某村村主任赵四截留补偿款。",
        [("赵四", "某某村", "村主任", CadreLevel.VILLAGE_COMMUNITY, None)],
    ),
    (
        "name-copula-unit-position",
        "其邻居也知道这事。周强系某某县水利局局长。",
        [("周强", "某某县水利局", "局长", CadreLevel.TOWNSHIP_SECTION, Grade.PRINCIPAL)],
    ),
    (
        "committee-is-a-unit-not-a-member",
        "被举报人：傅立新，某某区卫生健康委员会主任",
        [("傅立新", "某某区卫生健康委员会", "主任", CadreLevel.TOWNSHIP_SECTION, Grade.PRINCIPAL)],
    ),
    ("nobody", "最近天气很热，路上车很多。", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [r[1:] for r in ACCUSED_ROWS], ids=[r[0] for r in ACCUSED_ROWS]
)
def test_accused(
    text: str, expected: list[tuple[str, str | None, str | None, CadreLevel, Grade | None]]
) -> None:
    accused = extract(text).accused
    got = [(a.name, a.unit, a.position, a.level.level, a.level.grade) for a in accused]
    assert got == expected
    assert all(a.level.suggested for a in accused)
    assert all(a.name is not None and a.name in text[a.span.start : a.span.end] for a in accused)


def test_surname_only_flag() -> None:
    accused = extract("被举报人：韩某").accused
    assert [(a.name, a.surname_only) for a in accused] == [("韩某", True)]
