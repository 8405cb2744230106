# SPDX-License-Identifier: MIT
# Output that cannot be forged: what a file holds (a value, a file name) never
# steers a terminal, starts a line or a workflow command of its own, or makes
# a machine format invalid.
. "$top_srcdir/tests/cli/lib.sh"
cd "$TMPD" || exit 99
ESC=$(printf '\033')
C1=$(printf '\302\233')	# U+009B, CSI of the C1 set, legal in XML
NS='xmlns="urn:schemas-microsoft-com:unattend"'

# raw NAME FILE: no ESC, no C1 control, no bidirectional override in FILE
raw() {
	if grep -q "$ESC\|$C1\|$(printf '\342\200\256')" "$2"; then not_ok "$1: a control character printed raw"; else ok; fi
}
# lines NAME COUNT FILE: FILE has COUNT lines, and none that the input began
lines() {
	check "$1: lines" "$2" "$(wc -l <"$3" | tr -d ' ')"
	if grep -q '^::\|^Autounattend.xml:1:1: note' "$3"; then not_ok "$1: a forged line"; else ok; fi
}

# --- text: values with newlines and escape sequences stay on their line ---
printf 'version: 1.0\ntasks:\n  - task: setHostName\n    inputs:\n      hostName: "WEB\\e]0;pwned\\a\\e[2J\\nAutounattend.xml:1:1: note: all files valid [x]\\n::add-mask::error"\n' >agent-config.yml
"$VALIDATE" --no-config agent-config.yml >out 2>&1
check "escapes in YAML: status" 1 $?
raw "escapes in YAML" out
contains "escapes in YAML are visible" 'WEB\x1b]0;pwned\x07\x1b[2J\nAutounattend.xml:1:1: note: all files valid [x]\n::add-mask::error' out
if grep -q '^::\|^Autounattend.xml:1:1: note' out; then not_ok "escapes in YAML: a forged line"; else ok; fi
cat >Autounattend.xml <<XML
<unattend $NS>
  <settings pass="x&#10;::warning file=README.md,line=1,title=unattend-validate::All answer files valid&#10;::stop-commands::deadbeef&#13;&#9;y">
  </settings>
</unattend>
XML
"$VALIDATE" --no-config Autounattend.xml >out 2>&1
check "newline in an attribute: status" 1 $?
lines "newline in an attribute" 1 out
contains "newline in an attribute is visible" "'x\n::warning file=README.md,line=1,title=unattend-validate::All answer files valid\n::stop-commands::deadbeef\r\ty'" out
printf '<unattend %s><settings pass="specialize"><component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS"><CopyProfile>x\302\2332J\302\2350;title\302\234\342\200\256</CopyProfile></component></settings></unattend>\n' "$NS" >c1-unattend.xml
"$VALIDATE" --no-config c1-unattend.xml >out 2>&1
check "C1 controls: status" 1 $?
raw "C1 controls" out
contains "C1 controls are visible" 'x\u009b2J\u009d0;title\u009c\u202e' out
"$VALIDATE" --no-config --color=always c1-unattend.xml >out 2>&1
contains "C1 controls are visible in colour too" 'x\u009b2J' out
# file names: on standard output and standard error, in every human format
n=$(printf 'evil\033]0;owned\007\033[2J\nAutounattend.xml:1:1: note: fine [x]\n::add-mask::x-unattend.xml')
cp Autounattend.xml "$n"
"$VALIDATE" --no-config "$n" >out 2>&1
raw "file name, text" out
lines "file name, text" 1 out
contains "file name, text, visible" 'evil\x1b]0;owned\x07\x1b[2J\nAutounattend.xml:1:1: note: fine [x]\n::add-mask::x-unattend.xml:2:' out
n2=$(printf 'x\n::error file=README.md,line=1::injected\n.txt')
echo 'a: 1' >"$n2"
for f in text github json sarif; do
	"$VALIDATE" --no-config -f $f "$n2" >/dev/null 2>err
	check "unreadable file name on stderr, $f: status" 2 $?
	raw "unreadable file name on stderr, $f" err
	lines "unreadable file name on stderr, $f" 1 err
	contains "unreadable file name on stderr, $f, visible" 'x\n::error file=README.md,line=1::injected\n.txt: cannot tell' err
done

# --- -f github: one workflow command per finding, encoded as the runner wants ---
"$VALIDATE" --no-config -f github Autounattend.xml "$n" agent-config.yml >out 2>&1
check "github: status" 1 $?
raw "github" out
grep -c '^::' out >count
check "github: every line is an annotation" "$(wc -l <out | tr -d ' ')" "$(cat count)"
if grep -v '^::\(error\|warning\|notice\) file=' out | grep -q .; then not_ok "github: a line that is no annotation: $(cat out)"; else ok; fi
if grep -q '^::\(add-mask\|stop-commands\)' out; then not_ok "github: injected command"; else ok; fi
contains "github: data encoded" "'x%0A::warning file=README.md,line=1,title=unattend-validate::All answer files valid%0A::stop-commands::deadbeef%0D\ty'" out
contains "github: file name encoded as a property" '::error file=evil\x1b]0;owned\x07\x1b[2J%0AAutounattend.xml%3A1%3A1%3A note%3A fine [x]%0A%3A%3Aadd-mask%3A%3Ax-unattend.xml,line=2,' out
contains "github: escapes in values" 'WEB\x1b]0;pwned\x07\x1b[2J%0AAutounattend.xml:1:1: note: all files valid [x]%0A::add-mask::error' out
cp Autounattend.xml 'a,b:c%d-unattend.xml'
"$VALIDATE" --no-config -f github 'a,b:c%d-unattend.xml' >out 2>&1
contains "github: , : and % in a file name" '::error file=a%2Cb%3Ac%25d-unattend.xml,line=2,' out

# --- unattend-diff: file names, paths and values ---
sed 's/pass="x/pass="y/' Autounattend.xml >new-unattend.xml
"$DIFF" Autounattend.xml "$n" >out 2>&1
"$DIFF" "$n" c1-unattend.xml >out 2>&1
check "diff: status" 1 $?
raw "diff" out
if grep -q '^::\|^Autounattend.xml:1:1: note' out; then not_ok "diff: a forged line"; else ok; fi
contains "diff: file name visible" 'evil\x1b]0;owned\x07\x1b[2J\nAutounattend.xml:1:1: note: fine [x]\n::add-mask::x-unattend.xml:' out
contains "diff: value visible" '\u009b2J' out
"$DIFF" nothing.xml "$n" >out 2>&1
raw "diff: stderr" out
lines "diff: stderr" 1 out

# --- machine formats: always valid UTF-8 JSON ---
if [ -n "${PYTHON3:-}" ] && [ -x "$PYTHON3" ]; then
	valid() {	# valid NAME FILE: strict UTF-8 and JSON
		if "$PYTHON3" -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$2" 2>err.py; then ok; else not_ok "$1: not valid JSON: $(tail -1 err.py)"; fi
	}
	# a libxml2 message cut inside a character, a file name that is not UTF-8
	"$PYTHON3" -c "open('trunc-unattend.xml', 'w', encoding='utf-8').write('<unattend $NS><a%s></b></unattend>' % ('\u00e9' * 300))"
	bad=$(printf 'bad\377\376-unattend.xml')
	cp Autounattend.xml "$bad"
	printf '<unattend %s><settings pass="x\302"/></unattend>' "$NS" >latin-unattend.xml
	for f in json sarif; do
		"$VALIDATE" --no-config -f $f trunc-unattend.xml "$bad" c1-unattend.xml "$n" latin-unattend.xml nothing.xml >out.$f 2>/dev/null
		check "$f: status" 2 $?
		valid "$f" out.$f
		raw "$f" out.$f
	done
	contains "json: a name that is not UTF-8 has a replacement" 'bad\ufffd\ufffd-unattend.xml' out.json
	cp new-unattend.xml "$bad"
	"$DIFF" -f json Autounattend.xml "$bad" >out 2>/dev/null
	check "diff json: status" 1 $?
	valid "diff json" out
	contains "diff json: a name that is not UTF-8 has a replacement" 'bad\ufffd\ufffd-unattend.xml' out
	"$DIFF" -f json "$n" c1-unattend.xml >out 2>/dev/null
	valid "diff json, controls" out
	raw "diff json" out
	# SARIF: relative operands against %SRCROOT%, absolute ones as file: URIs,
	# and the files that could not be checked as notifications
	"$PYTHON3" - out.sarif "$TMPD" >sarif.txt <<'PY'
import json, sys
run = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]
print("root", run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file://" + sys.argv[2] + "/")
for r in run["results"]:
    a = r["locations"][0]["physicalLocation"]["artifactLocation"]
    print("result", a["uri"], a.get("uriBaseId"))
inv = run["invocations"][0]
print("success", inv["executionSuccessful"])
for n in inv["toolExecutionNotifications"]:
    a = n["locations"][0]["physicalLocation"]["artifactLocation"]
    print("notification", n["level"], a["uri"], a.get("uriBaseId"), n["message"]["text"])
PY
	contains "sarif: %SRCROOT% is the working directory" "root True" sarif.txt
	contains "sarif: relative URI" "result trunc-unattend.xml %SRCROOT%" sarif.txt
	contains "sarif: a name that is not UTF-8, percent-encoded" "result bad%FF%FE-unattend.xml %SRCROOT%" sarif.txt
	contains "sarif: not successful" "success False" sarif.txt
	contains "sarif: a missing file is a notification" "notification error nothing.xml %SRCROOT% nothing.xml: No such file or directory" sarif.txt
	"$VALIDATE" --no-config -f sarif "$TMPD/./Autounattend.xml" ./Autounattend.xml >out.sarif
	"$PYTHON3" - out.sarif "$TMPD" >sarif.txt <<'PY'
import json, sys
run = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]
for r in run["results"]:
    a = r["locations"][0]["physicalLocation"]["artifactLocation"]
    print("result", a["uri"], a.get("uriBaseId"))
print("success", run["invocations"][0]["executionSuccessful"], len(run["invocations"][0]["toolExecutionNotifications"]))
PY
	contains "sarif: absolute operand" "result file://$TMPD/./Autounattend.xml None" sarif.txt
	contains "sarif: ./ dropped" "result Autounattend.xml %SRCROOT%" sarif.txt
	contains "sarif: success without notifications" "success True 0" sarif.txt
	# no file at all (an empty file list in CI): an empty run, not 0 bytes
	"$VALIDATE" --no-config -f sarif >out.sarif 2>err
	check "sarif without files: status" 0 $?
	valid "sarif without files" out.sarif
	"$PYTHON3" -c 'import json, sys; r = json.load(open(sys.argv[1]))["runs"]; print(len(r), r[0]["results"], r[0]["invocations"][0]["executionSuccessful"])' out.sarif >sarif.txt
	check "sarif without files: one empty run" "1 [] True" "$(cat sarif.txt)"
	"$VALIDATE" --no-config -f json -- >out 2>err
	check "json without files: status" 0 $?
	check "json without files: an empty array" "[]" "$(cat out)"
	"$VALIDATE" --no-config >out 2>err
	check "text without files is a usage error" 2 $?
else
	echo "SKIP: no python3 for the JSON checks"
fi
finish
