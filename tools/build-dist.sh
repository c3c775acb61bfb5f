#!/usr/bin/env bash
# Build the one-folder application (dist/keyuan/) and prove it starts: runs its --self-test offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/bootstrap.sh run
.venv/bin/python -m pip install -q -r requirements-build.txt
.venv/bin/pyinstaller --noconfirm --log-level WARN build.spec
QT_QPA_PLATFORM=offscreen dist/keyuan/keyuan --self-test
du -sh dist/keyuan
