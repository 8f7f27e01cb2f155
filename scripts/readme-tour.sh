#!/usr/bin/env bash
# Runs the README's five-minute tour top to bottom in a fresh folder (without the release benchmark at its end)
# and checks that it prints what the README says: every command succeeds, the first sync has every source ok,
# the second syncs nothing new, the synced tasks and the reconciliation queue equal the simulator's truth, and each "# records …" comment is
# what the command before it printed. Usage: scripts/readme-tour.sh (from anywhere; builds the debug binary).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
cleanup() { pkill -f "$work/.build/debug/kpibridge sim" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

(cd "$repo" && swift build --product kpibridge >/dev/null)
ln -s "$repo/.build" "$repo/Samples" "$repo/Mappings" "$work/"
# The tour's code block, without `swift build` (done above) and the benchmarks (release, 10 minutes).
awk '/^## A five-minute tour/{t=1} t&&/^```sh/{b=1;next} b&&/^```/{exit} b' "$repo/README.md" \
  | grep -v '^swift build' | sed '/^# Benchmarks/,$d' > "$work/tour.sh"
cd "$work"
fail() { echo "readme-tour: $*" >&2; echo "--- tour output ---" >&2; cat tour.log >&2; exit 1; }
PS4='+ ' bash -e -x tour.sh > tour.log 2>&1 || fail "a command of the tour failed"

# The output of the n-th run of a command (lines between its trace line and the next one).
output() {
  awk -v cmd="$1" -v n="$2" '/^\+ /{on=0} /^\+ / && index($0, cmd){k++; if(k==n){on=1; next}} on' tour.log
}
first=$(output "kpibridge sync" 1)
second=$(output "kpibridge sync" 2)
[ "$(grep -c ': ok — ' <<<"$first")" = 4 ] || fail "the first sync did not end with four sources ok"
[ "$(grep -c ': ok — .* 0 new, 0 updated' <<<"$second")" = 4 ] || fail "the second sync was not nothing new for all four sources"
grep -qx converged tour.log || fail "the synced tasks did not converge to the simulator's truth"
grep -qx "queue converged" tour.log || fail "the reconciliation queue did not equal the simulator's"
while IFS= read -r expected; do
  grep -qF -- "${expected#\# }" tour.log || fail "no output line says: ${expected#\# }"
done < <(grep '^# records ' tour.sh)
echo "readme-tour: the tour printed what the README says ($(grep -c '^+ ' tour.log) commands)"
