"""Roles: third parties named in a complaint, and whose each phone or ID number is.

A complaint names more people than the complainant and the accused: the one who paid the
bribe (孙某送的现金), the accused's relatives (他小舅子刘某), witnesses (证人张某, 其邻居王某).
They are kept apart as ``persons_mentioned`` so that they are never taken as the
complainant or the accused. A number is the complainant's only when the text ties it to
them: the nearest person before it in the same sentence is the writer (我, 本人, 来访人, the
name they gave) or it follows a bare contact label (联系电话：); when that person is someone
else it is theirs; otherwise it is nobody's and stays in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import msgspec

from .cleanup import Cleaned
from .names import NAME, name_end
from .types import Holder, IdNumberFound, NameFound, PersonMentioned, PersonRole, PhoneFound

__all__ = ["Mention", "assign_holders", "find_mentioned"]

_Found = TypeVar("_Found", IdNumberFound, PhoneFound)

_FAMILY = (
    "妻子|老婆|爱人|丈夫|老公|儿子|女儿|女婿|儿媳|小舅子|舅子|大舅哥|连襟|弟弟|哥哥|妹妹|姐姐|"
    "侄子|外甥|表弟|表哥|堂弟|亲戚|亲属|情人|情妇|小姨子|司机|秘书|朋友|同学|老乡|亲信"
)
_WITNESS = "证人|邻居|知情人|同事"
_BUSINESS = "老板|包工头|商人|开发商|供应商|承包商|总经理|经理|董事长|法人|负责人"
_MENTION = re.compile(
    rf"(?P<rel>{_FAMILY}|{_WITNESS}|{_BUSINESS})(?:是|叫|名叫)?[ \t]*(?P<name>{NAME})"
)
_GAVE = re.compile(
    r"(?:先后|多次|分别|曾经?|也|又|还)?(?:给(?:了?他|了?其)?)?(?:送(?!达|审|检)|行贿|贿赂|塞给|塞钱)"
)
_RECEIVED_FROM = re.compile(rf"(?:收受|收了|接受)(?P<name>{NAME})(?:的|送)")
_ROLE_OF = {w: PersonRole.RELATIVE for w in _FAMILY.split("|")}
_ROLE_OF |= {w: PersonRole.WITNESS for w in _WITNESS.split("|")}
_ROLE_OF |= {w: PersonRole.BRIBER for w in _BUSINESS.split("|")}
_NOT_NAMES = frozenset({"领导", "同志", "群众", "干部"})

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_WINDOW = 36
_FIRST_PERSON = re.compile(r"我(?!们单位)|本人|来访人|来电人|来信人|举报人|反映人|检举人|控告人")
_THIRD_PERSON = re.compile(rf"他|她|其(?!本人|联系)|对方|{_FAMILY}|{_WITNESS}|{_BUSINESS}")
_CONTACT_CUE = re.compile(r"电话|手机|联系|号码|号是|身份证|证件|手机号|座机")


@dataclass(frozen=True, slots=True)
class Mention:
    """A person reference in the cleaned text: who, and whether it is the writer."""

    start: int
    end: int
    name: str
    writer: bool


def find_mentioned(
    cleaned: Cleaned, exclude: frozenset[str] = frozenset()
) -> tuple[list[PersonMentioned], list[Mention]]:
    """Third parties in text order (one entry per name), and their positions."""
    text = cleaned.text
    found: dict[str, PersonMentioned] = {}
    spots: list[Mention] = []

    def add(name: str, role: PersonRole, cue: str, start: int, end: int) -> None:
        if name in exclude or name in _NOT_NAMES:
            return
        spots.append(Mention(start, end, name, writer=False))
        if name not in found:
            found[name] = PersonMentioned(
                name=name,
                role=role,
                cue=cue,
                span=cleaned.span(start, end),
                confidence=0.7 if role is PersonRole.OTHER else 0.8,
            )

    for m in _MENTION.finditer(text):
        rel = m.group("rel")
        end = name_end(text, m)
        name = text[m.start("name") : end]
        role = _ROLE_OF[rel]
        if role is PersonRole.BRIBER and not _GAVE.match(text, end):
            continue  # a manager named without a gift may well be the accused
        add(name, role, rel, m.start("name"), end)
    for m in _RECEIVED_FROM.finditer(text):
        end = name_end(text, m)
        add(text[m.start("name") : end], PersonRole.BRIBER, "收受", m.start("name"), end)
    # Later mentions of the same people, for tying numbers to them.
    names = sorted({s.name for s in spots}, key=len, reverse=True)
    if names:
        seen = {(s.start, s.end) for s in spots}
        for m in re.finditer("|".join(map(re.escape, names)), text):
            if (m.start(), m.end()) not in seen:
                spots.append(Mention(m.start(), m.end(), m.group(), writer=False))
    return list(found.values()), spots


def _holder(
    text: str,
    start: int,
    spots: list[Mention],
    writer_names: list[str],
    accused_names: frozenset[str],
) -> tuple[Holder, str | None]:
    sentence = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - _WINDOW), start):
        sentence = m.end()
    low = max(sentence, start - _WINDOW)
    window = text[low:start]
    last: tuple[int, bool, str | None] | None = None  # (end, writer, name)
    for s in spots:
        if low <= s.start and s.end <= start and (last is None or s.end >= last[0]):
            last = (s.end, s.writer, s.name or None)
    # The writer: 我, 本人, 来访人… or the name they gave, whichever comes last.
    for m in _FIRST_PERSON.finditer(window):
        if last is None or low + m.end() > last[0]:
            last = (low + m.end(), True, None)
    for name in writer_names:
        k = window.rfind(name)
        if k >= 0 and (last is None or low + k + len(name) > last[0]):
            last = (low + k + len(name), True, None)
    for m in _THIRD_PERSON.finditer(window):
        end = low + m.end()
        if last is None or end > last[0]:
            last = (end, False, None)
    for name in accused_names:
        k = window.rfind(name)
        if k >= 0 and (last is None or low + k + len(name) > last[0]):
            last = (low + k + len(name), False, None)
    if last is not None:
        if not last[1] and _companion_of_writer(text, start, writer_names):
            return Holder.COMPLAINANT, None
        if not last[1]:
            return Holder.MENTIONED, last[2]
        return Holder.COMPLAINANT, None
    if _CONTACT_CUE.search(window):
        return Holder.COMPLAINANT, None
    return Holder.UNKNOWN, None


# 来访人：王强、其妻子李某，电话…: a relative listed after the writer, and then the number
# for the pair; the number is the writer's (a bracket after the relative, 李某（其妻）电话…,
# or a label of their own, 陪同人：…, ties it to the relative instead).
_COMPANION = re.compile(
    rf"[、和及与]其(?:{_FAMILY})[^\s，,。；;、（(]{{0,6}}"
    r"[，,][ \t]*(?:联系)?(?:电话|手机|手机号|号码|联系方式)?[ \t]*[:：]?[ \t]*$"
)


def _companion_of_writer(text: str, start: int, writer_names: list[str]) -> bool:
    m = _COMPANION.search(text, max(0, start - 30), start)
    return m is not None and any(text.endswith(n, 0, m.start()) for n in writer_names)


def assign_holders(
    cleaned: Cleaned,
    ids: list[IdNumberFound],
    phones: list[PhoneFound],
    names: list[NameFound],
    accused_names: frozenset[str],
    mentioned: list[PersonMentioned],
    spots: list[Mention],
    id_starts: list[int],
    phone_starts: list[int],
) -> tuple[list[IdNumberFound], list[PhoneFound], list[PersonMentioned]]:
    """Give every number its holder; a mentioned person gets the numbers tied to them.

    ``id_starts`` and ``phone_starts`` are where each number starts in the cleaned text.
    """
    text = cleaned.text
    writer_names = [n.name for n in names]
    extra_phones: dict[str, list[str]] = {}
    extra_ids: dict[str, list[str]] = {}
    new_ids = []
    for found, start in zip(ids, id_starts, strict=True):
        holder, who = _holder(text, start, spots, writer_names, accused_names)
        new_ids.append(_with_holder(found, holder))
        if who:
            extra_ids.setdefault(who, []).append(found.upgraded or found.value)
    new_phones = []
    for phone, start in zip(phones, phone_starts, strict=True):
        holder, who = _holder(text, start, spots, writer_names, accused_names)
        new_phones.append(_with_holder(phone, holder))
        if who:
            extra_phones.setdefault(who, []).append(phone.e164)
    people = [
        PersonMentioned(
            name=p.name,
            role=p.role,
            cue=p.cue,
            span=p.span,
            confidence=p.confidence,
            phones=extra_phones.get(p.name, []),
            id_numbers=extra_ids.get(p.name, []),
        )
        for p in mentioned
    ]
    return new_ids, new_phones, people


def _with_holder(found: _Found, holder: Holder) -> _Found:
    return msgspec.structs.replace(found, holder=holder)
