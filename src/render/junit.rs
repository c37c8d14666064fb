//! `check --format junit`: JUnit XML (written with `quick-junit`) for CI
//! systems that show test reports: one test suite, one test case per
//! checked file pair. A pair with findings at or above `--fail-on` fails;
//! its `<failure>` lists every finding of the pair, one line each
//! (`file:line:column: severity[rule] message`), and the failure's message
//! counts them. Findings below the threshold go to the case's system-out.

use super::{PerDocument, RenderOptions, display_path, primary};
use crate::check::{Finding, Severity};
use crate::pipeline::PairReport;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};

/// Appends `file:line:column: severity[rule] message` to `out`, after a
/// line break when `out` already holds a line (the findings of a pair are
/// one text: built in place, not as a string each then joined).
fn push_line(out: &mut String, report: &PairReport, paths: &PerDocument<String>, f: &Finding) {
    use std::fmt::Write as _;
    let path = paths.of(report, primary(report, f));
    let (l, c) = f
        .target
        .as_ref()
        .or(f.source.as_ref())
        .map_or((1, 1), |p| (p.line, p.column));
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = write!(
        out,
        "{path}:{l}:{c}: {}[{}] {}",
        f.severity.as_str(),
        f.rule,
        f.message
    );
}

/// The JUnit report. `threshold` is `--fail-on` (`None`: nothing fails).
pub fn report(reports: &[PairReport], opts: &RenderOptions, threshold: Option<Severity>) -> Report {
    let mut suite = TestSuite::new("bitext check");
    for r in reports {
        let paths = PerDocument::new(r, |doc| display_path(&doc.name, opts));
        let fails = |f: &Finding| threshold.is_some_and(|t| f.severity >= t);
        // Sized up front: a string grown by doubling holds its old and new
        // buffers at once, and a big glossary's lines are tens of megabytes.
        let room = |failing: bool| -> usize {
            r.findings
                .iter()
                .filter(|f| fails(f) == failing)
                .map(|f| f.message.len() + paths.target.len().max(paths.source.len()) + 48)
                .sum()
        };
        let (mut failing, mut other) = (
            String::with_capacity(room(true)),
            String::with_capacity(room(false)),
        );
        let mut failed = 0;
        let mut rules = std::collections::BTreeSet::new();
        for f in &r.findings {
            if fails(f) {
                failed += 1;
                rules.insert(f.rule);
                push_line(&mut failing, r, &paths, f);
            } else {
                push_line(&mut other, r, &paths, f);
            }
        }
        let status = if failed == 0 {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(super::plural(failed, "finding"))
                .set_type(rules.into_iter().collect::<Vec<_>>().join(" "))
                .set_description(failing);
            status
        };
        let mut case = TestCase::new(paths.target, status);
        case.set_classname(paths.source);
        if !other.is_empty() {
            case.set_system_out(other);
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
