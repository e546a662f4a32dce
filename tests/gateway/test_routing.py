"""研判分流 end to end over HTTP: suggestion, decision, the leader's approval, deliveries by
destination, the ledger, the acceptance-notice rules, and the sealed path (issue 12)."""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any

import pytest
from aiohttp import web

from gateway.app import STORE
from gateway.crypto import generate_key_line
from gateway.settings import ConfigError, Settings, load_settings
from gateway.storage import OrganRow, Store
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine, query
from tests.gateway.test_forwarding import SECRET_NEW as SECRET
from tests.gateway.test_forwarding import verify
from tests.gateway.test_submit import COMPLAINT

engine = every_engine

SECRET_TEXT = "在王建国办公室当面收受现金八十万元"


def prefecture(settings: Settings, **changes: Any) -> Settings:
    """A prefecture-level office with one county below it and the province above."""
    return dataclasses.replace(
        settings,
        office_name="某市纪委监委",
        office_level="prefecture",
        office_leaders=("王建国:书记",),
        office_aliases=("某市纪委", "市纪委"),
        **changes,
    )


async def registry(store: Store) -> None:
    await store.put_organ(
        OrganRow("prov", "某省纪委监委", "above", "province", "320000", updated_by="admin")
    )
    await store.put_organ(
        OrganRow("county-a", "某县纪委监委", "below", "county", "320102", updated_by="admin")
    )


class Api:
    def __init__(self, client: Any, settings: Settings) -> None:
        self.client, self.settings = client, settings
        self.keys: dict[str, str] = {}

    async def headers(self, role: str) -> dict[str, str]:
        if role not in self.keys:
            self.keys[role] = await api_key(self.client, self.settings, role)
        return {"Authorization": f"Bearer {self.keys[role]}"}

    async def submit(self, body: dict[str, Any]) -> str:
        resp = await self.client.post("/api/v1/complaints", json=body)
        assert resp.status == 201, await resp.text()
        return str((await resp.json())["intake_no"])

    async def get(self, number: str, role: str = "reviewer") -> Any:
        return await self.client.get(f"/api/v1/records/{number}", headers=await self.headers(role))

    async def worked(self, number: str, role: str = "reviewer") -> Any:
        async def done() -> Any:
            resp = await self.get(number, role)
            if resp.status != 200:
                return None
            data = await resp.json()
            return data if data["stage"] not in ("received", "text_extracted") else None

        return await wait_for(done)

    async def post(self, number: str, what: str, body: Any, role: str) -> Any:
        return await self.client.post(
            f"/api/v1/records/{number}/{what}", json=body, headers=await self.headers(role)
        )


async def _setup(
    make_client: MakeClient, settings: Settings, *, level: str = "prefecture", **changes: Any
) -> tuple[Api, Store]:
    """The prefecture office above, or the default county office (``level="county"``)."""
    chosen = (
        prefecture(settings, **changes)
        if level == "prefecture"
        else dataclasses.replace(settings, **changes)
    )
    client = await make_client(chosen)
    store: Store = client.app[STORE]
    await registry(store)
    return Api(client, chosen), store


async def test_a_report_about_two_people_at_two_levels_is_split_and_approved(
    make_client: MakeClient, settings: Settings
) -> None:
    api, store = await _setup(make_client, settings)
    number = await api.submit(
        {
            **COMPLAINT,
            "accused": [
                {"name": "张某某", "unit": "某县人民政府", "position": "县长"},
                {"name": "李某某", "unit": "某县某镇人民政府", "position": "镇长"},
            ],
        }
    )
    data = await api.worked(number)
    assert data["stage"] == "needs_review" and "needs_decision" in data["flags"]
    # A county head is managed by the prefecture (this level, R7); a township head by the
    # county below (R3): one report, two routing items, suggested before anyone decides.
    suggested = data["triage"]["suggestion"]["items"]
    assert [(i["accused"], i["rule"]) for i in suggested] == [(0, "R7"), (1, "R3")]
    assert suggested[1]["destination"] == "某县纪委监委"
    decision = {
        "classification": "检举控告",
        "items": [
            {"accused": 0, "actions": ["YISONG_INTERNAL", "NOTIFY_CASE_MGMT"]},
            {"accused": 1, "actions": ["ZHUANSONG_DOWN"]},
        ],
    }
    resp = await api.post(number, "decision", decision, "reviewer")
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert body["stage"] == "awaiting_approval"
    triage = body["triage"]
    assert [i["suggested_rule"] for i in triage["items"]] == ["R7", "R3"]
    assert triage["items"][1]["destination"] == "county-a"
    assert triage["items"][1]["deadline_rule"] == "D3"
    assert all(i["stage"] == "awaiting_approval" for i in triage["items"])

    # Only the 分管领导 approves.
    assert (await api.post(number, "approval", {"approved": True}, "reviewer")).status == 403
    resp = await api.post(number, "approval", {"approved": True, "note": "同意"}, "leader")
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert body["stage"] == "queued"
    assert [i["stage"] for i in body["triage"]["items"]] == ["queued", "queued"]
    assert body["triage"]["approvals"][0]["approved"] is True
    assert all(i["approved_by"] for i in body["triage"]["items"] if i["approval_required"])

    # No endpoints configured: the 移送, the 案管 notice and the 转送函 are printed and sent.
    intake_id = await store.find_intake_no(number)
    paper = {d.destination: d for d in await store.manual_deliveries() if d.intake_id == intake_id}
    assert set(paper) == {"processing", "case_mgmt", "organ/county-a"}
    assert paper["case_mgmt"].content == "notice" and paper["organ/county-a"].content == "letter"
    sent = f"deliveries/{paper['organ/county-a'].id}/sent"
    assert (await api.post(number, sent, None, "reviewer")).status == 200
    assert (await api.post(number, sent, None, "reviewer")).status == 404  # once
    body = await (await api.get(number)).json()
    assert [i["stage"] for i in body["triage"]["items"]] == ["queued", "zhuansong"]
    assert body["stage"] == "queued"  # the record follows its lead item, the 移送 one
    await api.post(number, f"deliveries/{paper['processing'].id}/sent", None, "reviewer")
    await api.post(number, f"deliveries/{paper['case_mgmt'].id}/sent", None, "reviewer")
    body = await (await api.get(number)).json()
    assert body["stage"] == "delivered"
    types = [e.type for e in await store.events(intake_id or "")]
    for t in ("DECIDED", "APPROVED", "YISONG_INTERNAL", "ZHUANSONG_DOWN", "SENT", "DELIVERED",
              "CASE_MGMT_NOTIFIED"):  # fmt: skip
        assert t in types
    ledger = await store.ledger()
    assert sorted(r.item.stage for r in ledger if r.intake_no == number) == [
        "delivered",
        "zhuansong",
    ]


async def test_a_decision_departing_from_the_suggestion_needs_a_reason(
    make_client: MakeClient, settings: Settings
) -> None:
    api, _ = await _setup(make_client, settings, review_before_forwarding=("web",))
    number = await api.submit(COMPLAINT)
    await api.worked(number)
    other = {"classification": "检举控告", "items": [{"accused": 0, "actions": ["JIAOBAN_DOWN"]}]}
    resp = await api.post(number, "decision", other, "reviewer")
    assert resp.status == 422
    problem = await resp.json()
    assert problem["code"] == "reason_required" and problem["field"] == "$.items[0].reason"
    other["items"][0]["reason"] = "该局长系县管干部，需督办"  # type: ignore[index]
    other["items"][0]["destination"] = "county-a"  # type: ignore[index]
    resp = await api.post(number, "decision", other, "reviewer")
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["stage"] == "awaiting_approval"
    # The reason may quote the report: it is kept encrypted, never in the trajectory.
    rows = query(api.settings, "SELECT reason FROM events")
    assert not any("督办" in (r[0] or "") for r in rows)


@pytest.mark.parametrize(
    ("decision", "notice"),
    [
        ({"classification": "检举控告", "items": [
            {"accused": 0, "actions": ["YISONG_INTERNAL", "NOTIFY_CASE_MGMT"]}]}, True),
        ({"classification": "检举控告", "items": [
            {"accused": 0, "actions": ["REGISTER_AND_FILE"], "first_time": False,
             "reason": "重复检举，无新事实"}]}, False),
        ({"classification": "无实质内容"}, False),
    ],
    ids=["accepted-first-time", "repeat-filed", "not-accepted"],
)  # fmt: skip
async def test_the_acceptance_notice_runs_only_for_a_first_time_report_this_organ_accepts(
    make_client: MakeClient, settings: Settings, decision: dict[str, Any], notice: bool
) -> None:
    api, _ = await _setup(make_client, settings, level="county", review_before_forwarding=("web",))
    number = await api.submit(COMPLAINT)
    await api.worked(number)
    resp = await api.post(number, "decision", decision, "reviewer")
    assert resp.status == 200, await resp.text()
    if (await resp.json())["stage"] == "awaiting_approval":
        assert (await api.post(number, "approval", {"approved": True}, "leader")).status == 200
    reviewer = await api.headers("reviewer")
    items = (await (await api.client.get("/api/v1/deadlines", headers=reviewer)).json())["items"]
    kinds = {d["kind"] for d in items if d["intake_no"] == number}
    assert ("ACCEPTANCE_NOTICE" in kinds) is notice


async def test_a_refused_approval_sends_the_record_back_for_a_new_decision(
    make_client: MakeClient, settings: Settings
) -> None:
    api, _ = await _setup(make_client, settings, level="county", review_before_forwarding=("web",))
    number = await api.submit(COMPLAINT)
    await api.worked(number)
    refuse = {"classification": "无实质内容"}
    assert (await api.post(number, "decision", refuse, "reviewer")).status == 200
    resp = await api.post(number, "approval", {"approved": False, "note": "有具体事实"}, "leader")
    assert (await resp.json())["stage"] == "needs_review"
    again = await api.post(number, "approval", {"approved": True}, "leader")
    assert again.status == 409 and (await again.json())["code"] == "transition_not_allowed"
    accept = {
        "classification": "检举控告",
        "items": [{"accused": 0, "actions": ["YISONG_INTERNAL", "NOTIFY_CASE_MGMT"]}],
    }
    resp = await api.post(number, "decision", accept, "reviewer")
    assert (await resp.json())["stage"] == "queued"


def _plaintext_anywhere(settings: Settings, needles: list[str]) -> list[str]:
    """The needles found in any table of the database, in clear or as hex of UTF-8."""
    found = []
    if settings.database_url.startswith("postgres"):
        tables = [r[0] for r in query(settings, "SELECT tablename FROM pg_tables "
                                                "WHERE schemaname = 'public'")]  # fmt: skip
        dump = "".join(
            str(r[0]) for t in tables for r in query(settings, f"SELECT t::text FROM {t} t")
        )
    else:
        dump = "".join(
            (settings.db_path.parent / name).read_bytes().decode("latin-1")
            for name in (settings.db_path.name, settings.db_path.name + "-wal")
            if (settings.db_path.parent / name).exists()
        )
        dump = dump.encode("latin-1").decode("utf-8", "replace")
    for needle in needles:
        if needle in dump or needle.encode().hex() in dump:
            found.append(needle)
    return found


async def test_a_report_about_the_organs_principal_leader_takes_the_sealed_path(
    make_client: MakeClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api, store = await _setup(make_client, settings, sealed_keep_days=0)
    number = await api.submit(
        {
            **COMPLAINT,
            "accused": [{"name": "王建国", "unit": "某市纪委监委", "position": "书记"}],
            "title": "反映王建国问题",
            "main_problem": f"2024年3月，王建国{SECRET_TEXT}。",
        }
    )
    # Nobody but the head (and the leader, for the approval) learns it exists.
    intake_id = await store.find_intake_no(number) or ""

    async def sealed() -> bool:
        intake = await store.load(intake_id)
        return intake is not None and intake.sealed

    await wait_for(sealed)
    assert (await api.get(number, "reviewer")).status == 404
    assert (await api.get(number, "admin")).status == 404
    head = await (await api.get(number, "head")).json()
    assert head["sealed"] is True and "record" not in head
    assert [i["rule"] for i in head["triage"]["suggestion"]["items"]] == ["R1"]
    assert head["triage"]["suggestion"]["items"][0]["reason"] == ""  # it would name him
    assert number not in {i["intake_no"] for i in await store.list_intakes(limit=1000)}
    assert _plaintext_anywhere(api.settings, [SECRET_TEXT, "王建国", "欧阳明华"]) == []

    # The head decides from the metadata; the leader approves; a cover sheet goes with it.
    decision = {"classification": "检举控告", "items": [{"actions": ["JINGSONG_UP"]}]}
    assert (await api.post(number, "decision", decision, "reviewer")).status == 404
    resp = await api.post(number, "decision", decision, "head")
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["stage"] == "awaiting_approval"
    resp = await api.post(number, "approval", {"approved": True}, "leader")
    assert (await resp.json())["stage"] == "queued"
    [cover] = [
        d for d in await store.manual_deliveries(with_sealed=True) if d.intake_id == intake_id
    ]
    assert cover.content == "cover_sheet" and cover.destination == "organ/prov"
    assert await store.manual_deliveries() == []  # not in anyone else's list
    assert (await api.post(number, f"deliveries/{cover.id}/sent", None, "head")).status == 200
    body = await (await api.get(number, "head")).json()
    assert body["stage"] == "jingsong"

    # Kept 0 days: the raw input and originals are destroyed, with an event.
    purged = await store.purge_sealed()
    assert [p[0] for p in purged] == [intake_id]
    [(raw,)] = query(api.settings, "SELECT raw FROM intakes WHERE id = ?", intake_id)
    assert bytes(raw) == b""
    types = [e.type for e in await store.events(intake_id)]
    assert "SEALED_ORIGINALS_DESTROYED" in types
    assert not any(
        SECRET_TEXT in r.getMessage() or "王建国" in r.getMessage() for r in caplog.records
    )


@pytest.mark.parametrize(
    ("changes", "named"),
    [({"office_level": "city"}, "office_level"), ({"office_region": "32"}, "office_region")],
)
def test_a_wrong_office_setting_fails_at_start_naming_it(
    changes: dict[str, str], named: str
) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(env={}, keys=generate_key_line(), **changes)


async def test_each_destination_gets_its_own_signed_delivery_and_only_processing_identity(
    make_client: MakeClient, settings: Settings, aiohttp_raw_server: Any
) -> None:
    hits: list[tuple[str, dict[str, str], bytes]] = []

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        hits.append((request.path, dict(request.headers), await request.read()))
        return web.Response(status=200)

    server = await aiohttp_raw_server(handle)
    base = str(server.make_url("/")).rstrip("/")
    api, store = await _setup(
        make_client,
        settings,
        forward_url=f"{base}/processing",
        forward_secrets=SECRET,
        forward_retry_schedule_s=(0.05, 0.05),
        case_mgmt_url=f"{base}/case",
    )
    await store.put_organ(
        OrganRow(
            "county-a",
            "某县纪委监委",
            "below",
            "county",
            "320102",
            endpoint=f"{base}/county",
            updated_by="admin",
        )
    )
    number = await api.submit(
        {
            **COMPLAINT,
            "accused": [
                {"name": "张某某", "unit": "某县人民政府", "position": "县长"},
                {"name": "李某某", "unit": "某县某镇人民政府", "position": "镇长"},
            ],
        }
    )
    await api.worked(number)
    decision = {
        "classification": "检举控告",
        "items": [
            {"accused": 0, "actions": ["YISONG_INTERNAL", "NOTIFY_CASE_MGMT"]},
            {"accused": 1, "actions": ["ZHUANSONG_DOWN"]},
        ],
    }
    assert (await api.post(number, "decision", decision, "reviewer")).status == 200
    assert (await api.post(number, "approval", {"approved": True}, "leader")).status == 200

    async def all_landed() -> bool:
        return {p for p, _, _ in hits} == {"/processing", "/case", "/county"}

    await wait_for(all_landed, within=20)
    by_path = {p: (h, json.loads(b), b) for p, h, b in hits}
    for headers, _, body in by_path.values():
        assert verify(SECRET, headers, body)
    assert len({h["webhook-id"] for h, _, _ in by_path.values()}) == 3
    full = by_path["/processing"][1]
    assert full["complainant"]["name"] == "欧阳明华"  # the processing system owes the notices
    notice, letter = by_path["/case"][1], by_path["/county"][1]
    assert notice["kind"] == "notice" and letter["kind"] == "letter"
    for envelope in (notice, letter):
        assert envelope["intake_no"] == number
        assert envelope["record"]["complainant"]["name"] is None
        assert "欧阳明华" not in json.dumps(envelope, ensure_ascii=False)

    async def settled() -> Any:
        body = await (await api.get(number)).json()
        stages = [i["stage"] for i in body["triage"]["items"]]
        return body if stages == ["delivered", "zhuansong"] else None

    body = await wait_for(settled)
    assert body["stage"] == "delivered"
    types = [e.type for e in await store.events(await store.find_intake_no(number) or "")]
    assert {"DELIVERED", "SENT", "CASE_MGMT_NOTIFIED"} <= set(types)
