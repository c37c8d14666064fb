#!/usr/bin/env python3
"""Build tests/data/l10n from the French catalogues installed on this machine.

    python3 scripts/build_l10n_corpus.py            # clean samples + planted copies

Step 1 (clean): msgunfmt each /usr/share/locale/fr/LC_MESSAGES/<cat>.mo, take a
deterministic sample (entries ordered by sha1 of msgctxt+msgid, with plural,
msgctxt, positional, tab and URL entries taken first), add back the format flag
xgettext would have set (`c-format` when the msgid has a printf directive,
`python-format` for python-apt), drop it again where `msgfmt -c` disagrees (e.g.
strftime formats), write tests/data/l10n/clean/<cat>.po.

Step 2 (planted): scripts/l10n_plant.py edits copies into planted/ and records
planted.json and traps.json with the line numbers of the written files.
"""

import hashlib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import l10n_po as po  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "l10n")
LOCALE = "/usr/share/locale/fr/LC_MESSAGES"
CATALOGUES = ["coreutils", "grep", "sed", "tar", "wget", "dpkg", "apt", "glib20", "python-apt"]
PER_CATALOGUE = 100


def h(e):
    return hashlib.sha1(((e.ctx or "") + "\x04" + e.id).encode()).hexdigest()


def sample(entries):
    header, body = entries[0], entries[1:]
    ordered = sorted(body, key=h)
    chosen, seen = [], set()

    def take(pred, limit):
        n = 0
        for e in ordered:
            if n >= limit or len(chosen) >= PER_CATALOGUE:
                return
            if e.key not in seen and pred(e):
                chosen.append(e); seen.add(e.key); n += 1

    take(lambda e: e.id_plural is not None, 6)
    # msgctxt: whole groups of twins (same msgid, several contexts) first
    ids_with_ctx = {}
    for e in body:
        if e.ctx is not None:
            ids_with_ctx.setdefault(e.id, []).append(e)
    twins = sorted((g for g in ids_with_ctx.values() if len(g) > 1), key=lambda g: h(g[0]))[:5]
    for g in twins:
        for e in g:
            if e.key not in seen:
                chosen.append(e); seen.add(e.key)
    take(lambda e: e.ctx is not None, 8)
    take(lambda e: any(re.search(r"%\d+\$", x) for x in e.strs), 10)
    take(lambda e: "%%" in e.id, 2)
    take(lambda e: "\t" in e.id, 4)
    take(lambda e: re.search(r"https?://|@[a-z]+\.", e.id), 3)
    take(lambda e: re.search(r"\. [A-Z]", e.id), 8)
    take(lambda e: True, PER_CATALOGUE)
    keep = {e.key for e in chosen}
    return [header] + [e for e in body if e.key in keep]   # file order


def add_flags(cat, entries):
    for e in entries[1:]:
        src = e.id + (e.id_plural or "")
        if e.ctx == "GDateTime":
            continue   # strftime formats: glib marks them no-c-format
        if cat == "python-apt":
            if po.PYNAMED.search(src) or po.printf_directives(src):
                e.flags.append("python-format")
        elif po.printf_directives(src):
            e.flags.append("c-format")


def msgfmt_errors(path):
    r = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", path], capture_output=True, text=True)
    lines = set()
    for m in re.finditer(r"^[^:\n]+:(\d+):", r.stderr, re.M):
        lines.add(int(m.group(1)))
    return r.returncode, r.stderr, lines


def main():
    os.makedirs(os.path.join(OUT, "clean"), exist_ok=True)
    total = 0
    for cat in CATALOGUES:
        text = subprocess.run(["msgunfmt", os.path.join(LOCALE, cat + ".mo")],
                              capture_output=True, text=True, check=True).stdout
        entries = sample(po.parse(text))
        add_flags(cat, entries)
        path = os.path.join(OUT, "clean", cat + ".po")
        for _ in range(5):
            with open(path, "w") as f:
                f.write(po.write(entries))
            rc, err, lines = msgfmt_errors(path)
            if rc == 0:
                break
            dropped = 0
            for e in entries:
                span = range(e.first_line, (e.lines[-1] if e.lines else e.first_line) + 40)
                if e.flags and any(l in span and l >= e.first_line for l in lines):
                    # the flag is wrong for this entry (a strftime format, say)
                    nxt = [x.first_line for x in entries if x.first_line > e.first_line]
                    end = min(nxt) if nxt else 10 ** 9
                    if any(e.first_line <= l < end for l in lines):
                        e.flags = [f for f in e.flags if not f.endswith("-format")]
                        dropped += 1
            print(f"{cat}: msgfmt -c disagreed on {dropped} flags, dropped them", file=sys.stderr)
            if not dropped:
                sys.exit(f"{cat}: msgfmt -c fails:\n{err}")
        n = len(entries) - 1
        total += n
        print(f"{cat}: {n} entries, "
              f"{sum(e.id_plural is not None for e in entries)} plural, "
              f"{sum(e.ctx is not None for e in entries)} msgctxt, "
              f"{sum('c-format' in e.flags or 'python-format' in e.flags for e in entries)} format-flagged")
    print(f"total {total} entries")


if __name__ == "__main__":
    main()
