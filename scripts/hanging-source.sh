#!/usr/bin/env bash
# Every source on its own, from outside: `serve` on the simulator's four sources, beside two vendor APIs that
# misbehave — one accepts connections and never answers, one answers a byte a second — each with a long
# timeout. For SECONDS (default 60) every other source must keep its interval (lag ≤ 2 × interval + 5 s), the
# projector must keep running (/readyz 200), an admin's assessment through the API must answer within a second,
# and both bad sources must show as failing. Prints what it saw; exits non-zero on any miss.
# Usage: scripts/hanging-source.sh [SECONDS] (debug build)
set -euo pipefail
seconds=${1:-60}
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
(cd "$repo" && swift build --product kpibridge >/dev/null)
k="$repo/.build/debug/kpibridge"
cd "$work"
start_sim "$k" --scale 60
# The two bad vendors, on loopback: silent (accepts, never answers) and trickle (a header, then a byte a second).
python3 - > bad.ports <<'PY' &
import socket, sys, threading, time
def listener():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0)); s.listen(64); return s
silent, trickle = listener(), listener()
print(silent.getsockname()[1], trickle.getsockname()[1], flush=True)
held = []
def hold(server):
    while True:
        connection, _ = server.accept(); held.append(connection)
def drip(server):
    while True:
        connection, _ = server.accept()
        def serve(c):
            try:
                c.recv(65536)
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                while True: c.sendall(b" "); time.sleep(1)
            except OSError: pass
        threading.Thread(target=serve, args=(connection,), daemon=True).start()
threading.Thread(target=hold, args=(silent,), daemon=True).start()
threading.Thread(target=drip, args=(trickle,), daemon=True).start()
time.sleep(100000)
PY
pids+=($!)
for _ in $(seq 50); do [ -s bad.ports ] && break; sleep 0.1; done
read -r silent trickle < bad.ports
interval=5
sed -i "s/interval: [0-9]*/interval: $interval/" sim.yml
cat >> sim.yml <<YAML
  - { id: silent, kind: json-pages, baseURL: "http://127.0.0.1:$silent/party/", mapping: $repo/Mappings/party-tasks.yml, block: party, interval: $interval, timeout: 600, attempts: 1 }
  - { id: trickle, kind: json-pages, baseURL: "http://127.0.0.1:$trickle/party/", mapping: $repo/Mappings/party-tasks.yml, block: party, interval: $interval, timeout: 600, attempts: 1 }
YAML
db=(--config sim.yml --database sqlite:l.sqlite)
token=$("$k" token create "${db[@]}" --name hanging --role admin 2>/dev/null)
start_serve serve "$k" "${db[@]}"
python3 - "$base" "$token" "$seconds" "$interval" <<'PY'
import json, sys, time, urllib.request
base, token, seconds, interval = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
def call(path, body=None):
    request = urllib.request.Request(base + path, data=body, headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response: return response.status, response.read().decode()
    except urllib.error.HTTPError as error: return error.code, error.read().decode()
bad, worst, misses, start = {"silent", "trickle"}, {}, [], time.time()
time.sleep(2 * interval)  # every source's first pass
while time.time() - start < seconds:
    for state in json.loads(call("/api/v1/sources")[1]):
        if state["source"] not in bad: worst[state["source"]] = max(worst.get(state["source"], 0), state.get("lagSeconds") or 0)
    time.sleep(1)
print("worst lag of the other sources: " + ", ".join(f"{s} {v:.1f} s" for s, v in sorted(worst.items())), flush=True)
misses += [f"{s} lagged {v:.1f} s" for s, v in worst.items() if v > 2 * interval + 5]
status, _ = call("/readyz")
if status != 200: misses.append(f"/readyz answered {status}")
officer = json.loads(call("/api/v1/tasks?limit=1")[1])["items"][0]["mainHandler"]
key = officer.get("officer") or f'{officer["namespace"]}:{officer["id"]}'
began = time.time()
status, answer = call("/api/v1/assessments", json.dumps({"items": [{"officer": key, "period": "2026-03", "generalPoints": "28"}]}).encode())
took = time.time() - began
print(f"an admin's assessment answered {status} in {took * 1000:.0f} ms", flush=True)
if status != 200 or took > 1: misses.append(f"the assessment took {took:.2f} s ({status} {answer[:200]})")
for state in json.loads(call("/api/v1/sources")[1]):
    if state["source"] in bad:
        print(f"{state['source']}: failing {state['failing']}, pass in flight {state.get('passSeconds') or 0:.0f} s", flush=True)
        if not state["failing"]: misses.append(f"{state['source']} is not shown as failing")
print("hanging-source: " + ("every other source kept its interval" if not misses else "MISSED: " + "; ".join(misses)), flush=True)
sys.exit(1 if misses else 0)
PY
