"""Helpers for tests that act as staff: accounts made in the store, logins through the form."""

from __future__ import annotations

import re
from typing import Any

from aiohttp.test_utils import TestClient

from gateway.accounts import hash_password
from gateway.app import STORE

PASSWORD = "correct-horse-battery"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def make_user(client: TestClient[Any, Any], name: str, role: str) -> None:
    await client.app[STORE].add_user(name, role, hash_password(PASSWORD, n=2**12))


def csrf_of(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no CSRF field in the page"
    return m.group(1)


async def login(
    client: TestClient[Any, Any], name: str, password: str = PASSWORD, next_: str = "/staff"
) -> Any:
    page = await (await client.get(f"/staff/login?next={next_}")).text()
    return await client.post(
        "/staff/login",
        data={"csrf": csrf_of(page), "name": name, "password": password, "next": next_},
        allow_redirects=False,
    )


async def staff_client(client: TestClient[Any, Any], name: str, role: str) -> str:
    """Creates and logs in ``name``; returns a CSRF token valid for the new session."""
    await make_user(client, name, role)
    resp = await login(client, name)
    assert resp.status == 303, await resp.text()
    home = "/desk/visits/new" if role in ("clerk", "admin") else "/staff/review"
    return csrf_of(await (await client.get(home)).text())
