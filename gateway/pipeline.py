"""The jobs between stages: extract text (per channel), then normalize and screen.

received --extract:<channel>--> text_extracted --normalize--> normalized | needs_review
                                                              (+ outbox rows when forwarding)
Heavy work runs on a thread pool; the event loop only awaits it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import msgspec

from channels.contract import Extractor
from gateway.blind import record_keys, repeat_keys
from gateway.decisions import TriageDoc, auto_decision, suggestion_doc
from gateway.originals import Originals
from gateway.routing import Triage
from gateway.storage import (
    SHANGHAI,
    Job,
    JobOutcome,
    NewDeadline,
    NewEvent,
    StatRow,
    Store,
    StoredIntake,
    StoredOriginal,
)
from gateway.workers import Handler, PermanentFailure
from normalizer.normalize import NormalizeContext, normalize
from normalizer.record import (
    ComplaintRecord,
    DeadlineKind,
    ExtractedText,
    LetterIntake,
    Original,
    PhoneIntake,
    RawIntake,
    channel_of,
)
from normalizer.repeats import repeat_flag
from normalizer.statistics import beijing_day
from normalizer.triage import (
    Organ,
    TriageSuggestion,
    facts_from_record,
    sealed_suggestion,
    suggest,
)
from normalizer.workdays import WorkCalendar

__all__ = ["NEEDS_DECISION", "REVIEW_POLICY", "Pipeline", "first_job"]

TEXT_CHANNELS = frozenset({"web", "visit"})  # their text is typed, nothing to extract


def first_job(raw: RawIntake) -> str:
    """Typed channels and items sealed at the intake point need nothing read first."""
    channel = channel_of(raw).value
    if channel in TEXT_CHANNELS or getattr(raw, "sealed", None) is not None:
        return "normalize"
    return f"extract:{channel}"


REVIEW_POLICY = "review_policy"
# A queue reason: the suggestion is not one the system takes alone (not R7, or approval).
NEEDS_DECISION = "needs_decision"


def _physical_id(raw: RawIntake) -> str | None:
    """What identifies the physical item or the call, for the cover sheet."""
    if isinstance(raw, LetterIntake):
        return raw.barcode
    if isinstance(raw, PhoneIntake):
        return raw.call_id
    return None


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
    # Channels a person always reviews before hand-over (setting review_before_forwarding).
    review_channels: frozenset[str] = frozenset()
    # Keys a blind index of complainant and accused facts, for finding repeats.
    match_secret: bytes = b""
    # 研判: the system's suggestion for every record, its own decision where nobody is needed
    # (``auto_route``), and the sealed path (issue 12).
    triage: Triage | None = None
    auto_route: bool = True
    sealed_keep: timedelta = timedelta(days=30)

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
            mark = getattr(raw, "sealed", None)
            if mark is not None:  # marked at the intake point: nothing is read at all
                return await self._sealed(intake, raw, mark, None)
            data = [await self.originals.read(o.sha256) for o in intake.originals]
            loop = asyncio.get_running_loop()
            text = await loop.run_in_executor(
                self.executor,
                extractor.extract,
                raw,
                [(_original(o), d) for o, d in zip(intake.originals, data, strict=True)],
            )
            # Triage while the text is only in memory: a report the suggestion seals (R1, R2)
            # must not have its text stored (§5.3).
            record = await self._record(intake, raw, text)
            suggestion = await self._suggest(record)
            if suggestion is not None and suggestion[0].sealed:
                return await self._sealed(intake, raw, "suggested", suggestion[0])
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

    async def _record(
        self, intake: StoredIntake, raw: RawIntake, text: ExtractedText | None
    ) -> ComplaintRecord:
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
        return await loop.run_in_executor(self.executor, normalize, raw, text, ctx)

    async def _suggest(self, record: ComplaintRecord) -> tuple[TriageSuggestion, Organ] | None:
        if self.triage is None:
            return None
        organ, _ = await self.triage.organ()
        return suggest(facts_from_record(record), organ), organ

    async def _sealed(
        self,
        intake: StoredIntake,
        raw: RawIntake,
        mark: str,
        suggestion: TriageSuggestion | None,
    ) -> JobOutcome:
        """The sealed item (§5.3): codes of the suggestion, the physical item's id, the
        deadline; the text, record and match keys are never written. The raw input and the
        originals stay encrypted until ``sealed_keep`` has passed, then are destroyed."""
        if suggestion is None:
            organ = (await self.triage.organ())[0] if self.triage else None
            suggestion = sealed_suggestion(mark, organ) if organ else None
        doc = TriageDoc(
            suggestion=suggestion_doc(suggestion, sealed=True) if suggestion else None,
            sealed_mark=mark,
            physical_id=_physical_id(raw),
        )
        deadlines = []
        received = intake.received_at.astimezone(SHANGHAI).date()
        if suggestion is not None and any(i.rule.value == "R2" for i in suggestion.items):
            due = self.calendar.add(received, 5)
            deadlines.append(NewDeadline(DeadlineKind.UP_REPORT.value, received, due))
        stage = "needs_review"
        return JobOutcome(
            stage=stage,
            status="processing",
            events=[
                NewEvent("NORMALIZED", "normalizer", intake.stage, stage, "sealed"),
                NewEvent("FLAGGED", "screening", None, None, "sealed"),
            ],
            flags=("sealed",),
            sealed=msgspec.json.encode(doc),
            stats=StatRow(day=beijing_day(intake.received_at), channel=intake.channel),
            purge_after=datetime.now(UTC) + self.sealed_keep,
            deadlines=deadlines,
        )

    async def normalize(self, job: Job) -> JobOutcome:
        intake = await self._load(job)
        raw = msgspec.json.decode(intake.raw, type=RawIntake)
        mark = getattr(raw, "sealed", None)
        if mark is not None:
            return await self._sealed(intake, raw, mark, None)
        text = (
            msgspec.json.decode(intake.extracted, type=ExtractedText) if intake.extracted else None
        )
        record = await self._record(intake, raw, text)
        keys = record_keys(self.match_secret, record)
        earlier = await self.store.find_matches(
            repeat_keys(self.match_secret, record), exclude=intake.id
        )
        repeat = repeat_flag(record, earlier)
        if repeat is not None:
            record = msgspec.structs.replace(record, flags=[*record.flags, repeat])
        suggested = await self._suggest(record)
        if suggested is not None and suggested[0].sealed:
            return await self._sealed(intake, raw, "suggested", suggested[0])
        codes = tuple(f.code for f in record.flags)
        if intake.channel in self.review_channels:
            # A queue reason, not a finding about the record: it stays out of record.flags,
            # so the processing system never sees it and a decision clears it.
            codes = (*codes, REVIEW_POLICY)
        auto = (
            auto_decision(suggested[0])
            if suggested is not None and self.auto_route and not codes
            else None
        )
        if suggested is not None and auto is None and not codes:
            codes = (NEEDS_DECISION,)  # the suggestion needs an official (R1–R6, approval)
        stage = "needs_review" if codes or auto is None else "normalized"
        events = [NewEvent("NORMALIZED", "normalizer", intake.stage, stage)]
        if codes:
            events.append(NewEvent("FLAGGED", "screening", None, None, ",".join(codes)))
        decision = None
        if auto is not None and suggested is not None and self.triage is not None:
            decided = replace(intake, stage=stage, record=msgspec.json.encode(record))
            decision = await self.triage.plan(decided, record, suggested[0], auto, "system")
        return JobOutcome(
            stage=stage,
            status="processing",
            record=msgspec.json.encode(record),
            flags=codes,
            events=events,
            match_keys=keys,
            deadlines=[NewDeadline(d.kind.value, d.starts, d.due) for d in record.deadlines],
            decision=decision,
            # The system's own decision carries the row already (written with the decision).
            stats=(
                await self.triage.stat_row(record, suggested[0].classification.value.value)
                if self.triage is not None
                and suggested is not None
                and (decision is None or decision.stats is None)
                else None
            ),
        )


def _original(o: StoredOriginal) -> Original:
    return Original(
        sha256=o.sha256,
        media_type=o.media_type,
        size=o.size,
        role=o.role,  # type: ignore[arg-type]
        filename=o.filename,
    )
