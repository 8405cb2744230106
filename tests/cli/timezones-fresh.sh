# SPDX-License-Identifier: MIT
# The committed templates/timezones.txt is what gen-timezones.py makes of CLDR's windowsZones.xml.
. "$top_srcdir/tests/cli/lib.sh"
cldr=/usr/share/unicode/cldr/common/supplemental/windowsZones.xml
[ -x "${PYTHON3:-}" ] || { echo "SKIP: no python3"; exit 77; }
[ -r "$cldr" ] || { echo "SKIP: no $cldr (Debian: unicode-cldr-core)"; exit 77; }
"$PYTHON3" "$top_srcdir/templates/gen-timezones.py" --cldr "$cldr" --out "$TMPD/timezones.txt"
check "gen-timezones.py runs" 0 $?
if diff "$top_srcdir/templates/timezones.txt" "$TMPD/timezones.txt" >"$TMPD/diff"; then
	ok
else
	not_ok "templates/timezones.txt is stale: run 'make regen-timezones' ($(head -5 "$TMPD/diff"))"
fi
contains "UTC is a Windows time zone" "UTC" "$top_srcdir/templates/timezones.txt"
finish
