//! The stages wired together: what `check`, `review` and `diff` run, callable
//! from tests without the CLI.

use crate::align::{self, AlignOptions, Alignment};
use crate::check::{self, CheckContext, Finding, Severity};
use crate::document::Document;
use crate::glossary::Glossary;
use crate::lang::{self, Lang};
use crate::segment::{self, SegmentOptions};
use std::collections::BTreeMap;

/// Resolved settings for one source/target pair.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Language of the source.
    pub source_lang: Lang,
    /// Language of the target.
    pub target_lang: Lang,
    /// Inputs are pre-segmented, one segment per non-blank line.
    pub lines: bool,
    /// The term base.
    pub glossary: Glossary,
    /// Segmenter options (user abbreviations).
    pub segment: SegmentOptions,
    /// Severity overrides by rule id; `None` turns the rule off.
    pub severities: BTreeMap<String, Option<Severity>>,
    /// Optional bilingual dictionary that helps the aligner (`--dictionary`).
    pub dictionary: Option<std::sync::Arc<align::Dictionary>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            source_lang: Lang::FR,
            target_lang: Lang::EN,
            lines: false,
            glossary: Glossary::default(),
            segment: SegmentOptions::default(),
            severities: BTreeMap::new(),
            dictionary: None,
        }
    }
}

/// A checked pair: everything a renderer needs.
#[derive(Debug, Clone)]
pub struct PairReport {
    /// The source document.
    pub source: Document,
    /// The translation.
    pub target: Document,
    /// Links between their segments.
    pub alignment: Alignment,
    /// Findings in document order.
    pub findings: Vec<Finding>,
}

/// Counts for summaries (SPEC's `summary` object).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Segments in the source.
    pub source_segments: usize,
    /// Segments in the target.
    pub target_segments: usize,
    /// Alignment links.
    pub links: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
}

impl Summary {
    /// Adds up the counts of several pairs.
    pub fn of(reports: &[PairReport]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.source_segments += r.source.segments.len();
            s.target_segments += r.target.segments.len();
            s.links += r.alignment.links.len();
            for f in &r.findings {
                match f.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        match threshold {
            None => false,
            Some(Severity::Error) => self.errors > 0,
            Some(Severity::Warning) => self.errors + self.warnings > 0,
            Some(Severity::Info) => self.errors + self.warnings + self.infos > 0,
        }
    }
}

/// Segments already-decoded text into a [`Document`]. `lang` `None` means
/// "detect it".
pub fn document_from_text(
    name: &str,
    text: String,
    lang: Option<Lang>,
    lines: bool,
    opts: &SegmentOptions,
) -> Document {
    let lang = lang.unwrap_or_else(|| lang::detect(&text));
    let spans = if lines {
        segment::segment_lines(&text)
    } else {
        segment::segment(&text, lang, opts)
    };
    Document::new(name.to_string(), text, lang, &spans)
}

/// Reads and segments one input file (`-` for standard input).
pub fn load_document(
    path: &str,
    lang: Option<Lang>,
    lines: bool,
    opts: &SegmentOptions,
) -> Result<Document, crate::Error> {
    let text = crate::input::read_text(path)?;
    Ok(document_from_text(path, text, lang, lines, opts))
}

/// Options for the aligner derived from the settings, with the glossary's
/// term pairs compiled here; [`align_options_with`] takes them compiled.
pub fn align_options(settings: &Settings) -> AlignOptions {
    align_options_with(
        settings,
        std::sync::Arc::new(align::TermIndex::from_glossary(&settings.glossary)),
    )
}

/// Options for the aligner: the settings' dictionary and `terms`, the
/// settings' glossary compiled once for every pair of a run.
pub fn align_options_with(
    settings: &Settings,
    terms: std::sync::Arc<align::TermIndex>,
) -> AlignOptions {
    AlignOptions {
        terms,
        dictionary: settings.dictionary.clone(),
        ..AlignOptions::default()
    }
}

/// Aligns and checks a pair, applying severity overrides.
pub fn check_pair(source: Document, target: Document, settings: &Settings) -> PairReport {
    let alignment = align::align(&source, &target, &align_options(settings));
    let findings = {
        let ctx = CheckContext {
            source: &source,
            target: &target,
            alignment: &alignment,
            glossary: &settings.glossary,
        };
        apply_severities(check::run_all(&ctx), &settings.severities)
    };
    PairReport {
        source,
        target,
        alignment,
        findings,
    }
}

/// Applies `[rules]` overrides: changes severities and drops rules turned off.
pub fn apply_severities(
    findings: Vec<Finding>,
    overrides: &BTreeMap<String, Option<Severity>>,
) -> Vec<Finding> {
    findings
        .into_iter()
        .filter_map(|mut f| match overrides.get(f.rule) {
            Some(None) => None,
            Some(Some(sev)) => {
                f.severity = *sev;
                Some(f)
            }
            None => Some(f),
        })
        .collect()
}
