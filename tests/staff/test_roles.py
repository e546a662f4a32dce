"""Every route, every role: the router and ROUTE_RULES agree, and no route lacks a rule."""

from __future__ import annotations

import re
import secrets
from typing import Any

from aiohttp import hdrs, web

from gateway.accounts import hash_password
from gateway.app import STORE
from gateway.auth import ROUTE_RULES, SESSION_COOKIE, Role, session_token_hash
from gateway.settings import Settings
from tests.conftest import MakeClient, api_key

STAFF = {Role.CLERK, Role.REVIEWER, Role.ADMIN}
_PLACEHOLDER = re.compile(r"\{[^}]+\}")


def _name(route: web.AbstractRoute) -> str | None:
    return route.name or (route.resource.name if route.resource else None)


def _path(route: web.AbstractRoute) -> str:
    if isinstance(route.resource, web.StaticResource):
        return route.resource.canonical + "/staff.css"
    assert route.resource is not None
    return _PLACEHOLDER.sub("0", route.resource.canonical)


async def _denied(resp: Any) -> bool:
    """A refusal by the auth middleware (as opposed to a handler's own 4xx)."""
    if resp.status == 401:
        return True
    if resp.status == 302 and resp.headers.get("Location", "").startswith("/staff/login"):
        return True
    if resp.status == 403:
        if resp.content_type == "text/html":
            return "无权访问" in await resp.text()
        return (await resp.json(content_type=None)).get("code") in ("forbidden", "unauthenticated")
    return False


async def test_every_route_has_a_rule_and_every_rule_a_route(make_client: MakeClient) -> None:
    client = await make_client()
    names = {_name(r) for r in client.app.router.routes()}
    unnamed = [r for r in client.app.router.routes() if _name(r) not in ROUTE_RULES]
    assert not unnamed, f"routes without a rule: {unnamed}"
    assert set(ROUTE_RULES) <= names, f"rules without a route: {set(ROUTE_RULES) - names}"


async def test_each_role_reaches_exactly_the_routes_its_rules_allow(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    store = client.app[STORE]
    headers: dict[Role, dict[str, str]] = {Role.PUBLIC: {}}
    for role in Role:
        if role in STAFF:  # people: a session cookie, as the login form would set
            token = secrets.token_urlsafe(32)
            await store.add_user(f"u-{role}", str(role), hash_password("x" * 12, n=2**10))
            await store.create_session(session_token_hash(token), f"u-{role}", 600)
            headers[role] = {hdrs.COOKIE: f"{SESSION_COOKIE}={token}"}
        elif role != Role.PUBLIC:  # machines: an API key
            headers[role] = {"Authorization": f"Bearer {await api_key(client, settings, role)}"}
    checked = 0
    mismatches = []
    for route in client.app.router.routes():
        if route.method == "HEAD":
            continue
        rule = ROUTE_RULES[_name(route) or ""]
        path = _path(route)
        for role, sent in headers.items():
            resp = await client.request(
                route.method if route.method != "*" else "GET",
                path,
                headers=sent,
                allow_redirects=False,
            )
            denied = await _denied(resp)
            resp.release()
            if denied == (role in rule):
                mismatches.append((route.method, path, str(role), resp.status))
            checked += 1
    assert not mismatches, mismatches
    assert checked >= 20 * len(Role) // 2
