//! Comparing two revisions of a translation of one source: which source
//! segments' translations changed, how (a word diff, old → new), and which
//! findings the change fixed or introduced.
//!
//! The two revisions may be aligned differently (a sentence split in one and
//! not the other), so segments are compared in *units*: the smallest runs of
//! source segments that both alignments keep together. Findings are matched
//! across revisions by rule, source segment and matched words, never by line,
//! so an edit above a finding does not make it look fixed and re-introduced.

use crate::check::Finding;
use crate::document::{Document, one_line};
use crate::pipeline::PairReport;
use crate::worddiff::{self, WordDiff};
use std::collections::HashMap;
use std::ops::Range;

/// The comparison of two checked revisions.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionDiff {
    /// Units whose translation changed or whose findings did, in source order.
    pub changes: Vec<UnitChange>,
    /// Blocks of the translation that are not prose (code, HTML, front
    /// matter, directives) whose text changed, came or went, in order.
    pub blocks: Vec<BlockChange>,
    /// Findings tied to no source unit (document-wide) that the new revision fixed.
    pub fixed_elsewhere: Vec<Finding>,
    /// Findings tied to no source unit that the new revision introduced.
    pub introduced_elsewhere: Vec<Finding>,
}

/// One unit of source segments and its translation in both revisions.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitChange {
    /// Source segment indices.
    pub source: Range<usize>,
    /// Target segment indices in the old revision.
    pub old_target: Range<usize>,
    /// Target segment indices in the new revision.
    pub new_target: Range<usize>,
    /// Old → new, word by word (one-line texts).
    pub diff: WordDiff,
    /// Findings of the old revision the new one no longer has.
    pub fixed: Vec<Finding>,
    /// Findings of the new revision the old one did not have.
    pub introduced: Vec<Finding>,
}

/// A block of the translation that is not prose, changed between the two
/// revisions: code whose comments were translated, an HTML block edited, a
/// code block added. Unchanged ones are not listed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BlockChange {
    /// Its index in the old revision's blocks, when it was there.
    pub old: Option<usize>,
    /// Its index in the new revision's blocks, when it is there.
    pub new: Option<usize>,
    /// Old → new, line by line (each piece one line, its newline kept).
    pub lines: Vec<worddiff::Piece>,
}

impl UnitChange {
    /// Whether the translation itself changed (it may not have, when only a
    /// finding came or went, e.g. through a glossary change).
    pub fn text_changed(&self) -> bool {
        !self.diff.is_unchanged()
    }
}

impl RevisionDiff {
    /// Blocks of code or markup whose text changed.
    pub fn changed_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Units whose translation text changed.
    pub fn changed_units(&self) -> usize {
        self.changes.iter().filter(|c| c.text_changed()).count()
    }

    /// Findings fixed, in units and document-wide.
    pub fn fixed_count(&self) -> usize {
        self.changes.iter().map(|c| c.fixed.len()).sum::<usize>() + self.fixed_elsewhere.len()
    }

    /// Findings introduced, in units and document-wide.
    pub fn introduced_count(&self) -> usize {
        self.changes
            .iter()
            .map(|c| c.introduced.len())
            .sum::<usize>()
            + self.introduced_elsewhere.len()
    }
}

/// Source indices where a link with a non-empty source side starts, plus the end.
fn boundaries(report: &PairReport) -> Vec<usize> {
    let mut b: Vec<usize> = report
        .alignment
        .links
        .iter()
        .filter(|l| !l.source.is_empty())
        .map(|l| l.source.start)
        .collect();
    b.push(0);
    b.push(report.source.segments.len());
    b.sort_unstable();
    b.dedup();
    b
}

/// The units: runs of source segments between cut points both alignments share.
fn units(old: &PairReport, new: &PairReport) -> Vec<Range<usize>> {
    let new_cuts = boundaries(new);
    let cuts: Vec<usize> = boundaries(old)
        .into_iter()
        .filter(|c| new_cuts.binary_search(c).is_ok())
        .collect();
    let units: Vec<Range<usize>> = cuts.windows(2).map(|w| w[0]..w[1]).collect();
    if units.is_empty() {
        // No source segments: one empty unit holds the whole translation.
        std::iter::once(0..0).collect()
    } else {
        units
    }
}

/// Index of the unit holding source segment `s` (units are sorted and
/// disjoint, so a binary search finds it).
fn unit_of(units: &[Range<usize>], s: usize) -> Option<usize> {
    let i = units.partition_point(|u| u.end <= s);
    units.get(i).filter(|u| u.contains(&s)).map(|_| i)
}

/// For each link of `report`, the unit it belongs to: the unit of its first
/// source segment, or, for an addition, the unit of the link before it.
fn link_units(report: &PairReport, units: &[Range<usize>]) -> Vec<usize> {
    let mut current = 0;
    report
        .alignment
        .links
        .iter()
        .map(|l| {
            if !l.source.is_empty() {
                current = unit_of(units, l.source.start).unwrap_or(current);
            }
            current
        })
        .collect()
}

/// For each unit, the target segments its links cover.
fn unit_targets(report: &PairReport, link_units: &[usize], n: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Option<Range<usize>>> = vec![None; n];
    for (link, &u) in report.alignment.links.iter().zip(link_units) {
        if link.target.is_empty() {
            continue;
        }
        out[u] = Some(match out[u].take() {
            Some(r) => r.start.min(link.target.start)..r.end.max(link.target.end),
            None => link.target.clone(),
        });
    }
    // Units with no target get the empty range where their translation would be.
    let mut next = 0;
    out.into_iter()
        .map(|r| match r {
            Some(r) => {
                next = r.end;
                r
            }
            None => next..next,
        })
        .collect()
}

/// The one-line text of target segments `range`.
fn text_of(doc: &Document, range: &Range<usize>) -> String {
    range
        .clone()
        .map(|i| one_line(doc.display_text(i)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What identifies a finding in both revisions: rule, source segment, and the
/// matched words (source side where there is one, else target side).
fn finding_key(report: &PairReport, f: &Finding) -> (&'static str, Option<usize>, String) {
    match (&f.source, &f.target) {
        (Some(s), _) => (f.rule, Some(s.segment), one_line(s.text(&report.source))),
        (None, Some(t)) => (f.rule, None, one_line(t.text(&report.target))),
        (None, None) => (f.rule, None, one_line(&f.message)),
    }
}

/// Findings of `a` with no counterpart in `b` (counted as multisets).
fn unmatched<'a>(a: &'a PairReport, b: &PairReport) -> Vec<&'a Finding> {
    let mut available: HashMap<_, usize> = HashMap::new();
    for f in &b.findings {
        *available.entry(finding_key(b, f)).or_insert(0) += 1;
    }
    a.findings
        .iter()
        .filter(|f| match available.get_mut(&finding_key(a, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// The unit a finding belongs to, if any.
fn finding_unit(f: &Finding, units: &[Range<usize>], link_units: &[usize]) -> Option<usize> {
    match &f.source {
        Some(s) => unit_of(units, s.segment),
        None => link_units.get(f.link).copied(),
    }
}

/// The text of block `b` of `doc`, without its trailing line end.
fn block_text(doc: &Document, b: usize) -> &str {
    let block = &doc.blocks[b];
    doc.text[block.start..block.end].trim_end_matches(['\n', '\r'])
}

/// Old → new line by line.
fn line_diff(old: &str, new: &str) -> Vec<worddiff::Piece> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| worddiff::Piece {
            op: match c.tag() {
                similar::ChangeTag::Equal => worddiff::Op::Equal,
                similar::ChangeTag::Delete => worddiff::Op::Delete,
                similar::ChangeTag::Insert => worddiff::Op::Insert,
            },
            text: c.value().to_string(),
        })
        .collect()
}

/// The blocks that are not prose, compared across two revisions of a
/// translation: the two sequences are diffed by kind and text, so an
/// unchanged code block matches its counterpart however the prose around it
/// moved; a changed block is paired with a removed one of the same kind
/// next to it, and the rest came or went.
fn structure_changes(old: &Document, new: &Document) -> Vec<BlockChange> {
    let structure = |doc: &Document| -> Vec<usize> {
        (0..doc.blocks.len())
            .filter(|&b| !doc.blocks[b].kind.is_translatable())
            .collect()
    };
    let (a, b) = (structure(old), structure(new));
    let key =
        |doc: &Document, i: usize| (doc.blocks[i].kind.name(), block_text(doc, i).to_string());
    let a_keys: Vec<_> = a.iter().map(|&i| key(old, i)).collect();
    let b_keys: Vec<_> = b.iter().map(|&i| key(new, i)).collect();
    let mut out = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &a_keys, &b_keys) {
        let (_, olds, news) = op.as_tag_tuple();
        let (mut olds, mut news) = (olds.collect::<Vec<_>>(), news.collect::<Vec<_>>());
        if olds.len() == news.len()
            && olds
                .iter()
                .zip(&news)
                .all(|(&i, &j)| a_keys[i] == b_keys[j])
        {
            continue;
        }
        // Pair removed and added blocks of the same kind, in order.
        let mut k = 0;
        while k < olds.len() {
            let i = olds[k];
            match news.iter().position(|&j| a_keys[i].0 == b_keys[j].0) {
                Some(at) => {
                    let j = news.remove(at);
                    olds.remove(k);
                    out.push(BlockChange {
                        old: Some(a[i]),
                        new: Some(b[j]),
                        lines: line_diff(&a_keys[i].1, &b_keys[j].1),
                    });
                }
                None => k += 1,
            }
        }
        out.extend(olds.into_iter().map(|i| BlockChange {
            old: Some(a[i]),
            new: None,
            lines: line_diff(&a_keys[i].1, ""),
        }));
        out.extend(news.into_iter().map(|j| BlockChange {
            old: None,
            new: Some(b[j]),
            lines: line_diff("", &b_keys[j].1),
        }));
    }
    out
}

/// Compares two checked revisions of the same source (`old.source` and
/// `new.source` must hold the same segments).
pub fn compare(old: &PairReport, new: &PairReport) -> RevisionDiff {
    let units = units(old, new);
    let old_links = link_units(old, &units);
    let new_links = link_units(new, &units);
    let old_targets = unit_targets(old, &old_links, units.len());
    let new_targets = unit_targets(new, &new_links, units.len());
    let mut changes: Vec<UnitChange> = units
        .iter()
        .enumerate()
        .map(|(u, source)| UnitChange {
            source: source.clone(),
            old_target: old_targets[u].clone(),
            new_target: new_targets[u].clone(),
            diff: worddiff::diff(
                &text_of(&old.target, &old_targets[u]),
                &text_of(&new.target, &new_targets[u]),
            ),
            fixed: Vec::new(),
            introduced: Vec::new(),
        })
        .collect();
    let mut fixed_elsewhere = Vec::new();
    let mut introduced_elsewhere = Vec::new();
    for f in unmatched(old, new) {
        match finding_unit(f, &units, &old_links) {
            Some(u) => changes[u].fixed.push(f.clone()),
            None => fixed_elsewhere.push(f.clone()),
        }
    }
    for f in unmatched(new, old) {
        match finding_unit(f, &units, &new_links) {
            Some(u) => changes[u].introduced.push(f.clone()),
            None => introduced_elsewhere.push(f.clone()),
        }
    }
    changes.retain(|c| c.text_changed() || !c.fixed.is_empty() || !c.introduced.is_empty());
    RevisionDiff {
        changes,
        blocks: structure_changes(&old.target, &new.target),
        fixed_elsewhere,
        introduced_elsewhere,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::align::{Alignment, Link};
    use crate::check::{Position, Severity};
    use crate::lang::Lang;

    pub(crate) fn lines_doc(name: &str, text: &str, lang: Lang) -> Document {
        // One segment per non-blank line, as `--lines` reads it.
        crate::pipeline::document_from_text(
            name,
            text.into(),
            Some(lang),
            crate::format::InputFormat::Lines,
            &Default::default(),
        )
    }

    fn term_finding(source: &Document, target: &Document, seg: usize, word: &str) -> Finding {
        let s = source.segments[seg].start + source.segment_text(seg).find("table").unwrap();
        let t = target.segments[seg].start + target.segment_text(seg).find(word).unwrap();
        Finding {
            rule: "term-forbidden",
            severity: Severity::Error,
            message: format!("'{word}' is forbidden"),
            source: Some(Position::new(source, seg, s, s + 5)),
            target: Some(Position::new(target, seg, t, t + word.len())),
            suggestion: None,
            link: seg,
            fix: None,
        }
    }

    /// Old: two sentences, the first with a forbidden term; new: the term
    /// fixed, the second sentence moved down by a blank line and reworded
    /// with a new forbidden term.
    pub(crate) fn two_revisions() -> (PairReport, PairReport) {
        let source = lines_doc(
            "src.txt",
            "Un tour de table réussi.\nLa table ronde a eu lieu.\n",
            Lang::FR,
        );
        let old_t = lines_doc(
            "old.txt",
            "A successful table round.\nThe round table took place.\n",
            Lang::EN,
        );
        let new_t = lines_doc(
            "new.txt",
            "A successful funding round.\n\nThe round table happened, table round.\n",
            Lang::EN,
        );
        let old_findings = vec![term_finding(&source, &old_t, 0, "table round")];
        let new_findings = vec![term_finding(&source, &new_t, 1, "table round")];
        let old = PairReport::new(
            source.clone(),
            old_t,
            Alignment::one_to_one(2),
            old_findings,
            0,
        );
        let new = PairReport::new(source, new_t, Alignment::one_to_one(2), new_findings, 0);
        (old, new)
    }

    #[test]
    fn changed_units_carry_their_diff_and_findings() {
        let (old, new) = two_revisions();
        let d = compare(&old, &new);
        assert_eq!(d.changes.len(), 2);
        assert_eq!(
            d.changes[0].diff.to_plain(),
            "A successful [-table-]{+funding+} round."
        );
        assert_eq!(d.changes[0].fixed.len(), 1);
        assert!(d.changes[0].introduced.is_empty());
        assert_eq!(d.changes[1].introduced.len(), 1);
        assert_eq!(
            (d.changed_units(), d.fixed_count(), d.introduced_count()),
            (2, 1, 1)
        );
    }

    #[test]
    fn identical_revisions_have_no_changes_even_when_lines_move() {
        let (old, _) = two_revisions();
        let mut moved = old.clone();
        moved.target = lines_doc(
            "moved.txt",
            "\n\nA successful table round.\nThe round table took place.\n",
            Lang::EN,
        );
        moved.findings = vec![term_finding(&moved.source, &moved.target, 0, "table round")];
        let d = compare(&old, &moved);
        assert!(d.changes.is_empty(), "{d:?}");
    }

    #[test]
    fn only_changed_code_blocks_are_listed_with_their_lines() {
        let md = |text: &str| {
            crate::pipeline::document_from_text(
                "t.md",
                text.into(),
                Some(Lang::FR),
                crate::format::InputFormat::Markdown,
                &Default::default(),
            )
        };
        let old = md("Un.\n\n```sh\nls\n```\n\n```js\n// a\nx()\n```\n");
        // Prose added above: the blocks move but only the second changes.
        let new = md("Un.\n\nDeux.\n\n```sh\nls\n```\n\n```js\n// b\nx()\n```\n");
        let changes = structure_changes(&old, &new);
        assert_eq!(changes.len(), 1, "{changes:?}");
        let ops: Vec<(worddiff::Op, &str)> = changes[0]
            .lines
            .iter()
            .map(|p| (p.op, p.text.as_str()))
            .collect();
        use worddiff::Op::*;
        assert_eq!(
            ops,
            [
                (Equal, "```js\n"),
                (Delete, "// a\n"),
                (Insert, "// b\n"),
                (Equal, "x()\n"),
                (Equal, "```"),
            ]
        );
        // A block that went away stands alone.
        let gone = md("Un.\n\n```sh\nls\n```\n");
        let changes = structure_changes(&old, &gone);
        assert_eq!(changes.len(), 1);
        assert!(changes[0].old.is_some() && changes[0].new.is_none());
    }

    #[test]
    fn units_follow_cuts_both_alignments_share() {
        let (mut old, mut new) = two_revisions();
        // Old joins both sources into one link with one target; new keeps them 1-1.
        old.alignment = Alignment {
            links: vec![
                Link {
                    source: 0..2,
                    target: 0..1,
                    score: 0.9,
                },
                Link {
                    source: 2..2,
                    target: 1..2,
                    score: 0.9,
                },
            ],
        };
        new.findings.clear();
        old.findings.clear();
        let d = compare(&old, &new);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].source, 0..2);
        assert_eq!(d.changes[0].old_target, 0..2);
        assert_eq!(d.changes[0].new_target, 0..2);
    }
}
