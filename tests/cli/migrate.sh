# SPDX-License-Identifier: MIT
# unattend-migrate: EC2Config and EC2Launch v1 sets to EC2Launch v2 (tests/files/migrate),
# each of AWS's eleven documented rules, --like-aws, --device, the report, secrets, refusal.
. "$top_srcdir/tests/cli/lib.sh"
MIGRATE=$top_builddir/unattend-migrate
[ -n "${UA_WRAPPER:-}" ] && {
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$UA_WRAPPER" "$MIGRATE" >"$TMPD/unattend-migrate"
	chmod +x "$TMPD/unattend-migrate"; MIGRATE=$TMPD/unattend-migrate; }
M=$FILES/migrate
PW=Canary-Pw-7781

# --- options and exit statuses
"$MIGRATE" --help >"$TMPD/out" 2>&1; check "--help" 0 $?
contains "--help is the usage" "usage: unattend-migrate" "$TMPD/out"
"$MIGRATE" --version >"$TMPD/out" 2>&1; check "--version" 0 $?
"$MIGRATE" --bogus "$M/ec2launch" >"$TMPD/out" 2>&1; check "unknown option" 2 $?
"$MIGRATE" >"$TMPD/out" 2>&1; check "no operand" 2 $?
"$MIGRATE" --format=yaml "$M/ec2launch" >"$TMPD/out" 2>&1; check "unknown format" 2 $?
"$MIGRATE" "$TMPD/nonexistent" >"$TMPD/out" 2>&1; check "missing directory" 2 $?
"$MIGRATE" --device=nolabel "$M/ec2launch" >"$TMPD/out" 2>&1; check "--device without =" 2 $?
"$GEN" -o "$TMPD/v2set" --agent=ec2launch-v2 >/dev/null 2>&1
"$MIGRATE" "$TMPD/v2set" >"$TMPD/out" 2>&1; check "a v2 set is not migrated" 2 $?
contains "a v2 set: says so" "already EC2Launch v2" "$TMPD/out"

# --- EC2Launch v1: the whole set, written
"$MIGRATE" -o "$TMPD/v1" "$M/ec2launch" >"$TMPD/report" 2>"$TMPD/err"
check "EC2Launch v1 set migrates" 0 $?
mode=$(stat -c %a "$TMPD/v1/agent-config.yml")
check "agent-config.yml with the static password is 0600" 600 "$mode"
contains "the static password moved into agent-config.yml (AWS's mapping)" "data: $PW" "$TMPD/v1/agent-config.yml"
contains "the clear text is flagged" "cleartext-password" "$TMPD/err"
if grep -q "$PW" "$TMPD/report" "$TMPD/err"; then not_ok "the password reached the report or the terminal"; else ok; fi
contains "EventLogConfig.json is dropped" "EventLogConfig.json:3: events System: dropped" "$TMPD/report"
contains "a drive letter needs input" "driveLetterMapping Data: needs-input" "$TMPD/report"
contains "with the initializeVolume skeleton to fill in" "{initialize: devices, devices: [{device: DEVICE, letter: D, name: Data}]}" "$TMPD/report"
contains "v1's specialize script leaves the answer file" "RunSynchronousCommand[Order=2]: dropped" "$TMPD/report"
for k in setComputerName setMonitorAlwaysOn setWallpaper addDnsSuffixList extendBootVolumeSize handleUserData adminPasswordType adminPassword; do
	contains "every LaunchConfig.json setting is reported: $k" "LaunchConfig.json:" "$TMPD/report"
	grep -q "LaunchConfig.json:[0-9]*: $k: " "$TMPD/report" && ok || not_ok "no report entry for $k"
done
"$VALIDATE" --no-config --disable=cleartext-password "$TMPD/v1" >"$TMPD/out" 2>&1
check "the written set validates (the clear-text password aside)" 0 $?
# JSON: every entry has the fields, statuses from the three words, no password
"$MIGRATE" --format=json "$M/ec2launch" >"$TMPD/report.json" 2>/dev/null
check "json report" 0 $?
if [ -x "${PYTHON3:-}" ]; then
	"$PYTHON3" - "$TMPD/report.json" >"$TMPD/out" 2>&1 <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
assert len(v) > 20, len(v)
for e in v:
    assert set(e) <= {'file', 'line', 'setting', 'status', 'target', 'reason'}, e
    assert {'file', 'line', 'setting', 'status', 'reason'} <= set(e), e
    assert e['status'] in ('mapped', 'needs-input', 'dropped'), e
    assert e['status'] == 'dropped' or 'target' in e or e['status'] == 'needs-input', e
print('ok')
PY
	contains "json report entries" "ok" "$TMPD/out"
fi
if grep -q "$PW" "$TMPD/report.json"; then not_ok "the password reached the JSON report"; else ok; fi
# unattend-diff of the old and the new answer file: only what the report dropped
"$DIFF" "$M/ec2launch/Unattend.xml" "$TMPD/v1/unattend.xml" >"$TMPD/diff" 2>&1
grep -v '^- ' "$TMPD/diff" >"$TMPD/other"
check "the answer file lost only items (no other difference)" "" "$(cat "$TMPD/other")"
while IFS= read -r l; do
	item=$(printf '%s\n' "$l" | sed -n 's/.*\(RunSynchronousCommand\[Order=[0-9]*\]\).*/\1/p')
	line=$(printf '%s\n' "$l" | sed -n 's/.*Unattend\.xml:\([0-9]*\))$/\1/p')
	grep -qF "Unattend.xml:$line: specialize/Microsoft-Windows-Deployment/RunSynchronous/$item: dropped" "$TMPD/report" &&
	    ok || not_ok "removed but not reported dropped at the same line: $l"
done <"$TMPD/diff"

# --- --device answers a drive-letter question
"$MIGRATE" -o "$TMPD/v1dev" --device=Data=xvdb --device=logs=xvdc "$M/ec2launch" >"$TMPD/report" 2>/dev/null
check "--device run" 0 $?
contains "--device: reported mapped" "driveLetterMapping Data: mapped -> postReady/initializeVolume devices: xvdb" "$TMPD/report"
contains "--device: written" "- device: xvdb" "$TMPD/v1dev/agent-config.yml"
contains "--device: with its letter" "letter: L" "$TMPD/v1dev/agent-config.yml"

# --- EC2Config: the whole set
"$MIGRATE" -o "$TMPD/ec2c" "$M/ec2config" >"$TMPD/report" 2>"$TMPD/err"
check "EC2Config set migrates" 0 $?
contains "ScramblePassword leaves the answer file" "RunSynchronousCommand[Order=2]: dropped" "$TMPD/report"
contains "BundleConfig.xml is reported" "BundleConfig.xml:6: AutoSysprep: mapped" "$TMPD/report"
contains "DriveLetterConfig.xml is reported" "DriveLetterConfig.xml:4: Mapping Data: needs-input" "$TMPD/report"
if grep -q 'Ec2ConfigService' "$TMPD/ec2c/unattend.xml"; then not_ok "EC2Config's paths are still in unattend.xml"; else ok; fi
"$VALIDATE" --no-config "$TMPD/ec2c" >"$TMPD/out" 2>&1
check "the written EC2Config migration validates as a set" 0 $?
# --like-aws: differs from the default only where the report says why
"$MIGRATE" --like-aws -o "$TMPD/ec2c-aws" "$M/ec2config" >"$TMPD/report-aws" 2>/dev/null
check "--like-aws run" 0 $?
contains "--like-aws: Ec2InitializeDrives is not AWS's" "Ec2InitializeDrives: dropped: --like-aws" "$TMPD/report-aws"
if grep -q initializeVolume "$TMPD/ec2c-aws/agent-config.yml"; then not_ok "--like-aws wrote initializeVolume"; else ok; fi
contains "default: Ec2InitializeDrives mapped" "initialize: all" "$TMPD/ec2c/agent-config.yml"
paste -d '\n' "$TMPD/report" "$TMPD/report-aws" | awk 'NR % 2 == 1 { a = $0; next } a != $0 && $0 !~ /: dropped: --like-aws: / { print "differs without a reason: " a " | " $0 }' >"$TMPD/out"
check "--like-aws differs only with its reason" "" "$(cat "$TMPD/out")"

# --- AWS's eleven documented rules, one set each
ec2config_set() {	# DIR PLUGIN=STATE... [dns=true|false]: config.xml and the fixture's sysprep2008.xml
	d=$1; shift
	mkdir -p "$d"
	cp "$M/ec2config/sysprep2008.xml" "$d/"
	{
		printf '<?xml version="1.0" encoding="utf-8"?>\n<Ec2ConfigurationSettings>\n  <Plugins>\n'
		for a in "$@"; do
			case $a in dns=*) continue ;; esac
			printf '    <Plugin>\n      <Name>%s</Name>\n      <State>%s</State>\n    </Plugin>\n' "${a%%=*}" "${a#*=}"
		done
		printf '  </Plugins>\n  <GlobalSettings>\n'
		for a in "$@"; do
			case $a in dns=*) printf '    <SetDnsSuffixList>%s</SetDnsSuffixList>\n' "${a#dns=}" ;; esac
		done
		printf '  </GlobalSettings>\n</Ec2ConfigurationSettings>\n'
	} >"$d/config.xml"
}
launchconfig_set() {	# DIR JSON-MEMBERS: LaunchConfig.json and the fixture's Unattend.xml
	mkdir -p "$1"
	cp "$M/ec2launch/Unattend.xml" "$1/"
	printf '{\n  %s\n}\n' "$2" >"$1/LaunchConfig.json"
}
rule() {	# NAME DIR has|lacks TEXT
	"$MIGRATE" -o "$2.out" "$2" >"$TMPD/rule.out" 2>&1
	check "rule $1: migrates" 0 $?
	if [ "$3" = has ]; then contains "rule $1" "$4" "$2.out/agent-config.yml"
	elif grep -q -- "$4" "$2.out/agent-config.yml"; then not_ok "rule $1: $4 is there"; else ok; fi
}
ec2config_set "$TMPD/r1" Ec2DynamicBootVolumeSize=Disabled
rule "Ec2DynamicBootVolumeSize false: no extendRootPartition" "$TMPD/r1" lacks extendRootPartition
ec2config_set "$TMPD/r1b" Ec2DynamicBootVolumeSize=Enabled
rule "Ec2DynamicBootVolumeSize true: extendRootPartition" "$TMPD/r1b" has extendRootPartition
ec2config_set "$TMPD/r2" Ec2SetPassword=Enabled
rule "Ec2SetPassword Enabled: random" "$TMPD/r2" has "type: random"
ec2config_set "$TMPD/r3" Ec2SetPassword=Disabled
"$MIGRATE" -o "$TMPD/r3.out" "$TMPD/r3" >"$TMPD/out" 2>&1
check "rule Ec2SetPassword Disabled (doNothing) without a password in the answer file: refused" 1 $?
contains "the refusal names the lockout" "set-password" "$TMPD/out"
[ -e "$TMPD/r3.out" ] && not_ok "a refused migration made its directory" || ok
printf 'Pw-For-Test-1' >"$TMPD/pwfile"
"$top_builddir/unattend-edit" -i \
    --set-file="oobeSystem/Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword/Value=$TMPD/pwfile" \
    "$TMPD/r3/sysprep2008.xml" >"$TMPD/out" 2>&1
check "a hidden password added to the answer file ($(cat "$TMPD/out"))" 0 $?
rule "Ec2SetPassword Disabled: doNothing (a hidden password in the answer file)" "$TMPD/r3" has "type: doNothing"
if grep -q "Pw-For-Test-1" "$TMPD/rule.out"; then not_ok "the answer file's password was printed"; else ok; fi
ec2config_set "$TMPD/r4" dns=false
rule "SetDnsSuffixList false: no setDnsSuffix" "$TMPD/r4" lacks setDnsSuffix
ec2config_set "$TMPD/r4b" dns=true
rule "SetDnsSuffixList true: setDnsSuffix" "$TMPD/r4b" has setDnsSuffix
ec2config_set "$TMPD/r5" Ec2SetComputerName=Enabled
rule "Ec2SetComputerName true: setHostName" "$TMPD/r5" has "task: setHostName"
ec2config_set "$TMPD/r5b" Ec2SetComputerName=Disabled
rule "Ec2SetComputerName false: no setHostName" "$TMPD/r5b" lacks setHostName
launchconfig_set "$TMPD/r6" '"extendBootVolumeSize": false'
rule "extendBootVolumeSize false: no extendRootPartition" "$TMPD/r6" lacks extendRootPartition
launchconfig_set "$TMPD/r7" '"adminPasswordType": "Random"'
rule "adminPasswordType Random: random" "$TMPD/r7" has "type: random"
launchconfig_set "$TMPD/r8" "\"adminPasswordType\": \"Specify\", \"adminPassword\": \"$PW\""
rule "adminPasswordType Specify: static with the password" "$TMPD/r8" has "type: static"
contains "rule Specify: the data" "data: $PW" "$TMPD/r8.out/agent-config.yml"
launchconfig_set "$TMPD/r9" '"setWallpaper": false'
rule "setWallpaper false: no setWallpaper" "$TMPD/r9" lacks setWallpaper
launchconfig_set "$TMPD/r10" '"addDnsSuffixList": false'
rule "addDnsSuffixList false: no setDnsSuffix" "$TMPD/r10" lacks setDnsSuffix
launchconfig_set "$TMPD/r11" '"setComputerName": true'
rule "setComputerName true: setHostName" "$TMPD/r11" has "task: setHostName"
launchconfig_set "$TMPD/r11b" '"setComputerName": false'
rule "setComputerName false: no setHostName" "$TMPD/r11b" lacks setHostName
# the source agent is told by the files; --from-agent overrides (and a wrong one is trouble)
"$MIGRATE" --from-agent=ec2launch-v2 "$TMPD/r11" >"$TMPD/out" 2>&1
check "--from-agent=ec2launch-v2 is trouble" 2 $?
# files instead of a directory
"$MIGRATE" "$TMPD/r11/LaunchConfig.json" "$TMPD/r11/Unattend.xml" >"$TMPD/out" 2>&1
check "files as operands" 0 $?
# a source file that does not parse: trouble, nothing written
printf '{ "adminPasswordType": ' >"$TMPD/r7/LaunchConfig.json"
"$MIGRATE" -o "$TMPD/broken.out" "$TMPD/r7" >"$TMPD/out" 2>&1
check "a broken source file is trouble" 2 $?
[ -e "$TMPD/broken.out" ] && not_ok "a broken source made its output directory" || ok
# --- a password type EC2Launch v1 does not read is not taken for Encrypted
mkdir "$TMPD/pwtype"
printf '{\n  "setComputerName": false,\n  "adminPasswordType": "Random | Specify | DoNothing"\n}\n' \
    >"$TMPD/pwtype/LaunchConfig.json"
printf '{\n  "setComputerName": false,\n  "adminPasswordType": "encrypted"\n}\n' >"$TMPD/pwtype-enc.json"
"$MIGRATE" "$TMPD/pwtype" >"$TMPD/report" 2>&1
check "an unknown password type is the source's error: refused" 1 $?
"$MIGRATE" --allow-source-errors "$TMPD/pwtype" >"$TMPD/report" 2>&1
contains "an unknown password type: needs input" "LaunchConfig.json:3: adminPasswordType: needs-input" "$TMPD/report"
contains "an unknown password type: why" "not a password type EC2Launch v1 reads" "$TMPD/report"
if grep -q "encrypted" "$TMPD/report"; then not_ok "an unknown password type blamed on encryption: $(cat "$TMPD/report")"; else ok; fi
cp "$TMPD/pwtype-enc.json" "$TMPD/pwtype/LaunchConfig.json"
"$MIGRATE" "$TMPD/pwtype" >"$TMPD/report" 2>&1
contains "Encrypted (any case): needs input for encryption" "EC2Launch v2 documents no encrypted password type" "$TMPD/report"

# --- a source with errors: its findings (file:line:col) and a refusal, nothing written;
# --allow-source-errors migrates it with them as warnings, the new set still validated
mkdir -p "$TMPD/bad"
cp "$M/ec2launch/"* "$TMPD/bad/"
printf '{\n  "setComputerName": "yes",\n  "setWallpaper": false,\n  "adminPasswordType": "Sometimes"\n}\n' \
    >"$TMPD/bad/LaunchConfig.json"
"$MIGRATE" -o "$TMPD/bad.out" "$TMPD/bad" >"$TMPD/report" 2>"$TMPD/err"
check "a source with errors: refused" 1 $?
contains "the non-boolean at its line and column" "LaunchConfig.json:2:3: error: setComputerName" "$TMPD/err"
contains "the bad password type at its line and column" "LaunchConfig.json:4:3: error: adminPasswordType" "$TMPD/err"
contains "the refusal says why" "refused: the source has errors" "$TMPD/err"
[ -e "$TMPD/bad.out" ] && not_ok "a refused source made its directory" || ok
"$MIGRATE" -q "$TMPD/bad/LaunchConfig.json" >"$TMPD/report" 2>"$TMPD/err"
check "a source file with errors given as a file: refused" 1 $?
contains "given as a file: the finding" "LaunchConfig.json:2:3: error: setComputerName" "$TMPD/err"
"$MIGRATE" -o "$TMPD/bad.out" --allow-source-errors "$TMPD/bad" >"$TMPD/report" 2>"$TMPD/err"
check "--allow-source-errors: migrated" 0 $?
contains "--allow-source-errors: the finding as a warning" "LaunchConfig.json:2:3: warning: setComputerName" "$TMPD/err"
check "--allow-source-errors: no error line" 0 "$(grep -c ': error: ' "$TMPD/err")"
[ -f "$TMPD/bad.out/agent-config.yml" ] && ok || not_ok "--allow-source-errors wrote nothing"
# the static password of the fixture is no source error: it is carried as AWS's tool carries it
"$MIGRATE" "$M/ec2launch" >"$TMPD/report" 2>"$TMPD/err"
check "a clear-text source password is not refused" 0 $?
check "nor reported as the source's error" 0 "$(grep -c 'LaunchConfig.json:[0-9]*:[0-9]*: error' "$TMPD/err")"

finish
