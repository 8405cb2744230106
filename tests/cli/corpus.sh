# SPDX-License-Identifier: MIT
# Every real file of ../shared/corpus gets exit 0 or 1: never a crash or trouble.
. "$top_srcdir/tests/cli/lib.sh"
[ -d "$SHARED/corpus" ] || { echo "SKIP: no ../shared/corpus"; exit 77; }
for f in "$SHARED"/corpus/unattend/* "$SHARED"/corpus/agent-config/* \
    "$SHARED"/corpus/launchconfig/* "$SHARED"/corpus/ec2config-config/*; do
	[ -f "$f" ] || continue
	timeout $((20 * SCALE)) "$VALIDATE" "$f" >/dev/null 2>"$TMPD/err"
	st=$?
	case $st in
	0|1) ok ;;
	*) not_ok "$(basename "$f"): status $st $(cat "$TMPD/err")" ;;
	esac
done
finish
