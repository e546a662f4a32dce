"""``intake-gateway extract``: one file through the same engine and normalizer, offline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.gateway.test_durability import base_env
from tests.identity import make_id
from tests.letter_ocr import letters

ROOT = Path(__file__).resolve().parents[2]


def extract(tmp_path: Path, *args: str, stdin: bytes | None = None) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "gateway", "extract", *args],
        cwd=ROOT,
        env=base_env(tmp_path),
        input=stdin,
        capture_output=True,
        timeout=120,
        check=True,
    )
    record: dict[str, Any] = json.loads(out.stdout)
    return record


def test_a_text_file_of_a_web_report_is_normalized(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    id_number = make_id("320106", "19850307", 246)
    source.write_text(
        f"实名举报人：诸葛亮明，身份证号{id_number}，电话 139 1234 5678。\n"
        "举报某县交通运输局局长李明2023年收受工程老板现金五十万元。",
        encoding="utf-8",
    )
    record = extract(tmp_path, "web", str(source))
    assert record["channel"] == "web"
    assert record["complainant"]["name"] == "诸葛亮明"
    assert record["complainant"]["id_number"]["value"] == id_number
    assert record["accused"][0]["name"] == "李明"
    assert record["content"]["amounts"][0]["value"] == 500000


def test_standard_input_is_read_with_a_dash(tmp_path: Path) -> None:
    record = extract(tmp_path, "web", "-", stdin="我叫上官婉儿，手机13700001111。".encode())
    assert record["complainant"]["name"] == "上官婉儿"


def test_a_transcript_keeps_the_spoken_number_apart_as_evidence(tmp_path: Path) -> None:
    source = tmp_path / "call.txt"
    source.write_text(
        "我 叫 王 刚 我 的 电 话 是 一 三 八 一 二 三 四 五 六 七 八", encoding="utf-8"
    )
    record = extract(tmp_path, "phone", str(source))
    phones = [(p["e164"], p["source"]) for p in record["complainant"]["phones"]]
    assert phones == [("+8613812345678", "text")]
    assert record["content"]["text_is_draft"] is True


def test_a_scanned_page_is_ocred_offline(tmp_path: Path) -> None:
    page = tmp_path / "page.png"
    page.write_bytes(letters.to_png(letters.render_page(letters.letter_lines(1), dpi=300)))
    record = extract(tmp_path, "letter", str(page))
    assert record["complainant"]["name"] == letters.NAME
    assert record["complainant"]["id_number"]["value"] == letters.ID_NUMBER
    assert record["originals"][0]["filename"] == "page.png"
