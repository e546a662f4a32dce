"""The phone channel end to end: upload or spool -> stored -> Vosk transcript -> record."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from channels.phone.adapter import CallLimits
from channels.phone.extractor import PhoneExtractor
from channels.phone.spool import SpoolWatcher
from gateway.app import INTAKE, STORE
from gateway.settings import Settings
from tests.conftest import MakeClient, api_key, record_when_done
from tests.phone.conftest import Speech

META = {
    "call_id": "HL-20261128-0001",
    "caller_number": "13812345678",
    "called_line": "12388",
    "started_at": "2026-11-28T09:30:00+08:00",
    "duration_s": 2.0,
    "agent_id": "A017",
    "caller_channel": 0,
}


def form(meta: dict[str, Any] | None, recording: bytes | None) -> aiohttp.FormData:
    data = aiohttp.FormData()
    if meta is not None:
        data.add_field("metadata", json.dumps(meta), content_type="application/json")
    if recording is not None:
        data.add_field("recording", recording, filename="call.wav", content_type="audio/wav")
    return data


async def hotline(client: TestClient[Any, Any], settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {await api_key(client, settings, 'hotline')}"}


@pytest.fixture
def stereo_call(speech: Speech) -> bytes:
    import numpy as np

    caller = speech.say("아버지")
    agent = np.concatenate([speech.silence(len(caller) / speech.rate), speech.say("나무")])
    return speech.encode(speech.stereo(caller, agent), "mulaw8k")


async def test_an_uploaded_stereo_call_is_transcribed_per_speaker(
    make_client: MakeClient, settings: Settings, model_path: Path, stereo_call: bytes
) -> None:
    client = await make_client(extractors={"phone": PhoneExtractor(model_path, max_seconds=60)})
    resp = await client.post(
        "/api/v1/calls", data=form(META, stereo_call), headers=await hotline(client, settings)
    )
    assert resp.status == 201, await resp.text()
    data = await record_when_done(client, settings, (await resp.json())["intake_no"])
    parts = data["extracted"]["parts"]
    assert [p["label"] for p in parts] == ["来电人", "接听员"]
    assert all(p["engine"] == "vosk" and p["text"] for p in parts)
    words = data["extracted"]["detail"]["words"]
    assert set(words) == {"caller", "agent"}
    assert all(w[1] < w[2] for w in words["caller"])  # start before end
    record = data["record"]
    assert record["content"]["text_is_draft"] is True
    phone = record["complainant"]["phones"][0]
    assert (phone["e164"], phone["valid"]) == ("+8613812345678", True)
    assert phone["region"]  # the region phonenumbers gives, in Chinese
    assert record["provenance"]["entered_by"] == "A017"


async def test_a_withheld_caller_is_recorded_as_such(
    make_client: MakeClient, settings: Settings, model_path: Path, speech: Speech
) -> None:
    client = await make_client(extractors={"phone": PhoneExtractor(model_path, max_seconds=60)})
    meta = {**META, "call_id": "HL-withheld", "caller_number": "withheld", "caller_channel": None}
    resp = await client.post(
        "/api/v1/calls",
        data=form(meta, speech.encode(speech.say("노래"), "pcm16k")),
        headers=await hotline(client, settings),
    )
    assert resp.status == 201
    record = (await record_when_done(client, settings, (await resp.json())["intake_no"]))["record"]
    assert record["complainant"]["phones"] == []
    assert "caller_withheld" in [f["code"] for f in record["flags"]]


async def test_the_call_id_makes_a_retried_upload_a_no_op(
    make_client: MakeClient, settings: Settings, speech: Speech
) -> None:
    client = await make_client()
    audio = speech.encode(speech.say("나무"), "alaw8k")
    headers = await hotline(client, settings)
    first = await client.post("/api/v1/calls", data=form(META, audio), headers=headers)
    second = await client.post("/api/v1/calls", data=form(META, audio), headers=headers)
    assert (first.status, second.status) == (201, 200)
    assert len(await client.app[STORE].list_intakes()) == 1


async def test_without_a_model_calls_wait_and_are_transcribed_once_one_is_configured(
    make_client: MakeClient, settings: Settings, model_path: Path, speech: Speech
) -> None:
    client = await make_client(extractors={"phone": PhoneExtractor(None, max_seconds=60)})
    resp = await client.post(
        "/api/v1/calls",
        data=form({**META, "caller_channel": None}, speech.encode(speech.say("어머니"), "mulaw8k")),
        headers=await hotline(client, settings),
    )
    intake_no = (await resp.json())["intake_no"]
    ready = await (await client.get("/readyz")).json()
    assert ready["waiting_for_engine"] == ["extract:phone"]
    await asyncio.sleep(0.3)
    (item,) = await client.app[STORE].list_intakes()
    assert item["stage"] == "received"
    await client.close()

    restarted = await make_client(extractors={"phone": PhoneExtractor(model_path, max_seconds=60)})
    data = await record_when_done(restarted, settings, intake_no)
    assert data["extracted"]["parts"][0]["label"] == "通话"
    assert data["extracted"]["parts"][0]["text"]


@pytest.mark.parametrize(
    ("meta", "audio_kind", "status", "code"),
    [
        (META, "not-audio", 415, "audio_unreadable"),
        (META, "empty", 422, "audio_empty"),
        (META, "truncated", 422, "audio_truncated"),
        ({**META, "duration_s": 999_999}, "wav", 413, "audio_too_long"),
        ({**META, "caller_number": "call me maybe"}, "wav", 422, "caller_number_invalid"),
        ({k: v for k, v in META.items() if k != "call_id"}, "wav", 422, "metadata_invalid"),
        (None, "wav", 422, "metadata_missing"),
        (META, None, 422, "recording_missing"),
    ],
    ids=[
        "not-audio",
        "zero-length",
        "truncated",
        "absurd-duration",
        "bad-caller-number",
        "no-call-id",
        "no-metadata",
        "no-recording",
    ],
)
async def test_bad_calls_are_refused_clearly_and_nothing_is_stored(
    make_client: MakeClient,
    settings: Settings,
    speech: Speech,
    meta: dict[str, Any] | None,
    audio_kind: str | None,
    status: int,
    code: str,
) -> None:
    client = await make_client()
    wav = speech.encode(speech.say("우리나라"), "pcm16k")
    audio = {
        "not-audio": b"%PDF-1.4 this is not a recording" * 10,
        "empty": b"",
        "truncated": wav[: len(wav) // 2],
        "wav": wav,
        None: None,
    }[audio_kind]
    resp = await client.post(
        "/api/v1/calls", data=form(meta, audio), headers=await hotline(client, settings)
    )
    assert resp.status == status, await resp.text()
    problem = await resp.json()
    assert problem["code"] == code and problem["message_zh"]
    # People read message_zh: no decoder English in it ("Object missing required field").
    for english in ("Object", "missing", "Expected", "field"):
        assert english not in problem["message_zh"]
    assert await client.app[STORE].list_intakes() == []


async def test_only_the_hotline_may_upload_calls(
    make_client: MakeClient, settings: Settings, speech: Speech
) -> None:
    client = await make_client()
    data = form(META, speech.encode(speech.say("나무"), "pcm8k"))
    assert (await client.post("/api/v1/calls", data=data)).status == 401


async def test_the_spool_takes_complete_pairs_once_and_rejects_bad_ones(
    make_client: MakeClient, settings: Settings, speech: Speech, tmp_path: Path
) -> None:
    client = await make_client()
    spool = tmp_path / "spool"
    spool.mkdir()
    limits = CallLimits(max_seconds=60)
    submit = client.app[INTAKE].submit
    (spool / "c1.wav").write_bytes(speech.encode(speech.say("나무"), "mulaw8k"))
    (spool / "c2.wav").write_bytes(b"garbage, not audio" * 20)
    (spool / "c2.json").write_text(json.dumps({**META, "call_id": "c2"}))
    (spool / "c3.json").write_text(json.dumps({**META, "call_id": "c3"}))  # no recording
    os.utime(spool / "c3.json", (time.time() - 3600, time.time() - 3600))
    watcher = SpoolWatcher(spool, submit, limits, orphan_after_s=600)
    assert await watcher.scan() == 0  # c1 has no sidecar yet: the hotline is still writing
    (spool / "c1.json").write_text(json.dumps({**META, "call_id": "c1"}))
    c1 = {name: (spool / name).read_bytes() for name in ("c1.json", "c1.wav")}
    assert await watcher.scan() == 1
    # Stored encrypted, so no plaintext copy stays behind.
    assert not (spool / "done").exists()
    assert not (spool / "c1.wav").exists() and not (spool / "c1.json").exists()
    rejected = sorted(p.name for p in (spool / "rejected").iterdir())
    assert rejected == ["c2.json", "c2.reason.txt", "c2.wav", "c3.json", "c3.reason.txt"]
    assert (spool / "rejected" / "c2.reason.txt").read_text() == "audio_unreadable\n"

    # A crash after storing but before deleting: the pair is seen again and not doubled.
    for name, data in c1.items():
        (spool / name).write_bytes(data)
    restarted = SpoolWatcher(spool, submit, limits, orphan_after_s=600)
    assert await restarted.scan() == 0
    assert not (spool / "c1.json").exists()
    assert len(await client.app[STORE].list_intakes()) == 1
