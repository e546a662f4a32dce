"""Status by query code: what a reporter may learn, and nothing more.

A reply carries the status in plain Chinese, the day of receipt and, later, the feedback text
the processing system sends. It never carries the report's content or any handler's name
(domain.md §7.1, §11.2 item 6): the lookup reads only the status fields it shows.

The gateway hands in a ``StatusSource`` (its store satisfies it structurally) and the query-code
hasher; the feedback text arrives through the ``FeedbackText`` hook, which the callback work
wires once feedback is stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = [
    "FeedbackText",
    "PublicStatus",
    "StatusLookup",
    "StatusSource",
    "public_status_zh",
]

# intakes.status -> what the public sees. Unknown or internal states read as "being processed"
# so that no internal name ever reaches the public.
_STATUS_ZH: dict[str, str] = {
    "received": "已收到，等待处理",
    "processing": "正在处理",
    "queued": "正在处理",
    "delivered": "正在处理",
    "accepted": "已受理",
    "transferred": "已转交有关部门办理",
    "returned": "正在处理",
    "concluded": "已办结",
    "completed": "已办结",
}


def public_status_zh(status: str) -> str:
    return _STATUS_ZH.get(status, "正在处理")


class _Stored(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def received_at(self) -> datetime: ...


class StatusSource(Protocol):
    async def lookup_query_code(self, code_hash: bytes) -> str | None: ...
    async def load(self, intake_id: str) -> _Stored | None: ...


# Hook: intake id -> feedback text for the reporter, or None. Wired by the callback work.
FeedbackText = Callable[[str], Awaitable[str | None]]


@dataclass(frozen=True)
class PublicStatus:
    status: str  # the stored code (received, processing, accepted, ...)
    status_zh: str
    received_at: datetime
    feedback: str | None = None


class StatusLookup:
    def __init__(
        self,
        source: StatusSource,
        digest: Callable[[str], bytes | None],
        feedback_text: FeedbackText | None = None,
    ) -> None:
        self._source = source
        self._digest = digest
        self._feedback_text = feedback_text

    async def __call__(self, code: str) -> PublicStatus | None:
        """None for any code that is malformed or unknown: the two are not told apart."""
        code_hash = self._digest(code[:64])
        if code_hash is None:
            return None
        intake_id = await self._source.lookup_query_code(code_hash)
        if intake_id is None:
            return None
        stored = await self._source.load(intake_id)
        if stored is None:
            return None
        feedback = await self._feedback_text(intake_id) if self._feedback_text else None
        return PublicStatus(
            status=stored.status,
            status_zh=public_status_zh(stored.status),
            received_at=stored.received_at,
            feedback=feedback,
        )
