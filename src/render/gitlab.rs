//! `check --format gitlab`: a GitLab Code Quality report (the
//! `artifacts:reports:codequality` JSON): one issue per finding with its
//! rule as `check_name`, a `fingerprint` (the same as SARIF's and the
//! baseline's), a Code Quality severity and the file and line.

use super::{PerDocument, RenderOptions, display_path, primary};
use crate::check::Severity;
use crate::pipeline::PairReport;
use serde_json::Value;
use std::io::{self, Write};

/// Code Quality's severities are info, minor, major, critical, blocker.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

/// One Code Quality issue, borrowing from the finding: the report is
/// written issue by issue (a `Value` tree of the whole report took three
/// times the memory of the findings on a big glossary's run).
#[derive(serde::Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'a str,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    categories: [&'static str; 1],
    location: Location<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content>,
}

#[derive(serde::Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(serde::Serialize)]
struct Lines {
    begin: usize,
}

#[derive(serde::Serialize)]
struct Content {
    body: String,
}

/// Every pair's issues, in order, each made as it is written.
fn issues<'a>(
    reports: &'a [PairReport],
    opts: &'a RenderOptions,
    each: &mut dyn FnMut(Issue<'_>) -> Result<(), serde_json::Error>,
) -> Result<(), serde_json::Error> {
    for report in reports {
        let fingerprints = report.fingerprints();
        let paths = PerDocument::new(report, |doc| display_path(&doc.name, opts));
        for (f, fingerprint) in report.findings.iter().zip(fingerprints.iter()) {
            let path = paths.of(report, primary(report, f));
            let line = f
                .target
                .as_ref()
                .or(f.source.as_ref())
                .map_or(1, |p| p.line);
            each(Issue {
                kind: "issue",
                description: &f.message,
                check_name: f.rule,
                fingerprint,
                severity: severity(f.severity),
                categories: ["Style"],
                location: Location {
                    path,
                    lines: Lines { begin: line },
                },
                content: f.suggestion.as_ref().map(|s| Content {
                    body: format!("Suggestion: {s}"),
                }),
            })?;
        }
    }
    Ok(())
}

/// The report as a JSON array.
pub fn to_value(reports: &[PairReport], opts: &RenderOptions) -> Value {
    let mut all = Vec::new();
    issues(reports, opts, &mut |issue| {
        all.push(serde_json::to_value(issue)?);
        Ok(())
    })
    .expect("an issue is plain data");
    Value::Array(all)
}

/// Writes the Code Quality report, issue by issue, as the pretty printer
/// writes an array.
pub fn write(reports: &[PairReport], opts: &RenderOptions, w: &mut dyn Write) -> io::Result<()> {
    use serde::ser::{SerializeSeq, Serializer};
    let mut serializer = serde_json::Serializer::pretty(&mut *w);
    let mut seq = serializer.serialize_seq(None)?;
    issues(reports, opts, &mut |issue| seq.serialize_element(&issue))?;
    seq.end()?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_report;

    #[test]
    fn issues_have_what_gitlab_requires() {
        let r = sample_report();
        let v = to_value(std::slice::from_ref(&r), &RenderOptions::default());
        let issues = v.as_array().unwrap();
        assert_eq!(issues.len(), 3);
        assert_eq!(issues[0]["check_name"], "term-forbidden");
        assert_eq!(issues[0]["severity"], "major");
        assert_eq!(issues[2]["severity"], "minor");
        assert_eq!(issues[0]["location"]["path"], "draft en.txt");
        assert_eq!(issues[1]["location"]["lines"]["begin"], 2);
        assert_eq!(issues[0]["fingerprint"], r.fingerprints()[0].as_str());
        let unique: std::collections::HashSet<_> = issues
            .iter()
            .map(|i| i["fingerprint"].to_string())
            .collect();
        assert_eq!(unique.len(), 3);
    }
}
