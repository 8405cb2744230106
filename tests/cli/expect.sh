# SPDX-License-Identifier: MIT
# Every test file produces exactly the (line, rule) findings its EXPECT index lists.
. "$top_srcdir/tests/cli/lib.sh"
for expect in "$FILES"/*/EXPECT; do
	dir=$(dirname "$expect")
	[ "$(basename "$dir")" = sets ] && continue	# image sets: tests/cli/sets.sh
	(cd "$dir" && find . -type f ! -name EXPECT ! -name '*.md' | sed 's|^\./||' | LC_ALL=C sort) >"$TMPD/list"
	while IFS= read -r f; do
		awk -F '\t' -v f="$f" '$1 == f { print $2 ":" $3 }' "$expect" | LC_ALL=C sort -u >"$TMPD/want"
		(cd "$dir" && "$VALIDATE" --no-config --color=never "$f" 2>&1) |
		    sed -n 's/^[^:]*:\([0-9]*\):[0-9]*: \(error\|warning\): .* \[\([a-z0-9-]*\)\]$/\1:\3/p' |
		    LC_ALL=C sort -u >"$TMPD/got"
		if cmp -s "$TMPD/want" "$TMPD/got"; then
			ok
		else
			not_ok "$(basename "$dir")/$f: want [$(tr '\n' ' ' <"$TMPD/want")] got [$(tr '\n' ' ' <"$TMPD/got")]"
		fi
	done <"$TMPD/list"
done
finish
