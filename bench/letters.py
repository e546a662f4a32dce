"""Letter channel OCR against the raw engines: CER and field recall per category, pages/s.

Two sets: (a) ``tuned``, the generated pages of tests/letter_ocr/letters.degraded_set that the
preprocessing and the merge were tuned on; (b) ``heldout`` (bench/heldout.py), other letters,
fonts, seeds, degradations and containers, never tuned on. Four readers run on the same
pages in the same process:

    raw tesseract   pytesseract.image_to_string(img, lang="chi_sim"), one page after another,
                    OMP_THREAD_LIMIT=1 (pages/s also with Tesseract's default OpenMP threads)
    raw rapidocr    RapidOCR() with its defaults, lines joined, one page after another
    channel tess    ocr_letter with ocr_engines = ["tesseract"], pool of 2 threads, two
                    letters at once (as the worker pool runs letter jobs on 2 cores)
    channel both    ocr_letter with Tesseract + PP-OCRv4 merged, the same way

CER is the edit distance over the reference length, on NFKC-normalised text with all
whitespace removed. Field recall: the complainant's ID number, phone and name each found
verbatim in the page text. The channel is fed the files (PNG, 1-bit PNG, G4 TIFF, JPEG,
PDF) grouped into letters of ``--per-letter`` pages; the raw engines get the decoded image.

    .venv/bin/python bench/letters.py [--set tuned|heldout|both] [--variants N] [--heldout-seed S]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pytesseract
from PIL import Image

from bench import heldout
from channels.letter_ocr.combine import CombinedEngine
from channels.letter_ocr.ocr import OcrEngine, PageText, TesseractEngine, ocr_letter
from channels.letter_ocr.rapid import RapidOcrEngine
from tests.letter_ocr import letters

FIELDS = ("id_number", "phone", "name")


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    category: str
    data: bytes
    image: Image.Image
    truth: str
    fields: dict[str, str]


def tuned_pages(variants: int) -> list[Page]:
    fields = {"id_number": letters.ID_NUMBER, "phone": letters.PHONE, "name": letters.NAME}
    return [
        Page(s.id, s.id.split("-")[2], letters.to_png(s.image), s.image, s.truth, fields)
        for s in letters.degraded_set(variants=variants)
    ]


def heldout_pages(seed: int) -> list[Page]:
    return [
        Page(h.id, h.category, h.data, heldout.image_of(h.data), h.truth, h.fields)
        for h in heldout.heldout_set(seed=seed)
    ]


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


def run_raw_tesseract(pages: Sequence[Page]) -> list[str]:
    return [pytesseract.image_to_string(p.image, lang="chi_sim") for p in pages]


def run_raw_tesseract_openmp(pages: Sequence[Page]) -> list[str]:
    """The same, with Tesseract's default OpenMP threads (``OMP_THREAD_LIMIT`` unset), as
    ``pytesseract`` runs it out of the box; the other baseline caps it at one thread."""
    saved = os.environ.pop("OMP_THREAD_LIMIT", None)
    try:
        return run_raw_tesseract(pages)
    finally:
        if saved is not None:
            os.environ["OMP_THREAD_LIMIT"] = saved


class RawRapid:
    """RapidOCR as it comes (its defaults: all cores per session, direction classifier on)."""

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self.engine = RapidOCR()

    def __call__(self, pages: Sequence[Page]) -> list[str]:
        texts = []
        for p in pages:
            rgb = np.asarray(p.image.convert("RGB"))[:, :, ::-1].copy()
            result, _ = self.engine(rgb)
            texts.append("\n".join(str(r[1]) for r in result or []))
        return texts


def channel_runner(
    engine: OcrEngine, pool: ThreadPoolExecutor, jobs: ThreadPoolExecutor, per_letter: int
) -> Callable[[Sequence[Page]], list[PageText]]:
    """Letters of ``per_letter`` pages read at once on ``jobs``, as the worker pool runs
    letter jobs (``workers`` = cores), their pages sharing one page pool."""

    def run(pages: Sequence[Page]) -> list[PageText]:
        letters_ = [pages[i : i + per_letter] for i in range(0, len(pages), per_letter)]
        futures = [
            jobs.submit(lambda ps: ocr_letter([p.data for p in ps], pool=pool, engine=engine), ps)
            for ps in letters_
        ]
        return [page for f in futures for page in f.result().pages]

    return run


def interleaved(
    pages: Sequence[Page], runners: dict[str, Callable[[Sequence[Page]], list[Any]]], chunk: int
) -> tuple[dict[str, list[Any]], dict[str, float]]:
    """Every runner on each chunk of pages in turn (a chunk is the letters read at once),
    so that load from elsewhere on the machine falls on all of them alike."""
    out: dict[str, list[Any]] = {name: [] for name in runners}
    seconds = dict.fromkeys(runners, 0.0)
    for i in range(0, len(pages), chunk):
        for name, run in runners.items():
            start = time.perf_counter()
            out[name].extend(run(pages[i : i + chunk]))
            seconds[name] += time.perf_counter() - start
    return out, seconds


def table(
    title: str, pages: Sequence[Page], results: dict[str, Sequence[str]], cell: Callable[..., str]
) -> None:
    cats = sorted({p.category for p in pages}, key=[p.category for p in pages].index)
    names = list(results)
    print(f"\n{title}")
    print(f"{'category':14s} {'n':>3s} " + " ".join(f"{n:>16s}" for n in names))
    for cat in [*cats, "ALL"]:
        idx = [i for i, p in enumerate(pages) if cat in ("ALL", p.category)]
        row = " ".join(
            f"{cell([results[n][i] for i in idx], [pages[i] for i in idx]):>16s}" for n in names
        )
        print(f"{cat:14s} {len(idx):3d} {row}")


def mean_cer(texts: Sequence[str], pages: Sequence[Page]) -> float:
    return sum(cer(t, p.truth) for t, p in zip(texts, pages, strict=True)) / len(pages)


def recall(texts: Sequence[str], pages: Sequence[Page]) -> tuple[int, int]:
    found = total = 0
    for t, p in zip(texts, pages, strict=True):
        flat = canonical(t)
        for f in FIELDS:
            total += 1
            found += canonical(p.fields[f]) in flat
    return found, total


def field_recall(texts: Sequence[str], pages: Sequence[Page], field: str) -> float:
    flat = [canonical(t) for t in texts]
    return sum(canonical(p.fields[field]) in f for f, p in zip(flat, pages, strict=True)) / len(
        pages
    )


def evaluate(name: str, pages: list[Page], per_letter: int, at_once: int) -> None:
    print(f"\n=== set {name}: {len(pages)} pages, {os.cpu_count()} cores ===")
    tess = TesseractEngine()
    both = CombinedEngine(TesseractEngine(), RapidOcrEngine())
    load_before = os.getloadavg()[0]
    with ThreadPoolExecutor(max_workers=2) as pool, ThreadPoolExecutor(at_once) as jobs:
        out, secs = interleaved(
            pages,
            {
                "raw_t": run_raw_tesseract,
                "raw_t_omp": run_raw_tesseract_openmp,
                "raw_r": RawRapid(),
                "ch_t": channel_runner(tess, pool, jobs, per_letter),
                "ch_b": channel_runner(both, pool, jobs, per_letter),
            },
            per_letter * at_once,
        )
    both.close()
    raw_t, raw_r, ch_t, ch_b = out["raw_t"], out["raw_r"], out["ch_t"], out["ch_b"]
    raw_t_s, raw_r_s, ch_t_s, ch_b_s = secs["raw_t"], secs["raw_r"], secs["ch_t"], secs["ch_b"]
    print(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    results: dict[str, Sequence[str]] = {
        "raw tesseract": raw_t,
        "raw rapidocr": raw_r,
        "channel tess": [p.text for p in ch_t],
        "channel both": [p.text for p in ch_b],
    }
    table(f"[{name}] CER by category", pages, results, lambda t, p: f"{mean_cer(t, p):.2%}")
    for field in FIELDS:
        table(
            f"[{name}] recall of {field}",
            pages,
            results,
            lambda t, p, field=field: f"{field_recall(t, p, field):.0%}",
        )
    n = len(pages)
    print(
        f"\n[{name}] pages/s: raw tesseract (1 process) {n / raw_t_s:.2f}, "
        f"raw rapidocr (1 process) {n / raw_r_s:.2f}, channel tess (pool 2) {n / ch_t_s:.2f} "
        f"= {raw_t_s / ch_t_s:.2f}x raw tesseract, channel both (pool 2) {n / ch_b_s:.2f}"
    )
    omp_s = secs["raw_t_omp"]
    print(
        f"[{name}] raw tesseract with default OpenMP threads (1 process) {n / omp_s:.2f} pages/s"
        f" -> channel tess is {omp_s / ch_t_s:.2f}x that"
    )
    best_raw = {
        cat: min(
            mean_cer(
                [r[i] for i in range(n) if pages[i].category == cat],
                [p for p in pages if p.category == cat],
            )
            for r in (raw_t, raw_r)
        )
        for cat in {p.category for p in pages}
    }
    worse = [
        cat
        for cat, best in best_raw.items()
        if mean_cer(
            [ch_b[i].text for i in range(n) if pages[i].category == cat],
            [p for p in pages if p.category == cat],
        )
        > best + 1e-9
    ]
    flagged = defaultdict(list)
    for p, r in zip(pages, ch_b, strict=True):
        for d in r.disagreements:
            flagged[d.field].append(p.id)
        if r.unreadable:
            flagged["unreadable"].append(p.id)
    print(f"[{name}] categories where channel both is worse than the better raw engine: {worse}")
    print(f"[{name}] review flags from engine disagreement: {dict(flagged)}")
    overall = mean_cer([p.text for p in ch_b], pages)
    print(
        f"[{name}] CER channel both {overall:.2%}; ratio to raw tesseract "
        f"{overall / max(mean_cer(raw_t, pages), 1e-9):.2f}, to raw rapidocr "
        f"{overall / max(mean_cer(raw_r, pages), 1e-9):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("tuned", "heldout", "both"), default="both")
    parser.add_argument("--variants", type=int, default=1)
    parser.add_argument("--per-letter", type=int, default=4)
    parser.add_argument(
        "--letters-at-once",
        type=int,
        default=2,
        help="letters the channel reads at once (the worker's default on 2 cores: 2)",
    )
    parser.add_argument(
        "--heldout-seed",
        type=int,
        default=7001,
        help="another seed draws other angles, seals, shadows, sizes and letters per page",
    )
    args = parser.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if args.set in ("tuned", "both"):
        evaluate("tuned", tuned_pages(args.variants), args.per_letter, args.letters_at_once)
    if args.set in ("heldout", "both"):
        evaluate(
            f"heldout seed {args.heldout_seed}",
            heldout_pages(args.heldout_seed),
            args.per_letter,
            args.letters_at_once,
        )


if __name__ == "__main__":
    main()
