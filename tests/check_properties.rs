//! Properties of the check stages over arbitrary text: no panic, spans that
//! are exact slices of the input, and numbers equal across locales whatever
//! their value.

use bitext::align::{Alignment, Link};
use bitext::check::normalize::{WordStemmer, tokenize};
use bitext::check::numbers::extract::{Decimal, Value, extract};
use bitext::check::{self, CheckContext};
use bitext::document::Document;
use bitext::glossary;
use bitext::lang::Lang;
use proptest::prelude::*;

/// Text mixing words, digits, separators, apostrophes and odd Unicode.
fn messy_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-zA-Zéèàç]{1,8}",
            "[0-9]{1,4}",
            Just(" ".to_string()),
            Just("\u{a0}".to_string()),
            Just("\u{202f}".to_string()),
            Just("'".to_string()),
            Just("’".to_string()),
            Just(",".to_string()),
            Just(".".to_string()),
            Just("-".to_string()),
            Just("/".to_string()),
            Just(":".to_string()),
            Just("%".to_string()),
            Just("€".to_string()),
            Just("h".to_string()),
            Just("p.m.".to_string()),
            Just("milliards".to_string()),
            Just("e\u{301}".to_string()),
            "\\PC{1,3}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// `n` (with up to two decimals) as French and as English write it.
fn both_locales(int: u64, cents: u8, nbsp: bool) -> (String, String) {
    let digits = int.to_string();
    let group = |sep: &str| {
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    };
    let fr_sep = if nbsp { "\u{202f}" } else { " " };
    let (mut fr, mut en) = (group(fr_sep), group(","));
    if cents > 0 {
        fr.push_str(&format!(",{cents:02}"));
        en.push_str(&format!(".{cents:02}"));
    }
    (fr, en)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn quantities_are_exact_slices(text in messy_text()) {
        for lang in [Lang::FR, Lang::EN] {
            for q in extract(&text, lang) {
                prop_assert!(q.start < q.end && q.end <= text.len());
                prop_assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
                prop_assert!(!q.values.is_empty());
            }
        }
    }

    #[test]
    fn tokens_are_ordered_word_slices(text in messy_text()) {
        for lang in [Lang::FR, Lang::EN] {
            let mut stemmer = WordStemmer::new(lang);
            let mut last_end = 0;
            for t in tokenize(&text, lang, &mut stemmer) {
                prop_assert!(t.start >= last_end && t.start < t.end);
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                prop_assert!(text[t.start..t.end].chars().next().unwrap().is_alphanumeric()
                    || unicode_normalization::char::is_combining_mark(text[t.start..].chars().next().unwrap()));
                prop_assert!(!t.folded.is_empty());
                last_end = t.end;
            }
        }
    }

    #[test]
    fn numbers_match_across_locales(int in 0u64..10_000_000_000, cents in 0u8..100, nbsp: bool) {
        let (fr, en) = both_locales(int, cents, nbsp);
        let (qf, qe) = (extract(&fr, Lang::FR), extract(&en, Lang::EN));
        prop_assert_eq!(qf.len(), 1, "{}", fr);
        prop_assert_eq!(qe.len(), 1, "{}", en);
        prop_assert!(qf[0].matches(&qe[0]), "{} vs {}", fr, en);
        let expected = Value::Number(Decimal::parse(&int.to_string(), &format!("{cents:02}")));
        prop_assert!(qf[0].values.iter().any(|v| v.same(&expected)), "{}", fr);
    }

    #[test]
    fn checks_never_panic_and_point_into_the_documents(source in messy_text(), target in messy_text()) {
        let g = glossary::parse(
            "g.toml",
            "[[term]]\nsource = [\"tour de table\", \"IA\"]\ntarget = [\"funding round\", \"AI\"]\nforbidden = \"table round\"\n",
        ).unwrap();
        let s = Document::new("s".into(), source.clone(), Lang::FR, &[(0, source.len())]);
        let t = Document::new("t".into(), target.clone(), Lang::EN, &[(0, target.len())]);
        let alignment = Alignment { links: vec![Link { source: 0..1, target: 0..1, score: 1.0 }] };
        let ctx = CheckContext { source: &s, target: &t, alignment: &alignment, glossary: &g, terms: None };
        for f in check::run_all(&ctx) {
            if let Some(p) = &f.source {
                prop_assert!(source.get(p.start..p.end).is_some(), "{p:?} outside the source");
            }
            if let Some(p) = &f.target {
                prop_assert!(target.get(p.start..p.end).is_some(), "{p:?} outside the target");
            }
            if let Some(fix) = &f.fix {
                prop_assert!(target.is_char_boundary(fix.start) && target.is_char_boundary(fix.end));
            }
        }
    }
}
