# SPDX-License-Identifier: MIT
# The committed schemas/language-names.tsv is what gen-language-names.py makes of CLDR.
. "$top_srcdir/tests/cli/lib.sh"
cldr=/usr/share/unicode/cldr/common
[ -x "${PYTHON3:-}" ] || { echo "SKIP: no python3"; exit 77; }
[ -r "$cldr/main/en.xml" ] || { echo "SKIP: no $cldr (Debian: unicode-cldr-core)"; exit 77; }
"$PYTHON3" "$top_srcdir/schemas/gen-language-names.py" --cldr "$cldr" --out "$TMPD/names.tsv"
check "gen-language-names.py runs" 0 $?
if diff "$top_srcdir/schemas/language-names.tsv" "$TMPD/names.tsv" >"$TMPD/diff"; then
	ok
else
	not_ok "schemas/language-names.tsv is stale: run 'make regen-language-names' ($(head -5 "$TMPD/diff"))"
fi
# the tags Windows writes: a script only where the language has two in that region
for pair in "English	en-US" "German	de-DE" "Chinese	zh-CN" "Traditional Chinese	zh-TW" \
    "Hindi	hi-IN" "Serbian	sr-Cyrl-RS" "Serbian (Latin, Serbia)	sr-Latn-RS" \
    "British English	en-GB" "German (Switzerland)	de-CH" "Latin American Spanish	es-419"; do
	contains "$pair" "$pair" "$top_srcdir/schemas/language-names.tsv"
done
finish
