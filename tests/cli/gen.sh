# SPDX-License-Identifier: MIT
# unattend-gen, black box. tests/golden/gen/NAME.args holds shell-quoted arguments
# ($GOLDEN names tests/golden/gen); each case runs in an empty directory and must
# print tests/golden/gen/NAME.out: standard error and output, the exit status, then
# every file left in the directory with its mode. UA_REGEN=1 rewrites the goldens.
. "$top_srcdir/tests/cli/lib.sh"
GOLDEN=$top_srcdir/tests/golden/gen
CANARY='Canary-Pw!7;$x'
printf '%s\n' "$CANARY" >"$TMPD/canary"
srcdir_real=$(cd "$top_srcdir" && pwd -P)
export GOLDEN CANARY
unset UNATTEND_GEN_ADMIN_PASSWORD

# run_case NAME: the transcript of one case, on standard output
run_case() {
	dir=$TMPD/case-$1
	rm -rf "$dir" && mkdir -p "$dir" && cp "$TMPD/canary" "$dir/.canary" || return 1
	(
		cd "$dir" || exit 99
		eval "set -- $(cat "$GOLDEN/$1.args")"
		if [ -f "$GOLDEN/$1.env" ]; then
			UNATTEND_GEN_ADMIN_PASSWORD=$CANARY "$GEN" "$@" 2>&1
		else
			"$GEN" "$@" 2>&1
		fi
		echo "exit $?"
		rm -f .canary
		find . -type f | LC_ALL=C sort | while read -r f; do
			printf '== %s %s\n' "$f" "$(stat -c %a "$f")"
			cat "$f"
		done
	)
}

for args in "$GOLDEN"/*.args; do
	name=$(basename "$args" .args)
	run_case "$name" | sed -e "s|$GEN|unattend-gen|g" -e "s|$top_builddir/unattend-gen|unattend-gen|g" -e "s|$top_srcdir|\$top_srcdir|g" \
		-e "s|$srcdir_real|\$top_srcdir|g" >"$TMPD/$name.out"
	if [ -n "${UA_REGEN:-}" ]; then
		cp "$TMPD/$name.out" "$GOLDEN/$name.out"
	fi
	if cmp -s "$GOLDEN/$name.out" "$TMPD/$name.out"; then
		ok
	else
		not_ok "$name: $(diff "$GOLDEN/$name.out" "$TMPD/$name.out" | head -10)"
	fi
done

# The static password never reaches standard output or standard error, whatever happens.
for a in ec2config ec2launch ec2launch-v2; do
	for how in file env bad; do
		d=$TMPD/pw-$a-$how && mkdir -p "$d"
		case $how in
		file) "$GEN" --agent=$a -o "$d" --admin-password-file="$TMPD/canary" >"$d.out" 2>&1 ;;
		env) UNATTEND_GEN_ADMIN_PASSWORD=$CANARY "$GEN" --agent=$a -o "$d" --admin-password=static >"$d.out" 2>&1 ;;
		bad) UNATTEND_GEN_ADMIN_PASSWORD=$CANARY "$GEN" --agent=$a -o "$d" --admin-password=static \
			--timezone=Nowhere --computer-name=ABCDEFGHIJKLMNOPQRST >"$d.out" 2>&1 ;;
		esac
		if grep -qF -- "$CANARY" "$d.out"; then not_ok "$a $how: the password was printed"; else ok; fi
		check "$a $how: the password never on the command line output" "" \
			"$(grep -F "$(printf '%s' "$CANARY" | cut -c1-8)" "$d.out")"
	done
done
"$GEN" --admin-password=static --admin-password-file="$TMPD/canary" >"$TMPD/o" 2>&1
check "static password to standard output refused" "exit 2" "exit $?"
if grep -qF -- "$CANARY" "$TMPD/o"; then not_ok "refusal printed the password"; else ok; fi
printf '%s\nsecond line\n' "$CANARY" >"$TMPD/two-lines"
"$GEN" -o "$TMPD" --admin-password-file="$TMPD/two-lines" >"$TMPD/o" 2>&1
check "two-line password file refused" "exit 2" "exit $?"
if grep -qF -- "$CANARY" "$TMPD/o"; then not_ok "the password file error printed the password"; else ok; fi

# A password that cannot be written (a control character) is refused, never echoed.
printf 'Ctl%sX\001Pw\n' "$$" >"$TMPD/ctl-pw"
mkdir -p "$TMPD/ctl" && "$GEN" --agent=ec2launch-v2 -o "$TMPD/ctl" --admin-password=static \
    --admin-password-file="$TMPD/ctl-pw" >"$TMPD/ctl.out" 2>&1
check "control character in the password file: status" 2 $?
if grep -q "Ctl$$" "$TMPD/ctl.out"; then not_ok "the password was printed"; else ok; fi
contains "control character message" "control characters" "$TMPD/ctl.out"
check "nothing written" "" "$(ls "$TMPD/ctl")"

# The obscured password in sysprep2008.xml is what Windows Setup decodes.
want=$(printf '%sAdministratorPassword' "$CANARY" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)
contains "sysprep2008.xml holds the obscured password" "<Value>$want</Value>" "$TMPD/pw-ec2config-file/sysprep2008.xml"

# Every output of every agent passes unattend-validate, and output is deterministic.
# (A static password sits in clear text in LaunchConfig.json and agent-config.yml,
# where the agents allow nothing else; the validator's cleartext-password rule
# rightly reports that, so it is set aside here.)
for a in ec2config ec2launch ec2launch-v2; do
	"$VALIDATE" --no-config --disable=cleartext-password "$TMPD/pw-$a-file"/* >"$TMPD/o" 2>&1
	check "$a outputs validate" "0" "$?"
	d=$TMPD/again-$a && mkdir -p "$d"
	"$GEN" --agent=$a -o "$d" --admin-password-file="$TMPD/canary" 2>/dev/null
	check "$a output is deterministic" "" "$(diff -r "$TMPD/pw-$a-file" "$d")"
done

# Nothing is written, and no temporary is left, when a file exists or the result is invalid.
d=$TMPD/partial && mkdir -p "$d" && : >"$d/agent-config.yml"
"$GEN" -o "$d" 2>/dev/null
check "an existing file refuses the whole set" "2 agent-config.yml" "$? $(ls -A "$d")"
"$GEN" -o "$d" --force 2>/dev/null
check "--force replaces it" "0 agent-config.yml unattend.xml" "$? $(ls -A "$d" | tr '\n' ' ' | sed 's/ $//')"
# -o DIR is made when missing (with its parents), and only once the result is written
"$GEN" -o "$TMPD/no-such-dir/build" 2>"$TMPD/err"
check "missing output directory made" "0 agent-config.yml unattend.xml" "$? $(ls -A "$TMPD/no-such-dir/build" | tr '\n' ' ' | sed 's/ $//')"
"$GEN" --agent=ec2launch --admin-password=keep -o "$TMPD/refused/build" 2>"$TMPD/err"
check "refused: no directory made" "1 no" "$? $([ -e "$TMPD/refused" ] && echo yes || echo no)"
: >"$TMPD/plain"
"$GEN" -o "$TMPD/plain/build" 2>"$TMPD/err"
check "output directory under a file" "2" "$?"
contains "output directory under a file message" "plain/build: Not a directory" "$TMPD/err"

# --user-data=FILE writes user data (--user-data-file is the same); on/off is the old
# name of --handle-user-data, with a warning, unless a file has that name
d=$TMPD/ud && mkdir -p "$d/a" "$d/b" "$d/c" "$d/d" && printf 'Write-Output boot\n' >"$d/on"
"$GEN" --agent=ec2launch --user-data="$d/on" -o "$d/a" 2>"$TMPD/err"
check "--user-data=FILE" "0 LaunchConfig.json Unattend.xml user-data.txt" "$? $(ls -A "$d/a" | tr '\n' ' ' | sed 's/ $//')"
check "--user-data=FILE quiet" "" "$(cat "$TMPD/err")"
"$GEN" --agent=ec2launch --user-data-file="$d/on" -o "$d/b" 2>/dev/null
check "--user-data-file alias" "" "$(diff -r "$d/a" "$d/b")"
(cd "$d" && "$GEN" --agent=ec2launch --user-data=on -o c 2>"$TMPD/err")
check "a file named on" "0 yes" "$? $([ -e "$d/c/user-data.txt" ] && echo yes || echo no)"
(cd "$d/d" && "$GEN" --agent=ec2launch --user-data=off -o . 2>"$TMPD/err")
check "--user-data=off: the switch" "0 no" "$? $([ -e "$d/d/user-data.txt" ] && echo yes || echo no)"
contains "--user-data=off handleUserData" '"handleUserData": false' "$d/d/LaunchConfig.json"
check "--user-data=off warns once" 1 "$(grep -c 'deprecated.*--handle-user-data=on|off' "$TMPD/err")"
printf 'agent = ec2launch\nuser-data = off\n' >"$d/old.profile"
"$GEN" --profile="$d/old.profile" -o "$d/e" 2>"$TMPD/err"
check "profile user-data = off" 1 "$(grep -c 'deprecated' "$TMPD/err")"
contains "profile handleUserData" '"handleUserData": false' "$d/e/LaunchConfig.json"
printf 'agent = ec2launch\nuser-data = on\n' >"$d/file.profile"
"$GEN" --profile="$d/file.profile" -o "$d/f" 2>"$TMPD/err"
check "profile user-data = on beside a file named on" "0 yes" "$? $([ -e "$d/f/user-data.txt" ] && echo yes || echo no)"

# --agent by the agent table's other spelling: the same set
"$GEN" --agent=ec2launch -o "$TMPD/v1a" 2>/dev/null && "$GEN" --agent=ec2launch-v1 -o "$TMPD/v1b" 2>/dev/null
check "--agent=ec2launch-v1 is ec2launch" "0 " "$? $(diff -r "$TMPD/v1a" "$TMPD/v1b")"

# the answer file on a full standard output: trouble, with the write error
if [ -w /dev/full ]; then
	"$GEN" >/dev/full 2>"$TMPD/err"; check "write error status" 2 $?
	contains "write error message" "write error" "$TMPD/err"
fi

finish
