# SPDX-License-Identifier: MIT
# windows11-setting comes from the catalog's WSIM marks: every setting the Windows 11
# WSIM catalog has and the Windows 10 one lacks is reported for an older --target and
# not for Windows 11; settings in both catalogs or in neither (reference-only, Server)
# never are; a setting marked wsim:win11 in the catalog is reported once the rule is
# generated again.
. "$top_srcdir/tests/cli/lib.sh"
W=$SHARED/reference/wsim-catalogs
[ -d "$W" ] || { echo "SKIP: no $W"; exit 77; }
[ -x "${PYTHON3:-}" ] || { echo "SKIP: no python3"; exit 77; }
cd "$TMPD" || exit 99
u=$top_srcdir/schemas/unattend

"$PYTHON3" "$top_srcdir/tests/cli/windows11.py" "$W/win10-21h2-pro.tsv" "$W/win11-pro.tsv" \
    "$u/catalog.tsv" w11.xml | LC_ALL=C sort >want
check "windows11.py runs" 0 $?
check "several Windows 11-only settings" yes "$([ "$(wc -l <want)" -ge 3 ] && echo yes)"

# reported: the Component/Setting each windows11-setting finding names
reported() {
	sed -n 's/^[^:]*:[0-9]*:[0-9]*: warning: \([^ ]*\) exists only from Windows 11.*\[windows11-setting\]$/\1/p' "$1" |
	    LC_ALL=C sort
}

for t in 10 2022 2016 8.1; do
	"$VALIDATE" --no-config --target="$t" w11.xml >out 2>&1
	reported out >got
	if cmp -s want got; then ok; else
		not_ok "--target=$t: want [$(tr '\n' ' ' <want)] got [$(tr '\n' ' ' <got)]"
	fi
done
for t in 11 2025 ""; do
	"$VALIDATE" --no-config ${t:+--target="$t"} w11.xml >out 2>&1
	check "--target=${t:-none}: no windows11-setting" "" "$(grep 'windows11-setting' out)"
done

# derived, not listed: a setting marked wsim:win11 (a nested one here) is reported,
# with its path, once gen-xsd.py makes the rule again; one whose mark is taken off is not
mkdir -p data/schemas/unattend
cp -R "$top_srcdir/schemas/rules" "$top_srcdir/schemas/agents" "$top_srcdir/schemas/"*.tsv data/schemas/
cp -R "$top_srcdir/templates" data/
cp "$u/envelope.xsd" data/schemas/unattend/
cp -R "$u/components" data/schemas/unattend/
awk -F '\t' 'BEGIN { OFS = "\t" }
    $1 == "Microsoft-Windows-Shell-Setup/OOBE/HideEULAPage" { $6 = "wsim:win11" }
    $1 == "Microsoft-Windows-Shell-Setup/ConfigureChatAutoInstall" { $6 = "wsim:win10+win11" }
    { print }' "$u/catalog.tsv" >data/schemas/unattend/catalog.tsv
"$PYTHON3" "$u/gen-xsd.py" --catalog data/schemas/unattend/catalog.tsv --out gen \
    --rules data/schemas/rules/windows11.xml
check "gen-xsd.py writes the rule" 0 $?
C='processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS"'
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<settings pass="oobeSystem">\n<component name="Microsoft-Windows-Shell-Setup" %s>\n<ConfigureChatAutoInstall>false</ConfigureChatAutoInstall>\n<OOBE>\n<HideEULAPage>true</HideEULAPage>\n</OOBE>\n</component>\n</settings>\n</unattend>\n' "$C" >marked.xml
UNATTEND_TOOLS_DATADIR=$TMPD/data "$VALIDATE" --no-config --target=10 marked.xml >out 2>&1
reported out >got
check "marked in the catalog, reported with its path" "Microsoft-Windows-Shell-Setup/OOBE/HideEULAPage" "$(cat got)"
finish
