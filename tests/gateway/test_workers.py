"""Jobs retry what can get better, dead-letter what cannot, and never store what failed."""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from channels.contract import Upload
from gateway.app import INTAKE, STORE
from gateway.settings import Settings
from normalizer.errors import Unavailable
from normalizer.record import ExtractedText, LetterIntake, Original, RawIntake
from tests.conftest import ROOT, MakeClient, wait_for
from tests.engines import every_engine
from tests.identity import make_id

engine = every_engine  # each test runs on SQLite and on PostgreSQL

SECRET = make_id("110105", "19800101", 123)


class FlakyOcr:
    """An engine that fails ``failures`` times, the way a real one fails, then reads."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.failures = failures
        self.error = error
        self.calls = 0

    def ready(self) -> bool:
        return True

    def extract(self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]) -> ExtractedText:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return ExtractedText(text="举报人：张伟，电话13912345678。", confidence=0.9, engine="fake")


def quick(settings: Settings) -> Settings:
    return dataclasses.replace(settings, job_max_attempts=3, job_retry_base_s=0.05)


async def letter(client: Any) -> str:
    receipt = await client.app[INTAKE].submit(
        LetterIntake(), [Upload(b"\x89PNG fake page", "image/png", role="page")], actor="test"
    )
    return str(receipt.intake_id)


async def stage_of(client: Any, intake_id: str, *stages: str) -> Any:
    async def reached() -> Any:
        intake = await client.app[STORE].load(intake_id)
        return intake if intake and intake.stage in stages else None

    return await wait_for(reached, within=20)


async def test_an_engine_that_is_down_is_retried_until_it_reads(
    make_client: MakeClient, settings: Settings
) -> None:
    engine = FlakyOcr(2, Unavailable("ocr_failed", "识别失败", "Tesseract failed"))
    client = await make_client(quick(settings), extractors={"letter": engine})
    intake_id = await letter(client)
    await stage_of(client, intake_id, "queued", "needs_review")
    events = await client.app[STORE].events(intake_id)
    assert [e.reason for e in events if e.type == "JOB_FAILED"] == [
        "extract:letter: ocr_failed"
    ] * 2


async def test_a_job_that_keeps_failing_is_dead_lettered_and_replay_brings_it_back(
    make_client: MakeClient, settings: Settings
) -> None:
    engine = FlakyOcr(3, ValueError(f"cannot read {SECRET} 张三"))
    client = await make_client(quick(settings), extractors={"letter": engine})
    intake_id = await letter(client)
    intake = await stage_of(client, intake_id, "dead_letter")
    events = await client.app[STORE].events(intake_id)
    assert events[-1].type == "DEAD_LETTERED"
    assert all(SECRET not in (e.reason or "") and "张三" not in (e.reason or "") for e in events)
    assert events[-1].reason == "extract:letter: ValueError"

    out = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "gateway", "replay", intake.intake_no],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "INTAKE_DATA_DIR": str(settings.data_dir),
            "INTAKE_DATABASE_URL": settings.database_url,
            "INTAKE_KEYS": settings.keys,
        },
    )
    assert f"replayed {intake.intake_no}" in out.stdout
    await stage_of(client, intake_id, "queued", "needs_review")
    types = [e.type for e in await client.app[STORE].events(intake_id)]
    assert types.index("DEAD_LETTERED") < types.index("REPLAYED") < types.index("NORMALIZED")
