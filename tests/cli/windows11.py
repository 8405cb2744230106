#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write an answer file holding the settings only Windows 11 has, by the WSIM catalogs.

Usage: windows11.py WIN10.tsv WIN11.tsv CATALOG.tsv OUT.xml

Windows 11-only: a path of the Windows 11 catalog that the Windows 10 one lacks,
reported where it stands (a child of such a setting is not reported, a
component only Windows 11 has is reported by its settings). The file also holds
settings that are in both catalogs and settings that are in neither (in the
project's catalog from the reference only: Server components, and settings of
components the catalogs have), which must not be reported.
Prints the Component/Setting names that must be reported, one a line.
"""
import sys
from xml.sax.saxutils import escape

NS = "urn:schemas-microsoft-com:unattend"
ATTRS = ('processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" '
         'language="neutral" versionScope="nonSxS"')


def wsim(fn):
    rows = {}
    for line in open(fn, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(f) < 5 or f[0] == "component" or f[1] != "amd64":
            continue
        rows[f[2].lower()] = {"path": f[2], "passes": f[3], "type": f[4]}
    return rows


def catalog(fn):
    rows = {}
    header = None
    for line in open(fn, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if header is None:
            header = f
            continue
        r = dict(zip(header, f + [""] * (len(header) - len(f))))
        rows[r["path"].lower()] = r
    return rows


def main():
    w10, w11, cat = wsim(sys.argv[1]), wsim(sys.argv[2]), catalog(sys.argv[3])
    only = {k for k in w11 if k not in w10}
    report, keep = [], []
    for k in sorted(only):
        parts = w11[k]["path"].split("/")
        if len(parts) < 2 or w11[k]["type"] == "component":
            continue
        if "/".join(parts[:-1]).lower() in only and len(parts) > 2:
            keep.append(w11[k])     # inside a reported setting: not reported itself
            continue
        report.append(w11[k])
    if len(report) < 3:
        sys.exit("fewer than 3 Windows 11-only settings in %s" % sys.argv[2])
    # in both catalogs: simple settings of the components above
    comps = {r["path"].split("/")[0] for r in report}
    both = [w10[k] for k in sorted(w10) if k in w11 and k.count("/") == 1 and
            w10[k]["path"].split("/")[0] in comps and w10[k]["type"] == "Boolean"][:3]
    # in neither: catalog settings no WSIM catalog has (Server components)
    # in neither: catalog settings no WSIM catalog has, of components they lack
    # (Server) and of components they have (the reference's settings)
    simple = [(k, r) for k, r in sorted(cat.items()) if k.count("/") == 1 and
              k not in w10 and k not in w11 and r["type"] in ("boolean", "string", "integer")]
    neither = [{"path": r["path"], "passes": r["passes"], "type": r["type"]}
               for k, r in [x for x in simple if x[0].split("/")[0] not in w11][:3] +
               [x for x in simple if x[0].split("/")[0] in w11][:2]]
    if len(both) < 1 or len(neither) < 5:
        sys.exit("no setting in both catalogs or in neither")
    tree = {}
    for r in report + keep + both + neither:
        parts = r["path"].split("/")
        p = r["passes"].split(",")[0]
        node = tree.setdefault(p, {}).setdefault(parts[0], {})
        for seg in parts[1:]:
            node = node.setdefault(seg, {})
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<unattend xmlns="%s">' % NS]

    def emit(name, kids, depth):
        pad = "  " * depth
        if kids:
            out.append("%s<%s>" % (pad, name))
            for k in kids:
                emit(k, kids[k], depth + 1)
            out.append("%s</%s>" % (pad, name))
        else:
            out.append("%s<%s>%s</%s>" % (pad, name, "false" if depth else "", name))

    for p in sorted(tree):
        out.append('  <settings pass="%s">' % escape(p))
        for c in sorted(tree[p]):
            out.append('    <component name="%s" %s>' % (escape(c), ATTRS))
            for k in tree[p][c]:
                emit(k, tree[p][c][k], 3)
            out.append("    </component>")
        out.append("  </settings>")
    out.append("</unattend>")
    with open(sys.argv[4], "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    for r in report:
        print(r["path"])


if __name__ == "__main__":
    main()
