//! `check --format json`, the shape SPEC fixes for scripts.

use super::Streamed;
use crate::check::{Finding, Position, Severity};
use crate::document::Document;
use crate::pipeline::{PairReport, Summary};
use serde_json::Value;
use std::io::{self, Write};

/// One side of a finding with the file it is in (SPEC: `path` is the name
/// the document was read under: as given on the command line, or relative
/// to `bitext.toml` in project runs).
#[derive(serde::Serialize)]
struct Side<'a> {
    path: &'a str,
    segment: usize,
    line: usize,
    column: usize,
    text: &'a str,
}

impl<'a> Side<'a> {
    fn of(doc: &'a Document, p: &Position) -> Side<'a> {
        Side {
            path: &doc.name,
            segment: p.segment,
            line: p.line,
            column: p.column,
            text: p.text(doc),
        }
    }
}

/// A finding as SPEC's JSON object, borrowed from the report: serialized
/// as it is written, with no intermediate `Value` (a big glossary gives
/// hundreds of thousands of findings).
#[derive(serde::Serialize)]
struct Item<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    source: Option<Side<'a>>,
    target: Option<Side<'a>>,
    suggestion: Option<&'a str>,
    fingerprint: &'a str,
}

impl<'a> Item<'a> {
    fn of(report: &'a PairReport, f: &'a Finding, fingerprint: &'a str) -> Item<'a> {
        Item {
            rule: f.rule,
            severity: f.severity,
            message: &f.message,
            source: f.source.as_ref().map(|p| Side::of(&report.source, p)),
            target: f.target.as_ref().map(|p| Side::of(&report.target, p)),
            suggestion: f.suggestion.as_deref(),
            fingerprint,
        }
    }
}

/// A finding as SPEC's JSON object.
pub fn finding(report: &PairReport, f: &Finding, fingerprint: &str) -> Value {
    serde_json::to_value(Item::of(report, f, fingerprint)).expect("a finding serializes")
}

/// The findings of every report, in order, as JSON values.
pub fn findings(reports: &[PairReport]) -> Vec<Value> {
    reports
        .iter()
        .flat_map(|r| {
            let fps = r.fingerprints().into_owned();
            r.findings
                .iter()
                .zip(fps)
                .map(|(f, fp)| finding(r, f, &fp))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Writes SPEC's `{"findings": [...], "summary": {...}}`.
/// Findings are written one by one as they are serialized: no copy of the
/// document is built.
pub fn write_findings(reports: &[PairReport], w: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Log<F> {
        findings: F,
        summary: Summary,
    }
    let fingerprints: Vec<_> = reports.iter().map(PairReport::fingerprints).collect();
    let log = Log {
        findings: Streamed(|| {
            reports.iter().zip(&fingerprints).flat_map(|(r, fps)| {
                r.findings
                    .iter()
                    .zip(fps.iter())
                    .map(move |(f, fp)| Item::of(r, f, fp))
            })
        }),
        summary: Summary::of(reports),
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_report;

    #[test]
    fn sides_name_their_files_and_findings_carry_fingerprints() {
        let r = sample_report();
        let v = findings(std::slice::from_ref(&r));
        assert_eq!(v[0]["source"]["path"], "source fr.txt");
        assert_eq!(v[0]["target"]["path"], "draft en.txt");
        assert_eq!(v[0]["fingerprint"], r.fingerprints()[0].as_str());
        let mut out = Vec::new();
        write_findings(&[r], &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["summary"]["files"], 1);
        assert_eq!(v["summary"]["baselined"], 0);
        assert_eq!(v["summary"]["suppressed"], 0);
    }
}
