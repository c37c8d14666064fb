//! A search that stays linear: high-confidence anchors give a rough path,
//! dynamic programming runs in a band of fixed width around it, and where the
//! best path runs close to the band's edge the band is re-centred on that
//! path and widened, then searched again.

use super::cost::{CostModel, MAX_GROUP, SHAPES};
use super::evidence::Scratch;

/// A contiguous range of allowed target positions for every source position
/// `0..=n` of the DP lattice; both bounds never decrease.
#[derive(Debug, Clone)]
pub struct Band {
    /// Lowest allowed target position per row.
    pub lo: Vec<usize>,
    /// Highest allowed target position per row (inclusive).
    pub hi: Vec<usize>,
}

impl Band {
    /// The band of half-width `width` around `center` (one target position
    /// per row, non-decreasing), made connected so that a path always exists.
    pub fn around(center: &[f64], width: usize, m: usize) -> Band {
        let n1 = center.len();
        let mut lo = Vec::with_capacity(n1);
        let mut hi = Vec::with_capacity(n1);
        for (i, &c) in center.iter().enumerate() {
            let c = c.clamp(0.0, m as f64);
            let mut l = (c.floor() as usize).saturating_sub(width);
            let mut h = ((c.ceil() as usize) + width).min(m);
            if i > 0 {
                let (pl, ph): (usize, usize) = (lo[i - 1], hi[i - 1]);
                l = l.max(pl).min(ph);
                h = h.max(ph);
            }
            if i == 0 {
                l = 0;
            }
            if i + 1 == n1 {
                h = m;
            }
            lo.push(l);
            hi.push(h);
        }
        Band { lo, hi }
    }

    /// Cells in the band.
    pub fn cells(&self) -> usize {
        self.lo.iter().zip(&self.hi).map(|(l, h)| h - l + 1).sum()
    }
}

/// The diagonal through the longest monotone chain of anchor pairs, as a
/// target position per source position `0..=n`.
pub fn anchor_center(anchors: &[(usize, usize)], n: usize, m: usize) -> Vec<f64> {
    let chain = consistent(&longest_chain(anchors), m as f64 / n.max(1) as f64);
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(chain.len() + 2);
    points.push((0.0, 0.0));
    for &(i, j) in &chain {
        points.push((i as f64 + 0.5, j as f64 + 0.5));
    }
    points.push((n as f64, m as f64));
    let mut center = Vec::with_capacity(n + 1);
    let mut k = 0;
    for i in 0..=n {
        let x = i as f64;
        while k + 2 < points.len() && points[k + 1].0 <= x {
            k += 1;
        }
        let (x0, y0) = points[k];
        let (x1, y1) = points[k + 1];
        let y = if x1 > x0 {
            y0 + (y1 - y0) * ((x - x0) / (x1 - x0)).clamp(0.0, 1.0)
        } else {
            y1
        };
        center.push(y);
    }
    center
}

/// Drops chain anchors that agree with neither neighbour: two anchors agree
/// when the segments between them have about the overall length ratio. A
/// spurious anchor between two true ones bends the path both ways.
fn consistent(chain: &[(usize, usize)], ratio: f64) -> Vec<(usize, usize)> {
    let agree = |a: (usize, usize), b: (usize, usize)| {
        let di = (b.0 - a.0) as f64;
        let dj = (b.1 - a.1) as f64;
        (dj - ratio * di).abs() <= 2.0 + 0.1 * di.max(dj)
    };
    (0..chain.len())
        .filter(|&k| {
            (k > 0 && agree(chain[k - 1], chain[k]))
                || (k + 1 < chain.len() && agree(chain[k], chain[k + 1]))
        })
        .map(|k| chain[k])
        .collect()
}

/// Longest chain strictly increasing in both coordinates (patience sorting,
/// O(k log k)).
pub fn longest_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Sorting by source ascending, target descending makes a strictly
    // increasing run of targets take at most one pair per source index.
    let mut sorted = pairs.to_vec();
    sorted.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; sorted.len()];
    for (idx, &(_, j)) in sorted.iter().enumerate() {
        let pos = tails.partition_point(|&t| sorted[t].1 < j);
        prev[idx] = pos.checked_sub(1).map(|p| tails[p]);
        if pos == tails.len() {
            tails.push(idx);
        } else {
            tails[pos] = idx;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(idx) = cur {
        chain.push(sorted[idx]);
        cur = prev[idx];
    }
    chain.reverse();
    chain
}

/// Weight of keys shared by single segment pairs, stored for the pairs a
/// band's links can touch.
struct SharedCache {
    start: Vec<usize>,
    offset: Vec<usize>,
    values: Vec<f32>,
}

impl SharedCache {
    fn new(model: &CostModel, band: &Band) -> SharedCache {
        let n = band.lo.len() - 1;
        let ft = &model.features.target;
        let m = ft.bags.len();
        // Segment i is in links ending at rows i+1 ..= i+MAX_GROUP.
        let columns = |i: usize| {
            let lo = band.lo[i + 1].saturating_sub(MAX_GROUP);
            let hi = band.hi[(i + MAX_GROUP).min(n)].min(m);
            lo..hi.max(lo)
        };
        let start: Vec<usize> = (0..n).map(|i| columns(i).start).collect();
        // The overlaps are independent: computed side by side, a row each,
        // then laid end to end (the same values as one thread). With a big
        // glossary this was half the search.
        let rows: Vec<Vec<f32>> = {
            use rayon::prelude::*;
            let features = model.features;
            (0..n)
                .into_par_iter()
                .with_min_len(256)
                .map_init(Scratch::default, |scratch, i| {
                    columns(i)
                        .map(|j| features.shared(i..i + 1, j..j + 1, scratch))
                        .collect()
                })
                .collect()
        };
        let mut offset = Vec::with_capacity(n + 1);
        offset.push(0);
        for row in &rows {
            offset.push(offset[offset.len() - 1] + row.len());
        }
        let values = rows.concat();
        SharedCache {
            start,
            offset,
            values,
        }
    }

    fn get(&self, i: usize, j: usize) -> f32 {
        let Some(k) = j.checked_sub(self.start[i]) else {
            return 0.0;
        };
        let at = self.offset[i] + k;
        if at < self.offset[i + 1] {
            self.values[at]
        } else {
            0.0
        }
    }
}

/// How much of each segment's evidence the other side of the link leaves
/// unexplained, summed over the link's segments (each in [0, 1]). Every
/// segment pays for itself whatever link it joins, so merging cannot hide a
/// segment without evidence. For a merge the keys are pooled on each side
/// first, so a key two segments share with one segment counts once.
fn group_uncovered(
    cache: &SharedCache,
    model: &CostModel,
    src: std::ops::Range<usize>,
    tgt: std::ops::Range<usize>,
    scratch: &mut Scratch,
) -> f64 {
    if src.is_empty() || tgt.is_empty() {
        return 0.0;
    }
    let shared = if src.len() == 1 && tgt.len() == 1 {
        cache.get(src.start, tgt.start)
    } else {
        model.features.shared(src.clone(), tgt.clone(), scratch)
    };
    uncovered_given(model, shared, src, tgt)
}

/// A lower bound of [`group_uncovered`] from the cached pairwise overlaps
/// (their sum is at least the pooled overlap), exact for 1-1 links.
fn uncovered_bound(
    cache: &SharedCache,
    model: &CostModel,
    src: std::ops::Range<usize>,
    tgt: std::ops::Range<usize>,
) -> f64 {
    let mut shared = 0.0f32;
    for si in src.clone() {
        for tj in tgt.clone() {
            shared += cache.get(si, tj);
        }
    }
    uncovered_given(model, shared, src, tgt)
}

/// Unexplained evidence of a link whose sides share `shared`.
fn uncovered_given(
    model: &CostModel,
    shared: f32,
    src: std::ops::Range<usize>,
    tgt: std::ops::Range<usize>,
) -> f64 {
    if src.is_empty() || tgt.is_empty() {
        return 0.0;
    }
    let fs = &model.features.source;
    let ft = &model.features.target;
    let smoothing = model.params.smoothing as f32;
    let prior = smoothing * model.params.neutral as f32;
    let side = |mass: &[f32]| -> f32 {
        let total: f32 = mass.iter().sum();
        let explained = if total > 0.0 {
            (shared / total).min(1.0)
        } else {
            0.0
        };
        mass.iter()
            .map(|&m| (m * (1.0 - explained) + prior) / (m + smoothing))
            .sum()
    };
    (side(&fs.mass[src]) + side(&ft.mass[tgt])) as f64
}

/// A path link for source `i0..i1` and target `j0..j1` priced outside the
/// search (for links the omission stage reshapes).
pub fn path_link(model: &CostModel, i0: usize, i1: usize, j0: usize, j1: usize) -> PathLink {
    let shared = model
        .features
        .shared(i0..i1, j0..j1, &mut Scratch::default());
    let uncovered = uncovered_given(model, shared, i0..i1, j0..j1);
    PathLink {
        i0,
        i1,
        j0,
        j1,
        cost: model.link_cost(i0, i1, j0, j1, uncovered),
        uncovered,
    }
}

/// One link of a path, with what it cost and how much of its segments'
/// evidence stayed unexplained (the confidence is computed from these).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathLink {
    /// Source segments `i0..i1`.
    pub i0: usize,
    /// End of the source segments.
    pub i1: usize,
    /// Target segments `j0..j1`.
    pub j0: usize,
    /// End of the target segments.
    pub j1: usize,
    /// The link's cost.
    pub cost: f64,
    /// Unexplained evidence summed over its segments (each in [0, 1]).
    pub uncovered: f64,
}

/// The best path found in a band: link boundaries and the cost of each link.
#[derive(Debug, Clone)]
pub struct Path {
    /// The links in order.
    pub links: Vec<PathLink>,
    /// Whether the path came within a few cells of an edge of the band
    /// that is not the edge of the lattice.
    pub touches_edge: bool,
}

/// Minimum-cost monotone path from (0, 0) to (n, m) inside `band`.
pub fn search(model: &CostModel, band: &Band) -> Path {
    let n = band.lo.len() - 1;
    let m = model.features.target.bags.len();
    let cache = SharedCache::new(model, band);
    let mut scratch = Scratch::default();
    let mut row_offset = Vec::with_capacity(n + 2);
    let mut total = 0;
    for i in 0..=n {
        row_offset.push(total);
        total += band.hi[i] - band.lo[i] + 1;
    }
    let mut cost = vec![f64::INFINITY; total];
    let mut back = vec![u8::MAX; total];
    cost[0] = 0.0;
    let at = |i: usize, j: usize| -> Option<usize> {
        if j < band.lo[i] || j > band.hi[i] {
            None
        } else {
            Some(row_offset[i] + j - band.lo[i])
        }
    };
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            let here = at(i, j).expect("in band");
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = f64::INFINITY;
            let mut best_shape = u8::MAX;
            for (s, &(a, b)) in SHAPES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(from) = at(i - a, j - b) else {
                    continue;
                };
                let base = cost[from];
                if !(base + model.shape_floor(s)).lt(&best) {
                    continue;
                }
                let (src, tgt) = (i - a..i, j - b..j);
                let budget = best - base;
                let mut c = model.link_cost_within(
                    i - a,
                    i,
                    j - b,
                    j,
                    || uncovered_bound(&cache, model, src.clone(), tgt.clone()),
                    budget,
                );
                if c < budget && a + b > 2 {
                    // The bound passed: price the merge exactly.
                    c = model.link_cost_within(
                        i - a,
                        i,
                        j - b,
                        j,
                        || group_uncovered(&cache, model, src, tgt, &mut scratch),
                        budget,
                    );
                }
                let c = base + c;
                if c < best {
                    best = c;
                    best_shape = s as u8;
                }
            }
            cost[here] = best;
            back[here] = best_shape;
        }
    }
    let mut links = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touches_edge = false;
    const MARGIN: usize = 2;
    while i > 0 || j > 0 {
        let here = at(i, j).expect("path stays in band");
        if (band.lo[i] > 0 && j < band.lo[i] + MARGIN)
            || (band.hi[i] < m && j + MARGIN > band.hi[i])
        {
            touches_edge = true;
        }
        let (a, b) = SHAPES[back[here] as usize];
        let from = at(i - a, j - b).expect("predecessor in band");
        links.push(PathLink {
            i0: i - a,
            i1: i,
            j0: j - b,
            j1: j,
            cost: cost[here] - cost[from],
            uncovered: group_uncovered(&cache, model, i - a..i, j - b..j, &mut scratch),
        });
        i -= a;
        j -= b;
    }
    links.reverse();
    Path {
        links,
        touches_edge,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_skips_outliers_and_ties() {
        let pairs = vec![(0, 0), (1, 50), (2, 2), (3, 3), (3, 4), (5, 1), (6, 6)];
        assert_eq!(longest_chain(&pairs), vec![(0, 0), (2, 2), (3, 3), (6, 6)]);
    }

    #[test]
    fn band_is_monotone_and_connected() {
        let center = vec![0.0, 10.0, 10.0, 30.0, 31.0];
        let b = Band::around(&center, 2, 31);
        for i in 1..b.lo.len() {
            assert!(b.lo[i] >= b.lo[i - 1] && b.hi[i] >= b.hi[i - 1]);
            assert!(b.lo[i] <= b.hi[i - 1]);
        }
        assert_eq!((b.lo[0], b.hi[4]), (0, 31));
    }

    #[test]
    fn center_interpolates_anchors() {
        let c = anchor_center(&[(4, 9), (5, 10)], 10, 20);
        assert_eq!(c[0], 0.0);
        assert!((c[4] - 9.5 * 4.0 / 4.5).abs() < 1e-9);
        assert_eq!(c[10], 20.0);
    }
}

#[cfg(test)]
mod consistency_tests {
    use super::*;

    #[test]
    fn spurious_anchor_between_true_ones_is_dropped() {
        let chain = vec![(10, 10), (20, 20), (25, 60), (30, 70), (40, 40)];
        let chain = longest_chain(&chain);
        assert_eq!(chain, vec![(10, 10), (20, 20), (25, 60), (30, 70)]);
        let kept = consistent(&[(10, 10), (20, 20), (25, 29), (30, 30), (40, 40)], 1.0);
        assert_eq!(kept, vec![(10, 10), (20, 20), (30, 30), (40, 40)]);
    }
}
