//! CSV and TSV term bases (`.csv`, `.tsv`): the common export of translation
//! management systems.
//!
//! The first row is a header. Two of its columns are language codes (`fr`,
//! `en`, `en-US` …): the first is the source language, the second the target
//! language. Optional columns, any case: `forbidden` (forbidden target
//! terms), `note`, and bitext's `case_sensitive` and `exact`
//! (`true`/`yes`/`1` or `false`/`no`/`0`/empty). Any other header is an
//! error, so that a typo does not drop a column in silence.
//!
//! Each further row is one term, as a `[[term]]` of `glossary.toml`: in the
//! source cell its synonyms, in the target cell its accepted translations
//! (the first preferred), both like `forbidden` separated by `;` or `|`
//! (`funding round; round`). A row whose cells are all empty is skipped.
//!
//! Quoting follows RFC 4180 in both: a field may be enclosed in `"`, inside
//! which separators, line breaks and `""` (one `"`) are data; CRLF and LF
//! both end a row. Errors (an unclosed quote, text after a closing quote, a
//! row with too many fields, an unknown column, and the checks of
//! `glossary.toml`) name the file, line and column.

use super::entries::{Form, LineStarts, Names, RawEntry, build, language, yes_no};
use super::{Glossary, GlossaryError};
use crate::lang::Lang;

/// One field with the byte offset where its content starts.
#[derive(Debug, Clone, PartialEq)]
struct Field {
    text: String,
    at: usize,
}

/// Splits `text` into rows of fields (RFC 4180 with separator `sep`).
fn records(
    path: &str,
    text: &str,
    lines: &LineStarts<'_>,
    sep: u8,
) -> Result<Vec<(usize, Vec<Field>)>, GlossaryError> {
    let err =
        |offset: usize, message: String| GlossaryError::at(path, Some(lines.at(offset)), message);
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let row_start = i;
        let mut fields = Vec::new();
        loop {
            // One field from `i`.
            if bytes.get(i) == Some(&b'"') {
                let open = i;
                let mut value = String::new();
                i += 1;
                let mut from = i;
                loop {
                    match memchr::memchr(b'"', &bytes[i..]) {
                        None => {
                            return Err(err(
                                open,
                                "unclosed quote: this field's \" has no closing \"".into(),
                            ));
                        }
                        Some(p) => {
                            let q = i + p;
                            if bytes.get(q + 1) == Some(&b'"') {
                                value.push_str(&text[from..=q]);
                                i = q + 2;
                                from = i;
                            } else {
                                value.push_str(&text[from..q]);
                                i = q + 1;
                                break;
                            }
                        }
                    }
                }
                fields.push(Field {
                    text: value,
                    at: open + 1,
                });
                match bytes.get(i) {
                    None | Some(b'\n') => {}
                    Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {}
                    Some(&b) if b == sep => {}
                    Some(_) => {
                        return Err(err(
                            i,
                            "text after a closing quote (write \"\" for a quote inside a quoted field)".into(),
                        ));
                    }
                }
            } else {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == sep || b == b'\n')
                    .map_or(bytes.len(), |p| i + p);
                let mut value = &text[i..end];
                if bytes.get(end) != Some(&sep) {
                    value = value.strip_suffix('\r').unwrap_or(value);
                }
                if value.contains('"') {
                    let q = i + value.find('"').unwrap_or(0);
                    return Err(err(
                        q,
                        "a quote inside an unquoted field (enclose the field in \"…\" and double the quote)".into(),
                    ));
                }
                fields.push(Field {
                    text: value.to_string(),
                    at: i,
                });
                i = end;
            }
            match bytes.get(i) {
                Some(&b) if b == sep => i += 1,
                Some(b'\r') => {
                    i += 2;
                    break;
                }
                Some(b'\n') => {
                    i += 1;
                    break;
                }
                _ => break,
            }
        }
        rows.push((row_start, fields));
    }
    Ok(rows)
}

/// The role of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Source,
    Target,
    Forbidden,
    Note,
    CaseSensitive,
    Exact,
}

/// Terms of a cell: separated by `;` or `|`, blanks dropped around them.
fn forms(field: &Field, lines: &LineStarts<'_>) -> Vec<Form> {
    if field.text.trim().is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for part in field.text.split([';', '|']) {
        let lead = part.len() - part.trim_start().len();
        // Positions inside a quoted field with `""` drift by one per pair:
        // good enough for the column of a term.
        out.push(Form {
            text: part.trim().to_string(),
            at: lines.at(field.at + offset + lead),
        });
        offset += part.len() + 1;
    }
    out
}

/// Parses CSV (`sep` = `,`) or TSV (`\t`) text; `path` is only used in
/// errors.
pub fn parse(path: &str, text: &str, sep: u8) -> Result<Glossary, GlossaryError> {
    let lines = LineStarts::new(text);
    let err =
        |offset: usize, message: String| GlossaryError::at(path, Some(lines.at(offset)), message);
    let rows = records(path, text, &lines, sep)?;
    let Some((header_at, header)) = rows.first() else {
        return Err(GlossaryError::at(
            path,
            Some((1, 1)),
            "empty file: expected a header row naming two language codes (such as fr,en)".into(),
        ));
    };
    let mut columns = Vec::with_capacity(header.len());
    let mut langs: Vec<Lang> = Vec::new();
    for field in header {
        let name = field.text.trim();
        let role = match name.to_ascii_lowercase().replace('-', "_").as_str() {
            "forbidden" => Column::Forbidden,
            "note" | "notes" => Column::Note,
            "case_sensitive" => Column::CaseSensitive,
            "exact" => Column::Exact,
            _ => match language(name) {
                Some(l) if langs.len() < 2 && !langs.contains(&l) => {
                    langs.push(l);
                    if langs.len() == 1 {
                        Column::Source
                    } else {
                        Column::Target
                    }
                }
                Some(_) => {
                    return Err(err(
                        field.at,
                        format!(
                            "column '{name}': a third or repeated language; a term base has two (source, then target)"
                        ),
                    ));
                }
                None => {
                    return Err(err(
                        field.at,
                        format!(
                            "column '{name}' is neither a language code nor one of forbidden, note, case_sensitive, exact"
                        ),
                    ));
                }
            },
        };
        if role != Column::Source && role != Column::Target && columns.contains(&role) {
            return Err(err(field.at, format!("column '{name}' appears twice")));
        }
        columns.push(role);
    }
    if langs.len() != 2 {
        return Err(err(
            *header_at,
            "the header row must name two language codes, source then target (such as fr,en)"
                .into(),
        ));
    }
    let mut entries = Vec::new();
    for (row_at, fields) in &rows[1..] {
        if fields.iter().all(|f| f.text.trim().is_empty()) {
            continue;
        }
        if fields.len() > columns.len() {
            return Err(err(
                fields[columns.len()].at,
                format!(
                    "this row has {} fields, the header {}",
                    fields.len(),
                    columns.len()
                ),
            ));
        }
        let mut raw = RawEntry {
            at: lines.at(*row_at),
            ..RawEntry::default()
        };
        for (field, role) in fields.iter().zip(&columns) {
            match role {
                Column::Source => raw.source = forms(field, &lines),
                Column::Target => raw.target = forms(field, &lines),
                Column::Forbidden => raw.forbidden = forms(field, &lines),
                Column::Note => {
                    let note = field.text.trim();
                    raw.note = (!note.is_empty()).then(|| note.to_string());
                }
                Column::CaseSensitive | Column::Exact => {
                    let Some(on) = yes_no(&field.text) else {
                        return Err(err(
                            field.at,
                            format!("'{}' is not true or false", field.text.trim()),
                        ));
                    };
                    if *role == Column::Exact {
                        raw.exact = on;
                    } else {
                        raw.case_sensitive = on;
                    }
                }
            }
        }
        entries.push(raw);
    }
    let names = Names {
        entry: "row",
        source: format!("`{}` term", langs[0]),
        target: format!("`{}` term", langs[1]),
        forbidden: "forbidden term".into(),
    };
    build(path, langs[0], langs[1], entries, &names, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_lists_and_optional_columns() {
        let text = "fr,en-GB,forbidden,note,case_sensitive\r\ntour de table,\"funding round; round\",table round,finance,\r\n\"Mistral\",Mistral,,\"brand, \"\"as is\"\"\",yes\r\n,,,,\r\nIA,AI|artificial intelligence,,,\n";
        let g = parse("g.csv", text, b',').unwrap();
        assert_eq!((g.source_lang, g.target_lang), (Lang::FR, Lang::EN));
        assert_eq!(g.terms.len(), 3);
        assert_eq!(g.terms[0].target, vec!["funding round", "round"]);
        assert_eq!(g.terms[0].forbidden, vec!["table round"]);
        assert_eq!(g.terms[0].line, 2);
        assert_eq!(g.terms[1].note.as_deref(), Some("brand, \"as is\""));
        assert!(g.terms[1].case_sensitive && !g.terms[0].case_sensitive);
        assert_eq!(g.terms[2].target, vec!["AI", "artificial intelligence"]);
        assert_eq!(g.terms[2].line, 5);
    }

    #[test]
    fn tsv_and_multi_line_fields() {
        let text = "en\tfr\tnote\nfunding round\ttour de table\t\"two\nlines\"\nround\tmanche\t\n";
        let g = parse("g.tsv", text, b'\t').unwrap();
        assert_eq!((g.source_lang, g.target_lang), (Lang::EN, Lang::FR));
        assert_eq!(g.terms[0].note.as_deref(), Some("two\nlines"));
        assert_eq!(g.terms[1].line, 4);
    }

    fn err(text: &str) -> String {
        parse("g.csv", text, b',').unwrap_err().to_string()
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = err("fr,en\na,\"b\n");
        assert!(e.starts_with("g.csv:2:3:") && e.contains("unclosed"), "{e}");
        let e = err("fr,en\na,\"b\"x\n");
        assert!(
            e.starts_with("g.csv:2:6:") && e.contains("closing quote"),
            "{e}"
        );
        let e = err("fr,en,notes,colour\n");
        assert!(e.starts_with("g.csv:1:13:") && e.contains("colour"), "{e}");
        let e = err("fr,en\na,b,c\n");
        assert!(e.starts_with("g.csv:2:5:") && e.contains("3 fields"), "{e}");
        let e = err("fr,note\na,b\n");
        assert!(
            e.starts_with("g.csv:1:1:") && e.contains("two language"),
            "{e}"
        );
        let e = err("fr,en\na,b\nb, \nA,c\n");
        assert!(e.starts_with("g.csv:3:1:") && e.contains("neither"), "{e}");
        let e = err("fr,en\na,b\nA,c\n");
        assert!(
            e.starts_with("g.csv:3:1:") && e.contains("duplicate") && e.contains("line 2"),
            "{e}"
        );
        let e = err("fr,en\na;;b,c\n");
        assert!(
            e.starts_with("g.csv:2:3:") && e.contains("empty term"),
            "{e}"
        );
        let e = err("fr,en,exact\na,b,maybe\n");
        assert!(e.starts_with("g.csv:2:5:") && e.contains("maybe"), "{e}");
        let e = err("");
        assert!(e.starts_with("g.csv:1:1:"), "{e}");
        let e = err("fr,en\na,b\"c\n");
        assert!(e.starts_with("g.csv:2:4:") && e.contains("quote"), "{e}");
    }
}
