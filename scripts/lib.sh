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

# _run_timed COMMAND FILE START: run COMMAND, write the seconds since START to FILE, keep its exit status.
_run_timed() {
  local status=0
  bash -c "$1" || status=$?
  echo $((SECONDS - $3)) >"$2"
  return "$status"
}

# run_parallel NAME 'COMMAND' [NAME 'COMMAND' …]: run the commands at the same time (the machine has
# two cores: run no more than two heavy ones). The first one's output streams as it runs; each other's is
# kept and shown whole once the first has ended, so outputs never interleave. Returns non-zero, after all
# have ended, when any failed, and names the failed ones last.
run_parallel() {
  local dir names=() pids=() failed=() i status started
  dir=$(mktemp -d /tmp/ill-parallel.XXXXXX)
  started=$SECONDS
  while [ $# -gt 0 ]; do
    i=${#names[@]}
    if [ "$i" -eq 0 ]; then
      _run_timed "$2" "$dir/$i.took" "$started" &
    else
      _run_timed "$2" "$dir/$i.took" "$started" >"$dir/$i.log" 2>&1 &
    fi
    names+=("$1")
    pids+=($!)
    shift 2
  done
  trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$dir"' INT TERM
  for i in "${!pids[@]}"; do
    status=0
    wait "${pids[$i]}" || status=$?
    if [ "$i" -gt 0 ]; then
      echo "== output of \"${names[$i]}\" (ran beside \"${names[0]}\")" >&2
      cat "$dir/$i.log"
    fi
    if [ "$status" -ne 0 ]; then
      failed+=("${names[$i]} (exit $status)")
    fi
    echo "== ${names[$i]}: $([ "$status" -eq 0 ] && echo passed || echo FAILED)" \
      "in $(cat "$dir/$i.took" 2>/dev/null || echo ?) s" >&2
  done
  trap - INT TERM
  rm -rf "$dir"
  if [ ${#failed[@]} -gt 0 ]; then
    echo "== FAILED: ${failed[*]}; see its output above" >&2
    return 1
  fi
}
