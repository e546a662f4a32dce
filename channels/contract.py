"""What a channel gets from the gateway and gives back: the only seam between the two.

Channels never import ``gateway``: the gateway hands each channel a ``Submit`` callable and
runs each channel's ``Extractor`` in its worker pool. Keeping the seam this small is what
lets a new channel be a raw type, a case in ``normalize``, a package here and one line in
the gateway's channel registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from normalizer.record import ExtractedText, Original, RawIntake

__all__ = ["Extractor", "Receipt", "Submit", "Upload"]


@dataclass(frozen=True)
class Upload:
    """One original as it arrived: the bytes are stored before anything is acknowledged."""

    data: bytes
    media_type: str
    role: str = "attachment"
    filename: str | None = None


@dataclass(frozen=True)
class Receipt:
    intake_id: str
    intake_no: str
    received_at: datetime
    duplicate: bool
    query_code: str | None = None  # shown once; only its keyed hash is stored


class Submit(Protocol):
    async def __call__(
        self,
        raw: RawIntake,
        uploads: Sequence[Upload],
        *,
        actor: str,
        idempotency_key: str | None = None,
        query_code: bool = False,
    ) -> Receipt: ...


class Extractor(Protocol):
    """Turns originals into draft text. ``extract`` blocks: the gateway runs it in a worker."""

    def ready(self) -> bool:
        """False while the engine cannot run (no model configured): jobs wait, never fail."""
        ...

    def extract(
        self, raw: RawIntake, originals: Sequence[tuple[Original, bytes]]
    ) -> ExtractedText: ...
