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

# a language name or a locale's name instead of a tag: the tag Windows takes for it
# (schemas/language-names.tsv, from CLDR); an underscore: the same with a hyphen
"$VALIDATE" --no-config "$FILES/unattend/bad-locale-names.xml" "$FILES/unattend/bad-locale-tags.xml" >out 2>&1
contains "english in InputLocale" "InputLocale 'english' is not a list of input locales (did you mean 'en-US'?)" out
contains "German" "SystemLocale 'German' is not a language tag (did you mean 'de-DE'?)" out
contains "a locale's display name" "UILanguage 'English (United States)' is not a language tag (did you mean 'en-US'?)" out
contains "a script kept" "UILanguageFallback 'Serbian (Latin, Serbia)' is not a language tag (did you mean 'sr-Latn-RS'?)" out
contains "english in UILanguage" "UILanguage 'english' is not a language tag (did you mean 'en-US'?)" out
contains "en_US" "SystemLocale 'en_US' is not a language tag (did you mean 'en-US'?)" out
contains "a 9-digit keyboard layout" "InputLocale '0409:000000409' is not a list of input locales (did you mean '0409:00000409'?)" out
contains "no name, no guess" "UserLocale 'Klingonese' is not a language tag: " out

# a list of input locales: each entry that is a language's name or has a '_' gets its tag
"$VALIDATE" --no-config "$FILES/unattend/bad-locale-list.xml" >out 2>&1
contains "a name in an InputLocale list" "InputLocale '0409:00000409;english' is not a list of input locales (did you mean '0409:00000409;en-US'?)" out
contains "every bad entry of a list, spacing kept" "(did you mean 'de-DE; 0407:00000407 ;de-CH'?)" out
# a component's language attribute: the same fix as the language settings
"$VALIDATE" --no-config "$FILES/unattend/bad-component-attribute-language.xml" >out 2>&1
contains "component language=en_US" "'en_US' is not in the form this setting takes: neutral, * or a language tag such as en-US (did you mean 'en-US'?)" out
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<settings pass="specialize">\n<component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="German" versionScope="nonSxS">\n<TimeZone>UTC</TimeZone>\n</component>\n</settings>\n</unattend>\n' >lang-name.xml
"$VALIDATE" --no-config lang-name.xml >out 2>&1
contains "component language=German" "(did you mean 'de-DE'?)" out
# one language-tag form (schemas/regexes.tsv) for unattend-gen and the validator:
# every value one accepts, the other does
for tag in en-US EN-us es-ES_tradnl sr-Latn-RS es-419 qps-ploc en_US english e1-US en-US-x; do
	"$GEN" --agent=ec2launch-v2 --locale="$tag" -o "gl-$tag" >/dev/null 2>&1
	g=$?
	printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<settings pass="oobeSystem">\n<component name="Microsoft-Windows-International-Core" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">\n<SystemLocale>%s</SystemLocale>\n</component>\n</settings>\n</unattend>\n' "$tag" >tag.xml
	"$VALIDATE" --no-config tag.xml >/dev/null 2>&1
	check "gen and validate agree on '$tag'" "$g" $?
done
if grep -q 'A-Za-z\]{2,3}' "$top_srcdir/src/lib/gen.c" "$top_srcdir/schemas/rules/windows.xml"; then
	not_ok "the language-tag expression is written outside schemas/regexes.tsv"
else ok; fi

# unattend-gen: --locale sets the locales only (a display language must be
# installed in the image); --ui-language sets UILanguage and UILanguageFallback
"$GEN" --agent=ec2launch-v2 --locale=de-DE -o gl 2>err && cp gl/unattend.xml gen-locale.xml
check "gen --locale" 0 $?
for e in InputLocale SystemLocale UserLocale; do
	contains "--locale sets $e" "<$e>de-DE</$e>" gen-locale.xml
done
contains "--locale leaves UILanguage as the image ships it" "<UILanguage>en-US</UILanguage>" gen-locale.xml
"$GEN" --agent=ec2launch-v2 --ui-language=fr-FR -o gu 2>err && cp gu/unattend.xml gen-ui.xml
check "gen --ui-language" 0 $?
contains "--ui-language sets UILanguage" "<UILanguage>fr-FR</UILanguage>" gen-ui.xml
contains "--ui-language sets UILanguageFallback" "<UILanguageFallback>fr-FR</UILanguageFallback>" gen-ui.xml
contains "--ui-language leaves the locales" "<SystemLocale>en-US</SystemLocale>" gen-ui.xml
"$VALIDATE" --no-config gen-locale.xml gen-ui.xml >out 2>&1
check "generated files validate" 0 $?
"$GEN" --agent=ec2launch-v2 --ui-language=english -o gb >out 2>&1
check "gen --ui-language=english is refused" 1 $?
contains "--ui-language finding" "--ui-language" out
contains "--ui-language=english: the tag" "'english' is not a language tag such as en-US (did you mean 'en-US'?)" out
# the reference's sort suffix and any letter case, as the validator's language-tag takes them
"$GEN" --agent=ec2launch-v2 --locale=es-ES_tradnl -o gt >out 2>&1
check "gen --locale=es-ES_tradnl (a sort order)" 0 $?
contains "--locale keeps the sort suffix" "<SystemLocale>es-ES_tradnl</SystemLocale>" gt/unattend.xml
"$GEN" --agent=ec2launch-v2 --ui-language=EN-us -o gc >out 2>&1
check "gen --ui-language=EN-us (tags ignore case)" 0 $?
"$GEN" --agent=ec2launch-v2 --locale=de_CH -o gd >out 2>&1
check "gen --locale=de_CH is refused" 1 $?
contains "--locale=de_CH: the tag" "'de_CH' is not a locale name such as en-US (did you mean 'de-CH'?)" out
# a time zone's display name or IANA name: the Windows ID it stands for (CLDR windowsZones.xml)
U=$FILES/unattend
for pair in "bad-time-zone-display-utc.xml|Coordinated Universal Time' is not a Windows time zone ID (did you mean 'UTC'?)" \
    "bad-time-zone-iana.xml|Europe/Berlin' is not a Windows time zone ID (did you mean 'W. Europe Standard Time'?)" \
    "bad-time-zone-display-name.xml|(did you mean 'Central European Standard Time'?)"; do
	"$VALIDATE" --no-config "$U/${pair%%|*}" >out 2>&1
	contains "time zone: ${pair%%|*}" "${pair#*|}" out
done
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<settings pass="specialize">\n<component name="Microsoft-Windows-Shell-Setup" %s>\n<TimeZone>(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna</TimeZone>\n</component>\n</settings>\n</unattend>\n' "$C" >tz.xml
"$VALIDATE" --no-config tz.xml >out 2>&1
contains "time zone: a display name with its offset" "(did you mean 'W. Europe Standard Time'?)" out

finish
