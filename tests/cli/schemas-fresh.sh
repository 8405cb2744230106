# SPDX-License-Identifier: MIT
# The committed answer-file schemas and the windows11-setting rule are what gen-xsd.py
# makes of the catalog.
. "$top_srcdir/tests/cli/lib.sh"
[ -x "${PYTHON3:-}" ] || { echo "SKIP: no python3"; exit 77; }
u=$top_srcdir/schemas/unattend
"$PYTHON3" "$u/gen-xsd.py" --catalog "$u/catalog.tsv" --out "$TMPD/gen" \
    --rules "$TMPD/windows11.xml" >/dev/null
check "gen-xsd.py runs" 0 $?
if diff -r "$u/components" "$TMPD/gen/components" >"$TMPD/diff" &&
    diff "$u/envelope.xsd" "$TMPD/gen/envelope.xsd" >>"$TMPD/diff" &&
    diff "$top_srcdir/schemas/rules/windows11.xml" "$TMPD/windows11.xml" >>"$TMPD/diff"; then
	ok
else
	not_ok "schemas are stale: run 'make regen-schemas' ($(head -5 "$TMPD/diff"))"
fi
finish
