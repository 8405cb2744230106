# SPDX-License-Identifier: MIT
# Findings say what is wrong in the file's terms: no schema validation error reaches a user in
# libxml2's words (issue 14). Validates every test file, a few files made here for the classes
# the test files lack, and unattend-edit's task refusals; greps all of it for libxml2's phrases.
. "$top_srcdir/tests/cli/lib.sh"
EDIT=$top_builddir/unattend-edit
out=$TMPD/all
for dir in "$FILES"/*/ "$FILES"/sets/*/; do
	(cd "$dir" && find . -type f ! -name EXPECT ! -name '*.md' | LC_ALL=C sort |
	    while IFS= read -r f; do "$VALIDATE" --no-config --color=never "$f" 2>&1; done) >>"$out"
done
mkdir "$TMPD/w"
printf '<Foo/>\n' >"$TMPD/w/BundleConfig.xml"
printf '<project><builders/></project>\n' >"$TMPD/w/config.xml"
(cd "$TMPD/w" && "$VALIDATE" --no-config --color=never BundleConfig.xml config.xml) >"$TMPD/root" 2>&1
cat "$TMPD/root" >>"$out"
contains "root of another kind" \
    "BundleConfig.xml:1:1: error: the root element is <Foo>; a BundleConfig.xml starts with <BundleConfig> [structure]" \
    "$TMPD/root"
contains "root of a Jenkins config.xml" \
    "the root element is <project>; a Config.xml starts with <Ec2ConfigurationSettings> [structure]" \
    "$TMPD/root"
"$EDIT" --add-task 'postReady/writeFile:frequency=once' "$FILES/edit/agent-config.yml" \
    >/dev/null 2>"$TMPD/edit"
cat "$TMPD/edit" >>"$out"
contains "task refusal" "Inputs of task writeFile: <item> lacks a required element (expected one of: destination, content)" \
    "$TMPD/edit"
# libyaml's problems in the file's terms, without its "while scanning ..." context
printf 'version: 1.1\nconfig:\n  - stage: boot\n    tasks:\n\t- task: extendRootPartition\n' >"$TMPD/w/tab-agent-config.yml"
printf 'version: 1.1\nconfig:\n  - stage: boot\n    tasks\n      - task: extendRootPartition\n' >"$TMPD/w/colon-agent-config.yml"
printf 'version: 1.1\nconfig:\n  - stage: "boot\n' >"$TMPD/w/quote-agent-config.yml"
printf 'version: 1.1\nconfig:\n  - stage: boot\n   tasks: []\n' >"$TMPD/w/indent-agent-config.yml"
(cd "$TMPD/w" && for f in tab colon quote indent; do
	"$VALIDATE" --no-config --color=never "$f-agent-config.yml"; done) >"$TMPD/yaml" 2>&1
cat "$TMPD/yaml" >>"$out"
contains "YAML: a tab in the indentation" "tab-agent-config.yml:5:1: error: a tab character in the indentation: YAML indents with spaces only [syntax]" "$TMPD/yaml"
contains "YAML: an unclosed quote" "quote-agent-config.yml:4:1: error: the file ends inside a quoted value: a quote is not closed [syntax]" "$TMPD/yaml"
check "YAML: every case a syntax finding" 4 "$(grep -c ': error: .*\[syntax\]$' "$TMPD/yaml")"
# each class, reworded (the test files hold one of each)
contains "attribute not allowed" "TimeZone takes no attribute 'action' [attribute]" "$out"
contains "simple type with elements" "ComputerName takes text, not elements [structure]" "$out"
contains "atomic type" "Order: 'first' is not a whole number from 1 to 500 [value-type]" "$out"
# a pattern in words (schemas/patterns.tsv), never as a regular expression
contains "pattern: language" "component/@language: 'en_US' is not in the form this setting takes: neutral, * or a language tag such as en-US (did you mean 'en-US'?) [component-attribute]" "$out"
contains "pattern: publicKeyToken" "'31bf3856ad364e3' is not in the form this setting takes: 16 hexadecimal digits (31bf3856ad364e35) [component-attribute]" "$out"
contains "pattern: drive letter" "driveLetter: 'DE' is not in the form this setting takes: one letter, optionally followed by a colon (D or D:)" "$out"
# every pattern of the schemas has its words; none reaches a message
find "$top_srcdir/schemas" -name '*.xsd' -exec sed -n 's/.*<xs:pattern value="\([^"]*\)".*/\1/p' {} + |
    sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g' | LC_ALL=C sort -u >"$TMPD/patterns"
check "the schemas have patterns" yes "$([ "$(wc -l <"$TMPD/patterns")" -ge 3 ] && echo yes)"
while IFS= read -r pat; do
	case $pat in '[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]'*) continue ;; esac	# booleans: worded by the engine
	if awk -F '\t' -v p="$pat" '!/^#/ && tolower($1) == tolower(p) { f = 1 } END { exit !f }' \
	    "$top_srcdir/schemas/patterns.tsv"; then ok; else
		not_ok "pattern $pat has no words in schemas/patterns.tsv"
	fi
	if grep -F -- "$pat" "$out" >"$TMPD/hit"; then
		not_ok "pattern $pat reaches users: $(head -3 "$TMPD/hit")"
	else
		ok
	fi
done <"$TMPD/patterns"
contains "required attribute" "<component> needs a name attribute [component-attribute]" "$out"
contains "missing child" "Inputs of task writeFile: <item> lacks a required element (expected: destination) [task-inputs-write-file]" "$out"
for phrase in "global declaration" "atomic type" "[facet" "(pattern " "Element content is not allowed" \
    "Missing child element" "is not expected. Expected is" "is required but missing" \
    "Element '" "The attribute '" "while scanning" "while parsing" "violates indentation" \
    "simple key" "could not find expected" "did not find expected"; do
	if grep -F -- "$phrase" "$out" >"$TMPD/hit"; then
		not_ok "libxml2's or libyaml's words \"$phrase\" reach users: $(head -3 "$TMPD/hit")"
	else
		ok
	fi
done
finish
