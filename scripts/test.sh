#!/usr/bin/env bash
# Everything CI runs: unit and integration tests on the embedded database,
# the same integration tests on a real PostgreSQL server (plus two hub
# processes sharing it), then the browser journeys in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_client_bundle
echo "== unit and integration tests (PGlite)" >&2
npx vitest run
echo "== integration tests on PostgreSQL, and two hub processes on one database" >&2
bash scripts/test-pg.sh
echo "== browser journeys (Chromium, axe-core)" >&2
bash scripts/test-e2e.sh
