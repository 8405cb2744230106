# SPDX-License-Identifier: MIT
# unattend-gen never writes an image nobody can log on to. For every agent and
# password mode, gen either refuses (exit 1, nothing written) or writes a set that
# unattend-validate passes as a set; and a check that shares no code with the rule
# table (grep over the written files, below) agrees on the three lockouts AWS
# documents. The same check is run over tests/files/sets, where it must agree with
# the set rules' findings.
. "$top_srcdir/tests/cli/lib.sh"

# lockout DIR: prints the lockout the files of DIR make, or nothing.
lockout() {
	d=$1
	ans=$(ls "$d" | grep -i -E 'unattend.*\.xml$|sysprep.*\.xml$' | head -1)
	pw=no
	[ -n "$ans" ] && tr -d '\n' <"$d/$ans" | grep -q '<AdministratorPassword>[[:space:]]*<Value>[^<]' && pw=yes
	# EC2Config: ScramblePassword.exe runs, Ec2SetPassword Disabled, SetPasswordAfterSysprep No
	if [ -f "$d/config.xml" ] && [ -f "$d/BundleConfig.xml" ] && [ -n "$ans" ] &&
	    grep -qi 'ScramblePassword' "$d/$ans" &&
	    tr -d ' \n\r\t' <"$d/config.xml" | grep -q '<Name>Ec2SetPassword</Name><State>Disabled</State>' &&
	    tr -d ' \n\r\t' <"$d/BundleConfig.xml" | grep -q '<Name>SetPasswordAfterSysprep</Name><Value>No</Value>' &&
	    [ "$pw" = no ]; then
		echo ec2config
	fi
	# EC2Launch v1: adminPasswordType DoNothing, no password in the answer file
	if [ -f "$d/LaunchConfig.json" ] && [ -n "$ans" ] &&
	    grep -q '"adminPasswordType"[[:space:]]*:[[:space:]]*"DoNothing"' "$d/LaunchConfig.json" &&
	    [ "$pw" = no ]; then
		echo ec2launch
	fi
	# EC2Launch v2: setAdminAccount type doNothing, no password in the answer file
	if [ -f "$d/agent-config.yml" ] && [ -n "$ans" ] &&
	    grep -A4 'task: setAdminAccount' "$d/agent-config.yml" | grep -q 'type: doNothing' &&
	    [ "$pw" = no ]; then
		echo ec2launch-v2
	fi
}

UNATTEND_GEN_ADMIN_PASSWORD='Gen-Sets-9x!'
export UNATTEND_GEN_ADMIN_PASSWORD
for agent in ec2config ec2launch ec2launch-v2; do
	for mode in random static keep; do
		name="$agent $mode"
		out=$TMPD/$agent-$mode
		"$GEN" --agent="$agent" --admin-password="$mode" -o "$out" >"$TMPD/gen.out" 2>&1
		st=$?
		case $st in
		0)
			check "$name: independent check" "" "$(lockout "$out")"
			# gen stores a static password in clear where the agent's format has no
			# other form, and says so itself (unattend-gen(1))
			"$VALIDATE" --no-config -q --disable=cleartext-password "$out"
			check "$name: the written set validates" 0 $?
			;;
		1)
			check "$name: refused, nothing written" no "$([ -e "$out" ] && echo yes || echo no)"
			contains "$name: refusal says why" "refused: " "$TMPD/gen.out"
			;;
		*)
			not_ok "$name: exit status $st: $(cat "$TMPD/gen.out")"
			;;
		esac
	done
done

# what AWS documents: EC2Config keeps the password (Keep Existing); v1 and v2 cannot
for agent in ec2config ec2launch ec2launch-v2; do
	"$GEN" --agent="$agent" --admin-password=keep -o "$TMPD/k-$agent" >"$TMPD/k-$agent.out" 2>&1
	echo "$agent $?"
done >"$TMPD/keep"
check "keep per agent" "ec2config 0 ec2launch 1 ec2launch-v2 1" "$(tr '\n' ' ' <"$TMPD/keep" | sed 's/ $//')"
contains "keep v1 refusal" "refused: ec2launch cannot keep the existing administrator password" "$TMPD/k-ec2launch.out"
contains "keep v2 refusal" "refused: ec2launch-v2 cannot keep the existing administrator password" "$TMPD/k-ec2launch-v2.out"
check "ec2config keep: no ScramblePassword" 0 "$(grep -c -i scramblepassword "$TMPD/k-ec2config/sysprep2008.xml")"

# the check agrees with the set rules on every stored set
for dir in "$FILES"/sets/*/; do
	case=$(basename "$dir")
	want=$(awk -F '\t' -v c="$case" '$1 == c && $4 ~ /^set-password-(scrambled|disabled)$/ { print "yes" }' \
	    "$FILES/sets/EXPECT" | head -1)
	got=$([ -n "$(lockout "$dir")" ] && echo yes)
	check "$case: independent check agrees" "${want:-no}" "${got:-no}"
done
finish
