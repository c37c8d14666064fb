//! Glossary loading grows linearly (issue 14: 5k/10k/20k/100k terms took
//! 0.48/1.7/6.6/163 s on a one-line document, positions being computed by
//! rescanning the file from the top for every term). Times the whole
//! `bitext check` of a one-line pair with a generated TOML glossary of 10,000
//! and 100,000 distinct two-word terms, best of three, and prints the growth
//! factor, which is about 10 when loading and compiling are linear.
//!
//! `cargo bench --bench glossary_load`

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

/// A distinct, letters-only word for `n` (base-26 spelling), so no two
/// terms normalise alike and none is empty.
fn word(mut n: usize, prefix: &str) -> String {
    let mut w = String::from(prefix);
    loop {
        w.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return w;
        }
    }
}

fn glossary(terms: usize) -> String {
    let mut out = String::from("source_lang = \"fr\"\ntarget_lang = \"en\"\n");
    for i in 0..terms {
        let _ = write!(
            out,
            "\n[[term]]\nsource = \"{} {}\"\ntarget = [\"{} {}\"]\nforbidden = [\"{}\"]\n",
            word(i, "mot"),
            word(i, "fr"),
            word(i, "word"),
            word(i, "en"),
            word(i, "bad"),
        );
    }
    out
}

fn best_of_three(dir: &std::path::Path, glossary: &str) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_bitext"))
                .args(["check", "s.txt", "t.txt", "--glossary", glossary])
                .args(["--fail-on", "never"])
                .current_dir(dir)
                .output()
                .expect("run bitext");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            started.elapsed()
        })
        .min()
        .expect("three runs")
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("s.txt"), "Le motb fra est ici.\n").unwrap();
    std::fs::write(dir.path().join("t.txt"), "The wordb en is here.\n").unwrap();
    let sizes = [10_000, 100_000];
    let mut times = Vec::new();
    for n in sizes {
        let name = format!("g{n}.toml");
        std::fs::write(dir.path().join(&name), glossary(n)).unwrap();
        let t = best_of_three(dir.path(), &name);
        println!(
            "glossary_load: {n:>7} terms, one-line pair: {:>9.1} ms",
            t.as_secs_f64() * 1e3
        );
        times.push(t);
    }
    println!(
        "glossary_load: growth 10k -> 100k terms (10x): {:.1}x the time",
        times[1].as_secs_f64() / times[0].as_secs_f64()
    );
}
