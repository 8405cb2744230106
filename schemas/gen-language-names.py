#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes schemas/language-names.tsv: each English name of a language or locale in
Unicode CLDR ("German", "American English", "English (United States)", "Serbian
(Latin, Serbia)") and the language tag Windows takes for it (de-DE, en-US, en-US,
sr-Latn-RS), so that a language name written where a tag belongs gets a
did-you-mean. Debian: unicode-cldr-core.

Names: main/en.xml's <languages> (every alt form), and for each locale CLDR has
with a region (main/LANG_REGION.xml, main/LANG_SCRIPT_REGION.xml) its display
name by en.xml's localePattern and localeSeparator ("Language (Script, Region)").
Tags: the name's language, script and region, the missing ones added from
supplemental/likelySubtags.xml (language-script-region, as CLDR's "add likely
subtags" does). The script is then left out, as Windows writes its tags (en-US,
zh-CN, zh-TW, hi-IN), unless the language is written in another script too in
that region, officially or by at least 1% of the people (supplementalData.xml
territoryInfo: sr and sr_Latn in RS give sr-Cyrl-RS; az-Latn-AZ, bs-Latn-BA), or
the region's likely script is another one. CLDR does not say which tags Windows
itself spells with a script, so a few differ (ms-Latn-BN; Windows: ms-BN). A
name that stands for two tags is left out."""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

DEFAULT = "/usr/share/unicode/cldr/common"


def likely_table(cldr):
    root = ET.parse(os.path.join(cldr, "supplemental", "likelySubtags.xml")).getroot()
    return {e.get("from"): e.get("to") for e in root.iter("likelySubtag")}


def populations(cldr):
    """region -> set of language types written there (ls, ls_Script) officially or by
    at least 1% of the people."""
    root = ET.parse(os.path.join(cldr, "supplemental", "supplementalData.xml")).getroot()
    out = {}
    for t in root.iter("territory"):
        if t.get("type"):
            out.setdefault(t.get("type"), set()).update(
                p.get("type") for p in t.iter("languagePopulation")
                if p.get("officialStatus") or float(p.get("populationPercent", "0")) >= 1)
    return out


def split(tag):
    """language, script, region of an underscore tag ('' where absent)."""
    parts = tag.split("_")
    lang, script, region = parts[0], "", ""
    for p in parts[1:]:
        if re.fullmatch(r"[A-Z][a-z]{3}", p) and not script and not region:
            script = p
        elif re.fullmatch(r"[A-Z]{2}|[0-9]{3}", p) and not region:
            region = p
        else:
            return None     # variants: not a tag Windows takes
    return lang, script, region


def maximize(tag, likely):
    """CLDR's add likely subtags; None when CLDR does not know the language."""
    s = split(tag)
    if s is None:
        return None
    lang, script, region = s
    for key in ("_".join(x for x in (lang, script, region) if x),
                "_".join(x for x in (lang, region) if x),
                "_".join(x for x in (lang, script) if x), lang):
        if key in likely:
            l2, s2, r2 = split(likely[key])
            return lang, script or s2, region or r2
    return None


def windows_tag(full, likely, pops):
    lang, script, region = full
    if lang == "und" or not script or not region:
        return None
    region_likely = maximize(lang + "_" + region, likely)
    default = maximize(lang, likely)
    spoken = set()
    for t in pops.get(region, ()):
        if t == lang:
            spoken.add(default[1])
        elif t.startswith(lang + "_"):
            spoken.add(t[len(lang) + 1:])
    keep = bool(spoken - {script}) or (region_likely and region_likely[1] != script)
    return "-".join([lang, script, region] if keep else [lang, region])


def names(cldr):
    """(name, underscore tag) pairs from en.xml."""
    root = ET.parse(os.path.join(cldr, "main", "en.xml")).getroot()
    ldn = root.find("localeDisplayNames")
    langs, scripts, regions = {}, {}, {}
    out = []
    for e in ldn.find("languages"):
        if e.text:
            out.append((e.text, e.get("type")))
            if e.get("alt") is None:
                langs[e.get("type")] = e.text
    for e in ldn.find("scripts"):
        if e.text and e.get("alt") is None:
            scripts[e.get("type")] = e.text
    for e in ldn.find("territories"):
        if e.text and e.get("alt") is None:
            regions[e.get("type")] = e.text
    pattern = ldn.find("localeDisplayPattern/localePattern").text
    sep = ldn.find("localeDisplayPattern/localeSeparator").text
    for fn in sorted(os.listdir(os.path.join(cldr, "main"))):
        s = split(fn[:-4]) if fn.endswith(".xml") else None
        if s is None or not s[2] or s[0] not in langs or s[2] not in regions:
            continue
        if s[1] and s[1] not in scripts:
            continue
        rest = regions[s[2]] if not s[1] else sep.replace("{0}", scripts[s[1]]).replace(
            "{1}", regions[s[2]])
        out.append((pattern.replace("{0}", langs[s[0]]).replace("{1}", rest), fn[:-4]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cldr", default=DEFAULT, help="CLDR's common directory")
    ap.add_argument("--out", default="-", help="output file ('-': standard output)")
    a = ap.parse_args()
    likely, pops = likely_table(a.cldr), populations(a.cldr)
    table = {}
    for name, tag in names(a.cldr):
        full = maximize(tag, likely)
        win = windows_tag(full, likely, pops) if full else None
        if win is None or "\t" in name:
            continue
        table.setdefault(name.lower(), set()).add((name, win))
    text = ("# English names of languages and locales -> the language tag Windows takes, from\n"
            "# Unicode CLDR (main/en.xml, likelySubtags.xml, supplementalData.xml).\n"
            "# Generated by schemas/gen-language-names.py (make regen-language-names); do not edit.\n")
    for key in sorted(table):
        tags = {t for _, t in table[key]}
        if len(tags) == 1:
            text += "%s\t%s\n" % (sorted(table[key])[0][0], tags.pop())
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8", newline="\n")
    with out:
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
