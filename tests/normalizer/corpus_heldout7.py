"""The SEVENTH held-out extraction corpus: written before the seventh round's changes.

Written on 2026-12-02, before any change to the extractors in that round (issue 16, seventh
round), from an imagination of real inputs, not from the extraction rules nor from any output
of the extractors. Letters as OCR prints them (hard line breaks, stray spaces, l/O for 1/0, a
misread character), calls as Vosk prints them (a space between tokens, digits read out with
幺/两/洞, fillers 嗯、那个、就是, a number said twice, a number corrected by the caller, an ID
number dictated in groups) and as a hotline clerk writes them down, web forms and free texts,
desk notes of single and group visits. Its names, units and places appear in no earlier
corpus: Yunnan's Nujiang, Dehong and Honghe (傈僳, 景颇 and 哈尼 names), Inner Mongolia's
Ewenki banner and 科尔沁左翼中旗 (苏木, 嘎查), the Xinjiang 兵团's 第一师 and Ili and Hotan
(Kazakh and Uyghur names with ·), Ningxia's Shizuishan, Qinghai's Huangnan 州 and the Tu
autonomous county, Guizhou's 紫云 and 松桃 自治县, Sichuan's Garze and Aba, Yanbian's 和龙 and
图们 (朝鲜族 names), Fujian's Putian and Jinjiang, Chaoshan's 揭西 and 陆丰.
Traps of its own: surnames that read as words (牛, 花, 蓝, 雷, 卜, 谷, 有, 巫, 单, 解, 仇),
full names that are common words (朝阳, 和平, 国庆, 胜利, 雷鸣), single-character given names,
the accused described before the name, retired cadres, acting and in-charge heads, one person
with 兼 or two units, 村两委, 社区 secretaries, a state-owned company's chairman, hospital and
school heads, police, landlines with an area code, extensions, numbers in groups, the
accused's, a relative's and a journalist's phones, ID numbers ending in X or x, an ID number
split over a line, amounts as 万余元, 两万五, 一百二十万, 3.5万元 and vague ones, a name given
with a request for confidentiality, writing for a relative, co-signed letters, a signature only
at the end, a salutation naming an official who is not accused.

Gold conventions are those of ``corpus_heldout4.py``, spelt out where needed as in
``corpus_heldout6.py``: the position is what the text writes after the unit (原局长 and 代理局长
keep the modifier written after the unit); an extension is not part of the phone; an ID number
written with a lower-case x has its gold in upper case; a vague amount (数十万元, 一百多万) has
no gold amount while 万余元 is 10000; a name given with a request for confidentiality is still
the complainant's name; whoever writes or calls for a relative is the complainant and the
relative is mentioned; an addressee in the salutation is neither accused nor mentioned; a
journalist or a relative whose phone is given is mentioned and the phone is not the
complainant's.

First measured at 708383f, before any change to the extractors: P/R name 0.963/0.619, ID
1.000/0.955, phone 0.891/0.953, accused 0.898/0.710, unit 0.643/0.429, position 0.729/0.530,
level 1.000/0.667, amount 0.822/0.804, place 0.600/0.686; regex baseline name 0.652/0.357, unit
0.750/0.095; no self-description or third party taken as the complainant. Kept unread by the
sixth round, and measured again only once, after it.
"""

from __future__ import annotations

import random

from tests.normalizer.corpus_tools import Case, asr, desk, e164, fullwidth_digits, ocr
from tests.normalizer.generators import make_id

__all__ = ["HELDOUT7"]

_RNG = random.Random(20261202_7)


def _ocr(text: str, width: int, spaces: float = 0.03) -> str:
    return ocr(text, _RNG, width=width, spaces=spaces)


def _asr(text: str) -> str:
    return asr(text, _RNG)


_ID = {
    "和四妹": make_id("533301", "19840512", "226"),
    "勒排早": make_id("533103", "19790308", "141"),
    "卢阿波": make_id("532528", "19860921", "057"),
    "那顺": make_id("150724", "19670204", "113"),
    "包朝阳": make_id("150521", "19750816", "195"),
    "努尔兰·赛力克": make_id("654002", "19880622", "331"),
    "牛和平": make_id("640202", "19720109", "073"),
    "花国庆": make_id("632321", "19691001", "219"),
    "李胜利": make_id("630223", "19810715", "038"),
    "禄雷鸣": make_id("520425", "19901130", "277"),
    "蓝秀": make_id("520628", "19870403", "162"),
    "泽仁拉姆": make_id("513334", "19930517", "084"),
    "卜凡": make_id("513201", "19850228", "301"),
    "全成浩": make_id("222406", "19680919", "155"),
    "谷丽": make_id("350302", "19761204", "046"),
    "施清泉": make_id("350582", "19640327", "119"),
    "巫少銮": make_id("445222", "19830802", "210"),
    "解红霞": make_id("441581", "19910611", "268"),
}


def _x_id(region: str, birth: str) -> str:
    for seq in range(1000):
        number = make_id(region, birth, f"{seq:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError(region)


_ID["单玉珍"] = _x_id("653201", "19770930")
_ID["仇建平"] = _x_id("222402", "19660418")
_ID["有春燕"] = _x_id("659002", "19890103")

_ROWS: list[Case] = [
    # --- letters, as OCR prints them ---------------------------------------------------------
    Case(
        id="h7-letter-accused-described-before-name-retired-to-cppcc",
        channel="letter",
        text=_ocr(
            "尊敬的州纪委：\n我叫和四妹，傈僳族，住怒江傈僳族自治州泸水市六库街道，身份证号"
            f"{_ID['和四妹']}，电话13988613427。\n泸水市住房和城乡建设局原局长、现任市人大"
            "常委会副主任的余德春，在任时把易地搬迁安置房工程给了他的同学，收受好处费"
            "一百二十万元。\n举报人：和四妹\n2026年11月21日",
            width=21,
        ),
        name="和四妹",
        id_number=_ID["和四妹"],
        phones=(e164("13988613427"),),
        accused=("余德春",),
        units=("泸水市住房和城乡建设局", "市人大常委会"),
        positions=("原局长", "副主任"),
        amounts=(1200000,),
        places=("怒江傈僳族自治州泸水市六库街道", "泸水市"),
    ),
    Case(
        id="h7-letter-name-asks-confidential-jingpo",
        channel="letter",
        text=_ocr(
            "反映信\n我是德宏傣族景颇族自治州芒市西山乡的勒排早，恳请替我保密。\n"
            "西山乡人民政府乡长排某在橡胶产业补助发放中，每户克扣六百元，全乡二百余户。\n"
            f"身份证号：{_ID['勒排早']}\n电话：0692-2281546\n2026年10月",
            width=22,
        ),
        name="勒排早",
        id_number=_ID["勒排早"],
        phones=(e164("0692-2281546"),),
        accused=("排某",),
        units=("西山乡人民政府",),
        positions=("乡长",),
        amounts=(600,),
        places=("德宏傣族景颇族自治州芒市西山乡",),
    ),
    Case(
        id="h7-letter-written-for-mother-hani",
        channel="letter",
        text=_ocr(
            "代母亲反映\n我母亲李阿英是红河哈尼族彝族自治州元阳县新街镇的村民，今年八十岁。"
            "我是她儿子卢阿波，身份证号" + _ID["卢阿波"] + "，电话15912736480。\n"
            "新街镇民政办主任普某把我母亲的高龄补贴扣了两年，共两千四百元。\n卢阿波\n2026年9月",
            width=20,
        ),
        name="卢阿波",
        id_number=_ID["卢阿波"],
        phones=(e164("15912736480"),),
        accused=("普某",),
        units=("新街镇民政办",),
        positions=("主任",),
        amounts=(2400,),
        places=("红河哈尼族彝族自治州元阳县新街镇",),
        mentioned=("李阿英",),
    ),
    Case(
        id="h7-letter-co-signed-herders-contact",
        channel="letter",
        text=_ocr(
            "联名信\n我们是鄂温克族自治旗巴彦托海镇孟根楚鲁嘎查的牧民。嘎查委员会主任"
            "敖某某把草场流转费一万余元截留不发。\n签名：那顺、萨仁、阿拉坦仓\n"
            f"联系人：那顺  电话：15334906217  身份证：{_ID['那顺']}\n2026年11月4日",
            width=23,
        ),
        name="那顺",
        id_number=_ID["那顺"],
        phones=(e164("15334906217"),),
        accused=("敖某某",),
        units=("嘎查委员会",),
        positions=("主任",),
        amounts=(10000,),
        places=("鄂温克族自治旗巴彦托海镇孟根楚鲁嘎查",),
        mentioned=("萨仁", "阿拉坦仓"),
    ),
    Case(
        id="h7-letter-salutation-official-signed-only-at-end",
        channel="letter",
        text=_ocr(
            "尊敬的赵志刚旗长：\n科尔沁左翼中旗保康镇党委副书记宝音在嘎查道路硬化工程中"
            "收了老板两万五，路修了半年就坏了。\n请赵旗长为我们做主。\n"
            "反映人：包朝阳\n13947502681\n" + _ID["包朝阳"] + "\n2026年11月17日",
            width=22,
        ),
        name="包朝阳",
        id_number=_ID["包朝阳"],
        phones=(e164("13947502681"),),
        accused=("宝音",),
        units=("科尔沁左翼中旗保康镇",),
        positions=("党委副书记",),
        amounts=(25000,),
        places=("科尔沁左翼中旗保康镇",),
    ),
    Case(
        id="h7-letter-landline-extension-acting-head-kazakh",
        channel="letter",
        text=_ocr(
            "举报信\n伊宁市农业农村局代理局长叶尔兰·托合塔尔，在高标准农田项目中虚报工程量，"
            "多拨付资金八十六万元。\n举报人：努尔兰·赛力克，伊宁市英也尔镇居民\n"
            f"身份证号{_ID['努尔兰·赛力克']}\n单位电话：0999-8036521转306\n2026年10月29日",
            width=21,
        ),
        name="努尔兰·赛力克",
        id_number=_ID["努尔兰·赛力克"],
        phones=(e164("0999-8036521"),),
        accused=("叶尔兰·托合塔尔",),
        units=("伊宁市农业农村局",),
        positions=("代理局长",),
        amounts=(860000,),
        places=("伊宁市", "伊宁市英也尔镇"),
    ),
    Case(
        id="h7-letter-id-x-split-surname-shan",
        channel="letter",
        text=(
            "反 映 信\n我叫单玉珍，和田市古江巴格街道居民，身份证号6532011977\n"
            f"{_ID['单玉珍'][10:]}，手机 181 9903 2764。\n古江巴格街道办事处副主任吐某"
            "在廉租房分配中收了3.5万元，\n把房子分给了不符合条件的人。\n单玉珍\n2026.11.3"
        ),
        name="单玉珍",
        id_number=_ID["单玉珍"],
        phones=(e164("18199032764"),),
        accused=("吐某",),
        units=("古江巴格街道办事处",),
        positions=("副主任",),
        amounts=(35000,),
        places=("和田市古江巴格街道",),
    ),
    Case(
        id="h7-letter-anonymous-old-party-member-two-accused-vague",
        channel="letter",
        text=_ocr(
            "尊敬的县纪委：\n我是一名老党员，本村村民。松桃苗族自治县盘信镇党委书记石某某、"
            "副镇长龙胜利在集镇改造中与开发商勾结，从中捞了数十万元。\n本村村民\n2026年11月",
            width=20,
        ),
        accused=("石某某", "龙胜利"),
        units=("松桃苗族自治县盘信镇",),
        positions=("党委书记", "副镇长"),
        places=("松桃苗族自治县盘信镇",),
    ),
    Case(
        id="h7-letter-hospital-head-level-bracket-supplier",
        channel="letter",
        text=_ocr(
            "举报材料\n理塘县人民医院院长降央（副科级）在采购救护车时收受供应商王某回扣"
            "9.8万元，并让他妻子在医院食堂承包。\n——医院职工\n2026年8月",
            width=22,
        ),
        accused=("降央",),
        units=("理塘县人民医院",),
        positions=("院长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(98000,),
        places=("理塘县",),
        mentioned=("王某",),
    ),
    Case(
        id="h7-letter-bingtuan-city-soe-chairman",
        channel="letter",
        text=_ocr(
            "实名举报\n举报人：有春燕，女，身份证号"
            f"{_ID['有春燕']}，电话18099721536。\n被举报人：新疆生产建设兵团第一师阿拉尔市"
            "国有资产经营有限责任公司董事长谷建设。\n谷建设违规把公司资金借给朋友的企业，"
            "造成损失一千二百万元。\n2026年11月9日",
            width=24,
        ),
        name="有春燕",
        id_number=_ID["有春燕"],
        phones=(e164("18099721536"),),
        accused=("谷建设",),
        units=("新疆生产建设兵团第一师阿拉尔市国有资产经营有限责任公司",),
        positions=("董事长",),
        amounts=(12000000,),
        places=("新疆生产建设兵团第一师阿拉尔市",),
    ),
    Case(
        id="h7-letter-journalist-phone-level-bracket",
        channel="letter",
        text=_ocr(
            "尊敬的市纪委：\n我叫牛和平，住石嘴山市大武口区长城街道。大武口区自然资源局"
            "局长马某（副县级）违规给煤场办手续，收受好处三十万元。此事《塞上晚报》记者"
            "蓝天（电话13895203417）已经调查过。\n"
            f"我的电话：13909528160\n身份证号：{_ID['牛和平']}\n牛和平\n2026年10月",
            width=21,
        ),
        name="牛和平",
        id_number=_ID["牛和平"],
        phones=(e164("13909528160"),),
        accused=("马某",),
        units=("大武口区自然资源局",),
        positions=("局长",),
        levels=("COUNTY_DIVISION",),
        amounts=(300000,),
        places=("石嘴山市大武口区长城街道", "大武口区"),
        mentioned=("蓝天",),
    ),
    Case(
        id="h7-letter-deputy-mayor-concurrently-police-chief",
        channel="letter",
        text=_ocr(
            "举报信\n黄南藏族自治州同仁市副市长兼市公安局局长才某，包庇隆务镇的非法采砂场，"
            "每年收好处费十万余元。\n举报人：花国庆，隆务镇居民\n"
            f"电话：13709731582  身份证：{_ID['花国庆']}\n2026年11月13日",
            width=22,
        ),
        name="花国庆",
        id_number=_ID["花国庆"],
        phones=(e164("13709731582"),),
        accused=("才某",),
        units=("黄南藏族自治州同仁市", "市公安局"),
        positions=("副市长", "局长"),
        amounts=(100000,),
        places=("黄南藏族自治州同仁市", "隆务镇"),
    ),
    Case(
        id="h7-letter-police-station-and-traffic-brigade-insider",
        channel="letter",
        text=_ocr(
            "举报\n陆丰市公安局碣石派出所所长黄某、陆丰市公安局交通警察大队大队长"
            "庄少雄，长期收取碣石镇砂石车老板的好处，每人每月一万五。\n知情人\n2026年9月",
            width=21,
        ),
        accused=("黄某", "庄少雄"),
        units=("陆丰市公安局碣石派出所", "陆丰市公安局交通警察大队"),
        positions=("所长", "大队长"),
        amounts=(15000,),
        places=("陆丰市", "碣石镇"),
    ),
    Case(
        id="h7-letter-community-secretary-word-name",
        channel="letter",
        text=_ocr(
            "反映信\n我叫仇建平，朝鲜族，住图们市向上街道长安社区，身份证号"
            f"{_ID['仇建平']}，电话13596678042。\n长安社区党委书记朴胜利把社区"
            "公益岗位给了自己的女儿，每月工资二千三百元。\n仇建平\n2026年11月2日",
            width=20,
        ),
        name="仇建平",
        id_number=_ID["仇建平"],
        phones=(e164("13596678042"),),
        accused=("朴胜利",),
        units=("长安社区",),
        positions=("党委书记",),
        amounts=(2300,),
        places=("图们市向上街道长安社区",),
    ),
    Case(
        id="h7-letter-ocr-misread-tu-county-level",
        channel="letter",
        text=(
            "举 极 信\n本人李胜利，互助土族自治县威远镇居民，身份证号"
            f"{_ID['李胜利']}，屯话 l35 O972 6613。\n互助土族自治县教育\n局副局长"
            "祁某（正科级）在教师调动中每人收取两万元。\n李胜利\n2026.10.21"
        ),
        name="李胜利",
        id_number=_ID["李胜利"],
        phones=(e164("13509726613"),),
        accused=("祁某",),
        units=("互助土族自治县教育局",),
        positions=("副局长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(20000,),
        places=("互助土族自治县威远镇", "互助土族自治县"),
    ),
    Case(
        id="h7-letter-village-two-committees-accused-phone-daughter",
        channel="letter",
        text=_ocr(
            "尊敬的县纪委：\n我叫禄雷鸣，紫云苗族布依族自治县板当镇雄鹰村村民，身份证号"
            f"{_ID['禄雷鸣']}。雄鹰村两委负责人安某某把护林员名额给了亲戚。安某某的电话是"
            "15085632271。\n我的电话18285641093，我女儿的电话15902575316。\n禄雷鸣\n2026年10月6日",
            width=21,
        ),
        name="禄雷鸣",
        id_number=_ID["禄雷鸣"],
        phones=(e164("18285641093"),),
        accused=("安某某",),
        units=("雄鹰村两委",),
        positions=("负责人",),
        places=("紫云苗族布依族自治县板当镇雄鹰村",),
    ),
    Case(
        id="h7-letter-retired-school-head-anonymous-teacher",
        channel="letter",
        text=_ocr(
            "举报信\n已经退休的原马尔康市中学校长杨某某，退休前把学校的营养餐配送"
            "交给他外甥做，几年下来获利一百多万元。\n一名教师\n2026年11月",
            width=22,
        ),
        accused=("杨某某",),
        units=("马尔康市中学",),
        positions=("校长",),
        places=("马尔康市",),
    ),
    Case(
        id="h7-letter-school-two-accused-parent-signed",
        channel="letter",
        text=_ocr(
            "关于莆田市城厢区龙桥中学的举报\n龙桥中学校长方某、副校长兼教务主任"
            "黄伟雄向家长收取择班费，每人三千元。\n一位家长\n2026年10月31日",
            width=22,
        ),
        accused=("方某", "黄伟雄"),
        units=("莆田市城厢区龙桥中学",),
        positions=("校长", "副校长"),
        amounts=(3000,),
        places=("莆田市城厢区",),
    ),
    Case(
        id="h7-letter-single-char-given-name-dashed-phone",
        channel="letter",
        text=_ocr(
            "反映信\n我叫卜凡，住马尔康市达萨街道，身份证号"
            f"{_ID['卜凡']}，手机 139-0904-7125。\n马尔康市市场监督管理局副局长巫某"
            "在食品经营许可审批中收了4万元。\n卜凡\n2026年9月26日",
            width=21,
        ),
        name="卜凡",
        id_number=_ID["卜凡"],
        phones=(e164("13909047125"),),
        accused=("巫某",),
        units=("马尔康市市场监督管理局",),
        positions=("副局长",),
        amounts=(40000,),
        places=("马尔康市达萨街道", "马尔康市"),
    ),
    Case(
        id="h7-letter-in-charge-deputy-home-landline",
        channel="letter",
        text=_ocr(
            "举报信\n本人谷丽，女，住莆田市城厢区凤凰山街道，身份证号"
            f"{_ID['谷丽']}，手机13859012746，家里电话(0594)2687351。\n"
            "城厢区卫生健康局主持工作的副局长郑某在诊所审批中每家收取1.5万元。\n"
            "谷丽\n2026年11月19日",
            width=22,
        ),
        name="谷丽",
        id_number=_ID["谷丽"],
        phones=(e164("13859012746"), e164("(0594)2687351")),
        accused=("郑某",),
        units=("城厢区卫生健康局",),
        positions=("副局长",),
        amounts=(15000,),
        places=("莆田市城厢区凤凰山街道", "城厢区"),
    ),
    # --- calls, as Vosk prints them, and as a hotline clerk writes them down -----------------
    Case(
        id="h7-call-number-corrected-by-caller",
        channel="phone",
        text=(
            "喂 你好 我 叫 全 成 浩 电话 是 幺 五 七 四 三 三 八 两 九 洞 六 啊 不对 "
            "说错 了 是 幺 五 七 四 三 三 八 两 九 洞 七 嗯 我 反映 和龙 市 八家子 镇 "
            "镇长 崔 某 他 收 了 人参 种植 户 的 钱"
        ),
        name="全成浩",
        phones=(e164("15743382907"),),
        accused=("崔某",),
        units=("和龙市八家子镇",),
        positions=("镇长",),
        places=("和龙市八家子镇",),
    ),
    Case(
        id="h7-call-number-said-twice",
        channel="phone",
        text=(
            "喂 那个 我 是 包 朝 阳 我 电话 幺 三 九 四 七 五 洞 两 六 八 幺 "
            "再 报 一 遍 幺 三 九 四 七 五 洞 两 六 八 幺 就是 保康 镇 党委 副 书记 宝 音 "
            "修路 收 了 老板 两万 五"
        ),
        name="包朝阳",
        phones=(e164("13947502681"),),
        accused=("宝音",),
        units=("保康镇",),
        positions=("党委副书记",),
        amounts=(25000,),
        places=("保康镇",),
    ),
    Case(
        id="h7-call-id-dictated-in-groups",
        channel="phone",
        text=(
            "你好 我 叫 牛 和 平 和平 的 和平 身份证 号 六 四 洞 两 洞 两 "
            "幺 九 七 两 洞 幺 洞 九 洞 七 三 "
            + _ID["牛和平"][-1]
            + " 电话 幺 三 九 洞 九 五 两 八 幺 六 洞 我 要 反映 大武口 区 长城 街道 "
            "办事处 主任 何 某 低保 要 送 钱 才 给 办 一 户 两千"
        ),
        name="牛和平",
        id_number=_ID["牛和平"],
        phones=(e164("13909528160"),),
        accused=("何某",),
        units=("大武口区长城街道办事处",),
        positions=("主任",),
        amounts=(2000,),
        places=("大武口区长城街道",),
    ),
    Case(
        id="h7-call-fillers-lisu-name",
        channel="phone",
        text=_asr(
            "喂，嗯，你好，我是那个和四妹，泸水市六库街道的，电话13988613427。就是，"
            "我要反映泸水市民政局副局长付某某，我们小区的低保，嗯，他要每户交两千才给办。"
        ),
        name="和四妹",
        phones=(e164("13988613427"),),
        accused=("付某某",),
        units=("泸水市民政局",),
        positions=("副局长",),
        amounts=(2000,),
        places=("泸水市六库街道", "泸水市"),
    ),
    Case(
        id="h7-call-landline-callback",
        channel="phone",
        text=_asr(
            "你好，我叫勒排早，芒市西山乡的，我没有手机，你打乡里小卖部的座机，0692-2281546。"
            "那个，西山乡乡长排某，就是他，每户扣我们六百块。"
        ),
        name="勒排早",
        phones=(e164("0692-2281546"),),
        accused=("排某",),
        units=("西山乡",),
        positions=("乡长",),
        amounts=(600,),
        places=("芒市西山乡",),
    ),
    Case(
        id="h7-call-anonymous-insider",
        channel="phone",
        text=_asr(
            "喂，我不说名字了，我是单位职工，就是，陆丰市公安局碣石派出所所长黄某，"
            "他收砂石车老板的钱，嗯，一个月一万五。"
        ),
        accused=("黄某",),
        units=("陆丰市公安局碣石派出所",),
        positions=("所长",),
        amounts=(15000,),
        places=("陆丰市",),
    ),
    Case(
        id="h7-call-clerk-summary-gacha-confidential",
        channel="phone",
        text=(
            "来电人：那顺，男，鄂温克族自治旗巴彦托海镇孟根楚鲁嘎查牧民，回拨电话15334906217。"
            "反映：嘎查委员会主任敖某某截留草场流转费一万余元。来电人要求对其身份保密。"
        ),
        name="那顺",
        phones=(e164("15334906217"),),
        accused=("敖某某",),
        units=("嘎查委员会",),
        positions=("主任",),
        amounts=(10000,),
        places=("鄂温克族自治旗巴彦托海镇孟根楚鲁嘎查",),
    ),
    Case(
        id="h7-call-clerk-summary-anonymous-soe",
        channel="phone",
        text=(
            "来电人不愿留姓名，自称阿拉尔市国企职工。反映新疆生产建设兵团第一师阿拉尔市"
            "国有资产经营有限责任公司董事长谷建设违规出借资金，损失一千多万元。"
        ),
        accused=("谷建设",),
        units=("新疆生产建设兵团第一师阿拉尔市国有资产经营有限责任公司",),
        positions=("董事长",),
        places=("新疆生产建设兵团第一师阿拉尔市",),
    ),
    Case(
        id="h7-call-for-father-father-named",
        channel="phone",
        text=_asr(
            "喂你好，我替我爸打的，我爸叫泽仁多吉，他不会说普通话。我叫泽仁拉姆，电话18380614257。"
            "理塘县甲洼镇副镇长洛某，我爸的草原奖补被他扣了，嗯，扣了四千。"
        ),
        name="泽仁拉姆",
        phones=(e164("18380614257"),),
        accused=("洛某",),
        units=("理塘县甲洼镇",),
        positions=("副镇长",),
        amounts=(4000,),
        places=("理塘县甲洼镇",),
        mentioned=("泽仁多吉",),
    ),
    Case(
        id="h7-call-accused-phone-after-own",
        channel="phone",
        text=_asr(
            "你好，我叫巫少銮，电话13829631574。我反映揭西县棉湖镇镇长陈某，他收开发商的钱，"
            "嗯，陈某的手机是13926174408，你们打过去问他。"
        ),
        name="巫少銮",
        phones=(e164("13829631574"),),
        accused=("陈某",),
        units=("揭西县棉湖镇",),
        positions=("镇长",),
        places=("揭西县棉湖镇",),
    ),
    Case(
        id="h7-call-community-secretary-word-name",
        channel="phone",
        text=_asr(
            "喂，嗯，我是仇建平，图们市向上街道的，电话13596678042。那个，我们长安社区的"
            "书记朴胜利，就是胜利的胜利，他把公益岗给了他女儿。"
        ),
        name="仇建平",
        phones=(e164("13596678042"),),
        accused=("朴胜利",),
        units=("长安社区",),
        positions=("书记",),
        places=("图们市向上街道", "长安社区"),
    ),
    Case(
        id="h7-call-clerk-summary-relative-phone",
        channel="phone",
        text=(
            "来电人施清泉称，晋江市陈埭镇党委副书记洪某某在旧村改造中多占安置面积，"
            "给其弟弟多分了一套房。来电人电话13905958213；其儿子施文斌手机15859503716也可联系。"
        ),
        name="施清泉",
        phones=(e164("13905958213"),),
        accused=("洪某某",),
        units=("晋江市陈埭镇",),
        positions=("党委副书记",),
        places=("晋江市陈埭镇",),
        mentioned=("施文斌",),
    ),
    Case(
        id="h7-call-hospital-head-spoken-amount",
        channel="phone",
        text=_asr(
            "喂，你好，我是理塘县人民医院的，名字不报了，那个，我们院长降央，"
            "买救护车的时候拿了回扣，九万八。"
        ),
        accused=("降央",),
        units=("理塘县人民医院",),
        positions=("院长",),
        amounts=(98000,),
        places=("理塘县",),
    ),
    Case(
        id="h7-call-spaced-name-single-char",
        channel="phone",
        text=(
            "喂 我 姓 卜 占卜 的 卜 叫 卜 凡 平凡 的 凡 电话 幺 三 九 洞 九 洞 四 七 幺 两 五 "
            "嗯 就是 马尔康 市 市场 监督 管理 局 副 局长 巫 某 收 了 我 四万"
        ),
        name="卜凡",
        phones=(e164("13909047125"),),
        accused=("巫某",),
        units=("马尔康市市场监督管理局",),
        positions=("副局长",),
        amounts=(40000,),
        places=("马尔康市",),
    ),
    # --- web forms and free texts --------------------------------------------------------------
    Case(
        id="h7-web-form-lowercase-x-id-level-field",
        channel="web",
        text=(
            f"举报人姓名：单玉珍\n证件号码：{_ID['单玉珍'].lower()}\n联系电话：181-9903-2764\n"
            "被举报人姓名：吐某\n工作单位：和田市古江巴格街道办事处\n职务：副主任\n级别：副科级\n"
            "问题描述：吐某在廉租房分配中收受好处费3.5万元。"
        ),
        name="单玉珍",
        id_number=_ID["单玉珍"],
        phones=(e164("18199032764"),),
        accused=("吐某",),
        units=("和田市古江巴格街道办事处",),
        positions=("副主任",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(35000,),
        places=("和田市古江巴格街道",),
    ),
    Case(
        id="h7-web-form-anonymous-region-field",
        channel="web",
        text=(
            "是否匿名：是\n被举报人：余德春\n被举报人单位：泸水市人大常委会\n被举报人职务：副主任\n"
            "所在地区：云南省怒江傈僳族自治州泸水市\n问题描述：余德春任泸水市住房和城乡建设局局长"
            "期间收受好处费一百二十万元。"
        ),
        accused=("余德春",),
        units=("泸水市人大常委会", "泸水市住房和城乡建设局"),
        positions=("副主任", "局长"),
        amounts=(1200000,),
        places=("云南省怒江傈僳族自治州泸水市",),
    ),
    Case(
        id="h7-web-free-text-x-id-fullwidth-phone",
        channel="web",
        text=(
            "我是有春燕，身份证"
            + fullwidth_digits(_ID["有春燕"])
            + "，手机"
            + fullwidth_digits("18099721536")
            + "。第一师阿拉尔市幸福路街道办事处主任艾某在公租房分配中每套收取八千元。"
        ),
        name="有春燕",
        id_number=_ID["有春燕"],
        phones=(e164("18099721536"),),
        accused=("艾某",),
        units=("第一师阿拉尔市幸福路街道办事处",),
        positions=("主任",),
        amounts=(8000,),
        places=("第一师阿拉尔市幸福路街道",),
    ),
    Case(
        id="h7-web-form-two-accused-with-brackets",
        channel="web",
        text=(
            "举报人：努尔兰·赛力克\n联系方式：0999-8036521\n"
            "被举报人：叶尔兰·托合塔尔（伊宁市农业农村局代理局长）、"
            "阿依古丽·吐尔洪（伊宁市农业农村局财务股股长）\n"
            "举报内容：二人虚报高标准农田工程量，多拨付资金八十六万元。"
        ),
        name="努尔兰·赛力克",
        phones=(e164("0999-8036521"),),
        accused=("叶尔兰·托合塔尔", "阿依古丽·吐尔洪"),
        units=("伊宁市农业农村局",),
        positions=("代理局长", "财务股股长"),
        amounts=(860000,),
        places=("伊宁市",),
    ),
    Case(
        id="h7-web-free-text-self-description-villager",
        channel="web",
        text=(
            "本人系紫云苗族布依族自治县板当镇雄鹰村村民，不便透露姓名。雄鹰村党支部书记"
            "安某某把护林员名额给了亲戚，每人每年一万元。"
        ),
        accused=("安某某",),
        units=("雄鹰村党支部",),
        positions=("书记",),
        amounts=(10000,),
        places=("紫云苗族布依族自治县板当镇雄鹰村",),
    ),
    Case(
        id="h7-web-form-accused-phone-field",
        channel="web",
        text=(
            "您的姓名：巫少銮\n您的手机：13829631574\n被反映人：陈某\n"
            "被反映人单位职务：揭西县棉湖镇人民政府镇长\n被反映人电话：13926174408\n"
            "反映内容：陈某收受开发商五万元，违规调整规划。"
        ),
        name="巫少銮",
        phones=(e164("13829631574"),),
        accused=("陈某",),
        units=("揭西县棉湖镇人民政府",),
        positions=("镇长",),
        amounts=(50000,),
        places=("揭西县棉湖镇",),
    ),
    Case(
        id="h7-web-free-text-retired-cadre-level",
        channel="web",
        text=(
            "反映已退休的原甘孜藏族自治州文化广播电视和旅游局局长邓某（正处级）问题：邓某"
            "退休后在景区开发公司挂名领薪，每年三十六万元。知情人，不留名。"
        ),
        accused=("邓某",),
        units=("甘孜藏族自治州文化广播电视和旅游局",),
        positions=("局长",),
        levels=("COUNTY_DIVISION",),
        amounts=(360000,),
        places=("甘孜藏族自治州",),
    ),
    Case(
        id="h7-web-form-dashed-landline-witness-briber",
        channel="web",
        text=(
            "姓名：牛和平\n电话：0952-2013-476\n事件地点：石嘴山市大武口区长城街道\n"
            "事件经过：大武口区自然资源局局长马某违规给煤场办手续，煤场老板丁某说送了三十万元，"
            "煤场会计刘小梅也在场。"
        ),
        name="牛和平",
        phones=(e164("0952-2013476"),),
        accused=("马某",),
        units=("大武口区自然资源局",),
        positions=("局长",),
        amounts=(300000,),
        places=("石嘴山市大武口区长城街道", "大武口区"),
        mentioned=("丁某", "刘小梅"),
    ),
    Case(
        id="h7-web-free-text-village-two-cadres",
        channel="web",
        text=(
            "我是松桃苗族自治县盘信镇民族村的蓝秀，电话18798051326。民族村党支部书记吴某和"
            "村委会主任龙某某，把光伏分红款两万五扣着不发。"
        ),
        name="蓝秀",
        phones=(e164("18798051326"),),
        accused=("吴某", "龙某某"),
        units=("民族村党支部", "村委会"),
        positions=("书记", "主任"),
        amounts=(25000,),
        places=("松桃苗族自治县盘信镇民族村",),
    ),
    Case(
        id="h7-web-form-anonymous-soe-general-manager",
        channel="web",
        text=(
            "是否匿名：是\n被举报人：解永福\n单位：黄南州水务投资有限公司\n"
            "职务：总经理\n问题：解永福在供水管网工程招标中内定中标人，收受好处费二百万元。"
        ),
        accused=("解永福",),
        units=("黄南州水务投资有限公司",),
        positions=("总经理",),
        amounts=(2000000,),
        places=("黄南州",),
    ),
    Case(
        id="h7-web-free-text-area-code-brackets-grandson",
        channel="web",
        text=(
            "我叫解红霞，住陆丰市东海街道，电话（0660）8832417。我替我外孙反映："
            "陆丰市第二小学副校长黄丽娟收了家长六千元，才让我外孙插班。"
        ),
        name="解红霞",
        phones=(e164("(0660)8832417"),),
        accused=("黄丽娟",),
        units=("陆丰市第二小学",),
        positions=("副校长",),
        amounts=(6000,),
        places=("陆丰市东海街道", "陆丰市"),
    ),
    Case(
        id="h7-web-form-one-person-two-posts",
        channel="web",
        text=(
            "是否匿名：是\n被举报人：祁某某\n被举报人单位及职务：互助土族自治县威远镇党委委员、"
            "威远镇综合执法队队长\n问题描述：祁某某向沿街商户收取“管理费”，每户每年两千元。"
        ),
        accused=("祁某某",),
        units=("互助土族自治县威远镇", "威远镇综合执法队"),
        positions=("党委委员", "队长"),
        amounts=(2000,),
        places=("互助土族自治县威远镇",),
    ),
    # --- desk notes of visits, single and group ----------------------------------------------
    Case(
        id="h7-visit-single-x-id-desk",
        channel="visit",
        text=desk(
            [
                ("来访人", "仇建平"),
                ("身份证号", _ID["仇建平"]),
                ("联系电话", "135 9667 8042"),
                ("住址", "图们市向上街道长安社区"),
            ],
            "长安社区党委书记朴胜利把社区公益岗位给了自己的女儿。",
        ),
        name="仇建平",
        id_number=_ID["仇建平"],
        phones=(e164("13596678042"),),
        accused=("朴胜利",),
        units=("长安社区",),
        positions=("党委书记",),
        places=("图们市向上街道长安社区",),
    ),
    Case(
        id="h7-visit-group-representatives-herders",
        channel="visit",
        text=(
            "2026年11月23日上午，科尔沁左翼中旗保康镇牧民二十余人集体来访，推选代表包朝阳"
            "（电话13947502681）、萨日娜反映：保康镇党委副书记宝音在道路工程中收受好处两万五千元。"
        ),
        name="包朝阳",
        phones=(e164("13947502681"),),
        accused=("宝音",),
        units=("科尔沁左翼中旗保康镇",),
        positions=("党委副书记",),
        amounts=(25000,),
        places=("科尔沁左翼中旗保康镇",),
        mentioned=("萨日娜",),
    ),
    Case(
        id="h7-visit-companion-interpreter",
        channel="visit",
        text=(
            f"来访人：努尔兰·赛力克，身份证号{_ID['努尔兰·赛力克']}，电话13899781245，"
            "由其女儿阿娜尔（电话18199470362）陪同翻译。\n反映问题：伊宁市农业农村局"
            "代理局长叶尔兰·托合塔尔虚报工程量。\n接待人：张丽"
        ),
        name="努尔兰·赛力克",
        id_number=_ID["努尔兰·赛力克"],
        phones=(e164("13899781245"),),
        accused=("叶尔兰·托合塔尔",),
        units=("伊宁市农业农村局",),
        positions=("代理局长",),
        places=("伊宁市",),
        mentioned=("阿娜尔",),
    ),
    Case(
        id="h7-visit-anonymous-plain-note",
        channel="visit",
        text=(
            "一名女子来访，不愿登记姓名，自称是马尔康市中学的退休教师。"
            "反映已退休的原校长杨某某在营养餐配送中让其外甥获利，每年二十余万元。"
        ),
        accused=("杨某某",),
        units=("马尔康市中学",),
        positions=("校长",),
        amounts=(200000,),
        places=("马尔康市",),
    ),
    Case(
        id="h7-visit-for-mother-desk",
        channel="visit",
        text=desk(
            [
                ("来访人", "卢阿波（代其母李阿英反映）"),
                ("身份证号", _ID["卢阿波"]),
                ("电话", "15912736480"),
            ],
            "元阳县新街镇民政办主任普某克扣其母高龄补贴两千四百元。",
        ),
        name="卢阿波",
        id_number=_ID["卢阿波"],
        phones=(e164("15912736480"),),
        accused=("普某",),
        units=("元阳县新街镇民政办",),
        positions=("主任",),
        amounts=(2400,),
        places=("元阳县新街镇",),
        mentioned=("李阿英",),
    ),
    Case(
        id="h7-visit-group-school-parents",
        channel="visit",
        text=(
            "莆田市城厢区龙桥中学学生家长12人来访，代表谷丽（电话13859012746）反映：校长方某"
            "收取择班费每人三千元。另一代表林志坚电话13645063198。"
        ),
        name="谷丽",
        phones=(e164("13859012746"),),
        accused=("方某",),
        units=("莆田市城厢区龙桥中学",),
        positions=("校长",),
        amounts=(3000,),
        places=("莆田市城厢区",),
        mentioned=("林志坚",),
    ),
    Case(
        id="h7-visit-police-brigade-level-after-comma",
        channel="visit",
        text=desk(
            [("来访人", "施清泉"), ("电话", "13905958213")],
            "泉州市公安局晋江分局治安大队大队长洪某，副科级，收取陈埭镇娱乐场所好处费，"
            "每家每月五百元。",
        ),
        name="施清泉",
        phones=(e164("13905958213"),),
        accused=("洪某",),
        units=("泉州市公安局晋江分局治安大队",),
        positions=("大队长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(500,),
        places=("泉州市", "陈埭镇"),
    ),
    Case(
        id="h7-visit-single-residence-differs-from-matter",
        channel="visit",
        text=(
            f"来访人花国庆，男，住西宁市城西区胜利路街道，身份证号{_ID['花国庆']}，电话13709731582。"
            "反映其老家同仁市隆务镇党委书记才某某在棚户区改造中每户收取一万元。"
        ),
        name="花国庆",
        id_number=_ID["花国庆"],
        phones=(e164("13709731582"),),
        accused=("才某某",),
        units=("同仁市隆务镇",),
        positions=("党委书记",),
        amounts=(10000,),
        places=("西宁市城西区胜利路街道", "同仁市隆务镇"),
    ),
    Case(
        id="h7-visit-group-villagers-two-accused",
        channel="visit",
        text=(
            "和龙市八家子镇南沟村村民十余人集体来访，推选全成浩（电话15743382907）、"
            "金顺姬为代表，反映村党支部书记崔某某、村委会主任韩永吉私分征地补偿款十二万元。"
        ),
        name="全成浩",
        phones=(e164("15743382907"),),
        accused=("崔某某", "韩永吉"),
        units=("村党支部", "村委会"),
        positions=("书记", "主任"),
        amounts=(120000,),
        places=("和龙市八家子镇南沟村",),
        mentioned=("金顺姬",),
    ),
    Case(
        id="h7-visit-single-name-asks-confidential",
        channel="visit",
        text=(
            "来访人禄雷鸣（要求对其姓名保密），电话18285641093，反映紫云苗族布依族自治县"
            "板当镇副镇长管某收受护林员名额“介绍费”每人三千元。接待人：陈红。"
        ),
        name="禄雷鸣",
        phones=(e164("18285641093"),),
        accused=("管某",),
        units=("紫云苗族布依族自治县板当镇",),
        positions=("副镇长",),
        amounts=(3000,),
        places=("紫云苗族布依族自治县板当镇",),
    ),
]

HELDOUT7: list[Case] = _ROWS
