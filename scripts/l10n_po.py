"""Minimal gettext PO reading and writing (stdlib), shared by the l10n corpus
builder and the comparison script.  Not a general PO library: it reads what
msgunfmt and our own writer produce (plus flags, translator comments and
obsolete `#~` entries) and writes in gettext's usual layout, reporting the
1-based line of every msgstr / msgstr[n] keyword it writes."""

import re

ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a",
       "b": "\b", "f": "\f", "v": "\v"}


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n in ESC:
                out.append(ESC[n]); i += 2; continue
            m = re.match(r"[0-7]{1,3}", s[i + 1:])
            if m:
                out.append(chr(int(m.group(0), 8))); i += 1 + len(m.group(0)); continue
        out.append(c); i += 1
    return "".join(out)


def escape(s):
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
             .replace("\t", "\\t").replace("\r", "\\r"))


class Entry:
    def __init__(self):
        self.ctx = None
        self.id = ""
        self.id_plural = None
        self.strs = []          # msgstr, or msgstr[0..n]
        self.flags = []
        self.comments = []      # translator comments, without the leading "# "
        self.obsolete = False
        self.lines = []         # filled by write(): line of each msgstr keyword
        self.first_line = None

    @property
    def key(self):
        return (self.ctx, self.id)

    def copy(self):
        e = Entry()
        e.ctx, e.id, e.id_plural = self.ctx, self.id, self.id_plural
        e.strs, e.flags, e.comments = list(self.strs), list(self.flags), list(self.comments)
        e.obsolete = self.obsolete
        return e


def parse(text):
    """Entries in file order (the header is the entry with id "")."""
    entries, cur, field = [], None, None

    def flush():
        nonlocal cur
        if cur is not None and (cur.strs or cur.id):
            entries.append(cur)
        cur = None

    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
        if not line.strip():
            flush(); field = None; continue
        if cur is None:
            cur = Entry(); cur.first_line = lineno
        if obsolete:
            cur.obsolete = True
        if line.startswith("#,"):
            cur.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
            continue
        if line.startswith("# ") or line == "#":
            cur.comments.append(line[2:]); continue
        if line.startswith("#"):
            continue
        m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$', line)
        if m:
            kw = m.group(1)
            if kw == "msgctxt" and (cur.id or cur.strs):
                flush(); cur = Entry(); cur.first_line = lineno
            val = unescape(m.group(3))
            if kw == "msgctxt":
                cur.ctx = val; field = ("ctx",)
            elif kw == "msgid":
                cur.id = val; field = ("id",)
            elif kw == "msgid_plural":
                cur.id_plural = val; field = ("idp",)
            else:
                cur.strs.append(val); cur.lines.append(lineno); field = ("str", len(cur.strs) - 1)
            continue
        m = re.match(r'"(.*)"\s*$', line)
        if m and field:
            val = unescape(m.group(1))
            if field[0] == "ctx": cur.ctx += val
            elif field[0] == "id": cur.id += val
            elif field[0] == "idp": cur.id_plural += val
            else: cur.strs[field[1]] += val
            continue
        raise ValueError(f"line {lineno}: cannot parse {raw!r}")
    flush()
    return entries


def _wrap(s, width=76):
    """Split a string the way gettext does: after each \\n, then at spaces so
    that no escaped line is longer than `width`."""
    chunks, start = [], 0
    for i, c in enumerate(s):
        if c == "\n":
            chunks.append(s[start:i + 1]); start = i + 1
    if start < len(s):
        chunks.append(s[start:])
    out = []
    for ch in chunks:
        while len(escape(ch)) > width:
            cut = ch.rfind(" ", 0, width - 8)
            if cut <= 0:
                break
            out.append(ch[:cut + 1]); ch = ch[cut + 1:]
        out.append(ch)
    return out


def _field(kw, s, prefix=""):
    one = f'{kw} "{escape(s)}"'
    if "\n" not in s[:-1] and len(one) <= 79:
        return [prefix + one]
    return [prefix + f'{kw} ""'] + [prefix + f'"{escape(p)}"' for p in _wrap(s)]


def write(entries):
    """Text of the PO file; sets e.lines (line of each msgstr keyword) and e.first_line."""
    out = []
    for e in entries:
        if out:
            out.append("")
        e.first_line = len(out) + 1
        p = "#~ " if e.obsolete else ""
        for c in e.comments:
            out.append(("# " + c) if c else "#")
        if e.flags:
            out.append("#, " + ", ".join(e.flags))
        if e.ctx is not None:
            out += _field("msgctxt", e.ctx, p)
        out += _field("msgid", e.id, p)
        if e.id_plural is not None:
            out += _field("msgid_plural", e.id_plural, p)
        e.lines = []
        for i, s in enumerate(e.strs):
            kw = f"msgstr[{i}]" if e.id_plural is not None else "msgstr"
            e.lines.append(len(out) + 1)
            out += _field(kw, s, p)
    return "\n".join(out) + "\n"


PRINTF = re.compile(
    r"%(?:(\d+)\$)?[-+ #0']*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?))?"
    r"(?:hh|h|ll|l|L|q|j|z|Z|t|I)?(?:<PRI[a-zA-Z0-9]+>|[diouxXeEfFgGaAcspnm%])")
PYNAMED = re.compile(r"%\([A-Za-z_][A-Za-z_0-9]*\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def printf_directives(s):
    return [m.group(0) for m in PRINTF.finditer(s) if m.group(0) != "%%"]
