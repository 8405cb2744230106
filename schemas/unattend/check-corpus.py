#!/usr/bin/env python3
"""Check the catalog and generated schemas against a corpus of real answer files.

Usage: check-corpus.py [--schemas DIR] [--details FILE] FILE-or-DIR...

For every answer file: (a) validate it against envelope.xsd; (b) for each
`component`, match its name case-insensitively to a catalog component, copy it
out, rename settings to canonical case where they differ only in case, and
validate it against components/<Name>.xsd; (c) check each setting's pass
against the catalog.  Prints a tally of failure kinds (files per kind); with
--details, writes every finding.  Needs xmllint.  Development aid, not part of
the build; never copies corpus content anywhere but a temporary directory.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

U = "{urn:schemas-microsoft-com:unattend}"
HERE = os.path.dirname(os.path.abspath(__file__))


def load_catalog(fn):
    cat = {}
    header = None
    for line in open(fn, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        c = line.split("\t")
        if header is None:
            header = c
            continue
        r = dict(zip(header, c + [""] * (len(header) - len(c))))
        cat[r["path"]] = r
    return cat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schemas", default=HERE)
    ap.add_argument("--details", default=None)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    files = []
    for f in a.files:
        if os.path.isdir(f):
            files += sorted(os.path.join(f, x) for x in os.listdir(f))
        else:
            files.append(f)
    cat = load_catalog(os.path.join(a.schemas, "catalog.tsv"))
    lc = {}
    for p in cat:
        lc.setdefault(p.lower(), p)
    comps = {p.lower(): p for p in cat if "/" not in p}

    findings = collections.defaultdict(set)   # kind -> set(file)
    details = []

    def add(kind, f, msg):
        findings[kind].add(os.path.basename(f))
        details.append("%s\t%s\t%s" % (kind, os.path.basename(f), msg))

    tmp = tempfile.mkdtemp(prefix="uacheck.")
    percomp = collections.defaultdict(list)   # comp -> [(tmpfile, srcfile)]
    env = os.path.join(a.schemas, "envelope.xsd")
    # (a) envelope, in one xmllint run per file (messages carry the file name)
    for f in files:
        r = subprocess.run(["xmllint", "--noout", "--schema", env, f],
                           capture_output=True, text=True)
        if r.returncode != 0:
            for ln in r.stderr.splitlines():
                if "validates" in ln or "fails to validate" in ln:
                    continue
                kind = "parse-error" if "parser error" in ln or r.returncode == 1 else "envelope"
                add(kind, f, ln.replace(f, "").strip(": "))
    n = 0
    for f in files:
        try:
            tree = ET.parse(f)
        except ET.ParseError as e:
            add("parse-error", f, str(e))
            continue
        root = tree.getroot()
        for st in root.iter(U + "settings"):
            ps = st.get("pass")
            for comp in st.findall(U + "component"):
                name = comp.get("name", "")
                cname = comps.get(name.lower())
                if cname is None:
                    add("unknown-component", f, name)
                    continue
                if cname != name:
                    add("component-case", f, name)

                def walk(el, path):
                    for ch in el:
                        if not isinstance(ch.tag, str) or not ch.tag.startswith(U):
                            continue
                        nm = ch.tag[len(U):]
                        p = path + "/" + nm
                        canon = lc.get(p.lower())
                        if canon is None:
                            add("unknown-setting", f, p)
                            continue
                        if canon != p:
                            add("setting-case", f, "%s (catalog: %s)" % (p, canon))
                            ch.tag = U + canon.rsplit("/", 1)[1]
                        r = cat[canon]
                        if ps and r["passes"] and ps not in r["passes"].split(","):
                            add("wrong-pass", f, "%s in %s (valid: %s)" % (canon, ps, r["passes"]))
                        walk(ch, canon)
                walk(comp, cname)
                n += 1
                out = os.path.join(tmp, "%05d.xml" % n)
                ET.ElementTree(comp).write(out, encoding="utf-8", xml_declaration=True)
                percomp[cname].append((out, f))
    # (b) component schemas, one xmllint run per component
    for cname in sorted(percomp):
        items = percomp[cname]
        src = {t: f for t, f in items}
        xsd = os.path.join(a.schemas, "components", cname + ".xsd")
        for i in range(0, len(items), 200):
            chunk = [t for t, _ in items[i:i + 200]]
            r = subprocess.run(["xmllint", "--noout", "--schema", xsd] + chunk,
                               capture_output=True, text=True)
            for ln in r.stderr.splitlines():
                if ln.endswith(" validates") or ln.endswith("fails to validate"):
                    continue
                m = re.match(r"(\S+\.xml):(\d+): (.*)", ln)
                if not m or m.group(1) not in src:
                    add("xmllint", "?", ln)
                    continue
                msg = m.group(3)
                if "is not expected" in msg:
                    kind = "unexpected-element"
                elif "facet" in msg or "not a valid value" in msg:
                    kind = "bad-value"
                else:
                    kind = "schema-other"
                add(kind, src[m.group(1)], cname + ": " + re.sub(r"\{urn:schemas-microsoft-com:unattend\}", "", msg))
    for t in os.listdir(tmp):
        os.remove(os.path.join(tmp, t))
    os.rmdir(tmp)
    print("%d files, %d components checked" % (len(files), n))
    for k in sorted(findings):
        print("%-20s %4d files" % (k, len(findings[k])))
    if a.details:
        with open(a.details, "w") as fh:
            fh.write("\n".join(sorted(set(details))) + "\n")


if __name__ == "__main__":
    main()
