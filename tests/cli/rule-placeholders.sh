# SPDX-License-Identifier: MIT
# language-tag, input-locale and product-key-format leave alone a value that holds
# a placeholder character ($, % or { in one, $, % or {{ in input locales, $ or {
# in product keys): their patterns match such a value (the select has no
# contains() test for it). Read with --template=none, so that only the rules
# decide; the defects beside them are still found.
. "$top_srcdir/tests/cli/lib.sh"

cat >"$TMPD/unattend.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="windowsPE">
    <component name="Microsoft-Windows-International-Core-WinPE" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <InputLocale>{{ input_locale }}</InputLocale>
      <SystemLocale>${system_locale}</SystemLocale>
      <UILanguage>%UILANG%</UILanguage>
      <UserLocale>{user_locale}</UserLocale>
      <UILanguageFallback>english</UILanguageFallback>
    </component>
    <component name="Microsoft-Windows-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <UserData><ProductKey><Key>${product_key}</Key></ProductKey></UserData>
    </component>
  </settings>
  <settings pass="specialize">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <ProductKey>{key}</ProductKey>
    </component>
    <component name="Microsoft-Windows-International-Core" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <InputLocale>0409:{00000409}</InputLocale>
      <SystemLocale>en_US%</SystemLocale>
      <UserLocale>de_DE</UserLocale>
    </component>
  </settings>
</unattend>
XML
"$VALIDATE" --no-config --template=none "$TMPD/unattend.xml" >"$TMPD/out" 2>&1
check "status" 1 $?
lines() {
	grep -E "\[$1\]\$" "$TMPD/out" | cut -d: -f2 | tr '\n' ' '
}
# line 9: english; line 22: de_DE (no placeholder character)
check "language-tag judges only the values without placeholders" "9 22 " "$(lines language-tag)"
# line 20: { alone is a GUID's brace, not a placeholder, in an input locale
check "input-locale judges {{ as a placeholder, { not" "20 " "$(lines input-locale)"
check "product-key-format leaves \${...} and {...} alone" "" "$(lines product-key-format)"
finish
