# SPDX-License-Identifier: MIT
# A value with placeholders still has its fixed text (the placeholders may be
# empty): a maximum length or a character not allowed that the fixed text alone
# breaks is reported by every rule of that class (template="fixed-part" in the
# rule table), saying the bound comes from the fixed text.
. "$top_srcdir/tests/cli/lib.sh"

# answer NAME COMPUTERNAME: an answer file with that ComputerName
answer() {
	cat >"$TMPD/$1-unattend.xml" <<X
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <ComputerName>$2</ComputerName>
    </component>
  </settings>
</unattend>
X
	"$VALIDATE" --no-config "$TMPD/$1-unattend.xml" >"$TMPD/$1" 2>&1
}

# the computer-name rule: characters and bytes
answer space 'web server-${n}'
check "space: status" 1 $?
contains "space: from the fixed text" "5:7: error: ComputerName 'web server-' has characters Windows does not allow in a computer name ( )" "$TMPD/space"
contains "space: says so" "the value's fixed text, without its placeholders" "$TMPD/space"
contains "space: the rule" "[computer-name]" "$TMPD/space"
answer bang 'web!${n}'
contains "bang" "ComputerName 'web!' has characters Windows does not allow in a computer name (!)" "$TMPD/bang"
answer bytes '${p}-Ünïcödé-sërv'
contains "bytes: non-ASCII counted twice" "ComputerName '-Ünïcödé-sërv' is longer than 15 bytes" "$TMPD/bytes"
# what the fixed text cannot prove is not reported
answer digits '${n}01'
check "digits: not only digits once filled" 0 $?
answer whole '${computer_name}'
check "whole placeholder: nothing" 0 $?
answer both '${a}${b}'
check "two placeholders: nothing" 0 $?
answer trailing 'web ${n}'
check "a space the placeholder may end: nothing" 0 $?
answer fine 'web-${n}'
check "fine fixed text: nothing" 0 $?
# the length bound of the schema (maxLength) and the rule do not repeat each other
answer long '${prefix}-web-0001-long-fixed-part'
check "long: status" 1 $?
contains "long: schema bound" "ComputerName is at least 25 characters long without its placeholders; at most 15 are allowed" "$TMPD/long"
check "long: once" 1 "$(grep -c ComputerName "$TMPD/long")"
# a value made by directives is its branches, not their sum
answer branches '%{ if big }web-server-one%{ else }web-server-two%{ endif }'
check "branches: nothing" 0 $?
check "branches: no length" 0 "$(grep -c 'characters long' "$TMPD/branches")"
# --template=none reads the placeholder as text: the rule's own guard, as before
"$VALIDATE" --no-config --template=none "$TMPD/space-unattend.xml" >"$TMPD/none" 2>&1
check "none: the rule skips \$ values" 0 "$(grep -c computer-name "$TMPD/none")"

# the EC2Launch v2 host name rules (agent-config.yml, user data)
agent() {
	mkdir -p "$TMPD/$1"
	cat >"$TMPD/$1/agent-config.yml" <<X
version: 1.0
config:
- stage: postReady
  tasks:
  - task: setHostName
    inputs:
      hostName: $2
X
	"$VALIDATE" --no-config "$TMPD/$1/agent-config.yml" >"$TMPD/$1.out" 2>&1
}
agent hlong '${prefix}-web-0001-long-fixed-part'
check "hostName long: status" 1 $?
contains "hostName long: the length rule" "7:7: error: Host name -web-0001-long-fixed-part must be 1 to 15 characters" "$TMPD/hlong.out"
contains "hostName long: says so" "the value's fixed text, without its placeholders" "$TMPD/hlong.out"
contains "hostName long: rule" "[hostname-length]" "$TMPD/hlong.out"
agent hchars '"${prefix} web"'
contains "hostName chars" "[hostname-chars]" "$TMPD/hchars.out"
agent hnum '${n}01'
check "hostName digits: not judged" 0 $?
agent hwhole '${hostname}'
check "hostName whole placeholder: nothing" 0 $?
agent hshort '${prefix}-web'
check "hostName short fixed text: nothing" 0 $?
# rendered with --var: the whole value, as any value
"$VALIDATE" --no-config --var prefix=ab "$TMPD/hlong/agent-config.yml" >"$TMPD/out" 2>&1
contains "hostName rendered" "Host name ab-web-0001-long-fixed-part must be 1 to 15 characters." "$TMPD/out"
check "hostName rendered: no fixed-text note" 0 "$(grep -c 'fixed text' "$TMPD/out")"

# hostile: many values with fixed text, and a JSON line of directives, end quickly
limit=$((10 * SCALE))
ends_quickly() {	# NAME FILE: checked within the limit, with status 0 or 1
	timeout "$limit" "$VALIDATE" --no-config "$2" >"$TMPD/out" 2>&1
	st=$?
	[ $st -le 1 ] && ok || not_ok "$1: status $st"
}
mkdir -p "$TMPD/h"
{
	printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="specialize"><component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">\n'
	i=0; while [ $i -lt 20000 ]; do printf '<ComputerName>web server-${n}</ComputerName>\n'; i=$((i + 1)); done
	printf '</component></settings></unattend>\n'
} >"$TMPD/h/many-unattend.xml"
timeout "$limit" "$VALIDATE" --no-config "$TMPD/h/many-unattend.xml" >"$TMPD/out" 2>&1
check "hostile many: status" 1 $?
check "hostile many: each found" 20000 "$(grep -c '\[computer-name\]' "$TMPD/out")"
{
	printf '{"setComputerName": 1, '
	i=0; while [ $i -lt 20000 ]; do printf '{{ end }}{{ if x }}'; i=$((i + 1)); done
	printf '}\n'
} >"$TMPD/h/LaunchConfig.json"
ends_quickly "hostile JSON directives" "$TMPD/h/LaunchConfig.json"

# hostile: a JSON array line and YAML list-item lines of directives end quickly
awk 'BEGIN { printf "{\"version\": \"1.0\", \"config\": ["; for (i = 0; i < 70000; i++) printf "{{ if x }}\"a\","; print "]}" }' >"$TMPD/h/agent-config.json"
ends_quickly "hostile JSON array of directives" "$TMPD/h/agent-config.json"
awk 'BEGIN { printf "version: 1.0\nconfig:\n- "; for (i = 0; i < 100000; i++) printf "%%{ if a }x"; printf " y: z\n- "; for (i = 0; i < 100000; i++) printf "%%{ if a }x"; print "" }' >"$TMPD/h/agent-config.yml"
ends_quickly "hostile YAML list items of directives" "$TMPD/h/agent-config.yml"

awk 'BEGIN { printf "version: 1.0\nconfig:\n- stage: postReady\n  tasks:\n  - task: executeScript\n    inputs:\n    - frequency: always\n      type: powershell\n      content: |-\n"; for (i = 0; i < 60000; i++) printf "        %%{ if a ~}\n        x\n"; print "" }' >"$TMPD/h/block-agent-config.yml"
ends_quickly "hostile YAML block of directive lines" "$TMPD/h/block-agent-config.yml"

# the class: every rule marked template="fixed-part" is one whose finding the fixed text proves
for f in "$top_srcdir"/schemas/rules/*.xml; do
	grep -o '<rule name="[^"]*"[^>]*template="fixed-part"' "$f" | sed 's/<rule name="\([^"]*\)".*/\1/'
done | sort >"$TMPD/marked"
check "marked rules" "computer-name hostname-chars hostname-length" "$(tr '\n' ' ' <"$TMPD/marked" | sed 's/ $//')"
# a rule table with an unknown template mode is refused
mkdir -p "$TMPD/data/schemas/rules"
cp -R "$top_srcdir/schemas/." "$TMPD/data/schemas/"
cp -R "$top_srcdir/templates" "$TMPD/data/" 2>/dev/null
sed 's/template="fixed-part"/template="whatever"/' "$top_srcdir/schemas/rules/agents.xml" >"$TMPD/data/schemas/rules/agents.xml"
"$VALIDATE" --no-config --data-dir="$TMPD/data" "$TMPD/hlong/agent-config.yml" >"$TMPD/out" 2>&1
check "unknown template mode: status" 2 $?
contains "unknown template mode: message" "template=\"whatever\"" "$TMPD/out"
finish
