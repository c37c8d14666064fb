//! XLIFF 1.1 / 1.2 (`trans-unit`) and 2.x (`unit`/`segment`), read with
//! `quick-xml`, whose reader gives the byte position of every event: each
//! run of text, entity and inline tag of a `<source>` or `<target>` is
//! mapped back to its bytes in the file.
//!
//! An entry is a `trans-unit` (1.x) or a `segment` (2.x). Its text is the
//! element's content with entities decoded and inline elements kept as
//! they are written, each a protected span of kind `Tag` whose value is the
//! element name and id (`pc#1`, `/pc#1`, `x#2`), so `markup-mismatch`
//! compares tags by id and kind. The native-code content of 1.2 `<ph>`,
//! `<bpt>`, `<ept>`, `<it>` belongs to its tag.
//!
//! A translation still in draft is skipped like a fuzzy PO entry (unless
//! `--include-fuzzy`): a state that says the work is not done (`initial`
//! in 2.x; `new`, `needs-translation`, `needs-review-translation`,
//! `needs-adaptation`, `needs-l10n` … in 1.x) or a 1.x unit neither
//! approved nor given a state (how po2xliff writes a fuzzy entry). An
//! empty or absent target is always read: it is a missing translation,
//! whatever the state (po2xliff writes a fuzzy entry with an empty msgstr
//! the same way as an untranslated one, so the two cannot be told apart
//! there). Never read:
//! `translate="no"` units, the gettext header unit
//! (`restype="x-gettext-domain-header"`), `<seg-source>`, `<alt-trans>`,
//! `<ignorable>` and `<originalData>`. Units of a
//! `<group restype="x-gettext-plurals">` are plural forms (`id="5[1]"`).
//! `<note>bitext-ignore RULE…</note>` suppresses rules on its unit;
//! `<note category="flags">c-format</note>` gives its format flags.

use super::CatalogueOptions;
use super::catalogue::{self, Bilingual, CatalogueEntry, ReadError, Text};
use crate::document::{Entry, ProtectedKind};
use crate::lang::Lang;
use quick_xml::events::{BytesStart, Event};
use std::sync::Arc;

/// Reads an XLIFF file into its source and target documents and their links.
pub fn read(
    name: &str,
    text: &str,
    source_lang: Lang,
    target_lang: Lang,
    opts: CatalogueOptions,
) -> Result<Bilingual, ReadError> {
    let mut r = XliffReader {
        name,
        text,
        reader: quick_xml::Reader::from_str(text),
        entries: Vec::new(),
        opts,
        version2: false,
    };
    r.reader.config_mut().check_end_names = true;
    // The file's own byte-order mark is gone by now (src/input.rs); one more
    // is text before the root element, which XML does not allow.
    if text.starts_with('\u{feff}') {
        return Err(r.err_at(0, "a byte-order mark (U+FEFF) before the XML declaration"));
    }
    r.document()?;
    Ok(catalogue::bilingual(
        name,
        Arc::from(text),
        source_lang,
        target_lang,
        r.entries,
    ))
}

/// The languages an XLIFF file declares: `srcLang`/`trgLang` on the root
/// (2.x), else `source-language`/`target-language` on the first `<file>`
/// (1.2). Reads only up to that element; a file that is not well-formed
/// there declares nothing (the reader proper reports it).
pub fn declared_languages(text: &str) -> (Option<Lang>, Option<Lang>) {
    let mut reader = quick_xml::Reader::from_str(text);
    let lang = |e: &BytesStart<'_>, key: &str| attr(e, key).and_then(|v| Lang::from_locale(&v));
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match local(e.name().as_ref()) {
                "xliff" => {
                    let found = (lang(&e, "srcLang"), lang(&e, "trgLang"));
                    if found != (None, None) {
                        return found;
                    }
                }
                "file" => {
                    return (lang(&e, "source-language"), lang(&e, "target-language"));
                }
                _ => return (None, None),
            },
            Ok(Event::Eof) | Err(_) => return (None, None),
            Ok(_) => {}
        }
    }
}

struct XliffReader<'a> {
    name: &'a str,
    text: &'a str,
    reader: quick_xml::Reader<&'a [u8]>,
    entries: Vec<CatalogueEntry>,
    opts: CatalogueOptions,
    /// XLIFF 2.x (no `approved` attribute there).
    version2: bool,
}

/// A unit being read: what decides whether and how its segments count.
#[derive(Default)]
struct Unit {
    id: String,
    approved: Option<bool>,
    skip: bool,
    plural: Option<usize>,
    segments: Vec<Seg>,
    ignore: Option<Vec<String>>,
    /// Format flags (`<note category="flags">c-format</note>`).
    flags: Vec<String>,
}

#[derive(Default)]
struct Seg {
    source: Option<Text>,
    target: Option<Text>,
    state: Option<String>,
    /// Where an absent target points (the end of the source).
    after_source: usize,
}

fn local(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .map(|a| a.value.to_string())
}

/// 1.x states whose translation is not ready to check.
const NOT_READY: &[&str] = &[
    "initial",
    "new",
    "needs-translation",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
];

impl<'a> XliffReader<'a> {
    fn err_at(&self, offset: usize, msg: impl Into<String>) -> ReadError {
        ReadError::at(self.name, self.text, offset, msg)
    }

    /// The next event with its byte span in the file.
    fn next(&mut self) -> Result<(Event<'a>, usize, usize), ReadError> {
        let before = self.reader.buffer_position() as usize;
        match self.reader.read_event() {
            Ok(e) => Ok((e, before, self.reader.buffer_position() as usize)),
            Err(e) => {
                let at = self.reader.error_position() as usize;
                Err(self.err_at(at, format!("invalid XML: {e}")))
            }
        }
    }

    fn document(&mut self) -> Result<(), ReadError> {
        let mut saw_root = false;
        let mut plural_groups: Vec<bool> = Vec::new();
        let mut unit: Option<Unit> = None;
        let mut seg: Option<Seg> = None;
        // Where each element still open starts: a file that ends inside one
        // (cut short) is an error, not fewer units read in silence.
        let mut open: Vec<usize> = Vec::new();
        loop {
            let (ev, before, after) = self.next()?;
            if matches!(ev, Event::Start(_)) {
                open.push(before);
            }
            match ev {
                Event::Start(e) | Event::Empty(e) if !saw_root => {
                    if local(e.name().as_ref()) != "xliff" {
                        return Err(
                            self.err_at(before, "not an XLIFF file (the root is not <xliff>)")
                        );
                    }
                    saw_root = true;
                    self.version2 = attr(&e, "version").is_some_and(|v| v.starts_with('2'));
                }
                Event::Start(e) => {
                    let name = local(e.name().as_ref()).to_string();
                    match name.as_str() {
                        "group" => plural_groups
                            .push(attr(&e, "restype").as_deref() == Some("x-gettext-plurals")),
                        "trans-unit" | "unit" => {
                            let id = attr(&e, "id").unwrap_or_default();
                            let plural = if plural_groups.last() == Some(&true) {
                                id.rsplit_once('[')
                                    .and_then(|(_, n)| n.strip_suffix(']'))
                                    .and_then(|n| n.parse().ok())
                            } else {
                                None
                            };
                            unit = Some(Unit {
                                skip: attr(&e, "translate").as_deref() == Some("no")
                                    || attr(&e, "restype").as_deref()
                                        == Some("x-gettext-domain-header"),
                                approved: attr(&e, "approved").map(|a| a == "yes"),
                                id,
                                plural,
                                ..Unit::default()
                            });
                            if name == "trans-unit" {
                                seg = Some(Seg::default());
                            }
                        }
                        "segment" if unit.is_some() => {
                            seg = Some(Seg {
                                state: attr(&e, "state"),
                                ..Seg::default()
                            });
                        }
                        "source" | "target" if seg.is_some() => {
                            let state = attr(&e, "state");
                            let t = self.content(&name, after)?;
                            open.pop();
                            let s = seg.as_mut().expect("checked");
                            if name == "source" {
                                s.after_source = self.reader.buffer_position() as usize;
                                s.source = Some(t);
                            } else {
                                if state.is_some() {
                                    s.state = state;
                                }
                                s.target = Some(t);
                            }
                        }
                        "note" if unit.is_some() => {
                            let category = attr(&e, "category");
                            let note = self.content("note", after)?.text;
                            open.pop();
                            let note = note.trim();
                            if category.as_deref() == Some("flags") {
                                let u = unit.as_mut().expect("checked");
                                u.flags.extend(
                                    note.split(',')
                                        .map(str::trim)
                                        .filter(|f| !f.is_empty())
                                        .map(String::from),
                                );
                            }
                            if let Some(rules) = note.strip_prefix("bitext-ignore")
                                && (rules.is_empty() || rules.starts_with(char::is_whitespace))
                            {
                                let u = unit.as_mut().expect("checked");
                                u.ignore.get_or_insert_with(Vec::new).extend(
                                    rules
                                        .split([' ', ',', '\t', '\n'])
                                        .filter(|r| !r.is_empty())
                                        .map(String::from),
                                );
                            }
                        }
                        "seg-source" | "alt-trans" | "ignorable" | "originalData"
                        | "context-group" | "prop-group" | "header" | "metadata" => {
                            self.skip(&name)?;
                            open.pop();
                        }
                        _ => {}
                    }
                }
                Event::End(e) => {
                    open.pop();
                    match local(e.name().as_ref()) {
                        "group" => {
                            plural_groups.pop();
                        }
                        "segment" => {
                            if let (Some(u), Some(s)) = (unit.as_mut(), seg.take()) {
                                u.segments.push(s);
                            }
                        }
                        "trans-unit" | "unit" => {
                            if let (Some(u), Some(s)) = (unit.as_mut(), seg.take()) {
                                u.segments.push(s);
                            }
                            if let Some(u) = unit.take() {
                                self.finish_unit(u);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => {
                    if !saw_root {
                        return Err(self.err_at(0, "not an XLIFF file (no <xliff> element)"));
                    }
                    if let Some(&start) = open.last() {
                        return Err(self.err_at(start, unclosed_element(&self.text[start..])));
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
    }

    fn finish_unit(&mut self, u: Unit) {
        if u.skip {
            return;
        }
        let many = u.segments.len() > 1;
        for (i, s) in u.segments.into_iter().enumerate() {
            let Some(mut source) = s.source else { continue };
            let mut target = s.target.unwrap_or_else(|| Text::new(s.after_source));
            // An empty target is a missing translation whatever the state;
            // a draft (a not-ready state, or unapproved with no state: how
            // po2xliff writes a fuzzy entry) is not checked.
            let untranslated = target.text.trim().is_empty();
            let draft = s.state.as_deref().is_some_and(|st| NOT_READY.contains(&st))
                || (u.approved != Some(true) && s.state.is_none() && !self.version2);
            if draft && !untranslated && !self.opts.include_fuzzy {
                continue;
            }
            catalogue::protect_inline(&mut source, &u.flags);
            catalogue::protect_inline(&mut target, &u.flags);
            let key = if many {
                format!("{}#{}", u.id, i)
            } else {
                u.id.clone()
            };
            self.entries.push(CatalogueEntry {
                entry: Entry {
                    key,
                    flags: u.flags.clone(),
                    plural: u.plural,
                },
                source,
                target,
                ignore: u.ignore.clone(),
            });
        }
    }

    /// Skips to the end of the element `name` just opened.
    fn skip(&mut self, name: &str) -> Result<(), ReadError> {
        let mut depth = 0usize;
        loop {
            let (ev, before, _) = self.next()?;
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(e) if depth == 0 => {
                    debug_assert_eq!(local(e.name().as_ref()), name);
                    return Ok(());
                }
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.err_at(before, "unexpected end of file")),
                _ => {}
            }
        }
    }

    /// The decoded content of the element `name` whose start tag ended at
    /// `start`, up to its end tag: text, entities, CDATA and inline tags.
    fn content(&mut self, name: &str, start: usize) -> Result<Text, ReadError> {
        let mut t = Text::new(start);
        let mut open: Vec<(String, String)> = Vec::new();
        loop {
            let (ev, before, after) = self.next()?;
            let raw = &self.text[before..after];
            match ev {
                Event::Text(_) => t.push_verbatim(raw, before),
                Event::GeneralRef(_) => {
                    let c = entity(&raw[1..raw.len() - 1])
                        .ok_or_else(|| self.err_at(before, format!("unknown entity {raw}")))?;
                    t.push_decoded(c, before, after - before);
                }
                Event::CData(_) => t.push_verbatim(&raw[9..raw.len() - 3], before + 9),
                Event::Empty(e) => {
                    let value = format!(
                        "{}#{}",
                        local(e.name().as_ref()),
                        attr(&e, "id")
                            .or_else(|| attr(&e, "mid"))
                            .unwrap_or_default()
                    );
                    t.push_protected(raw, before, ProtectedKind::Tag, value);
                }
                Event::Start(e) => {
                    let tag = local(e.name().as_ref()).to_string();
                    let id = attr(&e, "id")
                        .or_else(|| attr(&e, "mid"))
                        .unwrap_or_default();
                    if matches!(tag.as_str(), "ph" | "bpt" | "ept" | "it") {
                        // Native code: the whole element is the tag.
                        self.skip(&tag)?;
                        let end = self.reader.buffer_position() as usize;
                        t.push_protected(
                            &self.text[before..end],
                            before,
                            ProtectedKind::Tag,
                            format!("{tag}#{id}"),
                        );
                    } else {
                        t.push_protected(raw, before, ProtectedKind::Tag, format!("{tag}#{id}"));
                        open.push((tag, id));
                    }
                }
                Event::End(e) => {
                    if open.is_empty() && local(e.name().as_ref()) == name {
                        return Ok(t);
                    }
                    let (tag, id) = open.pop().unwrap_or_default();
                    t.push_protected(raw, before, ProtectedKind::Tag, format!("/{tag}#{id}"));
                }
                Event::Eof => {
                    return Err(
                        self.err_at(before, format!("unexpected end of file inside <{}>", name))
                    );
                }
                // Comments and processing instructions are not text.
                _ => {}
            }
        }
    }
}

/// The message for an element (its start tag at the head of `tag`) that
/// the file ends inside.
pub(crate) fn unclosed_element(tag: &str) -> String {
    let name: String = tag[1..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .collect();
    format!("<{name}> is not closed: the file ends inside it (cut short?)")
}

/// The character of an XML entity or character reference (without `&` `;`).
fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let v = match num.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(v).filter(|&c| c != '\0');
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const X12: &str = r#"<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="en" target-language="fr" datatype="plaintext" original="a">
  <body>
   <trans-unit id="h" restype="x-gettext-domain-header"><source>H</source><target>H</target></trans-unit>
   <trans-unit id="1" approved="yes">
    <source>Save &amp; <g id="1">quit</g><x id="2"/></source>
    <target state="translated">Enregistrer &amp; <g id="1">quitter</g><x id="2"/></target>
    <note>bitext-ignore untranslated</note>
   </trans-unit>
   <trans-unit id="2"><source>Fuzzy</source><target></target></trans-unit>
   <trans-unit id="3" approved="yes"><source>Open <ph id="1">&lt;b&gt;</ph></source><target state="needs-translation">x</target></trans-unit>
   <group restype="x-gettext-plurals">
    <trans-unit id="4[0]" approved="yes"><source>%d file</source><target>%d fichier</target></trans-unit>
    <trans-unit id="4[1]" approved="yes"><source>%d files</source><target>%d fichiers</target></trans-unit>
   </group>
  </body>
 </file>
</xliff>"#;

    #[test]
    fn units_states_plurals_and_inline_tags() {
        let b = read(
            "a.xlf",
            X12,
            Lang::EN,
            Lang::FR,
            CatalogueOptions::default(),
        )
        .unwrap();
        // The unapproved unit with an empty target is a missing translation;
        // the needs-translation draft is skipped.
        assert_eq!(b.target.segments.len(), 4);
        assert_eq!(b.target.display_text(1), "");
        assert_eq!(
            b.target.display_text(0),
            "Enregistrer & <g id=\"1\">quitter</g><x id=\"2\"/>"
        );
        let tags: Vec<&str> = b
            .target
            .protected
            .iter()
            .filter(|p| p.kind == ProtectedKind::Tag)
            .map(|p| p.value.as_str())
            .collect();
        assert_eq!(tags, ["g#1", "/g#1", "x#2"]);
        assert_eq!(catalogue::entry_of(&b.target, 3).unwrap().plural, Some(1));
        // "Enregistrer" is on line 8, after `<target state="translated">`.
        assert_eq!(b.target.segments[0].line, 8);
        assert_eq!(b.target.segments[0].column, 32);
        // '&' is the entity on disk; what follows is 5 bytes on.
        let amp = b.target.segments[0].start + "Enregistrer ".len();
        assert_eq!(b.target.line_column(amp), (8, 44));
        assert_eq!(b.target.line_column(amp + 2), (8, 50));
        assert!(
            b.target
                .suppressed("untranslated", b.target.segments[0].start)
        );
        let all = read(
            "a.xlf",
            X12,
            Lang::EN,
            Lang::FR,
            CatalogueOptions {
                include_fuzzy: true,
            },
        )
        .unwrap();
        assert_eq!(all.target.segments.len(), 5);
        assert_eq!(
            all.source.display_text(2),
            "Open <ph id=\"1\">&lt;b&gt;</ph>"
        );
    }

    #[test]
    fn xliff_2_segments() {
        let x = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="f">
<unit id="u"><originalData><data id="d1">&lt;b&gt;</data></originalData>
<segment state="translated"><source>Click <pc id="1">Save</pc>.</source><target>Cliquez sur <pc id="1">Enregistrer</pc>.</target></segment>
<segment state="initial"><source>Later</source><target>Plus tard</target></segment>
</unit></file></xliff>"#;
        let b = read("a.xlf", x, Lang::EN, Lang::FR, CatalogueOptions::default()).unwrap();
        assert_eq!(b.target.segments.len(), 1);
        assert_eq!(catalogue::entry_of(&b.target, 0).unwrap().key, "u#0");
        assert_eq!(b.target.segments[0].line, 3);
    }

    #[test]
    fn malformed_xml_is_an_error_with_its_place() {
        let e = read(
            "a.xlf",
            "<xliff>\n<file><trans-unit id=\"1\"><source>a</target></trans-unit></file></xliff>",
            Lang::EN,
            Lang::FR,
            CatalogueOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("a.xlf:2:"), "{e}");
        assert!(
            read(
                "a.xlf",
                "<html/>",
                Lang::EN,
                Lang::FR,
                CatalogueOptions::default()
            )
            .is_err()
        );
    }
}
