//! Renderers: one file per output format, each writing to any `io::Write` so
//! tests can render into a `Vec<u8>`.
//!
//! Check renderers take `&[PairReport]` (one or several file pairs) so that
//! single-pair runs and project runs print the same way.

pub mod alignment;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod review;
pub mod revision;
pub mod sanitize;
pub mod sarif;
pub mod segments;
pub mod snippet;
/// Word diffs are computed by the core ([`crate::worddiff`]); renderers only show them.
pub use crate::worddiff;

use crate::check::{Finding, Fix, Severity};
use crate::document::{Document, one_line};
use anstyle::{AnsiColor, Effects, Style};
use std::path::{Path, PathBuf};

/// What every renderer may need beyond the data.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Emit ANSI colours.
    pub color: bool,
    /// Directory that file paths are made relative to (SARIF `uri`s, project runs).
    pub root: Option<PathBuf>,
}

/// Links scored below this are marked "low confidence" in reviews, so the
/// reviewer checks the pairing itself before trusting the findings on it.
/// (The aligner's branch defines the same value as `align::LOW_CONFIDENCE`;
/// once both are merged this becomes `pub use crate::align::LOW_CONFIDENCE`.)
pub const LOW_CONFIDENCE: f64 = 0.5;

/// Text width that snippets wrap at, so that underlines stay under their words.
pub const WRAP_WIDTH: usize = 100;

/// A document name as shown to users: relative to `opts.root` when it lies
/// below it, with `/` separators and no leading `./`.
pub fn display_path(name: &str, opts: &RenderOptions) -> String {
    let path = Path::new(name);
    let relative: PathBuf = match &opts.root {
        Some(root) => {
            // A relative name is relative to the current directory; compare
            // its absolute form when the root is absolute.
            let absolute = if path.is_relative() && root.is_absolute() {
                std::env::current_dir().map(|cwd| cwd.join(path)).ok()
            } else {
                None
            };
            path.strip_prefix(root)
                .ok()
                .or_else(|| absolute.as_deref()?.strip_prefix(root).ok())
                .unwrap_or(path)
                .to_path_buf()
        }
        None => path.to_path_buf(),
    };
    let shown = relative.to_string_lossy().replace('\\', "/");
    match shown.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => shown,
    }
}

/// Turns colour on or off in one place: renderers ask it to paint, and with
/// colour off it returns the text untouched (no escape codes when piped).
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    /// Whether to emit ANSI escapes.
    pub color: bool,
}

impl Painter {
    /// `text` wrapped in `style`'s escapes, or as is without colour; control
    /// characters in it are shown visibly ([`sanitize::terminal`]), so the
    /// only escapes a terminal renderer emits are its own colours.
    pub fn paint(&self, style: Style, text: &str) -> String {
        let text = sanitize::terminal(text);
        if self.color && !text.is_empty() {
            format!("{}{}{}", style.render(), text, style.render_reset())
        } else {
            text.into_owned()
        }
    }

    /// Text printed without a style, made safe the same way.
    pub fn plain<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        sanitize::terminal(text)
    }

    /// A word diff: deletions struck out in red and insertions underlined in
    /// green with colour; git's `[-old-]{+new+}` without.
    pub fn word_diff(&self, diff: &worddiff::WordDiff) -> String {
        if !self.color {
            return diff.to_plain();
        }
        diff.pieces
            .iter()
            .map(|p| match p.op {
                worddiff::Op::Equal => sanitize::terminal(&p.text).into_owned(),
                worddiff::Op::Delete => self.paint(styles::DELETE, &p.text),
                worddiff::Op::Insert => self.paint(styles::INSERT, &p.text),
            })
            .collect()
    }
}

/// The palette, shared by every terminal renderer.
pub mod styles {
    use super::*;

    /// Error severity.
    pub const ERROR: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);
    /// Warning severity.
    pub const WARNING: Style = AnsiColor::Yellow.on_default().effects(Effects::BOLD);
    /// Info severity.
    pub const INFO: Style = AnsiColor::Cyan.on_default().effects(Effects::BOLD);
    /// Gutters and labels.
    pub const GUTTER: Style = AnsiColor::Blue.on_default().effects(Effects::BOLD);
    /// Less important text (scores, paths in notes).
    pub const DIM: Style = Style::new().effects(Effects::DIMMED);
    /// Emphasis (headers, messages).
    pub const BOLD: Style = Style::new().effects(Effects::BOLD);
    /// Words a fix removes.
    pub const DELETE: Style = AnsiColor::Red.on_default().effects(Effects::STRIKETHROUGH);
    /// Words a fix puts in.
    pub const INSERT: Style = AnsiColor::Green
        .on_default()
        .effects(Effects::UNDERLINE.insert(Effects::BOLD));

    /// The colour of a severity.
    pub fn severity(s: super::Severity) -> Style {
        match s {
            super::Severity::Error => ERROR,
            super::Severity::Warning => WARNING,
            super::Severity::Info => INFO,
        }
    }
}

/// The sentence(s) of `doc` that `fix` edits, before and after the edit, as a
/// word diff; `None` when the fix does not lie inside the document's segments.
pub fn fixed_sentence(doc: &Document, fix: &Fix) -> Option<worddiff::WordDiff> {
    if !fix_fits(doc, fix) {
        return None;
    }
    // Segments are sorted and disjoint: binary searches find the first one
    // the fix touches and the last one starting before its end.
    let first = doc.segments.partition_point(|s| s.end < fix.start);
    if doc.segments.get(first)?.start > fix.start {
        return None;
    }
    let last = doc.segments.partition_point(|s| s.start <= fix.end) - 1;
    let start = doc.segments[first].start;
    let end = doc.segments[last].end.max(fix.end);
    let before = &doc.text[start..end];
    let after = format!(
        "{}{}{}",
        &doc.text[start..fix.start],
        fix.replacement,
        &doc.text[fix.end..end]
    );
    Some(worddiff::diff(&one_line(before), &one_line(&after)))
}

/// What a renderer makes once per pair for each of its two documents (a
/// file name as shown, a SARIF artifact location) rather than once per
/// finding: a big glossary gives a pair a hundred thousand findings.
pub(crate) struct PerDocument<T> {
    pub source: T,
    pub target: T,
}

impl<T> PerDocument<T> {
    /// `make` applied to the pair's source and target.
    pub fn new(report: &crate::pipeline::PairReport, make: impl Fn(&Document) -> T) -> Self {
        PerDocument {
            source: make(&report.source),
            target: make(&report.target),
        }
    }

    /// The one made for `doc`, one of `report`'s two documents.
    pub fn of(&self, report: &crate::pipeline::PairReport, doc: &Document) -> &T {
        if std::ptr::eq(doc, &report.source) {
            &self.source
        } else {
            &self.target
        }
    }
}

/// The document a finding is reported against: the target where it has a
/// target position, else the source (an omission).
pub fn primary<'a>(report: &'a crate::pipeline::PairReport, f: &Finding) -> &'a Document {
    if f.target.is_some() {
        &report.target
    } else {
        &report.source
    }
}

/// Where a position's words end (1-based line and column just past them), as
/// SARIF regions and GitHub annotations want; the start again when the span
/// is empty or does not fit the text (a renderer never panics on a bad span).
pub fn end_line_column(doc: &Document, p: &crate::check::Position) -> (usize, usize) {
    if p.end > p.start && p.end <= doc.text.len() && doc.text.is_char_boundary(p.end) {
        doc.line_column(p.end)
    } else {
        (p.line, p.column)
    }
}

/// Whether a fix's span can be applied to `doc`.
pub fn fix_fits(doc: &Document, fix: &Fix) -> bool {
    fix.start <= fix.end
        && fix.end <= doc.text.len()
        && doc.text.is_char_boundary(fix.start)
        && doc.text.is_char_boundary(fix.end)
}

/// A JSON array serialized straight from an iterator, element by element, so
/// that a renderer writes a document of any size without first building it
/// as a `serde_json::Value`. The closure is called once per serialization.
pub(crate) struct Streamed<F>(pub F);

impl<F, I> serde::Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// Renders items `0..n` side by side, a batch at a time, and hands each
/// result to `emit` in order, so the output is the one thread's: a big
/// glossary gives a pair a hundred thousand findings, each rendered alone,
/// and only one batch is held.
pub(crate) fn in_order<R: Send, E>(
    n: usize,
    render: impl Fn(usize) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    use rayon::prelude::*;
    const BATCH: usize = 4096;
    for start in (0..n).step_by(BATCH) {
        let rendered: Vec<R> = (start..(start + BATCH).min(n))
            .into_par_iter()
            .with_min_len(64)
            .map(&render)
            .collect();
        for r in rendered {
            emit(r)?;
        }
    }
    Ok(())
}

/// "1 error", "2 warnings": counts as a reader says them.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn doc(text: &str, spans: &[(usize, usize)]) -> Document {
        Document::new("t.txt".into(), text.into(), Lang::EN, spans)
    }

    #[test]
    fn fixed_sentence_applies_the_replacement_inside_its_sentence() {
        let text = "First one. They closed a table round.\nLast.";
        let d = doc(text, &[(0, 10), (11, 37), (38, 43)]);
        let start = text.find("table round").unwrap();
        let fix = Fix {
            start,
            end: start + "table round".len(),
            replacement: "funding round".into(),
        };
        let diff = fixed_sentence(&d, &fix).unwrap();
        assert_eq!(diff.old_text(), "They closed a table round.");
        assert_eq!(diff.new_text(), "They closed a funding round.");
    }

    #[test]
    fn fixed_sentence_refuses_spans_outside_the_text() {
        let d = doc("Short.", &[(0, 6)]);
        let fix = Fix {
            start: 3,
            end: 60,
            replacement: "x".into(),
        };
        assert!(fixed_sentence(&d, &fix).is_none());
    }

    #[test]
    fn paths_are_shown_relative_to_the_root() {
        let opts = RenderOptions {
            color: false,
            root: Some(PathBuf::from("/repo")),
        };
        assert_eq!(display_path("/repo/docs/a.txt", &opts), "docs/a.txt");
        assert_eq!(display_path("/elsewhere/a.txt", &opts), "/elsewhere/a.txt");
        assert_eq!(display_path("./b.txt", &RenderOptions::default()), "b.txt");
    }

    mod robustness {
        use super::super::*;
        use crate::align::{Alignment, Link};
        use crate::check::{Finding, Position, Severity};
        use crate::lang::Lang;
        use crate::pipeline::PairReport;
        use proptest::prelude::*;

        fn lines(name: &str, text: &str, lang: Lang) -> Document {
            // One segment per non-blank line, as `--lines` reads it.
            crate::pipeline::document_from_text(
                name,
                text.into(),
                Some(lang),
                crate::format::InputFormat::Lines,
                &Default::default(),
            )
        }

        /// (segment, start, end) as a check might report it, valid or not.
        type RawSpan = (usize, usize, usize);
        /// Source span, target span, link index, whether it has a fix.
        type RawFinding = (RawSpan, RawSpan, usize, bool);

        /// A position as a buggy check might make it: any span, any segment.
        fn position((segment, start, end): RawSpan) -> Position {
            Position {
                segment,
                line: 1 + segment,
                column: 1 + start % 7,
                start,
                end,
                words: 0,
            }
        }

        fn report(source: &str, target: &str, spans: Vec<RawFinding>) -> PairReport {
            let source = lines("s dir/source.txt", source, Lang::FR);
            let target = lines("t.txt", target, Lang::EN);
            let (n, m) = (source.segments.len(), target.segments.len());
            let mut links: Vec<Link> = (0..n.min(m))
                .map(|i| Link {
                    source: i..i + 1,
                    target: i..i + 1,
                    score: (i % 3) as f64 / 3.0,
                })
                .collect();
            links.extend((m..n).map(|i| Link {
                source: i..i + 1,
                target: m..m,
                score: 0.2,
            }));
            links.extend((n..m).map(|j| Link {
                source: n..n,
                target: j..j + 1,
                score: 0.2,
            }));
            let findings = spans
                .into_iter()
                .enumerate()
                .map(|(k, (s, t, link, with_fix))| Finding {
                    rule: ["term-missing", "omission", "number-mismatch"][k % 3],
                    severity: [Severity::Error, Severity::Warning, Severity::Info][k % 3],
                    message: format!("finding <{k}> & \"quoted\" %0A,:"),
                    source: (k % 4 != 1).then(|| position(s)),
                    target: (k % 4 != 2).then(|| position(t)),
                    suggestion: (k % 2 == 0).then(|| "x <y>".to_string()),
                    link,
                    fix: with_fix.then(|| Fix {
                        start: t.1,
                        end: t.2,
                        replacement: "fixed <&>".into(),
                    }),
                })
                .collect();
            PairReport::new(source, target, Alignment { links }, findings, 0)
        }

        fn schema() -> &'static jsonschema::Validator {
            static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> =
                std::sync::OnceLock::new();
            VALIDATOR.get_or_init(|| {
                let path = concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/data/sarif/sarif-schema-2.1.0.json"
                );
                let schema: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
                jsonschema::validator_for(&schema).unwrap()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            /// Whatever spans the checks produce, every renderer finishes,
            /// emits no escape codes without colour, and SARIF stays valid.
            #[test]
            fn renderers_survive_arbitrary_findings(
                source in "[a-zé€ .<&\n]{0,60}",
                target in "[a-zé€ .>\"\n]{0,60}",
                spans in proptest::collection::vec(
                    ((0usize..6, 0usize..70, 0usize..70), (0usize..6, 0usize..70, 0usize..70), 0usize..8, any::<bool>()),
                    0..6,
                ),
            ) {
                let r = report(&source, &target, spans);
                let reports = [r];
                let opts = RenderOptions::default();
                let mut out = Vec::new();
                human::write(&reports, &opts, &mut out).unwrap();
                review::write(&reports, &opts, &mut out).unwrap();
                github::write(&reports, &opts, &mut out).unwrap();
                github::write_step_summary(&reports, &opts, &mut out).unwrap();
                json::write_findings(&reports, &mut out).unwrap();
                prop_assert!(!out.contains(&0x1b));
                let html = html::page(&reports, &opts);
                prop_assert_eq!(html.matches("<li class=\"finding").count(), reports[0].findings.len());
                let sarif = sarif::to_value(&reports, &opts);
                let errors: Vec<String> = schema().iter_errors(&sarif).map(|e| e.to_string()).collect();
                prop_assert!(errors.is_empty(), "{:?}", errors);
                let old = &reports[0];
                let mut new = old.clone();
                new.findings.reverse();
                let d = crate::revision::compare(old, &new);
                revision::write_text(old, &new, &d, &opts, &mut out).unwrap();
                prop_assert!(d.changes.is_empty());
                prop_assert_eq!(d.fixed_count(), 0);
                prop_assert_eq!(d.introduced_count(), 0);
            }
        }
    }

    mod control_characters {
        use super::super::*;
        use crate::check::{Finding, Position, Severity};
        use crate::lang::Lang;
        use crate::pipeline::PairReport;
        use proptest::prelude::*;

        /// Only `\n`, `\t` and SGR colour codes (`ESC [ … m`) in C0/C1.
        fn only_own_codes(out: &str) -> bool {
            let mut chars = out.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '\u{1b}' {
                    if chars.next() != Some('[') {
                        return false;
                    }
                    loop {
                        match chars.next() {
                            Some(d) if d.is_ascii_digit() || d == ';' => continue,
                            Some('m') => break,
                            _ => return false,
                        }
                    }
                } else if (c.is_control() && c != '\n' && c != '\t') || sanitize::is_bidi_control(c)
                {
                    return false;
                }
            }
            true
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]
            #[test]
            fn terminal_renderers_emit_no_foreign_control_and_json_keeps_the_text(
                source in "([a-z .]|[\u{0}-\u{1f}]|[\u{7f}-\u{9f}]|\u{202e}|\u{2066}|\u{1b}\\[2J|\u{1b}\\]0;x\u{7}){1,40}",
                target in "([a-z .]|[\u{0}-\u{1f}]|[\u{7f}-\u{9f}]|\u{202e}|\u{1b}\\[31m){1,40}",
                color: bool,
            ) {
                let source_doc = crate::pipeline::document_from_text("s\u{1b}[2J.txt", source.clone(), Some(Lang::FR), crate::format::InputFormat::Text, &Default::default());
                let target_doc = crate::pipeline::document_from_text("t.txt", target.clone(), Some(Lang::EN), crate::format::InputFormat::Text, &Default::default());
                let n = source_doc.segments.len().min(target_doc.segments.len());
                let alignment = crate::align::Alignment::one_to_one(n);
                let findings: Vec<Finding> = (0..n).map(|i| Finding {
                    rule: "number-mismatch",
                    severity: Severity::Error,
                    message: format!("'{}' is wrong", source_doc.segment_text(i)),
                    source: Some(Position::segment(&source_doc, i)),
                    target: Some(Position::segment(&target_doc, i)),
                    suggestion: Some(target_doc.segment_text(i).to_string()),
                    link: i,
                    fix: None,
                }).collect();
                let reports = [PairReport::new(source_doc, target_doc, alignment, findings, 0)];
                let opts = RenderOptions { color, root: None };
                let mut out = Vec::new();
                human::write(&reports, &opts, &mut out).unwrap();
                review::write(&reports, &opts, &mut out).unwrap();
                github::write(&reports, &opts, &mut out).unwrap();
                github::write_step_summary(&reports, &opts, &mut out).unwrap();
                let text = String::from_utf8(out).unwrap();
                prop_assert!(only_own_codes(&text), "{:?}", text);
                let mut plain = sanitize::Writer::new(Vec::new());
                segments::write_text(&reports[0].source, &mut plain).unwrap();
                std::io::Write::flush(&mut plain).unwrap();
                let mut json = Vec::new();
                json::write_findings(&reports, &mut json).unwrap();
                let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
                for (i, f) in v["findings"].as_array().unwrap().iter().enumerate() {
                    prop_assert_eq!(f["message"].as_str().unwrap(), reports[0].findings[i].message.as_str());
                    prop_assert_eq!(f["suggestion"].as_str().unwrap(), reports[0].findings[i].suggestion.as_deref().unwrap());
                }
                let mut seg_json = Vec::new();
                segments::write_json(&reports[0].source, &mut seg_json).unwrap();
                let items: Vec<serde_json::Value> = serde_json::from_slice(&seg_json).unwrap();
                for (i, item) in items.iter().enumerate() {
                    prop_assert_eq!(item["text"].as_str().unwrap(), reports[0].source.segment_text(i));
                }
            }
        }
    }

    #[test]
    fn painter_without_colour_emits_no_escapes() {
        let p = Painter { color: false };
        assert_eq!(p.paint(styles::ERROR, "error"), "error");
        let p = Painter { color: true };
        assert!(p.paint(styles::ERROR, "error").contains('\u{1b}'));
    }
}

/// A small hand-made report shared by the renderers' unit tests, so that each
/// format is pinned on the same findings (whatever the checks do today).
#[cfg(test)]
pub(crate) mod test_support {
    use crate::align::{Alignment, Link};
    use crate::check::{Finding, Fix, Position, Severity};
    use crate::document::Document;
    use crate::lang::Lang;
    use crate::pipeline::PairReport;

    fn doc(name: &str, text: &str, lang: Lang) -> Document {
        // One segment per non-blank line, as `--lines` reads it.
        crate::pipeline::document_from_text(
            name,
            text.into(),
            Some(lang),
            crate::format::InputFormat::Lines,
            &Default::default(),
        )
    }

    fn at(doc: &Document, segment: usize, words: &str) -> Position {
        let seg = doc.segments[segment];
        let start = seg.start + doc.segment_text(segment).find(words).expect(words);
        Position::new(doc, segment, start, start + words.len())
    }

    /// Three 1-1 links (the last one low-confidence) and three findings: a
    /// forbidden term with a fix, a number with a suggestion only, and a
    /// warning with neither.
    pub(crate) fn sample_report() -> PairReport {
        let source = doc(
            "source fr.txt",
            "Mistral AI a bouclé un tour de table de 600 millions d'euros.\n\
             La société a été fondée en 2023 à Paris.\n\
             Elle emploie 150 personnes.\n",
            Lang::FR,
        );
        let target = doc(
            "draft en.txt",
            "Mistral AI closed a table round of 600 million euros.\n\
             The company was founded in 2024 in Paris.\n\
             It employs 150 people.\n",
            Lang::EN,
        );
        let table_round = at(&target, 0, "table round");
        let fix = Fix {
            start: table_round.start,
            end: table_round.start + "table".len(),
            replacement: "funding".into(),
        };
        let findings = vec![
            Finding {
                rule: "term-forbidden",
                severity: Severity::Error,
                message: "'table round' is a forbidden translation of 'tour de table'".into(),
                source: Some(at(&source, 0, "tour de table")),
                target: Some(table_round),
                suggestion: Some("funding round".into()),
                link: 0,
                fix: Some(fix),
            },
            Finding {
                rule: "number-mismatch",
                severity: Severity::Error,
                message: "'2023' has no equal in the translation".into(),
                source: Some(at(&source, 1, "2023")),
                target: Some(at(&target, 1, "2024")),
                suggestion: Some("2023".into()),
                link: 1,
                fix: None,
            },
            Finding {
                rule: "term-inconsistent",
                severity: Severity::Warning,
                message: "'personnes' is also translated as 'staff' elsewhere".into(),
                source: Some(at(&source, 2, "personnes")),
                target: Some(at(&target, 2, "people")),
                suggestion: None,
                link: 2,
                fix: None,
            },
        ];
        let alignment = Alignment {
            links: (0..3)
                .map(|i| Link {
                    source: i..i + 1,
                    target: i..i + 1,
                    score: if i == 2 { 0.31 } else { 0.92 },
                })
                .collect(),
        };
        PairReport::new(source, target, alignment, findings, 0)
    }
}
