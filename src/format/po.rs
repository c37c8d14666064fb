//! gettext PO files: a small exact reader of our own.
//!
//! The PO crates on crates.io (`polib`, `poreader`, `gettext`'s parser)
//! return the unescaped strings only; none keeps where in the file each
//! string, let alone each character, came from. bitext must point at the
//! character of the msgstr in the file (a `\n` escape is two bytes on disk,
//! a continuation `"…"` line starts a new run), so the reader decodes each
//! string itself and records [`Text::anchors`] as it goes.
//!
//! Read: `msgctxt`, `msgid`, `msgid_plural`, `msgstr`, `msgstr[n]` (each
//! plural form one entry: `msgstr[0]` against `msgid`, the others against
//! `msgid_plural`), strings continued over several `"…"` lines, the escapes
//! of C (`\n \t \" \\ \r \a \b \f \v \? \'`, octal, `\x`), `#,` flags
//! (`fuzzy` skips the entry unless `--include-fuzzy`; `c-format`,
//! `python-format` … go to [`Entry::flags`]), translator comments
//! (`# bitext-ignore RULE…` suppresses rules on the entry). Obsolete `#~`
//! entries and the header (`msgid ""`) are skipped.

use super::catalogue::{self, Bilingual, CatalogueEntry, ReadError, Text};
use crate::document::Entry;
use crate::lang::Lang;
use std::sync::Arc;

/// What the reader keeps of the file.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoOptions {
    /// Read fuzzy entries too (`--include-fuzzy`).
    pub include_fuzzy: bool,
}

/// One message of the file as written, before plural forms are split.
#[derive(Debug, Default)]
struct Message {
    ctxt: Option<Text>,
    id: Option<Text>,
    id_plural: Option<Text>,
    strs: Vec<(Option<usize>, Text)>,
    flags: Vec<String>,
    ignore: Option<Vec<String>>,
    obsolete: bool,
    /// Byte offset of its first keyword, for messages.
    start: usize,
}

impl Message {
    fn is_empty(&self) -> bool {
        self.id.is_none() && self.ctxt.is_none() && self.strs.is_empty()
    }
}

/// Which string the next continuation line extends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Ctxt,
    Id,
    IdPlural,
    Str,
}

/// Reads a PO file into its source and target documents and their links.
pub fn read(
    name: &str,
    text: &str,
    source_lang: Lang,
    target_lang: Lang,
    opts: PoOptions,
) -> Result<Bilingual, ReadError> {
    let messages = parse(name, text)?;
    let mut entries = Vec::new();
    for m in messages {
        if m.obsolete || (m.flags.iter().any(|f| f == "fuzzy") && !opts.include_fuzzy) {
            continue;
        }
        let Some(id) = m.id else { continue };
        if id.text.is_empty() && m.ctxt.is_none() {
            continue; // the header
        }
        let flags: Vec<String> = m.flags.into_iter().filter(|f| f != "fuzzy").collect();
        let key = match &m.ctxt {
            Some(c) => format!("{}\u{4}{}", c.text, id.text),
            None => id.text.clone(),
        };
        let plural = m.id_plural.is_some();
        for (n, msgstr) in m.strs {
            let source = match (n, &m.id_plural) {
                (Some(k), Some(p)) if k >= 1 => p.clone(),
                _ => id.clone(),
            };
            let mut e = CatalogueEntry {
                entry: Entry {
                    key: if plural {
                        format!("{key}[{}]", n.unwrap_or(0))
                    } else {
                        key.clone()
                    },
                    flags: flags.clone(),
                    plural: if plural { n.or(Some(0)) } else { None },
                },
                source,
                target: msgstr,
                ignore: m.ignore.clone(),
            };
            catalogue::protect_inline(&mut e.source, &flags);
            catalogue::protect_inline(&mut e.target, &flags);
            entries.push(e);
        }
    }
    Ok(catalogue::bilingual(
        name,
        Arc::from(text),
        source_lang,
        target_lang,
        entries,
    ))
}

/// The target language a PO file declares: the header's `Language:` field,
/// else a file named after its locale (`fr.po`, `pt_BR.po`, gettext's `po/`
/// layout) or kept under `LOCALE/LC_MESSAGES/`. PO files do not declare the
/// msgids' language. Only the header is read (it is the first entry), so
/// this costs nothing on a big catalogue.
pub fn declared_language(name: &str, text: &str) -> Option<Lang> {
    header_language(text).or_else(|| {
        let path = std::path::Path::new(name);
        let stem = path.file_stem()?.to_str()?;
        Lang::from_locale(stem)
            .filter(|_| stem.len() <= 12)
            .or_else(|| {
                let dir = path.parent()?;
                (dir.file_name()? == "LC_MESSAGES")
                    .then(|| Lang::from_locale(dir.parent()?.file_name()?.to_str()?))
                    .flatten()
            })
    })
}

/// `Language:` in the header entry (`msgid ""` first, its msgstr lines
/// holding `"Name: value\n"` fields), when the file starts with one.
fn header_language(text: &str) -> Option<Lang> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty() || (l.starts_with('#') && !l.starts_with("#~")));
    if lines.next()? != "msgid \"\"" {
        return None;
    }
    let mut in_msgstr = false;
    for line in lines {
        let quoted = if let Some(rest) = line.strip_prefix("msgstr ") {
            in_msgstr = true;
            rest
        } else if line.starts_with('"') && in_msgstr {
            line
        } else {
            // A msgid continued on more lines is a message, not the header.
            break;
        };
        let field = quoted.trim_matches('"');
        if let Some(value) = field.strip_prefix("Language:") {
            let value = value.split("\\n").next().unwrap_or(value);
            return Lang::from_locale(value);
        }
    }
    None
}

/// One unit as [`units`] gives it: key, flags, plural index, msgid text,
/// msgstr text.
pub type Unit = (String, Vec<String>, Option<usize>, String, String);

/// The units of a PO file as the reader sees them: for each non-obsolete,
/// non-header message, `(key, flags, plural index, msgid text, msgstr
/// text)`; fuzzy entries included, marked by their `fuzzy` flag. For
/// round-trip tests and tools.
pub fn units(name: &str, text: &str) -> Result<Vec<Unit>, ReadError> {
    let b = read(
        name,
        text,
        Lang::EN,
        Lang::FR,
        PoOptions {
            include_fuzzy: true,
        },
    )?;
    Ok((0..b.source.segments.len())
        .map(|i| {
            let e = catalogue::entry_of(&b.source, i)
                .cloned()
                .unwrap_or_default();
            (
                e.key,
                e.flags,
                e.plural,
                b.source.display_text(i).to_string(),
                b.target.display_text(i).to_string(),
            )
        })
        .collect())
}

fn parse(name: &str, text: &str) -> Result<Vec<Message>, ReadError> {
    let err = |offset: usize, msg: String| ReadError::at(name, text, offset, msg);
    let mut out = Vec::new();
    let mut cur = Message::default();
    let mut field = Field::None;
    let mut pending_flags: Vec<String> = Vec::new();
    let mut pending_ignore: Option<Vec<String>> = None;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let mut body = trimmed;
        let mut at = line_start + indent;
        let mut obsolete = false;
        if let Some(rest) = body.strip_prefix("#~") {
            obsolete = true;
            let rest_trim = rest.trim_start();
            at += body.len() - rest_trim.len();
            body = rest_trim;
            if body.is_empty() {
                continue;
            }
        } else if body.starts_with('#') {
            // A comment ends the message before it once its msgstr is read.
            if !cur.strs.is_empty() {
                out.push(std::mem::take(&mut cur));
                field = Field::None;
            }
            if let Some(flags) = body.strip_prefix("#,") {
                pending_flags.extend(
                    flags
                        .split(',')
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(String::from),
                );
            } else if let Some(comment) = body.strip_prefix('#')
                && (comment.is_empty() || comment.starts_with(' '))
                && let Some(rules) = comment.trim().strip_prefix("bitext-ignore")
                && (rules.is_empty() || rules.starts_with(char::is_whitespace))
            {
                let list: Vec<String> = rules
                    .split([' ', ',', '\t'])
                    .filter(|r| !r.is_empty())
                    .map(String::from)
                    .collect();
                pending_ignore.get_or_insert_with(Vec::new).extend(list);
            }
            continue;
        }
        if body.is_empty() {
            continue;
        }
        if body.starts_with('"') {
            let s = string(name, text, body, at)?;
            let target = match field {
                Field::Ctxt => cur.ctxt.as_mut(),
                Field::Id => cur.id.as_mut(),
                Field::IdPlural => cur.id_plural.as_mut(),
                Field::Str => cur.strs.last_mut().map(|(_, t)| t),
                Field::None => None,
            };
            let Some(t) = target else {
                return Err(err(at, "a string with no keyword before it".into()));
            };
            append(t, s);
            continue;
        }
        let kw_len = body
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(body.len());
        let kw = &body[..kw_len];
        let rest = body[kw_len..].trim_start();
        let rest_at = at + (body.len() - rest.len());
        if !rest.starts_with('"') {
            return Err(err(
                rest_at,
                format!("{kw}: expected a quoted string after the keyword"),
            ));
        }
        let s = string(name, text, rest, rest_at)?;
        let starts_message = matches!(kw, "msgctxt" | "msgid");
        if starts_message
            && (!cur.strs.is_empty() || (kw == "msgid" && cur.id.is_some()))
            && !cur.is_empty()
        {
            out.push(std::mem::take(&mut cur));
        }
        if cur.is_empty() {
            cur.start = at;
            cur.flags = std::mem::take(&mut pending_flags);
            cur.ignore = pending_ignore.take();
            cur.obsolete = obsolete;
        }
        match kw {
            "msgctxt" => {
                if cur.ctxt.is_some() || cur.id.is_some() {
                    return Err(err(at, "msgctxt after msgid or twice in one entry".into()));
                }
                cur.ctxt = Some(s);
                field = Field::Ctxt;
            }
            "msgid" => {
                cur.id = Some(s);
                field = Field::Id;
            }
            "msgid_plural" => {
                if cur.id.is_none() || cur.id_plural.is_some() || !cur.strs.is_empty() {
                    return Err(err(at, "msgid_plural must follow msgid".into()));
                }
                cur.id_plural = Some(s);
                field = Field::IdPlural;
            }
            "msgstr" => {
                if cur.id.is_none() {
                    return Err(err(at, "msgstr without a msgid before it".into()));
                }
                if cur.id_plural.is_some() {
                    return Err(err(
                        at,
                        "an entry with msgid_plural needs msgstr[0], msgstr[1] …".into(),
                    ));
                }
                if !cur.strs.is_empty() {
                    return Err(err(at, "a second msgstr in one entry".into()));
                }
                cur.strs.push((None, s));
                field = Field::Str;
            }
            k if k.starts_with("msgstr[") && k.ends_with(']') => {
                let n: usize = k["msgstr[".len()..k.len() - 1]
                    .parse()
                    .map_err(|_| err(at, format!("{k}: the plural index is not a number")))?;
                if cur.id_plural.is_none() {
                    return Err(err(at, format!("{k} in an entry without msgid_plural")));
                }
                if n != cur.strs.len() {
                    return Err(err(
                        at,
                        format!("{k}: expected msgstr[{}] here", cur.strs.len()),
                    ));
                }
                cur.strs.push((Some(n), s));
                field = Field::Str;
            }
            _ => {
                return Err(err(at, format!("{kw}: unknown keyword")));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    for m in &out {
        if m.id.is_some() && m.strs.is_empty() && !m.obsolete {
            return Err(err(m.start, "entry without a msgstr".into()));
        }
    }
    Ok(out)
}

/// Appends continuation `s` to `t`.
fn append(t: &mut Text, s: Text) {
    if t.text.is_empty() && t.anchors.is_empty() {
        *t = s;
        return;
    }
    let base = t.text.len();
    for &(d, f) in &s.anchors {
        t.anchors.push((base + d, f));
    }
    if s.anchors.is_empty() {
        t.anchors.push((base, s.at));
    }
    t.text.push_str(&s.text);
    // Keep anchors strictly ascending.
    let mut dedup: Vec<(usize, usize)> = Vec::with_capacity(t.anchors.len());
    for a in t.anchors.drain(..) {
        match dedup.last_mut() {
            Some(last) if last.0 == a.0 => *last = a,
            _ => dedup.push(a),
        }
    }
    t.anchors = dedup;
}

/// Decodes the quoted string at the start of `s` (at file offset `at`);
/// only whitespace or a comment may follow it on the line.
fn string(name: &str, file: &str, s: &str, at: usize) -> Result<Text, ReadError> {
    let err = |offset: usize, msg: &str| ReadError::at(name, file, offset, msg);
    let b = s.as_bytes();
    let mut t = Text::new(at + 1);
    let mut i = 1;
    let mut run = 1;
    loop {
        let Some(&c) = b.get(i) else {
            return Err(err(at, "unterminated string (no closing \")"));
        };
        match c {
            b'"' => {
                t.push_verbatim(&s[run..i], at + run);
                let tail = s[i + 1..].trim();
                if !tail.is_empty() && !tail.starts_with('#') {
                    return Err(err(at + i + 1, "unexpected text after the closing quote"));
                }
                return Ok(t);
            }
            b'\\' => {
                t.push_verbatim(&s[run..i], at + run);
                let Some(&e) = b.get(i + 1) else {
                    return Err(err(at, "unterminated string (no closing \")"));
                };
                let (ch, width) = match e {
                    b'n' => ('\n', 2),
                    b't' => ('\t', 2),
                    b'r' => ('\r', 2),
                    b'"' => ('"', 2),
                    b'\\' => ('\\', 2),
                    b'a' => ('\u{7}', 2),
                    b'b' => ('\u{8}', 2),
                    b'f' => ('\u{c}', 2),
                    b'v' => ('\u{b}', 2),
                    b'\'' => ('\'', 2),
                    b'?' => ('?', 2),
                    b'0'..=b'7' => {
                        let digits = b[i + 1..]
                            .iter()
                            .take(3)
                            .take_while(|d| (b'0'..=b'7').contains(d))
                            .count();
                        let v = u32::from_str_radix(&s[i + 1..i + 1 + digits], 8).unwrap_or(0);
                        (char::from_u32(v).unwrap_or('\u{fffd}'), 1 + digits)
                    }
                    b'x' => {
                        let digits = b[i + 2..]
                            .iter()
                            .take_while(|d| d.is_ascii_hexdigit())
                            .take(2)
                            .count();
                        if digits == 0 {
                            return Err(err(at + i, "\\x without hexadecimal digits"));
                        }
                        let v = u32::from_str_radix(&s[i + 2..i + 2 + digits], 16).unwrap_or(0);
                        (char::from_u32(v).unwrap_or('\u{fffd}'), 2 + digits)
                    }
                    _ => {
                        return Err(err(
                            at + i,
                            &format!(
                                "invalid escape \\{}",
                                s[i + 1..].chars().next().unwrap_or(' ')
                            ),
                        ));
                    }
                };
                t.push_decoded(ch, at + i, width);
                i += width;
                run = i;
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PO: &str = "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\n# bitext-ignore untranslated\n#, c-format\nmsgid \"a\\tb %s\"\nmsgstr \"\"\n\"x\\ty \"\n\"%s\"\n\n#, fuzzy\nmsgid \"f\"\nmsgstr \"g\"\n\nmsgctxt \"c\"\nmsgid \"one\"\nmsgid_plural \"many\"\nmsgstr[0] \"un\"\nmsgstr[1] \"\"\n\n#~ msgid \"old\"\n#~ msgstr \"vieux\"\n";

    #[test]
    fn entries_plural_forms_fuzzy_header_and_obsolete() {
        let b = read("t.po", PO, Lang::EN, Lang::FR, PoOptions::default()).unwrap();
        let texts: Vec<_> = (0..b.target.segments.len())
            .map(|i| (b.source.display_text(i), b.target.display_text(i)))
            .collect();
        assert_eq!(texts, [("a\tb %s", "x\ty %s"), ("one", "un"), ("many", "")]);
        let e = catalogue::entry_of(&b.target, 2).unwrap();
        assert_eq!(e.key, "c\u{4}one[1]");
        assert_eq!(e.plural, Some(1));
        assert_eq!(b.alignment.links.len(), 3);
        let with_fuzzy = read(
            "t.po",
            PO,
            Lang::EN,
            Lang::FR,
            PoOptions {
                include_fuzzy: true,
            },
        )
        .unwrap();
        assert_eq!(with_fuzzy.target.segments.len(), 4);
    }

    #[test]
    fn positions_point_into_the_msgstr_on_disk() {
        let b = read("t.po", PO, Lang::EN, Lang::FR, PoOptions::default()).unwrap();
        // "x\ty " is on line 9, after the opening quote.
        assert_eq!(b.target.line_column(b.target.segments[0].start), (9, 2));
        // 'y' comes after the two bytes of \t.
        let y = b.target.segments[0].start + 2;
        assert_eq!(b.target.line_column(y), (9, 5));
        // %s on the continuation line 10.
        let s = b.target.segments[0].start + 4;
        assert_eq!(b.target.line_column(s), (10, 2));
        // The empty msgstr[1] points inside its quotes.
        assert_eq!(b.target.line_column(b.target.segments[2].start), (20, 12));
        assert_eq!(b.target.segments[0].line, 9);
        assert!(
            b.target
                .suppressed("untranslated", b.target.segments[0].start)
        );
        assert!(
            !b.target
                .suppressed("untranslated", b.target.segments[1].start)
        );
        let flags = &catalogue::entry_of(&b.target, 0).unwrap().flags;
        assert_eq!(flags, &["c-format".to_string()]);
    }

    #[test]
    fn malformed_files_name_line_and_column() {
        let e = read(
            "x.po",
            "msgid \"a\"\nmsgstr \"b\n",
            Lang::EN,
            Lang::FR,
            PoOptions::default(),
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        let e = read(
            "x.po",
            "msgid \"a\"\nmsgstr \"\\q\"\n",
            Lang::EN,
            Lang::FR,
            PoOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "x.po:2:9: invalid escape \\q");
        let e = read(
            "x.po",
            "msgid \"a\"\nmsgsrt \"b\"\n",
            Lang::EN,
            Lang::FR,
            PoOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("x.po:2:1: msgsrt"), "{e}");
    }
}
