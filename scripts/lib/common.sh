# Sourced by the scripts that run the simulator and `serve` (browser-tests, api-fuzz, evolve-run, load-run):
# a temporary folder $work, removed on exit with every process started there; $repo; KPIBRIDGE_HOME.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export KPIBRIDGE_HOME="$repo"

# start_sim BINARY ARGS…: the simulator on a free port, its configuration in $work/sim.yml; sets $sim (its URL)
# and exports the secrets the configuration names.
start_sim() {
  local binary=$1
  shift
  (cd "$work" && exec "$binary" sim --port 0 "$@" --write-config sim.yml > sim.log 2>&1) & pids+=($!)
  for _ in $(seq 200); do grep -q '^secrets:' "$work/sim.log" 2>/dev/null && break; sleep 0.1; done
  # shellcheck disable=SC2046
  export $(sed -n 's/^secrets: //p' "$work/sim.log")
  sim=$(sed -n 's|^listening on \(http://[^ ]*\)|\1|p' "$work/sim.log")
  [ -n "$sim" ] || { echo "the simulator did not start" >&2; cat "$work/sim.log" >&2; exit 1; }
}

# start_serve NAME BINARY ARGS…: `serve` on a free port, its output in $work/NAME.log; sets $base (its URL) and
# $serve_pid.
start_serve() {
  local name=$1 binary=$2
  shift 2
  (cd "$work" && exec "$binary" serve --port 0 "$@" > "$name.log" 2>&1) & pids+=($!)
  serve_pid=$!
  for _ in $(seq 600); do grep -q '^serving' "$work/$name.log" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's|^serving \(http://[^/]*\)/.*|\1|p' "$work/$name.log")
  [ -n "$base" ] || { echo "serve did not start" >&2; cat "$work/$name.log" >&2; exit 1; }
}
