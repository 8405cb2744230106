# SPDX-License-Identifier: MIT
# Findings in the file's terms, never libxml2's: the root, a bare '&', text in a
# container, an architecture alias; and unattend-gen's --locale / --ui-language.
. "$top_srcdir/tests/cli/lib.sh"
cd "$TMPD" || exit 99
C='processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS"'

printf '<settings pass="specialize">\n<component name="Microsoft-Windows-Shell-Setup" %s>\n<TimeZone>UTC</TimeZone>\n</component>\n</settings>\n' "$C" >fragment.xml
"$VALIDATE" --no-config fragment.xml >out 2>&1
check "a <settings> fragment is an answer file, whatever its name" 1 $?
contains "root message" "root element <settings> has no namespace: an answer file starts with <unattend xmlns=\"urn:schemas-microsoft-com:unattend\">" out
if grep -q "validation root" out; then not_ok "libxml2's words: $(cat out)"; else ok; fi

printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<settings pass="specialize">\n<component name="Microsoft-Windows-Shell-Setup" %s>\n<RegisteredOwner>A & B</RegisteredOwner>\n</component>\n</settings>\n</unattend>\n' "$C" >amp.xml
"$VALIDATE" --no-config amp.xml >out 2>&1
contains "a bare &" "write a literal & as &amp;" out
if grep -q "xmlParseEntityRef\|a name is expected" out; then not_ok "bare & wording: $(cat out)"; else ok; fi

printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<settings pass="specialize">\n<component name="Microsoft-Windows-Shell-Setup" processorArchitecture="x64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">\n<Display>stray<HorizontalResolution>1024</HorizontalResolution></Display>\n</component>\n</settings>\n</unattend>\n' >text.xml
"$VALIDATE" --no-config text.xml >out 2>&1
contains "x64 is amd64" "(did you mean 'amd64'?)" out
contains "text in a container" "Display holds text, but it takes only settings (elements): remove the text" out
if grep -q "element-only" out; then not_ok "libxml2's words: $(cat out)"; else ok; fi
finish
