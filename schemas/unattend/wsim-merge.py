#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Merge the facts of Windows' own WSIM catalogs into catalog.tsv.

Usage: wsim-merge.py [--catalog FILE] WSIM.tsv...

The WSIM catalogs (decoded .clg files; see
../shared/reference/wsim-catalogs/README.md) are what Windows System Image
Manager validates against, so where they and the reference pages disagree on a
name's spelling, a pass, a type, a length or a list key, the catalog takes the
WSIM fact and its source column gains `wsim:RELEASE`.  Settings only the
reference has are kept (the WSIM catalogs are of client images; Server-only
components cannot be in them).  Idempotent: a second run changes nothing.
NOTES.md lists what the first run changed and why.

Rules, per setting path (matched ignoring letter case; component names also
treat a space and a hyphen alike):
  - spelling: the WSIM spelling (component, setting, every descendant);
  - passes: the WSIM passes; a component's passes are the union of its own and
    its settings' passes;
  - type: a WSIM Boolean is boolean; an enumeration is enum; an Int32/UInt32
    range is integer with min/max; a container is a container.  Where the
    project is stricter (an enumeration of documented values where WSIM has a
    plain number or string) the project's type stays;
  - maxlen: the WSIM maxlen of a string;
  - list items: `list` and `key=` from WSIM when the project has none;
  - settings only WSIM has are added with its facts.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RELEASE = {"10.0.19044": "win10", "10.0.22000": "win11"}


def norm(path):
    parts = path.split("/")
    parts[0] = parts[0].replace(" ", "-")
    return "/".join(parts).lower()


def read_wsim(fn):
    rel = None
    rows = {}
    order = []
    with open(fn, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("#"):
                for b, r in RELEASE.items():
                    if "build: " + b in line:
                        rel = r
                continue
            f = line.split("\t")
            if f[0] == "component" or len(f) < 12 or f[1] != "amd64":
                continue
            keys = ["component", "arch", "path", "passes", "type", "enum", "facets",
                    "key", "default", "flags", "xsdtype", "occurs"]
            r = dict(zip(keys, f))
            if r["path"] not in rows:
                order.append(r["path"])
            rows[r["path"]] = r
    if rel is None:
        sys.exit("%s: no known Windows build in its header" % fn)
    return rel, rows, order


def facets_of(s):
    d = {}
    rest = s
    if " pattern=" in " " + s:
        i = (" " + s).index(" pattern=")
        rest = s[:max(i - 1, 0)]
        d["pattern"] = s[i + 8:]
    for tok in rest.split():
        if "=" in tok:
            k, v = tok.split("=", 1)
            d[k] = v
    return d


def project_type(w):
    """(type, facets) as catalog.tsv writes them, for a WSIM row."""
    t = w["type"]
    f = facets_of(w["facets"])
    if t == "component":
        return "component", {}
    if t == "container":
        return "container", {}
    if w["enum"]:
        # catalog.tsv facets are space-separated: a space in a value is \\s
        return "enum", {"enum": w["enum"].replace(" ", "\\s")}
    if t == "Boolean":
        return "boolean", {}
    if t in ("Int32", "UInt32", "Int64", "UInt64"):
        out = {}
        if "min" in f:
            out["min"] = f["min"]
        elif t.startswith("U"):
            out["min"] = "0"
        if "max" in f:
            out["max"] = f["max"]
        return "integer", out
    out = {}
    if "maxlen" in f:
        out["maxlen"] = f["maxlen"]
    return "string", out


def fmt_facets(d):
    order = ["min", "max", "minlen", "maxlen", "enum", "pattern"]
    return " ".join("%s=%s" % (k, d[k]) for k in order if k in d)


PASSES = ["windowsPE", "offlineServicing", "generalize", "specialize",
          "auditSystem", "auditUser", "oobeSystem"]


def pass_union(*lists):
    s = set()
    for l in lists:
        s.update(x for x in l.split(",") if x)
    return ",".join(p for p in PASSES if p in s)


def add_source(row, tag):
    src = row["source"].split()
    if tag not in src:
        src.append(tag)
    row["source"] = " ".join(src)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--catalog", default=os.path.join(HERE, "catalog.tsv"))
    ap.add_argument("wsim", nargs="+")
    a = ap.parse_args()

    wsim = {}       # norm path -> (row, [releases])
    worder = []
    for fn in a.wsim:
        rel, rows, order = read_wsim(fn)
        for p in order:
            k = norm(p)
            if k not in wsim:
                wsim[k] = (rows[p], [rel])
                worder.append(k)
            else:
                wsim[k][1].append(rel)

    head, rows = [], []
    header = None
    with open(a.catalog, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if header is None and (line.startswith("#") or not line.strip()):
                head.append(line)
                continue
            f = line.split("\t")
            if header is None:
                header = f
                continue
            f += [""] * (len(header) - len(f))
            rows.append(dict(zip(header, f)))

    def tag(k):
        rels = wsim[k][1]
        return "wsim:" + "+".join(sorted(set(rels)))

    # Structure the reference gets wrong: a renamed setting, a child that is a
    # sibling, strings that are containers.
    drop = {norm(p) for p in [
        "Microsoft-Windows-Embedded-KeyboardFilterService/WindowsSpacebar",
        "Microsoft-Windows-IE-InternetExplorer/SearchScopes/Scope/SuggestionsURL/SuggestionsURL_JSON"]}
    rows = [r for r in rows if norm(r["path"]) not in drop]

    have = {norm(r["path"]) for r in rows}
    for r in rows:
        k = norm(r["path"])
        if k not in wsim:
            continue
        w = wsim[k][0]
        changed = False
        if r["path"] != w["path"]:
            r["path"] = w["path"]
            changed = True
        wt, wf = project_type(w)
        pt = r["type"]
        pf = facets_of(r["facets"])
        if pt == "component":
            newp = pass_union(r["passes"], w["passes"])
        else:
            newp = pass_union(w["passes"])
        if newp != r["passes"]:
            r["passes"] = newp
            changed = True
        newt, newf = pt, dict(pf)
        if wt in ("container", "component"):
            newt = wt
            newf = {}
        elif pt == "container":
            newt, newf = wt, wf
        elif wt == "boolean":
            newt, newf = "boolean", {}
        elif wt == "enum":
            if pt != "enum" or set(pf.get("enum", "").split("|")) != set(wf["enum"].split("|")):
                newt, newf = "enum", wf
        elif wt == "integer":
            if pt == "enum" and "NULL" not in pf.get("enum", ""):
                vals = pf["enum"].split("|")
                if "max" in wf and all(v.isdigit() for v in vals):
                    # a documented enumeration, but WSIM's range is wider
                    lo, hi = int(wf.get("min", "0")), int(wf["max"])
                    if any(not (lo <= int(v) <= hi) for v in vals) or \
                            hi - lo + 1 > len(vals):
                        newt, newf = "integer", wf
            elif pt == "boolean" or pt == "string" or "NULL" in pf.get("enum", ""):
                newt, newf = "integer", wf
            elif pt == "integer":
                newf = dict(pf)
                for x in ("min", "max"):
                    if x in wf:
                        newf[x] = wf[x]
        elif wt == "string" and pt == "string":
            if "maxlen" in wf:
                newf["maxlen"] = wf["maxlen"]
        if (newt, fmt_facets(newf)) != (pt, r["facets"]):
            r["type"], r["facets"] = newt, fmt_facets(newf)
            changed = True
        flags = [x for x in r["flags"].split(",") if x]
        if "list" in w["flags"].split(",") and "list" not in flags:
            flags.append("list")
        if w["key"] and not any(x.startswith("key=") for x in flags):
            flags.append("key=" + w["key"])
        if ",".join(flags) != r["flags"]:
            r["flags"] = ",".join(flags)
            changed = True
        if changed:
            add_source(r, tag(k))

    # settings only WSIM has, each after its parent's subtree
    for k in worder:
        if k in have:
            continue
        w, rels = wsim[k]
        if w["type"] == "component":
            comp_row = {"path": w["path"], "passes": pass_union(w["passes"]),
                        "type": "component", "facets": "", "flags": "", "source": tag(k)}
            rows.append(comp_row)
            have.add(k)
            continue
        t, f = project_type(w)
        flags = []
        if "list" in w["flags"].split(","):
            flags.append("list")
        if w["key"]:
            flags.append("key=" + w["key"])
        new = {"path": w["path"], "passes": pass_union(w["passes"]), "type": t,
               "facets": fmt_facets(f), "flags": ",".join(flags), "source": tag(k)}
        parent = norm(w["path"].rsplit("/", 1)[0])
        at = len(rows)
        for i, r in enumerate(rows):
            rk = norm(r["path"])
            if rk == parent or rk.startswith(parent + "/"):
                at = i + 1
        rows.insert(at, new)
        have.add(k)

    # a component's passes cover its settings' passes
    comps = {r["path"].split("/")[0]: r for r in rows if r["type"] == "component"}
    for r in rows:
        c = comps.get(r["path"].split("/")[0])
        if c is not None and r is not c:
            u = pass_union(c["passes"], r["passes"])
            if u != c["passes"]:
                c["passes"] = u

    with open(a.catalog, "w", encoding="utf-8") as out:
        for h in head:
            out.write(h + "\n")
        out.write("\t".join(header) + "\n")
        for r in rows:
            out.write("\t".join(r.get(h, "") for h in header) + "\n")


if __name__ == "__main__":
    main()
