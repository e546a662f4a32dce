"""Attachments of a form sent back for a correction are kept for the next try, over HTTP.

What the page says is kept must be what is kept: the files reach the record with the
corrected submission, byte for byte; they are held encrypted, for one browser, for a while,
within bounds; and when they cannot be kept, the page says so. SQLite and PostgreSQL both.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from typing import Any

from aiohttp import FormData
from aiohttp.test_utils import TestClient

from gateway.app import ORIGINALS, STORE
from gateway.settings import Settings
from tests.conftest import MakeClient
from tests.engines import every_engine, query
from tests.web.conftest import solve_question
from tests.web.files import EXE, png
from tests.web.test_api import report_form

engine = every_engine  # each test runs on SQLite and on PostgreSQL
Client = TestClient[Any, Any]
EVIDENCE = "证据说明：2023年2月3日在局长办公室交付现金五万元，收据编号 HELD-MARKER-7731。".encode()


async def form_page(client: Client, html: str | None = None) -> tuple[str, str, str]:
    html = html or await (await client.get("/report")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', html)
    challenge = re.search(r'name="challenge" value="([^"]+)"', html)
    label = re.search(r'id="answer-label">([^<]+)<', html)
    assert csrf and challenge and label
    return csrf.group(1), challenge.group(1), solve_question(label.group(1))


def with_files(
    base: FormData, files: list[tuple[str, bytes]], held: str = "", keep: tuple[int, ...] = ()
) -> FormData:
    """``report_form`` plus the held token and ticks, and files in place of its empty one."""
    form = FormData()
    for options, _headers, value in base._fields:
        if options["name"] == "file":
            continue
        form.add_field(options["name"], value)
    if held:
        form.add_field("held", held)
    for i in keep:
        form.add_field(f"keep_{i}", "yes")
    for name, data in files:
        form.add_field("file", data, filename=name, content_type="application/octet-stream")
    if not files:
        form.add_field("file", b"", filename="", content_type="application/octet-stream")
    return form


def held_token(html: str) -> str:
    m = re.search(r'name="held" value="([^"]+)"', html)
    assert m, "no held attachments in the page"
    return m.group(1)


def held_names(html: str) -> list[str]:
    return re.findall(r'name="keep_\d+" value="yes" checked> ([^（]+)（', html)


async def refused_once(
    client: Client, files: list[tuple[str, bytes]], **extra: str
) -> tuple[str, str]:
    """A form with a mistake (no title) and ``files``: the page it comes back as, and the
    token of what it holds."""
    csrf, challenge, answer = await form_page(client)
    resp = await client.post(
        "/report", data=with_files(report_form(csrf, challenge, answer, title="", **extra), files)
    )
    html = await resp.text()
    assert resp.status == 422 and 'id="title-error"' in html
    return html, held_token(html) if 'name="held"' in html else ""


async def originals_of(client: Client, html: str) -> list[tuple[str, str | None, bytes]]:
    number = re.search(r'id="intake-no"[^>]*>([^<]+)<', html)
    assert number, html
    store = client.app[STORE]
    stored = await store.load((await store.find_intake_no(number.group(1).strip())) or "")
    assert stored is not None
    out = []
    for o in stored.originals:
        out.append((o.media_type, o.filename, await client.app[ORIGINALS].read(o.sha256)))
    return out


async def test_a_corrected_form_is_submitted_with_the_attachments_sent_the_first_time(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    image = png()
    html, token = await refused_once(client, [("evidence.txt", EVIDENCE), ("scene.png", image)])
    assert held_names(html) == ["evidence.txt", "scene.png"]
    assert "2 个附件均已保留" in html and "无需重新选择" in html
    assert 'id="file-error"' not in html
    csrf, challenge, answer = await form_page(client, html)
    resp = await client.post(
        "/report",
        data=with_files(report_form(csrf, challenge, answer), [], held=token, keep=(0, 1)),
    )
    receipt = await resp.text()
    assert resp.status == 200 and 'id="query-code"' in receipt
    originals = await originals_of(client, receipt)
    assert [(m, n, d) for m, n, d in originals[1:]] == [
        ("text/plain", "evidence.txt", EVIDENCE),
        ("image/png", "scene.png", image),
    ]
    # The receipt reloaded (the same POST again) is the same report, not a conflict.
    again = await client.post(
        "/report",
        data=with_files(report_form(csrf, challenge, answer), [], held=token, keep=(0, 1)),
    )
    assert again.status == 200 and "未重复登记" in await again.text()
    assert len(await client.app[STORE].list_intakes()) == 1


async def test_an_unticked_file_is_left_out_and_new_files_join_the_kept_ones(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    html, token = await refused_once(client, [("a.txt", EVIDENCE), ("b.png", png())])
    csrf, challenge, answer = await form_page(client, html)
    extra = "补充材料".encode()
    resp = await client.post(
        "/report",
        data=with_files(
            report_form(csrf, challenge, answer), [("c.txt", extra)], held=token, keep=(1,)
        ),
    )
    receipt = await resp.text()
    assert resp.status == 200, receipt
    names = [n for _, n, _ in (await originals_of(client, receipt))[1:]]
    assert names == ["b.png", "c.txt"]


async def test_a_second_mistake_keeps_them_again(make_client: MakeClient) -> None:
    client = await make_client()
    html, token = await refused_once(client, [("a.txt", EVIDENCE)])
    csrf, challenge, answer = await form_page(client, html)
    resp = await client.post(
        "/report",
        data=with_files(
            report_form(csrf, challenge, str(int(answer) + 1)),
            [("b.txt", "第二份".encode())],
            held=token,
            keep=(0,),
        ),
    )
    html = await resp.text()
    assert resp.status == 422 and 'id="answer-error"' in html
    assert held_names(html) == ["a.txt", "b.txt"]
    csrf, challenge, answer = await form_page(client, html)
    resp = await client.post(
        "/report",
        data=with_files(
            report_form(csrf, challenge, answer), [], held=held_token(html), keep=(0, 1)
        ),
    )
    assert resp.status == 200
    assert len(await originals_of(client, await resp.text())) == 3


async def test_held_files_are_encrypted_and_only_their_hash_names_them(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    _, token = await refused_once(client, [("a.txt", EVIDENCE)])
    rows = query(settings, "SELECT token_hash, data, bytes FROM held_attachments")
    assert len(rows) == 1
    token_hash, data, size = rows[0]
    assert size == len(EVIDENCE)
    assert b"HELD-MARKER-7731" not in bytes(data) and EVIDENCE not in bytes(data)
    assert token.encode() not in bytes(token_hash) and len(bytes(token_hash)) == 32


async def test_another_browser_cannot_use_the_token(make_client: MakeClient) -> None:
    client = await make_client()
    html, token = await refused_once(client, [("a.txt", EVIDENCE)])
    client.session.cookie_jar.clear()  # another browser: another CSRF cookie
    csrf, challenge, answer = await form_page(client)
    resp = await client.post(
        "/report", data=with_files(report_form(csrf, challenge, answer), [], held=token, keep=(0,))
    )
    html = await resp.text()
    assert resp.status == 422 and "此前为您保留的附件已超过保留时间" in html
    assert await client.app[STORE].list_intakes() == []


async def test_expired_files_are_asked_for_again(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, form_hold_s=0.5))
    html, token = await refused_once(client, [("a.txt", EVIDENCE)])
    await asyncio.sleep(0.8)
    csrf, challenge, answer = await form_page(client, html)
    resp = await client.post(
        "/report", data=with_files(report_form(csrf, challenge, answer), [], held=token, keep=(0,))
    )
    html = await resp.text()
    assert resp.status == 422
    assert "已超过保留时间，请重新选择" in html and "附件未保存" in html
    assert 'name="held"' not in html
    # The next hold purges the expired one: the table does not grow with abandoned forms.
    await refused_once(client, [("b.txt", EVIDENCE)])
    assert len(query(settings, "SELECT bytes FROM held_attachments")) == 1


async def test_a_set_over_the_bounds_is_not_kept_and_the_page_says_so(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(
        dataclasses.replace(settings, form_hold_bytes=200, form_hold_total_bytes=250)
    )
    html, token = await refused_once(client, [("big.txt", "大" * 100)])  # 300 bytes
    assert token == "" and "超过可为您暂存的" in html
    assert "附件未保存" in html and "均已保留" not in html
    html, token = await refused_once(client, [("a.txt", "甲" * 50)])  # 150 bytes: kept
    assert token
    html, token = await refused_once(client, [("b.txt", "乙" * 50)])  # 300 in all: not kept
    assert token == "" and "系统暂时无法为您保留附件" in html


async def test_kept_and_new_files_together_obey_the_upload_limits(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, max_files=2))
    html, token = await refused_once(client, [("a.txt", EVIDENCE), ("b.txt", EVIDENCE)])
    csrf, challenge, answer = await form_page(client, html)
    resp = await client.post(
        "/report",
        data=with_files(
            report_form(csrf, challenge, answer), [("c.txt", EVIDENCE)], held=token, keep=(0, 1)
        ),
    )
    html = await resp.text()
    assert resp.status == 422 and "附件最多 2 个（已为您保留 2 个）" in html
    assert held_names(html) == ["a.txt", "b.txt"]  # what was kept stays kept
    assert await client.app[STORE].list_intakes() == []


async def test_a_refused_new_file_does_not_lose_the_kept_ones(make_client: MakeClient) -> None:
    client = await make_client()
    html, token = await refused_once(client, [("a.txt", EVIDENCE)])
    csrf, challenge, answer = await form_page(client, html)
    resp = await client.post(
        "/report",
        data=with_files(
            report_form(csrf, challenge, answer), [("x.exe", EXE)], held=token, keep=(0,)
        ),
    )
    html = await resp.text()
    assert resp.status == 422 and "附件类型不支持" in html
    assert held_names(html) == ["a.txt"]
    assert "1 个附件均已保留" in html and "附件一栏另有需要处理的问题" in html


async def test_holding_can_be_turned_off(make_client: MakeClient, settings: Settings) -> None:
    client = await make_client(dataclasses.replace(settings, form_hold_bytes=0))
    html, token = await refused_once(client, [("a.txt", EVIDENCE)])
    assert token == "" and "出于安全原因，请重新选择附件" in html and "附件未保存" in html
    assert query(settings, "SELECT bytes FROM held_attachments") == []
