"""The web API and the form's POST: every limit refuses with a clear Chinese message, and
nothing half-stored remains after a refusal."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient

from gateway.app import STORE
from gateway.settings import Settings
from tests.conftest import MakeClient
from tests.identity import make_id
from tests.web.conftest import solve_question
from tests.web.files import EXE, bomb_png, jpeg, pdf, png

COMPLAINT: dict[str, Any] = {
    "complainant": {"kind": "ANONYMOUS"},
    "accused": [{"name": "李明", "unit": "某县交通运输局", "position": "局长"}],
    "title": "反映李明违规收受礼金",
    "category": "违反廉洁纪律行为",
    "main_problem": "2023年春节期间，某县交通运输局局长李明收受工程老板现金五万元。",
}

Client = TestClient[Any, Any]


def multipart(files: list[tuple[str, bytes]], complaint: dict[str, Any] = COMPLAINT) -> FormData:
    form = FormData()
    form.add_field(
        "complaint", json.dumps(complaint, ensure_ascii=False), content_type="application/json"
    )
    for name, data in files:
        form.add_field("file", data, filename=name, content_type="application/octet-stream")
    return form


async def stored_count(client: Client) -> int:
    return len(await client.app[STORE].list_intakes())


def blob_files(settings: Settings) -> list[Path]:
    root = settings.originals_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def assert_nothing_stored(client: Client, settings: Settings) -> None:
    assert await stored_count(client) == 0
    assert blob_files(settings) == []


async def test_multipart_submission_stores_the_complaint_and_its_files(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    resp = await client.post(
        "/api/v1/complaints", data=multipart([("a.pdf", pdf()), ("b.jpg", jpeg())])
    )
    assert resp.status == 201, await resp.text()
    body = await resp.json()
    store = client.app[STORE]
    stored = await store.load((await store.find_intake_no(body["intake_no"])) or "")
    assert stored is not None
    assert [o.media_type for o in stored.originals] == [
        "application/json",
        "application/pdf",
        "image/jpeg",
    ]
    assert [o.filename for o in stored.originals[1:]] == ["a.pdf", "b.jpg"]


@pytest.mark.parametrize(
    ("limits", "files", "code"),
    [
        ({"max_file_bytes": 50_000}, [("big.pdf", pdf(200_000))], "too_large"),
        (
            {"max_upload_bytes": 100_000, "max_file_bytes": 80_000},
            [("a.pdf", pdf(60_000)), ("b.pdf", pdf(60_000))],
            "too_large",
        ),
        (
            {"max_files": 2},
            [("a.pdf", pdf()), ("b.pdf", pdf()), ("c.pdf", pdf())],
            "too_many_files",
        ),
    ],
    ids=["one-file-too-big", "all-files-too-big", "too-many-files"],
)
async def test_upload_limits_are_enforced_while_streaming_and_nothing_is_stored(
    make_client: MakeClient,
    settings: Settings,
    limits: dict[str, Any],
    files: list[tuple[str, bytes]],
    code: str,
) -> None:
    settings = dataclasses.replace(settings, **limits)
    client = await make_client(settings)
    resp = await client.post("/api/v1/complaints", data=multipart(files))
    assert resp.status == 413
    problem = await resp.json()
    assert problem["code"] == code and problem["message_zh"]
    assert re.search("[\u4e00-\u9fff]", problem["message_zh"])
    await assert_nothing_stored(client, settings)


async def test_the_type_is_decided_by_content_not_by_name(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    resp = await client.post("/api/v1/complaints", data=multipart([("scan.pdf", EXE)]))
    assert resp.status == 415
    assert (await resp.json())["code"] == "attachment_type"
    await assert_nothing_stored(client, settings)
    resp = await client.post("/api/v1/complaints", data=multipart([("photo.exe", png())]))
    assert resp.status == 201
    store = client.app[STORE]
    stored = await store.load((await store.find_intake_no((await resp.json())["intake_no"])) or "")
    assert stored is not None and stored.originals[1].media_type == "image/png"


@pytest.mark.parametrize(
    ("image", "max_pixels"),
    [
        (png(2000, 1000), 1_000_000),  # a real image over the configured limit
        (bomb_png(30_000, 30_000), 80_000_000),  # over Pillow's own global limit too
        (bomb_png(10_000, 9_000), 80_000_000),  # between ours and Pillow's warning level
    ],
    ids=["real-image", "huge-header", "between-limits"],
)
async def test_decompression_bombs_are_refused_from_their_header(
    make_client: MakeClient, settings: Settings, image: bytes, max_pixels: int
) -> None:
    from PIL import Image

    global_before = Image.MAX_IMAGE_PIXELS
    settings = dataclasses.replace(settings, max_image_pixels=max_pixels)
    client = await make_client(settings)
    resp = await client.post("/api/v1/complaints", data=multipart([("x.png", image)]))
    assert resp.status == 413
    problem = await resp.json()
    assert problem["code"] == "image_too_large" and "像素" in problem["message_zh"]
    assert global_before == Image.MAX_IMAGE_PIXELS
    await assert_nothing_stored(client, settings)


async def test_submissions_are_rate_limited_per_client_with_retry_after(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, rate_limit_per_minute=2))
    for _ in range(2):
        assert (await client.post("/api/v1/complaints", json=COMPLAINT)).status == 201
    resp = await client.post("/api/v1/complaints", json=COMPLAINT)
    assert resp.status == 429
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    assert (await resp.json())["code"] == "rate_limited"
    # the page shares the budget and answers with a page
    resp = await client.post("/report", data=FormData({"csrf": "x"})())
    assert resp.status == 429 and "Retry-After" in resp.headers
    assert "频繁" in await resp.text()


async def test_status_by_query_code_tells_status_only_and_is_rate_limited(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, rate_limit_per_minute=3))
    body = await (await client.post("/api/v1/complaints", json=COMPLAINT)).json()
    resp = await client.post("/api/v1/status", json={"query_code": body["query_code"].lower()})
    assert resp.status == 200
    reply = await resp.json()
    assert set(reply) == {"status", "status_zh", "received_at", "feedback", "stages"}
    assert reply["stages"][0]["stage"] == "received"
    assert reply["status_zh"] in ("已收到，等待处理", "正在处理")
    assert "李明" not in await resp.text()
    resp = await client.post("/api/v1/status", json={"query_code": "0000-0000-0000-0000"})
    assert resp.status == 404 and (await resp.json())["code"] == "query_code_unknown"
    await client.post("/api/v1/status", json={"query_code": "x"})
    resp = await client.post("/api/v1/status", json={"query_code": body["query_code"]})
    assert resp.status == 429 and int(resp.headers["Retry-After"]) >= 1


async def _form_page(client: Client) -> tuple[str, str, str]:
    html = await (await client.get("/report")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', html)
    challenge = re.search(r'name="challenge" value="([^"]+)"', html)
    label = re.search(r'id="answer-label">([^<]+)<', html)
    assert csrf and challenge and label
    return csrf.group(1), challenge.group(1), solve_question(label.group(1))


def report_form(csrf: str | None, challenge: str, answer: str, **extra: str) -> FormData:
    form = FormData()
    if csrf is not None:
        form.add_field("csrf", csrf)
    fields = {
        "challenge": challenge,
        "pow_nonce": "",
        "answer": answer,
        "kind": "PERSON",
        "c_name": "欧阳明华",
        "c_id_number": make_id("110105", "19800101", 123),
        "c_phone": "13812345678",
        "a0_name": "李明",
        "a0_unit": "某县交通运输局",
        "category": "违反廉洁纪律行为",
        "title": "反映问题",
        "ack": "yes",
        "main_problem": "2023年春节期间，局长李明收受工程老板现金五万元。",
    }
    fields.update(extra)
    for name, value in fields.items():
        form.add_field(name, value)
    form.add_field("file", b"", filename="", content_type="application/octet-stream")
    return form


@pytest.mark.parametrize("csrf", [None, "forged-token"], ids=["missing", "invalid"])
async def test_a_form_post_without_a_valid_csrf_token_gets_a_403_page_in_chinese(
    make_client: MakeClient, settings: Settings, csrf: str | None
) -> None:
    client = await make_client()
    _, challenge, answer = await _form_page(client)
    resp = await client.post("/report", data=report_form(csrf, challenge, answer))
    assert resp.status == 403
    assert resp.content_type == "text/html"
    assert "页面已失效" in await resp.text()
    await assert_nothing_stored(client, settings)


async def test_a_csrf_token_from_another_cookie_is_refused(make_client: MakeClient) -> None:
    client = await make_client()
    csrf, challenge, answer = await _form_page(client)
    client.session.cookie_jar.clear()
    await client.get("/status")  # a fresh cookie, not the one the token was made for
    resp = await client.post("/report", data=report_form(csrf, challenge, answer))
    assert resp.status == 403


async def test_the_form_post_stores_a_report_once_even_when_resent(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    csrf, challenge, answer = await _form_page(client)
    first = await client.post("/report", data=report_form(csrf, challenge, answer))
    assert first.status == 200 and 'id="query-code"' in await first.text()
    again = await client.post("/report", data=report_form(csrf, challenge, answer))
    text = await again.text()
    assert again.status == 200 and 'id="query-code"' not in text and "未重复登记" in text
    assert len(await client.app[STORE].list_intakes()) == 1


async def test_a_wrong_or_tampered_challenge_is_refused_beside_the_question(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    csrf, challenge, answer = await _form_page(client)
    tampered = challenge.replace(".16.", ".0.")
    for token, typed in ((challenge, str(int(answer) + 1)), (tampered, "")):
        resp = await client.post("/report", data=report_form(csrf, token, typed))
        assert resp.status == 422
        assert 'id="answer-error"' in await resp.text()
    await assert_nothing_stored(client, settings)


async def test_user_strings_are_escaped_in_the_page(make_client: MakeClient) -> None:
    client = await make_client()
    csrf, challenge, _ = await _form_page(client)
    resp = await client.post(
        "/report", data=report_form(csrf, challenge, "", title='"><script>alert(1)</script>')
    )
    html = await resp.text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
