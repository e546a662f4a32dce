"""The real-name state machine of domain.md §6.4 as pure functions (no I/O, no clock).

A reviewer's call-back or face-to-face check is a ``Verification``; ``transition`` says where
it moves the record's real-name state, and ``apply_verification`` returns the updated record:
the verification appended to the trail, the acceptance-notice deadline (D5, 15 working days
from receipt) added when a confirmation makes a report real-name that had none, and a review
flag when the person named denies having reported (the content is then treated as anonymous).
"""

from __future__ import annotations

from datetime import date

import msgspec

from normalizer.errors import InvalidInput
from normalizer.record import (
    ComplaintRecord,
    Deadline,
    DeadlineKind,
    Flag,
    IdentityClaim,
    Verification,
)
from normalizer.workdays import WorkCalendar

__all__ = [
    "ACCEPTANCE_NOTICE_DAYS",
    "METHOD_LABELS",
    "RESULT_LABELS",
    "STATE_LABELS",
    "apply_verification",
    "claim_after_correction",
    "transition",
]

ACCEPTANCE_NOTICE_DAYS = 15

STATE_LABELS = {
    IdentityClaim.ANONYMOUS: "匿名",
    IdentityClaim.SIGNED_UNVERIFIED: "署名（未核实）",
    IdentityClaim.REAL_NAME_CONFIRMED: "实名（已核实）",
    IdentityClaim.VERIFICATION_INCOMPLETE: "核实未完成",
    IdentityClaim.IMPERSONATION_SUSPECTED: "疑似冒名",
}
METHOD_LABELS = {"PHONE": "电话回访", "FACE_TO_FACE": "当面核实", "OTHER": "其他方式"}
RESULT_LABELS = {
    "CONFIRMED": "联系上并确认系本人举报",
    "UNREACHABLE": "无法联系",
    "REFUSED": "身份相符但拒绝陈述举报内容",
    "DENIED": "本人否认曾举报",
}

_RESULT_STATE = {
    "CONFIRMED": IdentityClaim.REAL_NAME_CONFIRMED,
    "UNREACHABLE": IdentityClaim.VERIFICATION_INCOMPLETE,
    "REFUSED": IdentityClaim.VERIFICATION_INCOMPLETE,
    "DENIED": IdentityClaim.IMPERSONATION_SUSPECTED,
}
# Only a signed report, or one whose earlier check did not finish, can still be verified; a
# confirmed or impersonated report is settled, and an anonymous one names nobody to call.
_OPEN = frozenset({IdentityClaim.SIGNED_UNVERIFIED, IdentityClaim.VERIFICATION_INCOMPLETE})


def transition(state: IdentityClaim, result: str) -> IdentityClaim:
    """The state after a verification with ``result``; refuses a check that cannot apply."""
    if result not in _RESULT_STATE:
        raise InvalidInput(
            "verification_result_invalid",
            "核实结果无效。",
            f"Unknown result {result!r}.",
            field="result",
        )
    if state not in _OPEN:
        raise InvalidInput(
            "verification_not_applicable",
            f"该件实名状态为“{STATE_LABELS[state]}”，不能再登记核实结果。",
            f"A report in state {state} cannot be verified.",
            field="result",
        )
    return _RESULT_STATE[result]


def apply_verification(
    record: ComplaintRecord, verification: Verification, calendar: WorkCalendar, received: date
) -> ComplaintRecord:
    """The record after ``verification``; ``received`` is the receipt day in Asia/Shanghai."""
    state = transition(record.real_name.status, verification.result)
    real_name = msgspec.structs.replace(
        record.real_name,
        status=state,
        verifications=[*record.real_name.verifications, verification],
    )
    deadlines = list(record.deadlines)
    flags = list(record.flags)
    has_notice = any(d.kind == DeadlineKind.ACCEPTANCE_NOTICE for d in deadlines)
    if state == IdentityClaim.REAL_NAME_CONFIRMED and not has_notice:
        deadlines.append(
            Deadline(
                kind=DeadlineKind.ACCEPTANCE_NOTICE,
                starts=received,
                due=calendar.add(received, ACCEPTANCE_NOTICE_DAYS),
            )
        )
    if state == IdentityClaim.IMPERSONATION_SUSPECTED:
        # No acceptance notice to a person who did not report; the content stays and is
        # handled as anonymous, after a reviewer has looked at it.
        deadlines = [
            msgspec.structs.replace(d, state="NOT_APPLICABLE")
            if d.kind == DeadlineKind.ACCEPTANCE_NOTICE and d.state == "OPEN"
            else d
            for d in deadlines
        ]
        if not any(f.code == "impersonation_suspected" for f in flags):
            flags.append(
                Flag(code="impersonation_suspected", reason="署名人否认举报，疑似冒名，按匿名处理")
            )
    return msgspec.structs.replace(record, real_name=real_name, deadlines=deadlines, flags=flags)


def claim_after_correction(
    state: IdentityClaim, has_name: bool, has_contact: bool
) -> IdentityClaim:
    """A reviewer who reads a name and a contact in an 'anonymous' letter makes it signed;
    nothing else about the state changes without a verification."""
    if state == IdentityClaim.ANONYMOUS and has_name and has_contact:
        return IdentityClaim.SIGNED_UNVERIFIED
    return state
