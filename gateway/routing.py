"""The 研判 service: suggestions, decisions, approvals and sent letters for one record, and
their JSON API (``/api/v1/records/{key}/decision``, ``…/approval``, ``…/deliveries/{id}/sent``).

Pages (gateway.review's panel, gateway.ledger) and the pipeline's own decisions come through
``Triage`` too, so a staff form, an API client and the system decide alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import msgspec
from aiohttp import web

from gateway.auth import Role, principal_of
from gateway.decisions import (
    ApprovalInput,
    Context,
    DecisionInput,
    OrganSettings,
    TriageDoc,
    build_organ,
    plan_approval,
    plan_decision,
    suggestion_doc,
    triage_view,
)
from gateway.keyissues import Statistics
from gateway.originals import Originals
from gateway.problems import decode_json
from gateway.records import find_visible
from gateway.storage import (
    SHANGHAI,
    Decision,
    OrganRow,
    StaleRecord,
    StatRow,
    Store,
    StoredIntake,
)
from normalizer.errors import Conflict, NotFound
from normalizer.record import ComplaintRecord
from normalizer.triage import Organ, TriageSuggestion, facts_from_record, sealed_suggestion, suggest
from normalizer.workdays import WorkCalendar

__all__ = ["Triage", "purge_sealed", "routing_routes"]

_STALE = Conflict(
    "record_changed",
    "您打开后此件已被他人更新，请刷新后重新研判。",
    "The record changed since it was read; reload and decide again.",
)


@dataclass
class Triage:
    store: Store
    own: OrganSettings
    calendar: WorkCalendar
    case_mgmt_endpoint: bool = False
    processing_endpoint: bool = False
    statistics: Statistics | None = None

    async def stat_row(self, record: ComplaintRecord, classification: str | None) -> StatRow | None:
        """The statistics row of a record as it is now written (None: statistics off)."""
        if self.statistics is None:
            return None
        return await self.statistics.row(record, classification)

    async def organ(self) -> tuple[Organ, list[OrganRow]]:
        registry = await self.store.organs()
        return build_organ(self.own, registry), registry

    def suggestion(
        self,
        intake: StoredIntake,
        record: ComplaintRecord | None,
        doc: TriageDoc | None,
        organ: Organ,
    ) -> TriageSuggestion:
        if record is None:  # sealed: from the mark, the record was never kept
            mark = doc.sealed_mark if doc and doc.sealed_mark else "higher_level"
            return sealed_suggestion(mark if mark != "suggested" else _mark_of(doc), organ)
        return suggest(facts_from_record(record), organ)

    async def doc(self, intake_id: str) -> TriageDoc | None:
        raw = await self.store.triage_of(intake_id)
        return msgspec.json.decode(raw, type=TriageDoc) if raw else None

    def context(self, intake: StoredIntake, registry: list[OrganRow], actor: str) -> Context:
        return Context(
            registry=registry,
            calendar=self.calendar,
            case_mgmt_endpoint=self.case_mgmt_endpoint,
            processing_endpoint=self.processing_endpoint,
            actor=actor,
            now=datetime.now(UTC),
            received=intake.received_at.astimezone(SHANGHAI).date(),
        )

    async def plan(
        self,
        intake: StoredIntake,
        record: ComplaintRecord | None,
        suggestion: TriageSuggestion | None,
        decision: DecisionInput,
        actor: str,
        *,
        expect_rev: int | None = None,
    ) -> Decision:
        """The decision's writes, without writing (the pipeline adds them to its job)."""
        organ, registry = await self.organ()
        doc = await self.doc(intake.id) or TriageDoc()
        if suggestion is None:
            suggestion = self.suggestion(intake, record, doc, organ)
        plan, _ = plan_decision(
            intake,
            record,
            suggestion,
            decision,
            doc,
            self.context(intake, registry, actor),
            expect_rev=expect_rev,
        )
        if plan.record is not None:  # the corrected record: its statistics follow it
            updated = msgspec.json.decode(plan.record, type=ComplaintRecord)
            plan = replace(plan, stats=await self.stat_row(updated, plan.classification))
        return plan

    async def decide(
        self,
        intake: StoredIntake,
        decision: DecisionInput,
        actor: str,
        *,
        expect_rev: int | None = None,
    ) -> None:
        record = msgspec.json.decode(intake.record, type=ComplaintRecord) if intake.record else None
        if record is None and not intake.sealed:
            raise Conflict(
                "not_ready", "本件尚未完成识别与规范化，暂不能研判。", "Not normalized yet."
            )
        plan = await self.plan(intake, record, None, decision, actor, expect_rev=expect_rev)
        try:
            await self.store.decide(intake.id, plan)
        except StaleRecord:
            raise _STALE from None

    async def approve(self, intake: StoredIntake, approval: ApprovalInput, actor: str) -> None:
        _, registry = await self.organ()
        doc = await self.doc(intake.id) or TriageDoc()
        items = await self.store.routing_items(intake.id)
        plan, _ = plan_approval(intake, items, approval, doc, self.context(intake, registry, actor))
        await self.store.decide(intake.id, plan)

    async def mark_sent(self, intake: StoredIntake, delivery_id: str, actor: str) -> None:
        if not await self.store.mark_sent(intake.id, delivery_id, actor):
            raise NotFound(
                "delivery_not_found",
                "未找到待送出的该件函件，或已标记为送出。",
                "No printed delivery of this id waits to be sent.",
            )

    async def view(self, intake: StoredIntake) -> dict[str, object]:
        """``record.triage``: the suggestion (live until a decision keeps it), the decision's
        routing items, the approvals."""
        doc = await self.doc(intake.id)
        if (doc is None or doc.suggestion is None) and intake.record is not None:
            record = msgspec.json.decode(intake.record, type=ComplaintRecord)
            organ, _ = await self.organ()
            live = suggestion_doc(suggest(facts_from_record(record), organ))
            doc = msgspec.structs.replace(doc or TriageDoc(), suggestion=live)
        items = await self.store.routing_items(intake.id)
        return triage_view(doc, items, intake.classification)


async def purge_sealed(store: Store, originals: Originals) -> int:
    """Destroy the kept raw input and originals of the sealed items whose keeping time is over
    (setting ``sealed_keep_days``), each with its event; returns how many items."""
    purged = await store.purge_sealed()
    for _, digests in purged:
        await originals.destroy(digests)
    return len(purged)


def _mark_of(doc: TriageDoc | None) -> str:
    """A sealed item the normalizer suggested: R1 if its suggestion said so."""
    rules = {i.rule for i in doc.suggestion.items} if doc and doc.suggestion else set()
    return "principal_leader" if "R1" in rules else "higher_level"


def routing_routes(triage: Triage) -> list[web.RouteDef]:
    store = triage.store

    async def decide(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        if intake.sealed and principal_of(request).role != Role.HEAD:
            raise NotFound("record_not_found", "未找到该件。", "No such record.")
        decision = decode_json(await request.read(), DecisionInput)
        await triage.decide(intake, decision, principal_of(request).actor)
        return await _answer(intake.id)

    async def approve(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        approval = decode_json(await request.read(), ApprovalInput)
        await triage.approve(intake, approval, principal_of(request).actor)
        return await _answer(intake.id)

    async def sent(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        await triage.mark_sent(intake, request.match_info["delivery"], principal_of(request).actor)
        return await _answer(intake.id)

    async def _answer(intake_id: str) -> web.Response:
        intake = await store.load(intake_id)
        assert intake is not None
        body = {
            "intake_no": intake.intake_no,
            "stage": intake.stage,
            "triage": await triage.view(intake),
        }
        return web.json_response(body)

    return [
        web.post("/api/v1/records/{key}/decision", decide, name="routing.decide"),
        web.post("/api/v1/records/{key}/approval", approve, name="routing.approve"),
        web.post("/api/v1/records/{key}/deliveries/{delivery}/sent", sent, name="routing.sent"),
    ]
