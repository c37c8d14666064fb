//! Speed of the checks on a long pair: the whole Bible (31,102 verses a
//! side, Louis Segond 1910 / King James), one verse per line, linked 1-1,
//! checked with a synthetic 10,000-term glossary and, in the same run, with a
//! 10-term one. The issue asks for at most 2 seconds with 10,000 terms, and
//! about the cost of 10 terms.
//!
//! `cargo bench --bench check` (reads `../shared/bench/align/bible-fr-en-stress`
//! relative to the repository root; set `BITEXT_SHARED` to another `shared`
//! folder to run it from elsewhere).

use bitext::align::Alignment;
use bitext::check::{self, CheckContext};
use bitext::document::Document;
use bitext::glossary::{Glossary, Term};
use bitext::lang::Lang;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// Words and adjacent word pairs of a text.
type Vocabulary = (Vec<String>, Vec<String>);

fn load(path: &str, lang: Lang) -> Document {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spans = bitext::segment::segment_lines(&text);
    Document::new(path.into(), text, lang, &spans)
}

/// Distinct lower-case words of a text (four letters or more), and the
/// distinct pairs of such words that follow each other in it (multi-word
/// terms that do occur).
fn vocabulary(doc: &Document) -> (Vec<String>, Vec<String>) {
    let mut words = BTreeSet::new();
    let mut pairs = BTreeSet::new();
    for line in doc.text.lines() {
        let line_words: Vec<String> = line
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for w in line_words.windows(2) {
            if w[0].chars().count() >= 4 && w[1].chars().count() >= 4 {
                pairs.insert(format!("{} {}", w[0], w[1]));
            }
        }
        words.extend(line_words.into_iter().filter(|w| w.chars().count() >= 4));
    }
    (words.into_iter().collect(), pairs.into_iter().collect())
}

/// `n` terms built from the texts so that they occur: single French words
/// and, one term in three, a pair of French words that follows each other
/// in the source; one in seven with a second source form (synonym); English
/// words of the target as translations, one in four a pair of English words
/// of the target; every fifth with a forbidden form. `satisfied` adds "the"
/// as a second accepted translation to all terms but one in 20, so that, as
/// with a real glossary, most terms found are rendered; without it nearly
/// every verse misses a term (the adversarial case: every finding costs a
/// message and two positions).
fn glossary(n: usize, fr: &Vocabulary, en: &Vocabulary, satisfied: bool) -> Glossary {
    let ((fr, fr_pairs), (en, en_pairs)) = (fr, en);
    let terms = (0..n)
        .map(|i| {
            let mut source = vec![if i % 3 == 0 {
                fr_pairs[(i * 7) % fr_pairs.len()].clone()
            } else {
                fr[(i * 7) % fr.len()].clone()
            }];
            if i % 7 == 0 {
                let synonym = fr[(i * 19 + 5) % fr.len()].clone();
                if synonym != source[0] {
                    source.push(synonym);
                }
            }
            let rendering = if i % 4 == 0 {
                en_pairs[(i * 11) % en_pairs.len()].clone()
            } else {
                en[(i * 11) % en.len()].clone()
            };
            Term {
                source,
                target: if satisfied && i % 20 != 0 {
                    vec![rendering, "the".to_string()]
                } else {
                    vec![rendering]
                },
                forbidden: if i % 5 == 0 {
                    vec![en[(i * 17 + 3) % en.len()].clone()]
                } else {
                    Vec::new()
                },
                case_sensitive: i % 50 == 0,
                exact: i % 20 == 0,
                note: None,
                line: i + 1,
            }
        })
        .collect();
    Glossary {
        source_lang: Lang::FR,
        target_lang: Lang::EN,
        terms,
    }
}

/// The `with` glossary plus terms up to `n` whose forms do not occur in the
/// text (real forms doubled, so they look like words and enter the automaton):
/// a large term base of which a document uses a few terms, the case where
/// the glossary's size alone should cost nothing.
fn padded(with: &Glossary, n: usize, fr: &Vocabulary, en: &Vocabulary) -> Glossary {
    let ((fr, _), (en, _)) = (fr, en);
    let mut g = with.clone();
    let mut i = 0;
    while g.terms.len() < n {
        g.terms.push(Term {
            source: vec![format!("{0}{0}", fr[(i * 7) % fr.len()])],
            target: vec![format!("{0}{0}", en[(i * 11) % en.len()])],
            forbidden: Vec::new(),
            case_sensitive: false,
            exact: false,
            note: None,
            line: g.terms.len() + 1,
        });
        i += 1;
    }
    g
}

/// CPU seconds this process has used (Linux `/proc/self/stat`, 100 ticks a
/// second): other programs on a busy machine inflate wall time, not this.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Best wall time and best CPU time of `runs` runs, and the findings count.
fn best_of(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, f64, usize) {
    let mut best = Duration::MAX;
    let mut best_cpu = f64::MAX;
    let mut findings = 0;
    for _ in 0..runs {
        let cpu = cpu_seconds();
        let start = Instant::now();
        findings = f();
        best = best.min(start.elapsed());
        best_cpu = best_cpu.min(cpu_seconds() - cpu);
    }
    (best, best_cpu, findings)
}

fn main() {
    let shared = std::env::var("BITEXT_SHARED").unwrap_or_else(|_| "../shared".into());
    let dir = format!("{shared}/bench/align/bible-fr-en-stress");
    let source = load(&format!("{dir}/source.txt"), Lang::FR);
    let target = load(&format!("{dir}/target.txt"), Lang::EN);
    let n = source.segments.len().min(target.segments.len());
    let alignment = Alignment::one_to_one(n);
    let (fr, en) = (vocabulary(&source), vocabulary(&target));
    println!(
        "Bible pair: {} / {} segments, {} links, {:.1} MB",
        source.segments.len(),
        target.segments.len(),
        n,
        (source.text.len() + target.text.len()) as f64 / 1e6
    );
    let mut times = Vec::new();
    let cases = [
        ("", glossary(0, &fr, &en, true)),
        ("", glossary(10, &fr, &en, true)),
        ("", glossary(10_000, &fr, &en, true)),
        (" (adversarial)", glossary(10_000, &fr, &en, false)),
        (
            " (the 10 above + 9,990 doubled-word terms, nearly all absent)",
            padded(&glossary(10, &fr, &en, true), 10_000, &fr, &en),
        ),
    ];
    for (label, g) in &cases {
        let size = g.terms.len();
        let ctx = CheckContext {
            source: &source,
            target: &target,
            alignment: &alignment,
            glossary: g,
            terms: None,
        };
        let (time, cpu, findings) = best_of(3, || check::run_all(&ctx).len());
        println!(
            "all checks, {size:>6} terms{label}: {:>7.3} s wall, {cpu:>6.2} s CPU (best of 3), {findings} findings",
            time.as_secs_f64()
        );
        for c in check::all_checks() {
            let (t, _, k) = best_of(1, || {
                let mut out = Vec::new();
                c.run(&ctx, &mut out);
                out.len()
            });
            println!(
                "    {:<40} {:>7.3} s, {k} findings",
                c.rules()
                    .iter()
                    .map(|r| r.id)
                    .collect::<Vec<_>>()
                    .join(", "),
                t.as_secs_f64()
            );
        }
        times.push((time.as_secs_f64(), cpu));
    }
    let ratio = |a: usize, b: usize| {
        format!(
            "{:.2}x wall, {:.2}x CPU",
            times[a].0 / times[b].0,
            times[a].1 / times[b].1
        )
    };
    println!("10,000 terms / 10 terms: {}", ratio(2, 1));
    println!("10,000 terms (adversarial) / 10 terms: {}", ratio(3, 1));
    println!(
        "10,000 terms, same hits as the 10 (glossary size alone) / 10 terms: {}",
        ratio(4, 1)
    );
    println!("10 terms / no glossary: {}", ratio(1, 0));
}
