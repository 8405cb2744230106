# SPDX-License-Identifier: MIT
# unattend-diff: each pair under tests/files/diff/CASE (a.*, b.*) prints exactly its
# `expect` file (none: no difference, exit 0, no output); options and exit statuses.
. "$top_srcdir/tests/cli/lib.sh"
CASES=$FILES/diff

for dir in "$CASES"/*/; do
	name=$(basename "$dir")
	(cd "$dir" && "$DIFF" a.* b.* >"$TMPD/out" 2>"$TMPD/err"; echo $? >"$TMPD/status")
	if [ -f "$dir/expect" ]; then
		want=1
		check "$name: one line" 1 "$(wc -l <"$dir/expect" | tr -d ' ')"
		check "$name: output" "$(cat "$dir/expect")" "$(cat "$TMPD/out")"
	else
		want=0
		check "$name: no output" "" "$(cat "$TMPD/out")"
	fi
	check "$name: status" "$want" "$(cat "$TMPD/status")"
	check "$name: stderr" "" "$(cat "$TMPD/err")"
done

# Both directions: b -> a reports the inverse, once.
(cd "$CASES/added-list-item" && "$DIFF" b.xml a.xml >"$TMPD/out")
check "reverse of an addition is one removal" \
    "- specialize/Microsoft-Windows-Deployment[amd64]/RunSynchronous/RunSynchronousCommand[Order=4]: {Order: \"4\", Path: \"cmd /c four\"} (b.xml:18)" \
    "$(cat "$TMPD/out")"

a=$CASES/changed-secret/a.xml
b=$CASES/changed-secret/b.xml
"$DIFF" --show-secrets "$a" "$b" >"$TMPD/out"; check "--show-secrets status" 1 $?
contains "--show-secrets prints the value" '"Secret-1" -> "Secret-2"' "$TMPD/out"
"$DIFF" "$a" "$b" >"$TMPD/out"
if grep -q Secret- "$TMPD/out"; then not_ok "secret printed without --show-secrets"; else ok; fi
"$DIFF" -f json "$CASES/changed-agent-secret/a.yml" "$CASES/changed-agent-secret/b.yml" >"$TMPD/out"
if grep -q Passw0rd "$TMPD/out"; then not_ok "agent secret printed in json"; else ok; fi

# A whole pass added or removed is shown as one subtree: the secrets in its
# components are masked there too (by the catalog entry of each component).
cat >"$TMPD/pass.xml" <<'EOF_XML'
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64">
      <UserAccounts><AdministratorPassword><Value>Canary-Secret-7</Value><PlainText>true</PlainText></AdministratorPassword></UserAccounts>
    </component>
  </settings>
</unattend>
EOF_XML
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"/>\n' >"$TMPD/none.xml"
for f in text json; do
	"$DIFF" -f $f "$TMPD/none.xml" "$TMPD/pass.xml" >"$TMPD/out"; check "added pass ($f) status" 1 $?
	if grep -q Canary-Secret "$TMPD/out"; then not_ok "secret of an added pass printed ($f)"; else ok; fi
	"$DIFF" -f $f "$TMPD/pass.xml" "$TMPD/none.xml" >"$TMPD/out"; check "removed pass ($f) status" 1 $?
	if grep -q Canary-Secret "$TMPD/out"; then not_ok "secret of a removed pass printed ($f)"; else ok; fi
done
"$DIFF" --show-secrets "$TMPD/none.xml" "$TMPD/pass.xml" >"$TMPD/out"
contains "--show-secrets shows an added pass's secret" "Canary-Secret-7" "$TMPD/out"

# git compares an added or deleted file with /dev/null: the other file's
# items are all added or all removed, secrets masked
"$DIFF" /dev/null "$TMPD/pass.xml" >"$TMPD/out" 2>"$TMPD/err"; check "/dev/null as old status" 1 $?
contains "/dev/null as old: pass added" "+ oobeSystem: " "$TMPD/out"
if grep -q Canary-Secret "$TMPD/out"; then not_ok "secret printed against /dev/null"; else ok; fi
"$DIFF" "$CASES/changed-agent-secret/a.yml" /dev/null >"$TMPD/out" 2>"$TMPD/err"; check "/dev/null as new status" 1 $?
contains "/dev/null as new: version removed" "- version: " "$TMPD/out"
if grep -q Passw0rd "$TMPD/out"; then not_ok "agent secret printed against /dev/null"; else ok; fi
"$DIFF" /dev/null /dev/null >"$TMPD/out" 2>"$TMPD/err"; check "/dev/null twice status" 2 $?

"$DIFF" -q "$a" "$b" >"$TMPD/out"; check "--brief status" 1 $?
check "--brief prints nothing" "" "$(cat "$TMPD/out")"
"$DIFF" --brief "$a" "$a" >"$TMPD/out"; check "--brief same status" 0 $?

"$DIFF" - "$b" <"$a" >"$TMPD/out"; check "stdin status" 1 $?
contains "stdin is named <stdin>" "(<stdin>:29, $b:29)" "$TMPD/out"
"$DIFF" --kind=unattend "$a" "$b" >/dev/null; check "--kind status" 1 $?

"$DIFF" --help >"$TMPD/out" 2>"$TMPD/err"; check "--help status" 0 $?
contains "--help to stdout" "usage: unattend-diff" "$TMPD/out"
check "--help stderr empty" "" "$(cat "$TMPD/err")"
"$DIFF" --version >"$TMPD/out"; check "--version status" 0 $?
contains "--version names the package" "unattend-tools" "$TMPD/out"
"$DIFF" --no-such-option >"$TMPD/out" 2>"$TMPD/err"; check "unknown option status" 2 $?
contains "unknown option usage on stderr" "usage: unattend-diff" "$TMPD/err"
"$DIFF" "$a" >/dev/null 2>"$TMPD/err"; check "one operand status" 2 $?
"$DIFF" "$a" "$b" "$b" >/dev/null 2>&1; check "three operands status" 2 $?
"$DIFF" --format=xml "$a" "$b" 2>/dev/null; check "unknown format status" 2 $?
"$DIFF" --color=sometimes "$a" "$b" 2>/dev/null; check "bad --color status" 2 $?
"$DIFF" --kind=nonsense "$a" "$b" 2>"$TMPD/err"; check "unknown kind status" 2 $?
contains "unknown kind message" "unknown kind 'nonsense'" "$TMPD/err"

"$DIFF" "$a" "$TMPD/missing.xml" >"$TMPD/out" 2>"$TMPD/err"; check "missing file status" 2 $?
check "missing file message" "unattend-diff: $TMPD/missing.xml: No such file or directory" "$(cat "$TMPD/err")"
check "missing file stdout empty" "" "$(cat "$TMPD/out")"

printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<settings>\n</unattend>\n' >"$TMPD/bad.xml"
"$DIFF" "$a" "$TMPD/bad.xml" >"$TMPD/out" 2>"$TMPD/err"; check "syntax error status" 2 $?
if grep -q "^$TMPD/bad.xml:[0-9]*:[0-9]*: error: .*\[syntax\]$" "$TMPD/err"; then ok; else not_ok "syntax error message: $(cat "$TMPD/err")"; fi
check "syntax error stdout empty" "" "$(cat "$TMPD/out")"

"$DIFF" "$a" "$CASES/changed-task-input/a.yml" >"$TMPD/out" 2>"$TMPD/err"; check "different kinds status" 2 $?
contains "different kinds message" "different kinds" "$TMPD/err"

"$DIFF" --color=always "$a" "$b" >"$TMPD/out"; check "color status" 1 $?
if grep -q "$(printf '\033')" "$TMPD/out"; then ok; else not_ok "--color=always colors"; fi
"$DIFF" "$a" "$b" >"$TMPD/out"
if grep -q "$(printf '\033')" "$TMPD/out"; then not_ok "no color when not a terminal"; else ok; fi

if [ -w /dev/full ]; then
	"$DIFF" "$a" "$b" >/dev/full 2>"$TMPD/err"; check "write error status" 2 $?
	contains "write error message" "write error" "$TMPD/err"
	"$DIFF" -f json "$a" "$b" >/dev/full 2>"$TMPD/err"; check "json write error status" 2 $?
	contains "json write error message" "write error" "$TMPD/err"
fi

if [ -x "${PYTHON3:-}" ]; then
	(cd "$CASES/moved-task" && "$DIFF" -f json a.yml b.yml >"$TMPD/out")
	"$PYTHON3" -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and len(d) == 1, d
assert set(d[0]) >= {"op", "path", "old", "new"} and d[0]["op"] == "moved", d' "$TMPD/out"
	check "json output: one moved object" 0 $?
	"$DIFF" -f json "$a" "$a" >"$TMPD/out"; check "json same status" 0 $?
	"$PYTHON3" -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' "$TMPD/out"
	check "json output with no difference is []" 0 $?
	for dir in "$CASES"/changed-*/ "$CASES"/added-*/ "$CASES"/removed-*/; do
		(cd "$dir" && "$DIFF" -f json a.* b.* >"$TMPD/out")
		"$PYTHON3" -c 'import json,sys; d = json.load(open(sys.argv[1])); assert len(d) == 1 and d[0]["op"] == sys.argv[2], d' \
		    "$TMPD/out" "$(basename "$dir" | sed 's/-.*//')"
		check "json $(basename "$dir")" 0 $?
	done
fi
finish
