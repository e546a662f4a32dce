"""Example receiver for the gateway's signed deliveries (Standard Webhooks), for integrators.

    WEBHOOK_SECRET=whsec_... python examples/receiver.py --port 9000

Checks, in this order, before trusting anything in the body:
1. the timestamp is within TOLERANCE_S of our clock (a replayed old delivery is refused);
2. one of the ``v1,`` signatures in ``webhook-signature`` matches
   base64(HMAC-SHA256(secret, f"{webhook-id}.{webhook-timestamp}.{body}")), compared in
   constant time; several secrets may be configured during a rotation;
3. ``webhook-id`` was not processed before: the gateway retries with the same id, so a
   repeat is acknowledged with 200 and not processed twice.
Answer 2xx only once the record is stored. 5xx/429 (with Retry-After) make the gateway retry;
any other 4xx parks the delivery for the gateway's administrator, with our response body.
The processed-id set here is in memory; a real receiver keeps it in its database, in the same
transaction as the record.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import time

from aiohttp import web

TOLERANCE_S = 300


def load_secrets(text: str) -> list[bytes]:
    return [
        base64.b64decode(s.strip().removeprefix("whsec_")) for s in text.split(",") if s.strip()
    ]


def verify(secrets: list[bytes], headers: dict[str, str], body: bytes, now: float) -> str | None:
    """None when the delivery is authentic and fresh, else the reason to refuse it."""
    msg_id = headers.get("webhook-id", "")
    ts = headers.get("webhook-timestamp", "")
    sigs = headers.get("webhook-signature", "")
    if not (msg_id and ts.isdigit() and sigs):
        return "missing webhook headers"
    if abs(now - int(ts)) > TOLERANCE_S:
        return "timestamp outside tolerance"
    signed = f"{msg_id}.{ts}.".encode() + body
    for secret in secrets:
        expected = base64.b64encode(hmac.new(secret, signed, hashlib.sha256).digest()).decode()
        for item in sigs.split(" "):
            version, _, sig = item.partition(",")
            if version == "v1" and hmac.compare_digest(sig, expected):
                return None
    return "no valid signature"


def make_app(secrets: list[bytes]) -> web.Application:
    seen: set[str] = set()

    async def receive(request: web.Request) -> web.Response:
        body = await request.read()
        problem = verify(secrets, dict(request.headers), body, time.time())
        if problem is not None:
            return web.json_response({"error": problem}, status=401)
        msg_id = request.headers["webhook-id"]
        if msg_id in seen:
            return web.json_response({"status": "duplicate", "id": msg_id})
        record = json.loads(body)
        if record.get("schema_version", "").split(".")[0] != "1":
            return web.json_response({"error": "unsupported schema_version"}, status=422)
        # ... store the record here, in one transaction with msg_id ...
        seen.add(msg_id)
        print(f"stored {record['intake_no']} (delivery {msg_id})")
        return web.json_response({"status": "stored", "id": msg_id})

    app = web.Application()
    app.router.add_post("/deliveries", receive)
    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=9000)
    args = parser.parse_args()
    web.run_app(make_app(load_secrets(os.environ["WEBHOOK_SECRET"])), port=args.port)
