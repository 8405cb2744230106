#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write answer files holding every Boolean setting of a WSIM catalog TSV.

Usage: wsim-booleans.py WSIM.tsv OUTDIR

One file per pass the catalog uses: each component that has a Boolean setting
valid in that pass, with every such setting as the catalog spells it (list
items written with wcm:action="add" and their key), all set to true.  Prints
the number of settings written.
"""
import os
import sys
from xml.sax.saxutils import escape, quoteattr

NS = "urn:schemas-microsoft-com:unattend"
WCM = "http://schemas.microsoft.com/WMIConfig/2002/State"


def main():
    src, out = sys.argv[1], sys.argv[2]
    rows = {}
    for line in open(src, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 12 or f[1] != "amd64" or f[0] == "component":
            continue
        rows[f[2]] = {"passes": f[3], "type": f[4], "key": f[7], "flags": f[9]}
    passes = {}
    count = 0
    for path, r in rows.items():
        if r["type"] != "Boolean":
            continue
        for p in r["passes"].split(","):
            tree = passes.setdefault(p, {})
            node = tree
            for seg in path.split("/"):
                node = node.setdefault(seg, {})
            count += 1

    def write(fh, prefix, name, kids, depth):
        r = rows.get(prefix)
        attrs = ""
        key = r["key"] if r else ""
        if r and "list" in r["flags"].split(","):
            attrs = ' wcm:action="add"'
            if key == "@keyValue":
                attrs += ' wcm:keyValue="k1"'
        pad = "  " * depth
        if not kids:
            fh.write("%s<%s%s>true</%s>\n" % (pad, name, attrs, name))
            return
        fh.write("%s<%s%s>\n" % (pad, name, attrs))
        for k, v in kids.items():
            write(fh, prefix + "/" + k, k, v, depth + 1)
        # the key last: TCPIP's Interface wants Identifier after its settings
        if key and key != "@keyValue" and key not in kids:
            kr = rows.get(prefix + "/" + key, {"type": "String"})
            val = "1" if kr["type"] in ("Int32", "UInt32") else "k1"
            fh.write("%s  <%s>%s</%s>\n" % (pad, key, val, key))
        fh.write("%s</%s>\n" % (pad, name))

    for p, tree in passes.items():
        with open(os.path.join(out, "%s.xml" % p), "w", encoding="utf-8") as fh:
            fh.write('<?xml version="1.0" encoding="utf-8"?>\n')
            fh.write('<unattend xmlns=%s xmlns:wcm=%s>\n' % (quoteattr(NS), quoteattr(WCM)))
            fh.write('  <settings pass=%s>\n' % quoteattr(p))
            for comp, kids in tree.items():
                fh.write('    <component name=%s processorArchitecture="amd64" '
                         'publicKeyToken="31bf3856ad364e35" language="neutral" '
                         'versionScope="nonSxS">\n' % quoteattr(comp))
                for k, v in kids.items():
                    write(fh, comp + "/" + k, k, v, 3)
                fh.write('    </component>\n')
            fh.write('  </settings>\n</unattend>\n')
    print(count)


if __name__ == "__main__":
    main()
