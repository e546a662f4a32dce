"""Building blocks of the extraction corpora: the row type, channel renderers, and scoring.

A corpus row is written once as clean text with its expected fields; a renderer then prints
it the way the channel does (OCR line breaks and stray spaces, a Vosk transcript with a
space between tokens and digits read out as 幺/两/洞, a web form, a desk clerk's note).
The expected fields never change with the rendering: extraction must see through it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from tests.normalizer.generators import make_id

__all__ = [
    "FIELDS",
    "Case",
    "Predicted",
    "asr",
    "desk",
    "e164",
    "fullwidth_digits",
    "ocr",
    "score",
    "valid_id",
]

FIELDS = (
    "name",
    "id_number",
    "phone",
    "accused",
    "unit",
    "position",
    "level",
    "amount",
    "place",
)


@dataclass(frozen=True)
class Case:
    """One corpus row; ``name`` None means the complainant is anonymous."""

    id: str
    channel: str
    text: str
    name: str | None = None
    id_number: str | None = None
    phones: tuple[str, ...] = ()
    accused: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    amounts: tuple[int, ...] = ()
    places: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()

    def expected(self) -> dict[str, frozenset[str]]:
        return {
            "name": frozenset([self.name] if self.name else []),
            "id_number": frozenset([self.id_number] if self.id_number else []),
            "phone": frozenset(self.phones),
            "accused": frozenset(self.accused),
            "unit": frozenset(self.units),
            "position": frozenset(self.positions),
            "level": frozenset(self.levels),
            "amount": frozenset(str(a) for a in self.amounts),
            "place": frozenset(self.places),
        }


@dataclass
class Predicted:
    """What an extractor version says, in the corpus's terms."""

    name: set[str] = field(default_factory=set)
    id_number: set[str] = field(default_factory=set)
    phone: set[str] = field(default_factory=set)
    accused: set[str] = field(default_factory=set)
    unit: set[str] = field(default_factory=set)
    position: set[str] = field(default_factory=set)
    level: set[str] = field(default_factory=set)
    amount: set[str] = field(default_factory=set)
    place: set[str] = field(default_factory=set)

    def as_sets(self) -> dict[str, frozenset[str]]:
        return {f: frozenset(getattr(self, f)) for f in FIELDS}


Counts = dict[str, list[int]]  # field -> [tp, fp, fn]


def score(cases: Iterable[Case], predict: Callable[[str], Predicted]) -> Counts:
    """Micro-averaged counts per field. ``level`` is scored only where the text states one."""
    counts: Counts = {f: [0, 0, 0] for f in FIELDS}
    for case in cases:
        gold = case.expected()
        got = predict(case.text).as_sets()
        for f in FIELDS:
            if f == "level" and not gold[f]:
                continue
            tp = len(gold[f] & got[f])
            counts[f][0] += tp
            counts[f][1] += len(got[f]) - tp
            counts[f][2] += len(gold[f]) - tp
    return counts


def precision_recall(c: Sequence[int]) -> tuple[float, float]:
    tp, fp, fn = c
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


# --- numbers ---------------------------------------------------------------------------------


def valid_id(rng: random.Random, region: str) -> str:
    birth = f"{rng.randint(1955, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return make_id(region, birth, f"{rng.randint(0, 999):03d}")


def e164(national: str) -> str:
    digits = re.sub(r"\D", "", national)
    return "+86" + digits.lstrip("0")


def fullwidth_digits(text: str) -> str:
    return "".join(
        chr(ord(c) + 0xFEE0) if c.isascii() and (c.isdigit() or c == "X") else c for c in text
    )


# --- channel renderers -----------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPOKEN = {
    "0": ("零", "洞"),
    "1": ("幺", "一"),
    "2": ("二", "两"),
    "3": ("三",),
    "4": ("四",),
    "5": ("五",),
    "6": ("六",),
    "7": ("七",),
    "8": ("八",),
    "9": ("九",),
}
_PUNCT = re.compile(r"[，。、；：！？,.;:!?（）()“”\"'\-—]+")


def ocr(text: str, rng: random.Random, width: int = 20, spaces: float = 0.03) -> str:
    """A page as Tesseract prints it: hard line breaks at the page width, stray spaces."""
    out: list[str] = []
    for para in text.split("\n"):
        line: list[str] = []
        for ch in para:
            line.append(ch)
            if _CJK.match(ch) and rng.random() < spaces:
                line.append(" ")
            if len(line) >= width:
                out.append("".join(line))
                line = []
        out.append("".join(line))
    return "\n".join(out)


def _speak_digits(run: str, rng: random.Random) -> str:
    return " ".join(rng.choice(_SPOKEN[d]) for d in run)


def asr(text: str, rng: random.Random) -> str:
    """A Vosk transcript: no punctuation, digits read one by one, a space between tokens."""
    text = _PUNCT.sub(" ", text)
    text = re.sub(r"\d{5,}", lambda m: " " + _speak_digits(m.group(), rng) + " ", text)
    tokens: list[str] = []
    for chunk in text.split():
        if not _CJK.search(chunk) or chunk in {c for v in _SPOKEN.values() for c in v}:
            tokens.append(chunk)
            continue
        i = 0
        while i < len(chunk):
            step = rng.choice((1, 1, 2, 2, 3))
            tokens.append(chunk[i : i + step])
            i += step
    return " ".join(tokens)


def desk(fields: Sequence[tuple[str, str]], matter: str) -> str:
    """A reception clerk's note: a few labelled lines, then the matter as told."""
    lines = [f"{k}：{v}" for k, v in fields]
    return "\n".join([*lines, f"反映问题：{matter}"])
