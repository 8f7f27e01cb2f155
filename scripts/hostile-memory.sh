#!/usr/bin/env bash
# Peak memory of the 100 MB hostile cases (issue 6): each file goes through `kpibridge import` under
# /usr/bin/time -v, which reports the process's peak resident set. Each hostile case must stay under 200 MB.
# The last row, 100 MB of ordinary records in one page, is shown for scale and not held to that limit: a page is
# committed in one transaction, so its records are held together (real sources page by 50 to 1,000 records).
# Usage: scripts/hostile-memory.sh [MB]      (from the repository root; builds the release binary first)
set -euo pipefail
mb=${1:-100}
limit_kb=$((200 * 1024))
swift build -c release --product kpibridge >/dev/null 2>&1
bin=$(swift build -c release --show-bin-path)/kpibridge
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
home=$(pwd)
cat >"$work/kpibridge.yml" <<YAML
sources:
  - { id: eoffice, kind: edxml-files, mapping: $home/Mappings/eoffice-edxml.yml, block: state }
  - { id: party, kind: json-pages, baseURL: "http://127.0.0.1:9/", mapping: $home/Mappings/party-tasks.yml, block: party }
YAML

python3 - "$work" "$mb" "$home" <<'PY'
import sys
work, mb, home = sys.argv[1], int(sys.argv[2]), sys.argv[3]
n = mb << 20
doc = open(f"{home}/Samples/eoffice/doc-02-107.edxml", encoding="utf-8").read()
marker = "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K"
with open(f"{work}/xml-attachment.edxml", "w") as f:      # base64 attachment: streamed past, the document maps
    f.write(doc.replace(marker, "QUJD" * (n // 4)))
with open(f"{work}/xml-text-node.edxml", "w") as f:       # one 100 MB text node where a subject belongs: refused
    f.write(doc.replace("<edXML:Subject>", "<edXML:Subject>" + "x" * n, 1))
with open(f"{work}/json-string.json", "w") as f:          # one 100 MB JSON string: refused
    f.write('{"items":[{"taskId":"P-1","title":"' + "a" * n + '"}]}')
with open(f"{work}/json-records.json", "w") as f:         # 100 MB of ordinary records: mapped
    item = '{"taskId":"P-%d","title":"Việc %d ' + "x" * 600 + '","organ":"TU-BTC","assignee":{"memberCode":"DV%05d"},"status":"in_progress","updatedAt":"2026-03-30T14:30:00.000+07:00"}'
    parts, size, i = [], 0, 0
    while size < n:
        s = item % (i, i, i % 4000); parts.append(s); size += len(s) + 1; i += 1
    f.write('{"items":[' + ",".join(parts) + '],"nextCursor":null}')
PY

printf "%-22s %10s %12s  %s\n" case "size MB" "peak RSS MB" outcome
status=0
for case in xml-attachment.edxml:eoffice xml-text-node.edxml:eoffice json-string.json:party json-records.json:party; do
  file=${case%%:*}; source=${case##*:}
  db="$work/${file}.sqlite"
  out=$(/usr/bin/time -v "$bin" import --config "$work/kpibridge.yml" --database "$db" --source "$source" "$work/$file" 2>"$work/time.txt" | tail -n 1 || true)
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  size=$(( $(stat -c %s "$work/$file") / 1048576 ))
  printf "%-22s %10s %12s  %s\n" "$file" "$size" "$((peak / 1024))" "$out"
  if [ "$file" != json-records.json ] && [ "$peak" -ge "$limit_kb" ]; then status=1; fi
done
[ "$status" -eq 0 ] && echo "OK: every hostile case stayed under 200 MB" || { echo "FAIL: a case reached 200 MB"; exit 1; }
