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
use crate::document::Document;
use std::collections::HashMap;

/// Version tag written into baselines and SARIF; bump it if the hashed
/// fields ever change, so that old baselines are not silently re-matched.
pub const VERSION: &str = "v2";

/// What identifies a finding whatever the line it is on, hashed as it is
/// made: `rule \0 path \0 sentence \0 matched words`, the path with `/`
/// separators, the sentence and words with white space collapsed (as
/// [`one_line`](crate::document::one_line) shows them). Nothing is built: a big glossary gives a pair
/// a hundred thousand findings, each naming a whole sentence.
fn key_hash(source: &Document, target: &Document, f: &Finding) -> u64 {
    let mut hash = Fnv::new();
    hash.bytes(f.rule.as_bytes());
    hash.bytes(b"\0");
    let path = if f.target.is_some() {
        &target.name
    } else {
        &source.name
    };
    for &b in path.as_bytes() {
        hash.byte(if b == b'\\' { b'/' } else { b });
    }
    hash.bytes(b"\0");
    // The sentence a position is in (none when its segment is out of range).
    let sentence = |hash: &mut Fnv, doc: &Document, p: &Position| {
        if p.segment < doc.segments.len() {
            hash.words(doc.display_text(p.segment));
        }
    };
    match (&f.source, &f.target) {
        // A file-level finding (a missing translation) has no sentence.
        (Some(s), t) if s.end > s.start || t.is_some() => {
            sentence(&mut hash, source, s);
            hash.bytes(b"\0");
            if let Some(t) = t {
                hash.words(t.text(target));
            }
        }
        (None, Some(t)) => {
            sentence(&mut hash, target, t);
            hash.bytes(b"\0");
            hash.words(t.text(target));
        }
        _ => hash.bytes(b"\0"),
    }
    hash.0
}

/// FNV-1a fed piece by piece.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// The words of `text`, one space between two (as
    /// [`one_line`](crate::document::one_line) joins them).
    fn words(&mut self, text: &str) {
        for (n, word) in text.split_whitespace().enumerate() {
            if n > 0 {
                self.byte(b' ');
            }
            self.bytes(word.as_bytes());
        }
    }
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
        .map(|f| key_hash(source, target, f))
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
    let mut hash = Fnv::new();
    hash.bytes(bytes);
    hash.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key as a string, as fingerprints v2 defined it.
    fn key(source: &Document, target: &Document, f: &Finding) -> String {
        use crate::document::one_line;
        let sentence = |doc: &Document, p: &Position| {
            doc.segments
                .get(p.segment)
                .map(|_| one_line(doc.display_text(p.segment)))
                .unwrap_or_default()
        };
        let (anchor, matched) = match (&f.source, &f.target) {
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

    #[test]
    fn hashing_as_made_equals_hashing_the_key() {
        // Prevents: fingerprints changing (baselines and SARIF alerts no
        // longer matched) when the key is hashed without being built.
        let r = crate::render::test_support::sample_report();
        let mut target = r.target.clone();
        target.name = "docs\\fr\\page.md".into();
        let mut findings = r.findings.clone();
        let mut file_level = r.findings[0].clone();
        file_level.source = None;
        findings.push(file_level);
        let mut no_target = r.findings[0].clone();
        no_target.target = None;
        findings.push(no_target);
        assert!(findings.len() >= 3);
        for f in &findings {
            assert_eq!(
                key_hash(&r.source, &target, f),
                fnv1a64(key(&r.source, &target, f).as_bytes()),
                "{f:?}"
            );
        }
    }

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
