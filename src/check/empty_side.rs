//! `omission` (an error: part of the text is missing) and `addition` (a
//! warning): links with an empty side.

use super::{Check, CheckContext, Finding, Position, RuleInfo, Severity};
use crate::document::BlockKind;

/// Flags source segments left untranslated and target segments with no source.
pub struct EmptySide;

const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "omission",
        default_severity: Severity::Error,
        description: "a source segment has no translation (1-0 link)",
    },
    RuleInfo {
        id: "addition",
        default_severity: Severity::Warning,
        description: "a target segment has no source (0-1 link)",
    },
];

impl Check for EmptySide {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        // A catalogue key missing from the translation is a
        // `missing-translation` (see `entries.rs`), not an omission.
        let catalogue = crate::format::catalogue::is_catalogue(ctx.source);
        // Sentences of one block without a counterpart are one mistake (a
        // dropped tip, an added paragraph): one finding for the run.
        let mut run: Option<Run> = None;
        for (link_index, link) in ctx.alignment.links.iter().enumerate() {
            let side = if link.target.is_empty() && !catalogue {
                Some((true, link.source.clone()))
            } else if link.source.is_empty() {
                Some((false, link.target.clone()))
            } else {
                None
            };
            let Some((omitted, segments)) = side else {
                if let Some(r) = run.take() {
                    r.report(ctx, out);
                }
                continue;
            };
            let doc = if omitted { ctx.source } else { ctx.target };
            for seg in segments {
                let block = doc.segments[seg].block;
                // A title a translator gives an admonition that had none:
                // the marker itself is compared by `markup-mismatch`.
                if !omitted
                    && doc
                        .segment_block(seg)
                        .is_some_and(|b| b.kind == BlockKind::Title)
                {
                    continue;
                }
                match &mut run {
                    Some(r) if r.omitted == omitted && block.is_some() && r.block == block => {
                        r.last = seg;
                    }
                    _ => {
                        if let Some(r) = run.take() {
                            r.report(ctx, out);
                        }
                        run = Some(Run {
                            omitted,
                            block,
                            first: seg,
                            last: seg,
                            link: link_index,
                        });
                    }
                }
            }
        }
        if let Some(r) = run.take() {
            r.report(ctx, out);
        }
    }
}

/// Consecutive sentences of one block that have no counterpart.
struct Run {
    omitted: bool,
    block: Option<usize>,
    first: usize,
    last: usize,
    link: usize,
}

impl Run {
    fn report(self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let doc = if self.omitted { ctx.source } else { ctx.target };
        let count = self.last - self.first + 1;
        let position = Position::new(
            doc,
            self.first,
            doc.segments[self.first].start,
            doc.segments[self.last].end,
        );
        let what = match (count, doc.segment_block(self.first)) {
            (1, _) => None,
            (n, Some(b)) => Some(format!("this {} ({n} sentences)", b.kind.name())),
            (n, None) => Some(format!("these {n} sentences")),
        };
        let (rule, severity, message, source, target) = if self.omitted {
            (
                "omission",
                Severity::Error,
                match what {
                    Some(w) => format!("{w} of the source has no translation"),
                    None => "this source sentence has no translation".into(),
                },
                Some(position),
                None,
            )
        } else {
            (
                "addition",
                Severity::Warning,
                match what {
                    Some(w) => format!("{w} of the translation has no source"),
                    None => "this sentence of the translation has no source".into(),
                },
                None,
                Some(position),
            )
        };
        out.push(Finding {
            rule,
            severity,
            message,
            source,
            target,
            suggestion: None,
            link: self.link,
            fix: None,
        });
    }
}
