"""Personal names: surname tables, the name pattern, and the complainant's name.

A name is only taken after a cue (我叫, 举报人:, 联系人…) or on a letter's
signature line, and must start with a known surname: free text is full of
two-character words that look like names. Anonymity phrases such as
一名知情群众 are recognised first so that they can never be read as a name.
"""

from __future__ import annotations

import re

from .cleanup import Cleaned
from .scanning import finditer_from
from .types import NameFound, ReporterKind, Trigger

__all__ = [
    "ANONYMOUS_MARKER",
    "LABEL_AHEAD",
    "NAME",
    "anonymous_markers",
    "complainant_names",
    "name_end",
]

COMPOUND_SURNAMES = [
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "轩辕",
    "令狐",
    "端木",
    "独孤",
    "南宫",
    "西门",
    "百里",
    "呼延",
    "万俟",
    "闻人",
    "澹台",
    "公冶",
    "太史",
    "申屠",
    "钟离",
    "宗政",
    "濮阳",
    "淳于",
    "单于",
    "赫连",
    "拓跋",
    "东郭",
    "司空",
    "鲜于",
    # Yi (彝族) family names of Liangshan come before a two-character given name: 吉克阿呷.
    "吉克",
    "曲比",
    "阿苏",
    "沙马",
    "阿西",
    "俄木",
    "海来",
    "马海",
    "吉木",
    "勒格",
    "阿尔",
    "日火",
    "瓦扎",
    "加拉",
    # Tibetan names open with one of a few two-character elements: 才让卓玛, 扎西多吉.
    "才让",
    "扎西",
    "次仁",
    "格桑",
    "洛桑",
    "索南",
    "丹增",
    "旦增",
    "尼玛",
    "达瓦",
    "多吉",
    "仁青",
    "桑杰",
]

# Common single surnames. Characters that are far more often function words
# (和, 在, 对, 把, 于-as-preposition is kept: 于 is a frequent surname) are left out.
SINGLE_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万"
    "钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝"
    "包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾"
    "尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬"
    "师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚"
    "鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋"
    "相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银"
    "亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由于"
    "萧傅阎钮蔚訾郦弓邴庾桓凤竺贲郤侍钭逄郗雒鄂禄缑蒯仉宦扶寿习"
    "洪赖贝钦巢庹禤笪茆宓凃汝琚酆蓟綦禚厍隗"
    "黑字"
).replace("和", "")

_STOP = (
    "，。、；：！？,.;:!?（）()「」“”\"' \t\r\n"
    "的是在了和与及等现住今年男女身电联系手号码因向反举实家从"
    "将对被把也都还已曾为自村镇县市区局我你他她们某等于称说要请此向就、座"
)
# 特 is a given name's character (巴特尔); 特此 after a name starts the predicate instead.
# 家 ends a name before 家住, 家里, 家人 (王强家住…), but is a given name's character in 许家骏.
# 年 likewise before 今年/年龄/年生 but not in 戚永年 (a name's last character, then a bracket).
_GIVEN = (
    r"(?:家(?![住里中人属庭在乡的是村庄屯湾沟寨坪岭营])"
    r"|年(?=[（(，,、 \t\n。]|$|电话|手机|身份|联系)|"
    rf"[^{re.escape(_STOP)}\d\sA-Za-z])"
)
_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + f"|[{SINGLE_SURNAMES}])"
# A transliterated (Uyghur, Kazakh…) name: given name · father's name, 买买提·吐尔逊.
_DOT_NAME = r"[\u4e00-\u9fff]{2,6}[·•・][\u4e00-\u9fff]{2,6}"
# Surname + one or two given-name characters, or a placeholder (韩某, 李XX).
NAME = rf"(?:{_DOT_NAME}|{_SURNAME}(?:某某?|[Xx×＊*]{{1,2}}|{_GIVEN}{{1,2}}))"
_NAME_RE = re.compile(NAME)
# Surnames that read as words (和, 种, 过: 书记过问) are names only right after a cue, given two
# characters and then a break: 举报人：和丽娟 / 我叫种秀莲，….
_WORD_SURNAME_NAME = rf"[和种过]{_GIVEN}{{2}}"
_CUE_ONLY_NAME = re.compile(
    rf"{_WORD_SURNAME_NAME}(?=[ \t，。,;；、(（:：\n]|\d|$|电话|手机|身份|联系|我|来访|来电|反映)"
)

ANONYMOUS_MARKER = re.compile(
    r"匿名|知情群众|知情人士?|不便透露(?:真实)?姓名|不愿透露(?:真实)?姓名|不具名|一群众|"
    r"广大群众|一名(?:党员|职工|村民|群众|干部)"
)

_CUE = re.compile(
    r"(?P<cue>我叫|我的名字(?:是|叫)|本人(?:名叫|叫|是|[:：])?|(?<!被)(?:实名)?(?:举报|反映|检举|控告|信访)人"
    r"(?:姓名)?[:：]?|来访人(?:姓名)?[:：]?|来电人[:：]?|(?:来信|写信|申诉|投诉)人(?:姓名)?[:：]?|联系人[:：]?|(?<!被举报人)(?<!被反映人)(?<!被检举人)(?<!被控告人)姓\s*名[:：]?|署名[:：]?|"
    # A group visit's representative speaks for it: 代表：王强, 群众代表：…, 推举代表王强.
    r"代表人?[ \t]*[:：]|推[举选](?:代表)?[ \t]*[:：]?|(?<=[人位访][，,])代表[ \t]*|"
    # A signature after a dash or a label names the informant: ——知情人 王强 电话…, 知情人：王强.
    r"(?:——|—|--)[ \t]*知情人士?[ \t]*[:：]?|(?<![一名位个])知情人士?[ \t]*[:：])"
    r"[ \t]*"
)
_FILLER = re.compile(r"(?:那个|这个|嗯|呃|啊|就是)[ \t]*")
_CUE_START = re.compile("[我本实举反检控信来联姓署写申投代推—知-]")
# A form's label after a role word is no name: 举报人单位：, 被举报人职务：, 单 being a surname.
LABEL_AHEAD = re.compile(
    r"单位|职务|职级|级别|所在|工作单位|现任|性别|民族|年龄|住址|地址|电话|手机|身份|证件|联系|"
    r"籍贯|政治面貌|出生|姓名"
)
# A desk note describes the visitor in brackets: 林峰（女，33岁，身份证号…，电话…）来访.
# The accused is rarely given an ID number or phone, so the bracket must hold one.
_DESCRIBED = re.compile(
    rf"(?<!被)(?<!被举报人)(?<!被反映人)(?P<name>{NAME})[（(](?:男|女)[，,、][^）)]{{0,40}}?"
    r"(?:身份证|电话|手机|联系)"
)
_DESCRIBED_ANCHOR = re.compile(r"[（(][男女][，,、]")
_UNIT_CUE = re.compile(
    r"(?P<cue>(?:举报|反映|检举|控告)单位[:：]?)[ \t]*(?P<unit>[^\s，。,；;:：]{2,30}?"
    r"(?:公司|集团|委员会|局|厅|院|所|中心|学校|医院|合作社|村委会|居委会|协会|厂))"
)
_SIGNATURE = re.compile(
    rf"^[ \t]*(?:(?:举报人|反映人|检举人|控告人|署名|落款)[ \t]*[:：]?[ \t]*)?"
    rf"(?P<name>{NAME}|{_WORD_SURNAME_NAME})"
    r"[ \t]*(?:敬上|谨上|叩上|呈|上)?[ \t]*(?:\d{4}[ \t]*年.*)?[ \t]*$",
    re.MULTILINE,
)
_NOT_NAMES = frozenset(
    {"此致", "敬礼", "谢谢", "特此", "您好", "尊敬", "领导", "同志", "群众", "干部", "党员"}
)
# 我是 + name only when the name ends there (我是王庄村村民 is no name): what may follow.
_SELF_IS = re.compile(
    r"我是[ \t]*(?:[^，。,；;\n]{0,24}?"
    r"(?:村民|居民|牧民|农民|渔民|职工|员工|党员|教师|工人|退休干部|群众)[ \t]*"
    # 我是云和县崇头镇回龙村的綦立国: a place, 的, then the name
    r"|[^，。,；;\n]{2,24}?(?:村|社区|镇|乡|街道|县|区|市)的[ \t]*)?"
    rf"(?P<name>{NAME}|{_WORD_SURNAME_NAME})"
    r"(?=[ \t,，。;；、(（:：]|\d|$|身份|电话|手机|联系|男|女|今年|现年|"
    r"现住|家住|住在|住址|系|是|我|，|啊|呀|哈)"
)
# ASR and callers: 我姓王，叫王强 / 姓欧阳名娜娜.
_SURNAME_CUE = re.compile(
    rf"姓(?P<surname>{_SURNAME})[ \t,，]?"
    # a caller spells the surname out: 西早覃, 上官婉儿的上官, 弓长张
    r"(?:[^\s，。,；;]{1,8}?的?(?P=surname)[ \t,，]?)?"
    rf"(?:单名|名叫|名字叫|全名|叫|名)[ \t]*(?P<name>{NAME})"
)
# A letter's heading (申诉书, 控告信, 情况反映) sits alone on a line like a signature.
_TITLE = re.compile(r"(?:书|信|函|材料|反映|报告|申请)$")


# Words that begin the predicate right after a name: 李明贪污 is 李明 + 贪污, not 李明贪.
_PREDICATE = re.compile(
    r"特此|贪污|收受|受贿|索要|索取|违规|违反|违纪|利用|挪用|滥用|长期|多次|涉嫌|私自|经常|非法|强迫|借机|虚报|"
    r"骗取|侵占|打压|打人|包养|公款|接受|大肆|存在|伙同|一直|先后|擅自|拒不|截留|克扣|插手|安排|参与|"
    r"霸占|勾结|以权|串通|任人|合伙|合谋|相互|互相|拖欠|刁难|威胁|报复|殴打|辱骂|指使|授意|纵容|"
    r"包庇|冒领|套取|两个|两人|二人|等人|俩|搞|吃|拿|收|送|要|占|骗|打|每|不|没|未|曾|却|竟|还|又|把|将|在|从|让|给|跟"
)


# A caller spells a character out after the name: 王敏，敏感的敏 / 冯华，中华的华 (ASR joins
# them: 王敏敏感的敏), so a last character that opens such a spelling is not the name's.
_SPELLING = re.compile(r"([^\s的，,。])([^\s的，,。])的(?:\1|\2)")


def _drops_last(text: str, start: int, end: int) -> bool:
    return end - start >= 3 and bool(
        _PREDICATE.match(text, end - 1) or _SPELLING.match(text, end - 1)
    )


def name_end(text: str, m: re.Match[str]) -> int:
    """End of the name in ``m``, dropping a last character that starts the predicate."""
    end = m.end()
    if _drops_last(text, m.start(), end):
        return end - 1
    return end


def anonymous_markers(cleaned: Cleaned) -> list[Trigger]:
    return [
        Trigger(word=m.group(), span=cleaned.span(m.start(), m.end()))
        for m in ANONYMOUS_MARKER.finditer(cleaned.text)
    ]


def _placeholder(name: str) -> bool:
    return name.endswith(("某", "X", "x", "×", "*", "＊"))


def _add_person(
    found: dict[str, NameFound],
    cleaned: Cleaned,
    text: str,
    m: re.Match[str],
    cue: str,
    confidence: float,
) -> None:
    start, end = m.span("name")
    if _drops_last(text, start, end):
        end -= 1
    name = text[start:end]
    if name in _NOT_NAMES or name in found:
        return
    found[name] = NameFound(
        name=name,
        kind=ReporterKind.PERSON,
        cue=cue,
        span=cleaned.span(start, end),
        confidence=0.5 if _placeholder(name) else confidence,
    )


def complainant_names(cleaned: Cleaned) -> list[NameFound]:
    """Names (or units) the complainant gives for themself, in text order, deduplicated."""
    text = cleaned.text
    found: dict[str, NameFound] = {}
    for cue in finditer_from(_CUE, _CUE_START, text):
        pos = cue.end()
        filler = _FILLER.match(text, pos)  # 我叫那个王强: a caller's filler before the name
        if filler is not None:
            pos = filler.end()
        if ANONYMOUS_MARKER.match(text, pos) or text.startswith(("一名", "一位", "某"), pos):
            continue
        if LABEL_AHEAD.match(text, pos):
            continue
        m = _NAME_RE.match(text, pos) or _CUE_ONLY_NAME.match(text, pos)
        if m is None or m.group() in _NOT_NAMES:
            continue
        end = name_end(text, m)
        name = text[m.start() : end]
        confidence = 0.5 if _placeholder(name) else 0.9 if len(name) >= 2 else 0.6
        if cue.group("cue").startswith("本人") and cue.group("cue") == "本人":
            confidence -= 0.1
        if name not in found:
            found[name] = NameFound(
                name=name,
                kind=ReporterKind.PERSON,
                cue=cue.group("cue").rstrip(":："),
                span=cleaned.span(m.start(), end),
                confidence=confidence,
            )
    for m in _SELF_IS.finditer(text):
        _add_person(found, cleaned, text, m, "我是", 0.85)
    for anchor in _DESCRIBED_ANCHOR.finditer(text):
        # The name ends at the bracket: try the few starts it can have, longest first.
        for start in range(max(0, anchor.start() - 5), anchor.start() - 1):
            m = _DESCRIBED.match(text, start)
            if m is not None and m.end("name") == anchor.start():
                _add_person(found, cleaned, text, m, "来访人描述", 0.8)
                break
    for m in _SURNAME_CUE.finditer(text):
        if m.group("name").startswith(m.group("surname")):
            _add_person(found, cleaned, text, m, "姓…叫", 0.85)
    for u in _UNIT_CUE.finditer(text):
        unit = u.group("unit")
        if unit not in found:
            found[unit] = NameFound(
                name=unit,
                kind=ReporterKind.UNIT,
                cue=u.group("cue").rstrip(":："),
                span=cleaned.span(u.start("unit"), u.end("unit")),
                confidence=0.8,
            )
    if text.count("\n") >= 2:
        tail_start = max(0, len(text) - 160)
        for s in _SIGNATURE.finditer(text, tail_start):
            name = s.group("name")
            if name in _NOT_NAMES or name in found or ANONYMOUS_MARKER.search(s.group()):
                continue
            if _TITLE.search(name) or s.start() == 0:
                continue  # the heading of the letter, not its signature
            found[name] = NameFound(
                name=name,
                kind=ReporterKind.PERSON,
                cue="署名行",
                span=cleaned.span(s.start("name"), s.end("name")),
                confidence=0.5 if _placeholder(name) else 0.75,
            )
    ordered = sorted(found.values(), key=lambda n: n.span.start)
    if "联名" in text:
        # A co-signed letter: the signers are listed first, the one to contact speaks for them.
        contact = [n for n in ordered if n.cue == "联系人"]
        ordered = contact + [n for n in ordered if n.cue != "联系人"]
    return ordered
