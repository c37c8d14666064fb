#!/usr/bin/env python3
"""XLIFF and JSON parts of tests/data/l10n; merges planted.json / traps.json.

    python3 scripts/l10n_formats.py     (after l10n_plant.py)

- xliff/<cat>.xlf, xliff/<cat>.clean.xlf: translate-toolkit's po2xliff of
  planted/<cat>.po (obsolete entries removed first: po2xliff would turn them
  into ordinary units) and of clean/<cat>.po, for grep, tar and glib20.
  po2xliff writes version="1.1" with the 1.1 namespace, the PO header as a
  unit with restype="x-gettext-domain-header", loses msgctxt, and writes a
  fuzzy entry as a unit without approved="yes" and without state.
- xliff/sed.xlf, xliff/sed.clean.xlf: XLIFF 2.0 written here from the PO, with
  printf directives as <ph id equiv disp/>; plus xliff/ui-2.0.xlf and
  ui-2.0.clean.xlf written by hand with <pc>/<ph> (planted errors and traps).
- json/en/*.json, json/fr/*.json (clean) and json/fr-planted/*.json.
Every planted error / trap gets `line` = line of its <target> or JSON value.
"""

import json
import os
import re
import subprocess
import sys
import xml.dom.minidom
import xml.parsers.expat
from xml.sax.saxutils import escape as xesc

sys.path.insert(0, os.path.dirname(__file__))
import l10n_po as po  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
D = os.path.join(ROOT, "tests", "data", "l10n")
X = os.path.join(D, "xliff")
os.makedirs(X, exist_ok=True)
planted = json.load(open(os.path.join(D, "planted_po.json")))
traps = json.load(open(os.path.join(D, "traps_po.json")))
extra_planted, extra_traps = [], []


def units_with_target_lines(path):
    """[(id, target_line)] for every trans-unit / unit segment, in order."""
    out, stack = [], []
    p = xml.parsers.expat.ParserCreate()

    def start(name, attrs):
        local = name.split(" ")[-1].split(":")[-1]
        if local in ("trans-unit", "unit"):
            stack.append(attrs.get("id"))
        if local == "target" and stack:
            out.append((stack[-1], p.CurrentLineNumber))

    def end(name):
        local = name.split(" ")[-1].split(":")[-1]
        if local in ("trans-unit", "unit"):
            stack.pop()
    p.StartElementHandler, p.EndElementHandler = start, end
    p.Parse(open(path, "rb").read(), True)
    return out


def po_units(entries):
    """(entry, form) for every unit a converter writes, in order."""
    return [(e, k) for e in entries[1:] if not e.obsolete for k in range(len(e.strs))]


def carry(records, cat, xlf, pairs, dest, skip_obsolete=True):
    """Copy the PO records of `cat` onto the XLIFF file (same unit order)."""
    lines = units_with_target_lines(os.path.join(X, xlf))
    assert len(lines) == len(pairs), (xlf, len(lines), len(pairs))
    idx = {(e.ctx, e.id, k): i for i, (e, k) in enumerate(pairs)}
    for r in records:
        if r["file"] != f"planted/{cat}.po":
            continue
        key = (r.get("msgctxt"), r["msgid"], r["form"])
        if key not in idx:
            continue       # obsolete entries: not in the XLIFF
        n = dict(r)
        n["file"] = "xliff/" + xlf
        n["line"] = lines[idx[key]][1]
        dest.append(n)


def wellformed(path):
    xml.dom.minidom.parse(path)


# ---------- XLIFF 1.x by po2xliff ----------
for cat in ["grep", "tar", "glib20"]:
    for variant, src in [("", f"planted/{cat}.po"), (".clean", f"clean/{cat}.po")]:
        entries = po.parse(open(os.path.join(D, src)).read())
        entries = [e for e in entries if not e.obsolete]
        tmp = f"/tmp/l10n_{cat}{variant}.po"
        open(tmp, "w").write(po.write(entries))
        out = os.path.join(X, f"{cat}{variant}.xlf")
        subprocess.run(["po2xliff", "--progress=none", tmp, out], check=True)
        # the file's original= names the temporary copy: name the PO instead
        t = open(out).read().replace(f'original="{tmp}"', f'original="{src}"', 1)
        t = t.replace(f'original="l10n_{cat}{variant}.po"', f'original="{src}"', 1)
        open(out, "w").write(t)
        wellformed(out)
        if not variant:
            pairs = [(None, None)] + po_units(entries)   # po2xliff writes the header as a unit
            pairs = [(po.Entry(), 0)] + pairs[1:]
            pairs[0][0].id = "\x00header"
            carry(planted, cat, f"{cat}.xlf", pairs, extra_planted)
            carry(traps, cat, f"{cat}.xlf", pairs, extra_traps)


# ---------- XLIFF 2.0 from PO (our converter) ----------
PH = po.PRINTF


def to_inline(s, ids):
    """Escape s, printf directives as <ph/>. ids: directive text -> id (source
    order; a positional %N$ maps to the N-th directive of the source)."""
    out, pos, n = [], 0, 0
    for m in PH.finditer(s):
        d = m.group(0)
        if d == "%%":
            continue
        out.append(xesc(s[pos:m.start()]))
        n += 1
        if ids is None:
            pid = str(n)
        else:
            mm = re.match(r"%(\d+)\$", d)
            pid = mm.group(1) if mm else str(n)
        out.append(f'<ph id="{pid}" equiv="{xesc(d, {chr(34): "&quot;"})}" disp="{xesc(d, {chr(34): "&quot;"})}"/>')
        pos = m.end()
    out.append(xesc(s[pos:]))
    return "".join(out)


def po_to_xliff2(entries, original):
    L = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">',
         f'  <file id="f1" original="{original}">']
    n = 0
    for e in entries[1:]:
        if e.obsolete:
            continue
        fuzzy = "fuzzy" in e.flags
        for k, t in enumerate(e.strs):
            n += 1
            src = e.id if k == 0 or e.id_plural is None else e.id_plural
            name = f' name="{xesc(e.ctx)}"' if e.ctx else ""
            L.append(f'    <unit id="u{n}"{name}>')
            if e.flags:
                L.append(f'      <notes><note category="flags">{xesc(", ".join(e.flags))}</note></notes>')
            state = "initial" if fuzzy or not t else "translated"
            L.append(f'      <segment state="{state}">')
            L.append(f'        <source xml:space="preserve">{to_inline(src, None)}</source>')
            L.append(f'        <target xml:space="preserve">{to_inline(t, {})}</target>')
            L.append('      </segment>')
            L.append('    </unit>')
    L += ['  </file>', '</xliff>', '']
    return "\n".join(L)


for cat in ["sed"]:
    for variant, src in [("", f"planted/{cat}.po"), (".clean", f"clean/{cat}.po")]:
        entries = po.parse(open(os.path.join(D, src)).read())
        out = os.path.join(X, f"{cat}{variant}.xlf")
        open(out, "w").write(po_to_xliff2(entries, src))
        wellformed(out)
        if not variant:
            pairs = po_units(entries)
            carry(planted, cat, f"{cat}.xlf", pairs, extra_planted)
            carry(traps, cat, f"{cat}.xlf", pairs, extra_traps)

# hand-written XLIFF 2.0 with <pc>/<ph>: (id, source, clean target, planted target or None, record)
UI = [
    ("save", 'Click <pc id="1" dataRefStart="d1">Save</pc> to keep your changes.',
     'Cliquez sur <pc id="1" dataRefStart="d1">Enregistrer</pc> pour conserver vos modifications.',
     'Cliquez sur Enregistrer pour conserver vos modifications.',
     ("planted", "inline-tag-lost", ["markup-mismatch"], "<pc id=1> dropped from the target")),
    ("welcome", 'Welcome, <ph id="1" equiv="{name}" disp="{name}"/>!',
     'Bienvenue, <ph id="1" equiv="{name}" disp="{name}"/>\u00a0!',
     'Bienvenue\u00a0!',
     ("planted", "ph-dropped", ["placeholder-mismatch"], "<ph id=1/> ({name}) dropped")),
    ("moved", 'Moved <ph id="1" equiv="%1$s" disp="%1$s"/> to <ph id="2" equiv="%2$s" disp="%2$s"/>.',
     '<ph id="2" equiv="%2$s" disp="%2$s"/> contient maintenant <ph id="1" equiv="%1$s" disp="%1$s"/>.',
     None, ("trap", "inline-reorder", "<ph> ids 2 then 1: legitimate reordering")),
    ("bold", 'This is <pc id="1">very</pc> <pc id="2">important</pc>.',
     'C’est <pc id="2">important</pc>, <pc id="1">vraiment</pc>.',
     'C’est <pc id="1">important</pc>, <pc id="1">vraiment</pc>.',
     ("planted", "inline-id-changed", ["markup-mismatch"], "<pc id=2> renumbered to id=1 (duplicate)")),
    ("files", 'Deleted <ph id="1" equiv="%d" disp="%d"/> files in 3 seconds.',
     '<ph id="1" equiv="%d" disp="%d"/>\u00a0fichiers supprimés en 3\u00a0secondes.',
     '<ph id="1" equiv="%d" disp="%d"/>\u00a0fichiers supprimés en 30\u00a0secondes.',
     ("planted", "number-changed", ["number-mismatch"], "3 seconds → 30 secondes")),
    ("size", 'Size: 1,000 kB', 'Taille\u00a0: 1\u202f000\u00a0ko', None,
     ("trap", "number-format", "1,000 written 1 000 (U+202F) in French")),
    ("draft", 'Open the folder', 'Traduction à revoir', None,
     ("trap", "state-initial", "segment state=\"initial\" (not yet translated): like fuzzy, skipped")),
    ("link", 'See <pc id="1" type="link">the manual</pc> for details.',
     'Consultez <pc id="1" type="link">le manuel</pc> pour plus de précisions.',
     'Consultez le manuel pour plus de précisions <ph id="9"/>.',
     ("planted", "inline-tag-changed", ["markup-mismatch"], "<pc> replaced by an unknown <ph id=9/>")),
    ("untr", 'The download could not be completed.',
     'Le téléchargement n’a pas pu aboutir.',
     'The download could not be completed.',
     ("planted", "untranslated", ["untranslated"], "target = source")),
    ("dir", 'Choose a directory for the backup.',
     'Choisissez un répertoire pour la sauvegarde.',
     'Choisissez un dossier pour la sauvegarde.',
     ("planted", "term-forbidden", ["term-forbidden"], "'directory' rendered with the forbidden 'dossier'")),
]


def ui_xliff(planted_variant):
    L = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">',
         '  <file id="ui" original="ui.html">']
    rec = []
    for uid, s, t, bad, r in UI:
        tgt = bad if (planted_variant and bad) else t
        state = "initial" if uid == "draft" else "translated"
        L += [f'    <unit id="{uid}">',
              '      <originalData><data id="d1">&lt;b&gt;</data></originalData>' if "dataRef" in s else None,
              f'      <segment state="{state}">',
              f'        <source>{s}</source>']
        L = [x for x in L if x is not None]
        rec.append((len(L) + 1, uid, s, r))
        L += [f'        <target>{tgt}</target>', '      </segment>', '    </unit>']
    L += ['  </file>', '</xliff>', '']
    return "\n".join(L), rec


for variant in ["", ".clean"]:
    text, rec = ui_xliff(variant == "")
    out = os.path.join(X, f"ui-2.0{variant}.xlf")
    open(out, "w").write(text)
    wellformed(out)
    if variant == "":
        for line, uid, s, r in rec:
            base = {"file": "xliff/ui-2.0.xlf", "line": line, "form": 0, "msgid": re.sub(r"<[^>]+>", "", s), "unit": uid}
            if r[0] == "planted":
                extra_planted.append(dict(base, kind=r[1], rules=r[2], what=r[3]))
            else:
                extra_traps.append(dict(base, kind=r[1], why=r[2]))


# ---------- JSON catalogues ----------
EN = {
    "app": {
        "title": "File manager",
        "greeting": "Hello, {{name}}!",
        "welcome_back": "Welcome back, {name}. You have {count} new messages.",
        "files_selected": "{count, plural, one {# file selected} other {# files selected}}",
        "trash": "{count, plural, =0 {The trash is empty} one {# item in the trash} other {# items in the trash}}",
        "owner": "{gender, select, female {She owns this file} male {He owns this file} other {They own this file}}",
        "quota": "You are using {used} of {total} ({percent}%).",
        "limit": "Files larger than 2 GB cannot be uploaded.",
        "retry": "Retrying in 30 seconds.",
        "menu": {
            "open": "Open",
            "save": "Save",
            "save_as": "Save as…",
            "delete": "Delete {{count}} files",
            "rename": "Rename",
            "new_dir": "New directory"
        },
        "help": ["Select a file to see its details.", "Drag files here to upload them.",
                 "Press Ctrl+F to search."],
        "errors": {
            "not_found": "The file {{path}} was not found.",
            "permission": "Permission denied. Ask the owner of {{path}} for access.",
            "network": "The server did not respond. Check your connection and try again.",
            "disk_full": "The disk is full: {free} MB left.",
            "unknown": "An unknown error occurred (code {code})."
        },
        "about": {
            "version": "Version {version}",
            "license": "Released under the GNU GPL, version 3.",
            "site": "See https://example.org/help for more.",
            "contact": "Write to support@example.org."
        },
        "cli": "Run `fm --sync` to synchronise now.",
        "product": "Powered by GNU Wget",
        "size_big": "Maximum size: 1,000,000 bytes",
        "date": "Last sync: June 3, 2024"
    }
}
FR = {
    "app": {
        "title": "Gestionnaire de fichiers",
        "greeting": "Bonjour, {{name}}\u00a0!",
        "welcome_back": "Bon retour, {name}. Vous avez {count}\u00a0nouveaux messages.",
        "files_selected": "{count, plural, one {# fichier sélectionné} other {# fichiers sélectionnés}}",
        "trash": "{count, plural, =0 {La corbeille est vide} one {# élément dans la corbeille} other {# éléments dans la corbeille}}",
        "owner": "{gender, select, female {Ce fichier lui appartient} male {Ce fichier lui appartient} other {Ce fichier leur appartient}}",
        "quota": "Vous utilisez {used} sur {total} ({percent}\u00a0%).",
        "limit": "Les fichiers de plus de 2\u00a0Go ne peuvent pas être envoyés.",
        "retry": "Nouvel essai dans 30\u00a0secondes.",
        "menu": {
            "open": "Ouvrir",
            "save": "Enregistrer",
            "save_as": "Enregistrer sous…",
            "delete": "Supprimer {{count}}\u00a0fichiers",
            "rename": "Renommer",
            "new_dir": "Nouveau répertoire"
        },
        "help": ["Sélectionnez un fichier pour en voir les détails.",
                 "Déposez des fichiers ici pour les envoyer.",
                 "Appuyez sur Ctrl+F pour rechercher."],
        "errors": {
            "not_found": "Le fichier {{path}} est introuvable.",
            "permission": "Permission refusée. Demandez l’accès au propriétaire de {{path}}.",
            "network": "Le serveur n’a pas répondu. Vérifiez votre connexion et réessayez.",
            "disk_full": "Le disque est plein\u202f: il reste {free}\u00a0Mo.",
            "unknown": "Une erreur inconnue s’est produite (code {code})."
        },
        "about": {
            "version": "Version {version}",
            "license": "Publié sous la licence GNU GPL, version 3.",
            "site": "Consultez https://example.org/help pour en savoir plus.",
            "contact": "Écrivez à support@example.org."
        },
        "cli": "Lancez `fm --sync` pour synchroniser maintenant.",
        "product": "Propulsé par GNU Wget",
        "size_big": "Taille maximale\u00a0: 1\u00a0000\u00a0000\u00a0octets",
        "date": "Dernière synchronisation\u00a0: 3 juin 2024"
    }
}
# planted edits: key path -> (kind, rules, what, new value or DELETE); extra keys added
DELETE = object()
PLANTS = {
    "app.greeting": ("placeholder-renamed", ["placeholder-mismatch"], "{{name}} → {{nom}}", "Bonjour, {{nom}}\u00a0!"),
    "app.welcome_back": ("placeholder-renamed", ["placeholder-mismatch"], "vue-i18n {count} → {nombre}",
                         "Bon retour, {name}. Vous avez {nombre}\u00a0nouveaux messages."),
    "app.files_selected": ("icu-plural-branch-missing", ["placeholder-mismatch"], "ICU 'other' branch dropped",
                           "{count, plural, one {# fichier sélectionné}}"),
    "app.trash": ("icu-plural-branch-missing", ["placeholder-mismatch"], "ICU '=0' branch dropped",
                  "{count, plural, one {# élément dans la corbeille} other {# éléments dans la corbeille}}"),
    "app.limit": ("number-changed", ["number-mismatch"], "2 GB → 20 Go",
                  "Les fichiers de plus de 20\u00a0Go ne peuvent pas être envoyés."),
    "app.menu.rename": ("missing-key", ["missing-translation"], "key removed from the target", DELETE),
    "app.errors.unknown": ("missing-key", ["missing-translation"], "key removed from the target", DELETE),
    "app.errors.not_found": ("term-wrong", ["term-missing"], "'file' rendered as 'document'",
                             "Le document {{path}} est introuvable."),
    "app.menu.new_dir": ("term-forbidden", ["term-forbidden"], "'directory' rendered as forbidden 'dossier'",
                         "Nouveau dossier"),
    "app.about.site": ("url-email-changed", ["markup-mismatch"], "URL path translated",
                       "Consultez https://example.org/aide pour en savoir plus."),
    "app.cli": ("option-translated", ["markup-mismatch"], "inline code `fm --sync` translated",
                "Lancez `fm --synchro` pour synchroniser maintenant."),
    "app.errors.network": ("omission", ["omission"], "second sentence dropped", "Le serveur n’a pas répondu."),
    "app.menu.save": ("empty-value", ["missing-translation"], "empty string value", ""),
    "app.help.1": ("untranslated", ["untranslated"], "array item left in English", "Drag files here to upload them."),
}
EXTRA = {"app.menu.print": ("extra-key", ["addition"], "key only in the target", "Imprimer")}
JTRAPS = {
    "app.owner": ("icu-select-same-wording", "ICU select branches female/male identical in French (lui): fine"),
    "app.quota": ("nbsp-percent", "{percent} % with NBSP before %: French typography"),
    "app.errors.disk_full": ("nnbsp-colon", "U+202F before ':'"),
    "app.size_big": ("number-format", "1,000,000 written 1 000 000 (NBSP)"),
    "app.date": ("date-format", "June 3, 2024 written 3 juin 2024"),
    "app.product": ("name-left-in-english", "GNU Wget is a product name"),
    "app.about.version": ("same-as-source", "'Version {version}' is the same in French"),
    "app.retry": ("number-unit-nbsp", "30 seconds → 30\u00a0secondes (NBSP)"),
}


def get(d, path):
    for p in path.split("."):
        d = d[int(p)] if isinstance(d, list) else d[p]
    return d


def setv(d, path, v):
    ps = path.split(".")
    for p in ps[:-1]:
        d = d[int(p)] if isinstance(d, list) else d[p]
    last = ps[-1]
    if v is DELETE:
        del d[last]
    elif isinstance(d, list):
        d[int(last)] = v
    else:
        d[last] = v


LINES = {}


def render(obj, path, ind, lines, out):
    """json.dumps(indent=2) by hand, noting the line of every leaf value."""
    if isinstance(obj, dict):
        out.append("{")
        items = list(obj.items())
        for i, (k, v) in enumerate(items):
            out.append("\n" + "  " * (ind + 1) + json.dumps(k, ensure_ascii=False) + ": ")
            render(v, path + [k], ind + 1, lines, out)
            if i < len(items) - 1:
                out.append(",")
        out.append("\n" + "  " * ind + "}")
    elif isinstance(obj, list):
        out.append("[")
        for i, v in enumerate(obj):
            out.append("\n" + "  " * (ind + 1))
            render(v, path + [str(i)], ind + 1, lines, out)
            if i < len(obj) - 1:
                out.append(",")
        out.append("\n" + "  " * ind + "]")
    else:
        lines[".".join(path)] = "".join(out).count("\n") + 1
        out.append(json.dumps(obj, ensure_ascii=False))


def dump(obj, path):
    out, lines = [], {}
    render(obj, [], 0, lines, out)
    text = "".join(out) + "\n"
    assert json.loads(text) == obj
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(text)
    LINES[path] = lines
    return text


import copy  # noqa: E402
J = os.path.join(D, "json")
dump(EN, os.path.join(J, "en", "app.json"))
dump(FR, os.path.join(J, "fr", "app.json"))
FP = copy.deepcopy(FR)
for k, (kind, rules, what, v) in PLANTS.items():
    setv(FP, k, v)
for k, (kind, rules, what, v) in EXTRA.items():
    setv(FP, k, v)
text = dump(FP, os.path.join(J, "fr-planted", "app.json"))
vl = LINES[os.path.join(J, "fr-planted", "app.json")]
en_lines = LINES[os.path.join(J, "en", "app.json")]
for k, v in FP["app"]["menu"].items():
    pass
for k, (kind, rules, what, v) in list(PLANTS.items()) + list(EXTRA.items()):
    src = get(EN, k) if k not in EXTRA else None
    rec = {"file": "json/fr-planted/app.json", "source_file": "json/en/app.json", "key": k,
           "msgid": src, "kind": kind, "rules": rules, "what": what}
    if v is DELETE:
        rec["line"] = None
        rec["source_line"] = en_lines[k]
    else:
        assert get(FP, k) == v, k
        rec["line"] = vl[k]
    extra_planted.append(rec)
for k, (kind, why) in JTRAPS.items():
    extra_traps.append({"file": "json/fr-planted/app.json", "source_file": "json/en/app.json", "key": k,
                        "line": vl[k], "msgid": get(EN, k), "kind": kind, "why": why})
# sanity: every recorded line holds the value
tl = text.split("\n")
for r in extra_planted + extra_traps:
    if r["file"].startswith("json/") and r["line"]:
        assert json.dumps(get(FP, r["key"]), ensure_ascii=False) in tl[r["line"] - 1], r

allp = planted + extra_planted
allt = traps + extra_traps
json.dump(allp, open(os.path.join(D, "planted.json"), "w"), ensure_ascii=False, indent=1)
json.dump(allt, open(os.path.join(D, "traps.json"), "w"), ensure_ascii=False, indent=1)
os.remove(os.path.join(D, "planted_po.json"))
os.remove(os.path.join(D, "traps_po.json"))
from collections import Counter  # noqa: E402
print("planted", len(allp), Counter(r["file"].split("/")[0] for r in allp))
print("traps", len(allt), Counter(r["file"].split("/")[0] for r in allt))
