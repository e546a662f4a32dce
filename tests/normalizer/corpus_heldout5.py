"""The FIFTH held-out extraction corpus: written before the fifth round's changes.

Written on 2026-12-02, before any change to the extractors in that round (issue 16, fifth
round), from an imagination of real inputs, not from the extraction rules. Letters as OCR
prints them (hard line breaks, stray spaces, l/O for 1/0, a misread character or two), calls
as Vosk prints them (a space between tokens, digits read out with 幺/两/洞, fillers such as
嗯、那个、就是) and as a hotline clerk writes them down, web forms and free texts, desk notes
of single and group visits. Its names, units and places appear in no earlier corpus: Hainan,
Xinjiang, Tibet, Gansu, Chongqing, Hunan, Guangdong, Heilongjiang, Beijing, Guangxi, Shaanxi.
Traps of its own: compound surnames (端木, 公孙, 闻人, 澹台, 宇文, 长孙, 夏侯, 赫连, 申屠,
南宫, 鲜于), rare ones (逄, 隗, 冼, 佘, 笪, 厍, 庹, 粟, 仉, 帅, 覃, 揭), an addressee
"某市纪委监委：" that is not a place of the matter, written levels that differ from what the
position suggests (a bureau head at 副县级, a township head at 副处级), signatures after a dash
(——知情人 NAME 电话 …), a companion's phone, a relative's, the accused's and a contractor's
phone, several accused, self-descriptions (一名退休职工, 知情群众) without a name.

Gold conventions are those of ``corpus_heldout4.py``.

First measured at 5a7ba62 (the fifth round's start), before any change to the extractors:
P/R name 0.938/0.750, ID 1.000/1.000, phone 0.972/0.897, accused 1.000/0.774, unit
0.897/0.714, position 0.951/0.736, level 0.875/0.583, amount 1.000/0.946, place 0.850/0.944;
no self-description or third party taken as the complainant. The same round then read its
failures (kinds fixed on corpus.py rows only), so since then it is a measured corpus, no longer
a held-out one: the figures above are its only untouched ones.
"""

from __future__ import annotations

import random

from tests.normalizer.corpus_tools import Case, asr, e164, fullwidth_digits, ocr
from tests.normalizer.generators import make_id

__all__ = ["HELDOUT5"]

_RNG = random.Random(20261202_5)


def _ocr(text: str, width: int, spaces: float = 0.03) -> str:
    return ocr(text, _RNG, width=width, spaces=spaces)


def _asr(text: str) -> str:
    return asr(text, _RNG)


_ID = {
    "端木秋华": make_id("460107", "19720318", "046"),
    "逄建国": make_id("652301", "19660721", "117"),
    "公孙丽": make_id("620503", "19880912", "228"),
    "隗德福": make_id("500101", "19590203", "315"),
    "冼美玲": make_id("440204", "19841125", "062"),
    "澹台明": make_id("230202", "19770615", "093"),
    "佘红英": make_id("430703", "19690830", "144"),
    "宇文博": make_id("110113", "19910104", "379"),
    "笪国华": make_id("450102", "19750520", "211"),
    "长孙雪梅": make_id("540102", "19860407", "026"),
    "庹志成": make_id("500101", "19800929", "197"),
    "覃秀珍": make_id("450102", "19630311", "084"),
}

_ROWS: list[Case] = [
    # --- letters, as OCR prints them ---------------------------------------------------------
    Case(
        id="h5-letter-addressee-city-not-place-level-above-suggested",
        channel="letter",
        text=_ocr(
            "实名举报信\n海口市纪委监委：\n我叫端木秋华，女，住琼山区府城街道，身份证号"
            f"{_ID['端木秋华']}，手机13907563218。\n琼山区住房和城乡建设局局长晏国栋"
            "（副县级）在老旧小区改造中，把工程分给他小舅子的公司，收受回扣约四十万元。\n"
            "举报人：端木秋华\n2026年11月2日",
            width=21,
        ),
        name="端木秋华",
        id_number=_ID["端木秋华"],
        phones=(e164("13907563218"),),
        accused=("晏国栋",),
        units=("琼山区住房和城乡建设局",),
        positions=("局长",),
        levels=("COUNTY_DIVISION",),
        amounts=(400000,),
        places=("琼山区府城街道", "琼山区"),
    ),
    Case(
        id="h5-letter-dash-signature-informant",
        channel="letter",
        text=_ocr(
            "尊敬的领导：\n昌吉市三工镇党委副书记逯文海在征地补偿中虚报青苗面积，"
            "替亲戚多领补偿款十六万元，村民意见很大。\n"
            "——知情人 逄建国 电话 13899672045\n2026年10月",
            width=20,
        ),
        name="逄建国",
        phones=(e164("13899672045"),),
        accused=("逯文海",),
        units=("昌吉市三工镇",),
        positions=("党委副书记",),
        amounts=(160000,),
        places=("昌吉市三工镇",),
    ),
    Case(
        id="h5-letter-two-accused-briber-phone",
        channel="letter",
        text=_ocr(
            "举报信\n天水市麦积区交通运输局局长甄明远、副局长揭永红二人，在农村公路"
            "招标中收受老板冯某（手机13519381176）送的现金共计三十五万元。\n"
            "举报人：公孙丽，电话：18793820415\n身份证号：" + _ID["公孙丽"] + "\n2026年9月28日",
            width=22,
        ),
        name="公孙丽",
        id_number=_ID["公孙丽"],
        phones=(e164("18793820415"),),
        accused=("甄明远", "揭永红"),
        units=("天水市麦积区交通运输局",),
        positions=("局长", "副局长"),
        amounts=(350000,),
        places=("天水市麦积区",),
        mentioned=("冯某",),
    ),
    Case(
        id="h5-letter-ocr-misread-id-over-lines",
        channel="letter",
        text=(
            "反 映 信\n本人隗德福，重庆市万州区高笋塘街道居民，身份证号5001011959\n"
            f"{_ID['隗德福'][10:]}，电话 l36 O832 7419。\n万州区人力资源和社\n会保障局"
            "副局长帅光辉（正科级）在公益性岗位安置时收钱，每个岗位八千元。\n隗德福\n2026.10.12"
        ),
        name="隗德福",
        id_number=_ID["隗德福"],
        phones=(e164("13608327419"),),
        accused=("帅光辉",),
        units=("万州区人力资源和社会保障局",),
        positions=("副局长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(8000,),
        places=("重庆市万州区高笋塘街道", "万州区"),
    ),
    Case(
        id="h5-letter-anonymous-retired-worker",
        channel="letter",
        text=_ocr(
            "尊敬的市纪委领导：\n我是韶关市浈江区一名退休职工。浈江区城市管理和综合执法局"
            "副局长仉大伟经常在上班时间打麻将，还用公车接送孩子上学。\n"
            "一名退休职工\n2026年8月",
            width=20,
        ),
        accused=("仉大伟",),
        units=("浈江区城市管理和综合执法局",),
        positions=("副局长",),
        places=("韶关市浈江区", "浈江区"),
    ),
    Case(
        id="h5-letter-level-after-comma-above-suggested",
        channel="letter",
        text=_ocr(
            "关于龙沙区五龙街道办事处主任申屠光明问题的举报\n"
            "申屠光明，龙沙区五龙街道办事处主任，副处级，"
            "在辖区拆违中向商户索要好处费，多则一万，少则三千。\n"
            "举报人：澹台明  电话：13704521986\n2026年11月",
            width=24,
        ),
        name="澹台明",
        phones=(e164("13704521986"),),
        accused=("申屠光明",),
        units=("龙沙区五龙街道办事处",),
        positions=("主任",),
        levels=("COUNTY_DIVISION",),
        amounts=(10000, 3000),
        places=("龙沙区五龙街道",),
    ),
    Case(
        id="h5-letter-village-accused-phone-relative",
        channel="letter",
        text=_ocr(
            "尊敬的区纪委：\n我叫佘红英，住常德市鼎城区石公桥镇白鹤村，身份证号"
            f"{_ID['佘红英']}。白鹤村村委会主任粟某把低保名额给了自己的亲戚，"
            "我家八十岁的老母亲却评不上。粟某的电话是13907367720。\n"
            "我的电话：13787623014，也可以打我女儿的手机15873622209。\n佘红英\n2026年10月9日",
            width=21,
        ),
        name="佘红英",
        id_number=_ID["佘红英"],
        phones=(e164("13787623014"),),
        accused=("粟某",),
        units=("白鹤村村委会",),
        positions=("主任",),
        places=("常德市鼎城区石公桥镇白鹤村",),
    ),
    Case(
        id="h5-letter-hospital-capital-amount-dash-signature",
        channel="letter",
        text=_ocr(
            "举报材料\n北京市顺义区妇幼保健院副院长南宫振宇在药品采购中收受医药代表"
            "回扣人民币壹拾伍万元，并安排其侄子进院工作。\n"
            "——一名知情职工\n2026年7月30日",
            width=22,
        ),
        accused=("南宫振宇",),
        units=("北京市顺义区妇幼保健院",),
        positions=("副院长",),
        amounts=(150000,),
        places=("北京市顺义区",),
    ),
    Case(
        id="h5-letter-self-intro-compound-name-school",
        channel="letter",
        text=_ocr(
            "尊敬的纪委领导：\n本人宇文博，系北京市顺义区牛栏山第一中学的教师，身份证号码"
            f"{_ID['宇文博']}，联系电话：010—69428831。\n我校校长厍建平（正处级）将学校食堂"
            "承包给其表弟，每年收取“管理费”二十万元。\n宇文博\n2026年6月18日",
            width=22,
        ),
        name="宇文博",
        id_number=_ID["宇文博"],
        phones=(e164("010-69428831"),),
        accused=("厍建平",),
        units=("北京市顺义区牛栏山第一中学",),
        positions=("校长",),
        levels=("COUNTY_DIVISION",),
        amounts=(200000,),
        places=("北京市顺义区",),
    ),
    Case(
        id="h5-letter-county-party-secretary-fullwidth",
        channel="letter",
        text=_ocr(
            "控告书\n控告人：笪国华，男，壮族，身份证号"
            + fullwidth_digits(_ID["笪国华"])
            + "，手机"
            + fullwidth_digits("18977130562")
            + "。\n被控告人：覃某某，南宁市兴宁区五塘镇党委书记。\n"
            "覃某某强行收回我承包的鱼塘，转包给他人，从中收取好处费十二万元。\n"
            "控告人：笪国华\n2026年5月6日",
            width=22,
        ),
        name="笪国华",
        id_number=_ID["笪国华"],
        phones=(e164("18977130562"),),
        accused=("覃某某",),
        units=("南宁市兴宁区五塘镇",),
        positions=("党委书记",),
        amounts=(120000,),
        places=("南宁市兴宁区五塘镇",),
    ),
    Case(
        id="h5-letter-addressee-province-cosigned",
        channel="letter",
        text=_ocr(
            "西藏自治区纪委监委：\n拉萨市城关区蔡公堂乡乡长次仁多吉、副乡长鲜于强，"
            "在易地搬迁项目中虚报人数，套取补助资金一百二十万元。\n"
            "联名人：长孙雪梅、达瓦、扎西\n联系人：长孙雪梅，手机 139 8900 6672\n2026年9月",
            width=21,
        ),
        name="长孙雪梅",
        phones=(e164("13989006672"),),
        accused=("次仁多吉", "鲜于强"),
        units=("拉萨市城关区蔡公堂乡",),
        positions=("乡长", "副乡长"),
        amounts=(1200000,),
        places=("拉萨市城关区蔡公堂乡",),
    ),
    Case(
        id="h5-letter-soe-witness-phone",
        channel="letter",
        text=_ocr(
            "举报信\n汉中市南郑区城市建设投资集团有限公司董事长夏侯文斌，违规将公司资金"
            "五百万元借给朋友的企业，至今未收回。公司财务科的王某知道内情，电话13992681130。\n"
            "举报人：庹志成\n电话：15129663805\n2026年4月",
            width=23,
        ),
        name="庹志成",
        phones=(e164("15129663805"),),
        accused=("夏侯文斌",),
        units=("汉中市南郑区城市建设投资集团有限公司",),
        positions=("董事长",),
        amounts=(5000000,),
        places=("汉中市南郑区",),
        mentioned=("王某",),
    ),
    Case(
        id="h5-letter-dash-signature-name-then-phone-next-line",
        channel="letter",
        text=_ocr(
            "尊敬的县纪委：\n隆林各族自治县德峨镇副镇长赫连勇在危房改造验收时，"
            "每户收取两千元才签字，我们屯十几户都给了。\n"
            "——反映人：覃秀珍\n电话：18776124093",
            width=20,
        ),
        name="覃秀珍",
        phones=(e164("18776124093"),),
        accused=("赫连勇",),
        units=("隆林各族自治县德峨镇",),
        positions=("副镇长",),
        amounts=(2000,),
        places=("隆林各族自治县德峨镇",),
    ),
    Case(
        id="h5-letter-police-station-chief-level-bracket",
        channel="letter",
        text=_ocr(
            "举报信\n乌鲁木齐市纪委监委：\n昌吉市公安局宁边路派出所所长闻人涛（副科级）"
            "包庇辖区内的赌博窝点，每月收取“保护费”五千元。\n"
            "知情人：冼美玲  手机：13565981027\n2026年11月20日",
            width=22,
        ),
        name="冼美玲",
        phones=(e164("13565981027"),),
        accused=("闻人涛",),
        units=("昌吉市公安局宁边路派出所",),
        positions=("所长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(5000,),
        places=("昌吉市",),
    ),
    Case(
        id="h5-letter-farmer-no-phone-signature-only",
        channel="letter",
        text=_ocr(
            "纪委的领导：\n麦积区甘泉镇双桥村支部书记苟长生把村里的扶贫羊卖了，"
            "钱没有入账，大约六万块。\n双桥村村民 揭满仓\n二〇二六年十月三日",
            width=18,
        ),
        name="揭满仓",
        accused=("苟长生",),
        units=("麦积区甘泉镇双桥村",),
        positions=("支部书记",),
        amounts=(60000,),
        places=("麦积区甘泉镇双桥村",),
    ),
    Case(
        id="h5-letter-anonymous-two-units",
        channel="letter",
        text=_ocr(
            "尊敬的领导：\n鼎城区自然资源局副局长庹某和鼎城区财政局预算股股长粟某某，"
            "利用职务便利为某房地产公司减免土地出让金，收受好处费各十万元。\n"
            "一个知情群众\n2026年10月",
            width=22,
        ),
        accused=("庹某", "粟某某"),
        units=("鼎城区自然资源局", "鼎城区财政局"),
        positions=("副局长", "预算股股长"),
        amounts=(100000,),
        places=("鼎城区",),
    ),
    # --- calls, as Vosk prints them, and as a hotline clerk writes them down -----------------
    Case(
        id="h5-call-fillers-compound-surname",
        channel="phone",
        text=_asr(
            "喂，你好，嗯，我叫那个公孙丽，电话18793820415。就是我要反映天水市麦积区"
            "教育局局长甄某，他收了校长的钱，嗯，五万。"
        ),
        name="公孙丽",
        phones=(e164("18793820415"),),
        accused=("甄某",),
        units=("天水市麦积区教育局",),
        positions=("局长",),
        amounts=(50000,),
        places=("天水市麦积区",),
    ),
    Case(
        id="h5-call-spoken-digits-by-hand",
        channel="phone",
        text=(
            "喂 你好 我 姓 逄 叫 逄 建 国 电话 是 幺 三 八 九 九 六 七 两 洞 四 五 "
            "我 要 反映 昌吉 市 三工 镇 镇长 逯 文 海 他 贪污 征地 款"
        ),
        name="逄建国",
        phones=(e164("13899672045"),),
        accused=("逯文海",),
        units=("昌吉市三工镇",),
        positions=("镇长",),
        places=("昌吉市三工镇",),
    ),
    Case(
        id="h5-call-calling-for-father",
        channel="phone",
        text=_asr(
            "你好，我是替我爸打的电话，我爸叫隗德福，他耳朵不好。我叫隗小军，电话13608327419。"
            "万州区民政局副局长帅某，我爸的低保被他取消了，要送两千块才给恢复。"
        ),
        name="隗小军",
        phones=(e164("13608327419"),),
        accused=("帅某",),
        units=("万州区民政局",),
        positions=("副局长",),
        amounts=(2000,),
        places=("万州区",),
        mentioned=("隗德福",),
    ),
    Case(
        id="h5-call-anonymous-refuses-name",
        channel="phone",
        text=_asr(
            "我不说名字了，我是知情群众。韶关市浈江区市场监督管理局副局长冼某某，"
            "他老婆开的公司专门接局里的检测业务，一年好几十万。"
        ),
        accused=("冼某某",),
        units=("韶关市浈江区市场监督管理局",),
        positions=("副局长",),
        places=("韶关市浈江区",),
    ),
    Case(
        id="h5-call-id-read-out",
        channel="phone",
        text=_asr(
            f"嗯你好，我叫澹台明，身份证号码是{_ID['澹台明']}，手机13704521986。"
            "龙沙区城市管理局局长申屠某，收了渣土车老板的钱，八万块。"
        ),
        name="澹台明",
        id_number=_ID["澹台明"],
        phones=(e164("13704521986"),),
        accused=("申屠某",),
        units=("龙沙区城市管理局",),
        positions=("局长",),
        amounts=(80000,),
        places=("龙沙区",),
    ),
    Case(
        id="h5-call-clerk-summary-dash-phone",
        channel="phone",
        text=(
            "来电人冼美玲（女）反映：韶关市浈江区教育局副局长端木某（副科级）在教师招聘中"
            "收受考生家长财物，每人三万元。来电人联系电话：135—6598—1027。"
        ),
        name="冼美玲",
        phones=(e164("13565981027"),),
        accused=("端木某",),
        units=("韶关市浈江区教育局",),
        positions=("副局长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(30000,),
        places=("韶关市浈江区",),
    ),
    Case(
        id="h5-call-two-accused-village",
        channel="phone",
        text=_asr(
            "喂，我是石公桥镇白鹤村的村民，我叫佘红英，电话13787623014。我们村支书粟某"
            "和会计厍某两个人，把修路的钱吞了，有十几万。"
        ),
        name="佘红英",
        phones=(e164("13787623014"),),
        accused=("粟某", "厍某"),
        positions=("支书", "会计"),
        amounts=(100000,),
        places=("石公桥镇白鹤村",),
    ),
    Case(
        id="h5-call-callback-landline",
        channel="phone",
        text=_asr(
            "你好我姓宇文，叫宇文博，座机01069428831，你们可以打这个回我。顺义区卫生健康委员会"
            "主任厍某，他收了医院的钱。"
        ),
        name="宇文博",
        phones=(e164("010-69428831"),),
        accused=("厍某",),
        units=("顺义区卫生健康委员会",),
        positions=("主任",),
        places=("顺义区",),
    ),
    Case(
        id="h5-call-accused-phone-given",
        channel="phone",
        text=_asr(
            "我叫庹志成，电话15129663805。我举报南郑区住建局副局长夏侯某，他的电话是"
            "13909163377，他经常用这个号码跟开发商联系。"
        ),
        name="庹志成",
        phones=(e164("15129663805"),),
        accused=("夏侯某",),
        units=("南郑区住建局",),
        positions=("副局长",),
        places=("南郑区",),
    ),
    Case(
        id="h5-call-clerk-anonymous-two-places",
        channel="phone",
        text=(
            "匿名来电反映：拉萨市城关区纳金街道办事处副主任鲜于某某，违规领取"
            "两份工资，每月多领六千元。来电人未留姓名和电话。"
        ),
        accused=("鲜于某某",),
        units=("拉萨市城关区纳金街道办事处",),
        positions=("副主任",),
        amounts=(6000,),
        places=("拉萨市城关区纳金街道",),
    ),
    Case(
        id="h5-call-spaced-name-with-id",
        channel="phone",
        text=(
            "喂 你好 我 叫 覃 秀 珍 身份证 "
            + " ".join(_ID["覃秀珍"])
            + " 那个 电话 幺 八 七 七 六 幺 两 四 洞 九 三 我 反映 德峨 镇 副镇长 赫连 勇 收钱"
        ),
        name="覃秀珍",
        id_number=_ID["覃秀珍"],
        phones=(e164("18776124093"),),
        accused=("赫连勇",),
        units=("德峨镇",),
        positions=("副镇长",),
        places=("德峨镇",),
    ),
    # --- web forms and free texts --------------------------------------------------------------
    Case(
        id="h5-web-form-written-level-field",
        channel="web",
        text=(
            f"举报人姓名：长孙雪梅\n证件号码：{_ID['长孙雪梅']}\n联系电话：13989006672\n"
            "被举报人姓名：次仁多吉\n工作单位：拉萨市城关区蔡公堂乡人民政府\n职务：乡长\n"
            "级别：正科级\n问题描述：次仁多吉在草场补助发放中优亲厚友，给亲戚多发三万元。"
        ),
        name="长孙雪梅",
        id_number=_ID["长孙雪梅"],
        phones=(e164("13989006672"),),
        accused=("次仁多吉",),
        units=("拉萨市城关区蔡公堂乡人民政府",),
        positions=("乡长",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(30000,),
        places=("拉萨市城关区蔡公堂乡",),
    ),
    Case(
        id="h5-web-anonymous-form",
        channel="web",
        text=(
            "是否匿名：是\n被举报人：赫连勇\n被举报人单位：隆林各族自治县德峨镇人民政府\n"
            "被举报人职务：副镇长\n所在地区：广西壮族自治区百色市隆林各族自治县\n"
            "举报内容：赫连勇长期不在岗，工资照领。"
        ),
        accused=("赫连勇",),
        units=("隆林各族自治县德峨镇人民政府",),
        positions=("副镇长",),
        places=("广西壮族自治区百色市隆林各族自治县", "隆林各族自治县德峨镇"),
    ),
    Case(
        id="h5-web-free-text-dash-signature",
        channel="web",
        text=(
            "海口市琼山区云龙镇副镇长南宫某某，上个月用公款在镇上的酒楼请客，"
            "一桌三千多块，吃完还带走了几条烟。这种事已经不是第一次了。\n"
            "——知情人 笪志刚 13876540129"
        ),
        name="笪志刚",
        phones=(e164("13876540129"),),
        accused=("南宫某某",),
        units=("海口市琼山区云龙镇",),
        positions=("副镇长",),
        amounts=(3000,),
        places=("海口市琼山区云龙镇",),
    ),
    Case(
        id="h5-web-self-intro-level-above-suggested",
        channel="web",
        text=(
            "本人冼美玲，系浈江区一名个体户，手机13565981027。浈江区税务局局长隗某"
            "（副处级）让我们几个个体户每年给他“过节费”，每人五千元。"
        ),
        name="冼美玲",
        phones=(e164("13565981027"),),
        accused=("隗某",),
        units=("浈江区税务局",),
        positions=("局长",),
        levels=("COUNTY_DIVISION",),
        amounts=(5000,),
        places=("浈江区",),
    ),
    Case(
        id="h5-web-halfwidth-form-position-in-dept",
        channel="web",
        text=(
            f"姓名:佘红英,身份证号:{_ID['佘红英']},电话:137-8762-3014\n"
            "被反映人:仉某某,常德市鼎城区农业农村局农村经营管理站站长\n"
            "内容:仉某某在土地确权中收钱,每户收两百元。"
        ),
        name="佘红英",
        id_number=_ID["佘红英"],
        phones=(e164("13787623014"),),
        accused=("仉某某",),
        units=("常德市鼎城区农业农村局",),
        positions=("农村经营管理站站长",),
        amounts=(200,),
        places=("常德市鼎城区",),
    ),
    Case(
        id="h5-web-two-accused-levels",
        channel="web",
        text=(
            "我是一名公务员，不方便留名。天水市麦积区副区长甄某（副县级）和麦积区发展和改革局"
            "局长揭某（正科级）违规为其亲属的企业争取项目补助资金二百万元。"
        ),
        accused=("甄某", "揭某"),
        units=("天水市麦积区", "麦积区发展和改革局"),
        positions=("副区长", "局长"),
        levels=("COUNTY_DIVISION", "TOWNSHIP_SECTION"),
        amounts=(2000000,),
        places=("天水市麦积区",),
    ),
    Case(
        id="h5-web-addressee-form-letter",
        channel="web",
        text=(
            "齐齐哈尔市纪委监委：\n我叫澹台明，电话13704521986。龙沙区江岸街道办事处副主任"
            "帅某某在征收中给亲戚多算面积，多拿补偿款九万元。请调查。"
        ),
        name="澹台明",
        phones=(e164("13704521986"),),
        accused=("帅某某",),
        units=("龙沙区江岸街道办事处",),
        positions=("副主任",),
        amounts=(90000,),
        places=("龙沙区江岸街道",),
    ),
    Case(
        id="h5-web-relative-third-party",
        channel="web",
        text=(
            "举报人：逄建国\n联系电话：13899672045\n举报内容：昌吉市农业农村局局长隗国庆的"
            "儿子隗某在局里的项目中当“中间人”，收取好处费三十万元，隗国庆知情并默许。"
        ),
        name="逄建国",
        phones=(e164("13899672045"),),
        accused=("隗国庆",),
        units=("昌吉市农业农村局",),
        positions=("局长",),
        amounts=(300000,),
        places=("昌吉市",),
        mentioned=("隗某",),
    ),
    Case(
        id="h5-web-fullwidth-phone-compound-surname",
        channel="web",
        text=(
            "姓名：夏侯丽娜\n手机："
            + fullwidth_digits("15009176628")
            + "\n反映：汉中市南郑区教育体育局副局长申屠建设在学校装修工程中指定施工队，"
            "收受好处费八万元。"
        ),
        name="夏侯丽娜",
        phones=(e164("15009176628"),),
        accused=("申屠建设",),
        units=("汉中市南郑区教育体育局",),
        positions=("副局长",),
        amounts=(80000,),
        places=("汉中市南郑区",),
    ),
    Case(
        id="h5-web-contractor-phone-trap",
        channel="web",
        text=(
            "本人揭春生，电话13907563390。海口市琼山区水务局副局长佘某在水利工程中"
            "收受包工头李某（电话13518012277）的钱十万元，工程偷工减料。"
        ),
        name="揭春生",
        phones=(e164("13907563390"),),
        accused=("佘某",),
        units=("海口市琼山区水务局",),
        positions=("副局长",),
        amounts=(100000,),
        places=("海口市琼山区",),
        mentioned=("李某",),
    ),
    # --- desk notes of visits, single and group ----------------------------------------------
    Case(
        id="h5-visit-single-with-id",
        channel="visit",
        text=(
            f"来访人：庹志成，男，身份证号{_ID['庹志成']}，电话15129663805。\n"
            "反映问题：万州区交通运输局副局长粟某在出租车指标分配中收钱，每个指标三万元。\n"
            "接待人：王晓燕"
        ),
        name="庹志成",
        id_number=_ID["庹志成"],
        phones=(e164("15129663805"),),
        accused=("粟某",),
        units=("万州区交通运输局",),
        positions=("副局长",),
        amounts=(30000,),
        places=("万州区",),
    ),
    Case(
        id="h5-visit-group-representatives",
        channel="visit",
        text=(
            "2026年11月25日上午，隆林各族自治县德峨镇群众30余人集体来访，推选代表覃秀珍"
            "（电话18776124093）、赫连明反映：德峨镇副镇长赫连勇在易地搬迁安置中违规分房，"
            "收受好处费二十余万元。"
        ),
        name="覃秀珍",
        phones=(e164("18776124093"),),
        accused=("赫连勇",),
        units=("隆林各族自治县德峨镇",),
        positions=("副镇长",),
        amounts=(200000,),
        places=("隆林各族自治县德峨镇",),
    ),
    Case(
        id="h5-visit-companion-phone-after",
        channel="visit",
        text=(
            "来访人：端木秋华（女，54岁）；陪同人：端木强（其弟），电话13876541200。"
            "来访人电话13907563218。\n反映问题：琼山区住房和城乡建设局局长晏国栋违规"
            "把安置房分给关系户。"
        ),
        name="端木秋华",
        phones=(e164("13907563218"),),
        accused=("晏国栋",),
        units=("琼山区住房和城乡建设局",),
        positions=("局长",),
        places=("琼山区",),
        mentioned=("端木强",),
    ),
    Case(
        id="h5-visit-group-workers-wages",
        channel="visit",
        text=(
            "11月20日，汉中市南郑区某建筑工地农民工25人来访，代表：庹大勇，联系电话"
            "15991662043。反映该工地所属汉中市南郑区城市建设投资集团有限公司副总经理"
            "夏侯某拖欠工资六十二万元。"
        ),
        name="庹大勇",
        phones=(e164("15991662043"),),
        accused=("夏侯某",),
        units=("汉中市南郑区城市建设投资集团有限公司",),
        positions=("副总经理",),
        amounts=(620000,),
        places=("汉中市南郑区",),
    ),
    Case(
        id="h5-visit-self-told-level-above-suggested",
        channel="visit",
        text=(
            "来访人自述：我叫宇文博，在顺义区住。电话010-69428831。顺义区牛栏山镇党委书记"
            "厍某某（副处级）在拆迁中给亲戚多算了面积。"
        ),
        name="宇文博",
        phones=(e164("010-69428831"),),
        accused=("厍某某",),
        units=("顺义区牛栏山镇",),
        positions=("党委书记",),
        levels=("COUNTY_DIVISION",),
        places=("顺义区牛栏山镇", "顺义区"),
    ),
    Case(
        id="h5-visit-couple-wife-speaks",
        channel="visit",
        text=(
            "来访人：长孙雪梅、其丈夫扎西，电话13989006672。\n反映问题：城关区蔡公堂乡"
            "副乡长鲜于强在低保审核中索要好处费三千元。"
        ),
        name="长孙雪梅",
        phones=(e164("13989006672"),),
        accused=("鲜于强",),
        units=("城关区蔡公堂乡",),
        positions=("副乡长",),
        amounts=(3000,),
        places=("城关区蔡公堂乡",),
        mentioned=("扎西",),
    ),
    Case(
        id="h5-visit-desk-officer-name-trap",
        channel="visit",
        text=(
            "接待人：李红梅\n来访人：公孙丽，女，电话18793820415\n"
            "反映问题：麦积区甘泉镇镇长苟某在农村饮水工程中收受施工方好处费四万元。"
        ),
        name="公孙丽",
        phones=(e164("18793820415"),),
        accused=("苟某",),
        units=("麦积区甘泉镇",),
        positions=("镇长",),
        amounts=(40000,),
        places=("麦积区甘泉镇",),
    ),
    Case(
        id="h5-visit-anonymous-walk-in",
        channel="visit",
        text=(
            "一男子来访，不愿留姓名。反映：鼎城区石公桥镇副镇长仉某某上班时间在镇上"
            "茶馆打牌，输赢很大。"
        ),
        accused=("仉某某",),
        units=("鼎城区石公桥镇",),
        positions=("副镇长",),
        places=("鼎城区石公桥镇",),
    ),
    Case(
        id="h5-visit-group-fullwidth-landline",
        channel="visit",
        text=(
            "集体访：浈江区某小区业主12人，代表冼美玲，联系电话："
            + fullwidth_digits("0751")
            + "－"
            + fullwidth_digits("8893216")
            + "。反映浈江区住房和城乡建设管理局副局长隗某收受开发商好处，对违建不予查处。"
        ),
        name="冼美玲",
        phones=(e164("0751-8893216"),),
        accused=("隗某",),
        units=("浈江区住房和城乡建设管理局",),
        positions=("副局长",),
        places=("浈江区",),
    ),
    Case(
        id="h5-visit-self-described-then-name",
        channel="visit",
        text=(
            "来访人系顺义区一名退休教师，姓名宇文秀英，电话13601135287。"
            "反映北京市顺义区仁和镇中心小学校长逄某收取学生家长礼金，每人五百元。"
        ),
        name="宇文秀英",
        phones=(e164("13601135287"),),
        accused=("逄某",),
        units=("北京市顺义区仁和镇中心小学",),
        positions=("校长",),
        amounts=(500,),
        places=("顺义区", "北京市顺义区仁和镇"),
    ),
    Case(
        id="h5-visit-dash-phone-emdash",
        channel="visit",
        text=(
            "来访人：笪国华，联系电话：189—7713—0562。\n反映问题：兴宁区五塘镇党委书记"
            "覃某某（正科级）强行收回鱼塘承包权，收受他人好处费十二万元。"
        ),
        name="笪国华",
        phones=(e164("18977130562"),),
        accused=("覃某某",),
        units=("兴宁区五塘镇",),
        positions=("党委书记",),
        levels=("TOWNSHIP_SECTION",),
        amounts=(120000,),
        places=("兴宁区五塘镇",),
    ),
]

HELDOUT5: list[Case] = _ROWS
