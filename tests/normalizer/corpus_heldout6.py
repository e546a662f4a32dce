"""The SIXTH held-out extraction corpus: written before the sixth round's changes.

Written on 2026-12-02, before any change to the extractors in that round (issue 16, sixth
round), from an imagination of real inputs, not from the extraction rules nor from any output
of the extractors. Letters as OCR prints them (hard line breaks, stray spaces, l/O for 1/0, a
misread character), calls as Vosk prints them (a space between tokens, digits read out with
幺/两/洞, fillers 嗯、那个、就是, a number said twice, a number corrected by the caller, an ID
number dictated in groups) and as a hotline clerk writes them down, web forms and free texts,
desk notes of single and group visits. Its names, units and places appear in no earlier
corpus: Sichuan's Liangshan (彝族 names 吉克、曲比、阿苏、沙马), Inner Mongolia's banners,
苏木 and 嘎查 (巴特尔, 乌云其木格), the Xinjiang 兵团 (第八师一四三团) and Kashgar (names with
·), Yunnan's Xishuangbanna and Dali (傣 names 岩/玉, the Bai surname 字), Qinghai's Yushu and
Haixi 州, Guizhou's 自治县 (雷山, 三都), Yanbian's 朝鲜族 names (金哲洙, 朴英淑, 玄光日),
Chaoshan names (郑泽銮, 蔡炳坤), Ningxia (固原, 银川, 中卫).
Traps of its own: surnames that read as words (白, 黑, 钱, 门, 党, 过, 才, 文, 金, 高), full
names that are common words or a city (高峰, 文明, 金华, 江山), a single-character given name
(王敏), the accused described before the name (…原局长、现任…副主席的 NAME), a retired cadre
(已退休的原…), acting and in-charge heads (代理局长, 主持工作的副局长), one person in two units
(副县长兼县公安局局长), a 村 secretary, a 社区 secretary whose community is named 河南, a state
farm's 副团长, a hospital's and a school's heads, police (派出所所长, 大队大队长), landlines with
an area code in both styles and with an extension, numbers spaced or dashed in groups, the
accused's, a relative's and a journalist's phones, ID numbers ending in X or x, an ID number
split over an OCR line break, amounts as 万余元, 两万五, 一百二十万, 3.5万元 and the vague
数十万元, a name given with a request for confidentiality, a letter written for a father,
co-signed letters, a letter signed only at its end, a salutation that names an official who is
not accused.

Gold conventions are those of ``corpus_heldout4.py``. Where this corpus needed them to be
spelt out: the position is what the text writes after the unit, so 原局长 and 代理局长 keep
their modifier when it is written after the unit (原喀什市…主任 has 主任); an extension
(转8012) is not part of the phone; an ID number written with a lower-case x has its gold in
upper case; a vague amount (数十万元, 一百多万元, 六十多万) has no gold amount while 万余元 is
10000 as 二十余万元 is 200000 in the earlier corpora; a complainant who gives a name and asks
for it to be kept confidential is still that name (confidentiality is handling, not identity);
whoever writes or calls for a relative is the complainant and the relative is mentioned; an
addressee in the salutation is neither accused nor mentioned; a journalist or a relative whose
phone is given is mentioned and the phone is not the complainant's.

First measured at 708383f, before any change to the extractors: P/R name 0.783/0.429, ID
1.000/1.000, phone 0.913/0.977, accused 0.814/0.565, unit 0.526/0.317, position 0.860/0.561,
level 0.800/0.667, amount 0.792/0.792, place 0.658/0.703; regex baseline name 0.462/0.286, unit
0.714/0.079; no self-description or third party taken as the complainant. The sixth round then
reads its failures, so from then on it is a measured corpus, no longer a held-out one.
"""

from __future__ import annotations

import random

from tests.normalizer.corpus_tools import Case, asr, desk, e164, fullwidth_digits, ocr
from tests.normalizer.generators import make_id

__all__ = ["HELDOUT6"]

_RNG = random.Random(20261202_6)


def _ocr(text: str, width: int, spaces: float = 0.03) -> str:
    return ocr(text, _RNG, width=width, spaces=spaces)


def _asr(text: str) -> str:
    return asr(text, _RNG)


_ID = {
    "吉克阿呷": make_id("513431", "19900218", "107"),  # ends in X
    "巴特尔": make_id("152530", "19680912", "131"),
    "才让卓玛": make_id("632723", "19920305", "248"),
    "朴英淑": make_id("222405", "19740611", "066"),
    "过海燕": make_id("445103", "19820607", "103"),  # ends in X
    "买买提·吐尔逊": make_id("659001", "19790826", "315"),
    "字云华": make_id("532930", "19860117", "042"),
    "杨海燕": make_id("522634", "19830429", "188"),
    "金华": make_id("222401", "19710405", "105"),  # ends in X
    "党红梅": make_id("632801", "19880730", "222"),
    "乌云其木格": make_id("150627", "19650314", "084"),
    "高峰": make_id("640502", "19770902", "251"),
    "王敏": make_id("640106", "19940120", "362"),
    "黑志强": make_id("640402", "19780314", "109"),  # ends in X
    "玉香": make_id("532801", "19850923", "104"),  # ends in X
    "江山": make_id("640402", "19700611", "097"),
    "沙马伍呷": make_id("513436", "19810303", "173"),
    "林锐标": make_id("445281", "19690517", "034"),  # ends in X, written x
}

_ROWS: list[Case] = [
    # --- letters, as OCR prints them ---------------------------------------------------------
    Case(
        id="h6-letter-accused-described-before-name-two-units",
        channel="letter",
        text=_ocr(
            "尊敬的州纪委监委领导：\n我叫吉克阿呷，彝族，住凉山彝族自治州昭觉县竹核乡，身份证号"
            f"{_ID['吉克阿呷']}，电话13980261475。\n昭觉县交通运输局原局长、现任县政协副主席的"
            "阿苏拉则，在任时把通乡公路工程交给他表弟承包，收受好处费一百二十万元。\n"
            "举报人：吉克阿呷\n2026年11月20日",
            width=21,
        ),
        name="吉克阿呷",
        id_number=_ID["吉克阿呷"],
        phones=(e164("13980261475"),),
        accused=("阿苏拉则",),
        units=("昭觉县交通运输局", "县政协"),
        positions=("原局长", "副主席"),
        amounts=(1200000,),
        places=("凉山彝族自治州昭觉县竹核乡", "昭觉县"),
    ),
    Case(
        id="h6-letter-name-given-asks-confidential-sumu-landline",
        channel="letter",
        text=_ocr(
            "反映信\n我是锡林郭勒盟正蓝旗上都镇牧民巴特尔，请领导为我保密，不要公开我的名字。\n"
            "正蓝旗那日图苏木党委书记额尔敦在草原生态补奖资金发放中截留牧民补贴三万五千元。\n"
            f"身份证号：{_ID['巴特尔']}\n联系电话：0479-4223561\n2026年10月",
            width=22,
        ),
        name="巴特尔",
        id_number=_ID["巴特尔"],
        phones=(e164("0479-4223561"),),
        accused=("额尔敦",),
        units=("正蓝旗那日图苏木",),
        positions=("党委书记",),
        amounts=(35000,),
        places=("锡林郭勒盟正蓝旗上都镇", "正蓝旗那日图苏木"),
    ),
    Case(
        id="h6-letter-written-for-father-surname-dang",
        channel="letter",
        text=_ocr(
            "代父亲反映问题\n我父亲才旺今年七十六岁，是玉树藏族自治州称多县称文镇的牧民，不识字，"
            "由我代他写这封信。我叫才让卓玛，身份证号" + _ID["才让卓玛"] + "，电话18997621043。\n"
            "称文镇人民政府副镇长党某以帮办危房改造为名，收了我父亲八千元。\n才让卓玛\n2026年9月",
            width=20,
        ),
        name="才让卓玛",
        id_number=_ID["才让卓玛"],
        phones=(e164("18997621043"),),
        accused=("党某",),
        units=("称文镇人民政府",),
        positions=("副镇长",),
        amounts=(8000,),
        places=("玉树藏族自治州称多县称文镇",),
        mentioned=("才旺",),
    ),
    Case(
        id="h6-letter-co-signed-korean-names-contact-person",
        channel="letter",
        text=_ocr(
            "联名举报信\n我们是延边朝鲜族自治州龙井市东盛涌镇仁化村村民。仁化村村委会主任"
            "玄光日把村里的集体土地租金一万余元装进了自己的腰包。\n"
            "联名人：金哲洙、朴英淑、崔永浩\n联系人：朴英淑  电话：13843356782\n"
            f"朴英淑身份证号：{_ID['朴英淑']}\n2026年11月3日",
            width=23,
        ),
        name="朴英淑",
        id_number=_ID["朴英淑"],
        phones=(e164("13843356782"),),
        accused=("玄光日",),
        units=("仁化村村委会",),
        positions=("主任",),
        amounts=(10000,),
        places=("延边朝鲜族自治州龙井市东盛涌镇仁化村",),
        mentioned=("金哲洙", "崔永浩"),
    ),
    Case(
        id="h6-letter-salutation-official-signed-at-end",
        channel="letter",
        text=_ocr(
            "尊敬的马建军书记：\n您好！原州区水务局副局长门晓东在农村饮水安全工程验收中，"
            "收了施工队两万五，工程质量不合格也签字通过，现在开河镇好几个村的水管一冻就裂。\n"
            "恳请马书记过问。\n反映人：黑志强\n电话：13709543318\n"
            f"身份证：{_ID['黑志强']}\n2026年11月16日",
            width=22,
        ),
        name="黑志强",
        id_number=_ID["黑志强"],
        phones=(e164("13709543318"),),
        accused=("门晓东",),
        units=("原州区水务局",),
        positions=("副局长",),
        amounts=(25000,),
        places=("原州区", "开河镇"),
    ),
    Case(
        id="h6-letter-landline-extension-acting-head-dai-name",
        channel="letter",
        text=_ocr(
            "举报信\n西双版纳傣族自治州景洪市自然资源局代理局长岩温，在勐罕镇土地征收中"
            "给亲戚多算地上附着物，多付补偿款六十三万元。\n举报人：玉香，景洪市勐罕镇曼听村村民\n"
            f"身份证号{_ID['玉香']}\n联系电话：0691-2145367转8012\n2026年10月28日",
            width=21,
        ),
        name="玉香",
        id_number=_ID["玉香"],
        phones=(e164("0691-2145367"),),
        accused=("岩温",),
        units=("西双版纳傣族自治州景洪市自然资源局",),
        positions=("代理局长",),
        amounts=(630000,),
        places=("西双版纳傣族自治州景洪市", "景洪市勐罕镇", "景洪市勐罕镇曼听村"),
    ),
    Case(
        id="h6-letter-id-x-split-over-line-surname-guo",
        channel="letter",
        text=(
            "反 映 信\n我叫过海燕，潮州市潮安区庵埠镇居民，身份证号4451031982\n"
            f"{_ID['过海燕'][10:]}，手机 139 2356 0817。\n庵埠镇人民政府镇长蔡炳坤"
            "在旧厂房改造中收受开发商3.5万元，\n还让他弟弟的公司承包了拆除工程。\n过海燕\n2026.11.2"
        ),
        name="过海燕",
        id_number=_ID["过海燕"],
        phones=(e164("13923560817"),),
        accused=("蔡炳坤",),
        units=("庵埠镇人民政府",),
        positions=("镇长",),
        amounts=(35000,),
        places=("潮州市潮安区庵埠镇",),
    ),
    Case(
        id="h6-letter-anonymous-old-party-member-vague-amount",
        channel="letter",
        text=_ocr(
            "尊敬的县纪委：\n我是一名有四十年党龄的老党员。三都水族自治县中和镇党委书记韦某某、"
            "镇长潘文明两人在产业扶贫项目中弄虚作假，套取上级资金数十万元，群众敢怒不敢言。\n"
            "一名老党员\n2026年11月",
            width=20,
        ),
        accused=("韦某某", "潘文明"),
        units=("三都水族自治县中和镇",),
        positions=("党委书记", "镇长"),
        places=("三都水族自治县中和镇",),
    ),
    Case(
        id="h6-letter-hospital-head-level-bracket-staff-anonymous",
        channel="letter",
        text=_ocr(
            "举报材料\n美姑县人民医院院长曲比阿果（正科级）在采购CT机时收受供应商刘某回扣"
            "18.6万元，并把他的侄女安排进医院财务科。\n——单位职工\n2026年8月",
            width=22,
        ),
        accused=("曲比阿果",),
        units=("美姑县人民医院",),
        positions=("院长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(186000,),
        places=("美姑县",),
        mentioned=("刘某",),
    ),
    Case(
        id="h6-letter-bingtuan-regiment-deputy-dot-name",
        channel="letter",
        text=_ocr(
            "实名举报\n举报人：买买提·吐尔逊，男，维吾尔族，身份证号"
            f"{_ID['买买提·吐尔逊']}，电话13999355762。\n被举报人：新疆生产建设兵团第八师"
            "一四三团副团长钱江山。\n钱江山在职工承包土地调整中，把好地分给关系户，"
            "收受好处费共计一百五十万元。\n2026年11月8日",
            width=24,
        ),
        name="买买提·吐尔逊",
        id_number=_ID["买买提·吐尔逊"],
        phones=(e164("13999355762"),),
        accused=("钱江山",),
        units=("新疆生产建设兵团第八师一四三团",),
        positions=("副团长",),
        amounts=(1500000,),
        places=("新疆生产建设兵团第八师一四三团",),
    ),
    Case(
        id="h6-letter-journalist-phone-bai-surname",
        channel="letter",
        text=_ocr(
            "尊敬的州纪委：\n我叫字云华，白族，住大理白族自治州洱源县茈碧湖镇。"
            "洱源县林业和草原局局长杨某（副县级）违规审批林地，收受老板好处二十万元。"
            "此事《滇西日报》记者白雪（电话13577012698）曾来采访过。\n"
            f"我的电话：13887215406\n身份证号：{_ID['字云华']}\n字云华\n2026年10月",
            width=21,
        ),
        name="字云华",
        id_number=_ID["字云华"],
        phones=(e164("13887215406"),),
        accused=("杨某",),
        units=("洱源县林业和草原局",),
        positions=("局长",),
        levels=("COUNTY_DIVISION",),
        amounts=(200000,),
        places=("大理白族自治州洱源县茈碧湖镇", "洱源县"),
        mentioned=("白雪",),
    ),
    Case(
        id="h6-letter-deputy-county-head-and-police-chief",
        channel="letter",
        text=_ocr(
            "举报信\n黔东南苗族侗族自治州雷山县副县长兼县公安局局长龙某，纵容西江镇的"
            "赌场开了两年，每年收保护费五万余元。\n举报人：杨海燕，苗族，西江镇居民\n"
            f"电话：18785507932  身份证：{_ID['杨海燕']}\n2026年11月12日",
            width=22,
        ),
        name="杨海燕",
        id_number=_ID["杨海燕"],
        phones=(e164("18785507932"),),
        accused=("龙某",),
        units=("黔东南苗族侗族自治州雷山县", "县公安局"),
        positions=("副县长", "局长"),
        amounts=(50000,),
        places=("黔东南苗族侗族自治州雷山县", "西江镇"),
    ),
    Case(
        id="h6-letter-police-station-and-brigade-anonymous-insider",
        channel="letter",
        text=_ocr(
            "举报\n普宁市公安局流沙派出所所长郑泽銮、普宁市公安局治安管理大队大队长"
            "陈锐光，长期给流沙镇的地下赌场通风报信，每月各收两万元。\n知情人\n2026年9月",
            width=21,
        ),
        accused=("郑泽銮", "陈锐光"),
        units=("普宁市公安局流沙派出所", "普宁市公安局治安管理大队"),
        positions=("所长", "大队长"),
        amounts=(20000,),
        places=("普宁市", "流沙镇"),
    ),
    Case(
        id="h6-letter-name-is-city-community-henan",
        channel="letter",
        text=_ocr(
            "反映信\n我叫金华，朝鲜族，住延吉市建工街道河南社区，身份证号"
            f"{_ID['金华']}，电话13604435871。\n河南社区党委书记文明把社区"
            "活动室租给别人开麻将馆，租金六千八百元没有入账。\n金华\n2026年11月1日",
            width=20,
        ),
        name="金华",
        id_number=_ID["金华"],
        phones=(e164("13604435871"),),
        accused=("文明",),
        units=("河南社区",),
        positions=("党委书记",),
        amounts=(6800,),
        places=("延吉市建工街道河南社区",),
    ),
    Case(
        id="h6-letter-ocr-misread-chars-level-bracket",
        channel="letter",
        text=(
            "举 扳 信\n本人党红梅，格尔木市河西街道居民，身份证号"
            f"{_ID['党红梅']}，屯话 l39 O979 3264。\n海西蒙古族藏族自治州格尔木市住房和"
            "城乡建设局\n副局长才某（正科级）在棚户区改造分房中，每套收取好处费三万元。\n"
            "党红梅\n2026.10.20"
        ),
        name="党红梅",
        id_number=_ID["党红梅"],
        phones=(e164("13909793264"),),
        accused=("才某",),
        units=("海西蒙古族藏族自治州格尔木市住房和城乡建设局",),
        positions=("副局长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(30000,),
        places=("格尔木市河西街道", "海西蒙古族藏族自治州格尔木市"),
    ),
    Case(
        id="h6-letter-gacha-accused-phone-son-phone",
        channel="letter",
        text=_ocr(
            "尊敬的旗纪委：\n我叫乌云其木格，是伊金霍洛旗札萨克镇门克庆嘎查牧民，身份证号"
            f"{_ID['乌云其木格']}。门克庆嘎查党支部书记乌力吉把禁牧补贴8万元"
            "发给了不在嘎查住的亲戚。乌力吉的电话是15147702361。\n"
            "我的电话13947711820，我儿子的电话15849710263。\n乌云其木格\n2026年10月5日",
            width=21,
        ),
        name="乌云其木格",
        id_number=_ID["乌云其木格"],
        phones=(e164("13947711820"),),
        accused=("乌力吉",),
        units=("门克庆嘎查党支部",),
        positions=("书记",),
        amounts=(80000,),
        places=("伊金霍洛旗札萨克镇门克庆嘎查",),
    ),
    Case(
        id="h6-letter-retired-cadre-dot-name-anonymous-medic",
        channel="letter",
        text=_ocr(
            "举报信\n已退休的原喀什市卫生健康委员会主任艾力·阿不都，在任时利用职务便利，"
            "为医药公司中标打招呼，收受好处四十余万元，退休后还在该公司领工资。\n"
            "一名医务人员\n2026年11月",
            width=22,
        ),
        accused=("艾力·阿不都",),
        units=("喀什市卫生健康委员会",),
        positions=("主任",),
        amounts=(400000,),
        places=("喀什市",),
    ),
    Case(
        id="h6-letter-school-head-and-manager-staff-signed",
        channel="letter",
        text=_ocr(
            "关于汕头市潮阳区棉城中学的举报\n棉城中学校长陈某某、总务处主任肖秋生"
            "在学校食堂承包中收受承包商好处费二十八万元，饭菜质量越来越差。\n"
            "部分教职工\n2026年10月30日",
            width=22,
        ),
        accused=("陈某某", "肖秋生"),
        units=("汕头市潮阳区棉城中学",),
        positions=("校长", "总务处主任"),
        amounts=(280000,),
        places=("汕头市潮阳区",),
    ),
    Case(
        id="h6-letter-name-is-word-spaced-phone-guo-accused",
        channel="letter",
        text=_ocr(
            "反映信\n我叫高峰，住中卫市沙坡头区宣和镇，身份证号"
            f"{_ID['高峰']}，手机 139 9553 7120。\n宣和镇副镇长过某在高标准农田建设中"
            "收了包工头4万元，田里的水渠一年就塌了。\n高峰\n2026年9月25日",
            width=21,
        ),
        name="高峰",
        id_number=_ID["高峰"],
        phones=(e164("13995537120"),),
        accused=("过某",),
        units=("宣和镇",),
        positions=("副镇长",),
        amounts=(40000,),
        places=("中卫市沙坡头区宣和镇",),
    ),
    Case(
        id="h6-letter-single-char-given-name-landline-bracket-in-charge",
        channel="letter",
        text=_ocr(
            "举报信\n本人王敏，女，住银川市金凤区满城北街街道，身份证号"
            f"{_ID['王敏']}，手机18909512674，家里电话(0951)5023678。\n"
            "金凤区教育局主持工作的副局长马某在民办幼儿园年检中，每所收取1.2万元。\n"
            "王敏\n2026年11月18日",
            width=22,
        ),
        name="王敏",
        id_number=_ID["王敏"],
        phones=(e164("18909512674"), e164("(0951)5023678")),
        accused=("马某",),
        units=("金凤区教育局",),
        positions=("副局长",),
        amounts=(12000,),
        places=("银川市金凤区满城北街街道", "金凤区"),
    ),
    # --- calls, as Vosk prints them, and as a hotline clerk writes them down -----------------
    Case(
        id="h6-call-number-corrected-by-caller",
        channel="phone",
        text=(
            "喂 你好 我 叫 朴 英 淑 电话 是 幺 三 八 四 三 三 五 六 七 八 二 嗯 不对 不对 "
            "是 幺 三 八 四 三 三 五 六 七 八 三 就是 我 要 反映 龙井 市 东盛涌 镇 仁化 村 "
            "村委会 主任 玄 光 日 他 把 村里 的 地 租 出去 了 钱 没 入账"
        ),
        name="朴英淑",
        phones=(e164("13843356783"),),
        accused=("玄光日",),
        units=("仁化村村委会",),
        positions=("主任",),
        places=("龙井市东盛涌镇仁化村",),
    ),
    Case(
        id="h6-call-number-said-twice",
        channel="phone",
        text=(
            "喂 那个 我 是 黑 志 强 我 的 电话 幺 三 七 洞 九 五 四 三 三 幺 八 "
            "我 再 说 一 遍 幺 三 七 洞 九 五 四 三 三 幺 八 嗯 我 反映 原州 区 水务 局 "
            "副 局长 门 晓 东 收 了 施工 队 的 钱 两万 五"
        ),
        name="黑志强",
        phones=(e164("13709543318"),),
        accused=("门晓东",),
        units=("原州区水务局",),
        positions=("副局长",),
        amounts=(25000,),
        places=("原州区",),
    ),
    Case(
        id="h6-call-id-dictated-in-groups",
        channel="phone",
        text=(
            "你好 我 叫 江 山 江水 的 江 山水 的 山 身份证 号 是 六 四 洞 四 洞 两 "
            "幺 九 七 洞 洞 六 幺 幺 洞 九 七 "
            + _ID["江山"][-1]
            + " 电话 幺 五 九 两 九 五 四 七 三 洞 八 我 要 反映 固原 市 原州 区 "
            "三营 镇 党委 书记 白 某 他 在 移民 搬迁 分房 的 时候 收钱 一套 房 收 一万"
        ),
        name="江山",
        id_number=_ID["江山"],
        phones=(e164("15929547308"),),
        accused=("白某",),
        units=("固原市原州区三营镇",),
        positions=("党委书记",),
        amounts=(10000,),
        places=("固原市原州区三营镇",),
    ),
    Case(
        id="h6-call-fillers-yi-names",
        channel="phone",
        text=_asr(
            "喂，嗯，你好，我是那个沙马伍呷，美姑县巴普镇的，电话13540916628。就是，"
            "我要反映美姑县民政局副局长吉克某，我们村的低保，嗯，他要每家交一千五才给评。"
        ),
        name="沙马伍呷",
        phones=(e164("13540916628"),),
        accused=("吉克某",),
        units=("美姑县民政局",),
        positions=("副局长",),
        amounts=(1500,),
        places=("美姑县巴普镇", "美姑县"),
    ),
    Case(
        id="h6-call-landline-callback",
        channel="phone",
        text=_asr(
            "你好，我叫玉香，在景洪市勐罕镇，家里没有手机，你们打这个座机，0691-2145367。"
            "那个，景洪市自然资源局的岩温，就是代理局长，他给他亲戚多算了补偿款，六十多万。"
        ),
        name="玉香",
        phones=(e164("0691-2145367"),),
        accused=("岩温",),
        units=("景洪市自然资源局",),
        positions=("代理局长",),
        places=("景洪市勐罕镇", "景洪市"),
    ),
    Case(
        id="h6-call-anonymous-refuses-name",
        channel="phone",
        text=_asr(
            "喂，嗯，名字我就不说了，我是中和镇的，就是，三都水族自治县中和镇镇长潘文明，"
            "他把扶贫的钱拿去修他家门口的路了，那个，大概有数十万元。"
        ),
        accused=("潘文明",),
        units=("三都水族自治县中和镇",),
        positions=("镇长",),
        places=("三都水族自治县中和镇",),
    ),
    Case(
        id="h6-call-clerk-summary-village-secretary",
        channel="phone",
        text=(
            "来电人：乌云其木格，女，伊金霍洛旗札萨克镇门克庆嘎查牧民，"
            "回访电话13947711820。来电反映：嘎查党支部书记乌力吉将禁牧补贴约8万元"
            "发给不在嘎查居住的亲属。来电人要求保密。"
        ),
        name="乌云其木格",
        phones=(e164("13947711820"),),
        accused=("乌力吉",),
        units=("嘎查党支部",),
        positions=("书记",),
        amounts=(80000,),
        places=("伊金霍洛旗札萨克镇门克庆嘎查",),
    ),
    Case(
        id="h6-call-clerk-summary-anonymous-regiment",
        channel="phone",
        text=(
            "来电人未留姓名，自称兵团职工，来电号码不详。反映新疆生产建设兵团第八师"
            "一四三团副团长钱江山在土地调整中收受好处，金额一百多万元。"
        ),
        accused=("钱江山",),
        units=("新疆生产建设兵团第八师一四三团",),
        positions=("副团长",),
        places=("新疆生产建设兵团第八师一四三团",),
    ),
    Case(
        id="h6-call-for-mother-mother-named",
        channel="phone",
        text=_asr(
            "喂你好，我是替我妈打的，我妈叫乌兰，她不会说汉话。我叫白音，电话15247936012。"
            "正蓝旗上都镇副镇长额某，我妈的养老补贴被他扣了，嗯，扣了三千。"
        ),
        name="白音",
        phones=(e164("15247936012"),),
        accused=("额某",),
        units=("正蓝旗上都镇",),
        positions=("副镇长",),
        amounts=(3000,),
        places=("正蓝旗上都镇",),
        mentioned=("乌兰",),
    ),
    Case(
        id="h6-call-accused-phone-given-after-own",
        channel="phone",
        text=_asr(
            "你好，我叫过海燕，电话13923560817。我反映庵埠镇镇长蔡炳坤，他收开发商的钱，"
            "嗯，蔡炳坤的手机是13802867751，你们可以打过去问他。"
        ),
        name="过海燕",
        phones=(e164("13923560817"),),
        accused=("蔡炳坤",),
        units=("庵埠镇",),
        positions=("镇长",),
        places=("庵埠镇",),
    ),
    Case(
        id="h6-call-korean-accused-community-word-name",
        channel="phone",
        text=_asr(
            "喂，嗯，我是金华，延吉市建工街道的，电话13604435871。那个，我们河南社区的"
            "书记文明，就是文明，他把活动室租出去了，钱六千八没入账。"
        ),
        name="金华",
        phones=(e164("13604435871"),),
        accused=("文明",),
        units=("河南社区",),
        positions=("书记",),
        amounts=(6800,),
        places=("延吉市建工街道", "河南社区"),
    ),
    Case(
        id="h6-call-clerk-summary-relative-phone",
        channel="phone",
        text=(
            "来电人字云华称，洱源县茈碧湖镇党委副书记李某某在集体林权改革中多占林地，"
            "给其表弟办了林权证。来电人电话13887215406；其丈夫杨建林手机13988512703也可联系。"
        ),
        name="字云华",
        phones=(e164("13887215406"),),
        accused=("李某某",),
        units=("洱源县茈碧湖镇",),
        positions=("党委副书记",),
        places=("洱源县茈碧湖镇",),
        mentioned=("杨建林",),
    ),
    Case(
        id="h6-call-hospital-head-spoken-amount",
        channel="phone",
        text=_asr(
            "喂，你好，我是美姑县人民医院的职工，名字就不报了，那个，我们院长曲比阿果，"
            "买CT机的时候拿了回扣，十八万六。"
        ),
        accused=("曲比阿果",),
        units=("美姑县人民医院",),
        positions=("院长",),
        amounts=(186000,),
        places=("美姑县",),
    ),
    Case(
        id="h6-call-spaced-name-single-char",
        channel="phone",
        text=(
            "喂 我 姓 王 叫 王 敏 敏感 的 敏 电话 幺 八 九 洞 九 五 幺 两 六 七 四 "
            "嗯 就是 金凤 区 教育 局 副 局长 马 某 收 幼儿园 的 钱 一 所 一万 两"
        ),
        name="王敏",
        phones=(e164("18909512674"),),
        accused=("马某",),
        units=("金凤区教育局",),
        positions=("副局长",),
        amounts=(12000,),
        places=("金凤区",),
    ),
    # --- web forms and free texts --------------------------------------------------------------
    Case(
        id="h6-web-form-lowercase-x-id-level-field",
        channel="web",
        text=(
            f"举报人姓名：林锐标\n证件号码：{_ID['林锐标'].lower()}\n联系电话：139-2366-4801\n"
            "被举报人姓名：郑泽銮\n工作单位：普宁市公安局流沙派出所\n职务：所长\n级别：副科级\n"
            "问题描述：郑泽銮收取流沙镇地下赌场保护费，每月两万元。"
        ),
        name="林锐标",
        id_number=_ID["林锐标"],
        phones=(e164("13923664801"),),
        accused=("郑泽銮",),
        units=("普宁市公安局流沙派出所",),
        positions=("所长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(20000,),
        places=("普宁市", "流沙镇"),
    ),
    Case(
        id="h6-web-form-anonymous-region-field",
        channel="web",
        text=(
            "是否匿名：是\n被举报人：阿苏拉则\n被举报人单位：昭觉县政协\n被举报人职务：副主席\n"
            "所在地区：四川省凉山彝族自治州昭觉县\n问题描述：阿苏拉则任昭觉县交通运输局局长期间"
            "收受工程老板好处费一百二十万元。"
        ),
        accused=("阿苏拉则",),
        units=("昭觉县政协", "昭觉县交通运输局"),
        positions=("副主席", "局长"),
        amounts=(1200000,),
        places=("四川省凉山彝族自治州昭觉县",),
    ),
    Case(
        id="h6-web-free-text-x-id-fullwidth-phone",
        channel="web",
        text=(
            "我是吉克阿呷，身份证"
            + fullwidth_digits(_ID["吉克阿呷"])
            + "，手机"
            + fullwidth_digits("13980261475")
            + "。昭觉县竹核乡乡长沙马某在发放退耕还林补助时，每户扣下五百元，"
            "全乡有三百多户。"
        ),
        name="吉克阿呷",
        id_number=_ID["吉克阿呷"],
        phones=(e164("13980261475"),),
        accused=("沙马某",),
        units=("昭觉县竹核乡",),
        positions=("乡长",),
        amounts=(500,),
        places=("昭觉县竹核乡",),
    ),
    Case(
        id="h6-web-form-two-accused-soe",
        channel="web",
        text=(
            "举报人：买买提·吐尔逊\n联系方式：13999355762\n"
            "被举报人：钱江山（第八师一四三团副团长）、古丽娜·买合木提（一四三团财务科科长）\n"
            "举报内容：二人合伙在职工承包地调整中收受好处费，共计一百五十万元。"
        ),
        name="买买提·吐尔逊",
        phones=(e164("13999355762"),),
        accused=("钱江山", "古丽娜·买合木提"),
        units=("第八师一四三团", "一四三团财务科"),
        positions=("副团长", "科长"),
        amounts=(1500000,),
        places=("第八师一四三团",),
    ),
    Case(
        id="h6-web-free-text-self-description-villager",
        channel="web",
        text=(
            "本人系龙井市东盛涌镇仁化村村民，不愿透露姓名。仁化村村委会主任玄光日"
            "把集体土地租金一万余元据为己有，还把低保给了自己的亲家。"
        ),
        accused=("玄光日",),
        units=("仁化村村委会",),
        positions=("主任",),
        amounts=(10000,),
        places=("龙井市东盛涌镇仁化村",),
    ),
    Case(
        id="h6-web-form-accused-phone-field",
        channel="web",
        text=(
            "您的姓名：高峰\n您的手机：13995537120\n被反映人：过某\n"
            "被反映人单位职务：中卫市沙坡头区宣和镇人民政府副镇长\n被反映人电话：13709556623\n"
            "反映内容：过某收受包工头4万元，高标准农田水渠质量很差。"
        ),
        name="高峰",
        phones=(e164("13995537120"),),
        accused=("过某",),
        units=("中卫市沙坡头区宣和镇人民政府",),
        positions=("副镇长",),
        amounts=(40000,),
        places=("中卫市沙坡头区宣和镇",),
    ),
    Case(
        id="h6-web-free-text-retired-cadre-level",
        channel="web",
        text=(
            "反映已退休的原海西蒙古族藏族自治州交通运输局局长韩某（正处级）问题：韩某退休前"
            "突击提拔亲信，退休后在其儿子的运输公司挂名领薪，每年二十四万元。知情人，不留名。"
        ),
        accused=("韩某",),
        units=("海西蒙古族藏族自治州交通运输局",),
        positions=("局长",),
        levels=("COUNTY_DIVISION",),
        amounts=(240000,),
        places=("海西蒙古族藏族自治州",),
    ),
    Case(
        id="h6-web-form-dashed-landline-mentioned-witness",
        channel="web",
        text=(
            "姓名：字云华\n电话：0872-5123-648\n事件地点：大理白族自治州洱源县茈碧湖镇\n"
            "事件经过：洱源县林业和草原局局长杨某违规审批林地，老板赵某亲口对我说送了二十万元，"
            "同村的李老三也听到了。"
        ),
        name="字云华",
        phones=(e164("0872-5123648"),),
        accused=("杨某",),
        units=("洱源县林业和草原局",),
        positions=("局长",),
        amounts=(200000,),
        places=("大理白族自治州洱源县茈碧湖镇", "洱源县"),
        mentioned=("赵某", "李老三"),
    ),
    Case(
        id="h6-web-free-text-village-two-cadres",
        channel="web",
        text=(
            "我是雷山县西江镇羊排村的杨海燕，电话18785507932。羊排村党支部书记侯某和"
            "村委会主任唐某某，把旅游分红款两万五扣着不发。"
        ),
        name="杨海燕",
        phones=(e164("18785507932"),),
        accused=("侯某", "唐某某"),
        units=("羊排村党支部", "村委会"),
        positions=("书记", "主任"),
        amounts=(25000,),
        places=("雷山县西江镇羊排村",),
    ),
    Case(
        id="h6-web-form-anonymous-soe-chairman",
        channel="web",
        text=(
            "是否匿名：是\n被举报人：鲍振国\n单位：锡林郭勒盟国有资产投资经营有限公司\n"
            "职务：董事长\n问题：鲍振国违规给私人老板担保，公司损失三千二百万元。"
        ),
        accused=("鲍振国",),
        units=("锡林郭勒盟国有资产投资经营有限公司",),
        positions=("董事长",),
        amounts=(32000000,),
        places=("锡林郭勒盟",),
    ),
    Case(
        id="h6-web-free-text-landline-area-code-brackets-grandson",
        channel="web",
        text=(
            "我叫党红梅，在格尔木市河西街道住，电话（0979）8426315。我替我外孙反映："
            "格尔木市第三中学副校长韩海燕收了家长五千元，才让我外孙转进她的班。"
        ),
        name="党红梅",
        phones=(e164("(0979)8426315"),),
        accused=("韩海燕",),
        units=("格尔木市第三中学",),
        positions=("副校长",),
        amounts=(5000,),
        places=("格尔木市河西街道", "格尔木市"),
    ),
    Case(
        id="h6-web-form-several-units-one-person-anonymous",
        channel="web",
        text=(
            "是否匿名：是\n被举报人：沙马伍呷\n被举报人单位及职务：美姑县巴普镇党委副书记、"
            "巴普镇农业服务中心主任\n问题描述：沙马伍呷虚报种植面积，套取种粮补贴两万五。"
        ),
        accused=("沙马伍呷",),
        units=("美姑县巴普镇", "巴普镇农业服务中心"),
        positions=("党委副书记", "主任"),
        amounts=(25000,),
        places=("美姑县巴普镇",),
    ),
    # --- desk notes of visits, single and group ----------------------------------------------
    Case(
        id="h6-visit-single-x-id-desk",
        channel="visit",
        text=desk(
            [
                ("来访人", "黑志强"),
                ("身份证号", _ID["黑志强"]),
                ("联系电话", "137 0954 3318"),
                ("住址", "固原市原州区开河镇"),
            ],
            "原州区水务局副局长门晓东在饮水工程验收中收受施工队两万五千元。",
        ),
        name="黑志强",
        id_number=_ID["黑志强"],
        phones=(e164("13709543318"),),
        accused=("门晓东",),
        units=("原州区水务局",),
        positions=("副局长",),
        amounts=(25000,),
        places=("固原市原州区开河镇", "原州区"),
    ),
    Case(
        id="h6-visit-group-representatives-korean",
        channel="visit",
        text=(
            "2026年11月24日上午，龙井市东盛涌镇仁化村村民十余人集体来访，推选代表金哲洙"
            "（电话13894371652）、崔永浩反映：村委会主任玄光日私吞土地租金一万余元。"
        ),
        name="金哲洙",
        phones=(e164("13894371652"),),
        accused=("玄光日",),
        units=("村委会",),
        positions=("主任",),
        amounts=(10000,),
        places=("龙井市东盛涌镇仁化村",),
        mentioned=("崔永浩",),
    ),
    Case(
        id="h6-visit-companion-interpreter",
        channel="visit",
        text=(
            f"来访人：买买提·吐尔逊，身份证号{_ID['买买提·吐尔逊']}，电话13999355762，"
            "由其侄子艾尼瓦尔（电话18999306671）陪同翻译。\n反映问题：第八师一四三团"
            "副团长钱江山收受好处费，把好地分给关系户。\n接待人：刘晓红"
        ),
        name="买买提·吐尔逊",
        id_number=_ID["买买提·吐尔逊"],
        phones=(e164("13999355762"),),
        accused=("钱江山",),
        units=("第八师一四三团",),
        positions=("副团长",),
        places=("第八师一四三团",),
        mentioned=("艾尼瓦尔",),
    ),
    Case(
        id="h6-visit-anonymous-plain-note",
        channel="visit",
        text=(
            "一名男子来访，不愿登记姓名，自称是喀什市卫生健康委员会的职工。"
            "反映已退休的原主任艾力·阿不都在医药公司挂名领工资，每月一万二。"
        ),
        accused=("艾力·阿不都",),
        units=("喀什市卫生健康委员会",),
        positions=("主任",),
        amounts=(12000,),
        places=("喀什市",),
    ),
    Case(
        id="h6-visit-for-father-desk",
        channel="visit",
        text=desk(
            [
                ("来访人", "才让卓玛（代其父才旺反映）"),
                ("身份证号", _ID["才让卓玛"]),
                ("电话", "18997621043"),
            ],
            "称多县称文镇副镇长党某收取其父危房改造“帮办费”八千元。",
        ),
        name="才让卓玛",
        id_number=_ID["才让卓玛"],
        phones=(e164("18997621043"),),
        accused=("党某",),
        units=("称多县称文镇",),
        positions=("副镇长",),
        amounts=(8000,),
        places=("称多县称文镇",),
        mentioned=("才旺",),
    ),
    Case(
        id="h6-visit-group-school-teachers",
        channel="visit",
        text=(
            "汕头市潮阳区棉城中学教师8人来访，代表林锐标（电话13923664801）反映：校长陈某某"
            "在食堂承包中收受好处费二十八万元。另一代表郑晓丹电话13670435219。"
        ),
        name="林锐标",
        phones=(e164("13923664801"),),
        accused=("陈某某",),
        units=("汕头市潮阳区棉城中学",),
        positions=("校长",),
        amounts=(280000,),
        places=("汕头市潮阳区",),
        mentioned=("郑晓丹",),
    ),
    Case(
        id="h6-visit-police-brigade-level-after-comma",
        channel="visit",
        text=desk(
            [("来访人", "蔡炳坤"), ("电话", "13802867751")],
            "潮州市公安局潮安分局交警大队大队长许某，副科级，在车辆年检中与检测站"
            "勾结，每辆车多收三百元。",
        ),
        name="蔡炳坤",
        phones=(e164("13802867751"),),
        accused=("许某",),
        units=("潮州市公安局潮安分局交警大队",),
        positions=("大队长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(300,),
        places=("潮州市",),
    ),
    Case(
        id="h6-visit-single-residence-differs-from-matter",
        channel="visit",
        text=(
            f"来访人江山，男，住固原市原州区南关街道，身份证号{_ID['江山']}，电话15929547308。"
            "反映其老家西吉县兴隆镇党委书记白某某在移民搬迁中每套房收取一万元。"
        ),
        name="江山",
        id_number=_ID["江山"],
        phones=(e164("15929547308"),),
        accused=("白某某",),
        units=("西吉县兴隆镇",),
        positions=("党委书记",),
        amounts=(10000,),
        places=("固原市原州区南关街道", "西吉县兴隆镇"),
    ),
    Case(
        id="h6-visit-group-herders-two-accused",
        channel="visit",
        text=(
            "正蓝旗那日图苏木牧民二十余人集体来访，推选巴特尔（电话0479-4223561）、"
            "乌兰为代表，反映苏木党委书记额尔敦、苏木达布和截留草原补奖资金三万五千元。"
        ),
        name="巴特尔",
        phones=(e164("0479-4223561"),),
        accused=("额尔敦", "布和"),
        units=("正蓝旗那日图苏木",),
        positions=("党委书记", "苏木达"),
        amounts=(35000,),
        places=("正蓝旗那日图苏木",),
        mentioned=("乌兰",),
    ),
    Case(
        id="h6-visit-single-name-asks-confidential",
        channel="visit",
        text=(
            "来访人高峰（要求对其姓名保密），电话13995537120，反映中卫市沙坡头区宣和镇"
            "副镇长过某收受包工头4万元。接待人：马玉兰。"
        ),
        name="高峰",
        phones=(e164("13995537120"),),
        accused=("过某",),
        units=("中卫市沙坡头区宣和镇",),
        positions=("副镇长",),
        amounts=(40000,),
        places=("中卫市沙坡头区宣和镇",),
    ),
]

HELDOUT6: list[Case] = _ROWS
