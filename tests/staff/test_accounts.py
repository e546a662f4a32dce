"""Staff accounts: scrypt hashes, login sessions, CSRF, lockout, logout, redirects, 403 pages."""

from __future__ import annotations

import dataclasses

import aiohttp
import pytest
from yarl import URL

from gateway.accounts import hash_password, verify_password
from gateway.app import STORE
from gateway.auth import SESSION_COOKIE
from gateway.settings import Settings
from tests.conftest import MakeClient
from tests.engines import every_engine, query
from tests.staff.accounts import PASSWORD, csrf_of, login, make_user, staff_client

engine = every_engine  # each test runs on SQLite and on PostgreSQL


def test_a_password_hash_is_salted_scrypt_with_its_parameters() -> None:
    a, b = hash_password("s3cret-password", n=2**12), hash_password("s3cret-password", n=2**12)
    assert a.startswith("scrypt$4096$8$1$") and a != b
    assert verify_password("s3cret-password", a)
    assert not verify_password("s3cret-passwore", a)
    assert not verify_password("x", "md5$abc")


async def test_login_sets_a_strict_httponly_session_and_stores_only_its_hash(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    await make_user(client, "zhang", "clerk")
    resp = await login(client, "zhang", next_="/desk/visits/new")
    assert resp.status == 303 and resp.headers["Location"] == "/desk/visits/new"
    cookie = resp.cookies[SESSION_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert not cookie["secure"]  # plain HTTP in tests; Secure is set under TLS
    stored = [bytes(r[0]) for r in query(settings, "SELECT token_hash FROM staff_sessions")]
    assert len(stored) == 1 and cookie.value.encode() not in stored[0]
    page = await client.get("/desk/visits/new")
    assert page.status == 200 and "来访登记" in await page.text()


async def _login_from(address: str, base: str, name: str, password: str) -> tuple[int, str]:
    """A login from another client address (loopback 127.0.0.0/8), with its own cookies."""
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    jar = aiohttp.CookieJar(unsafe=True)  # the test server is addressed by IP
    async with aiohttp.ClientSession(connector=connector, cookie_jar=jar) as http:
        async with http.get(f"{base}/staff/login?next=/staff") as r:
            page = await r.text()
        data = {"csrf": csrf_of(page), "name": name, "password": password, "next": "/staff"}
        async with http.post(f"{base}/staff/login", data=data, allow_redirects=False) as r:
            return r.status, await r.text()


async def test_repeated_failures_shut_out_the_guessing_client_but_not_the_account(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client()
    await make_user(client, "li", "reviewer")
    for _ in range(settings.login_max_failures):
        resp = await login(client, "li", "wrong-password")
        assert resp.status == 401 and "用户名或密码错误" in await resp.text()
    resp = await login(client, "li")  # the right password, from the guessing client
    assert resp.status == 429 and "此终端" in await resp.text()
    assert SESSION_COOKIE not in resp.cookies
    # The real user at another desk is not locked out by someone else's guesses.
    base = str(client.make_url("")).rstrip("/")
    status, _ = await _login_from("127.0.0.2", base, "li", PASSWORD)
    assert status == 303
    user = await client.app[STORE].get_user("li")
    assert user is not None and user.locked_until is None


async def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    resp = await login(client, "nobody")
    assert resp.status == 401 and "用户名或密码错误" in await resp.text()


async def test_login_without_the_form_token_is_refused(make_client: MakeClient) -> None:
    client = await make_client()
    await make_user(client, "wang", "clerk")
    resp = await client.post(
        "/staff/login", data={"name": "wang", "password": PASSWORD}, allow_redirects=False
    )
    assert resp.status == 400 and SESSION_COOKIE not in resp.cookies


async def test_a_form_without_the_session_token_is_refused(make_client: MakeClient) -> None:
    client = await make_client()
    await staff_client(client, "zhao", "reviewer")
    resp = await client.post("/staff/logout", data={"csrf": "forged"}, allow_redirects=False)
    assert resp.status == 400 and "表单已过期" in await resp.text()
    assert (await client.get("/staff/review")).status == 200  # still logged in


async def test_logout_ends_the_session_on_the_server(make_client: MakeClient) -> None:
    client = await make_client()
    csrf = await staff_client(client, "qian", "reviewer")
    token = client.session.cookie_jar.filter_cookies(client.make_url("/"))[SESSION_COOKIE].value
    resp = await client.post("/staff/logout", data={"csrf": csrf}, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/staff/login"
    # Replaying the old cookie does not work: the session is gone server-side.
    client.session.cookie_jar.update_cookies({SESSION_COOKIE: token})
    resp = await client.get("/staff/review", allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"].startswith("/staff/login")


async def test_an_expired_session_is_no_login(make_client: MakeClient, settings: Settings) -> None:
    import dataclasses

    client = await make_client(dataclasses.replace(settings, session_ttl_s=0.0))
    await make_user(client, "sun", "reviewer")
    assert (await login(client, "sun")).status == 303
    resp = await client.get("/staff/review", allow_redirects=False)
    assert resp.status == 302


async def test_pages_redirect_to_login_and_a_clerk_gets_a_chinese_403_page(
    make_client: MakeClient,
) -> None:
    client = await make_client()
    resp = await client.get("/staff/review?channel=letter", allow_redirects=False)
    assert resp.status == 302
    target = URL(resp.headers["Location"])
    assert target.path == "/staff/login"
    assert target.query["next"] == "/staff/review?channel=letter"
    await staff_client(client, "zhou", "clerk")
    for path in ("/staff/review", "/staff/users", "/staff/records/W1"):
        resp = await client.get(path)
        assert resp.status == 403, path
        assert resp.content_type == "text/html" and "无权访问" in await resp.text()
    # The JSON API keeps answering with problems, for the same clerk.
    resp = await client.get("/api/v1/records")
    assert resp.status == 403 and (await resp.json())["code"] == "forbidden"


async def test_an_admin_sees_the_accounts_page(make_client: MakeClient) -> None:
    client = await make_client()
    await staff_client(client, "admin1", "admin")
    page = await (await client.get("/staff/users")).text()
    assert "admin1" in page and "管理员" in page
    assert csrf_of(page)


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("/staff/review?channel=letter", True),
        ("//evil.example/", False),
        ("/\t/evil.example", False),
        ("/\n/evil.example", False),
        ("/\\evil.example", False),
        ("https://evil.example/", False),
    ],
    ids=["local-path", "protocol-relative", "tab-trick", "newline-trick", "backslash", "absolute"],
)
def test_after_login_only_local_paths_are_followed(target: str, kept: bool) -> None:
    from gateway.accounts import _safe_next

    assert (_safe_next(target) == target) is kept


def test_an_unknown_name_costs_the_same_scrypt_work_as_a_real_one() -> None:
    from gateway.accounts import SCRYPT_N, _dummy_hash

    assert _dummy_hash().split("$")[1] == str(SCRYPT_N)


async def test_login_attempts_are_throttled_per_address(
    make_client: MakeClient, settings: Settings
) -> None:
    client = await make_client(dataclasses.replace(settings, login_per_minute=3))
    await make_user(client, "zhao", "reviewer")
    statuses = [(await login(client, "zhao", "wrong-password")).status for _ in range(5)]
    assert statuses[:3] == [401, 401, 401] and statuses[3:] == [429, 429]
