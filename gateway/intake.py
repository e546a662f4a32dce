"""``submit``: the one door every channel uses. Nothing is acknowledged before it is durable.

Originals are written (fsynced) first, then the intake row, its RECEIVED event, its first job
and its query-code hash commit in one transaction. Only then does the caller get a receipt.
If the commit fails, files this call created are removed, so nothing half-stored remains.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence

import msgspec

from channels.contract import Receipt, Upload
from gateway.originals import Originals, Staged
from gateway.querycode import QueryCodes
from gateway.storage import KeyConflict, NewIntake, StorageUnavailable, Store
from normalizer.errors import Conflict, Unavailable
from normalizer.record import RawIntake, channel_of, origin_of

__all__ = ["Intake"]

log = logging.getLogger(__name__)


class Intake:
    def __init__(
        self,
        store: Store,
        originals: Originals,
        codes: QueryCodes,
        first_job: Callable[[RawIntake], str],
        on_received: Callable[[str], None] = lambda channel: None,
    ) -> None:
        """``on_received(channel)`` is told of each intake newly stored (for ``/metrics``)."""
        self._store = store
        self._on_received = on_received
        self._originals = originals
        self._codes = codes
        self._first_job = first_job

    async def submit(
        self,
        raw: RawIntake,
        uploads: Sequence[Upload],
        *,
        actor: str,
        idempotency_key: str | None = None,
        query_code: bool = False,
    ) -> Receipt:
        channel = channel_of(raw).value
        staged = Staged()
        try:
            staged = await self._originals.stage(uploads)
            code = self._codes.new() if query_code else None
            raw_json = msgspec.json.encode(raw)
            result = await self._store.submit(
                NewIntake(
                    channel=channel,
                    raw=raw_json,
                    originals=staged.originals,
                    inline=staged.inline,
                    actor=actor,
                    idempotency_key=idempotency_key,
                    query_code_hash=self._codes.digest(code) if code else None,
                    first_job=self._first_job(raw),
                    content_digest=_digest(raw_json, staged),
                    origin=origin_of(raw).value,
                )
            )
        except KeyConflict as exc:
            await self._originals.discard(staged)
            raise Conflict(
                "idempotency_conflict",
                "此提交已提交过，但内容与前次不同；如需补充或更正，请重新打开表单另行提交。",
                "This Idempotency-Key was already used for different content; use a new key.",
                field="Idempotency-Key",
            ) from exc
        except (OSError, StorageUnavailable) as exc:
            await self._originals.discard(staged)
            log.error("intake not stored (%s): %s", channel, type(exc).__name__)
            raise Unavailable(
                "storage_unavailable",
                "系统暂时无法保存，请稍后重试。",
                "Storage is not writable at the moment; retry later.",
                retry_after=30,
            ) from exc
        if result.duplicate:
            log.info("duplicate intake %s (idempotency key reused)", result.intake_no)
        else:
            log.info("received %s via %s", result.intake_no, channel)
            self._on_received(channel)
        return Receipt(
            intake_id=result.intake_id,
            intake_no=result.intake_no,
            received_at=result.received_at,
            duplicate=result.duplicate,
            query_code=None if result.duplicate else code,
        )


def _digest(raw_json: bytes, staged: Staged) -> bytes:
    """What an idempotency key is bound to: the raw intake and the originals, in order."""
    h = hashlib.sha256(raw_json)
    for o in staged.originals:
        h.update(b"\x00" + o.sha256.encode())
    return h.digest()
