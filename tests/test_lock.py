"""The hash-pinned locks that scripts/setup.sh installs agree with pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
REFRESH = "run `bash scripts/lock.sh` after changing dependencies in pyproject.toml"


@dataclass(frozen=True)
class Pin:
    version: Version
    marker: str
    hashes: frozenset[str]


def read_lock(name: str) -> dict[str, Pin]:
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    pins: dict[str, Pin] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        hashes = frozenset(re.findall(r"--hash=(sha256:[0-9a-f]{64})", line))
        requirement = Requirement(re.sub(r"\s--hash=\S+", "", line).strip())
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{name}: {line!r} is not pinned with =="
        pins[canonicalize_name(requirement.name)] = Pin(
            Version(specifier.version), str(requirement.marker or ""), hashes
        )
    return pins


def declared(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(line) for line in lines]


FULL = "requirements.lock"
RUNTIME = "requirements-runtime.lock"


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [(FULL, [*declared(), *declared("test")]), (RUNTIME, declared())],
    ids=[FULL, RUNTIME],
)
def test_every_declared_dependency_is_pinned_within_its_bounds(
    lock: str, requirements: list[Requirement]
) -> None:
    pins = read_lock(lock)
    for requirement in requirements:
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{requirement.name} is not in {lock}: {REFRESH}"
        assert requirement.specifier.contains(pin.version, prereleases=True), (
            f"{lock} pins {requirement.name}=={pin.version}, outside {requirement}: {REFRESH}"
        )
    for name in ("pip", "setuptools"):  # setup.sh builds the project without build isolation
        assert name in pins, f"{name} is not in {lock}: {REFRESH}"


def test_every_pin_has_hashes() -> None:
    for lock in (FULL, RUNTIME):
        for name, pin in read_lock(lock).items():
            assert pin.hashes, f"{lock}: {name} has no --hash"


def test_the_runtime_lock_is_the_runtime_part_of_the_full_lock() -> None:
    full, runtime = read_lock(FULL), read_lock(RUNTIME)
    assert runtime.keys() <= full.keys()
    for name, pin in runtime.items():
        assert pin == full[name], f"{name} differs between the locks: {REFRESH}"
    test_only = {canonicalize_name(r.name) for r in declared("test")}
    test_only -= {canonicalize_name(r.name) for r in declared()}
    assert not test_only & runtime.keys(), "test packages in the runtime lock"


def test_psycopg_has_its_binary_implementation_at_the_same_version() -> None:
    pins = read_lock(FULL)
    assert pins["psycopg-binary"].version == pins["psycopg"].version
    assert "psycopg-pool" in pins
