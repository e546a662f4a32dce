"""The documents the office sends, over HTTP (issue 17): the 受理告知书 (D5), the 不予受理告知书
and the 反馈记录 (D6) filled from the record, printable and as .docx; which record offers
which; recording one as sent (deadline met, state machine refusals in Chinese with 409); every
look an IDENTITY_VIEWED event; sealed items never get one."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from typing import Any
from urllib.parse import unquote

import docx
import msgspec
import pytest
from aiohttp.test_utils import TestClient

from gateway.app import STORE
from gateway.documents import Facts, Kind, compose, refusal
from gateway.settings import Settings
from gateway.storage import RoutingItem, Store, StoredIntake
from normalizer.record import IdentityClaim, ReporterKind
from normalizer.stages import Stage
from normalizer.triage import Classification
from tests.conftest import MakeClient, api_key, wait_for
from tests.engines import every_engine
from tests.gateway.test_callbacks import TOKEN, handed_over_record, normalized_record
from tests.gateway.test_forwarding import _record
from tests.gateway.test_routing import SECRET_TEXT, registry
from tests.gateway.test_submit import COMPLAINT
from tests.staff.accounts import csrf_of, login, make_user

engine = every_engine  # recording a sending writes the event and the deadline in one commit

OFFICE = "某县纪委监委"
ANONYMOUS: dict[str, Any] = {**COMPLAINT, "complainant": {"kind": "ANONYMOUS"}}
_LATIN = re.compile(r"[A-Za-z]{2,}")


class Desk:
    """One HTTP client, with a reviewer's session and API keys for the other roles."""

    def __init__(self, client: TestClient[Any, Any], settings: Settings) -> None:
        self.client, self.settings = client, settings
        self.store: Store = client.app[STORE]
        self.csrf = ""

    async def log_in(self, name: str = "zhaoliu", role: str = "reviewer") -> None:
        await make_user(self.client, name, role)
        assert (await login(self.client, name)).status == 303
        home = {"clerk": "/desk/visits/new", "leader": "/staff/approvals"}.get(
            role, "/staff/review"
        )
        self.csrf = csrf_of(await (await self.client.get(home)).text())

    async def get(self, number: str, kind: str, suffix: str = "") -> Any:
        return await self.client.get(f"/staff/records/{number}/documents/{kind}{suffix}")

    async def send(self, number: str, kind: str, **form: str) -> Any:
        return await self.client.post(
            f"/staff/records/{number}/documents/{kind}/sent",
            data={"csrf": self.csrf, **form},
            allow_redirects=False,
        )

    async def offered(self, number: str) -> list[str]:
        page = await (await self.client.get(f"/staff/records/{number}")).text()
        return re.findall(r'<li data-document="([\w-]+)">', page)

    async def callback(self, number: str, event: dict[str, Any]) -> None:
        resp = await self.client.post(
            f"/api/v1/records/{number}/events",
            json=event,
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert resp.status == 200, await resp.text()

    async def events(self, intake_id: str) -> list[tuple[str, str | None]]:
        return [(e.type, e.reason) for e in await self.store.events(intake_id)]

    async def deadline(self, intake_id: str, kind: str) -> Any:
        found = [
            d
            for d in await self.store.list_deadlines(open_only=False)
            if d.intake_id == intake_id and d.kind == kind
        ]
        return found[0] if found else None


async def _desk(make_client: MakeClient, settings: Settings, **changes: Any) -> Desk:
    """A county office; the reviewer logs in once the test's reports are in (a session
    cookie on the public API would need the form token)."""
    chosen = dataclasses.replace(settings, office_name=OFFICE, callback_token=TOKEN, **changes)
    return Desk(await make_client(chosen), chosen)


def _text(html: str) -> str:
    """The document's words: the article, tags dropped."""
    article = html.split('<article class="document"', 1)[1].split("</article>", 1)[0]
    return re.sub(r"<[^>]+>", "", article.split(">", 1)[1])


async def test_a_real_name_report_moved_on_gets_its_acceptance_notice_and_d5_is_met(
    make_client: MakeClient, settings: Settings
) -> None:
    desk = await _desk(make_client, settings)
    number, intake_id = await handed_over_record(desk.client)
    await desk.log_in()
    assert await desk.offered(number) == ["acceptance-notice"]
    resp = await desk.get(number, "acceptance-notice")
    assert resp.status == 200
    text = _text(await resp.text())
    for words in (OFFICE, "检举控告受理告知书", f"受理编号：{number}", "欧阳明华同志：",
                  "通过网络举报平台向本机关反映的问题收悉", "已依规受理", "特此告知"):  # fmt: skip
        assert words in text, words
    assert not _LATIN.search(text.replace(number, "")), "a document is written in Chinese"
    # It names no accused and quotes nothing of the report (it may be read by others on the way).
    assert "李明" not in text and "五万元" not in text
    assert ("IDENTITY_VIEWED", "document acceptance-notice") in await desk.events(intake_id)
    assert (await desk.deadline(intake_id, "ACCEPTANCE_NOTICE")).met_at is None

    # Recording it sent: CSRF first, then one event that meets D5.
    stale = await desk.client.post(
        f"/staff/records/{number}/documents/acceptance-notice/sent",
        data={"csrf": "x", "method": "LETTER"},
    )
    assert stale.status == 400
    resp = await desk.send(number, "acceptance-notice", method="LETTER")
    assert resp.status == 303
    assert resp.headers["Location"].endswith("/documents/acceptance-notice?saved=sent")
    assert ("ACCEPTANCE_NOTICE_SENT", "LETTER") in await desk.events(intake_id)
    assert (await desk.deadline(intake_id, "ACCEPTANCE_NOTICE")).met_at is not None
    page = await (await desk.get(number, "acceptance-notice", "?saved=sent")).text()
    assert "已登记送达" in page and "书面送达" in page
    # The record page's trajectory says it in Chinese.
    record_page = await (await desk.client.get(f"/staff/records/{number}")).text()
    assert "已告知受理情况" in record_page and "查看受理告知书" in record_page


async def test_the_acceptance_notice_downloads_as_a_docx_with_the_same_words(
    make_client: MakeClient, settings: Settings
) -> None:
    desk = await _desk(make_client, settings)
    number, intake_id = await handed_over_record(desk.client)
    await desk.log_in()
    resp = await desk.get(number, "acceptance-notice", "/docx")
    assert resp.status == 200
    assert resp.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="{number}-acceptance-notice.docx"' in disposition
    assert unquote(disposition.split("UTF-8''", 1)[1]) == f"受理告知书-{number}.docx"
    assert resp.headers["Cache-Control"] == "no-store"
    opened = docx.Document(io.BytesIO(await resp.read()))
    lines = [p.text for p in opened.paragraphs if p.text]
    assert lines[:4] == [OFFICE, "检举控告受理告知书", f"受理编号：{number}", "欧阳明华同志："]
    assert lines[-2] == OFFICE and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", lines[-1])
    body = "".join(lines)
    assert "本机关已依规受理" in body and "特此告知。" in body
    html = _text(await (await desk.get(number, "acceptance-notice")).text())
    assert all(line in html for line in lines), "the page and the file say the same"
    assert opened.core_properties.title == f"{OFFICE}检举控告受理告知书"
    section = opened.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert ("IDENTITY_VIEWED", "document acceptance-notice docx") in await desk.events(intake_id)


async def test_an_anonymous_report_gets_no_notice_and_no_feedback_record(
    make_client: MakeClient, settings: Settings
) -> None:
    desk = await _desk(make_client, settings)
    number, intake_id = await handed_over_record(desk.client, ANONYMOUS)
    await desk.log_in()
    assert await desk.offered(number) == []
    for kind in ("acceptance-notice", "not-accepted-notice", "feedback-record"):
        resp = await desk.get(number, kind)
        assert resp.status == 404
        assert "匿名" in await resp.text()
        assert (await desk.get(number, kind, "/docx")).status == 404
    resp = await desk.send(number, "acceptance-notice", method="LETTER")
    assert resp.status == 409 and "匿名" in await resp.text()
    assert "ACCEPTANCE_NOTICE_SENT" not in {t for t, _ in await desk.events(intake_id)}
    assert (await desk.get(number, "no-such-document")).status == 404


async def test_the_state_machine_refuses_a_notice_or_feedback_out_of_turn(
    make_client: MakeClient, settings: Settings
) -> None:
    desk = await _desk(make_client, settings, review_before_forwarding=("web",))
    waiting, intake_id = await normalized_record(desk.client, {**COMPLAINT, "title": "待审核"})
    await desk.log_in()
    assert (await desk.store.load(intake_id)).stage == "needs_review"  # type: ignore[union-attr]
    assert (await desk.get(waiting, "acceptance-notice")).status == 404
    resp = await desk.send(waiting, "acceptance-notice", method="PHONE")
    assert resp.status == 409
    page = await resp.text()
    assert "本件当前状态为“待审核”" in page and "已告知受理情况" in page
    assert "ACCEPTANCE_NOTICE_SENT" not in {t for t, _ in await desk.events(intake_id)}
    # Feedback before 办结: the machine allows RESULT_FEEDBACK_SENT only when concluded.
    resp = await desk.send(waiting, "feedback-record", method="PHONE")
    assert resp.status == 409 and "尚未移送承办部门" in await resp.text()
    # A method that is not one of the list is refused before anything is written.
    resp = await desk.send(waiting, "acceptance-notice", method="FAX")
    assert resp.status == 422 and "请选择告知方式" in await resp.text()


async def test_after_conclusion_the_feedback_record_carries_disposal_and_result_and_meets_d6(
    make_client: MakeClient, settings: Settings
) -> None:
    desk = await _desk(make_client, settings)
    number, intake_id = await handed_over_record(desk.client)
    await desk.log_in()
    await desk.callback(number, {"event": "accepted"})
    resp = await desk.send(number, "feedback-record", method="PHONE")
    assert resp.status == 409
    assert "本件当前状态为“承办部门已受理”" in await resp.text()
    await desk.callback(
        number,
        {"event": "concluded", "disposal": "初步核实", "result": "经初步核实，反映问题部分属实"},
    )
    assert await desk.offered(number) == ["acceptance-notice", "feedback-record"]
    text = _text(await (await desk.get(number, "feedback-record")).text())
    for words in ("检举控告办理结果反馈记录", "欧阳明华", "13812345678", "初步核实",
                  "反映李明违规收受礼金", "经初步核实，反映问题部分属实", "□电话告知",
                  "检举控告人意见"):  # fmt: skip
        assert words in text, words
    assert ("IDENTITY_VIEWED", "document feedback-record") in await desk.events(intake_id)
    assert (await desk.deadline(intake_id, "RESULT_FEEDBACK")).met_at is None
    resp = await desk.send(
        number, "feedback-record", method="PHONE", feedback="您反映的问题已依规处理。"
    )
    assert resp.status == 303
    assert ("RESULT_FEEDBACK_SENT", "PHONE") in await desk.events(intake_id)
    assert (await desk.deadline(intake_id, "RESULT_FEEDBACK")).met_at is not None
    outcome = await desk.store.load_outcome(intake_id)
    assert outcome is not None and outcome["feedback"] == "您反映的问题已依规处理。"
    assert outcome["result"] == "经初步核实，反映问题部分属实"  # kept beside it
    text = _text(await (await desk.get(number, "feedback-record")).text())
    assert "电话告知" in text and "□电话告知" not in text and "您反映的问题已依规处理。" in text
    opened = docx.Document(
        io.BytesIO(await (await desk.get(number, "feedback-record", "/docx")).read())
    )
    [table] = opened.tables
    cells = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert cells["处置方式"] == "初步核实" and cells["反馈方式"] == "电话告知"


async def test_a_report_outside_the_remit_gets_a_not_accepted_notice_once_approved(
    make_client: MakeClient, settings: Settings
) -> None:
    desk = await _desk(make_client, settings, review_before_forwarding=("web",))
    number, intake_id = await normalized_record(
        desk.client,
        {**COMPLAINT, "title": "业务范围外", "main_problem": "邻居占用楼道堆放杂物，请求处理。"},
    )
    await desk.log_in()
    leader = {"Authorization": f"Bearer {await api_key(desk.client, desk.settings, 'leader')}"}
    reviewer = {"Authorization": f"Bearer {await api_key(desk.client, desk.settings, 'reviewer')}"}
    resp = await desk.client.post(
        f"/api/v1/records/{number}/decision",
        json={"classification": "业务范围外"},
        headers=reviewer,
    )
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["stage"] == "awaiting_approval"
    refused = await desk.get(number, "not-accepted-notice")
    assert refused.status == 404 and "审批" in await refused.text()
    resp = await desk.client.post(
        f"/api/v1/records/{number}/approval", json={"approved": True}, headers=leader
    )
    assert (await resp.json())["stage"] == "informed"
    assert await desk.offered(number) == ["not-accepted-notice"]
    text = _text(await (await desk.get(number, "not-accepted-notice")).text())
    for words in ("不予受理告知书", "欧阳明华同志：", "不属于纪检监察机关受理范围",
                  "本机关不予受理", "向有权处理的机关或者单位反映"):  # fmt: skip
        assert words in text, words
    assert ("IDENTITY_VIEWED", "document not-accepted-notice") in await desk.events(intake_id)
    resp = await desk.send(number, "not-accepted-notice", method="LETTER")
    assert resp.status == 409 and "无须另行登记" in await resp.text()


async def test_a_sealed_item_has_no_documents_even_for_the_head(
    make_client: MakeClient, settings: Settings
) -> None:
    chosen = dataclasses.replace(
        settings,
        office_name="某市纪委监委",
        office_level="prefecture",
        office_leaders=("王建国:书记",),
        callback_token=TOKEN,
    )
    desk = Desk(await make_client(chosen), chosen)
    await registry(desk.store)
    resp = await desk.client.post(
        "/api/v1/complaints",
        json={
            **COMPLAINT,
            "accused": [{"name": "王建国", "unit": "某市纪委监委", "position": "书记"}],
            "main_problem": f"2024年3月，王建国{SECRET_TEXT}。",
        },
    )
    number = (await resp.json())["intake_no"]
    intake_id = await desk.store.find_intake_no(number) or ""

    async def sealed() -> bool:
        intake = await desk.store.load(intake_id)
        return intake is not None and intake.sealed

    await wait_for(sealed)
    await desk.log_in("head1", "head")
    for kind in Kind:
        assert (await desk.get(number, kind.value)).status == 404
        assert (await desk.send(number, kind.value, method="LETTER")).status == 404
    sealed_page = await (await desk.client.get(f"/staff/sealed/{number}")).text()
    assert "data-document" not in sealed_page
    assert not any(t == "IDENTITY_VIEWED" for t, _ in await desk.events(intake_id))


@pytest.mark.parametrize("role", ["leader", "clerk"])
async def test_only_reviewers_the_head_and_administrators_open_documents(
    make_client: MakeClient, settings: Settings, role: str
) -> None:
    desk = await _desk(make_client, settings)
    number, _ = await handed_over_record(desk.client)
    other = Desk(desk.client, desk.settings)
    await other.log_in(f"u-{role}", role)
    resp = await other.get(number, "acceptance-notice")
    assert resp.status == 403 and "无权访问" in await resp.text()


def _letter_intake() -> StoredIntake:
    record = _record()
    return StoredIntake(
        id="x", intake_no="L20240101000001", channel="letter", stage="delivered",
        status="processing", received_at=record.received_at, raw=b"", extracted=None,
        record=None, flags=(), originals=[], classification="检举控告",
    )  # fmt: skip


def test_a_unit_and_a_group_are_addressed_as_an_office_writes() -> None:
    record, intake = _record(), _letter_intake()
    today = date(2024, 1, 5)
    unit = msgspec.structs.replace(
        record.complainant, kind=ReporterKind.UNIT, unit_name="某县某镇某村村民委员会"
    )
    doc = compose(
        Kind.ACCEPTANCE_NOTICE,
        intake,
        msgspec.structs.replace(record, complainant=unit),
        [],
        office=OFFICE,
        today=today,
    )
    assert doc.salutation == "某县某镇某村村民委员会："
    assert doc.paragraphs[0].startswith("你单位于2024年1月1日通过来信")
    assert doc.signature == (OFFICE, "2024年1月5日")
    group = msgspec.structs.replace(
        record.complainant, is_group=True, group_size=12, representatives=["张甲", "李乙", "王丙"]
    )
    doc = compose(
        Kind.ACCEPTANCE_NOTICE,
        intake,
        msgspec.structs.replace(record, complainant=group),
        [],
        office=OFFICE,
        today=today,
    )
    assert doc.salutation == "张甲、李乙、王丙等同志：" and doc.paragraphs[0].startswith("你们于")


@pytest.mark.parametrize(
    ("stage", "claim", "classification", "actions", "offered"),
    [
        ("delivered", "REAL_NAME_CONFIRMED", "检举控告", ("YISONG_INTERNAL",),
         ["acceptance-notice"]),
        ("delivered", "SIGNED_UNVERIFIED", "检举控告", ("YISONG_INTERNAL",),
         ["acceptance-notice"]),
        ("delivered", "ANONYMOUS", "检举控告", ("YISONG_INTERNAL",), []),
        ("delivered", "IMPERSONATION_SUSPECTED", "检举控告", ("YISONG_INTERNAL",), []),
        ("queued", "SIGNED_UNVERIFIED", "检举控告", ("ZHUANSONG_DOWN",), []),
        ("filed", "SIGNED_UNVERIFIED", "检举控告", ("REGISTER_AND_FILE",), []),
        ("awaiting_approval", "SIGNED_UNVERIFIED", "检举控告", ("YISONG_INTERNAL",), []),
        ("informed", "SIGNED_UNVERIFIED", "业务范围外", ("INFORM_COMPLAINANT",),
         ["not-accepted-notice"]),
        ("filed", "SIGNED_UNVERIFIED", "无实质内容", ("REGISTER_AND_FILE",),
         ["not-accepted-notice"]),
        ("concluded", "VERIFICATION_INCOMPLETE", "检举控告", ("YISONG_INTERNAL",),
         ["acceptance-notice", "feedback-record"]),
    ],
    ids=["confirmed", "signed", "anonymous", "impersonated", "passed-down", "repeat-filed",
         "awaiting-approval", "out-of-remit", "no-substance", "concluded"],
)  # fmt: skip
def test_which_documents_a_record_offers(
    stage: str, claim: str, classification: str, actions: tuple[str, ...], offered: list[str]
) -> None:
    item = RoutingItem(
        position=0, accused_index=0, suggested_rule=None, suggested_actions=(), actions=actions,
        destination=None, deadline_rule=None, due=None, stage=stage,
        first_time="REGISTER_AND_FILE" not in actions, approval_required=False, decided_by="x",
    )  # fmt: skip
    facts = Facts(Stage(stage), Classification(classification), IdentityClaim(claim), (item,))
    assert [k.value for k in Kind if refusal(k, facts) is None] == offered
