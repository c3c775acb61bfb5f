#!/usr/bin/env bash
# Install what the tests need (first time only) and run the whole suite offscreen, on SQLite and on a
# throw-away PostgreSQL server on loopback, on as many pytest-xdist workers as the machine has cores.
set -euo pipefail
cd "$(dirname "$0")"
bash tools/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
tag=$(pwd | sha1sum | cut -c1-8)
port=$((50000 + 0x${tag:0:4} % 10000))
export KEYUAN_TEST_PG=$(bash tools/pg-test-cluster.sh "/tmp/keyuan-pg-$tag" "$port")
# Spread over the machine's cores (CI has two), each test file on one worker (its module fixtures are
# built once); KEYUAN_TEST_WORKERS=0, or -n 0 among the arguments, runs in this one process.
workers=${KEYUAN_TEST_WORKERS:-$(nproc)}
[ "$workers" -gt 1 ] || workers=0  # one core: no worker processes at all
exec .venv/bin/python -m pytest -q -n "$workers" --dist loadfile "$@"
