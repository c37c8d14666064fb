//! `omission` (an error: part of the text is missing) and `addition` (a
//! warning): links with an empty side.

use super::{Check, CheckContext, Finding, Position, RuleInfo, Severity};

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
        for (link_index, link) in ctx.alignment.links.iter().enumerate() {
            if link.target.is_empty() && catalogue {
                continue;
            }
            if link.target.is_empty() {
                for s in link.source.clone() {
                    out.push(Finding {
                        rule: "omission",
                        severity: Severity::Error,
                        message: "this source sentence has no translation".into(),
                        source: Some(Position::segment(ctx.source, s)),
                        target: None,
                        suggestion: None,
                        link: link_index,
                        fix: None,
                    });
                }
            } else if link.source.is_empty() {
                for t in link.target.clone() {
                    out.push(Finding {
                        rule: "addition",
                        severity: Severity::Warning,
                        message: "this sentence of the translation has no source".into(),
                        source: None,
                        target: Some(Position::segment(ctx.target, t)),
                        suggestion: None,
                        link: link_index,
                        fix: None,
                    });
                }
            }
        }
    }
}
