"""The real-name state machine (domain.md §6.4) and the working-day deadlines it starts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from normalizer.errors import InvalidInput
from normalizer.realname import apply_verification, claim_after_correction, transition
from normalizer.record import (
    Complainant,
    ComplaintRecord,
    Content,
    Deadline,
    DeadlineKind,
    IdentityClaim,
    Provenance,
    RealName,
    ReporterKind,
    Verification,
)
from normalizer.workdays import WorkCalendar, parse_holiday_file

S = IdentityClaim


@pytest.mark.parametrize(
    ("state", "result", "after"),
    [
        (S.SIGNED_UNVERIFIED, "CONFIRMED", S.REAL_NAME_CONFIRMED),
        (S.SIGNED_UNVERIFIED, "UNREACHABLE", S.VERIFICATION_INCOMPLETE),
        (S.SIGNED_UNVERIFIED, "REFUSED", S.VERIFICATION_INCOMPLETE),
        (S.SIGNED_UNVERIFIED, "DENIED", S.IMPERSONATION_SUSPECTED),
        (S.VERIFICATION_INCOMPLETE, "CONFIRMED", S.REAL_NAME_CONFIRMED),
        (S.VERIFICATION_INCOMPLETE, "UNREACHABLE", S.VERIFICATION_INCOMPLETE),
        (S.VERIFICATION_INCOMPLETE, "DENIED", S.IMPERSONATION_SUSPECTED),
        (S.ANONYMOUS, "CONFIRMED", None),
        (S.REAL_NAME_CONFIRMED, "DENIED", None),
        (S.IMPERSONATION_SUSPECTED, "CONFIRMED", None),
        (S.SIGNED_UNVERIFIED, "MAYBE", None),
    ],
    ids=[
        "confirmed",
        "unreachable",
        "refused",
        "denied",
        "retry-confirmed",
        "retry-unreachable",
        "retry-denied",
        "anonymous-has-nobody",
        "confirmed-is-settled",
        "impersonation-is-settled",
        "unknown-result",
    ],
)
def test_verification_moves_the_real_name_state(
    state: IdentityClaim, result: str, after: IdentityClaim | None
) -> None:
    if after is None:
        with pytest.raises(InvalidInput):
            transition(state, result)
    else:
        assert transition(state, result) == after


@pytest.mark.parametrize(
    ("state", "name", "contact", "after"),
    [
        (S.ANONYMOUS, True, True, S.SIGNED_UNVERIFIED),
        (S.ANONYMOUS, True, False, S.ANONYMOUS),
        (S.SIGNED_UNVERIFIED, False, False, S.SIGNED_UNVERIFIED),
        (S.REAL_NAME_CONFIRMED, True, True, S.REAL_NAME_CONFIRMED),
    ],
    ids=["name-and-contact", "name-only", "signed-stays", "confirmed-stays"],
)
def test_a_correction_can_only_make_an_anonymous_report_signed(
    state: IdentityClaim, name: bool, contact: bool, after: IdentityClaim
) -> None:
    assert claim_after_correction(state, name, contact) == after


def _record(state: IdentityClaim, deadlines: list[Deadline] | None = None) -> ComplaintRecord:
    return ComplaintRecord(
        record_id="r1",
        intake_no="X20250926000001",
        channel="letter",  # type: ignore[arg-type]
        received_at=datetime(2025, 9, 26, 2, 0, tzinfo=UTC),
        provenance=Provenance(source="upload"),
        complainant=Complainant(kind=ReporterKind.PERSON, name="张三"),
        content=Content(text="..."),
        real_name=RealName(status=state),
        deadlines=deadlines or [],
    )


def _check(result: str) -> Verification:
    return Verification(
        method="PHONE",
        result=result,  # type: ignore[arg-type]
        at=datetime(2025, 9, 29, tzinfo=UTC),
        staff="reviewer:li",
        note="回访",
    )


def test_confirming_a_report_without_a_deadline_adds_the_acceptance_notice_deadline() -> None:
    record = apply_verification(
        _record(S.SIGNED_UNVERIFIED), _check("CONFIRMED"), WorkCalendar(), date(2025, 9, 26)
    )
    assert record.real_name.status == S.REAL_NAME_CONFIRMED
    assert record.real_name.verifications[-1].staff == "reviewer:li"
    # 15 working days across National Day 2025 (10-01..10-08 off; 09-28 and 10-11 worked).
    assert [(d.kind, d.starts, d.due) for d in record.deadlines] == [
        (DeadlineKind.ACCEPTANCE_NOTICE, date(2025, 9, 26), date(2025, 10, 23))
    ]


def test_an_existing_deadline_is_not_doubled_and_a_denial_sets_it_aside() -> None:
    notice = Deadline(
        kind=DeadlineKind.ACCEPTANCE_NOTICE, starts=date(2025, 9, 26), due=date(2025, 10, 23)
    )
    confirmed = apply_verification(
        _record(S.SIGNED_UNVERIFIED, [notice]),
        _check("CONFIRMED"),
        WorkCalendar(),
        date(2025, 9, 26),
    )
    assert confirmed.deadlines == [notice]
    denied = apply_verification(
        _record(S.SIGNED_UNVERIFIED, [notice]), _check("DENIED"), WorkCalendar(), date(2025, 9, 26)
    )
    assert denied.real_name.status == S.IMPERSONATION_SUSPECTED
    assert [d.state for d in denied.deadlines] == ["NOT_APPLICABLE"]
    assert [f.code for f in denied.flags] == ["impersonation_suspected"]
    unreachable = apply_verification(
        _record(S.SIGNED_UNVERIFIED), _check("UNREACHABLE"), WorkCalendar(), date(2025, 9, 26)
    )
    assert unreachable.deadlines == [] and unreachable.flags == []


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (date(2025, 9, 26), 15, date(2025, 10, 23)),  # Fri before National Day; 09-28 worked
        (date(2025, 9, 30), 15, date(2025, 10, 28)),  # eve of the holiday; 10-11 worked
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # the next working day is after the break
        (date(2025, 1, 24), 15, date(2025, 2, 20)),  # Spring Festival; 01-26, 02-08 worked
        (date(2025, 1, 27), 1, date(2025, 2, 5)),  # 01-28..02-04 off
        (date(2025, 2, 7), 1, date(2025, 2, 8)),  # a Saturday make-up day counts
    ],
    ids=[
        "national-day-15",
        "national-day-eve-15",
        "national-day-next-day",
        "spring-festival-15",
        "spring-festival-next-day",
        "make-up-saturday",
    ],
)
def test_working_days_follow_the_holidays_and_make_up_days(
    received: date, days: int, due: date
) -> None:
    calendar = WorkCalendar()
    assert calendar.add(received, days) == due
    assert not calendar.unknown_years


def test_a_year_the_package_does_not_know_uses_weekdays_plus_the_holiday_file() -> None:
    bare = WorkCalendar()
    assert bare.add(date(2099, 1, 1), 5) == date(2099, 1, 8)  # weekdays only
    assert bare.unknown_years == {2099}  # and says so
    overrides = parse_holiday_file("# 2099 notice\n2099-01-02 holiday\n2099-01-05 holiday\n")
    with_file = WorkCalendar(overrides=overrides)
    assert with_file.add(date(2099, 1, 1), 5) == date(2099, 1, 12)
    assert with_file.unknown_years == {2099}
