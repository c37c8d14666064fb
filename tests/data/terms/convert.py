"""Builds the compact WMT21 EN->FR terminology fixture from the shared copy.

Run from the repository root:  python3 tests/data/terms/convert.py [SHARED_DIR]
(SHARED_DIR defaults to ../shared).
Reads ../shared/bench/terms/wmt21_tico19_en_fr/{pairs,glossary}.jsonl (read-only)
and writes tests/data/terms/wmt21_pairs.jsonl and tests/data/terms/wmt21_glossary.jsonl.

The annotated spans of the source data index the tokenised text; tokenised and
detokenised texts hold the same non-whitespace characters (checked below), so
each span is carried over to the detokenised text by counting non-whitespace
characters, then written as UTF-8 byte offsets.
"""
import json
import os
import sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared")
SRC = os.path.join(SHARED, "bench", "terms", "wmt21_tico19_en_fr")
OUT = os.path.join("tests", "data", "terms")


def nonspace_index(text):
    """Char index of every non-whitespace character, in order."""
    return [i for i, c in enumerate(text) if not c.isspace()]


def carry(tok, detok, span):
    s, e = span
    assert "".join(tok.split()) == "".join(detok.split())
    before = sum(1 for c in tok[:s] if not c.isspace())
    inside = sum(1 for c in tok[s:e] if not c.isspace())
    idx = nonspace_index(detok)
    cs, ce = idx[before], idx[before + inside - 1] + 1
    assert "".join(detok[cs:ce].split()) == "".join(tok[s:e].split())
    return [len(detok[:cs].encode()), len(detok[:ce].encode())]


with open(os.path.join(SRC, "pairs.jsonl"), encoding="utf-8") as f, open(
    os.path.join(OUT, "wmt21_pairs.jsonl"), "w", encoding="utf-8"
) as out:
    for line in f:
        p = json.loads(line)
        terms = [
            {
                "term_id": t["term_id"],
                "en": carry(p["en"], p["en_detok"], t["en_span"]),
                "fr": carry(p["fr"], p["fr_detok"], t["fr_span"]),
            }
            for t in p["terms"]
        ]
        row = {"id": p["id"], "en": p["en_detok"], "fr": p["fr_detok"], "terms": terms}
        out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")

with open(os.path.join(SRC, "glossary.jsonl"), encoding="utf-8") as f, open(
    os.path.join(OUT, "wmt21_glossary.jsonl"), "w", encoding="utf-8"
) as out:
    for line in f:
        out.write(line)
