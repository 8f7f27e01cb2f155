# Sourced by scripts/browser-tests.sh and scripts/api-fuzz.sh: a simulated province synced into a ledger and
# served. A party mapping without its `done` status (an earlier version) turns finished Party tasks into dead
# letters, which the current mapping fixes; the overlap share gives the reconciliation queue its conflicts.
# Sets: work (a temporary folder, removed on exit), k (the binary), base (the served URL), admin, operator,
# viewer (tokens; the viewer limited to $agency), officer (a token of officer_id, of $agency), other_agency,
# other_task, other_officer, peer (for scope checks).
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
(cd "$repo" && swift build --product kpibridge >/dev/null)
k="$repo/.build/debug/kpibridge"
cd "$work"
start_sim "$k" --scale 60 --overlap 0.3 --one-stop

# The Party tool's records as an earlier mapping version without `done` sees them: finished tasks become dead
# letters; the current version is the fix.
grep -v '^  done:' "$repo/Mappings/party-tasks.yml" | sed 's/^version: .*/version: 1/' > party-broken.yml
sed "s|mapping: .*party-tasks.yml|mapping: $work/party-broken.yml|" sim.yml > broken.yml
"$k" sync --config broken.yml --database sqlite:l.sqlite > sync.log
"$k" sync --config sim.yml --database sqlite:l.sqlite >> sync.log
db=(--config sim.yml --database sqlite:l.sqlite)
[ "$("$k" replay list "${db[@]}" | grep -c "status 'done'")" -gt 0 ] || { echo "browser-tests: no dead letter to replay" >&2; exit 1; }

# The province's officers as the identity directory: every account resolved to an officer, so an officer can
# sign in with a token of their own.
"$k" sim --scale 60 --overlap 0.3 --one-stop --directory directory.yml > /dev/null
"$k" directory import directory.yml "${db[@]}" > /dev/null

# A viewer of the first agency; another agency's task and officer for the scope checks; an officer of the first
# agency with a task in 2026, and another officer of the same agency (whose page is not theirs).
"$k" tasks "${db[@]}" --format json > tasks.json
read -r agency other_agency other_task other_officer officer_id peer < <(python3 - <<'PY'
import json
tasks = json.load(open("tasks.json"))
agencies = sorted({t["agency"] for t in tasks if t.get("agency")})
mine, other = agencies[0], agencies[-1]
task = next(t for t in tasks if t.get("agency") == other and t.get("mainHandler"))
handler = task["mainHandler"]
officer = handler.get("officer") or f'{handler["namespace"]}:{handler.get("id") or handler.get("name")}'
ours = [t for t in tasks if t.get("agency") == mine and (t.get("mainHandler") or {}).get("officer") and str(t.get("dueAt", "")).startswith("2026")
        and t.get("status") not in ("cancelled",)]
counts = {}
for t in ours:
    counts[t["mainHandler"]["officer"]] = counts.get(t["mainHandler"]["officer"], 0) + 1
ranked = sorted(counts, key=lambda o: (-counts[o], o))
print(mine, other, task["key"], officer, ranked[0], ranked[1])
PY
)
admin=$("$k" token create "${db[@]}" --name admin-web --role admin)
operator=$("$k" token create "${db[@]}" --name operator-web --role operator)
viewer=$("$k" token create "${db[@]}" --name viewer-web --role viewer --agency "$agency")
officer=$("$k" token create "${db[@]}" --name officer-web --role officer --officer "$officer_id")

start_serve serve "$k" "${db[@]}" --no-schedule
