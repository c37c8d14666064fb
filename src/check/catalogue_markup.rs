//! `markup-mismatch` for catalogue entries (PO, XLIFF, JSON): what a
//! program reads in a translated string and must find unchanged.
//!
//! - inline tags (XLIFF `<g>`, `<x/>`, `<ph>`, `<pc>`, `<sc>`/`<ec>`,
//!   `<mrk>` …, and elements written in the text such as `<choices>`),
//!   compared by element name and id as a multiset: reordering is fine;
//! - a leading or trailing newline of the entry (what `msgfmt -c` checks);
//! - tab characters (`\t` escapes: column layouts of `--help` texts);
//! - URLs, e-mail addresses, long option names (`--force`) and backquoted
//!   code of the source, which must appear as they are in the translation.
//!
//! Placeholders are `placeholder-mismatch`'s; French typography (NBSP before
//! `: ; ! ?`, guillemets) is never compared here.

use super::{CheckContext, Finding, Position, Severity};
use crate::document::{Document, ProtectedKind};
use std::collections::BTreeMap;

/// Appends the catalogue findings of `markup-mismatch` (called by
/// [`super::markup::Markup`] when both sides are catalogues).
pub(crate) fn run(ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
    for (link_index, link) in ctx.alignment.links.iter().enumerate() {
        if link.source.len() != 1 || link.target.len() != 1 {
            continue;
        }
        let (s, t) = (link.source.start, link.target.start);
        let mut report = |rule: &'static str, message: String, at: Option<(usize, usize)>| {
            let target = match at {
                Some((a, b)) => Position::new(ctx.target, t, a, b),
                None => Position::segment(ctx.target, t),
            };
            out.push(Finding {
                rule,
                severity: Severity::Error,
                message,
                source: Some(Position::segment(ctx.source, s)),
                target: Some(target),
                suggestion: None,
                link: link_index,
                fix: None,
            });
        };
        entry_pair(ctx.source, s, ctx.target, t, &mut report);
    }
}

/// Compares source entry `s` with target entry `t`.
fn entry_pair(
    source: &Document,
    s: usize,
    target: &Document,
    t: usize,
    report: &mut dyn FnMut(&'static str, String, Option<(usize, usize)>),
) {
    let mut report = |message: String, at: Option<(usize, usize)>| {
        // An XLIFF <ph> standing for a printf / brace placeholder is a
        // placeholder, whatever the tag around it.
        let rule = if message.contains("<ph ") && message.contains("equiv=\"") {
            "placeholder-mismatch"
        } else {
            "markup-mismatch"
        };
        report(rule, message, at)
    };
    let src = source.display_text(s);
    let tgt = target.display_text(t);
    if tgt.is_empty() {
        return; // missing-translation's
    }
    let t_start = target.segments[t].start;
    // Newlines at the ends.
    if src.starts_with('\n') != tgt.starts_with('\n') {
        report(
            if src.starts_with('\n') {
                "the source begins with a newline; the translation does not".into()
            } else {
                "the translation begins with a newline; the source does not".into()
            },
            None,
        );
    }
    if src.ends_with('\n') != tgt.ends_with('\n') {
        let end = t_start + tgt.len();
        let last = end - tgt.chars().next_back().map_or(0, char::len_utf8);
        report(
            if src.ends_with('\n') {
                "the source ends with a newline; the translation does not".into()
            } else {
                "the translation ends with a newline; the source does not".into()
            },
            Some((last, end)),
        );
    }
    // Tabs.
    let tabs = |x: &str| x.matches('\t').count();
    if tabs(tgt) < tabs(src) {
        report(
            format!(
                "the source has {} tab character(s) (\\t), the translation {}",
                tabs(src),
                tabs(tgt)
            ),
            None,
        );
    }
    // Tags, by name and id.
    let bag = |doc: &Document, i: usize| -> BTreeMap<String, Vec<(usize, usize)>> {
        let seg = doc.segments[i];
        let mut m: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for p in doc.protected_in(seg.start, seg.end.max(seg.start + 1)) {
            if p.kind == ProtectedKind::Tag && p.end <= seg.end {
                m.entry(p.value.clone()).or_default().push((p.start, p.end));
            }
        }
        m
    };
    let (mut sb, mut tb) = (bag(source, s), bag(target, t));
    // Elements written in the text of a message count when the message
    // has markup (a closing tag, a `<br>`) or is about XML (`<%s>`).
    // Otherwise they are meta-variables translators translate: git's
    // `git help <command>` and `append <mark>` are `git help <commande>` and
    // `ajouter <marque>` in French, binutils' `--as <name>` is `--as <nom>`;
    // and a lone `<none>` is a meta-value.
    let written = |m: &BTreeMap<String, Vec<(usize, usize)>>| {
        m.iter()
            .filter(|(k, _)| k.starts_with('<'))
            .map(|(_, v)| v.len())
            .sum::<usize>()
    };
    let markup_in_source =
        src.contains("</") || src.contains("<%s>") || sb.keys().any(|k| is_void_element(k));
    let lone = written(&sb) == 1 && sb.contains_key(src.trim());
    let markup = |k: &String| !k.starts_with('<') || (markup_in_source && !lone);
    sb.retain(|k, _| markup(k));
    tb.retain(|k, _| markup(k));
    for (tag, spans) in &sb {
        let have = tb.get(tag).map_or(0, Vec::len);
        if have < spans.len() {
            let (a, b) = spans[0];
            report(
                format!(
                    "the source's tag {} is missing from the translation",
                    &source.text[a..b]
                ),
                None,
            );
        }
    }
    for (tag, spans) in &tb {
        let had = sb.get(tag).map_or(0, Vec::len);
        if spans.len() > had {
            let (a, b) = spans[had.min(spans.len() - 1)];
            report(
                format!(
                    "the translation's tag {} is not in the source",
                    &target.text[a..b]
                ),
                Some((a, b)),
            );
        }
    }
    // URLs, e-mail addresses, options and code that must stay as they are.
    let target_urls: Vec<&str> = {
        let seg = target.segments[t];
        target
            .protected_in(seg.start, seg.end)
            .iter()
            .filter(|p| p.kind == ProtectedKind::Url)
            .map(|p| p.value.as_str())
            .collect()
    };
    let seg = source.segments[s];
    for p in source.protected_in(seg.start, seg.end) {
        let what = match p.kind {
            ProtectedKind::Url if p.value.contains('@') && !p.value.contains('/') => {
                "e-mail address"
            }
            ProtectedKind::Url => "URL",
            ProtectedKind::Code if p.value.starts_with("--") => "option",
            ProtectedKind::Code => "code",
            _ => continue,
        };
        let kept = if what == "URL" {
            target_urls
                .iter()
                .any(|u| same_url(&p.value, u, target.lang.code()))
        } else {
            contains_token(tgt, &p.value)
        };
        if !kept {
            report(
                format!(
                    "the source's {what} '{}' is not in the translation as it is",
                    p.value
                ),
                None,
            );
        }
    }
}

/// Whether a written tag is of an HTML element that is never closed
/// (`<br>`, `<br/>`, `<hr>`, `<img>`, `<wbr>`): markup even alone.
fn is_void_element(tag: &str) -> bool {
    let name = tag.trim_start_matches('<').trim_start_matches('/');
    let name = name.trim_end_matches('>').trim_end_matches('/');
    matches!(name, "br" | "hr" | "img" | "wbr")
}

/// Whether target URL `t` stands for source URL `s`: the same, or on the
/// same host with the source's path extended (`/team/` → `/team/fr.html`)
/// or naming the target language (`/gethelp/` → `/help/gethelp.fr.html`).
fn same_url(s: &str, t: &str, lang: &str) -> bool {
    if s == t {
        return true;
    }
    let split = |u: &str| -> (String, String) {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        (host.to_ascii_lowercase(), path.to_string())
    };
    let ((sh, sp), (th, tp)) = (split(s), split(t));
    if sh != th {
        return false;
    }
    let marks = [
        format!(".{lang}."),
        format!("/{lang}/"),
        format!("/{lang}."),
        format!("={lang}"),
    ];
    // The localised page keeps the name of the source's page.
    let name = sp.split('/').rfind(|c| !c.is_empty()).unwrap_or("");
    tp.starts_with(&sp) || (tp.contains(name) && marks.iter().any(|m| tp.contains(m.as_str())))
}

/// Whether `needle` occurs in `hay` not running on into a longer word
/// (`--sync` is not in `--synchro`).
fn contains_token(hay: &str, needle: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        let starts_word = needle.chars().next().is_some_and(word);
        let ends_word = needle.chars().next_back().is_some_and(word);
        !(starts_word && before.is_some_and(word) || ends_word && after.is_some_and(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{CatalogueOptions, xliff};
    use crate::lang::Lang;

    fn findings(po_entry: &str) -> Vec<String> {
        let text = format!("msgid \"\"\nmsgstr \"\"\n\n{po_entry}");
        let b =
            crate::format::po::read("t.po", &text, Lang::EN, Lang::FR, Default::default()).unwrap();
        let mut out = Vec::new();
        entry_pair(&b.source, 0, &b.target, 0, &mut |_, m, _| out.push(m));
        out
    }

    #[test]
    fn newlines_tabs_urls_options() {
        assert_eq!(findings("msgid \"a\\n\"\nmsgstr \"b\"\n").len(), 1);
        assert_eq!(findings("msgid \"\\na\"\nmsgstr \"b\"\n").len(), 1);
        assert_eq!(findings("msgid \"a\\tb\"\nmsgstr \"a b\"\n").len(), 1);
        assert_eq!(
            findings("msgid \"see <https://gnu.org/x>\"\nmsgstr \"voir <https://gnu.org/y>\"\n")
                .len(),
            1
        );
        assert_eq!(
            findings("msgid \"use --force\"\nmsgstr \"utiliser --forcer\"\n").len(),
            1
        );
        assert_eq!(
            findings("msgid \"<a>x</a> has <br/>\"\nmsgstr \"<a>x</a> a <c>\"\n").len(),
            2
        );
    }

    // Prevents: the meta-variables of command-line help (git, binutils),
    // which French translators translate, reported as dropped tags — 239
    // such findings on 15 of the system's French catalogues — while tags
    // of markup and of messages about XML are still compared.
    #[test]
    fn meta_variables_are_prose_markup_and_xml_names_are_not() {
        assert!(findings("msgid \"See 'git help <command>' or 'git help <concept>'.\"\nmsgstr \"Voir 'git help <commande>' ou 'git help <concept>'.\"\n").is_empty());
        assert!(findings("msgid \"--as <name> Use <name> for assembler\"\nmsgstr \"--as <nom> Utiliser <nom> comme assembleur\"\n").is_empty());
        assert!(findings("msgid \"append <mark> on dirty working tree\"\nmsgstr \"ajouter <marque> si la copie de travail est sale\"\n").is_empty());
        assert_eq!(
            findings("msgid \"<b>Warning:</b> %s\"\nmsgstr \"<b>Attention :<b> %s\"\n").len(),
            2
        );
        assert_eq!(
            findings(
                "msgid \"<%s> is not allowed in <schemalist>\"\nmsgstr \"<%s> n'est pas permis dans <listeschémas>\"\n"
            ),
            ["the source's tag <schemalist> is missing from the translation"]
        );
    }

    #[test]
    fn french_typography_and_kept_markup_are_fine() {
        assert!(findings("msgid \"Error: %s\\n\"\nmsgstr \"Erreur\u{a0}: %s\\n\"\n").is_empty());
        assert!(
            findings(
                "msgid \"'%s' -- use --force!\"\nmsgstr \"« %s » -- utilisez --force\u{202f}!\"\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn xliff_tags_by_id_and_kind_reordering_allowed() {
        let x = |src: &str, tgt: &str| {
            let file = format!(
                "<xliff version=\"2.0\"><file><unit id=\"u\"><segment state=\"translated\"><source>{src}</source><target>{tgt}</target></segment></unit></file></xliff>"
            );
            let b = xliff::read(
                "a.xlf",
                &file,
                Lang::EN,
                Lang::FR,
                CatalogueOptions::default(),
            )
            .unwrap();
            let mut out = Vec::new();
            entry_pair(&b.source, 0, &b.target, 0, &mut |r, m, _| {
                out.push(format!("{r}: {m}"))
            });
            out
        };
        assert!(
            x(
                "<ph id=\"1\"/> to <ph id=\"2\"/>",
                "<ph id=\"2\"/> à <ph id=\"1\"/>"
            )
            .is_empty()
        );
        assert_eq!(x("Click <pc id=\"1\">Save</pc>", "Cliquez").len(), 2);
        assert_eq!(
            x("See <pc id=\"1\">x</pc>", "Voir x <ph id=\"9\"/>").len(),
            3
        );
        let f = x("Moved <ph id=\"1\" equiv=\"%s\"/>", "Déplacé");
        assert!(f[0].starts_with("placeholder-mismatch: "), "{f:?}");
    }
}
