"""Who may call what: principals, roles, and the one table of route rules.

Every named route has a rule here; a route without one is refused (default deny), and a test
walks the router to prove no route is missing. Machines authenticate with API keys (stored as
keyed hashes); people with a staff session (see ``staff``).

A Bearer token that is not a valid key is 401 on every route, public ones included: a caller
that sends credentials wants to hear that they are wrong, whatever it asked for, and bytes
that cannot be a key (``Bearer \xff``) are simply not one. A state-changing API request
authenticated by the session cookie must carry the session's CSRF token in ``X-CSRF-Token``:
SameSite alone was all that protected ``POST /api/v1/outbox/{id}/resend``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web

from gateway.storage import Store
from normalizer.errors import NotAllowed

__all__ = [
    "ROUTE_RULES",
    "SEALED_ROLES",
    "SESSION_COOKIE",
    "Principal",
    "Role",
    "auth_middleware",
    "hash_api_key",
    "new_api_key",
    "principal_of",
    "session_token_hash",
]


class Role(StrEnum):
    PUBLIC = "public"
    STATION = "station"  # scanning station
    HOTLINE = "hotline"  # hotline system
    CLERK = "clerk"  # reception desk
    REVIEWER = "reviewer"
    HEAD = "head"  # 信访室负责人: a reviewer who also handles sealed items (§5.3)
    LEADER = "leader"  # 分管领导: approves R1–R5, 不予受理 and 不予移送 (issue 12)
    ADMIN = "admin"
    PROCESSING = "processing"  # downstream processing system (callbacks)


STAFF_READ = frozenset({Role.REVIEWER, Role.HEAD, Role.LEADER, Role.ADMIN})
STAFF_ANY = frozenset({Role.CLERK, *STAFF_READ})
DECIDERS = frozenset({Role.REVIEWER, Role.HEAD, Role.ADMIN})
# Who may see and handle a sealed item (§5.3: do not widen the circle): the 信访室 head, and
# the 分管领导 for the approval, both from its metadata only.
SEALED_ROLES = frozenset({Role.HEAD, Role.LEADER})

DESK = frozenset({Role.CLERK, Role.ADMIN})
EXPORTERS = frozenset({Role.HEAD, Role.LEADER, Role.ADMIN})
ANYONE = frozenset(Role)

# Route name -> roles allowed. PUBLIC in a rule means no credentials are needed.
ROUTE_RULES: dict[str, frozenset[Role]] = {
    "home": ANYONE,
    "healthz": ANYONE,
    "static": ANYONE,
    "readyz": ANYONE,
    "metrics": ANYONE,
    "openapi": ANYONE,
    "web.submit_json": ANYONE,
    "web.status_json": ANYONE,
    "web.form": ANYONE,
    "web.submit": ANYONE,
    "web.status_form": ANYONE,
    "web.status": ANYONE,
    "phone.upload": frozenset({Role.HOTLINE, Role.ADMIN}),
    "letter.upload": frozenset({Role.STATION, Role.ADMIN}),
    "records.list": STAFF_READ,
    "records.get": STAFF_READ,
    "records.trajectory": STAFF_READ,
    "records.original": STAFF_READ,
    # staff pages (issue 7): login, desk entry (访), review queue, verification, users
    "staff.login_form": ANYONE,
    "staff.login": ANYONE,
    "staff.logout": STAFF_ANY,
    "staff.home": STAFF_ANY,
    "staff.users": frozenset({Role.ADMIN}),
    "staff.user_create": frozenset({Role.ADMIN}),
    "staff.user_role": frozenset({Role.ADMIN}),
    "staff.user_password": frozenset({Role.ADMIN}),
    "staff.user_lock": frozenset({Role.ADMIN}),
    "staff.user_unlock": frozenset({Role.ADMIN}),
    "visit.form": DESK,
    "visit.submit": DESK,
    "visit.receipt": DESK,
    "staff.review_queue": STAFF_READ,
    "staff.open": STAFF_READ,
    "staff.record": STAFF_READ,
    "staff.correct": STAFF_READ,
    "staff.verify": STAFF_READ,
    "staff.failed": STAFF_READ,
    "staff.replay": STAFF_READ,
    "outbox.resend_form": frozenset({Role.ADMIN}),
    # forwarding (issue 8): callbacks, outbox, deadlines
    "callbacks.report": frozenset({Role.PROCESSING}),
    "outbox.summary": frozenset({Role.ADMIN}),
    "outbox.resend": frozenset({Role.ADMIN}),
    "outbox.page": frozenset({Role.ADMIN}),
    # 研判分流 (issue 12)
    "routing.decide": DECIDERS,
    "routing.approve": frozenset({Role.LEADER}),
    "routing.sent": DECIDERS,
    "staff.decide": DECIDERS,
    "staff.approve": frozenset({Role.LEADER}),
    "staff.sent": DECIDERS,
    "staff.letter": DECIDERS,
    "staff.letters": DECIDERS,
    "staff.approvals": frozenset({Role.LEADER, Role.HEAD, Role.REVIEWER, Role.ADMIN}),
    "staff.ledger": STAFF_READ,
    "staff.sealed": frozenset({Role.HEAD}),
    "staff.sealed_item": SEALED_ROLES,
    "staff.organs": frozenset({Role.ADMIN, Role.HEAD}),
    "staff.organ_save": frozenset({Role.ADMIN}),
    "staff.organ_delete": frozenset({Role.ADMIN}),
    # 交办督办 (issue 13)
    "supervision.act": DECIDERS | {Role.LEADER},  # the leader: escalations only
    "supervision.warnings": STAFF_READ,
    "staff.supervision": STAFF_READ,
    "staff.supervise": DECIDERS | {Role.LEADER},
    "staff.today": STAFF_READ,
    # handed-over items (issue 13 item 1): registered by staff, never by the public
    "handover.submit": DECIDERS | {Role.CLERK},
    "handover.report_up": DECIDERS,
    "staff.handovers": STAFF_READ,
    "staff.report_up": DECIDERS,
    "staff.feedback": STAFF_READ,
    # 研判回退 entered by staff (the 监督检查部门's return on paper)
    "staff.returned": DECIDERS,
    # the workbench (issue 17)
    "staff.records": STAFF_READ,
    "staff.mine": frozenset({Role.REVIEWER, Role.HEAD}),
    "staff.assign": DECIDERS,
    "staff.audit": frozenset({Role.HEAD, Role.ADMIN}),
    # the office's documents (issue 17): 受理告知书, 不予受理告知书, 反馈记录
    "documents.page": DECIDERS,
    "documents.docx": DECIDERS,
    "documents.sent": DECIDERS,
    "deadlines.list": STAFF_READ,
    "deadlines.page": STAFF_READ,
    # 综合分析 (issue 14): figures for every reader; drill-down lists for those who read
    # records; exports (audited) for the head, the leader and administrators
    "statistics.get": STAFF_READ,
    "staff.analysis": STAFF_READ,
    "staff.analysis_items": STAFF_READ,
    "staff.analysis_xlsx": EXPORTERS,
    "staff.analysis_docx": EXPORTERS,
    "staff.inspection": EXPORTERS,
    "staff.inspection_xlsx": EXPORTERS,
    "staff.topics": STAFF_READ,
    "staff.topic_save": DECIDERS,
    "staff.topic_delete": DECIDERS,
    "staff.key_issues": STAFF_READ,
    "staff.key_issues_save": frozenset({Role.ADMIN}),
}

IDENTITY_ROLES = frozenset({Role.REVIEWER, Role.HEAD, Role.LEADER, Role.ADMIN})


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role
    display_name: str = ""  # a staff member's 姓名, when an administrator has set one

    @property
    def actor(self) -> str:
        return f"{self.role}:{self.name}"


REQUEST_PRINCIPAL = web.RequestKey("principal", Principal)


SESSION_COOKIE = "igw_session"
LOGIN_PATH = "/staff/login"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_token_hash(token: str) -> bytes:
    """Session tokens are 256 random bits: a plain SHA-256 is enough to keep them unusable."""
    return hashlib.sha256(token.encode()).digest()


def new_api_key() -> str:
    return "igk_" + secrets.token_urlsafe(32)


def hash_api_key(secret: bytes, key: str) -> bytes:
    return hmac.new(secret, key.encode(), hashlib.sha256).digest()


def _key_shaped(bearer: str) -> bool:
    """API keys are printable ASCII; anything else cannot match and must not reach ``encode``."""
    return bool(bearer) and bearer.isascii() and bearer.isprintable() and len(bearer) <= 512


def auth_middleware(
    store: Store,
    secret: bytes,
    callback_token: str = "",
    csrf_ok: Callable[[web.Request, str | None], bool] | None = None,
) -> Callable[..., Awaitable[web.StreamResponse]]:
    # The processing system may call back with a configured token instead of a stored key.
    token = callback_token.encode()

    @web.middleware
    async def middleware(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        route = request.match_info.route
        name = None
        if route is not None:
            name = route.name or (route.resource.name if route.resource else None)
        rule = ROUTE_RULES.get(name or "")
        if rule is None:
            if request.match_info.http_exception is not None:
                raise request.match_info.http_exception
            raise NotAllowed("forbidden", "您无权访问该地址。", "No access rule for this route.")
        principal = Principal("anonymous", Role.PUBLIC)
        by_session = False
        header = request.headers.get("Authorization", "")
        bearer = header[7:].strip() if header.startswith("Bearer ") else None
        if bearer is not None and not _key_shaped(bearer):
            raise _invalid_key()
        if bearer is not None and token and hmac.compare_digest(bearer.encode(), token):
            principal = Principal("callback-token", Role.PROCESSING)
        elif bearer is not None:
            found = await store.lookup_api_key(hash_api_key(secret, bearer))
            if found is None:
                raise _invalid_key()
            principal = Principal(found[0], Role(found[1]))
        elif cookie := request.cookies.get(SESSION_COOKIE):
            session = await store.lookup_session(session_token_hash(cookie))
            if session is not None:  # an expired or unknown cookie is just "not logged in"
                principal = Principal(session[0], Role(session[1]), session[2])
                by_session = True
        if principal.role not in rule:
            page = not request.path.startswith("/api/")
            if principal.role == Role.PUBLIC:
                if page and request.method in ("GET", "HEAD"):
                    raise web.HTTPFound(f"{LOGIN_PATH}?{urlencode({'next': request.path_qs})}")
                raise _unauthenticated()
            if page:
                return _forbidden_page(request, principal)
            raise NotAllowed("forbidden", "您无权执行此操作。", "Your role may not do this.")
        if (
            by_session
            and csrf_ok is not None
            and request.path.startswith("/api/")
            and request.method not in _SAFE_METHODS
            and not csrf_ok(request, request.headers.get(CSRF_HEADER))
        ):
            raise NotAllowed(
                "csrf_invalid",
                "请求缺少有效的表单令牌（X-CSRF-Token），请从工作台页面重新操作。",
                f"A request authenticated by the staff session needs its {CSRF_HEADER}.",
            )
        request[REQUEST_PRINCIPAL] = principal
        return await handler(request)

    return middleware


def _forbidden_page(request: web.Request, principal: Principal) -> web.Response:
    """People get a page in Chinese, not a JSON problem; the status stays 403."""
    return aiohttp_jinja2.render_template(
        "staff_message.html",
        request,
        {
            "title": "无权访问",
            "message": "您的账户角色无权打开此页面。如需办理，请联系审核人员或管理员。",
            "staff_name": principal.display_name or principal.name,
            "staff_role": str(principal.role),
        },
        status=403,
    )


def _invalid_key() -> NotAllowed:
    err = NotAllowed("unauthenticated", "访问密钥无效。", "Invalid API key.")
    err.status = 401
    return err


def _unauthenticated() -> NotAllowed:
    err = NotAllowed(
        "unauthenticated", "请先登录或提供有效的访问密钥。", "Authentication required."
    )
    err.status = 401
    return err


def principal_of(request: web.Request) -> Principal:
    principal: Principal = request[REQUEST_PRINCIPAL]
    return principal
