#!/usr/bin/env bash
# Notifications under faults (docs/operations.md, "Notifications"): a simulated province synced, its directory
# imported, and `notify run` passes killed with SIGKILL at random moments — first with the SMTP relay down and the
# webhook answering 500, then after both recover. Checks that every event is delivered by each channel once
# recovered: no delivery left pending or dead, every event id received, none lost; an event received twice (a
# kill between a send and its record) is counted and shown — it carries the same id, for the receiver to drop.
# Needs aiosmtpd (.ci/run installs it). Usage: scripts/notify-faults.sh [KILLS]
set -euo pipefail
kills=${1:-12}
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
(cd "$repo" && swift build --product kpibridge >/dev/null)
k="$repo/.build/debug/kpibridge"
cd "$work"
start_sim "$k" --scale 60 --overlap 0.3
db=(--config sim.yml --database sqlite:l.sqlite)
"$k" sync "${db[@]}" > sync.log
"$k" sim --scale 60 --overlap 0.3 --directory directory.yml > /dev/null
"$k" directory import directory.yml "${db[@]}" > /dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
smtp_port=$(free_port)
hook_port=$(free_port)
export KPB_HOOK_SECRET=notify-faults-secret
cat >> sim.yml <<YAML
notifications:
  dueWithinDays: 30
  overdueWithinDays: 120
  attempts: 50
  email: { host: 127.0.0.1, port: $smtp_port, from: kpi@khanhhoa.gov.vn }
  webhook: { url: "http://127.0.0.1:$hook_port/hook", secretEnv: KPB_HOOK_SECRET }
YAML
# The pass's time: the deadline in the middle of the open tasks' (plenty due and overdue around it).
"$k" tasks "${db[@]}" --format json > tasks.json
at=$(python3 -c '
import json
due = sorted(t["dueAt"] for t in json.load(open("tasks.json")) if t.get("dueAt") and t.get("status") not in ("completed", "cancelled"))
print(due[len(due) // 2])')
later() { python3 -c "
from datetime import datetime, timedelta
print((datetime.fromisoformat('$at'.replace('Z', '+00:00')) + timedelta(hours=$1)).isoformat())"; }

touch hook-fail
python3 "$repo/scripts/lib/notify_receivers.py" hook "$hook_port" hook.events "$KPB_HOOK_SECRET" & pids+=($!)

# Passes killed at random moments while they work.
killed_passes() {
  local when=$1
  for _ in $(seq "$kills"); do
    "$k" notify run "${db[@]}" --at "$when" >> passes.log 2>&1 &
    local pass=$!
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.1, 1.2), 2))')"
    kill -9 "$pass" 2>/dev/null || true
    wait "$pass" 2>/dev/null || true
  done
}

echo "phase 1: relay down, webhook answering 500, $kills passes killed at random"
killed_passes "$at"
"$k" notify run "${db[@]}" --at "$at"
made=$("$k" notify list "${db[@]}" | tail -1 | awk '{print $1}')
email=$("$k" notify list "${db[@]}" | awk '$3 == "email"' | wc -l)
webhook=$("$k" notify list "${db[@]}" | awk '$3 == "webhook"' | wc -l)
echo "outbox: $made deliveries ($email by e-mail, $webhook by webhook)"
[ "$email" -gt 0 ] && [ "$webhook" -gt 0 ] || { echo "notify-faults: nothing to deliver" >&2; exit 1; }
[ ! -s hook.events ] || { echo "notify-faults: the webhook took events while failing" >&2; exit 1; }

echo "phase 2: both recover, $kills passes killed at random, then passes to the end"
python3 "$repo/scripts/lib/notify_receivers.py" smtp "$smtp_port" smtp.events & pids+=($!)
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $smtp_port), 1)" 2>/dev/null && break; sleep 0.1; done
rm hook-fail
killed_passes "$(later 2)"
echo "passes that finished before their kill: $(grep -c '^notifications:' passes.log) of $((2 * kills))"
"$k" notify run "${db[@]}" --at "$(later 4)"
"$k" notify run "${db[@]}" --at "$(later 8)"

pending=$("$k" notify list "${db[@]}" --state pending | tail -1 | awk '{print $1}')
dead=$("$k" notify list "${db[@]}" --state dead | tail -1 | awk '{print $1}')
python3 - "$email" "$webhook" "$pending" "$dead" <<'PY'
import collections, json, subprocess, sys
email, webhook, pending, dead = map(int, sys.argv[1:5])
failures = []
if pending or dead:
    failures.append(f"{pending} deliveries pending and {dead} dead after recovery")
for name, expected in (("smtp", email), ("hook", webhook)):
    got = [line.strip() for line in open(f"{name}.events") if line.strip()]
    counts = collections.Counter(got)
    twice = sum(1 for n in counts.values() if n > 1)
    print(f"{name}: {len(counts)} distinct events of {expected} expected, {len(got)} received, {twice} received more than once (same id)")
    if len(counts) != expected:
        failures.append(f"{name}: {len(counts)} distinct events, {expected} expected")
print(json.dumps({"failures": failures}))
sys.exit(1 if failures else 0)
PY
echo "notify-faults: every event delivered by each channel after recovery, none lost"
