#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on 127.0.0.1:$PORT for the tests; prints the URL.
# Usage: tools/pg-test-cluster.sh DIR [PORT]
set -euo pipefail
dir=$1; port=${2:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$bin" ] || { echo "postgresql not installed" >&2; exit 1; }
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  run "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! run "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  run "$bin/pg_ctl" -D "$dir" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$dir/log" -w start >/dev/null
fi
echo "postgresql://postgres@127.0.0.1:$port/postgres"
