"""The OpenAPI document the gateway serves at ``/api/v1/openapi.json``.

Request and response schemas come from the same msgspec types the code validates with, so
the document cannot drift from the behaviour.
"""

from __future__ import annotations

from typing import Any

import msgspec

from channels.letter_ocr.adapter import StationMetadata
from channels.phone.adapter import CallMetadata
from channels.web.api import StatusQuery, StatusReply
from gateway.callbacks import CallbackEvent
from gateway.decisions import ApprovalInput, DecisionInput
from gateway.handover import ReportUpInput
from gateway.supervision import SupervisionInput
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


def _multipart(file_field: str, files: str, *, metadata: dict[str, Any]) -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "metadata": metadata,
                        file_field: {"type": "string", "format": "binary", "description": files},
                    },
                    "required": [file_field],
                }
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    (
        (
            web_intake,
            record,
            problem,
            receipt,
            status_query,
            status_reply,
            callback,
            station_meta,
            call_meta,
            decision,
            approval,
            supervision,
            report_up,
        ),
        components,
    ) = msgspec.json.schema_components(
        [
            WebIntake,
            ComplaintRecord,
            Problem,
            SubmitReceipt,
            StatusQuery,
            StatusReply,
            CallbackEvent,
            StationMetadata,
            CallMetadata,
            DecisionInput,
            ApprovalInput,
            SupervisionInput,
            ReportUpInput,
        ],
        ref_template="#/components/schemas/{name}",
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
            "/api/v1/records": {
                "get": {
                    "operationId": "listRecords",
                    "summary": "Records oldest first, optionally by stage (staff)",
                    "security": bearer,
                    "parameters": [
                        {"name": "stage", "in": "query", "schema": {"type": "string"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": {"description": "items"}, **_problems(401, 403, 422)},
                }
            },
            "/api/v1/records/{key}/originals/{n}": {
                "get": {
                    "operationId": "getOriginal",
                    "summary": "An original byte for byte, with X-Content-SHA256 (staff; audited)",
                    "security": bearer,
                    "parameters": [
                        key_param,
                        {
                            "name": "n",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {
                            "name": "Range",
                            "in": "header",
                            "required": False,
                            "description": "one span, `bytes=START-END`, `bytes=START-` or "
                            "`bytes=-LAST` (seeking in a recording)",
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {"description": "the bytes"},
                        "206": {"description": "the requested span, with Content-Range"},
                        **_problems(401, 403, 404, 416),
                    },
                }
            },
            "/api/v1/letters": {
                "post": {
                    "operationId": "uploadLetter",
                    "summary": "A scanned letter from a scanning station (pages in order)",
                    "security": bearer,
                    "requestBody": _multipart(
                        "page",
                        "PDF, TIFF (incl. G4), JPEG or PNG; repeat for each file",
                        metadata=station_meta,
                    ),
                    "responses": {
                        "201": {"description": "stored"},
                        "200": {"description": "duplicate"},
                        **_problems(401, 403, 413, 415, 422, 503),
                    },
                }
            },
            "/api/v1/calls": {
                "post": {
                    "operationId": "uploadCall",
                    "summary": "A hotline recording with its call metadata; call_id is idempotent",
                    "security": bearer,
                    "requestBody": _multipart(
                        "recording", "WAV (PCM, G.711), MP3 or AMR-NB", metadata=call_meta
                    ),
                    "responses": {
                        "201": {"description": "stored"},
                        "200": {"description": "duplicate call_id"},
                        **_problems(401, 403, 413, 415, 422, 503),
                    },
                }
            },
            "/api/v1/records/{key}/events": {
                "post": {
                    "operationId": "reportEvent",
                    "summary": "The processing system reports accepted/returned/transferred/"
                    "concluded/feedback for a record",
                    "security": bearer,
                    "parameters": [key_param],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": callback}},
                    },
                    "responses": {
                        "200": {"description": "applied"},
                        **_problems(401, 403, 404, 409, 422),
                    },
                }
            },
            "/api/v1/records/{key}/decision": {
                "post": {
                    "operationId": "decideRecord",
                    "summary": "研判: classification and one routing item per accused (§4.3, "
                    "§5.2); items needing the 分管领导 wait for approval (reviewer, head)",
                    "security": bearer,
                    "parameters": [key_param],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": decision}},
                    },
                    "responses": {
                        "200": {"description": "decided; the record's stage and triage"},
                        **_problems(401, 403, 404, 409, 422),
                    },
                }
            },
            "/api/v1/records/{key}/approval": {
                "post": {
                    "operationId": "approveDecision",
                    "summary": "The 分管领导 approves or refuses the decision (leader)",
                    "security": bearer,
                    "parameters": [key_param],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": approval}},
                    },
                    "responses": {
                        "200": {"description": "approved or refused"},
                        **_problems(401, 403, 404, 409, 422),
                    },
                }
            },
            "/api/v1/records/{key}/supervision": {
                "post": {
                    "operationId": "superviseItem",
                    "summary": "交办督办 on one routing item: the lower organ's acceptance "
                    "or 报结, the result reviewed or sent back, a 督办 reminder, an objection",
                    "security": bearer,
                    "parameters": [key_param],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": supervision},
                            # result_reported with the lower organ's documents: a `step`
                            # JSON part and `file` parts, kept as originals (role result)
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["step"],
                                    "properties": {
                                        "step": supervision,
                                        "file": {
                                            "type": "array",
                                            "items": {"type": "string", "format": "binary"},
                                        },
                                    },
                                },
                                "encoding": {"step": {"contentType": "application/json"}},
                            },
                        },
                    },
                    "responses": {
                        "200": {"description": "recorded; the item's stage"},
                        **_problems(401, 403, 404, 409, 422),
                    },
                }
            },
            "/api/v1/handovers": {
                "post": {
                    "operationId": "registerHandover",
                    "summary": "Staff register an item another unit handed over (有关单位移交, "
                    "上级转办/交办): the complaint with its `handover` (origin, unit, document "
                    "number, date, their item number; for superior_assign the 报结 due day)",
                    "security": bearer,
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
                        "content": {"application/json": {"schema": web_intake}},
                    },
                    "responses": {
                        "201": {"description": "stored"},
                        "200": {"description": "duplicate (same Idempotency-Key)"},
                        **_problems(401, 403, 409, 422, 503),
                    },
                }
            },
            "/api/v1/records/{key}/report-up": {
                "post": {
                    "operationId": "reportUp",
                    "summary": "报结 of a 上级交办 item to the higher organ (meets D10)",
                    "security": bearer,
                    "parameters": [key_param],
                    "requestBody": {
                        "required": False,
                        "content": {"application/json": {"schema": report_up}},
                    },
                    "responses": {
                        "200": {"description": "recorded"},
                        **_problems(401, 403, 404, 409, 422),
                    },
                }
            },
            "/api/v1/warnings": {
                "get": {
                    "operationId": "listWarnings",
                    "summary": "Early warnings (预警) of the watched routing items (staff)",
                    "security": bearer,
                    "responses": {"200": {"description": "warnings"}, **_problems(401, 403)},
                }
            },
            "/api/v1/statistics": {
                "get": {
                    "operationId": "getStatistics",
                    "summary": "综合分析: counts by one dimension for a period, with the previous "
                    "period and the same period a year before (no identity, no content)",
                    "security": bearer,
                    "parameters": _statistics_params(),
                    "responses": {
                        "200": {
                            "description": "the table: rows of 件次 (reports), 件数 (matters), "
                            "来访批次/人次, 集体访, previous, last_year, change, change_year; "
                            "the total; sealed items as a count",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        **_problems(401, 403, 422),
                    },
                }
            },
            "/api/v1/records/{key}/deliveries/{delivery}/sent": {
                "post": {
                    "operationId": "markDeliverySent",
                    "summary": "Staff sent a printed transfer letter, notice or cover sheet",
                    "security": bearer,
                    "parameters": [
                        key_param,
                        {
                            "name": "delivery",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {"description": "marked sent"},
                        **_problems(401, 403, 404),
                    },
                }
            },
            "/api/v1/outbox": {
                "get": {
                    "operationId": "outboxSummary",
                    "summary": "Deliveries by state, oldest pending, parked and dead (admin)",
                    "security": bearer,
                    "responses": {"200": {"description": "summary"}, **_problems(401, 403)},
                }
            },
            "/api/v1/outbox/{id}/resend": {
                "post": {
                    "operationId": "resendDelivery",
                    "summary": "Queue a parked or dead delivery again, same delivery id (admin)",
                    "security": bearer,
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "queued"},
                        **_problems(401, 403, 404, 409),
                    },
                }
            },
            "/api/v1/deadlines": {
                "get": {
                    "operationId": "listDeadlines",
                    "summary": "Deadlines with warnings at the configured fractions (staff)",
                    "security": bearer,
                    "parameters": [
                        {
                            "name": "today",
                            "in": "query",
                            "schema": {"type": "string", "format": "date"},
                        },
                        {"name": "include", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": {"description": "deadlines"}, **_problems(401, 403, 422)},
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "responses": {"200": {"description": "this document"}},
                }
            },
            "/metrics": {
                "get": {
                    "operationId": "metrics",
                    "responses": {"200": {"description": "Prometheus text format"}},
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


def _statistics_params() -> list[dict[str, Any]]:
    from gateway.analysis import DIMENSIONS

    def q(name: str, description: str, **schema: Any) -> dict[str, Any]:
        return {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": {"type": "string", **schema},
        }

    return [
        q("dim", "dimension", enum=list(DIMENSIONS)),
        q("period", "2026-11 (month), 2026Q4 (quarter) or 2026 (year); default this month"),
        q("from", "first received day (Beijing time), with `to`", format="date"),
        q("to", "day after the last (exclusive)", format="date"),
        q("region_level", "region granularity", enum=["province", "prefecture", "county"]),
        q("channel", "filter: letter, visit, web, phone"),
        q("origin", "filter: self, superior_assign, …"),
        q("class", "filter: 检举控告, 申诉, 批评建议, 业务范围外, 无实质内容"),
        q("real_name", "filter: ANONYMOUS, SIGNED_UNVERIFIED, REAL_NAME_CONFIRMED, …"),
        q("level", "filter: cadre level code"),
        q("region", "filter: GB/T 2260 code prefix (2, 4 or 6 digits)"),
        q("unit", "filter: the accused's unit, normalized"),
        q("category", "filter: problem category"),
        q("tag", "filter: key-issue code"),
        q("acceptance", "filter: ACCEPTED, PASSED_ON, NOT_ACCEPTED"),
        q("route", "filter: action code"),
        q("disposal", "filter: disposal"),
        q("repeat", "filter: 0 first-time, 1 repeat", enum=["0", "1"]),
    ]
