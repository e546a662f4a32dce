"""Problem categories (domain.md §10.3) suggested from trigger words.

The keyword table is ours, not an official code table: the version string is
stored with every suggestion so that later reclassification can tell which
table produced it. The reporter's own choice and the official's classification
live elsewhere in the record.
"""

from __future__ import annotations

import re

from .cleanup import Cleaned
from .types import CategorySuggestion, Trigger

__all__ = ["CATEGORY_LABELS", "TAXONOMY_VERSION", "suggest_categories"]

TAXONOMY_VERSION = "rules-2020-art4+field-s30/keywords-2025.1"

# code -> (label, {trigger word: subcategory or None})
_TABLE: dict[str, tuple[str, dict[str, str | None]]] = {
    "POLITICAL": ("违反政治纪律行为", {
        "对抗组织审查": "对抗组织审查", "串供": "对抗组织审查", "转移赃款": "对抗组织审查",
        "团团伙伙": "在党内搞团团伙伙", "拉帮结派": "在党内搞团团伙伙",
        "妄议中央": "公开发表危害党的言论",
        "搞迷信": "组织参加迷信活动",
        "迷信活动": "组织参加迷信活动",
    }),
    "ORGANIZATIONAL": ("违反组织纪律行为", {
        "买官卖官": "违反干部选拔任用规定", "跑官要官": "违反干部选拔任用规定",
        "违规提拔": "违反干部选拔任用规定", "任人唯亲": "违反干部选拔任用规定",
        "拉票": "在投票和选举中搞非组织活动", "贿选": "在投票和选举中搞非组织活动",
        "违规发展党员": "违规发展党员", "个人有关事项": "不按要求请示报告有关事项",
        "档案造假": "违反干部选拔任用规定", "违规招聘": "在人事劳动工作中违规谋利",
    }),
    "INTEGRITY": ("违反廉洁纪律行为", {
        "礼金": "违规接受礼品礼金宴请服务", "红包": "违规接受礼品礼金宴请服务",
        "购物卡": "违规接受礼品礼金宴请服务", "收受礼品": "违规接受礼品礼金宴请服务",
        "宴请": "违规接受礼品礼金宴请服务", "大操大办": "违规操办婚丧喜庆事宜",
        "婚丧喜庆": "违规操办婚丧喜庆事宜", "升学宴": "违规操办婚丧喜庆事宜",
        "违规经商": "违规从事营利活动",
        "经商办企业": "违规从事营利活动",
        "入股": "违规从事营利活动",
        "吃空饷": "违规自定薪酬和发放津贴补贴奖金", "津贴补贴": "违规自定薪酬和发放津贴补贴奖金",
        "公款吃喝": "违规参与公款宴请消费",
        "公款旅游": "公款旅游",
        "公车私用": "违反公务用车管理规定",
        "公务用车": "违反公务用车管理规定", "办公用房": "违反办公用房管理规定",
        "特定关系人": "权权交易和纵容特定关系人以权谋私",
        "以权谋私": "权权交易和纵容特定关系人以权谋私",
        "超标准接待": "违反公务接待管理规定",
    }),
    "MASS": ("违反群众纪律行为", {
        "优亲厚友": "侵害群众利益", "吃拿卡要": "侵害群众利益", "克扣": "侵害群众利益",
        "低保": "侵害群众利益", "扶贫资金": "侵害群众利益", "补偿款": "侵害群众利益",
        "补助款": "侵害群众利益", "惠农资金": "侵害群众利益", "门难进": "漠视群众利益",
        "漠视群众": "漠视群众利益", "村务不公开": "侵犯群众知情权", "乱收费": "侵害群众利益",
    }),
    "WORK": ("违反工作纪律行为", {
        "不作为": None, "乱作为": None, "形式主义": None, "官僚主义": None,
        "干预司法": "违规干预执纪执法司法活动", "插手工程": "违规干预市场经济活动",
        "泄露": "泄露扩散窃取私存党的秘密", "失职": None, "考试作弊": "违反考试录取工作规定",
    }),
    "LIFE": ("违反生活纪律行为", {
        "包养": "不正当性关系", "情人": "不正当性关系", "不正当性关系": "不正当性关系",
        "婚外情": "不正当性关系", "生活奢靡": "生活奢靡", "赌博": None, "嫖娼": None,
    }),
    "CORRUPTION_BRIBERY": ("贪污贿赂行为", {
        "贪污": "贪污",
        "挪用公款": "挪用公款",
        "受贿": "受贿",
        "收受贿赂": "受贿",
        "好处费": "受贿",
        "回扣": "受贿", "索贿": "受贿", "行贿": "行贿", "送钱": "行贿",
        "巨额财产来源不明": "巨额财产来源不明", "侵吞": "贪污", "虚报冒领": "贪污",
    }),
    "DERELICTION": ("渎职侵权行为", {
        "滥用职权": "滥用职权",
        "玩忽职守": "玩忽职守",
        "徇私舞弊": "徇私舞弊",
        "刑讯逼供": "利用职权侵犯公民权利",
    }),
    "OTHER_OFFICIAL": ("其他职务违法和职务犯罪行为", {
        "职务侵占": "职务侵占",
        "挪用资金": "挪用资金和特定款物",
        "利益输送": "非法同业经营和为亲友非法牟利",
        "权力寻租": None, "浪费国家资财": None, "国有资产流失": "国有企事业人员失职和滥用职权",
        "包庇": "包庇犯罪分子", "保护伞": "包庇犯罪分子",
    }),
    "OTHER_CRIME": ("其他违法犯罪行为", {
        "黑恶势力": None, "诈骗": None, "殴打": None, "非法拘禁": None,
    }),
}  # fmt: skip

CATEGORY_LABELS: frozenset[str] = frozenset(label for label, _ in _TABLE.values())

_LOOKUP = {
    word: (code, sub) for code, (_label, words) in _TABLE.items() for word, sub in words.items()
}
_TRIGGER = re.compile("|".join(sorted(map(re.escape, _LOOKUP), key=len, reverse=True)))
# Acts whose words stand apart in the sentence: 收受…送的现金二十万元 is bribery although no
# single trigger word says so.
_PHRASES: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(
            r"(?:收受|收了|索要|索取|接受)[^。；;\n]{0,30}?(?:现金|钱款|财物|人民币|好处|干股|房产)"
        ),
        "CORRUPTION_BRIBERY",
        "受贿",
    ),
]


def suggest_categories(cleaned: Cleaned) -> list[CategorySuggestion]:
    """One suggestion per category, with every trigger seen; more triggers, more confidence."""
    triggers: dict[str, list[Trigger]] = {}
    subs: dict[str, dict[str, int]] = {}
    hits = [(m, *_LOOKUP[m.group()]) for m in _TRIGGER.finditer(cleaned.text)]
    for pattern, code_, sub_ in _PHRASES:
        if not any(h[1] == code_ for h in hits):  # a phrase only where no word said it
            hits += [(m, code_, sub_) for m in pattern.finditer(cleaned.text)]
    hits.sort(key=lambda h: h[0].start())
    for m, code, sub in hits:
        triggers.setdefault(code, []).append(
            Trigger(word=m.group(), span=cleaned.span(m.start(), m.end()))
        )
        if sub:
            counts = subs.setdefault(code, {})
            counts[sub] = counts.get(sub, 0) + 1
    result = []
    for code, found in triggers.items():
        counts = subs.get(code, {})
        result.append(
            CategorySuggestion(
                code=code,
                label=_TABLE[code][0],
                subcategory=max(counts, key=lambda s: counts[s]) if counts else None,
                triggers=found,
                confidence=min(0.9, 0.5 + 0.15 * len(found)),
            )
        )
    return sorted(result, key=lambda c: (-len(c.triggers), c.triggers[0].span.start))
