#!/usr/bin/env bash
# `serve` on the evolving, faulty simulator for MINUTES (default 10): after every simulated day the served
# ledger must converge to the simulator's truth (GET /__sim/truth) before the next one; /metrics must show each
# source's lag. Then serve is stopped by SIGTERM while a pass is under way and started again, and the ledger
# must converge once more: nothing lost, nothing counted twice. Prints one line per change and a summary.
# Usage: scripts/evolve-run.sh [MINUTES] [SECONDS_PER_DAY, default 60] (release build; docs/performance.md)
set -euo pipefail
minutes=${1:-10}
day=${2:-60}
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
(cd "$repo" && swift build -c release --product kpibridge >/dev/null)
k="$repo/.build/release/kpibridge"
cd "$work"
start_sim "$k" --scale 200 --overlap 0.3 --faults "500:0.05,429:0.02,truncate:0.01,dup:0.02" --evolve --evolve-every "$day"
sed -i 's/interval: 60/interval: 10/' sim.yml
db=(--config sim.yml --database sqlite:l.sqlite)
token=$("$k" token create "${db[@]}" --name evolve --role viewer)
start_serve serve-1 "$k" "${db[@]}"
python3 - "$sim" "$base" "$token" "$k" "$minutes" "$day" <<'PY'
import json, subprocess, sys, time, urllib.request
sim, base, token, k, minutes, day = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
def get(url, auth=False):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if auth else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()
def ledger():
    return subprocess.run([k, "tasks", "--config", "sim.yml", "--database", "sqlite:l.sqlite", "--format", "json"], check=True, capture_output=True, text=True).stdout
end = time.time() + minutes * 60
truth, changed, waits, lags, failures = None, None, [], [], 0
start = time.time()
while time.time() < end:
    now_truth = get(sim + "/__sim/truth")
    if now_truth != truth:
        if truth is not None and changed is not None:
            print(f"change at {changed - start:6.1f} s: NOT converged before the next change", flush=True)
            failures += 1
        truth, changed = now_truth, time.time()
    if changed is not None and json.loads(ledger()) == json.loads(truth):
        waited = time.time() - changed
        waits.append(waited)
        metrics = get(base + "/metrics")
        lag = max(float(line.split()[-1]) for line in metrics.splitlines() if line.startswith("kpibridge_source_lag_seconds"))
        lags.append(lag)
        print(f"change at {changed - start:6.1f} s: {len(json.loads(truth))} tasks, converged after {waited:5.1f} s; largest source lag now {lag:.1f} s", flush=True)
        changed = None
    time.sleep(1)
if changed is not None:
    # the last change gets the time of two more passes
    deadline = time.time() + 60
    while time.time() < deadline and json.loads(ledger()) != json.loads(truth): time.sleep(1)
    ok = json.loads(ledger()) == json.loads(truth)
    print(f"last change: {'converged' if ok else 'NOT converged'} after {time.time() - changed:5.1f} s", flush=True)
    failures += 0 if ok else 1
print(f"summary: {len(waits)} changes converged, {failures} did not; time to converge median {sorted(waits)[len(waits)//2]:.1f} s, max {max(waits):.1f} s; largest lag seen {max(lags):.1f} s", flush=True)
sys.exit(1 if failures else 0)
PY
# SIGTERM while a pass is under way, then start again: the ledger converges to the truth once more.
python3 - "$base" "$token" <<'PY'
import json, sys, time, urllib.request
for _ in range(1200):
    request = urllib.request.Request(sys.argv[1] + "/api/v1/sources", headers={"Authorization": f"Bearer {sys.argv[2]}"})
    if any(s["running"] for s in json.load(urllib.request.urlopen(request))): break
    time.sleep(0.05)
PY
kill -TERM "$serve_pid"
wait "$serve_pid" || { echo "evolve-run: serve did not stop cleanly" >&2; exit 1; }
grep -q '^stopped' serve-1.log || { echo "evolve-run: serve did not say it stopped" >&2; exit 1; }
start_serve serve-2 "$k" "${db[@]}"
for _ in $(seq 120); do
  sleep 1
  curl -s "$sim/__sim/truth" > truth.json
  "$k" tasks "${db[@]}" --format json > ledger.json
  if python3 -c "import json,sys; sys.exit(0 if json.load(open('truth.json')) == json.load(open('ledger.json')) else 1)"; then
    echo "after SIGTERM mid-pass and a restart: converged again"
    exit 0
  fi
done
echo "evolve-run: did not converge after the restart" >&2
exit 1
