"""Published contracts stay in step with the code: the record's JSON Schema and the settings."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gateway.settings import ConfigError, Settings, load_settings, settings_reference
from normalizer.record import record_schema
from tests.conftest import MakeClient

ROOT = Path(__file__).resolve().parents[2]


def comparable(schema: Any) -> Any:
    """``schema`` with every ``description`` text cleaned as ``inspect.cleandoc`` does.

    msgspec copies docstrings into descriptions, and its releases differ in how they dedent
    them; the words are the contract, the leading spaces of continuation lines are not.
    """
    if isinstance(schema, dict):
        return {
            key: inspect.cleandoc(value)
            if key == "description" and isinstance(value, str)
            else comparable(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [comparable(item) for item in schema]
    return schema


def test_the_committed_json_schema_is_the_one_the_code_generates() -> None:
    committed = json.loads((ROOT / "schema" / "complaint-record.schema.json").read_text())
    assert comparable(committed) == comparable(record_schema()), (
        "schema/complaint-record.schema.json is stale: run "
        "`intake-gateway schema > schema/complaint-record.schema.json`"
    )


def test_the_schema_comparison_ignores_indentation_but_not_content() -> None:
    schema = record_schema()
    (name, definition), *_ = (
        (name, d) for name, d in schema["$defs"].items() if "\n" in d.get("description", "")
    )
    reindented = copy.deepcopy(schema)
    first, *rest = definition["description"].splitlines()
    reindented["$defs"][name]["description"] = "\n".join([first, *("    " + r for r in rest)])
    assert comparable(reindented) == comparable(schema)

    reworded = copy.deepcopy(schema)
    reworded["$defs"][name]["description"] += " Changed."
    assert comparable(reworded) != comparable(schema)

    field_dropped = copy.deepcopy(schema)
    properties = field_dropped["$defs"]["ComplaintRecord"]["properties"]
    properties.pop(next(iter(properties)))
    assert comparable(field_dropped) != comparable(schema)

    retyped = copy.deepcopy(schema)
    retyped["$defs"]["ComplaintRecord"]["properties"]["intake_no"] = {"type": "integer"}
    assert comparable(retyped) != comparable(schema)


def test_the_schema_command_prints_the_schema() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "gateway", "schema"], capture_output=True, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout)["$id"].startswith("urn:intake-gateway:complaint-record:")


def test_every_setting_is_documented_in_the_readme_and_every_documented_one_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \| `INTAKE_", readme, flags=re.M))
    in_code = {f.name for f in dataclasses.fields(Settings)}
    assert documented == in_code
    assert settings_reference() in readme, (
        "README settings table is stale: run `intake-gateway settings`"
    )


def test_every_setting_has_a_doc() -> None:
    for f in dataclasses.fields(Settings):
        assert f.metadata.get("doc"), f.name


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text('http_port = 9000\nsmtp_allowed_senders = ["mfp@example.org"]\n')
    s = load_settings(config, env={"INTAKE_HTTP_PORT": "9100", "INTAKE_WORKERS": "3"})
    assert (s.http_port, s.workers, s.smtp_allowed_senders) == (9100, 3, ("mfp@example.org",))


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"INTAKE_HTTP_PORT": "eighty"}, "http_port"),
        ({"INTAKE_HTTP_PORT": "70000"}, "http_port"),
        ({"INTAKE_WORKERS": "0"}, "workers"),
        ({"INTAKE_SMTP_ENABLED": "perhaps"}, "smtp_enabled"),
        ({"INTAKE_NO_SUCH_THING": "1"}, "INTAKE_NO_SUCH_THING"),
        (
            {"INTAKE_SMTP_ENABLED": "true", "INTAKE_SMTP_HOST": "192.0.2.10"},
            "smtp_require_auth",
        ),
    ],
    ids=["not-a-number", "not-a-port", "zero-workers", "not-a-bool", "unknown", "auth-in-clear"],
)
def test_invalid_configuration_fails_naming_the_setting(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(env=env)


def test_smtp_auth_is_required_by_default_and_may_be_in_clear_only_on_loopback(
    tmp_path: Path,
) -> None:
    assert load_settings(env={}).smtp_require_auth
    assert load_settings(env={"INTAKE_SMTP_ENABLED": "true"}).smtp_host == "127.0.0.1"
    open_to_all = {"INTAKE_SMTP_ENABLED": "true", "INTAKE_SMTP_HOST": "192.0.2.10"}
    assert not load_settings(
        env={**open_to_all, "INTAKE_SMTP_REQUIRE_AUTH": "false"}
    ).smtp_require_auth
    cert = tmp_path / "c.pem"
    with_tls = {**open_to_all, "INTAKE_SMTP_TLS_CERT": str(cert), "INTAKE_SMTP_TLS_KEY": str(cert)}
    assert load_settings(env=with_tls).smtp_require_auth


def test_the_command_line_refuses_bad_configuration_with_a_message(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "gateway", "migrate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"INTAKE_HTTP_PORT": "eighty", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 2
    assert "http_port" in out.stderr and "Traceback" not in out.stderr


async def test_every_api_route_is_in_the_openapi_document(make_client: MakeClient) -> None:
    client = await make_client()
    doc = await (await client.get("/api/v1/openapi.json")).json()
    served = set()
    for route in client.app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter") or ""
        if route.method != "HEAD" and (
            path.startswith("/api/") or path in ("/healthz", "/readyz", "/metrics")
        ):
            served.add((route.method.lower(), path))
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert served - documented == set(), "routes missing from the OpenAPI document"
    assert documented - served == set(), "documented operations that are not served"
