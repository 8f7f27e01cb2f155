#!/usr/bin/env bash
# Convergence at scale: the simulator serves SCALE officers with faults; `kpibridge sync` runs until a pass
# succeeds; the ledger's tasks must then equal the simulator's truth, field for field.
# Usage: scripts/converge.sh [SCALE] [FAULTS]     (from the repository root)
set -euo pipefail
scale=${1:-600}
faults=${2:-"500:0.05,429:0.02,slow:0.01,truncate:0.01,dup:0.02,reorder:0.02,reset:0.01"}
seed=9
swift build --product kpibridge >/dev/null 2>&1
bin=$(swift build --show-bin-path)/kpibridge
work=$(mktemp -d)
trap 'kill "$sim" 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" sim --port 0 --scale "$scale" --seed "$seed" --faults "$faults" --write-config "$work/kpibridge.yml" >"$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 100); do grep -q '^secrets:' "$work/sim.log" 2>/dev/null && break; sleep 0.1; done
# shellcheck disable=SC2046
export $(sed -n 's/^secrets: //p' "$work/sim.log")
"$bin" sim --truth "$work/truth.json" --scale "$scale" --seed "$seed" >/dev/null
for pass in $(seq 10); do
  if "$bin" sync --config "$work/kpibridge.yml" --database "sqlite:$work/l.sqlite" >"$work/pass-$pass.log" 2>&1; then
    echo "pass $pass: every source succeeded"; break
  fi
  echo "pass $pass: $(grep -c FAILED "$work/pass-$pass.log") source(s) failed; syncing again"
done
tail -n 6 "$work/pass-$pass.log"
"$bin" tasks --config "$work/kpibridge.yml" --database "sqlite:$work/l.sqlite" --format json >"$work/synced.json"
diff -q "$work/truth.json" "$work/synced.json" >/dev/null \
  && echo "OK: $(grep -c '"key"' "$work/truth.json") tasks equal the simulator's truth under faults ($faults)" \
  || { echo "MISMATCH"; diff "$work/truth.json" "$work/synced.json" | head -40; exit 1; }
