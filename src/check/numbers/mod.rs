//! `number-mismatch`: every quantity of a source segment must have an equal in
//! the aligned target, compared by value across locales (see [`extract`]).
//!
//! The quantities of both sides of a link are paired by a maximum bipartite
//! matching, so a reordered list ("3, 5 and 7" → "7, 3 and 5") is not a
//! mismatch. A source number written in words ("trois") is reported only when
//! the target holds a quantity left unpaired (a substitution): translators
//! render such words freely ("deux fois" → "twice").

pub mod extract;
mod matching;

use super::{Check, CheckContext, Finding, Fix, Position, RuleInfo, Severity};
use crate::document::{Document, one_line};
use crate::lang::Lang;
use extract::{Decimal, Quantity, Value};

/// The number rule.
pub struct Numbers;

const RULES: &[RuleInfo] = &[RuleInfo {
    id: "number-mismatch",
    default_severity: Severity::Error,
    description: "a number, amount, percentage, date or time in the source has no equal in the aligned target",
}];

/// A quantity with the segment it was found in; spans are document offsets.
#[derive(Debug, Clone)]
struct Located {
    segment: usize,
    quantity: Quantity,
}

fn quantities(doc: &Document, segments: std::ops::Range<usize>) -> Vec<Located> {
    let mut out = Vec::new();
    for s in segments {
        let base = doc.segments[s].start;
        for mut q in extract::extract(doc.segment_text(s), doc.lang) {
            q.start += base;
            q.end += base;
            out.push(Located {
                segment: s,
                quantity: q,
            });
        }
    }
    out
}

/// Pairs source and target quantities with equal readings, as many as
/// possible: `pair[t] = Some(s)`. Linear in the common case and never
/// recursive (see [`matching`]).
fn match_quantities(source: &[Located], target: &[Located]) -> Vec<Option<usize>> {
    let s: Vec<&[Value]> = source
        .iter()
        .map(|q| q.quantity.values.as_slice())
        .collect();
    let t: Vec<&[Value]> = target
        .iter()
        .map(|q| q.quantity.values.as_slice())
        .collect();
    matching::pair(&s, &t)
}

/// A value as a reviewer reads it, e.g. "5,800,000,000" or "21:30".
fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => format_number(n, Lang::EN, true),
        Value::Month(m) => extract::month_name(*m, Lang::EN).to_string(),
        Value::Time(h, m) => format!("{h:02}:{m:02}"),
    }
}

/// `n` written the way `lang` writes numbers, exactly.
fn format_number(n: &Decimal, lang: Lang, group: bool) -> String {
    let (int, frac) = n.parts();
    let mut digits = int.clone();
    if group && int.len() >= 5 {
        let sep = if lang.is_french() { "\u{202f}" } else { "," };
        let mut grouped = String::with_capacity(int.len() * 2);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                grouped.push_str(sep);
            }
            grouped.push(c);
        }
        digits = grouped;
    }
    if !frac.is_empty() {
        digits.push_str(if lang.is_french() { "," } else { "." });
        digits.push_str(&frac);
    }
    digits
}

/// The source value written for the target, keeping a multiplier word when
/// the target used one ("5.8 billion").
fn render_for_target(value: &Value, lang: Lang, scaled: bool) -> Option<String> {
    match value {
        Value::Number(n) if scaled && n.magnitude().is_some_and(|m| m >= 6) => {
            let big = n.magnitude().is_some_and(|m| m >= 9);
            let (power, one, many) = match (big, lang.is_french()) {
                (true, true) => (9, "milliard", "milliards"),
                (true, false) => (9, "billion", "billion"),
                (false, true) => (6, "million", "millions"),
                (false, false) => (6, "million", "million"),
            };
            let count = n.scaled(-power);
            let word = if count.below_two() { one } else { many };
            Some(format!("{} {word}", format_number(&count, lang, false)))
        }
        Value::Number(n) => Some(format_number(n, lang, true)),
        Value::Month(m) => Some(extract::month_name(*m, lang).to_string()),
        Value::Time(..) => None,
    }
}

impl Check for Numbers {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for (link_index, link) in ctx.alignment.links.iter().enumerate() {
            if link.source.is_empty() || link.target.is_empty() {
                continue;
            }
            let source = quantities(ctx.source, link.source.clone());
            if source.is_empty() {
                continue;
            }
            let target = quantities(ctx.target, link.target.clone());
            let pair = match_quantities(&source, &target);
            let mut paired = vec![false; source.len()];
            for s in pair.iter().flatten() {
                paired[*s] = true;
            }
            // An ordinal word left over ("the first", "a second") is prose
            // more often than a substituted number: it is no counterpart.
            let ordinal_word = |t: &Located| {
                t.quantity.spelled
                    && extract::ordinal_word_of(
                        &ctx.target.text[t.quantity.start..t.quantity.end].to_lowercase(),
                    )
                    .is_some()
            };
            let spare: Vec<&Located> = target
                .iter()
                .zip(&pair)
                .filter(|(t, p)| p.is_none() && !ordinal_word(t))
                .map(|(t, _)| t)
                .collect();
            let missing: Vec<&Located> = source
                .iter()
                .zip(&paired)
                .filter(|(q, p)| !**p && (!q.quantity.spelled || !spare.is_empty()))
                .map(|(q, _)| q)
                .collect();
            // When as many target quantities are left as source ones, pair them
            // in order: "150 million" is where "105 millions" went.
            let counterpart = |i: usize| (missing.len() == spare.len()).then(|| spare[i]);
            for (i, q) in missing.iter().enumerate() {
                out.push(finding(
                    ctx,
                    link_index,
                    link.target.start,
                    q,
                    counterpart(i),
                ));
            }
        }
    }
}

fn finding(
    ctx: &CheckContext<'_>,
    link_index: usize,
    first_target_segment: usize,
    source: &Located,
    target: Option<&Located>,
) -> Finding {
    let src = &source.quantity;
    let src_text = one_line(&ctx.source.text[src.start..src.end]);
    let value = &src.values[0];
    let shown = describe(value);
    let said = if shown == src_text {
        format!("'{src_text}'")
    } else {
        format!("'{src_text}' ({shown})")
    };
    let (message, target_position, fix, suggestion) = match target {
        Some(t) => {
            let tq = &t.quantity;
            let t_text = one_line(&ctx.target.text[tq.start..tq.end]);
            let t_shown = describe(&tq.values[0]);
            let t_said = if t_shown == t_text {
                format!("'{t_text}'")
            } else {
                format!("'{t_text}' ({t_shown})")
            };
            let same_kind = std::mem::discriminant(value) == std::mem::discriminant(&tq.values[0]);
            let replacement = same_kind
                .then(|| render_for_target(value, ctx.target.lang, tq.scaled))
                .flatten();
            (
                format!("{said} in the source does not match {t_said} in the translation"),
                Position::new(ctx.target, t.segment, tq.start, tq.end),
                replacement.clone().map(|r| Fix {
                    start: tq.start,
                    end: tq.end,
                    replacement: r,
                }),
                replacement,
            )
        }
        None => (
            format!("{said} in the source has no equal in the translation"),
            Position::segment(ctx.target, first_target_segment),
            None,
            render_for_target(value, ctx.target.lang, src.scaled),
        ),
    };
    Finding {
        rule: "number-mismatch",
        severity: Severity::Error,
        message,
        source: Some(Position::new(
            ctx.source,
            source.segment,
            src.start,
            src.end,
        )),
        target: Some(target_position),
        suggestion,
        link: link_index,
        fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::check::words;

    fn run(source: &str, target: &str) -> Vec<Finding> {
        crate::check::run_on_one_link(&Numbers, source, target)
    }

    #[test]
    fn equal_values_across_locales_are_clean() {
        let f = run(
            "Ils ont levé 600 millions d'euros, soit 5,8 %.",
            "They raised €600 million, or 5.8%.",
        );
        assert!(f.is_empty(), "{f:?}");
        let f = run(
            "Le 1er juin 2024 à 21 h, 1 000 personnes.",
            "On 1st June 2024 at 9 p.m., 1,000 people.",
        );
        assert!(f.is_empty(), "{f:?}");
    }

    // Prevents: a reordered list reported as a mismatch.
    #[test]
    fn reordered_numbers_are_not_a_mismatch() {
        assert!(run("En 2021, 2022 et 2023.", "In 2023, 2021 and 2022.").is_empty());
    }

    #[test]
    fn wrong_multiplier_points_at_both_words_with_a_fix() {
        let (source, target) = (
            "Une valorisation de 5,8 milliards d'euros.",
            "A valuation of €5.8 million.",
        );
        let f = run(source, target);
        assert_eq!(f.len(), 1);
        assert_eq!(words(source, &f[0].source), "5,8 milliards");
        assert_eq!(words(target, &f[0].target), "5.8 million");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "5.8 billion");
        assert_eq!(
            f[0].message,
            "'5,8 milliards' (5,800,000,000) in the source does not match '5.8 million' (5,800,000) in the translation"
        );
    }

    #[test]
    fn dropped_number_points_at_the_segment() {
        let f = run("Un effectif de 60 personnes.", "A small staff.");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "'60' in the source has no equal in the translation"
        );
        assert_eq!(f[0].suggestion.as_deref(), Some("60"));
        assert!(f[0].fix.is_none());
    }

    // Prevents: "deux fois" → "twice" flagged, while "trois" → "four" is caught.
    #[test]
    fn spelled_numbers_count_only_against_another_number() {
        assert!(run("Il a essayé deux fois.", "He tried twice.").is_empty());
        let target = "In four rounds.";
        let f = run("En trois tours.", target);
        assert_eq!(f.len(), 1);
        assert_eq!(words(target, &f[0].target), "four");
    }

    #[test]
    fn dates_point_at_the_wrong_part() {
        let source = "Fondée en juin 2023.";
        let f = run(source, "Founded in June 2022.");
        assert_eq!(f.len(), 1);
        assert_eq!(words(source, &f[0].source), "2023");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "2023");
    }
}
