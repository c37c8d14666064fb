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

/// Where a finding points in one of the two files: a span of the document,
/// not a copy of its words (a large glossary gives hundreds of thousands of
/// findings, each of which would otherwise hold a sentence);
/// [`Position::text`] reads the words from the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Segment index in its document.
    pub segment: usize,
    /// 1-based line of the matched words.
    pub line: usize,
    /// 1-based column (characters) of the matched words.
    pub column: usize,
    /// Byte span of the matched words (or the whole segment) in the
    /// document's text.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// A hash of the words when the position was made ([`Position::still_in`]):
    /// eight bytes instead of a copy.
    pub(crate) words: u64,
}

impl Position {
    /// Points at bytes `start..end` of segment `segment` of `doc`.
    pub fn new(doc: &Document, segment: usize, start: usize, end: usize) -> Position {
        let (line, column) = doc.line_column(start);
        Position {
            segment,
            line,
            column,
            start,
            end,
            words: words_hash(doc.text.get(start..end).unwrap_or_default()),
        }
    }

    /// Whether `doc` still holds, at this span, the words the position was
    /// made on (a finding of an older text must not rewrite what now sits
    /// at its offsets).
    pub fn still_in(&self, doc: &Document) -> bool {
        doc.text
            .get(self.start..self.end)
            .is_some_and(|w| words_hash(w) == self.words)
    }

    /// The matched words (or the whole segment) in `doc`, the document the
    /// position was made in; empty when the span does not fit it (a renderer
    /// never panics on a bad span).
    pub fn text<'a>(&self, doc: &'a Document) -> &'a str {
        doc.text.get(self.start..self.end).unwrap_or_default()
    }

    /// Points at a whole segment.
    pub fn segment(doc: &Document, segment: usize) -> Position {
        let s = doc.segments[segment];
        Position::new(doc, segment, s.start, s.end)
    }
}

fn words_hash(words: &str) -> u64 {
    crate::fingerprint::fnv1a64(words.as_bytes())
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
#[derive(Debug, Clone, PartialEq)]
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
    pub link: usize,
    /// A concrete edit of the target, where one is known.
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

mod catalogue_markup;
mod empty_side;
mod entries;
pub mod markup;
pub mod normalize;
pub mod numbers;
pub mod placeholders;
mod segment_consistency;
pub mod terms;
mod untranslated;

/// Every check bitext runs, in reporting order.
pub fn all_checks() -> Vec<Box<dyn Check>> {
    vec![
        Box::new(empty_side::EmptySide),
        Box::new(entries::Entries),
        Box::new(markup::Markup),
        Box::new(terms::Terms),
        Box::new(numbers::Numbers),
        Box::new(placeholders::Placeholders),
        Box::new(untranslated::Untranslated),
        Box::new(segment_consistency::SegmentConsistency),
    ]
}

/// Every rule id bitext knows (including project-level ones), for SARIF and config validation.
pub fn all_rules() -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = all_checks()
        .iter()
        .flat_map(|c| c.rules().iter().copied())
        .collect();
    // `missing-translation` is also reported by project runs (no target file).
    if !rules.iter().any(|r| r.id == MISSING_TRANSLATION.id) {
        rules.push(MISSING_TRANSLATION);
    }
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
    // The findings are gathered into the biggest check's vector (a big
    // glossary gives the term check hundreds of thousands of them), not
    // copied into a new one. Beside them, small sort keys: (link, source
    // start, target start), then the check and the place in `all`, which
    // keep the order of the checks' concatenation on ties.
    let biggest = (0..per_check.len())
        .max_by_key(|&c| (per_check[c].len(), std::cmp::Reverse(c)))
        .unwrap_or(0);
    let mut per_check: Vec<Option<Vec<Finding>>> = per_check.into_iter().map(Some).collect();
    let mut all = per_check
        .get_mut(biggest)
        .and_then(Option::take)
        .unwrap_or_default();
    let total = all.len() + per_check.iter().flatten().map(Vec::len).sum::<usize>();
    all.reserve_exact(total - all.len());
    type Key = ((usize, Option<usize>, Option<usize>), usize, usize);
    let key = |f: &Finding, check: usize, at: usize| -> Key {
        let start = |p: &Option<Position>| p.as_ref().map(|p| p.start);
        ((f.link, start(&f.source), start(&f.target)), check, at)
    };
    let mut order: Vec<Key> = Vec::with_capacity(total);
    order.extend(all.iter().enumerate().map(|(i, f)| key(f, biggest, i)));
    for (c, found) in per_check.iter_mut().enumerate() {
        if let Some(found) = found.take() {
            let base = all.len();
            order.extend(found.iter().enumerate().map(|(j, f)| key(f, c, base + j)));
            all.extend(found);
        }
    }
    // Sorted, then the findings are put in that order in place: sorting the
    // findings themselves, or gathering them into a second vector, moves or
    // holds large structs.
    order.sort_unstable();
    let mut from: Vec<usize> = order.into_iter().map(|(.., i)| i).collect();
    permute_in_place(&mut all, &mut from);
    drop(from);
    let mut merged = merge_overlapping(without_findings_on_untranslated(all));
    // Merging leaves a fraction of the findings: give the rest back.
    merged.shrink_to_fit();
    merged
}

/// Reorders `items` so that position `k` holds the item that was at
/// `from[k]` (`from` is a permutation; it is used up), following each cycle
/// with swaps: no second vector of items.
fn permute_in_place<T>(items: &mut [T], from: &mut [usize]) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let next = from[at];
            from[at] = at;
            if next == start || next == at {
                break;
            }
            items.swap(at, next);
            at = next;
        }
    }
}

/// Rules whose findings a segment left untranslated makes moot: its terms
/// and numbers are "missing" because nothing was translated.
const MOOT_WHEN_UNTRANSLATED: &[&str] = &[
    "term-missing",
    "term-forbidden",
    "term-inconsistent",
    "number-mismatch",
];

/// One mistake, one finding: a segment reported `untranslated` gets no term
/// or number findings. A finding is dropped when it belongs to the link of an
/// `untranslated` finding, is about that finding's source sentence (or the
/// link has one), and points at its target sentence (or only at the link's
/// target as a whole, as `term-missing` does).
fn without_findings_on_untranslated(findings: Vec<Finding>) -> Vec<Finding> {
    // (link, source segment, target segment) of each untranslated finding.
    let untranslated: Vec<(usize, Option<usize>, Option<usize>)> = findings
        .iter()
        .filter(|f| f.rule == "untranslated")
        .map(|f| {
            (
                f.link,
                f.source.as_ref().map(|p| p.segment),
                f.target.as_ref().map(|p| p.segment),
            )
        })
        .collect();
    if untranslated.is_empty() {
        return findings;
    }
    // Source segments of each link that has an untranslated finding, to know
    // whether the link has one source sentence.
    let mut link_sources: std::collections::HashMap<usize, std::collections::BTreeSet<usize>> =
        std::collections::HashMap::new();
    for f in &findings {
        if let Some(p) = &f.source
            && untranslated.iter().any(|u| u.0 == f.link)
        {
            link_sources.entry(f.link).or_default().insert(p.segment);
        }
    }
    findings
        .into_iter()
        .filter(|f| {
            if !MOOT_WHEN_UNTRANSLATED.contains(&f.rule) {
                return true;
            }
            let moot = untranslated.iter().any(|&(link, source, target)| {
                if link != f.link {
                    return false;
                }
                let same_source = match (&f.source, source) {
                    (Some(p), Some(s)) => p.segment == s,
                    _ => true,
                };
                let single_source = link_sources.get(&link).is_none_or(|s| s.len() <= 1);
                let same_target = match (&f.target, target) {
                    (Some(p), Some(t)) => p.segment == t || f.rule == "term-missing",
                    _ => true,
                };
                (same_source || single_source) && same_target
            });
            !moot
        })
        .collect()
}

/// Whether two optional positions overlap (both absent counts as overlapping).
fn overlap(a: &Option<Position>, b: &Option<Position>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            (a.start < b.end && b.start < a.end) || (a.start, a.end) == (b.start, b.end)
        }
        (None, None) => true,
        _ => false,
    }
}

/// Two findings of one rule whose source words and target words both
/// overlap: one mistake, reported once.
fn same_mistake(kept: &Finding, f: &Finding) -> bool {
    kept.rule == f.rule && overlap(&kept.source, &f.source) && overlap(&kept.target, &f.target)
}

/// How many source bytes a finding points at (the longest wins a merge).
fn source_len(f: &Finding) -> usize {
    f.source.as_ref().map_or(0, |p| p.end - p.start)
}

/// `kept` absorbs `other`: its message is added unless already said.
fn add_message(kept: &mut Finding, other: &Finding) {
    if !kept.message.contains(&other.message) {
        kept.message = format!("{}; {}", kept.message, other.message);
    }
}

/// The part of [`merge_overlapping`] a check can do itself on one link's
/// findings (all of them, of its own rules), so that a big glossary's
/// findings are not all held before they are merged. `run_all` merging the
/// result again gives what it would have given on `findings`: they are put
/// in its order (by source start, then target start, stable), and merging
/// stops at the first finding that would take the place of a kept one (a
/// kept finding is then never changed, so none overlaps another and each
/// keeps its place in the order); the rest is returned unmerged. The caller
/// leaves links with an `untranslated` finding alone (that filter runs
/// before merging).
pub(crate) fn merge_link_early(mut findings: Vec<Finding>) -> Vec<Finding> {
    if findings.len() < 2 {
        return findings;
    }
    let start = |p: &Option<Position>| p.as_ref().map(|p| p.start);
    findings.sort_by_key(|f| (start(&f.source), start(&f.target)));
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut rest = findings.into_iter();
    for f in rest.by_ref() {
        match kept.iter_mut().find(|g| same_mistake(g, &f)) {
            Some(g) if source_len(&f) > source_len(g) => {
                kept.push(f);
                break;
            }
            Some(g) => add_message(g, &f),
            None => kept.push(f),
        }
    }
    kept.extend(rest);
    kept
}

/// One mistake, one finding: findings of one rule in one link whose source
/// words and target words both overlap are one finding. The one with the
/// longest source words is kept, and the others' messages are added to it.
/// `findings` are sorted by link.
/// Works in place: `findings[..kept]` is the output so far.
fn merge_overlapping(mut findings: Vec<Finding>) -> Vec<Finding> {
    let mut kept = 0;
    // Start of the current link's findings in the output.
    let mut link_start = 0;
    for i in 0..findings.len() {
        if kept > 0 && findings[kept - 1].link != findings[i].link {
            link_start = kept;
        }
        let (out, rest) = findings.split_at_mut(i);
        let f = &mut rest[0];
        match out[link_start..kept]
            .iter_mut()
            .find(|g| same_mistake(g, f))
        {
            Some(g) => {
                if source_len(f) > source_len(g) {
                    // The longer one takes the slot; `f` now holds the other.
                    std::mem::swap(g, f);
                }
                add_message(g, f);
            }
            None => {
                findings.swap(kept, i);
                kept += 1;
            }
        }
    }
    findings.truncate(kept);
    findings
}

/// Shared by the checks' unit tests: runs one check on a one-sentence French
/// source and English target linked 1-1, without a glossary.
#[cfg(test)]
pub(crate) fn run_on_one_link(check: &dyn Check, source: &str, target: &str) -> Vec<Finding> {
    use crate::lang::Lang;
    let s = Document::new("s".into(), source.into(), Lang::FR, &[(0, source.len())]);
    let t = Document::new("t".into(), target.into(), Lang::EN, &[(0, target.len())]);
    run_on(check, &s, &t, &Alignment::one_to_one(1))
}

/// Shared by the checks' unit tests: the words `p` points at in `text`, the
/// string the document was made from (plain text and one-entry catalogues
/// keep it as is).
#[cfg(test)]
pub(crate) fn words<'a>(text: &'a str, p: &Option<Position>) -> &'a str {
    let p = p.as_ref().expect("the finding has this side");
    &text[p.start..p.end]
}

/// Shared by the checks' unit tests: runs one check on a pair and its
/// alignment, without a glossary.
#[cfg(test)]
pub(crate) fn run_on(
    check: &dyn Check,
    source: &Document,
    target: &Document,
    alignment: &Alignment,
) -> Vec<Finding> {
    let glossary = Glossary::default();
    let ctx = CheckContext {
        source,
        target,
        alignment,
        glossary: &glossary,
        terms: None,
    };
    let mut out = Vec::new();
    check.run(&ctx, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn position(segment: usize, start: usize, end: usize) -> Position {
        Position {
            segment,
            line: 1,
            column: start + 1,
            start,
            end,
            words: 0,
        }
    }

    fn finding(rule: &'static str, source: (usize, usize), message: &str) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            message: message.into(),
            source: Some(position(0, source.0, source.1)),
            target: Some(position(0, 0, 10)),
            suggestion: None,
            link: 0,
            fix: None,
        }
    }

    // Prevents: two findings of one rule on overlapping words (two terms
    // sharing words) shown as two mistakes; other rules and disjoint words
    // stay apart.
    #[test]
    fn overlapping_findings_of_one_rule_merge() {
        let merged = merge_overlapping(vec![
            finding("term-missing", (0, 5), "a"),
            finding("term-missing", (3, 12), "b"),
            finding("term-missing", (20, 25), "c"),
            finding("number-mismatch", (3, 5), "d"),
        ]);
        let got: Vec<(&str, usize, &str)> = merged
            .iter()
            .map(|f| (f.rule, f.source.as_ref().unwrap().start, f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("term-missing", 3, "b; a"),
                ("term-missing", 20, "c"),
                ("number-mismatch", 3, "d")
            ]
        );
    }

    // Prevents: a link's findings merged early by the term check coming out
    // of `run_all`'s merge different (messages, order, survivors) from the
    // same findings merged only there, including past a finding that takes
    // a kept one's place.
    #[test]
    fn merging_early_then_again_is_merging_once() {
        let link = || {
            vec![
                finding("term-missing", (0, 5), "a"),
                finding("term-missing", (2, 4), "b"),
                finding("term-missing", (3, 12), "c"),
                finding("term-missing", (8, 9), "d"),
                finding("term-missing", (4, 30), "e"),
                finding("term-forbidden", (0, 3), "f"),
                finding("term-missing", (20, 25), "g"),
            ]
        };
        let start = |f: &Finding| f.source.as_ref().map(|p| p.start);
        let sorted = |mut v: Vec<Finding>| {
            v.sort_by_key(|f| start(f));
            v
        };
        let show = |v: Vec<Finding>| -> Vec<(Option<usize>, String)> {
            v.into_iter().map(|f| (start(&f), f.message)).collect()
        };
        let once = show(merge_overlapping(sorted(link())));
        let twice = show(merge_overlapping(sorted(merge_link_early(link()))));
        assert_eq!(twice, once);
        assert!(merge_link_early(link()).len() < link().len());
    }

    // Prevents: findings put in the wrong order (or lost) when they are
    // sorted in place.
    #[test]
    fn permutation_in_place_puts_each_item_where_it_belongs() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        let mut from = vec![3, 0, 5, 1, 4, 2];
        permute_in_place(&mut items, &mut from);
        assert_eq!(items, ['d', 'a', 'f', 'b', 'e', 'c']);
    }

    // Prevents: a sentence left in French reported as untranslated and again
    // for each term and number in it.
    #[test]
    fn untranslated_segment_gets_no_term_or_number_findings() {
        let g = crate::glossary::parse(
            "g.toml",
            "[[term]]\nsource = \"tour de table\"\ntarget = \"funding round\"\n",
        )
        .unwrap();
        let source = "Le tour de table a été bouclé par les fonds et il est fini avec 3 millions.";
        let target = "Le tour de table a été bouclé par les fonds et il est fini avec 4 millions.";
        let s = Document::new("s".into(), source.into(), Lang::FR, &[(0, source.len())]);
        let t = Document::new("t".into(), target.into(), Lang::EN, &[(0, target.len())]);
        let alignment = Alignment::one_to_one(1);
        let ctx = CheckContext {
            source: &s,
            target: &t,
            alignment: &alignment,
            glossary: &g,
            terms: None,
        };
        let rules: Vec<&str> = run_all(&ctx).iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["untranslated"]);
        // Translated, the same mistakes are reported.
        let target = "The round was closed by the funds and it ended with 4 million.";
        let t = Document::new("t".into(), target.into(), Lang::EN, &[(0, target.len())]);
        let ctx = CheckContext { target: &t, ..ctx };
        let rules: Vec<&str> = run_all(&ctx).iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["term-missing", "number-mismatch"]);
    }
}
