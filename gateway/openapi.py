"""The OpenAPI document the gateway serves at ``/api/v1/openapi.json``.

Request and response schemas come from the same msgspec types the code validates with, so
the document cannot drift from the behaviour.
"""

from __future__ import annotations

from typing import Any

import msgspec

from channels.web.api import StatusQuery, StatusReply
from normalizer.record import SCHEMA_VERSION, ComplaintRecord, WebIntake

__all__ = ["openapi_document"]


class Problem(msgspec.Struct, kw_only=True):
    type: str
    title: str
    status: int
    code: str
    message_zh: str
    message_en: str
    field: str | None = None


class SubmitReceipt(msgspec.Struct, kw_only=True):
    intake_no: str
    received_at: str
    duplicate: bool
    query_code: str | None = None


def _problems(*statuses: int) -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Problem"}
    return {
        str(s): {"description": "problem", "content": {"application/problem+json": {"schema": ref}}}
        for s in statuses
    }


def openapi_document() -> dict[str, Any]:
    (web_intake, record, problem, receipt, status_query, status_reply), components = (
        msgspec.json.schema_components(
            [WebIntake, ComplaintRecord, Problem, SubmitReceipt, StatusQuery, StatusReply],
            ref_template="#/components/schemas/{name}",
        )
    )
    bearer: list[dict[str, list[str]]] = [{"bearer": []}]
    key_param = {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "检举控告多渠道受理网关 intake gateway",
            "version": SCHEMA_VERSION,
            "description": "Errors are application/problem+json with a stable `code`.",
        },
        "paths": {
            "/api/v1/complaints": {
                "post": {
                    "operationId": "submitComplaint",
                    "summary": "Submit a complaint (web channel, JSON)",
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "schema": {"type": "string", "minLength": 8, "maxLength": 200},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": web_intake},
                            # attachments: a `complaint` JSON part and `file` parts; the type
                            # of each file is judged by its content (PDF, PNG, JPEG, TIFF, text)
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["complaint"],
                                    "properties": {
                                        "complaint": web_intake,
                                        "file": {
                                            "type": "array",
                                            "items": {"type": "string", "format": "binary"},
                                        },
                                    },
                                },
                                "encoding": {"complaint": {"contentType": "application/json"}},
                            },
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "stored",
                            "content": {"application/json": {"schema": receipt}},
                        },
                        "200": {
                            "description": "duplicate (same Idempotency-Key)",
                            "content": {"application/json": {"schema": receipt}},
                        },
                        **_problems(400, 413, 415, 422, 429, 503),
                    },
                }
            },
            "/api/v1/status": {
                "post": {
                    "operationId": "complaintStatus",
                    "summary": "Status by query code (in the body, never the URL); no content",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": status_query}},
                    },
                    "responses": {
                        "200": {
                            "description": "status",
                            "content": {"application/json": {"schema": status_reply}},
                        },
                        **_problems(404, 422, 429),
                    },
                }
            },
            "/api/v1/records/{key}": {
                "get": {
                    "operationId": "getRecord",
                    "summary": "A record by id or intake number (staff; audited)",
                    "security": bearer,
                    "parameters": [key_param],
                    "responses": {"200": {"description": "the record"}, **_problems(401, 403, 404)},
                }
            },
            "/api/v1/records/{key}/trajectory": {
                "get": {
                    "operationId": "getTrajectory",
                    "summary": "The flow trajectory (staff)",
                    "security": bearer,
                    "parameters": [key_param],
                    "responses": {"200": {"description": "events"}, **_problems(401, 403, 404)},
                }
            },
            "/healthz": {
                "get": {"operationId": "healthz", "responses": {"200": {"description": "alive"}}}
            },
            "/readyz": {
                "get": {
                    "operationId": "readyz",
                    "responses": {
                        "200": {"description": "ready"},
                        "503": {"description": "not ready"},
                    },
                }
            },
        },
        "components": {
            "schemas": {**components, "ComplaintRecordRef": record, "ProblemRef": problem},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
