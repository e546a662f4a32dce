#!/usr/bin/env bash
# Refreshes the browser libraries the gateway serves itself (the CSP allows scripts from
# 'self' only, and nothing is fetched at run time): Apache ECharts from its npm package, at
# the pinned version, checked against the pinned hash. Run it only to move the pin.
set -euo pipefail
cd "$(dirname "$0")/.."

ECHARTS_VERSION=6.1.0
ECHARTS_SHA256=b66b25aeb4df84e33199dc21694014d336d222cbd9deb0e5a7c14bd6aa0d0fd0  # dist/echarts.min.js

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "echarts@${ECHARTS_VERSION}" --silent >/dev/null && tar xzf "echarts-${ECHARTS_VERSION}.tgz")
echo "${ECHARTS_SHA256}  $work/package/dist/echarts.min.js" | sha256sum --check --quiet
rm -f gateway/static/vendor/echarts-*.min.js
cp "$work/package/dist/echarts.min.js" "gateway/static/vendor/echarts-${ECHARTS_VERSION}.min.js"
cp "$work/package/LICENSE" gateway/static/vendor/echarts-LICENSE.txt
echo "gateway/static/vendor/echarts-${ECHARTS_VERSION}.min.js (sha256 ${ECHARTS_SHA256})"
