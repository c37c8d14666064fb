#!/usr/bin/env python3
"""Converts a bitext glossary.toml into the equivalent TBX and CSV/TSV term
bases (same terms, same meaning), for the tests that check that all three
give the same findings.

    python3 scripts/glossary_convert.py glossary.toml tests/data/glossary/glossary

writes glossary.tbx (TBX-Basic, v2 martif), glossary.v3.tbx (TBX v3),
glossary.csv and glossary.tsv. Python 3.11+ (tomllib), no other dependency.

Mapping: `source` synonyms → source-language terms; `target` → accepted
target terms, the first `preferredTerm-admn-sts`, the others
`admittedTerm-admn-sts`; `forbidden` → `deprecatedTerm-admn-sts`; `note` →
`<note>`; `case_sensitive`/`exact` → bitext's `termNote` types
`caseSensitive`/`exact` (CSV: columns of those names). CSV/TSV cells list
several terms separated by "; ".
"""
import csv
import sys
import tomllib
from xml.sax.saxutils import escape, quoteattr


def forms(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def tbx(g, v3):
    src, tgt = g.get("source_lang", "fr"), g.get("target_lang", "en")
    root, entry, lang_el, term_el = (
        ("tbx", "conceptEntry", "langSec", "termSec") if v3 else ("martif", "termEntry", "langSet", "tig")
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    if v3:
        out.append(f'<tbx type="TBX-Basic" style="dct" xml:lang={quoteattr(src)} xmlns="urn:iso:std:iso:30042:ed-2"'
                   ' xmlns:basic="http://www.tbxinfo.net/ns/basic">')
    else:
        out.append(f'<martif type="TBX-Basic" xml:lang={quoteattr(src)}>')
    out.append("  <tbxHeader><fileDesc><sourceDesc><p>converted from glossary.toml by scripts/glossary_convert.py</p></sourceDesc></fileDesc></tbxHeader>"
               if v3 else
               "  <martifHeader><fileDesc><sourceDesc><p>converted from glossary.toml by scripts/glossary_convert.py</p></sourceDesc></fileDesc></martifHeader>")
    out.append("  <text><body>")

    def status(value):
        if v3:
            return f"<basic:administrativeStatus>{value}</basic:administrativeStatus>"
        return f'<termNote type="administrativeStatus">{value}</termNote>'

    for i, t in enumerate(g.get("term", []), 1):
        out.append(f'    <{entry} id="t{i}">')
        if t.get("note"):
            out.append(f"      <note>{escape(t['note'])}</note>")
        if t.get("case_sensitive"):
            out.append('      <admin type="caseSensitive">true</admin>')
        if t.get("exact"):
            out.append('      <admin type="exact">true</admin>')
        out.append(f"      <{lang_el} xml:lang={quoteattr(src)}>")
        for f in forms(t.get("source")):
            out.append(f"        <{term_el}><term>{escape(f)}</term></{term_el}>")
        out.append(f"      </{lang_el}>")
        targets, forbidden = forms(t.get("target")), forms(t.get("forbidden"))
        if targets or forbidden:
            out.append(f"      <{lang_el} xml:lang={quoteattr(tgt)}>")
            # Forbidden first, then the admitted, then the preferred: the
            # reader must order by status, not by position.
            for f in forbidden:
                out.append(f"        <{term_el}><term>{escape(f)}</term>{status('deprecatedTerm-admn-sts')}</{term_el}>")
            for n, f in enumerate(targets):
                if n > 0:
                    out.append(f"        <{term_el}><term>{escape(f)}</term>{status('admittedTerm-admn-sts')}</{term_el}>")
            if targets:
                out.append(f"        <{term_el}><term>{escape(targets[0])}</term>{status('preferredTerm-admn-sts')}</{term_el}>")
            out.append(f"      </{lang_el}>")
        out.append(f"    </{entry}>")
    out.append("  </body></text>")
    out.append(f"</{root}>")
    return "\n".join(out) + "\n"


def table(g, path, delimiter):
    src, tgt = g.get("source_lang", "fr"), g.get("target_lang", "en")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n" if delimiter == "," else "\n")
        w.writerow([src, tgt, "forbidden", "note", "case_sensitive", "exact"])
        for t in g.get("term", []):
            w.writerow([
                "; ".join(forms(t.get("source"))),
                "; ".join(forms(t.get("target"))),
                "; ".join(forms(t.get("forbidden"))),
                t.get("note", ""),
                "true" if t.get("case_sensitive") else "",
                "true" if t.get("exact") else "",
            ])


def main():
    source, stem = sys.argv[1], sys.argv[2]
    with open(source, "rb") as f:
        g = tomllib.load(f)
    for t in g.get("term", []):
        for f in forms(t.get("source")) + forms(t.get("target")) + forms(t.get("forbidden")):
            if ";" in f or "|" in f:
                sys.exit(f"term {f!r} holds ; or |, which CSV cells use as separators")
    with open(stem + ".tbx", "w", encoding="utf-8") as f:
        f.write(tbx(g, v3=False))
    with open(stem + ".v3.tbx", "w", encoding="utf-8") as f:
        f.write(tbx(g, v3=True))
    table(g, stem + ".csv", ",")
    table(g, stem + ".tsv", "\t")


if __name__ == "__main__":
    main()
