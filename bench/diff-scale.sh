#!/bin/sh
# SPDX-License-Identifier: MIT
# How unattend-diff's cost grows with the number of list items: generates pairs of
# answer files with N RunSynchronousCommand items and agent-config files with N tasks
# (NEW: items shuffled, one changed, one added, one removed; tasks: two swapped), times
# the diff with hyperfine when present (median of 15 runs; else date +%s.%N), writes a CSV and prints the
# ratio of the largest size to the smallest. A benchmark, not a test: it never fails on time.
#
# usage: bench/diff-scale.sh [-o FILE.csv] [SIZE...]     (default sizes: 2000 20000)
# Run from the build tree; UNATTEND_TOOLS_DATADIR defaults to the source tree.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
DIFF=${DIFF:-./unattend-diff}
[ -x "$DIFF" ] || DIFF=$here/unattend-diff
UNATTEND_TOOLS_DATADIR=${UNATTEND_TOOLS_DATADIR:-$here}
export UNATTEND_TOOLS_DATADIR
csv=diff-scale.csv
if [ "${1:-}" = -o ]; then csv=$2; shift 2; fi
[ $# -gt 0 ] || set -- 2000 20000
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ua-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# answer N SEED: N commands; SEED 0 in order, else shuffled with one changed/added/removed
answer() {
	awk -v n="$1" -v seed="$2" 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
		print "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\">"
		print "  <settings pass=\"specialize\">"
		print "    <component name=\"Microsoft-Windows-Deployment\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">"
		print "      <RunSynchronous>"
		for (i = 1; i <= n; i++) o[i] = i
		if (seed) {
			srand(seed)
			for (i = n; i > 1; i--) { j = int(rand() * i) + 1; t = o[i]; o[i] = o[j]; o[j] = t }
		}
		for (i = 1; i <= n; i++) {
			k = o[i]
			if (seed && k == 2) continue
			p = (seed && k == int(n / 2)) ? "cmd /c changed" : "cmd /c step " k
			printf "        <RunSynchronousCommand wcm:action=\"add\">\n          <Order>%d</Order>\n          <Path>%s</Path>\n        </RunSynchronousCommand>\n", k, p
		}
		if (seed) printf "        <RunSynchronousCommand wcm:action=\"add\">\n          <Order>%d</Order>\n          <Path>cmd /c new</Path>\n        </RunSynchronousCommand>\n", n + 1
		print "      </RunSynchronous>\n    </component>\n  </settings>\n</unattend>"
	}'
}

# agent N SWAP: one stage with N tasks (SWAP 1: the 2nd and the next-to-last swapped)
agent() {
	awk -v n="$1" -v swap="$2" 'BEGIN {
		print "version: 1.0\nconfig:\n  - stage: postReady\n    tasks:"
		for (i = 1; i <= n; i++) {
			k = i
			if (swap && i == 2) k = n - 1
			else if (swap && i == n - 1) k = 2
			printf "      - task: task%06d\n", k
		}
	}'
}

time_one() {
	if command -v hyperfine >/dev/null 2>&1; then
		# the median of 15 runs: a mean over a few runs on a shared host
		# follows whichever run another process slowed down
		hyperfine -N -w 2 -r 15 -i --export-csv "$tmp/h.csv" "$DIFF -q $1 $2" >/dev/null 2>&1 ||
		    hyperfine -w 2 -r 15 -i --export-csv "$tmp/h.csv" "$DIFF -q $1 $2" >/dev/null
		awk -F, 'NR == 2 { print $4 }' "$tmp/h.csv"
	else
		t0=$(date +%s.%N)
		for r in 1 2 3; do "$DIFF" -q "$1" "$2" || [ $? -eq 1 ]; done
		t1=$(date +%s.%N)
		echo "$t0 $t1" | awk '{ printf "%.6f\n", ($2 - $1) / 3 }'
	fi
}

echo "kind,items,seconds,differences" >"$csv"
for n in "$@"; do
	answer "$n" 0 >"$tmp/a-$n.xml"
	answer "$n" 7 >"$tmp/b-$n.xml"
	agent "$n" 0 >"$tmp/a-$n-agent-config.yml"
	agent "$n" 1 >"$tmp/b-$n-agent-config.yml"
	for pair in "unattend $tmp/a-$n.xml $tmp/b-$n.xml" \
	    "agent-config $tmp/a-$n-agent-config.yml $tmp/b-$n-agent-config.yml"; do
		set -- $pair
		d=$("$DIFF" "$2" "$3" | wc -l | tr -d ' ') || true
		s=$(time_one "$2" "$3")
		echo "$1,$n,$s,$d" >>"$csv"
		printf '%-13s %6d items: %9.4f s, %s differences\n' "$1" "$n" "$s" "$d"
	done
done
awk -F, 'NR > 1 { if (!($1 in lo)) { lo[$1] = $3; ln[$1] = $2 } hi[$1] = $3; hn[$1] = $2 }
    END { for (k in lo) if (hn[k] != ln[k] && lo[k] > 0)
	printf "%-13s %d -> %d items (x%.0f): time x%.1f (n log n predicts x%.1f)\n", k, ln[k], hn[k],
	    hn[k] / ln[k], hi[k] / lo[k], hn[k] * log(hn[k]) / (ln[k] * log(ln[k])) }' "$csv"
echo "CSV: $csv"
