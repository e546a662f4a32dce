"""The public status page dates each stage a reporter may know, in Beijing time, and shows
nothing of where inside the organ the report went or who handled it (issue 17)."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime
from typing import Any

from channels.web.status import public_stages
from gateway.app import STORE
from gateway.settings import Settings
from gateway.storage import SHANGHAI, NewEvent
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine
from tests.gateway.test_callbacks import TOKEN
from tests.gateway.test_submit import COMPLAINT

engine = every_engine  # the stage dates come from a query of their own, on each engine

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def test_stage_days_are_beijing_days_and_the_first_outcome_listed_wins() -> None:
    received = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)  # 3月2日 01:30 in Beijing
    events = [
        ("RECEIVED", received),
        ("ZHUANSONG_DOWN", datetime(2026, 3, 3, 2, 0, tzinfo=UTC)),
        ("YISONG_INTERNAL", datetime(2026, 3, 3, 2, 0, tzinfo=UTC)),
        ("IDENTITY_VIEWED", datetime(2026, 3, 4, 2, 0, tzinfo=UTC)),
        ("COMPLETED", datetime(2026, 4, 1, 16, 5, tzinfo=UTC)),  # 4月2日 in Beijing
    ]
    stages = public_stages(received, events)
    assert [(s.code, s.label, s.on) for s in stages] == [
        ("received", "收到检举控告", date(2026, 3, 2)),
        ("disposed", "已受理", date(2026, 3, 3)),
        ("concluded", "已办结", date(2026, 4, 2)),
    ]
    # A sealed item (§5.3) shows its receipt and nothing of where it went.
    sealed = public_stages(received, [*events, ("JINGSONG_UP", received)], sealed=True)
    assert [s.code for s in sealed] == ["received"]


async def _handed_over(client: Any) -> tuple[str, str, str]:
    """(intake number, id, query code) of a web report moved to the 监督检查部门 on paper."""
    body = await (await client.post("/api/v1/complaints", json=COMPLAINT)).json()
    store = client.app[STORE]
    intake_id = await store.find_intake_no(body["intake_no"])

    async def queued() -> bool:
        intake = await store.load(intake_id)
        return intake is not None and intake.stage == "queued"

    await wait_for(queued)
    [paper] = [
        d
        for d in await store.manual_deliveries()
        if d.intake_id == intake_id and d.destination == "processing"
    ]
    assert await store.mark_sent(intake_id, paper.id, "reviewer:test")
    return body["intake_no"], intake_id, body["query_code"]


async def _status_page(client: Any, code: str) -> str:
    form = await (await client.get("/status")).text()
    m = _CSRF.search(form)
    assert m
    resp = await client.post("/status", data={"csrf": m.group(1), "query_code": code})
    assert resp.status == 200
    return str(await resp.text())


def _stages(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<li data-stage="(\w+)"><time datetime="([\d-]+)">[^<]+</time> <span>([^<]+)</span>', html
    )


async def test_the_status_page_shows_the_day_of_each_stage_reached(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, callback_token=TOKEN))
    number, intake_id, code = await _handed_over(client)
    today = datetime.now(SHANGHAI).date().isoformat()
    html = await _status_page(client, code)
    assert _stages(html) == [
        ("received", today, "收到检举控告"),
        ("disposed", today, "已受理"),
    ]
    cb = {"Authorization": f"Bearer {TOKEN}"}
    for event in (
        {"event": "accepted", "notice_given": True},
        {"event": "concluded", "disposal": "初步核实", "result": "经初步核实，反映问题部分属实"},
        {"event": "feedback", "text": "您反映的问题已核实处理。"},
    ):
        resp = await client.post(f"/api/v1/records/{number}/events", json=event, headers=cb)
        assert resp.status == 200, await resp.text()
    await client.app[STORE].append_event(
        intake_id, NewEvent("ACCEPTANCE_NOTICE_SENT", "reviewer:zhaoliu", reason="LETTER")
    )
    html = await _status_page(client, code)
    assert [s[0] for s in _stages(html)] == [
        "received",
        "disposed",
        "notice",
        "concluded",
        "feedback",
    ]
    assert "已反馈办理结果" in html and "北京时间" in html
    # Nothing internal: no department, disposal, result, handler or complainant.
    for secret in ("监督检查", "初步核实", "部分属实", "reviewer", "zhaoliu", "欧阳明华", "李明"):
        assert secret not in html.split('id="status-result"')[1], secret
    reply = await (await client.post("/api/v1/status", json={"query_code": code})).json()
    assert [s["stage"] for s in reply["stages"]] == [s[0] for s in _stages(html)]
    assert reply["stages"][0]["on"] == today


def test_a_report_decided_without_substance_reads_as_not_accepted() -> None:
    at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    events = [("RECEIVED", at), ("FILED_FOR_REFERENCE", at)]
    [_, repeat] = public_stages(at, events, classification="检举控告")
    [_, empty] = public_stages(at, events, classification="无实质内容")
    assert (repeat.label, empty.label) == ("已登记存档", "经审查不予受理，已登记存档")


async def test_a_report_outside_the_remit_reads_as_not_accepted_once_approved(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, review_before_forwarding=("web",)))
    body = {**COMPLAINT, "main_problem": "邻居占用楼道堆放杂物，请求处理。"}
    reply = await (await client.post("/api/v1/complaints", json=body)).json()
    number, code = reply["intake_no"], reply["query_code"]
    store = client.app[STORE]
    intake_id = await store.find_intake_no(number)

    async def waiting() -> bool:
        intake = await store.load(intake_id)
        return intake is not None and intake.stage == "needs_review"

    await wait_for(waiting)
    for role, what, payload in (
        ("reviewer", "decision", {"classification": "业务范围外"}),
        ("leader", "approval", {"approved": True}),
    ):
        headers = {"Authorization": f"Bearer {await api_key(client, settings, role)}"}
        resp = await client.post(f"/api/v1/records/{number}/{what}", json=payload, headers=headers)
        assert resp.status == 200, await resp.text()
    html = await _status_page(client, code)
    assert 'id="status-text">不属本机关受理范围，不予受理<' in html
    assert [s[0] for s in _stages(html)] == ["received", "disposed"]
