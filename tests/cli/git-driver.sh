# SPDX-License-Identifier: MIT
# unattend-diff --git as git's diff driver, configured with the man page's one line:
# semantic diffs, a text diff (secrets hidden) for a file that does not parse, added
# and deleted files, renames, exit 0 always.
. "$top_srcdir/tests/cli/lib.sh"
command -v git >/dev/null 2>&1 || { echo "SKIP: no git"; exit 77; }
command -v diff >/dev/null 2>&1 || { echo "SKIP: no diff"; exit 77; }
cfg=$(sed -n "s/^\.Dl \$ git config diff.unattend.command '\(.*\)'$/\1/p" "$top_srcdir/man/unattend-diff.1")
check "the man page has the one git config line" "unattend-diff --git --" "$cfg"
BIN=$TMPD/bin
mkdir -p "$BIN" && ln -s "$DIFF" "$BIN/unattend-diff"
cd "$TMPD" && git init -q repo && cd repo || exit 99
git config user.email t@t && git config user.name t
git config diff.unattend.command "$cfg"
printf '*.xml diff=unattend\n*.json diff=unattend\n*.yml diff=unattend\n' >.gitattributes
ans() {	# ans TIMEZONE: a small answer file
	printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n  <settings pass="specialize">\n'
	printf '    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">\n'
	printf '      <TimeZone>%s</TimeZone>\n    </component>\n  </settings>\n</unattend>\n' "$1"
}
mkdir -- -x
ans UTC >unattend.xml
ans UTC >-x/unattend.xml
ans UTC >old-name-unattend.xml
printf '{\n  "adminPasswordType": "Specify",\n  "adminPassword": "CanaryPw1x"\n}\n' >LaunchConfig.json
printf 'version: 1.0\nconfig:\n  - stage: boot\n    tasks:\n      - task: extendRootPartition\n' >agent-config.yml
git add -A && git commit -qm one
ans 'Pacific Standard Time' >unattend.xml
ans 'Pacific Standard Time' >-x/unattend.xml
printf '{\n  "adminPasswordType": "Specify",\n  "adminPassword": "CanaryPw2y",\n' >LaunchConfig.json
ans UTC >added-unattend.xml
git rm -q agent-config.yml
git mv old-name-unattend.xml new-name-unattend.xml
git add -A
PATH=$BIN:$PATH git diff --cached >out 2>err
check "git diff exits 0 with the driver" 0 $?
contains "header" "diff --git a/unattend.xml b/unattend.xml" out
contains "semantic change" '~ specialize/Microsoft-Windows-Shell-Setup[amd64]/TimeZone: "UTC" -> "Pacific Standard Time"' out
contains "a path that starts with -" "diff --git a/-x/unattend.xml b/-x/unattend.xml" out
contains "the broken file gets a note" "a side does not parse" out
contains "then a unified diff" "+++ b/LaunchConfig.json" out
contains "its password lines are hidden" "-  (hidden: this line may hold a secret)" out
if grep -q "CanaryPw" out err; then not_ok "a password reached the output"; else ok; fi
contains "the syntax error is on standard error" "LaunchConfig.json" err
contains "an added file" "+ specialize" out
contains "a deleted file" "- config" out
contains "a rename header" "diff --git a/new-name-unattend.xml b/new-name-unattend.xml" out
# the driver itself: exit 0 for differences and for trouble, usage for a wrong count
"$DIFF" --git -- unattend.xml /dev/null 0 100644 unattend.xml 0 100644 >out 2>&1
check "--git: differences are exit 0" 0 $?
"$DIFF" --git -- unattend.xml >out 2>&1
check "--git: an unmerged path is exit 0" 0 $?
contains "--git: unmerged" "* Unmerged path unattend.xml" out
"$DIFF" --git -- a b c >out 2>&1
check "--git: three arguments are a usage error" 2 $?
finish
