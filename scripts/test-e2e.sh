#!/usr/bin/env bash
# The browser journeys: real Debian Chromium (never a downloaded browser)
# driving a real hub process, with axe-core on every page type.
# Set TEST_DATABASE_URL to run them on a PostgreSQL server instead of PGlite.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi
}

# apt-get can meet a dpkg lock held by another install (unattended upgrades at boot): retry.
install_chromium() {
  local attempt
  for attempt in 1 2 3 4 5; do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; then
      return 0
    fi
    echo "apt-get failed (attempt $attempt of 5), perhaps the dpkg lock is held; retrying in $((attempt * 5)) s…" >&2
    sleep $((attempt * 5))
  done
  return 1
}

if [ ! -x "$CHROMIUM" ]; then
  echo "Chromium not found at $CHROMIUM; installing Debian's chromium package…" >&2
  install_chromium || { echo "Could not install chromium." >&2; exit 1; }
fi
echo "Using $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")" >&2

node scripts/build-client.mjs
npx vitest run -c vitest.e2e.config.ts "$@"
