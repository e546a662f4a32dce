"""Attachments of a report form that was sent back for a correction, held for the next try.

When the form comes back with a mistake to fix (a missing field, a wrong sum), the page says
that what the reporter entered was kept; a browser cannot put files back into a file input,
so without this the attachments were silently lost. Two ways were weighed:

- Back to the browser, inline in the page (sealed with AEAD so they cannot be altered): no
  state on the server, but every attachment would travel down again as base64 (a third
  larger) and up again with the next try, 20 MB photos on a phone included; and a hidden
  field that large does not fit the form's field limits, which bound what an anonymous
  client may make the server parse.
- On the server, under a short-lived random token: the page carries 43 characters, the
  bytes cross the network once, and the files are already checked (type by content,
  decompression bombs), so the next try does not check them again.

The gateway keeps them on the server: encrypted with its key ring, in the database (so any
process behind a load balancer finds them), under the SHA-256 of a 256-bit token that only
the reporter's page holds, bound to the browser's CSRF cookie (a copied token is useless in
another browser), for ``form_hold_s`` (an hour by default), at most ``form_hold_bytes`` per
form and ``form_hold_total_bytes`` for all forms together, so failed submissions cannot fill
the disk. A set over a bound is not kept and the page says so: honest, never silent.

A hold is not deleted when the report is finally submitted but expires: the receipt is the
answer to a POST, and a reload sends the same form again, whose same files must give the
same intake number again, not an idempotency conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from channels.contract import Upload

__all__ = ["AttachmentHold", "Held", "NotKept"]


@dataclass(frozen=True)
class Held:
    """A kept set of attachments: the token for the page, and when it stops being usable."""

    token: str
    expires_at: datetime


class NotKept(Exception):
    """The set could not be kept (over a size bound, storage full); ``message_zh`` says so."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


class AttachmentHold(Protocol):
    async def keep(self, uploads: Sequence[Upload], bind: str) -> Held:
        """Keep ``uploads`` for the browser identified by ``bind``; raises ``NotKept``."""
        ...

    async def load(self, token: str, bind: str) -> list[Upload] | None:
        """The uploads kept under ``token`` for ``bind``; None when expired or unknown."""
        ...
