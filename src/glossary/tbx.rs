//! TBX term bases (`.tbx`): TBX-Basic and TBX v2 (`martif` / `termEntry` /
//! `langSet` / `tig` or `ntig`/`termGrp` / `term`) and TBX v3 (`tbx` /
//! `conceptEntry` / `langSec` / `termSec` / `term`), read with `quick-xml`.
//!
//! Meaning, as in `glossary.toml`:
//! - the languages are the `xml:lang` of the `langSet`/`langSec` elements,
//!   regions dropped (`en-US` → `en`); the source language is the root
//!   element's `xml:lang` when it has one of them, else the first seen; a
//!   term base must hold exactly two languages;
//! - each entry is one term: its source-language terms are the synonyms, its
//!   target-language terms the accepted translations, a
//!   `preferredTerm-admn-sts` first, `admittedTerm-admn-sts` (or no status)
//!   after in file order, and `deprecatedTerm-admn-sts` /
//!   `supersededTerm-admn-sts` the forbidden ones. The status is a
//!   `termNote type="administrativeStatus"` (TBX v2/v3), a TBX v3 DCT element
//!   `<…:administrativeStatus>`, or the older `normativeAuthorization`
//!   (`preferredTerm`, `deprecatedTerm` …);
//! - `note` and `descrip` (definition, context …) elements anywhere in the
//!   entry make its note (joined by "; ");
//! - bitext's own switches, as `termNote`, `descrip` or `admin` of type
//!   `caseSensitive` or `exact` (also `x-caseSensitive`, `case_sensitive`)
//!   with `true`/`yes`: `case_sensitive = true` and `exact = true` of TOML.
//!
//! Errors (malformed XML, a bad `xml:lang`, an empty term, an entry without
//! source term or translation, a duplicate) name the file, line and column.

use super::entries::{Form, LineStarts, Names, RawEntry, build, language, yes_no};
use super::{Glossary, GlossaryError};
use crate::lang::Lang;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

/// A term's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Preferred,
    Admitted,
    Forbidden,
}

fn status(value: &str) -> Option<Status> {
    let v = value.trim();
    let v = v.strip_suffix("-admn-sts").unwrap_or(v);
    match v {
        "preferredTerm" | "preferred" => Some(Status::Preferred),
        "admittedTerm" | "admitted" | "standardizedTerm" | "legalTerm" => Some(Status::Admitted),
        "deprecatedTerm" | "supersededTerm" | "deprecated" | "superseded" => {
            Some(Status::Forbidden)
        }
        _ => None,
    }
}

/// What a typed `termNote`/`descrip`/`admin` is to bitext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Typed {
    Status,
    CaseSensitive,
    Exact,
    Note,
    Other,
}

fn typed(local: &str, kind: &str) -> Typed {
    let k = kind
        .trim()
        .trim_start_matches("x-")
        .trim_start_matches("bitext:")
        .to_ascii_lowercase()
        .replace(['_', '-'], "");
    match k.as_str() {
        "administrativestatus" | "normativeauthorization" => Typed::Status,
        "casesensitive" => Typed::CaseSensitive,
        "exact" => Typed::Exact,
        _ if local == "descrip" => Typed::Note,
        _ => Typed::Other,
    }
}

/// One term being read.
#[derive(Debug, Default)]
struct TermGroup {
    lang: Option<Lang>,
    text: Option<String>,
    at: (usize, usize),
    status: Option<Status>,
}

/// One entry being read.
#[derive(Debug, Default)]
struct EntryState {
    at: (usize, usize),
    terms: Vec<TermGroup>,
    notes: Vec<String>,
    case_sensitive: bool,
    exact: bool,
}

/// Text being collected for an element.
#[derive(Debug)]
enum Capture {
    Term,
    Typed(Typed, (usize, usize)),
    Note,
    Status,
}

/// Parses TBX text; `path` is only used in errors.
pub fn parse(path: &str, text: &str) -> Result<Glossary, GlossaryError> {
    let lines = LineStarts::new(text);
    let err =
        |offset: usize, message: String| GlossaryError::at(path, Some(lines.at(offset)), message);
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut root_lang: Option<Lang> = None;
    let mut seen_root = false;
    let mut langs: Vec<Lang> = Vec::new();
    let mut lang_stack: Vec<Option<Lang>> = Vec::new();
    // Where each element still open starts: a term base that ends inside
    // one (cut short) is an error, not fewer entries read in silence.
    let mut open: Vec<usize> = Vec::new();
    let mut entries: Vec<EntryState> = Vec::new();
    let mut entry: Option<EntryState> = None;
    let mut group: Option<TermGroup> = None;
    let mut capture: Option<(Capture, usize, String)> = None;
    let mut depth = 0usize;
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(start);
            err(at, format!("malformed TBX: {e}"))
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                let local: String = AsRef::<str>::as_ref(&name).to_string();
                let lang = xml_lang(e, start, &err)?;
                if !seen_root {
                    seen_root = true;
                    root_lang = lang;
                    if !matches!(local.as_str(), "martif" | "tbx") {
                        return Err(err(
                            start,
                            format!(
                                "not a TBX file: the root element is <{local}>, expected <martif> or <tbx>"
                            ),
                        ));
                    }
                }
                if !empty {
                    depth += 1;
                    let inherited = lang_stack.last().copied().flatten();
                    lang_stack.push(lang.or(inherited));
                    open.push(start);
                }
                let current_lang = lang.or(lang_stack.last().copied().flatten());
                match local.as_str() {
                    "termEntry" | "conceptEntry" if !empty => {
                        if entry.is_some() {
                            return Err(err(start, format!("<{local}> inside another entry")));
                        }
                        entry = Some(EntryState {
                            at: lines.at(start),
                            ..EntryState::default()
                        });
                    }
                    "langSet" | "langSec" => {
                        if entry.is_none() {
                            return Err(err(start, format!("<{local}> outside a termEntry")));
                        }
                        let Some(l) = lang else {
                            return Err(err(start, format!("<{local}> has no xml:lang")));
                        };
                        if !langs.contains(&l) {
                            langs.push(l);
                        }
                    }
                    "tig" | "ntig" | "termSec" if !empty => {
                        if entry.is_none() {
                            return Err(err(start, format!("<{local}> outside a termEntry")));
                        }
                        group = Some(TermGroup {
                            lang: current_lang,
                            at: lines.at(start),
                            ..TermGroup::default()
                        });
                    }
                    "term" => {
                        if entry.is_none() {
                            return Err(err(start, "<term> outside a termEntry".into()));
                        }
                        // A `<term>` straight in a langSet (TBX-Min style) is
                        // its own group.
                        let g = group.get_or_insert_with(|| TermGroup {
                            lang: current_lang,
                            at: lines.at(start),
                            ..TermGroup::default()
                        });
                        if g.text.is_some() {
                            return Err(err(start, "a second <term> in one term group".into()));
                        }
                        g.at = lines.at(start);
                        if empty {
                            g.text = Some(String::new());
                        } else if capture.is_none() {
                            capture = Some((Capture::Term, depth, String::new()));
                        }
                    }
                    "termNote"
                    | "descrip"
                    | "admin"
                    | "note"
                    | "administrativeStatus"
                    | "normativeAuthorization"
                        if !empty && capture.is_none() && entry.is_some() =>
                    {
                        let kind = match local.as_str() {
                            "note" => Capture::Note,
                            "administrativeStatus" | "normativeAuthorization" => Capture::Status,
                            _ => {
                                let t = attribute(e, "type").unwrap_or_default();
                                Capture::Typed(typed(&local, &t), lines.at(start))
                            }
                        };
                        capture = Some((kind, depth, String::new()));
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some((_, _, buf)) = &mut capture {
                    buf.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::CData(t) => {
                if let Some((_, _, buf)) = &mut capture {
                    buf.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None => return Err(err(start, format!("unknown entity &{};", &*r))),
                    },
                    Err(e) => return Err(err(start, format!("bad character reference: {e}"))),
                };
                if let Some((_, _, buf)) = &mut capture {
                    buf.push_str(&resolved);
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let local: String = AsRef::<str>::as_ref(&name).to_string();
                if capture.as_ref().is_some_and(|(_, d, _)| *d == depth) {
                    let (kind, _, buf) = capture.take().expect("checked above");
                    let value = buf.split_whitespace().collect::<Vec<_>>().join(" ");
                    match kind {
                        Capture::Term => {
                            if let Some(g) = &mut group {
                                g.text = Some(value);
                            }
                        }
                        Capture::Status | Capture::Typed(Typed::Status, _) => {
                            let Some(s) = status(&value) else {
                                return Err(err(
                                    start,
                                    format!(
                                        "unknown administrativeStatus '{value}' (expected preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts or supersededTerm-admn-sts)"
                                    ),
                                ));
                            };
                            if let Some(g) = &mut group {
                                g.status = Some(s);
                            }
                        }
                        Capture::Typed(t @ (Typed::CaseSensitive | Typed::Exact), at) => {
                            let Some(on) = yes_no(&value) else {
                                return Err(GlossaryError::at(
                                    path,
                                    Some(at),
                                    format!("'{value}' is not true or false"),
                                ));
                            };
                            if let Some(en) = &mut entry {
                                if t == Typed::CaseSensitive {
                                    en.case_sensitive |= on;
                                } else {
                                    en.exact |= on;
                                }
                            }
                        }
                        Capture::Note | Capture::Typed(Typed::Note, _) => {
                            if let Some(en) = &mut entry
                                && !value.is_empty()
                            {
                                en.notes.push(value);
                            }
                        }
                        Capture::Typed(Typed::Other, _) => {}
                    }
                }
                match local.as_str() {
                    "tig" | "ntig" | "termSec" => {
                        if let (Some(g), Some(en)) = (group.take(), &mut entry) {
                            en.terms.push(g);
                        }
                    }
                    "langSet" | "langSec" => {
                        // A bare `<term>` group ends with its language.
                        if let (Some(g), Some(en)) = (group.take(), &mut entry) {
                            en.terms.push(g);
                        }
                    }
                    "termEntry" | "conceptEntry" => {
                        if let Some(en) = entry.take() {
                            entries.push(en);
                        }
                    }
                    _ => {}
                }
                depth = depth.saturating_sub(1);
                lang_stack.pop();
                open.pop();
            }
            Event::Eof => {
                if let Some(&at) = open.last() {
                    return Err(err(at, crate::format::unclosed_element(&text[at..])));
                }
                break;
            }
            _ => {}
        }
    }
    if !seen_root {
        return Err(err(0, "not a TBX file: no root element".into()));
    }
    let (source_lang, target_lang) =
        pair(root_lang, &langs).map_err(|m| GlossaryError::at(path, Some((1, 1)), m))?;
    let raw: Vec<RawEntry> = entries
        .into_iter()
        .map(|en| {
            let mut raw = RawEntry {
                at: en.at,
                case_sensitive: en.case_sensitive,
                exact: en.exact,
                note: (!en.notes.is_empty()).then(|| en.notes.join("; ")),
                ..RawEntry::default()
            };
            let form = |g: &TermGroup| Form {
                text: g.text.clone().unwrap_or_default(),
                at: g.at,
            };
            // Preferred terms first, then the others in file order.
            for preferred in [true, false] {
                for g in &en.terms {
                    if (g.status == Some(Status::Preferred)) != preferred {
                        continue;
                    }
                    if g.lang == Some(source_lang) {
                        raw.source.push(form(g));
                    } else if g.lang == Some(target_lang) {
                        if g.status == Some(Status::Forbidden) {
                            raw.forbidden.push(form(g));
                        } else {
                            raw.target.push(form(g));
                        }
                    }
                }
            }
            raw
        })
        .collect();
    let names = Names {
        entry: "termEntry",
        source: format!("`{source_lang}` term"),
        target: format!("`{target_lang}` term"),
        forbidden: "forbidden term".into(),
    };
    build(path, source_lang, target_lang, raw, &names, Vec::new())
}

/// The source and target languages of a term base.
fn pair(root: Option<Lang>, langs: &[Lang]) -> Result<(Lang, Lang), String> {
    let list = || {
        langs
            .iter()
            .map(|l| l.code().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if langs.len() != 2 {
        return Err(if langs.is_empty() {
            "the term base has no langSet/langSec with an xml:lang".to_string()
        } else {
            format!(
                "the term base has {} language(s) ({}); bitext reads bilingual term bases (two languages)",
                langs.len(),
                list()
            )
        });
    }
    Ok(match root {
        Some(r) if r == langs[1] => (langs[1], langs[0]),
        _ => (langs[0], langs[1]),
    })
}

/// The unescaped value of attribute `name` (local name), if present.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key;
        let key: &str = key.as_ref();
        (key == name)
            .then(|| a.normalized_value(XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(|v| v.into_owned())
    })
}

/// The language of `xml:lang`, or an error at the element.
fn xml_lang(
    e: &BytesStart<'_>,
    start: usize,
    err: &impl Fn(usize, String) -> GlossaryError,
) -> Result<Option<Lang>, GlossaryError> {
    let Some(code) = attribute(e, "xml:lang").or_else(|| attribute(e, "lang")) else {
        return Ok(None);
    };
    language(&code).map(Some).ok_or_else(|| {
        err(
            start,
            format!("xml:lang '{code}' is not an ISO 639-1 language code (such as fr, en, en-US)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const V2: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="fr">
  <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="c1">
      <descrip type="definition">finance</descrip>
      <langSet xml:lang="fr"><tig><term>tour de table</term></tig></langSet>
      <langSet xml:lang="en-US">
        <tig><term>round</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
        <tig><term>funding round</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>table round</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
    <termEntry id="c2">
      <admin type="x-caseSensitive">true</admin>
      <langSet xml:lang="fr"><ntig><termGrp><term>Mistral</term></termGrp></ntig></langSet>
      <langSet xml:lang="en"><ntig><termGrp><term>Mistral</term></termGrp></ntig></langSet>
    </termEntry>
  </body></text>
</martif>
"#;

    #[test]
    fn tbx_v2_statuses_order_and_forbid() {
        let g = parse("g.tbx", V2).unwrap();
        assert_eq!((g.source_lang, g.target_lang), (Lang::FR, Lang::EN));
        assert_eq!(g.terms.len(), 2);
        let t = &g.terms[0];
        assert_eq!(t.source, vec!["tour de table"]);
        assert_eq!(t.target, vec!["funding round", "round"]);
        assert_eq!(t.forbidden, vec!["table round"]);
        assert_eq!(t.note.as_deref(), Some("finance"));
        assert_eq!(t.line, 5);
        assert!(!t.case_sensitive);
        assert!(g.terms[1].case_sensitive && g.terms[1].is_invariant());
    }

    #[test]
    fn tbx_v3_concept_entries_and_dct_status() {
        let v3 = r#"<?xml version="1.0"?>
<tbx type="TBX-Core" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic">
<text><body>
<conceptEntry id="1">
  <langSec xml:lang="en"><termSec><term>funding round</term></termSec></langSec>
  <langSec xml:lang="fr">
    <termSec><term>table ronde</term><basic:administrativeStatus>supersededTerm-admn-sts</basic:administrativeStatus></termSec>
    <termSec><term>tour de table</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>levée de fonds</term></termSec>
  </langSec>
  <note>finance &amp; co</note>
</conceptEntry>
</body></text></tbx>"#;
        let g = parse("g.tbx", v3).unwrap();
        assert_eq!((g.source_lang, g.target_lang), (Lang::EN, Lang::FR));
        let t = &g.terms[0];
        assert_eq!(t.target, vec!["tour de table", "levée de fonds"]);
        assert_eq!(t.forbidden, vec!["table ronde"]);
        assert_eq!(t.note.as_deref(), Some("finance & co"));
    }

    fn err(text: &str) -> String {
        parse("g.tbx", text).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = err(
            "<martif>\n<text><body>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>a</term></tig>\n</termEntry></body></text></martif>",
        );
        assert!(e.starts_with("g.tbx:4:"), "{e}");
        assert!(e.contains("malformed"), "{e}");
        let e = err(
            "<martif><text><body>\n<termEntry>\n  <langSet xml:lang=\"fra\"/></termEntry></body></text></martif>",
        );
        assert!(e.starts_with("g.tbx:3:3:") && e.contains("fra"), "{e}");
        let e = err("<html/>");
        assert!(
            e.starts_with("g.tbx:1:1:") && e.contains("not a TBX"),
            "{e}"
        );
        let two = |fr: &str, en: &str| {
            format!(
                "<martif xml:lang=\"fr\"><text><body>\n<termEntry>\n<langSet xml:lang=\"fr\"><tig>{fr}</tig></langSet>\n<langSet xml:lang=\"en\"><tig>{en}</tig></langSet>\n</termEntry></body></text></martif>"
            )
        };
        let e = err(&two("<term> </term>", "<term>b</term>"));
        assert!(e.starts_with("g.tbx:3:") && e.contains("empty term"), "{e}");
        let e = err(&two(
            "<term>a</term>",
            "<term>x</term></tig><tig><term>b</term><termNote type=\"administrativeStatus\">bad</termNote>",
        ));
        assert!(
            e.starts_with("g.tbx:4:") && e.contains("administrativeStatus"),
            "{e}"
        );
        let dup = "<martif><text><body>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>A</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>b</term></tig></langSet></termEntry>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>a</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>c</term></tig></langSet></termEntry>\n</body></text></martif>";
        let e = err(dup);
        assert!(
            e.starts_with("g.tbx:3:") && e.contains("duplicate") && e.contains("line 2"),
            "{e}"
        );
        let one_side = "<martif><text><body>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>A</term></tig></langSet></termEntry>\n<termEntry><langSet xml:lang=\"en\"><tig><term>b</term></tig></langSet></termEntry>\n</body></text></martif>";
        let e = err(one_side);
        assert!(e.starts_with("g.tbx:2:1:") && e.contains("neither"), "{e}");
        let three = "<martif><text><body><termEntry><langSet xml:lang=\"fr\"/><langSet xml:lang=\"en\"/><langSet xml:lang=\"de\"/></termEntry></body></text></martif>";
        assert!(err(three).contains("fr, en, de"), "{}", err(three));
    }
}
