"""Benchmark of extraction: precision and recall per field, and records per second per core.

Accuracy: the tuning corpus (tests/normalizer/corpus.py), the first held-out corpus
(tests/normalizer/corpus_heldout.py, tuned against since 2026-12-02 and so a tuning set now),
the second held-out corpus (corpus_heldout2.py, whose failures guided the third round), the
third (corpus_heldout3.py, whose failures the fourth round read) and the fourth
(corpus_heldout4.py, written and first measured at 43d67d2 before the fourth round, whose
failures that round then read) and the fifth (corpus_heldout5.py, written and first measured
at 5a7ba62 before the fifth round, whose failures that round read too: no corpus here is held
out any more), each scored for six
versions in the same run: the new extraction; the new one with jieba's part-of-speech tags
deciding where names end (the segmenter evaluated for issue 16; skipped when jieba is not
installed); the start of the third round (787a065, the code when held-out 3 was written),
main at d016abe (issue 16's first round) and the version before issue 16, main at 21f3adb,
all three imported from ``git archive``; and a plain-regex baseline (a first attempt with a
few patterns). Fields are scored as normalize() uses them: the complainant's name, ID and
phones, the accused's names, units, positions and levels (only where the text states a
level), amounts and places.

Throughput: extract() of the new, the third round's start and the present version on the
same 1-3 KB letters, and,
as before, every compiled regular expression of the package run over them (prefilter
patterns, names ending in ``_START`` or ``_ANCHOR``, left out). Target: >= 1,000 records/s.
The machine is shared: compare the figures of one run with each other, not across runs.
Run: .venv/bin/python bench/extract.py [n_records]
"""

from __future__ import annotations

import importlib.util
import io
import pathlib
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

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
from tests.normalizer.corpus import CORPUS
from tests.normalizer.corpus_heldout import HELDOUT
from tests.normalizer.corpus_heldout2 import HELDOUT2
from tests.normalizer.corpus_heldout3 import HELDOUT3
from tests.normalizer.corpus_heldout4 import HELDOUT4
from tests.normalizer.corpus_heldout5 import HELDOUT5
from tests.normalizer.corpus_heldout6 import HELDOUT6
from tests.normalizer.corpus_tools import (
    FIELDS,
    Case,
    Predicted,
    precision_recall,
    score,
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
    # CPU time of this process: the machine is shared, and wall time counts the others' work.
    start = time.process_time()
    fn(texts, *args)
    return len(texts) / (time.process_time() - start)


def _extract_all(texts: list[str]) -> None:
    for text in texts:
        extract(text)


# --- accuracy: the new extraction, the present one (main at 21f3adb), a regex baseline -----

PRESENT_COMMIT = "21f3adb"
MAIN_COMMIT = "d016abe"
ROUND_COMMIT = "787a065"  # the third round's start: held-out 3 was written against it
ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_present(commit: str = PRESENT_COMMIT, alias: str = "present_extraction") -> ModuleType:
    """The extraction package as it was at ``commit``, imported under another name."""
    target = pathlib.Path(tempfile.mkdtemp(prefix="extract-present-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "normalizer/extraction"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    package = target / "normalizer" / "extraction"
    spec = importlib.util.spec_from_file_location(
        alias, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return module


def _levels(accused_found: list[Any]) -> set[str]:
    return {str(a.level.level) for a in accused_found if str(a.level.level) != "UNKNOWN"}


def _common(p: Predicted, ex: Any) -> Predicted:
    p.accused = {a.name for a in ex.accused if a.name}
    p.unit = {a.unit for a in ex.accused if a.unit}
    p.position = {a.position for a in ex.accused if a.position}
    p.level = _levels(ex.accused)
    p.amount = {str(int(a.value)) for a in ex.amounts}
    p.place = {pl.name for pl in ex.places}
    return p


def predict_new(text: str) -> Predicted:
    ex = extract(text)
    p = Predicted()
    p.name = {ex.names[0].name} if ex.names else set()
    ids = [i for i in ex.id_numbers if i.holder == "COMPLAINANT"]
    p.id_number = {ids[0].upgraded or ids[0].value} if ids else set()
    p.phone = {ph.e164 for ph in ex.phones if ph.holder == "COMPLAINANT"}
    return _common(p, ex)


def make_predict_jieba() -> Callable[[str], Predicted] | None:
    """The new extraction with jieba's part-of-speech tags deciding where a name ends.

    Only the name boundary changes (the rules' ``name_end``): the tagger reads a few
    characters from the name's start and the name is the run of ``nr`` tokens there. Whole
    texts are not tagged: posseg runs at about 25 letters/s per core, far under budget.
    """
    try:
        import jieba
        import jieba.posseg as pseg
    except ImportError:
        return None
    import logging

    from normalizer.extraction import roles

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    rules_end = names.name_end

    def jieba_end(text: str, m: re.Match[str]) -> int:
        start = m.start("name") if "name" in m.re.groupindex else m.start()
        window = text[start : start + 6]
        run = ""
        for w in pseg.cut(window):
            if w.flag != "nr" or len(run) + len(w.word) > 4:
                break
            run += w.word
        if len(run) >= 2:
            return start + len(run)
        return rules_end(text, m)

    def predict(text: str) -> Predicted:
        for module in (names, accused, roles):
            module.name_end = jieba_end  # type: ignore[attr-defined]
        try:
            return predict_new(text)
        finally:
            for module in (names, accused, roles):
                module.name_end = rules_end  # type: ignore[attr-defined]

    return predict


def make_predict_first_round(module: ModuleType) -> Callable[[str], Predicted]:
    """main at d016abe: the same reading of an extraction as the new version's."""

    def predict(text: str) -> Predicted:
        ex = module.extract(text)
        p = Predicted()
        p.name = {ex.names[0].name} if ex.names else set()
        ids = [i for i in ex.id_numbers if i.holder == "COMPLAINANT"]
        p.id_number = {ids[0].upgraded or ids[0].value} if ids else set()
        p.phone = {ph.e164 for ph in ex.phones if ph.holder == "COMPLAINANT"}
        return _common(p, ex)

    return predict


def make_predict_present(module: ModuleType) -> Callable[[str], Predicted]:
    def predict(text: str) -> Predicted:
        # What normalize() at 21f3adb made of it: first name, first ID, every phone.
        ex = module.extract(text)
        p = Predicted()
        p.name = {ex.names[0].name} if ex.names else set()
        p.id_number = (
            {ex.id_numbers[0].upgraded or ex.id_numbers[0].value} if ex.id_numbers else set()
        )
        p.phone = {ph.e164 for ph in ex.phones}
        return _common(p, ex)

    return predict


_RB_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_RB_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_RB_NAME = re.compile(r"(?:我叫|本人|(?:举报|反映|检举|控告|来访)人[:：]?)([\u4e00-\u9fff]{2,3})")
_RB_POSITION = "副?(?:局长|书记|党组书记|主任|科长|处长|镇长|县长|经理)"
_RB_ACCUSED = re.compile(
    rf"([\u4e00-\u9fff]{{2,16}}?(?:局|委员会|政府|公司))?({_RB_POSITION})([\u4e00-\u9fff]{{2,3}})"
)
_RB_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(万)?元")
_RB_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}省[\u4e00-\u9fff]{2,3}市[\u4e00-\u9fff]{2,3}[区县]")


def predict_regex(text: str) -> Predicted:
    """The plain-regex baseline: what a first attempt with a few patterns finds."""
    p = Predicted()
    m = _RB_NAME.search(text)
    p.name = {m.group(1)} if m else set()
    ids = _RB_ID.findall(text)
    p.id_number = {ids[0].upper()} if ids else set()
    p.phone = {"+86" + n.replace("-", "").lstrip("0") for n in _RB_PHONE.findall(text)}
    for unit, position, name in _RB_ACCUSED.findall(text):
        p.accused.add(name)
        p.position.add(position)
        if unit:
            p.unit.add(unit)
    for number, wan in _RB_AMOUNT.findall(text):
        p.amount.add(str(int(float(number) * (10_000 if wan else 1))))
    p.place = set(_RB_PLACE.findall(text))
    return p


def accuracy_table(
    title: str, cases: list[Case], versions: dict[str, Callable[[str], Predicted]]
) -> str:
    results = {name: score(cases, fn) for name, fn in versions.items()}
    head = f"{'field':<10}" + "".join(f"{name:>20}" for name in versions)
    lines = [f"{title} ({len(cases)} rows): precision / recall", head]
    for f in FIELDS:
        row = f"{f:<10}"
        for name in versions:
            prec, rec = precision_recall(results[name][f])
            row += f"{prec:>13.3f} / {rec:.3f}"
        lines.append(row)
    return "\n".join(lines)


def complainant_mistakes(cases: list[Case], predict: Callable[[str], Predicted]) -> int:
    """Rows where a self-description, the accused or a third party became the complainant."""
    bad = 0
    for case in cases:
        got = predict(case.text).name
        wrong = got - ({case.name} if case.name else set())
        others = set(case.mentioned) | set(case.accused)
        if wrong and (case.name is None or wrong & others):
            bad += 1
    return bad


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    present = load_present()
    first_round = load_present(MAIN_COMMIT, "main_extraction")
    round_start = load_present(ROUND_COMMIT, "round_start_extraction")
    with_jieba = make_predict_jieba()
    versions = {
        "new": predict_new,
        **({"new+jieba names": with_jieba} if with_jieba else {}),
        f"start@{ROUND_COMMIT}": make_predict_first_round(round_start),
        f"main@{MAIN_COMMIT}": make_predict_first_round(first_round),
        f"present@{PRESENT_COMMIT}": make_predict_present(present),
        "regex baseline": predict_regex,
    }
    print(accuracy_table("tuning corpus", CORPUS, versions))
    print()
    print(accuracy_table("first held-out corpus, now tuned against", HELDOUT, versions))
    print()
    print(accuracy_table("held-out corpus 2 (failures read in round 3)", HELDOUT2, versions))
    print()
    print(accuracy_table("held-out corpus 3 (failures read in round 4)", HELDOUT3, versions))
    print()
    print(
        accuracy_table(
            "held-out corpus 4 (first measured at 43d67d2, failures read in round 4)",
            HELDOUT4,
            versions,
        )
    )
    print()
    print(
        accuracy_table(
            "held-out corpus 5 (first measured at 5a7ba62, failures read in round 5)",
            HELDOUT5,
            versions,
        )
    )
    print()
    print(
        accuracy_table(
            "held-out corpus 6 (first measured at 708383f, failures read in round 6)",
            HELDOUT6,
            versions,
        )
    )
    print()
    for name, fn in versions.items():
        print(
            f"complainant taken wrongly ({name}): tuning {complainant_mistakes(CORPUS, fn)}, "
            f"first held-out {complainant_mistakes(HELDOUT, fn)}, "
            f"held-out 2 {complainant_mistakes(HELDOUT2, fn)}, "
            f"held-out 3 {complainant_mistakes(HELDOUT3, fn)}, "
            f"held-out 4 {complainant_mistakes(HELDOUT4, fn)}, "
            f"held-out 5 {complainant_mistakes(HELDOUT5, fn)}, "
            f"held-out 6 {complainant_mistakes(HELDOUT6, fn)}"
        )
    print()
    texts = make_texts(n)
    patterns = _patterns()
    _extract_all(texts[:50])  # warm the stdnum, phonenumbers and segmenter tables
    for text in texts[:50]:
        present.extract(text)
        first_round.extract(text)
        round_start.extract(text)
    avg_kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    base = max(_rate(_baseline, texts, patterns) for _ in range(3))
    full = max(_rate(_extract_all, texts) for _ in range(3))
    old = max(_rate(lambda ts: [present.extract(t) for t in ts], texts) for _ in range(3))
    first = max(_rate(lambda ts: [first_round.extract(t) for t in ts], texts) for _ in range(3))
    start = max(_rate(lambda ts: [round_start.extract(t) for t in ts], texts) for _ in range(3))
    if with_jieba is not None:
        # One round on a few letters: it is slow enough to measure once.
        jieba_rate = _rate(lambda ts: [with_jieba(t) for t in ts], texts[:200])
        print(f"new+jieba names:         {jieba_rate:,.0f} records/s per core")
    corpus_texts = [
        c.text for c in CORPUS + HELDOUT + HELDOUT2 + HELDOUT3 + HELDOUT4 + HELDOUT5 + HELDOUT6
    ]
    short_new = max(_rate(_extract_all, corpus_texts) for _ in range(3))
    short_start = max(
        _rate(lambda ts: [round_start.extract(t) for t in ts], corpus_texts) for _ in range(3)
    )
    short_old = max(
        _rate(lambda ts: [present.extract(t) for t in ts], corpus_texts) for _ in range(3)
    )
    print(f"records: {n}, mean size {avg_kb:.2f} KB, {len(patterns)} regexes in the baseline")
    print(f"baseline (regexes only): {base:,.0f} records/s per core")
    print(f"extract() new:           {full:,.0f} records/s per core (target >= 1,000)")
    print(f"extract() start@{ROUND_COMMIT}: {start:,.0f} records/s per core")
    print(f"extract() main@{MAIN_COMMIT}:   {first:,.0f} records/s per core")
    print(f"extract() present:       {old:,.0f} records/s per core")
    print(
        f"ratio new/start: {full / start:.2f}; new/present: {full / old:.2f}; "
        f"new/regex baseline: {full / base:.2f}"
    )
    print(
        f"corpus rows (short texts): new {short_new:,.0f}/s, start {short_start:,.0f}/s, "
        f"present {short_old:,.0f}/s"
    )


if __name__ == "__main__":
    main()
