# SPDX-License-Identifier: MIT
# --agent-version: every version gate of the rule table on each side of its release
# (tests/files/agent-versions.tsv), the message that explains the rule, and the
# option's errors.
. "$top_srcdir/tests/cli/lib.sh"
V="$VALIDATE --no-config --color=never"
grep -v '^#' "$FILES/agent-versions.tsv" | while IFS='	' read -r file version want; do
	(cd "$FILES/versions" && $V --agent-version="$version" "$file" 2>&1) |
	    sed -n 's/^[^:]*:\([0-9]*\):[0-9]*: \(error\|warning\|note\): .* \[\([a-z0-9-]*\)\]$/\1:\3/p' \
	    >"$TMPD/got"
	case $want in
	-*)	if grep -q ":${want#-}\$" "$TMPD/got"; then
			echo "FAIL: $file at $version reports ${want#-}"
		else echo ok; fi ;;
	*)	if grep -qx "$want" "$TMPD/got"; then echo ok
		else echo "FAIL: $file at $version: want $want, got [$(tr '\n' ' ' <"$TMPD/got")]"; fi ;;
	esac
done >"$TMPD/results"
while IFS= read -r line; do
	if [ "$line" = ok ]; then ok; else not_ok "${line#FAIL: }"; fi
done <"$TMPD/results"

# the finding explains the version rule
cd "$FILES/versions" || exit 99
$V --agent-version=2.0.1303 wallpaper-ipv6/agent-config.yml >"$TMPD/out" 2>&1
check "ipv6 exit" 1 $?
contains "ipv6 message" "ipv6Address needs EC2Launch v2 2.3.108 or later; --agent-version is 2.0.1303." "$TMPD/out"
$V wallpaper-memory/agent-config.yml >"$TMPD/out" 2>&1
contains "default named" "--agent-version is 2.4.0 (the default: the newest documented EC2Launch v2)" "$TMPD/out"
# the policy file takes it too, and the command line has the last word
printf 'agent-version = ec2launch-v2@2.0.1303\n' >"$TMPD/policy"
$VALIDATE --config="$TMPD/policy" --color=never wallpaper-ipv6/agent-config.yml >"$TMPD/out" 2>&1
check "config file" 1 $?
$VALIDATE --config="$TMPD/policy" --agent-version=2.3.108 wallpaper-ipv6/agent-config.yml >"$TMPD/out" 2>&1
check "command line wins" 0 $?

# Windows Server 2012 / 2012 R2 and 32-bit: only where the reader is certain. An answer
# file alone is no agent's until --agent-version names one; a set of EC2Launch v2 is
# (at its newest release by default); agent-config.yml is, with --target.
$V windows-2012r2/unattend.xml windows-x86/unattend.xml >"$TMPD/out" 2>&1
check "answer files alone, no agent named" "0 0" "$? $(grep -c 'dropped\]' "$TMPD/out")"
$V platform-set-2012r2 >"$TMPD/out" 2>&1
check "2012 R2 set, default release" 1 $?
contains "2012 R2 set message (at the image name)" "unattend.xml:11:15: error: This file is for Windows Server 2012 R2, which EC2Launch v2 serves only up to release 2.0.1643; --agent-version is 2.4.0 (the default: the newest documented EC2Launch v2)" "$TMPD/out"
$V --agent=ec2launch platform-set-2012r2 >"$TMPD/out" 2>&1
check "2012 R2 set read as EC2Launch v1" 0 "$(grep -c 'agent-windows-dropped' "$TMPD/out")"
for t in 2012 2012r2 2016; do
	for v in 2.0.1643 2.0.1702; do
		$V --target=$t --agent-version=$v platform-set/agent-config.yml >"$TMPD/out" 2>&1
		n=$(grep -c ':1:1: error: .*\[agent-windows-dropped\]' "$TMPD/out")
		case $t@$v in 201[2]*@2.0.1702) want=1 ;; *) want=0 ;; esac
		check "agent-config --target=$t at $v" "$want" "$n"
	done
done

# errors: exit 2 with the reason
for bad in 9.1 ec2launch-v3@2.0.1 ec2launch-v1@2.0.1303 2..1 2.0.x 'EC2Launch@2.0.1' ''; do
	$V --agent-version="$bad" wallpaper-ipv6/agent-config.yml >"$TMPD/out" 2>&1
	check "bad '$bad' exit" 2 $?
	contains "bad '$bad' said" "unattend-validate: " "$TMPD/out"
done
finish
