"""POST /api/v1/complaints: the simplest channel, end to end through the spine."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gateway.app import STORE
from gateway.settings import Settings
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine
from tests.identity import make_id

engine = every_engine  # each test runs on SQLite and on PostgreSQL

COMPLAINT: dict[str, Any] = {
    "complainant": {
        "kind": "PERSON",
        "name": "欧阳明华",
        "id_number": make_id("110105", "19800101", 123),
        "phone": "13812345678",
    },
    "accused": [{"name": "李明", "unit": "某县交通运输局", "position": "局长"}],
    "title": "反映李明违规收受礼金",
    "category": "违反廉洁纪律行为",
    "main_problem": "2023年春节期间，某县交通运输局局长李明收受工程老板现金五万元。",
}


async def test_a_complaint_is_acknowledged_with_intake_number_and_query_code(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    resp = await client.post("/api/v1/complaints", json=COMPLAINT)
    assert resp.status == 201
    body = await resp.json()
    assert body["intake_no"].startswith("W")
    assert len(body["query_code"].replace("-", "")) == 16


async def test_an_acknowledged_complaint_becomes_a_normalized_record(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    body = await (await client.post("/api/v1/complaints", json=COMPLAINT)).json()
    key = await api_key(client, settings, "reviewer")
    headers = {"Authorization": f"Bearer {key}"}

    async def normalized() -> Any:
        resp = await client.get(f"/api/v1/records/{body['intake_no']}", headers=headers)
        data = await resp.json()
        return data if data["stage"] in ("queued", "needs_review") else None

    data = await wait_for(normalized)
    record = data["record"]
    assert record["schema_version"] == "1.0"
    assert record["complainant"]["name"] == "欧阳明华"
    assert record["complainant"]["id_number"]["valid"] is True
    assert record["complainant"]["phones"][0]["e164"] == "+8613812345678"
    assert record["real_name"]["status"] == "SIGNED_UNVERIFIED"
    assert [d["kind"] for d in record["deadlines"]] == ["ACCEPTANCE_NOTICE"]
    assert record["accused"][0]["name"] == "李明"
    assert record["content"]["categories_reported"] == ["违反廉洁纪律行为"]
    trail = await (
        await client.get(f"/api/v1/records/{body['intake_no']}/trajectory", headers=headers)
    ).json()
    types = [e["type"] for e in trail["events"]]
    assert types[0] == "RECEIVED"
    assert "NORMALIZED" in types
    # A clean first-time report at this level: the system moves it on at once (R7).
    assert data["stage"] == "queued"
    assert types[types.index("NORMALIZED") + 1 :][:2] == ["DECIDED", "YISONG_INTERNAL"]
    assert data["triage"]["items"][0]["actions"] == ["YISONG_INTERNAL", "NOTIFY_CASE_MGMT"]
    assert "IDENTITY_VIEWED" in types  # every look at identity is audited


async def test_the_original_request_is_kept_byte_for_byte(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    sent = json.dumps(COMPLAINT, ensure_ascii=False).encode()
    body = await (
        await client.post(
            "/api/v1/complaints", data=sent, headers={"Content-Type": "application/json"}
        )
    ).json()
    key = await api_key(client, settings, "admin")
    resp = await client.get(
        f"/api/v1/records/{body['intake_no']}/originals/0",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert resp.status == 200
    assert await resp.read() == sent


async def test_the_same_idempotency_key_twice_yields_one_record(make_client: MakeClient) -> None:
    client = await make_client()
    headers = {"Idempotency-Key": "station-7-letter-000123"}
    first = await client.post("/api/v1/complaints", json=COMPLAINT, headers=headers)
    second = await client.post("/api/v1/complaints", json=COMPLAINT, headers=headers)
    assert (first.status, second.status) == (201, 200)
    a, b = await first.json(), await second.json()
    assert a["intake_no"] == b["intake_no"]
    assert b["duplicate"] is True and "query_code" not in b
    items = await client.app[STORE].list_intakes()
    assert len(items) == 1


async def test_a_key_reused_for_other_content_is_a_conflict_that_reveals_nothing(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    headers = {"Idempotency-Key": "shared-key-0000001"}
    first = await client.post("/api/v1/complaints", json=COMPLAINT, headers=headers)
    other = {**COMPLAINT, "main_problem": "另一位举报人反映的另一件事：某乡干部挪用救灾款。"}
    second = await client.post("/api/v1/complaints", json=other, headers=headers)
    assert (first.status, second.status) == (201, 409)
    problem = await second.json()
    assert problem["code"] == "idempotency_conflict" and problem["field"] == "Idempotency-Key"
    assert (await first.json())["intake_no"] not in await second.text()
    assert len(await client.app[STORE].list_intakes()) == 1
    third = await client.post(
        "/api/v1/complaints", json=other, headers={"Idempotency-Key": "shared-key-0000002"}
    )
    assert third.status == 201


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        (b"{not json", 422, "malformed_json", None),
        (b'{"main_problem": 5}', 422, "field_invalid", "$.main_problem"),
        (b'{"main_problem": "x", "colour": "red"}', 422, "unknown_field", "$.colour"),
        (b'{"title": "t"}', 422, "field_required", "$.main_problem"),
        (b'{"main_problem": ""}', 422, "field_invalid", "$.main_problem"),
        (
            json.dumps(
                {
                    "main_problem": "x",
                    "complainant": {
                        "kind": "PERSON",
                        "name": "张三",
                        "id_number": make_id("110105", "19800101", 123)[:-1] + "0",
                    },
                }
            ).encode(),
            422,
            "identity_invalid",
            "$.complainant.id_number",
        ),
        (
            json.dumps(
                {
                    "main_problem": "x",
                    "complainant": {"kind": "PERSON", "name": "张三", "phone": "12345"},
                }
            ).encode(),
            422,
            "phone_invalid",
            "$.complainant.phone",
        ),
        (b'{"main_problem": "' + b"x" * 1_100_000 + b'"}', 413, "too_large", None),
    ],
    ids=[
        "malformed",
        "wrong-type",
        "unknown-field",
        "missing-required",
        "empty-text",
        "bad-id-checksum",
        "bad-phone",
        "oversize",
    ],
)
async def test_bad_input_gets_a_problem_naming_the_field(
    make_client: MakeClient, body: bytes, status: int, code: str, field: str | None
) -> None:
    client = await make_client()
    resp = await client.post(
        "/api/v1/complaints", data=body, headers={"Content-Type": "application/json"}
    )
    assert resp.status == status
    assert resp.content_type == "application/problem+json"
    problem = await resp.json()
    assert problem["code"] == code
    assert problem.get("field") == field
    assert problem["message_zh"] and problem["message_en"]
    assert await client.app[STORE].list_intakes() == []


async def test_staff_endpoints_need_a_staff_role(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    assert (await client.get("/api/v1/records")).status == 401
    station = await api_key(client, settings, "station")
    resp = await client.get("/api/v1/records", headers={"Authorization": f"Bearer {station}"})
    assert resp.status == 403
    assert (await resp.json())["code"] == "forbidden"
    # A key that is no key is 401 (RFC 6750 invalid_token), on every route alike (issue 18).
    resp = await client.get("/api/v1/records", headers={"Authorization": "Bearer nope"})
    assert resp.status == 401


async def test_unknown_routes_and_methods_are_problems_not_crashes(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    resp = await client.get("/nowhere")
    assert resp.status == 404 and resp.content_type == "application/problem+json"
    resp = await client.get("/api/v1/complaints")
    assert resp.status == 405 and resp.content_type == "application/problem+json"


async def test_health_readiness_metrics_and_openapi_are_served(make_client: MakeClient) -> None:
    client = await make_client()
    assert (await client.get("/healthz")).status == 200
    ready = await client.get("/readyz")
    assert ready.status == 200
    assert (await ready.json())["storage"] == "writable"
    await client.post("/api/v1/complaints", json=COMPLAINT)
    metrics = await (await client.get("/metrics")).text()
    assert "intake_records{" in metrics and "intake_workers_alive 1.0" in metrics
    doc = await (await client.get("/api/v1/openapi.json")).json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/complaints" in doc["paths"]


async def test_the_same_person_about_the_same_accused_again_is_a_possible_repeat(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    headers = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    numbers = []
    other = {**COMPLAINT, "accused": [{"name": "王刚", "unit": "某县财政局", "position": "局长"}]}
    for body in (COMPLAINT, other, COMPLAINT):
        numbers.append(
            (await (await client.post("/api/v1/complaints", json=body)).json())["intake_no"]
        )

        async def done(n: str = numbers[-1]) -> Any:
            data = await (await client.get(f"/api/v1/records/{n}", headers=headers)).json()
            return data if data["stage"] in ("queued", "needs_review") else None

        await wait_for(done)
    flags = []
    for n in numbers:
        data = await (await client.get(f"/api/v1/records/{n}", headers=headers)).json()
        flags.append({f["code"]: f.get("detail") for f in data["record"]["flags"]})
    assert "possible_repeat" not in flags[0] and "possible_repeat" not in flags[1]
    assert flags[2]["possible_repeat"] == f"参见 {numbers[0]}"
