"""The record's state machine: every allowed transition, a sample of forbidden ones, the
callback checks of issue 12 item 2 (domain.md §5.1 Art. 14, 17; §9.4)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from normalizer.errors import Conflict, InvalidInput
from normalizer.stages import (
    ANNOTATIONS,
    CALLBACKS,
    DELIVERIES,
    EVENT_LABELS,
    HANDED_OVER,
    STAGE_LABELS,
    TRANSITIONS,
    EventType,
    Recipient,
    Stage,
    check,
    targets,
)

S, E = Stage, EventType
ALLOWED = sorted((f, e, t) for (f, e), ts in TRANSITIONS.items() for t in ts)


@pytest.mark.parametrize(
    ("start", "event", "end"), ALLOWED, ids=[f"{f}-{e}-{t}" for f, e, t in ALLOWED]
)
def test_every_allowed_transition(start: Stage, event: EventType, end: Stage) -> None:
    if event in CALLBACKS:
        assert start in HANDED_OVER
    assert check(start, event, end) == end


FORBIDDEN = [
    pytest.param(S.CONCLUDED, E.ACCEPTED, id="concluded-back-to-accepted"),
    pytest.param(S.CONCLUDED, E.COMPLETED, id="concluded-twice"),
    pytest.param(S.CONCLUDED, E.RETURNED, id="concluded-returned"),
    pytest.param(S.TRANSFERRED, E.ACCEPTED, id="transferred-accepted"),
    pytest.param(S.ACCEPTED, E.ACCEPTED, id="accepted-twice"),
    pytest.param(S.RETURNED, E.COMPLETED, id="returned-then-concluded"),
    pytest.param(S.TEXT_EXTRACTED, E.DECIDED, id="decided-before-normalized"),
    pytest.param(S.NEEDS_REVIEW, E.YISONG_INTERNAL, id="yisong-without-decision"),
    pytest.param(S.AWAITING_APPROVAL, E.BAOSONG_UP, id="baosong-without-approval"),
    pytest.param(S.DECIDED, E.APPROVED, id="approved-without-request"),
    pytest.param(S.FILED, E.YISONG_INTERNAL, id="filed-then-yisong"),
    pytest.param(S.JINGSONG, E.DELIVERED, id="jingsong-into-outbox"),
    pytest.param(S.DEAD_LETTER, E.DELIVERED, id="dead-letter-delivered"),
    pytest.param(S.OTHER_FLOW, E.DECIDED, id="other-flow-redecided"),
]


@pytest.mark.parametrize(("start", "event"), FORBIDDEN)
def test_forbidden_transitions(start: Stage, event: EventType) -> None:
    with pytest.raises(Conflict) as err:
        check(start, event)
    assert err.value.code in {"transition_not_allowed", "not_handed_over"}
    assert err.value.status == 409
    assert STAGE_LABELS[start] in err.value.message_zh


def test_a_sealed_item_decided_at_intake_always_awaits_approval() -> None:
    """R1/R2 need the 分管领导 (issue 12 item 4): no direct path from 已接收 to 已研判待送出."""
    with pytest.raises(Conflict):
        check(S.RECEIVED, E.DECIDED, S.DECIDED)


def test_a_concluded_record_cannot_go_back_to_accepted() -> None:
    with pytest.raises(Conflict) as err:
        check(S.CONCLUDED, E.ACCEPTED)
    assert err.value.code == "transition_not_allowed"
    assert "已办结" in err.value.message_zh


NEVER_HANDED_OVER = [s for s in Stage if s not in HANDED_OVER]


@pytest.mark.parametrize("stage", NEVER_HANDED_OVER, ids=str)
@pytest.mark.parametrize("event", sorted(CALLBACKS), ids=str)
def test_callback_for_a_record_never_handed_over(stage: Stage, event: EventType) -> None:
    with pytest.raises(Conflict) as err:
        check(stage, event)
    assert err.value.code == "not_handed_over"


RECEIVED_AT = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, 30 Nov


@pytest.mark.parametrize(
    "at",
    [
        pytest.param(date(2026, 11, 29), id="day-before"),
        pytest.param(datetime(2026, 11, 30, 0, 59, tzinfo=UTC), id="minute-before"),
    ],
)
def test_callback_before_receipt_is_refused(at: date | datetime) -> None:
    with pytest.raises(InvalidInput) as err:
        check(S.DELIVERED, E.ACCEPTED, at=at, received_at=RECEIVED_AT)
    assert err.value.code == "event_before_receipt"
    assert err.value.field == "$.at"


@pytest.mark.parametrize(
    "at",
    [
        pytest.param(date(2026, 11, 30), id="same-day"),
        pytest.param(datetime(2026, 11, 30, 1, 0, tzinfo=UTC), id="same-instant"),
        pytest.param(date(2026, 12, 1), id="day-after"),
    ],
)
def test_callback_on_or_after_receipt(at: date | datetime) -> None:
    assert check(S.DELIVERED, E.ACCEPTED, at=at, received_at=RECEIVED_AT) == S.ACCEPTED


def test_receipt_day_is_the_shanghai_day() -> None:
    """Received 23:30 UTC on 29 Nov is 30 Nov in Shanghai: a callback dated 29 Nov is early."""
    late = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        check(S.DELIVERED, E.ACCEPTED, at=date(2026, 11, 29), received_at=late)


def test_several_targets_need_a_choice() -> None:
    with pytest.raises(ValueError, match="pass to="):
        check(S.RECEIVED, E.NORMALIZED)
    assert check(S.RECEIVED, E.NORMALIZED, S.NEEDS_REVIEW) == S.NEEDS_REVIEW
    with pytest.raises(Conflict):
        check(S.RECEIVED, E.NORMALIZED, S.DELIVERED)


@pytest.mark.parametrize(
    ("stage", "event"),
    [
        pytest.param(S.CONCLUDED, E.RESULT_FEEDBACK_SENT, id="feedback-after-conclusion"),
        pytest.param(S.NEEDS_REVIEW, E.FLAG_DISMISSED, id="flag-dismissed-in-review"),
        pytest.param(S.DELIVERED, E.CASE_MGMT_NOTIFIED, id="case-mgmt-notified"),
        pytest.param(S.BAOSONG, E.SEALED_ORIGINALS_DESTROYED, id="sealed-originals-destroyed"),
        pytest.param(S.CONCLUDED, E.IDENTITY_VIEWED, id="identity-viewed"),
    ],
)
def test_annotations_keep_the_stage(stage: Stage, event: EventType) -> None:
    assert check(stage, event) == stage


@pytest.mark.parametrize(
    ("stage", "event"),
    [
        pytest.param(S.ACCEPTED, E.RESULT_FEEDBACK_SENT, id="feedback-before-conclusion"),
        pytest.param(S.DELIVERED, E.FLAG_DISMISSED, id="flag-dismissed-after-delivery"),
        pytest.param(S.CONCLUDED, E.FIELD_CORRECTED, id="correction-after-conclusion"),
    ],
)
def test_annotations_out_of_place(stage: Stage, event: EventType) -> None:
    with pytest.raises(Conflict):
        check(stage, event)


def test_the_stage_strings_the_gateway_stores_today() -> None:
    for value in (
        "received",
        "text_extracted",
        "normalized",
        "needs_review",
        "queued",
        "delivered",
        "dead_letter",
    ):
        assert Stage(value).value == value
    for value in ("accepted", "returned", "transferred", "concluded"):  # the status column
        assert Stage(value).value == value


def test_every_stage_and_event_has_a_chinese_label_and_no_english() -> None:
    assert set(STAGE_LABELS) == set(Stage)
    assert set(EVENT_LABELS) == set(EventType)
    for label in [*STAGE_LABELS.values(), *EVENT_LABELS.values()]:
        assert label and not any("a" <= ch.lower() <= "z" for ch in label)


def test_delivery_to_the_supervision_department_is_yisong_not_zhuansong() -> None:
    assert STAGE_LABELS[S.DELIVERED] == "已移送"
    assert EVENT_LABELS[E.DELIVERED] == "已移送"
    assert "移送" in EVENT_LABELS[E.YISONG_INTERNAL]
    assert all("转送" not in label for label in (STAGE_LABELS[S.DELIVERED], STAGE_LABELS[S.QUEUED]))


def test_every_stage_is_reachable_from_received() -> None:
    seen, todo = {S.RECEIVED}, [S.RECEIVED]
    while todo:
        stage = todo.pop()
        for event in EventType:
            for nxt in targets(stage, event):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    assert seen == set(Stage)


def test_what_the_transitions_deliver() -> None:
    yisong = DELIVERIES[E.YISONG_INTERNAL]
    assert [(d.to, d.content) for d in yisong] == [
        (Recipient.SUPERVISION_DEPT, "record"),
        (Recipient.CASE_MGMT, "notice"),
    ]
    assert [d.to for d in DELIVERIES[E.BAOSONG_UP]] == [
        Recipient.OWN_PRINCIPAL_LEADER,
        Recipient.HIGHER_PETITION_DEPT,
    ]
    # R1: the principal leader is the accused, so nothing goes to them.
    assert [d.to for d in DELIVERIES[E.JINGSONG_UP]] == [Recipient.HIGHER_PETITION_DEPT]
    for event in (E.JINGSONG_UP, E.BAOSONG_UP):
        assert all(d.sealed and d.content == "cover_sheet" for d in DELIVERIES[event])
    assert not any(
        d.content == "record" for e, ds in DELIVERIES.items() for d in ds if e != E.YISONG_INTERNAL
    )


def test_annotation_table_names_only_existing_stages() -> None:
    for event, stages in ANNOTATIONS.items():
        assert stages <= set(Stage), event


GATEWAY_EVENTS_TODAY = [
    "RECEIVED",
    "TEXT_EXTRACTED",
    "NORMALIZED",
    "FLAGGED",
    "QUEUED",
    "DELIVERED",
    "DELIVERY_FAILED",
    "DELIVERY_PARKED",
    "DELIVERY_DEAD",
    "DELIVERY_RESENT",
    "DEAD_LETTERED",
    "JOB_FAILED",
    "REPLAYED",
    "REVIEWED",
    "FIELD_CORRECTED",
    "IDENTITY_VIEWED",
    "REAL_NAME_CONFIRMED",
    "REAL_NAME_VERIFICATION_ATTEMPTED",
    "COMPLAINANT_INFORMED",
    "ACCEPTED",
    "RETURNED",
    "TRANSFERRED",
    "COMPLETED",
    "RESULT_FEEDBACK_SENT",
]


def test_every_event_type_the_gateway_writes_today() -> None:
    for name in GATEWAY_EVENTS_TODAY:
        assert EventType(name).value == name


# (event, from, to) as gateway/pipeline.py, review.py, storage/outbox.py, jobs.py and
# callbacks.py write them today; None = an annotation that keeps the stage.
LEGACY = {
    "web-clean": [
        (E.NORMALIZED, S.RECEIVED, S.NORMALIZED),
        (E.QUEUED, S.NORMALIZED, S.NORMALIZED),
        (E.DELIVERED, S.NORMALIZED, S.DELIVERED),
        (E.ACCEPTED, S.DELIVERED, S.ACCEPTED),
        (E.COMPLETED, S.ACCEPTED, S.CONCLUDED),
        (E.RESULT_FEEDBACK_SENT, S.CONCLUDED, None),
    ],
    "letter-reviewed": [
        (E.TEXT_EXTRACTED, S.RECEIVED, S.TEXT_EXTRACTED),
        (E.NORMALIZED, S.TEXT_EXTRACTED, S.NEEDS_REVIEW),
        (E.FLAGGED, S.NEEDS_REVIEW, None),
        (E.FIELD_CORRECTED, S.NEEDS_REVIEW, None),
        (E.REVIEWED, S.NEEDS_REVIEW, S.NORMALIZED),
        (E.DELIVERED, S.NORMALIZED, S.DELIVERED),
        (E.RETURNED, S.DELIVERED, S.RETURNED),
    ],
    "impersonation-after-delivery": [
        (E.NORMALIZED, S.RECEIVED, S.NORMALIZED),
        (E.DELIVERED, S.NORMALIZED, S.DELIVERED),
        (E.FLAGGED, S.DELIVERED, S.NEEDS_REVIEW),
        (E.DELIVERED, S.NEEDS_REVIEW, None),
    ],
    "dead-letter-replayed": [
        (E.JOB_FAILED, S.RECEIVED, None),
        (E.DEAD_LETTERED, S.RECEIVED, S.DEAD_LETTER),
        (E.REPLAYED, S.DEAD_LETTER, S.RECEIVED),
        (E.TEXT_EXTRACTED, S.RECEIVED, S.TEXT_EXTRACTED),
    ],
    "desk-out-of-scope": [
        (E.COMPLAINANT_INFORMED, S.RECEIVED, None),
        (E.NORMALIZED, S.RECEIVED, S.NEEDS_REVIEW),
    ],
    "delivery-retried": [
        (E.NORMALIZED, S.RECEIVED, S.NORMALIZED),
        (E.DELIVERY_FAILED, S.NORMALIZED, None),
        (E.DELIVERY_PARKED, S.NORMALIZED, None),
        (E.DELIVERY_RESENT, S.NORMALIZED, None),
        (E.DELIVERED, S.NORMALIZED, S.DELIVERED),
    ],
}


@pytest.mark.parametrize("steps", LEGACY.values(), ids=LEGACY.keys())
def test_what_the_gateway_does_today_is_allowed(
    steps: list[tuple[EventType, Stage, Stage | None]],
) -> None:
    stage = S.RECEIVED
    for event, start, end in steps:
        assert stage == start
        stage = check(start, event, end)
        assert stage == (end or start)
