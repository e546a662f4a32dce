"""Who may call what: principals, roles, and the one table of route rules.

Every named route has a rule here; a route without one is refused (default deny), and a test
walks the router to prove no route is missing. Machines authenticate with API keys (stored as
keyed hashes); people with a staff session (see ``staff``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from aiohttp import web

from gateway.storage import Store
from normalizer.errors import NotAllowed

__all__ = [
    "ROUTE_RULES",
    "Principal",
    "Role",
    "auth_middleware",
    "hash_api_key",
    "new_api_key",
    "principal_of",
]


class Role(StrEnum):
    PUBLIC = "public"
    STATION = "station"  # scanning station
    HOTLINE = "hotline"  # hotline system
    CLERK = "clerk"  # reception desk
    REVIEWER = "reviewer"
    ADMIN = "admin"
    PROCESSING = "processing"  # downstream processing system (callbacks)


STAFF_READ = frozenset({Role.REVIEWER, Role.ADMIN})
ANYONE = frozenset(Role)

# Route name -> roles allowed. PUBLIC in a rule means no credentials are needed.
ROUTE_RULES: dict[str, frozenset[Role]] = {
    "healthz": ANYONE,
    "static": ANYONE,
    "readyz": ANYONE,
    "metrics": ANYONE,
    "openapi": ANYONE,
    "web.submit_json": ANYONE,
    "records.list": STAFF_READ,
    "records.get": STAFF_READ,
    "records.trajectory": STAFF_READ,
    "records.original": STAFF_READ,
}

IDENTITY_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role

    @property
    def actor(self) -> str:
        return f"{self.role}:{self.name}"


REQUEST_PRINCIPAL = web.RequestKey("principal", Principal)


def new_api_key() -> str:
    return "igk_" + secrets.token_urlsafe(32)


def hash_api_key(secret: bytes, key: str) -> bytes:
    return hmac.new(secret, key.encode(), hashlib.sha256).digest()


def auth_middleware(
    store: Store, secret: bytes
) -> Callable[..., Awaitable[web.StreamResponse]]:
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
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            found = await store.lookup_api_key(hash_api_key(secret, header[7:].strip()))
            if found is None:
                raise NotAllowed(
                    "unauthenticated", "访问密钥无效。", "Invalid API key.",
                )
            principal = Principal(found[0], Role(found[1]))
        if principal.role not in rule:
            if principal.role == Role.PUBLIC:
                raise _unauthenticated()
            raise NotAllowed("forbidden", "您无权执行此操作。", "Your role may not do this.")
        request[REQUEST_PRINCIPAL] = principal
        return await handler(request)

    return middleware


def _unauthenticated() -> NotAllowed:
    err = NotAllowed("unauthenticated", "请先登录或提供有效的访问密钥。", "Authentication required.")
    err.status = 401
    return err


def principal_of(request: web.Request) -> Principal:
    principal: Principal = request[REQUEST_PRINCIPAL]
    return principal
