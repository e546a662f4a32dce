"""Staff read endpoints: records, their flow trajectory and their originals.

Every response that carries complainant identity (the record, an original) appends an
IDENTITY_VIEWED event naming who looked, so the trajectory doubles as the access audit.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from aiohttp import web

from gateway.auth import SEALED_ROLES, principal_of
from gateway.originals import Originals
from gateway.problems import problem_response
from gateway.storage import NewEvent, Store, StoredIntake
from normalizer.errors import InvalidInput, NotFound

__all__ = ["RangeNotSatisfiable", "byte_range", "find", "find_visible", "record_routes"]

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class RangeNotSatisfiable(Exception):
    """The Range header names no byte of the original (416)."""


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive byte span a ``Range`` header asks for, or None for the whole original.

    One span only: a player seeking in a recording asks for one; a header this does not
    understand (several spans, another unit) is ignored as RFC 9110 allows, giving 200.
    """
    if not header:
        return None
    m = _RANGE.fullmatch(header.strip())
    if m is None:
        return None
    first, last = m.group(1), m.group(2)
    if not first and not last:
        return None
    if not first:  # the last N bytes
        n = int(last)
        if n == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return max(0, size - n), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise RangeNotSatisfiable(header)
    return start, end


_NOT_FOUND = NotFound("record_not_found", "未找到该件。", "No such record.")


async def find(store: Store, key: str) -> StoredIntake:
    """By internal id or by intake number, which is what staff have on paper."""
    intake_id = key if len(key) == 36 else await store.find_intake_no(key)
    intake = await store.load(intake_id) if intake_id else None
    if intake is None:
        raise _NOT_FOUND
    return intake


async def find_visible(store: Store, request: web.Request) -> StoredIntake:
    """The record, unless it is sealed and the caller may not know it exists (404, §5.3)."""
    intake = await find(store, request.match_info["key"])
    if intake.sealed and principal_of(request).role not in SEALED_ROLES:
        raise _NOT_FOUND
    return intake


def record_routes(
    store: Store,
    originals: Originals,
    triage_view: Callable[[StoredIntake], Awaitable[dict[str, object]]] | None = None,
) -> list[web.RouteDef]:
    async def list_records(request: web.Request) -> web.Response:
        stage = request.query.get("stage")
        try:
            limit = int(request.query.get("limit", "100"))
        except ValueError:
            limit = 0
        # Bounded before SQLite sees it: -99999999999999999999 overflowed its integer binding.
        if not 1 <= limit <= 1_000_000:
            raise InvalidInput(
                "field_invalid",
                "limit 必须是 1 到 1000 之间的整数。",
                "limit must be an integer from 1 to 1000.",
                field="limit",
            )
        limit = min(limit, 1000)
        items = await store.list_intakes(stage=stage, limit=limit)
        for item in items:
            item["received_at"] = item["received_at"].isoformat()
        return web.json_response({"items": items})

    async def get_record(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        if intake.sealed:  # metadata only: its content was never kept (§5.3)
            return web.json_response(
                {
                    "id": intake.id,
                    "intake_no": intake.intake_no,
                    "channel": intake.channel,
                    "stage": intake.stage,
                    "sealed": True,
                    "received_at": intake.received_at.isoformat(),
                    "triage": await triage_view(intake) if triage_view else None,
                }
            )
        body: dict[str, Any] = {
            "id": intake.id,
            "intake_no": intake.intake_no,
            "channel": intake.channel,
            "stage": intake.stage,
            "status": intake.status,
            "received_at": intake.received_at.isoformat(),
            "flags": list(intake.flags),
            "originals": [
                {
                    "position": i,
                    "sha256": o.sha256,
                    "media_type": o.media_type,
                    "size": o.size,
                    "role": o.role,
                }
                for i, o in enumerate(intake.originals)
            ],
            "record": msgspec.json.decode(intake.record) if intake.record else None,
            "raw": msgspec.json.decode(intake.raw),
            "extracted": msgspec.json.decode(intake.extracted) if intake.extracted else None,
            "triage": await triage_view(intake) if triage_view else None,
        }
        await store.append_event(
            intake.id, NewEvent("IDENTITY_VIEWED", principal_of(request).actor, reason="record")
        )
        return web.json_response(body, dumps=lambda o: msgspec.json.encode(o).decode())

    async def trajectory(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        events = await store.events(intake.id)
        return web.json_response(
            {
                "intake_no": intake.intake_no,
                "events": [
                    {
                        "seq": e.seq,
                        "at": e.at.isoformat(),
                        "type": e.type,
                        "actor": e.actor,
                        "from": e.from_state,
                        "to": e.to_state,
                        "reason": e.reason,
                        "hash": e.hash,
                    }
                    for e in events
                ],
            }
        )

    async def original(request: web.Request) -> web.Response:
        intake = await find_visible(store, request)
        try:
            n = int(request.match_info["n"])
            if n < 0:  # Python would count from the end: -1 served the last original
                raise IndexError(n)
            item = intake.originals[n]
        except (ValueError, IndexError):
            raise NotFound("original_not_found", "未找到该原件。", "No such original.") from None
        data = await originals.read(item.sha256)
        try:
            span = byte_range(request.headers.get("Range"), len(data))
        except RangeNotSatisfiable:
            response = problem_response(
                416,
                "range_not_satisfiable",
                "请求的原件片段超出了文件范围。",
                "The requested range lies outside the original.",
            )
            response.headers["Content-Range"] = f"bytes */{len(data)}"
            return response
        if span is None or span[0] == 0:
            # A player seeking in a long recording asks again and again: one viewing is one
            # event, counted when it starts at the beginning.
            await store.append_event(
                intake.id,
                NewEvent(
                    "IDENTITY_VIEWED",
                    principal_of(request).actor,
                    reason=f"original {request.match_info['n']}",
                ),
            )
        headers = {
            "X-Content-SHA256": item.sha256,
            "Cache-Control": "no-store",
            "Accept-Ranges": "bytes",
        }
        if span is None:
            return web.Response(body=data, content_type=item.media_type, headers=headers)
        start, end = span
        headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        return web.Response(
            status=206, body=data[start : end + 1], content_type=item.media_type, headers=headers
        )

    return [
        web.get("/api/v1/records", list_records, name="records.list"),
        web.get("/api/v1/records/{key}", get_record, name="records.get"),
        web.get("/api/v1/records/{key}/trajectory", trajectory, name="records.trajectory"),
        web.get("/api/v1/records/{key}/originals/{n}", original, name="records.original"),
    ]
