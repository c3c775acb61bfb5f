#!/usr/bin/env bash
# Install what the program needs (first time only) and start it. Extra arguments go to main.py.
set -euo pipefail
cd "$(dirname "$0")"
bash tools/bootstrap.sh run
exec .venv/bin/python main.py "$@"
