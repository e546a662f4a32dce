"""The THIRD held-out extraction corpus: never tuned against, never looked at row by row.

Written on 2026-12-02 before any change to the extractors of that round (issue 16, third
round), by someone who had read neither the extraction rules nor the second held-out
corpus's failures. Each row is written out by hand rather than filled from a template, so
that no two rows share their wording: letters as OCR prints them (line breaks inside labels,
numbers and units, stray spaces and marks, full-width digits), calls as Vosk prints them (a
space between tokens, digits read out one by one) and as a hotline clerk summarises them,
web forms and free texts, and desk notes of single and group visits. Its names, units and
places appear in no other corpus: Hunan, Guangxi, Guizhou, Yunnan, Gansu, Shaanxi,
Guangdong, Heilongjiang, Zhejiang and Hebei; township governments, street offices, village
committees, hospitals and their departments, schools, a police station, a court, a
state-owned group, a people's armed forces department. Traps of its own: surnames that read
as words (原, 党, 官, 向, 单, 查, 车), rare surnames (覃, 佘, 阙, 鄢, 谌, 逯, 仝, 缪, 练,
岑, 邝, 冼), a caller spelling their surname (西早覃), a compound surname spaced apart, an
accused introduced with sex, birth year and party membership before 现任, cadre levels
written 副县级 or after a comma, nested units (a police station under a county bureau, a
market supervision office under a district bureau), positions inside departments, a spouse,
a driver and a contractor with their own phones, co-signers and companions beside the
complainant, two phones of one complainant, and amounts broken over a line.

Gold conventions are those of ``corpus_heldout2.py``: a unit is the organisation as written
(``某县公安局城关派出所``), the position what follows it (``执法大队大队长``); a township's
own leaders have the township as their unit; a place is the administrative chain as written,
down to the township or village where one is named, and a unit's name that holds one counts
too; the complainant of a co-signed letter is the contact person, of a group visit the
representative; a phone a caller offers for a call-back is the complainant's, also when they
give no name. Its figures are a measurement, not a to-do list.
"""

from __future__ import annotations

import random

from tests.normalizer.corpus_tools import Case, asr, e164, fullwidth_digits, ocr
from tests.normalizer.generators import make_id, spoken

__all__ = ["HELDOUT3"]

_RNG = random.Random(20261202_3)


def _ocr(text: str, width: int, spaces: float = 0.03) -> str:
    return ocr(text, _RNG, width=width, spaces=spaces)


def _asr(text: str) -> str:
    return asr(text, _RNG)


# ID numbers computed from region, birth date and sequence (valid check digits, no X where a
# caller reads them out).
_ID = {
    "莫丽娟": make_id("430524", "19790314", "268"),
    "韦国栋": make_id("450102", "19660908", "135"),
    "蒙秀兰": make_id("520303", "19850221", "046"),
    "佘建华": make_id("430524", "19710530", "317"),
    "靳红旗": make_id("620502", "19630719", "251"),
    "隋文涛": make_id("530302", "19900102", "073"),
    "逯卫华": make_id("230103", "19750618", "241"),
    "向明辉": make_id("441402", "19820427", "395"),
    "单立平": make_id("370705", "19681111", "152"),
    "晏子琪": make_id("610302", "19880816", "224"),
    "戚永年": make_id("130606", "19580203", "339"),
    "柏玉兰": make_id("331003", "19770929", "086"),
    "禹海燕": make_id("460108", "19860312", "128"),
    "詹红英": make_id("500101", "19690724", "062"),
    "农秀珍": make_id("450102", "19740105", "288"),
}

_ROWS: list[Case] = [
    # --- letters, as OCR prints them ---------------------------------------------------------
    Case(
        id="h3-letter-hospital-department",
        channel="letter",
        text=_ocr(
            "举报信\n尊敬的市纪委监委领导：\n我叫莫丽娟，女，1979年出生，家住湖南省邵阳市隆回县"
            f"桃洪镇，身份证号码{_ID['莫丽娟']}，联系电话13574091826。\n我要举报邵阳市中心医院"
            "药剂科主任符建新。符建新利用负责药品采购的职务便利，多次收受医药代表卜某的回扣，"
            "共计18.6万元。\n以上反映句句属实，请领导明察。\n举报人：莫丽娟\n2026年10月12日",
            width=18,
        ),
        name="莫丽娟",
        id_number=_ID["莫丽娟"],
        phones=(e164("13574091826"),),
        accused=("符建新",),
        units=("邵阳市中心医院",),
        positions=("药剂科主任",),
        amounts=(186000,),
        places=("湖南省邵阳市隆回县桃洪镇", "邵阳市"),
        mentioned=("卜某",),
    ),
    Case(
        id="h3-letter-label-and-amount-broken",
        channel="letter",
        # Broken by hand where a narrow scan broke it: inside 身份证号 and inside the amount.
        text=(
            "控告信\n尊敬的纪委领导：\n本人韦国栋，男，壮族，兴宁区三塘镇那况村村民，身份\n"
            f"证号：{_ID['韦国栋']}，手机号码：18377145620。现控告那\n况村村民委员会主任岑树林"
            "在危房改\n造补助发放中弄虚作假，冒领补助资金共计3\n.5万元，至今未退。\n"
            "控告人：韦国栋\n2026年8月3日"
        ),
        name="韦国栋",
        id_number=_ID["韦国栋"],
        phones=(e164("18377145620"),),
        accused=("岑树林",),
        units=("那况村村民委员会",),
        positions=("主任",),
        amounts=(35000,),
        places=("兴宁区三塘镇那况村",),
    ),
    Case(
        id="h3-letter-fullwidth-dashed-phone-level",
        channel="letter",
        text=_ocr(
            "尊敬的领导：\n遵义市汇川区第三小学校长贾卫民（正科级）以“课后服务”为名，"
            "每学期向每名学生收取费用2000元，不开收据，钱去向不明。\n"
            f"反映人：蒙秀兰（学生家长）\n身份证：{fullwidth_digits(_ID['蒙秀兰'])}\n"
            f"电话：{fullwidth_digits('189')}—{fullwidth_digits('8512')}—"
            f"{fullwidth_digits('4637')}\n2026年9月20日",
            width=24,
        ),
        name="蒙秀兰",
        id_number=_ID["蒙秀兰"],
        phones=(e164("18985124637"),),
        accused=("贾卫民",),
        units=("遵义市汇川区第三小学",),
        positions=("校长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(2000,),
        places=("遵义市汇川区",),
    ),
    Case(
        id="h3-letter-police-station-surname-yuan",
        channel="letter",
        text=_ocr(
            "实名举报材料\n某县纪委监委：\n我是佘建华，隆回县六都寨镇人，身份证号"
            f"{_ID['佘建华']}。某县公安局城关派出所所长原建平（副科级）在办理我弟弟的案件时，"
            "向我家索要人民币伍万元，说是“帮忙疏通”。钱是我亲手交给原建平的。\n"
            "联系电话：0739-5321476  15907392281\n实名举报人：佘建华（按手印）\n"
            "二〇二六年七月",
            width=20,
        ),
        name="佘建华",
        id_number=_ID["佘建华"],
        phones=(e164("0739-5321476"), e164("15907392281")),
        accused=("原建平",),
        units=("某县公安局城关派出所",),
        positions=("所长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(50000,),
        places=("隆回县六都寨镇",),
    ),
    Case(
        id="h3-letter-accused-described-woman-surname-dang",
        channel="letter",
        text=_ocr(
            "关于党红军同志违纪问题的反映\n党红军，女，1972年生，中共党员，现任宝鸡市渭滨区"
            "卫生健康局局长（正科级）。该同志在疫情防控物资采购中指定供应商，"
            "收受好处费十余万元。\n反映人：聂海鹰  电话：13909172455\n2026年6月18日",
            width=22,
        ),
        name="聂海鹰",
        phones=(e164("13909172455"),),
        accused=("党红军",),
        units=("宝鸡市渭滨区卫生健康局",),
        positions=("局长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(100000,),
        places=("宝鸡市渭滨区",),
    ),
    Case(
        id="h3-letter-school-two-accused-anonymous",
        channel="letter",
        text=_ocr(
            "尊敬的县纪委领导：\n某县第一中学校长闫振江、教务处主任牛国强违规征订教辅资料，"
            "每生收取资料费300元，全校共收取40余万元，并从书商处拿回扣。\n"
            "一位学生家长\n2026年3月",
            width=21,
        ),
        accused=("闫振江", "牛国强"),
        units=("某县第一中学",),
        positions=("校长", "教务处主任"),
        amounts=(300, 400000),
    ),
    Case(
        id="h3-letter-street-office-resident",
        channel="letter",
        text=_ocr(
            "举报信\n我是曲靖市麒麟区南宁街道的居民隋文涛，身份证："
            f"{_ID['隋文涛']}，电话：15187420396。\n麒麟区南宁街道办事处副主任庞德胜在老旧小区改造中"
            "把工程指定给其亲戚承包，工程款虚增8.8万元。\n请上级领导调查。\n隋文涛\n"
            "2026年11月2日",
            width=19,
        ),
        name="隋文涛",
        id_number=_ID["隋文涛"],
        phones=(e164("15187420396"),),
        accused=("庞德胜",),
        units=("麒麟区南宁街道办事处",),
        positions=("副主任",),
        amounts=(88000,),
        places=("曲靖市麒麟区南宁街道", "麒麟区南宁街道"),
    ),
    Case(
        id="h3-letter-soe-driver-phone",
        channel="letter",
        text=_ocr(
            "尊敬的市纪委领导：\n某市交通建设投资集团有限公司副总经理邝伟雄（副处级）"
            "利用分管工程招标的便利，收受施工方老板冼某某好处费120万元。钱都是通过其司机宁某"
            "（电话13807316652）转交的。\n举报人：栾春梅（公司职工）\n联系方式：17873104459",
            width=23,
        ),
        name="栾春梅",
        phones=(e164("17873104459"),),
        accused=("邝伟雄",),
        units=("某市交通建设投资集团有限公司",),
        positions=("副总经理",),
        levels=("COUNTY_DIVISION",),
        amounts=(1200000,),
        mentioned=("冼某某", "宁某"),
    ),
    Case(
        id="h3-letter-court-enforcement",
        channel="letter",
        text=_ocr(
            "控告书\n控告人：靳红旗，男，1963年7月生，住甘肃省天水市秦州区中华西路"
            f"18号，身份证号{_ID['靳红旗']}，电话0938-8214536。\n被控告人：卢海军，"
            "天水市秦州区人民法院执行局局长。\n卢海军在执行我的案件时，收受被执行人3万元，"
            "故意拖延执行。\n控告人：靳红旗\n2026年5月9日",
            width=20,
        ),
        name="靳红旗",
        id_number=_ID["靳红旗"],
        phones=(e164("0938-8214536"),),
        accused=("卢海军",),
        units=("天水市秦州区人民法院",),
        positions=("执行局局长",),
        amounts=(30000,),
        places=("甘肃省天水市秦州区", "天水市秦州区"),
    ),
    Case(
        id="h3-letter-armed-forces-surname-lai",
        channel="letter",
        text=_ocr(
            "尊敬的领导：\n我是退役军人赖桂香，电话18173920145。某县人民武装部政委练志强"
            "在退役士兵安置中收钱办事，我因为没有送钱，安置一拖再拖。据我所知，"
            "他收了别人两万元。\n此致\n敬礼\n赖桂香\n2026年4月1日",
            width=20,
        ),
        name="赖桂香",
        phones=(e164("18173920145"),),
        accused=("练志强",),
        units=("某县人民武装部",),
        positions=("政委",),
        amounts=(20000,),
    ),
    Case(
        id="h3-letter-cosigned-village-surname-guan",
        channel="letter",
        text=_ocr(
            "联名举报信\n我们是威宁县石门乡石门坎村的村民。石门坎村村委会主任官永福"
            "把上级拨付的通组公路修建款二十六万元挪作他用，路至今没修。\n"
            "联名举报人：阙小凤、鄢德胜、揭志明（按手印）\n联系人：鄢德胜  电话：15885730264\n"
            "2026年10月",
            width=22,
        ),
        name="鄢德胜",
        phones=(e164("15885730264"),),
        accused=("官永福",),
        units=("石门坎村村委会",),
        positions=("主任",),
        amounts=(260000,),
        places=("威宁县石门乡石门坎村",),
    ),
    Case(
        id="h3-letter-ocr-marks-fullwidth-amount",
        channel="letter",
        text=(
            "举 报 信 |\n梅州市梅江区自然资源局副局长宁志远，在办理土地\n"
            "出让手续时向开发商索要“辛苦费”６８０００元。·\n"
            "举报人：缪 晓春\n电话：l3652O84ll7 _\n2026年2月14日"
        ),
        name="缪晓春",
        phones=(e164("13652084117"),),
        accused=("宁志远",),
        units=("梅州市梅江区自然资源局",),
        positions=("副局长",),
        amounts=(68000,),
        places=("梅州市梅江区",),
    ),
    Case(
        id="h3-letter-unit-and-id-broken",
        channel="letter",
        text=(
            "反映信\n尊敬的区纪委：\n我叫逯卫华，身份证号码2301031975\n"
            f"{_ID['逯卫华'][10:]}，电话13945107732。\n哈尔滨市南岗区教\n育局办公室主任卜春生"
            "长期在工作日打麻将赌博，还让下属单位报销其个人餐费。\n逯卫华\n2026年1月"
        ),
        name="逯卫华",
        id_number=_ID["逯卫华"],
        phones=(e164("13945107732"),),
        accused=("卜春生",),
        units=("哈尔滨市南岗区教育局",),
        positions=("办公室主任",),
        places=("哈尔滨市南岗区",),
    ),
    Case(
        id="h3-letter-township-secretary-level-comma",
        channel="letter",
        text=_ocr(
            "尊敬的县纪委：\n隆回县桃洪镇党委书记阮家豪，副县级，在镇里修建文化广场时"
            "把工程交给其表哥邱某承包，工程款从150万元涨到280万元。\n"
            "来信人：单立平\n手机：13787392014\n2026年9月",
            width=25,
        ),
        name="单立平",
        phones=(e164("13787392014"),),
        accused=("阮家豪",),
        units=("隆回县桃洪镇",),
        positions=("党委书记",),
        levels=("COUNTY_DIVISION",),
        amounts=(1500000, 2800000),
        places=("隆回县桃洪镇",),
        mentioned=("邱某",),
    ),
    # --- calls, as Vosk prints them, and as a hotline clerk writes them down -----------------
    Case(
        id="h3-call-anonymous-nurse-glued",
        channel="phone",
        text=_asr(
            "喂，你好，我是护士，不想说名字。隆回县人民医院副院长甄永康在设备采购里拿回扣，"
            "买一台彩超就拿了二十万块钱。"
        ),
        accused=("甄永康",),
        units=("隆回县人民医院",),
        positions=("副院长",),
        amounts=(200000,),
        places=("隆回县",),
    ),
    Case(
        id="h3-call-surname-spelled-out",
        channel="phone",
        text=_asr(
            "你好，我姓覃，西早覃，叫覃月娥，电话是15074392618。我反映隆回县桃洪镇人民政府"
            "副镇长祁明山，他收了人家五万块钱，才把低保给批下来。"
        ),
        name="覃月娥",
        phones=(e164("15074392618"),),
        accused=("祁明山",),
        units=("隆回县桃洪镇人民政府",),
        positions=("副镇长",),
        amounts=(50000,),
        places=("隆回县桃洪镇",),
    ),
    Case(
        id="h3-call-anonymous-landline-surname-dang",
        channel="phone",
        text=_asr(
            "我就不留名字了。长沙市雨花区城市管理和综合执法局执法大队大队长党某某，"
            "他收摊贩的钱，不给钱就没收东西。你们要找我就打这个座机073184562378。"
        ),
        phones=(e164("0731-84562378"),),
        accused=("党某某",),
        units=("长沙市雨花区城市管理和综合执法局",),
        positions=("执法大队大队长",),
        places=("长沙市雨花区",),
    ),
    Case(
        id="h3-call-id-read-out-surname-xiang",
        channel="phone",
        text=_asr(
            f"呃，你好，我叫向明辉，身份证号码是{_ID['向明辉']}，电话13825360917。我想向你们"
            "反映一下，梅州市梅江区自然资源局副局长宁志远，他老婆在外面开公司，专门接他们局里"
            "的项目。"
        ),
        name="向明辉",
        id_number=_ID["向明辉"],
        phones=(e164("13825360917"),),
        accused=("宁志远",),
        units=("梅州市梅江区自然资源局",),
        positions=("副局长",),
        places=("梅州市梅江区",),
    ),
    Case(
        id="h3-call-anonymous-two-accused-soe",
        channel="phone",
        text=_asr(
            "我是公司里面的人，名字就不讲了。某市交通建设投资集团有限公司董事长温子健和财务部"
            "经理艾文斌，两个人把公司的钱借给私人老板放贷，吃利息。"
        ),
        accused=("温子健", "艾文斌"),
        units=("某市交通建设投资集团有限公司",),
        positions=("董事长", "财务部经理"),
    ),
    Case(
        id="h3-call-villager-accountant",
        channel="phone",
        text=_asr(
            "喂，纪委吗？我是威宁县石门乡石门坎村的村民谌立新，我电话18308571436。"
            "我们村的会计车立新，把我家的低保钱扣下了，一年四千多块。"
        ),
        name="谌立新",
        phones=(e164("18308571436"),),
        accused=("车立新",),
        positions=("会计",),
        amounts=(4000,),
        places=("威宁县石门乡石门坎村",),
    ),
    Case(
        id="h3-call-compound-surname",
        channel="phone",
        text=_asr(
            "你好，我叫端木晓东，手机13930285174。保定市莲池区教育局副局长查海生，"
            "他在教师招聘里面收钱，一个人收八万。"
        ),
        name="端木晓东",
        phones=(e164("13930285174"),),
        accused=("查海生",),
        units=("保定市莲池区教育局",),
        positions=("副局长",),
        amounts=(80000,),
        places=("保定市莲池区",),
    ),
    Case(
        id="h3-call-hotline-clerk-summary",
        channel="phone",
        text=(
            "来电人称其为某县第一中学教师，不愿透露姓名。反映某县第一中学副校长祁明山"
            "在职称评审中收受教师红包，每人3000元至5000元不等。"
            "来电号码：15273906628（来电人同意回访）。"
        ),
        phones=(e164("15273906628"),),
        accused=("祁明山",),
        units=("某县第一中学",),
        positions=("副校长",),
        amounts=(3000, 5000),
    ),
    Case(
        id="h3-call-named-spouse-phone",
        channel="phone",
        text=_asr(
            "你好，我叫仝瑞芳，电话是13634519208。哈尔滨市南岗区教育局办公室主任卜春生，"
            "他老婆晏某开了个培训班，逼着学生去上，晏某的电话是13946027715。"
        ),
        name="仝瑞芳",
        phones=(e164("13634519208"),),
        accused=("卜春生",),
        units=("哈尔滨市南岗区教育局",),
        positions=("办公室主任",),
        places=("哈尔滨市南岗区",),
        mentioned=("晏某",),
    ),
    Case(
        id="h3-call-township-mayor-callback",
        channel="phone",
        text=_asr(
            "我要举报黄岩区院桥镇镇长甄永康，他把镇里的公车开回老家办喜事。我不说名字，"
            "你们核实了打我电话15988642073。"
        ),
        phones=(e164("15988642073"),),
        accused=("甄永康",),
        units=("黄岩区院桥镇",),
        positions=("镇长",),
        places=("黄岩区院桥镇",),
    ),
    Case(
        id="h3-call-hospital-department-named",
        channel="phone",
        text=_asr(
            "我叫麦志强，电话17820476351。邵阳市中心医院骨科主任温子健，做手术要病人家属"
            "另外给红包，我爸做手术就给了他六千块钱。"
        ),
        name="麦志强",
        phones=(e164("17820476351"),),
        accused=("温子健",),
        units=("邵阳市中心医院",),
        positions=("骨科主任",),
        amounts=(6000,),
        places=("邵阳市",),
    ),
    Case(
        id="h3-call-fillers-police",
        channel="phone",
        text=_asr(
            "嗯，那个，我是那个，某县公安局城关派出所的辅警，我不说名字。我们所的副所长"
            "原建平，他喝了酒开警车，还撞了人，嗯，就是这个事。"
        ),
        accused=("原建平",),
        units=("某县公安局城关派出所",),
        positions=("副所长",),
    ),
    Case(
        id="h3-call-named-id-groups-said",
        channel="phone",
        text=_asr(
            # Read out in three groups, as words (Vosk prints no digits).
            f"我是单立平，身份证号是{spoken(_ID['单立平'][:6])}，{spoken(_ID['单立平'][6:14])}，"
            f"{spoken(_ID['单立平'][14:])}，电话13853691207。潍坊市奎文区城市管理局执法大队大队长"
            "查海生，收了商户的钱就不管违建。"
        ),
        name="单立平",
        id_number=_ID["单立平"],
        phones=(e164("13853691207"),),
        accused=("查海生",),
        units=("潍坊市奎文区城市管理局",),
        positions=("执法大队大队长",),
        places=("潍坊市奎文区",),
    ),
    # --- web forms and free texts --------------------------------------------------------------
    Case(
        id="h3-web-form-unit-label-level",
        channel="web",
        text=(
            f"举报人：晏子琪\n证件号码：{_ID['晏子琪']}\n手机：13992741083\n"
            "被举报人：邝伟雄\n被举报人单位：某市交通建设投资集团有限公司\n"
            "被举报人职务：副总经理\n被举报人职级：副处级\n"
            "举报内容：邝伟雄违规为其弟弟的公司承揽集团工程，从中获利300余万元。"
        ),
        name="晏子琪",
        id_number=_ID["晏子琪"],
        phones=(e164("13992741083"),),
        accused=("邝伟雄",),
        units=("某市交通建设投资集团有限公司",),
        positions=("副总经理",),
        levels=("COUNTY_DIVISION",),
        amounts=(3000000,),
    ),
    Case(
        id="h3-web-form-anonymous-region",
        channel="web",
        text=(
            "是否匿名：是\n被反映人姓名：阮家豪\n被反映人单位：隆回县桃洪镇人民政府\n"
            "被反映人职务：镇长\n所在地区：湖南省邵阳市隆回县\n问题类别：违反廉洁纪律\n"
            "具体问题：阮家豪在镇里的征地拆迁中为亲戚多报面积，多领补偿款二十余万元。"
        ),
        accused=("阮家豪",),
        units=("隆回县桃洪镇人民政府",),
        positions=("镇长",),
        amounts=(200000,),
        places=("湖南省邵阳市隆回县", "隆回县桃洪镇"),
    ),
    Case(
        id="h3-web-accused-introduced-born",
        channel="web",
        text=(
            "贾卫民，男，1968年11月生，现任遵义市汇川区第三小学校长（正科级）。"
            "贾卫民长期收受学生家长送的购物卡，总价值约1.6万元。\n"
            "反映人：柏玉兰，手机：15685210937"
        ),
        name="柏玉兰",
        phones=(e164("15685210937"),),
        accused=("贾卫民",),
        units=("遵义市汇川区第三小学",),
        positions=("校长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(16000,),
        places=("遵义市汇川区",),
    ),
    Case(
        id="h3-web-accused-introduced-level-after-comma",
        channel="web",
        text=(
            "我是一名退休干部，不便留名。宁志远，女，汉族，现任梅州市梅江区自然资源局副局长，"
            "副科级干部。她利用职务之便，为开发商违规办理用地手续，收受好处费5万元。"
        ),
        accused=("宁志远",),
        units=("梅州市梅江区自然资源局",),
        positions=("副局长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(50000,),
        places=("梅州市梅江区",),
    ),
    Case(
        id="h3-web-halfwidth-labels",
        channel="web",
        text=(
            f"本人:戚永年,身份证:{_ID['戚永年']},电话:13313129476.\n"
            "保定市莲池区教育局局长牛国强(副处级)在学校食堂承包中收受承包商苗某30万元,"
            "苗某电话:13832215087."
        ),
        name="戚永年",
        id_number=_ID["戚永年"],
        phones=(e164("13313129476"),),
        accused=("牛国强",),
        units=("保定市莲池区教育局",),
        positions=("局长",),
        levels=("COUNTY_DIVISION",),
        amounts=(300000,),
        places=("保定市莲池区",),
        mentioned=("苗某",),
    ),
    Case(
        id="h3-web-narrative-briber-phone",
        channel="web",
        text=(
            "【实名举报】黄岩区院桥镇中心卫生院院长庞德胜收受回扣\n"
            "2025年春节前，医疗器械供应商尤某某（手机13757681234）到庞德胜办公室送去现金"
            "5万元；同年中秋又送购物卡1万元。此后该卫生院的器械全部从尤某某处采购。\n"
            f"举报人：柏玉兰  身份证号：{_ID['柏玉兰']}  联系方式：15967620318"
        ),
        name="柏玉兰",
        id_number=_ID["柏玉兰"],
        phones=(e164("15967620318"),),
        accused=("庞德胜",),
        units=("黄岩区院桥镇中心卫生院",),
        positions=("院长",),
        amounts=(50000, 10000),
        places=("黄岩区院桥镇",),
        mentioned=("尤某某",),
    ),
    Case(
        id="h3-web-fullwidth-spaced-phone",
        channel="web",
        text=(
            "举报天水市秦州区人民法院副院长卢海军违规干预案件。联系人：靳红旗，手机："
            f"{fullwidth_digits('135')} {fullwidth_digits('0938')} {fullwidth_digits('2467')}。"
        ),
        name="靳红旗",
        phones=(e164("13509382467"),),
        accused=("卢海军",),
        units=("天水市秦州区人民法院",),
        positions=("副院长",),
        places=("天水市秦州区",),
    ),
    Case(
        id="h3-web-nested-market-office",
        channel="web",
        text=(
            f"我叫禹海燕，身份证号{_ID['禹海燕']}，手机号18976543120。海口市美兰区市场监督"
            "管理局白龙市场监督管理所所长祁明山，对辖区餐馆检查时吃拿卡要，每次都要带走几条烟，"
            "还收过一个老板8000元。"
        ),
        name="禹海燕",
        id_number=_ID["禹海燕"],
        phones=(e164("18976543120"),),
        accused=("祁明山",),
        units=("海口市美兰区市场监督管理局白龙市场监督管理所",),
        positions=("所长",),
        amounts=(8000,),
        places=("海口市美兰区",),
    ),
    Case(
        id="h3-web-anonymous-employees-two-accused",
        channel="web",
        text=(
            "我们是该公司的几名普通员工。某县供电公司经理车立新、副经理甄永康二人，"
            "以虚开发票的方式套取公司资金15.3万元，用于吃喝送礼。"
        ),
        accused=("车立新", "甄永康"),
        units=("某县供电公司",),
        positions=("经理", "副经理"),
        amounts=(153000,),
    ),
    Case(
        id="h3-web-surname-shan-unit-label",
        channel="web",
        text=(
            "姓名：单立平  手机：13853691207\n"
            "被举报人：查海生  被举报人单位：潍坊市奎文区城市管理局  职务：副局长\n"
            "事项：查海生违规接受商户宴请，收受礼金2万元。"
        ),
        name="单立平",
        phones=(e164("13853691207"),),
        accused=("查海生",),
        units=("潍坊市奎文区城市管理局",),
        positions=("副局长",),
        amounts=(20000,),
        places=("潍坊市奎文区",),
    ),
    Case(
        id="h3-web-village-committee-anonymous",
        channel="web",
        text=(
            "我是一名村民，怕打击报复不敢留名。那况村村民委员会副主任农某某在村里修水渠时，"
            "把本该给村民的务工费截留了，一共6200元。"
        ),
        accused=("农某某",),
        units=("那况村村民委员会",),
        positions=("副主任",),
        amounts=(6200,),
    ),
    Case(
        id="h3-web-district-bureau-headline",
        channel="web",
        text=(
            "强烈要求查处！！！重庆市万州区住房和城乡建设委员会副主任艾文斌（正处级）"
            "收受开发商房产一套，价值九十万元。我是詹红英，电话13508355276，"
            f"身份证{_ID['詹红英']}。"
        ),
        name="詹红英",
        id_number=_ID["詹红英"],
        phones=(e164("13508355276"),),
        accused=("艾文斌",),
        units=("重庆市万州区住房和城乡建设委员会",),
        positions=("副主任",),
        levels=("COUNTY_DIVISION",),
        amounts=(900000,),
        places=("重庆市万州区",),
    ),
    # --- desk notes: single and group visits ---------------------------------------------------
    Case(
        id="h3-visit-group-representative-age",
        channel="visit",
        text=(
            "来访登记\n来访类型：集体访（约20人）\n"
            f"群众代表：农秀珍（女，52岁），身份证号{_ID['农秀珍']}，电话13977145032\n"
            "反映问题：那况村村民委员会主任岑树林将村集体土地私自出租，租金约12万元未入账。"
        ),
        name="农秀珍",
        id_number=_ID["农秀珍"],
        phones=(e164("13977145032"),),
        accused=("岑树林",),
        units=("那况村村民委员会",),
        positions=("主任",),
        amounts=(120000,),
    ),
    Case(
        id="h3-visit-group-representative-plain",
        channel="visit",
        text=(
            "接访记录\n来访人数：7人\n代表：谌立新  联系电话：18308571436\n"
            "反映对象：官永福（石门坎村村委会主任）\n"
            "反映内容：官永福在危房改造中优亲厚友，其本人弟弟不符合条件也领了补助。"
        ),
        name="谌立新",
        phones=(e164("18308571436"),),
        accused=("官永福",),
        units=("石门坎村村委会",),
        positions=("主任",),
    ),
    Case(
        id="h3-visit-elected-representatives",
        channel="visit",
        text=(
            "2026年11月5日上午，某市交通建设投资集团有限公司下属项目部农民工30余人来访，"
            "推选代表麦志强（电话17820476351）反映：该集团副总经理邝伟雄拖欠农民工工资"
            "230万元，多次讨要未果。"
        ),
        name="麦志强",
        phones=(e164("17820476351"),),
        accused=("邝伟雄",),
        units=("某市交通建设投资集团有限公司",),
        positions=("副总经理",),
        amounts=(2300000,),
    ),
    Case(
        id="h3-visit-labelled-form",
        channel="visit",
        text=(
            "来访人姓名：晏子琪\n性别：女\n公民身份号码："
            f"{_ID['晏子琪']}\n联系方式：13992741083\n现住址：陕西省宝鸡市渭滨区经二路\n"
            "被反映人：党红军（宝鸡市渭滨区卫生健康局局长）\n"
            "反映问题：党红军违规安排其侄子到下属医院工作。"
        ),
        name="晏子琪",
        id_number=_ID["晏子琪"],
        phones=(e164("13992741083"),),
        accused=("党红军",),
        units=("宝鸡市渭滨区卫生健康局",),
        positions=("局长",),
        places=("陕西省宝鸡市渭滨区", "宝鸡市渭滨区"),
    ),
    Case(
        id="h3-visit-companion-son",
        channel="visit",
        text=(
            "来访人：戚永年（男，68岁），电话13313129476；陪同人：戚某（其儿子）。\n"
            "来访人反映：保定市莲池区教育局局长牛国强的司机翟某某开公车接送牛国强的孩子上下学。"
        ),
        name="戚永年",
        phones=(e164("13313129476"),),
        accused=("牛国强",),
        units=("保定市莲池区教育局",),
        positions=("局长",),
        places=("保定市莲池区",),
        mentioned=("戚某", "翟某某"),
    ),
    Case(
        id="h3-visit-petitioner-narrative",
        channel="visit",
        text=(
            "2026年11月3日上午，信访人詹红英来我委信访室反映：重庆市万州区住房和城乡建设委员会"
            "副主任艾文斌在其小区违建整治中收受违建户好处费，每户1000元。信访人身份证号"
            f"{_ID['詹红英']}，联系电话13508355276。"
        ),
        name="詹红英",
        id_number=_ID["詹红英"],
        phones=(e164("13508355276"),),
        accused=("艾文斌",),
        units=("重庆市万州区住房和城乡建设委员会",),
        positions=("副主任",),
        amounts=(1000,),
        places=("重庆市万州区",),
    ),
    Case(
        id="h3-visit-two-phones",
        channel="visit",
        text=(
            "来访人：向明辉\n身份证号：" + _ID["向明辉"] + "\n"
            "联系电话：13825360917，0753-2284519（家）\n"
            "反映问题：梅州市梅江区自然资源局局长练志强在土地征收中多报青苗补偿，"
            "套取补偿资金45万元。"
        ),
        name="向明辉",
        id_number=_ID["向明辉"],
        phones=(e164("13825360917"), e164("0753-2284519")),
        accused=("练志强",),
        units=("梅州市梅江区自然资源局",),
        positions=("局长",),
        amounts=(450000,),
        places=("梅州市梅江区",),
    ),
    Case(
        id="h3-visit-self-told-street",
        channel="visit",
        text=(
            "来访人自述：我叫隋文涛，住在附近小区，身份证号"
            f"{_ID['隋文涛']}，手机15187420396。曲靖市麒麟区南宁街道办事处主任阮家豪"
            "收了物业公司的钱，小区的维修基金被挪用了60多万元。"
        ),
        name="隋文涛",
        id_number=_ID["隋文涛"],
        phones=(e164("15187420396"),),
        accused=("阮家豪",),
        units=("曲靖市麒麟区南宁街道办事处",),
        positions=("主任",),
        amounts=(600000,),
        places=("曲靖市麒麟区南宁街道",),
    ),
    Case(
        id="h3-visit-fullwidth-desk",
        channel="visit",
        text=(
            "来访人：禹海燕，女，身份证号："
            + fullwidth_digits(_ID["禹海燕"])
            + "，电话："
            + fullwidth_digits("18976543120")
            + "。\n反映：海口市美兰区市场监督管理局副局长车立新在其店铺办证时索要"
            "好处费３０００元。"
        ),
        name="禹海燕",
        id_number=_ID["禹海燕"],
        phones=(e164("18976543120"),),
        accused=("车立新",),
        units=("海口市美兰区市场监督管理局",),
        positions=("副局长",),
        amounts=(3000,),
        places=("海口市美兰区",),
    ),
    Case(
        id="h3-visit-group-armed-forces",
        channel="visit",
        text=(
            "集体访登记：退役士兵12人来访，代表人：赖桂香，电话18173920145。"
            "反映某县人民武装部政委练志强在安置工作中收钱，没送钱的人至今未安置。"
        ),
        name="赖桂香",
        phones=(e164("18173920145"),),
        accused=("练志强",),
        units=("某县人民武装部",),
        positions=("政委",),
    ),
    Case(
        id="h3-visit-township-deputy-level",
        channel="visit",
        text=(
            "来访人覃月娥（电话15074392618）反映：隆回县桃洪镇副镇长祁明山（副科级）"
            "在其家低保申请中索要5000元。"
        ),
        name="覃月娥",
        phones=(e164("15074392618"),),
        accused=("祁明山",),
        units=("隆回县桃洪镇",),
        positions=("副镇长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(5000,),
        places=("隆回县桃洪镇",),
    ),
]

HELDOUT3: list[Case] = _ROWS
