#!/usr/bin/env python3
"""Bootstrap schemas/unattend/catalog.tsv from Microsoft's unattend reference pages.

PROVENANCE ONLY.  This script produced the first version of catalog.tsv from the
reference pages (MicrosoftDocs/windows-driver-docs "Unattended Windows Setup
Reference", 2018 snapshot, in /work/shared/reference/microsoft-unattend/pages).
Its type/facet inference is heuristic.  After generation the catalog is the source
of truth and is hand-edited (corrections, corpus-derived facts, Windows 11 and
arm64 additions); those edits live in the catalog, not here.  Re-running this
script OVERWRITES the hand edits (listed in NOTES.md) unless they are also
given with --extra, so edit catalog.tsv directly instead of re-running this.

Usage: extract.py [--pages DIR] [--out FILE] [--extra FILE]

  --extra FILE  a TSV file in catalog format whose lines replace (same path) or
                extend the extracted lines: the place for hand-made facts if the
                catalog is ever regenerated from scratch.

Heuristics (see NOTES.md):
  * a page with a "Valid Configuration Passes" section and a "Parent Hierarchy"
    is one setting; its path is the hierarchy; components get the union of passes;
  * container: some other page has it as parent (or it has a Child Elements table);
  * boolean: Values table lists exactly true/false;
  * enum: every Values table row starts with a bold literal (not an italic
    placeholder); all-numeric literals become integer with min/max when the
    prose states a range, else an enum of the listed numbers;
  * integer: prose says "integer" (+ "between A and B" / "from A through B" /
    "A-B" ranges); string maxlen: "maximum length of N characters" and variants;
  * list: the element carries wcm:action="add" or wcm:keyValue under the same
    parent in some example, or its parent is its plural (Disks/Disk,
    OfflineLocalAccounts/LocalAccount); key: @keyValue when examples use
    wcm:keyValue on it or a "Key" page documents that attribute, else the first
    of KEY_CHILDREN it has, else a child named *Key or *ID;
  * "Key" pages that document the wcm:keyValue attribute are not elements; an
    item whose only other child is "Value" is itself the value (DomainName);
  * path: parent page from the file name (the hierarchy line has copy-paste
    errors), name from the page title unless an example spells it otherwise;
  * secret: password / product-key settings; empty: prose says the value may be
    empty; sequence: only where the reference documents a child order.
"""
import argparse
import glob
import html
import os
import re
import sys

PASSES = ["windowsPE", "offlineServicing", "generalize", "specialize",
          "auditSystem", "auditUser", "oobeSystem"]
PASS_LC = {p.lower(): p for p in PASSES}
KEY_CHILDREN = ["Order", "DiskID", "PartitionID", "Identifier", "Name", "Key",
                "Path", "Id", "ID", "Username", "Prefix", "Letter"]

# component page titles that are not the component's name
COMPONENT_NAME_FIX = {
    "microsoft-windows-pnpcustomizationswinpe-": "Microsoft-Windows-PnpCustomizationsWinPE",
    "Microsoft-Windows-WDF-Kernel Library": "Microsoft-Windows-WDF-Kernel-Library",
}

HERE = os.path.dirname(os.path.abspath(__file__))


def sections(text):
    """Return {lowercased section title: body} for '## ' sections (first wins)."""
    out = {}
    cur = None
    buf = []
    for line in text.splitlines():
        m = re.match(r"^##\s+(?:<a[^>]*></a>)?(.*?)\s*$", line)
        if m and not line.startswith("###"):
            if cur is not None and cur not in out:
                out[cur] = "\n".join(buf)
            cur = m.group(1).strip().lower()
            buf = []
        elif cur is not None:
            buf.append(line)
    if cur is not None and cur not in out:
        out[cur] = "\n".join(buf)
    return out


def title_of(text):
    m = re.search(r"^title:\s*(.+?)\s*$", text, re.M)
    t = m.group(1) if m else None
    m2 = re.search(r"^#\s+(.+?)\s*$", text, re.M)
    if m2:
        t = m2.group(1)
    if t:
        t = t.replace("\\", "").strip().strip("`*")
    return t


def clean_name(s):
    s = re.sub(r"<[^>]+>", "", s)
    s = s.replace("\\", "").strip().strip("`*").strip()
    return s


def parse_hierarchy(body):
    """List of (name, href or None)."""
    line = None
    for ln in body.splitlines():
        if ln.strip():
            line = ln.strip()
            break
    if not line:
        return None
    parts = [p.strip() for p in line.split(" | ")]
    out = []
    for p in parts:
        m = re.match(r"\[([^\]]*)\]\(([^)]*)\)", p)
        if m:
            out.append((clean_name(m.group(1)), m.group(2).strip()))
        else:
            out.append((clean_name(p), None))
    return [x for x in out if x[0]]


def parse_passes(body):
    ps = []
    for ln in body.splitlines():
        w = ln.strip().strip("-* ").strip()
        if w.lower() in PASS_LC:
            ps.append(PASS_LC[w.lower()])
    return ps


def strip_tags(s):
    return html.unescape(re.sub(r"<[^>]+>", " ", s))


def table_first_cells(values):
    """First cell of each row of the first HTML table in the Values section."""
    m = re.search(r"<table>(.*?)</table>", values, re.S)
    if not m:
        return None
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(1), re.S)
    cells = []
    for r in rows:
        if "<th" in r:
            continue
        c = re.search(r"<td[^>]*>(.*?)</td>", r, re.S)
        if c:
            cells.append(c.group(1).strip())
    return cells


def bold_literal(cell):
    """The literal if a cell is exactly one bold value, else None."""
    m = re.fullmatch(r"(?:<p>)?\s*<strong>([^<]+)</strong>\s*(?:</p>)?", cell.strip(), re.S)
    if not m:
        m = re.fullmatch(r"(?:<p>)?\s*\*\*([^*<]+)\*\*\s*(?:</p>)?", cell.strip(), re.S)
    if not m:
        return None
    v = html.unescape(m.group(1)).strip()
    if not v or " " in v or "|" in v:
        return None
    return v


NUM = r"(-?\d[\d,]*)"


def num(s):
    return int(s.replace(",", ""))


def infer_value(name, values, fulltext):
    """Return (type, facets dict, empty flag)."""
    prose = strip_tags(values)
    prose1 = re.sub(r"\s+", " ", prose)
    empty = False
    full1 = re.sub(r"\s+", " ", strip_tags(fulltext))
    if re.search(r"supports empty elements|write empty string|enter an empty string|specify an empty string", full1, re.I) \
            and not re.search(r"does not support empty elements", full1, re.I):
        empty = True
    if re.search(r"(may|can) be (left )?empty|empty (value|string|element)s? (is|are) (allowed|valid|supported)"
                 r"|can be an empty|may be an empty|set (it )?to an empty|(is|are) empty,? ", prose1, re.I):
        if not re.search(r"(does|do) not support empty|cannot be empty|must not be empty", prose1, re.I):
            empty = True
    cells = table_first_cells(values)
    lits = None
    if cells:
        lits = [bold_literal(c) for c in cells]
        if not lits or any(x is None for x in lits):
            lits = None
    if lits is None:
        # prose form: "**true** | **false**" or a bullet list of bold values
        m = re.search(r"\*\*(true|false)\*\*\s*\|\s*\*\*(true|false)\*\*", values, re.I)
        if m:
            lits = ["true", "false"]
    if lits:
        lset = {x.lower() for x in lits}
        if lset <= {"true", "false"} and lset:
            return "boolean", {}, empty
        if all(re.fullmatch(r"-?\d+", x) for x in lits):
            # numeric literals: keep as enum of the documented values (conservative:
            # only when prose does not mention a wider integer range)
            rng = find_range(prose1)
            if rng:
                return "integer", {"min": rng[0], "max": rng[1]}, empty
            return "enum", {"enum": "|".join(dedup(lits))}, empty
        if len(lits) >= 2 or (len(lits) == 1 and not re.search(r"<em>", values)):
            return "enum", {"enum": "|".join(dedup(lits))}, empty
    facets = {}
    if (re.search(r"\binteger\b", prose1, re.I) and not re.search(r"\bstring\b|as an integer", prose1, re.I)):
        rng = find_range(prose1)
        if rng:
            facets = {"min": rng[0], "max": rng[1]}
        return "integer", facets, empty
    m = re.search(r"(?:maximum (?:length )?of|up to|no more than|cannot exceed|maximum value of|limited to)\s+"
                  r"(\d+)\s+(?:\w+\s+)?characters", prose1, re.I)
    if m:
        facets["maxlen"] = int(m.group(1))
    return "string", facets, empty


def find_range(prose):
    pats = [
        r"between\s+" + NUM + r"\s+and\s+" + NUM,
        r"from\s+" + NUM + r"(?:\s*\([^)]*\))?\s+(?:through|to)\s+" + NUM,
        r"range (?:is|of)\s+(?:from\s+)?" + NUM + r"\s*(?:-|to|through)\s*" + NUM,
        r"between\s+" + NUM + r"\s*-\s*" + NUM,
        r"values? (?:range )?from\s+" + NUM + r"\s+(?:\([^)]*\)\s+)?to\s+" + NUM,
    ]
    for p in pats:
        m = re.search(p, prose, re.I)
        if m:
            a, b = num(m.group(1)), num(m.group(2))
            if a <= b:
                return a, b
    return None


def dedup(xs):
    seen = []
    for x in xs:
        if x not in seen:
            seen.append(x)
    return seen


SECRET_RE = re.compile(r"password$|^productkey$", re.I)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", default="/work/shared/reference/microsoft-unattend/pages")
    ap.add_argument("--out", default=os.path.join(HERE, "catalog.tsv"))
    ap.add_argument("--extra", default=None)
    a = ap.parse_args()

    pages = {}
    for f in sorted(glob.glob(os.path.join(a.pages, "*.md"))):
        with open(f, encoding="utf-8") as fh:
            pages[os.path.basename(f)] = fh.read()
    titles = {k.lower(): title_of(v) for k, v in pages.items()}

    # pass 1: per setting page, own name and parent page
    info = {}
    examples = []  # (page, xml text)
    lcfiles = {k.lower(): k for k in pages}
    extags = set()
    for fn, text in pages.items():
        sec = sections(text)
        for k, v in sec.items():
            if k.startswith("xml example"):
                examples.append((fn, v))
                extags.update(re.findall(r"<([A-Za-z][\w.-]*)", v))
        ps = None
        for k in sec:
            if k == "valid configuration passes":
                ps = parse_passes(sec[k])
        hier = sec.get("parent hierarchy")
        if ps is None or hier is None:
            continue
        h = parse_hierarchy(hier)
        if not h or len(h) < 2:
            continue
        info[fn] = (sec, ps, h, text)

    def own_name(fn):
        sec, ps, h, text = info[fn]
        t = title_of(text) or h[-1][0]
        bold = h[-1][0]
        comp = h[0][0]
        if t.lower().startswith(comp.lower() + "-"):
            t = t[len(comp) + 1:]
        cands = [t, bold]
        # prefer the spelling used as an element name in some XML example
        for c in cands:
            if c in extags:
                return c
        for c in cands:
            for tag in extags:
                if tag.lower() == c.lower():
                    return tag
        return t

    def parent_file(fn):
        sec, ps, h, text = info[fn]
        base = fn[:-3]
        if "-" in base:
            cand = base.rsplit("-", 1)[0] + ".md"
            if cand.lower() in lcfiles:
                return lcfiles[cand.lower()]
        for nm, href in reversed(h[:-1]):
            if href and os.path.basename(href).lower() in lcfiles:
                return lcfiles[os.path.basename(href).lower()]
        return None

    memo = {}
    intermediates = {}
    rootpages = {os.path.basename(x).lower() for x in
                 re.findall(r"\]\(([^)#]+\.md)\)", pages.get("components-b-unattend.md", ""))}

    def path_of(fn, depth=0):
        if fn in memo:
            return memo[fn]
        if depth > 20:
            raise SystemExit("cycle at " + fn)
        if fn not in info:
            base = fn[:-3]
            cand = base.rsplit("-", 1)[0] + ".md" if "-" in base else None
            t = title_of(pages[fn]) if fn in pages else fn
            if cand and cand.lower() in lcfiles and fn.lower() not in rootpages:
                # an intermediate container page without a pass list
                p = path_of(lcfiles[cand.lower()], depth + 1) + (t,)
                intermediates[p] = fn
            else:
                t = COMPONENT_NAME_FIX.get(t, t).replace(" ", "-")
                p = (t,)
        else:
            pf = parent_file(fn)
            if pf is None:
                p = (info[fn][2][0][0], own_name(fn))
            else:
                p = path_of(pf, depth + 1) + (own_name(fn),)
        memo[fn] = p
        return p

    entries = {}   # path tuple -> dict
    for fn in sorted(info):
        sec, ps, h, text = info[fn]
        path = path_of(fn)
        vals = sec.get("values") or sec.get("value") or ""
        e = {"path": path, "passes": ps, "page": fn, "values": vals, "text": text,
             "childtable": any(k.startswith("child element") for k in sec)}
        if path in entries:
            print("duplicate path %s: %s and %s" % ("/".join(path), entries[path]["page"], fn),
                  file=sys.stderr)
            continue
        entries[path] = e
    for p, fn in intermediates.items():
        if p not in entries:
            ps = set()
            for q, e in list(entries.items()):
                if q[:len(p)] == p:
                    ps.update(e["passes"])
            entries[p] = {"path": p, "passes": [x for x in PASSES if x in ps], "page": fn,
                          "values": "", "text": pages[fn], "childtable": True}

    # "Key" pages that document the wcm:keyValue attribute: not elements
    kvparents = set()
    for p in list(entries):
        e = entries[p]
        if p[-1] == "Key" and re.search(r"wcm:keyValue|as an attribute", e["text"]):
            kvparents.add(p[:-1])
            del entries[p]
    # keyValue items whose only remaining child is "Value": the item is itself the value
    for p in kvparents:
        kids = [q for q in entries if q[:-1] == p]
        if len(kids) == 1 and kids[0][-1] == "Value" and p in entries:
            v = entries.pop(kids[0])
            entries[p]["values"] = v["values"]
            entries[p]["text"] = v["text"]
            entries[p]["childtable"] = False
            entries[p]["page"] = entries[p]["page"] + "+" + v["page"]

    parents = set()
    for p in entries:
        for i in range(2, len(p)):
            parents.add(p[:i])

    # list items and keys from examples
    action_add = {}   # (parent tag, tag) -> pages
    keyvalue = set()  # (parent tag, tag)
    seen_pairs = set()
    for fn, ex in examples:
        stack = []
        for m in re.finditer(r"<(/?)([A-Za-z][\w.:-]*)\b([^>]*?)(/?)>", ex):
            close, tag, attrs, selfc = m.groups()
            if close:
                while stack and stack[-1] != tag:
                    stack.pop()
                if stack:
                    stack.pop()
                continue
            key = (stack[-1] if stack else None, tag)
            seen_pairs.add(key)
            if re.search(r'wcm:action\s*=\s*"add"', attrs):
                action_add.setdefault(key, set()).add(fn)
            if "wcm:keyValue" in attrs:
                keyvalue.add(key)
            if not selfc:
                stack.append(tag)

    def is_list(p):
        # an item of a plural collection: Disk in Disks, LocalAccount in OfflineLocalAccounts
        if p[-2].lower().endswith(p[-1].lower() + "s") and len(p) > 2:
            return True
        pars = [p[-2]] if (p[-2], p[-1]) in seen_pairs else [None]
        for par in pars:   # None: the item is the example's outermost element
            if (par, p[-1]) in action_add or (par, p[-1]) in keyvalue:
                return True
        return False

    def has_kv(p):
        par = p[-2] if (p[-2], p[-1]) in seen_pairs else None
        return (par, p[-1]) in keyvalue or p in kvparents

    lines = []
    allpaths = set(entries) | {p[:1] for p in entries}
    for p in sorted(allpaths, key=lambda x: [s.lower() for s in x]):
        if len(p) == 1:
            ps = set()
            for q, e in entries.items():
                if q[0] == p[0]:
                    ps.update(e["passes"])
            lines.append([p[0], ",".join(x for x in PASSES if x in ps), "component", "", "",
                          "%s.md" % p[0].lower()])
            continue
        e = entries[p]
        name = p[-1]
        flags = []
        facets = {}
        if p in parents or (e["childtable"] and not e["values"]):
            typ = "container"
            if is_list(p) or p in kvparents:
                flags.append("list")
                kids = {q[-1] for q in entries if q[:-1] == p}
                if has_kv(p):
                    flags.append("key=@keyValue")
                else:
                    ks = [k for k in KEY_CHILDREN if k in kids] or \
                         sorted(k for k in kids if re.search(r"(Key|ID)$", k))
                    if ks:
                        flags.append("key=" + ks[0])
        else:
            typ, facets, empty = infer_value(name, e["values"], e["text"])
            if empty:
                flags.append("empty")
            if is_list(p) or p in kvparents:
                flags.append("list")
                if has_kv(p):
                    flags.append("key=@keyValue")
        if SECRET_RE.search(name) or (name == "Value" and p[-2].lower().endswith("password")) \
                or (name == "Key" and p[-2] == "ProductKey"):
            if typ != "container":
                flags.append("secret")
        fs = []
        for k in ("min", "max", "minlen", "maxlen", "enum", "pattern"):
            if k in facets:
                fs.append("%s=%s" % (k, facets[k]))
        lines.append(["/".join(p), ",".join(x for x in PASSES if x in e["passes"]), typ,
                      " ".join(fs), ",".join(flags), e["page"]])

    if a.extra:
        extra = {}
        with open(a.extra, encoding="utf-8") as fh:
            for ln in fh:
                if ln.startswith("#") or not ln.strip() or ln.startswith("path\t"):
                    continue
                c = ln.rstrip("\n").split("\t")
                extra[c[0]] = c
        lines = [extra.pop(l[0], l) for l in lines] + sorted(extra.values())

    with open(a.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# unattend answer-file catalog; format: schemas/README.md.\n")
        fh.write("# Bootstrapped by extract.py from the Microsoft reference pages, then hand-edited:\n")
        fh.write("# this file is the source of truth.  Run gen-xsd.py after editing.\n")
        fh.write("path\tpasses\ttype\tfacets\tflags\tsource\n")
        for l in lines:
            fh.write("\t".join(str(x) for x in l) + "\n")
    print("%d lines" % len(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
