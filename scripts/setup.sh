#!/usr/bin/env bash
# Sets up everything the gateway needs on a fresh Debian machine (run as root):
# system packages, a virtual environment in .venv, and the Python packages, installed
# from hash-pinned locks (refresh them with `bash scripts/lock.sh`).
#   scripts/setup.sh          what the gateway needs to run (requirements-runtime.lock)
#   scripts/setup.sh --test   plus what the test suite needs: fonts, espeak-ng, chromium,
#                             the PostgreSQL server the tests start, the `test` extra
#                             (requirements.lock)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNTIME_PACKAGES=(tesseract-ocr tesseract-ocr-chi-sim ffmpeg sox libsox-fmt-all libsndfile1)
TEST_PACKAGES=(espeak-ng fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-ukai fonts-arphic-uming chromium postgresql)

packages=("${RUNTIME_PACKAGES[@]}")
lock=requirements-runtime.lock
if [[ "${1:-}" == "--test" ]]; then
    packages+=("${TEST_PACKAGES[@]}")
    lock=requirements.lock
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
    echo "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
# Every package, pip and setuptools included, at the locked version with a known hash; then
# the project itself, editable, built by the locked setuptools and adding no packages.
"${pip[@]}" --require-hashes -r "$lock"
"${pip[@]}" -q --no-deps --no-build-isolation -e .  # -qq: no notice about editable installs
