# SPDX-License-Identifier: MIT
# Hostile input: each case ends quickly with its documented status and message,
# and nothing from outside the file (a canary) or a secret reaches any output.
. "$top_srcdir/tests/cli/lib.sh"
H=$FILES/hostile
cd "$TMPD" || exit 99
canary=CANARY-$$-7f3a
limit=$((10 * SCALE))
printf '%s\n' "$canary" >canary.txt

# run NAME STATUS NEEDLE ARGS...: within $limit s, with that status, NEEDLE in the output
run() {
	name=$1 want=$2 needle=$3
	shift 3
	timeout "$limit" "$VALIDATE" --no-config "$@" >out 2>&1
	st=$?
	check "$name status" "$want" "$st"
	[ -n "$needle" ] && contains "$name message" "$needle" out
	if grep -q "$canary" out; then not_ok "$name: canary leaked"; else ok; fi
}

run "billion laughs" 1 "[doctype]" "$H/billion-laughs.xml"
run "DTD over the network" 1 "network-dtd.xml:2:1: error: DOCTYPE" "$H/network-dtd.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE unattend [<!ENTITY x SYSTEM "file://%s/canary.txt">]>\n<unattend xmlns="urn:schemas-microsoft-com:unattend">&x;</unattend>\n' "$TMPD" >xxe.xml
run "external entity" 1 "[doctype]" xxe.xml
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:xi="http://www.w3.org/2001/XInclude">\n<xi:include href="%s/canary.txt" parse="text"/>\n</unattend>\n' "$TMPD" >xinclude.xml
run "XInclude is not processed" 0 "" xinclude.xml
{ i=0; while [ $i -lt 100000 ]; do printf '<a>'; i=$((i + 1)); done; } >deep.xml
run "deep XML" 1 "[limit]" --kind=unattend deep.xml
{ i=0; while [ $i -lt 100000 ]; do printf '['; i=$((i + 1)); done; } >deep.json
run "deep JSON" 1 "error" --kind=launchconfig deep.json
{ i=0; while [ $i -lt 5000 ]; do printf -- '- '; i=$((i + 1)); done; echo x; } >deep.yml
run "deep YAML" 1 "[limit]" --kind=agent-config deep.yml
run "YAML alias bomb" 1 "[limit]" --kind=agent-config "$H/yaml-alias-bomb.yml"
run "unpaired surrogate" 1 "unpaired-surrogate.json:3:" --kind=launchconfig "$H/unpaired-surrogate.json"
run "NUL byte" 1 "nul.yml:3:16: error: NUL byte in input [syntax]" --kind=agent-config "$H/nul.yml"
run "invalid UTF-8" 1 "invalid-utf8.xml:2:29: error: invalid UTF-8 byte sequence [syntax]" "$H/invalid-utf8.xml"
{ printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"><!--'; head -c 12000000 /dev/zero | tr '\0' x; printf -- '--></unattend>'; } >huge-comment.xml
run "huge text" 1 "[syntax]" huge-comment.xml
# found by fuzzing (fuzz-unattend, a timeout): many components of mixed
# architectures made the mixed-architecture rule cubic; it is quadratic at most
# now, and the XPath operation limit bounds the rest
arch() {	# arch FILE COUNT NAMES: components of four architectures in one pass
	{ printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="specialize">\n'
	  i=0; while [ $i -lt "$2" ]; do
		case $((i % 4)) in 0) a=amd64 ;; 1) a=x86 ;; 2) a=wow64 ;; *) a=arm64 ;; esac
		[ "$3" = same ] && n=Microsoft-Windows-Shell-Setup || n=C$i
		printf '<component name="%s" processorArchitecture="%s"/>\n' "$n" "$a"; i=$((i + 1))
	  done
	  printf '</settings></unattend>\n'; } >"$1"
}
arch arch-same.xml 400 same
run "many components, mixed architectures" 1 "[duplicate-component]" arch-same.xml
if grep -q "\[limit\]" out; then not_ok "mixed architectures: limit reached at 400"; else ok; fi
# the components without a same-named one of the file's architecture are found
# by sorting (ua:unmatched): 20,000 are findings, not an XPath limit (exit 2 at
# 4,000 before)
arch arch-distinct.xml 20000 distinct
timeout "$limit" "$VALIDATE" --no-config arch-distinct.xml >out 2>err
check "thousands of components, mixed architectures: status (warnings)" 0 $?
check "thousands of components: nothing on standard error" "" "$(cat err)"
check "thousands of components: each odd one found" 10000 "$(grep -c '\[mixed-architecture\]' out)"
contains "thousands of components: the finding" \
    "arch-distinct.xml:3:1: warning: C1 is given only for processorArchitecture x86 in pass specialize" out
contains "the other rules ran" "[unknown-component]" out
truncate -s 65M big.xml
run "input over 64 MiB" 2 "big.xml: file too large (limit 64 MiB)" big.xml
run "missing file" 2 "unattend-validate: nothing.xml: No such file or directory" nothing.xml
mkdir adir
run "directory without a known file" 2 "unattend-validate: adir: no file of a known kind in this directory (see --list-kinds)" adir
mkfifo fifo
run "FIFO" 2 "unattend-validate: fifo: not a regular file" fifo
if [ "$(id -u)" -ne 0 ]; then
	printf '<a/>' >locked.xml && chmod 000 locked.xml
	run "unreadable file" 2 "unattend-validate: locked.xml: Permission denied" locked.xml
fi

# a large scalar repeated by aliases is bounded by its bytes, not only its nodes
{ printf 'version: 1.0\ntasks:\n  - task: writeFile\n    inputs: &a "'; head -c 1048576 /dev/zero | tr '\0' x; printf '"\n'
  i=0; while [ $i -lt 200 ]; do printf '  - task: x\n    inputs: *a\n'; i=$((i + 1)); done; } >alias-bytes.yml
run "YAML alias byte bomb" 1 "more than 64 MiB" --kind=agent-config alias-bytes.yml
# U+0000 that arrives encoded (UTF-16) is named as such
printf '\377\376<\000a\000>\000\000\000<\000/\000a\000>\000' >utf16-nul.xml
run "encoded NUL" 1 "NUL byte in input [syntax]" --kind=unattend utf16-nul.xml
# duplicate rules sort once (ua:dup) instead of comparing every pair: thousands
# of tasks are an ordinary finding, not an XPath limit (exit 2 at 3,000 before)
{ printf '{"version": "1.0", "tasks": ['; i=0; while [ $i -lt 20000 ]; do printf '{"task": "t%d"},' $i; i=$((i + 1)); done; printf '{"task": "t1"}]}'; } >many-tasks.json
timeout "$limit" "$VALIDATE" --no-config --kind=agent-config many-tasks.json >out 2>err
check "huge task list status" 1 $?
contains "huge task list: the duplicate found" "many-tasks.json:1:" out
contains "huge task list: the duplicate named" "Task t1 appears more than once in this task list" out
check "huge task list: one duplicate" 1 "$(grep -c '\[task-duplicate\]' out)"
check "huge task list: nothing on standard error" "" "$(cat err)"
contains "huge task list: the other rules ran" "[value-enum]" out

# each duplicate rule over 10,000 entries: every repeat found, nothing at a limit
many() {	# many FILE HEAD ITEM TAIL
	{ printf '%s' "$2"; i=0; while [ $i -lt 10000 ]; do printf '%s' "$3"; i=$((i + 1)); done; printf '%s' "$4"; } >"$1"
}
dups() {	# dups NAME RULE STATUS ARGS...: 9,999 findings of RULE, that status
	name=$1 rule=$2 want=$3
	shift 3
	timeout "$limit" "$VALIDATE" --no-config "$@" >out 2>err
	check "$name: status" "$want" $?
	check "$name: every repeat" 9999 "$(grep -c "\[$rule\]" out)"
	check "$name: nothing on standard error" "" "$(cat err)"
}
many ud.txt '<powershell>echo</powershell>' '<persist>true</persist>' ''
dups "10,000 user-data tags" userdata-tag-duplicate 1 --kind=user-data ud.txt
many config.xml '<Ec2ConfigurationSettings><Plugins>' '<Plugin><Name>Ec2SetPassword</Name><State>Enabled</State></Plugin>' '</Plugins></Ec2ConfigurationSettings>'
dups "10,000 plug-ins" ec2config-duplicate-plugin 1 --kind=ec2config config.xml
many BundleConfig.xml '<BundleConfig>' '<Property><Name>AutoSysprep</Name><Value>Yes</Value></Property>' '</BundleConfig>'
dups "10,000 properties" bundleconfig-duplicate-property 1 --kind=bundleconfig BundleConfig.xml
many stages.yml 'version: 1.0
config:
' '  - stage: boot
    tasks:
      - task: extendRootPartition
' ''
dups "10,000 stages (warnings)" stage-duplicate 0 --kind=agent-config stages.yml

# a rule that still reaches the XPath limit (here the old pairwise duplicate
# test, in a copy of the data) is tool trouble naming the rule and the limit
mkdir data && cp -R "$UNATTEND_TOOLS_DATADIR/schemas" data/ &&
sed 's|<select>ua:dup(/doc/config/item/tasks/item/task [|] /doc/tasks/item/task, 2)</select>|<select>/doc/tasks/item/task[. = ../preceding-sibling::item/task]</select>|' \
    "$UNATTEND_TOOLS_DATADIR/schemas/rules/agents.xml" >data/schemas/rules/agents.xml
UNATTEND_TOOLS_DATADIR=$TMPD/data timeout "$limit" "$VALIDATE" --no-config --kind=agent-config many-tasks.json >out 2>err
check "a rule at the XPath limit: status" 2 $?
contains "a rule at the XPath limit: the rule and the limit named" \
    "unattend-validate: many-tasks.json: rule task-duplicate could not be evaluated on this file (it reached the XPath limit of 10000000 operations)" err
if grep -q "\[limit\]" out; then not_ok "an evaluation limit blamed on the file"; else ok; fi
contains "a rule at the XPath limit: the other rules ran" "[value-enum]" out

# an empty file of an XML kind is an empty document, not a lack of memory
: >empty.xml
for k in unattend bundleconfig ec2config ec2config-driveletter; do
	run "zero-byte $k" 1 "empty.xml:1:1: error: the document is empty [syntax]" --kind=$k empty.xml
	if grep -q "memory" out; then not_ok "zero-byte $k: blamed on memory"; else ok; fi
done
printf '\n  \n' >empty.json
for k in launchconfig driveletter eventlog; do
	run "whitespace-only $k" 1 "empty.json:3:1: error: the document is empty [syntax]" --kind=$k empty.json
done
# a YAML file of nothing, or of comments and document markers only, is one finding too
: >empty.yml
printf '# only\n\n   # comments\n' >comments.yml
printf -- '--- # a document marker\n# and a comment\n...\n' >markers.yml
for k in agent-config; do
	run "zero-byte YAML $k" 1 "empty.yml:1:1: error: the document is empty [syntax]" --kind=$k empty.yml
	check "zero-byte YAML $k: one finding" 1 "$(wc -l <out | tr -d ' ')"
	run "comments-only YAML $k" 1 "comments.yml:4:1: error: the document is empty [syntax]" --kind=$k comments.yml
	check "comments-only YAML $k: one finding" 1 "$(wc -l <out | tr -d ' ')"
	run "markers-only YAML $k" 1 "markers.yml:4:1: error: the document is empty [syntax]" --kind=$k markers.yml
	check "markers-only YAML $k: one finding" 1 "$(wc -l <out | tr -d ' ')"
done
# user data of comments only is a script form that runs nothing; with a marker it is YAML
run "markers-only YAML user-data" 1 "markers.yml:4:1: error: the document is empty [syntax]" --kind=user-data markers.yml
check "markers-only YAML user-data: one finding" 1 "$(wc -l <out | tr -d ' ')"
mkdir -p yamlset && cp comments.yml yamlset/agent-config.yml
run "comments-only agent-config.yml by its name" 1 "agent-config.yml:4:1: error: the document is empty [syntax]" yamlset/agent-config.yml
# an explicit null is a document, not an empty one
printf '~\n' >null.yml
run "a null YAML document" 1 "[value-type]" --kind=agent-config null.yml
if grep -q "document is empty" out; then not_ok "an explicit null called empty"; else ok; fi
"$DIFF" empty.xml empty.xml >out 2>&1
check "zero-byte diff status" 2 $?
contains "zero-byte diff message" "empty.xml:1:1: error: the document is empty [syntax]" out

# secrets never appear, whatever the format
secret=Sup3r-$$-secret
cat >LaunchConfig.json <<JSON
{
  "setComputerName": "yes",
  "adminPasswordType": "Specify",
  "adminPassword": "$secret",
  "bogus": 1
}
JSON
cat >unattend.xml <<XML
<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="oobeSystem">
<component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
<UserAccounts><AdministratorPassword><Value>$secret</Value><PlainText>true</PlainText></AdministratorPassword>
<LocalAccounts><LocalAccount><Password><Value>$secret</Value><PlainText>maybe</PlainText></Password><Name>a</Name><Group>Administrators</Group></LocalAccount></LocalAccounts></UserAccounts>
</component></settings></unattend>
XML
printf '{"adminPasswordType": "Specify", "adminPassword": "%s\\q"}\n' "$secret" >bad-escape-LaunchConfig.json
for f in text json sarif github; do
	"$VALIDATE" --no-config -f $f LaunchConfig.json unattend.xml bad-escape-LaunchConfig.json >out 2>&1
	check "secrets: $f status" 1 $?
	if grep -q "$secret" out; then not_ok "secret printed in $f"; else ok; fi
done
finish
