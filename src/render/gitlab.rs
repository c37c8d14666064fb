//! `check --format gitlab`: a GitLab Code Quality report (the
//! `artifacts:reports:codequality` JSON): one issue per finding with its
//! rule as `check_name`, a `fingerprint` (the same as SARIF's and the
//! baseline's), a Code Quality severity and the file and line.

use super::{RenderOptions, display_path, primary};
use crate::check::Severity;
use crate::pipeline::PairReport;
use serde_json::{Value, json};
use std::io::{self, Write};

/// Code Quality's severities are info, minor, major, critical, blocker.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

/// The report as a JSON array.
pub fn to_value(reports: &[PairReport], opts: &RenderOptions) -> Value {
    let mut issues = Vec::new();
    for report in reports {
        let fingerprints = report.fingerprints();
        for (f, fingerprint) in report.findings.iter().zip(fingerprints.iter()) {
            let doc = primary(report, f);
            let line = f
                .target
                .as_ref()
                .or(f.source.as_ref())
                .map_or(1, |p| p.line);
            let mut issue = json!({
                "type": "issue",
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": fingerprint,
                "severity": severity(f.severity),
                "categories": ["Style"],
                "location": {
                    "path": display_path(&doc.name, opts),
                    "lines": {"begin": line},
                },
            });
            if let Some(s) = &f.suggestion {
                issue["content"] = json!({"body": format!("Suggestion: {s}")});
            }
            issues.push(issue);
        }
    }
    Value::Array(issues)
}

/// Writes the Code Quality report.
pub fn write(reports: &[PairReport], opts: &RenderOptions, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &to_value(reports, opts))?;
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
