"""``intake-gateway extract CHANNEL FILE`` takes any text and any file: a record or a clear error.

Arbitrary Unicode text (as ``.txt``) and random bytes (as files of every kind a user might
pass) go through the command's own function in process, for speed, and a few through a real
subprocess. Never a traceback: exit 0 with a JSON record, or a non-zero exit with a message.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.cli import main
from gateway.crypto import generate_key_line

ROOT = Path(__file__).resolve().parents[2]
CHANNELS = ("letter", "phone", "web", "visit")
_MAGIC = [b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.4\n", b"II*\x00", b"\xff\xd8\xff", b"RIFF", b"ID3"]


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        env = {"INTAKE_DATA_DIR": str(Path(tmp) / "data"), "INTAKE_KEYS": generate_key_line()}
        for key, value in env.items():
            mp.setenv(key, value)
        mp.delenv("INTAKE_VOSK_MODEL_PATH", raising=False)
        yield Path(tmp)


def run_in_process(channel: str, path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["extract", channel, str(path)])
    return code, out.getvalue(), err.getvalue()


def assert_record_or_clear_error(code: int, out: str, err: str) -> None:
    if code == 0:
        record = json.loads(out)
        assert record["schema_version"] and record["complainant"]["kind"]
    else:
        assert err.startswith("intake-gateway: "), err
        assert "Traceback" not in err


@given(channel=st.sampled_from(CHANNELS), text=st.text(max_size=400))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_file_gives_a_record_or_a_clear_error(
    workdir: Path, channel: str, text: str
) -> None:
    path = workdir / "input.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_record_or_clear_error(*run_in_process(channel, path))


@given(
    channel=st.sampled_from(CHANNELS),
    magic=st.sampled_from(_MAGIC),
    body=st.binary(max_size=600),
    suffix=st.sampled_from([".txt", ".json", ".wav", ".png", ".pdf", ".bin", ""]),
)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_bytes_give_a_record_or_a_clear_error(
    workdir: Path, channel: str, magic: bytes, body: bytes, suffix: str
) -> None:
    path = workdir / f"input{suffix}"
    path.write_bytes(magic + body)
    assert_record_or_clear_error(*run_in_process(channel, path))


def _subprocess(tmp_path: Path, channel: str, path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "INTAKE_DATA_DIR": str(tmp_path / "data"),
        "INTAKE_KEYS": generate_key_line(),
    }
    return subprocess.run(
        [sys.executable, "-m", "gateway", "extract", channel, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_plain_visit_note_gives_a_record_with_the_visitor_from_the_text(tmp_path: Path) -> None:
    note = tmp_path / "visit.txt"
    note.write_text(
        "来访人：王强\n联系电话：13912345678\n反映问题：某县住房和城乡建设局局长周强收受贿赂。",
        encoding="utf-8",
    )
    done = _subprocess(tmp_path, "visit", note)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["complainant"]["name"] == "王强"
    assert [a["name"] for a in record["accused"]] == ["周强"]


def test_a_recording_without_a_speech_model_is_a_clear_error(tmp_path: Path) -> None:
    wav = tmp_path / "call.wav"
    wav.write_bytes(b"RIFF" + bytes(200))
    done = _subprocess(tmp_path, "phone", wav)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "语音识别模型" in done.stderr and "speech model" in done.stderr
