#!/usr/bin/env bash
# The integration suite again, on a real PostgreSQL server: a throwaway cluster
# on 127.0.0.1, started here and removed on exit. Also runs the multi-process
# tests (two hub processes sharing one database).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
  echo "PostgreSQL server not found; installing Debian's postgresql…" >&2
  apt_install postgresql postgresql-contrib
fi
PGBIN=$(pg_bin)
PGTMP=$(mktemp -d /tmp/ill-pgtest.XXXXXX)
PORT=$(free_port)
run_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$PGTMP"; fi

cleanup() {
  run_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT

echo "Starting a throwaway PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$PORT" >&2
run_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
run_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGTMP -c fsync=off -c max_connections=300" start >/dev/null

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
ensure_client_bundle
# The start/restart lifecycle and the abuse suite (real hub processes on the
# embedded database) are PGlite-only and ran in the PGlite pass.
# Arguments (test files) narrow the run: `npm run test:pg -- src/features/library`; files under test/multiprocess
# run with that suite's config: `bash scripts/test-pg.sh test/multiprocess/two-hubs.test.ts`.
multi=()
rest=()
for arg in "$@"; do
  case "$arg" in
    test/multiprocess*) multi+=("$arg") ;;
    *) rest+=("$arg") ;;
  esac
done
if [ $# -eq 0 ] || [ ${#rest[@]} -gt 0 ]; then
  npx vitest run --exclude "test/integration/startup.test.ts" --exclude "test/abuse/**" ${rest[@]+"${rest[@]}"}
fi
if [ $# -eq 0 ] || [ ${#multi[@]} -gt 0 ]; then
  npx vitest run -c vitest.multiprocess.config.ts ${multi[@]+"${multi[@]}"}
fi
