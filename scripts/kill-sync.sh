#!/usr/bin/env bash
# Crash safety: kills `kpibridge sync` with SIGKILL at random moments, N times (default 25), then lets a sync
# finish and checks that the ledger's tasks equal the simulator's truth (what an uninterrupted run gives).
# Usage: scripts/kill-sync.sh [N] [SCALE]      (from the repository root; builds the debug binary first)
set -euo pipefail
n=${1:-25}
scale=${2:-60}
seed=5
swift build --product kpibridge >/dev/null 2>&1
bin=$(swift build --show-bin-path)/kpibridge
work=$(mktemp -d)
trap 'kill "$sim" 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" sim --port 0 --scale "$scale" --seed "$seed" --write-config "$work/kpibridge.yml" >"$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 100); do grep -q '^secrets:' "$work/sim.log" 2>/dev/null && break; sleep 0.1; done
head -n 1 "$work/sim.log"
# shellcheck disable=SC2046
export $(sed -n 's/^secrets: //p' "$work/sim.log")
"$bin" sim --truth "$work/truth.json" --scale "$scale" --seed "$seed" >/dev/null

db="sqlite:$work/killed.sqlite"
for i in $(seq "$n"); do
  "$bin" sync --config "$work/kpibridge.yml" --database "$db" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf "0.%03d" $(( RANDOM % 700 )))"
  kill -9 "$pid" 2>/dev/null && echo "kill $i: SIGKILL during sync" || echo "kill $i: sync had already finished"
  wait "$pid" 2>/dev/null || true
done
for attempt in 1 2 3 4 5; do
  if "$bin" sync --config "$work/kpibridge.yml" --database "$db" >"$work/final.log" 2>&1; then break; fi
done
"$bin" tasks --config "$work/kpibridge.yml" --database "$db" --format json >"$work/killed.json"
if diff -q "$work/truth.json" "$work/killed.json" >/dev/null; then
  echo "OK: after $n kills the ledger holds exactly the simulator's truth ($(grep -c '"key"' "$work/truth.json") tasks)"
else
  echo "MISMATCH after $n kills:"; diff "$work/truth.json" "$work/killed.json" | head -40; exit 1
fi
