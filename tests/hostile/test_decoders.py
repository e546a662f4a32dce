"""The confined decoders themselves, and the OCR job meeting a bomb that reached storage.

The child's limits are real (``RLIMIT_AS``, ``RLIMIT_CPU``, a wall clock), so each test
makes a child exceed one and checks that only a ``file_too_complex`` refusal comes back.
"""

from __future__ import annotations

import dataclasses
import os
import time
from typing import Any

import pytest

from channels.contract import Upload
from channels.letter_ocr import pages
from channels.letter_ocr.extractor import from_settings
from channels.phone import audio
from channels.sandbox import DecodeLimits, run, stream
from gateway.app import INTAKE, STORE
from gateway.settings import Settings
from normalizer.errors import InvalidInput, TooComplex, TooLarge
from normalizer.record import LetterIntake
from tests.conftest import MakeClient, wait_for
from tests.hostile import bombs
from tests.hostile.children import grandchild_pid, hog, refuse, sleeper, spin

SMALL = DecodeLimits(memory_bytes=200_000_000, cpu_s=2, wall_s=20)


def test_a_child_over_its_memory_is_refused_as_too_complex() -> None:
    assert run(hog, SMALL, 50_000_000) == 50_000_000
    with pytest.raises(TooComplex) as caught:
        run(hog, SMALL, 2_000_000_000)
    assert caught.value.code == "file_too_complex"
    assert caught.value.message_zh and caught.value.message_en


def test_a_child_over_its_cpu_time_or_wall_clock_is_ended() -> None:
    started = time.monotonic()
    with pytest.raises(TooComplex, match="CPU time"):
        run(spin, DecodeLimits(cpu_s=1, wall_s=30))
    with pytest.raises(TooComplex, match="time"):
        run(sleeper, DecodeLimits(cpu_s=30, wall_s=0.5), 30.0)
    assert time.monotonic() - started < 10


def test_programs_a_child_started_die_with_it(tmp_path: Any) -> None:
    marker = tmp_path / "pid"
    with pytest.raises(TooComplex):
        run(grandchild_pid, DecodeLimits(wall_s=1.0), str(marker))
    pid = int(marker.read_text())
    deadline = time.monotonic() + 5
    while _running(pid):
        assert time.monotonic() < deadline, "the grandchild outlived its confined parent"
        time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_refusals_cross_the_pipe_with_their_class_code_and_field() -> None:
    with pytest.raises(TooLarge) as caught:
        run(refuse, SMALL)
    assert (caught.value.code, caught.value.field) == ("too_many_pages", "page")
    assert caught.value.message_zh == "页数过多"


def test_pages_stream_one_at_a_time_and_a_bomb_ends_the_stream() -> None:
    letter = bombs.tiff_many_pages(3)
    assert [p.index for p in pages.iter_pages(letter)] == [0, 1, 2]
    with pytest.raises(TooComplex):
        list(pages.iter_pages(bombs.pdf_xobject_bomb(), limits=SMALL))
    with pytest.raises(TooLarge):  # the page cap stops the IFD walk, not the end of the file
        list(pages.iter_pages(bombs.tiff_many_pages(5000), max_pages=100))
    with pytest.raises(InvalidInput, match="file_corrupt"):
        list(pages.iter_pages(bombs.pdf_page_tree_loop()))
    # Closing a stream early ends its child.
    it = stream(pages._iter_pages, SMALL, letter, 10**8, 100, 10, 10**9)
    assert next(it).index == 0
    it.close()  # type: ignore[attr-defined]


def test_the_flac_probe_streams_instead_of_holding_the_decoded_samples() -> None:
    data = bombs.flac_many_channels(seconds=120.0)
    with pytest.raises(Exception, match="audio_format_unsupported"):
        audio.probe(data, max_duration_s=14400)
    # Allowed by settings, 120 s of 96 kHz x 8 channels is 368 MB of float32; under a 200 MB
    # address-space limit the old whole-file decode could not even start. Streamed, it fits.
    wide = audio.AudioFormat(max_sample_rate=96_000, max_channels=8)
    info = audio.probe(data, max_duration_s=14400, fmt=wide, limits=SMALL)
    assert (info.channels, info.sample_rate, round(info.duration_s)) == (8, 96_000, 120)


async def test_the_ocr_job_dead_letters_a_bomb_at_once(
    make_client: MakeClient, settings: Settings
) -> None:
    # The real Tesseract extractor; the bomb bypasses the upload check, as a file restored
    # from a backup or stored before this check existed would.
    quick = dataclasses.replace(settings, job_max_attempts=5, job_retry_base_s=0.05)
    # (the registry passes Settings the same way; the Protocol's members are read-only there)
    engine = from_settings(quick)  # type: ignore[arg-type]
    client = await make_client(quick, extractors={"letter": engine})
    receipt = await client.app[INTAKE].submit(
        LetterIntake(),
        [Upload(bombs.pdf_xobject_bomb(), "application/pdf", role="page")],
        actor="test",
    )
    store = client.app[STORE]

    async def dead() -> Any:
        intake = await store.load(receipt.intake_id)
        return intake if intake and intake.stage == "dead_letter" else None

    await wait_for(dead, within=120)
    events = await store.events(receipt.intake_id)
    assert [e.reason for e in events if e.type in ("JOB_FAILED", "DEAD_LETTERED")] == [
        "extract:letter: file_too_complex"
    ], [(e.type, e.reason) for e in events]
    assert os.getpid()  # the gateway process is this one, and it is still here
