"""normalize(): the complainant gets only the numbers the text ties to them; third parties
go to ``persons_mentioned``; every channel's text is normalized the same way."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from normalizer.extraction import extract
from normalizer.extraction.cleanup import clean
from normalizer.normalize import NormalizeContext, normalize
from normalizer.record import (
    ComplainantInput,
    ExtractedText,
    LetterIntake,
    PhoneIntake,
    RawIntake,
    ReporterKind,
    VisitIntake,
    Visitor,
    WebIntake,
)
from tests.normalizer.generators import make_id

NOW = datetime(2025, 3, 3, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
CID = make_id("320102", "19750412", "135")
LETTER = (
    f"我叫黄海涛，身份证号码{CID}，联系电话13912345678。\n"
    "我举报某县住房和城乡建设局局长周强（副处级）收受某建设集团有限公司经理孙某送的现金"
    "二十万元，孙某的电话13800001111。\n此致\n敬礼\n举报人：黄海涛"
)


def ctx() -> NormalizeContext:
    return NormalizeContext(record_id="r-1", intake_no="XF-1", received_at=NOW)


def test_a_third_partys_phone_is_not_the_complainants() -> None:
    record = normalize(LetterIntake(), ExtractedText(text=LETTER), ctx())
    assert record.complainant.name == "黄海涛"
    assert [p.e164 for p in record.complainant.phones] == ["+8613912345678"]
    assert record.complainant.id_number is not None and record.complainant.id_number.value == CID
    assert [(p.name, p.role, p.phones) for p in record.persons_mentioned] == [
        ("孙某", "BRIBER", ["+8613800001111"])
    ]
    assert [(a.name, a.unit, a.position) for a in record.accused] == [
        ("周强", "某县住房和城乡建设局", "局长")
    ]
    assert "possibly_higher_level" in [f.code for f in record.flags]


def test_an_anonymous_letter_with_a_bribers_phone_stays_anonymous() -> None:
    text = (
        "某县水务局局长田某收受老板丁某送的现金六万元，丁某的电话是13610931601。\n一位知情的老党员"
    )
    record = normalize(LetterIntake(), ExtractedText(text=text), ctx())
    assert record.complainant.kind == "ANONYMOUS"
    assert record.complainant.phones == []
    assert record.real_name.status == "ANONYMOUS"


def test_a_group_visit_keeps_every_representative_up_to_five() -> None:
    visitors = [
        Visitor(
            name=f"代表{i}",
            id_number=make_id("110105", "19700304", f"{100 + i}"),
            id_checked=i % 2 == 0,
            phone=f"1381234567{i}",
            representative=True,
        )
        for i in range(6)
    ]
    raw = VisitIntake(
        visitors=visitors, group_size=30, matter="联名反映某镇镇长李明收受红包。", entered_by="c1"
    )
    record = normalize(raw, None, ctx())
    details = record.complainant.representative_details
    assert [r.name for r in details] == [f"代表{i}" for i in range(5)]  # at most five
    assert [r.id_number.value if r.id_number else None for r in details] == [
        v.id_number for v in visitors[:5]
    ]
    assert [r.id_checked for r in details] == [True, False, True, False, True]
    assert all(r.phones and r.phones[0].valid for r in details)
    assert record.complainant.representatives == [r.name for r in details]


def test_a_transcribed_visit_note_without_visitors_takes_the_visitor_from_the_text() -> None:
    raw = VisitIntake(
        visitors=[],
        matter="来访人：王强\n联系电话：13912345678\n反映问题：某镇镇长李明收受红包。",
        entered_by="clerk-1",
    )
    record = normalize(raw, None, ctx())
    assert record.complainant.name == "王强"
    assert [p.e164 for p in record.complainant.phones] == ["+8613912345678"]
    assert record.complainant.representatives == []


@pytest.mark.parametrize(
    "raw",
    [
        LetterIntake(),
        PhoneIntake(call_id="c-1"),
        WebIntake(main_problem="x"),
        VisitIntake(visitors=[], matter="x", entered_by="clerk-1"),
    ],
    ids=["letter", "phone", "web", "visit"],
)
def test_every_channel_reads_an_asr_transcript_alike(raw: RawIntake) -> None:
    text = (
        "我 姓 王 叫 王 强 电话 幺 三 九 洞 洞 幺 二 三 四 五 六 "
        "我 反 映 某 镇 镇 长 李 明 收 受 红 包"
    )
    if isinstance(raw, WebIntake):
        # Signed, with no field filled in: what the text says is all there is.
        raw = WebIntake(main_problem=text, complainant=ComplainantInput(kind=ReporterKind.PERSON))
        record = normalize(raw, None, ctx())
    elif isinstance(raw, VisitIntake):
        raw = VisitIntake(visitors=[], matter=text, entered_by="clerk-1")
        record = normalize(raw, None, ctx())
    else:
        record = normalize(raw, ExtractedText(text=text), ctx())
    assert record.complainant.name == "王强"
    assert "+8613900123456" in [p.e164 for p in record.complainant.phones]
    assert [a.name for a in record.accused] == ["李明"]


@pytest.mark.parametrize(
    ("text", "clean_text"),
    [
        ("电话１３９００１２３４５６", "电话13900123456"),
        ("幺三九洞洞幺二三四五六", "13900123456"),
        ("两 三 四 五 六 七 八 九 零 幺", "2 3 4 5 6 7 8 9 0 1"),
        ("某县住房和城乡\n建设局局长", "某县住房和城乡建设局局长"),
        ("身份证号11010519800\n1011237，电话", "身份证号110105198001011237，电话"),
        ("此致\n敬礼\n      张三\n  2023年5月1日", "此致\n敬礼\n      张三\n  2023年5月1日"),
        ("举报人：王强\n联系电话：139", "举报人：王强\n联系电话：139"),
        ("我 叫 王 强", "我叫王强"),
        ("①号楼", "1号楼"),
    ],
    ids=[
        "nfkc-fullwidth",
        "spoken-digits-yao-dong",
        "spoken-digits-liang-spaced",
        "wrapped-unit",
        "wrapped-id",
        "signature-lines-kept",
        "label-lines-kept",
        "asr-spaces",
        "nfkc-circled",
    ],
)
def test_normalization_before_extraction(text: str, clean_text: str) -> None:
    assert clean(text).text == clean_text


def test_spans_point_into_the_original_through_every_normalization() -> None:
    text = "㈠我 叫 王 强，电话 １３９ ００１２\n３４５６。"
    ex = extract(text)
    (name,) = ex.names
    assert text[name.span.start : name.span.end].replace(" ", "") == "王强"
    (phone,) = ex.phones
    assert text[phone.span.start : phone.span.end] == "１３９ ００１２\n３４５６"


@pytest.mark.parametrize(
    ("raw", "received_day"),
    [
        (LetterIntake(date_stamp=datetime(2025, 2, 27).date()), "2025-02-27"),
        (
            PhoneIntake(call_id="HL-1", started_at=datetime(2025, 3, 1, 22, 0, tzinfo=NOW.tzinfo)),
            "2025-03-01",
        ),
        (LetterIntake(), "2025-03-03"),  # no stamp: the upload time
        (LetterIntake(date_stamp=datetime(2025, 3, 9).date()), "2025-03-03"),  # after upload
        (LetterIntake(date_stamp=datetime(2020, 1, 2).date()), "2025-03-03"),  # implausible
    ],
    ids=["letter-date-stamp", "call-start", "no-stamp", "stamp-in-future", "stamp-years-old"],
)
def test_deadlines_count_from_the_stated_receipt_when_plausible(
    raw: RawIntake, received_day: str
) -> None:
    record = normalize(raw, ExtractedText(text=LETTER), ctx())
    assert record.received_at.astimezone(NOW.tzinfo).date().isoformat() == received_day
    [notice] = [d for d in record.deadlines if d.kind == "ACCEPTANCE_NOTICE"]
    assert notice.starts.isoformat() == received_day
