#!/usr/bin/env python3
"""Generate envelope.xsd and components/<Component>.xsd from catalog.tsv, and the
rule file of settings only Windows 11 has (../rules/windows11.xml).

Usage: gen-xsd.py [--catalog FILE] [--out DIR] [--rules FILE]

Deterministic: output depends only on the catalog (entries are sorted, no
timestamps), so reruns are byte-identical.  A fact fix is a one-line catalog
change followed by a rerun (`make regen-schemas`).

Mapping (see schemas/README.md for the catalog format):
  component          global element `component` with anyAttribute ##any
  container          xs:sequence minOccurs=0 maxOccurs=unbounded around an xs:choice
                     of the children (the same language as a repeated choice, but
                     libxml2 builds a repeated choice with a counter, which keeps
                     its automaton out of the compact form it matches fastest)
  sequence           xs:sequence of the children in catalog LINE order (keep them in
                     documented order; do not re-sort those lines), each minOccurs=0
  boolean            xs:token pattern over true/false in any letter case
  integer            xs:integer with min/max
  enum               xs:token enumeration (case variants must be listed)
  string             xs:string with minlen/maxlen/pattern; minLength 1 only when
                     `nonempty` (the reference page says empty is not supported)
Containers admit xs:anyAttribute namespace="##other" (wcm:action, wcm:keyValue).
Leaves have plain simple types; src/lib/schema.c tolerates attributes from other
namespaces on them (libxml2 reports each as cvc-type.3.1.1), which is what an
anyAttribute ##other wrapper per type did at a third of the schema's size.
Simple types are named after the setting (e.g. `WillShowUI.value`) so libxml2's
messages stay readable.
"""
import argparse
import os
import re
import sys
from xml.sax.saxutils import quoteattr, escape, unescape

NS = "urn:schemas-microsoft-com:unattend"
PASSES = ["windowsPE", "offlineServicing", "generalize", "specialize",
          "auditSystem", "auditUser", "oobeSystem"]
ARCHS = ["x86", "amd64", "arm64", "wow64", "ia64", "arm", "msil"]
HERE = os.path.dirname(os.path.abspath(__file__))


def read_catalog(fn):
    rows = []
    header = None
    with open(fn, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            cols += [""] * (len(header) - len(cols))
            r = dict(zip(header, cols))
            r["_line"] = n
            rows.append(r)
    return rows


def parse_facets(s, where):
    f = {}
    for tok in s.split():
        if "=" not in tok:
            sys.exit("%s: bad facet %r" % (where, tok))
        k, v = tok.split("=", 1)
        f[k] = v
    return f


class Node:
    def __init__(self, name):
        self.name = name
        self.row = None
        self.kids = {}      # name -> Node
        self.order = []     # catalog order of children


def build(rows):
    comps = {}
    for r in rows:
        parts = r["path"].split("/")
        where = "catalog line %d" % r["_line"]
        if parts[0] not in comps:
            comps[parts[0]] = Node(parts[0])
        n = comps[parts[0]]
        for p in parts[1:]:
            if p not in n.kids:
                n.kids[p] = Node(p)
                n.order.append(p)
            n = n.kids[p]
        if n.row is not None:
            sys.exit("%s: duplicate path %s" % (where, r["path"]))
        n.row = r
    return comps


def tname(s):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", s)


class Gen:
    """One schema: a component, whose top-level containers are only named (their
    content is skipped), or one of those containers in full. libxml2 then compiles
    only the parts a file uses."""

    def __init__(self, comp):
        self.comp = comp
        self.skip_top = False
        self.top = []       # the component's containers, each a schema of its own
        self.out = []
        self.types = {}     # type name -> xml text
        self.by_sig = {}    # (base, facets) -> name of the shared leaf type

    def simple_type(self, node, path):
        r = node.row
        typ = r["type"] if r else "string"
        facets = parse_facets(r["facets"], "catalog line %d" % r["_line"]) if r else {}
        flags = set(x.strip() for x in (r["flags"] if r else "").split(",") if x.strip())
        empty = "empty" in flags
        if typ not in ("boolean", "integer", "enum"):
            # a string may be empty unless its reference page says it may not
            empty = "nonempty" not in flags
        body = []
        if typ == "boolean":
            base = "xs:token"   # surrounding whitespace is collapsed, as Windows trims it
            pat = "[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]"
            if empty:
                pat += "|"
            body.append('<xs:pattern value=%s/>' % quoteattr(pat))
            desc = "boolean"
        elif typ == "integer":
            base = "xs:integer"
            if "min" in facets:
                body.append('<xs:minInclusive value="%s"/>' % facets["min"])
            if "max" in facets:
                body.append('<xs:maxInclusive value="%s"/>' % facets["max"])
            desc = "integer"
            if empty:
                # an integer or nothing: union with the empty string
                desc = "integer-or-empty"
        elif typ == "enum":
            base = "xs:token"
            vals = facets.get("enum", "").replace("\\s", " ").split("|")
            if empty and "" not in vals:
                vals.append("")
            for v in vals:
                body.append('<xs:enumeration value=%s/>' % quoteattr(v))
            desc = "enum"
        else:
            base = "xs:string"
            if "minlen" in facets:
                body.append('<xs:minLength value="%s"/>' % facets["minlen"])
            elif not empty:
                body.append('<xs:minLength value="1"/>')
            if "maxlen" in facets:
                body.append('<xs:maxLength value="%s"/>' % facets["maxlen"])
            desc = "string"
        if "pattern" in facets and typ != "boolean":
            body.append('<xs:pattern value=%s/>' % quoteattr(facets["pattern"].replace("\\s", " ")))
        # Leaves with the same facets share one type: fewer components for libxml2
        # to build each time it loads the schema. Named by what they accept.
        sig = (typ, empty, base, tuple(body))
        if sig in self.by_sig:
            return self.by_sig[sig]
        if typ == "enum":
            name = self.unique_name(path)
        else:
            name = desc
            if "min" in facets or "max" in facets:
                name += "-%s-%s" % (facets.get("min", ""), facets.get("max", ""))
            if "maxlen" in facets or "minlen" in facets:
                name += "-len-%s-%s" % (facets.get("minlen", "0" if empty else "1"), facets.get("maxlen", ""))
            elif typ == "string" and empty:
                name += "-or-empty"
            if "pattern" in facets and typ != "boolean":
                name = self.unique_name(path)
            if typ == "boolean" and empty:
                name = "boolean-or-empty"
        self.by_sig[sig] = name
        lines = ['  <xs:simpleType name=%s>' % quoteattr(name)]
        if typ == "integer" and empty:
            inner = ['      <xs:simpleType><xs:restriction base="xs:integer">'] + \
                    ['        ' + b for b in body] + \
                    ['      </xs:restriction></xs:simpleType>',
                     '      <xs:simpleType><xs:restriction base="xs:string">'
                     '<xs:length value="0"/></xs:restriction></xs:simpleType>']
            lines += ['    <xs:union>'] + inner + ['    </xs:union>']
        else:
            lines.append('    <xs:restriction base="%s">' % base)
            lines += ['      ' + b for b in body]
            lines.append('    </xs:restriction>')
        lines.append('  </xs:simpleType>')
        self.types[name] = "\n".join(lines)
        return name

    def unique_name(self, path):
        # shortest readable suffix of the path that is unique in this component
        for k in range(1, len(path) + 1):
            nm = tname(".".join(path[-k:]))
            if nm not in self.types:
                return nm
        sys.exit("cannot name type for %s" % "/".join(path))

    def element(self, node, path, ind, in_seq=False):
        # Inside a repeated choice, occurrence attributes would only add loops to
        # the automaton libxml2 builds (and checks for determinism) at load time.
        occ = ' minOccurs="0" maxOccurs="unbounded"' if in_seq else ''
        r = node.row
        typ = r["type"] if r else ("container" if node.kids else "string")
        sp = " " * ind
        o = []
        if (typ in ("container", "sequence") or node.kids) and self.skip_top and len(path) == 2:
            self.top.append(node)
            self.types["skipped"] = SKIPPED
            o.append('%s<xs:element name=%s type="skipped"%s/>' % (sp, quoteattr(node.name), occ))
        elif typ in ("container", "sequence", "component") or node.kids:
            flags = set(x.strip() for x in (r["flags"] if r else "").split(",") if x.strip())
            o.append('%s<xs:element name=%s%s>' % (sp, quoteattr(node.name), occ))
            # "mixed": text beside the children is tolerated (Windows ignores it);
            # a rule in schemas/rules/ reports it instead of the schema.
            o.append('%s  <xs:complexType%s>' % (sp, ' mixed="true"' if "mixed" in flags else ""))
            o += self.children(node, path, ind + 4, typ == "sequence")
            o.append('%s    <xs:anyAttribute namespace="##other" processContents="skip"/>' % sp)
            o.append('%s  </xs:complexType>' % sp)
            o.append('%s</xs:element>' % sp)
        else:
            # A leaf has its simple type: no complexType wrapper per type, a
            # third of what libxml2 parses and builds when it loads a schema.
            # Attributes on leaves (wcm:action and the like, never seen in real
            # files) are then reported by libxml2, and src/lib/schema.c drops
            # those from another namespace, as xs:anyAttribute ##other would.
            st = self.simple_type(node, path)
            o.append('%s<xs:element name=%s type=%s%s/>' % (sp, quoteattr(node.name), quoteattr(st), occ))
        return o

    def children(self, node, path, ind, seq):
        sp = " " * ind
        if not node.kids:
            return []
        if seq:
            names = node.order
            o = ['%s<xs:sequence>' % sp]
        else:
            names = sorted(node.kids, key=lambda s: (s.lower(), s))
            o = ['%s<xs:sequence minOccurs="0" maxOccurs="unbounded">' % sp,
                 '%s  <xs:choice>' % sp]
            ind += 2
        for nm in names:
            o += self.element(node.kids[nm], path + [nm], ind + 2, seq)
        if not seq:
            o.append('%s  </xs:choice>' % sp)
        o.append('%s</xs:sequence>' % sp)
        return o

    def render(self):
        c = self.comp
        self.skip_top = True
        body = ['  <xs:element name="component">', '    <xs:complexType>']
        body += self.children(c, [c.name], 6, c.row is not None and c.row["type"] == "sequence")
        body += ['      <xs:anyAttribute namespace="##any" processContents="skip"/>',
                 '    </xs:complexType>', '  </xs:element>']
        return self.document("Component %s (its containers: %s/*.xsd)" % (c.name, c.name), body)

    def render_container(self, node):
        return self.document("Component %s, container %s" % (self.comp.name, node.name),
                             self.element(node, [self.comp.name, node.name], 2))

    def document(self, what, body):
        head = ['<?xml version="1.0" encoding="UTF-8"?>',
                '<!-- Generated by gen-xsd.py from catalog.tsv: edit the catalog, not this file. -->',
                '<!-- %s -->' % escape(what).replace("--", "- -"),
                '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"',
                '           targetNamespace="%s" xmlns="%s"' % (NS, NS),
                '           elementFormDefault="qualified">']
        types = [self.types[k] for k in sorted(self.types)]
        return "\n".join(head + body + types + ['</xs:schema>']) + "\n"


SKIPPED = '''  <xs:complexType name="skipped" mixed="true">
    <xs:sequence minOccurs="0" maxOccurs="unbounded">
      <xs:any namespace="##any" processContents="skip"/>
    </xs:sequence>
    <xs:anyAttribute namespace="##any" processContents="skip"/>
  </xs:complexType>'''

ENVELOPE = '''<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by gen-xsd.py: the unattend envelope.  Component content is skipped
     here and checked against components/NAME.xsd. -->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:u="urn:schemas-microsoft-com:unattend"
           targetNamespace="urn:schemas-microsoft-com:unattend"
           elementFormDefault="qualified">
  <xs:element name="unattend">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="servicing" type="u:servicing" minOccurs="0"/>
        <xs:choice minOccurs="0" maxOccurs="unbounded">
          <xs:element name="settings" type="u:settings"/>
          <!-- Extensions: generator data (schneegans, UnattendedWinstall); Setup ignores it.
               Real files put it in this namespace or in their own. -->
          <xs:element name="Extensions" type="u:skipped"/>
          <!-- cpi:offlineImage cpi:source="wim:...": WSIM's record of the image used -->
          <xs:any namespace="##other" processContents="skip"/>
        </xs:choice>
      </xs:sequence>
      <xs:anyAttribute namespace="##other" processContents="skip"/>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="servicing">
    <xs:sequence>
      <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:anyAttribute namespace="##any" processContents="skip"/>
  </xs:complexType>
  <xs:complexType name="skipped" mixed="true">
    <xs:sequence>
      <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:anyAttribute namespace="##any" processContents="skip"/>
  </xs:complexType>
  <xs:complexType name="settings">
    <xs:sequence>
      <xs:element name="component" type="u:component" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="pass" type="u:pass" use="required"/>
    <xs:anyAttribute namespace="##other" processContents="skip"/>
  </xs:complexType>
  <xs:simpleType name="pass">
    <xs:restriction base="xs:string">
%(passes)s
    </xs:restriction>
  </xs:simpleType>
  <xs:complexType name="component" mixed="true">
    <xs:sequence>
      <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="name" type="u:componentName" use="required"/>
    <xs:attribute name="processorArchitecture" type="u:processorArchitecture"/>
    <xs:attribute name="publicKeyToken" type="u:publicKeyToken"/>
    <xs:attribute name="language" type="u:language"/>
    <xs:attribute name="versionScope" type="u:versionScope"/>
    <xs:anyAttribute namespace="##other" processContents="skip"/>
  </xs:complexType>
  <xs:simpleType name="componentName">
    <xs:restriction base="xs:string">
      <xs:minLength value="1"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="processorArchitecture">
    <xs:restriction base="xs:string">
%(archs)s
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="publicKeyToken">
    <xs:restriction base="xs:string">
      <xs:pattern value="[0-9a-fA-F]{16}"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="language">
    <xs:restriction base="xs:string">
      <xs:pattern value="[Nn][Ee][Uu][Tt][Rr][Aa][Ll]|\\*|[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="versionScope">
    <xs:restriction base="xs:string">
%(scopes)s
    </xs:restriction>
  </xs:simpleType>
</xs:schema>
'''



# Releases older than Windows 11: the windows11-setting rule runs for them. Windows
# Server 2025 shares Windows 11's code base.
BEFORE_11 = "vista 7 8 8.1 10 2008 2008r2 2012 2012r2 2016 2019 2022"

WIN11_RULES = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by unattend/gen-xsd.py from the catalog's wsim:win11 lines; do not edit. -->
<rules xmlns="urn:unattend-tools:rules:1" kinds="unattend">
  <ns prefix="u" uri="urn:schemas-microsoft-com:unattend"/>
  <rule name="windows11-setting" severity="warning" kind="unattend" target="%(target)s" target-known="yes">
    <summary>A setting that exists only from Windows 11 (%(examples)s, ...) in a file for an older release.</summary>
    <requires>%(requires)s</requires>
    <select>%(select)s</select>
    <message>{ancestor::u:component[1]/@name}/%(middle)s{local-name()} exists only from Windows 11: the release this file is for does not have it and Windows ignores it or rejects the answer file.</message>
  </rule>
</rules>
"""


def windows11_only(row):
    src = row["source"].split() if row else []
    return "wsim:win11" in src and not any(s.startswith("wsim:win10") for s in src)


def windows11_rules(comps):
    """The windows11-setting rule: every setting whose catalog line is Windows 11-only
    (source wsim:win11: in the Windows 11 (build 22000) WSIM catalog and not in the
    Windows 10 21H2 one; lines in neither catalog, reference-only or Server, carry no
    wsim mark) and whose parent's is not, or is a component: a setting is reported
    where it stands, not its children, and a component only Windows 11 has by its
    settings. The rule runs only when the file is known to be for an older release,
    by the target option or by the image it names. Kept short: every answer-file run
    reads it."""
    paths = []

    def walk(comp, node, trail, parent_only):
        only = windows11_only(node.row)
        if trail and only and not parent_only:
            paths.append((comp, trail))
        for k in node.order:
            walk(comp, node.kids[k], trail + [k], only and bool(trail))

    for name in sorted(comps):
        walk(name, comps[name], [], False)
    if not paths:
        sys.exit("catalog: no setting is marked wsim:win11")
    paths.sort()
    sel = "\n          | ".join("ua:component('%s')/%s" % (c,
                                 "/".join("u:" + x for x in p)) for c, p in paths)
    depth = max(len(p) for _, p in paths)
    # the names between the component and the setting, for settings deeper down
    middle = "".join("{ua:if(count(ancestor::*) > %d, concat(local-name(ancestor::*[%d]), '/'), '')}"
                     % (2 + k, k) for k in range(depth - 1, 0, -1))
    leaves = sorted({p[-1] for _, p in paths})
    return WIN11_RULES % {"target": BEFORE_11, "requires": " ".join(leaves),
                          "select": escape(sel), "middle": escape(middle),
                          "examples": ", ".join(p[-1] for _, p in sorted(paths, key=lambda x: x[1][-1])[:2])}


def check_patterns(rows, envelope, fn):
    """Every pattern the schemas get has its words in patterns.tsv: a value that
    fails it is reported with them, not with the regular expression."""
    said = set()
    with open(fn, encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#") and "\t" in line:
                said.add(line.split("\t", 1)[0].lower())
    pats = [(r["facets"] and parse_facets(r["facets"], "catalog line %d" % r["_line"])
             .get("pattern", "").replace("\\s", " "), "catalog line %d" % r["_line"])
            for r in rows if r["type"] != "boolean"]
    pats += [(unescape(m), "envelope.xsd") for m in re.findall(r'<xs:pattern value="([^"]*)"', envelope)]
    for pat, where in pats:
        if pat and pat.lower() not in said:
            sys.exit("%s: pattern %r has no words in %s" % (where, pat, fn))


def enum_lines(vals):
    return "\n".join('      <xs:enumeration value=%s/>' % quoteattr(v) for v in vals)


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--catalog", default=os.path.join(HERE, "catalog.tsv"))
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--patterns", default=os.path.join(HERE, "..", "patterns.tsv"),
                    help="the words of each pattern (read, checked)")
    ap.add_argument("--rules", default=os.path.join(HERE, "..", "rules", "windows11.xml"),
                    help="where to write the windows11-setting rule")
    a = ap.parse_args()
    rows = read_catalog(a.catalog)
    for r in rows:
        for p in (x for x in r["passes"].split(",") if x):
            if p not in PASSES:
                sys.exit("catalog line %d: unknown pass %r" % (r["_line"], p))
        if r["type"] not in ("component", "container", "sequence", "string", "boolean",
                             "integer", "enum"):
            sys.exit("catalog line %d: unknown type %r" % (r["_line"], r["type"]))
    comps = build(rows)
    write(a.rules, windows11_rules(comps))
    os.makedirs(os.path.join(a.out, "components"), exist_ok=True)
    # versionScope: real files use nonSxS and NonSxS (Windows SIM writes nonSxS)
    scopes = ["nonSxS", "NonSxS", "SxS"]
    envelope = ENVELOPE % {
        "passes": enum_lines(PASSES), "archs": enum_lines(ARCHS), "scopes": enum_lines(scopes)}
    check_patterns(rows, envelope, a.patterns)
    write(os.path.join(a.out, "envelope.xsd"), envelope)
    want = set()
    cdir = os.path.join(a.out, "components")
    for name in sorted(comps):
        g = Gen(comps[name])
        want.add(name + ".xsd")
        write(os.path.join(cdir, name + ".xsd"), g.render())
        for node in g.top:
            os.makedirs(os.path.join(cdir, name), exist_ok=True)
            want.add(os.path.join(name, node.name + ".xsd"))
            write(os.path.join(cdir, name, node.name + ".xsd"), Gen(comps[name]).render_container(node))
    # remove stale generated schemas
    for root, dirs, files in sorted(os.walk(cdir, topdown=False)):
        for fn in sorted(files):
            rel = os.path.relpath(os.path.join(root, fn), cdir)
            if fn.endswith(".xsd") and rel not in want:
                os.remove(os.path.join(root, fn))
        if root != cdir and not os.listdir(root):
            os.rmdir(root)


if __name__ == "__main__":
    main()
