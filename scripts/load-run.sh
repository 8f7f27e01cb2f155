#!/usr/bin/env bash
# Load on `serve`'s read routes while it syncs (docs/performance.md): a generated ledger of OFFICERS officers
# (default 40,000; ten tasks each, every score stored, by `bench scoring`), served together with the evolving
# simulator's four sources syncing every 10 s, and `wrk` on loopback against a unit's scores, an agency's
# task page, and the web UI's officer page. Prints wrk's figures. Usage: scripts/load-run.sh [OFFICERS] [SECONDS]
set -euo pipefail
officers=${1:-40000}
seconds=${2:-30}
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
command -v wrk >/dev/null || { echo "load-run: needs wrk (apt-get install wrk)" >&2; exit 1; }
(cd "$repo" && swift build -c release --product kpibridge >/dev/null)
k="$repo/.build/release/kpibridge"
cd "$work"
echo "load-run: generating $officers officers × 10 tasks (bench scoring)…"
"$k" bench scoring --officers "$officers" --tasks $((officers * 10)) --changes 10 --database "$work/l.sqlite" > bench.txt
start_sim "$k" --scale 500 --evolve --evolve-every 10
sed -i 's/interval: 60/interval: 10/' sim.yml
db=(--config sim.yml --database "sqlite:$work/l.sqlite")
token=$("$k" token create "${db[@]}" --name load --role viewer)
start_serve serve "$k" "${db[@]}"
sleep 15  # the first passes of every source, so that sync is under way during the runs
# Eight connections saturate two cores (the server, wrk, the simulator and the syncs share them): the figures
# are throughput, and latency under queueing; two connections show a page's latency when it is not queued.
for run in "8 /api/v1/scores?period=2026-03&unit=unit-17" "2 /api/v1/scores?period=2026-03&unit=unit-42" \
  "8 /api/v1/tasks?agency=agency-3&limit=100" "8 /api/v1/explain/staff:o345?period=2026-03"; do
  read -r connections path <<<"$run"
  echo "== GET $path, $connections connections (while syncing)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$base$path" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|requests in"
done
curl -s "$base/metrics" | grep -E '^kpibridge_syncs_total|^kpibridge_source_lag_seconds' || true
