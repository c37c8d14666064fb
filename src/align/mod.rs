//! Sentence alignment: two segment lists → monotone links that cover every
//! segment of both sides exactly once.
//!
//! The stages, each in its own file:
//! - [`evidence`]: per-segment lengths and weighted key bags (numbers,
//!   identical words, cognates, punctuation, glossary terms, dictionary).
//! - [`cost`]: the price of one link (Gale–Church length model + lexical
//!   similarity + shape prior + paragraph agreement).
//! - [`band`]: anchors → band → dynamic programming inside the band, widened
//!   where the path nears its edge. Time and memory are linear in length.
//! - [`dictionary`]: the optional bilingual dictionary (`--dictionary`).

pub mod band;
pub mod cost;
pub mod dictionary;
pub mod evidence;

use crate::document::Document;
use std::ops::Range;
use std::sync::Arc;

pub use cost::CostParams;
pub use dictionary::{Dictionary, DictionaryError};
pub use evidence::Evidence;

/// Links scoring below this are worth a reviewer's look: on the tuning data,
/// fewer than about half of them are exactly right.
pub const LOW_CONFIDENCE: f64 = 0.5;

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

/// Evidence beyond length that the aligner may use, and its tuning.
#[derive(Debug, Clone, Default)]
pub struct AlignOptions {
    /// Glossary term pairs (source, target) that anchor sentences.
    pub term_pairs: Vec<(String, String)>,
    /// Optional bilingual dictionary (shared: it can be large).
    pub dictionary: Option<Arc<Dictionary>>,
    /// How much each kind of evidence weighs (all on by default).
    pub evidence: Evidence,
    /// Weights of the link cost.
    pub cost: CostParams,
}

/// Half-width of the first band, in segments, around the anchor path.
const INITIAL_WIDTH: usize = 12;

/// Aligns the segments of `source` and `target`.
pub fn align(source: &Document, target: &Document, opts: &AlignOptions) -> Alignment {
    let n = source.segments.len();
    let m = target.segments.len();
    if n == 0 || m == 0 {
        let links = (0..n)
            .map(|i| Link {
                source: i..i + 1,
                target: m..m,
                score: 1.0,
            })
            .chain((0..m).map(|j| Link {
                source: n..n,
                target: j..j + 1,
                score: 1.0,
            }))
            .collect();
        return Alignment { links };
    }
    let features = evidence::extract(
        source,
        target,
        &opts.term_pairs,
        opts.dictionary.as_deref(),
        &opts.evidence,
    );
    let model = cost::CostModel::new(&features, opts.cost);
    let mut center = band::anchor_center(&features.unique_matches, n, m);
    let mut width = INITIAL_WIDTH;
    let path = loop {
        let b = band::Band::around(&center, width, m);
        let path = band::search(&model, &b);
        let full = b.lo.iter().all(|&l| l == 0) && b.hi.iter().all(|&h| h == m);
        if !path.touches_edge || full {
            break path;
        }
        center = path_center(&path, n);
        width *= 2;
    };
    let links = path
        .links
        .iter()
        .map(|&(i0, i1, j0, j1, c)| Link {
            source: i0..i1,
            target: j0..j1,
            score: confidence(c, i1 - i0 + j1 - j0),
        })
        .collect();
    Alignment { links }
}

/// The target position of a path at every source position, for re-centring.
fn path_center(path: &band::Path, n: usize) -> Vec<f64> {
    let mut center = vec![0.0; n + 1];
    for &(i0, i1, j0, j1, _) in &path.links {
        for (k, c) in center.iter_mut().enumerate().take(i1 + 1).skip(i0) {
            let t = if i1 > i0 {
                (k - i0) as f64 / (i1 - i0) as f64
            } else {
                1.0
            };
            *c = j0 as f64 + t * (j1 - j0) as f64;
        }
    }
    center
}

/// Maps a link's cost per segment to a probability that it is right
/// (logistic fit on the tuning data).
fn confidence(cost: f64, segments: usize) -> f64 {
    let per_segment = cost / segments.max(1) as f64;
    1.0 / (1.0 + (per_segment - 1.5).exp())
}
