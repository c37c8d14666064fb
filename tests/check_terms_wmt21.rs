//! Term checking measured on real translations: the WMT21 terminology task,
//! English → French (TICO-19, COVID-19 domain; `tests/data/terms/README.md`).
//!
//! Each pair is one 1-1 link, source = English, target = French, glossary =
//! the task's term list (English term → accepted French forms). Two figures:
//! - false alarms: `term-missing` findings on the human reference, counted
//!   against the annotated term occurrences (must be ≤ 1%);
//! - recall: each annotated French term occurrence replaced by a wrong word;
//!   the share of those occurrences flagged `term-missing` (must be ≥ 98%).
//!
//! `cargo test --test check_terms_wmt21 -- --nocapture` prints both.

use bitext::align::{Alignment, Link};
use bitext::check::terms::TermChecker;
use bitext::check::{CheckContext, Finding};
use bitext::document::Document;
use bitext::glossary::{Glossary, Term};
use bitext::lang::Lang;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct GlossaryEntry {
    term_id: String,
    en: Vec<String>,
    fr: Vec<String>,
}

#[derive(Deserialize)]
struct Annotation {
    term_id: String,
    en: [usize; 2],
    fr: [usize; 2],
}

#[derive(Deserialize)]
struct Pair {
    id: String,
    en: String,
    fr: String,
    terms: Vec<Annotation>,
}

/// The glossary, and each term id's preferred French form (what a
/// `term-missing` finding for that term suggests).
fn glossary() -> (Glossary, HashMap<String, String>) {
    let text = std::fs::read_to_string("tests/data/terms/wmt21_glossary.jsonl").unwrap();
    let mut preferred = HashMap::new();
    let mut terms = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let e: GlossaryEntry = serde_json::from_str(line).unwrap();
        preferred.insert(e.term_id, e.fr[0].clone());
        terms.push(Term {
            source: e.en,
            target: e.fr,
            forbidden: Vec::new(),
            case_sensitive: false,
            exact: false,
            note: None,
            line: i + 1,
        });
    }
    let glossary = Glossary {
        source_lang: Lang::EN,
        target_lang: Lang::FR,
        terms,
    };
    (glossary, preferred)
}

/// Per annotated term of `pair`: its annotated English spans.
fn annotated(pair: &Pair) -> HashMap<&str, Vec<[usize; 2]>> {
    let mut by_term: HashMap<&str, Vec<[usize; 2]>> = HashMap::new();
    for t in &pair.terms {
        by_term.entry(t.term_id.as_str()).or_default().push(t.en);
    }
    by_term
}

/// Annotated occurrences of `pair` that a finding points at (its source words
/// overlap them). The gold says these occurrences are translated, so on the
/// human reference each is a false alarm. With `same_term`, only findings
/// about the annotated term count (they suggest its preferred form or name
/// exactly the annotated words).
fn pointed_at(
    pair: &Pair,
    findings: &[Finding],
    preferred: &HashMap<String, String>,
    same_term: bool,
) -> usize {
    pair.terms
        .iter()
        .filter(|t| {
            findings.iter().any(|f| {
                let Some(p) = &f.source else { return false };
                let overlaps = p.start < t.en[1] && t.en[0] < p.end;
                let about = f.suggestion.as_deref() == Some(preferred[&t.term_id].as_str())
                    || [p.start, p.end] == t.en;
                overlaps && (about || !same_term)
            })
        })
        .count()
}

/// Findings about each annotated term: pointing at one of its annotated
/// occurrences, or suggesting its preferred form.
fn findings_about<'p>(
    pair: &'p Pair,
    findings: &[Finding],
    preferred: &HashMap<String, String>,
) -> HashMap<&'p str, usize> {
    annotated(pair)
        .into_iter()
        .map(|(id, spans)| {
            let n = findings
                .iter()
                .filter(|f| {
                    let Some(p) = &f.source else { return false };
                    spans.iter().any(|s| p.start < s[1] && s[0] < p.end)
                        || f.suggestion.as_deref() == Some(preferred[id].as_str())
                })
                .count();
            (id, n)
        })
        .collect()
}

fn pairs() -> Vec<Pair> {
    std::fs::read_to_string("tests/data/terms/wmt21_pairs.jsonl")
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn term_missing(checker: &TermChecker, en: &str, fr: &str) -> Vec<Finding> {
    let source = Document::new("en".into(), en.into(), Lang::EN, &[(0, en.len())]);
    let target = Document::new("fr".into(), fr.into(), Lang::FR, &[(0, fr.len())]);
    let alignment = Alignment {
        links: vec![Link {
            source: 0..1,
            target: 0..1,
            score: 1.0,
        }],
    };
    let glossary = Glossary::default();
    let ctx = CheckContext {
        source: &source,
        target: &target,
        alignment: &alignment,
        glossary: &glossary,
    };
    let mut out = Vec::new();
    checker.check(&ctx, &mut out);
    out.retain(|f| f.rule == "term-missing");
    out
}

/// The French text with every annotated term occurrence replaced by a word
/// that is no accepted form of any term.
fn with_terms_replaced(pair: &Pair) -> String {
    let mut spans: Vec<[usize; 2]> = pair.terms.iter().map(|t| t.fr).collect();
    spans.sort();
    let mut merged: Vec<[usize; 2]> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s[0] < last[1] => last[1] = last[1].max(s[1]),
            _ => merged.push(s),
        }
    }
    let mut out = pair.fr.clone();
    for s in merged.iter().rev() {
        out.replace_range(s[0]..s[1], "chose");
    }
    out
}

#[test]
fn wmt21_false_alarms_and_recall() {
    let (glossary, preferred) = glossary();
    let checker = TermChecker::new(&glossary);
    let pairs = pairs();
    let occurrences: usize = pairs.iter().map(|p| p.terms.len()).sum();
    assert_eq!(pairs.len(), 3071);
    assert_eq!(occurrences, 3324);

    let mut false_alarms = 0;
    let mut all_findings = 0;
    let mut overlapping = 0;
    let mut flagged = 0;
    let mut examples = Vec::new();
    for pair in &pairs {
        let on_reference = term_missing(&checker, &pair.en, &pair.fr);
        all_findings += on_reference.len();
        let wrong = pointed_at(pair, &on_reference, &preferred, true);
        false_alarms += wrong;
        overlapping += pointed_at(pair, &on_reference, &preferred, false);
        if wrong > 0 && examples.len() < 20 {
            examples.push(format!(
                "false alarm {}: {}",
                pair.id, on_reference[0].message
            ));
        }
        if pair.terms.is_empty() {
            continue;
        }
        // Recall: the findings the replacement added, per term, each
        // accounting for one replaced occurrence of that term. The gold pairs
        // repeated occurrences of a term arbitrarily across the two sides, so a
        // finding may name the twin of the annotated English occurrence.
        let broken = term_missing(&checker, &pair.en, &with_terms_replaced(pair));
        let before = findings_about(pair, &on_reference, &preferred);
        let after = findings_about(pair, &broken, &preferred);
        let mut found = 0;
        for (id, spans) in annotated(pair) {
            let added = after[id].saturating_sub(before[id]);
            found += added.min(spans.len());
        }
        flagged += found;
        if std::env::var_os("WMT_DEBUG").is_some() && found < pair.terms.len() {
            eprintln!("MISS {} | {}", pair.id, with_terms_replaced(pair));
        }
        if found < pair.terms.len() && examples.len() < 40 {
            examples.push(format!(
                "missed in {}: {}",
                pair.id,
                with_terms_replaced(pair)
            ));
        }
    }
    let false_alarm_rate = false_alarms as f64 / occurrences as f64;
    let recall = flagged as f64 / occurrences as f64;
    eprintln!(
        "WMT21 en→fr, {occurrences} annotated term occurrences: {false_alarms} flagged term-missing on the human reference ({:.2}%); {overlapping} with a finding for any glossary term over their words ({:.2}%); {all_findings} term-missing findings on the reference in all, unannotated source occurrences included ({:.2}%); recall with the terms replaced {flagged} ({:.2}%)",
        100.0 * false_alarm_rate,
        100.0 * overlapping as f64 / occurrences as f64,
        100.0 * all_findings as f64 / occurrences as f64,
        100.0 * recall
    );
    assert!(
        false_alarm_rate <= 0.01 && recall >= 0.98,
        "false alarms {:.2}%, recall {:.2}%\n{}",
        100.0 * false_alarm_rate,
        100.0 * recall,
        examples.join("\n")
    );
}
