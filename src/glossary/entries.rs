//! What the TBX and CSV readers hand over before validation, and the checks
//! `glossary.toml` gets too: no empty term, a source term and an accepted or
//! forbidden translation in every entry, no source term defined twice.

use super::{Glossary, GlossaryError, Term};
use crate::lang::Lang;
use std::collections::HashMap;

/// One term as read, with the 1-based line and column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Form {
    pub text: String,
    pub at: (usize, usize),
}

/// One entry (TBX `termEntry`/`conceptEntry`, CSV row) as read.
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
}

/// 1-based line and character column of byte `offset` of `text`.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A language code as term bases write it (`en`, `en-US`, `fr_FR`, `FR`):
/// its ISO 639-1 language.
pub(super) fn language(code: &str) -> Option<Lang> {
    let primary = code.trim().split(['-', '_']).next().unwrap_or("");
    (primary.len() == 2).then(|| Lang::parse(primary)).flatten()
}

/// Validates the entries as [`super::parse`] validates `[[term]]` tables;
/// `what` names an entry in messages (`termEntry`, `row`).
pub(super) fn build(
    path: &str,
    source_lang: Lang,
    target_lang: Lang,
    entries: Vec<RawEntry>,
    what: &str,
) -> Result<Glossary, GlossaryError> {
    let error = |at: (usize, usize), message: String| GlossaryError {
        path: path.to_string(),
        location: Some(at),
        message,
    };
    let mut terms = Vec::with_capacity(entries.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, raw) in entries.into_iter().enumerate() {
        let entry = format!("{what} #{} (line {})", index + 1, raw.at.0);
        let forms = |list: &[Form], key: &str| -> Result<Vec<String>, GlossaryError> {
            list.iter()
                .map(|f| {
                    let t = f.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if t.is_empty() {
                        Err(error(f.at, format!("{key} term of {entry}: empty term")))
                    } else {
                        Ok(t)
                    }
                })
                .collect()
        };
        let source = forms(&raw.source, &format!("`{source_lang}`"))?;
        let target = forms(&raw.target, &format!("`{target_lang}`"))?;
        let forbidden = forms(&raw.forbidden, "forbidden")?;
        if source.is_empty() {
            return Err(error(
                raw.at,
                format!("{entry} has no `{source_lang}` (source) term"),
            ));
        }
        if target.is_empty() && forbidden.is_empty() {
            return Err(error(
                raw.at,
                format!("{entry} has neither an accepted nor a forbidden `{target_lang}` term"),
            ));
        }
        for (form, f) in source.iter().zip(&raw.source) {
            let key = caseless::default_case_fold_str(form);
            if let Some(first) = seen.insert(key, raw.at.0) {
                return Err(error(
                    f.at,
                    format!(
                        "`{source_lang}` term of {entry}: duplicate entry '{form}', already defined by the entry at line {first}"
                    ),
                ));
            }
        }
        terms.push(Term {
            source,
            target,
            forbidden,
            case_sensitive: raw.case_sensitive,
            exact: raw.exact,
            note: raw.note,
            line: raw.at.0,
        });
    }
    Ok(Glossary {
        source_lang,
        target_lang,
        terms,
    })
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
