# SPDX-License-Identifier: MIT
# Secrets never show: a value is masked where a message quotes it (the message's
# own words stay whole), in every tool and format; parse errors say where, not what;
# unattend-gen keeps secrets off the command line, out of stdout and in 0600 files.
. "$top_srcdir/tests/cli/lib.sh"
cd "$TMPD" || exit 99
CA='processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS"'

# lacks NAME NEEDLE FILE
lacks() {
	if grep -qF -- "$1" "$3" 2>/dev/null; then not_ok "$2: '$1' shown in $(cat "$3")"; else ok; fi
}

# validate_all NAME ARGS...: every format of unattend-validate into out.FORMAT
validate_all() {
	for f in text json sarif github; do
		"$VALIDATE" --no-config -f "$f" "$@" >"out.$f" 2>&1
	done
}

## Masking at quote time: a password that is a word (or a letter) of a message.
printf '{"adminPasswordType": "Random", "adminPassword": "Password"}\n' >LaunchConfig.json
validate_all LaunchConfig.json
for f in text json sarif github; do
	contains "adminPassword 'Password', $f" \
	    "adminPassword is used only when adminPasswordType is Specify (it is Random)" "out.$f"
	lacks "********" "adminPassword 'Password', $f: no mask in the words" "out.$f"
done
cat >agent-config.yml <<'X'
version: 1.0
config:
  - stage: preReady
    tasks:
      - task: setAdminAccount
        inputs:
          name: Administrator
          password:
            type: random
            data: e
X
validate_all agent-config.yml
for f in text json sarif github; do
	contains "data 'e', $f" "Password data is used only with type static (type is random); remove it." "out.$f"
done
cat >words-unattend.xml <<X
<unattend xmlns="urn:schemas-microsoft-com:unattend">
<settings pass="oobeSystem"><component name="Microsoft-Windows-Shell-Setup" $CA>
<AutoLogon><Password><Value>Admin</Value><PlainText>true</PlainText></Password><Username>a</Username><Enabled>true</Enabled></AutoLogon>
<UserAccounts><AdministratorPassword><Value>Password</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts>
</component></settings>
<settings pass="specialize"><component name="Microsoft-Windows-Fax-Service" $CA><Receipts><FaxUserPassword>Fax-Secret-$(head -c 300 /dev/zero | tr '\0' Q)</FaxUserPassword></Receipts></component></settings>
</unattend>
X
validate_all words-unattend.xml
for f in text json sarif github; do
	contains "password 'Admin', $f" "UserAccounts/AdministratorPassword holds a clear-text password" "out.$f"
	contains "password 'Password', $f" "AutoLogon/Password holds a clear-text password" "out.$f"
	# a schema check on a secret value: the length, never the value
	contains "schema message on a secret, $f" "FaxUserPassword is 311 characters long; at most 256 are allowed" "out.$f"
	lacks "Fax-Secret" "schema message on a secret, $f" "out.$f"
done

## unattend-diff masks a password-like name wherever it stands (no catalog entry,
## no namespace, a misspelt task): every format, old side and new side.
cat >old-unattend.xml <<X
<unattend xmlns="urn:schemas-microsoft-com:unattend">
<settings pass="oobeSystem"><component name="Microsoft-Windows-Shell-Setup" $CA>
<AutoLogon><Password><Value>OldAutoLogonPw1</Value><PlainText>true</PlainText></Password><Username>a</Username><Enabled>true</Enabled></AutoLogon>
<UserAccounts><AdministratorPassword><Value>OldAdminPw1</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts>
</component></settings>
<settings pass="specialize"><component name="Microsoft-Windows-UnattendedJoin" $CA><Identification><Credentials><Domain>d</Domain><Password>OldJoinPw1</Password><Username>u</Username></Credentials><JoinDomain>d</JoinDomain></Identification></component></settings>
</unattend>
X
sed 's/Old\([A-Za-z]*\)Pw1/New\1Pw2/g' old-unattend.xml >new-unattend.xml
sed 's/"Microsoft-Windows-Shell-Setup"/"Microsoft-Windows-Shel-Setup"/' new-unattend.xml >typo-unattend.xml
sed 's/ xmlns="urn:schemas-microsoft-com:unattend"//' old-unattend.xml >nons-old-unattend.xml
sed 's/ xmlns="urn:schemas-microsoft-com:unattend"//' new-unattend.xml >nons-new-unattend.xml
cat >old-agent-config.yml <<'X'
version: 1.0
config:
  - stage: preReady
    tasks:
      - task: setAdminAccount
        inputs:
          name: Administrator
          password:
            type: static
            data: OldAgentPw1
X
sed 's/task: setAdminAccount/task: setAdminAcount/; s/OldAgentPw1/NewAgentPw2/' old-agent-config.yml >typo-agent-config.yml
printf '{"adminPasswordType": "Specify", "adminPassword": "OldLaunchPw1"}\n' >old-LaunchConfig.json
printf '{"adminPasswordType": "Specify", "adminpassword": "NewLaunchPw2"}\n' >new-LaunchConfig.json
for pair in "old-unattend.xml new-unattend.xml" "old-unattend.xml typo-unattend.xml" \
    "nons-old-unattend.xml nons-new-unattend.xml" "old-agent-config.yml typo-agent-config.yml" \
    "old-LaunchConfig.json new-LaunchConfig.json"; do
	for f in text json; do
		# shellcheck disable=SC2086
		"$DIFF" -f "$f" $pair >out 2>&1
		check "diff $pair -f $f: status" 1 $?
		for pw in OldAutoLogonPw1 OldAdminPw1 OldJoinPw1 NewAutoLogonPw2 NewAdminPw2 NewJoinPw2 \
		    OldAgentPw1 NewAgentPw2 OldLaunchPw1 NewLaunchPw2; do
			lacks "$pw" "diff $pair -f $f" out
		done
		contains "diff $pair -f $f: masked" "********" out
	done
done
"$DIFF" old-unattend.xml typo-unattend.xml >out
contains "a misspelt component keeps its other values" 'PlainText: "true"' out
"$DIFF" -f json old-agent-config.yml typo-agent-config.yml >out
check "json: a subtree hiding a secret says masked" 2 "$(grep -c '"masked": true' out)"

## Parse errors say where, not what: nothing from inside a value (XML, JSON, YAML).
cat >entity-unattend.xml <<X
<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="oobeSystem">
<component name="Microsoft-Windows-Shell-Setup" $CA>
<UserAccounts><AdministratorPassword><Value>Tr0ub4dor&amp;3x&CorrectHorse;Battery</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts>
</component></settings></unattend>
X
sed 's|&CorrectHorse;|</Staple>|' entity-unattend.xml >tag-unattend.xml
sed 's|&CorrectHorse;|<![CDATA[Staple|' entity-unattend.xml >cdata-unattend.xml
sed 's|&CorrectHorse;|\&Staple|' entity-unattend.xml >amp-unattend.xml
printf '{"adminPasswordType": "Specify", "adminPassword": "Pw\\ud83d\\u0041rest"}\n' >LaunchConfig.json
printf '{"adminPasswordType": "Specify", "adminPassword": "Pw\\qStaple"}\n' >escape-LaunchConfig.json
printf '{"adminPasswordType": "Specify", "adminPassword": "Pw\tStaple"}\n' >tab-LaunchConfig.json
printf 'version: 1.0\nconfig:\n  - stage: preReady\n    tasks:\n      - task: setAdminAccount\n        inputs:\n          password:\n            type: static\n            data: "Staple\\qHorse"\n' >agent-config.yml
for file in entity-unattend.xml tag-unattend.xml cdata-unattend.xml amp-unattend.xml \
    LaunchConfig.json escape-LaunchConfig.json tab-LaunchConfig.json agent-config.yml; do
	validate_all "$file"
	for f in text json sarif github; do
		contains "$file, $f: a syntax finding" "syntax" "out.$f"
		for frag in CorrectHorse Staple Battery Tr0ub4dor D83D 0041 Horse; do
			lacks "$frag" "$file, $f: parse error" "out.$f"
		done
	done
done
validate_all entity-unattend.xml
contains "entity: the line and column" "entity-unattend.xml:3:" out.text
contains "entity: what is wrong, in words" "reference to an undefined entity" out.text
validate_all tag-unattend.xml
contains "tag: where the element was opened" "the end tag does not match the element opened at line 3" out.text

## unattend-gen: secrets are refused on the command line (exit 2, pointing to a
## file or the environment), taken from files, written 0600, never to stdout.
umask 022
printf 'Sup3rS3cret\n' >pw.txt
printf 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY\n' >pk.txt
AP=oobeSystem/Microsoft-Windows-Shell-Setup/UserAccounts/AdministratorPassword
JOIN=specialize/Microsoft-Windows-UnattendedJoin/Identification/Credentials/Password
refused() {	# refused NAME HINT ARGS...: exit 2, the hint, no secret, nothing written
	name=$1 hint=$2
	shift 2
	rm -rf gen-out && mkdir gen-out
	"$GEN" "$@" -o gen-out >out 2>&1
	check "$name: status" 2 $?
	contains "$name: where to give it instead" "$hint" out
	lacks Sup3rS3cret "$name" out
	lacks ABCDE-FGHIJ "$name" out
	check "$name: nothing written" "" "$(ls -A gen-out)"
}
refused "--set AdministratorPassword/Value" "--admin-password-file=FILE or UNATTEND_GEN_ADMIN_PASSWORD" \
    --set "$AP/Value=Sup3rS3cret" --set "$AP/PlainText=true"
refused "--set password/data" "--set-file=agent-config.yml/preReady/setAdminAccount/password/data=FILE" \
    --set agent-config.yml/preReady/setAdminAccount/password/type=static \
    --set agent-config.yml/preReady/setAdminAccount/password/data=Sup3rS3cret
refused "--set adminPassword" "--set-file=LaunchConfig.json/adminPassword=FILE" --os=2019 \
    --set LaunchConfig.json/adminPasswordType=Specify --set LaunchConfig.json/adminPassword=Sup3rS3cret
refused "--set a catalog secret" "--set-file=$JOIN=FILE" --set "$JOIN=Sup3rS3cret"
refused "--product-key" "--product-key-file=FILE" --product-key=ABCDE-FGHIJ-KLMNO-PQRST-UVWXY
"$GEN" --set "$AP/PlainText=true" >out 2>&1
check "a setting beside a password is not a secret" 0 $?

rm -rf gen-out && mkdir gen-out
"$GEN" --os=2019 --set LaunchConfig.json/adminPasswordType=Specify \
    --set-file=LaunchConfig.json/adminPassword=pw.txt --product-key-file=pk.txt -o gen-out >out 2>&1
check "secrets from files: status" 0 $?
lacks Sup3rS3cret "secrets from files: messages" out
check "secrets from files: each file holding one is 0600" "LaunchConfig.json 600 Unattend.xml 600" \
    "$(cd gen-out && stat -c '%n %a' -- * | tr '\n' ' ' | sed 's/ $//')"
contains "--set-file: the value" '"adminPassword": "Sup3rS3cret"' gen-out/LaunchConfig.json
rm -rf gen-out && mkdir gen-out
"$GEN" --set-file="$JOIN=pw.txt" -o gen-out >out 2>&1
check "a catalog secret from a file: 0600, the other file as the umask says" \
    "agent-config.yml 644 unattend.xml 600" "$(cd gen-out && stat -c '%n %a' -- * | tr '\n' ' ' | sed 's/ $//')"
for args in "--product-key-file=pk.txt" "--set-file=$JOIN=pw.txt"; do
	"$GEN" "$args" >stdout 2>out
	check "$args without -o: status" 2 $?
	check "$args without -o: nothing on standard output" "" "$(cat stdout)"
	contains "$args without -o: why" "holds a secret" out
done

## A signal while unattend-gen -o writes leaves no temporary (the second file's
## fsync is held back so that the signal lands while the files are written).
if command -v strace >/dev/null 2>&1 && command -v pgrep >/dev/null 2>&1 &&
    strace -f -o /dev/null true 2>/dev/null; then
	for sig in TERM INT; do
		rm -rf gen-sig && mkdir gen-sig
		# a background job starts with SIGINT ignored: give it back its default
		env --default-signal=INT strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=3000000:when=2 \
		    "$GEN" --admin-password-file=pw.txt -o gen-sig >/dev/null 2>&1 &
		sp=$!
		sleep 1.5
		kill -"$sig" $(pgrep -P "$sp") 2>/dev/null
		wait "$sp"
		check "SIG$sig during -o: no temporary left" "" "$(ls -A gen-sig)"
	done
else
	echo "strace or pgrep missing: the signal cases are skipped"
fi

## --force checks every target before it replaces one: a directory in the way
## leaves the old set as it was.
rm -rf gen-force && mkdir gen-force
"$GEN" --timezone='Tokyo Standard Time' -o gen-force >out 2>&1
rm gen-force/agent-config.yml && mkdir gen-force/agent-config.yml
"$GEN" --timezone=UTC -f -o gen-force >out 2>&1
check "--force, a directory target: status" 2 $?
contains "--force, a directory target: why" "agent-config.yml: Is a directory: cannot be replaced; nothing written" out
contains "--force, a directory target: the old set is kept" "Tokyo Standard Time" gen-force/unattend.xml
check "--force, a directory target: no temporary" "agent-config.yml unattend.xml" "$(ls -A gen-force | tr '\n' ' ' | sed 's/ $//')"

## Hiding costs one pass per rule, not one per finding: thousands of secrets and
## thousands of findings in a megabyte stay fast.
limit=$((10 * SCALE))
{ printf 'version: 1.0\nconfig:\n  - stage: preReady\n    tasks:\n'
  i=0; while [ $i -lt 2000 ]; do
	printf '      - task: setAdminAccount\n        inputs:\n          password:\n            type: random\n            data: Pw-%d\n' $i
	i=$((i + 1))
  done; } >many-agent-config.yml
timeout "$limit" "$VALIDATE" --no-config many-agent-config.yml >out 2>&1
check "2,000 secrets and findings: status" 1 $?
check "2,000 secrets and findings: every finding" 2000 "$(grep -c 'Password data is used only with type static (type is random)' out)"
lacks "Pw-" "2,000 secrets and findings" out

finish
