//! Markdown read as Markdown, at repository scale, against the same pages
//! read as plain text, measured in the same run.
//!
//! `scripts/make_md_repo.py` writes a 2,000-page repository twice: `md/`
//! (`.md` pages, read by the Markdown reader: code, HTML and front matter
//! left out of the prose) and `txt/` (the same bytes as `.txt`, read as
//! plain text, every line prose). Each tree is checked by the release binary
//! as one project run (`bitext check --format json`, the corpus glossary);
//! the runs alternate md, txt, md, txt … so that a slower moment of a shared
//! machine falls on both. For each tree the best wall time and the highest
//! peak resident memory (the child's own `ru_maxrss`, from `wait4`) are kept,
//! and the ratios md / txt printed. The data lives in a temporary directory:
//! nothing generated is committed. (The harness keeps its own memory small:
//! Linux counts the parent's resident set at fork in a child's `ru_maxrss`.)
//!
//! Run: `cargo bench --bench markdown_repo` (needs python3;
//! `BITEXT_BENCH_PAGES` sets the number of pages, default 2000;
//! `BITEXT_BENCH_ROUNDS` the runs of each tree, default 2).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_bitext");

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// What one project run cost, and what it found.
struct Run {
    elapsed: Duration,
    /// Peak resident set of the bitext process, in bytes.
    peak: u64,
    summary: serde_json::Value,
}

/// One project run of the tree at `root`; its standard output goes to a
/// file so that the process is waited for with `wait4` (its own rusage, not
/// that of every child so far).
fn project_run(root: &Path) -> Run {
    let out_path = root.join("findings.json");
    let out = std::fs::File::create(&out_path).unwrap();
    let start = Instant::now();
    // Waited for below with wait4, which std does not offer.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(BIN)
        .current_dir(root)
        .args(["check", "--format", "json", "--fail-on", "never"])
        .stdout(out)
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn bitext");
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our
    // own child, not yet waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "bitext check failed in {} (status {status})",
        root.display()
    );
    // Linux reports ru_maxrss in kibibytes.
    Run {
        elapsed,
        peak: usage.ru_maxrss as u64 * 1024,
        summary: summary_of(&out_path),
    }
}

/// The `summary` object at the end of a findings file, read from its last
/// bytes only: the harness must stay small, because Linux counts the
/// parent's resident set at fork time in the child's `ru_maxrss`, and
/// reading a 100 MB findings file would put a floor under every later peak.
fn summary_of(path: &Path) -> serde_json::Value {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path).unwrap();
    let len = file.metadata().unwrap().len();
    file.seek(SeekFrom::Start(len.saturating_sub(4096)))
        .unwrap();
    let mut tail = String::new();
    file.read_to_string(&mut tail).unwrap();
    let at = tail.rfind("\"summary\"").expect("a summary at the end");
    let object = &tail[at..];
    let object = &object[object.find('{').unwrap()..];
    serde_json::Deserializer::from_str(object)
        .into_iter::<serde_json::Value>()
        .next()
        .unwrap()
        .unwrap()
}

/// The harness's own peak resident set, in bytes (a floor under the
/// children's, see [`summary_of`]).
fn own_peak() -> u64 {
    // SAFETY: getrusage fills in the plain-data struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss as u64 * 1024
}

/// Best time and highest peak of several runs of one tree.
fn best(runs: &[Run]) -> (Duration, u64) {
    (
        runs.iter().map(|r| r.elapsed).min().unwrap(),
        runs.iter().map(|r| r.peak).max().unwrap(),
    )
}

fn main() {
    let pages = env_number("BITEXT_BENCH_PAGES", 2000);
    let rounds = env_number("BITEXT_BENCH_ROUNDS", 2);
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let status = Command::new("python3")
        .arg("scripts/make_md_repo.py")
        .arg(&repo)
        .args(["--pages", &pages.to_string()])
        .stdout(Stdio::null())
        .status()
        .expect("python3 (run from the repository root)");
    assert!(status.success(), "make_md_repo.py failed");
    let (md_root, txt_root) = (repo.join("md"), repo.join("txt"));

    let mut md = Vec::new();
    let mut txt = Vec::new();
    for _ in 0..rounds {
        md.push(project_run(&md_root));
        txt.push(project_run(&txt_root));
    }
    let (md_time, md_peak) = best(&md);
    let (txt_time, txt_peak) = best(&txt);
    let files = md[0].summary["files"].as_u64().unwrap_or(0);
    assert_eq!(
        txt[0].summary["files"].as_u64().unwrap_or(0),
        files,
        "both trees hold the same pairs"
    );
    let show = |name: &str, time: Duration, peak: u64, s: &serde_json::Value| {
        println!(
            "{name}: {:>7.2} s  {:>7.1} MB peak  ({} source segments, {} errors, {} warnings)",
            time.as_secs_f64(),
            peak as f64 / 1e6,
            s["source_segments"],
            s["errors"],
            s["warnings"],
        );
    };
    println!("{files} page pairs, one project run per tree, best of {rounds} (peak: highest)");
    show("markdown (.md)", md_time, md_peak, &md[0].summary);
    show("plain text (.txt)", txt_time, txt_peak, &txt[0].summary);
    println!(
        "(harness itself: {:.1} MB peak, a floor under both)",
        own_peak() as f64 / 1e6
    );
    println!(
        "md / txt: time {:.2}x, peak memory {:.2}x",
        md_time.as_secs_f64() / txt_time.as_secs_f64(),
        md_peak as f64 / txt_peak as f64
    );
}
