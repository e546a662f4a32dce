"""A lower organ's 报结 with its documents (issue 13 item 2): the files are kept as originals
of the record, byte for byte, in the same commit as the step; only a reported result takes
files."""

from __future__ import annotations

import json

import aiohttp

from gateway.settings import Settings
from tests.conftest import MakeClient
from tests.engines import every_engine
from tests.gateway.test_routing import _setup
from tests.gateway.test_supervision import _handed_down, _step
from tests.staff.accounts import staff_client
from tests.web.files import png

engine = every_engine


def _form(step: dict[str, object], *files: tuple[str, bytes]) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("step", json.dumps(step), content_type="application/json")
    for name, data in files:
        form.add_field("file", data, filename=name, content_type="image/png")
    return form


async def test_a_reported_result_keeps_its_files_as_originals(
    make_client: MakeClient, settings: Settings
) -> None:
    api, store = await _setup(make_client, settings)
    number, intake_id = await _handed_down(api, store)
    assert (await _step(api, number, action="lower_accepted")).status == 200
    before = len((await store.load(intake_id)).originals)  # type: ignore[union-attr]
    url = f"/api/v1/records/{number}/supervision"
    headers = await api.headers("reviewer")
    refused = await api.client.post(
        url, data=_form({"item": 0, "action": "remind"}, ("x.png", png())), headers=headers
    )
    assert refused.status == 422 and (await refused.json())["code"] == "attachments_not_allowed"
    scan = png(60, 40)
    resp = await api.client.post(
        url, data=_form({"item": 0, "action": "result_reported"}, ("result-report.png", scan)),
        headers=headers,
    )  # fmt: skip
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["stage"] == "result_reported"
    intake = await store.load(intake_id)
    assert intake is not None and len(intake.originals) == before + 1
    kept = intake.originals[-1]
    assert (kept.role, kept.filename) == ("result", "result-report.png")
    got = await api.client.get(f"/api/v1/records/{number}/originals/{before}", headers=headers)
    assert got.status == 200 and await got.read() == scan

    # Sent back, then reported again from the page with another file.
    note = {"action": "send_back", "note": "未附询问笔录"}
    assert (await _step(api, number, **note)).status == 200
    csrf = await staff_client(api.client, "reviewer-wu", "reviewer")
    page = await (await api.client.get("/staff/supervision")).text()
    assert 'name="file"' in page
    form = aiohttp.FormData()
    for k, v in {"csrf": csrf, "item": "0", "action": "result_reported"}.items():
        form.add_field(k, v)
    form.add_field("file", png(30, 30), filename="interview-record.png", content_type="image/png")
    resp = await api.client.post(
        f"/staff/records/{number}/supervision", data=form, allow_redirects=False
    )
    assert resp.status == 303, await resp.text()
    intake = await store.load(intake_id)
    assert intake is not None and [o.filename for o in intake.originals[before:]] == [
        "result-report.png",
        "interview-record.png",
    ]
