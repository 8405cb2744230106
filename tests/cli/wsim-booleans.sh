# SPDX-License-Identifier: MIT
# Every Boolean setting of both WSIM catalogs, spelt as Windows spells it, in
# each pass the catalog allows, is accepted: no error, no name-case warning.
. "$top_srcdir/tests/cli/lib.sh"
W=$SHARED/reference/wsim-catalogs
[ -d "$W" ] || { echo "SKIP: no $W"; exit 77; }
[ -x "${PYTHON3:-}" ] || { echo "SKIP: no python3"; exit 77; }
for cat in win10-21h2-pro win11-pro; do
	mkdir "$TMPD/$cat"
	n=$("$PYTHON3" "$top_srcdir/tests/cli/wsim-booleans.py" "$W/$cat.tsv" "$TMPD/$cat")
	check "$cat: Boolean settings written" yes "$([ "${n:-0}" -gt 100 ] && echo yes)"
	for f in "$TMPD/$cat"/*.xml; do
		"$VALIDATE" --no-config --color=never "$f" >"$TMPD/out" 2>&1
		if grep -E ': error: |\[name-case\]' "$TMPD/out" >"$TMPD/bad"; then
			not_ok "$cat/$(basename "$f"): $(head -5 "$TMPD/bad")"
		else
			ok
		fi
	done
done
finish
