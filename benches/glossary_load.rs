//! Glossary loading grows linearly (issue 14: 5k/10k/20k/100k terms took
//! 0.48/1.7/6.6/163 s on a one-line document, positions being computed by
//! rescanning the file from the top for every term). Times the whole
//! `bitext check` of a one-line pair with a generated TOML glossary of 10,000
//! and 100,000 distinct two-word terms, best of three, and prints the growth
//! factor of the wall time and of the child's CPU time (the one a loaded
//! machine does not change), which is about 10 when loading and compiling
//! are linear.
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

/// CPU time (user + system) of this process's waited-for children so far,
/// from `/proc/self/stat` (Linux; `None` elsewhere). CPU time, unlike wall
/// time, does not grow with the load of a shared machine.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold
    // spaces): cutime and cstime are fields 16 and 17 of the line.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

/// The best wall time and the best CPU time of three runs.
fn best_of_three(dir: &std::path::Path, glossary: &str) -> (Duration, Option<Duration>) {
    let runs: Vec<(Duration, Option<Duration>)> = (0..3)
        .map(|_| {
            let cpu_before = children_cpu();
            let started = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_bitext"))
                .args(["check", "s.txt", "t.txt", "--glossary", glossary])
                .args(["--fail-on", "never"])
                .current_dir(dir)
                .output()
                .expect("run bitext");
            let wall = started.elapsed();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let cpu = match (cpu_before, children_cpu()) {
                (Some(a), Some(b)) => Some(b.saturating_sub(a)),
                _ => None,
            };
            (wall, cpu)
        })
        .collect();
    let wall = runs.iter().map(|r| r.0).min().expect("three runs");
    let cpu = runs.iter().filter_map(|r| r.1).min();
    (wall, cpu)
}

/// Instructions the run executes, counted by valgrind's callgrind when it
/// is installed: the measure of the algorithm itself, which neither the load
/// of the machine nor its caches change (at 100,000 terms the data no longer
/// fit in cache and each instruction costs more time).
fn instructions(dir: &std::path::Path, glossary: &str) -> Option<u64> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(env!("CARGO_BIN_EXE_bitext"))
        .args(["check", "s.txt", "t.txt", "--glossary", glossary])
        .args(["--fail-on", "never"])
        .current_dir(dir)
        .output()
        .ok()?;
    let log = String::from_utf8_lossy(&out.stderr);
    let line = log.lines().find(|l| l.contains("Collected :"))?;
    line.rsplit(' ').next()?.trim().parse().ok()
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
        let (wall, cpu) = best_of_three(dir.path(), &name);
        println!(
            "glossary_load: {n:>7} terms, one-line pair: {:>9.1} ms wall, {:>9.1} ms CPU",
            wall.as_secs_f64() * 1e3,
            cpu.map_or(f64::NAN, |c| c.as_secs_f64() * 1e3)
        );
        let counted = instructions(dir.path(), &name);
        if let Some(n_instr) = counted {
            println!("glossary_load: {n:>7} terms: {n_instr} instructions (callgrind)");
        }
        times.push((wall, cpu, counted));
    }
    println!(
        "glossary_load: growth 10k -> 100k terms (10x): {:.1}x the wall time",
        times[1].0.as_secs_f64() / times[0].0.as_secs_f64()
    );
    if let (Some(a), Some(b)) = (times[0].2, times[1].2) {
        println!(
            "glossary_load: growth 10k -> 100k terms (10x): {:.1}x the instructions (the algorithm's own growth)",
            b as f64 / a as f64
        );
    }
    if let (Some(a), Some(b)) = (times[0].1, times[1].1) {
        println!(
            "glossary_load: growth 10k -> 100k terms (10x): {:.1}x the CPU time (what the load of the machine does not change)",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}
