"""Chinese names for every code a person reads: channels, stages, flags, events, actors,
fields, job kinds, failure codes, delivery states (stages and event types from the state
machine in ``normalizer.stages``; the rest, which only pages need, here).

The trajectory is stored with stable codes (``FLAGGED``, ``screening``, ``PHONE:CONFIRMED``,
``accused.0.unit``) because machines compare them and the hash chain covers them; staff and
the public read Chinese only. Every page translates through this one module, so a new code
gets its label here once, and an unknown code shows as itself (a code value, never prose in
English) rather than breaking a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

from gateway.accounts import ROLE_LABELS
from gateway.storage import SHANGHAI, Event
from normalizer.realname import METHOD_LABELS, RESULT_LABELS
from normalizer.stages import EVENT_LABELS as _EVENT_NAMES
from normalizer.stages import RECIPIENT_LABELS, Recipient
from normalizer.stages import STAGE_LABELS as _STAGE_NAMES
from normalizer.triage import ACTION_LABELS, Action

__all__ = [
    "CHANNEL_LABELS",
    "DEADLINE_LABELS",
    "DEADLINE_STATE_LABELS",
    "DELIVERY_STATE_LABELS",
    "DOCUMENT_LABELS",
    "EVENT_LABELS",
    "FIELD_LABELS",
    "FLAG_LABELS",
    "JOB_KIND_LABELS",
    "NOTICE_METHOD_LABELS",
    "ORIGIN_LABELS",
    "RETURN_REASON_LABELS",
    "STAGE_LABELS",
    "WARNING_LABELS",
    "EventLine",
    "actor_html",
    "actor_label",
    "describe_event",
    "event_reason",
    "failure_label",
    "field_label",
    "local_time",
]

FLAG_LABELS = {
    "low_confidence": "识别置信度低",
    "no_text": "未识别出文字",
    "identity_invalid": "身份证号码无效",
    "identity_legacy_15": "15位旧身份证号码",
    "identity_region_unknown": "身份证地区码未知",
    "no_substance": "无实质内容",
    "possibly_out_of_scope": "可能不属受理范围",
    "possibly_higher_level": "可能属上级管辖",
    "possible_repeat": "可能重复检举",
    "returned": "研判回退，待重新研判",
    "caller_withheld": "来电号码未显示",
    "out_of_scope_informed": "已告知向有权机关反映",
    "impersonation_suspected": "疑似冒名",
    "review_policy": "按规定移交前须人工审核",
    "needs_decision": "须研判决定（非本级初次件或须审批）",
    "approval_refused": "分管领导未同意，须重新研判",
    "sealed": "密封件",
    "ocr_engines_disagree": "识别引擎对身份信息读法不一致",
    "ocr_unreadable": "页面无法识别",
    "ocr_vertical_text": "竖排文字，须人工核对",
}
CHANNEL_LABELS = {"letter": "来信", "visit": "来访", "web": "网络", "phone": "来电"}
# Stages and event types are named where the state machine is drawn (normalizer.stages).
STAGE_LABELS = {str(stage): label for stage, label in _STAGE_NAMES.items()}
EVENT_LABELS = {str(event): label for event, label in _EVENT_NAMES.items()}
FIELD_LABELS = {
    "complainant.name": "姓名",
    "complainant.unit_name": "单位名称",
    "complainant.id_number": "身份证号码",
    "complainant.phone": "联系电话",
    "complainant.address": "地址",
    "content.title": "标题",
    "content.text": "反映内容",
}
_ACCUSED_PARTS = {"name": "姓名", "unit": "单位", "position": "职务"}
JOB_KIND_LABELS = {
    "extract:letter": "来信文字识别",
    "extract:phone": "来电语音转写",
    "extract:web": "网络举报文字提取",
    "extract:visit": "来访登记文字提取",
    "normalize": "识别与规范化",
}
FAILURE_LABELS = {
    "ocr_failed": "文字识别引擎出错",
    "ocr_unavailable": "文字识别引擎不可用",
    "asr_model_unavailable": "未配置语音识别模型",
    "audio_unreadable": "录音文件无法解码",
    "audio_empty": "录音为空",
    "audio_truncated": "录音文件不完整",
    "audio_too_long": "录音超过时长上限",
    "audio_channel_invalid": "录音声道设置不正确",
    "audio_decoder_missing": "缺少录音解码程序",
    "audio_decoder_timeout": "录音解码超时",
    "file_corrupt": "文件已损坏",
    "pdf_encrypted": "PDF 文件已加密",
    "image_too_large": "图像过大",
    "too_many_pages": "页数超过上限",
    "no_pages": "没有可识别的页面",
    "unsupported_type": "文件类型不受支持",
    "encoding_invalid": "文字编码无法识别",
    "metadata_invalid": "元数据不符合要求",
    "storage_unavailable": "存储暂不可用",
    "file_too_complex": "文件过于复杂，超出解码限制",
    "decoder_busy": "解码进程繁忙",
    "letter_too_large": "信件总像素超过上限",
    "audio_format_unsupported": "录音格式不受支持",
    "lease expired on the last attempt (worker crashed or hung)": "处理程序多次中断（崩溃或卡死）",
    "lease expired": "处理程序多次中断（崩溃或卡死）",
}
DEADLINE_LABELS = {
    "ACCEPTANCE_NOTICE": "受理告知",
    "RESULT_FEEDBACK": "结果反馈",
    "UP_REPORT": "向上级报送",
    "HANDOVER_ACCEPT": "上级转办交办件受理或转办",
    "ASSIGNED_REPORT": "上级交办件报结",
}
# gateway.supervision.RULES: the early warnings (预警) by rule code.
WARNING_LABELS = {
    "objection": "检举控告人提出异议",
    "down_not_accepted": "转送、交办下级后超过受理期限未受理（D4）",
    "result_overdue": "交办超过报结期限未报结",
    "moved_not_accepted": "移送监督检查部门后超过预警期限未受理",
    "feedback_overdue": "实名检举控告办结后超期未反馈结果（D6）",
    "quarter_no_result": "移送件上季度末仍未反馈办理结果（D7）",
    "returned_not_rerouted": "研判回退后超过预警期限未重新研判",
    "handover_not_accepted": "上级转办、交办件超过5个工作日未受理或转办（D4）",
    "assigned_report_overdue": "上级交办件超过上级确定的期限未报结（D10）",
    "repeat_after_conclusion": "办结后就同一事项再次检举控告",
    "many_reports": "短期内多次反映同一被反映人或同一单位",
}
# gateway.callbacks.ReturnReason: why the 监督检查部门 sent an item back (研判回退, Art. 17).
RETURN_REASON_LABELS = {
    "no_substance": "无实质内容",
    "other_organ": "属其他纪检监察机关受理",
    "other": "其他",
}
# normalizer.record.Origin: where an item came from (来源), in the order the desk lists them.
ORIGIN_LABELS = {
    "self": "本级受理",
    "petition_dept": "信访部门转来",
    "superior_transfer": "上级纪委监委转办",
    "superior_assign": "上级交办",
    "other_organ": "其他监察机关移送",
    "inspection": "巡视巡察组移交",
    "other_unit": "其他单位",
}
DEADLINE_STATE_LABELS = {
    "OPEN": "未到期",
    "MET": "已完成",
    "OVERDUE": "已超期",
    "NOT_APPLICABLE": "不适用",
}
# The documents the office sends (gateway.documents), by the code in their URL and events.
DOCUMENT_LABELS = {
    "acceptance-notice": "受理告知书",
    "not-accepted-notice": "不予受理告知书",
    "feedback-record": "反馈记录",
}
# How a notice or the result reached the complainant (the reason of the *_SENT events).
NOTICE_METHOD_LABELS = {
    "LETTER": "书面送达",
    "PHONE": "电话告知",
    "FACE_TO_FACE": "当面告知",
}
DELIVERY_STATE_LABELS = {
    "pending": "待投递",
    "leased": "投递中",
    "delivered": "已投递",
    "parked": "被拒收",
    "dead": "已放弃",
    "manual": "待打印送出",
}
_ACTORS = {
    "worker": "处理程序",
    "screening": "自动筛查",
    "normalizer": "规范化程序",
    "forwarder": "投递程序",
    "system": "系统（按建议研判）",
    "smtp": "扫描邮件",
    "hotline": "热线系统",
    "callback-token": "处理系统",
    "cli": "命令行",
}
_ACTOR_KINDS = {
    **ROLE_LABELS,
    "web": "网络举报",
    "station": "扫描站",
    "hotline": "热线系统",
    "processing": "处理系统",
    "public": "公众",
}
_ACTOR_PARTS = {"form": "网页表单", "api": "接口", "spool": "录音投放目录"}


def local_time(at: datetime, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """Beijing time, whatever zone the value came in (storage gives UTC)."""
    return at.astimezone(SHANGHAI).strftime(fmt)


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "accused" and parts[1].isdigit():
        return f"被检举控告人{int(parts[1]) + 1}{_ACCUSED_PARTS.get(parts[2], parts[2])}"
    return name


def actor_label(actor: str) -> str:
    """``reviewer:li`` -> ``审核人员 li``; engines and programs by what they are."""
    if actor in _ACTORS:
        return _ACTORS[actor]
    kind, sep, name = actor.partition(":")
    if sep and kind in _ACTOR_KINDS:
        return f"{_ACTOR_KINDS[kind]} {_ACTOR_PARTS.get(name, name)}"
    if actor.startswith(("tesseract", "vosk", "fixed-", "engine")):
        return f"识别引擎（{actor}）"
    return actor


def actor_html(actor: str | None) -> Markup:
    """``actor_label`` for a page: a login or key name is a code value, marked as one."""
    if not actor:
        return escape("")
    kind, sep, name = actor.partition(":")
    if actor in _ACTORS or not sep or kind not in _ACTOR_KINDS or name in _ACTOR_PARTS:
        label = actor_label(actor)
        return escape(label) if label != actor else Markup("<code>{}</code>").format(actor)
    return Markup("{} <code>{}</code>").format(_ACTOR_KINDS[kind], name)


def failure_label(error: str | None) -> str:
    """A stored failure (a code, ``permanent: ...`` or an exception type) in Chinese."""
    if not error:
        return "原因未记录"
    if error in FAILURE_LABELS:
        return FAILURE_LABELS[error]
    if error.startswith("permanent:"):
        return "该件数据缺失，无法处理"
    return f"处理程序内部错误（错误代码 {error}）"


def _reason(e: Event) -> str:
    return event_reason(e.type, e.reason)


def event_reason(type_: str, reason: str | None) -> str:
    """An event's reason as staff read it (codes to Chinese; values never stored there)."""
    reason = reason or ""
    if not reason:
        return ""
    match type_:
        case "RECEIVED":
            return CHANNEL_LABELS.get(reason, reason)
        case "FIELD_CORRECTED":
            return field_label(reason)
        case "FLAGGED":
            return "、".join(FLAG_LABELS.get(c, c) for c in reason.split(",") if c)
        case "REAL_NAME_CONFIRMED" | "REAL_NAME_VERIFICATION_ATTEMPTED":
            method, _, result = reason.partition(":")
            return f"{METHOD_LABELS.get(method, method)}：{RESULT_LABELS.get(result, result)}"
        case "TEXT_EXTRACTED":
            value = reason.removeprefix("confidence ").strip()
            try:
                return f"置信度 {float(value) * 100:.0f}%"
            except ValueError:
                return ""
        case "DEAD_LETTERED" | "JOB_FAILED":
            kind, _, error = reason.partition(": ")
            return f"{JOB_KIND_LABELS.get(kind, kind)}：{failure_label(error)}"
        case "REPLAYED":
            return JOB_KIND_LABELS.get(reason, reason)
        case "WARNING_RAISED" | "WARNING_CLEARED":
            code, _, where = reason.partition(" ")
            item = where.removeprefix("item ")
            place = (
                "" if where == "record" or not item.isdigit() else f"（分流事项 {int(item) + 1}）"
            )
            return WARNING_LABELS.get(code, code) + place
        case "RETURNED":
            code, _, ref = reason.partition(";")
            label = RETURN_REASON_LABELS.get(code, code)
            return f"研判回退：{label}（审批文号：{ref}）" if ref else f"研判回退：{label}"
        case "IDENTITY_VIEWED":
            if reason == "record page":
                return "打开记录页面"
            if reason == "record":
                return "通过接口读取记录"
            if reason == "receipt reprint":
                return "补打来访回执"
            kind, _, how = reason.removeprefix("document ").partition(" ")
            if reason.startswith("document ") and kind in DOCUMENT_LABELS:
                verb = "下载" if how == "docx" else "查看"
                return f"{verb}{DOCUMENT_LABELS[kind]}" + (
                    "（可编辑文档）" if how == "docx" else ""
                )
            if reason.startswith("original "):
                n = reason.removeprefix("original ")
                return f"查看原件第 {int(n) + 1} 件" if n.isdigit() else "查看原件"
            return reason
        case "COMPLAINANT_INFORMED":
            return (
                "不属本机关受理范围，已告知向有权机关反映" if reason == "out_of_scope" else reason
            )
        case "ACCEPTED":
            return "已发出受理告知" if reason == "acceptance notice given" else reason
        case "ACCEPTANCE_NOTICE_SENT" | "RESULT_FEEDBACK_SENT":
            return NOTICE_METHOD_LABELS.get(reason, reason)
        case "DECIDED":
            return _decided(reason)
        case "FLAG_DISMISSED":
            return FLAG_LABELS.get(reason, reason)
        case "ASSIGNED":
            return f"承办人：{actor_label(reason)}"
        case "NORMALIZED":
            return "密封件，内容未录入" if reason == "sealed" else reason
        case "SEALED_ORIGINALS_DESTROYED":
            n = reason.split(" ", 1)[0]
            return f"已销毁原件 {n} 件及原始录入内容" if n.isdigit() else reason
        case "DELIVERED" | "SENT" | "CASE_MGMT_NOTIFIED" | "DELIVERY_RESENT":
            destination = reason.split(" id ", 1)[0]
            return f"送往{destination_label(destination)}"
        case _ if reason.startswith("item ") and reason[5:].isdigit():
            return f"第 {int(reason[5:]) + 1} 项"
        case _:
            return reason


_DESTINATIONS = {"processing": "监督检查部门", "case_mgmt": "案件监督管理部门"}


def destination_label(destination: str) -> str:
    """Where a delivery goes, as staff say it: ``processing``, ``case_mgmt``, ``organ/<id>``,
    ``print/<RECIPIENT>`` (a printed letter)."""
    kind, _, key = destination.partition("/")
    if kind == "organ":
        return f"机关名录中的“{key}”"
    if kind == "print" and key in Recipient.__members__:
        return RECIPIENT_LABELS[Recipient(key)]
    return {"processing": "监督检查部门", "case_mgmt": "案件监督管理部门"}.get(
        destination, destination
    )


def _decided(reason: str) -> str:
    """``检举控告 0:YISONG_INTERNAL+NOTIFY_CASE_MGMT;-:…`` as a sentence."""
    cls, _, items = reason.partition(" ")
    parts = [cls]
    for item in items.split(";"):
        who, _, actions = item.partition(":")
        labels = "、".join(
            ACTION_LABELS[Action(a)] if a in Action.__members__ else a
            for a in actions.split("+")
            if a and a != "-"
        )
        if labels:
            person = f"被反映人{int(who) + 1}" if who.isdigit() else "本件"
            parts.append(f"{person}：{labels}")
    return "；".join(parts)


@dataclass(frozen=True)
class EventLine:
    """One trajectory entry as a person reads it; ``code`` stays for tests and styling."""

    at: str
    code: str
    type: str
    actor: str
    reason: str
    actor_code: str = ""  # the stored actor, for pages to mark its name as a code value


def describe_event(e: Event) -> EventLine:
    return EventLine(
        at=local_time(e.at),
        code=e.type,
        type=EVENT_LABELS.get(e.type, e.type),
        actor=actor_label(e.actor),
        reason=_reason(e),
        actor_code=e.actor,
    )
