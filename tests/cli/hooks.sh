# SPDX-License-Identifier: MIT
# .pre-commit-hooks.yaml: the hooks' `files:` match every name schemas/kinds.tsv knows
# (prefixed copies, template suffixes) and nothing else; every entry ends with `--`;
# a foreign config.xml is skipped with a note; with pre-commit installed, try-repo on a
# user repository fails on files with errors and passes a foreign config.xml.
. "$top_srcdir/tests/cli/lib.sh"
[ -x "${PYTHON3:-}" ] || { echo "SKIP: no python3"; exit 77; }

"$PYTHON3" - "$top_srcdir/.pre-commit-hooks.yaml" "$top_srcdir/schemas/kinds.tsv" \
    "$top_srcdir/src/lib/template.c" >"$TMPD/names" <<'PY' || not_ok "hook patterns: $(cat "$TMPD/names")"
import re, sys
hooks, kinds, tpl = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(hooks).read()
blocks = [b for b in re.split(r'^- ', text, flags=re.M)[1:]]
def field(b, k):
    m = re.search(r'^\s*%s: (.*)$' % k, b, re.M)
    return m.group(1).strip().strip("'") if m else None
pats = {field(b, 'id'): field(b, 'files') for b in blocks}
bad = []
for b in blocks:
    if not field(b, 'entry').endswith(' --'):
        bad.append('entry of %s does not end with --' % field(b, 'id'))
for h in list(pats):
    if h.endswith('-docker') and pats[h] != pats[h[:-len('-docker')]]:
        bad.append('%s matches other names than %s' % (h, h[:-7]))
answer = re.compile(pats['unattend-validate'])
agents = re.compile(pats['unattend-validate-agents'])
# every suffix the programs strip (ua_template_name_len), not a copy of the list
m = re.search(r'suffixes\[\] = \{([^}]*)\}', open(tpl).read())
suffixes = [''] + re.findall(r'"([^"]+)"', m.group(1)) if m else []
if len(suffixes) < 6:
    bad.append('no template suffixes found in %s' % tpl)
def sample(p):    # one file name the fnmatch pattern p selects, "prefixed" where it can be
    p = re.sub(r'\[(.)[^]]*\]', r'\1', p)
    return p.replace('*', 'prod').replace('?', 'a')
for line in open(kinds):
    if line.startswith('#') or line.startswith('kind\t'):
        continue
    f = line.rstrip('\n').split('\t')
    hook = answer if f[0] == 'unattend' else agents
    other = agents if hook is answer else answer
    for p in f[2].split('|'):
        for s in suffixes:
            for d in ('', 'windows/2022/'):
                n = d + sample(p) + s
                if not hook.search(n) or other.search(n):
                    bad.append('%s (kind %s, pattern %s) is not matched by its hook alone' % (n, f[0], p))
for n in ['pom.xml', 'jenkins-config.xml', 'config.json', 'config.yml', 'package.json',
          'settings.xml', 'Launch.json', 'bundle.xml', 'README.md', 'config.xml.bak',
          'docs/unattend.md', 'eventlog.json', 'web.config']:
    if answer.search(n) or agents.search(n):
        bad.append('%s is matched but is no kind' % n)
action = open(hooks.replace('.pre-commit-hooks.yaml', 'action.yml')).read()
for var, hook in (('answer', 'unattend-validate'), ('agents', 'unattend-validate-agents')):
    m = re.search(r"^\s*%s='(.*)'$" % var, action, re.M)
    if not m or '(?i)' + m.group(1) != pats[hook]:
        bad.append('action.yml picks other %s files than the hook %s' % (var, hook))
if bad: print('\n'.join(bad))
sys.exit(1 if bad else 0)
PY
[ -s "$TMPD/names" ] || ok

# one version everywhere a release names it: configure.ac, debian/changelog, the README's rev
v=$(sed -n 's/^AC_INIT(\[unattend-tools\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
check "debian/changelog's version is AC_INIT's" "$v" "$(sed -n '1s/^unattend-tools (\([^)]*\)).*/\1/p' "$top_srcdir/debian/changelog")"
for r in $(sed -n 's/^ *rev: \(.*\)$/\1/p' "$top_srcdir/README.md") $(sed -n 's|^ *- uses: your-org/unattend-tools@\(.*\)$|\1|p' "$top_srcdir/README.md"); do
	check "the README's revision is the release tag v$v" "v$v" "$r"
done
"$VALIDATE" --version >"$TMPD/v" 2>&1
contains "--version says AC_INIT's version" "$v" "$TMPD/v"

# the entry's options on a foreign config.xml and a prefixed LaunchConfig.json
mkdir -p "$TMPD/repo/jenkins" "$TMPD/repo/-h"
printf '<?xml version="1.1" encoding="UTF-8"?>\n<project>\n  <builders/>\n</project>\n' >"$TMPD/repo/jenkins/config.xml"
printf '{\n  "adminPasswordType": "Rnadom"\n}\n' >"$TMPD/repo/prod-LaunchConfig.json"
(cd "$TMPD/repo" && "$VALIDATE" --no-config --skip-foreign -- jenkins/config.xml) >"$TMPD/out" 2>"$TMPD/err"
check "foreign config.xml passes" 0 $?
contains "foreign config.xml is said to be skipped" "jenkins/config.xml: skipped" "$TMPD/err"
(cd "$TMPD/repo" && "$VALIDATE" --no-config --skip-foreign -- prod-LaunchConfig.json jenkins/config.xml) >"$TMPD/out" 2>&1
check "a prefixed LaunchConfig.json with an error fails" 1 $?
(cd "$TMPD/repo" && "$VALIDATE" --no-config -- jenkins/config.xml) >"$TMPD/out" 2>&1
check "without --skip-foreign a foreign config.xml is checked" 1 $?

# pre-commit itself, when it is installed and this is a git checkout
# (only from a checkout's own top: a dist tree unpacked inside another repository is not one)
if command -v pre-commit >/dev/null && command -v git >/dev/null &&
    [ "$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top_srcdir" && pwd -P)" ]; then
	mkdir -p "$TMPD/bin"
	ln -s "$VALIDATE" "$TMPD/bin/unattend-validate"
	cp "$FILES/unattend/valid-full.xml" "$TMPD/repo/web-unattend.xml" 2>/dev/null ||
	    printf '<unattend xmlns="urn:schemas-microsoft-com:unattend"/>\n' >"$TMPD/repo/web-unattend.xml"
	(
		cd "$TMPD/repo" && git init -q && git add -A &&
		PATH="$TMPD/bin:$PATH" PRE_COMMIT_HOME="$TMPD/pc" \
		    pre-commit try-repo "$top_srcdir" unattend-validate-agents --all-files
	) >"$TMPD/pc.out" 2>&1
	check "pre-commit: a prefixed LaunchConfig.json with an error fails the hook" 1 $?
	contains "pre-commit: the finding is shown" "prod-LaunchConfig.json" "$TMPD/pc.out"
	rm "$TMPD/repo/prod-LaunchConfig.json"
	(
		cd "$TMPD/repo" && git add -A &&
		PATH="$TMPD/bin:$PATH" PRE_COMMIT_HOME="$TMPD/pc" \
		    pre-commit try-repo "$top_srcdir" unattend-validate-agents --all-files
	) >"$TMPD/pc.out" 2>&1
	check "pre-commit: a foreign config.xml passes ($(tail -3 "$TMPD/pc.out"))" 0 $?
fi
finish
