"""Self-hosted protection against automated abuse: rate limits, CSRF tokens, challenges.

Nothing here calls a third-party service, and nothing needs shared state across processes
except the rate limiter (in memory, per process: a deployment with several processes divides
the effective limit accordingly). Tokens are HMAC-signed with a key the gateway derives from
its key ring, so the server keeps no per-form state:

- CSRF: a random cookie plus a form field that must equal HMAC(cookie) (signed double submit).
- Challenge: a signed, timestamped token. A browser with JavaScript proves work on it
  (``/static/pow.js`` finds a nonce whose SHA-256 has ``bits`` leading zero bits); without
  JavaScript the reporter answers a small sum written in Chinese numerals, derived from the
  token by HMAC so that the answer never travels with the page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from aiohttp import web

from normalizer.errors import RateLimited

__all__ = [
    "Challenge",
    "Challenges",
    "Csrf",
    "Guards",
    "Limiter",
    "RateLimiter",
    "check",
    "chinese_number",
    "client_key",
]

Clock = Callable[[], float]


class Limiter(Protocol):
    """Counts one request for ``key``; None if allowed, else seconds until one is.

    ``RateLimiter`` counts in this process; the gateway hands in a limiter counted in the
    database when several processes share the load, so the budget is one per client."""

    async def retry_after(self, key: str) -> float | None: ...


async def check(limiter: Limiter, key: str) -> None:
    """Raise ``RateLimited`` (with ``Retry-After``) when ``key`` is over its budget."""
    wait = await limiter.retry_after(key)
    if wait is not None:
        seconds = max(1, round(wait + 0.5))
        raise RateLimited(
            "rate_limited",
            f"请求过于频繁，请在 {seconds} 秒后再试。",
            f"Too many requests; retry in {seconds} s.",
            retry_after=seconds,
        )


class RateLimiter:
    """GCRA (a token bucket without a timer): ``per_minute`` requests, bursts up to the same.

    Memory stays bounded: keys whose bucket has refilled are dropped when the table grows.
    """

    def __init__(self, per_minute: int, *, clock: Clock = time.monotonic, max_keys: int = 50_000):
        self._interval = 60.0 / per_minute
        self._window = 60.0
        self._clock = clock
        self._tat: dict[str, float] = {}
        self._max_keys = max_keys

    async def retry_after(self, key: str) -> float | None:
        return self.wait(key)

    def wait(self, key: str) -> float | None:
        """Count one request for ``key``; None if allowed, else seconds until the next one is."""
        now = self._clock()
        tat = max(self._tat.get(key, now), now)
        allowed_at = tat + self._interval - self._window
        if now < allowed_at:
            return allowed_at - now
        self._tat[key] = tat + self._interval
        if len(self._tat) > self._max_keys:
            self._tat = {k: t for k, t in self._tat.items() if t > now}
        return None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Csrf:
    """Signed double-submit tokens bound to a cookie (no server-side session needed)."""

    cookie_name = "web_csrf"

    def __init__(self, secret: bytes) -> None:
        self._key = hmac.new(secret, b"csrf", hashlib.sha256).digest()

    @staticmethod
    def new_cookie() -> str:
        return secrets.token_urlsafe(24)

    @staticmethod
    def usable_cookie(value: str | None) -> bool:
        return value is not None and 20 <= len(value) <= 64 and value.isascii()

    def token(self, cookie: str) -> str:
        return _b64(hmac.new(self._key, cookie.encode(), hashlib.sha256).digest())

    def valid(self, cookie: str | None, token: str | None) -> bool:
        if not self.usable_cookie(cookie) or not token:
            return False
        assert cookie is not None
        return hmac.compare_digest(self.token(cookie), token)


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """0..99 in Chinese numerals, as a person writes them (十二, 二十, 三十五)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Challenge:
    token: str
    bits: int
    question_zh: str


class Challenges:
    """Issues and checks signed challenges; valid for ``ttl_s`` (time to fill in a long form)."""

    def __init__(
        self, secret: bytes, *, bits: int = 16, ttl_s: float = 4 * 3600.0, clock: Clock = time.time
    ) -> None:
        self._key = hmac.new(secret, b"challenge", hashlib.sha256).digest()
        self.bits = bits
        self._ttl = ttl_s
        self._clock = clock

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest()[:18])

    def _operands(self, nonce: str) -> tuple[int, int]:
        digest = hmac.new(self._key, f"q:{nonce}".encode(), hashlib.sha256).digest()
        return 2 + digest[0] % 18, 2 + digest[1] % 18

    def issue(self) -> Challenge:
        body = f"{int(self._clock())}.{secrets.token_hex(12)}.{self.bits}"
        token = f"{body}.{self._sign(body)}"
        return Challenge(token, self.bits, self.question(token) or "")

    def question(self, token: str) -> str | None:
        parts = token.split(".")
        if len(parts) != 4:
            return None
        a, b = self._operands(parts[1])
        return f"{chinese_number(a)}加{chinese_number(b)}等于多少？"

    def key(self, token: str) -> str:
        """A stable id of the challenge; the form uses it as the idempotency key."""
        return token.split(".")[1]

    def verify(self, token: str, pow_nonce: str, answer: str) -> bool:
        """True when the token is ours, fresh, and either the work or the sum is right."""
        parts = token.split(".")
        if len(parts) != 4 or not parts[0].isdigit() or not parts[2].isdigit():
            return False
        body = ".".join(parts[:3])
        if not hmac.compare_digest(self._sign(body), parts[3]):
            return False
        if not 0 <= self._clock() - int(parts[0]) <= self._ttl:
            return False
        if pow_nonce and len(pow_nonce) <= 32 and pow_nonce.isalnum():
            digest = hashlib.sha256(f"{token}:{pow_nonce}".encode()).digest()
            if _leading_zero_bits(digest) >= int(parts[2]):
                return True
        a, b = self._operands(parts[1])
        typed = answer.strip().translate(_FULLWIDTH)
        return typed.isdigit() and len(typed) <= 3 and int(typed) == a + b


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def client_key(request: web.Request) -> str:
    """The rate-limit key: the peer address (a trusted proxy would have to set it instead)."""
    return request.remote or "unknown"


@dataclass(frozen=True)
class Guards:
    """The abuse defences shared by the pages and the API (one budget per client)."""

    submissions: Limiter
    lookups: Limiter
    csrf: Csrf
    challenges: Challenges
