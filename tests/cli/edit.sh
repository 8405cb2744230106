# SPDX-License-Identifier: MIT
# unattend-edit, black box: each kind and encoding changes only the lines it edits;
# invalid edits change nothing; -i keeps the mode; secrets; options and exit statuses.
. "$top_srcdir/tests/cli/lib.sh"
EDIT=$top_builddir/unattend-edit
if [ -n "${UA_WRAPPER:-}" ]; then
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$UA_WRAPPER" "$EDIT" >"$TMPD/unattend-edit"
	chmod +x "$TMPD/unattend-edit"
	EDIT=$TMPD/unattend-edit
fi
E=$FILES/edit
W=$TMPD/work
mkdir "$W"
SH=specialize/Microsoft-Windows-Shell-Setup

# lines NAME OLD NEW DELETED ADDED: diff(1) counts of lines taken out and put in
lines() {
	diff "$2" "$3" >"$TMPD/diff"
	check "$1: lines out" "$4" "$(grep -ac "^<" "$TMPD/diff")"
	check "$1: lines in" "$5" "$(grep -ac "^>" "$TMPD/diff")"
}

# edit NAME STATUS ARGS...: runs unattend-edit, output in $TMPD/out and $TMPD/err
edit() {
	name=$1 want=$2
	shift 2
	"$EDIT" "$@" >"$TMPD/out" 2>"$TMPD/err"
	got=$?
	check "$name: status ($(head -c 300 "$TMPD/err"))" "$want" "$got"
}

# --- answer file: CRLF, comments, four spaces, attribute quoting
edit "one setting" 0 --set "$SH/TimeZone=Pacific Standard Time" "$E/unattend.xml"
lines "one setting" "$E/unattend.xml" "$TMPD/out" 1 1
check "one setting: CRLF kept" "            <TimeZone>Pacific Standard Time</TimeZone>$(printf '\r')" \
    "$(grep TimeZone "$TMPD/out")"
check "one setting: nothing on stderr" "" "$(cat "$TMPD/err")"

edit "same value" 0 --set "$SH/RegisteredOwner=Ops & Build" "$E/unattend.xml"
if cmp -s "$E/unattend.xml" "$TMPD/out"; then ok; else not_ok "own value: bytes changed"; fi

edit "missing setting" 0 --set "$SH/RegisteredOrganization=Example" "$E/unattend.xml"
lines "missing setting" "$E/unattend.xml" "$TMPD/out" 0 1
check "missing setting: indented and CRLF" \
    "            <RegisteredOrganization>Example</RegisteredOrganization>$(printf '\r')" \
    "$(grep -a RegisteredOrganization "$TMPD/out")"

edit "missing pass" 0 --set "windowsPE/Microsoft-Windows-Setup/UserData/AcceptEula=true" "$E/unattend.xml"
lines "missing pass" "$E/unattend.xml" "$TMPD/out" 0 7
contains "missing pass: before specialize" '<settings pass="windowsPE">' "$TMPD/out"
check "missing pass: order" "windowsPE specialize oobeSystem" \
    "$(sed -n 's/.*<settings pass="\([A-Za-z]*\)".*/\1/p' "$TMPD/out" | tr -d '\r' | tr '\n' ' ' | sed 's/ $//')"
check "missing pass: new lines are CRLF" 0 "$(grep -c "[^$(printf '\r')]\$" "$TMPD/out")"

edit "list item by key" 0 --set "specialize/Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand[Order=1]/Path=cmd /c echo ONE" "$E/unattend.xml"
lines "list item by key" "$E/unattend.xml" "$TMPD/out" 1 1
edit "new list item" 0 --set "specialize/Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand[Order=2]/Path=cmd /c echo two" "$E/unattend.xml"
lines "new list item" "$E/unattend.xml" "$TMPD/out" 0 4
contains "new list item: key written" "<Order>2</Order>" "$TMPD/out"
edit "list without key" 1 --set "specialize/Microsoft-Windows-Deployment/RunSynchronous/RunSynchronousCommand/Path=x" "$E/unattend.xml"
contains "list without key: says how" "RunSynchronousCommand[Order=VALUE]" "$TMPD/err"

edit "unset" 0 --unset "$SH/ComputerName" --unset "oobeSystem/Microsoft-Windows-Shell-Setup/OOBE" "$E/unattend.xml"
lines "unset" "$E/unattend.xml" "$TMPD/out" 4 0
edit "unset absent" 0 --unset "$SH/ProductKey" "$E/unattend.xml"
if cmp -s "$E/unattend.xml" "$TMPD/out"; then ok; else not_ok "unset absent changed the file"; fi

edit "unknown setting" 1 --set "$SH/TimeZon=UTC" "$E/unattend.xml"
contains "unknown setting: did you mean" "did you mean 'TimeZone'" "$TMPD/err"
check "unknown setting: no output" "" "$(cat "$TMPD/out")"
edit "unknown pass" 1 --set "specialise/Microsoft-Windows-Shell-Setup/TimeZone=UTC" "$E/unattend.xml"
contains "unknown pass: did you mean" "did you mean 'specialize'" "$TMPD/err"
edit "bad value" 1 --set "$SH/CopyProfile=maybe" "$E/unattend.xml"
contains "bad value: the finding" "is not a boolean" "$TMPD/err"
contains "bad value: refused" "nothing changed" "$TMPD/err"

# components by architecture; a new pass goes before the comment about the next one
edit "architecture" 0 --set "specialize/Microsoft-Windows-Shell-Setup[x86]/TimeZone=UTC" "$E/unattend.xml"
lines "architecture" "$E/unattend.xml" "$TMPD/out" 0 3
contains "architecture: new component" 'name="Microsoft-Windows-Shell-Setup" processorArchitecture="x86"' "$TMPD/out"
edit "architecture of an existing one" 0 --set "specialize/Microsoft-Windows-Shell-Setup[amd64]/TimeZone=Tokyo Standard Time" "$E/unattend.xml"
lines "architecture of an existing one" "$E/unattend.xml" "$TMPD/out" 1 1
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n  <!-- about specialize -->\n  <settings pass="specialize">\n  </settings>\n</unattend>\n' >"$W/c.xml"
edit "comment stays with its pass" 0 --set "windowsPE/Microsoft-Windows-Setup/UserData/AcceptEula=true" "$W/c.xml"
check "comment stays with its pass" '  <!-- about specialize -->
  <settings pass="specialize">' "$(grep -A1 'about specialize' "$TMPD/out")"

# a time zone the validator knows to be wrong is refused with its suggestion
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="specialize"><component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS"><TimeZone>Pacific Standrd Time</TimeZone></component></settings></unattend>\n' >"$W/tz.xml"
if "$VALIDATE" --no-config "$W/tz.xml" >/dev/null 2>&1; then
	echo "SKIP: the validator does not check time zone values yet"
else
	edit "bad time zone" 1 --set "$SH/TimeZone=Pacific Standrd Time" "$E/unattend.xml"
	contains "bad time zone: did you mean" "did you mean 'Pacific Standard Time'" "$TMPD/err"
fi

# unattend-gen --from edits through the same engine: CRLF and comments kept
(cd "$W" && "$GEN" --from="$E/unattend.xml" --timezone='Tokyo Standard Time' >"$TMPD/out" 2>"$TMPD/err")
check "gen --from: status" 0 $?
lines "gen --from" "$E/unattend.xml" "$TMPD/out" 1 2
check "gen --from: CRLF kept" 0 "$(grep -c "[^$(printf '\r')]\$" "$TMPD/out")"

# an error already in the file does not block an unrelated edit, nor is it reported
edit "old error" 0 --set "$SH/TimeZone=Pacific Standard Time" "$E/broken-value.xml"
lines "old error" "$E/broken-value.xml" "$TMPD/out" 1 1
check "old error: not reported" "" "$(cat "$TMPD/err")"

# ... even when its message names a line the edit moves
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n  <settings pass="specialize">\n    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">\n      <TimeZone>UTC</TimeZone>\n      <TimeZone>UTC</TimeZone>\n    </component>\n  </settings>\n</unattend>\n' >"$W/dup.xml"
edit "old error naming a line" 0 --set "windowsPE/Microsoft-Windows-Setup/UserData/AcceptEula=true" "$W/dup.xml"
lines "old error naming a line" "$W/dup.xml" "$TMPD/out" 0 7

# --- encodings: UTF-8 with a byte order mark, UTF-16 both ways
{ printf '\357\273\277'; cat "$E/unattend.xml"; } >"$W/bom.xml"
edit "BOM" 0 --set "$SH/TimeZone=Tokyo Standard Time" "$W/bom.xml"
check "BOM: kept" "efbbbf3c" "$(head -c 4 "$TMPD/out" | od -An -tx1 | tr -d ' \n')"
lines "BOM" "$W/bom.xml" "$TMPD/out" 1 1
for enc in UTF-16LE UTF-16BE; do
	bom=$(printf '\376\377' | iconv -f UTF-16BE -t "$enc" | od -An -to1 | tr -d ' \n' | sed 's/\([0-7]\{3\}\)/\\\1/g')
	{ printf "$bom"; sed 's/encoding="utf-8"/encoding="utf-16"/' "$E/unattend.xml" | iconv -f UTF-8 -t "$enc"; } >"$W/u16.xml"
	edit "$enc" 0 --set "$SH/TimeZone=Tokyo Standard Time" --set "$SH/RegisteredOrganization=Caf$(printf '\303\251')" "$W/u16.xml"
	check "$enc: BOM kept" "$(head -c 2 "$W/u16.xml" | od -An -tx1)" "$(head -c 2 "$TMPD/out" | od -An -tx1)"
	iconv -f UTF-16 -t UTF-8 "$W/u16.xml" >"$W/a.xml"
	iconv -f UTF-16 -t UTF-8 "$TMPD/out" >"$W/b.xml"
	lines "$enc" "$W/a.xml" "$W/b.xml" 1 2
	contains "$enc: new text encoded" "Café" "$W/b.xml"
done

# an encoding the XML declaration names: kept, and a character it lacks is refused
sed 's/encoding="utf-8"/encoding="ISO-8859-1"/; s/Ops &amp; Build/Op\xe9rations/' "$E/unattend.xml" >"$W/l1.xml"
edit "ISO-8859-1" 0 --set "$SH/TimeZone=Tokyo Standard Time" --set "$SH/RegisteredOrganization=Soci$(printf '\303\251')t$(printf '\303\251')" "$W/l1.xml"
lines "ISO-8859-1" "$W/l1.xml" "$TMPD/out" 1 2
check "ISO-8859-1: written in it" "            <RegisteredOrganization>Soci$(printf '\351')t$(printf '\351')</RegisteredOrganization>$(printf '\r')" \
    "$(grep -a RegisteredOrganization "$TMPD/out")"
edit "ISO-8859-1: no euro sign" 1 --set "$SH/RegisteredOrganization=$(printf '\342\202\254')" "$W/l1.xml"
contains "ISO-8859-1: says why" "no place in the file's encoding" "$TMPD/err"

# --- -i: atomic, keeps the mode; an invalid edit leaves the file untouched
cp "$E/unattend.xml" "$W/in.xml"
chmod 640 "$W/in.xml"
edit "-i" 0 -i --set "$SH/TimeZone=Pacific Standard Time" "$W/in.xml"
check "-i: no output" "" "$(cat "$TMPD/out")"
check "-i: mode kept" 640 "$(stat -c %a "$W/in.xml")"
lines "-i" "$E/unattend.xml" "$W/in.xml" 1 1
cp "$W/in.xml" "$W/before.xml"
edit "-i invalid" 1 -i --set "$SH/CopyProfile=maybe" --set "$SH/TimeZone=UTC" "$W/in.xml"
if cmp -s "$W/before.xml" "$W/in.xml"; then ok; else not_ok "-i invalid: file changed"; fi
check "-i invalid: mode kept" 640 "$(stat -c %a "$W/in.xml")"
check "-i invalid: no temporary left" "before.xml in.xml" "$(cd "$W" && ls -A | grep -v -e u16 -e bom -e "^[ab].xml" -e "^c.xml" -e "^tz.xml" -e "^dup.xml" -e "^l1.xml" | tr '\n' ' ' | sed 's/ $//')"
if [ "$(id -u)" = 0 ]; then
	cp "$E/unattend.xml" "$W/owned.xml"
	chown 65534:65534 "$W/owned.xml"
	edit "-i as root" 0 -i --set "$SH/TimeZone=UTC" "$W/owned.xml"
	check "-i: owner kept" "65534:65534" "$(stat -c %u:%g "$W/owned.xml")"
fi
cp "$E/unattend.xml" "$W/target.xml"
ln -s target.xml "$W/link.xml"
edit "-i through a symbolic link" 0 -i --set "$SH/TimeZone=Tokyo Standard Time" "$W/link.xml"
check "-i: the link stays a link" "target.xml" "$(readlink "$W/link.xml")"
contains "-i: the file it names is edited" "Tokyo Standard Time" "$W/target.xml"
edit "-o" 0 -o "$W/new.xml" --set "$SH/TimeZone=UTC" "$W/in.xml"
lines "-o" "$W/in.xml" "$W/new.xml" 1 1

# --- secrets: only from a file or the environment, obscured, 0600, never printed
PW='Edit-Canary-7;x'
export PW
edit "secret on the command line" 1 --set "oobeSystem/Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword/Value=$PW" "$E/unattend.xml"
contains "secret on the command line: says so" "from a file or the environment" "$TMPD/err"
edit "secret to stdout" 2 --set-env "oobeSystem/Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword/Value=PW" "$E/unattend.xml"
cp "$E/unattend.xml" "$W/pw.xml"
chmod 644 "$W/pw.xml"
edit "secret -i" 0 -i --set-env "oobeSystem/Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword/Value=PW" "$W/pw.xml"
check "secret -i: 0600" 600 "$(stat -c %a "$W/pw.xml")"
contains "secret -i: PlainText false" "<PlainText>false</PlainText>" "$W/pw.xml"
if grep -q "$PW" "$W/pw.xml" "$TMPD/out" "$TMPD/err"; then not_ok "secret in clear"; else ok; fi
contains "secret -i: obscured as Windows decodes it" \
    "$(printf '%sAdministratorPassword' "$PW" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)" "$W/pw.xml"
printf '%s\n' "$PW" >"$W/pwfile"
cp "$E/LaunchConfig.json" "$W/LaunchConfig.json"
edit "secret file, refused by the rules" 1 -i --set adminPasswordType=Specify --set-file "adminPassword=$W/pwfile" "$W/LaunchConfig.json"
if grep -q "$PW" "$TMPD/err" "$W/LaunchConfig.json"; then not_ok "JSON secret printed or written"; else ok; fi

# --- LaunchConfig.json: key order and spacing
edit "json one key" 0 --set setWallpaper=false "$E/LaunchConfig.json"
lines "json one key" "$E/LaunchConfig.json" "$TMPD/out" 1 1
check "json one key: literal kept" '  "setWallpaper": false,' "$(grep setWallpaper "$TMPD/out")"
edit "json string" 0 --set adminPasswordType=DoNothing "$E/LaunchConfig.json"
check "json string: quoted" '  "adminPasswordType": "DoNothing"' "$(grep adminPasswordType "$TMPD/out")"
edit "json wrong type" 1 --set setWallpaper=sometimes "$E/LaunchConfig.json"
edit "json unset" 0 --unset handleUserData "$E/LaunchConfig.json"
lines "json unset" "$E/LaunchConfig.json" "$TMPD/out" 1 0
printf '{"setWallpaper": true}\n' >"$W/LaunchConfig.json"
edit "json add to one line" 0 --set setMonitorAlwaysOn=false "$W/LaunchConfig.json"
check "json add to one line" '{"setWallpaper": true, "setMonitorAlwaysOn": false}' "$(cat "$TMPD/out")"

# the other JSON kinds: array items by index, numbers stay numbers
D=$(echo "$FILES"/agents/driveletter/good-default/*.json)
edit "json array item" 0 --set driveLetterMapping/0/driveLetter=G "$D"
lines "json array item" "$D" "$TMPD/out" 1 1
edit "json array item out of range" 1 --set driveLetterMapping/5/driveLetter=G "$D"
V=$(echo "$FILES"/agents/eventlog/good-default/*.json)
edit "json number" 0 --set events/1/numEntries=10 "$V"
check "json number: bare" '      "numEntries": 10' "$(grep '"numEntries": 10' "$TMPD/out")"
lines "json number" "$V" "$TMPD/out" 1 1
edit "json item unset" 0 --unset events/1 "$V"
lines "json item unset" "$V" "$TMPD/out" 5 0

# --- agent-config.yml: quoting, comments, tasks
Y=$E/agent-config.yml
edit "yaml plain" 0 --set postReady/setHostName/reboot=false "$Y"
lines "yaml plain" "$Y" "$TMPD/out" 1 1
check "yaml plain: comment kept" "      reboot: false   # restart after the rename" "$(grep reboot "$TMPD/out")"
edit "yaml quoted" 0 --set postReady/setHostName/hostName=web-02 --set "preReady/setAdminAccount/name=Admin's" "$Y"
check "yaml double quotes kept" '      hostName: "web-02"' "$(grep hostName "$TMPD/out")"
check "yaml single quotes kept" "      name: 'Admin''s'" "$(grep 'name:' "$TMPD/out" | head -1)"
grep -v reboot "$Y" >"$W/agent-config.yml"
edit "yaml new input" 0 --set postReady/setHostName/reboot=true "$W/agent-config.yml"
lines "yaml new input" "$W/agent-config.yml" "$TMPD/out" 0 1
check "yaml new input: indented as its siblings" "      reboot: true" "$(grep reboot "$TMPD/out")"
A=$FILES/agents/agent-config/good-all-tasks/agent-config.yml
edit "yaml block scalar" 0 --set "postReady/executeScript/0/content=Get-Date
Write-Host done" "$A"
lines "yaml block scalar" "$A" "$TMPD/out" 1 2
contains "yaml block scalar: literal, indented as before" "              Write-Host done" "$TMPD/out"
edit "yaml list input" 0 --set "postReady/executeScript/1/runAs=admin" --set "preReady/setDnsSuffix/suffixes/2=corp.example.org" "$A"
lines "yaml list input" "$A" "$TMPD/out" 2 2
edit "add task" 0 --add-task postReady/optimizeEna \
    --add-task 'postReady/executeScript:frequency=once,type=powershell,runAs=localSystem,content=Write-Host one\, two' "$Y"
lines "add task" "$Y" "$TMPD/out" 0 7
cp "$TMPD/out" "$W/agent-config.yml"
"$DIFF" "$Y" "$W/agent-config.yml" >"$TMPD/diff"
contains "add task: parses into its stage" "+ config[stage=postReady]/tasks[task=optimizeEna]" "$TMPD/diff"
contains "add task: list inputs" "content: \"Write-Host one, two\"" "$TMPD/diff"
sed '7,17d' "$Y" >"$W/agent-config.yml"
edit "add task, new stage" 0 --add-task preReady/enableOpenSsh "$W/agent-config.yml"
lines "add task, new stage" "$W/agent-config.yml" "$TMPD/out" 0 3
check "new stage in order" "boot preReady postReady" \
    "$(sed -n 's/^- stage: //p' "$TMPD/out" | tr '\n' ' ' | sed 's/ $//')"
edit "add task in the wrong stage" 1 --add-task boot/optimizeEna "$Y"
contains "wrong stage: the finding" "not allowed in stage boot" "$TMPD/err"
edit "add task with inputs it has not" 1 --add-task 'postReady/optimizeEna:a=b' "$Y"
edit "remove task" 0 --remove-task boot/extendRootPartition "$Y"
lines "remove task" "$Y" "$TMPD/out" 2 1
contains "remove task: empty list" "  tasks: []" "$TMPD/out"
edit "tasks in json" 1 --add-task postReady/optimizeEna "$E/LaunchConfig.json"

# --- EC2Config config.xml and BundleConfig.xml
edit "plugin" 0 --set Ec2SetPassword=Enabled --set ManageShutdown=false "$E/Config.xml"
lines "plugin" "$E/Config.xml" "$TMPD/out" 2 2
edit "plugin unknown" 1 --set Ec2Nothing=Enabled "$E/Config.xml"
edit "plugin bad state" 1 --set Ec2SetPassword=On "$E/Config.xml"
edit "bundle" 0 --set AutoSysprep=Yes "$E/BundleConfig.xml"
lines "bundle" "$E/BundleConfig.xml" "$TMPD/out" 1 1
edit "bundle unset" 0 --unset SetRDPCertificate "$E/BundleConfig.xml"
lines "bundle unset" "$E/BundleConfig.xml" "$TMPD/out" 4 0

# --- options and exit statuses
edit "--help" 0 --help
contains "--help: usage" "usage: unattend-edit" "$TMPD/out"
edit "--version" 0 --version
contains "--version" "unattend-edit" "$TMPD/out"
edit "unknown option" 2 --frobnicate "$Y"
contains "unknown option: usage" "usage:" "$TMPD/err"
edit "no operand" 2 --set a=b
edit "two operands" 2 "$Y" "$Y"
edit "--set without =" 2 --set novalue "$Y"
edit "-i with -o" 2 -i -o x "$Y"
edit "missing file" 2 --set a=b "$W/no-such-file.xml"
printf '<unattend' >"$W/bad.xml"
edit "does not parse" 2 --set "$SH/TimeZone=UTC" "$W/bad.xml"
edit "-o into no directory" 2 -o "$W/no/such/dir/x.yml" --set version=1.0 "$Y"
edit "-o onto a device" 2 -o /dev/null --set version=1.1 "$Y"
edit "no edits" 0 "$Y"
if cmp -s "$Y" "$TMPD/out"; then ok; else not_ok "no edits: output differs"; fi

finish
