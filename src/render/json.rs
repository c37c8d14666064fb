//! `check --format json`, the shape SPEC fixes for scripts.

use super::Streamed;
use crate::pipeline::{PairReport, Summary};
use std::io::{self, Write};

/// Writes SPEC's `{"findings": [...], "summary": {...}}`.
/// Findings are written one by one as they are serialized: no copy of the
/// document is built.
pub fn write_findings(reports: &[PairReport], w: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Log<F> {
        findings: F,
        summary: Summary,
    }
    let log = Log {
        findings: Streamed(|| reports.iter().flat_map(|r| r.findings.iter())),
        summary: Summary::of(reports),
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}
