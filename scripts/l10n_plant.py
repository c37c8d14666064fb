#!/usr/bin/env python3
"""Plant errors and traps into copies of tests/data/l10n/clean/*.po.

    python3 scripts/l10n_plant.py

Writes tests/data/l10n/planted/<cat>.po and the PO part of planted.json /
traps.json (the XLIFF and JSON parts are added by scripts/l10n_formats.py).
Every edit is chosen deterministically (entries in sha1 order of
msgctxt+msgid, first one that fits), so rerunning gives the same files.
`line` is the 1-based line of the msgstr / msgstr[n] keyword in the planted file.
"""

import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import l10n_po as po  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
D = os.path.join(ROOT, "tests", "data", "l10n")
CATS = ["coreutils", "grep", "sed", "tar", "wget", "dpkg", "apt", "glib20", "python-apt"]

files = {c: po.parse(open(os.path.join(D, "clean", c + ".po")).read()) for c in CATS}
CURRENT = None
used = set()          # (cat, ctx, id)
planted, traps = [], []
DIR = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|j|z|t)?"
                 r"(?:<PRI[a-zA-Z0-9]+>|[diouxXcsp])")


def order(cat):
    return sorted(files[cat][1:], key=lambda e: hashlib.sha1(
        ((e.ctx or "") + "\x04" + e.id).encode()).hexdigest())


def is_fmt(e):
    return "c-format" in e.flags or "python-format" in e.flags


def pick(cat, pred):
    for e in order(cat):
        if (cat, e.ctx, e.id) in used or e.obsolete or "fuzzy" in e.flags:
            continue
        try:
            if pred(e):
                used.add((cat, e.ctx, e.id))
                return e
        except (IndexError, ValueError):
            pass
    raise SystemExit(f"no entry in {cat} for {CURRENT}")


def record(lst, cat, e, form, **kw):
    lst.append(dict(_entry=e, _form=form, file=f"planted/{cat}.po", msgid=e.id,
                    **({"msgctxt": e.ctx} if e.ctx is not None else {}), **kw))


def plant(cat, kind, rules, pred, op, what, form=0):
    global CURRENT
    CURRENT = (cat, kind)
    e = pick(cat, lambda e: pred(e) and op(e.strs[form]) not in (None, e.strs[form]))
    e.strs[form] = op(e.strs[form])
    record(planted, cat, e, form, kind=kind, rules=rules, what=what)


def single(e):
    return e.id_plural is None


# ---------- string operations ----------
def drop_last_directive(s):
    ds = list(DIR.finditer(s))
    if not ds:
        return None
    m = ds[-1]
    a, b = m.start(), m.end()
    if a > 0 and s[a - 1] == " ":
        a -= 1
    return s[:a] + s[b:]


def add_directive(s):
    core = s.rstrip("\n")
    return core + " (%s)" + s[len(core):]


def change_type(s):
    for src, dst in (("%d", "%s"), ("%lu", "%s"), ("%i", "%s"), ("%u", "%s"), ("%s", "%d")):
        if src in s:
            return s.replace(src, dst, 1)
    return None


def positional_misuse(s):
    ds = list(DIR.finditer(s))
    if len(ds) < 2 or any("$" in m.group(0) for m in ds):
        return None
    a, b = ds[0], ds[1]
    conv2 = b.group(0)[-1]
    return s[:a.start()] + "%2$" + conv2 + s[a.end():b.start()] + "%2$" + conv2 + s[b.end():]


def py_rename(s):
    m = re.search(r"%\((\w+)\)s", s)
    if not m:
        return None
    new = {"pkgname": "paquet", "targetpkg": "cible", "version": "ver"}.get(m.group(1), m.group(1) + "_fr")
    return s[:m.start()] + f"%({new})s" + s[m.end():]


NUM = re.compile(r"(?<![%\w.$-])(\d+)(?![\w$])")


def change_number(s, src=None):
    m = NUM.search(s)
    if not m or (src is not None and m.group(1) not in NUM.findall(src)):
        return None
    n = int(m.group(1))
    return s[:m.start()] + str(n + 1 if n != 9 else 8) + s[m.end():]


def replace_word(old, new):
    def op(s):
        m = re.search(old, s, re.I)
        if not m:
            return None
        w = new(m.group(0))
        if m.group(0)[0].isupper():
            w = w[0].upper() + w[1:]
        return s[:m.start()] + w + s[m.end():]
    return op


def strip_trailing_nl(s):
    return s[:-1] if s.endswith("\n") else None


def add_trailing_nl(s):
    return None if s.endswith("\n") else s + "\n"


def strip_leading_nl(s):
    return s[1:] if s.startswith("\n") else None


def tab_lost(s):
    return s.replace("\t", " ", 1) if "\t" in s else None


OPT_FR = {"--force": "--forcer", "--recursive": "--recursif", "--help": "--aide",
          "--version": "--verzion", "--output": "--sortie", "--verbose": "--bavard",
          "--directory": "--repertoire", "--file": "--fichier", "--quiet": "--silencieux",
          "--list": "--liste", "--regexp": "--expression"}


def translate_option(s):
    for m in re.finditer(r"--[a-z][a-z-]+", s):
        o = m.group(0)
        fr = OPT_FR.get(o, None)
        if fr is None:
            continue
        return s[:m.start()] + fr + s[m.end():]
    for m in re.finditer(r"--([a-z][a-z-]{3,})", s):
        return s[:m.start()] + "--" + m.group(1) + "er" + s[m.end():]
    return None


def change_url(s):
    m = re.search(r"https?://[^\s<>»\"]+|[\w.+-]+@[\w-]+(\.[\w-]+)+", s)
    if not m:
        return None
    u = m.group(0)
    if "@" in u and "://" not in u:
        v = u.replace("@", "@fr.", 1)
    elif "www." in u:
        v = u.replace("www.", "ww.", 1)
    else:
        v = u.replace("://", "://fr.", 1)
    return s[:m.start()] + v + s[m.end():]


def empty(s):
    return "" if s else None


def drop_last_sentences(s):
    body = s.rstrip("\n")
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ü«])", body)
    if len(parts) < 2:
        return None
    keep = parts[: (len(parts) + 1) // 2]
    return " ".join(keep) + s[len(body):]


def sentences(s):
    return len(re.split(r"(?<=[.!?])\s+(?=[A-Z])", s.strip()))


def words(s):
    return len(re.findall(r"[A-Za-z]{2,}", s))


# ---------- planted errors ----------
P, M, N, T, F, MT, U, O = ("placeholder-mismatch", "markup-mismatch", "number-mismatch",
                            "term-missing", "term-forbidden", "missing-translation",
                            "untranslated", "omission")
has_dir = lambda e: is_fmt(e) and DIR.search(e.id)

for cat in ["coreutils", "grep", "sed", "tar", "wget", "dpkg", "apt", "glib20"]:
    plant(cat, "placeholder-dropped", [P], lambda e: single(e) and has_dir(e), drop_last_directive,
          "last printf directive removed from msgstr")
plant("python-apt", "placeholder-dropped", [P], lambda e: single(e) and has_dir(e), drop_last_directive,
      "%s removed from msgstr (python-format)")
for cat in ["coreutils", "tar", "wget", "dpkg"]:
    plant(cat, "placeholder-added", [P], lambda e: single(e) and has_dir(e), add_directive,
          "extra ' (%s)' added to msgstr")
plant("grep", "placeholder-added", [P], lambda e: single(e) and not DIR.search(e.id) and words(e.id) >= 3,
      add_directive, "' (%s)' added where the msgid has no directive")
for cat in ["coreutils", "tar", "wget", "dpkg", "glib20"]:
    plant(cat, "placeholder-type", [P], lambda e: single(e) and has_dir(e), change_type,
          "conversion changed (%d→%s or %s→%d)")
for cat in ["coreutils", "apt", "sed"]:
    plant(cat, "positional-misuse", [P], lambda e: single(e) and "c-format" in e.flags, positional_misuse,
          "first two directives rewritten as %2$… %2$… (argument 1 never used)")
for _ in range(3):
    plant("python-apt", "python-named-renamed", [P], lambda e: "%(" in e.id, py_rename,
          "%(name)s renamed in msgstr")
for cat in ["coreutils", "tar", "wget", "dpkg", "glib20", "apt"]:
    plant(cat, "number-changed", [N], lambda e: single(e) and change_number(e.strs[0], e.id)
          and not re.search(r"--\w+=?\d|-\d", e.id), change_number, "a literal number changed by one")

term_rx = lambda w: re.compile(r"\b" + w + r"s?\b", re.I)
for cat, src, fr, new in [("coreutils", "file", r"fichier", "document"),
                          ("tar", "file", r"fichier", "document"),
                          ("dpkg", "package", r"paquet", "logiciel"),
                          ("apt", "package", r"paquet", "programme"),
                          ("grep", "line", r"ligne", "rangée"),
                          ("glib20", "error", r"erreur", "problème"),
                          ("wget", "server", r"serveur", "hôte")]:
    plant(cat, "term-wrong", [T], lambda e, src=src, fr=fr: single(e) and term_rx(src).search(e.id)
          and not re.search(r"--[\w-]*" + src, e.id),
          replace_word(fr, lambda w, new=new: new), f"'{src}' rendered as '{new}' instead of the glossary's '{fr}'")
for cat, src, fr, new in [("grep", "directory", r"répertoire", "dossier"),
                          ("coreutils", "directory", r"répertoire", "dossier"),
                          ("dpkg", "package", r"paquet", "paquetage"),
                          ("grep", "pattern", r"motif", "modèle")]:
    plant(cat, "term-forbidden", [F], lambda e, src=src, fr=fr: single(e) and term_rx(src).search(e.id)
          and re.search(fr, e.strs[0]) and not re.search(r"--[\w-]*" + src, e.id),
          replace_word(fr, lambda w, new=new: new), f"'{src}' rendered with the forbidden '{new}'")

for cat in ["coreutils", "grep", "tar", "wget"]:
    plant(cat, "trailing-newline-lost", [M], lambda e: single(e) and e.id.endswith("\n"), strip_trailing_nl,
          "msgid ends with \\n, msgstr no longer does")
for cat in ["dpkg", "apt"]:
    plant(cat, "trailing-newline-added", [M], lambda e: single(e) and not e.id.endswith("\n") and words(e.id) > 2,
          add_trailing_nl, "\\n added at the end of msgstr")
plant("coreutils", "leading-newline-lost", [M], lambda e: single(e) and e.id.startswith("\n"), strip_leading_nl,
      "msgid starts with \\n, msgstr no longer does")
for cat in ["coreutils", "coreutils", "tar"]:
    plant(cat, "escape-broken", [M], lambda e: single(e) and "\t" in e.id, tab_lost, "\\t replaced by a space")
for cat in ["coreutils", "grep", "tar", "wget", "dpkg"]:
    plant(cat, "option-translated", [M], lambda e: single(e) and re.search(r"--[a-z]{3,}", e.id)
          and len(e.id) < 400, translate_option, "a long option name translated")
for cat in ["wget", "sed", "apt", "grep"]:
    plant(cat, "url-email-changed", [M], lambda e: single(e) and re.search(r"https?://|@[\w-]+\.", e.id),
          change_url, "URL or e-mail address altered")
for cat in ["coreutils", "sed", "tar", "glib20", "python-apt"]:
    plant(cat, "empty-msgstr", [MT], lambda e: single(e) and words(e.id) >= 2, empty,
          "msgstr emptied on a non-fuzzy entry")
plant("coreutils", "empty-msgstr", [MT], lambda e: not single(e), empty, "msgstr[1] emptied", form=1)
for cat in ["grep", "wget", "dpkg", "apt", "python-apt"]:
    e = pick(cat, lambda e: single(e) and words(e.id) >= 5 and "\n" not in e.id.strip() and e.strs[0] != e.id)
    e.strs[0] = e.id
    record(planted, cat, e, 0, kind="untranslated", rules=[U], what="msgstr replaced by the English msgid")
for cat in ["glib20"]:
    plant(cat, "markup-changed", [M], lambda e: single(e) and re.search(r"<[a-z-]+>", e.id),
          replace_word(r"<[a-z-]+>", lambda t: {"<value>": "<valeur>", "<choices>": "<choix>",
                                                 "<key>": "<clé>"}.get(t, t[:-1] + "s>")),
          "an element name in <…> translated")
for cat in ["coreutils", "apt", "wget", "dpkg", "python-apt"]:
    plant(cat, "omission", [O], lambda e: single(e) and sentences(e.id) >= 2 and words(e.id) >= 10
          and drop_last_sentences(e.strs[0]) and DIR.findall(drop_last_sentences(e.strs[0])) == DIR.findall(e.strs[0])
          and not re.search(r"https?://|--\w", e.id),
          drop_last_sentences, "the second half of the sentences dropped from msgstr")
for cat in ["tar", "dpkg"]:
    plant(cat, "plural-placeholder-dropped", [P], lambda e: not single(e) and DIR.search(e.id_plural),
          drop_last_directive, "directive dropped from msgstr[1]", form=1)

# ---------- traps (must not be reported) ----------
def trap(cat, kind, why, e, form=0):
    record(traps, cat, e, form, kind=kind, why=why)


def reorder(s):
    ds = list(DIR.finditer(s))
    if len(ds) != 2 or any("$" in m.group(0) for m in ds):
        return None
    a, b = ds
    if a.group(0) != b.group(0):
        pass
    mid = s[a.end():b.start()]
    return (s[:a.start()] + "%2$" + b.group(0)[1:] + mid + "%1$" + a.group(0)[1:] + s[b.end():])


for cat in ["coreutils", "tar", "wget", "dpkg"]:
    e = pick(cat, lambda e: single(e) and "c-format" in e.flags and reorder(e.strs[0]) and
             "%s" in e.strs[0] and len(DIR.findall(e.id)) == 2 and all(d == "%s" for d in DIR.findall(e.id)))
    e.strs[0] = reorder(e.strs[0])
    trap(cat, "positional-reorder", "two %s rewritten as %2$s … %1$s: legal reordering (the words around "
         "them were not moved, so the French now reads oddly, but no placeholder is missing, added or retyped)", e)
# natural positional entries
for cat in CATS:
    for e in order(cat):
        if re.search(r"%\d\$", e.strs[0] if e.strs else "") and (cat, e.ctx, e.id) not in used:
            used.add((cat, e.ctx, e.id))
            trap(cat, "positional-natural", "shipped translation uses %N$ positions (possibly reordered)", e)
            break

# NBSP typography (natural) and U+202F (planted, legitimate)
for cat in ["coreutils", "wget", "dpkg", "glib20", "python-apt"]:
    e = pick(cat, lambda e: single(e) and re.search(r"\w[:;!?]", e.id) and re.search("\u00a0[:;!?]", e.strs[0]))
    trap(cat, "nbsp-typography", "French NBSP before : ; ! ? (shipped as is)", e)
for cat in ["grep", "apt"]:
    e = pick(cat, lambda e: single(e) and re.search("\u00a0[:;!?»]|«\u00a0", e.strs[0]))
    e.strs[0] = e.strs[0].replace("\u00a0", "\u202f")
    trap(cat, "nnbsp-typography", "NBSP replaced by U+202F NARROW NO-BREAK SPACE: also correct French typography", e)
for cat in ["sed", "tar", "dpkg", "apt"]:
    e = pick(cat, lambda e: single(e) and "'" in e.id and "«" in e.strs[0])
    trap(cat, "guillemets", "English '…' quotes rendered as « … » (shipped)", e)

# fuzzy entries with wrong translations
for cat, op, what in [("coreutils", drop_last_directive, "directive dropped"),
                      ("grep", empty, "empty msgstr"),
                      ("tar", change_number, "number changed"),
                      ("wget", lambda s: s.replace("fichier", "document"), "term wrong"),
                      ("dpkg", drop_last_directive, "directive dropped"),
                      ("glib20", lambda s: "Traduction approximative à revoir", "unrelated text")]:
    e = pick(cat, lambda e: single(e) and op(e.strs[0]) not in (None, e.strs[0]))
    e.strs[0] = op(e.strs[0])
    e.flags.insert(0, "fuzzy")
    trap(cat, "fuzzy-wrong", f"fuzzy entry ({what}): skipped by default per SPEC", e)

# msgctxt twins: same msgid, different contexts.  The shipped glib20 translates
# its twins identically; make two of them differ the way a translator may
# (abbreviation only where a day number follows), which is legitimate.
for mid, ctx, new in [("Apr", "abbreviated month name with day", "avr."),
                      ("Dec", "abbreviated month name", "décembre")]:
    g = [e for e in files["glib20"][1:] if e.id == mid and e.ctx is not None]
    assert len(g) == 2, (mid, g)
    for x in g:
        if x.ctx == ctx:
            x.strs[0] = new
        used.add(("glib20", x.ctx, x.id))
        trap("glib20", "msgctxt-twin", "same msgid in two contexts, translated differently by context "
             "(no segment-inconsistent)", x)
# plural forms with different wording
for cat in ["coreutils", "tar", "dpkg", "apt", "glib20"]:
    try:
        e = pick(cat, lambda e: not single(e) and len(e.strs) > 1 and
                 re.sub(r"s\b", "", e.strs[0]) != re.sub(r"s\b", "", e.strs[1]))
    except SystemExit:
        continue
    trap(cat, "plural-wording", "msgstr[0] and msgstr[1] differ beyond an -s (agreement, articles)", e, form=1)

# commands and names left in English (natural)
for cat, w in [("grep", "grep"), ("sed", "GNU"), ("tar", "tar"), ("dpkg", "dpkg"), ("apt", "apt"), ("wget", "Wget")]:
    try:
        e = pick(cat, lambda e: single(e) and re.search(r"\b" + w + r"\b", e.id) and re.search(r"\b" + w + r"\b", e.strs[0]))
    except SystemExit:
        continue
    trap(cat, "name-left-in-english", f"'{w}' is a command/product name, kept in the French", e)
# translation identical to source, legitimately (natural)
n_same = 0
for cat in CATS:
    for e in order(cat):
        if n_same < 5 and single(e) and e.strs[0] == e.id and e.id.strip() and (cat, e.ctx, e.id) not in used:
            used.add((cat, e.ctx, e.id))
            trap(cat, "same-as-source", "msgstr equals msgid in the shipped file (format string, name, "
                 "command synopsis): not untranslated prose", e)
            n_same += 1

# %% literal
for cat in CATS:
    hits = [e for e in order(cat) if "%%" in e.id and (cat, e.ctx, e.id) not in used]
    for e in hits[:1]:
        used.add((cat, e.ctx, e.id))
        trap(cat, "percent-literal", "%% is a literal percent sign, not a placeholder", e)

# strftime formats localised (natural, glib20 GDateTime)
for e in order("glib20"):
    if e.ctx == "GDateTime" and e.strs[0] != e.id and (("glib20", e.ctx, e.id) not in used):
        used.add(("glib20", e.ctx, e.id))
        trap("glib20", "strftime-localised", "strftime format reordered for French (%d/%m/%y); not c-format", e)

# obsolete entries carrying errors (must be ignored)
for cat, mid, ms in [("coreutils", "cannot remove %s", ""),
                     ("grep", "invalid context length argument: %s", "argument de longueur de contexte"),
                     ("dpkg", "Processing %d packages", "Traitement de paquetages")]:
    e = po.Entry(); e.id = mid; e.strs = [ms]; e.obsolete = True
    if "%" in mid:
        e.flags = ["c-format"]
    files[cat].append(e)
    trap(cat, "obsolete", "#~ obsolete entry (empty or wrong msgstr): skipped", e)

# ---------- write ----------
os.makedirs(os.path.join(D, "planted"), exist_ok=True)
for cat in CATS:
    with open(os.path.join(D, "planted", cat + ".po"), "w") as f:
        f.write(po.write(files[cat]))


def finish(lst):
    out = []
    for r in lst:
        e, form = r.pop("_entry"), r.pop("_form")
        r["line"] = e.lines[form]
        r["form"] = form
        out.append({k: r[k] for k in ["file", "line", "form", "msgid"] + [k for k in r if k not in ("file", "line", "form", "msgid")]})
    return out


planted_out, traps_out = finish(planted), finish(traps)
json.dump(planted_out, open(os.path.join(D, "planted_po.json"), "w"), ensure_ascii=False, indent=1)
json.dump(traps_out, open(os.path.join(D, "traps_po.json"), "w"), ensure_ascii=False, indent=1)
from collections import Counter
print("planted", len(planted_out), Counter(r["kind"] for r in planted_out))
print("traps", len(traps_out), Counter(r["kind"] for r in traps_out))
