//! The bundled corpus through the library with its gold segmentation and gold
//! alignment: every planted problem of `corpus/README.md` is found, none of
//! the look-alikes is flagged, and the reference translation is clean.

use bitext::align::{Alignment, Link};
use bitext::check::{self, CheckContext, Finding};
use bitext::document::Document;
use bitext::glossary;
use bitext::lang::Lang;

fn lines_doc(path: &str, lang: Lang) -> Document {
    let text = std::fs::read_to_string(path).unwrap();
    let spans = bitext::segment::segment_lines(&text);
    Document::new(path.into(), text, lang, &spans)
}

fn gold(path: &str) -> Alignment {
    let links: Vec<(Vec<usize>, Vec<usize>)> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let range = |side: &[usize], next: usize| match side {
        [] => next..next,
        [first, ..] => *first..side[side.len() - 1] + 1,
    };
    let (mut next_s, mut next_t) = (0, 0);
    let mut out = Vec::new();
    for (s, t) in links {
        let link = Link {
            source: range(&s, next_s),
            target: range(&t, next_t),
            score: 1.0,
        };
        next_s = link.source.end;
        next_t = link.target.end;
        out.push(link);
    }
    Alignment { links: out }
}

/// The findings on the pair, with the two documents they point into.
fn findings(target: &str, alignment: &str) -> (Vec<Finding>, Document, Document) {
    let source = lines_doc("corpus/mistral.fr.lines.txt", Lang::FR);
    let target = lines_doc(target, Lang::EN);
    let glossary = glossary::load("glossary.toml").unwrap();
    let alignment = gold(alignment);
    let ctx = CheckContext {
        source: &source,
        target: &target,
        alignment: &alignment,
        glossary: &glossary,
        terms: None,
    };
    let found = check::run_all(&ctx);
    (found, source, target)
}

fn show(findings: &[Finding], source: &Document, target: &Document) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} src={:?} tgt={:?}: {}\n",
                f.rule,
                f.source.as_ref().map(|p| (p.segment, p.text(source))),
                f.target.as_ref().map(|p| (p.segment, p.text(target))),
                f.message
            )
        })
        .collect()
}

#[test]
fn reference_translation_is_clean() {
    let (f, source, target) = findings("corpus/mistral.en.lines.txt", "corpus/mistral.gold.json");
    assert!(f.is_empty(), "{}", show(&f, &source, &target));
}

#[test]
fn draft_reports_every_planted_problem_and_no_look_alike() {
    let (f, source, target) = findings(
        "corpus/mistral.en.draft.lines.txt",
        "corpus/mistral.draft.gold.json",
    );
    // (rule, source words or "", target segment) for every planted problem:
    // one finding per mistake (a forbidden rendering is `term-forbidden`
    // only, not also `term-missing`; "IA" inside "IA générative" is checked
    // as part of it).
    let expected: &[(&str, &str, Option<usize>)] = &[
        ("term-forbidden", "IA générative", Some(5)),
        ("addition", "", Some(8)),
        ("number-mismatch", "2023", Some(10)),
        ("number-mismatch", "105 millions", Some(12)),
        ("term-forbidden", "valorisation", Some(13)),
        ("number-mismatch", "5,8 milliards", Some(14)),
        ("term-forbidden", "tour de table", Some(15)),
        ("term-missing", "PDG", Some(18)),
        ("term-missing", "Mistral", Some(20)),
        ("term-missing", "Bruxelles", Some(21)),
        ("term-missing", "modèles", Some(24)),
        ("untranslated", "", Some(25)),
        ("term-forbidden", "évolutive", Some(28)),
        ("number-mismatch", "60", Some(29)),
        ("term-inconsistent", "IA", Some(30)),
        ("term-forbidden", "capital-risque", Some(33)),
        ("term-missing", "Mistral", Some(34)),
        ("omission", "", None),
    ];
    let mut unmatched: Vec<&Finding> = f.iter().collect();
    let mut missing = Vec::new();
    for &(rule, words, target_segment) in expected {
        let position = unmatched.iter().position(|x| {
            x.rule == rule
                && x.target.as_ref().map(|p| p.segment) == target_segment
                && (words.is_empty() || x.source.as_ref().is_some_and(|p| p.text(&source) == words))
        });
        match position {
            Some(i) => {
                unmatched.remove(i);
            }
            None => missing.push((rule, words, target_segment)),
        }
    }
    let extra: Vec<Finding> = unmatched.into_iter().cloned().collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:?}\nextra:\n{}",
        show(&extra, &source, &target)
    );
}
