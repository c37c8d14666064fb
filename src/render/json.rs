//! `check --format json`, the shape SPEC fixes for scripts.

use super::Streamed;
use crate::check::{Finding, Position};
use crate::pipeline::{PairReport, Summary};
use serde_json::{Value, json};
use std::io::{self, Write};

/// One side of a finding with the file it is in (SPEC: `path` is the name
/// the document was read under: as given on the command line, or relative
/// to `bitext.toml` in project runs).
fn side(path: &str, p: &Position) -> Value {
    json!({
        "path": path,
        "segment": p.segment,
        "line": p.line,
        "column": p.column,
        "text": p.text,
    })
}

/// A finding as SPEC's JSON object.
pub fn finding(report: &PairReport, f: &Finding, fingerprint: &str) -> Value {
    json!({
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "source": f.source.as_ref().map(|p| side(&report.source.name, p)),
        "target": f.target.as_ref().map(|p| side(&report.target.name, p)),
        "suggestion": f.suggestion,
        "fingerprint": fingerprint,
    })
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
                    .map(move |(f, fp)| finding(r, f, fp))
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
