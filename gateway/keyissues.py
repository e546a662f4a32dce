"""重点问题目录 (the catalogue of key issues) and the statistics rows the gateway writes.

The catalogue is versioned: an administrator saves a whole new version (code, title, keywords
or ``re:`` rules, valid from/to); new items are tagged with the newest version as they are
normalized, and a background loop re-tags past items with it, batch by batch, its cursor in
the database so a restart resumes where it stopped. ``Statistics`` is what the pipeline, the
review save and the 研判 service call to turn a record into its statistics row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import msgspec

from gateway.storage import KeyIssue, StatRow, Store
from normalizer.record import ComplaintRecord
from normalizer.statistics import CountingRules, beijing_day, facts_of

__all__ = ["Statistics", "parse_catalogue", "tags_for"]

log = logging.getLogger(__name__)
_BATCH = 200


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

    async def row(
        self, record: ComplaintRecord, klass: str | None, origin: str = "self"
    ) -> StatRow:
        _, issues = await self.catalogue()
        tags = tags_for(record.content.text, beijing_day(record.received_at), issues)
        return facts_of(record, klass=klass, tags=tags, origin=origin, rules=self.rules)

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

    async def retag_loop(self, stop: asyncio.Event, idle_s: float = 30.0) -> None:
        """Re-tags in the background while a version is pending; idles otherwise."""
        while not stop.is_set():
            try:
                busy = await self.retag_once()
            except Exception:  # the loop must outlive a bad batch; it is retried
                log.exception("key-issue re-tagging failed; retrying")
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), idle_s)
