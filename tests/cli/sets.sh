# SPDX-License-Identifier: MIT
# A directory is one image's set: every case of tests/files/sets produces exactly the
# (file, line, rule) findings its EXPECT index lists, while each of its files checked
# alone has no error; the lockouts' findings name the other files (text, JSON, SARIF).
. "$top_srcdir/tests/cli/lib.sh"
SETS=$FILES/sets
for dir in "$SETS"/*/; do
	case=$(basename "$dir")
	opts=$(awk -F '\t' -v c="$case" '$1 == c && $2 == "options" { print $3 }' "$SETS/EXPECT")
	awk -F '\t' -v c="$case" '$1 == c && $2 != "options" { print $2 ":" $3 ":" $4 }' "$SETS/EXPECT" |
	    LC_ALL=C sort -u >"$TMPD/want"
	# shellcheck disable=SC2086
	"$VALIDATE" --no-config --color=never $opts "$SETS/$case" >"$TMPD/out" 2>&1
	status=$?
	# shellcheck disable=SC2016
	awk -v p="$SETS/$case/" 'index($0, p) == 1 {
		rest = substr($0, length(p) + 1)
		if (match(rest, /^[^:]*:[0-9]+:[0-9]+: (error|warning): .* \[[a-z0-9-]+\]$/)) {
			split(rest, f, ":")
			rule = rest; sub(/.*\[/, "", rule); sub(/\]$/, "", rule)
			print f[1] ":" f[2] ":" rule
		}
	}' "$TMPD/out" | LC_ALL=C sort -u >"$TMPD/got"
	if cmp -s "$TMPD/want" "$TMPD/got"; then
		ok
	else
		not_ok "$case: want [$(tr '\n' ' ' <"$TMPD/want")] got [$(tr '\n' ' ' <"$TMPD/got")]"
	fi
	want_status=0
	grep -q ":set-password-\(scrambled\|disabled\)$\|:set-agents-mixed$\|:userdata-\(detach-unsupported\|size\)$" \
	    "$TMPD/want" && want_status=1
	check "$case: exit status" "$want_status" "$status"
	for f in "$dir"*; do
		"$VALIDATE" --no-config --color=never $opts "$f" >"$TMPD/alone" 2>&1
		case $? in
		0) ok ;;
		*) case $f in
		   *.txt|*/packer-vars.json) ok ;;
		   *) not_ok "$case/$(basename "$f") alone: $(head -3 "$TMPD/alone")" ;;
		   esac ;;
		esac
	done
done

# each related location is a note line in text, a related array in JSON, relatedLocations in SARIF
lock=$SETS/lockout-ec2config
"$VALIDATE" --no-config --target=2012r2 "$lock" >"$TMPD/out" 2>&1
check "text notes" 2 "$(grep -c ': note: related to the finding above \[set-password-scrambled\]$' "$TMPD/out")"
contains "text note config.xml" "$lock/config.xml:7:7: note:" "$TMPD/out"
contains "text note BundleConfig.xml" "$lock/BundleConfig.xml:14:5: note:" "$TMPD/out"
"$VALIDATE" --no-config --target=2012r2 -f json "$lock" >"$TMPD/json"
check "json status" 1 $?
check "json related" "$lock/config.xml:7 $lock/BundleConfig.xml:14" "$(python3 -c '
import json, sys
for d in json.load(open(sys.argv[1])):
    if d["rule"] == "set-password-scrambled":
        print(" ".join("%s:%d" % (r["file"], r["line"]) for r in d["related"]))' "$TMPD/json")"
"$VALIDATE" --no-config --target=2012r2 -f sarif "$lock" >"$TMPD/sarif"
check "sarif relatedLocations" "2 14" "$(python3 -c '
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["runs"][0]["results"] if x["ruleId"] == "set-password-scrambled"][0]
l = r["relatedLocations"]
print(len(l), l[1]["physicalLocation"]["region"]["startLine"])' "$TMPD/sarif")"

# GitHub annotations have one place: the related ones are named in the text
"$VALIDATE" --no-config --target=2012r2 -f github "$lock" >"$TMPD/gh"
contains "github related" "(see $lock/config.xml:7, $lock/BundleConfig.xml:14) [set-password-scrambled]" "$TMPD/gh"

# -v says which files a set skips and which agent it has
"$VALIDATE" --no-config -v "$SETS/skipped-files" >"$TMPD/out" 2>"$TMPD/err"
check "skipped status" 0 $?
contains "skipped README" "skipped-files/README.txt: skipped: not a file of a known kind" "$TMPD/err"
contains "skipped json" "skipped-files/packer-vars.json: skipped: not a file of a known kind" "$TMPD/err"
contains "agent told" "a set of 2 files, agent ec2launch-v2" "$TMPD/err"
# one table of agents: --agent takes each agent's other spelling too
"$VALIDATE" --no-config -v --agent=ec2launch-v1 "$SETS/good-ec2launch" >"$TMPD/out" 2>"$TMPD/err"
check "--agent=ec2launch-v1" 0 $?
contains "ec2launch-v1 is ec2launch" "a set of 2 files, agent ec2launch" "$TMPD/err"
"$VALIDATE" --no-config --agent=ec2launch-v3 "$SETS/good-ec2launch" >"$TMPD/out" 2>&1
check "unknown --agent" 2 $?
contains "unknown --agent names them" "unknown agent 'ec2launch-v3' (ec2config, ec2launch, ec2launch-v2)" "$TMPD/out"
# user data is checked for the set's agent: told by --agent when no file tells it
mkdir "$TMPD/ud" && cp "$SETS/user-data-ec2launch/Unattend.xml" "$SETS/user-data-ec2launch/user-data" "$TMPD/ud/"
"$VALIDATE" --no-config "$TMPD/ud" >"$TMPD/out" 2>&1
check "user data, no agent told: EC2Launch v2's" "0 0" "$? $(grep -c 'userdata-detach' "$TMPD/out")"
"$VALIDATE" --no-config --agent=ec2launch-v1 "$TMPD/ud" >"$TMPD/out" 2>&1
check "user data, --agent=ec2launch-v1" 1 $?
contains "user data checked for EC2Launch v1" "user-data:5:1: error: <detach> is read only by EC2Launch v2 2.0.1521 or later (\"not supported on previous launch agents\"); this user data is checked for EC2Launch v1. [userdata-detach-unsupported]" "$TMPD/out"
"$VALIDATE" --no-config --agent-version=ec2launch-v2@2.0.1303 "$TMPD/ud" >"$TMPD/out" 2>&1
contains "no agent told: --agent-version's" "[userdata-detach-too-new]" "$TMPD/out"

# a set rule's agent="..." takes either spelling; an unknown agent stops the table
mkdir "$TMPD/data" && cp -R "$UNATTEND_TOOLS_DATADIR/schemas" "$UNATTEND_TOOLS_DATADIR/templates" "$TMPD/data/" &&
    sed 's/agent="ec2launch ec2launch-v2"/agent="ec2launch-v1 ec2launch-v2"/' \
    "$UNATTEND_TOOLS_DATADIR/schemas/rules/sets.xml" >"$TMPD/data/schemas/rules/sets.xml"
UNATTEND_TOOLS_DATADIR=$TMPD/data "$VALIDATE" --no-config "$SETS/lockout-ec2launch" >"$TMPD/out" 2>&1
check "set rule agent=ec2launch-v1" "1 1" "$? $(grep -c 'error: .*\[set-password-disabled\]' "$TMPD/out")"
sed -i 's/agent="ec2launch-v1 ec2launch-v2"/agent="ec2launch-v9 ec2launch-v2"/' "$TMPD/data/schemas/rules/sets.xml"
UNATTEND_TOOLS_DATADIR=$TMPD/data "$VALIDATE" --no-config "$SETS/lockout-ec2launch" >"$TMPD/out" 2>&1
check "set rule of an unknown agent" 2 $?
contains "set rule of an unknown agent said" "unknown agent 'ec2launch-v9'" "$TMPD/out"
"$VALIDATE" --no-config "$SETS/skipped-files" 2>"$TMPD/err" >/dev/null
check "quiet without -v" "" "$(cat "$TMPD/err")"

# the policy and inline markers apply to set findings as to any other
"$VALIDATE" --no-config --disable=set-password-disabled "$SETS/lockout-ec2launch" >"$TMPD/out" 2>&1
check "disabled set rule" "0 0" "$? $(grep -c 'set-password-disabled' "$TMPD/out")"
"$VALIDATE" --no-config --severity=set-password-disabled=warning "$SETS/lockout-ec2launch" >"$TMPD/out" 2>&1
check "set rule as a warning" "0 1" "$? $(grep -c ': warning: .*\[set-password-disabled\]$' "$TMPD/out")"
mkdir "$TMPD/supp" && cp "$SETS/lockout-ec2config"/* "$TMPD/supp"
sed 's|\(ScramblePassword.exe.*</Path>\)|\1 <!-- unattend-validate: disable=set-password-scrambled -->|' \
    "$SETS/lockout-ec2config/sysprep2008.xml" >"$TMPD/supp/sysprep2008.xml"
"$VALIDATE" --no-config --target=2012r2 "$TMPD/supp" >"$TMPD/out" 2>&1
check "inline marker on a set finding" "0 0" "$? $(grep -c 'set-password-scrambled' "$TMPD/out")"

# several directories are several sets; files and sets mix in one run
"$VALIDATE" --no-config "$SETS/good-ec2launch" "$SETS/lockout-ec2launch-v2" \
    "$SETS/good-ec2launch-v2/unattend.xml" >"$TMPD/out" 2>&1
check "two sets status" 1 $?
check "two sets findings" 1 "$(grep -c ': error: ' "$TMPD/out")"

# Packer's own layout, data/autounattend.pkrtpl.hcl: a template whose name without its
# suffix tells no kind is read for its content in a directory, as it is on its own
mkdir "$TMPD/packer-data"
cp "$FILES/templates/proxmox-autounattend.xml.pkrtpl.hcl" "$TMPD/packer-data/autounattend.pkrtpl.hcl"
printf 'resource "x" "y" {}\n' >"$TMPD/packer-data/main.tf.tpl"
"$VALIDATE" --no-config "$TMPD/packer-data/autounattend.pkrtpl.hcl" >"$TMPD/alone" 2>&1
"$VALIDATE" --no-config -v "$TMPD/packer-data" >"$TMPD/out" 2>&1
check "Packer template in a directory: status" 1 $?
check "Packer template in a directory: its findings as alone" \
    "$(grep -c 'autounattend.pkrtpl.hcl:[0-9]*:[0-9]*: error' "$TMPD/alone")" \
    "$(grep -c 'autounattend.pkrtpl.hcl:[0-9]*:[0-9]*: error' "$TMPD/out")"
contains "another template of no kind is skipped" "main.tf.tpl: skipped" "$TMPD/out"

# an EC2Config set is for Windows Server 2012 R2 or earlier (schemas/agents/targets.tsv):
# settings deprecated from Windows 10 on are not reported in its answer file, as when its
# image names such a release; alone, with no release known, they are
mkdir "$TMPD/ec2config-set" "$TMPD/no-agent"
cp "$top_srcdir/examples/ec2config/sysprep2008.xml" "$TMPD/ec2config-set/"
cp "$top_srcdir/examples/ec2config/sysprep2008.xml" "$TMPD/no-agent/unattend.xml"
"$VALIDATE" --no-config "$TMPD/ec2config-set" >"$TMPD/out" 2>&1
check "EC2Config set: status" 0 $?
if grep -q "deprecated-setting" "$TMPD/out"; then not_ok "EC2Config set: $(cat "$TMPD/out")"; else ok; fi
"$VALIDATE" --no-config "$TMPD/no-agent" >"$TMPD/out" 2>&1
contains "no agent, no release: deprecated-setting" "[deprecated-setting]" "$TMPD/out"
"$VALIDATE" --no-config --target=2019 "$TMPD/ec2config-set" >"$TMPD/out" 2>&1
contains "EC2Config set, --target=2019: deprecated-setting" "[deprecated-setting]" "$TMPD/out"

# an unknown agent, an empty directory, a directory that cannot be read
"$VALIDATE" --no-config --agent=ec2launch-v3 "$SETS/good-ec2launch" 2>"$TMPD/err"
check "unknown agent status" 2 $?
contains "unknown agent message" "unknown agent 'ec2launch-v3'" "$TMPD/err"
mkdir "$TMPD/empty"
"$VALIDATE" --no-config "$TMPD/empty" 2>"$TMPD/err"
check "empty directory status" 2 $?
contains "empty directory message" "no file of a known kind" "$TMPD/err"
if [ "$(id -u)" -ne 0 ]; then
	mkdir "$TMPD/closed" && cp "$SETS/good-ec2launch"/* "$TMPD/closed" && chmod 000 "$TMPD/closed"
	"$VALIDATE" --no-config "$TMPD/closed" 2>"$TMPD/err"
	check "unreadable directory status" 2 $?
	chmod 700 "$TMPD/closed"
	chmod 000 "$TMPD/closed/LaunchConfig.json"
	"$VALIDATE" --no-config "$TMPD/closed" 2>"$TMPD/err"
	check "unreadable member status" 2 $?
	contains "unreadable member message" "LaunchConfig.json" "$TMPD/err"
fi
finish
