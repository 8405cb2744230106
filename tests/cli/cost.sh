# SPDX-License-Identifier: MIT
# Cost bounded by input size: hostile inputs of at most 1 MB (made by cost-gen.py)
# each finish within a CPU-time and memory bound, with their findings.
. "$top_srcdir/tests/cli/lib.sh"
cd "$TMPD" || exit 99
: "${PYTHON3:=python3}"
"$PYTHON3" "$top_srcdir/tests/cli/cost-gen.py" || exit 99

# CPU seconds, not wall time: the bound holds on a loaded machine. The shapes took
# 6 to 60 s before; now well under 1 s. Memory: 512 MB of heap plus the programs'
# mappings (the 1 GiB arena reservation then falls back to malloc). A sanitizer
# or valgrind build is slower and maps far more: only the time bound, relaxed.
cpu=4 mem=800000
if [ -n "${UA_WRAPPER:-}" ] || ldd "$VALIDATE" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	cpu=120 mem=unlimited
fi

# bounded NAME STATUS NEEDLE COMMAND...: within the bounds, that status, NEEDLE in its output
bounded() {
	name=$1 want=$2 needle=$3
	shift 3
	( ulimit -t "$cpu" -v "$mem" 2>/dev/null || ulimit -t "$cpu"; exec timeout 300 "$@" ) >out 2>&1
	st=$?
	check "$name: status (over $cpu CPU seconds or out of memory: $(tail -c 200 out))" "$want" "$st"
	if [ -z "$needle" ] || grep -qF -- "$needle" out; then ok; else
		not_ok "$name: '$needle' not in the output: $(head -c 300 out)"
	fi
}

validate() {
	name=$1 want=$2 needle=$3
	shift 3
	bounded "$name" "$want" "$needle" "$VALIDATE" --no-config -j1 "$@"
}

# columns far from a line's start (each finding used to count from the line's start)
validate "62,500 findings on one line" 1 "oneline-findings-unattend.xml:1:999955: error: unknown setting 'Bogus1'" \
    oneline-findings-unattend.xml
validate "attribute findings of many elements on one line" 1 "ComputerName takes no attribute 'a199'" \
    attrs-oneline-unattend.xml
validate "100,000 attributes on one element" 1 "attrs-root-unattend.xml:1:1: error: an element with more than 256 attributes [limit]" \
    attrs-root-unattend.xml
validate "63,000 comments" 0 "" comments-unattend.xml
validate "63,000 comments without a root" 1 "comments-noroot-unattend.xml:63195:1: error: the document is empty [syntax]" \
    comments-noroot-unattend.xml
validate "53,000 comments that hold a secret" 1 \
    "comments-secret-unattend.xml:53213:1: error: This comment looks like it holds a password or key" \
    comments-secret-unattend.xml
validate "duplicate keys on one line" 1 "dupkeys-LaunchConfig.json:1:999982: error: duplicate key 'k'" \
    --kind=launchconfig dupkeys-LaunchConfig.json
validate "duplicate keys in a YAML flow mapping" 1 "[duplicate-key]" dupkeys-agent-config.yml
bounded "diff of minified JSON" 1 "~ k90908: 1 -> 2" "$DIFF" oneline-a-LaunchConfig.json oneline-b-LaunchConfig.json
# anchors were found by a linear search from the newest
validate "49,000 anchors and aliases" 1 "" anchors-agent-config.yml
# the alias budget counts mapping keys (element names and key attributes) too
validate "aliases of a long key" 1 "aliases expand to more than 64 MiB of text [limit]" alias-key-agent-config.yml
validate "aliases of a long quoted key" 1 "aliases expand to more than 64 MiB of text [limit]" \
    alias-quoted-key-agent-config.yml
bounded "diff of aliases of a long key" 2 "aliases expand to more than 64 MiB of text [limit]" \
    "$DIFF" alias-key-agent-config.yml alias-key-agent-config.yml

# a path per difference was 360 KB here (11 GB in all): paths are shared, and one
# over 1024 bytes loses its middle in the output
ellipsis=$(printf '\342\200\246')
bounded "diff of deep paths of long keys" 1 "k${ellipsis}kkkk" \
    "$DIFF" deep-a-LaunchConfig.json deep-b-LaunchConfig.json
bounded "diff of deep paths of long keys, JSON" 1 'kkk0/29999", "old": "1", "new": "2"' \
    "$DIFF" -f json deep-a-LaunchConfig.json deep-b-LaunchConfig.json

finish
