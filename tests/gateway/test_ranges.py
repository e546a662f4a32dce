"""Originals served in pieces: a reviewer seeks in a long recording (HTTP Range, RFC 9110)."""

from __future__ import annotations

import json

import pytest

from gateway.records import RangeNotSatisfiable, byte_range
from gateway.settings import Settings
from tests.conftest import MakeClient, api_key
from tests.gateway.test_submit import COMPLAINT


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=900-5000", (900, 999)),  # the end is cut to the file
        ("bytes=-5000", (0, 999)),
        ("bytes=0-1,5-9", None),  # several spans: ignored, whole file
        ("items=0-1", None),  # another unit: ignored
    ],
    ids=["none", "head", "from", "suffix", "past-end", "long-suffix", "multi", "unit"],
)
def test_a_range_header_names_one_span(
    header: str | None, expected: tuple[int, int] | None
) -> None:
    assert byte_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=2000-3000", "bytes=-0", "bytes=9-3"])
def test_a_range_outside_the_file_is_not_satisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        byte_range(header, 1000)


async def test_an_original_is_served_in_ranges_over_http(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    sent = json.dumps(COMPLAINT, ensure_ascii=False).encode()
    body = await (
        await client.post(
            "/api/v1/complaints", data=sent, headers={"Content-Type": "application/json"}
        )
    ).json()
    key = await api_key(client, settings, "reviewer")
    url = f"/api/v1/records/{body['intake_no']}/originals/0"
    auth = {"Authorization": f"Bearer {key}"}
    whole = await client.get(url, headers=auth)
    assert whole.status == 200 and whole.headers["Accept-Ranges"] == "bytes"
    part = await client.get(url, headers={**auth, "Range": "bytes=10-19"})
    assert part.status == 206
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(sent)}"
    assert await part.read() == sent[10:20]
    tail = await client.get(url, headers={**auth, "Range": "bytes=-7"})
    assert tail.status == 206 and await tail.read() == sent[-7:]
    bad = await client.get(url, headers={**auth, "Range": f"bytes={len(sent)}-"})
    assert bad.status == 416
    assert bad.headers["Content-Range"] == f"bytes */{len(sent)}"
    assert (await bad.json())["code"] == "range_not_satisfiable"
