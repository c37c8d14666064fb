//! Aligner speed and memory, side by side with the `galechurch` PyPI package
//! (Gale–Church with a Rust core) in the same run, and the scaling table.
//!
//! usage: cargo bench --bench align [-- --sizes 1000,10000,100000,1000000]
//! Needs ../shared/bench/align/bible-fr-en-stress (or env BENCH=<that folder's
//! parent>), `/usr/bin/time` and, for the comparison, `pip install galechurch`.
//!
//! 1. First 5,000 Bible verses: both aligners in-process (time of the align
//!    call only, best of 3) and as whole processes (wall time, peak RSS).
//! 2. Whole Bible (31,102 × 31,102) with bitext: wall time and peak RSS.
//! 3. Scaling: the Bible pair concatenated with itself and cut to n verses
//!    per side, n = 1k, 10k, 100k, 1M: wall time and peak RSS of
//!    `bitext --lines align`.

use bitext::align::{self, AlignOptions};
use bitext::document::Document;
use bitext::lang::Lang;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn bench_dir() -> PathBuf {
    std::env::var_os("BENCH")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/align"))
        .join("bible-fr-en-stress")
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

fn doc(lines: &[String], lang: Lang) -> Document {
    let text = lines.join("\n");
    let spans = bitext::segment::segment_lines(&text);
    Document::new("bench".into(), text, lang, &spans)
}

/// Wall seconds, peak RSS (MB) and user CPU seconds of a command, from GNU
/// time's `-v` report (user time is the fairer figure on a busy machine).
fn time_process(cmd: &mut Command) -> Option<(f64, f64, f64)> {
    let out = cmd.output().ok()?;
    if !out.status.success() {
        eprintln!(
            "  failed: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
        return None;
    }
    let report = String::from_utf8_lossy(&out.stderr);
    let mut wall = None;
    let mut rss = None;
    let mut user = None;
    for line in report.lines() {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("Elapsed (wall clock) time (h:mm:ss or m:ss): ") {
            let secs: f64 = v
                .split(':')
                .fold(0.0, |acc, p| acc * 60.0 + p.parse::<f64>().unwrap_or(0.0));
            wall = Some(secs);
        }
        if let Some(v) = line.strip_prefix("User time (seconds): ") {
            user = v.parse::<f64>().ok();
        }
        if let Some(v) = line.strip_prefix("Maximum resident set size (kbytes): ") {
            rss = v.parse::<f64>().ok().map(|kb| kb / 1024.0);
        }
    }
    Some((wall?, rss?, user?))
}

fn timed(args: &[&str]) -> Command {
    let mut c = Command::new("/usr/bin/time");
    c.arg("-v").args(args);
    c.stdout(std::process::Stdio::null());
    c
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").expect("temp file");
}

const GALECHURCH: &str = r#"
import sys, time, galechurch
src = open(sys.argv[1], encoding='utf-8').read().splitlines()
tgt = open(sys.argv[2], encoding='utf-8').read().splitlines()
best = None
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    galechurch.align(src, tgt)
    d = time.perf_counter() - t
    best = d if best is None else min(best, d)
print(best)
"#;

fn main() {
    let bin = env!("CARGO_BIN_EXE_bitext");
    let mut sizes = vec![1_000usize, 10_000, 100_000, 1_000_000];
    let args: Vec<String> = std::env::args().collect();
    if let Some(k) = args.iter().position(|a| a == "--sizes") {
        sizes = args[k + 1]
            .split(',')
            .map(|s| s.parse().expect("size"))
            .collect();
    }
    let dir = bench_dir();
    let src = read_lines(&dir.join("source.txt"));
    let tgt = read_lines(&dir.join("target.txt"));
    let tmp = tempfile::tempdir().expect("temp dir");

    println!("## 1. First 5,000 Bible verses: bitext vs galechurch (same run)");
    let (s5, t5) = (&src[..5000], &tgt[..5000]);
    let (sp, tp) = (tmp.path().join("s5k.txt"), tmp.path().join("t5k.txt"));
    write_lines(&sp, s5);
    write_lines(&tp, t5);
    let (sd, td) = (doc(s5, Lang::FR), doc(t5, Lang::EN));
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        let a = align::align(&sd, &td, &AlignOptions::default());
        best = best.min(t.elapsed().as_secs_f64());
        assert_eq!(
            a.links.last().map(|l| (l.source.end, l.target.end)),
            Some((5000, 5000))
        );
    }
    println!("bitext     align call: {:.4} s (best of 3)", best);
    let gc_call = Command::new("python3")
        .args(["-c", GALECHURCH])
        .arg(&sp)
        .arg(&tp)
        .arg("3")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        });
    match gc_call {
        Some(g) => println!(
            "galechurch align call: {g:.4} s (best of 3) → bitext is {:.1}× faster",
            g / best
        ),
        None => println!("galechurch: not available (pip install galechurch)"),
    }
    let (sps, tps) = (sp.to_str().unwrap(), tp.to_str().unwrap());
    if let Some((w, r, u)) = time_process(&mut timed(&[
        bin,
        "--lines",
        "--glossary",
        "/dev/null",
        "align",
        "--format",
        "json",
        sps,
        tps,
    ])) {
        println!("bitext     process: {w:.2} s wall, {u:.2} s user CPU, {r:.0} MB peak RSS");
    }
    if let Some((w, r, u)) = time_process(&mut timed(&["python3", "-c", GALECHURCH, sps, tps, "1"]))
    {
        println!("galechurch process: {w:.2} s wall, {u:.2} s user CPU, {r:.0} MB peak RSS");
    }

    println!("\n## 2. Whole Bible, {} × {} verses", src.len(), tgt.len());
    let (bs, bt) = (dir.join("source.txt"), dir.join("target.txt"));
    if let Some((w, r, u)) = time_process(&mut timed(&[
        bin,
        "--lines",
        "--glossary",
        "/dev/null",
        "align",
        "--format",
        "json",
        bs.to_str().unwrap(),
        bt.to_str().unwrap(),
    ])) {
        println!("bitext process: {w:.2} s wall, {u:.2} s user CPU, {r:.0} MB peak RSS");
    }

    println!("\n## 3. Scaling (Bible concatenated, n verses per side)");
    println!(
        "| segments per side | wall (s) | user CPU (s) | peak RSS (MB) | µs CPU per segment | KB per segment |"
    );
    println!("|---|---|---|---|---|---|");
    for &n in &sizes {
        let take = |v: &[String]| -> Vec<String> { v.iter().cycle().take(n).cloned().collect() };
        let (p, q) = (tmp.path().join("s.txt"), tmp.path().join("t.txt"));
        write_lines(&p, &take(&src));
        write_lines(&q, &take(&tgt));
        if let Some((w, r, u)) = time_process(&mut timed(&[
            bin,
            "--lines",
            "--glossary",
            "/dev/null",
            "align",
            "--format",
            "json",
            p.to_str().unwrap(),
            q.to_str().unwrap(),
        ])) {
            println!(
                "| {n} | {w:.2} | {u:.2} | {r:.0} | {:.1} | {:.1} |",
                u * 1e6 / n as f64,
                r * 1024.0 / n as f64
            );
        }
    }
}
