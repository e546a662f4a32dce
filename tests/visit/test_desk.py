"""The reception desk: form parsing into a VisitIntake, saving, receipts, and bad input."""

from __future__ import annotations

import io
import re
from typing import Any

import msgspec
import pytest
from aiohttp import FormData
from PIL import Image

from channels.visit.desk import parse_visit
from gateway.app import STORE
from gateway.settings import Settings
from normalizer.record import ComplaintRecord
from tests.conftest import MakeClient, wait_for
from tests.identity import make_id
from tests.staff.accounts import staff_client

ID_A = make_id("110105", "19700304", 123)
ID_B = make_id("310104", "19851212", 246)


def _png(width: int = 8, height: int = 8) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"v0_name": "张三", "matter": "反映某局长收受礼金"}, {}),
        ({"matter": "x"}, {"v0_name": "请至少登记一名来访人。"}),
        ({"v0_name": "张三", "matter": " "}, {"matter": "请记录来访反映的事项。"}),
        (
            {
                "v0_name": "张三",
                "v0_id": ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1"),
                "matter": "x",
            },
            {"v0_id": "…"},
        ),
        (
            {"v0_name": "张三", "v0_phone": "12345", "matter": "x"},
            {"v0_phone": "电话号码格式不正确，请填写手机号或带区号的固定电话。"},
        ),
        (
            {"v0_name": "张三", "v0_checked": "on", "matter": "x"},
            {"v0_id": "已勾选“已当面核验身份证”，请填写身份证号码。"},
        ),
        (
            {"v0_name": "张三", "v1_name": "李四", "group_size": "1", "matter": "x"},
            {"group_size": "来访人数（1）不能少于已登记的来访人（2 人）。"},
        ),
        (
            {"v0_name": "张三", "group_size": "二十", "matter": "x"},
            {"group_size": "来访人数应为整数。"},
        ),
        (
            {"v1_phone": "13812345678", "v0_name": "张三", "matter": "x"},
            {"v1_name": "请填写来访人姓名。"},
        ),
    ],
    ids=[
        "minimal",
        "no-visitor",
        "no-matter",
        "bad-id",
        "bad-phone",
        "checked-without-id",
        "group-smaller-than-named",
        "group-not-a-number",
        "row-without-name",
    ],
)
def test_the_desk_form_is_checked_field_by_field(
    values: dict[str, str], errors: dict[str, str]
) -> None:
    parsed = parse_visit(values, entered_by="clerk:zhou", group_threshold=5)
    assert set(parsed.errors) == set(errors)
    for name, message in errors.items():
        if message != "…":
            assert parsed.errors[name] == message
        else:
            assert parsed.errors[name]  # the Chinese message of check_id_number
    assert (parsed.intake is None) == bool(errors)


def test_a_group_visit_marks_its_named_visitors_as_representatives() -> None:
    parsed = parse_visit(
        {
            "v0_name": "张三",
            "v0_id": ID_A,
            "v0_checked": "on",
            "v1_name": "李四",
            "group_size": "12",
            "a0_name": "王五",
            "a0_unit": "某镇政府",
            "matter": "反映问题",
            "place": "区纪委信访接待室",
        },
        entered_by="clerk:zhou",
        group_threshold=5,
    )
    intake = parsed.intake
    assert intake is not None
    assert [v.representative for v in intake.visitors] == [True, True]
    assert intake.group_size == 12 and intake.entered_by == "clerk:zhou"
    assert intake.visitors[0].id_checked and not intake.visitors[1].id_checked
    assert intake.accused[0].unit == "某镇政府"


def _form(csrf: str, fields: dict[str, str], files: list[tuple[str, bytes]] = ()) -> FormData:
    form = FormData(default_to_multipart=True)
    form.add_field("csrf", csrf)  # first, so a forged request is refused before any file
    for k, v in fields.items():
        form.add_field(k, v)
    for name, data in files:
        form.add_field("file", data, filename=name, content_type="application/octet-stream")
    return form


async def test_a_saved_group_visit_is_a_confirmed_real_name_record_with_a_receipt(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    csrf = await staff_client(client, "zhou", "clerk")
    fields = {
        "idem": "visit-test-0001",
        "v0_name": "张三",
        "v0_id": ID_A,
        "v0_checked": "on",
        "v0_phone": "13812345678",
        "v0_rep": "on",
        "v1_name": "李四",
        "v1_id": ID_B,
        "v1_rep": "on",
        "group_size": "8",
        "a0_name": "王五",
        "a0_unit": "某县住建局",
        "a0_position": "局长",
        "matter": "王五在工程招标中收受好处费三十万元。",
        "place": "县纪委信访接待室",
    }
    resp = await client.post("/desk/visits", data=_form(csrf, fields, [("scan.png", _png())]))
    page = await resp.text()
    assert resp.status == 200, page
    number = re.search(r'id="intake-no">(F\d+)<', page)
    code = re.search(r'id="query-code" class="code">([^<]+)<', page)
    assert number and code
    assert "集体访" in page and "张三、李四" in page
    assert ID_A not in page  # the receipt never prints ID numbers
    store = client.app[STORE]

    async def normalized() -> Any:
        intake_id = await store.find_intake_no(number.group(1))
        intake = await store.load(intake_id) if intake_id else None
        return intake if intake and intake.record else None

    intake = await wait_for(normalized)
    record = msgspec.json.decode(intake.record, type=ComplaintRecord)
    assert record.provenance.entered_by == "clerk:zhou"
    assert record.complainant.name == "张三" and record.complainant.is_group
    assert record.complainant.representatives == ["张三", "李四"]
    # Every representative's identity is in the record, not only the first one's.
    first, second = record.complainant.representative_details
    assert first.id_number is not None and first.id_number.value == ID_A and first.id_checked
    assert [p.e164 for p in first.phones] == ["+8613812345678"]
    assert second.name == "李四" and second.id_number is not None
    assert second.id_number.value == ID_B and not second.id_checked
    assert record.real_name.status == "REAL_NAME_CONFIRMED"
    assert record.real_name.verifications[0].method == "FACE_TO_FACE"
    assert [o.media_type for o in intake.originals] == ["image/png"]
    # The same form sent twice (a reload) is one record, and the code is not shown again;
    # the same form edited and sent again is refused, not silently dropped.
    again = await client.post("/desk/visits", data=_form(csrf, fields, [("scan.png", _png())]))
    assert number.group(1) in await again.text()
    assert 'id="query-code"' not in await again.text()
    edited = await client.post(
        "/desk/visits",
        data=_form(csrf, {"idem": "visit-test-0001", "v0_name": "张三", "matter": "重复提交"}),
    )
    assert edited.status == 409 and "已提交过" in await edited.text()
    assert len(await store.list_intakes()) == 1


async def test_telling_the_visitor_where_to_go_is_an_event(make_client: MakeClient) -> None:
    client = await make_client()
    csrf = await staff_client(client, "wu", "clerk")
    resp = await client.post(
        "/desk/visits",
        data=_form(
            csrf,
            {"v0_name": "赵六", "matter": "邻里宅基地纠纷", "informed": "已告知向乡人民法院起诉"},
        ),
    )
    page = await resp.text()
    number = re.search(r'id="intake-no">(F\d+)<', page)
    assert number
    store = client.app[STORE]
    intake_id = await store.find_intake_no(number.group(1))
    assert intake_id
    events = await store.events(intake_id)
    informed = [e for e in events if e.type == "COMPLAINANT_INFORMED"]
    assert len(informed) == 1 and informed[0].actor == "clerk:wu"
    assert "法院" not in (informed[0].reason or "")  # what was said stays in the record


@pytest.mark.parametrize(
    ("files", "status", "message"),
    [
        ([("a.png", b"MZ\x90\x00 not an image")], 415, "附件类型不支持"),
        ([("big.png", _png(3000, 3000))], 413, "图片像素过大"),
        ([(f"{i}.png", _png()) for i in range(3)], 413, "附件最多 2 个"),
    ],
    ids=["wrong-type-by-content", "too-many-pixels", "too-many-files"],
)
async def test_documents_follow_the_web_channels_limits(
    make_client: MakeClient,
    settings: Settings,
    files: list[tuple[str, bytes]],
    status: int,
    message: str,
) -> None:
    import dataclasses

    client = await make_client(
        dataclasses.replace(settings, max_files=2, max_image_pixels=1_000_000)
    )
    csrf = await staff_client(client, "zheng", "clerk")
    resp = await client.post(
        "/desk/visits", data=_form(csrf, {"v0_name": "张三", "matter": "反映问题"}, files)
    )
    page = await resp.text()
    assert resp.status == status and message in page
    assert 'value="张三"' in page  # what the clerk typed is kept
    assert await client.app[STORE].list_intakes() == []


async def test_a_forged_desk_form_is_refused(make_client: MakeClient) -> None:
    client = await make_client()
    await staff_client(client, "feng", "clerk")
    resp = await client.post("/desk/visits", data=_form("forged", {"v0_name": "x", "matter": "y"}))
    assert resp.status == 400
    assert await client.app[STORE].list_intakes() == []
