#!/usr/bin/env bash
# Everything CI runs: unit and integration tests on the embedded database,
# the same integration tests on a real PostgreSQL server (plus two hub
# processes sharing it), then the browser journeys in Chromium.
#
# The PGlite pass and the PostgreSQL pass run at the same time (one Vitest
# worker each: one core each on the 2-core machine); the suites that measure a
# real hub's latency (test/abuse) and the browser journeys then run alone, so
# nothing else competes with what they time. Any failing pass fails the run,
# with its whole output shown.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_client_bundle
echo "== unit and integration tests on PGlite; beside them, the same on PostgreSQL and two hubs on one database" >&2
run_parallel \
  "PGlite pass" "npx vitest run --exclude 'test/abuse/**'" \
  "PostgreSQL pass" "bash scripts/test-pg.sh"
echo "== hardening findings against a real hub process (PGlite, alone: they measure latency)" >&2
npx vitest run test/abuse
echo "== browser journeys (Chromium, axe-core)" >&2
bash scripts/test-e2e.sh
