#!/usr/bin/env bash
# Browser tests of the web UI (scripts/browser_tests.py) against `kpibridge serve` on a simulated province
# (scripts/lib/served-province.sh): three tokens (admin, operator, a viewer of one agency) sign in. Screenshots
# go to $1 (default .ci/artifacts).
# Needs chromium, chromedriver and selenium (.ci/run installs them). Usage: scripts/browser-tests.sh [SHOTS_DIR]
set -euo pipefail
shots=$(realpath -m "${1:-$(dirname "$0")/../.ci/artifacts}")
# shellcheck source=scripts/lib/served-province.sh
source "$(dirname "$0")/lib/served-province.sh"
python3 "$repo/scripts/browser_tests.py" --base "$base" --admin "$admin" --operator "$operator" --viewer "$viewer" \
  --agency "$agency" --other-agency "$other_agency" --other-task "$other_task" --other-officer "$other_officer" --shots "$shots" \
  --officer "$officer" --officer-id "$officer_id" --peer "$peer"
echo "browser-tests: passed; screenshots in $shots"
