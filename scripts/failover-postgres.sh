#!/usr/bin/env bash
# Failover on a shared PostgreSQL ledger (docs/operations.md, "Several instances"): three `serve` instances on one
# database sync the faulty simulator; every KILL_EVERY seconds (default 20) for MINUTES (default 5) one of them,
# chosen at random, is killed with SIGKILL and started again. Then the ledger must converge to the simulator's
# truth, no task may hold two revisions with the same values in a row (a pass committed twice), and the audit
# must show the leases handed over — each source and the projector worked by one instance at a time (every
# commit checks its lease in its own transaction).
# Needs KPIBRIDGE_TEST_POSTGRES (a user who may create databases) and PGPASSWORD, as .ci/run exports them.
# Usage: scripts/failover-postgres.sh [MINUTES] [KILL_EVERY]
set -euo pipefail
minutes=${1:-5}
every=${2:-20}
: "${KPIBRIDGE_TEST_POSTGRES:?set KPIBRIDGE_TEST_POSTGRES (and PGPASSWORD) to a PostgreSQL server, as .ci/run does}"
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
(cd "$repo" && swift build --product kpibridge >/dev/null)
k="$repo/.build/debug/kpibridge"
name="kpibridge_failover_$$"
ledger="${KPIBRIDGE_TEST_POSTGRES%/*}/$name"
admin() { psql "$KPIBRIDGE_TEST_POSTGRES" -qAt -v ON_ERROR_STOP=1 -c "$1"; }
query() { psql "$ledger" -qAt -v ON_ERROR_STOP=1 -F ' ' -c "$1"; }
trap 'cd /; cleanup; admin "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true' EXIT
cd "$work"

start_sim "$k" --scale 60 --overlap 0.3 --faults "500:0.05,429:0.02,truncate:0.01,dup:0.02"
sed -i 's/interval: 60/interval: 5/' sim.yml
"$k" sim --truth truth.json --scale 60 --overlap 0.3 >/dev/null
admin "CREATE DATABASE $name"
"$k" migrate --database "$ledger"
db=(--config sim.yml --database "$ledger")
declare -a instance
for i in 1 2 3; do
  start_serve "serve-$i" "$k" "${db[@]}"
  instance[i]=$serve_pid
done
echo "three instances serving; one killed every $every s for $minutes min"
kills=0
end=$((SECONDS + minutes * 60))
while [ "$SECONDS" -lt "$end" ]; do
  sleep "$every"
  i=$((RANDOM % 3 + 1))
  kill -9 "${instance[i]}" 2>/dev/null || true
  wait "${instance[i]}" 2>/dev/null || true
  kills=$((kills + 1))
  echo "kill $kills at ${SECONDS} s: instance $i (pid ${instance[i]}), started again"
  start_serve "serve-$i-$kills" "$k" "${db[@]}"
  instance[i]=$serve_pid
done

# The survivors keep syncing: the ledger must reach the truth.
converged=""
started=$SECONDS
while [ $((SECONDS - started)) -lt 300 ]; do   # passes back off after failures (faults, kills): allow several intervals
  "$k" tasks "${db[@]}" --format json >ledger.json 2>/dev/null || true
  if cmp -s truth.json ledger.json; then converged=yes; break; fi
  sleep 1
done
waited=$((SECONDS - started))
[ -n "$converged" ] && echo "converged ${waited} s after the last kill" || echo "not converged ${waited} s after the last kill"
for i in 1 2 3; do kill "${instance[i]}" 2>/dev/null || true; done
status=0
if [ -n "$converged" ]; then
  echo "OK: the ledger holds exactly the simulator's truth ($(grep -c '"key"' truth.json) tasks) after $kills kills"
else
  echo "FAILED: the ledger did not converge to the truth"; diff truth.json ledger.json | head -20; status=1
  echo "hub messages still listed: $(curl -fsS "$sim/__sim/hub" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["pending"]))')"
  echo "failed passes per source (all instances):"
  # (swift-log's text lines put the metadata — source=ID — before the message)
  { grep -h 'sync failed' ./*.log || true; } | grep -o 'source=[^ ]*' | sed 's/^source=//' | sort | uniq -c | sed 's/^/  /' || true
  { grep -h 'sync failed' ./*.log || true; } | tail -5 | cut -c1-300
fi
# Nothing lost: every message the hub was told is stored (acknowledged) is in the ledger — as a record or a dead
# letter — under its origin `hub <docId>`.
curl -fsS "$sim/__sim/hub" >hub.json
query "SELECT origin FROM source_record WHERE origin LIKE 'hub %' UNION SELECT origin FROM dead_letter WHERE origin LIKE 'hub %'" >origins.txt
lost=$(python3 - hub.json origins.txt <<'PY'
import json, sys
acknowledged = json.load(open(sys.argv[1]))["acknowledged"]
stored = {line.strip()[4:] for line in open(sys.argv[2]) if line.strip()}
print(" ".join(sorted(set(acknowledged) - stored)))
PY
)
if [ -z "$lost" ]; then echo "OK: every acknowledged hub message is in the ledger ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["acknowledged"]))' hub.json) acknowledged)"
else echo "FAILED: acknowledged to the hub but not in the ledger: $lost"; status=1; fi
repeated=$(query "SELECT count(*) FROM task_revision a JOIN task_revision b ON b.task_key = a.task_key AND b.revision = a.revision + 1 WHERE a.body = b.body")
if [ "$repeated" = 0 ]; then echo "OK: no task holds the same revision twice ($(query "SELECT count(*) FROM task_revision") revisions)"; else echo "FAILED: $repeated repeated revision(s)"; status=1; fi
echo "lease hand-overs (audit):"
query "SELECT to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI:SS.MS'), subject, actor, detail FROM audit WHERE action = 'lease.take' ORDER BY id" | sed 's/^/  /'
handovers=$(query "SELECT count(*) FROM audit WHERE action = 'lease.take' AND detail LIKE 'taken over from %'")
holders=$(query "SELECT count(DISTINCT actor) FROM audit WHERE action = 'lease.take'")
if [ "$handovers" -gt 0 ]; then echo "OK: $handovers hand-over(s) between $holders instance(s)"; else echo "FAILED: no lease changed hands"; status=1; fi
exit $status
