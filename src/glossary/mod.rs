//! The term base (`glossary.toml`, format in SPEC): which source terms must be
//! rendered how, and which renderings are forbidden.
//!
//! Loading is strict, because a glossary typo that silently drops a term is a
//! check that silently stops checking: every error names the file, the line,
//! the column and the offending key.
//!
//! Direction: a glossary is written for one language pair. [`Glossary::for_pair`]
//! returns it as is when the run has the same languages, *reversed* (targets
//! become sources, the first source form becomes the preferred target) when the
//! run goes the other way, and an error otherwise. Forbidden renderings are
//! target-language words, so a reversed glossary drops them.

use crate::lang::Lang;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::fmt;
use toml::Spanned;

/// One glossary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Source-language forms (synonyms); at least one.
    pub source: Vec<String>,
    /// Accepted translations; the first is preferred.
    pub target: Vec<String>,
    /// Translations that must not be used.
    pub forbidden: Vec<String>,
    /// Match case exactly.
    pub case_sensitive: bool,
    /// Match the exact form only (no inflection, elision or spacing variants).
    pub exact: bool,
    /// Shown with findings.
    pub note: Option<String>,
    /// 1-based line of the `[[term]]` header, for messages.
    pub line: usize,
}

impl Term {
    /// The preferred translation, if the entry has one.
    pub fn preferred(&self) -> Option<&str> {
        self.target.first().map(String::as_str)
    }

    /// Whether the term is kept as is in translation (a brand such as "Mistral").
    pub fn is_invariant(&self) -> bool {
        self.target.iter().any(|t| self.source.contains(t))
    }
}

/// A loaded glossary.
#[derive(Debug, Clone, PartialEq)]
pub struct Glossary {
    /// Language of the `source` forms.
    pub source_lang: Lang,
    /// Language of the `target` forms.
    pub target_lang: Lang,
    /// Entries in file order.
    pub terms: Vec<Term>,
}

impl Default for Glossary {
    fn default() -> Self {
        Glossary {
            source_lang: Lang::FR,
            target_lang: Lang::EN,
            terms: Vec::new(),
        }
    }
}

/// What a run does with its glossary ([`Glossary::fit`]).
#[derive(Debug)]
pub enum GlossaryFit {
    /// It covers the run's languages: used (reversed if need be).
    Used,
    /// The implicit glossary, for other languages: the run goes without it.
    LeftOut,
    /// A named glossary for other languages: the run cannot go on.
    Refused(GlossaryError),
}

impl Glossary {
    /// The glossary oriented for a run from `source` to `target`: as is,
    /// reversed, or an error naming both directions. An empty glossary fits
    /// every run.
    pub fn for_pair(&self, source: Lang, target: Lang) -> Result<Glossary, GlossaryError> {
        if !self.covers(source, target) {
            return Err(self.mismatch(source, target));
        }
        if self.terms.is_empty() || (self.source_lang, self.target_lang) == (source, target) {
            return Ok(Glossary {
                source_lang: source,
                target_lang: target,
                terms: self.terms.clone(),
            });
        }
        Ok(self.reversed())
    }

    /// Whether the glossary serves a run from `source` to `target`, as is or
    /// reversed (an empty one serves every run).
    fn covers(&self, source: Lang, target: Lang) -> bool {
        let langs = (self.source_lang, self.target_lang);
        self.terms.is_empty() || langs == (source, target) || langs == (target, source)
    }

    /// SPEC's one rule for a glossary and a run from `source` to `target`:
    /// one that covers them (in either direction) is used; one the user
    /// named that does not is an input error; the implicit `./glossary.toml`
    /// (`implicit`) that does not is left out, and the run says so. Every
    /// caller (one pair, a project's pairs, a file's declared languages)
    /// decides with this and words its own message.
    pub fn fit(&self, source: Lang, target: Lang, implicit: bool) -> GlossaryFit {
        match (self.covers(source, target), implicit) {
            (true, _) => GlossaryFit::Used,
            (false, true) => GlossaryFit::LeftOut,
            (false, false) => GlossaryFit::Refused(self.mismatch(source, target)),
        }
    }

    fn mismatch(&self, source: Lang, target: Lang) -> GlossaryError {
        GlossaryError::at(
            "glossary",
            None,
            format!(
                "the glossary is {}→{} but the run is {source}→{target}; set source_lang/target_lang in the glossary or --source-lang/--target-lang",
                self.source_lang, self.target_lang
            ),
        )
    }

    /// Swaps the two sides: each accepted translation becomes a source form and
    /// the source forms become accepted translations (the first preferred).
    /// Forbidden renderings are dropped: they belong to the old target language.
    pub fn reversed(&self) -> Glossary {
        Glossary {
            source_lang: self.target_lang,
            target_lang: self.source_lang,
            terms: self
                .terms
                .iter()
                .filter(|t| !t.target.is_empty())
                .map(|t| Term {
                    source: t.target.clone(),
                    target: t.source.clone(),
                    forbidden: Vec::new(),
                    case_sensitive: t.case_sensitive,
                    exact: t.exact,
                    note: t.note.clone(),
                    line: t.line,
                })
                .collect(),
        }
    }
}

/// Why a glossary could not be loaded; always names the file, and the line,
/// column and key where known. A file with several problems gives one error
/// per problem, the first here and the others in [`GlossaryError::also`];
/// it displays as one line each.
#[derive(Debug, Clone)]
pub struct GlossaryError {
    /// The glossary file.
    pub path: String,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong, naming the key.
    pub message: String,
    /// The file's further problems, in file order.
    pub also: Vec<GlossaryError>,
}

impl GlossaryError {
    fn at(path: &str, location: Option<(usize, usize)>, message: String) -> GlossaryError {
        GlossaryError {
            path: path.to_string(),
            location,
            message,
            also: Vec::new(),
        }
    }

    /// One error for all of `problems` (sorted into file order), or `None`
    /// when there is none.
    fn all(mut problems: Vec<GlossaryError>) -> Option<GlossaryError> {
        problems.sort_by_key(|p| p.location.unwrap_or((usize::MAX, 0)));
        let mut rest = problems.into_iter();
        let mut first = rest.next()?;
        first.also.extend(rest);
        Some(first)
    }

    /// Every problem on its own line (`file:line:column: message`), this
    /// one first.
    pub fn lines(&self) -> Vec<String> {
        std::iter::once(self)
            .chain(&self.also)
            .map(|p| crate::error::located(&p.path, p.location, &p.message))
            .collect()
    }
}

impl fmt::Display for GlossaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for GlossaryError {}

mod csv;
mod entries;
use entries::LineStarts;
mod tbx;

/// Loads and validates a glossary file: TOML, or by extension a TBX
/// (`.tbx`), CSV (`.csv`) or TSV (`.tsv`) term base.
pub fn load(path: &str) -> Result<Glossary, crate::Error> {
    let text = crate::input::read_text(path)?;
    Ok(parse_by_extension(path, &text)?)
}

/// Parses glossary text in the format `path`'s extension names (see
/// [`load`]); `path` is otherwise only used in errors.
pub fn parse_by_extension(path: &str, text: &str) -> Result<Glossary, GlossaryError> {
    let extension = std::path::Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("tbx") => tbx::parse(path, text),
        Some("csv") => csv::parse(path, text, b','),
        Some("tsv") => csv::parse(path, text, b'\t'),
        _ => parse(path, text),
    }
}

/// A string or a list of strings, as SPEC allows for `source`, `target` and
/// `forbidden`; list items keep their own position (a string alone has the
/// value's).
#[derive(Debug)]
struct Forms(Vec<(String, Option<usize>)>);

impl<'de> Deserialize<'de> for Forms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FormsVisitor;
        impl<'de> Visitor<'de> for FormsVisitor {
            type Value = Forms;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Forms, E> {
                Ok(Forms(vec![(v.to_string(), None)]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Forms, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<Spanned<String>>()? {
                    let start = s.span().start;
                    out.push((s.into_inner(), Some(start)));
                }
                Ok(Forms(out))
            }
        }
        deserializer.deserialize_any(FormsVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    source_lang: Option<Spanned<String>>,
    target_lang: Option<Spanned<String>>,
    #[serde(default)]
    term: Vec<Spanned<RawTerm>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    source: Option<Spanned<Forms>>,
    target: Option<Spanned<Forms>>,
    forbidden: Option<Spanned<Forms>>,
    #[serde(default)]
    case_sensitive: bool,
    #[serde(default)]
    exact: bool,
    note: Option<String>,
}

/// Parses glossary text; `path` is only used in errors.
pub fn parse(path: &str, text: &str) -> Result<Glossary, GlossaryError> {
    let lines = LineStarts::new(text);
    let error =
        |offset: usize, message: String| GlossaryError::at(path, Some(lines.at(offset)), message);
    let raw: RawGlossary = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        match e.span() {
            Some(span) => {
                let message = match key_at(text, span.start) {
                    Some(key) if !message.contains(&key) => format!("key `{key}`: {message}"),
                    _ => message,
                };
                error(span.start, message)
            }
            None => GlossaryError::at(path, None, message),
        }
    })?;
    let mut problems = Vec::new();
    let mut lang = |value: &Option<Spanned<String>>, key: &str, default: Lang| {
        match value {
        None => default,
        Some(v) => Lang::parse(v.get_ref()).unwrap_or_else(|| {
            problems.push(error(
                v.span().start,
                format!(
                    "key `{key}`: '{}' is not an ISO 639-1 language code (expected two letters such as fr, en, de)",
                    v.get_ref()
                ),
            ));
            default
        }),
    }
    };
    let source_lang = lang(&raw.source_lang, "source_lang", Lang::FR);
    let target_lang = lang(&raw.target_lang, "target_lang", Lang::EN);

    let mut entries = Vec::with_capacity(raw.term.len());
    for (index, spanned) in raw.term.into_iter().enumerate() {
        let at = lines.at(spanned.span().start);
        let raw_term = spanned.into_inner();
        let mut reported = false;
        let mut forms = |value: Option<Spanned<Forms>>, key: &str| -> Vec<entries::Form> {
            let Some(v) = value else {
                return Vec::new();
            };
            let start = v.span().start;
            let list = v.into_inner().0;
            if list.is_empty() {
                problems.push(error(
                    start,
                    format!(
                        "key `{key}` of term #{} (line {}): empty list",
                        index + 1,
                        at.0
                    ),
                ));
                reported = true;
            }
            list.into_iter()
                .map(|(text, offset)| entries::Form {
                    text,
                    at: lines.at(offset.unwrap_or(start)),
                })
                .collect()
        };
        let source = forms(raw_term.source, "source");
        let target = forms(raw_term.target, "target");
        let forbidden = forms(raw_term.forbidden, "forbidden");
        entries.push(entries::RawEntry {
            at,
            source,
            target,
            forbidden,
            case_sensitive: raw_term.case_sensitive,
            exact: raw_term.exact,
            note: raw_term.note,
            reported,
        });
    }
    let names = entries::Names {
        entry: "term",
        source: "key `source`".into(),
        target: "key `target`".into(),
        forbidden: "key `forbidden`".into(),
    };
    entries::build(path, source_lang, target_lang, entries, &names, problems)
}

/// The key assigned on the line holding `offset` (`key = value`), so that a
/// type error can name it even when the parser's message does not.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse("g.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn parses_strings_and_lists_with_defaults() {
        let g = parse(
            "g.toml",
            "[[term]]\nsource = \"tour de table\"\ntarget = [\"funding round\", \"round\"]\nforbidden = \"table round\"\nnote = \"finance\"\n\n[[term]]\nsource = [\"Mistral\"]\ntarget = \"Mistral\"\ncase_sensitive = true\n",
        )
        .unwrap();
        assert_eq!(g.source_lang, Lang::FR);
        assert_eq!(g.target_lang, Lang::EN);
        assert_eq!(g.terms.len(), 2);
        assert_eq!(g.terms[0].target, vec!["funding round", "round"]);
        assert_eq!(g.terms[0].forbidden, vec!["table round"]);
        assert_eq!(g.terms[0].note.as_deref(), Some("finance"));
        assert_eq!(g.terms[0].line, 1);
        assert_eq!(g.terms[1].line, 7);
        assert!(g.terms[1].case_sensitive && g.terms[1].is_invariant());
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let e = err("[[term]]\nsource = \"a\ntarget = \"b\"\n");
        assert!(e.starts_with("g.toml:2:"), "{e}");
    }

    #[test]
    fn unknown_key_is_named() {
        let e = err("[[term]]\nsource = \"a\"\ntarget = \"b\"\ntargte = \"c\"\n");
        assert!(e.starts_with("g.toml:4:1:"), "{e}");
        assert!(e.contains("targte"), "{e}");
    }

    #[test]
    fn wrong_type_names_the_key() {
        let e = err("[[term]]\nsource = \"a\"\ntarget = 3\n");
        assert!(e.starts_with("g.toml:3:10:"), "{e}");
        assert!(e.contains("target"), "{e}");
        let e = err("[[term]]\nsource = \"a\"\ntarget = \"b\"\nexact = \"yes\"\n");
        assert!(e.starts_with("g.toml:4:"), "{e}");
        assert!(e.contains("exact"), "{e}");
    }

    #[test]
    fn empty_term_is_an_error() {
        let e = err("[[term]]\nsource = \"\"\ntarget = \"b\"\n");
        assert!(
            e.starts_with("g.toml:2:10:") && e.contains("empty term"),
            "{e}"
        );
        let e = err("[[term]]\nsource = \"a\"\ntarget = []\n");
        assert!(e.contains("`target`") && e.contains("empty list"), "{e}");
    }

    #[test]
    fn duplicate_entry_is_an_error() {
        let e = err(
            "[[term]]\nsource = \"Tour de table\"\ntarget = \"b\"\n[[term]]\nsource = \"tour de table\"\ntarget = \"c\"\n",
        );
        assert!(e.starts_with("g.toml:5:10:"), "{e}");
        assert!(e.contains("duplicate") && e.contains("line 1"), "{e}");
    }

    #[test]
    fn bad_language_code_is_an_error() {
        let e = err("source_lang = \"fra\"\n");
        assert!(
            e.starts_with("g.toml:1:15:") && e.contains("source_lang"),
            "{e}"
        );
    }

    #[test]
    fn missing_source_is_an_error() {
        let e = err("[[term]]\ntarget = \"b\"\n");
        assert!(e.contains("no source term (key `source`)"), "{e}");
    }

    #[test]
    fn reversed_for_the_opposite_run() {
        let g = parse(
            "g.toml",
            "source_lang = \"en\"\ntarget_lang = \"fr\"\n[[term]]\nsource = \"funding round\"\ntarget = [\"tour de table\", \"levée de fonds\"]\nforbidden = \"table ronde\"\n",
        )
        .unwrap();
        let same = g.for_pair(Lang::EN, Lang::FR).unwrap();
        assert_eq!(same.terms[0].source, vec!["funding round"]);
        let rev = g.for_pair(Lang::FR, Lang::EN).unwrap();
        assert_eq!(rev.terms[0].source, vec!["tour de table", "levée de fonds"]);
        assert_eq!(rev.terms[0].target, vec!["funding round"]);
        assert!(rev.terms[0].forbidden.is_empty());
        let de = Lang::parse("de").unwrap();
        assert!(g.for_pair(Lang::FR, de).is_err());
        assert!(Glossary::default().for_pair(Lang::EN, de).is_ok());
    }

    #[test]
    fn a_glossary_for_other_languages_is_refused_when_named_and_left_out_when_implicit() {
        // Prevents: one caller deciding otherwise than SPEC (a named
        // glossary that does not fit silently dropped, or an implicit one
        // stopping the run).
        let g = parse("g.toml", "source_lang = \"en\"\ntarget_lang = \"fr\"\n[[term]]\nsource = \"cat\"\ntarget = [\"chat\"]\n").unwrap();
        let de = Lang::parse("de").unwrap();
        for implicit in [false, true] {
            assert!(matches!(
                g.fit(Lang::EN, Lang::FR, implicit),
                GlossaryFit::Used
            ));
            assert!(matches!(
                g.fit(Lang::FR, Lang::EN, implicit),
                GlossaryFit::Used
            ));
            assert!(matches!(
                Glossary::default().fit(Lang::FR, de, implicit),
                GlossaryFit::Used
            ));
        }
        assert!(matches!(g.fit(Lang::FR, de, true), GlossaryFit::LeftOut));
        match g.fit(Lang::FR, de, false) {
            GlossaryFit::Refused(e) => assert!(e.message.contains("en→fr"), "{}", e.message),
            other => panic!("{other:?}"),
        }
    }
}
