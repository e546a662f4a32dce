"""重点问题目录 (the catalogue of key issues) and the statistics rows the gateway writes.

The catalogue is versioned: an administrator saves a whole new version (code, title, keywords
or ``re:`` rules, valid from/to); new items are tagged with the newest version as they are
normalized, and a background loop re-tags past items with it, batch by batch, its cursor in
the database so a restart resumes where it stopped. ``Statistics`` is what the pipeline, the
review save and the 研判 service call to turn a record into its statistics row.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import msgspec

from gateway.storage import KeyIssue, StatRow, Store
from normalizer.record import ComplaintRecord
from normalizer.statistics import CountingRules, acceptance_of, beijing_day, facts_of
from normalizer.triage import facts_from_record, suggest_classification

__all__ = ["Statistics", "parse_catalogue", "tags_for"]

log = logging.getLogger(__name__)
_BATCH = 200
_UNDECIDED = frozenset({"awaiting_approval"})  # decided, waiting for the leader: not yet


def tags_for(text: str, day: str, issues: Sequence[KeyIssue]) -> list[str]:
    """Codes of the key issues whose keyword or rule occurs in the text, among those valid on
    the received day."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    found = []
    for issue in issues:
        if (issue.valid_from and day < issue.valid_from) or (
            issue.valid_to and day > issue.valid_to
        ):
            continue
        for k in issue.keywords:
            if k.startswith("re:"):
                hit = re.search(k[3:], text) is not None
            else:
                hit = unicodedata.normalize("NFKC", k) in text
            if hit:
                found.append(issue.code)
                break
    return found


def parse_catalogue(text: str) -> list[KeyIssue]:
    """The administrator's form: one issue per line, ``代码 | 名称 | 关键词;关键词 | 起 | 止``.

    Raises ValueError with a Chinese message naming the line."""
    issues: dict[str, KeyIssue] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3 or not parts[0] or not parts[1] or not parts[2]:
            raise ValueError(
                f"第 {n} 行格式不对：应为“代码 | 名称 | 关键词;关键词 | 起始日 | 截止日”。"
            )
        code, title, words = parts[0], parts[1], [w.strip() for w in parts[2].split(";")]
        words = [w for w in words if w]
        for w in words:
            if w.startswith("re:"):
                try:
                    re.compile(w[3:])
                except re.error:
                    raise ValueError(f"第 {n} 行的规则“{w}”不是有效的正则表达式。") from None
        dates = [*parts[3:5], "", ""][:2]
        for d in dates:
            if d and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", d):
                raise ValueError(f"第 {n} 行的日期“{d}”应写作 YYYY-MM-DD。")
        if code in issues:
            raise ValueError(f"第 {n} 行的代码“{code}”重复。")
        issues[code] = KeyIssue(code, title[:100], tuple(words), dates[0] or None, dates[1] or None)
    return list(issues.values())


@dataclass
class Statistics:
    """Statistics rows of records under the office's counting rules and current catalogue."""

    store: Store
    rules: CountingRules = field(default_factory=CountingRules)

    async def catalogue(self) -> tuple[int, list[KeyIssue]]:
        """The newest version and its issues (version 0: no catalogue yet). Read per record:
        two small queries, and a new version applies in every process at once."""
        versions = await self.store.catalogue_versions()
        if not versions:
            return 0, []
        v = versions[0].version
        return v, await self.store.catalogue(v)

    async def row(self, record: ComplaintRecord, klass: str | None) -> StatRow:
        _, issues = await self.catalogue()
        tags = tags_for(record.content.text, beijing_day(record.received_at), issues)
        return facts_of(record, klass=klass, tags=tags, rules=self.rules)

    async def rebuild(self, batch: int = _BATCH) -> int:
        """Every intake's statistics row from its record, routing items and outcome (after an
        upgrade from a version without statistics, or to check them); returns the count."""
        after, done = "", 0
        while ids := await self.store.intake_ids_after(after, batch):
            for intake_id in ids:
                if await self._rebuild_one(intake_id):
                    done += 1
            after = ids[-1]
        return done

    async def _rebuild_one(self, intake_id: str) -> bool:
        intake = await self.store.load(intake_id)
        if intake is None:
            return False
        day = beijing_day(intake.received_at)
        if intake.sealed:
            row = StatRow(day=day, channel=intake.channel)
        elif intake.record is not None:
            record = msgspec.json.decode(intake.record, type=ComplaintRecord)
            klass = intake.classification or (
                suggest_classification(facts_from_record(record)).value.value
            )
            row = await self.row(record, klass)
        else:
            return False  # not normalized yet: its normalizing step writes the row
        items = await self.store.routing_items(intake_id)
        outcome = await self.store.load_outcome(intake_id) or {}
        concluded = next(
            (at for kind, at in await self.store.event_times(intake_id) if kind == "COMPLETED"),
            None,
        )
        await self.store.rebuild_stat(
            intake_id,
            row,
            sealed=intake.sealed,
            acceptance=(
                acceptance_of(intake.classification, [a for i in items for a in i.actions])
                if items and intake.stage not in _UNDECIDED
                else None
            ),
            disposal=outcome.get("disposal"),
            concluded=concluded,
        )
        return True

    async def retag_once(self) -> bool:
        """One batch of the pending re-tagging; False when there is nothing to do."""
        pending = await self.store.retag_pending()
        if pending is None:
            return False
        version, after = pending
        issues = await self.store.catalogue(version)
        ids = await self.store.retag_batch(after, _BATCH)
        tags: dict[str, list[str]] = {}
        for intake_id in ids:
            intake = await self.store.load(intake_id)
            if intake is None or intake.record is None:
                continue
            record = msgspec.json.decode(intake.record, type=ComplaintRecord)
            tags[intake_id] = tags_for(record.content.text, beijing_day(record.received_at), issues)
        await self.store.retag(version, tags, ids[-1] if ids else after, done=len(ids) < _BATCH)
        return True

    async def retag_loop(
        self, stop: asyncio.Event, wake: asyncio.Event | None = None, idle_s: float = 60.0
    ) -> None:
        """Re-tags in the background while a version is pending; otherwise idles until a new
        version is saved (``wake``, set by the commit's notification) or ``idle_s`` passes."""
        wake = wake or asyncio.Event()
        while not stop.is_set():
            wake.clear()
            try:
                busy = await self.retag_once()
            except Exception:  # the loop must outlive a bad batch; it is retried
                log.exception("key-issue re-tagging failed; retrying")
                busy = False
            if not busy:
                stopping = asyncio.ensure_future(stop.wait())
                woken = asyncio.ensure_future(wake.wait())
                await asyncio.wait({stopping, woken}, timeout=idle_s, return_when="FIRST_COMPLETED")
                for f in (stopping, woken):
                    f.cancel()
