# SPDX-License-Identifier: MIT
# JSONTestSuite: every n_ file is a syntax finding, no y_ file is.
. "$top_srcdir/tests/cli/lib.sh"
suite=$SHARED/JSONTestSuite/test_parsing
[ -d "$suite" ] || { echo "SKIP: no ../shared/JSONTestSuite"; exit 77; }
for f in "$suite"/n_*.json "$suite"/y_*.json; do
	timeout $((20 * SCALE)) "$VALIDATE" --kind=launchconfig "$f" >"$TMPD/out" 2>"$TMPD/err"
	st=$?
	name=$(basename "$f")
	case $st in 0|1) ;; *) not_ok "$name: status $st $(cat "$TMPD/err")"; continue ;; esac
	if grep -q '\[syntax\]$' "$TMPD/out"; then syn=yes; else syn=no; fi
	case $name in
	n_*) check "$name is a syntax error" yes "$syn" ;;
	y_*) check "$name is not a syntax error" no "$syn" ;;
	esac
done
finish
