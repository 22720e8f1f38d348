#!/usr/bin/env bash
# `npm run check`, what CI runs: the static checks at the same time (each one's
# output shown whole), then every test (`npm test`). Add a new static check to
# the run_parallel line.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

run_parallel \
  "type check" "npm run -s typecheck" \
  "lint" "npm run -s lint"
npm test
