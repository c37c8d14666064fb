//! Catalogue entries (PO, XLIFF, JSON) as units: `missing-translation` for
//! an entry whose translation is empty (or, for two JSON catalogues, whose
//! key the translation lacks), and `omission` for the sentences of a
//! several-sentence entry that its translation drops.
//!
//! An entry is one segment (the translator's unit), so the aligner never
//! sees its sentences; here each entry with two or more sentences is split
//! and its sentences aligned on their own, and a source sentence left
//! without a translation is reported when the translation is also clearly
//! shorter than the source (a merged sentence is no omission).

use super::{Check, CheckContext, Finding, MISSING_TRANSLATION, Position, RuleInfo, Severity};
use crate::align::{self, AlignOptions};
use crate::document::Document;
use crate::format::catalogue;
use crate::segment::{self, SegmentOptions};

/// The entry-level rules of catalogues.
pub struct Entries;

const RULES: &[RuleInfo] = &[RuleInfo {
    description: "a source file has no target file (project runs), or a catalogue entry's translation is empty or its key missing",
    ..MISSING_TRANSLATION
}];

/// Below this ratio of target to source letters (French and English
/// translations run longer than their source, not shorter), a translation
/// with fewer sentences than its source has dropped one: the one the
/// sentence aligner leaves unlinked, or the last of a merged link.
const SHORTER: f64 = 0.85;

impl Check for Entries {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if !catalogue::is_catalogue(ctx.source) {
            return;
        }
        for (link_index, link) in ctx.alignment.links.iter().enumerate() {
            if link.source.is_empty() {
                continue;
            }
            let s = link.source.start;
            if link.target.is_empty() {
                // A key of the source catalogue the translation lacks.
                let key = catalogue::entry_of(ctx.source, s)
                    .map(|e| e.key.clone())
                    .unwrap_or_default();
                out.push(Finding {
                    rule: MISSING_TRANSLATION.id,
                    severity: MISSING_TRANSLATION.default_severity,
                    message: format!(
                        "'{key}' has no translation: the key is missing from {}",
                        ctx.target.name
                    ),
                    source: Some(Position::segment(ctx.source, s)),
                    target: None,
                    suggestion: None,
                    link: link_index,
                    fix: None,
                });
                continue;
            }
            let t = link.target.start;
            let source_text = ctx.source.display_text(s);
            let target_text = ctx.target.display_text(t);
            if target_text.trim().is_empty() {
                if source_text.trim().is_empty() {
                    continue;
                }
                out.push(Finding {
                    rule: MISSING_TRANSLATION.id,
                    severity: MISSING_TRANSLATION.default_severity,
                    message: "this entry has no translation (its translation is empty)".into(),
                    source: Some(Position::segment(ctx.source, s)),
                    target: Some(Position::segment(ctx.target, t)),
                    suggestion: None,
                    link: link_index,
                    fix: None,
                });
                continue;
            }
            omissions(ctx, s, t, link_index, out);
        }
    }
}

/// Sentences of source entry `s` that target entry `t` drops.
fn omissions(ctx: &CheckContext<'_>, s: usize, t: usize, link: usize, out: &mut Vec<Finding>) {
    let opts = SegmentOptions::default();
    let src = ctx.source.segment_text(s);
    let tgt = ctx.target.segment_text(t);
    let letters = |x: &str| x.chars().filter(|c| c.is_alphanumeric()).count();
    if (letters(tgt) as f64) >= SHORTER * letters(src) as f64 {
        return;
    }
    let sentences = |text: &str, lang| -> Vec<(usize, usize)> {
        segment::segment(text, lang, &opts)
            .into_iter()
            .filter(|&(a, b)| letters(&text[a..b]) > 0)
            .collect()
    };
    let ss = sentences(src, ctx.source.lang);
    if ss.len() < 2 {
        return;
    }
    let ts = sentences(tgt, ctx.target.lang);
    if ts.len() >= ss.len() {
        return;
    }
    let sd = Document::new("s".into(), src.to_string(), ctx.source.lang, &ss);
    let td = Document::new("t".into(), tgt.to_string(), ctx.target.lang, &ts);
    let alignment = align::align(&sd, &td, &AlignOptions::default());
    let base = ctx.source.segments[s].start;
    for l in &alignment.links {
        // A sentence with nothing against it, or merged into a translation
        // far too short for both.
        let dropped: Vec<usize> = if l.target.is_empty() {
            l.source.clone().collect()
        } else if l.source.len() > l.target.len() {
            let n = |r: std::ops::Range<usize>, sp: &[(usize, usize)], text: &str| -> usize {
                r.map(|i| letters(&text[sp[i].0..sp[i].1])).sum()
            };
            let (sn, tn) = (n(l.source.clone(), &ss, src), n(l.target.clone(), &ts, tgt));
            if (tn as f64) < SHORTER * sn as f64 {
                vec![l.source.end - 1]
            } else {
                Vec::new()
            }
        } else {
            Vec::new()
        };
        for i in dropped {
            let (a, b) = ss[i];
            out.push(Finding {
                rule: "omission",
                severity: Severity::Warning,
                message: "this sentence of the source entry has no translation in it".into(),
                source: Some(Position::new(ctx.source, s, base + a, base + b)),
                target: Some(Position::segment(ctx.target, t)),
                suggestion: None,
                link,
                fix: None,
            });
        }
    }
}
