"""Codes in the trajectory and the dead letters, as staff read them: Chinese, from one table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gateway.labels import actor_label, describe_event, failure_label, field_label
from gateway.storage import Event


def _event(type_: str, actor: str, reason: str | None) -> Event:
    at = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)
    return Event(1, at, type_, actor, None, None, reason, "h")


@pytest.mark.parametrize(
    ("type_", "actor", "reason", "shown"),
    [
        (
            "FLAGGED",
            "screening",
            "low_confidence,possible_repeat",
            ("自动筛查", "识别置信度低、可能重复检举"),
        ),
        ("FIELD_CORRECTED", "reviewer:li", "accused.0.unit", ("审核人员 li", "被检举控告人1单位")),
        (
            "REAL_NAME_CONFIRMED",
            "reviewer:li",
            "PHONE:CONFIRMED",
            ("审核人员 li", "电话回访：联系上并确认系本人举报"),
        ),
        (
            "DEAD_LETTERED",
            "worker",
            "extract:letter: pdf_encrypted",
            ("处理程序", "来信文字识别：PDF 文件已加密"),
        ),
        (
            "TEXT_EXTRACTED",
            "tesseract-5",
            "confidence 0.42",
            ("识别引擎（tesseract-5）", "置信度 42%"),
        ),
        ("RECEIVED", "web:form", "web", ("网络举报 网页表单", "网络")),
        ("IDENTITY_VIEWED", "admin:wang", "original 0", ("管理员 wang", "查看原件第 1 件")),
        (
            "DECIDED",
            "reviewer:li",
            "检举控告 0:YISONG_INTERNAL+NOTIFY_CASE_MGMT;1:ZHUANSONG_DOWN",
            (
                "审核人员 li",
                "检举控告；被反映人1：移送监督检查部门、告知案件监督管理部门；"
                "被反映人2：转送下级纪检监察机关",
            ),
        ),
        (
            "DECIDED",
            "system",
            "无实质内容 -:REGISTER_AND_FILE",
            ("系统（按建议研判）", "无实质内容；本件：登记后留存备查"),
        ),
        ("APPROVED", "leader:zhao", None, ("分管领导 zhao", "")),
        ("FLAG_DISMISSED", "head:sun", "possible_repeat", ("信访室负责人 sun", "可能重复检举")),
        (
            "SENT",
            "reviewer:li",
            "print/OWN_PRINCIPAL_LEADER id 42",
            ("审核人员 li", "送往本机关主要负责人"),
        ),
        ("DELIVERED", "forwarder", "processing id 7", ("投递程序", "送往监督检查部门")),
        ("ZHUANSONG_DOWN", "leader:zhao", "item 1", ("分管领导 zhao", "第 2 项")),
        ("NORMALIZED", "normalizer", "sealed", ("规范化程序", "密封件，内容未录入")),
    ],
    ids=[
        "flagged",
        "corrected",
        "verified",
        "dead",
        "ocr",
        "received",
        "original",
        "decided",
        "decided-no-substance",
        "approved",
        "dismissed",
        "sent",
        "delivered",
        "item",
        "sealed",
    ],
)
def test_an_event_reads_in_chinese(
    type_: str, actor: str, reason: str, shown: tuple[str, str]
) -> None:
    line = describe_event(_event(type_, actor, reason))
    assert (line.actor, line.reason) == shown
    assert line.at == "2026-12-02 09:30:00"  # Beijing time, not UTC
    assert line.code == type_ and line.type != type_


def test_failures_say_what_happened_without_content() -> None:
    assert failure_label("asr_model_unavailable") == "未配置语音识别模型"
    assert failure_label("permanent: intake 42 not found") == "该件数据缺失，无法处理"
    assert failure_label("KeyError") == "处理程序内部错误（错误代码 KeyError）"
    assert failure_label(None) == "原因未记录"


def test_unknown_codes_show_as_themselves() -> None:
    assert field_label("content.summary") == "content.summary"
    assert actor_label("someone") == "someone"
