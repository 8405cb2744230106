# SPDX-License-Identifier: MIT
# A run's first answer file compiles only the settings it uses of a large
# component's schema (ua_schema_validate_bag); every later file, the whole
# schema. The findings must not tell the two apart: each answer file of
# tests/files/unattend, and one with errors in and below such components, is
# checked first (alone) and second (after another answer file), and the two
# lists of its findings must be the same.
. "$top_srcdir/tests/cli/lib.sh"

cat >"$TMPD/other.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <RegisteredOwner>ops</RegisteredOwner>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <OOBE><HideEULAPage>true</HideEULAPage></OOBE>
    </component>
  </settings>
</unattend>
XML
cat >"$TMPD/bag-errors.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:x="urn:example:other">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <ComputerName>web-01</ComputerName>
      <DoNotCleanTaskBar>maybe</DoNotCleanTaskBar>
      <SignInMode>7</SignInMode>
      <ProductKey>AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF</ProductKey>
      <TimeZone>UTC</TimeZone>
      stray text
    </component>
    <component name="Microsoft-Windows-International-Core" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <UILanguage>en-US</UILanguage>
      <x:Note>other namespace</x:Note>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <OOBE>
        <HideEULAPage>yes</HideEULAPage>
        <ProtectYourPC>9</ProtectYourPC>
        <VMModeOptimizations><SkipWinREInitialization>1x</SkipWinREInitialization></VMModeOptimizations>
      </OOBE>
      <UserAccounts>
        <LocalAccounts>
          <LocalAccount><Name>a</Name><Group>Administrators</Group><Bogus>1</Bogus></LocalAccount>
        </LocalAccounts>
      </UserAccounts>
      <RegisteredOrganization>acme</RegisteredOrganization>
      <AppIconInTouchImprovement>sometimes</AppIconInTouchImprovement>
    </component>
  </settings>
</unattend>
XML

# findings of $1 in the JSON output on standard input, sorted
findings_of() {
	grep -F "\"file\": \"$1\"" | sed 's/,$//' | sort
}

n=0
for f in "$TMPD/bag-errors.xml" "$FILES"/unattend/*.xml; do
	[ -f "$f" ] || continue
	"$VALIDATE" --no-config -f json -j 1 "$f" 2>"$TMPD/err1" | findings_of "$f" >"$TMPD/first"
	"$VALIDATE" --no-config -f json -j 1 "$TMPD/other.xml" "$f" 2>"$TMPD/err2" |
	    findings_of "$f" >"$TMPD/second"
	if cmp -s "$TMPD/first" "$TMPD/second" && cmp -s "$TMPD/err1" "$TMPD/err2"; then
		ok
	else
		not_ok "$(basename "$f"): first and second file differ: $(diff "$TMPD/first" "$TMPD/second" | head -5)"
	fi
	n=$((n + 1))
done
check "answer files compared" yes "$([ "$n" -gt 10 ] && echo yes)"

# the errors the file was written for are there (the comparison is not of two empty lists)
"$VALIDATE" --no-config -f json -j 1 "$TMPD/bag-errors.xml" >"$TMPD/out" 2>&1
for what in DoNotCleanTaskBar SignInMode ProductKey HideEULAPage ProtectYourPC \
    SkipWinREInitialization AppIconInTouchImprovement Bogus; do
	contains "finding about $what" "$what" "$TMPD/out"
done
finish
