#!/usr/bin/env bash
# Sets everything up and runs the gateway on its embedded default:
# SQLite and encrypted originals in ./data, HTTP on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/intake-gateway serve "$@"
