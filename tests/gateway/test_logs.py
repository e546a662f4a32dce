"""Logs carry ids and code locations, never what a complainant wrote."""

from __future__ import annotations

import io
import logging

from gateway.logs import WithholdingFormatter
from tests.identity import make_id

SECRET_ID = make_id("110105", "19800101", 123)
SECRET_NAME = "".join(["欧阳", "明华"])


def parse(value: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise RuntimeError(f"could not parse {value!r}") from exc


def test_a_logged_exception_keeps_its_frames_and_withholds_its_message() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(WithholdingFormatter("%(levelname)s %(message)s"))
    log = logging.getLogger("test-withholding")
    log.addHandler(handler)
    log.propagate = False
    try:
        parse(f"{SECRET_ID}{SECRET_NAME}")
    except RuntimeError:
        log.exception("job 42 failed")
    finally:
        log.removeHandler(handler)
    out = stream.getvalue()
    assert out.startswith("ERROR job 42 failed")
    assert "builtins.ValueError (message withheld)" in out
    assert "builtins.RuntimeError (message withheld)" in out
    assert "return int(value)" in out  # the frame's source line: where it happened
    assert SECRET_ID not in out and SECRET_NAME not in out
