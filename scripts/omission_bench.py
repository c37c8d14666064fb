#!/usr/bin/env python3
"""Omission / addition benchmark: the deletion protocol of issue 12.

From gold sentence alignments (../shared/bench/align, see its README), delete
the translation of random gold 1-1 links (omissions) or their source
(additions), align the damaged pair, and ask whether the sentence left without
a counterpart ends up in a link whose other side is empty (1-0 for an
omission, 0-1 for an addition).  The intact pairs are aligned too: every
predicted link with an empty side that the gold does not have is a false
alarm.

Per document and seed, four damaged versions, each deleting about RATE of
the 1-1 links (at least one, never two within SPACING links of each other):
  omit        translations of random 1-1 links deleted (short ones in proportion)
  omit-short  the same among links whose source has at most SHORT words
  add         sources of random 1-1 links deleted
  add-short   the same among links whose target has at most SHORT words

Aligners, in the same run on the same files:
  bitext    BIN --lines --glossary /dev/null --source-lang fr --target-lang L
            align --format json SOURCE TARGET
  hunalign  (if --hunalign or $HUNALIGN names a binary) as the benchmark
            README ran it: lines lower-cased and split into \\w+|[^\\w\\s]
            tokens, empty dictionary, `hunalign -utf null.dic src tgt`
            (ladder output, read with score.py's parser).

Python standard library only.  Usage:
  scripts/omission_bench.py [--corpora transread,textberg-test] [--seeds 1,2,3]
      [--bin target/release/bitext] [--hunalign /tmp/.../hunalign]
      [--bench ../shared/bench/align] [--rate 0.05] [--jobs 2] [--json OUT]
Corpora: transread (11 books), transread-tune (Alice, Candide, Emma, Vingt
mille lieues: the tuning books), transread-heldout (the other 7),
textberg-dev (tuning), textberg-test (test0-6).
"""

import argparse
import concurrent.futures
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import tempfile

TUNE_BOOKS = {"AlicesAdventuresInWonderland", "Candide", "Emma", "VingtMilleLieuesSousLesMers"}
VARIANTS = ("omit", "omit-short", "add", "add-short")


def words(line):
    return sum(1 for w in line.split() if re.search(r"\w", w))


def corpus_docs(bench, name):
    """(label, [(doc_dir, target_lang)]) for a corpus name."""
    if name.startswith("transread"):
        root = os.path.join(bench, "transread-fr-en")
        books = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        if name == "transread-tune":
            books = [b for b in books if b in TUNE_BOOKS]
        elif name == "transread-heldout":
            books = [b for b in books if b not in TUNE_BOOKS]
        elif name != "transread":
            raise SystemExit("unknown corpus %s" % name)
        return [(os.path.join(root, b), "en") for b in books]
    if name.startswith("textberg"):
        root = os.path.join(bench, "textberg-fr-de")
        subs = {"textberg-dev": ["dev"], "textberg-test": ["test%d" % i for i in range(7)]}
        if name not in subs:
            raise SystemExit("unknown corpus %s" % name)
        return [(os.path.join(root, s), "de") for s in subs[name]]
    raise SystemExit("unknown corpus %s" % name)


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def load_doc(d):
    src = read_lines(os.path.join(d, "source.txt"))
    tgt = read_lines(os.path.join(d, "target.txt"))
    with open(os.path.join(d, "gold.json"), encoding="utf-8") as f:
        gold = [(tuple(s), tuple(t)) for s, t in json.load(f)]
    return src, tgt, gold


def choose(rng, candidates, k, spacing):
    """Up to k link numbers from candidates, no two within `spacing`."""
    pool = list(candidates)
    rng.shuffle(pool)
    chosen = []
    for c in pool:
        if len(chosen) >= k:
            break
        if all(abs(c - o) > spacing for o in chosen):
            chosen.append(c)
    return sorted(chosen)


def damage(src, tgt, gold, variant, rng, rate, short, spacing):
    """The damaged pair and, for each deletion, the index (in the damaged
    files) of the sentence that must be reported, with its word count."""
    ones = [n for n, (s, t) in enumerate(gold) if len(s) == 1 and len(t) == 1]
    omit = variant.startswith("omit")
    if variant.endswith("short"):
        ones = [n for n in ones
                if words(src[gold[n][0][0]] if omit else tgt[gold[n][1][0]]) <= short]
    k = max(1, round(rate * sum(1 for s, t in gold if len(s) == 1 and len(t) == 1)))
    chosen = choose(rng, ones, k, spacing)
    if not chosen:
        return None
    if omit:
        deleted = {gold[n][1][0] for n in chosen}
        new_tgt = [l for j, l in enumerate(tgt) if j not in deleted]
        expect = [(gold[n][0][0], words(src[gold[n][0][0]])) for n in chosen]
        return src, new_tgt, expect
    deleted = {gold[n][0][0] for n in chosen}
    new_src = [l for i, l in enumerate(src) if i not in deleted]
    expect = []
    for n in chosen:
        j = gold[n][1][0]
        expect.append((j, words(tgt[j])))
    return new_src, tgt, expect


def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in lines))


def tokenize(line):
    return " ".join(re.findall(r"\w+|[^\w\s]", line.lower()))


class Aligners:
    def __init__(self, args, score):
        self.bin = args.bin
        self.dictionary = args.dictionary
        self.hunalign = args.hunalign
        self.score = score
        self.tmp = tempfile.mkdtemp(prefix="omission_bench.")
        self.null_dic = os.path.join(self.tmp, "null.dic")
        write(self.null_dic, [])
        self.counter = 0

    def names(self):
        return ["bitext"] + (["hunalign"] if self.hunalign else [])

    def run(self, name, src, tgt, tl):
        self.counter += 1
        base = os.path.join(self.tmp, "%d" % self.counter)
        os.makedirs(base)
        s, t = os.path.join(base, "source.txt"), os.path.join(base, "target.txt")
        if name == "bitext":
            write(s, src)
            write(t, tgt)
            out = subprocess.run(
                [self.bin, "--lines", "--glossary", "/dev/null", "--source-lang", "fr",
                 "--target-lang", tl, "align", "--format", "json", s, t]
                + (["--dictionary", self.dictionary] if self.dictionary and tl == "en" else []),
                check=True, capture_output=True, text=True).stdout
        else:
            write(s, [tokenize(l) for l in src])
            write(t, [tokenize(l) for l in tgt])
            # hunalign writes an empty translate.txt into its working
            # directory: run it in the pair's own temporary one.
            out = subprocess.run([self.hunalign, "-utf", self.null_dic, s, t], cwd=base,
                                 check=True, capture_output=True, text=True).stdout
        links = self.score.parse_alignment(out)
        for f in (s, t, os.path.join(base, "translate.txt")):
            if os.path.exists(f):
                os.remove(f)
        os.rmdir(base)
        return links


def found(links, expect, omit):
    """How many of the expected sentences sit in a link with an empty other side."""
    alone = set()
    for s, t in links:
        if omit and not t:
            alone.update(s)
        if not omit and not s:
            alone.update(t)
    return [(i in alone, w) for i, w in expect]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--bench", default=os.environ.get("BENCH", os.path.join(here, "../../shared/bench/align")))
    ap.add_argument("--bin", default=os.environ.get("BIN", os.path.join(here, "../target/release/bitext")))
    ap.add_argument("--hunalign", default=os.environ.get("HUNALIGN", ""))
    ap.add_argument("--dictionary", default="", help="bitext --dictionary FILE for the fr-en pairs")
    ap.add_argument("--corpora", default="transread,textberg-test")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--rate", type=float, default=0.05)
    ap.add_argument("--short", type=int, default=8)
    ap.add_argument("--spacing", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--aligners", default="", help="comma-separated subset of bitext,hunalign")
    ap.add_argument("--json", default="", help="also write the figures as JSON here")
    args = ap.parse_args()
    if not os.path.exists(args.bench):
        # from a worktree the default ../shared may be one level further up
        alt = os.path.join(here, "../../../shared/bench/align")
        if os.path.exists(alt):
            args.bench = alt
    spec = importlib.util.spec_from_file_location("score", os.path.join(args.bench, "score.py"))
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    al = Aligners(args, score)
    names = al.names()
    if args.aligners:
        names = [n for n in names if n in args.aligners.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    results = {}
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs)
    for corpus in args.corpora.split(","):
        docs = corpus_docs(args.bench, corpus)
        jobs = []  # (aligner, kind, future, payload)
        for d, tl in docs:
            src, tgt, gold = load_doc(d)
            for name in names:
                jobs.append((name, "intact", pool.submit(al.run, name, src, tgt, tl), gold))
            for seed in seeds:
                for v in VARIANTS:
                    rng = random.Random("%s/%s/%d/%s" % (corpus, os.path.basename(d), seed, v))
                    dmg = damage(src, tgt, gold, v, rng, args.rate, args.short, args.spacing)
                    if dmg is None:
                        continue
                    s2, t2, expect = dmg
                    for name in names:
                        jobs.append((name, v, pool.submit(al.run, name, s2, t2, tl), expect))
        res = {n: {v: [] for v in VARIANTS} for n in names}
        false = {n: [0, 0, 0] for n in names}
        for name, kind, fut, payload in jobs:
            links = fut.result()
            if kind == "intact":
                gold = set(payload)
                empties = [l for l in links if (not l[0] or not l[1]) and l not in gold]
                false[name][0] += len(empties)
                false[name][1] += len(links)
                # Sentences the gold itself leaves unaligned (a translator's
                # note left out, an added line), linked alone but grouped
                # otherwise than the gold's 0-n / n-0 link: not a false alarm.
                unaligned = {("s", i) for s_, t_ in gold if not t_ for i in s_}
                unaligned |= {("t", j) for s_, t_ in gold if not s_ for j in t_}
                false[name][2] += sum(
                    1 for s_, t_ in empties
                    if not all((("s", i) if s_ else ("t", i)) in unaligned for i in (s_ or t_)))
            else:
                res[name][kind].extend(found(links, payload, kind.startswith("omit")))
        table = {}
        for name in names:
            row = {}
            for v in VARIANTS:
                hits = res[name][v]
                row[v] = sum(h for h, _ in hits) / len(hits) if hits else float("nan")
                row[v + " n"] = len(hits)
            short_prop = [h for h, w in res[name]["omit"] if w <= args.short]
            row["omit short-in-proportion"] = (sum(short_prop) / len(short_prop)) if short_prop else float("nan")
            row["omit short-in-proportion n"] = len(short_prop)
            row["false per 1000"] = 1000.0 * false[name][0] / max(1, false[name][1])
            row["false n"] = false[name][0]
            row["false per 1000, gold-unaligned not counted"] = 1000.0 * false[name][2] / max(1, false[name][1])
            row["links"] = false[name][1]
            table[name] = row
        results[corpus] = table
        print("== %s (%d documents, seeds %s, rate %.2f)" % (corpus, len(docs), args.seeds, args.rate))
        print("%-9s %8s %10s %10s %8s %10s %12s %10s" % (
            "aligner", "omission", "om<=%d" % args.short, "(in prop.)", "addition",
            "add<=%d" % args.short, "false/1000", "(excl. 0-n)"))
        for name in names:
            r = table[name]
            print("%-9s %8.3f %10.3f %10.3f %8.3f %10.3f %12.1f %10.1f" % (
                name, r["omit"], r["omit-short"], r["omit short-in-proportion"], r["add"],
                r["add-short"], r["false per 1000"], r["false per 1000, gold-unaligned not counted"]))
        r = table[names[0]]
        print("  (deletions: omit %d, omit<=%d %d (in proportion %d), add %d, add<=%d %d; intact links %d)" % (
            r["omit n"], args.short, r["omit-short n"], r["omit short-in-proportion n"],
            r["add n"], args.short, r["add-short n"], r["links"]))
        sys.stdout.flush()
    pool.shutdown()
    try:
        os.remove(al.null_dic)
        os.rmdir(al.tmp)
    except OSError:
        pass
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
