"""The SECOND held-out extraction corpus: never tuned against, never looked at row by row.

Written on 2026-12-02 before any change to the extractors of that day, by someone who had not
read their failures, with its own wording, names, units and places (none of them appear in
``corpus.py`` or ``corpus_heldout.py``): township governments, county bureaus, a state-owned
company, schools, hospitals and a village committee; cadre levels in full- and half-width
brackets and after the position; several accused in one text; bribers, relatives, witnesses
and co-signers beside the complainant; anonymous reports and self-descriptions. Its figures
are reported beside the other corpora's; a failure here is a measurement, not a to-do list.

Gold conventions: a unit is the organisation as written (``某县公安局``,
``柳树湾村村民委员会``), the position what follows it; a place is the administrative chain
as written, down to the township where one is named; the complainant of a co-signed letter is
the contact person; a phone the caller offers for a call-back is the complainant's, also
when they give no name.
"""

from __future__ import annotations

import random

from tests.normalizer.corpus_tools import Case, asr, desk, e164, fullwidth_digits, ocr, valid_id

__all__ = ["HELDOUT2"]

_COMPLAINANTS = [
    "覃海燕", "廖春生", "蒋德明", "钟小芹", "龙建国", "万志华", "段丽萍", "雷振宇",
    "汪秋菊", "易志勇", "司马云飞", "欧阳慧", "施国平", "孔繁荣", "尹红梅", "黎永康",
    "毛桂英", "甘立新",
]  # fmt: skip
_ACCUSED = [
    "熊伟东", "常建勋", "贺长林", "包振国", "严立军", "邵光辉", "伍德华", "时学斌",
    "颜志鹏", "康永胜", "龚庆华", "赖国荣", "上官明杰",
]  # fmt: skip
_THIRD = ["郑某", "钱某某", "石某", "武某某", "祝某", "洪大勇", "戴小红"]
# (unit, the place its name holds or None, positions that fit it)
_UNITS: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("九江市濂溪区交通运输局", "九江市濂溪区", ("局长", "副局长", "党组书记")),
    ("某县公安局", None, ("副局长", "政委", "治安大队大队长")),
    ("赣州市章贡区水利局", "赣州市章贡区", ("局长", "办公室主任")),
    ("某镇人民政府", None, ("镇长", "副镇长")),
    ("宁都县黄陂镇人民政府", "宁都县黄陂镇", ("镇长", "副镇长")),
    ("某县第二中学", None, ("校长", "副校长")),
    ("洛阳市西工区实验小学", "洛阳市西工区", ("校长", "总务主任")),
    ("某县人民医院", None, ("院长", "副院长")),
    ("南充市顺庆区中医医院", "南充市顺庆区", ("院长", "药剂科主任")),
    ("某市城市建设投资集团有限公司", None, ("总经理", "副总经理", "董事长")),
    ("柳树湾村村民委员会", None, ("主任", "副主任")),
    ("某县农业农村局", None, ("局长", "副局长")),
    ("泉州市丰泽区税务局", "泉州市丰泽区", ("副局长", "科长")),
]
# (as written, province ... district, ID region code, landline area code)
_PLACES = [
    ("江西省九江市濂溪区", "360402", "0792"),
    ("江西省赣州市章贡区", "360702", "0797"),
    ("河南省洛阳市西工区", "410303", "0379"),
    ("四川省南充市顺庆区", "511302", "0817"),
    ("福建省泉州市丰泽区", "350503", "0595"),
    ("广西壮族自治区柳州市城中区", "450202", "0772"),
]
# Local numbers have 8 digits behind these area codes and 7 behind the others.
_EIGHT_DIGIT_AREAS = frozenset({"0379", "0595"})
_LEVELS = [
    ("（正科级）", "TOWNSHIP_SECTION"),
    ("(副处级)", "COUNTY_DIVISION"),
    ("，副科级干部，", "TOWNSHIP_SECTION"),
    ("（正处级）", "COUNTY_DIVISION"),
    ("（副厅级）", "BUREAU"),
]
# (as written, as said, yuan)
_AMOUNTS = [
    ("五万元", "五万元", 50000),
    ("1.2万元", "一万二千元", 12000),
    ("三十万元", "三十万元", 300000),
    ("8000元", "八千元", 8000),
    ("150余万元", "一百五十多万元", 1500000),
    ("2万元", "两万元", 20000),
    ("十五万元", "十五万元", 150000),
]
_MOBILE_PREFIXES = ["133", "139", "152", "156", "166", "173", "180", "186", "191", "198"]
_DATES = ["2026年3月8日", "2026年5月20日", "2026年9月1日", "2026年11月16日"]


def _mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"


def _landline(rng: random.Random, area: str) -> str:
    # One draw either way, so that fixing the length (2026-12-02) left every other row as it was.
    head, rest = rng.randint(2, 8), rng.randint(0, 9_999_999)
    if area in _EIGHT_DIGIT_AREAS:
        return f"{area}-{head}{rest:07d}"
    return f"{area}-{head}{rest % 1_000_000:06d}"


def _cases() -> list[Case]:
    rng = random.Random(20261202_2)
    rows: list[Case] = []

    def pick() -> dict[str, object]:
        unit, unit_place, positions = rng.choice(_UNITS)
        place, region, area = rng.choice(_PLACES)
        an, an2 = rng.sample(_ACCUSED, 2)
        cn, c2, c3 = rng.sample(_COMPLAINANTS, 3)
        pos = rng.choice(positions)
        pos2 = rng.choice([p for p in positions if p != pos] or ["副职"])
        return {
            "cn": cn,
            "c2": c2,
            "c3": c3,
            "an": an,
            "an2": an2,
            "tp": rng.choice(_THIRD),
            "unit": unit,
            "unit_places": (unit_place,) if unit_place else (),
            "pos": pos,
            "pos2": pos2,
            "place": place,
            "area": area,
            "cid": valid_id(rng, region),
            "cph": _mobile(rng),
            "tph": _mobile(rng),
            "amount": rng.choice(_AMOUNTS),
            "level": rng.choice(_LEVELS),
            "date": rng.choice(_DATES),
        }

    def places(s: dict[str, object], *own: str) -> tuple[str, ...]:
        return (*own, *s["unit_places"])  # type: ignore[misc]

    for i in range(10):  # OCR letter, self-introduction, briber, signature with 实名举报人
        s = pick()
        amt_w, _, amt_v = s["amount"]  # type: ignore[misc]
        lvl_w, lvl = s["level"]  # type: ignore[misc]
        text = (
            f"实名举报信\n本人{s['cn']}，男，汉族，现住{s['place']}和平路12号，"
            f"身份证号：{s['cid']}，手机：{s['cph']}。\n"
            f"现实名举报{s['unit']}{s['pos']}{s['an']}{lvl_w}多次收受包工头{s['tp']}"
            f"好处费共{amt_w}，并为其承揽工程提供便利。\n"
            f"恳请上级纪委调查处理。\n实名举报人：{s['cn']}\n{s['date']}"
        )
        rows.append(
            Case(
                id=f"h2-letter-selfintro-{i}",
                channel="letter",
                text=ocr(text, rng, width=rng.choice((16, 18, 22)), spaces=0.05),
                name=str(s["cn"]),
                id_number=str(s["cid"]),
                phones=(e164(str(s["cph"])),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                levels=(lvl,),
                amounts=(amt_v,),
                places=places(s, str(s["place"])),
                mentioned=(str(s["tp"]),),
            )
        )
    for i in range(9):  # OCR co-signed letter; the contact person is the complainant
        s = pick()
        amt_w, _, amt_v = s["amount"]  # type: ignore[misc]
        text = (
            f"联名举报信\n县纪委：\n我们是{s['place']}的群众，反映{s['unit']}{s['pos']}"
            f"{s['an']}截留群众征地补偿款{amt_w}的问题。大家多次讨要无果，特联名反映。\n"
            f"联名人：{s['cn']}、{s['c2']}、{s['c3']}\n联系人：{s['cn']}，电话{s['cph']}\n"
            f"{s['date']}"
        )
        rows.append(
            Case(
                id=f"h2-letter-cosigned-{i}",
                channel="letter",
                text=ocr(text, rng, width=rng.choice((19, 21))),
                name=str(s["cn"]),
                phones=(e164(str(s["cph"])),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                amounts=(amt_v,),
                places=places(s, str(s["place"])),
            )
        )
    for i in range(9):  # OCR letter, anonymous self-description, the accused's wife
        s = pick()
        amt_w, _, amt_v = s["amount"]  # type: ignore[misc]
        lvl_w, lvl = s["level"]  # type: ignore[misc]
        text = (
            f"尊敬的领导：\n{s['unit']}{s['pos']}{s['an']}{lvl_w}让其妻子{s['tp']}注册公司，"
            f"承接本单位的采购项目，{s['an']}从中获利{amt_w}。\n以上情况属实，请组织调查。\n"
            f"一名知情群众\n{s['date']}"
        )
        rows.append(
            Case(
                id=f"h2-letter-anon-wife-{i}",
                channel="letter",
                text=ocr(text, rng, width=rng.choice((17, 20)), spaces=0.04),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                levels=(lvl,),
                amounts=(amt_v,),
                places=places(s),
                mentioned=(str(s["tp"]),),
            )
        )
    for i in range(11):  # Vosk transcript, caller gives name, home and mobile, a briber
        s = pick()
        _, amt_s, amt_v = s["amount"]  # type: ignore[misc]
        text = (
            f"喂，是纪委吗？我叫{s['cn']}，是{s['place']}的，电话是{s['cph']}。"
            f"我要举报{s['unit']}的{s['pos']}{s['an']}，他收了老板{s['tp']}{amt_s}。"
        )
        rows.append(
            Case(
                id=f"h2-call-named-{i}",
                channel="phone",
                text=asr(text, rng),
                name=str(s["cn"]),
                phones=(e164(str(s["cph"])),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                amounts=(amt_v,),
                places=places(s, str(s["place"])),
                mentioned=(str(s["tp"]),),
            )
        )
    for i in range(9):  # Vosk transcript, anonymous staff member, two accused of one unit
        s = pick()
        text = (
            f"我就不说名字了，我是他们单位的职工。{s['unit']}{s['pos']}{s['an']}"
            f"和{s['pos2']}{s['an2']}两个人经常用公款吃喝，还报销私人旅游的费用。"
        )
        rows.append(
            Case(
                id=f"h2-call-anon-two-{i}",
                channel="phone",
                text=asr(text, rng),
                accused=(str(s["an"]), str(s["an2"])),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]), str(s["pos2"])),
                places=places(s),
            )
        )
    for i in range(10):  # web form fields, labelled; some complainants give a landline
        s = pick()
        amt_w, _, amt_v = s["amount"]  # type: ignore[misc]
        phone = _landline(rng, str(s["area"])) if i % 3 == 0 else str(s["cph"])
        text = (
            f"举报人姓名：{s['cn']}\n身份证号码：{s['cid']}\n联系电话：{phone}\n"
            f"被举报人姓名：{s['an']}\n被举报人单位：{s['unit']}\n被举报人职务：{s['pos']}\n"
            f"问题描述：{s['an']}在工作中违规为亲属谋利，收受礼金{amt_w}。"
        )
        rows.append(
            Case(
                id=f"h2-web-form-{i}",
                channel="web",
                text=text,
                name=str(s["cn"]),
                id_number=str(s["cid"]),
                phones=(e164(phone),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                amounts=(amt_v,),
                places=places(s),
            )
        )
    for i in range(9):  # web free text, anonymous employee, two accused, a relative
        s = pick()
        amt_w, _, amt_v = s["amount"]  # type: ignore[misc]
        text = (
            f"我是一名普通职工，不便透露姓名。{s['unit']}{s['pos']}{s['an']}、{s['pos2']}"
            f"{s['an2']}二人合伙，把单位的工程交给{s['an']}的弟弟{s['tp']}去做，"
            f"虚报工程款{amt_w}。"
        )
        rows.append(
            Case(
                id=f"h2-web-anon-two-{i}",
                channel="web",
                text=text,
                accused=(str(s["an"]), str(s["an2"])),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]), str(s["pos2"])),
                amounts=(amt_v,),
                places=places(s),
                mentioned=(str(s["tp"]),),
            )
        )
    for i in range(9):  # web free text, full-width digits, a level after the position
        s = pick()
        amt_w, _, amt_v = s["amount"]  # type: ignore[misc]
        lvl_w, lvl = s["level"]  # type: ignore[misc]
        text = (
            f"实名反映：我叫{s['cn']}，身份证号{fullwidth_digits(str(s['cid']))}，"
            f"电话{fullwidth_digits(str(s['cph']))}（白天可接）。"
            f"{s['unit']}{s['pos']}{s['an']}{lvl_w}违规收受管理服务对象购物卡{amt_w}，"
            f"请依规查处。"
        )
        rows.append(
            Case(
                id=f"h2-web-fullwidth-{i}",
                channel="web",
                text=text,
                name=str(s["cn"]),
                id_number=str(s["cid"]),
                phones=(e164(str(s["cph"])),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                levels=(lvl,),
                amounts=(amt_v,),
                places=places(s),
            )
        )
    for i in range(10):  # desk note, labelled lines, a witness with a phone
        s = pick()
        amt_w, _, amt_v = s["amount"]  # type: ignore[misc]
        text = desk(
            [
                ("来访人", str(s["cn"])),
                ("性别", rng.choice(("男", "女"))),
                ("身份证号", str(s["cid"])),
                ("联系电话", str(s["cph"])),
                ("住址", f"{s['place']}幸福小区"),
            ],
            f"{s['unit']}{s['pos']}{s['an']}在项目验收时索要{amt_w}，证人{s['tp']}"
            f"（电话{s['tph']}）当时在场，可以作证。",
        )
        rows.append(
            Case(
                id=f"h2-desk-witness-{i}",
                channel="visit",
                text=text,
                name=str(s["cn"]),
                id_number=str(s["cid"]),
                phones=(e164(str(s["cph"])),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                amounts=(amt_v,),
                places=places(s, str(s["place"])),
                mentioned=(str(s["tp"]),),
            )
        )
    for i in range(8):  # desk note of a group visit, the representative's details
        s = pick()
        text = (
            f"接待记录\n来访形式：集体访（{rng.randint(5, 12)}人）\n"
            f"代表：{s['cn']}，联系电话{s['cph']}\n"
            f"来访人反映：{s['unit']}{s['pos']}{s['an']}长期拖欠农民工工资，"
            f"群众多次反映无人处理。"
        )
        rows.append(
            Case(
                id=f"h2-desk-group-{i}",
                channel="visit",
                text=text,
                name=str(s["cn"]),
                phones=(e164(str(s["cph"])),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                places=places(s),
            )
        )
    for i in range(8):  # OCR letter titled by the matter, the accused introduced first
        s = pick()
        lvl_w, lvl = s["level"]  # type: ignore[misc]
        amt_w, _, amt_v = s["amount"]  # type: ignore[misc]
        text = (
            f"关于{s['an']}违纪违法问题的举报\n{s['an']}，男，现任{s['unit']}{s['pos']}"
            f"{lvl_w}。{s['an']}在任职期间利用职权侵吞公款{amt_w}。\n"
            f"反映人：{s['cn']}  电话：{s['cph']}\n{s['date']}"
        )
        rows.append(
            Case(
                id=f"h2-letter-accused-first-{i}",
                channel="letter",
                text=ocr(text, rng, width=rng.choice((18, 24)), spaces=0.03),
                name=str(s["cn"]),
                phones=(e164(str(s["cph"])),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                levels=(lvl,),
                amounts=(amt_v,),
                places=places(s),
            )
        )
    for i in range(8):  # Vosk transcript, a self-description, a call-back number
        s = pick()
        text = (
            f"你好，我是一个老百姓，不方便说名字。我要反映{s['unit']}的{s['pos']}{s['an']}，"
            f"他在疫情期间把防疫物资拿回家。你们要核实可以打我电话{s['cph']}。"
        )
        rows.append(
            Case(
                id=f"h2-call-selfdesc-{i}",
                channel="phone",
                text=asr(text, rng),
                phones=(e164(str(s["cph"])),),
                accused=(str(s["an"]),),
                units=(str(s["unit"]),),
                positions=(str(s["pos"]),),
                places=places(s),
            )
        )
    return rows


HELDOUT2: list[Case] = _cases()
