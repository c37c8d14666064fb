//! Comparing two revisions of a translation of one source: which segments
//! changed, how (word diff), and which findings the change fixed or introduced.

use crate::pipeline::PairReport;

/// Placeholder type until the revision diff lands.
#[derive(Debug, Clone, Default)]
pub struct RevisionDiff;

/// Compares two checked revisions of the same source.
pub fn compare(_old: &PairReport, _new: &PairReport) -> RevisionDiff {
    RevisionDiff
}
