//! The rules every glossary obeys, whichever file it comes from (TOML, TBX,
//! CSV/TSV): each reader hands over [`RawEntry`]s and [`build`] validates
//! them the same way.
//!
//! - Every term can match: a term with no letter or digit once the term
//!   matcher has normalised it (only zero-width or format characters,
//!   combining marks, soft hyphens, apostrophes, hyphens, punctuation, or a
//!   French elision such as `l'`) would load and never check anything.
//! - Every entry has a source term and an accepted or forbidden translation.
//! - Two entries whose source terms normalise alike (case, spacing, NBSP,
//!   `'` vs `’`, hyphen vs space, as the matcher sees them) must agree: with
//!   other translations they would give contradictory findings on one
//!   occurrence, so that is an error naming both lines. When they agree (the
//!   same accepted and forbidden translations, normalised alike) the repeat
//!   says nothing new and is dropped without a word.
//!
//! Every problem is reported, not only the first: the error lists them in
//! file order, one line each.

use super::{Glossary, GlossaryError, Term};
use crate::check::normalize;
use crate::lang::Lang;
use std::collections::{BTreeSet, HashMap};

/// One term as read, with the 1-based line and column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Form {
    pub text: String,
    pub at: (usize, usize),
}

/// One entry (TOML `[[term]]`, TBX `termEntry`/`conceptEntry`, CSV row) as
/// read.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct RawEntry {
    /// Where the entry starts.
    pub at: (usize, usize),
    /// Source-language terms (synonyms), preferred first.
    pub source: Vec<Form>,
    /// Accepted target-language terms, preferred first.
    pub target: Vec<Form>,
    /// Forbidden target-language terms.
    pub forbidden: Vec<Form>,
    pub case_sensitive: bool,
    pub exact: bool,
    pub note: Option<String>,
    /// The reader has already reported a problem with this entry's shape
    /// (an empty TOML list): its terms are still checked, the entry is not
    /// kept, and it is not reported again for a missing side.
    pub reported: bool,
}

/// How a file format names its entries and their parts in messages
/// (`term`, ``key `source` ``; `termEntry`, `` `fr` term ``).
pub(super) struct Names {
    pub entry: &'static str,
    pub source: String,
    pub target: String,
    pub forbidden: String,
}

/// Byte offsets where the lines of a text start, computed once so that
/// positions cost a binary search, not a rescan from the top (a glossary of
/// 100,000 terms asks for 100,000 of them).
pub(super) struct LineStarts<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineStarts<'t> {
    pub fn new(text: &'t str) -> LineStarts<'t> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts { text, starts }
    }

    /// 1-based line and character column of byte `offset` of the text.
    pub fn at(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line start at or before `offset`.
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.text[line_start..offset].chars().count() + 1)
    }
}

/// A language code as term bases write it (`en`, `en-US`, `fr_FR`, `FR`):
/// its ISO 639-1 language.
pub(super) fn language(code: &str) -> Option<Lang> {
    let primary = code.trim().split(['-', '_']).next().unwrap_or("");
    (primary.len() == 2).then(|| Lang::parse(primary)).flatten()
}

/// What the term matcher compares of a form: its case-folded words, joined
/// by one space. `None` when it has no word with a letter or digit, so
/// that it could never match.
fn match_key(form: &str, lang: Lang) -> Option<String> {
    let words: Vec<String> = normalize::folded_words(form, lang)
        .into_iter()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A form for a message: on one line, with the invisible characters that
/// make a term unmatchable written out (`\u{200b}`).
fn shown(form: &str) -> String {
    form.chars()
        .map(|c| {
            let invisible = c.is_control()
                || (c.is_whitespace() && c != ' ')
                || unicode_normalization::char::is_combining_mark(c)
                || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}');
            if invisible {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The forms of one side, each normalised for matching, in file order.
struct Side {
    texts: Vec<String>,
    keys: Vec<String>,
    at: Vec<(usize, usize)>,
}

/// The first entry defining a source key: its line and what it says.
struct Defined {
    line: usize,
    target: BTreeSet<String>,
    forbidden: BTreeSet<String>,
    /// Its index in the glossary's terms, for the message.
    term: usize,
}

/// Validates the entries (see the module comment): a glossary, or an error
/// listing every problem, those the reader found (`problems`) included, in
/// file order.
pub(super) fn build(
    path: &str,
    source_lang: Lang,
    target_lang: Lang,
    entries: Vec<RawEntry>,
    names: &Names,
    mut problems: Vec<GlossaryError>,
) -> Result<Glossary, GlossaryError> {
    let mut problem = |at: (usize, usize), message: String| {
        problems.push(GlossaryError {
            path: path.to_string(),
            location: Some(at),
            message,
            also: Vec::new(),
        })
    };
    let mut terms: Vec<Term> = Vec::with_capacity(entries.len());
    let mut seen: HashMap<String, Defined> = HashMap::new();
    for (index, raw) in entries.into_iter().enumerate() {
        // Only messages name the entry: built when one is written.
        let entry = || format!("{} #{} (line {})", names.entry, index + 1, raw.at.0);
        let mut side = |list: &[Form], key: &str, lang: Lang| {
            let mut out = Side {
                texts: Vec::new(),
                keys: Vec::new(),
                at: Vec::new(),
            };
            for f in list {
                let text = f.text.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.is_empty() {
                    problem(f.at, format!("{key} of {}: empty term", entry()));
                    continue;
                }
                let Some(match_key) = match_key(&text, lang) else {
                    problem(
                        f.at,
                        format!(
                            "{key} of {}: '{}' can never match: it has no letter or digit once normalised (zero-width characters, combining marks, soft hyphens, apostrophes, hyphens and punctuation are not words)",
                            entry(),
                            shown(&text)
                        ),
                    );
                    continue;
                };
                out.texts.push(text);
                out.keys.push(match_key);
                out.at.push(f.at);
            }
            out
        };
        let source = side(&raw.source, &names.source, source_lang);
        let target = side(&raw.target, &names.target, target_lang);
        let forbidden = side(&raw.forbidden, &names.forbidden, target_lang);
        let broken = source.texts.len() != raw.source.len()
            || target.texts.len() != raw.target.len()
            || forbidden.texts.len() != raw.forbidden.len();
        if raw.source.is_empty() && !raw.reported {
            problem(
                raw.at,
                format!("{} has no source term ({})", entry(), names.source),
            );
        }
        if raw.target.is_empty() && raw.forbidden.is_empty() && !raw.reported {
            problem(
                raw.at,
                format!(
                    "{} has neither an accepted nor a forbidden translation ({} or {})",
                    entry(),
                    names.target,
                    names.forbidden
                ),
            );
        }
        if broken || raw.reported {
            continue;
        }
        let target_keys: BTreeSet<String> = target.keys.iter().cloned().collect();
        let forbidden_keys: BTreeSet<String> = forbidden.keys.iter().cloned().collect();
        let mut kept = Vec::with_capacity(source.texts.len());
        for ((text, key), at) in source.texts.into_iter().zip(source.keys).zip(source.at) {
            match seen.get(&key) {
                Some(first) if first.target == target_keys && first.forbidden == forbidden_keys => {
                    // The same entry twice: nothing new to check.
                }
                Some(first) => problem(
                    at,
                    format!(
                        "{} of {}: duplicate entry '{}', already defined by the entry at line {} with other translations ({} there, {} here)",
                        names.source,
                        entry(),
                        shown(&text),
                        first.line,
                        translations(&terms[first.term].target, &terms[first.term].forbidden),
                        translations(&target.texts, &forbidden.texts),
                    ),
                ),
                None => {
                    seen.insert(
                        key,
                        Defined {
                            line: raw.at.0,
                            target: target_keys.clone(),
                            forbidden: forbidden_keys.clone(),
                            term: terms.len(),
                        },
                    );
                    kept.push(text);
                }
            }
        }
        if kept.is_empty() {
            continue;
        }
        terms.push(Term {
            source: kept,
            target: target.texts,
            forbidden: forbidden.texts,
            case_sensitive: raw.case_sensitive,
            exact: raw.exact,
            note: raw.note,
            line: raw.at.0,
        });
    }
    match GlossaryError::all(problems) {
        Some(e) => Err(e),
        None => Ok(Glossary {
            source_lang,
            target_lang,
            terms,
        }),
    }
}

/// An entry's translations for a message: `'a', 'b'`, then the forbidden
/// ones (`not 'c'`).
fn translations(target: &[String], forbidden: &[String]) -> String {
    let mut parts: Vec<String> = target.iter().map(|t| format!("'{}'", shown(t))).collect();
    parts.extend(forbidden.iter().map(|f| format!("not '{}'", shown(f))));
    parts.join(", ")
}

/// Reads a yes/no cell or element (`true`, `yes`, `1`, `false`, `no`, `0`,
/// empty = no).
pub(super) fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Some(true),
        "false" | "no" | "n" | "0" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(text: &str, line: usize) -> Form {
        Form {
            text: text.into(),
            at: (line, 10),
        }
    }

    fn entry(line: usize, source: &str, target: &str) -> RawEntry {
        RawEntry {
            at: (line, 1),
            source: vec![form(source, line)],
            target: vec![form(target, line + 1)],
            ..RawEntry::default()
        }
    }

    fn names() -> Names {
        Names {
            entry: "term",
            source: "key `source`".into(),
            target: "key `target`".into(),
            forbidden: "key `forbidden`".into(),
        }
    }

    fn errors(entries: Vec<RawEntry>) -> Vec<String> {
        match build("g", Lang::FR, Lang::EN, entries, &names(), Vec::new()) {
            Ok(_) => Vec::new(),
            Err(e) => e.to_string().lines().map(String::from).collect(),
        }
    }

    #[test]
    fn terms_without_a_word_are_errors() {
        for bad in [
            "\u{200b}",
            "\u{301}",
            "\u{ad}",
            "'",
            "’",
            "-",
            "--",
            "…",
            "l'",
            "\u{200b}\u{feff}",
        ] {
            let e = errors(vec![entry(1, bad, "x")]);
            assert_eq!(e.len(), 1, "{bad:?}: {e:?}");
            assert!(
                e[0].starts_with("g:1:10:") && e[0].contains("never match"),
                "{bad:?}: {e:?}"
            );
            if bad == "l'" {
                continue; // an elision in French only
            }
            let e = errors(vec![entry(1, "x", bad)]);
            assert!(
                e.len() == 1 && e[0].starts_with("g:2:10:"),
                "{bad:?}: {e:?}"
            );
        }
        assert!(errors(vec![entry(1, "C++", "x"), entry(3, "l'IA", "AI")]).is_empty());
        let e = errors(vec![entry(1, "\u{200b}", "x")]);
        assert!(e[0].contains("'\\u{200b}'"), "{e:?}");
    }

    #[test]
    fn sources_that_normalise_alike_must_agree() {
        let e = errors(vec![
            entry(1, "tour de table", "funding round"),
            entry(4, "Tour  de\u{a0}TABLE", "round table"),
        ]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("g:4:10:") && e[0].contains("line 1") && e[0].contains("duplicate"),
            "{e:?}"
        );
        assert!(
            e[0].contains("'funding round' there, 'round table' here"),
            "{e:?}"
        );
        let e = errors(vec![
            entry(1, "l'agent", "agent"),
            entry(4, "l’agent", "officer"),
        ]);
        assert_eq!(e.len(), 1, "{e:?}");
        // Agreeing repeats are dropped, not errors.
        let g = build(
            "g",
            Lang::FR,
            Lang::EN,
            vec![
                entry(1, "tour de table", "funding round"),
                entry(4, "tour  de table", "Funding  round"),
            ],
            &names(),
            Vec::new(),
        )
        .unwrap();
        assert_eq!(g.terms.len(), 1);
    }

    #[test]
    fn every_problem_is_reported() {
        let e = errors(vec![
            entry(1, "\u{200b}", "x"),
            entry(4, "a", "b"),
            entry(7, "A", "c"),
            RawEntry {
                at: (10, 1),
                source: vec![form("d", 10)],
                ..RawEntry::default()
            },
            entry(13, "e", "-"),
        ]);
        assert_eq!(e.len(), 4, "{e:?}");
        for (line, at) in e.iter().zip(["g:1:10:", "g:7:10:", "g:10:1:", "g:14:10:"]) {
            assert!(line.starts_with(at), "{e:?}");
        }
    }

    #[test]
    fn line_starts_give_lines_and_character_columns() {
        let text = "ab\n\nçé=x\n";
        let lines = LineStarts::new(text);
        assert_eq!(lines.at(0), (1, 1));
        assert_eq!(lines.at(2), (1, 3));
        assert_eq!(lines.at(3), (2, 1));
        assert_eq!(lines.at(4), (3, 1));
        assert_eq!(lines.at(6), (3, 2));
        assert_eq!(lines.at(7), (3, 2));
        assert_eq!(lines.at(8), (3, 3));
        assert_eq!(lines.at(text.len()), (4, 1));
        assert_eq!(lines.at(1000), (4, 1));
    }
}
