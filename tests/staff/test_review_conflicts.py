"""Two reviewers working on one record never silently overwrite each other."""

from __future__ import annotations

import re
from typing import Any

from gateway.app import STORE
from tests.conftest import MakeClient, wait_for
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import staff_client

_REV = re.compile(r'name="rev" value="(\d+)"')


async def test_a_save_on_a_record_changed_since_it_was_opened_is_refused(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    resp = await client.post("/api/v1/complaints", json={**COMPLAINT, "main_problem": "请查处。"})
    intake_no = (await resp.json())["intake_no"]
    store = client.app[STORE]

    async def in_review() -> Any:
        intake_id = await store.find_intake_no(intake_no)
        intake = await store.load(intake_id) if intake_id else None
        return intake if intake and intake.stage == "needs_review" else None

    await wait_for(in_review)
    csrf = await staff_client(client, "reviewer-wang", "reviewer")
    page = await (await client.get(f"/staff/records/{intake_no}")).text()
    (opened_rev,) = set(_REV.findall(page))

    def save(title: str, rev: str) -> Any:
        form = {"csrf": csrf, "rev": rev, "action": "save", "content.title": title}
        return client.post(
            f"/staff/records/{intake_no}/corrections", data=form, allow_redirects=False
        )

    first = await save("第一位审核人的标题", opened_rev)
    assert first.status == 303
    second = await save("第二位审核人的标题", opened_rev)  # opened before the first save
    assert second.status == 409
    assert "已被他人" in await second.text()
    intake = await store.load((await store.find_intake_no(intake_no)) or "")
    assert intake is not None and "第一位审核人的标题".encode() in intake.record
