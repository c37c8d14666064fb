//! Sentence alignment: two segment lists → monotone links that cover every
//! segment of both sides exactly once.

use crate::document::Document;
use std::ops::Range;

/// One alignment link: a group of source segments and the target segments
/// that translate them. Either side may be empty (omission / addition).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Source segment indices (contiguous).
    pub source: Range<usize>,
    /// Target segment indices (contiguous).
    pub target: Range<usize>,
    /// Confidence in [0, 1] that this link is right.
    pub score: f64,
}

/// The alignment of a whole document pair, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// Links in order; together they cover both sides exactly once.
    pub links: Vec<Link>,
}

/// Evidence beyond length that the aligner may use.
#[derive(Debug, Clone, Default)]
pub struct AlignOptions {
    /// Glossary term pairs (source, target) that anchor sentences.
    pub term_pairs: Vec<(String, String)>,
}

/// Aligns the segments of `source` and `target`.
pub fn align(source: &Document, target: &Document, _opts: &AlignOptions) -> Alignment {
    // Placeholder until the aligner lands: pairs segments one to one.
    let n = source.segments.len();
    let m = target.segments.len();
    let mut links: Vec<Link> = (0..n.min(m))
        .map(|i| Link {
            source: i..i + 1,
            target: i..i + 1,
            score: 0.5,
        })
        .collect();
    for i in m..n {
        links.push(Link {
            source: i..i + 1,
            target: m..m,
            score: 0.5,
        });
    }
    for j in n..m {
        links.push(Link {
            source: n..n,
            target: j..j + 1,
            score: 0.5,
        });
    }
    Alignment { links }
}
