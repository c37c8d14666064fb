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
//! Model 1 aligns every word with every other uniformly; the likelihoods
//! here put fast_align's diagonal prior on it ([`GapParams::diagonal`]), each
//! word keeping its relative place in its side, so that a dropped sentence
//! whose words (a name, "the cat") occur at the far end of its neighbour's
//! translation does not count them as its own support.
//!
//! The glossary is not used here, so whether a sentence is found does not
//! depend on whether one is loaded.

use super::band::PathLink;
use super::cost::CostModel;
use super::evidence::FastHash;
use super::evidence::{COGNATE_PREFIX, folded_words};
use crate::document::Document;
use std::collections::HashMap;

/// Weights of the omission test, tuned with `scripts/omission_bench.py` on
/// the tuning books (see docs/align.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapParams {
    /// Whether the stage runs at all.
    pub enabled: bool,
    /// Weight of the length evidence.
    pub length_weight: f64,
    /// Added to a member's support before the test (higher: fewer splits).
    pub bias: f64,
    /// Added to it per word of the member: the evidence of a long sentence
    /// sums over more words, so a fixed bias would leave short sentences,
    /// the ones dropped unnoticed, the hardest to split off.
    pub bias_per_word: f64,
    /// 1-1 links below this confidence are tested too.
    pub weak: f64,
    /// Added to the support of a 1-1 link before it is split in two.
    pub bias_one_to_one: f64,
    /// How strongly a word is taken to translate words at the same relative
    /// place in the other side (fast_align's diagonal tension; 0: model 1's
    /// uniform alignment). With it, a dropped sentence merged into its
    /// neighbour's link cannot borrow support from words its neighbour
    /// translates at the other end of the target.
    pub diagonal: f64,
}

impl GapParams {
    /// Tuned on the TransRead tuning books (Alice, Candide, Emma, Vingt
    /// mille lieues) with `scripts/omission_bench.py`.
    pub const FRENCH_ENGLISH: GapParams = GapParams {
        enabled: true,
        length_weight: 2.0,
        bias: 2.0,
        bias_per_word: 0.5,
        weak: 0.5,
        bias_one_to_one: 4.0,
        diagonal: 20.0,
    };

    /// Tuned on Text+Berg `dev` (French–German).
    pub const OTHER_PAIRS: GapParams = GapParams {
        bias: 6.0,
        bias_per_word: 0.0,
        length_weight: 1.0,
        // On Text+Berg the diagonal found no more omissions and raised
        // false alarms (test: 15.5 → 23.0 per 1,000 links).
        diagonal: 0.0,
        ..GapParams::FRENCH_ENGLISH
    };

    /// The tuned weights for a language pair.
    pub fn for_languages(source: crate::lang::Lang, target: crate::lang::Lang) -> GapParams {
        if super::cost::is_french_english(source, target) {
            GapParams::FRENCH_ENGLISH
        } else {
            GapParams::OTHER_PAIRS
        }
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
/// Longer sentences do not train the model: its cost per link is the product
/// of the two lengths (a 100,000-word line would take hours), and a long
/// sentence says little about which word translates which.
const MAX_TRAINING_WORDS: usize = 200;
/// Links whose two sides hold more than this product of words are not
/// tested: a member's support compares every word of one side with every
/// word of the other, so one pair of 30,000-word lines took 42 s. Sentences
/// a translator drops are far shorter than this (500 words against 500).
const MAX_TESTED_WORD_PAIRS: usize = 250_000;
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
    ids: HashMap<String, u32, FastHash>,
    /// Folded spelling and cognate prefix of each id (index 0: NULL).
    words: Vec<(String, Option<String>)>,
    segments: HashMap<usize, Vec<u32>, FastHash>,
}

impl<'a> Side<'a> {
    fn new(doc: &'a Document) -> Side<'a> {
        Side {
            doc,
            ids: HashMap::default(),
            words: vec![(String::new(), None)],
            segments: HashMap::default(),
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
    index: HashMap<u64, u32, FastHash>,
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

    /// ln P(out words | cond words), each word with its relative place in
    /// its side (0..1): NULL takes model 1's share, the rest of a generated
    /// word's alignment goes to the conditioning words by `exp(-diagonal ·
    /// distance)`, normalised (uniform when `diagonal` is 0).
    fn ll_placed(
        &self,
        cond: &Side,
        cond_words: &[Placed],
        out: &Side,
        out_words: &[Placed],
        diagonal: f64,
    ) -> f64 {
        let null_share = 1.0 / (cond_words.len() + 1) as f64;
        out_words
            .iter()
            .map(|&(g, at)| {
                let null = self.p(cond, 0, out, g) as f64;
                if cond_words.is_empty() {
                    return null.ln();
                }
                let (mut weighted, mut total) = (0.0, 0.0);
                for &(c, place) in cond_words {
                    let w = (-diagonal * (at - place).abs()).exp();
                    weighted += w * self.p(cond, c, out, g) as f64;
                    total += w;
                }
                (null_share * null + (1.0 - null_share) * weighted / total).ln()
            })
            .sum()
    }
}

/// Which side of a link a member sentence is on.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Member {
    Source(usize),
    Target(usize),
}

struct Tester<'a> {
    source: Side<'a>,
    target: Side<'a>,
    /// p(target word | source word), p(source word | target word).
    forward: Table,
    backward: Table,
    params: GapParams,
}

impl Tester<'_> {
    /// Support of `member` in the link (i0..i1, j0..j1) it belongs to; below 0:
    /// none of its own.
    fn support(&mut self, model: &CostModel, l: &PathLink, member: Member) -> f64 {
        let (i0, i1, j0, j1) = (l.i0, l.i1, l.j0, l.j1);
        let fs = &model.features.source.lengths;
        let ft = &model.features.target.lengths;
        let sum = |v: &[f64], r: std::ops::Range<usize>| v[r].iter().sum::<f64>();
        let (ls, lt) = (sum(fs, i0..i1), sum(ft, j0..j1));
        let src = self.source.group(i0..i1);
        let tgt = self.target.group(j0..j1);
        let fwd = Direction {
            table: &self.forward,
        };
        let bwd = Direction {
            table: &self.backward,
        };
        let lambda = self.params.diagonal;
        let (lexical, length, alone) = match member {
            Member::Source(x) => {
                let at_start = x == i0;
                let rest = if at_start { i0 + 1..i1 } else { i0..i1 - 1 };
                let n_own = self.source.segment(x).len();
                let (s, t) = (&self.source, &self.target);
                let (src, tgt) = (placed(&src), placed(&tgt));
                let (own, rest_words) = split_member(&src, n_own, at_start);
                let explains = fwd.ll_placed(s, &src, t, &tgt, lambda)
                    - fwd.ll_placed(s, rest_words, t, &tgt, lambda);
                let generated =
                    bwd.ll_placed(t, &tgt, s, own, lambda) - bwd.ll_placed(t, &[], s, own, lambda);
                let length = if rest.is_empty() {
                    0.0
                } else {
                    model.length_cost(ls - fs[x], lt) - model.length_cost(ls, lt)
                };
                (explains + generated, length, rest.is_empty())
            }
            Member::Target(y) => {
                let at_start = y == j0;
                let rest = if at_start { j0 + 1..j1 } else { j0..j1 - 1 };
                let n_own = self.target.segment(y).len();
                let (s, t) = (&self.source, &self.target);
                let (src, tgt) = (placed(&src), placed(&tgt));
                let (own, rest_words) = split_member(&tgt, n_own, at_start);
                let explains = bwd.ll_placed(t, &tgt, s, &src, lambda)
                    - bwd.ll_placed(t, rest_words, s, &src, lambda);
                let generated =
                    fwd.ll_placed(s, &src, t, own, lambda) - fwd.ll_placed(s, &[], t, own, lambda);
                let length = if rest.is_empty() {
                    0.0
                } else {
                    model.length_cost(ls, lt - ft[y]) - model.length_cost(ls, lt)
                };
                (explains + generated, length, rest.is_empty())
            }
        };
        let bias = if alone {
            self.params.bias_one_to_one
        } else {
            let words = match member {
                Member::Source(x) => self.source.segment(x).len(),
                Member::Target(y) => self.target.segment(y).len(),
            };
            self.params.bias + self.params.bias_per_word * words as f64
        };
        lexical + self.params.length_weight * length + bias
    }
}

/// A word id with its relative place in its group (0..1).
type Placed = (u32, f64);

/// Words with their relative places in their group (0..1).
fn placed(words: &[u32]) -> Vec<Placed> {
    let n = words.len() as f64;
    words
        .iter()
        .enumerate()
        .map(|(k, &w)| (w, (k as f64 + 0.5) / n))
        .collect()
}

/// A member's words (the first or last `n_own` of its group) and the rest,
/// both keeping their places in the whole group.
fn split_member(group: &[Placed], n_own: usize, at_start: bool) -> (&[Placed], &[Placed]) {
    if at_start {
        group.split_at(n_own)
    } else {
        let (rest, own) = group.split_at(group.len() - n_own);
        (own, rest)
    }
}

/// Splits off every edge member of a merge (or weak 1-1 link) that has no
/// support of its own in the other side. `confidence` scores a path link;
/// `uncovered` recomputes a link's unexplained evidence.
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
    let is_candidate = |l: &PathLink| {
        let (a, b) = (l.i1 - l.i0, l.j1 - l.j0);
        a > 0 && b > 0 && (a + b > 2 || confidence(l) < params.weak)
    };
    if !links.iter().any(is_candidate) {
        return links.to_vec();
    }
    let mut tester = train(source, target, links, confidence, params);
    let mut out = Vec::with_capacity(links.len() + 8);
    for l in links {
        if !is_candidate(l) {
            out.push(*l);
            continue;
        }
        let words = |side: &mut Side, r: std::ops::Range<usize>| -> usize {
            r.map(|i| side.segment(i).len()).sum()
        };
        let pairs = words(&mut tester.source, l.i0..l.i1) * words(&mut tester.target, l.j0..l.j1);
        if pairs > MAX_TESTED_WORD_PAIRS {
            out.push(*l);
            continue;
        }
        // Split edge members off while the weakest of them has no support.
        let mut l = *l;
        let mut before = Vec::new();
        let mut after = Vec::new();
        loop {
            let (a, b) = (l.i1 - l.i0, l.j1 - l.j0);
            if a == 0 || b == 0 {
                break;
            }
            let mut members = Vec::new();
            if a > 1 || (a == 1 && b == 1) {
                members.push(Member::Source(l.i0));
                if a > 1 {
                    members.push(Member::Source(l.i1 - 1));
                }
            }
            if b > 1 || (a == 1 && b == 1) {
                members.push(Member::Target(l.j0));
                if b > 1 {
                    members.push(Member::Target(l.j1 - 1));
                }
            }
            let scored: Vec<(f64, Member)> = members
                .into_iter()
                .map(|m| (tester.support(model, &l, m), m))
                .collect();
            if a == 1 && b == 1 {
                // Both directions must fail: a 1-1 link becomes two skips.
                if scored.iter().all(|(s, _)| *s < 0.0) {
                    before.push(relink(l.i0, l.i1, l.j0, l.j0));
                    before.push(relink(l.i1, l.i1, l.j0, l.j1));
                    l = relink(l.i1, l.i1, l.j1, l.j1);
                }
                break;
            }
            let Some(&(s, m)) = scored.iter().min_by(|x, y| x.0.total_cmp(&y.0)) else {
                break;
            };
            if s >= 0.0 {
                break;
            }
            match m {
                Member::Source(x) if x == l.i0 => {
                    before.push(relink(x, x + 1, l.j0, l.j0));
                    l = relink(x + 1, l.i1, l.j0, l.j1);
                }
                Member::Source(x) => {
                    after.push(relink(x, x + 1, l.j1, l.j1));
                    l = relink(l.i0, x, l.j0, l.j1);
                }
                Member::Target(y) if y == l.j0 => {
                    before.push(relink(l.i0, l.i0, y, y + 1));
                    l = relink(l.i0, l.i1, y + 1, l.j1);
                }
                Member::Target(y) => {
                    after.push(relink(l.i1, l.i1, y, y + 1));
                    l = relink(l.i0, l.i1, l.j0, y);
                }
            }
        }
        out.extend(before);
        if l.i1 > l.i0 || l.j1 > l.j0 {
            out.push(l);
        }
        out.extend(after.into_iter().rev());
    }
    out
}

/// Word pairs each of which translates the other with probability at least
/// `min_p` under the document's own model 1, in both directions (folded
/// spellings, identical words left out: those are evidence already). Unlike
/// the mutual-best pairs of the first pass, a word may keep several
/// translations ("dit": "said", "says").
pub(crate) fn translation_pairs(
    source: &Document,
    target: &Document,
    links: &[PathLink],
    confidence: &dyn Fn(&PathLink) -> f64,
    min_p: f32,
) -> Vec<(String, String)> {
    let model = train(source, target, links, confidence, GapParams::default());
    let mut pairs: Vec<(String, String)> = model
        .forward
        .index
        .iter()
        .filter_map(|(&k, &e)| {
            let (c, g) = ((k >> 32) as u32, k as u32);
            let both = model.forward.prob[e as usize] >= min_p && model.backward.get(g, c) >= min_p;
            let (a, b) = (
                &model.source.words[c as usize].0,
                &model.target.words[g as usize].0,
            );
            (c != 0 && both && a != b).then(|| (a.clone(), b.clone()))
        })
        .collect();
    pairs.sort_unstable();
    pairs
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
    let mut chosen: Vec<&PathLink> = confident.into_iter().step_by(step).collect();
    for l in &chosen {
        src.segment(l.i0);
        tgt.segment(l.j0);
    }
    // EM pairs every word of a link with every word of the other side.
    chosen.retain(|l| {
        src.segments[&l.i0].len() <= MAX_TRAINING_WORDS
            && tgt.segments[&l.j0].len() <= MAX_TRAINING_WORDS
    });
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{CostParams, Evidence, TermIndex, band, evidence, link_features};
    use crate::lang::Lang;

    fn doc(lines: &[&str], lang: Lang) -> Document {
        let text = lines.join("\n");
        let spans = crate::segment::segment_lines(&text);
        Document::new("t".into(), text, lang, &spans)
    }

    fn word(w: &str) -> (String, Option<String>) {
        let prefix = (w.chars().count() >= COGNATE_PREFIX).then(|| w.chars().take(4).collect());
        (w.to_string(), prefix)
    }

    /// Runs the stage on `links` (source range, target range) of the pair.
    fn split(
        source: &[&str],
        target: &[&str],
        links: &[(usize, usize, usize, usize)],
    ) -> Vec<(usize, usize, usize, usize)> {
        let (s, t) = (doc(source, Lang::FR), doc(target, Lang::EN));
        let features = evidence::extract(
            &s,
            &t,
            &TermIndex::default(),
            None,
            &[],
            &Evidence::default(),
        );
        let model = CostModel::new(&features, CostParams::default());
        let path: Vec<PathLink> = links
            .iter()
            .map(|&(i0, i1, j0, j1)| band::path_link(&model, i0, i1, j0, j1))
            .collect();
        split_unsupported(
            &s,
            &t,
            &model,
            &path,
            GapParams::default(),
            &|l| crate::align::confidence(&link_features(&model, l)),
            &|i0, i1, j0, j1| band::path_link(&model, i0, i1, j0, j1),
        )
        .iter()
        .map(|l| (l.i0, l.i1, l.j0, l.j1))
        .collect()
    }

    const SOURCE: [&str; 6] = [
        "Le 14 juillet 1789, Paris se soulève contre le roi Louis XVI.",
        "La Bastille tombe.",
        "Nous avons ensuite visité le musée du Louvre avec nos cousins de Lyon pendant trois longues heures.",
        "Le 5 octobre 1789, les femmes de Paris marchent sur Versailles.",
        "Le roi Louis XVI revient à Paris le 6 octobre 1789.",
        "En 1791, Louis XVI tente de fuir vers Varennes.",
    ];
    const TARGET: [&str; 5] = [
        "On 14 July 1789 Paris rose against King Louis XVI and the Bastille fell.",
        "On 5 October 1789 the women of Paris marched on Versailles.",
        "King Louis XVI came back to Paris on 6 October 1789.",
        "In 1791 Louis XVI tried to flee to Varennes.",
        "",
    ];

    #[test]
    fn identical_words_and_cognates_are_prior_translations() {
        assert_eq!(prior(&word("paris"), &word("paris")), IDENTICAL);
        assert_eq!(prior(&word("1789"), &word("1789")), IDENTICAL);
        assert_eq!(prior(&word("7"), &word("7")), IDENTICAL);
        // Two-letter words are too common to be evidence.
        assert_eq!(prior(&word("on"), &word("on")), 0.0);
        assert_eq!(prior(&word("musee"), &word("museum")), COGNATE);
        // The four-letter prefix misses cognates that part early.
        assert_eq!(prior(&word("gouvernement"), &word("government")), 0.0);
        assert_eq!(prior(&word("chat"), &word("cat")), 0.0);
    }

    #[test]
    fn model_one_learns_the_pair_that_keeps_occurring_together() {
        // Source word 1 always comes with target word 5; the others vary.
        let pairs: Vec<(&[u32], &[u32])> =
            vec![(&[1, 2], &[5, 6]), (&[1, 3], &[5, 7]), (&[1, 4], &[5, 8])];
        let table = Table::train(&pairs);
        assert!(table.get(1, 5) > 0.5, "{}", table.get(1, 5));
        assert!(table.get(1, 5) > 2.0 * table.get(1, 6));
        assert!(table.get(2, 6) > table.get(2, 5));
        assert_eq!(table.get(2, 7), 0.0);
    }

    #[test]
    fn a_sentence_absorbed_into_a_merge_without_support_is_split_off() {
        // Source 2 (the museum) has no translation; the search merged it
        // into the link of source 3.
        let target = &TARGET[..4];
        let links = [(0, 2, 0, 1), (2, 4, 1, 2), (4, 5, 2, 3), (5, 6, 3, 4)];
        let out = split(&SOURCE, target, &links);
        assert!(out.contains(&(2, 3, 1, 1)), "{out:?}");
        assert!(out.contains(&(3, 4, 1, 2)), "{out:?}");
    }

    // Prevents: a dropped sentence kept in its neighbour's link because its
    // words (names, the cat) occur at the other end of the neighbour's
    // translation; under model 1's uniform alignment they count as support.
    #[test]
    fn a_dropped_sentence_cannot_borrow_support_from_the_far_end_of_the_target() {
        let source = [
            "Le chat dort sur le tapis rouge du salon.",
            "Le chien mange sa soupe dans la cuisine.",
            "Alice regarde le chat et le chien.",
            "Le chat et Alice regardent le chien.",
            "Alice donne un os au chien dans la cuisine.",
            "Le chat regarde Alice.",
            "Le chien dort sur le tapis rouge.",
        ];
        let target = [
            "The cat sleeps on the red carpet of the living room.",
            "The dog eats his soup in the kitchen.",
            "Alice watches the cat and the dog.",
            "The cat and Alice watch the dog.",
            "Alice gives a bone to the dog in the kitchen.",
            "The dog sleeps on the red carpet.",
        ];
        let links = [
            (0, 1, 0, 1),
            (1, 2, 1, 2),
            (2, 3, 2, 3),
            (3, 4, 3, 4),
            (4, 6, 4, 5),
            (6, 7, 5, 6),
        ];
        let out = split(&source, &target, &links);
        assert!(out.contains(&(5, 6, 5, 5)), "{out:?}");
        assert!(out.contains(&(4, 5, 4, 5)), "{out:?}");
    }

    #[test]
    fn a_merge_whose_members_each_have_support_is_kept() {
        // "La Bastille tombe." is translated inside target 0 (the name).
        let target = &TARGET[..4];
        let links = [
            (0, 2, 0, 1),
            (2, 3, 1, 1),
            (3, 4, 1, 2),
            (4, 5, 2, 3),
            (5, 6, 3, 4),
        ];
        let out = split(&SOURCE, target, &links);
        assert!(out.contains(&(0, 2, 0, 1)), "{out:?}");
        assert_eq!(out.len(), links.len(), "{out:?}");
    }

    #[test]
    fn an_added_target_sentence_absorbed_into_a_merge_is_split_off() {
        // The reverse direction: the target has a sentence the source lacks.
        let source = [SOURCE[0], SOURCE[1], SOURCE[3], SOURCE[4], SOURCE[5]];
        let target = [
            TARGET[0],
            "We then spent three long hours at the Louvre museum with our cousins from Lyon.",
            TARGET[1],
            TARGET[2],
            TARGET[3],
        ];
        let links = [(0, 2, 0, 1), (2, 3, 1, 3), (3, 4, 3, 4), (4, 5, 4, 5)];
        let out = split(&source, &target, &links);
        assert!(out.contains(&(2, 2, 1, 2)), "{out:?}");
        assert!(out.contains(&(2, 3, 2, 3)), "{out:?}");
    }
}
