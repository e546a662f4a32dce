"""Rate limiter, CSRF tokens, challenges and content sniffing, as plain objects."""

from __future__ import annotations

import hashlib

import pytest

from channels.uploads import sniff
from channels.web.abuse import Challenges, Csrf, RateLimiter, check, chinese_number
from normalizer.errors import RateLimited
from tests.web.conftest import chinese_to_int, solve_question
from tests.web.files import EXE, jpeg, pdf, png


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_rate_limiter_allows_the_budget_then_says_when_to_retry() -> None:
    clock = FakeClock()
    limiter = RateLimiter(6, clock=clock)
    assert [limiter.wait("a") for _ in range(6)] == [None] * 6
    wait = limiter.wait("a")
    assert wait is not None and 0 < wait <= 10
    assert limiter.wait("b") is None  # per client
    clock.now += wait
    assert limiter.wait("a") is None
    with pytest.raises(RateLimited) as info:
        await check(limiter, "a")
    assert info.value.retry_after is not None and info.value.retry_after >= 1


def test_the_rate_limiter_forgets_idle_clients() -> None:
    clock = FakeClock()
    limiter = RateLimiter(60, clock=clock, max_keys=10)
    for i in range(11):
        limiter.wait(str(i))
    clock.now += 120
    limiter.wait("new")
    limiter.wait("newer")
    assert len(limiter._tat) <= 2


def test_csrf_tokens_are_bound_to_their_cookie_and_secret() -> None:
    csrf = Csrf(b"k" * 32)
    cookie = Csrf.new_cookie()
    assert csrf.valid(cookie, csrf.token(cookie))
    assert not csrf.valid(Csrf.new_cookie(), csrf.token(cookie))
    assert not csrf.valid(cookie, Csrf(b"j" * 32).token(cookie))
    assert not csrf.valid(None, csrf.token(cookie))
    assert not csrf.valid(cookie, "")


def _work(token: str, bits: int) -> str:
    n = 0
    while True:
        digest = hashlib.sha256(f"{token}:{n}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - bits) == 0:
            return str(n)
        n += 1


def test_a_challenge_passes_with_proof_of_work_or_the_right_sum_only() -> None:
    clock = FakeClock()
    challenges = Challenges(b"s" * 32, bits=10, ttl_s=600, clock=clock)
    ch = challenges.issue()
    assert challenges.verify(ch.token, _work(ch.token, 10), "")
    answer = solve_question(ch.question_zh)
    assert challenges.verify(ch.token, "", answer)
    assert challenges.verify(
        ch.token, "", answer.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    )
    assert not challenges.verify(ch.token, "", str(int(answer) + 1))
    assert not challenges.verify(ch.token, "nonce", "")
    lowered = ch.token.replace(".10.", ".1.")
    assert not challenges.verify(lowered, _work(lowered, 1), "")
    clock.now += 601
    assert not challenges.verify(ch.token, "", answer)


@pytest.mark.parametrize(
    ("n", "text"), [(3, "三"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")]
)
def test_chinese_numbers_read_as_people_write_them(n: int, text: str) -> None:
    assert chinese_number(n) == text and chinese_to_int(text) == n


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (pdf(), "application/pdf"),
        (png(), "image/png"),
        (jpeg(), "image/jpeg"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        ("举报材料说明\n第二行".encode(), "text/plain"),
        (EXE, None),
        (b"PK\x03\x04" + b"\x00" * 30, None),
        (b"\x00\x01\x02", None),
    ],
    ids=["pdf", "png", "jpeg", "tiff-le", "tiff-be", "text", "exe", "zip", "binary"],
)
def test_attachment_types_are_sniffed_from_content(data: bytes, media_type: str | None) -> None:
    assert sniff(data) == media_type
