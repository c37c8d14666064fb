//! Omissions and additions, after the search: a sentence the aligner merged
//! into a neighbour's link although nothing in the other side translates it.
//!
//! The search prices a skip (1-0 / 0-1) high and a merge low, so a dropped
//! sentence, above all a short one, is usually absorbed into a 2-1 link with
//! its neighbour. This stage tests every link with more than one segment on a
//! side, and every weak 1-1 link: does each member sentence at the link's edge
//! have support of its own in the other side? When it has none, it is split
//! off and becomes a 1-0 (omission) or 0-1 (addition) link.
//!
//! Support is a likelihood ratio under a word translation model (IBM model 1,
//! both directions) learnt from the document itself by EM over the confident
//! 1-1 links of the alignment, with numbers, identical words and cognates
//! (same first [`COGNATE_PREFIX`] folded letters) as prior translations, plus
//! the Gale–Church length evidence. For member `x` of side X of a link whose
//! other side is Y, and R = the link's X side without `x`:
//!
//! - `ln P(Y | X) − ln P(Y | R)`: does `x` explain words of Y that R does not
//!   (an unrelated `x` only dilutes model 1's uniform alignment);
//! - `ln P(x | Y) − ln P(x | NULL)`: are `x`'s words better generated from Y
//!   than left unaligned;
//! - the length cost of (R, Y) minus that of (X, Y).
//!
//! The glossary is not used here, so whether a sentence is found does not
//! depend on whether one is loaded.

use super::band::PathLink;
use super::cost::CostModel;
use super::evidence::{COGNATE_PREFIX, folded_words};
use crate::document::Document;
use std::collections::HashMap;

/// Weights of the omission re-search, tuned with `scripts/omission_bench.py`
/// on the tuning books (see docs/align.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapParams {
    /// Whether the stage runs at all.
    pub enabled: bool,
    /// Price of leaving one segment without a counterpart, in nats of
    /// translation-model evidence.
    pub skip: f64,
    /// Price of each segment a link has beyond one per side.
    pub merge: f64,
    /// Weight of the Gale–Church length cost.
    pub length_weight: f64,
    /// 1-1 links whose translation-model support (nats) is below this are
    /// searched again, whatever their confidence.
    pub suspect: f64,
    /// 1-1 links below this confidence are searched again too.
    pub weak: f64,
    /// Weight of NULL in a generated word's mixture: fixed, not model 1's
    /// 1/(k+1), so that a long sentence does not lose support for its length.
    pub null_weight: f64,
}

impl GapParams {
    /// Tuned on the TransRead tuning books (Alice, Candide, Emma, Vingt
    /// mille lieues) with `scripts/omission_bench.py`.
    pub const FRENCH_ENGLISH: GapParams = GapParams {
        enabled: true,
        skip: 3.0,
        merge: 1.0,
        length_weight: 1.0,
        suspect: 0.0,
        weak: 0.5,
        null_weight: 0.2,
    };

    /// Tuned on Text+Berg `dev` (French–German).
    pub const OTHER_PAIRS: GapParams = GapParams {
        ..GapParams::FRENCH_ENGLISH
    };

    /// The tuned weights for a language pair.
    pub fn for_languages(source: crate::lang::Lang, target: crate::lang::Lang) -> GapParams {
        let p = if super::cost::is_french_english(source, target) {
            GapParams::FRENCH_ENGLISH
        } else {
            GapParams::OTHER_PAIRS
        };
        if let Ok(v) = std::env::var("BITEXT_GAPS_TUNE") {
            let f: Vec<f64> = v.split(',').map(|x| x.parse().unwrap()).collect();
            return GapParams {
                skip: f[0],
                merge: f[1],
                length_weight: f[2],
                suspect: f[3],
                weak: f[4],
                null_weight: f[5],
                ..p
            };
        }
        p
    }
}

impl Default for GapParams {
    fn default() -> Self {
        GapParams::FRENCH_ENGLISH
    }
}

/// Confident 1-1 links that train the translation model: at most this many,
/// evenly spread, so that long documents stay linear and cheap.
const MAX_TRAINING_LINKS: usize = 3000;
/// 1-1 links at least this confident train the model.
const TRAINING_CONFIDENCE: f64 = 0.7;
/// EM iterations of model 1.
const EM_ITERATIONS: usize = 5;
/// Probability of a word pair never seen together (and of a word never seen).
const FLOOR: f32 = 1e-5;
/// Prior translation probability of two identical words (names, numbers).
const IDENTICAL: f32 = 0.5;
/// Prior translation probability of two cognates.
const COGNATE: f32 = 0.2;

/// The words of one side: ids into a vocabulary (0 is NULL), per segment,
/// filled lazily.
struct Side<'a> {
    doc: &'a Document,
    ids: HashMap<String, u32>,
    /// Folded spelling and cognate prefix of each id (index 0: NULL).
    words: Vec<(String, Option<String>)>,
    segments: HashMap<usize, Vec<u32>>,
}

impl<'a> Side<'a> {
    fn new(doc: &'a Document) -> Side<'a> {
        Side {
            doc,
            ids: HashMap::new(),
            words: vec![(String::new(), None)],
            segments: HashMap::new(),
        }
    }

    fn segment(&mut self, i: usize) -> &[u32] {
        if !self.segments.contains_key(&i) {
            let words: Vec<u32> = folded_words(self.doc.segment_text(i))
                .into_iter()
                .map(|w| {
                    if let Some(&id) = self.ids.get(&w) {
                        return id;
                    }
                    let id = self.words.len() as u32;
                    let prefix = (w.chars().count() >= COGNATE_PREFIX
                        && !w.chars().all(|c| c.is_ascii_digit()))
                    .then(|| w.chars().take(COGNATE_PREFIX).collect());
                    self.ids.insert(w.clone(), id);
                    self.words.push((w, prefix));
                    id
                })
                .collect();
            self.segments.insert(i, words);
        }
        &self.segments[&i]
    }

    fn group(&mut self, r: std::ops::Range<usize>) -> Vec<u32> {
        r.flat_map(|i| self.segment(i).to_vec()).collect()
    }
}

/// p(generated word | conditioning word) for the pairs seen in training.
#[derive(Default)]
struct Table {
    index: HashMap<u64, u32>,
    prob: Vec<f32>,
}

fn key(cond: u32, out: u32) -> u64 {
    (cond as u64) << 32 | out as u64
}

impl Table {
    /// Model 1 by EM over (conditioning words, generated words) pairs; the
    /// conditioning side gets NULL (id 0) in every pair.
    fn train(pairs: &[(&[u32], &[u32])]) -> Table {
        let mut table = Table::default();
        let mut cond_of: Vec<u32> = Vec::new();
        // Per pair, per generated word, the entries of its conditioning words.
        let mut cells: Vec<u32> = Vec::new();
        for (cond, out) in pairs {
            for &g in out.iter() {
                for &c in std::iter::once(&0).chain(cond.iter()) {
                    let next = table.prob.len() as u32;
                    let e = *table.index.entry(key(c, g)).or_insert_with(|| {
                        cond_of.push(c);
                        next
                    });
                    if e == next {
                        table.prob.push(1.0);
                    }
                    cells.push(e);
                }
            }
        }
        let vocab = cond_of.iter().copied().max().unwrap_or(0) as usize + 1;
        let mut counts = vec![0f32; table.prob.len()];
        let mut totals = vec![0f32; vocab];
        for _ in 0..EM_ITERATIONS {
            counts.iter_mut().for_each(|c| *c = 0.0);
            totals.iter_mut().for_each(|t| *t = 0.0);
            let mut at = 0;
            for (cond, out) in pairs {
                let width = cond.len() + 1;
                for _ in 0..out.len() {
                    let row = &cells[at..at + width];
                    let denom: f32 = row.iter().map(|&e| table.prob[e as usize]).sum();
                    if denom > 0.0 {
                        for &e in row {
                            counts[e as usize] += table.prob[e as usize] / denom;
                        }
                    }
                    at += width;
                }
            }
            for (e, &c) in counts.iter().enumerate() {
                totals[cond_of[e] as usize] += c;
            }
            for (e, p) in table.prob.iter_mut().enumerate() {
                let t = totals[cond_of[e] as usize];
                *p = if t > 0.0 { counts[e] / t } else { 0.0 };
            }
        }
        table
    }

    fn get(&self, cond: u32, out: u32) -> f32 {
        self.index
            .get(&key(cond, out))
            .map_or(0.0, |&e| self.prob[e as usize])
    }
}

/// The prior translation probability of two words by their spelling.
fn prior(a: &(String, Option<String>), b: &(String, Option<String>)) -> f32 {
    let digits = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    if a.0 == b.0 && (a.0.chars().count() >= 3 || digits(&a.0)) {
        IDENTICAL
    } else if a.1.is_some() && a.1 == b.1 {
        COGNATE
    } else {
        0.0
    }
}

/// A translation model in one direction: `out` words given `cond` words.
struct Direction<'t> {
    table: &'t Table,
}

impl Direction<'_> {
    fn p(&self, cond: &Side, c: u32, out: &Side, g: u32) -> f32 {
        let learnt = self.table.get(c, g);
        let p = if c == 0 {
            learnt
        } else {
            learnt.max(prior(&cond.words[c as usize], &out.words[g as usize]))
        };
        p.max(FLOOR)
    }
}

/// Price of a paragraph break inside a re-searched link.
const PARAGRAPH_BREAK: f64 = 6.0;
/// A window re-searched around suspect links spans at most this many links.
const MAX_WINDOW_LINKS: usize = 24;
/// Half-width (target segments) of the re-search around a window's diagonal.
const WINDOW_BAND: f64 = 4.0;
/// Link shapes of the re-search (source count, target count).
const WINDOW_SHAPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
];

struct Tester<'a> {
    source: Side<'a>,
    target: Side<'a>,
    /// p(target word | source word), p(source word | target word).
    forward: Table,
    backward: Table,
    params: GapParams,
    /// [`Sums`] per (source segment, target segment), computed once.
    pairs: HashMap<(usize, usize), (Sums, Sums)>,
}

/// Per word of one segment, the summed probabilities of generating it from
/// each word of another segment, and from NULL.
struct Sums {
    from_words: Vec<f64>,
    from_null: Vec<f64>,
}

impl Direction<'_> {
    fn sums(&self, cond: &Side, cond_words: &[u32], out: &Side, out_words: &[u32]) -> Sums {
        Sums {
            from_words: out_words
                .iter()
                .map(|&g| {
                    cond_words
                        .iter()
                        .map(|&c| self.p(cond, c, out, g) as f64)
                        .sum()
                })
                .collect(),
            from_null: out_words
                .iter()
                .map(|&g| self.p(cond, 0, out, g) as f64)
                .collect(),
        }
    }
}

impl Tester<'_> {
    /// The [`Sums`] of source segment `i` and target segment `j`, both ways.
    fn pair(&mut self, i: usize, j: usize) -> &(Sums, Sums) {
        if !self.pairs.contains_key(&(i, j)) {
            let si = self.source.segment(i).to_vec();
            let tj = self.target.segment(j).to_vec();
            let fwd = Direction {
                table: &self.forward,
            };
            let bwd = Direction {
                table: &self.backward,
            };
            let (s, t) = (&self.source, &self.target);
            let sums = (fwd.sums(s, &si, t, &tj), bwd.sums(t, &tj, s, &si));
            self.pairs.insert((i, j), sums);
        }
        &self.pairs[&(i, j)]
    }

    /// Translation-model support (nats, both directions) of linking source
    /// `i0..i1` with target `j0..j1`: ln P(words | other side) − ln P(words
    /// | NULL), summed over the words of both sides; 0 when a side is empty.
    fn support(&mut self, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        if i0 == i1 || j0 == j1 {
            return 0.0;
        }
        let source_words: usize = (i0..i1).map(|i| self.source.segment(i).len()).sum();
        let target_words: usize = (j0..j1).map(|j| self.target.segment(j).len()).sum();
        let nw = self.params.null_weight;
        let mix = |sum: f64, k: usize, null: f64| {
            (nw * null + (1.0 - nw) * sum / k.max(1) as f64).ln() - null.ln()
        };
        let mut total = 0.0;
        // Target words given the source group.
        for j in j0..j1 {
            let mut sum = vec![0.0; self.target.segment(j).len()];
            let mut null = Vec::new();
            for i in i0..i1 {
                let f = &self.pair(i, j).0;
                sum.iter_mut().zip(&f.from_words).for_each(|(a, b)| *a += b);
                null.clone_from(&f.from_null);
            }
            total += sum
                .iter()
                .zip(&null)
                .map(|(&s, &n)| mix(s, source_words, n))
                .sum::<f64>();
        }
        // Source words given the target group.
        for i in i0..i1 {
            let mut sum = vec![0.0; self.source.segment(i).len()];
            let mut null = Vec::new();
            for j in j0..j1 {
                let b = &self.pair(i, j).1;
                sum.iter_mut().zip(&b.from_words).for_each(|(a, b)| *a += b);
                null.clone_from(&b.from_null);
            }
            total += sum
                .iter()
                .zip(&null)
                .map(|(&s, &n)| mix(s, target_words, n))
                .sum::<f64>();
        }
        total
    }

    /// Score of one link of the re-search (higher is better): support minus
    /// the prices of length mismatch, merging, skipping and paragraph breaks.
    fn link_score(&mut self, model: &CostModel, i0: usize, i1: usize, j0: usize, j1: usize) -> f64 {
        let (a, b) = (i1 - i0, j1 - j0);
        let p = self.params;
        if a == 0 || b == 0 {
            return -p.skip * (a + b) as f64;
        }
        let fs = &model.features.source;
        let ft = &model.features.target;
        let breaks = (i0 + 1..i1)
            .filter(|&i| fs.paragraph_start.get(i) == Some(&true))
            .count()
            + (j0 + 1..j1)
                .filter(|&j| ft.paragraph_start.get(j) == Some(&true))
                .count();
        let ls: f64 = fs.lengths[i0..i1].iter().sum();
        let lt: f64 = ft.lengths[j0..j1].iter().sum();
        self.support(i0, i1, j0, j1)
            - p.length_weight * model.length_cost(ls, lt)
            - p.merge * (a + b - 2) as f64
            - PARAGRAPH_BREAK * breaks as f64
    }

    /// The best links covering source `i0..i1` and target `j0..j1` by
    /// [`Self::link_score`] (exact dynamic programming: windows are small).
    fn research(
        &mut self,
        model: &CostModel,
        (i0, i1, j0, j1): (usize, usize, usize, usize),
    ) -> Vec<(usize, usize, usize, usize)> {
        let (n, m) = (i1 - i0, j1 - j0);
        let w = m + 1;
        let mut best = vec![f64::NEG_INFINITY; (n + 1) * w];
        let mut back = vec![usize::MAX; (n + 1) * w];
        best[0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                let diagonal = i as f64 * m as f64 / n.max(1) as f64;
                if (j as f64 - diagonal).abs() > WINDOW_BAND {
                    continue;
                }
                for (s, &(a, b)) in WINDOW_SHAPES.iter().enumerate() {
                    if a > i || b > j {
                        continue;
                    }
                    let from = best[(i - a) * w + j - b];
                    if from == f64::NEG_INFINITY {
                        continue;
                    }
                    let score = from + self.link_score(model, i0 + i - a, i0 + i, j0 + j - b, j0 + j);
                    if score > best[i * w + j] {
                        best[i * w + j] = score;
                        back[i * w + j] = s;
                    }
                }
            }
        }
        let mut links = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let (a, b) = WINDOW_SHAPES[back[i * w + j]];
            links.push((i0 + i - a, i0 + i, j0 + j - b, j0 + j));
            i -= a;
            j -= b;
        }
        links.reverse();
        links
    }
}

/// Searches again, with the document's own translation model, every window
/// of links around a merge, a weak 1-1 link or a 1-1 link the model does not
/// support: a sentence with no counterpart is then left alone (an omission
/// or addition) instead of absorbed by a neighbour or shifting the links
/// after it. `confidence` scores a path link; `relink` prices a new one.
pub fn split_unsupported(
    source: &Document,
    target: &Document,
    model: &CostModel,
    links: &[PathLink],
    params: GapParams,
    confidence: &dyn Fn(&PathLink) -> f64,
    relink: &dyn Fn(usize, usize, usize, usize) -> PathLink,
) -> Vec<PathLink> {
    if !params.enabled
        || source.segments.len().max(target.segments.len()) > super::LEARN_MAX_SEGMENTS
    {
        // Long documents (the Bible pair: 8.9 s instead of 1.1 s with the
        // stage) keep the search's links, as they get one search pass only.
        return links.to_vec();
    }
    let mut tester = train(source, target, links, confidence, params);
    let suspect: Vec<bool> = links
        .iter()
        .map(|l| {
            let (a, b) = (l.i1 - l.i0, l.j1 - l.j0);
            a > 0
                && b > 0
                && (a + b > 2
                    || confidence(l) < params.weak
                    || tester.support(l.i0, l.i1, l.j0, l.j1) < params.suspect)
        })
        .collect();
    let movable: Vec<bool> = links.iter().map(|l| l.i1 > l.i0 && l.j1 > l.j0).collect();
    let windows = windows(&suspect, &movable);
    if windows.is_empty() {
        return links.to_vec();
    }
    let mut out = Vec::with_capacity(links.len() + 8);
    let mut next = 0;
    for (first, last) in windows {
        out.extend_from_slice(&links[next..first]);
        let span = (links[first].i0, links[last].i1, links[first].j0, links[last].j1);
        for (i0, i1, j0, j1) in tester.research(model, span) {
            out.push(relink(i0, i1, j0, j1));
        }
        next = last + 1;
    }
    out.extend_from_slice(&links[next..]);
    out
}

/// Windows (first and last link, inclusive) of one link either side of each
/// suspect link, overlapping ones joined, none longer than
/// [`MAX_WINDOW_LINKS`]. A link that is not `movable` (a skip the search
/// chose: rejoining those loses more omissions than it saves false alarms)
/// never enters a window.
fn windows(suspect: &[bool], movable: &[bool]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, _) in suspect.iter().enumerate().filter(|(_, s)| **s) {
        let first = if k > 0 && movable[k - 1] { k - 1 } else { k };
        let last = if k + 1 < suspect.len() && movable[k + 1] {
            k + 1
        } else {
            k
        };
        match out.last().copied() {
            Some(w) if first <= w.1 && last + 1 - w.0 <= MAX_WINDOW_LINKS => {
                out.last_mut().expect("a window").1 = last;
            }
            Some(w) if first <= w.1 => out.push((w.1 + 1, last)),
            _ => out.push((first, last)),
        }
    }
    out.retain(|w| w.0 <= w.1);
    out
}

/// The translation model of a document from its confident 1-1 links.
fn train<'a>(
    source: &'a Document,
    target: &'a Document,
    links: &[PathLink],
    confidence: &dyn Fn(&PathLink) -> f64,
    params: GapParams,
) -> Tester<'a> {
    let mut src = Side::new(source);
    let mut tgt = Side::new(target);
    let confident: Vec<&PathLink> = links
        .iter()
        .filter(|l| l.i1 - l.i0 == 1 && l.j1 - l.j0 == 1 && confidence(l) >= TRAINING_CONFIDENCE)
        .collect();
    let step = confident.len().div_ceil(MAX_TRAINING_LINKS).max(1);
    let chosen: Vec<&PathLink> = confident.into_iter().step_by(step).collect();
    for l in &chosen {
        src.segment(l.i0);
        tgt.segment(l.j0);
    }
    let (forward, backward) = {
        let pairs: Vec<(&[u32], &[u32])> = chosen
            .iter()
            .map(|l| {
                (
                    src.segments[&l.i0].as_slice(),
                    tgt.segments[&l.j0].as_slice(),
                )
            })
            .collect();
        let reversed: Vec<(&[u32], &[u32])> = pairs.iter().map(|&(s, t)| (t, s)).collect();
        (Table::train(&pairs), Table::train(&reversed))
    };
    Tester {
        source: src,
        target: tgt,
        forward,
        backward,
        params,
        pairs: HashMap::new(),
    }
}
