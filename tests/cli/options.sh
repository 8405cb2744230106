# SPDX-License-Identifier: MIT
# Command-line behaviour of unattend-validate: help, version, errors, statuses.
. "$top_srcdir/tests/cli/lib.sh"
good=$top_srcdir/examples/ec2launch-v2/unattend.xml

"$VALIDATE" --help >"$TMPD/out" 2>"$TMPD/err"; check "--help status" 0 $?
contains "--help to stdout" "usage: unattend-validate" "$TMPD/out"
check "--help stderr empty" "" "$(cat "$TMPD/err")"

"$VALIDATE" --version >"$TMPD/out"; check "--version status" 0 $?
contains "--version names the package" "unattend-tools" "$TMPD/out"

"$VALIDATE" --no-such-option >"$TMPD/out" 2>"$TMPD/err"; check "unknown option status" 2 $?
contains "unknown option usage on stderr" "usage: unattend-validate" "$TMPD/err"
check "unknown option stdout empty" "" "$(cat "$TMPD/out")"

"$VALIDATE" >/dev/null 2>"$TMPD/err"; check "no operand status" 2 $?

"$VALIDATE" "$TMPD/missing.xml" >"$TMPD/out" 2>"$TMPD/err"; check "missing file status" 2 $?
check "missing file message" "unattend-validate: $TMPD/missing.xml: No such file or directory" "$(cat "$TMPD/err")"

"$VALIDATE" "$TMPD" 2>"$TMPD/err"; check "directory status" 2 $?
check "directory message" "unattend-validate: $TMPD: no file of a known kind in this directory (see --list-kinds)" "$(cat "$TMPD/err")"

mkfifo "$TMPD/fifo" && {
	"$VALIDATE" "$TMPD/fifo" 2>"$TMPD/err"; check "fifo status" 2 $?
	contains "fifo message" "not a regular file" "$TMPD/err"
}

"$VALIDATE" --kind=nonsense "$good" 2>"$TMPD/err"; check "unknown kind status" 2 $?
contains "unknown kind message" "unknown kind 'nonsense'" "$TMPD/err"

"$VALIDATE" --format=xml "$good" 2>"$TMPD/err"; check "unknown format status" 2 $?

"$VALIDATE" --data-dir="$TMPD/nowhere" "$good" 2>"$TMPD/err"; check "missing data dir status" 2 $?
contains "missing data dir message" "data directory not found" "$TMPD/err"

"$VALIDATE" "$good" >"$TMPD/out"; check "good file status" 0 $?
check "good file prints nothing" "" "$(cat "$TMPD/out")"

bad=$FILES/agents/launchconfig/bad-admin-type/LaunchConfig.json
"$VALIDATE" "$bad" >"$TMPD/out"; check "bad file status" 1 $?
"$VALIDATE" -q "$bad" >"$TMPD/out"; check "quiet status" 1 $?
check "quiet prints nothing" "" "$(cat "$TMPD/out")"

"$VALIDATE" "$bad" "$TMPD/missing.xml" >/dev/null 2>&1; check "trouble outranks findings" 2 $?

"$VALIDATE" - <"$bad" >"$TMPD/out"; check "stdin status" 1 $?
contains "stdin is named <stdin>" "<stdin>:3:" "$TMPD/out"

"$VALIDATE" --kind=launchconfig - <"$bad" >/dev/null; check "stdin with kind" 1 $?

"$VALIDATE" --list-kinds >"$TMPD/out"; check "list kinds status" 0 $?
contains "list kinds has agent-config" "agent-config" "$TMPD/out"

if [ -w /dev/full ]; then
	"$VALIDATE" "$bad" >/dev/full 2>"$TMPD/err"; check "write error status" 2 $?
	contains "write error message" "write error" "$TMPD/err"
	for f in json sarif github; do
		"$VALIDATE" -f $f "$bad" >/dev/full 2>"$TMPD/err"; check "$f write error status" 2 $?
		contains "$f write error message" "write error" "$TMPD/err"
	done
	"$VALIDATE" --help >/dev/full 2>/dev/null; check "help write error status" 2 $?
fi

# A reader that goes away (`| head`): checking stops at the next write that
# fails (not after the last file), exit 2 with the write error, with workers
# (-j2) as without. 300 files of 1,500 list items each, one finding apiece.
if [ -z "${UA_WRAPPER:-}" ]; then
	awk 'BEGIN {
		print "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
		print "<component name=\"Microsoft-Windows-Deployment\" processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\"><RunSynchronous>"
		for (i = 1; i <= 1500; i++)
			printf "<RunSynchronousCommand><Order>%d</Order><Path>cmd /c step %d</Path></RunSynchronousCommand>\n", i, i
		print "<RunSynchronousCommand><Order>first</Order><Path>x</Path></RunSynchronousCommand>"
		print "</RunSynchronous></component></settings></unattend>" }' >"$TMPD/long.xml"
	set -- ; i=0
	while [ $i -lt 300 ]; do set -- "$@" "$TMPD/long.xml"; i=$((i + 1)); done
	for j in 1 2; do
		t0=$(date +%s%N)
		"$VALIDATE" -j$j "$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		{ "$VALIDATE" -j$j "$@" 2>"$TMPD/err"; echo $? >"$TMPD/st"; } | head -1 >/dev/null
		t2=$(date +%s%N)
		check "closed pipe -j$j status" 2 "$(cat "$TMPD/st")"
		contains "closed pipe -j$j message" "write error" "$TMPD/err"
		if [ $(( (t2 - t1) * 3 )) -lt $((t1 - t0)) ]; then ok
		else not_ok "closed pipe -j$j: $(( (t2 - t1) / 1000000 )) ms, a whole run $(( (t1 - t0) / 1000000 )) ms"; fi
	done
	set --
fi

"$VALIDATE" --color=always "$bad" >"$TMPD/out"; check "color status" 1 $?
if grep -q "$(printf '\033')" "$TMPD/out"; then ok; else not_ok "--color=always colors"; fi
"$VALIDATE" "$bad" >"$TMPD/out"
if grep -q "$(printf '\033')" "$TMPD/out"; then not_ok "no color when not a terminal"; else ok; fi
"$VALIDATE" --color=sometimes "$bad" 2>/dev/null; check "bad --color value" 2 $?

"$VALIDATE" -f json "$bad" "$good" >"$TMPD/out"; check "json status" 1 $?
if [ -x "${PYTHON3:-}" ]; then
	"$PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d, list) and d; assert all(set(x) >= {"file","line","column","severity","rule","message"} for x in d)' "$TMPD/out"
	check "json output is an array of findings" 0 $?
	"$VALIDATE" -f json "$good" >"$TMPD/out"
	"$PYTHON3" -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' "$TMPD/out"
	check "json output with no finding is []" 0 $?
fi
set -- "$FILES"/unattend/bad-*.xml "$FILES"/agents/*/*/*
"$VALIDATE" -j1 "$@" >"$TMPD/j1" 2>&1; st1=$?
"$VALIDATE" -j4 "$@" >"$TMPD/j4" 2>&1; st4=$?
check "-j4 status as -j1" "$st1" "$st4"
if cmp -s "$TMPD/j1" "$TMPD/j4"; then ok; else not_ok "-j4 output differs from -j1"; fi
"$VALIDATE" -j 0 "$good" 2>/dev/null; check "-j 0 is refused" 2 $?

# A worker process that dies: the file it held is trouble (exit 2), the others
# are still reported in order. The worker reading a standard input that never
# ends is killed once the other files are done. (Not under a wrapper: the
# workers are then not this shell's grandchildren.)
if [ -z "${UA_WRAPPER:-}" ] && command -v pkill >/dev/null; then
	# a standard input that never ends: a FIFO this shell holds open for writing
	mkfifo "$TMPD/stdin-fifo" && exec 3<>"$TMPD/stdin-fifo"
	"$VALIDATE" --no-config -j 2 "$good" - "$good" <&3 >"$TMPD/out" 2>"$TMPD/err" &
	vpid=$!
	i=0	# both workers started (or a while passed), then only the blocked one left
	while [ $i -lt 30 ] && [ "$(pgrep -P "$vpid" | wc -l)" -lt 2 ]; do
		sleep 0.1; i=$((i + 1))
	done
	i=0
	while [ $i -lt 50 ] && [ "$(pgrep -P "$vpid" | wc -l)" -gt 1 ]; do
		sleep 0.1; i=$((i + 1))
	done
	pkill -KILL -P "$vpid"
	wait "$vpid"; check "dead worker status" 2 $?
	contains "dead worker message" "<stdin>: a worker process ended before reporting this file" "$TMPD/err"
	exec 3>&-
fi
finish
