#!/usr/bin/env bash
# Refreshes the hash-pinned locks that scripts/setup.sh installs from:
#   requirements.lock          runtime + the `test` extra + pip/setuptools (scripts/setup.sh --test)
#   requirements-runtime.lock  runtime only, the same versions (scripts/setup.sh, scripts/run.sh)
#
#   bash scripts/lock.sh                       keep every pin that still fits pyproject.toml
#   bash scripts/lock.sh --upgrade             move everything to the newest releases
#   bash scripts/lock.sh --upgrade-package X   move X (and what it needs) only
#
# Run it after changing dependencies in pyproject.toml, then run `bash scripts/test.sh`.
# The locks are universal (markers, hashes of every file of each pinned release) for
# Python >= 3.11, so they install on any Linux machine the project moves to.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
uv=$(command -v uv || true)
if [[ -z "$uv" ]]; then
    tool=$(mktemp -d)
    trap 'rm -rf "$tool"' EXIT
    python3 -m venv "$tool"
    "$tool/bin/python" -m pip install -q --disable-pip-version-check "uv==${UV_VERSION}"
    uv="$tool/bin/uv"
fi

common=(--universal --python-version 3.11 --generate-hashes --quiet
        --custom-compile-command "bash scripts/lock.sh")

# pip and setuptools are pinned too: setup.sh installs the project with --no-build-isolation.
tools() { printf '%s\n' pip 'setuptools>=69'; }
tools |
    "$uv" pip compile pyproject.toml - --extra test "${common[@]}" -o requirements.lock "$@"
# The runtime lock takes its versions from the full one, so both install the same releases.
tools |
    "$uv" pip compile pyproject.toml - "${common[@]}" -c requirements.lock \
    -o requirements-runtime.lock
echo "requirements.lock: $(grep -c '^[a-z]' requirements.lock) pins;" \
     "requirements-runtime.lock: $(grep -c '^[a-z]' requirements-runtime.lock) pins"
