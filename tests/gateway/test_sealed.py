"""The sealed path (§5.3, Art. 15) through the desk, a scanned letter and a hotline call: what
an intake point marks, or what the suggestion seals after OCR, is never read into the platform.

Each item keeps only its receipt time, channel, physical id, R-code, destination and deadline;
the database holds no text of it, no OCR text, no match keys; it is in nobody's list but the
信访室 head's.
"""

from __future__ import annotations

import io
import json
import re
import wave
from typing import Any

import aiohttp
from aiohttp import FormData

from channels.letter_ocr.extractor import from_settings
from gateway.app import STORE
from gateway.settings import Settings
from gateway.storage import Store
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine
from tests.gateway.test_routing import _plaintext_anywhere, prefecture, registry
from tests.letter_ocr import letters
from tests.staff.accounts import staff_client

engine = every_engine  # nothing of a sealed item in either database


def _silence() -> bytes:
    """One second of 8 kHz telephone silence: a marked call is never listened to."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 8000)
    return buf.getvalue()


async def _sealed(store: Store, number: str) -> Any:
    intake_id = await store.find_intake_no(number)

    async def done() -> Any:
        intake = await store.load(intake_id or "")
        return intake if intake is not None and intake.stage == "needs_review" else None

    return await wait_for(done, within=120)


async def _no_trace(client: Any, settings: Settings, number: str, secrets: list[str]) -> None:
    store: Store = client.app[STORE]
    intake = await _sealed(store, number)
    assert intake.sealed and intake.record is None and intake.extracted is None
    types = [e.type for e in await store.events(intake.id)]
    assert "TEXT_EXTRACTED" not in types
    assert number not in {i["intake_no"] for i in await store.list_intakes(limit=1000)}
    assert _plaintext_anywhere(settings, secrets) == []
    folder = settings.originals_dir
    for path in folder.rglob("*") if folder.exists() else ():
        if path.is_file():  # the scan or the recording, encrypted: no image, no audio, no text
            head = path.read_bytes()[:16]
            assert not head.startswith((b"\x89PNG", b"RIFF", b"%PDF", b"\xff\xd8"))
    assert (await store.find_matches([("accused", b"x" * 32)], exclude="")) == {}
    reviewer = {"Authorization": f"Bearer {await api_key(client, settings, 'reviewer')}"}
    assert (await client.get(f"/api/v1/records/{number}", headers=reviewer)).status == 404


async def test_a_visit_marked_at_the_desk_keeps_no_content(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(prefecture(settings))
    await registry(client.app[STORE])
    csrf = await staff_client(client, "clerk-he", "clerk")
    form = FormData(default_to_multipart=True)
    for k, v in {
        "csrf": csrf,
        "v0_name": "赵大海",
        "v0_phone": "13912345678",
        "sealed": "higher_level",
        "matter": "反映市委常委某某在土地出让中收受巨额贿赂",
        "a0_name": "钱某某",
    }.items():
        form.add_field(k, v)
    resp = await client.post("/desk/visits", data=form)
    page = await resp.text()
    assert resp.status == 200, page
    found = re.search(r'id="intake-no">(F\d+)<', page)
    assert found
    number = found.group(1)
    await _no_trace(client, settings, number, ["收受巨额贿赂", "钱某某", "赵大海"])
    intake = await _sealed(client.app[STORE], number)
    raw = json.loads(intake.raw)
    assert "贿赂" not in raw["matter"] and raw["accused"] == []  # never written at all
    # The head sees it in the sealed list; a reviewer's queue does not show it.
    await staff_client(client, "head-sun", "head")
    assert number in await (await client.get("/staff/sealed")).text()
    sealed_page = await (await client.get(f"/staff/sealed/{number}")).text()
    assert "R2" in sealed_page and "径送本机关主要负责人并报送上一级" in sealed_page
    await staff_client(client, "reviewer-qian", "reviewer")
    assert number not in await (await client.get("/staff/review")).text()
    assert (await client.get(f"/staff/sealed/{number}")).status == 403


async def test_a_letter_marked_on_its_envelope_is_never_read(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(prefecture(settings), extractors={"letter": from_settings(settings)})
    await registry(client.app[STORE])
    page = letters.to_png(letters.render_page(letters.letter_lines(0), dpi=200))
    data = aiohttp.FormData()
    meta = {"barcode": "ENV-2026-0042", "sealed": "principal_leader"}
    data.add_field("metadata", json.dumps(meta), content_type="application/json")
    data.add_field("page", page, filename="p1.png", content_type="image/png")
    station = {"Authorization": f"Bearer {await api_key(client, settings, 'station')}"}
    resp = await client.post("/api/v1/letters", data=data, headers=station)
    assert resp.status == 201, await resp.text()
    number = (await resp.json())["intake_no"]
    await _no_trace(client, settings, number, [letters.NAME, letters.PHONE])
    head = {"Authorization": f"Bearer {await api_key(client, settings, 'head')}"}
    view = await (await client.get(f"/api/v1/records/{number}", headers=head)).json()
    assert [i["rule"] for i in view["triage"]["suggestion"]["items"]] == ["R1"]
    assert view["triage"]["suggestion"]["items"][0]["destination"] == "某省纪委监委"


async def test_a_letter_the_suggestion_seals_after_ocr_keeps_no_ocr_text(
    make_client: MakeClient, settings: Settings
) -> None:
    """OCR runs (real Tesseract), the text stays in memory for the triage suggestion only."""
    client = await make_client(prefecture(settings), extractors={"letter": from_settings(settings)})
    await registry(client.app[STORE])
    lines = [
        "某市纪委监委：",
        "我实名举报某市纪委监委书记王建国，",
        "他在2024年收受某建设公司老板现金八十万元。",
        "举报人：张伟  电话：13912345678",
        "2026年11月20日",
    ]
    page = letters.to_png(letters.render_page(lines, dpi=300))
    data = aiohttp.FormData()
    data.add_field("page", page, filename="p1.png", content_type="image/png")
    station = {"Authorization": f"Bearer {await api_key(client, settings, 'station')}"}
    resp = await client.post("/api/v1/letters", data=data, headers=station)
    assert resp.status == 201, await resp.text()
    number = (await resp.json())["intake_no"]
    await _no_trace(client, settings, number, ["王建国", "建设公司", "13912345678", "张伟"])


async def test_a_call_marked_by_the_hotline_is_never_transcribed(
    make_client: MakeClient, settings: Settings
) -> None:
    # No speech model at all: a marked call needs none, it is never transcribed.
    client = await make_client(prefecture(settings))
    await registry(client.app[STORE])
    data = aiohttp.FormData()
    meta = {"call_id": "HL-SEALED-1", "caller_number": "13812345678", "sealed": "higher_level"}
    data.add_field("metadata", json.dumps(meta), content_type="application/json")
    data.add_field("recording", _silence(), filename="call.wav", content_type="audio/wav")
    hotline = {"Authorization": f"Bearer {await api_key(client, settings, 'hotline')}"}
    resp = await client.post("/api/v1/calls", data=data, headers=hotline)
    assert resp.status == 201, await resp.text()
    number = (await resp.json())["intake_no"]
    await _no_trace(client, settings, number, ["13812345678"])
    intake = await _sealed(client.app[STORE], number)
    deadlines = await client.app[STORE].list_deadlines()
    # R2: reported up within 5 working days of receipt (D1), the one deadline it keeps.
    assert [d.kind for d in deadlines if d.intake_id == intake.id] == ["UP_REPORT"]


async def test_a_sealed_report_sent_up_meets_its_report_up_deadline(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(prefecture(settings))
    store: Store = client.app[STORE]
    await registry(store)
    data = aiohttp.FormData()
    meta = {"call_id": "HL-SEALED-2", "sealed": "higher_level"}
    data.add_field("metadata", json.dumps(meta), content_type="application/json")
    data.add_field("recording", _silence(), filename="call.wav", content_type="audio/wav")
    hotline = {"Authorization": f"Bearer {await api_key(client, settings, 'hotline')}"}
    number = (await (await client.post("/api/v1/calls", data=data, headers=hotline)).json())[
        "intake_no"
    ]
    intake = await _sealed(store, number)
    head = {"Authorization": f"Bearer {await api_key(client, settings, 'head')}"}
    leader = {"Authorization": f"Bearer {await api_key(client, settings, 'leader')}"}
    decision = {"classification": "检举控告", "items": [{"actions": ["BAOSONG_UP"]}]}
    url = f"/api/v1/records/{number}"
    assert (await client.post(f"{url}/decision", json=decision, headers=head)).status == 200
    assert (
        await client.post(f"{url}/approval", json={"approved": True}, headers=leader)
    ).status == 200
    covers = [
        d for d in await store.manual_deliveries(with_sealed=True) if d.intake_id == intake.id
    ]
    # 径送本机关主要负责人, and 报送 to the organ above: two cover sheets, both printed.
    assert sorted(d.destination for d in covers) == ["organ/prov", "print/OWN_PRINCIPAL_LEADER"]
    for d in covers:
        assert (await client.post(f"{url}/deliveries/{d.id}/sent", headers=head)).status == 200
    assert (await store.load(intake.id)).stage == "baosong"  # type: ignore[union-attr]
    [up] = [d for d in await store.list_deadlines(open_only=False) if d.intake_id == intake.id]
    assert up.kind == "UP_REPORT" and up.met_at is not None
