"""Account administration: what an administrator changes on staff accounts, on the accounts
page (``/staff/users``) and on the command line (``intake-gateway create-user`` ...).

Both go through the same checks here and the same ``Store.change_account``, which writes each
change with its audit_log entry in one transaction: creating an account, its role, its 姓名,
a new password (typed by the administrator, or generated and shown once), disabling and
enabling it, and unlocking it (dropping the failed logins that shut clients out of it). No
password, typed or generated, is logged or audited; the audit says only that one was set.
The last enabled administrator can be neither disabled nor demoted (``NoAdminLeft``).

There is no "change it at next login": accounts have no such state and staff no page of
their own to change a password, so a generated password is a strong one to hand over, kept.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web
from multidict import MultiDictProxy

from gateway.accounts import (
    DISPLAY_NAME_MAX,
    MIN_PASSWORD_LENGTH,
    ROLE_LABELS,
    StaffPages,
    clean_display_name,
    hash_password,
    message_page,
)
from gateway.auth import principal_of
from gateway.settings import Settings
from gateway.storage import (
    AccountChange,
    AccountLock,
    AlreadyExists,
    DisplayNameChange,
    LoginFailuresCleared,
    NewAccount,
    NoAdminLeft,
    PasswordReset,
    RoleChange,
    Store,
)

__all__ = [
    "ACCOUNT_ACTIONS",
    "LOGIN_NAME_MAX",
    "administration_routes",
    "clean_login_name",
    "clean_password",
    "describe",
    "new_password",
]

log = logging.getLogger(__name__)

LOGIN_NAME_MAX = 32
# Audit actions of account changes and how the audit page names them.
ACCOUNT_ACTIONS = {
    "account_created": "新建账户",
    "account_role": "变更角色",
    "account_display_name": "修改姓名",
    "account_password": "重置密码",
    "account_disabled": "停用账户",
    "account_enabled": "启用账户",
    "account_unlocked": "解除登录锁定",
}
# Generated passwords: no 0/O, 1/l/I to misread when it is read out or copied by hand.
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def clean_login_name(value: str) -> str:
    """A login name as stored: letters (Chinese too), digits, ``.``, ``_`` and ``-``, at most
    ``LOGIN_NAME_MAX`` characters; ``ValueError`` with a Chinese message otherwise. It becomes
    part of actors (``reviewer:li``) and throttle keys, so no ``:``, ``/`` or space."""
    name = value.strip()
    if not name:
        raise ValueError("请填写用户名。")
    if len(name) > LOGIN_NAME_MAX:
        raise ValueError(f"用户名不能超过 {LOGIN_NAME_MAX} 个字符。")
    if not all(ch.isalnum() or ch in "._-" for ch in name):
        raise ValueError("用户名只能包含文字、数字和 . _ - 符号，不能有空格。")
    return name


def clean_password(value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。")
    if not value.isprintable():
        raise ValueError("密码中含有不可输入的字符。")
    return value


def new_password() -> str:
    """Four groups of four (80 bits), easy to read out: ``k7mp-x3qa-9trw-hd2e``."""
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def clean_role(value: str) -> str:
    if value not in ROLE_LABELS:
        raise ValueError("请选择账户角色。")
    return value


def describe(action: str, detail: str | None) -> str:
    """The audit page's text for an account change (its detail is JSON, see ``change``)."""
    try:
        d = json.loads(detail or "{}")
    except ValueError:
        return detail or ""
    if not isinstance(d, dict):
        return detail or ""
    name = str(d.get("account", ""))
    role = ROLE_LABELS.get(str(d.get("role", "")), str(d.get("role", "")))
    match action:
        case "account_created":
            shown = f"，姓名 {d['display_name']}" if d.get("display_name") else ""
            how = "系统生成密码" if d.get("temporary") else "管理员设定密码"
            return f"{name}（{role}{shown}，{how}）"
        case "account_role":
            was = ROLE_LABELS.get(str(d.get("was", "")), str(d.get("was", "")))
            return f"{name}：{was} → {role}"
        case "account_display_name":
            return f"{name}：“{d.get('was') or '未填写'}” → “{d.get('display_name') or '未填写'}”"
        case "account_password":
            return f"{name}（{'系统生成密码' if d.get('temporary') else '管理员设定密码'}）"
    return name


# What the list says after a change, by the code in its ``done`` query parameter: a code,
# not the text, so that a link cannot make the page say something of its own.
_DONE = {
    "created": "已新建账户 {}。",
    "display_name": "已保存账户 {} 的姓名。",
    "role": "已变更账户 {} 的角色。",
    "password": "已为账户 {} 设定新密码，其登录已全部退出。",
    "disabled": "已停用账户 {}，其登录已全部退出。",
    "enabled": "已启用账户 {}。",
    "unlocked": "已解除账户 {} 的登录锁定。",
}
_GONE = ("未找到该账户", "该账户不存在或已被删除，请刷新账户列表。")


def administration_routes(
    store: Store, settings: Settings, pages: StaffPages
) -> list[web.RouteDef]:
    async def users_page(
        request: web.Request,
        *,
        notice: str | None = None,
        password: tuple[str, str] | None = None,
        error: str | None = None,
        row_error: tuple[str, str, str] | None = None,
        typed: MultiDictProxy[Any] | None = None,
        status: int = 200,
    ) -> web.Response:
        """``password`` is (login name, generated password), shown this once; ``row_error``
        is (login name, message, what was typed) beside that account's 姓名 field; ``typed``
        refills the new-account form after an error there."""
        now = datetime.now(UTC)
        shut_out = await store.failed_logins(settings.login_lockout_s, settings.login_max_failures)
        me = principal_of(request).name
        rows = []
        for u in await store.list_users():
            mine = row_error is not None and row_error[0] == u.name
            rows.append(
                {
                    "name": u.name,
                    "display_name": row_error[2] if row_error and mine else u.display_name,
                    "role": u.role,
                    "role_label": ROLE_LABELS.get(u.role, u.role),
                    "disabled": u.disabled(now),
                    "locked_out": u.name in shut_out,
                    "error": row_error[1] if row_error and mine else None,
                    "me": u.name == me,
                }
            )
        new = {"name": "", "display_name": "", "role": "", "how": "generate"}
        if typed is not None:
            new = {k: str(typed.get(k, v)) for k, v in new.items()}
        return aiohttp_jinja2.render_template(
            "staff_users.html",
            request,
            pages.context(
                request,
                users=rows,
                role_labels=ROLE_LABELS,
                notice=notice,
                password=password,
                error=error,
                new=new,
                display_name_max=DISPLAY_NAME_MAX,
                login_name_max=LOGIN_NAME_MAX,
                min_password=MIN_PASSWORD_LENGTH,
            ),
            status=status,
        )

    async def users(request: web.Request) -> web.Response:
        q = request.query
        done, name = q.get("done", ""), q.get("name", "")
        if "saved" in q:  # the older link of a saved 姓名
            done, name = "display_name", q["saved"]
        notice = _DONE[done].format(name) if done in _DONE and name.isprintable() else None
        return await users_page(request, notice=notice)

    async def posted(request: web.Request) -> MultiDictProxy[Any] | web.Response:
        form = await request.post()
        if not pages.csrf_ok(request, str(form.get("csrf", ""))):
            return message_page(request, "表单已过期", "请返回账户页面刷新后重试。", status=400)
        return form

    async def apply(request: web.Request, change: AccountChange) -> bool | web.Response:
        """Make the change as the administrator logged in: True when done, else the page
        that says why not."""
        actor = principal_of(request).actor
        try:
            found = await store.change_account(change, actor)
        except NoAdminLeft:
            return await users_page(
                request,
                error="系统至少需要保留一名可用的管理员账户。"
                "请先为另一名人员设置管理员角色，再停用此账户或变更其角色。",
                status=409,
            )
        if not found:
            return message_page(request, *_GONE, status=404)
        # Which account, what kind of change, by whom; never a password.
        log.info("staff account %r: %s by %s", change.name, type(change).__name__, actor)
        return True

    async def applied(request: web.Request, change: AccountChange, done: str) -> web.Response:
        """``apply``, then back to the list, saying what was done."""
        outcome = await apply(request, change)
        if isinstance(outcome, web.Response):
            return outcome
        query = urlencode({"done": done, "name": change.name})
        return web.Response(status=303, headers={"Location": f"/staff/users?{query}"})

    async def password_of(form: MultiDictProxy[Any]) -> tuple[str, str, bool]:
        """(password, its hash, generated?): generated unless the form says ``how=set``.
        Hashed in a thread: scrypt takes a tenth of a second of CPU."""
        generate = str(form.get("how", "generate")) != "set"
        password = new_password() if generate else clean_password(str(form.get("password", "")))
        return password, await asyncio.to_thread(hash_password, password), generate

    async def set_display_name(request: web.Request) -> web.Response:
        form = await posted(request)
        if isinstance(form, web.Response):
            return form
        name, typed = str(form.get("name", "")), str(form.get("display_name", ""))
        try:
            display_name = clean_display_name(typed)
        except ValueError as exc:
            return await users_page(request, row_error=(name, str(exc), typed), status=422)
        return await applied(request, DisplayNameChange(name, display_name), "display_name")

    async def create(request: web.Request) -> web.Response:
        form = await posted(request)
        if isinstance(form, web.Response):
            return form
        try:
            name = clean_login_name(str(form.get("name", "")))
            display_name = clean_display_name(str(form.get("display_name", "")))
            role = clean_role(str(form.get("role", "")))
            password, hashed, generated = await password_of(form)
        except ValueError as exc:
            return await users_page(request, error=str(exc), typed=form, status=422)
        change = NewAccount(name, role, hashed, display_name, temporary=generated)
        try:
            outcome = await apply(request, change)
        except AlreadyExists:
            error = f"用户名 {name} 已被使用，请换一个。"
            return await users_page(request, error=error, typed=form, status=409)
        if isinstance(outcome, web.Response):
            return outcome
        if generated:
            notice = _DONE["created"].format(name)
            return await users_page(request, notice=notice, password=(name, password))
        query = urlencode({"done": "created", "name": name})
        return web.Response(status=303, headers={"Location": f"/staff/users?{query}"})

    async def set_role(request: web.Request) -> web.Response:
        form = await posted(request)
        if isinstance(form, web.Response):
            return form
        try:
            role = clean_role(str(form.get("role", "")))
        except ValueError as exc:
            return await users_page(request, error=str(exc), status=422)
        return await applied(request, RoleChange(str(form.get("name", "")), role), "role")

    async def reset_password(request: web.Request) -> web.Response:
        form = await posted(request)
        if isinstance(form, web.Response):
            return form
        name = str(form.get("name", ""))
        try:
            password, hashed, generated = await password_of(form)
        except ValueError as exc:
            return await users_page(request, error=f"账户 {name}：{exc}", status=422)
        change = PasswordReset(name, hashed, temporary=generated)
        if not generated:
            return await applied(request, change, "password")
        outcome = await apply(request, change)
        if isinstance(outcome, web.Response):
            return outcome
        notice = f"已为账户 {name} 生成新密码，其登录已全部退出。"
        return await users_page(request, notice=notice, password=(name, password))

    async def lock(request: web.Request) -> web.Response:
        form = await posted(request)
        if isinstance(form, web.Response):
            return form
        disabled = str(form.get("disabled", "")) == "1"
        change = AccountLock(str(form.get("name", "")), disabled)
        return await applied(request, change, "disabled" if disabled else "enabled")

    async def unlock(request: web.Request) -> web.Response:
        form = await posted(request)
        if isinstance(form, web.Response):
            return form
        return await applied(request, LoginFailuresCleared(str(form.get("name", ""))), "unlocked")

    return [
        web.get("/staff/users", users, name="staff.users"),
        # The same route name (one resource, GET and POST), so the same rule: administrators.
        web.post("/staff/users", set_display_name, name="staff.users"),
        web.post("/staff/users/new", create, name="staff.user_create"),
        web.post("/staff/users/role", set_role, name="staff.user_role"),
        web.post("/staff/users/password", reset_password, name="staff.user_password"),
        web.post("/staff/users/lock", lock, name="staff.user_lock"),
        web.post("/staff/users/unlock", unlock, name="staff.user_unlock"),
    ]
