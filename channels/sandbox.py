"""Decoders run confined: a separate process with a memory, a CPU-time and a wall-clock limit.

Image, PDF and audio decoders are large C libraries fed with bytes from anyone; a file of a
few kilobytes can make them allocate gigabytes (a PDF whose forms draw each other, a FLAC of
eight 96 kHz channels) or spin for minutes (a TIFF of 100,000 pages). Inside the gateway such
a file would OOM-kill the whole process, and every retry of its job would kill it again. Here
it kills only a child: the child gets ``RLIMIT_AS`` (its address space at start plus
``memory_bytes``), ``RLIMIT_CPU`` and a wall-clock deadline, and whatever ends it (MemoryError,
SIGXCPU, SIGKILL, SIGSEGV from a failed allocation in C, the deadline) becomes one permanent
refusal, ``file_too_complex``, which the workers dead-letter at once instead of retrying.
Programs the child starts (ffmpeg, sox) inherit its limits.

Children are forked from a multiprocessing *forkserver* that has the decoders already
imported: a fork of a small single-threaded server costs milliseconds, where a fresh
interpreter costs 0.4 s, and forking the gateway itself (threads, SQLite, an event loop) is
unsafe. ``run`` returns one result; ``stream`` yields results one by one, the child blocking
on the pipe until the consumer takes the next one, so a letter is decoded a page at a time.
Refusals the decoder raises (``IntakeError``) cross the pipe by code and messages, since
their constructors take keyword arguments that pickle cannot rebuild.

Memory is bounded for the machine too, not only per child: at most ``run_slots`` upload
checks decode at once (one per core), so a burst of bombs costs at most that many times
``memory_bytes``; a check that finds no slot within its wall-clock limit is refused with
``decoder_busy`` (503, retry later). Streams (the OCR job's pages) are bounded by the
worker pool that runs them and take no slot, so uploads never wait behind a long letter.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import multiprocessing.connection
import multiprocessing.spawn
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from normalizer import errors
from normalizer.errors import IntakeError, TooComplex, Unavailable

__all__ = ["DEFAULT_LIMITS", "DecodeLimits", "run", "stream", "too_complex"]

P = ParamSpec("P")
T = TypeVar("T")

# Modules the forkserver imports once, so that each child starts with them loaded.
_PRELOAD = ["channels.letter_ocr.pages", "channels.phone.audio", "channels.uploads"]


@dataclass(frozen=True, slots=True)
class DecodeLimits:
    """What one decoding child may use; see the ``decoder_*`` settings."""

    memory_bytes: int = 1_000_000_000
    cpu_s: float = 60.0
    wall_s: float = 120.0


DEFAULT_LIMITS = DecodeLimits()

# Process-wide by nature: the budget is the machine's memory, shared by every caller.
_RUN_SLOTS = threading.BoundedSemaphore(os.cpu_count() or 1)


def too_complex(what: str = "") -> TooComplex:
    detail_zh = f"（{what}）" if what else ""
    detail_en = f" ({what})" if what else ""
    return TooComplex(
        "file_too_complex",
        f"文件过于复杂，解码所需的内存或时间超出上限{detail_zh}，无法处理："
        "请以普通设置重新扫描或导出后再上传。",
        f"The file is too complex to decode within the memory and time limits{detail_en}; "
        "rescan or export it with ordinary settings and send it again.",
    )


# The parent's main script, for the forkserver (see ``_adopt_parent_main``).
_MAIN_ENV = "INTAKE_SANDBOX_PARENT_MAIN"


@functools.cache
def _context() -> multiprocessing.context.ForkServerContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(_PRELOAD)
    main = multiprocessing.spawn.get_preparation_data("sandbox").get("init_main_from_path")
    # Always this process's own: a value inherited from a parent process names its script.
    if main:
        os.environ[_MAIN_ENV] = main
    else:
        os.environ.pop(_MAIN_ENV, None)
    return ctx


def _adopt_parent_main() -> None:
    """In the forkserver, name the parent's main script as ``__main__``'s file.

    Every child would otherwise run the parent's main script again before it starts (Python
    3.11's forkserver cannot preload it: it drops the path), and for the gateway that
    imports the whole application, for a benchmark its engines: 0.1-0.4 s per decoded
    file against 15 ms. The children need nothing from it, since what they run lives in
    importable modules, so the server lets them take it as already run. The parent itself
    has a ``__main__`` with a file and is left alone.
    """
    main = sys.modules.get("__main__")
    path = os.environ.get(_MAIN_ENV)
    if path and main is not None and getattr(main, "__file__", None) is None:
        main.__file__ = path


_adopt_parent_main()


def run(fn: Callable[P, T], limits: DecodeLimits, /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` in a confined child; its refusals are raised here."""
    if not _RUN_SLOTS.acquire(timeout=limits.wall_s):
        raise Unavailable(
            "decoder_busy",
            "服务器正忙于检查其他文件，请稍后重试。",
            "The server is busy checking other files; try again shortly.",
            retry_after=5,
        )
    try:
        answers = _confined(fn, limits, False, args, kwargs)
        try:
            result: T = next(answers)
        except StopIteration:  # the child said "done" without an answer
            raise too_complex("decoder ended") from None
        finally:
            answers.close()
    finally:
        _RUN_SLOTS.release()
    return result


def stream(
    fn: Callable[P, Iterable[T]], limits: DecodeLimits, /, *args: P.args, **kwargs: P.kwargs
) -> Iterator[T]:
    """The items of ``fn(*args, **kwargs)``, produced one at a time in a confined child.

    The wall-clock limit applies to the wait for each item, not to the whole stream: the
    consumer (OCR of a page) may take longer than decoding, and the child waits meanwhile.
    Closing the iterator early ends the child.
    """
    return _confined(fn, limits, True, args, kwargs)


def _confined(
    fn: Callable[..., Any],
    limits: DecodeLimits,
    streaming: bool,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Generator[Any, None, None]:
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child, args=(child, limits, fn, streaming, args, kwargs), daemon=True
    )
    proc.start()
    child.close()
    pid = proc.pid
    assert pid is not None
    try:
        while True:
            kind, payload = _receive(parent, proc, limits.wall_s)
            if kind == "item":
                yield payload
                if not streaming:
                    return
            elif kind == "done":
                return
            elif kind == "refusal":
                raise _rebuild(payload)
            elif kind == "memory":
                raise too_complex("memory")
            else:
                raise RuntimeError(f"decoder failed with {payload}")
    finally:
        parent.close()
        # The whole group: ffmpeg or sox started by the child must not outlive it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        if proc.is_alive():  # it may not have made its group yet
            proc.kill()
        proc.join(5)
        proc.close()


def _receive(
    conn: multiprocessing.connection.Connection, proc: Any, wall_s: float
) -> tuple[str, Any]:
    deadline = time.monotonic() + wall_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise too_complex("time")
        try:
            if conn.poll(min(left, 0.5)):
                message: tuple[str, Any] = conn.recv()
                return message
        except (EOFError, OSError):
            pass  # the child is gone: its exit code says why
        else:
            if proc.is_alive():
                continue
            if conn.poll(0):
                continue  # it sent its last message and exited in the meantime
        proc.join(1)
        code = proc.exitcode
        if code is not None and code < 0:
            what = {
                signal.SIGXCPU: "CPU time",
                signal.SIGKILL: "CPU time or memory",
                signal.SIGSEGV: "memory",
                signal.SIGABRT: "memory",
                signal.SIGBUS: "memory",
            }.get(signal.Signals(-code), "decoder crashed")
            raise too_complex(what)
        raise too_complex("decoder ended")


def _rebuild(payload: tuple[str, str, str, str, str | None]) -> IntakeError:
    name, code, zh, en, field = payload
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, IntakeError)):
        cls = IntakeError
    return cls(code, zh, en, field=field)


# --- in the child ----------------------------------------------------------------------


def _address_space() -> int:
    """Bytes of address space the process already uses (VmSize), so the limit is on top."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _confine(limits: DecodeLimits) -> None:
    os.setpgid(0, 0)  # a group of its own, which the parent ends as one
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cap = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    cpu = max(1, int(limits.cpu_s + 0.999))
    # The soft limit sends SIGXCPU (which ends the child); the hard one, a second later, SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _child(
    conn: multiprocessing.connection.Connection,
    limits: DecodeLimits,
    fn: Callable[..., Any],
    streaming: bool,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    try:
        _confine(limits)
        if streaming:
            for item in fn(*args, **kwargs):
                conn.send(("item", item))
            conn.send(("done", None))
        else:
            conn.send(("item", fn(*args, **kwargs)))
    except IntakeError as exc:
        refusal = (type(exc).__name__, exc.code, exc.message_zh, exc.message_en, exc.field)
        conn.send(("refusal", refusal))
    except MemoryError:
        with contextlib.suppress(Exception):
            conn.send(("memory", None))
    except BaseException as exc:  # the parent must learn of every end
        with contextlib.suppress(Exception):
            conn.send(("failed", type(exc).__name__))
    finally:
        conn.close()
