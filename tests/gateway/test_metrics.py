"""``/metrics`` after real traffic: intakes per channel, OCR and ASR durations, HTTP requests.

Every figure is read by scraping ``/metrics`` over HTTP from a gateway on loopback, before
and after real requests (a web complaint, a scanned letter read by Tesseract, a call
transcribed by Vosk), and compared: a counter that exists but never moves proves nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from aiohttp.test_utils import TestClient
from prometheus_client.parser import text_string_to_metric_families

from channels.letter_ocr.extractor import from_settings
from channels.phone.extractor import PhoneExtractor
from gateway.settings import Settings
from normalizer.record import ExtractedText, Original, RawIntake
from tests.conftest import MakeClient, record_when_done, wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.letter_ocr import letters
from tests.letter_ocr.test_channel import station, upload
from tests.phone.conftest import Speech, korean_model_path
from tests.phone.test_channel import META, form, hotline

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: TestClient[Any, Any]) -> Samples:
    resp = await client.get("/metrics")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    out: Samples = {}
    for family in text_string_to_metric_families(await resp.text()):
        for sample in family.samples:
            out[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return out


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def series(samples: Samples, name: str) -> list[dict[str, str]]:
    return [dict(labels) for (n, labels) in samples if n == name]


async def test_each_stored_intake_counts_once_for_its_channel(make_client: MakeClient) -> None:
    client = await make_client()
    before = await scrape(client)
    # Every channel is there from the start, at 0, so a rate() has a series to start from.
    assert {s["channel"] for s in series(before, "intake_received_total")} == {
        "letter",
        "phone",
        "web",
        "visit",
    }
    headers = {"Idempotency-Key": "metrics-test-0001"}
    for _ in range(2):  # the same submission again is not a second intake
        resp = await client.post("/api/v1/complaints", json=COMPLAINT, headers=headers)
        assert resp.status in (200, 201), await resp.text()
    resp = await client.post("/api/v1/complaints", json=COMPLAINT)
    assert resp.status == 201
    after = await scrape(client)
    assert value(after, "intake_received_total", channel="web") == 2
    assert value(after, "intake_received_total", channel="letter") == 0


async def test_ocr_and_asr_durations_are_observed_per_engine(
    make_client: MakeClient, settings: Settings
) -> None:
    speech = Speech()
    tesseract = dataclasses.replace(settings, ocr_engines=("tesseract",))
    client = await make_client(
        extractors={
            "letter": from_settings(tesseract),
            "phone": PhoneExtractor(korean_model_path(), max_seconds=60),
        }
    )
    before = await scrape(client)
    assert value(before, "intake_ocr_duration_seconds_count", engine="tesseract:chi_sim") == 0

    page = letters.to_png(letters.render_page(letters.letter_lines(0), dpi=200))
    resp = await client.post(
        "/api/v1/letters",
        data=upload([("p1.png", page)], {"barcode": "XF-M001"}),
        headers=await station(client, settings),
    )
    assert resp.status == 201, await resp.text()
    letter_no = (await resp.json())["intake_no"]
    call = speech.encode(speech.say("아버지"), "pcm8k")
    resp = await client.post(
        "/api/v1/calls",
        data=form({**META, "call_id": "HL-M001", "caller_channel": None}, call),
        headers=await hotline(client, settings),
    )
    assert resp.status == 201, await resp.text()
    call_no = (await resp.json())["intake_no"]
    await record_when_done(client, settings, letter_no)
    await record_when_done(client, settings, call_no)

    after = await scrape(client)
    assert value(after, "intake_received_total", channel="letter") == 1
    assert value(after, "intake_received_total", channel="phone") == 1
    for name, engine in (
        ("intake_ocr_duration_seconds", "tesseract:chi_sim"),
        ("intake_asr_duration_seconds", "vosk"),
    ):
        assert value(after, f"{name}_count", engine=engine) == 1, name
        seconds = value(after, f"{name}_sum", engine=engine)
        assert 0 < seconds < 120, (name, seconds)
        # Cumulative buckets: +Inf holds the one observation; a finite bucket above it too.
        assert value(after, f"{name}_bucket", engine=engine, le="+Inf") == 1


class _Broken:
    """An engine that fails: its time still counts, under ``failed``."""

    def ready(self) -> bool:
        return True

    def extract(self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]) -> ExtractedText:
        raise RuntimeError("engine crashed")


async def test_a_failed_extraction_is_timed_as_failed(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(extractors={"letter": _Broken()})
    page = letters.to_png(letters.render_page(["测试"], dpi=100))
    resp = await client.post(
        "/api/v1/letters",
        data=upload([("p1.png", page)], {"barcode": "XF-M002"}),
        headers=await station(client, settings),
    )
    assert resp.status == 201, await resp.text()

    async def observed() -> bool:
        samples = await scrape(client)
        return value(samples, "intake_ocr_duration_seconds_count", engine="failed") >= 1

    await wait_for(observed, within=30)


async def test_http_requests_are_counted_by_route_name_and_status(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    for _ in range(3):
        assert (await client.get("/healthz")).status == 200
    assert (await client.get("/api/v1/records/XF-20261201-9999")).status == 401
    for n in range(5):  # five different unknown paths: one series, not five
        assert (await client.get(f"/no/such/page/{n}")).status == 404
    assert (await client.post("/healthz")).status == 405
    resp = await client.post("/api/v1/complaints", json={"main_problem": 3})
    assert resp.status == 422, await resp.text()
    samples = await scrape(client)
    name = "intake_http_requests_total"
    assert value(samples, name, route="healthz", status="200") == 3
    assert value(samples, name, route="records.get", status="401") == 1
    assert value(samples, name, route="unmatched", status="404") == 5
    assert value(samples, name, route="unmatched", status="405") == 1
    assert value(samples, name, route="web.submit_json", status="422") == 1
    labels = series(samples, name)
    assert not any("/no/such" in s["route"] or "9999" in s["route"] for s in labels)
    # The scrape counted itself, after its body was written: the next scrape shows it.
    again = await scrape(client)
    assert value(again, name, route="metrics", status="200") >= 1
