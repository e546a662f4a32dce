"""Possible repeats: same person about the same matter; for anonymous reports, same accused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from normalizer.record import (
    Accused,
    Complainant,
    ComplaintRecord,
    Content,
    IdentityClaim,
    PhoneNumber,
    Provenance,
    RealName,
    ReporterKind,
)
from normalizer.repeats import ACCUSED, COMPLAINANT, match_facts, repeat_flag


def record(kind: ReporterKind, phone: str | None, accused: list[Accused]) -> ComplaintRecord:
    phones = [PhoneNumber(raw=phone, e164=phone, valid=True)] if phone else []
    return ComplaintRecord(
        record_id="r",
        intake_no="W1",
        channel="web",  # type: ignore[arg-type]
        received_at=datetime(2026, 11, 28, tzinfo=UTC),
        provenance=Provenance(source="web_form"),
        complainant=Complainant(kind=kind, name="张三" if phone else None, phones=phones),
        accused=accused,
        content=Content(text="..."),
        real_name=RealName(status=IdentityClaim.SIGNED_UNVERIFIED),
    )


LI = Accused(name="李 明", unit="某县交通运输局")


def test_facts_are_the_complainants_contacts_and_named_accused_with_their_unit() -> None:
    r = record(ReporterKind.PERSON, "+8613812345678", [LI, Accused(name="韩某", unit="某镇")])
    assert match_facts(r) == [
        (ACCUSED, "李明@某县交通运输局"),
        (COMPLAINANT, "phone:+8613812345678"),
    ]


@pytest.mark.parametrize(
    ("kind", "earlier", "repeat"),
    [
        (ReporterKind.PERSON, {COMPLAINANT: {"W7"}, ACCUSED: {"W7"}}, True),
        (ReporterKind.PERSON, {COMPLAINANT: {"W7"}, ACCUSED: {"W8"}}, False),
        (ReporterKind.PERSON, {ACCUSED: {"W7"}}, False),
        (ReporterKind.ANONYMOUS, {ACCUSED: {"W7"}}, True),
        (ReporterKind.ANONYMOUS, {}, False),
    ],
    ids=[
        "same-person-same-accused",
        "same-person-other-accused",
        "other-person-same-accused",
        "anonymous-same-accused",
        "nothing-earlier",
    ],
)
def test_a_repeat_needs_the_same_matter(
    kind: ReporterKind, earlier: dict[str, set[str]], repeat: bool
) -> None:
    flag = repeat_flag(record(kind, "+8613812345678", [LI]), earlier)
    assert (flag is not None) is repeat
    if flag is not None:
        assert (flag.code, flag.detail) == ("possible_repeat", "参见 W7")
