"""Issue 18's attacks, measured: time to the answer, slowest /healthz, the gateway's peak RSS.

    .venv/bin/python bench/hostile.py                      # this tree
    .venv/bin/python bench/hostile.py --root OLD --legacy  # a tree from before the fix

Each attack gets a fresh gateway (so one peak does not hide the next), run under a cap of
``--cap-gb`` of address space so that a bomb fed to an unconfined decoder is stopped at the
cap instead of taking the machine: an old gateway that dies there is reported as such, its
peak being at least the cap. After the answer the gateway is watched ``--settle`` seconds
more, since an accepted bomb does its harm later, in the OCR or ASR job.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.gateway import Gateway, Health  # noqa: E402
from tests.hostile.test_attacks import ATTACKS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--legacy", action="store_true", help="no decoder_* settings")
    parser.add_argument("--cap-gb", type=float, default=4.0)
    parser.add_argument("--timeout", type=float, default=40.0)
    parser.add_argument("--settle", type=float, default=10.0)
    parser.add_argument("only", nargs="*")
    args = parser.parse_args()
    cap = int(args.cap_gb * 2**30)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {} if args.legacy else {"INTAKE_DECODER_MEMORY_BYTES": str(1_000_000_000)}
    print("| attack | answer | time s | slowest /healthz s | gateway peak RSS MB | after |")
    print("|---|---|---|---|---|---|")
    for name, attack in ATTACKS.items():
        if args.only and name not in args.only:
            continue
        data = attack.make()
        with tempfile.TemporaryDirectory() as tmp:
            gw = Gateway(
                Path(tmp) / "data", Path(tmp) / "spool", env, root=args.root, preexec=limit
            )
            try:
                with Health(gw) as health:
                    started = time.monotonic()
                    try:
                        status, answer = _send(attack, gw, data, args.timeout)
                    except Exception as exc:  # a timeout or a dead gateway is the result
                        status, answer = 0, type(exc).__name__
                    took = time.monotonic() - started
                    time.sleep(args.settle)
                peak = gw.peak_rss() if gw.alive else None
                after = "alive" if gw.alive else f"DIED (exit {gw.proc.returncode})"
                shown = f"{peak / 2**20:.0f}" if peak else f">= cap {args.cap_gb:g} GB"
                print(
                    f"| {name} | {status} {answer[:40]} | {took:.2f} | {health.slowest:.3f} "
                    f"| {shown} | {after} |",
                    flush=True,
                )
            finally:
                gw.stop()
    return 0


def _send(attack: object, gw: Gateway, data: bytes, timeout: float) -> tuple[int, str]:
    import threading

    result: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def go() -> None:
        try:
            result.append(attack.send(gw, attack.name, data))  # type: ignore[attr-defined]
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=go, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        return 0, f"no answer in {timeout:g} s"
    if errors:
        raise errors[0]
    return result[0]


if __name__ == "__main__":
    raise SystemExit(main())
