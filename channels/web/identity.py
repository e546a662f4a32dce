"""Identity checks the reporter can still act on: shared by the page and the JSON API."""

from __future__ import annotations

from normalizer.errors import InvalidInput
from normalizer.extraction import check_id_number, parse_phone
from normalizer.record import ReporterKind, WebIntake

__all__ = ["validate_identity"]


def validate_identity(intake: WebIntake, prefix: str = "$.complainant") -> None:
    """Refuse what the reporter can fix: a bad ID checksum or an unusable phone number."""
    c = intake.complainant
    if c.kind == ReporterKind.ANONYMOUS:
        return
    if c.id_number:
        found = check_id_number(c.id_number)
        if not found.valid:
            message = found.problems[0].message_zh if found.problems else "身份证号码无效。"
            raise InvalidInput(
                "identity_invalid",
                message,
                "The resident ID number is not valid.",
                field=f"{prefix}.id_number",
            )
    if c.phone and parse_phone(c.phone) is None:
        raise InvalidInput(
            "phone_invalid",
            "电话号码格式不正确，请填写手机号或带区号的固定电话。",
            "The phone number is not valid.",
            field=f"{prefix}.phone",
        )
