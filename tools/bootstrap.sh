#!/usr/bin/env bash
# Prepare a fresh Debian/Ubuntu checkout: system libraries Qt needs, a virtualenv with the pinned packages.
# Usage: tools/bootstrap.sh run|test
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}
QT_LIBS=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0 libfontconfig1 libdbus-1-3
         libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
         libxcb-render-util0 libxcb-image0 fonts-wqy-microhei)
TEST_LIBS=(poppler-utils poppler-data xvfb xauth postgresql)
PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null; then bash tools/ensure-debs.sh python3 python3-venv; fi
if [ "$mode" = test ]; then bash tools/ensure-debs.sh "${QT_LIBS[@]}" "${TEST_LIBS[@]}"; else bash tools/ensure-debs.sh "${QT_LIBS[@]}"; fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv 2>/dev/null || { rm -rf .venv; bash tools/ensure-debs.sh python3-venv; "$PY" -m venv .venv; }
  .venv/bin/python -m pip install -q --upgrade pip
fi
if [ "$mode" = test ]; then req=requirements-dev.txt; else req=requirements.txt; fi
stamp=".venv/.installed-$(sha1sum "$req" requirements.txt requirements-ocr.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q -r "$req"
  .venv/bin/python -m pip install -q --no-deps -r requirements-ocr.txt
  touch "$stamp"
fi
