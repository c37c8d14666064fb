//! Checks: each looks at the aligned pair and reports findings. A check is one
//! file in this folder implementing [`Check`], listed once in [`all_checks`].

use crate::align::Alignment;
use crate::document::Document;
use crate::glossary::Glossary;
use serde::Serialize;

/// How serious a finding is; `--fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Probably wrong.
    Warning,
    /// Wrong.
    Error,
}

impl Severity {
    /// Lower-case name as in SPEC and config files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// A rule's stable id, default severity and one-line description (for SARIF
/// `rules[]`, `--help` and docs).
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Stable id, e.g. `term-missing`.
    pub id: &'static str,
    /// Severity unless `bitext.toml` overrides it.
    pub default_severity: Severity,
    /// What the rule means, one sentence.
    pub description: &'static str,
}

/// Where a finding points in one of the two files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Position {
    /// Segment index in its document.
    pub segment: usize,
    /// 1-based line of the matched words.
    pub line: usize,
    /// 1-based column (characters) of the matched words.
    pub column: usize,
    /// The matched words, or the whole segment.
    pub text: String,
    /// Byte span of `text` in the document.
    #[serde(skip)]
    pub start: usize,
    /// Byte end (exclusive).
    #[serde(skip)]
    pub end: usize,
}

impl Position {
    /// Points at bytes `start..end` of segment `segment` of `doc`.
    pub fn new(doc: &Document, segment: usize, start: usize, end: usize) -> Position {
        let (line, column) = doc.line_column(start);
        Position {
            segment,
            line,
            column,
            text: doc.text[start..end].to_string(),
            start,
            end,
        }
    }

    /// Points at a whole segment.
    pub fn segment(doc: &Document, segment: usize) -> Position {
        let s = doc.segments[segment];
        Position::new(doc, segment, s.start, s.end)
    }
}

/// A replacement in the target text that would fix a finding; renderers show
/// it as a word diff of the fixed sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// Byte span in the target document to replace.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// The replacement text.
    pub replacement: String,
}

/// One problem found in the translation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Rule id (see [`RuleInfo`]).
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// A sentence a reviewer understands.
    pub message: String,
    /// Where in the source, if anywhere.
    pub source: Option<Position>,
    /// Where in the target; `None` for an omission.
    pub target: Option<Position>,
    /// The preferred wording, where there is one.
    pub suggestion: Option<String>,
    /// Index of the alignment link it belongs to.
    #[serde(skip)]
    pub link: usize,
    /// A concrete edit of the target, where one is known.
    #[serde(skip)]
    pub fix: Option<Fix>,
}

/// Everything a check may look at.
pub struct CheckContext<'a> {
    /// The source document.
    pub source: &'a Document,
    /// The translation.
    pub target: &'a Document,
    /// Links between their segments.
    pub alignment: &'a Alignment,
    /// The term base (possibly empty).
    pub glossary: &'a Glossary,
    /// The glossary compiled once for the whole run ([`crate::pipeline::Prepared`]);
    /// `None`: the term check compiles it for this pair.
    pub terms: Option<&'a terms::TermChecker>,
}

/// A family of rules.
pub trait Check: Sync {
    /// The rules this check can report.
    fn rules(&self) -> &'static [RuleInfo];
    /// Appends its findings for the whole pair to `out`.
    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>);
}

mod empty_side;
pub mod markup;
pub mod normalize;
pub mod numbers;
mod segment_consistency;
pub mod terms;
mod untranslated;

/// Every check bitext runs, in reporting order.
pub fn all_checks() -> Vec<Box<dyn Check>> {
    vec![
        Box::new(empty_side::EmptySide),
        Box::new(terms::Terms),
        Box::new(numbers::Numbers),
        Box::new(untranslated::Untranslated),
        Box::new(markup::Markup),
        Box::new(segment_consistency::SegmentConsistency),
    ]
}

/// Every rule id bitext knows (including project-level ones), for SARIF and config validation.
pub fn all_rules() -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = all_checks()
        .iter()
        .flat_map(|c| c.rules().iter().copied())
        .collect();
    rules.push(MISSING_TRANSLATION);
    rules
}

/// Reported by project runs for a source file without its target file.
pub const MISSING_TRANSLATION: RuleInfo = RuleInfo {
    id: "missing-translation",
    default_severity: Severity::Error,
    description: "a source file has no target file",
};

/// Runs every check and returns the findings in document order (by link,
/// then by position in the target, then in the source).
pub fn run_all(ctx: &CheckContext<'_>) -> Vec<Finding> {
    use rayon::prelude::*;
    // Checks are independent: run them side by side, then concatenate in
    // reporting order so that the result does not depend on the parallelism.
    let per_check: Vec<Vec<Finding>> = all_checks()
        .par_iter()
        .map(|check| {
            let mut found = Vec::new();
            check.run(ctx, &mut found);
            found
        })
        .collect();
    let all: Vec<Finding> = per_check.into_iter().flatten().collect();
    // A stable sort of small keys, then one move of each finding: sorting
    // the findings themselves moves large structs around (a big glossary
    // gives hundreds of thousands of findings).
    let mut order: Vec<(usize, Option<usize>, Option<usize>, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, f)| {
            (
                f.link,
                f.source.as_ref().map(|p| p.start),
                f.target.as_ref().map(|p| p.start),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Finding>> = all.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|(.., i)| slots[i].take().expect("each finding is taken once"))
        .collect()
}

/// Shared by the checks' unit tests: runs one check on a one-sentence French
/// source and English target linked 1-1, without a glossary.
#[cfg(test)]
pub(crate) fn run_on_one_link(check: &dyn Check, source: &str, target: &str) -> Vec<Finding> {
    use crate::lang::Lang;
    let s = Document::new("s".into(), source.into(), Lang::FR, &[(0, source.len())]);
    let t = Document::new("t".into(), target.into(), Lang::EN, &[(0, target.len())]);
    let alignment = Alignment::one_to_one(1);
    let glossary = Glossary::default();
    let ctx = CheckContext {
        source: &s,
        target: &t,
        alignment: &alignment,
        glossary: &glossary,
        terms: None,
    };
    let mut out = Vec::new();
    check.run(&ctx, &mut out);
    out
}
