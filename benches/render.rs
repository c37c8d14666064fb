//! Rendering speed on a large report: the corpus draft repeated until it has
//! about 10,000 segment pairs, with one finding (and a fix) per target
//! sentence on top of what the checks report. Each renderer writes into a
//! `Vec<u8>`; times are medians, and ratios are against `json` (a plain
//! serde_json dump of the same findings), measured in the same run.
//!
//! Run: `cargo bench --bench render` (from the repository root).

use bitext::check::{Finding, Fix, Position, Severity};
use bitext::pipeline::{self, PairReport, Settings};
use bitext::render::{self, RenderOptions};
use std::time::{Duration, Instant};

const REPEAT: usize = 260;
const RUNS: usize = 5;

fn big_report() -> PairReport {
    let read = |p: &str| std::fs::read_to_string(p).expect("run from the repository root");
    let fr = read("corpus/mistral.fr.lines.txt").trim_end().to_string() + "\n";
    let en = read("corpus/mistral.en.draft.lines.txt")
        .trim_end()
        .to_string()
        + "\n";
    let settings = Settings {
        format: bitext::format::InputFormat::Lines,
        glossary: bitext::glossary::load("glossary.toml").unwrap_or_default(),
        ..Settings::default()
    };
    let source = pipeline::document_from_text(
        "source.txt",
        fr.repeat(REPEAT),
        Some(settings.source_lang),
        bitext::format::InputFormat::Lines,
        &settings.segment,
    );
    let target = pipeline::document_from_text(
        "target.txt",
        en.repeat(REPEAT),
        Some(settings.target_lang),
        bitext::format::InputFormat::Lines,
        &settings.segment,
    );
    let mut report = pipeline::check_pair(source, target, &settings);
    // One synthetic finding per linked target sentence: its first word.
    for (l, link) in report.alignment.links.iter().enumerate() {
        let (Some(s), Some(t)) = (link.source.clone().next(), link.target.clone().next()) else {
            continue;
        };
        let seg = report.target.segments[t];
        let text = report.target.segment_text(t);
        let word = text.split_whitespace().next().unwrap_or("");
        let end = seg.start + word.len();
        report.findings.push(Finding {
            rule: "term-missing",
            severity: Severity::Warning,
            message: format!("synthetic finding on '{word}'"),
            source: Some(Position::segment(&report.source, s)),
            target: Some(Position::new(&report.target, t, seg.start, end)),
            suggestion: Some("Replacement".into()),
            link: l,
            fix: Some(Fix {
                start: seg.start,
                end,
                replacement: "Replacement".into(),
            }),
        });
    }
    report.findings.sort_by_key(|f| f.link);
    PairReport::new(
        report.source,
        report.target,
        report.alignment,
        report.findings,
        0,
    )
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(name: &str, f: &mut dyn FnMut() -> usize) -> (String, Duration, usize) {
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        bytes = f();
        times.push(start.elapsed());
    }
    (name.to_string(), median(times), bytes)
}

fn main() {
    let report = big_report();
    let reports = std::slice::from_ref(&report);
    let opts = RenderOptions::default();
    println!(
        "report: {} source / {} target segments, {} links, {} findings; median of {RUNS} runs",
        report.source.segments.len(),
        report.target.segments.len(),
        report.alignment.links.len(),
        report.findings.len()
    );
    let mut results = Vec::new();
    let mut run = |name: &str, render: &dyn Fn(&mut Vec<u8>)| {
        results.push(time(name, &mut || {
            let mut out = Vec::new();
            render(&mut out);
            out.len()
        }));
    };
    run("json", &|out| {
        render::json::write_findings(reports, out).unwrap()
    });
    run("human", &|out| {
        render::human::write(reports, &opts, out).unwrap()
    });
    run("review", &|out| {
        render::review::write(reports, &opts, out).unwrap()
    });
    run("html", &|out| {
        render::html::write(reports, &opts, out).unwrap()
    });
    run("sarif", &|out| {
        render::sarif::write(reports, &opts, out).unwrap()
    });
    run("github", &|out| {
        render::github::write(reports, &opts, out).unwrap()
    });
    let mut new = report.clone();
    new.findings.truncate(new.findings.len() / 2);
    run("diff (compare + text)", &|out| {
        let d = bitext::revision::compare(&report, &new);
        render::revision::write_text(&report, &new, &d, &opts, out).unwrap()
    });
    let peer = results[0].1.as_secs_f64();
    println!(
        "{:<22} {:>10} {:>12} {:>10}",
        "format", "ms", "bytes", "vs json"
    );
    for (name, t, bytes) in &results {
        println!(
            "{name:<22} {:>10.1} {bytes:>12} {:>9.1}x",
            t.as_secs_f64() * 1000.0,
            t.as_secs_f64() / peer
        );
    }
}
