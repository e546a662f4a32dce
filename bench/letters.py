"""Letter channel OCR against raw Tesseract: character error rate and pages per second.

Both run in the same process on the same generated degraded pages (tests/letter_ocr/
letters.py): the baseline is ``pytesseract.image_to_string(img, lang="chi_sim")`` one page
after another; the channel is ``ocr_letter`` (preprocessing, psm 6, orientation fallback)
with a pool of 2 threads, fed the pages as PNG files grouped into letters of 7 pages.
CER is the edit distance over the reference length, on NFKC-normalised text with all
whitespace removed (so full-width and ASCII colons count as the same character).

    .venv/bin/python bench/letters.py [--variants N] [--ablation]

``--ablation`` also runs the channel with each preprocessing step switched off in turn
(the figures in channels/letter_ocr/preprocess.py come from it).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pytesseract

from channels.letter_ocr.ocr import TesseractEngine, ocr_letter
from channels.letter_ocr.preprocess import Preprocessing
from tests.letter_ocr import letters


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def canonical(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def cer(hypothesis: str, truth: str) -> float:
    ref = canonical(truth)
    return edit_distance(canonical(hypothesis), ref) / max(1, len(ref))


def kind_of(sample_id: str) -> str:
    return sample_id.split("-")[2]


def run_raw(samples: Sequence[letters.Sample]) -> tuple[list[str], float]:
    start = time.perf_counter()
    texts = [pytesseract.image_to_string(s.image, lang="chi_sim") for s in samples]
    return texts, time.perf_counter() - start


def run_channel(
    samples: Sequence[letters.Sample], steps: Preprocessing, per_letter: int = 7
) -> tuple[list[str], float]:
    files = [letters.to_png(s.image) for s in samples]
    engine = TesseractEngine()
    texts: list[str] = []
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        for i in range(0, len(files), per_letter):
            result = ocr_letter(files[i : i + per_letter], pool=pool, engine=engine, steps=steps)
            texts.extend(p.text for p in result.pages)
    return texts, time.perf_counter() - start


def report(name: str, samples: Sequence[letters.Sample], texts: Sequence[str]) -> float:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for s, t in zip(samples, texts, strict=True):
        by_kind[kind_of(s.id)].append(cer(t, s.truth))
    upright = [c for k, cs in by_kind.items() if not k.startswith("rot") for c in cs]
    overall = [c for cs in by_kind.values() for c in cs]
    kinds = " ".join(f"{k}={sum(v) / len(v):.2%}" for k, v in by_kind.items())
    print(
        f"{name:28s} CER all={sum(overall) / len(overall):.2%} "
        f"not-rotated={sum(upright) / len(upright):.2%} | {kinds}"
    )
    return sum(overall) / len(overall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=2)
    parser.add_argument("--ablation", action="store_true")
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"

    samples = letters.degraded_set(variants=args.variants)
    print(f"{len(samples)} pages, {os.cpu_count()} cores")
    raw_texts, raw_s = run_raw(samples)
    raw_cer = report("raw tesseract (1 process)", samples, raw_texts)
    texts, channel_s = run_channel(samples, Preprocessing())
    channel_cer = report("channel (pool of 2)", samples, texts)
    print(
        f"pages/s raw={len(samples) / raw_s:.2f} channel={len(samples) / channel_s:.2f} "
        f"-> throughput ratio {raw_s / channel_s:.2f}x; "
        f"CER ratio channel/raw {channel_cer / max(raw_cer, 1e-9):.2f}"
    )
    if args.ablation:
        full = Preprocessing()
        report("psm 6 only (no steps)", samples, run_channel(samples, _none())[0])
        for field in dataclasses.fields(Preprocessing):
            flipped = dataclasses.replace(full, **{field.name: not getattr(full, field.name)})
            verb = "without" if getattr(full, field.name) else "with"
            report(f"{verb} {field.name}", samples, run_channel(samples, flipped)[0])


def _none() -> Preprocessing:
    return Preprocessing(**{f.name: False for f in dataclasses.fields(Preprocessing)})


if __name__ == "__main__":
    main()
