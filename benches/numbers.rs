//! Number matching on one sentence pair holding n equal numbers a side
//! (issue 14: 1k/2k/4k took 0.05/0.36/2.8 s and 100k overflowed the stack).
//! Prints the time per size and the growth factor from 1k to 100k, which is
//! about 100 when the check is linear.
//!
//! `cargo bench --bench numbers`

use bitext::align::Alignment;
use bitext::check::{self, CheckContext};
use bitext::document::Document;
use bitext::glossary::Glossary;
use bitext::lang::Lang;
use std::time::{Duration, Instant};

fn pair(n: usize) -> (Document, Document) {
    let numbers = "1 250 ".repeat(n);
    let fr = format!("Montants : {numbers}fin.");
    let en = format!("Amounts: {}end.", "1,250 ".repeat(n));
    let s = Document::new("s".into(), fr.clone(), Lang::FR, &[(0, fr.len())]);
    let t = Document::new("t".into(), en.clone(), Lang::EN, &[(0, en.len())]);
    (s, t)
}

fn time(n: usize) -> Duration {
    let (s, t) = pair(n);
    let alignment = Alignment::one_to_one(1);
    let glossary = Glossary::default();
    let ctx = CheckContext {
        source: &s,
        target: &t,
        alignment: &alignment,
        glossary: &glossary,
        terms: None,
    };
    let checks = check::all_checks();
    let numbers = checks
        .iter()
        .find(|c| c.rules().iter().any(|r| r.id == "number-mismatch"))
        .expect("the number check");
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let mut out = Vec::new();
        let started = Instant::now();
        numbers.run(&ctx, &mut out);
        best = best.min(started.elapsed());
        assert!(out.is_empty(), "{n}: {} findings", out.len());
    }
    best
}

fn main() {
    let sizes = [1_000, 10_000, 100_000];
    let times: Vec<Duration> = sizes.iter().map(|&n| time(n)).collect();
    for (n, t) in sizes.iter().zip(&times) {
        println!(
            "numbers: {n:>7} equal numbers a side: {:>9.2} ms",
            t.as_secs_f64() * 1e3
        );
    }
    println!(
        "numbers: growth 1k -> 100k (100x the numbers): {:.1}x the time; 10k -> 100k (10x): {:.1}x",
        times[2].as_secs_f64() / times[0].as_secs_f64(),
        times[2].as_secs_f64() / times[1].as_secs_f64()
    );
}
