//! `segment-inconsistent`: the same source sentence translated in two
//! different ways in one document (a boilerplate line, a repeated heading).
//!
//! Sentences are compared after collapsing whitespace, unifying apostrophes
//! and NFC (case is kept: "Click OK." and "click ok." are not the same
//! source sentence). The rendering used most often is
//! taken as the reference (the first one on a tie) and every other rendering
//! is reported, with the reference as the suggested fix.

use super::normalize;
use super::{Check, CheckContext, Finding, Fix, Position, RuleInfo, Severity};
use crate::document::one_line;
use std::collections::HashMap;

/// The segment consistency rule.
pub struct SegmentConsistency;

const RULES: &[RuleInfo] = &[RuleInfo {
    id: "segment-inconsistent",
    default_severity: Severity::Warning,
    description: "the same source segment is translated differently in two places",
}];

impl Check for SegmentConsistency {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        // Source key → rendering → links using it, in document order.
        let mut groups: HashMap<String, Vec<(String, Vec<usize>)>> = HashMap::new();
        for (link_index, link) in ctx.alignment.links.iter().enumerate() {
            if link.source.is_empty() || link.target.is_empty() {
                continue;
            }
            let source = ctx.source.text[ctx.source.segments[link.source.start].start
                ..ctx.source.segments[link.source.end - 1].end]
                .to_string();
            if !source.chars().any(char::is_alphabetic) {
                continue;
            }
            let mut key = normalize::surface(&one_line(&source));
            // Catalogue entries: the same msgid in two contexts (msgctxt) or
            // two plural forms are different messages, and a one-word
            // string ("Apr", "Open") depends on a context the file may not
            // keep (po2xliff drops msgctxt).
            if let Some(e) = crate::format::catalogue::entry_of(ctx.source, link.source.start) {
                if source.split_whitespace().count() < 2 {
                    continue;
                }
                let context = e.key.split_once('\u{4}').map_or("", |(c, _)| c);
                key = format!("{context}\u{4}{:?}\u{4}{key}", e.plural);
            }
            let target = &ctx.target.text[ctx.target.segments[link.target.start].start
                ..ctx.target.segments[link.target.end - 1].end];
            let rendering = normalize::surface(&one_line(target));
            let renderings = groups.entry(key).or_default();
            match renderings.iter_mut().find(|(r, _)| *r == rendering) {
                Some((_, links)) => links.push(link_index),
                None => renderings.push((rendering, vec![link_index])),
            }
        }
        let first_finding = out.len();
        for renderings in groups.values() {
            if renderings.len() < 2 {
                continue;
            }
            let reference = renderings
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, links))| (links.len(), std::cmp::Reverse(*i)))
                .map(|(i, _)| i)
                .expect("two renderings");
            let (reference_text, reference_links) = &renderings[reference];
            let reference_link = &ctx.alignment.links[reference_links[0]];
            let reference_line = ctx.target.segments[reference_link.target.start].line;
            for (i, (_, links)) in renderings.iter().enumerate() {
                if i == reference {
                    continue;
                }
                for &link_index in links {
                    let link = &ctx.alignment.links[link_index];
                    let start = ctx.target.segments[link.target.start].start;
                    let end = ctx.target.segments[link.target.end - 1].end;
                    out.push(Finding {
                        rule: "segment-inconsistent",
                        severity: Severity::Warning,
                        message: format!(
                            "the same source sentence is translated differently at line {reference_line}: '{reference_text}'"
                        ),
                        source: Some(Position::segment(ctx.source, link.source.start)),
                        target: Some(Position::segment(ctx.target, link.target.start)),
                        suggestion: Some(reference_text.clone()),
                        link: link_index,
                        fix: Some(Fix {
                            start,
                            end,
                            replacement: reference_text.clone(),
                        }),
                    });
                }
            }
        }
        // Hash order is arbitrary: report in document order.
        out[first_finding..].sort_by_key(|f| f.link);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Alignment;
    use crate::document::Document;
    use crate::lang::Lang;

    fn run(source: &str, target: &str) -> Vec<Finding> {
        let s = Document::new(
            "s".into(),
            source.into(),
            Lang::FR,
            &crate::segment::segment_lines(source),
        );
        let t = Document::new(
            "t".into(),
            target.into(),
            Lang::EN,
            &crate::segment::segment_lines(target),
        );
        let alignment = Alignment::one_to_one(s.segments.len());
        crate::check::run_on(&SegmentConsistency, &s, &t, &alignment)
    }

    #[test]
    fn the_odd_rendering_is_reported_with_the_usual_one_as_fix() {
        let target = "Click OK.\nSomething else.\nPress OK.\nClick OK.";
        let f = run(
            "Cliquez sur OK.\nAutre chose.\nCliquez sur OK.\nCliquez  sur OK.",
            target,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(crate::check::words(target, &f[0].target), "Press OK.");
        assert_eq!(f[0].suggestion.as_deref(), Some("Click OK."));
        assert_eq!(
            f[0].message,
            "the same source sentence is translated differently at line 1: 'Click OK.'"
        );
    }

    // Prevents: typographic variants (’ vs ', NBSP) reported as different translations.
    #[test]
    fn typographic_variants_are_the_same_rendering() {
        assert!(run("C'est fini.\nC’est fini.", "It’s over.\nIt's\u{a0}over.").is_empty());
    }

    #[test]
    fn numbers_only_segments_are_ignored() {
        assert!(run("12\n12", "12\ntwelve").is_empty());
    }
}
