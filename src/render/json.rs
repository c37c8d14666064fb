//! `check --format json`, the shape SPEC fixes for scripts.

use crate::pipeline::{PairReport, Summary};
use std::io::{self, Write};

/// Writes SPEC's `{"findings": [...], "summary": {...}}`.
pub fn write_findings(reports: &[PairReport], w: &mut dyn Write) -> io::Result<()> {
    let findings: Vec<_> = reports.iter().flat_map(|r| r.findings.iter()).collect();
    let value = serde_json::json!({ "findings": findings, "summary": Summary::of(reports) });
    serde_json::to_writer_pretty(&mut *w, &value)?;
    writeln!(w)
}
