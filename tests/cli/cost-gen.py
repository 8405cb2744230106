# SPDX-License-Identifier: MIT
# Writes hostile inputs of at most 1 MB, each a shape whose cost grew faster than its
# size (tests/cli/cost.sh): python3 cost-gen.py NAME... in the current directory.
import sys

MB = 1000 * 1000
NS = 'xmlns="urn:schemas-microsoft-com:unattend"'
SHELL = ('<component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" '
         'publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">')


def fill(head, unit, tail, size=MB):
    """head + unit(0) + unit(1) + ... + tail, at most size bytes."""
    parts, n, i = [head], len(head) + len(tail), 0
    while True:
        u = unit(i)
        if n + len(u) > size:
            break
        parts.append(u)
        n += len(u)
        i += 1
    parts.append(tail)
    return ''.join(parts)


def settings(body, nl=''):
    return ('<unattend ' + NS + '><settings pass="specialize">' + SHELL + nl, body,
            '</component></settings></unattend>\n')


def oneline_findings():
    # one line: a finding every 9 bytes, each placed by its column
    head, _, tail = settings('')
    return fill(head, lambda i: '<Bogus1/>', tail)


def attrs_oneline():
    # many settings on one line, each with many attributes that the schema refuses
    head, _, tail = settings('')
    return fill(head, lambda i: '<ComputerName ' + ' '.join('a%d=""' % k for k in range(200)) +
                '>x</ComputerName>', tail)


def attrs_root():
    # 1 MB of attributes on one element (libxml2 2.9 compares each with all before it)
    return fill('<unattend ' + NS, lambda i: ' a%d=""' % i, '/>')


def comments(body):
    # 1 MB of sibling comments (libxml2 placed each by walking back over the ones
    # before it when it sorted the rules' node sets): in the root, or alone
    if not body:
        return fill('', lambda i: '<!-- c%d -->\n' % i, '')
    return fill('<unattend ' + NS + '>\n', lambda i: '<!-- %s%d -->\n' % (body, i), '</unattend>\n')


def json_oneline(v):
    return fill('{', lambda i: '%s"k%d":%d' % (',' if i else '', i, v), '}')


def json_dupkeys():
    # one line, every key the same: a duplicate-key finding per member
    return fill('{"version": "1.0", "x": {', lambda i: '%s"k":%d' % (',' if i else '', i), '}}')


def yaml_dupkeys():
    # a YAML document holds at most 100,000 nodes
    return fill('version: 1.0\nx: {', lambda i: '%sk: %d' % (', ' if i else '', i), '}\n',
                90000 * 6)


def yaml_anchors():
    # anchors, then aliases to the first of them (inside the 100,000-node budget)
    n = 49000
    return ('version: 1.0\na: [' + ', '.join('&%05d x' % i for i in range(n)) + ']\nb: [' +
            ', '.join(['*00000'] * n) + ']\n')


def yaml_flow_findings():
    # one flow line of tasks the schema refuses
    return fill('version: 1.0\nconfig: [', lambda i: '%s{stage: s%d}' % (', ' if i else '', i), ']\n',
                45000 * 16)


def alias_key_bomb(quoted):
    # a 700 KB mapping key copied by every alias: keys count against the alias budget
    key = '"' + 'k ' * 350000 + '"' if quoted else 'k' * 700000
    return 'version: 1.0\nanchor: &a\n  ? ' + key + '\n  : 1\nlist: [' + ', '.join(['*a'] * 60000) + ']\n'


def deep_paths(v):
    # 120 objects with 3,000-character keys above 30,000 differing leaves: a path per
    # difference would hold 360 KB
    s = '{' + ','.join('"%d":%d' % (i, v) for i in range(30000)) + '}'
    for d in range(120):
        s = '{"%s%d":%s}' % ('k' * 3000, d, s)
    return s


SHAPES = {
    'oneline-findings-unattend.xml': oneline_findings,
    'attrs-oneline-unattend.xml': attrs_oneline,
    'attrs-root-unattend.xml': attrs_root,
    'comments-unattend.xml': lambda: comments('c'),
    'comments-noroot-unattend.xml': lambda: comments(''),
    'comments-secret-unattend.xml': lambda: comments('pwd='),
    'oneline-a-LaunchConfig.json': lambda: json_oneline(1),
    'oneline-b-LaunchConfig.json': lambda: json_oneline(2),
    'dupkeys-LaunchConfig.json': json_dupkeys,
    'dupkeys-agent-config.yml': yaml_dupkeys,
    'anchors-agent-config.yml': yaml_anchors,
    'flow-findings-agent-config.yml': yaml_flow_findings,
    'alias-key-agent-config.yml': lambda: alias_key_bomb(False),
    'alias-quoted-key-agent-config.yml': lambda: alias_key_bomb(True),
    'deep-a-LaunchConfig.json': lambda: deep_paths(1),
    'deep-b-LaunchConfig.json': lambda: deep_paths(2),
}

for name in sys.argv[1:] or SHAPES:
    with open(name, 'w') as f:
        f.write(SHAPES[name]())
