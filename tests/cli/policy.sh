# SPDX-License-Identifier: MIT
# Rule control: -W error, --disable/--enable/--severity/--target, the
# .unattend-validate file, inline suppression, rule attributes, output formats.
. "$top_srcdir/tests/cli/lib.sh"
U=$FILES/unattend
wp=$U/bad-wrong-pass.xml
cd "$TMPD" || exit 99

"$VALIDATE" --no-config "$wp" >out; check "warning alone passes" 0 $?
"$VALIDATE" --no-config -W error "$wp" >out; check "-W error fails on a warning" 1 $?
"$VALIDATE" --no-config -W all "$wp" 2>err; check "-W takes only error" 2 $?
"$VALIDATE" --no-config --disable=wrong-pass "$wp" >out; check "--disable status" 0 $?
check "--disable drops the finding" "" "$(cat out)"
"$VALIDATE" --no-config --disable=wrong-pass --enable=wrong-pass "$wp" >out
contains "the last word wins" "[wrong-pass]" out
"$VALIDATE" --no-config --severity=wrong-pass=error "$wp" >out; check "--severity status" 1 $?
contains "--severity changes the level" "error: CopyProfile" out
"$VALIDATE" --no-config --severity=wrong-pass=fatal "$wp" 2>err; check "bad severity" 2 $?
"$VALIDATE" --no-config --severity=wrong-pass "$wp" 2>err; check "severity needs a level" 2 $?
"$VALIDATE" --no-config --disable=Not_A_Rule "$wp" 2>err; check "bad rule name" 2 $?
"$VALIDATE" --no-config --target=windows95 "$wp" 2>err; check "unknown target" 2 $?
contains "unknown target message" "unknown Windows release 'windows95'" err

# the configuration file is found from the working directory upward
mkdir -p repo/sub/deeper && cp "$wp" repo/sub/deeper/unattend.xml
printf '# policy\nseverity wrong-pass = error\n' >repo/.unattend-validate
(cd repo/sub/deeper && "$VALIDATE" unattend.xml >../../../out); check "config file found upward" 1 $?
contains "config file severity" "error: CopyProfile" out
(cd repo/sub/deeper && "$VALIDATE" --disable=wrong-pass unattend.xml >../../../out); check "command line after config" 0 $?
(cd repo/sub/deeper && "$VALIDATE" --no-config unattend.xml >/dev/null); check "--no-config" 0 $?
printf 'disable = wrong-pass\n' >other.conf
(cd repo/sub/deeper && "$VALIDATE" --config=../../../other.conf unattend.xml >../../../out); check "--config" 0 $?
printf 'this line is wrong\n' >bad.conf
"$VALIDATE" --config=bad.conf "$wp" 2>err; check "bad config status" 2 $?
contains "bad config names the line" "bad.conf:1:" err
printf 'warnings-are-errors = yes\n' >werror.conf
"$VALIDATE" --config=werror.conf "$wp" >/dev/null; check "config warnings-are-errors" 1 $?

# inline suppression: XML comment before the element, YAML trailing comment
sed 's|^\( *\)<CopyProfile>|\1<!-- unattend-validate: disable=wrong-pass -->\n\1<CopyProfile>|' "$wp" >suppressed.xml
"$VALIDATE" --no-config suppressed.xml >out; check "inline XML suppression" "" "$(cat out)"
sed 's|^\( *\)<CopyProfile>|\1<!-- unattend-validate: disable=name-case -->\n\1<CopyProfile>|' "$wp" >other-rule.xml
"$VALIDATE" --no-config other-rule.xml >out
contains "suppression names its rule" "[wrong-pass]" out
cat >agent-config.yml <<'YAML'
version: 1.0
config:
  - stage: preReady
    tasks:
      - task: extendRootPartition # unattend-validate: disable=task-stage
YAML
"$VALIDATE" --no-config agent-config.yml >out; check "inline YAML suppression" 0 $?
sed 's/ # unattend.*//' agent-config.yml >plain.yml
"$VALIDATE" --no-config --kind=agent-config plain.yml >out; check "without the comment" 1 $?

# rule attributes, through a private copy of the data
mkdir data && cp -R "$top_srcdir/schemas" "$top_srcdir/templates" data/ && cat >data/schemas/rules/zz-test.xml <<'XML'
<rules xmlns="urn:unattend-tools:rules:1">
  <ns prefix="u" uri="urn:schemas-microsoft-com:unattend"/>
  <rule name="test-off" severity="warning" kind="unattend" default="off">
    <summary>Off unless enabled.</summary><select>/u:unattend</select><message>off rule ran</message>
  </rule>
  <rule name="test-target" severity="warning" kind="unattend" target="2022 2025">
    <summary>Only for 2022 and 2025.</summary><select>/u:unattend</select><message>target rule ran</message>
  </rule>
  <rule name="test-names" severity="warning" kind="unattend" names="autounattend.xml">
    <summary>Only for Autounattend.xml.</summary><select>/u:unattend</select><message>names rule ran</message>
  </rule>
  <rule name="test-functions" severity="note" kind="unattend">
    <summary>The engine's XPath functions.</summary>
    <let name="n">count(ua:elements('CopyProfile'))</let>
    <select>ua:component('Microsoft-Windows-Shell-Setup')[1]</select>
    <message>[{$n} {count(ua:elements('Nothing'))} {count(ua:comments())} {ua:lower('MiXeD')} {ua:if(1 = 1, 'yes', 'no')}{ua:if(1 = 2, 'no')}{ua:if(false(), 'no', 'else')}]</message>
  </rule>
  <rule name="test-obscured" severity="error" kind="unattend">
    <summary>Obscured passwords.</summary>
    <select>//u:AdministratorPassword[u:PlainText='false']/u:Value</select>
    <check>obscured-password</check><message>bad obscured AdministratorPassword</message>
  </rule>
</rules>
XML
V="$VALIDATE --no-config --data-dir=data"
$V "$wp" >out
contains "ua:elements, ua:comments, ua:lower, ua:if, <let>" "[1 0 0 mixed yeselse]" out
contains "target rule runs without --target" "target rule ran" out
if grep -q "off rule ran\|names rule ran" out; then not_ok "off and names rules stay quiet"; else ok; fi
$V --enable=test-off "$wp" >out; contains "--enable runs an off rule" "off rule ran" out
$V --target=2019 "$wp" >out
if grep -q "target rule ran" out; then not_ok "--target=2019 skips a 2022 rule"; else ok; fi
$V --target=2022 "$wp" >out; contains "--target=2022 runs it" "target rule ran" out
cp "$wp" Autounattend.xml && $V Autounattend.xml >out; contains "names= matches" "names rule ran" out
$V --list-rules >out; contains "--list-rules marks off rules" "(off by default)" out
# Base64(UTF-16LE("Secret1!AdministratorPassword")) and a wrong-suffix variant
good_pw=$(printf 'Secret1!AdministratorPassword' | iconv -t UTF-16LE | base64 -w0)
bad_pw=$(printf 'Secret1!Password' | iconv -t UTF-16LE | base64 -w0)
for v in "$good_pw:0" "$bad_pw:1" "not base64!:1" "QQ==:1"; do
	cat >pw.xml <<XML
<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="oobeSystem">
<component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
<UserAccounts><AdministratorPassword><Value>${v%:*}</Value><PlainText>false</PlainText></AdministratorPassword></UserAccounts>
</component></settings></unattend>
XML
	$V --disable=test-target pw.xml >out 2>&1
	check "obscured-password check on ${v%:*}" "${v##*:}" "$(grep -c 'bad obscured' out)"
	if grep -q 'Secret1' out; then not_ok "password leaked"; else ok; fi
done

# machine formats
"$VALIDATE" --no-config -f github "$wp" >out
contains "github workflow command" "::warning file=$wp,line=5,col=7,title=wrong-pass::" out
"$VALIDATE" --no-config -f sarif "$wp" >out; check "sarif status" 0 $?
if [ -x "${PYTHON3:-}" ]; then
	"$PYTHON3" - out <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0"
run = d["runs"][0]
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
assert "wrong-pass" in ids and "syntax" in ids
res = run["results"]
assert len(res) == 1 and res[0]["ruleId"] == "wrong-pass" and res[0]["level"] == "warning"
loc = res[0]["locations"][0]["physicalLocation"]
assert loc["region"] == {"startLine": 5, "startColumn": 7}
PY
	check "sarif document" 0 $?
fi
# a rule file is read only for documents of the kinds its root lists; a rule of
# another kind in it is a data error
mkdir -p data2/schemas && cp -R data/schemas/* data2/schemas/ && cp -R data/templates data2/
cat >data2/schemas/rules/zz-json.xml <<'XML'
<rules xmlns="urn:unattend-tools:rules:1" kinds="launchconfig">
  <rule name="test-broken" severity="error" kind="launchconfig">
    <summary>Broken XPath.</summary><select>/doc[</select><message>x</message>
  </rule>
</rules>
XML
$VALIDATE --no-config --data-dir=data2 --disable=test-target "$wp" >out 2>&1
check "an answer file does not read a launchconfig rule file" 0 $?
$VALIDATE --no-config --data-dir=data2 --list-rules >out 2>&1
check "--list-rules reads every rule file" 2 $?
contains "--list-rules names the broken rule" "test-broken" out
sed -i 's/kind="launchconfig"/kind="unattend"/' data2/schemas/rules/zz-json.xml
$VALIDATE --no-config --data-dir=data2 --list-rules >out 2>&1
check "a rule outside its file's kinds is refused" 2 $?
contains "... with a message" "does not list" out
finish
