"""The public report form: its choices, its limits, and parsing typed fields into a WebIntake.

Validation collects every problem at once, keyed by form field name, with a Chinese message
shown beside that field; what the reporter typed is given back unchanged so that nothing has
to be typed twice. The resident ID checksum and the phone format use the same checks as the
JSON API (``validate_identity``), so the page and the API cannot disagree.

Anonymous reports: identity fields typed before switching to 匿名 are dropped, never stored;
a report is either anonymous or signed (domain.md §6.1, §7.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import msgspec

from channels.web.identity import validate_identity
from normalizer.errors import InvalidInput
from normalizer.record import AccusedInput, ComplainantInput, ReporterKind, WebIntake

__all__ = [
    "ACCUSED_SLOTS",
    "CADRE_LEVELS",
    "CATEGORIES",
    "FormLimits",
    "Parsed",
    "parse_report",
]

# domain.md §10.3, top level; the four legal categories follow the field form [S30].
CATEGORIES: tuple[str, ...] = (
    "违反政治纪律行为",
    "违反组织纪律行为",
    "违反廉洁纪律行为",
    "违反群众纪律行为",
    "违反工作纪律行为",
    "违反生活纪律行为",
    "贪污贿赂行为",
    "渎职侵权行为",
    "其他职务违法和职务犯罪行为",
    "其他违法犯罪行为",
)

# domain.md §10.2 recommended enum: stored code -> label shown.
CADRE_LEVELS: dict[str, str] = {
    "PROVINCE_MINISTRY": "省部级",
    "BUREAU": "厅局级",
    "COUNTY_DIVISION": "县处级",
    "TOWNSHIP_SECTION": "乡科级",
    "GENERAL_CADRE": "一般干部",
    "PUBLIC_INSTITUTION_STAFF": "事业单位人员",
    "SOE_STAFF": "企业人员",
    "VILLAGE_COMMUNITY": "农村、社区干部",
    "OTHER": "其他",
    "UNKNOWN": "不清楚",
}

ACCUSED_SLOTS = 3  # fieldsets offered without JavaScript; the extra ones are optional
_ACCUSED_FIELDS = ("name", "unit", "position", "level", "region")


@dataclass(frozen=True)
class FormLimits:
    title_max: int = 100
    main_min: int = 10
    main_max: int = 5000
    name_max: int = 50
    text_max: int = 100
    address_max: int = 200


@dataclass
class Parsed:
    """The outcome of parsing: an intake when ``errors`` is empty; ``values`` as typed."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    intake: WebIntake | None = None


def _clean(value: str) -> str:
    # Keep newlines in the long text; drop NULs and other controls that only cause trouble.
    return "".join(ch for ch in value if ch.isprintable() or ch in "\n\t").strip()


def parse_report(form: Mapping[str, str], limits: FormLimits = FormLimits()) -> Parsed:
    values = {k: _clean(v).replace("\r\n", "\n") for k, v in form.items() if len(k) < 40}
    out = Parsed(values=values)
    err = out.errors

    def text(name: str, label: str, max_len: int, required: bool = False) -> str | None:
        value = values.get(name, "")
        if not value:
            if required:
                err[name] = f"请填写{label}。"
            return None
        if len(value) > max_len:
            err[name] = f"{label}不能超过 {max_len} 个字（现有 {len(value)} 个）。"
        return value

    kind = values.get("kind", "")
    if kind not in ("PERSON", "ANONYMOUS"):
        err["kind"] = "请选择实名举报或匿名举报。"
    if kind == "ANONYMOUS":
        complainant = ComplainantInput(kind=ReporterKind.ANONYMOUS)
        for name in ("c_name", "c_id_number", "c_phone", "c_address"):
            values.pop(name, None)
    else:
        complainant = ComplainantInput(
            kind=ReporterKind.PERSON,
            name=text("c_name", "您的姓名", limits.name_max, required=kind == "PERSON"),
            id_number=text("c_id_number", "身份证号码", 40),
            phone=text("c_phone", "联系电话", 40, required=kind == "PERSON"),
            address=text("c_address", "现住址", limits.address_max),
        )

    accused: list[AccusedInput] = []
    for i in range(ACCUSED_SLOTS):
        prefix = f"a{i}_"
        if i and not any(values.get(prefix + f) for f in _ACCUSED_FIELDS):
            continue  # an extra fieldset left empty
        level = values.get(prefix + "level", "")
        if level and level not in CADRE_LEVELS:
            err[prefix + "level"] = "请从列表中选择职级。"
        accused.append(
            AccusedInput(
                name=text(prefix + "name", "被反映人姓名", limits.name_max, required=True),
                unit=text(prefix + "unit", "被反映人单位", limits.text_max, required=True),
                position=text(prefix + "position", "职务", limits.text_max),
                level=level or None,
                region=text(prefix + "region", "所在地区", limits.text_max),
            )
        )

    category = values.get("category", "")
    if category not in CATEGORIES:
        err["category"] = "请选择问题类别。"
    title = text("title", "标题", limits.title_max, required=True)
    main = text("main_problem", "主要问题", limits.main_max, required=True)
    if main is not None and len(main) < limits.main_min:
        err["main_problem"] = f"主要问题请至少写 {limits.main_min} 个字，说清时间、地点、事实。"
    if values.get("ack") != "yes":
        err["ack"] = "请阅读并勾选确认上述须知。"

    intake = WebIntake(
        complainant=complainant,
        accused=accused,
        title=title,
        category=category or None,
        main_problem=main or "-",
    )
    # One check per field, so that a bad ID number does not hide a bad phone number.
    for name, only in (
        ("c_id_number", msgspec.structs.replace(complainant, phone=None)),
        ("c_phone", msgspec.structs.replace(complainant, id_number=None)),
    ):
        if name not in err:
            try:
                validate_identity(WebIntake(complainant=only, main_problem="-"))
            except InvalidInput as exc:
                err[name] = exc.message_zh
    if not err:
        out.intake = intake
    return out
