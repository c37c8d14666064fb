//! Nothing is lost: over arbitrary Unicode text, the spans are trimmed,
//! in order, non-overlapping, and cover every non-whitespace character
//! exactly once.

use bitext::Lang;
use bitext::segment::{SegmentOptions, segment};
use proptest::prelude::*;

/// Text built from the characters the rules look at, so that every rule
/// fires often, mixed with arbitrary Unicode.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(".".to_string()),
        Just(". ".to_string()),
        Just("? ".to_string()),
        Just("! ".to_string()),
        Just("…".to_string()),
        Just(" . . .".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\n\n".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{202f}»".to_string()),
        Just("« ".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("’".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("[1]".to_string()),
        Just("- ".to_string()),
        Just("• ".to_string()),
        Just("1. ".to_string()),
        Just("a) ".to_string()),
        Just("M. ".to_string()),
        Just("U.S. ".to_string()),
        Just("etc. ".to_string()),
        Just("Le ".to_string()),
        Just("the ".to_string()),
        "[a-zA-Z0-9 ]{0,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check_lossless(text: &str, lang: Lang) -> Result<(), TestCaseError> {
    let spans = segment(text, lang, &SegmentOptions::default());
    let mut covered = 0;
    for &(start, end) in &spans {
        prop_assert!(start < end, "empty span {start}..{end}");
        prop_assert!(start >= covered, "overlap or disorder at {start}");
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let gap = &text[covered..start];
        prop_assert!(gap.chars().all(char::is_whitespace), "lost {gap:?}");
        let span = &text[start..end];
        prop_assert_eq!(span.trim(), span, "span not trimmed");
        covered = end;
    }
    let rest = &text[covered..];
    prop_assert!(rest.chars().all(char::is_whitespace), "lost tail {rest:?}");
    Ok(())
}

proptest! {
    // 300 cases keep the suite fast; `SEGMENT_PROPTEST_CASES=20000` for a
    // deeper run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("SEGMENT_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn spans_cover_every_character_once_in_order(text in tricky_text()) {
        check_lossless(&text, Lang::FR)?;
        check_lossless(&text, Lang::EN)?;
        check_lossless(&text, Lang::parse("de").unwrap())?;
    }

    #[test]
    fn arbitrary_unicode_is_never_lost(text in any::<String>()) {
        check_lossless(&text, Lang::FR)?;
        check_lossless(&text, Lang::EN)?;
    }
}
