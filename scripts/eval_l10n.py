#!/usr/bin/env python3
"""bitext and translate-toolkit's pofilter on the same localisation files.

    python3 scripts/eval_l10n.py [--bitext PATH] [--write-pofilter-results]
                                 [--list-clean-flags]

Files (tests/data/l10n): PO planted/*.po vs clean/*.po, XLIFF xliff/*.xlf vs
xliff/*.clean.xlf, JSON json/en/app.json with json/fr-planted/app.json vs
json/fr/app.json.  Ground truth: planted.json (errors) and traps.json.

bitext: `bitext check FILE [TARGET] --source-lang en --target-lang fr
--glossary tests/data/l10n/glossary.toml --format json`.  A planted error is
found when a finding whose rule is one of the record's `rules` has
target.line inside the record's msgstr / <target> / value block (for a key
missing from the target: a missing-translation finding on the source line).
A trap is hit by any finding in its block.  bitext exiting 2 is printed and
its columns left empty.

pofilter (all default tests, `pofilter -i IN -o OUT`: OUT holds the failing
units with `# (pofilter) test: …` comments, or <note from="pofilter"> in
XLIFF): a planted error is found, and a trap hit, when its unit is in OUT,
whatever the test (per entry).  JSON goes through json2po -t EN FR first
(units named by key path).  pofilter cannot read XLIFF 2.0 (reported n/a).
pofilter's exit status is 0 whatever it finds.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.parsers.expat

sys.path.insert(0, os.path.dirname(__file__))
import l10n_po as po  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
D = os.path.join(ROOT, "tests", "data", "l10n")
GLOSSARY = os.path.join(D, "glossary.toml")
TMP = tempfile.mkdtemp(prefix="eval_l10n_")


# ---------- inputs ----------
def runs():
    """(name, kind, files for bitext, clean?) — kind: po | xliff | json."""
    out = []
    for sub, clean in (("planted", False), ("clean", True)):
        for f in sorted(os.listdir(os.path.join(D, sub))):
            if f.endswith(".po"):
                out.append((f"{sub}/{f}", "po", [f"{sub}/{f}"], clean))
    for f in sorted(os.listdir(os.path.join(D, "xliff"))):
        if f.endswith(".xlf"):
            out.append((f"xliff/{f}", "xliff", [f"xliff/{f}"], ".clean." in f))
    out.append(("json/fr-planted/app.json", "json", ["json/en/app.json", "json/fr-planted/app.json"], False))
    out.append(("json/fr/app.json", "json", ["json/en/app.json", "json/fr/app.json"], True))
    return out


def po_blocks(path):
    """msgstr line -> (first, last) lines of that msgstr's block; and unit key."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, keys = {}, {}
    for e in po.parse("\n".join(lines)):
        for ln in e.lines:
            last = ln
            while last < len(lines) and re.match(r'(#~ )?"', lines[last]):
                last += 1
            blocks[ln] = (ln, last)
            keys[ln] = (e.ctx, e.id)
    return blocks, keys


def xliff_blocks(path):
    """<target> line -> (first, last) and unit id; also a list of all blocks."""
    blocks, keys, stack = {}, {}, []
    p = xml.parsers.expat.ParserCreate()
    cur = {}

    def start(name, attrs):
        local = name.split(":")[-1]
        if local in ("trans-unit", "unit"):
            stack.append(attrs.get("id"))
        if local == "target" and stack:
            cur["start"] = p.CurrentLineNumber

    def end(name):
        local = name.split(":")[-1]
        if local in ("trans-unit", "unit"):
            stack.pop()
        if local == "target" and "start" in cur:
            s = cur.pop("start")
            blocks[s] = (s, p.CurrentLineNumber)
            keys[s] = stack[-1] if stack else None
    p.StartElementHandler, p.EndElementHandler = start, end
    p.Parse(open(path, "rb").read(), True)
    return blocks, keys


def json_leaf_lines(path):
    """key path -> line of its value, for files written one value per line."""
    obj = json.load(open(path, encoding="utf-8"))
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i = {}, 0

    def walk(o, pre):
        nonlocal i
        if isinstance(o, dict):
            for k, v in o.items():
                walk(v, pre + [k])
        elif isinstance(o, list):
            for k, v in enumerate(o):
                walk(v, pre + [str(k)])
        else:
            needle = json.dumps(o, ensure_ascii=False)
            while i < len(lines) and needle not in lines[i]:
                i += 1
            out[".".join(pre)] = i + 1
            i += 1
    walk(obj, [])
    return out


# ---------- bitext ----------
def find_bitext(arg):
    for c in [arg, os.environ.get("BITEXT"), os.path.join(ROOT, "target", "release", "bitext"),
              os.path.join(ROOT, "target", "debug", "bitext"), shutil.which("bitext")]:
        if c and os.path.exists(c):
            return c
    return None


def run_bitext(exe, files):
    cmd = [exe, "check", *files, "--source-lang", "en", "--target-lang", "fr",
           "--glossary", GLOSSARY, "--format", "json", "--fail-on", "never"]
    r = subprocess.run(cmd, cwd=D, capture_output=True, text=True)
    if r.returncode == 2 or not r.stdout.strip():
        return None, r.stderr.strip().split("\n")[0] if r.stderr.strip() else f"exit {r.returncode}"
    try:
        return json.loads(r.stdout)["findings"], None
    except (ValueError, KeyError) as e:
        return None, f"unreadable JSON output: {e}"


# ---------- pofilter ----------
def run_pofilter(kind, files, lang=None):
    """Set of flagged unit keys -> list of failing tests; None if pofilter cannot read it."""
    extra = [f"--language={lang}"] if lang else []
    if kind == "json":
        src = os.path.join(TMP, "j_" + files[1].replace("/", "_") + ".po")
        subprocess.run(["json2po", "--progress=none", "-t", files[0], files[1], src], cwd=D,
                       check=True, capture_output=True)
        inp, ext = src, ".po"
    else:
        inp, ext = os.path.join(D, files[0]), os.path.splitext(files[0])[1]
    out = os.path.join(TMP, "pf_" + files[-1].replace("/", "_") + (lang or "") + ext)
    if os.path.exists(out):
        os.remove(out)
    r = subprocess.run(["pofilter", "--progress=none", *extra, "-i", inp, "-o", out],
                       capture_output=True, text=True)
    if not os.path.exists(out) or "Error processing" in r.stderr:
        return None
    flagged = {}
    if ext == ".po":
        text = open(out, encoding="utf-8").read()
        # pofilter keeps #: locations (json2po key paths) and obsolete/fuzzy markers
        for block in text.split("\n\n"):
            tests = re.findall(r"^# \(pofilter\) ([\w-]+):", block, re.M)
            if not tests:
                continue
            locs = re.findall(r"^#: (\S+)", block, re.M)
            body = "\n".join(l for l in block.split("\n") if not l.startswith("# (pofilter)"))
            body = "\n".join(l for l in body.split("\n") if not l.startswith("#:"))
            ents = po.parse(body)
            if not ents:
                continue
            e = ents[0]
            key = locs[0].lstrip(".") if kind == "json" and locs else (e.ctx, e.id)
            flagged[key] = tests
    else:
        cur = {}
        p = xml.parsers.expat.ParserCreate()
        state = {"unit": None, "note": False, "txt": ""}

        def start(name, attrs):
            if name.split(":")[-1] == "trans-unit":
                state["unit"] = attrs.get("id")
            if name.split(":")[-1] == "note" and attrs.get("from") == "pofilter":
                state["note"], state["txt"] = True, ""

        def chars(d):
            if state["note"]:
                state["txt"] += d

        def end(name):
            if name.split(":")[-1] == "note" and state["note"]:
                state["note"] = False
                cur.setdefault(state["unit"], []).append(state["txt"].split(":")[0])
        p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
        p.Parse(open(out, "rb").read(), True)
        flagged = cur
    return flagged


# pofilter tests that address each planted rule (for the stricter "relevant test" column)
RELEVANT = {
    "placeholder-mismatch": {"printf", "pythonbraceformat", "variables", "xmltags"},
    "markup-mismatch": {"newlines", "endwhitespace", "startwhitespace", "tabs", "escapes", "options",
                        "urls", "emails", "xmltags", "filepaths"},
    "number-mismatch": {"numbers"},
    "missing-translation": {"untranslated"},
    "untranslated": {"unchanged"},
    "omission": {"sentencecount", "short"},
    "addition": set(),
    "term-missing": set(), "term-forbidden": set(),
}


def pofilter_key(rec, kind, keys_by_line):
    if kind == "json":
        return rec.get("key")
    if kind == "po":
        return (rec.get("msgctxt"), rec["msgid"])
    return keys_by_line.get(rec["line"])


# ---------- evaluation ----------
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bitext")
    ap.add_argument("--write-pofilter-results", action="store_true")
    ap.add_argument("--list-clean-flags", action="store_true")
    args = ap.parse_args()
    planted = json.load(open(os.path.join(D, "planted.json")))
    traps = json.load(open(os.path.join(D, "traps.json")))
    exe = find_bitext(args.bitext)
    tools = ["bitext", "pofilter", "pofilter-fr", "pofilter-rel"]
    found = {t: {} for t in tools}          # id(rec) -> bool / None (n/a)
    trap_hit = {t: {} for t in tools}
    clean_flags = {t: collections.OrderedDict() for t in tools}   # (file, unit) -> [rules]
    clean_units = 0
    bitext_errors = []

    for name, kind, files, clean in runs():
        path = os.path.join(D, files[-1])
        if kind == "po":
            blocks, keys = po_blocks(path)
            if clean:
                clean_units += sum(1 for e in po.parse(open(path).read())[1:] if not e.obsolete)
        elif kind == "xliff":
            blocks, keys = xliff_blocks(path)
            if clean:
                clean_units += len(blocks) - (1 if 'x-gettext-domain-header' in open(path).read() else 0)
        else:
            ll = json_leaf_lines(path)
            blocks = {l: (l, l) for l in ll.values()}
            keys = {l: k for k, l in ll.items()}
            if clean:
                clean_units += len(ll)
        recs = [r for r in planted if r["file"] == name]
        trs = [r for r in traps if r["file"] == name]

        # bitext
        if exe is None:
            findings, err = None, "bitext binary not found (cargo build --release, or --bitext PATH)"
        else:
            findings, err = run_bitext(exe, files)
        if findings is None:
            bitext_errors.append((name, err))
            for r in recs:
                found["bitext"][id(r)] = None
            for r in trs:
                trap_hit["bitext"][id(r)] = None
        else:
            def in_block(f, rec):
                t = f.get("target") or {}
                if rec["line"] is None:       # key missing from the target
                    s = f.get("source") or {}
                    return s.get("line") == rec.get("source_line")
                lo, hi = blocks.get(rec["line"], (rec["line"], rec["line"]))
                return t.get("line") is not None and lo <= t["line"] <= hi
            for r in recs:
                found["bitext"][id(r)] = any(f["rule"] in r["rules"] and in_block(f, r) for f in findings)
            for r in trs:
                trap_hit["bitext"][id(r)] = any(in_block(f, r) for f in findings)
            if clean:
                for f in findings:
                    t = (f.get("target") or {}).get("line") or (f.get("source") or {}).get("line")
                    unit = next((keys[l] for l, (lo, hi) in blocks.items() if t and lo <= t <= hi), t)
                    clean_flags["bitext"].setdefault((name, str(unit)), []).append(f["rule"])

        # pofilter (default tests; and with --language=fr)
        for tool, lang in (("pofilter", None), ("pofilter-fr", "fr")):
            flagged = run_pofilter(kind, files, lang)
            for r in recs:
                found[tool][id(r)] = None if flagged is None else pofilter_key(r, kind, keys) in flagged
                if tool == "pofilter":
                    rel = set().union(*(RELEVANT.get(x, set()) for x in r["rules"]))
                    found["pofilter-rel"][id(r)] = None if flagged is None else bool(
                        rel & set(flagged.get(pofilter_key(r, kind, keys), [])))
            for r in trs:
                trap_hit[tool][id(r)] = None if flagged is None else pofilter_key(r, kind, keys) in flagged
            if clean and flagged:
                for k, tests in flagged.items():
                    if k == (None, "") or k is None:
                        continue
                    clean_flags[tool][(name, str(k))] = tests

    # ---------- report ----------
    L = []
    def p(s=""):
        L.append(s)
    p(f"bitext: {exe or 'not found'}")
    for name, err in bitext_errors:
        p(f"  bitext failed on {name}: {err}")
    p()
    p("Recall on planted errors (found / planted; n/a: tool could not read the file)")
    p(f"{'kind':34} {'n':>3}  {'bitext':>9}  {'pofilter':>9}  {'pofilter-fr':>11}  {'pofilter-rel':>12}")

    def cell(t, rs, table):
        vals = [table[t][id(r)] for r in rs]
        known = [v for v in vals if v is not None]
        if not known:
            return "n/a"
        s = f"{sum(known)}/{len(known)}"
        return s + ("*" if len(known) < len(vals) else "")
    bykind = collections.OrderedDict()
    for r in planted:
        bykind.setdefault(r["kind"], []).append(r)
    for k, rs in sorted(bykind.items()):
        p(f"{k:34} {len(rs):>3}  {cell('bitext', rs, found):>9}  {cell('pofilter', rs, found):>9}  {cell('pofilter-fr', rs, found):>11}  {cell('pofilter-rel', rs, found):>12}")
    for label, sel in (("all", planted),
                       ("  PO", [r for r in planted if r["file"].startswith("planted/")]),
                       ("  XLIFF", [r for r in planted if r["file"].startswith("xliff/")]),
                       ("  JSON", [r for r in planted if r["file"].startswith("json/")]),
                       ("  glossary (term-*)", [r for r in planted if any(x.startswith("term-") for x in r["rules"])])):
        p(f"{label:34} {len(sel):>3}  {cell('bitext', sel, found):>9}  {cell('pofilter', sel, found):>9}  {cell('pofilter-fr', sel, found):>11}  {cell('pofilter-rel', sel, found):>12}")
    p("(* some of this row's files could not be read by the tool; ratio over the rest)")
    p("(pofilter, pofilter-fr: unit flagged by any test; pofilter-rel: flagged by a test that addresses the error)")
    p()
    p("Trap hits (reported although legitimate)")
    p(f"{'kind':34} {'n':>3}  {'bitext':>9}  {'pofilter':>9}  {'pofilter-fr':>11}")
    byk = collections.OrderedDict()
    for r in traps:
        byk.setdefault(r["kind"], []).append(r)
    for k, rs in sorted(byk.items()):
        p(f"{k:34} {len(rs):>3}  {cell('bitext', rs, trap_hit):>9}  {cell('pofilter', rs, trap_hit):>9}  {cell('pofilter-fr', rs, trap_hit):>11}")
    p(f"{'all':34} {len(traps):>3}  {cell('bitext', traps, trap_hit):>9}  {cell('pofilter', traps, trap_hit):>9}  {cell('pofilter-fr', traps, trap_hit):>11}")
    p()
    p(f"Flags on the unmodified files ({clean_units} units: clean/*.po, xliff/*.clean.xlf, json/fr/app.json)")
    for t in tools[:3]:
        n = len(clean_flags[t])
        tests = collections.Counter(x for v in clean_flags[t].values() for x in set(v))
        p(f"  {t:12} {n:4} units flagged" + ("" if t != "bitext" or not bitext_errors else " (bitext failed on some files)"))
        if tests:
            p("      " + ", ".join(f"{k} {v}" for k, v in tests.most_common()))
    if args.list_clean_flags:
        for t in tools[:3]:
            p()
            p(f"[{t}] flagged units on unmodified files")
            for (f, k), v in clean_flags[t].items():
                p(f"  {f}  {k[:100]}  {', '.join(v)}")
    print("\n".join(L))
    if args.write_pofilter_results:
        write_results(L, planted, traps, found, trap_hit, clean_flags)
    shutil.rmtree(TMP, ignore_errors=True)


def write_results(L, planted, traps, found, trap_hit, clean_flags):
    out = ["# pofilter on the l10n corpus", "",
           "Written by `python3 scripts/eval_l10n.py --write-pofilter-results` (translate-toolkit "
           + subprocess.run(["pofilter", "--version"], capture_output=True, text=True).stdout.strip()
           + "). `pofilter` = all default tests; `pofilter-fr` = the same with `--language=fr`.",
           "pofilter is counted per unit: a planted error is caught when its unit is flagged by any test.",
           "", "```"] + L + ["```", ""]
    out += ["## Planted errors pofilter missed (default tests)", ""]
    for r in planted:
        if found["pofilter"][id(r)] is False:
            out.append(f"- {r['file']}:{r['line']} {r['kind']}: {r['what']}")
    out += ["", "## Traps pofilter fell into (default tests)", ""]
    for r in traps:
        if trap_hit["pofilter"][id(r)]:
            out.append(f"- {r['file']}:{r['line']} {r['kind']}: {r['why']}")
    out += ["", "## Units flagged on the unmodified files (default tests)", ""]
    for (f, k), v in clean_flags["pofilter"].items():
        out.append(f"- {f} `{k[:120]}`: {', '.join(v)}")
    open(os.path.join(D, "pofilter_results.md"), "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
