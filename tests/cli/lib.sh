# SPDX-License-Identifier: MIT
# Shared helpers for the black-box tests: run the built programs uninstalled.
: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
UNATTEND_TOOLS_DATADIR=${UNATTEND_TOOLS_DATADIR:-$top_srcdir}
export UNATTEND_TOOLS_DATADIR
VALIDATE=$top_builddir/unattend-validate
GEN=$top_builddir/unattend-gen
DIFF=$top_builddir/unattend-diff
FILES=$top_srcdir/tests/files
SHARED=$top_srcdir/../shared
NO_COLOR=1
export NO_COLOR
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ua-test.XXXXXX") || exit 99
trap 'rm -rf "$TMPD"' EXIT

# Under a wrapper (valgrind), each program runs through a small script.
if [ -n "${UA_WRAPPER:-}" ]; then
	for prog in unattend-validate unattend-gen unattend-diff; do
		printf '#!/bin/sh\nexec %s %s "$@"\n' "$UA_WRAPPER" "$top_builddir/$prog" >"$TMPD/$prog"
		chmod +x "$TMPD/$prog"
	done
	VALIDATE=$TMPD/unattend-validate
	GEN=$TMPD/unattend-gen
	DIFF=$TMPD/unattend-diff
fi

# Time limits stretch for instrumented programs, which run many times slower: under a
# wrapper (valgrind) or when built with AddressSanitizer/UBSan. A limit catches a blow-up
# (quadratic time), not a slow machine.
SCALE=1
if [ -n "${UA_WRAPPER:-}" ]; then
	SCALE=60
elif ldd "$top_builddir/unattend-validate" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	SCALE=10
fi

passes=0
failures=0

ok() {
	passes=$((passes + 1))
}

not_ok() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
}

# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then ok; else not_ok "$1: expected [$2], got [$3]"; fi
}

# contains NAME NEEDLE FILE
contains() {
	if grep -qF -- "$2" "$3"; then ok; else not_ok "$1: '$2' not in $(cat "$3")"; fi
}

finish() {
	printf '%d passed, %d failed\n' "$passes" "$failures"
	[ "$failures" -eq 0 ]
}
