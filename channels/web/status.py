"""Status by query code: what a reporter may learn, and nothing more.

A reply carries the status in plain Chinese, the day of each stage the reporter may know
(received; accepted, passed on or not accepted; told of the acceptance; concluded; result fed
back), in Beijing time, and later the feedback text the processing system sends. It never
carries the report's content, where inside the organ it went, or any handler's name
(domain.md §7.1, §11.2 item 6): the lookup reads only the status fields it shows and the type
and time of trajectory events, never their actors or reasons. A sealed item (§5.3) shows its
receipt only.

The gateway hands in a ``StatusSource`` (its store satisfies it structurally) and the query-code
hasher; the feedback text arrives through the ``FeedbackText`` hook, which the callback work
wires once feedback is stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from normalizer.stages import EventType

__all__ = [
    "PUBLIC_STAGES",
    "FeedbackText",
    "PublicStage",
    "PublicStatus",
    "StatusLookup",
    "StatusSource",
    "public_stages",
    "public_status_zh",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")

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


E = EventType
# The stages a reporter may know, in order; each row: code, what the reporter reads, and the
# events that date it (the first of them counts). The second stage says what became of the
# report without saying where inside the organ it went: one label per outcome, the first
# listed outcome that happened wins (a report accepted for one accused and passed on for
# another reads as accepted), dated by its first event.
PUBLIC_STAGES: tuple[tuple[str, tuple[tuple[str, frozenset[EventType]], ...]], ...] = (
    ("received", (("收到检举控告", frozenset({E.RECEIVED})),)),
    (
        "disposed",
        (
            ("已受理", frozenset({E.YISONG_INTERNAL, E.ACCEPTED})),
            (
                "已按管理权限转交有权机关办理",
                frozenset(
                    {
                        E.JINGSONG_UP,
                        E.BAOSONG_UP,
                        E.ZHUANSONG_DOWN,
                        E.JIAOBAN_DOWN,
                        E.TRANSFERRED_OTHER_ORGAN,
                        E.TRANSFERRED,
                    }
                ),
            ),
            (
                "不属本机关受理范围，不予受理",
                frozenset({E.COMPLAINANT_INFORMED, E.FORWARDED_OTHER_AUTHORITY}),
            ),
            ("已登记存档", frozenset({E.FILED_FOR_REFERENCE})),
            ("已转入其他程序办理", frozenset({E.REFERRED_OTHER_FLOW})),
        ),
    ),
    ("notice", (("已告知受理情况", frozenset({E.ACCEPTANCE_NOTICE_SENT})),)),
    ("concluded", (("已办结", frozenset({E.COMPLETED})),)),
    ("feedback", (("已反馈办理结果", frozenset({E.RESULT_FEEDBACK_SENT})),)),
)


@dataclass(frozen=True)
class PublicStage:
    code: str  # received | disposed | notice | concluded | feedback
    label: str
    on: date  # the day in Beijing time


# A report decided 无实质内容 is filed like a repeat, but the reporter was told 不予受理.
_NO_SUBSTANCE = "无实质内容"
_NOT_ACCEPTED_FILED = "经审查不予受理，已登记存档"
# Where the office's part ends without the 监督检查部门's callbacks: the stored status stays
# "processing", so the current status is read from the stage instead.
_ENDS_HERE = frozenset(
    {
        "已按管理权限转交有权机关办理",
        "不属本机关受理范围，不予受理",
        "已登记存档",
        _NOT_ACCEPTED_FILED,
        "已转入其他程序办理",
    }
)


def public_stages(
    received_at: datetime,
    events: Sequence[tuple[str, datetime]],
    *,
    sealed: bool = False,
    classification: str | None = None,
) -> tuple[PublicStage, ...]:
    """The stages reached, each with its day (Asia/Shanghai). Pure."""
    first: dict[str, datetime] = {}
    for kind, at in events:
        first.setdefault(kind, at)
    out = [
        PublicStage("received", PUBLIC_STAGES[0][1][0][0], received_at.astimezone(SHANGHAI).date())
    ]
    if sealed:  # where it went is all it has, and not the reporter's to read here
        return tuple(out)
    for code, outcomes in PUBLIC_STAGES[1:]:
        for label, kinds in outcomes:
            times = [first[e] for e in kinds if e in first]
            if times:
                if label == "已登记存档" and classification == _NO_SUBSTANCE:
                    label = _NOT_ACCEPTED_FILED
                out.append(PublicStage(code, label, min(times).astimezone(SHANGHAI).date()))
                break
    return tuple(out)


class _Stored(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def sealed(self) -> bool: ...
    @property
    def classification(self) -> str | None: ...


class StatusSource(Protocol):
    async def lookup_query_code(self, code_hash: bytes) -> str | None: ...
    async def load(self, intake_id: str) -> _Stored | None: ...
    async def event_times(self, intake_id: str) -> Sequence[tuple[str, datetime]]: ...


# Hook: intake id -> feedback text for the reporter, or None. Wired by the callback work.
FeedbackText = Callable[[str], Awaitable[str | None]]


@dataclass(frozen=True)
class PublicStatus:
    status: str  # the stored code (received, processing, accepted, ...)
    status_zh: str
    received_at: datetime
    feedback: str | None = None
    stages: tuple[PublicStage, ...] = ()


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
        stages = public_stages(
            stored.received_at,
            await self._source.event_times(intake_id),
            sealed=stored.sealed,
            classification=stored.classification,
        )
        status_zh = public_status_zh(stored.status)
        disposed = next((s for s in stages if s.code == "disposed"), None)
        if (
            disposed is not None
            and disposed.label in _ENDS_HERE
            and stored.status in ("received", "processing")
        ):
            status_zh = disposed.label
        return PublicStatus(
            status=stored.status,
            status_zh=status_zh,
            received_at=stored.received_at,
            feedback=feedback,
            stages=stages,
        )
