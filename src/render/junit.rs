//! `check --format junit`: JUnit XML (written with `quick-junit`) for CI
//! systems that show test reports: one test suite, one test case per
//! checked file pair. A pair with findings at or above `--fail-on` fails;
//! its `<failure>` lists every finding of the pair, one line each
//! (`file:line:column: severity[rule] message`), and the failure's message
//! counts them. Findings below the threshold go to the case's system-out.

use super::{RenderOptions, display_path, primary};
use crate::check::{Finding, Severity};
use crate::pipeline::PairReport;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};

fn line(report: &PairReport, f: &Finding, opts: &RenderOptions) -> String {
    let doc = primary(report, f);
    let (l, c) = f
        .target
        .as_ref()
        .or(f.source.as_ref())
        .map_or((1, 1), |p| (p.line, p.column));
    format!(
        "{}:{l}:{c}: {}[{}] {}",
        display_path(&doc.name, opts),
        f.severity.as_str(),
        f.rule,
        f.message
    )
}

/// The JUnit report. `threshold` is `--fail-on` (`None`: nothing fails).
pub fn report(reports: &[PairReport], opts: &RenderOptions, threshold: Option<Severity>) -> Report {
    let mut suite = TestSuite::new("bitext check");
    for r in reports {
        let fails = |f: &&Finding| threshold.is_some_and(|t| f.severity >= t);
        let failing: Vec<&Finding> = r.findings.iter().filter(fails).collect();
        let other: Vec<String> = r
            .findings
            .iter()
            .filter(|f| !fails(f))
            .map(|f| line(r, f, opts))
            .collect();
        let status = if failing.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let rules: std::collections::BTreeSet<&str> = failing.iter().map(|f| f.rule).collect();
            status
                .set_message(super::plural(failing.len(), "finding"))
                .set_type(rules.into_iter().collect::<Vec<_>>().join(" "))
                .set_description(
                    failing
                        .iter()
                        .map(|f| line(r, f, opts))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            status
        };
        let mut case = TestCase::new(display_path(&r.target.name, opts), status);
        case.set_classname(display_path(&r.source.name, opts));
        if !other.is_empty() {
            case.set_system_out(other.join("\n"));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new("bitext");
    report.add_test_suite(suite);
    report
}

/// Writes the JUnit XML.
pub fn write(
    reports: &[PairReport],
    opts: &RenderOptions,
    threshold: Option<Severity>,
    w: &mut dyn Write,
) -> io::Result<()> {
    report(reports, opts, threshold)
        .serialize(&mut *w)
        .map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_report;

    #[test]
    fn one_case_per_pair_failing_with_its_findings() {
        let r = sample_report();
        let mut clean = r.clone();
        clean.findings.clear();
        clean.target.name = "clean.txt".into();
        let mut out = Vec::new();
        write(
            &[r, clean],
            &RenderOptions::default(),
            Some(Severity::Error),
            &mut out,
        )
        .unwrap();
        let xml = String::from_utf8(out).unwrap();
        let parsed = Report::deserialize_from_str(&xml).unwrap();
        let suite = &parsed.test_suites[0];
        assert_eq!(suite.test_cases.len(), 2);
        assert_eq!(suite.failures, 1);
        let TestCaseStatus::NonSuccess {
            message,
            description,
            ..
        } = &suite.test_cases[0].status
        else {
            panic!("the pair with errors fails: {xml}");
        };
        assert_eq!(message.as_ref().unwrap().as_str(), "2 findings");
        let description = description.as_ref().unwrap().as_str();
        assert_eq!(description.lines().count(), 2, "{description}");
        assert!(description.starts_with("draft en.txt:1:21: error[term-forbidden]"));
        assert!(matches!(
            suite.test_cases[1].status,
            TestCaseStatus::Success { .. }
        ));
    }
}
