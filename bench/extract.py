"""Benchmark: extract() records per second on one core, against a regex-only baseline.

The baseline runs every compiled regular expression of the extraction package
over the same texts in the same run, so the ratio shows what the Python logic,
stdnum and phonenumbers add on top of pure scanning. Target: >= 2,000 records/s.
Prefilter patterns (names ending in ``_START`` or ``_ANCHOR``) are left out: they
only tell ``extract`` where the extraction patterns can match, so counting them
would inflate the baseline; the baseline stays the 31 extraction patterns it had
before they were added, and the ratio stays comparable across versions.
Run: .venv/bin/python bench/extract.py [n_records]
"""

from __future__ import annotations

import pathlib
import random
import re
import sys
import time
from types import ModuleType

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from normalizer.extraction import (
    accused,
    amounts,
    categories,
    cleanup,
    dates,
    digits,
    extract,
    names,
    places,
    screening,
)

_MODULES: tuple[ModuleType, ...] = (
    accused, amounts, categories, cleanup, dates, digits, names, places, screening,
)  # fmt: skip
_PREFILTER_SUFFIXES = ("_START", "_ANCHOR")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_SENTENCES = (
    "我实名举报某某县交通运输局局长{name}和副局长王刚收受承包商好处费三十余万元。",
    "{year}年{month}月，{name}在某某县某某镇道路工程中违规插手，收受礼金12,000元。",
    "村里的低保被村支书王某优亲厚友，克扣补偿款五十万元。",
    "被举报人：韩某\n单位：某某镇人民政府\n职务：镇长\n",
    "他经常公车私用，逢年过节收受红包，还包养情人，群众意见很大。",
    "以上情况属实，请领导调查处理，给老百姓一个公道。",
    "2023年5月1日晚上，我在广东省深圳市南山区某某街道亲眼看到他收受购物卡。",
)


_PHONES = (
    "138 1234 5678",
    "幺 三 九 零 零 零 零 幺 幺 幺 幺",
    "(0755)8888 8888转801",
    "13900001111",
)


def _id(rng: random.Random) -> str:
    birth = f"{rng.randint(1950, 2000)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}"
    first = f"110105{birth}{rng.randint(100, 999)}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, _WEIGHTS, strict=True)) % 11]


def make_texts(n: int, seed: int = 7) -> list[str]:
    """n letters of 1-3 KB (UTF-8) built from realistic sentences."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        target = rng.randint(1024, 3072)
        parts = ["尊敬的领导：\n"]
        size = 0
        while size < target:
            s = rng.choice(_SENTENCES).format(
                name=rng.choice(["李明", "欧阳强", "赵德明", "孙某"]),
                year=rng.randint(2015, 2024),
                month=rng.randint(1, 12),
                phone=f"13{rng.randint(8, 9)}{rng.randint(10_000_000, 99_999_999)}",
                id=_id(rng),
            )
            parts.append(s)
            size += len(s.encode())
        # Contact details appear once per letter, as in real ones.
        parts.append(f"\n我叫张 三，电话 {rng.choice(_PHONES)}，身份证号{_id(rng)}。")
        parts.append("\n此致\n敬礼\n      张三\n  2023年5月1日")
        texts.append("".join(parts))
    return texts


def _patterns() -> list[re.Pattern[str]]:
    found = []
    for module in _MODULES:
        found += [
            v
            for k, v in vars(module).items()
            if isinstance(v, re.Pattern) and not k.endswith(_PREFILTER_SUFFIXES)
        ]
    return found


def _baseline(texts: list[str], patterns: list[re.Pattern[str]]) -> int:
    hits = 0
    for text in texts:
        for pattern in patterns:
            for _ in pattern.finditer(text):
                hits += 1
    return hits


def _rate(fn: object, texts: list[str], *args: object) -> float:
    assert callable(fn)
    start = time.perf_counter()
    fn(texts, *args)
    return len(texts) / (time.perf_counter() - start)


def _extract_all(texts: list[str]) -> None:
    for text in texts:
        extract(text)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    texts = make_texts(n)
    patterns = _patterns()
    _extract_all(texts[:50])  # warm the stdnum and phonenumbers tables
    avg_kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    base = max(_rate(_baseline, texts, patterns) for _ in range(3))
    full = max(_rate(_extract_all, texts) for _ in range(3))
    print(f"records: {n}, mean size {avg_kb:.2f} KB, {len(patterns)} regexes in the baseline")
    print(f"baseline (regexes only): {base:,.0f} records/s per core")
    print(f"extract():               {full:,.0f} records/s per core (target >= 2,000)")
    print(f"ratio extract/baseline:  {full / base:.2f}")


if __name__ == "__main__":
    main()
