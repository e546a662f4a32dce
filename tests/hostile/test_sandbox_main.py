"""A decoding child does not run the parent's main script again before it starts."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_children_do_not_run_the_parent_main_script_again(tmp_path: Path) -> None:
    """Without the forkserver taking the main script as run, every child would run it (for
    the gateway: import the whole application) before decoding a single file."""
    marks = tmp_path / "marks"
    script = tmp_path / "main_script.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            with open({str(marks)!r}, "a") as out:
                out.write(__name__ + "\\n")
            from channels import sandbox
            from channels.letter_ocr import pages

            if __name__ == "__main__":
                for _ in range(3):
                    assert sandbox.run(pages.media_type, sandbox.DEFAULT_LIMITS, b"%PDF-1.4")
            """
        )
    )
    # A value inherited from a parent process (here: another script's) must not count.
    env = {**os.environ, "INTAKE_SANDBOX_PARENT_MAIN": str(tmp_path / "parent_script.py")}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert marks.read_text().split() == ["__main__"]
