"""Scan-to-email: multifunction printers mail their scans; one message is one letter.

Served by aiosmtpd on the gateway's own event loop. ``250`` is answered only after the whole
message (kept as an original) and its scans are durably stored; what is refused gets a 5xx
reply a station operator can read in the printer's log, and a temporary storage problem a 4xx
so that the printer tries again. This module is the one place that maps errors to SMTP.

The listener is bounded against abuse (``SmtpLimits``): recipients per message (a scanner
mails one address; 5,000 were accepted), failed AUTH attempts per connection (each answered
more slowly, then the connection is closed) and per client address (then AUTH is refused
for a while: 1,000 wrong keys at 2,000/s were never slowed), connections per client address
(refused with a 421 banner), and an idle timeout (slow DATA held connections for minutes).
"""

from __future__ import annotations

import asyncio
import collections
import email
import email.policy
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from channels.contract import Submit, Upload
from channels.letter_ocr.adapter import LetterLimits, check_pages
from channels.letter_ocr.smtp_auth import CheckLogin, StationSMTP
from normalizer.errors import (
    IntakeError,
    InvalidInput,
    NotAllowed,
    RateLimited,
    TooLarge,
    Unavailable,
)
from normalizer.record import LetterIntake

__all__ = ["ScanMailHandler", "SmtpLimits", "smtp_factory", "smtp_reply"]

log = logging.getLogger(__name__)

_SCAN_TYPES = ("application/pdf", "image/")
# A scanner nests two or three levels (mixed > alternative > related); 2,000 levels made the
# recursive walks of the email package raise RecursionError, answered 451 for ever.
MAX_MIME_DEPTH = 20


def smtp_reply(exc: IntakeError) -> str:
    """The SMTP answer for a refusal: permanent (5xx) unless retrying can help (4xx)."""
    if isinstance(exc, Unavailable):
        return f"451 4.3.0 {exc.message_en}"
    if isinstance(exc, RateLimited):
        return f"421 4.7.0 {exc.message_en}"
    if isinstance(exc, TooLarge):
        return f"552 5.3.4 {exc.code}: {exc.message_en}"
    if isinstance(exc, NotAllowed):
        return f"550 5.7.1 {exc.code}: {exc.message_en}"
    return f"554 5.6.1 {exc.code}: {exc.message_en}"


class ScanMailHandler:
    def __init__(
        self, submit: Submit, limits: LetterLimits, *, allowed_senders: frozenset[str]
    ) -> None:
        self._submit = submit
        self._limits = limits
        self._allowed = frozenset(a.lower() for a in allowed_senders)

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        if self._allowed and address.lower() not in self._allowed and not session.authenticated:
            return "550 5.7.1 Sender not allowed to submit scans (发件人未获授权)"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        try:
            return await self._take(raw, envelope.mail_from or "")
        except IntakeError as exc:
            log.info("scan mail refused: %s", exc.code)
            return smtp_reply(exc)
        except Exception:
            # Never a final 5xx for our own failure: the printer keeps the scan and retries.
            log.exception("scan mail not taken")
            return "451 4.3.0 Temporary failure; please retry"

    async def _take(self, raw: bytes, sender: str) -> str:
        # Parsing a message of tens of megabytes is CPU work: not on the event loop.
        parsed = await asyncio.to_thread(_parse, raw)
        uploads = await check_pages(parsed.files, self._limits)
        intake = LetterIntake(
            source="email", sender=sender, subject=parsed.subject, body_text=parsed.body
        )
        message_id = parsed.message_id
        receipt = await self._submit(
            intake,
            [Upload(raw, "message/rfc822", role="email"), *uploads],
            actor="smtp",
            idempotency_key=f"mail:{sender}:{message_id}" if message_id else None,
        )
        return f"250 2.0.0 OK intake {receipt.intake_no}"


@dataclass(frozen=True)
class _Parsed:
    subject: str | None
    body: str | None
    message_id: str
    files: list[tuple[str | None, bytes]]


def _malformed() -> InvalidInput:
    return InvalidInput(
        "mail_malformed",
        f"邮件结构无法处理（多层嵌套超过 {MAX_MIME_DEPTH} 层或格式损坏），请直接发送扫描件。",
        f"The message structure cannot be processed (parts nested more than {MAX_MIME_DEPTH} "
        "levels deep, or damaged); send the scans as plain attachments.",
    )


def _parse(raw: bytes) -> _Parsed:
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        _check_depth(msg)
        return _parsed(msg)
    except RecursionError:
        raise _malformed() from None


def _check_depth(msg: EmailMessage) -> None:
    """Iteratively, before anything recursive (``walk``, ``get_body``) touches the tree."""
    stack: list[tuple[Any, int]] = [(msg, 0)]
    while stack:
        part, depth = stack.pop()
        if depth > MAX_MIME_DEPTH:
            raise _malformed()
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload)


def _parsed(msg: EmailMessage) -> _Parsed:
    body = msg.get_body(preferencelist=("plain",))
    return _Parsed(
        subject=(_header(msg, "Subject") or "")[:500] or None,
        body=_text(body)[:5000] if body is not None else None,
        message_id=(_header(msg, "Message-ID") or "").strip(),
        files=_scans(msg),
    )


def _header(msg: EmailMessage, name: str) -> str | None:
    """A header as text; a malformed one (the policy's parser can raise on it) reads raw."""
    try:
        value = msg.get(name)
        return None if value is None else str(value)
    except Exception:
        raw = [v for k, v in msg.raw_items() if k.lower() == name.lower()]
        return str(raw[0]) if raw else None


def _scans(msg: EmailMessage) -> list[tuple[str | None, bytes]]:
    """Attachments in message order; RFC 2231 and encoded-word names decoded by the policy."""
    out: list[tuple[str | None, bytes]] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        named = part.get_filename() is not None
        if named or ctype.startswith(_SCAN_TYPES) or ctype == "application/octet-stream":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and (named or ctype != "application/octet-stream"):
                out.append((part.get_filename(), payload))
    return out


def _text(part: Any) -> str:
    try:
        return str(part.get_content())
    except (LookupError, UnicodeDecodeError):
        payload = part.get_payload(decode=True) or b""
        return bytes(payload).decode("gb18030", errors="replace")


@dataclass(frozen=True)
class SmtpLimits:
    """Abuse bounds of the scan-to-email listener; see the ``smtp_*`` settings."""

    max_recipients: int = 10
    max_auth_failures: int = 3  # per connection, then it is closed
    auth_failures_per_client: int = 20  # per address and window, then AUTH is refused
    auth_failure_window_s: float = 600.0
    auth_failure_delay_s: float = 0.5  # times the connection's failures so far
    max_connections_per_client: int = 10
    idle_timeout_s: float = 60.0


class _Clients:
    """Per listener: open connections and recent AUTH failures, by client address."""

    def __init__(self, limits: SmtpLimits) -> None:
        self.limits = limits
        self.connections: collections.Counter[str] = collections.Counter()
        self._failures: dict[str, collections.deque[float]] = {}

    def failed(self, address: str) -> None:
        self._recent(address)
        self._failures.setdefault(address, collections.deque()).append(time.monotonic())

    def blocked(self, address: str) -> bool:
        return len(self._recent(address)) >= self.limits.auth_failures_per_client

    def _recent(self, address: str) -> collections.deque[float]:
        """Failures within the window; older ones (and then the address) are forgotten."""
        times = self._failures.get(address)
        if times is None:
            return collections.deque()
        horizon = time.monotonic() - self.limits.auth_failure_window_s
        while times and times[0] < horizon:
            times.popleft()
        if not times:
            del self._failures[address]
        return times


class _GuardedSMTP(StationSMTP):
    """aiosmtpd's server with the bounds of ``SmtpLimits`` applied per connection."""

    def __init__(self, handler: Any, clients: _Clients, **kwargs: Any) -> None:
        super().__init__(handler, timeout=clients.limits.idle_timeout_s, **kwargs)
        self._clients = clients
        self._address: str | None = None
        self._auth_failures = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if peer else "unknown"
        if self._clients.connections[address] >= self._clients.limits.max_connections_per_client:
            # Before aiosmtpd starts its session: a banner-less refusal, then goodbye.
            assert isinstance(transport, asyncio.WriteTransport)
            transport.write(b"421 4.7.0 Too many connections from your address\r\n")
            transport.close()
            return
        self._address = address
        self._clients.connections[address] += 1
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if self._address is None:
            return  # refused in connection_made: aiosmtpd never set up its session
        self._clients.connections[self._address] -= 1
        if self._clients.connections[self._address] <= 0:
            del self._clients.connections[self._address]
        self._address = None
        super().connection_lost(error)

    async def smtp_RCPT(self, arg: str | None) -> None:
        if self.envelope is not None and len(self.envelope.rcpt_tos) >= (
            self._clients.limits.max_recipients
        ):
            await self.push("452 4.5.3 Too many recipients (收件人过多)")
            return
        await super().smtp_RCPT(arg)

    async def smtp_AUTH(self, arg: str) -> None:
        address = self._address or "unknown"
        if self._clients.blocked(address):
            await self.push("421 4.7.0 Too many failed logins from your address; try later")
            self._close()
            return
        await super().smtp_AUTH(arg)
        if self.session is None or self.session.authenticated:
            return
        self._auth_failures += 1
        self._clients.failed(address)
        limits = self._clients.limits
        if self._auth_failures >= limits.max_auth_failures:
            await self.push("421 4.7.0 Too many failed logins; closing connection")
            self._close()
            return
        # The next command of this connection waits: guessing keys gets slower and slower.
        await asyncio.sleep(limits.auth_failure_delay_s * self._auth_failures)

    def _close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def smtp_factory(
    handler: ScanMailHandler,
    *,
    max_bytes: int,
    check_login: CheckLogin | None,
    require_auth: bool,
    tls: ssl.SSLContext | None,
    limits: SmtpLimits | None = None,
    clear_auth: bool = False,
) -> Callable[[], SMTP]:
    """``check_login(login, password)`` is awaited for every AUTH (see ``smtp_auth``).

    AUTH is offered only inside STARTTLS, unless ``clear_auth`` (a loopback listener, where
    nothing crosses a network)."""
    clients = _Clients(limits or SmtpLimits())

    async def nobody(login: str, password: str) -> bool:
        return False

    def make() -> SMTP:
        return _GuardedSMTP(
            handler,
            clients,
            data_size_limit=max_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname="intake-gateway",
            tls_context=tls,
            require_starttls=tls is not None,
            auth_required=require_auth,
            auth_require_tls=not clear_auth,
            check_login=check_login or nobody,
        )

    return make
