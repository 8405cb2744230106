# SPDX-License-Identifier: MIT
# Gates that cannot be talked out of failing: file names that look like options,
# misspelt rule names, inline markers, and the policy file found upward.
. "$top_srcdir/tests/cli/lib.sh"
cd "$TMPD" || exit 99
limit=$((10 * SCALE))
BIN=$(dirname "$VALIDATE")
bad='<unattend xmlns="urn:schemas-microsoft-com:unattend"><oops></unattend>'

# --- every documented invocation ends its options before the file names ---
if command -v git >/dev/null 2>&1; then
	git init -q repo && cd repo || exit 99
	printf '<?xml version="1.0"?>\n<!DOCTYPE unattend [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<unattend>&x;</unattend>\n' >Autounattend.xml
	mkdir -- -h '--data-dir=evil' -x
	printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"/>\n' >-x/unattend.xml
	printf '%s\n' "$bad" >-h/unattend.xml
	printf '%s\n' "$bad" >'--data-dir=evil/unattend.xml'
	git add -A
	# docs: the README's command line for any CI, as written there
	sed -n 's/^\(git ls-files -z .*| xargs -0 unattend-validate --\)$/\1/p' "$top_srcdir/README.md" >readme.cmds
	check "README has the git ls-files | xargs line" 1 "$(wc -l <readme.cmds)"
	PATH=$BIN:$PATH sh readme.cmds >out 2>&1 </dev/null
	check "README xargs line status (xargs: 123 for 1)" 123 $?
	contains "README line reads -h/unattend.xml" "-h/unattend.xml:1:" out
	contains "README line reads --data-dir=..." "--data-dir=evil/unattend.xml:1:" out
	# the GitHub Action's validate step, as action.yml runs it
	awk '/^    - name: Validate/ { v = 1 } v && /^      run: \|/ { r = 1; next }
	    r { sub(/^        /, ""); print }' "$top_srcdir/action.yml" >action.sh
	if command -v bash >/dev/null 2>&1; then
		UA_FILES='Autounattend.xml -h/unattend.xml --data-dir=evil/unattend.xml' UA_FORMAT=text \
		    UA_SARIF=action.sarif UA_ARGS='--no-config' PATH=$BIN:$PATH bash action.sh >out 2>&1 </dev/null
		check "action step status" 1 $?
		contains "action step reads -h/unattend.xml" "-h/unattend.xml:1:" out
		contains "action step reads --data-dir=..." "--data-dir=evil/unattend.xml:1:" out
		contains "action step writes SARIF" '"version"' action.sarif
		UA_FILES= UA_FORMAT=text UA_SARIF= UA_ARGS='--no-config' PATH=$BIN:$PATH bash action.sh >out 2>&1 </dev/null
		check "action step with the default files (git ls-files)" 1 $?
		contains "action step default files include -h/unattend.xml" "-h/unattend.xml:1:" out
	fi
	# the pre-commit hooks: entry, then args, then the file names
	awk '/^- id:/ { if (e != "") print e " " a; e = ""; a = "" }
	    /^  entry:/ { sub(/^  entry: */, ""); e = $0 }
	    /^  args:/ { sub(/^  args: *\[/, ""); sub(/\] *$/, ""); gsub(/[\047",]/, " "); a = $0 }
	    END { if (e != "") print e " " a }' "$top_srcdir/.pre-commit-hooks.yaml" >hooks.cmds
	check "four pre-commit hooks" 4 "$(wc -l <hooks.cmds)"
	while IFS= read -r cmd; do
		PATH=$BIN:$PATH eval "$cmd Autounattend.xml -h/unattend.xml --data-dir=evil/unattend.xml" >out 2>&1 </dev/null
		check "hook status: $cmd" 1 $?
		contains "hook reads -h/unattend.xml: $cmd" "-h/unattend.xml:1:" out
		contains "hook reads --data-dir=...: $cmd" "--data-dir=evil/unattend.xml:1:" out
	done <hooks.cmds
	# the man page's pre-commit example (git diff --cached | xargs)
	sed -n '/^git diff --cached/,/xargs/p' "$top_srcdir/man/unattend-validate.1" |
	    sed 's/\\e$/\\/' >xargs.cmd
	contains "the man page has the xargs example" "xargs -0 -r unattend-validate" xargs.cmd
	PATH=$BIN:$PATH sh xargs.cmd >out 2>&1 </dev/null
	check "xargs example status (xargs: 123 for 1)" 123 $?
	contains "xargs example reads -h/unattend.xml" "-h/unattend.xml:1:" out
	contains "xargs example reads --data-dir=..." "--data-dir=evil/unattend.xml:1:" out
	# unattend-diff as git's diff driver, configured as its man page says
	sed -n 's/^	command = \(.*\)$/\1/p' "$top_srcdir/man/unattend-diff.1" | sed 's/\\e/\\/g' >driver
	check "the man page has the driver" 1 "$(wc -l <driver)"
	printf '[diff "unattend"]\n\tcommand = %s\n' "$(cat driver)" >>.git/config
	printf '*unattend*.xml diff=unattend\n' >.gitattributes
	git -c user.email=t@t -c user.name=t commit -qm x
	printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="windowsPE"/></unattend>\n' >-x/unattend.xml
	PATH=$BIN:$PATH git diff -- -x/unattend.xml >out 2>&1
	check "git diff with the driver" 0 $?
	contains "the driver compares -x/unattend.xml" "+ windowsPE" out
	if grep -q "^usage:" out; then not_ok "the driver took -h for an option"; else ok; fi
	cd "$TMPD" || exit 99
fi
# every program accepts -- and then takes anything for a file
mkdir -- -h
printf '%s\n' "$bad" >-h/unattend.xml
"$VALIDATE" --no-config -- -h/unattend.xml >out 2>&1; check "validate --" 1 $?
contains "validate -- reads the file" "-h/unattend.xml:1:" out
"$VALIDATE" --no-config -- --help >out 2>&1; check "validate -- --help is a file" 2 $?
contains "validate -- --help" "unattend-validate: --help: No such file or directory" out
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"/>\n' >-h/old-unattend.xml
"$DIFF" -- -h/old-unattend.xml -h/old-unattend.xml >out 2>&1; check "diff --" 0 $?
"$DIFF" -- -h/old-unattend.xml --version >out 2>&1; check "diff -- --version is a file" 2 $?

# --- a misspelt rule name is trouble, with the rule meant ---
wp=$FILES/unattend/bad-wrong-pass.xml
for opt in --disable=wrong-pas --enable=wrong-pas --severity=wrong-pas=error \
    --disable=name-case,wrong-pas; do
	"$VALIDATE" --no-config "$opt" "$wp" >out 2>err; check "$opt status" 2 $?
	contains "$opt message" "unattend-validate: unknown rule 'wrong-pas' (did you mean 'wrong-pass'?)" err
	check "$opt prints no findings" "" "$(cat out)"
done
"$VALIDATE" --no-config --disable=qqqqqqqqqqqq "$wp" 2>err; check "far-off rule name" 2 $?
contains "far-off rule name message" "unknown rule 'qqqqqqqqqqqq' (see --list-rules)" err
for rule in syntax doctype limit wrong-pass; do
	"$VALIDATE" --no-config --enable=$rule "$wp" >out 2>err; check "known rule $rule" 0 $?
done
mkdir typo && printf 'disable = wrong-pas\n' >typo/.unattend-validate
(cd typo && "$VALIDATE" "$wp" >../out 2>../err); check "policy typo status" 2 $?
contains "policy typo message" "typo/.unattend-validate: unknown rule 'wrong-pas' (did you mean 'wrong-pass'?)" err
printf 'severity nme-case = error\n' >typo.conf
"$VALIDATE" --config=typo.conf "$wp" >out 2>err; check "--config typo status" 2 $?
contains "--config typo message" "typo.conf: unknown rule 'nme-case' (did you mean 'name-case'?)" err

# --- inline markers: only real comments, never for a file not fully read ---
marker() {	# marker NAME STATUS NEEDLE FILE: the marker left the finding in place
	timeout "$limit" "$VALIDATE" --no-config "$4" >out 2>&1
	check "$1 status" "$2" $?
	[ -n "$3" ] && contains "$1 finding" "$3" out
}
printf '<?xml version="1.0"?>\n<!-- unattend-validate: disable=doctype -->\n<!DOCTYPE unattend [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<unattend xmlns="urn:schemas-microsoft-com:unattend">&x;</unattend>\n' >doctype-unattend.xml
marker "marker: doctype" 1 "doctype-unattend.xml:3:1: error: DOCTYPE" doctype-unattend.xml
printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"/> <oops/> <!-- unattend-validate: disable=syntax -->\n' >syntax-unattend.xml
marker "marker: syntax (XML)" 1 "[syntax]" syntax-unattend.xml
printf 'version: 1.0\ntasks: %s # unattend-validate: disable=limit\n' "$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "["; for (i = 0; i < 300; i++) printf "]" }')" >deep-agent-config.yml
marker "marker: limit (YAML)" 1 "[limit]" deep-agent-config.yml
printf 'version: 1.0\ntasks: [ # unattend-validate: disable=syntax\n' >broken-agent-config.yml
marker "marker: syntax (YAML)" 1 "[syntax]" broken-agent-config.yml
# JSON has no comments: a '#' in a string is text
printf '{"x": "# unattend-validate: disable=syntax", "adminPasswordType": oops}\n' >LaunchConfig.json
marker "marker in a JSON string, broken file" 1 "[syntax]" LaunchConfig.json
printf '{"setComputerName": "maybe", "x": "# unattend-validate: disable=value-type,structure"}\n' >LaunchConfig.json
marker "marker in a JSON string" 1 "[value-type]" LaunchConfig.json
contains "marker in a JSON string keeps both rules" "[structure]" out
# YAML: a '#' inside a quoted scalar (flow, or one spanning lines) is text
printf 'version: 1.0\nconfig:\n  - stage: preReady\n    tasks:\n      - {task: extendRootPartition, x: " # unattend-validate: disable=task-stage,structure"}\n' >agent-config.yml
marker "marker in a YAML string" 1 "agent-config.yml:5:10: error: Task extendRootPartition" agent-config.yml
contains "marker in a YAML string keeps both rules" "[structure]" out
printf 'version: 1.0\nconfig:\n  - stage: preReady\n    tasks:\n      - x: "a\n          # unattend-validate: disable=task-stage"\n        task: extendRootPartition\n' >agent-config.yml
marker "marker in a YAML string over lines" 1 "[task-stage]" agent-config.yml
# XML: a CDATA section is text, not a comment
sed 's|^\( *\)<CopyProfile>|\1<RegisteredOwner><![CDATA[\n<!-- unattend-validate: disable=wrong-pass -->]]></RegisteredOwner>\n\1<CopyProfile>|' "$wp" >cdata-unattend.xml
marker "marker in CDATA" 0 "[wrong-pass]" cdata-unattend.xml
# real comments still work, trailing or on the line before, several rules
printf 'version: 1.0\nconfig:\n  - stage: preReady\n    tasks:\n      - {task: extendRootPartition, x: 1} # unattend-validate: disable=task-stage,structure\n' >agent-config.yml
marker "YAML trailing comment" 0 "" agent-config.yml
check "YAML trailing comment drops both" "" "$(cat out)"
printf 'version: 1.0\nconfig:\n  - stage: preReady\n    tasks:\n      # unattend-validate: disable=task-stage\n\n      - task: extendRootPartition\n' >agent-config.yml
marker "YAML comment before the line" 0 "" agent-config.yml
sed 's|^\( *\)<CopyProfile>|\1<!-- unattend-validate: disable=name-case, wrong-pass -->\n\1<CopyProfile>|' "$wp" >comment-unattend.xml
"$VALIDATE" --no-config comment-unattend.xml >out; check "XML comment drops the finding" "" "$(cat out)"
# and no policy may switch off or lower what says the file was not fully read
for opt in --disable=syntax --disable=doctype,wrong-pass --disable=limit --severity=limit=note \
    --severity=syntax=warning; do
	"$VALIDATE" --no-config "$opt" syntax-unattend.xml >out 2>err; check "$opt status" 2 $?
	contains "$opt message" "cannot be disabled or lowered: a file that was not fully read never passes" err
done
"$VALIDATE" --no-config --severity=syntax=error syntax-unattend.xml >out 2>err; check "syntax stays an error" 1 $?
printf 'disable = doctype\n' >doctype.conf
"$VALIDATE" --config=doctype.conf doctype-unattend.xml >out 2>err; check "policy file disable=doctype" 2 $?
contains "policy file disable=doctype message" "doctype.conf:1: rule 'doctype' cannot be disabled" err
# a comment of many markers costs time in proportion (33,000 markers)
{ printf '<unattend xmlns="urn:schemas-microsoft-com:unattend">\n<!--'
  awk 'BEGIN { for (i = 0; i < 33000; i++) printf " unattend-validate: disable=wrong-pass" }'
  printf -- '-->\n<settings pass="bogus"/></unattend>\n'; } >markers-unattend.xml
marker "33,000 markers in one comment" 1 "[unknown-pass]" markers-unattend.xml

# --- a rule that cannot finish is trouble, never a finding in the file ---
mkdir data && cp -R "$top_srcdir/schemas" "$top_srcdir/templates" data/ && cat >data/schemas/rules/zz-test.xml <<'XML'
<rules xmlns="urn:unattend-tools:rules:1">
  <ns prefix="u" uri="urn:schemas-microsoft-com:unattend"/>
  <rule name="test-backtrack" severity="error" kind="unattend">
    <summary>A pattern that backtracks without end on a long run of a.</summary>
    <select>//u:RegisteredOwner</select>
    <pattern test="match">^(a|a)+$</pattern><message>owner matched</message>
  </rule>
</rules>
XML
sed 's|^\( *\)<CopyProfile>|\1<RegisteredOwner>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab</RegisteredOwner>\n\1<CopyProfile>|' "$wp" >owner-unattend.xml
timeout "$limit" "$VALIDATE" --no-config --data-dir=data owner-unattend.xml >out 2>err
check "pattern limit status" 2 $?
contains "pattern limit named" "unattend-validate: owner-unattend.xml: rule test-backtrack could not be evaluated on this file (a pattern match limit)" err
contains "pattern limit: other rules ran" "[wrong-pass]" out
if grep -q "\[limit\]" out; then not_ok "pattern limit blamed on the file"; else ok; fi

# --- the policy file found upward: only a regular file of ours, bounded ---
printf '%s\n' "$bad" >bad-unattend.xml
policy() {	# policy NAME STATUS NEEDLE DIR
	(cd "$4" && timeout "$limit" "$VALIDATE" "$TMPD/bad-unattend.xml" >"$TMPD/out" 2>&1)
	check "$1 status" "$2" $?
	[ -n "$3" ] && contains "$1 message" "$3" out
}
mkdir zero && ln -s /dev/zero zero/.unattend-validate
policy "policy: symlink to /dev/zero" 2 "zero/.unattend-validate: not a regular file" zero
mkdir fifo && mkfifo fifo/.unattend-validate
policy "policy: FIFO" 2 "fifo/.unattend-validate: not a regular file" fifo
mkdir dir && mkdir dir/.unattend-validate
policy "policy: directory" 2 "dir/.unattend-validate: Is a directory" dir
mkdir dangling && ln -s nowhere dangling/.unattend-validate
policy "policy: dangling symlink" 2 "dangling/.unattend-validate: No such file or directory" dangling
mkdir big && head -c 70000 /dev/zero | tr '\0' '#' >big/.unattend-validate
policy "policy: too large" 2 "big/.unattend-validate: too large for a policy (limit 64 KiB)" big
mkdir nul && printf 'disable = wrong-pass\0\n' >nul/.unattend-validate
policy "policy: NUL byte" 2 "nul/.unattend-validate: not a text file" nul
mkdir -p shared/victim && chmod 1777 shared && printf 'disable = syntax\n' >shared/.unattend-validate
policy "policy: world-writable directory" 2 \
    "shared/.unattend-validate: refused: its directory $TMPD/shared is writable by others than its owner" shared/victim
(cd shared/victim && "$VALIDATE" --no-config "$TMPD/bad-unattend.xml" >/dev/null 2>&1); check "--no-config skips it" 1 $?
(cd shared/victim && "$VALIDATE" --config=/dev/null "$TMPD/bad-unattend.xml" >"$TMPD/out" 2>&1)
check "--config=/dev/null is not a regular file" 2 $?
mkdir mine && printf 'disable = wrong-pass\n' >mine/.unattend-validate && chmod 666 mine/.unattend-validate
policy "policy: world-writable file" 2 "mine/.unattend-validate: refused: it is writable by others" mine
chmod 644 mine/.unattend-validate
policy "policy: our own file" 1 "[syntax]" mine
if [ "$(id -u)" -eq 0 ] && getent group users >/dev/null; then
	mkdir grp && printf 'disable = wrong-pass\n' >grp/.unattend-validate
	chgrp users grp && chmod 775 grp
	policy "policy: group-writable directory of a shared group" 2 "refused: its directory" grp
	chgrp "$(id -gn)" grp
	policy "policy: group-writable directory of the owner's own group" 1 "[syntax]" grp
fi
finish
