# Shared helpers for the test scripts. Source it; do not run it.

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi
}

# apt-get install with retries: CI machines sometimes hold the dpkg lock for a while at boot.
apt_install() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
       as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"; then
      return 0
    fi
    echo "apt-get failed (attempt $attempt); retrying in $((attempt * 5)) s…" >&2
    sleep $((attempt * 5))
  done
  echo "Could not install: $*" >&2
  return 1
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

ensure_client_bundle() {
  node scripts/build-client.mjs
}
