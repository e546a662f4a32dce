"""axe-core in the page tests: the accessibility rules a page is held to, and the verdict.

axe-core comes pinned with the ``axe-playwright-python`` package (its ``axe.min.js``), which
injects it into the page; this module runs it with the WCAG 2.1 A/AA rules and the best
practices, and fails on every violation whose impact is serious or critical, naming the
rule, the elements and axe's own explanation. Of the moderate findings, those about the
page's structure fail too (``HELD_TO``: one main landmark, everything inside landmarks, one
level-one heading, headings in order), since every page passes them now and a regression
should show. A full-page screenshot of each checked page is written
beside the test's data (in the test run's temporary folder, never in the repository).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page

__all__ = ["AXE_VERSION", "BLOCKING", "HELD_TO", "axe_violations", "check_page"]

BLOCKING = frozenset({"serious", "critical"})
HELD_TO = frozenset({"landmark-one-main", "region", "page-has-heading-one", "heading-order"})
_AXE = Axe()
AXE_VERSION = _AXE.axe_script[: _AXE.axe_script.index("\n")].removeprefix("/*! axe v").strip()
_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -- {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    results = await _AXE.run(page, options=_OPTIONS)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


async def check_page(page: Page, name: str, shots: Path | None = None) -> list[dict[str, Any]]:
    """Asserts no serious or critical violation on ``page``, nor one of ``HELD_TO``;
    returns the other, lesser ones."""
    if shots is not None:  # playwright makes the folder
        await page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    violations = await axe_violations(page)
    failing = [v for v in violations if v["impact"] in BLOCKING or v["id"] in HELD_TO]
    assert not failing, f"{name} ({page.url}), axe-core {AXE_VERSION}:\n{_describe(failing)}"
    return [v for v in violations if v not in failing]
