#!/usr/bin/env bash
# Sets up everything the gateway needs on a fresh Debian machine (run as root):
# system packages, a virtual environment in .venv, and the Python packages.
#   scripts/setup.sh          what the gateway needs to run
#   scripts/setup.sh --test   plus what the test suite needs (fonts, espeak-ng, chromium, ...)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNTIME_PACKAGES=(tesseract-ocr tesseract-ocr-chi-sim ffmpeg sox libsox-fmt-all libsndfile1)
TEST_PACKAGES=(espeak-ng fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei fonts-arphic-ukai fonts-arphic-uming chromium)

packages=("${RUNTIME_PACKAGES[@]}")
extras=""
if [[ "${1:-}" == "--test" ]]; then
    packages+=("${TEST_PACKAGES[@]}")
    extras="[test]"
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
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
