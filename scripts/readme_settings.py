"""Regenerate the settings table in README.md from gateway/settings.py."""

import re
from pathlib import Path

from gateway.settings import settings_reference

readme = Path(__file__).resolve().parent.parent / "README.md"
text = readme.read_text(encoding="utf-8")
text = re.sub(
    r"(<!-- settings:begin[^\n]*-->\n).*?(<!-- settings:end -->)",
    lambda m: m.group(1) + settings_reference() + m.group(2),
    text,
    flags=re.S,
)
readme.write_text(text, encoding="utf-8")
