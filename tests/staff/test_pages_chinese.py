"""Every staff page shares one navigation and reads in Chinese: no English word outside code
values (intake numbers, file types), for every role that may open it (issue 13, 17)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from gateway.app import STORE
from gateway.settings import Settings
from tests.conftest import MakeClient, wait_for
from tests.gateway.test_routing import Api, prefecture, registry
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import staff_client

PAGES: dict[str, tuple[str, ...]] = {
    "reviewer": (
        "/staff/today",
        "/staff/review",
        "/staff/records",
        "/staff/records?name=欧阳明华",
        "/staff/mine",
        "/staff/approvals",
        "/staff/letters",
        "/staff/ledger",
        "/staff/supervision",
        "/staff/handovers",
        "/staff/handovers?origin=superior_assign",
        "/staff/feedback",
        "/staff/feedback?quarter=2026Q3",
        "/staff/deadlines",
        "/staff/failed",
        "/staff/records/{no}",
        "/staff/analysis",
        "/staff/analysis?dim=region&region_level=prefecture",
        "/staff/analysis?dim=category&period=2026Q4",
        "/staff/analysis/items?period=2026",
        "/staff/topics",
        "/staff/key-issues",
    ),
    "head": (
        "/staff/today",
        "/staff/sealed",
        "/staff/audit",
        "/staff/audit?action=account_created&from=2026-01-01&to=2026-12-31",
        "/staff/organs",
        "/staff/analysis",
        "/staff/inspection",
        "/staff/inspection?unit=某县交通运输局&region=32&from=2026-01-01&to=2027-01-01",
    ),
    "leader": (
        "/staff/today",
        "/staff/approvals",
        "/staff/ledger",
        "/staff/handovers",
        "/staff/records/{no}",
        "/staff/inspection",
        "/staff/supervision",
    ),
    "admin": (
        "/staff/outbox",
        "/staff/users",
        "/staff/organs",
        "/desk/visits/new",
        "/staff/key-issues",
        "/staff/inspection",
    ),
    "clerk": ("/desk/visits/new",),
}
# Code values that are not English words: file types and units that staff see as such.
ALLOWED = {
    "PDF",
    "PNG",
    "JPEG",
    "TIFF",
    "JPG",
    "WAV",
    "MP",
    "AMR",
    "ID",
    "GB",
    "KB",
    "MB",
    "DOCX",
    "XLSX",
}
_TAGS = re.compile(r"<(script|style|code)\b.*?</\1>|<[^>]+>", re.S | re.I)
_WORD = re.compile(r"[A-Za-z]{2,}")
_NUMBER = re.compile(r"\b[WXFDL]\d{14}\b")


def english_words(page: str) -> set[str]:
    text = html.unescape(_TAGS.sub(" ", page))
    text = _NUMBER.sub(" ", text)
    return {w for w in _WORD.findall(text) if w.upper() not in ALLOWED}


@pytest.fixture
async def number_and_client(make_client: MakeClient, settings: Settings) -> tuple[str, Any]:
    client = await make_client(prefecture(settings, review_before_forwarding=("web",)))
    await registry(client.app[STORE])
    resp = await client.post("/api/v1/complaints", json=COMPLAINT)
    number = (await resp.json())["intake_no"]
    store = client.app[STORE]

    async def waiting() -> bool:
        intake = await store.load(await store.find_intake_no(number) or "")
        return intake is not None and intake.stage == "needs_review"

    await wait_for(waiting)
    # Rows on every list: one more record decided (R3), approved, its letter waiting.
    api = Api(client, settings)
    other = await api.submit({**COMPLAINT, "title": "另一件"})
    await api.worked(other)
    decision = {
        "classification": "检举控告",
        "items": [{"accused": 0, "actions": ["ZHUANSONG_DOWN"]}],
    }
    assert (await api.post(other, "decision", decision, "reviewer")).status == 200
    assert (await api.post(other, "approval", {"approved": True}, "leader")).status == 200
    assert (await api.post(number, "decision", decision, "reviewer")).status == 200
    handover = {
        "origin": "superior_assign",
        "unit": "某省纪委监委信访室",
        "document_no": "某纪信交〔2026〕12号",
        "their_item_no": "第88号",
        "report_due": "2099-12-31",
    }
    handed = await client.post(
        "/api/v1/handovers",
        json={**COMPLAINT, "title": "上级交办件", "handover": handover},
        headers=await api.headers("reviewer"),
    )
    assert handed.status == 201, await handed.text()
    return number, client


@pytest.mark.parametrize("role", sorted(PAGES))
async def test_every_staff_page_has_the_navigation_and_no_english(
    number_and_client: tuple[str, Any], role: str
) -> None:
    number, client = number_and_client
    # A login name is the user's own: Chinese here, so only the pages' words are checked.
    names = {"reviewer": "审核甲", "head": "主任乙", "leader": "领导丙", "admin": "管理丁"}
    await staff_client(client, names.get(role, "登记戊"), role)
    for path in PAGES[role]:
        resp = await client.get(path.format(no=number))
        page = await resp.text()
        assert resp.status == 200, (path, page[:300])
        assert "<nav>" in page and "退出登录" in page, path
        if role != "clerk":
            assert 'href="/staff/today"' in page, path
        assert english_words(page) == set(), path
