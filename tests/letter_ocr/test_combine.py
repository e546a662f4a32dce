"""Merging Tesseract and PP-OCRv4 line by line: pure cases first, then the real engines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from channels.letter_ocr import combine, layout, ocr, rapid, reading
from channels.letter_ocr.extractor import build_engine, review_flags
from channels.letter_ocr.preprocess import prepare
from normalizer.normalize import NormalizeContext, normalize
from normalizer.record import ExtractedText, LetterIntake
from tests.letter_ocr import letters


def _line(text: str, conf: float | list[float], box: ocr.Box, engine: str) -> ocr.Line:
    per_char = tuple(conf) if isinstance(conf, list) else (conf,) * len(text)
    return ocr.Line(
        text=text,
        confidence=sum(per_char) / len(per_char),
        box=box,
        engine=engine,
        char_confidence=per_char,
    )


def _words(text: str, conf: float, box: ocr.Box, key: tuple[int, int, int]) -> list[ocr.Word]:
    """Tesseract-like words (one per CJK character, digit runs whole) spread over ``box``."""
    parts = re.findall(r"[0-9A-Za-z]+|\S", text)
    step = (box[2] - box[0]) / len(text)
    words, at = [], 0
    for part in parts:
        x0, x1 = box[0] + at * step, box[0] + (at + len(part)) * step
        words.append(
            ocr.Word(
                text=part, confidence=conf, box=(round(x0), box[1], round(x1), box[3]), line_key=key
            )
        )
        at += len(part)
    return words


@pytest.mark.parametrize(
    ("tess", "rapid_", "merged", "agreed"),
    [
        pytest.param(
            ("电话13912345678", 0.9), ("电话13912345678", 0.99), "电话13912345678", True, id="agree"
        ),
        pytest.param(
            ("电话1391234S678", [0.9] * 9 + [0.3] + [0.9] * 4),
            ("电话13912345678", 0.95),
            "电话13912345678",
            False,
            id="tesseract-weak-char-loses",
        ),
        pytest.param(
            ("现住幸福路18号。", 0.95),
            ("现住幸福路18号·", [0.99] * 8 + [0.4]),
            "现住幸福路18号。",
            True,
            id="rapid-line-final-dot-after-cjk-is-a-full-stop",
        ),
        pytest.param(
            ("现住幸福路18号，", 0.95),
            ("现住幸福路18号、", [0.99] * 8 + [0.4]),
            "现住幸福路18号，",
            False,
            id="rapid-weak-char-loses",
        ),
        pytest.param(
            ("举报人张伟", 0.99),
            ("举报人张", 0.97),
            "举报人张伟",
            False,
            id="char-only-tesseract-read-kept-when-surer-than-the-other-line",
        ),
        pytest.param(
            ("举报人张伟丶", [0.95] * 5 + [0.3]),
            ("举报人张伟", 0.97),
            "举报人张伟",
            False,
            id="weak-extra-char-dropped",
        ),
        pytest.param(
            ("账目上和弄虚作假", 0.93),
            ("账目上弄虚作假", 1.0),
            "账目上弄虚作假",
            False,
            id="char-inserted-between-confident-neighbours-dropped",
        ),
        pytest.param(
            ("截留补偿款约八万元", 0.95),
            ("截留补偿款约万元", [0.99] * 5 + [0.6, 0.6, 0.99]),
            "截留补偿款约八万元",
            False,
            id="char-skipped-between-weak-neighbours-restored",
        ),
    ],
)
def test_merge_line_chooses_by_character_confidence(
    tess: tuple[str, float | list[float]],
    rapid_: tuple[str, float | list[float]],
    merged: str,
    agreed: bool,
) -> None:
    t = _line(tess[0], tess[1], (0, 0, 100, 10), "tesseract")
    r = _line(rapid_[0], rapid_[1], (0, 0, 100, 10), "rapidocr")
    text, confidences, same = combine.merge_line(t, r)
    assert (text, same) == (merged, agreed)
    assert len(confidences) == len(text)


@pytest.mark.parametrize(
    ("tess", "rapid_", "merged"),
    [
        pytest.param(
            ("请组织依法依纪查处，还村民公道", 0.84),
            ("请组织依法依纪查处，还村民公道。", [0.99] * 15 + [0.63]),
            "请组织依法依纪查处，还村民公道。",
            id="weak-full-stop-where-tesseract-simply-ends-kept",
        ),
        pytest.param(
            ("并多次在村集体账目上弄虚作", 0.91),
            ("并多次在村集体账目上弄虚作假。", [0.99] * 14 + [0.63]),
            "并多次在村集体账目上弄虚作假。",
            id="last-char-and-weak-full-stop-kept",
        ),
        pytest.param(
            ("手机18923456710，系红旗村村", 0.9),
            ("手机18923456710，系红旗村村民0", [0.99] * 20 + [0.56]),
            "手机18923456710，系红旗村村民。",
            id="full-stop-read-as-zero-after-cjk",
        ),
        pytest.param(
            ("手机15011223344，系向阳村村民。", [0.86] * 20 + [0.43]),
            ("手机15011223344，系向阳村村民", 0.99),
            "手机15011223344，系向阳村村民。",
            id="full-stop-only-tesseract-read-at-the-end-kept",
        ),
        pytest.param(
            ("请组织依法依纪查处，还村民公道", 0.84),
            ("请组织依法依纪查处，还村民公道。", [0.9] * 15 + [0.63]),
            "请组织依法依纪查处，还村民公道",
            id="unsure-rapid-line-keeps-the-old-rule",
        ),
    ],
)
def test_line_end_where_one_reading_simply_stops(
    tess: tuple[str, float | list[float]], rapid_: tuple[str, float | list[float]], merged: str
) -> None:
    t = _line(tess[0], tess[1], (0, 0, 100, 10), "tesseract")
    r = _line(rapid_[0], rapid_[1], (0, 0, 100, 10), "rapidocr")
    text, confidences, _ = combine.merge_line(t, r)
    assert text == merged
    assert len(confidences) == len(text)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        pytest.param(
            "我叫张伟，身份证号码110101198003151239，",
            {"id_number": {"110101198003151239"}, "phone": set(), "name": {"张伟"}},
            id="name-and-id",
        ),
        pytest.param(
            "联系电话 139 1234 5678",
            {"id_number": set(), "phone": {"13912345678"}, "name": set()},
            id="spaced-phone",
        ),
        pytest.param("金额12000元", {"id_number": set(), "phone": set(), "name": set()}, id="none"),
    ],
)
def test_identity_fields(text: str, fields: dict[str, set[str]]) -> None:
    assert combine.identity_fields(text) == fields


def test_a_line_one_detector_skipped_is_kept_from_the_other() -> None:
    rapid_lines = [_line("尊敬的纪检监察机关：", 0.99, (10, 0, 400, 40), "rapidocr")]
    words = _words("尊敬的纪检监察机关：", 0.9, (10, 0, 400, 40), (1, 1, 1)) + _words(
        "联系电话13912345678", 0.88, (10, 60, 500, 100), (1, 1, 2)
    )
    page = combine.combine(words, rapid_lines)
    assert [ln.text for ln in page.lines] == ["尊敬的纪检监察机关：", "联系电话13912345678"]
    assert [ln.engine for ln in page.lines] == [combine.BOTH, "tesseract"]
    assert not page.unreadable


def test_disagreeing_phone_is_reported_with_both_readings() -> None:
    rapid_lines = [_line("联系电话13912345678", 0.97, (10, 0, 500, 40), "rapidocr")]
    words = _words("联系电话13912346678", 0.9, (10, 0, 500, 40), (1, 1, 1))
    page = combine.combine(words, rapid_lines)
    assert page.text == "联系电话13912345678"
    [d] = page.disagreements
    assert d.field == "phone"
    assert d.readings == {"tesseract": "联系电话13912346678", "rapidocr": "联系电话13912345678"}


@pytest.mark.parametrize(
    ("rapid_text", "merged"),
    [
        pytest.param("现住幸福路18号", "现住幸福路18号。", id="clipped-stop-taken-from-tesseract"),
        pytest.param("现住幸福路18号。", "现住幸福路18号。", id="stop-already-read-not-doubled"),
    ],
)
def test_a_word_past_the_end_of_a_rapid_box(rapid_text: str, merged: str) -> None:
    rapid_lines = [_line(rapid_text, 0.99, (10, 0, 400, 40), "rapidocr")]
    words = _words("现住幸福路18号", 0.9, (10, 0, 400, 40), (1, 1, 1))
    # Tesseract's stop mostly outside the PP-OCR box, as an ASCII full stop.
    words.append(ocr.Word(text=".", confidence=0.8, box=(395, 0, 420, 50), line_key=(1, 1, 1)))
    assert combine.combine(words, rapid_lines).text == merged


@pytest.mark.parametrize(
    ("tess", "rapid_", "merged"),
    [
        pytest.param(
            ("号码110101198003151239", [0.9] * 13 + [0.3] + [0.9] * 6),
            ("号码110101198008151236", [0.99] * 19 + [0.5]),
            "号码110101198003151239",
            id="id-whole-from-the-reading-that-passes-the-check-digit",
        ),
        pytest.param(
            ("号码110101198008151239", [0.9] * 13 + [0.95] + [0.9] * 6),
            ("号码110101198003151239", 0.9),
            "号码110101198003151239",
            id="id-whole-from-rapid-when-tesseract-fails-the-check",
        ),
        pytest.param(
            ("电话136876543321", [0.9] * 10 + [0.99] + [0.9] * 3),
            ("电话13687654321", [0.99] * 13),
            "电话13687654321",
            id="phone-with-a-digit-too-many-taken-whole",
        ),
        pytest.param(
            ("号440305196202275174", 0.8),
            ("号44030519620227517", 0.95),
            "号440305196202275174",
            id="id-with-a-region-code-stdnum-does-not-list",
        ),
        pytest.param(
            ("号码110101198003151239", 0.9),
            ("号码11010119800315123X", 0.8),
            "号码110101198003151239",
            id="merge-already-valid-untouched",
        ),
    ],
)
def test_identity_numbers_are_not_mixed_from_two_readings(
    tess: tuple[str, float | list[float]], rapid_: tuple[str, float | list[float]], merged: str
) -> None:
    t = _line(tess[0], tess[1], (0, 0, 100, 10), "tesseract")
    r = _line(rapid_[0], rapid_[1], (0, 0, 100, 10), "rapidocr")
    text, confidences, same = combine.merge_line(t, r)
    assert (text, same) == (merged, False)
    assert len(confidences) == len(text)


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        pytest.param("现住幸福路18号.", "现住幸福路18号。", id="after-cjk"),
        pytest.param("约2.3万元", "约2.3万元", id="decimal-point"),
        pytest.param("No. 5", "No. 5", id="latin"),
    ],
)
def test_full_stops(raw: str, fixed: str) -> None:
    assert reading.full_stops(raw) == fixed


def test_weak_single_engine_lines_are_dropped_and_the_page_is_unreadable() -> None:
    noise = [_line("丨丨", 0.52, (0, 0, 30, 30), "rapidocr")]
    specks = _words("一丶", 0.2, (100, 100, 140, 120), (1, 1, 1))
    page = combine.combine(specks, noise)
    assert page.text == ""
    assert page.unreadable


def _box_line(text: str, x: int, y: int, w: int = 300) -> ocr.Line:
    return _line(text, 0.9, (x, y, x + w, y + 30), "rapidocr")


def test_two_columns_are_read_column_by_column() -> None:
    lines = [_box_line("标题", 350, 0, 100)]
    for row in range(4):
        lines.append(_box_line(f"左栏第{row}行的文字内容比较长", 50, 60 + row * 50))
        lines.append(_box_line(f"右栏第{row}行的文字内容比较长", 450, 60 + row * 50))
    ordered = [ln.text for ln in layout.reading_order(lines)]
    assert ordered == ["标题"] + [f"左栏第{r}行的文字内容比较长" for r in range(4)] + [
        f"右栏第{r}行的文字内容比较长" for r in range(4)
    ]


def test_tables_are_read_row_by_row() -> None:
    lines = [_box_line("情况反映表：反映人张伟，电话13912345678", 50, 0, 700)]
    cells = [["时间", "地点", "事项"], ["3月", "村委会", "虚报冒领"], ["4月", "镇财政所", "截留"]]
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            lines.append(_box_line(cell, 50 + c * 250, 60 + r * 50, 100))
    ordered = [ln.text for ln in layout.reading_order(lines)]
    assert ordered == [lines[0].text] + [cell for row in cells for cell in row]


def test_review_flags_reach_the_record_and_hold_it_for_review() -> None:
    page = ocr.PageText(
        index=0,
        text="联系电话13912345678",
        confidence=0.97,
        ocr_done=True,
        source_file=0,
        disagreements=(
            ocr.Disagreement(
                field="phone",
                line=0,
                readings={"tesseract": "电话13912346678", "rapidocr": "电话13912345678"},
                kept="联系电话13912345678",
            ),
        ),
    )
    blank = ocr.PageText(
        index=1, text="", confidence=0.0, ocr_done=True, source_file=0, unreadable=True
    )
    flags = review_flags([page, blank])
    assert [f["code"] for f in flags] == ["ocr_engines_disagree", "ocr_unreadable"]
    assert "13912346678" in flags[0]["detail"] and "13912345678" in flags[0]["detail"]
    text = ExtractedText(text=page.text, confidence=0.97, detail={"flags": flags})
    ctx = NormalizeContext(record_id="r1", intake_no="XF1", received_at=datetime.now(UTC))
    record = normalize(LetterIntake(), text, ctx)
    codes = [f.code for f in record.flags]
    assert "ocr_engines_disagree" in codes and "ocr_unreadable" in codes
    assert record.needs_review


def test_tesseract_alone_is_a_configuration() -> None:
    engine, name = build_engine(("tesseract",), "chi_sim", 2)
    assert isinstance(engine, ocr.TesseractEngine)
    assert name == "tesseract:chi_sim"
    both, both_name = build_engine(("tesseract", "rapidocr"), "chi_sim", 2)
    assert isinstance(both, combine.CombinedEngine)
    assert both_name.endswith("+rapidocr:PP-OCRv4")
    both.close()


# --- the real engines -------------------------------------------------------------------


@pytest.fixture(scope="module")
def rapid_engine() -> rapid.RapidOcrEngine:
    assert rapid.available()
    return rapid.RapidOcrEngine()


@pytest.fixture(scope="module")
def both(rapid_engine: rapid.RapidOcrEngine) -> Iterator[combine.CombinedEngine]:
    engine = combine.CombinedEngine(ocr.TesseractEngine(), rapid_engine)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=2) as executor:
        yield executor


def _flat(text: str) -> str:
    return "".join(text.split())


def test_a_line_the_real_detector_skips_comes_from_tesseract(
    rapid_engine: rapid.RapidOcrEngine,
) -> None:
    page = prepare(letters.render_page(letters.letter_lines(0), dpi=300))
    detected = rapid_engine.read_lines(page)
    skipped = [ln for ln in detected if letters.ID_NUMBER not in _flat(ln.text)]
    assert len(skipped) == len(detected) - 1
    words = ocr.TesseractEngine().read_words(page)
    merged = combine.combine(words, skipped)
    id_lines = [ln for ln in merged.lines if letters.ID_NUMBER in _flat(ln.text)]
    assert [ln.engine for ln in id_lines] == ["tesseract"]


SCANS: dict[str, Callable[[], bytes]] = {
    "bilevel-kai-200dpi": lambda: letters.to_png_bilevel(
        letters.bilevel(
            letters.render_page(letters.letter_lines(1), family="AR PL UKai CN", dpi=200)
        )
    ),
    "stamp": lambda: letters.to_png_rgb(
        letters.red_stamp(letters.render_page(letters.letter_lines(2), dpi=300), seed=3)
    ),
    "rot270-serif": lambda: letters.to_png(
        letters.rotate(
            letters.render_page(letters.letter_lines(0), family="Noto Serif CJK SC", dpi=300), 270
        )
    ),
}


@pytest.fixture(scope="module")
def read_scans(both: combine.CombinedEngine, pool: ThreadPoolExecutor) -> dict[str, ocr.PageText]:
    files = [make() for make in SCANS.values()]
    result = ocr.ocr_letter(files, pool=pool, engine=both)
    return dict(zip(SCANS, result.pages, strict=True))


@pytest.mark.parametrize("name", list(SCANS))
def test_both_engines_read_identity_on_hard_scans(
    read_scans: dict[str, ocr.PageText], name: str
) -> None:
    page = read_scans[name]
    text = _flat(page.text)
    assert letters.ID_NUMBER in text
    assert letters.PHONE in text
    assert letters.NAME in text
    assert "委员会" not in text  # the seal's legend is not part of the letter
    assert all(ln.engine in (combine.BOTH, "tesseract", "rapidocr") for ln in page.lines)
    assert 0.8 <= page.confidence <= 1.0


def test_two_column_page_in_reading_order(
    both: combine.CombinedEngine, pool: ThreadPoolExecutor
) -> None:
    lines = letters.letter_lines(0)
    scan = letters.render_columns(lines[1:], family="WenQuanYi Zen Hei", title=lines[0])
    page = ocr.ocr_letter([letters.to_png(scan)], pool=pool, engine=both).pages[0]
    text = _flat(page.text)
    assert text.startswith("举报信尊敬的纪检监察机关")
    assert text.index("身份证号码") < text.index("利用职务便利") < text.index("恳请组织")


def test_a_page_neither_engine_reads_is_empty_and_flagged(
    both: combine.CombinedEngine, pool: ThreadPoolExecutor
) -> None:
    blank = letters.add_noise(letters.render_page([], dpi=200), sigma=6.0, speckle=0.0005)
    page = ocr.ocr_letter([letters.to_png(blank)], pool=pool, engine=both).pages[0]
    assert page.text == ""
    assert page.unreadable
    assert [f["code"] for f in review_flags([page])] == ["ocr_unreadable"]


def test_vertical_writing_is_flagged_not_claimed(
    both: combine.CombinedEngine, pool: ThreadPoolExecutor
) -> None:
    scan = letters.render_vertical(letters.letter_lines(0)[:8])
    upright = letters.render_page(letters.letter_lines(0), family="Noto Serif CJK SC")
    vertical, horizontal = ocr.ocr_letter(
        [letters.to_png(scan), letters.to_png(upright)], pool=pool, engine=both
    ).pages
    assert vertical.vertical and not horizontal.vertical
    assert "ocr_vertical_text" in [f["code"] for f in review_flags([vertical, horizontal])]
    assert not review_flags([horizontal])


def test_one_onnx_session_serves_threads_with_the_same_result(
    rapid_engine: rapid.RapidOcrEngine,
) -> None:
    pages = [prepare(letters.render_page(letters.letter_lines(v), dpi=200)) for v in range(2)]
    alone = [[ln.text for ln in rapid_engine.read_lines(p)] for p in pages]
    with ThreadPoolExecutor(2) as threads:
        together = list(
            threads.map(lambda p: [ln.text for ln in rapid_engine.read_lines(p)], pages)
        )
    assert together == alone
