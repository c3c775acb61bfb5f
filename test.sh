#!/usr/bin/env bash
# Install what the tests need (first time only) and run the whole suite offscreen.
set -euo pipefail
cd "$(dirname "$0")"
bash tools/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -q "$@"
