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
pub mod gaps;

use crate::document::Document;
use std::ops::Range;
use std::sync::Arc;

pub use cost::CostParams;
pub use dictionary::{Dictionary, DictionaryError};
pub use evidence::{Evidence, TermIndex};
pub use gaps::GapParams;

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

impl Alignment {
    /// Segment i ↔ segment i for `n` segments, fully confident: for input that
    /// is aligned already (line i translates line i), as benchmarks, tests and
    /// pre-aligned data are.
    pub fn one_to_one(n: usize) -> Alignment {
        Alignment {
            links: (0..n)
                .map(|i| Link {
                    source: i..i + 1,
                    target: i..i + 1,
                    score: 1.0,
                })
                .collect(),
        }
    }
}

/// Evidence beyond length that the aligner may use, and its tuning.
#[derive(Debug, Clone, Default)]
pub struct AlignOptions {
    /// Glossary term pairs that anchor sentences, compiled once
    /// ([`TermIndex::from_glossary`]) and shared by every pair of a run.
    pub terms: Arc<TermIndex>,
    /// Optional bilingual dictionary (shared: it can be large).
    pub dictionary: Option<Arc<Dictionary>>,
    /// How much each kind of evidence weighs; `None`: the tuned profile for
    /// the documents' languages ([`Evidence::for_languages`]).
    pub evidence: Option<Evidence>,
    /// Weights of the link cost; `None`: the tuned profile for the
    /// documents' languages ([`CostParams::for_languages`]).
    pub cost: Option<CostParams>,
    /// The omission / addition stage after the search; `None`: the defaults.
    pub gaps: Option<GapParams>,
}

impl AlignOptions {
    /// These options with the language profiles filled in.
    fn resolved(&self, source: &Document, target: &Document) -> AlignOptions {
        AlignOptions {
            evidence: Some(
                self.evidence
                    .unwrap_or_else(|| Evidence::for_languages(source.lang, target.lang)),
            ),
            cost: Some(
                self.cost
                    .unwrap_or_else(|| CostParams::for_languages(source.lang, target.lang)),
            ),
            gaps: Some(
                self.gaps
                    .unwrap_or_else(|| GapParams::for_languages(source.lang, target.lang)),
            ),
            ..self.clone()
        }
    }

    fn cost_params(&self) -> CostParams {
        self.cost.unwrap_or_default()
    }

    fn evidence_weights(&self) -> Evidence {
        self.evidence.unwrap_or_default()
    }
}

/// The band stops widening at this half-width, so that time and memory stay
/// linear even for two unrelated texts (the path is then the best within it).
const MAX_WIDTH: usize = 96;

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
    let links = align_with_features(source, target, opts)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    Alignment { links }
}

/// Aligns only source segments `source_range` with target segments
/// `target_range`, as if the two documents held nothing else, with the
/// same algorithm as [`align`]; the links' ranges are those of the whole
/// documents. For the language server's re-check after a small edit: the
/// caller re-aligns a window around the edit, anchored on links it keeps,
/// and checks that the window's borders agree with them (the evidence's
/// weights are the window's, not the document's).
pub fn align_window(
    source: &Document,
    target: &Document,
    opts: &AlignOptions,
    source_range: Range<usize>,
    target_range: Range<usize>,
) -> Vec<Link> {
    let only = |doc: &Document, r: &Range<usize>| {
        let mut part = doc.clone();
        part.segments = doc.segments[r.clone()].to_vec();
        part
    };
    let (s, t) = (source_range.start, target_range.start);
    align(
        &only(source, &source_range),
        &only(target, &target_range),
        opts,
    )
    .links
    .into_iter()
    .map(|l| Link {
        source: l.source.start + s..l.source.end + s,
        target: l.target.start + t..l.target.end + t,
        score: l.score,
    })
    .collect()
}

/// What the confidence of a link is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkFeatures {
    /// Share of the link's evidence left unexplained (0 = every key matched).
    pub unexplained: f64,
    /// Gale–Church length cost of the link (0 for 1-0 / 0-1).
    pub length_cost: f64,
    /// 1 for a 1-0 or 0-1 link.
    pub is_skip: f64,
    /// 1 for any link other than 1-1, 1-0 and 0-1.
    pub is_merge: f64,
    /// Mean evidence weight per segment (how much there was to go on).
    pub evidence: f64,
}

impl LinkFeatures {
    /// The features as a vector, with a leading 1 for the intercept.
    pub fn vector(&self) -> [f64; 6] {
        [
            1.0,
            self.unexplained,
            self.length_cost.min(20.0),
            self.is_skip,
            self.is_merge,
            (1.0 + self.evidence).ln(),
        ]
    }
}

fn link_features(model: &cost::CostModel, l: &band::PathLink) -> LinkFeatures {
    let (a, b) = (l.i1 - l.i0, l.j1 - l.j0);
    let fs = &model.features.source;
    let ft = &model.features.target;
    let sum = |v: &[f64], r: Range<usize>| v[r].iter().sum::<f64>();
    let mass: f64 = fs.mass[l.i0..l.i1]
        .iter()
        .chain(&ft.mass[l.j0..l.j1])
        .map(|&m| m as f64)
        .sum();
    let skip = a == 0 || b == 0;
    LinkFeatures {
        unexplained: if skip {
            1.0
        } else {
            l.uncovered / (a + b) as f64
        },
        length_cost: if skip {
            0.0
        } else {
            model.length_cost(sum(&fs.lengths, l.i0..l.i1), sum(&ft.lengths, l.j0..l.j1))
        },
        is_skip: skip as u8 as f64,
        is_merge: (!skip && (a > 1 || b > 1)) as u8 as f64,
        evidence: mass / (a + b) as f64,
    }
}

/// Logistic weights of [`LinkFeatures::vector`], fitted on the tuning data
/// (`cargo run --release --example align_tune -- --calibrate ...`).
const CONFIDENCE_WEIGHTS: [f64; 6] = [4.29, -0.84, -1.46, -3.94, -1.56, -0.02];

/// Probability that a link is exactly right, from its features.
pub fn confidence(f: &LinkFeatures) -> f64 {
    confidence_with(f, &CONFIDENCE_WEIGHTS)
}

/// [`confidence`] with explicit logistic weights (for calibration).
pub fn confidence_with(f: &LinkFeatures, weights: &[f64; 6]) -> f64 {
    let z: f64 = f.vector().iter().zip(weights).map(|(x, w)| x * w).sum();
    1.0 / (1.0 + (-z).exp())
}

/// Aligns like [`align`] and also returns each link's confidence features,
/// for calibrating the scores.
pub fn align_with_features(
    source: &Document,
    target: &Document,
    opts: &AlignOptions,
) -> Vec<(Link, LinkFeatures)> {
    let n = source.segments.len();
    let m = target.segments.len();
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let opts = &opts.resolved(source, target);
    let (features, path) = two_passes(source, target, opts);
    let model = cost::CostModel::new(&features, opts.cost_params());
    let links = gaps::split_unsupported(
        source,
        target,
        &model,
        &path.links,
        opts.gaps.unwrap_or_default(),
        &|l| confidence(&link_features(&model, l)),
        &|i0, i1, j0, j1| band::path_link(&model, i0, i1, j0, j1),
    );
    links
        .iter()
        .map(|l| {
            let f = link_features(&model, l);
            (
                Link {
                    source: l.i0..l.i1,
                    target: l.j0..l.j1,
                    score: confidence(&f),
                },
                f,
            )
        })
        .collect()
}

/// First pass with the given evidence; then word pairs that keep occurring
/// together in its confident 1-1 links are learnt as extra evidence and the
/// pair is aligned again, in a narrow band around the first path
/// (language-neutral: it can find "Berg"/"montagne" without a dictionary).
/// Long documents get the first pass only.
fn two_passes(
    source: &Document,
    target: &Document,
    opts: &AlignOptions,
) -> (evidence::PairFeatures, band::Path) {
    let (n, m) = (source.segments.len(), target.segments.len());
    let extract = |learned: &[(String, String)]| {
        evidence::extract(
            source,
            target,
            &opts.terms,
            opts.dictionary.as_deref(),
            learned,
            &opts.evidence_weights(),
        )
    };
    let features = extract(&[]);
    let path = search(&cost::CostModel::new(&features, opts.cost_params()), n, m);
    if opts.evidence_weights().learned <= 0.0 || n.max(m) > LEARN_MAX_SEGMENTS {
        return (features, path);
    }
    let learned = learn_pairs(source, target, &features, &path, opts);
    if learned.is_empty() {
        return (features, path);
    }
    let features = extract(&learned);
    // The second pass refines the first: a narrower band around its path.
    let path = search_around(
        &cost::CostModel::new(&features, opts.cost_params()),
        path_center(&path, n),
        REFINE_WIDTH,
        n,
        m,
    );
    (features, path)
}

/// Documents longer than this (segments per side) get one pass only: the
/// second pass triples the time, and on long documents the first pass has
/// anchors enough (Bible: strict F1 0.996 in one pass).
const LEARN_MAX_SEGMENTS: usize = 20_000;

/// Half-width of the second pass's band around the first pass's path.
const REFINE_WIDTH: usize = 6;

/// Word pairs (folded) that a first alignment teaches: mutual best partners
/// by Dice over its confident 1-1 links ([`dice_pairs`]), and the pairs the
/// document's own word translation model (IBM model 1 both ways, as the
/// omission stage learns it) gives each other a high probability. Model 1
/// finds more of them ("souris"/"mice" from a handful of sentences) and
/// keeps several translations per word; with both, TransRead strict F1
/// 0.922 → 0.926 and an omission or two more found (docs/align.md).
fn learn_pairs(
    source: &Document,
    target: &Document,
    features: &evidence::PairFeatures,
    path: &band::Path,
    opts: &AlignOptions,
) -> Vec<(String, String)> {
    let mut pairs = dice_pairs(source, target, features, path, opts);
    let model = cost::CostModel::new(features, opts.cost_params());
    pairs.extend(gaps::translation_pairs(
        source,
        target,
        &path.links,
        &|l| confidence(&link_features(&model, l)),
        LEARN_MIN_TRANSLATION,
    ));
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Least model 1 probability, both ways, of a learnt word pair (swept on
/// the TransRead tuning books: 0.5 0.3 0.2 0.1 gave omission recall 0.702
/// 0.737 0.746 0.754 and false alarms 17.5 16.5 17.5 19.8 per 1,000).
const LEARN_MIN_TRANSLATION: f32 = 0.3;

/// Word pairs (folded) that co-occur in at least two confident 1-1 links of
/// a first alignment with a high Dice coefficient.
fn dice_pairs(
    source: &Document,
    target: &Document,
    features: &evidence::PairFeatures,
    path: &band::Path,
    opts: &AlignOptions,
) -> Vec<(String, String)> {
    use std::collections::HashMap;
    let model = cost::CostModel::new(features, opts.cost_params());
    // Words are interned (one id space for both sides, so that a word
    // present on both sides is recognised by its id).
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut words = |doc: &Document, i: usize| -> Vec<u32> {
        let mut v: Vec<u32> = evidence::folded_words(doc.segment_text(i))
            .into_iter()
            .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
            .map(|w| {
                *ids.entry(w).or_insert_with_key(|w| {
                    names.push(w.clone());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut pair_count: HashMap<(u32, u32), u32> = HashMap::new();
    let mut source_count: HashMap<u32, u32> = HashMap::new();
    let mut target_count: HashMap<u32, u32> = HashMap::new();
    for l in &path.links {
        if l.i1 - l.i0 != 1
            || l.j1 - l.j0 != 1
            || confidence(&link_features(&model, l)) < LEARN_CONFIDENCE
        {
            continue;
        }
        let (s, t) = (words(source, l.i0), words(target, l.j0));
        for &w in &s {
            *source_count.entry(w).or_default() += 1;
        }
        for &w in &t {
            *target_count.entry(w).or_default() += 1;
        }
        // Words present on both sides are already evidence (identical words).
        for &a in s.iter().filter(|a| t.binary_search(a).is_err()) {
            for &b in t.iter().filter(|b| s.binary_search(b).is_err()) {
                *pair_count.entry((a, b)).or_default() += 1;
            }
        }
    }
    let candidates: Vec<((u32, u32), f64)> = pair_count
        .into_iter()
        .filter(|(_, c)| *c >= 2)
        .map(|((a, b), c)| {
            let dice = 2.0 * c as f64 / (source_count[&a] + target_count[&b]) as f64;
            ((a, b), dice)
        })
        .filter(|(_, dice)| *dice >= LEARN_MIN_DICE)
        .collect();
    // Keep mutual best partners only: one translation per word.
    let mut best_source: HashMap<u32, f64> = HashMap::new();
    let mut best_target: HashMap<u32, f64> = HashMap::new();
    for &((a, b), dice) in &candidates {
        let e = best_source.entry(a).or_insert(0.0);
        *e = e.max(dice);
        let e = best_target.entry(b).or_insert(0.0);
        *e = e.max(dice);
    }
    let mut pairs: Vec<(String, String)> = candidates
        .iter()
        .filter(|&&((a, b), dice)| dice >= best_source[&a] && dice >= best_target[&b])
        .map(|&((a, b), _)| (names[a as usize].clone(), names[b as usize].clone()))
        .collect();
    pairs.sort();
    pairs
}

/// Links below this confidence do not teach word pairs.
const LEARN_CONFIDENCE: f64 = 0.9;
/// Least Dice coefficient of a learnt word pair.
const LEARN_MIN_DICE: f64 = 0.5;

/// Anchors, then the banded search, widened until the path keeps off the
/// band's edges.
fn search(model: &cost::CostModel, n: usize, m: usize) -> band::Path {
    let center = band::anchor_center(&model.features.unique_matches, n, m);
    search_around(model, center, INITIAL_WIDTH, n, m)
}

/// The banded search around `center`, widened until the path keeps off the
/// band's edges.
fn search_around(
    model: &cost::CostModel,
    mut center: Vec<f64>,
    mut width: usize,
    n: usize,
    m: usize,
) -> band::Path {
    loop {
        let b = band::Band::around(&center, width, m);
        let path = band::search(model, &b);
        let full = b.lo.iter().all(|&l| l == 0) && b.hi.iter().all(|&h| h == m);
        if !path.touches_edge || full || width >= MAX_WIDTH {
            return path;
        }
        center = path_center(&path, n);
        width *= 2;
    }
}

/// The target position of a path at every source position, for re-centring.
fn path_center(path: &band::Path, n: usize) -> Vec<f64> {
    let mut center = vec![0.0; n + 1];
    for &band::PathLink { i0, i1, j0, j1, .. } in &path.links {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn doc(lines: &[&str]) -> Document {
        let text = lines.join("\n");
        let spans = crate::segment::segment_lines(&text);
        Document::new("t".into(), text, Lang::FR, &spans)
    }

    fn shapes(a: &Alignment) -> Vec<(Range<usize>, Range<usize>)> {
        a.links
            .iter()
            .map(|l| (l.source.clone(), l.target.clone()))
            .collect()
    }

    #[test]
    fn confidence_prefers_explained_one_to_one_links() {
        let good = LinkFeatures {
            unexplained: 0.1,
            length_cost: 0.2,
            is_skip: 0.0,
            is_merge: 0.0,
            evidence: 5.0,
        };
        let skip = LinkFeatures {
            unexplained: 1.0,
            length_cost: 0.0,
            is_skip: 1.0,
            is_merge: 0.0,
            evidence: 1.0,
        };
        assert!(confidence(&good) > 0.9);
        assert!(confidence(&skip) < LOW_CONFIDENCE);
    }

    #[test]
    fn numbers_and_names_find_a_two_to_one_link() {
        let s = doc(&[
            "Le 14 juillet 1789, Paris se soulève.",
            "La Bastille tombe.",
            "Louis XVI apprend la nouvelle à Versailles le soir même.",
        ]);
        let t = doc(&[
            "On 14 July 1789 Paris rose and the Bastille fell.",
            "Louis XVI heard the news at Versailles that same evening.",
        ]);
        let a = align(&s, &t, &AlignOptions::default());
        assert_eq!(shapes(&a), vec![(0..2, 0..1), (2..3, 1..2)]);
    }

    #[test]
    fn a_paragraph_break_is_never_inside_a_link() {
        // Without the break, "Chapitre premier" + "Il pleuvait." against
        // "Chapter One" + "It was raining." would be a tempting 2-2 merge
        // candidate; a break inside a link is priced high.
        let s = doc(&[
            "Chapitre premier",
            "",
            "Il pleuvait.",
            "Nous sommes sortis quand même, sous la pluie battante.",
        ]);
        let t = doc(&[
            "Chapter One",
            "",
            "It was raining.",
            "We went out anyway, in the pouring rain.",
        ]);
        let a = align(&s, &t, &AlignOptions::default());
        assert_eq!(shapes(&a), vec![(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
        let features = evidence::extract(
            &s,
            &t,
            &TermIndex::default(),
            None,
            &[],
            &Evidence::default(),
        );
        let model = cost::CostModel::new(&features, CostParams::default());
        assert!(model.link_cost(0, 2, 0, 2, 0.0) > model.link_cost(0, 1, 0, 1, 0.0) + 10.0);
    }

    #[test]
    fn empty_side_gives_one_sided_links() {
        let s = doc(&["Un.", "Deux."]);
        let t = doc(&[]);
        let a = align(&s, &t, &AlignOptions::default());
        assert_eq!(shapes(&a), vec![(0..1, 0..0), (1..2, 0..0)]);
    }
}
