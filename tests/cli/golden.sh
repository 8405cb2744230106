# SPDX-License-Identifier: MIT
# Output formats, byte for byte: tests/golden/NAME.args (run in tests/files)
# must print tests/golden/NAME.out, whose last line is the exit status.
. "$top_srcdir/tests/cli/lib.sh"
for args in "$top_srcdir"/tests/golden/*.args; do
	name=$(basename "$args" .args)
	# shellcheck disable=SC2046
	(cd "$FILES" && "$VALIDATE" --no-config $(cat "$args") 2>&1; echo "exit $?") >"$TMPD/$name.out"
	if cmp -s "$top_srcdir/tests/golden/$name.out" "$TMPD/$name.out"; then
		ok
	else
		not_ok "$name: $(diff "$top_srcdir/tests/golden/$name.out" "$TMPD/$name.out" | head -10)"
	fi
done
finish
