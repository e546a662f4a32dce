"""The staff record list: search through the blind index, audited; assignment and the
承办人's own queue; the audit page (issue 17)."""

from __future__ import annotations

import re
from typing import Any

from gateway.app import STORE
from gateway.settings import Settings
from tests.conftest import MakeClient, wait_for
from tests.engines import every_engine, query
from tests.gateway.test_submit import COMPLAINT
from tests.identity import make_id
from tests.staff.accounts import csrf_of, login, make_user, staff_client

engine = every_engine

OTHER = {
    **COMPLAINT,
    "complainant": {
        "kind": "PERSON",
        "name": "司马青",
        "id_number": make_id("320102", "19790505", 321),
        "phone": "13900001111",
    },
    "accused": [{"name": "周正", "unit": "某县水利局", "position": "副局长"}],
    "main_problem": "某县水利局副局长周正在河道工程中收受好处费。",
}


async def _three(client: Any) -> list[str]:
    numbers = []
    third = {
        **OTHER,
        "title": "另一事",
        "accused": [],
        "main_problem": "反映某村村主任孙某侵占补偿款。",
    }
    for body in (COMPLAINT, OTHER, third):
        resp = await client.post("/api/v1/complaints", json=body)
        numbers.append((await resp.json())["intake_no"])
    store = client.app[STORE]

    async def done() -> bool:
        for n in numbers:
            intake = await store.load(await store.find_intake_no(n) or "")
            if intake is None or intake.record is None:
                return False
        return True

    await wait_for(done)
    return numbers


def _found(html: str) -> list[str]:
    return re.findall(r'<tr data-intake="(\w+)"', html)


async def test_staff_find_records_by_identity_without_decrypting_and_it_is_audited(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    a, b, c = await _three(client)
    await staff_client(client, "reviewer-li", "reviewer")

    async def search(**params: str) -> list[str]:
        resp = await client.get("/staff/records", params=params)
        assert resp.status == 200, await resp.text()
        return _found(await resp.text())

    assert await search(name="欧阳明华") == [a]
    assert sorted(await search(phone="139 0000 1111")) == sorted([b, c])  # written as people do
    assert await search(id_number=COMPLAINT["complainant"]["id_number"].lower()) == [a]
    assert await search(accused="周 正") == [b]
    assert await search(unit="某县交通运输局") == [a]
    assert await search(name="司马青", accused="周正") == [b]  # every field must match
    assert await search(name="无此人") == []
    assert await search(no=a.lower()) == [a]
    assert len(await search(channel="web")) == 3 and await search(channel="letter") == []
    assert await search(sort="old") == [a, b, c]
    first = await search(size="2")
    second = await search(size="2", page="2")
    assert len(first) == 2 and len(second) == 1 and set(first + second) == {a, b, c}
    bad = await client.get("/staff/records", params={"from": "昨天"})
    assert bad.status == 422 and "日期格式" in await bad.text()

    # The index holds keyed hashes only; the audit names the fields searched, never values.
    assert not any(
        "欧阳".encode() in bytes(r[0]) for r in query(settings, "SELECT digest FROM match_keys")
    )
    entries = [e for e in await client.app[STORE].audit_entries() if e.action == "search"]
    assert entries and all("欧阳" not in (e.detail or "") for e in entries)
    assert any(e.detail == "检举控告人姓名：1 件" for e in entries)
    assert (await client.get("/staff/audit")).status == 403  # a reviewer does not audit
    await staff_client(client, "head-wang", "head")
    page = await (await client.get("/staff/audit?actor=reviewer:reviewer-li")).text()
    assert "按身份信息检索" in page and "检举控告人姓名：1 件" in page and "欧阳明华" not in page


async def test_a_corrected_name_is_found_by_its_new_value(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    a, _, _ = await _three(client)
    csrf = await staff_client(client, "reviewer-li", "reviewer")
    page = await (await client.get(f"/staff/records/{a}")).text()
    rev = re.search(r'name="rev" value="(\d+)"', page)
    assert rev
    form = {"csrf": csrf, "rev": rev.group(1), "action": "save", "complainant.name": "欧阳明"}
    resp = await client.post(f"/staff/records/{a}/corrections", data=form, allow_redirects=False)
    assert resp.status == 303
    found = await (await client.get("/staff/records", params={"name": "欧阳明"})).text()
    gone = await (await client.get("/staff/records", params={"name": "欧阳明华"})).text()
    assert _found(found) == [a] and _found(gone) == []


async def test_a_reviewer_takes_an_item_and_sees_it_in_their_queue(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    a, b, _ = await _three(client)
    csrf = await staff_client(client, "reviewer-li", "reviewer")
    resp = await client.post(
        f"/staff/records/{a}/assign", data={"csrf": csrf, "assignee": "me"}, allow_redirects=False
    )
    assert resp.status == 303
    page = await (await client.get(f"/staff/records/{a}?saved=4")).text()
    assert "审核人员 reviewer-li" in page and "已更新承办人" in page
    mine = await (await client.get("/staff/mine")).text()
    assert _found(mine) == [a]
    assert "李明 某县交通运输局 局长" in mine and "受理告知" in mine  # accused and D5 due
    # Someone else may not give it away or take it from the 承办人 …
    await make_user(client, "reviewer-zhao", "reviewer")
    other = await staff_client(client, "reviewer-qian", "reviewer")
    refused = await client.post(f"/staff/records/{a}/assign", data={"csrf": other, "assignee": ""})
    assert refused.status == 403
    refused = await client.post(
        f"/staff/records/{b}/assign", data={"csrf": other, "assignee": "reviewer-zhao"}
    )
    assert refused.status == 403
    # … the head may.
    head = await staff_client(client, "head-wang", "head")
    resp = await client.post(
        f"/staff/records/{b}/assign",
        data={"csrf": head, "assignee": "reviewer-zhao"},
        allow_redirects=False,
    )
    assert resp.status == 303
    resp = await login(client, "reviewer-zhao")
    assert resp.status == 303
    assert _found(await (await client.get("/staff/mine")).text()) == [b]
    store = client.app[STORE]
    events = await store.events(await store.find_intake_no(b) or "")
    assert [(e.type, e.actor, e.reason) for e in events if e.type == "ASSIGNED"] == [
        ("ASSIGNED", "head:head-wang", "reviewer:reviewer-zhao")
    ]
    assert csrf_of(await (await client.get("/staff/review")).text())
