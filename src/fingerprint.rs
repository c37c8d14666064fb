//! Finding fingerprints: an identity for a finding that survives re-runs,
//! lines moving and edits elsewhere in the file, so baselines
//! (`--baseline`), SARIF's `partialFingerprints` and GitLab's `fingerprint`
//! can recognise "the same problem" from one commit to the next.
//!
//! A fingerprint hashes the rule, the file the finding is reported in, the
//! source sentence (whitespace collapsed), the words matched in the target
//! (whitespace collapsed) and, last, the occurrence index among findings of
//! the same pair with an equal key, so two equal problems in one file stay
//! two. Line and column numbers are not part of it.

use crate::check::{Finding, Position};
use crate::document::{Document, one_line};
use std::collections::HashMap;

/// Version tag written into baselines and SARIF; bump it if the hashed
/// fields ever change, so that old baselines are not silently re-matched.
pub const VERSION: &str = "v2";

/// What identifies a finding whatever the line it is on.
fn key(source: &Document, target: &Document, f: &Finding) -> String {
    let sentence = |doc: &Document, p: &Position| {
        doc.segments
            .get(p.segment)
            .map(|_| one_line(doc.display_text(p.segment)))
            .unwrap_or_default()
    };
    let (anchor, matched) = match (&f.source, &f.target) {
        // A file-level finding (a missing translation) has no sentence.
        (Some(s), t) if s.end > s.start || t.is_some() => (
            sentence(source, s),
            t.as_ref()
                .map(|t| one_line(t.text(target)))
                .unwrap_or_default(),
        ),
        (None, Some(t)) => (sentence(target, t), one_line(t.text(target))),
        _ => (String::new(), String::new()),
    };
    let path = if f.target.is_some() {
        &target.name
    } else {
        &source.name
    };
    format!(
        "{}\u{0}{}\u{0}{anchor}\u{0}{matched}",
        f.rule,
        path.replace('\\', "/")
    )
}

/// The fingerprints of a pair's findings, in their order: `hash:occurrence`.
pub fn of_findings(source: &Document, target: &Document, findings: &[Finding]) -> Vec<String> {
    use rayon::prelude::*;
    // The keys (a sentence each) are made and hashed side by side; only the
    // occurrence count needs the findings in order. A big glossary gives a
    // pair a hundred thousand findings. Occurrences are counted by hash:
    // two keys of one hash would print the same fingerprint anyway, and
    // counting them together keeps the fingerprints of a pair distinct.
    let hashes: Vec<u64> = findings
        .par_iter()
        .with_min_len(1024)
        .map(|f| fnv1a64(key(source, target, f).as_bytes()))
        .collect();
    let mut seen: HashMap<u64, usize, foldhash::fast::RandomState> = HashMap::default();
    hashes
        .into_iter()
        .map(|hash| {
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            format!("{hash:016x}:{occurrence}")
        })
        .collect()
}

/// FNV-1a, 64 bits: a hash whose value is fixed by its definition, unlike
/// std's `DefaultHasher`, so fingerprints stay equal across builds.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_its_published_test_vector() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn equal_findings_are_numbered_and_paths_tell_files_apart() {
        let r = crate::render::test_support::sample_report();
        let twice = [r.findings[0].clone(), r.findings[0].clone()];
        let fps = of_findings(&r.source, &r.target, &twice);
        assert_ne!(fps[0], fps[1]);
        assert_eq!(fps[0].split(':').next(), fps[1].split(':').next());
        let mut renamed = r.target.clone();
        renamed.name = "elsewhere.txt".into();
        let other = of_findings(&r.source, &renamed, &twice[..1]);
        assert_ne!(other[0], fps[0]);
    }
}
