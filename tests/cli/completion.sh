# SPDX-License-Identifier: MIT
# bash completion: options from each program's --help, kinds, rules, agents and values.
. "$top_srcdir/tests/cli/lib.sh"
bc=/usr/share/bash-completion/bash_completion
command -v bash >/dev/null && [ -r "$bc" ] || { echo "SKIP: no bash-completion"; exit 77; }

# complete LINE: the words bash would offer for LINE (the cursor at its end)
complete_line() {
	PATH="$top_builddir:$PATH" bash -c '
		. "$1"; . "$2"
		line=$3
		read -ra COMP_WORDS <<<"$line"
		[[ $line == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE=$line; COMP_POINT=${#line}
		_unattend_tools "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' sh "$bc" "$top_srcdir/completion/unattend-tools.bash" "$1" 2>&1
}

complete_line "unattend-validate --ki" >"$TMPD/c"
contains "long option from --help" "--kind=" "$TMPD/c"
complete_line "unattend-validate --kind " >"$TMPD/c"
contains "kinds" "launchconfig" "$TMPD/c"
contains "kinds" "agent-config" "$TMPD/c"
complete_line "unattend-validate --disable " >"$TMPD/c"
contains "rule names" "admin-password-data-missing" "$TMPD/c"
complete_line "unattend-validate --severity value-en" >"$TMPD/c"
contains "rule then =" "value-enum=" "$TMPD/c"
complete_line "unattend-gen --handle-user-data " >"$TMPD/c"
contains "switch values" "off" "$TMPD/c"
complete_line "unattend-gen --user-data-form " >"$TMPD/c"
contains "user data forms" "yaml" "$TMPD/c"
complete_line "unattend-validate -f " >"$TMPD/c"
contains "validate formats" "sarif" "$TMPD/c"
complete_line "unattend-diff -f " >"$TMPD/c"
if grep -q sarif "$TMPD/c"; then not_ok "unattend-diff offers sarif"; else ok; fi
complete_line "unattend-gen --agent " >"$TMPD/c"
contains "agents" "ec2launch-v2" "$TMPD/c"
complete_line "unattend-gen --admin-password " >"$TMPD/c"
contains "password modes" "keep" "$TMPD/c"
complete_line "unattend-gen --os " >"$TMPD/c"
contains "os values" "2019" "$TMPD/c"
complete_line "unattend-diff --show" >"$TMPD/c"
contains "unattend-diff options" "--show-secrets" "$TMPD/c"
complete_line "unattend-diff --var" >"$TMPD/c"
contains "unattend-diff template values" "--var-file=" "$TMPD/c"
# every program the completion names is one the build makes or will make
for p in unattend-validate unattend-diff unattend-gen; do
	if grep -q "complete -F _unattend_tools.*$p" "$top_srcdir/completion/unattend-tools.bash"; then ok; else not_ok "$p has no completion"; fi
done
finish
