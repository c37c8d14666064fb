//! Baselines (`--write-baseline FILE`, `--baseline FILE`): today's findings
//! recorded by fingerprint, so a repository adopting bitext fails only on
//! findings that are new.
//!
//! The file is JSON, one entry per finding, sorted by path and fingerprint
//! so that it diffs well in review:
//!
//! ```json
//! {"version": "bitext-baseline/v2",
//!  "findings": [{"fingerprint": "…:1", "rule": "term-missing", "path": "docs/en/a.md",
//!                "line": 4, "message": "…"}]}
//! ```
//!
//! Only `fingerprint` matters for matching; `rule`, `path`, `line` and
//! `message` are there for people reading the file (and `path` to tell which
//! entries a partial run could have seen).

use crate::pipeline::PairReport;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The `version` written and accepted.
pub const VERSION: &str = "bitext-baseline/v2";

/// Why a baseline could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct BaselineError {
    /// The baseline file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The file the finding is reported in (target, or source without one).
    pub path: String,
    /// Its fingerprint ([`crate::fingerprint`]).
    pub fingerprint: String,
    /// Rule id.
    pub rule: String,
    /// Line when recorded (information only: lines may move).
    pub line: usize,
    /// Message when recorded (information only).
    pub message: String,
}

/// A loaded baseline.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version, [`VERSION`].
    pub version: String,
    /// The recorded findings.
    pub findings: Vec<Entry>,
}

/// The path a finding is reported in: its target file, or its source file
/// when it has no target side.
pub fn primary_path(report: &PairReport, f: &crate::check::Finding) -> String {
    if f.target.is_some() {
        report.target.name.clone()
    } else {
        report.source.name.clone()
    }
}

impl Baseline {
    /// Today's findings of `reports`.
    pub fn of(reports: &[PairReport]) -> Baseline {
        let mut findings: Vec<Entry> = reports
            .iter()
            .flat_map(|r| {
                let fps = r.fingerprints().into_owned();
                r.findings
                    .iter()
                    .zip(fps)
                    .map(|(f, fingerprint)| Entry {
                        path: primary_path(r, f),
                        fingerprint,
                        rule: f.rule.to_string(),
                        line: f
                            .target
                            .as_ref()
                            .or(f.source.as_ref())
                            .map_or(0, |p| p.line),
                        message: f.message.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        findings.sort();
        Baseline {
            version: VERSION.into(),
            findings,
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, crate::Error> {
        let name = path.display().to_string();
        let text = crate::input::read_text(&name)?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| BaselineError {
            path: format!("{name}:{}:{}", e.line(), e.column()),
            message: format!("not a bitext baseline: {e}"),
        })?;
        if baseline.version != VERSION {
            return Err(BaselineError {
                path: name,
                message: format!(
                    "baseline version {:?}, this bitext reads {VERSION:?}: write it again with --write-baseline",
                    baseline.version
                ),
            }
            .into());
        }
        Ok(baseline)
    }

    /// Writes the baseline to `path` (atomically: a temporary file in the
    /// same directory, renamed over it).
    pub fn save(&self, path: &Path) -> Result<(), crate::Error> {
        let fail = |source: std::io::Error| crate::Error::Write {
            path: path.to_path_buf(),
            source,
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut text = serde_json::to_string_pretty(self).expect("a baseline serialises");
        text.push('\n');
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
        std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(fail)?;
        tmp.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }

    /// Drops from `reports` every finding the baseline holds (counted in
    /// each report's `baselined`) and returns the stale entries: those no
    /// finding matched. `checked` lists the files this run looked at
    /// (`None`: the whole project), so entries of files a partial run
    /// (`--changed-since`, `--shard`) did not check are not called stale.
    pub fn apply(
        &self,
        reports: &mut [PairReport],
        checked: Option<&BTreeSet<String>>,
    ) -> Vec<Entry> {
        let mut unused: HashMap<&str, usize> = HashMap::new();
        for (i, e) in self.findings.iter().enumerate() {
            unused.insert(e.fingerprint.as_str(), i);
        }
        for report in reports.iter_mut() {
            let held = report.retain(|_, fp| unused.remove(fp).is_none());
            report.baselined += held;
        }
        let mut stale: Vec<Entry> = unused
            .into_values()
            .map(|i| self.findings[i].clone())
            .filter(|e| checked.is_none_or(|c| c.contains(&e.path)))
            .collect();
        stale.sort();
        stale
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_report;

    #[test]
    fn a_baseline_holds_back_exactly_what_it_recorded() {
        let r = sample_report();
        let mut partial = r.clone();
        partial.retain(|f, _| f.rule != "number-mismatch");
        let baseline = Baseline::of(std::slice::from_ref(&partial));
        let mut reports = vec![r];
        let stale = baseline.apply(&mut reports, None);
        assert!(stale.is_empty());
        assert_eq!(reports[0].baselined, 2);
        assert_eq!(reports[0].findings.len(), 1);
        assert_eq!(reports[0].findings[0].rule, "number-mismatch");
        // Applied again, nothing matches: every entry is stale, unless its
        // file was not checked.
        let stale = baseline.apply(&mut reports, None);
        assert_eq!(stale.len(), 2);
        let none = BTreeSet::new();
        assert!(baseline.apply(&mut reports, Some(&none)).is_empty());
    }

    #[test]
    fn saved_baselines_load_back_and_bad_ones_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        let b = Baseline::of(&[sample_report()]);
        b.save(&path).unwrap();
        assert_eq!(Baseline::load(&path).unwrap().findings, b.findings);
        std::fs::write(&path, "{\"version\": 1}").unwrap();
        let err = Baseline::load(&path).unwrap_err().to_string();
        assert!(err.contains("b.json"), "{err}");
    }
}
