"""``web_channel(...)``: every route of the web channel (网), built from what the gateway hands in.

Channels never import the gateway, so everything arrives as an argument: the ``submit``
callable, the limits from the settings, the store (as a ``StatusSource``), the query-code
hasher and a secret for CSRF and challenge tokens. The pages and the API share one set of
guards, so a client's budget is the same whichever door it uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from channels.contract import Submit
from channels.uploads import Limits
from channels.web.abuse import Challenges, Csrf, Guards, Limiter, RateLimiter
from channels.web.api import web_routes
from channels.web.hold import AttachmentHold
from channels.web.pages import WebPages
from channels.web.status import FeedbackText, StatusLookup, StatusSource

__all__ = ["web_channel"]


def web_channel(
    submit: Submit,
    decode: Callable[[bytes, type[Any]], Any],
    *,
    source: StatusSource,
    digest: Callable[[str], bytes | None],
    secret: bytes,
    limits: Limits,
    json_limits: Limits | None = None,
    per_minute: int = 30,
    lookups_per_minute: int | None = None,
    pow_bits: int = 16,
    feedback_text: FeedbackText | None = None,
    limiter: Callable[[str, int], Limiter] | None = None,
    hold: AttachmentHold | None = None,
) -> list[web.RouteDef]:
    """Routes for the pages and the API.

    ``feedback_text`` is the hook for the text the processing system sends back: intake id ->
    text for the reporter (or None); it is shown on the status page and in the API reply.
    ``limiter(name, per_minute)`` makes the rate limiters (default: counted in this process).
    ``hold`` keeps a form's attachments when it is sent back for a correction (without it,
    the page asks for them again).
    """
    make = limiter or (lambda _name, n: RateLimiter(n))
    guards = Guards(
        submissions=make("web-submit", per_minute),
        lookups=make("web-lookup", lookups_per_minute or per_minute),
        csrf=Csrf(secret),
        challenges=Challenges(secret, bits=pow_bits),
    )
    lookup = StatusLookup(source, digest, feedback_text)
    pages = WebPages(submit, lookup, guards, limits, hold=hold)
    api = web_routes(submit, decode, guards=guards, limits=json_limits or limits, lookup=lookup)
    return [*pages.routes(), *api]
