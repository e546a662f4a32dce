"""Staff accounts: scrypt passwords, lockout, server-side sessions, CSRF, login pages.

Each account has a login name (its key, typed at login, written into trajectories as the
actor) and a display name (姓名) that an administrator sets on the accounts page or with
``intake-gateway set-display-name`` (``gateway.administration``): the desk receipt a visitor
takes home names the clerk as a person, not as a login, and so does the staff header.

People (desk clerks, reviewers, administrators) log in with a name and password and get a
session cookie (HttpOnly, SameSite=Strict, Secure under TLS). Only the SHA-256 of the session
token is stored, so a copy of the database logs nobody in. The CSRF token of a form is an HMAC
of the session, so it needs no storage and dies with the session; the login form, which has
no session yet, is bound to a short-lived random cookie the same way. ``auth_middleware``
turns the cookie into a ``Principal``; this module only issues and ends sessions.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web

from gateway.auth import SESSION_COOKIE, Role, principal_of, session_token_hash
from gateway.settings import Settings
from gateway.storage import Store
from gateway.throttles import limiter_factory

__all__ = [
    "DISPLAY_NAME_MAX",
    "MIN_PASSWORD_LENGTH",
    "StaffPages",
    "account_routes",
    "clean_display_name",
    "hash_password",
    "verify_password",
]

log = logging.getLogger(__name__)

# scrypt parameters: 2**15 * 8 * 128 bytes = 32 MiB per hash, ~0.1 s; stored with each hash
# so that they can be raised later without invalidating existing passwords.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSWORD_LENGTH = 10
LOGIN_COOKIE = "igw_login"
ROLE_LABELS = {
    "clerk": "接待登记员",
    "reviewer": "审核人员",
    "head": "信访室负责人",
    "leader": "分管领导",
    "admin": "管理员",
}
DISPLAY_NAME_MAX = 50


def clean_display_name(value: str) -> str:
    """The 姓名 as it will be printed: trimmed, one line, at most ``DISPLAY_NAME_MAX``
    characters; ``ValueError`` with a Chinese message otherwise. Empty clears it."""
    name = " ".join(value.split())
    if not all(ch.isprintable() for ch in name):
        raise ValueError("姓名中含有不可显示的字符。")
    if len(name) > DISPLAY_NAME_MAX:
        raise ValueError(f"姓名不能超过 {DISPLAY_NAME_MAX} 个字（现有 {len(name)} 个）。")
    return name


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, n, r, p)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(found, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


@functools.cache
def _dummy_hash() -> str:
    """Compared against when the user name is unknown or locked, with the real parameters,
    so that timing does not reveal which names exist (made on first use, not at import)."""
    return hash_password("x" * MIN_PASSWORD_LENGTH)


@dataclass(frozen=True)
class StaffPages:
    """What any staff page needs from the session: who, and the form token. Passed to the
    visit channel too, which may not import the gateway."""

    secret: bytes

    def csrf_token(self, request: web.Request) -> str:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        return self._mac(b"session:" + session_token_hash(cookie))

    def csrf_ok(self, request: web.Request, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(self.csrf_token(request), value or "")

    def actor(self, request: web.Request) -> str:
        return principal_of(request).actor

    def context(self, request: web.Request, **values: Any) -> dict[str, Any]:
        """The template context every staff page shares (layout header, logout form)."""
        principal = principal_of(request)
        return {
            # Who is logged in, as people know them: the 姓名, else the login name.
            "staff_name": principal.display_name or principal.name,
            "staff_login": principal.name,
            "staff_role": str(principal.role),
            "staff_role_label": ROLE_LABELS.get(str(principal.role), str(principal.role)),
            "csrf": self.csrf_token(request),
            **values,
        }

    def message(self, request: web.Request, title: str, message: str, status: int) -> web.Response:
        """A staff page that says one thing (a refusal, an expired form), in the layout."""
        return aiohttp_jinja2.render_template(
            "staff_message.html",
            request,
            self.context(request, title=title, message=message),
            status=status,
        )

    def login_token(self, nonce: str) -> str:
        return self._mac(b"login:" + nonce.encode())

    def _mac(self, data: bytes) -> str:
        return hmac.new(self.secret, data, hashlib.sha256).hexdigest()


def message_page(
    request: web.Request, title: str, message: str, *, status: int, **extra: Any
) -> web.Response:
    return aiohttp_jinja2.render_template(
        "staff_message.html",
        request,
        {"title": title, "message": message, **extra},
        status=status,
    )


def _safe_next(value: str | None) -> str:
    """Only a local path: an open redirect after login would be a phishing aid. Browsers drop
    tabs and newlines from URLs, so "/\t/evil.example" would leave the site: no controls."""
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and value.isprintable()
        and " " not in value
        and not urlsplit(value).netloc
    ):
        return value
    return "/staff"


def account_routes(store: Store, settings: Settings, pages: StaffPages) -> list[web.RouteDef]:
    # Per client address, before any scrypt work is spent; and one attempt at a time per
    # account, so that parallel guesses cannot all pass the lockout check at once.
    per_ip = limiter_factory(store)("login", settings.login_per_minute)

    async def login_form(request: web.Request) -> web.Response:
        return _login_page(request, next_=_safe_next(request.query.get("next")))

    def _login_page(
        request: web.Request,
        *,
        next_: str,
        error: str | None = None,
        name: str = "",
        status: int = 200,
    ) -> web.Response:
        nonce = secrets.token_urlsafe(16)
        response = aiohttp_jinja2.render_template(
            "staff_login.html",
            request,
            {"csrf": pages.login_token(nonce), "next": next_, "error": error, "name": name},
            status=status,
        )
        response.set_cookie(
            LOGIN_COOKIE,
            nonce,
            max_age=3600,
            httponly=True,
            samesite="Strict",
            secure=request.secure,
            path="/staff/login",
        )
        return response

    async def login(request: web.Request) -> web.Response:
        form = await request.post()
        next_ = _safe_next(str(form.get("next", "")))
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        sent = str(form.get("csrf", ""))
        if not nonce or not hmac.compare_digest(pages.login_token(nonce), sent):
            return _login_page(
                request, next_=next_, status=400, error="登录页面已过期，请重新输入用户名和密码。"
            )
        name = str(form.get("name", "")).strip()[:100]
        wait = await per_ip.retry_after(request.remote or "")
        if wait is not None:
            return _login_page(
                request,
                next_=next_,
                name=name,
                status=429,
                error=f"登录尝试过于频繁，请在 {max(1, round(wait))} 秒后再试。",
            )
        async with store.exclusive(f"login/{name}"):
            return await attempt(request, form, name, next_)

    async def attempt(request: web.Request, form: Any, name: str, next_: str) -> web.Response:
        password = str(form.get("password", ""))
        user = await store.get_user(name) if name else None
        now = datetime.now(UTC)
        # Failures count per account *and* client: guessing from one address shuts out that
        # address, not the account, so nobody can lock staff out by failing on purpose.
        pair = f"login-fail/{name}/{request.remote or ''}"
        window = settings.login_lockout_s
        if await store.hits(pair, window) >= settings.login_max_failures:
            await asyncio.to_thread(verify_password, password, _dummy_hash())
            log.warning("login refused: too many failures from this client for one account")
            minutes = max(1, round(window / 60))
            return _login_page(
                request,
                next_=next_,
                name=name,
                status=429,
                error=f"此终端连续登录失败次数过多，请约 {minutes} 分钟后再试，或请管理员协助。",
            )
        if user is not None and user.locked_until is not None and user.locked_until > now:
            await asyncio.to_thread(verify_password, password, _dummy_hash())
            log.warning("login refused: account locked by an administrator")
            return _login_page(
                request,
                next_=next_,
                name=name,
                status=403,
                error="该账户已被停用，请联系管理员。",
            )
        ok = await asyncio.to_thread(
            verify_password, password, user.password_hash if user else _dummy_hash()
        )
        if user is None or not ok:
            await store.hit(pair, window)
            total = await store.hit(f"login-fail/{name}", window)
            if user is not None and total == settings.login_max_failures * 4:
                # Many clients failing on one account: an attack to look at, not to obey.
                log.warning("staff account %r: %d failed logins in the window", name, total)
            log.info("login failed")
            return _login_page(
                request, next_=next_, name=name, status=401, error="用户名或密码错误。"
            )
        token = secrets.token_urlsafe(32)
        await store.create_session(session_token_hash(token), user.name, settings.session_ttl_s)
        response = web.Response(status=303, headers={"Location": next_})
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="Strict",
            secure=request.secure,
            path="/",
            max_age=int(settings.session_ttl_s),
        )
        response.del_cookie(LOGIN_COOKIE, path="/staff/login")
        return response

    async def logout(request: web.Request) -> web.Response:
        form = await request.post()
        if not pages.csrf_ok(request, str(form.get("csrf", ""))):
            return message_page(request, "表单已过期", "请返回上一页刷新后重试。", status=400)
        cookie = request.cookies.get(SESSION_COOKIE, "")
        await store.delete_session(session_token_hash(cookie))
        response = web.Response(status=303, headers={"Location": "/staff/login"})
        response.del_cookie(SESSION_COOKIE, path="/")
        return response

    async def home(request: web.Request) -> web.Response:
        role = principal_of(request).role
        target = "/desk/visits/new" if role == Role.CLERK else "/staff/today"
        return web.Response(status=303, headers={"Location": target})

    return [
        web.get("/staff/login", login_form, name="staff.login_form"),
        web.post("/staff/login", login, name="staff.login"),
        web.post("/staff/logout", logout, name="staff.logout"),
        web.get("/staff", home, name="staff.home"),
    ]
