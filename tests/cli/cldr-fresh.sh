# SPDX-License-Identifier: MIT
# The tables made from Unicode CLDR are what their scripts make of it: templates/timezones.txt
# and timezone-names.tsv (gen-timezones.py, windowsZones.xml), schemas/language-names.tsv
# (gen-language-names.py).
. "$top_srcdir/tests/cli/lib.sh"
cldr=/usr/share/unicode/cldr/common
[ -x "${PYTHON3:-}" ] || { echo "SKIP: no python3"; exit 77; }
[ -r "$cldr/main/en.xml" ] || { echo "SKIP: no $cldr (Debian: unicode-cldr-core)"; exit 77; }
for t in "templates/gen-timezones.py --cldr $cldr/supplemental/windowsZones.xml|templates/timezones.txt|regen-timezones" \
    "templates/gen-timezones.py --what=names --cldr $cldr/supplemental/windowsZones.xml|templates/timezone-names.tsv|regen-timezones" \
    "schemas/gen-language-names.py --cldr $cldr|schemas/language-names.tsv|regen-language-names"; do
	gen=${t%%|*} rest=${t#*|}
	table=${rest%%|*} target=${rest#*|}
	# shellcheck disable=SC2086 # the script and its options
	"$PYTHON3" "$top_srcdir"/$gen --out "$TMPD/table"
	check "${gen%% *} runs" 0 $?
	if diff "$top_srcdir/$table" "$TMPD/table" >"$TMPD/diff"; then
		ok
	else
		not_ok "$table is stale: run 'make $target' ($(head -5 "$TMPD/diff"))"
	fi
done
contains "UTC is a Windows time zone" "UTC" "$top_srcdir/templates/timezones.txt"
contains "UTC's display name" "Coordinated Universal Time	UTC" "$top_srcdir/templates/timezone-names.tsv"
# the tags Windows writes: a script only where the language has two in that region
for pair in "English	en-US" "German	de-DE" "Chinese	zh-CN" "Traditional Chinese	zh-TW" \
    "Hindi	hi-IN" "Serbian	sr-Cyrl-RS" "Serbian (Latin, Serbia)	sr-Latn-RS" \
    "British English	en-GB" "German (Switzerland)	de-CH" "Latin American Spanish	es-419"; do
	contains "$pair" "$pair" "$top_srcdir/schemas/language-names.tsv"
done
finish
