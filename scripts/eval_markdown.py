#!/usr/bin/env python3
"""Scores `bitext check` on the real Markdown corpus (tests/data/markdown).

Runs the project check there, then reports: findings per rule; how many of
the real problems listed in expected.json are reported (a finding of one of
the entry's rules on the named file within 3 lines); findings on the lines of
protected.json (must be none); and, with --list, every finding that matches
no expected problem (to read and judge).

    python3 scripts/eval_markdown.py [--bitext target/release/bitext] [--list]
"""
import argparse, collections, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "tests", "data", "markdown")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bitext", default=os.path.join(ROOT, "target", "release", "bitext"))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--slack", type=int, default=3)
    args = ap.parse_args()
    # One run a pair, so that every finding is known by its files whatever
    # the build prints.
    findings = []
    for project in sorted(os.listdir(DATA)):
        en = os.path.join(DATA, project, "en")
        if not os.path.isdir(en):
            continue
        for dirpath, _, files in os.walk(en):
            for name in sorted(files):
                if not name.endswith(".md"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, name), en)
                src = f"{project}/en/{rel}"
                tgt = f"{project}/fr/{rel}"
                run = subprocess.run([args.bitext, "check", "--format", "json", "--fail-on", "never",
                                      "--source-lang", "en", "--target-lang", "fr",
                                      "--glossary", "glossary.toml", src, tgt],
                                     cwd=DATA, capture_output=True, text=True)
                if run.returncode != 0:
                    sys.exit(f"bitext failed on {src} ({run.returncode}): {run.stderr}")
                for f in json.loads(run.stdout)["findings"]:
                    for side, path in (("source", src), ("target", tgt)):
                        if f.get(side) is not None:
                            f[side]["path"] = path
                    findings.append(f)
    expected = json.load(open(os.path.join(DATA, "expected.json")))
    protected = json.load(open(os.path.join(DATA, "protected.json")))

    def sides(f):
        for side in ("source", "target"):
            p = f.get(side)
            if p and p.get("path"):
                yield p["path"], p["line"]

    # Without `path` in findings (older builds) nothing can be matched.
    per_rule = collections.Counter(f["rule"] for f in findings)
    print("findings per rule:", dict(sorted(per_rule.items())))
    used = set()
    found = 0
    missed = []
    for e in expected:
        path = e.get("target") or e.get("source")
        hit = None
        for i, f in enumerate(findings):
            if f["rule"] not in e["rules"]:
                continue
            if any(p == path and abs(l - e["line"]) <= args.slack for p, l in sides(f)):
                hit = i
                break
        if hit is not None:
            found += 1
            used.add(hit)
            for i, f in enumerate(findings):
                if f["rule"] in e["rules"] and any(p == path and abs(l - e["line"]) <= args.slack for p, l in sides(f)):
                    used.add(i)
        else:
            missed.append(e)
    print(f"real problems reported: {found}/{len(expected)}")
    for e in missed:
        print(f"  missed: {e.get('target') or e.get('source')}:{e['line']} {e['rules']} {e['what'][:90]}")
    # Protected lines hold code, ids, markers: no prose finding may land there
    # (markup-mismatch compares them, and may).
    prose_rules = {"term-missing", "term-forbidden", "term-inconsistent", "untranslated",
                   "number-mismatch", "segment-inconsistent", "omission", "addition"}
    bad = []
    for p in protected:
        for f in findings:
            if f["rule"] not in prose_rules:
                continue
            if any(path == p["file"] and line == p["line"] for path, line in sides(f)):
                bad.append((p, f))
    print(f"findings on protected lines: {len(bad)}")
    for p, f in bad:
        print(f"  {p['file']}:{p['line']} {f['rule']}: {f['message'][:90]}")
    other = [f for i, f in enumerate(findings) if i not in used]
    print(f"findings matching no listed problem: {len(other)} "
          f"({dict(collections.Counter(f['rule'] for f in other))})")
    if args.list:
        for f in other:
            where = next(iter(sides(f)), ("?", 0))
            print(f"  {where[0]}:{where[1]} {f['rule']}: {f['message'][:150]}")


if __name__ == "__main__":
    main()
