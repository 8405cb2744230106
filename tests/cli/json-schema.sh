# SPDX-License-Identifier: MIT
# unattend-validate --export-schema: the JSON Schemas are fresh (made from the agent XSDs
# and the rule table by templates/json-schema.xsl), pass the 2020-12 meta-schema, accept
# every known-good agent file and reject the files whose findings come from the schemas
# (a misspelt task, a bad password type, ...), as listed in tests/files/agents/EXPECT.
. "$top_srcdir/tests/cli/lib.sh"
AG=$FILES/agents

"$VALIDATE" --export-schema=agent-config >"$TMPD/ac.json"
check "--export-schema status" 0 $?
if cmp -s "$TMPD/ac.json" "$top_srcdir/json-schema/agent-config.schema.json"; then ok; else not_ok "--export-schema prints another text than json-schema/agent-config.schema.json"; fi
"$VALIDATE" --export-schema=../schemas/kinds >"$TMPD/out" 2>&1
check "--export-schema of no kind is trouble" 2 $?
contains "--export-schema names the kinds it has" "there are: agent-config, user-data" "$TMPD/out"

# fresh: what make regen-json-schemas would write now
if command -v xsltproc >/dev/null 2>&1 && [ -x "${PYTHON3:-}" ]; then
	PYTHON3=$PYTHON3 sh "$top_srcdir/templates/gen-json-schemas.sh" "$top_srcdir" "$TMPD/fresh"
	for f in "$TMPD"/fresh/*.json; do
		if cmp -s "$f" "$top_srcdir/json-schema/${f##*/}"; then ok; else
			not_ok "json-schema/${f##*/} is stale: run make regen-json-schemas"; fi
	done
fi

# a pattern comes with its words (schemas/patterns.tsv) for the editor's message
# (patternErrorMessage, which VS Code's JSON and YAML services show instead of the regex)
grep -q '"pattern"' "$top_srcdir/json-schema/driveletter.schema.json"
check "the drive-letter schema has a pattern" 0 $?
contains "drive letter pattern in words" '"patternErrorMessage": "not in the form this setting takes: one letter, optionally followed by a colon (D or D:)"' \
    "$top_srcdir/json-schema/driveletter.schema.json"
contains "a value in any case, in words" '"patternErrorMessage": "not one of: Error, Warning, Information (in any letter case)"' \
    "$top_srcdir/json-schema/eventlog.schema.json"
check "every value pattern has its words" "$(grep -c '"pattern": "^(?:' "$top_srcdir"/json-schema/*.json | awk -F: '{ n += $2 } END { print n }')" \
    "$(grep -c '"patternErrorMessage"' "$top_srcdir"/json-schema/*.json | awk -F: '{ n += $2 } END { print n }')"

# meta-schema, good and bad files: a python3 with jsonschema and yaml (Debian: python3-jsonschema, python3-yaml)
py=
for p in /usr/bin/python3 "${PYTHON3:-}"; do
	[ -x "$p" ] && "$p" -c 'import jsonschema, yaml' 2>/dev/null && { py=$p; break; }
done
if [ -z "$py" ]; then echo "SKIP part: no python3 with jsonschema and yaml"; finish; exit; fi
for k in agent-config user-data launchconfig driveletter eventlog; do
	"$VALIDATE" --export-schema=$k >"$TMPD/$k.json" || not_ok "--export-schema=$k"
done
"$py" - "$TMPD" "$AG" >"$TMPD/py.out" 2>&1 <<'PY'
import json, os, re, sys, yaml
from jsonschema import Draft202012Validator
tmp, ag = sys.argv[1], sys.argv[2]
schemas = {}
for k in ('agent-config', 'user-data', 'launchconfig', 'driveletter', 'eventlog'):
    s = json.load(open(os.path.join(tmp, k + '.json')))
    Draft202012Validator.check_schema(s)
    schemas[k] = Draft202012Validator(s)
    print('ok meta-schema', k)
# which schema checks a file: by directory, and by form for agent-config
def schema_for(path, doc):
    d = path.split('/')[0]
    if d == 'agent-config':
        return schemas['user-data' if isinstance(doc, dict) and 'tasks' in doc and 'config' not in doc else 'agent-config']
    return schemas.get(d)
expect = {}
for line in open(os.path.join(ag, 'EXPECT')):
    if line.startswith('#') or not line.strip():
        continue
    f = line.split('\t')
    expect.setdefault(f[0], set()).add(f[2].strip())
schema_rules = re.compile(r'^(structure|attribute|value-.*|task-inputs-.*|syntax)$')
for root, dirs, files in os.walk(ag):
    for fn in files:
        if fn == 'EXPECT':
            continue
        rel = os.path.relpath(os.path.join(root, fn), ag)
        if rel.split('/')[0] not in ('agent-config', 'launchconfig', 'driveletter', 'eventlog'):
            continue
        try:
            doc = yaml.safe_load(open(os.path.join(root, fn), encoding='utf-8-sig'))
        except Exception:
            continue    # not even YAML: the syntax tests' business
        v = schema_for(rel, doc)
        errs = list(v.iter_errors(doc))
        rules = expect.get(rel, set())
        good = '/good' in '/' + rel
        if good and not rules and errs:
            print('FAIL a good file is rejected: %s: %s' % (rel, errs[0].message))
        elif good and not rules:
            print('ok good', rel)
        elif 'duplicate-case' in rel:
            pass    # one member twice in two cases: no JSON Schema keyword compares member names
        elif rules and rules <= set(r for r in rules if schema_rules.match(r)) and 'syntax' not in rules:
            print(('ok bad ' if errs else 'FAIL a bad file is accepted: ') + rel + ' ' + ' '.join(sorted(rules)))
PY
grep -q '^Traceback' "$TMPD/py.out" && not_ok "python: $(tail -3 "$TMPD/py.out")"
while IFS= read -r l; do
	case $l in
	ok*) ok ;;
	FAIL*) not_ok "$l" ;;
	esac
done <"$TMPD/py.out"
n=$(grep -c '^ok good' "$TMPD/py.out"); [ "$n" -ge 5 ] && ok || not_ok "only $n good files checked"
n=$(grep -c '^ok bad' "$TMPD/py.out"); [ "$n" -ge 5 ] && ok || not_ok "only $n bad files checked"
finish
