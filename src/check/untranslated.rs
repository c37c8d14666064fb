//! `untranslated`: a target segment that is still the source, either verbatim
//! or recognisably written in the source language.
//!
//! Segments made only of names, numbers or code are left alone: "Mistral AI",
//! "GPT-4", "12 345" or `fn main()` read the same in every language. A
//! segment is recognised as French or English by its function words (see
//! [`crate::lang::marker_counts`]), so a sentence full of shared proper names
//! ("NVIDIA, Samsung, IBM, BNP Paribas …") but written with English grammar
//! is not reported.

use super::normalize;
use super::{Check, CheckContext, Finding, Position, RuleInfo, Severity};
use crate::lang::{self, Lang};

/// The untranslated rule.
pub struct Untranslated;

const RULES: &[RuleInfo] = &[RuleInfo {
    id: "untranslated",
    default_severity: Severity::Warning,
    description: "a target segment is the source segment left in the source language",
}];

/// Function words of the source language needed before a segment is said to
/// be written in it.
const MIN_MARKERS: usize = 3;

/// Whether `text` has words a translator would translate: at least one
/// lower-case word of two letters or more, and mostly letters (not code).
pub fn has_translatable_words(text: &str) -> bool {
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if visible == 0 || letters * 10 < visible * 6 {
        return false;
    }
    text.split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 2 && w.chars().all(char::is_lowercase))
}

/// Whether `text` is a command line or synopsis rather than prose: it has
/// command syntax (`[…]`, `<…>`, `a|b`, `--option`, `%s`) and at most three
/// plain words outside it, none of them a function word of French or
/// English. `git remote show [<options>] <name>` or `%s commit %s - %s` is
/// rightly the same in the translation; "Delete branch" is not exempt (no
/// syntax), nor "Use --force to overwrite the file" (function words).
fn is_command_syntax(text: &str) -> bool {
    let syntax = text.contains('[')
        || text.contains('|')
        || text.contains("--")
        || text.contains('%')
        || (text.contains('<') && text.contains('>'));
    if !syntax {
        return false;
    }
    let mut depth = 0i32;
    let mut outside = String::new();
    for c in text.chars() {
        match c {
            '[' | '<' | '(' | '{' => depth += 1,
            ']' | '>' | ')' | '}' => depth = (depth - 1).max(0),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let plain: Vec<&str> = outside
        .split_whitespace()
        .filter(|w| {
            !w.starts_with('-')
                && !w.starts_with('%')
                && w.chars().any(char::is_alphabetic)
                && !w.contains(['_', '-', '.', '=', '/'])
        })
        .collect();
    let (fr, en) = lang::marker_counts(&plain.join(" "));
    plain.len() <= 3 && fr == 0 && en == 0
}

/// Whether two texts begin with the same dozen letters or digits (any case):
/// a cheap test before the full comparison.
fn same_start(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .take(12)
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    letters(a) == letters(b)
}

/// Whitespace collapsed, case folded, apostrophes unified.
fn comparable(text: &str) -> String {
    normalize::fold(&crate::document::one_line(text))
}

/// The most frequent function words, for a quick first look before the full
/// count (most segments of a long document are plainly translated).
const FRENCH_COMMON: &[&str] = &[
    "le", "la", "les", "des", "de", "du", "et", "est", "une", "un", "que", "qui", "dans", "pour",
    "il", "elle", "pas", "sur", "au", "ce",
];
const ENGLISH_COMMON: &[&str] = &[
    "the", "and", "of", "to", "is", "in", "that", "it", "for", "was", "with", "on", "as", "are",
    "be", "by", "this",
];

/// Whether `text` holds at least `n` of the `common` words (any case).
fn has_common_words(text: &str, common: &[&str], n: usize) -> bool {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| common.iter().any(|c| c.eq_ignore_ascii_case(w)))
        .nth(n.saturating_sub(1))
        .is_some()
}

/// Whether `text` reads as `source` rather than `target` by its function words.
fn reads_as(text: &str, source: Lang, target: Lang) -> bool {
    let common = match (source, target) {
        (s, t) if s.is_french() && t.is_english() => FRENCH_COMMON,
        (s, t) if s.is_english() && t.is_french() => ENGLISH_COMMON,
        _ => return false,
    };
    if !has_common_words(text, common, MIN_MARKERS) && !text.contains('\'') && !text.contains('’')
    {
        return false;
    }
    let (fr, en) = lang::marker_counts(text);
    let (own, other) = match (source, target) {
        (s, t) if s.is_french() && t.is_english() => (fr, en),
        (s, t) if s.is_english() && t.is_french() => (en, fr),
        _ => return false,
    };
    own >= MIN_MARKERS && own > 2 * other
}

/// Folded words of a text (letters and digits), for comparing sentences.
fn word_set(text: &str) -> std::collections::HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(normalize::fold)
        .collect()
}

/// The source sentence of a link that an untranslated target sentence is a
/// copy of: the one sharing the largest share of its words with the target
/// (the first on a tie). When the aligner has absorbed a dropped neighbour
/// into the link, that is the sentence the warning belongs beside, not the
/// link's first.
fn closest_source(ctx: &CheckContext<'_>, sources: std::ops::Range<usize>, target: &str) -> usize {
    if sources.len() <= 1 {
        return sources.start;
    }
    let words = word_set(target);
    let mut best = (sources.start, 0.0);
    for s in sources {
        let other = word_set(ctx.source.segment_text(s));
        let shared = other.intersection(&words).count();
        // Dice coefficient: a long neighbour does not win by length alone.
        let score = 2.0 * shared as f64 / (other.len() + words.len()).max(1) as f64;
        if score > best.1 {
            best = (s, score);
        }
    }
    best.0
}

impl Check for Untranslated {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for (link_index, link) in ctx.alignment.links.iter().enumerate() {
            link_findings(ctx, link_index, link, out);
        }
    }
}

/// Why a target segment counts as the source left untranslated.
enum Left {
    /// The source text itself.
    Identical,
    /// Another text, but written in the source language.
    InSourceLanguage,
}

/// The target segments of one link left untranslated, in order.
fn untranslated_targets<'c>(
    ctx: &'c CheckContext<'_>,
    link: &'c crate::align::Link,
) -> impl Iterator<Item = (usize, Left)> + 'c {
    let linked = !link.source.is_empty() && !link.target.is_empty();
    let source_joined = if linked {
        link.source
            .clone()
            .map(|s| ctx.source.segment_text(s))
            .collect::<Vec<&str>>()
            .join(" ")
    } else {
        String::new()
    };
    let source_key = std::cell::OnceCell::new();
    let targets = if linked { link.target.clone() } else { 0..0 };
    targets.filter_map(move |t| {
        let text = ctx.target.segment_text(t);
        if !has_translatable_words(text) {
            return None;
        }
        // Identical texts have about the same length: compare the
        // normalised forms only then.
        let close = |other: &str| {
            other.len().abs_diff(text.len()) * 5 <= text.len() && same_start(other, text)
        };
        let identical = (close(&source_joined)
            && *source_key.get_or_init(|| comparable(&source_joined)) == comparable(text))
            || (link.source.len() > 1
                && link.source.clone().any(|s| {
                    let other = ctx.source.segment_text(s);
                    close(other) && comparable(other) == comparable(text)
                }));
        // One word the same in both languages is a name or a
        // cognate title ("Introduction", "preload", "Configuration").
        let one_word = text.split_whitespace().count() < 2;
        // A catalogue entry is judged whole: its segment leaves out the
        // placeholders and tags at its edges (`git remote remove <name>`).
        let whole = match ctx.target.segment_block(t) {
            Some(b) if matches!(b.kind, crate::document::BlockKind::Entry(_)) => {
                &ctx.target.text[b.start..b.end]
            }
            _ => text,
        };
        if identical && !one_word && !is_command_syntax(whole) {
            Some((t, Left::Identical))
        } else if !identical && reads_as(text, ctx.source.lang, ctx.target.lang) {
            Some((t, Left::InSourceLanguage))
        } else {
            None
        }
    })
}

/// Whether a link has an `untranslated` finding. (The term check asks
/// before it merges the link's term findings itself; it stops at the first.)
pub(crate) fn link_has_findings(ctx: &CheckContext<'_>, link: &crate::align::Link) -> bool {
    untranslated_targets(ctx, link).next().is_some()
}

/// The `untranslated` findings of one link.
fn link_findings(
    ctx: &CheckContext<'_>,
    link_index: usize,
    link: &crate::align::Link,
    out: &mut Vec<Finding>,
) {
    let language = |l: Lang| match l.code() {
        "fr" => "French".to_string(),
        "en" => "English".to_string(),
        code => format!("the source language ({code})"),
    };
    for (t, left) in untranslated_targets(ctx, link) {
        let message = match left {
            Left::Identical => format!(
                "this sentence is the source left untranslated (identical to the {} text)",
                language(ctx.source.lang)
            ),
            Left::InSourceLanguage => format!(
                "this sentence is still in {}, not translated into {}",
                language(ctx.source.lang),
                language(ctx.target.lang)
            ),
        };
        let text = ctx.target.segment_text(t);
        out.push(Finding {
            rule: "untranslated",
            severity: Severity::Warning,
            message,
            source: Some(Position::segment(
                ctx.source,
                closest_source(ctx, link.source.clone(), text),
            )),
            target: Some(Position::segment(ctx.target, t)),
            suggestion: None,
            link: link_index,
            fix: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str, target: &str) -> Vec<Finding> {
        crate::check::run_on_one_link(&Untranslated, source, target)
    }

    #[test]
    fn identical_sentence_is_reported() {
        let f = run(
            "Cependant, il faudra du temps.",
            "Cependant, il faudra du temps.",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("identical"), "{}", f[0].message);
    }

    // Prevents: command synopses and format lines of a CLI's catalogue
    // (120 `untranslated` warnings on git's French catalogue) reported as
    // left untranslated, while short UI strings and sentences still are.
    #[test]
    fn command_synopses_are_not_reported_but_short_prose_is() {
        for synopsis in [
            "git remote show [<options>] <name>",
            "git remote set-head <name> (-a | --auto | -d | --delete | <branch>)",
            "%s commit %s - %s",
            "git bundle list-heads <file> [<refname>...]",
        ] {
            assert!(run(synopsis, synopsis).is_empty(), "{synopsis}");
        }
        for prose in [
            "Delete branch now",
            "Use --force to overwrite the file",
            "Could not open %s for writing",
        ] {
            assert_eq!(run(prose, prose).len(), 1, "{prose}");
        }
    }

    #[test]
    fn one_word_titles_the_same_in_both_languages_are_not_reported() {
        assert!(run("Introduction", "Introduction").is_empty());
        assert!(run("preload", "preload").is_empty());
    }

    #[test]
    fn sentence_left_in_french_is_reported() {
        let f = run("Il est parti.", "Il est parti à la plage avec les enfants.");
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "this sentence is still in French, not translated into English"
        );
    }

    // Prevents: names, numbers and code reported as untranslated.
    #[test]
    fn names_numbers_and_code_are_not_reported() {
        assert!(run("Mistral AI", "Mistral AI").is_empty());
        assert!(run("GPT-4 : 12 345", "GPT-4 : 12 345").is_empty());
        assert!(run("fn main() { x(); }", "fn main() { x(); }").is_empty());
        assert!(
            run(
                "Image en vedette | Wikimedia Commons, Mistral",
                "Featured image | Wikimedia Commons, Mistral"
            )
            .is_empty()
        );
    }

    // Prevents: an English sentence of shared proper names taken for French.
    #[test]
    fn translated_sentence_with_shared_names_is_not_reported() {
        assert!(
            run(
                "Parmi ses investisseurs figurent NVIDIA, Samsung, IBM, BNP Paribas.",
                "Its investors include NVIDIA, Samsung, IBM, BNP Paribas."
            )
            .is_empty()
        );
        assert!(
            run(
                "Le journal « Le Monde » l'a écrit.",
                "The paper Le Monde wrote it."
            )
            .is_empty()
        );
    }
}

#[cfg(test)]
mod closest_source_tests {
    use super::*;
    use crate::align::{Alignment, Link};
    use crate::document::Document;

    // Prevents: the warning shown beside the link's first source sentence
    // when the aligner joined a dropped neighbour to the copied one.
    #[test]
    fn untranslated_points_at_the_copied_source_sentence() {
        let source =
            "Il pleut depuis ce matin. Le match est annulé et les joueurs sont rentrés chez eux.";
        let split = source.find(" Le").unwrap();
        let target = "Le match est annulé et les joueurs sont rentrés chez eux.";
        let s = Document::new(
            "s".into(),
            source.into(),
            Lang::FR,
            &[(0, split), (split + 1, source.len())],
        );
        let t = Document::new("t".into(), target.into(), Lang::EN, &[(0, target.len())]);
        let alignment = Alignment {
            links: vec![Link {
                source: 0..2,
                target: 0..1,
                score: 0.7,
            }],
        };
        let out = crate::check::run_on(&Untranslated, &s, &t, &alignment);
        assert_eq!(out.len(), 1);
        let p = out[0].source.as_ref().unwrap();
        assert_eq!(p.segment, 1);
        let text = p.text(&s);
        assert!(text.starts_with("Le match"), "{text}");
    }
}
