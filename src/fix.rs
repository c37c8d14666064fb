//! Fixes written back to the files: a stage after the findings. From a
//! pair's findings, [`plan`] picks the fixes that are *safe* to apply without
//! a human choosing, and turns each into an [`Edit`] of the target file's
//! bytes on disk; [`apply`] makes the edits, [`unified_diff`] shows them.
//! `bitext check --fix` writes them; the language server offers the same
//! edits as quick fixes.
//!
//! A fix is safe when:
//! - its rule's fix is *the* correction, not a choice ([`FIXABLE_RULES`]: a
//!   forbidden term → the preferred one, the number as the source has it, a
//!   placeholder restored; "keep one rendering" findings are left to the
//!   translator), and it is the only one of its kind in its link (two numbers
//!   of one sentence wrong: which goes where is a guess), and a number keeps
//!   the separators the translation writes it with (`2.12` → `1,12` would
//!   turn a version into a French decimal);
//! - the words it replaces are still what the finding saw (checked against
//!   the finding's own copy, so a finding of an older text is refused);
//! - the words are written verbatim in the file (no escape, entity or string
//!   break inside them), so the span maps to the bytes on disk exactly, and
//!   the replacement can be written in the file's syntax (escaped for PO,
//!   JSON and XML; nothing Markdown could read as markup);
//! - no other fix overlaps it (overlapping fixes are all left; the same
//!   replacement of the same words by two findings is one edit).
//!
//! Edits only ever replace bytes inside a target's words: the BOM, line
//! endings and UTF-16 encoding of the rest of the file are untouched.

use crate::check::Finding;
use crate::document::{Document, FileSyntax};
use crate::pipeline::PairReport;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The rules whose fix is the one right correction, applied by `--fix`.
pub const FIXABLE_RULES: &[&str] = &["term-forbidden", "number-mismatch", "placeholder-mismatch"];

/// One replacement in a target file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the file on disk (the BOM counts; UTF-16 counts two
    /// bytes a code unit).
    pub disk: Range<usize>,
    /// Byte range in the decoded file text (BOM removed): what an editor
    /// buffer holds, for turning the edit into line/character positions.
    pub file: Range<usize>,
    /// 1-based line and character column of the replaced words on disk.
    pub line: usize,
    /// See [`Edit::line`].
    pub column: usize,
    /// The text replaced, as the file writes it.
    pub old: String,
    /// The replacement, as the file must write it (escaped for its syntax).
    pub new: String,
    /// The rule of the finding it fixes.
    pub rule: &'static str,
    /// That finding's message.
    pub message: String,
    /// Indices of the findings it fixes, into the slice given to [`plan`]
    /// (several when they ask for the same replacement; empty from [`edit`]).
    pub findings: Vec<usize>,
}

/// Why a finding's fix is not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unsafe {
    /// The finding has no fix (an omission, a missing term: nowhere to write).
    #[error("no fix")]
    NoFix,
    /// The fix is one choice among several (keep one rendering).
    #[error("the fix is a choice to make")]
    Choice,
    /// Several findings of one link would be fixed by a guess of which goes where.
    #[error("several numbers of the sentence differ: which goes where is a guess")]
    Ambiguous,
    /// The target text is no longer what the finding saw.
    #[error("the text changed since it was checked")]
    Stale,
    /// The words are not written verbatim in the file (an escape, an entity
    /// or a string break inside them).
    #[error("the words are not written as is in the file")]
    NotVerbatim,
    /// The replacement cannot be written safely in the file's syntax.
    #[error("the replacement cannot be written safely in this format")]
    Unescapable,
    /// Another fix touches the same words.
    #[error("another fix touches the same words")]
    Overlap,
    /// The number would be written with other separators than the
    /// translation uses (`2.12` → `1,12`: a version, not a decimal).
    #[error("the fix writes the number in another notation")]
    Notation,
}

/// What [`plan`] decided for a pair's findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The edits to make, in file order, none overlapping.
    pub edits: Vec<Edit>,
    /// Every finding not fixed, with the reason: `(index, why)`, in order.
    pub left: Vec<(usize, Unsafe)>,
}

impl Plan {
    /// How many findings the edits fix.
    pub fn fixed(&self) -> usize {
        self.edits.iter().map(|e| e.findings.len()).sum()
    }
}

/// The safe fixes of `findings` (found on `doc`, the target) as edits of
/// the file `doc` was read from, and the reason each other finding is left.
pub fn plan(doc: &Document, findings: &[Finding]) -> Plan {
    let mut left = Vec::new();
    let mut candidates: Vec<Edit> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let verdict = if f.fix.is_none() {
            Err(Unsafe::NoFix)
        } else if !FIXABLE_RULES.contains(&f.rule) {
            Err(Unsafe::Choice)
        } else if f.rule == "number-mismatch"
            && findings
                .iter()
                .filter(|g| g.rule == f.rule && g.link == f.link && g.fix.is_some())
                .count()
                > 1
        {
            Err(Unsafe::Ambiguous)
        } else {
            edit(doc, f).and_then(|e| {
                if f.rule == "number-mismatch" && separators(&e.old) != separators(&e.new) {
                    Err(Unsafe::Notation)
                } else {
                    Ok(e)
                }
            })
        };
        match verdict {
            Ok(mut e) => {
                e.findings.push(i);
                candidates.push(e);
            }
            Err(why) => left.push((i, why)),
        }
    }
    candidates.sort_by_key(|e| (e.file.start, e.file.end));
    // Identical edits are one; an edit touching another is refused with it.
    let mut merged: Vec<Edit> = Vec::with_capacity(candidates.len());
    for e in candidates {
        match merged.last_mut() {
            Some(last) if last.file == e.file && last.new == e.new => {
                last.findings.extend(e.findings);
            }
            _ => merged.push(e),
        }
    }
    let touches = |a: &Edit, b: &Edit| {
        a.file.start < b.file.end && b.file.start < a.file.end
            || a.file.start == b.file.start
            // An insertion inside (or at either end of) a replacement.
            || (a.file.is_empty() && b.file.contains(&a.file.start))
            || (b.file.is_empty() && a.file.contains(&b.file.start))
    };
    let mut overlapping = vec![false; merged.len()];
    for i in 0..merged.len() {
        for j in i + 1..merged.len() {
            if merged[j].file.start > merged[i].file.end {
                break;
            }
            if touches(&merged[i], &merged[j]) {
                overlapping[i] = true;
                overlapping[j] = true;
            }
        }
    }
    let mut edits = Vec::with_capacity(merged.len());
    for (e, overlaps) in merged.into_iter().zip(overlapping) {
        if overlaps {
            left.extend(e.findings.iter().map(|&i| (i, Unsafe::Overlap)));
        } else {
            edits.push(e);
        }
    }
    left.sort_unstable_by_key(|&(i, _)| i);
    Plan { edits, left }
}

/// The characters between digits (`.`, `,`, spaces): a number fix that
/// changes them changes the notation, not only the value.
fn separators(number: &str) -> Vec<char> {
    let chars: Vec<char> = number.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            continue;
        }
        let digit_before = chars[..i].last().is_some_and(char::is_ascii_digit);
        let digit_after = chars[i + 1..]
            .iter()
            .find(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | ','))
            .is_some_and(char::is_ascii_digit);
        if digit_before && digit_after {
            out.push(c);
        }
    }
    out
}

/// The edit that makes `finding`'s fix in the file `doc` was read from,
/// whatever its rule (a quick fix the user picks may be a choice), or why it
/// cannot be made safely. Other findings are not looked at: [`plan`] does.
pub fn edit(doc: &Document, finding: &Finding) -> Result<Edit, Unsafe> {
    let fix = finding.fix.as_ref().ok_or(Unsafe::NoFix)?;
    // The words the finding saw are still there, and the fix lies in them.
    let target = finding.target.as_ref().ok_or(Unsafe::Stale)?;
    if !target.still_in(doc)
        || fix.start < target.start
        || fix.end > target.end
        || fix.start > fix.end
    {
        return Err(Unsafe::Stale);
    }
    let old = doc.text.get(fix.start..fix.end).ok_or(Unsafe::Stale)?;
    if old == fix.replacement {
        return Err(Unsafe::NoFix);
    }
    let file_text: &str = doc.map.file_text.as_deref().unwrap_or(&doc.text);
    let file = verbatim_range(doc, fix.start, fix.end).ok_or(Unsafe::NotVerbatim)?;
    let new = escape(doc.map.syntax, file_text, file.start, old, &fix.replacement)?;
    let (line, column) = doc.line_column(fix.start);
    Ok(Edit {
        disk: disk_offset(doc, file_text, file.start)..disk_offset(doc, file_text, file.end),
        file,
        line,
        column,
        old: old.to_string(),
        new,
        rule: finding.rule,
        message: finding.message.clone(),
        findings: Vec::new(),
    })
}

/// Where document bytes `start..end` are in the decoded file text, when the
/// file writes them exactly as the document has them. The end is mapped
/// through the last character (the offset one past it may already be past
/// an escape or a string break that follows).
fn verbatim_range(doc: &Document, start: usize, end: usize) -> Option<Range<usize>> {
    let file: &str = doc.map.file_text.as_deref().unwrap_or(&doc.text);
    let from = doc.map.file_text_offset(start);
    let to = match doc.text[..end].char_indices().next_back() {
        Some((last, c)) if end > start => doc.map.file_text_offset(last) + c.len_utf8(),
        _ => from,
    };
    (file.get(from..to)? == &doc.text[start..end]).then_some(from..to)
}

/// The disk offset of byte `at` of the decoded file text.
fn disk_offset(doc: &Document, file_text: &str, at: usize) -> usize {
    if doc.map.utf16 {
        doc.map.bom + 2 * file_text[..at].encode_utf16().count()
    } else {
        doc.map.bom + at
    }
}

/// Characters Markdown may read as markup (emphasis, code, links, HTML,
/// entities, tables, escapes): a replacement bringing one in is refused.
const MARKDOWN_ACTIVE: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '#'];

/// `replacement` written as the file's syntax needs, for a span starting at
/// `at` of the decoded file text that replaces `old`.
fn escape(
    syntax: FileSyntax,
    file_text: &str,
    at: usize,
    old: &str,
    replacement: &str,
) -> Result<String, Unsafe> {
    let quoted = |json: bool| {
        let mut out = String::with_capacity(replacement.len());
        for c in replacement.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if json && c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
                c if c.is_control() => return Err(Unsafe::Unescapable),
                c => out.push(c),
            }
        }
        Ok(out)
    };
    match syntax {
        FileSyntax::Po => quoted(false),
        FileSyntax::Json => quoted(true),
        FileSyntax::Plain | FileSyntax::Markdown => {
            let active = |c: char| {
                syntax == FileSyntax::Markdown && MARKDOWN_ACTIVE.contains(&c) && !old.contains(c)
            };
            if replacement.chars().any(|c| c.is_control() || active(c)) {
                return Err(Unsafe::Unescapable);
            }
            Ok(replacement.to_string())
        }
        FileSyntax::Xml => {
            if replacement
                .chars()
                .any(|c| c.is_control() && c != '\t' && c != '\n')
            {
                return Err(Unsafe::Unescapable);
            }
            let before = &file_text[..at];
            let in_cdata = before
                .rfind("<![CDATA[")
                .is_some_and(|open| before.rfind("]]>").is_none_or(|close| close < open));
            if in_cdata {
                // CDATA is written raw; only its terminator cannot be.
                return if replacement.contains("]]>") {
                    Err(Unsafe::Unescapable)
                } else {
                    Ok(replacement.to_string())
                };
            }
            let mut out = String::with_capacity(replacement.len());
            for c in replacement.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    c => out.push(c),
                }
            }
            Ok(out)
        }
    }
}

/// Why edits could not be applied to a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// The bytes at an edit are not the ones it replaces.
    #[error("changed since it was checked (at byte {offset}); check it again")]
    Changed {
        /// Disk offset of the edit.
        offset: usize,
    },
    /// Two edits overlap (not from one [`plan`]).
    #[error("two fixes overlap at byte {offset}")]
    Overlap {
        /// Disk offset of the second edit.
        offset: usize,
    },
}

/// The file's encoding, by its byte-order mark, as `decode_bytes` reads it.
#[derive(Clone, Copy)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    fn of(bytes: &[u8]) -> Encoding {
        match encoding_rs::Encoding::for_bom(bytes) {
            Some((e, _)) if e == encoding_rs::UTF_16LE => Encoding::Utf16Le,
            Some((e, _)) if e == encoding_rs::UTF_16BE => Encoding::Utf16Be,
            _ => Encoding::Utf8,
        }
    }

    fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            Encoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        }
    }
}

/// The file's bytes with `edits` made (in the file's own encoding), after
/// checking that each replaces exactly the bytes it expects: the file has not
/// changed since it was checked.
pub fn apply(bytes: &[u8], edits: &[Edit]) -> Result<Vec<u8>, ApplyError> {
    let encoding = Encoding::of(bytes);
    let mut order: Vec<&Edit> = edits.iter().collect();
    order.sort_by_key(|e| (e.disk.start, e.disk.end));
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for e in order {
        if e.disk.start < at {
            return Err(ApplyError::Overlap {
                offset: e.disk.start,
            });
        }
        let old = encoding.encode(&e.old);
        if bytes.get(e.disk.clone()) != Some(old.as_slice()) {
            return Err(ApplyError::Changed {
                offset: e.disk.start,
            });
        }
        out.extend_from_slice(&bytes[at..e.disk.start]);
        out.extend_from_slice(&encoding.encode(&e.new));
        at = e.disk.end;
    }
    out.extend_from_slice(&bytes[at..]);
    Ok(out)
}

/// A unified diff of a file's bytes before and after the edits, with `name`
/// in both headers (`patch -p0` applies it from where `name` is relative
/// to). UTF-8 files are compared byte for byte (BOM and CRLF kept); UTF-16
/// files as decoded text, for reading only.
pub fn unified_diff(name: &str, old: &[u8], new: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let write = |out: &mut Vec<u8>, old: &str, new: &str| {
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .header(name, name)
            .to_writer(out)
            .expect("writing to memory cannot fail");
    };
    match Encoding::of(old) {
        // Files are checked as valid UTF-8: nothing is lost (a BOM is U+FEFF).
        Encoding::Utf8 => write(
            &mut out,
            &String::from_utf8_lossy(old),
            &String::from_utf8_lossy(new),
        ),
        utf16 => {
            let decode = |b: &[u8]| {
                let e = match utf16 {
                    Encoding::Utf16Be => encoding_rs::UTF_16BE,
                    _ => encoding_rs::UTF_16LE,
                };
                e.decode(b).0.into_owned()
            };
            write(&mut out, &decode(old), &decode(new));
        }
    }
    out
}

/// A target file with its safe fixes made in memory: what `check --fix`
/// writes, or shows as a diff.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The file as reported (relative to `bitext.toml` in project runs).
    pub name: String,
    /// The file on disk.
    pub path: PathBuf,
    /// What was fixed and what is left.
    pub plan: Plan,
    /// The file's bytes as read again for the fix.
    pub before: Vec<u8>,
    /// The same bytes with the edits made.
    pub after: Vec<u8>,
}

/// Why a file's fixes could not be made.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// The file could not be read again.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    /// The file is not what was checked any more.
    #[error("{name}: {source}")]
    Changed {
        /// The file as reported.
        name: String,
        /// What did not match.
        source: ApplyError,
    },
}

/// Plans the fixes of a checked pair's findings and makes them on the
/// target's bytes, read again from `path` (where the report's target is on
/// disk). `None` when nothing is safe to fix (the file is not read).
pub fn fix_file(report: &PairReport, path: &Path) -> Result<Option<FileFix>, FixError> {
    let plan = plan(&report.target, &report.findings);
    if plan.edits.is_empty() {
        return Ok(None);
    }
    let name = report.target.name.clone();
    let before = crate::input::read_file_bytes(path, &name, crate::input::MAX_INPUT_BYTES)?;
    let after = apply(&before, &plan.edits).map_err(|source| FixError::Changed {
        name: name.clone(),
        source,
    })?;
    Ok(Some(FileFix {
        name,
        path: path.to_path_buf(),
        plan,
        before,
        after,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Fix, Position, Severity};
    use crate::lang::Lang;
    use crate::pipeline::{Prepared, Settings};

    fn finding(doc: &Document, rule: &'static str, start: usize, end: usize, new: &str) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            message: format!("{rule} here"),
            source: None,
            target: Some(Position::new(doc, 0, start, end)),
            suggestion: Some(new.into()),
            link: 0,
            fix: Some(Fix {
                start,
                end,
                replacement: new.into(),
            }),
        }
    }

    fn text_doc(text: &str) -> Document {
        Document::new("t.txt".into(), text.into(), Lang::EN, &[(0, text.len())])
    }

    fn fixed(bytes: &[u8], doc: &Document, findings: &[Finding]) -> Vec<u8> {
        apply(bytes, &plan(doc, findings).edits).unwrap()
    }

    // Prevents: two fixes of the same words applied one over the other
    // (a garbled word); the same replacement asked twice is one edit.
    #[test]
    fn overlapping_fixes_are_all_left_identical_ones_merge() {
        let doc = text_doc("a table round here, 6 staff");
        let f = [
            finding(&doc, "term-forbidden", 2, 13, "funding round"),
            finding(&doc, "term-forbidden", 8, 13, "ring"),
            finding(&doc, "number-mismatch", 20, 21, "60"),
            finding(&doc, "placeholder-mismatch", 20, 21, "60"),
        ];
        let p = plan(&doc, &f);
        assert_eq!(p.left, [(0, Unsafe::Overlap), (1, Unsafe::Overlap)]);
        assert_eq!(p.edits.len(), 1);
        assert_eq!(p.edits[0].findings, [2, 3]);
        assert_eq!(p.fixed(), 2);
        assert_eq!(
            fixed(doc.text.as_bytes(), &doc, &f),
            b"a table round here, 60 staff"
        );
    }

    // Prevents: a finding of an older text (the editor moved on) rewriting
    // whatever now sits at its offsets.
    #[test]
    fn stale_findings_are_refused() {
        let old = text_doc("a table round here");
        let f = finding(&old, "term-forbidden", 2, 13, "funding round");
        let new = text_doc("a round table here");
        assert_eq!(edit(&new, &f), Err(Unsafe::Stale));
        let shorter = text_doc("a table");
        assert_eq!(edit(&shorter, &f), Err(Unsafe::Stale));
        assert!(edit(&old, &f).is_ok());
        // The file changed on disk after the check.
        let e = edit(&old, &f).unwrap();
        assert_eq!(
            apply(b"a round table here", &[e]),
            Err(ApplyError::Changed { offset: 2 })
        );
    }

    // Prevents: a choice ("keep one rendering") or a guess (which of two
    // wrong numbers is which) written without the translator.
    #[test]
    fn choices_and_guesses_are_left() {
        let doc = text_doc("funding round, 1 and 2");
        let mut two = [
            finding(&doc, "number-mismatch", 15, 16, "3"),
            finding(&doc, "number-mismatch", 21, 22, "4"),
            finding(&doc, "term-inconsistent", 0, 13, "financing round"),
        ];
        let p = plan(&doc, &two);
        assert!(p.edits.is_empty());
        assert_eq!(
            p.left,
            [
                (0, Unsafe::Ambiguous),
                (1, Unsafe::Ambiguous),
                (2, Unsafe::Choice)
            ]
        );
        two[1].link = 1;
        assert_eq!(plan(&doc, &two[..2]).fixed(), 2);
        // A version number is not rewritten as a French decimal.
        let doc = text_doc("tar <= 2.12 and 5.8 million");
        let mut f = [
            finding(&doc, "number-mismatch", 7, 11, "1,12"),
            finding(&doc, "number-mismatch", 16, 27, "5.8 billion"),
        ];
        f[1].link = 1;
        let p = plan(&doc, &f);
        assert_eq!(p.left, [(0, Unsafe::Notation)]);
        assert_eq!(p.fixed(), 1);
        let mut none = finding(&doc, "omission", 0, 3, "");
        none.fix = None;
        assert_eq!(plan(&doc, &[none]).left, [(0, Unsafe::NoFix)]);
    }

    fn po(file: &str) -> crate::format::Bilingual {
        let prepared = Prepared::new(Settings::default()).unwrap();
        prepared
            .read_bilingual(
                "f.po",
                crate::input::decode_bytes("f.po", file.as_bytes().to_vec()).unwrap(),
            )
            .unwrap()
    }

    // Prevents: a PO fix landing on the wrong bytes after an escape, or
    // writing a raw quote or newline into a msgstr.
    #[test]
    fn po_replacements_are_escaped_and_land_after_escapes() {
        let file = "msgid \"a \\\"b\\\" c\"\nmsgstr \"un \\\"b\\\" table round\\n\"\n";
        let b = po(file);
        let t = &b.target;
        let start = t.text.find("table round").unwrap();
        let f = finding(t, "term-forbidden", start, start + 11, "say \"x\"\n");
        let out = fixed(file.as_bytes(), t, &[f]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "msgid \"a \\\"b\\\" c\"\nmsgstr \"un \\\"b\\\" say \\\"x\\\"\\n\\n\"\n"
        );
        // Words with an escape inside cannot be mapped to the file as is.
        let q = t.text.find("\"b\"").unwrap();
        let f = finding(t, "term-forbidden", q, q + 3, "b");
        assert_eq!(edit(t, &f), Err(Unsafe::NotVerbatim));
    }

    // Prevents: words split over two PO string lines replaced as if
    // they were one run of the file.
    #[test]
    fn po_string_breaks_are_not_verbatim() {
        let file = "msgid \"x\"\nmsgstr \"\"\n\"a table \"\n\"round b\"\n";
        let b = po(file);
        let t = &b.target;
        let start = t.text.find("table round").unwrap();
        let f = finding(t, "term-forbidden", start, start + 11, "funding round");
        assert_eq!(edit(t, &f), Err(Unsafe::NotVerbatim));
        // The words before the break end exactly at it.
        let f = finding(t, "term-forbidden", start, start + 6, "tables ");
        let out = fixed(file.as_bytes(), t, &[f]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "msgid \"x\"\nmsgstr \"\"\n\"a tables \"\n\"round b\"\n"
        );
    }

    #[test]
    fn xml_and_json_replacements_are_escaped() {
        assert_eq!(
            escape(FileSyntax::Xml, "<t>x", 3, "x", "R&D <b>").unwrap(),
            "R&amp;D &lt;b&gt;"
        );
        assert_eq!(
            escape(FileSyntax::Xml, "<t><![CDATA[x", 12, "x", "R&D").unwrap(),
            "R&D"
        );
        assert_eq!(
            escape(FileSyntax::Xml, "<t><![CDATA[x", 12, "x", "a]]>"),
            Err(Unsafe::Unescapable)
        );
        assert_eq!(
            escape(FileSyntax::Json, "", 0, "x", "a\"\u{1}").unwrap(),
            "a\\\"\\u0001"
        );
        assert_eq!(
            escape(FileSyntax::Po, "", 0, "x", "a\u{1}"),
            Err(Unsafe::Unescapable)
        );
        assert_eq!(
            escape(FileSyntax::Markdown, "", 0, "x", "*x*"),
            Err(Unsafe::Unescapable)
        );
        assert_eq!(
            escape(FileSyntax::Markdown, "", 0, "R&D", "R&D Lab").unwrap(),
            "R&D Lab"
        );
        assert_eq!(
            escape(FileSyntax::Plain, "", 0, "x", "a\nb"),
            Err(Unsafe::Unescapable)
        );
    }

    // Prevents: a fix in a UTF-16 or BOM file written at text offsets, or
    // in UTF-8 bytes.
    #[test]
    fn utf16_and_bom_files_are_edited_in_their_encoding() {
        let text = "é 6 staff\r\n";
        let mut doc = text_doc(text);
        let f = finding(&doc, "number-mismatch", 3, 4, "60");
        let bom8 = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        doc.map.bom = 3;
        assert_eq!(
            fixed(&bom8, &doc, std::slice::from_ref(&f)),
            "\u{feff}é 60 staff\r\n".as_bytes()
        );
        let utf16 = |s: &str| -> Vec<u8> {
            [0xFF, 0xFE]
                .into_iter()
                .chain(s.encode_utf16().flat_map(u16::to_le_bytes))
                .collect()
        };
        doc.map.bom = 2;
        doc.map.utf16 = true;
        let e = edit(&doc, &f).unwrap();
        assert_eq!(e.disk, 2 + 2 * 2..2 + 2 * 3);
        assert_eq!(apply(&utf16(text), &[e]).unwrap(), utf16("é 60 staff\r\n"));
    }

    proptest::proptest! {
        // Invariant: whatever fixes are asked for, the plan's edits never
        // overlap, and applying them changes no byte outside them.
        #[test]
        fn edits_change_only_their_own_bytes(
            text in "[a-zé ,.6\r\n]{1,40}",
            spans in proptest::collection::vec((0usize..40, 0usize..6, "[a-z0-9]{0,4}"), 0..6),
        ) {
            let doc = text_doc(&text);
            let boundary = |mut i: usize| {
                i = i.min(text.len());
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let findings: Vec<Finding> = spans
                .iter()
                .enumerate()
                .map(|(link, (start, len, new))| {
                    let start = boundary(*start);
                    let end = boundary(start + len).max(start);
                    let mut f = finding(&doc, "term-forbidden", start, end, new);
                    f.link = link;
                    f
                })
                .collect();
            let p = plan(&doc, &findings);
            for pair in p.edits.windows(2) {
                proptest::prop_assert!(pair[0].disk.end <= pair[1].disk.start);
            }
            let out = apply(text.as_bytes(), &p.edits).unwrap();
            let mut at_in = 0;
            let mut at_out = 0;
            for e in &p.edits {
                let kept = e.disk.start - at_in;
                proptest::prop_assert_eq!(
                    &out[at_out..at_out + kept],
                    &text.as_bytes()[at_in..e.disk.start]
                );
                proptest::prop_assert_eq!(
                    &out[at_out + kept..at_out + kept + e.new.len()],
                    e.new.as_bytes()
                );
                at_out += kept + e.new.len();
                at_in = e.disk.end;
            }
            proptest::prop_assert_eq!(&out[at_out..], &text.as_bytes()[at_in..]);
        }
    }

    #[test]
    fn diffs_keep_the_bytes() {
        let d = unified_diff("a.txt", b"x\r\n6\r\ny", b"x\r\n60\r\ny");
        assert_eq!(
            String::from_utf8(d).unwrap(),
            "--- a.txt\n+++ a.txt\n@@ -1,3 +1,3 @@\n x\r\n-6\r\n+60\r\n y\n\\ No newline at end of file\n"
        );
    }
}
