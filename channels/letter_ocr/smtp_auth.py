"""SMTP AUTH (PLAIN and LOGIN) checked by an async call: the station keys live in storage.

aiosmtpd's built-in mechanisms call a synchronous ``authenticator``; answering from storage
would then need a cache refreshed in the background (a new or revoked key took up to 30 s to
count, and each process kept its own copy). These overrides parse the two mechanisms as
RFC 4616 and RFC 4954 give them, with aiosmtpd's own ``challenge_auth``, and await the check,
so every AUTH asks the database that every process shares.
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from collections.abc import Awaitable, Callable
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

__all__ = ["CheckLogin", "StationSMTP"]

CheckLogin = Callable[[str, str], Awaitable[bool]]


class StationSMTP(SMTP):
    def __init__(self, handler: Any, *, check_login: CheckLogin, **kwargs: Any) -> None:
        self._check_login = check_login
        super().__init__(handler, **kwargs)

    async def auth_PLAIN(self, _: SMTP, args: list[str]) -> AuthResult:
        raw = await self._first(args, "")
        if raw is None:
            return AuthResult(success=False, handled=True)
        parts = raw.split(b"\x00")  # authzid \0 authcid \0 password
        if len(parts) != 3:
            await self.push("501 5.5.2 Can't split auth value")
            return AuthResult(success=False, handled=True)
        return await self._verify(parts[1], parts[2])

    async def auth_LOGIN(self, _: SMTP, args: list[str]) -> AuthResult:
        login = await self._first(args, self.AuthLoginUsernameChallenge)
        if login is None:
            return AuthResult(success=False, handled=True)
        password = await self.challenge_auth(self.AuthLoginPasswordChallenge)
        if not isinstance(password, bytes):
            return AuthResult(success=False)
        return await self._verify(login, password)

    async def _first(self, args: list[str], challenge: str) -> bytes | None:
        """The mechanism's first value: given on the AUTH line, or asked for; None when the
        client's answer was unusable (already replied to) or it cancelled."""
        if len(args) > 1:
            value = _decode(args[1])
            if value is None:
                await self.push("501 5.5.2 Can't decode base64")
            return value
        answer = await self.challenge_auth(challenge)
        return answer if isinstance(answer, bytes) else None

    async def _verify(self, login: bytes, password: bytes) -> AuthResult:
        ok = await self._check_login(
            login.decode(errors="replace"), password.decode(errors="replace")
        )
        return AuthResult(success=ok, handled=False, auth_data=LoginPassword(login, password))


def _decode(text: str) -> bytes | None:
    try:
        return b64decode(text.encode(), validate=True)
    except (binascii.Error, ValueError):
        return None
