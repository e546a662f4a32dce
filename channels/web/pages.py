"""The public pages: report form, receipt, status lookup. Server-rendered, no JavaScript needed.

The receipt is the answer to the form's POST, never a page with its own address, so the query
code is shown exactly once and never sits in a URL, a log line or a browser history entry.
A reload re-sends the same challenge, which is the submission's idempotency key: the reporter
gets the same intake number again (without the code) instead of a second report.
Every refusal is a page in Chinese; the JSON API gives the same refusals as problem+json.
A form sent back for a correction keeps what was typed and, through ``channels.web.hold``,
the attachments already sent; the page says exactly what was kept.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp_jinja2
import msgspec
from aiohttp import web

from channels.contract import Submit, Upload
from channels.uploads import ALLOWED_TYPES, Limits, open_multipart
from channels.web.abuse import Csrf, Guards, check, client_key
from channels.web.forms import ACCUSED_SLOTS, CADRE_LEVELS, CATEGORIES, FormLimits, parse_report
from channels.web.hold import AttachmentHold, Held, NotKept
from channels.web.status import StatusLookup
from normalizer.errors import IntakeError, RateLimited

__all__ = ["WebPages"]

log = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")
_NOT_STORED = ("csrf", "challenge", "pow_nonce", "answer", "held")


def format_time(value: Any) -> str:
    return str(value.astimezone(SHANGHAI).strftime("%Y年%m月%d日 %H:%M"))


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 100_000 else f"{n / 1000:g} KB"


def _file_size(n: int) -> str:
    """A file's size as a person reads it (a limit's size is ``_size``)."""
    if n < 1000:
        return f"{n} 字节"
    return f"{n / 1000:.0f} KB" if n < 1_000_000 else f"{n / 1_000_000:.1f} MB"


class WebPages:
    def __init__(
        self,
        submit: Submit,
        lookup: StatusLookup,
        guards: Guards,
        limits: Limits,
        form_limits: FormLimits | None = None,
        hold: AttachmentHold | None = None,
    ) -> None:
        self._submit = submit
        self._hold = hold
        self._lookup = lookup
        self._guards = guards
        self._limits = limits
        self._form_limits = form_limits or FormLimits()

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/", self.home, name="home"),
            web.get("/report", self.form, name="web.form"),
            web.post("/report", self.post_form, name="web.submit"),
            web.get("/status", self.status_form, name="web.status_form"),
            web.post("/status", self.post_status, name="web.status"),
        ]

    async def home(self, request: web.Request) -> web.Response:
        """The site's address leads a citizen to the form, not to an error."""
        raise web.HTTPFound("/report")

    # --- helpers ---------------------------------------------------------------------------

    def _cookie(self, request: web.Request) -> tuple[str, bool]:
        value = request.cookies.get(Csrf.cookie_name)
        if value is not None and Csrf.usable_cookie(value):
            return value, False
        return Csrf.new_cookie(), True

    def _render(
        self, template: str, request: web.Request, context: dict[str, Any], status: int = 200
    ) -> web.Response:
        cookie, fresh = self._cookie(request)
        context.setdefault("csrf", self._guards.csrf.token(cookie))
        context.setdefault("format_time", format_time)
        response = aiohttp_jinja2.render_template(template, request, context, status=status)
        if fresh:
            response.set_cookie(
                Csrf.cookie_name,
                cookie,
                httponly=True,
                samesite="Strict",
                path="/",
                secure=request.secure,
            )
        return response

    def _error(
        self,
        request: web.Request,
        status: int,
        title: str,
        message: str,
        retry_after: float | None = None,
    ) -> web.Response:
        response = self._render(
            "web_error.html", request, {"title": title, "message": message}, status=status
        )
        if retry_after:
            response.headers["Retry-After"] = str(max(1, round(retry_after)))
        return response

    def _forbidden(self, request: web.Request) -> web.Response:
        return self._error(
            request,
            403,
            "页面已失效",
            "无法确认本次提交来自本网站的页面（页面可能已过期，或浏览器禁用了 Cookie）。"
            "请返回重新打开页面后再提交。",
        )

    def _limited(self, request: web.Request, exc: RateLimited) -> web.Response:
        return self._error(request, 429, "操作过于频繁", exc.message_zh, exc.retry_after)

    def _form_context(
        self,
        values: Mapping[str, str],
        errors: Mapping[str, str],
        held: tuple[Held, Sequence[Upload]] | None = None,
        kept_note: str = "",
    ) -> dict[str, Any]:
        lim = self._limits
        return {
            "values": values,
            "errors": errors,
            "kept_note": kept_note,
            "held_token": held[0].token if held else "",
            "held_until": format_time(held[0].expires_at)[-5:] if held else "",
            "held_files": [
                {
                    "name": u.filename or "未命名文件",
                    "size": _file_size(len(u.data)),
                    "type": ALLOWED_TYPES.get(u.media_type, u.media_type),
                }
                for u in (held[1] if held else ())
            ],
            "challenge": self._guards.challenges.issue(),
            "categories": CATEGORIES,
            "levels": CADRE_LEVELS,
            "slots": range(ACCUSED_SLOTS),
            "form_limits": self._form_limits,
            "max_files": lim.max_files,
            "max_file_size": _size(lim.max_file_bytes),
            "max_upload_size": _size(lim.max_upload_bytes),
            "allowed_types": "、".join(ALLOWED_TYPES.values()),
        }

    # --- handlers --------------------------------------------------------------------------

    async def form(self, request: web.Request) -> web.Response:
        return self._render("web_form.html", request, self._form_context({"kind": ""}, {}))

    async def post_form(self, request: web.Request) -> web.Response:
        try:
            await check(self._guards.submissions, client_key(request))
        except RateLimited as exc:
            return self._limited(request, exc)
        if request.content_type != "multipart/form-data":
            return self._error(request, 415, "提交方式错误", "请使用本网站的举报页面提交。")
        file_error: str | None = None
        try:
            stream = await open_multipart(request, self._limits)
            token = await stream.first("csrf")
        except IntakeError as exc:
            return self._error(request, exc.status, "提交失败", exc.message_zh)
        bind = request.cookies.get(Csrf.cookie_name, "")
        if not self._guards.csrf.valid(bind, token):
            return self._forbidden(request)
        try:
            await stream.rest()
        except IntakeError as exc:  # too large, wrong type, bomb: said beside the attachments
            file_error = exc.message_zh
        fields = stream.result.fields
        kept, lost = await self._held(fields, bind)
        new = [] if file_error else stream.result.uploads
        if not file_error and new and kept:
            file_error = self._over_limits(kept, new)
            if file_error:
                new = []
        attachments = [*kept, *new]
        parsed = parse_report(fields, self._form_limits)
        challenges = self._guards.challenges
        challenge = fields.get("challenge", "")
        if not challenges.verify(challenge, fields.get("pow_nonce", ""), fields.get("answer", "")):
            parsed.errors["answer"] = "安全验证未通过，请回答下面的算术题（填阿拉伯数字）。"
        if file_error:
            parsed.errors["file"] = file_error
        elif lost:
            parsed.errors["file"] = lost
        if parsed.errors or parsed.intake is None:
            return await self._form_again(request, parsed.values, parsed.errors, attachments, bind)
        typed = {
            k: v
            for k, v in parsed.values.items()
            if k not in _NOT_STORED and not k.startswith("keep_")
        }
        uploads = [
            Upload(msgspec.json.encode(typed), "application/json", role="document"),
            *attachments,
        ]
        try:
            receipt = await self._submit(
                parsed.intake,
                uploads,
                actor="web:form",
                idempotency_key=f"webform:{challenges.key(challenge)}",
                query_code=True,
            )
        except IntakeError as exc:
            return self._error(request, exc.status, "暂时无法提交", exc.message_zh, exc.retry_after)
        return self._render("web_receipt.html", request, {"receipt": receipt})

    async def _held(self, fields: Mapping[str, str], bind: str) -> tuple[list[Upload], str]:
        """The attachments kept from the last try that the reporter left ticked, and what to
        say when a kept set is gone (expired: the token outlived ``form_hold_s``)."""
        token = fields.get("held", "")
        if not token or self._hold is None:
            return [], ""
        held = await self._hold.load(token, bind)
        if held is None:
            return [], "此前为您保留的附件已超过保留时间，请重新选择。"
        return [u for i, u in enumerate(held) if fields.get(f"keep_{i}") == "yes"], ""

    def _over_limits(self, kept: Sequence[Upload], new: Sequence[Upload]) -> str | None:
        """Kept and newly chosen files together obey the same limits as one upload."""
        lim = self._limits
        if len(kept) + len(new) > lim.max_files:
            return (
                f"附件最多 {lim.max_files} 个（已为您保留 {len(kept)} 个）；本次新选择的附件"
                "未保存，请取消部分已保留的附件或少选几个后重新选择。"
            )
        if sum(len(u.data) for u in (*kept, *new)) > lim.max_upload_bytes:
            return (
                f"附件合计不能超过 {_size(lim.max_upload_bytes)}（含已保留的附件）；本次新选择的"
                "附件未保存，请重新选择。"
            )
        return None

    async def _form_again(
        self,
        request: web.Request,
        values: Mapping[str, str],
        errors: dict[str, str],
        attachments: Sequence[Upload],
        bind: str,
    ) -> web.Response:
        """The form once more, with a summary that says truthfully what was kept."""
        held: tuple[Held, Sequence[Upload]] | None = None
        if attachments and self._hold is not None:
            try:
                held = (await self._hold.keep(attachments, bind), attachments)
            except NotKept as exc:
                errors["file"] = exc.message_zh
        elif attachments:
            errors["file"] = "出于安全原因，请重新选择附件。"
        if held is not None:
            note = (
                f"您已填写的内容和 {len(attachments)} 个附件均已保留"
                f"（附件保留至 {format_time(held[0].expires_at)[-5:]}），无需重新选择。"
            )
            if "file" in errors:
                note += "附件一栏另有需要处理的问题。"
        elif "file" in errors:
            note = "您已填写的文字内容已保留；附件未保存，请按附件一栏的提示重新选择。"
        else:
            note = "您已填写的内容已保留。"
        return self._render(
            "web_form.html",
            request,
            self._form_context(values, errors, held, note),
            status=422,
        )

    async def status_form(self, request: web.Request) -> web.Response:
        return self._render("web_status.html", request, {"result": None, "error": None})

    async def post_status(self, request: web.Request) -> web.Response:
        try:
            await check(self._guards.lookups, client_key(request))
        except RateLimited as exc:
            return self._limited(request, exc)
        form = await request.post()
        token = form.get("csrf")
        code = form.get("query_code")
        if not isinstance(token, str) or not self._guards.csrf.valid(
            request.cookies.get(Csrf.cookie_name), token
        ):
            return self._forbidden(request)
        result = await self._lookup(code) if isinstance(code, str) and code.strip() else None
        error = None if result else "未查到该查询码对应的举报，请核对后重新输入（不区分大小写）。"
        return self._render(
            "web_status.html",
            request,
            {"result": result, "error": error},
            status=200 if result else 404,
        )
