# SPDX-License-Identifier: MIT
# The manual pages are clean under mandoc -T lint.
. "$top_srcdir/tests/cli/lib.sh"
[ -x "${MANDOC:-}" ] || { echo "SKIP: no mandoc"; exit 77; }
for m in "$top_srcdir"/man/*.[1-9]; do
	if "$MANDOC" -T lint -W warning "$m" >"$TMPD/lint" 2>&1; then ok; else not_ok "$(cat "$TMPD/lint")"; fi
done
finish
