"""The jobs between stages: extract text (per channel), then normalize and screen.

received --extract:<channel>--> text_extracted --normalize--> normalized | needs_review
                                                              (+ outbox rows when forwarding)
Heavy work runs on a thread pool; the event loop only awaits it.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import msgspec

from channels.contract import Extractor
from gateway.originals import Originals
from gateway.storage import (
    SHANGHAI,
    Job,
    JobOutcome,
    NewDeadline,
    NewEvent,
    Store,
    StoredIntake,
    StoredOriginal,
)
from gateway.workers import Handler, PermanentFailure
from normalizer.normalize import NormalizeContext, normalize
from normalizer.record import ExtractedText, Original, RawIntake
from normalizer.repeats import match_facts, repeat_flag
from normalizer.workdays import WorkCalendar

__all__ = ["REVIEW_POLICY", "Pipeline", "first_job"]

TEXT_CHANNELS = frozenset({"web", "visit"})  # their text is typed, nothing to extract


def first_job(channel: str) -> str:
    return "normalize" if channel in TEXT_CHANNELS else f"extract:{channel}"


REVIEW_POLICY = "review_policy"


@dataclass
class Pipeline:
    store: Store
    originals: Originals
    extractors: Mapping[str, Extractor]
    executor: Executor
    calendar: WorkCalendar
    higher_level_threshold: str
    min_confidence: Mapping[str, float]
    group_visit_threshold: int
    destinations: Sequence[str] = ()
    # Channels a person always reviews before hand-over (setting review_before_forwarding).
    review_channels: frozenset[str] = frozenset()
    # Keys a blind index of complainant and accused facts, for finding repeats.
    match_secret: bytes = b""

    async def close(self) -> None:
        """Off the loop: a running job may still need the loop to finish."""
        await asyncio.to_thread(self.executor.shutdown, wait=True, cancel_futures=True)

    def handlers(self) -> dict[str, Handler]:
        out = {"normalize": Handler(self.normalize)}
        for channel, extractor in self.extractors.items():
            out[f"extract:{channel}"] = Handler(self._extract_for(channel), extractor.ready)
        return out

    async def _load(self, job: Job) -> StoredIntake:
        intake = await self.store.load(job.intake_id)
        if intake is None:
            raise PermanentFailure(f"intake {job.intake_id} not found")
        return intake

    def _extract_for(self, channel: str) -> Callable[[Job], Awaitable[JobOutcome]]:
        extractor = self.extractors[channel]

        async def run(job: Job) -> JobOutcome:
            intake = await self._load(job)
            raw = msgspec.json.decode(intake.raw, type=RawIntake)
            data = [await self.originals.read(o.sha256) for o in intake.originals]
            loop = asyncio.get_running_loop()
            text = await loop.run_in_executor(
                self.executor,
                extractor.extract,
                raw,
                [(_original(o), d) for o, d in zip(intake.originals, data, strict=True)],
            )
            engine = text.engine or "engine"
            conf = f"{text.confidence:.2f}" if text.confidence is not None else "n/a"
            return JobOutcome(
                stage="text_extracted",
                status="processing",
                extracted=msgspec.json.encode(text),
                events=[
                    NewEvent(
                        "TEXT_EXTRACTED", engine, "received", "text_extracted", f"confidence {conf}"
                    )
                ],
                next_jobs=["normalize"],
            )

        return run

    async def normalize(self, job: Job) -> JobOutcome:
        intake = await self._load(job)
        raw = msgspec.json.decode(intake.raw, type=RawIntake)
        text = (
            msgspec.json.decode(intake.extracted, type=ExtractedText) if intake.extracted else None
        )
        ctx = NormalizeContext(
            record_id=intake.id,
            intake_no=intake.intake_no,
            received_at=intake.received_at.astimezone(SHANGHAI),
            originals=[_original(o) for o in intake.originals],
            higher_level_threshold=self.higher_level_threshold,
            min_confidence=self.min_confidence.get(intake.channel, 0.0),
            group_visit_threshold=self.group_visit_threshold,
            calendar=self.calendar,
        )
        loop = asyncio.get_running_loop()
        record = await loop.run_in_executor(self.executor, normalize, raw, text, ctx)
        keys = [
            (kind, hmac.new(self.match_secret, f"{kind}:{value}".encode(), "sha256").digest())
            for kind, value in match_facts(record)
        ]
        repeat = repeat_flag(record, await self.store.find_matches(keys, exclude=intake.id))
        if repeat is not None:
            record = msgspec.structs.replace(record, flags=[*record.flags, repeat])
        codes = tuple(f.code for f in record.flags)
        if intake.channel in self.review_channels:
            # A queue reason, not a finding about the record: it stays out of record.flags,
            # so the processing system never sees it and confirming clears it.
            codes = (*codes, REVIEW_POLICY)
        stage = "needs_review" if codes else "normalized"
        events = [NewEvent("NORMALIZED", "normalizer", intake.stage, stage)]
        if codes:
            events.append(NewEvent("FLAGGED", "screening", None, None, ",".join(codes)))
        # What still needs a person goes to the processing system only once reviewed.
        deliveries = list(self.destinations) if stage == "normalized" else []
        if deliveries:
            events.append(NewEvent("QUEUED", "forwarder", stage, stage, "outbox"))
        return JobOutcome(
            stage=stage,
            status="processing",
            record=msgspec.json.encode(record),
            flags=codes,
            events=events,
            deliveries=deliveries,
            match_keys=keys,
            deadlines=[NewDeadline(d.kind.value, d.starts, d.due) for d in record.deadlines],
        )


def _original(o: StoredOriginal) -> Original:
    return Original(
        sha256=o.sha256,
        media_type=o.media_type,
        size=o.size,
        role=o.role,  # type: ignore[arg-type]
        filename=o.filename,
    )
