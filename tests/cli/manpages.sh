# SPDX-License-Identifier: MIT
# The manual pages are clean under mandoc -T lint.
. "$top_srcdir/tests/cli/lib.sh"
[ -x "${MANDOC:-}" ] || { echo "SKIP: no mandoc"; exit 77; }
for m in "$top_srcdir"/man/*.[1-9]; do
	if "$MANDOC" -T lint -W warning "$m" >"$TMPD/lint" 2>&1; then ok; else not_ok "$(cat "$TMPD/lint")"; fi
done
# every rule of the table is explained in unattend-rules(7)
"$VALIDATE" --no-config --list-rules | awk '{ print $1 }' >"$TMPD/rules"
while read -r r; do
	if grep -q -- "$r" "$top_srcdir/man/unattend-rules.7"; then ok; else not_ok "rule $r is not in unattend-rules(7)"; fi
done <"$TMPD/rules"
finish
