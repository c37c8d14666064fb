//! Pairing the quantities of a link: a maximum matching between source and
//! target quantities that share a reading, without recursion and without
//! super-linear blow-up.
//!
//! The readings are the meeting points: a source quantity links to the
//! readings it has, a reading to the target quantities that have it. That
//! network has one edge per reading (not one per pair of equal quantities:
//! 100,000 equal numbers a side are 200,000 edges, not 10¹⁰).
//!
//! 1. Greedy, in document order: each source quantity takes the first free
//!    target quantity of its first reading that has one. With one reading per
//!    quantity (nearly always) this is already a maximum matching, and equal
//!    values pair in order (first with first).
//! 2. Only when a source and a target quantity are both left over is the
//!    matching improved, by augmenting paths (Dinic's phases over the unit
//!    network above, iterative), with a cap on the work: past it, the greedy
//!    matching so far is kept (still a valid pairing, at worst a few more
//!    findings).

use super::extract::Value;
use std::collections::HashMap;

/// Edge visits allowed to the augmenting phase, beyond a multiple of the
/// network's size.
const WORK_CAP: usize = 20_000_000;

/// `pair[t] = Some(s)`: target quantity `t` is paired with source quantity
/// `s`; each quantity is given as its readings.
pub fn pair(source: &[&[Value]], target: &[&[Value]]) -> Vec<Option<usize>> {
    let mut ids: HashMap<&Value, usize> = HashMap::new();
    let mut t_keys: Vec<Vec<usize>> = Vec::with_capacity(target.len());
    for q in target {
        let mut ks: Vec<usize> = Vec::with_capacity(q.len());
        for v in q.iter() {
            let next = ids.len();
            let k = *ids.entry(v).or_insert(next);
            if !ks.contains(&k) {
                ks.push(k);
            }
        }
        t_keys.push(ks);
    }
    // Source readings no target has are left out.
    let s_keys: Vec<Vec<usize>> = source
        .iter()
        .map(|q| {
            let mut ks: Vec<usize> = Vec::with_capacity(q.len());
            for k in q.iter().filter_map(|v| ids.get(v).copied()) {
                if !ks.contains(&k) {
                    ks.push(k);
                }
            }
            ks
        })
        .collect();
    let nk = ids.len();
    // Target quantities of each reading, in document order.
    let mut by_key: Vec<Vec<usize>> = vec![Vec::new(); nk];
    for (t, ks) in t_keys.iter().enumerate() {
        for &k in ks {
            by_key[k].push(t);
        }
    }
    let mut pair: Vec<Option<usize>> = vec![None; target.len()];
    let mut matched = vec![false; source.len()];
    let mut next = vec![0usize; nk];
    for (s, ks) in s_keys.iter().enumerate() {
        'keys: for &k in ks {
            while let Some(&t) = by_key[k].get(next[k]) {
                next[k] += 1;
                if pair[t].is_none() {
                    pair[t] = Some(s);
                    matched[s] = true;
                    break 'keys;
                }
            }
        }
    }
    let some_source_left = s_keys
        .iter()
        .zip(&matched)
        .any(|(ks, m)| !m && !ks.is_empty());
    let some_target_left = pair.iter().any(Option::is_none);
    if some_source_left && some_target_left {
        augment(&s_keys, &t_keys, nk, &mut pair, &mut matched);
    }
    pair
}

/// The unit network S → source → reading → target → T, as a residual graph.
struct Network {
    head: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<u8>,
}

impl Network {
    fn edge(&mut self, u: usize, v: usize, flow: bool) {
        let e = self.to.len();
        self.to.push(v);
        self.cap.push(u8::from(!flow));
        self.head[u].push(e);
        self.to.push(u);
        self.cap.push(u8::from(flow));
        self.head[v].push(e + 1);
    }
}

/// Improves the greedy matching by augmenting paths (Dinic), iteratively and
/// within [`WORK_CAP`]; then reads the pairs off the flow, equal readings
/// paired in document order.
fn augment(
    s_keys: &[Vec<usize>],
    t_keys: &[Vec<usize>],
    nk: usize,
    pair: &mut [Option<usize>],
    matched: &mut [bool],
) {
    let (ns, nt) = (s_keys.len(), t_keys.len());
    let (src, sink) = (0, 1);
    let s_node = |s: usize| 2 + s;
    let k_node = |k: usize| 2 + ns + k;
    let t_node = |t: usize| 2 + ns + nk + t;
    let n = 2 + ns + nk + nt;
    let mut net = Network {
        head: vec![Vec::new(); n],
        to: Vec::new(),
        cap: Vec::new(),
    };
    // The greedy pairs as flow: s → k → t through the reading they share.
    let mut via: Vec<Option<usize>> = vec![None; nt];
    for (t, p) in pair.iter().enumerate() {
        if let Some(s) = *p {
            via[t] = t_keys[t].iter().copied().find(|k| s_keys[s].contains(k));
        }
    }
    let mut flow_sk: HashMap<(usize, usize), usize> = HashMap::new();
    for (t, p) in pair.iter().enumerate() {
        if let (Some(s), Some(k)) = (*p, via[t]) {
            *flow_sk.entry((s, k)).or_insert(0) += 1;
        }
    }
    for s in 0..ns {
        net.edge(src, s_node(s), matched[s]);
        for &k in &s_keys[s] {
            let used = flow_sk.get(&(s, k)).is_some_and(|n| *n > 0);
            net.edge(s_node(s), k_node(k), used);
        }
    }
    for t in 0..nt {
        for &k in &t_keys[t] {
            net.edge(k_node(k), t_node(t), via[t] == Some(k));
        }
        net.edge(t_node(t), sink, pair[t].is_some());
    }
    let budget = WORK_CAP.saturating_add(net.to.len().saturating_mul(8));
    let mut work = 0usize;
    let mut level = vec![u32::MAX; n];
    let mut it = vec![0usize; n];
    let mut queue = Vec::with_capacity(n);
    let mut path: Vec<usize> = Vec::new();
    'phases: loop {
        // Levels from the source in the residual graph.
        level.fill(u32::MAX);
        level[src] = 0;
        queue.clear();
        queue.push(src);
        let mut qi = 0;
        while qi < queue.len() {
            let u = queue[qi];
            qi += 1;
            for &e in &net.head[u] {
                work += 1;
                let v = net.to[e];
                if net.cap[e] > 0 && level[v] == u32::MAX {
                    level[v] = level[u] + 1;
                    queue.push(v);
                }
            }
        }
        if level[sink] == u32::MAX || work > budget {
            break;
        }
        it.fill(0);
        // Blocking flow by iterative depth-first search.
        let mut u = src;
        path.clear();
        loop {
            if work > budget {
                break 'phases;
            }
            if u == sink {
                for &e in &path {
                    net.cap[e] -= 1;
                    net.cap[e ^ 1] += 1;
                }
                path.clear();
                u = src;
                continue;
            }
            let mut advanced = false;
            while it[u] < net.head[u].len() {
                work += 1;
                let e = net.head[u][it[u]];
                let v = net.to[e];
                if net.cap[e] > 0 && level[v] == level[u] + 1 {
                    path.push(e);
                    u = v;
                    advanced = true;
                    break;
                }
                it[u] += 1;
            }
            if advanced {
                continue;
            }
            if u == src {
                break;
            }
            // Dead end: never come back here this phase.
            level[u] = u32::MAX;
            let e = path
                .pop()
                .expect("a path leads to every node but the source");
            u = net.to[e ^ 1];
            it[u] += 1;
        }
    }
    // Read the pairs off the flow: per reading, the sources sending into it
    // and the targets it feeds, zipped in document order.
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); nk];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); nk];
    for s in 0..ns {
        for &e in &net.head[s_node(s)] {
            let v = net.to[e];
            // Forward edges (even) into a reading with their unit used.
            if e % 2 == 0 && v >= k_node(0) && v < k_node(nk) && net.cap[e] == 0 {
                into[v - k_node(0)].push(s);
            }
        }
    }
    for t in 0..nt {
        for &e in &net.head[t_node(t)] {
            let k = net.to[e];
            // The reverse of a reading → target edge holds its flow.
            if e % 2 == 1 && k >= k_node(0) && k < k_node(nk) && net.cap[e] == 1 {
                out[k - k_node(0)].push(t);
            }
        }
    }
    pair.fill(None);
    matched.fill(false);
    for k in 0..nk {
        for (&s, &t) in into[k].iter().zip(&out[k]) {
            pair[t] = Some(s);
            matched[s] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::numbers::extract::Decimal;

    fn n(v: u64) -> Value {
        Value::Number(Decimal::from_u64(v))
    }

    fn count(p: &[Option<usize>]) -> usize {
        p.iter().flatten().count()
    }

    fn valid(source: &[&[Value]], target: &[&[Value]], p: &[Option<usize>]) {
        let mut seen = std::collections::HashSet::new();
        for (t, s) in p.iter().enumerate() {
            if let Some(s) = s {
                assert!(seen.insert(*s), "source {s} paired twice");
                assert!(source[*s].iter().any(|v| target[t].contains(v)));
            }
        }
    }

    #[test]
    fn equal_values_pair_in_order() {
        let (a, b) = ([n(1)], [n(2)]);
        let source: Vec<&[Value]> = vec![&a, &b, &a];
        let target: Vec<&[Value]> = vec![&b, &a, &a];
        assert_eq!(pair(&source, &target), vec![Some(1), Some(0), Some(2)]);
    }

    // The greedy choice takes the wrong reading; an augmenting path fixes it.
    #[test]
    fn ambiguous_readings_get_a_maximum_matching() {
        let both = [n(1500), Value::Number(Decimal::parse("1", "5"))];
        let (big, small) = ([n(1500)], [Value::Number(Decimal::parse("1", "5"))]);
        let source: Vec<&[Value]> = vec![&both, &big];
        let target: Vec<&[Value]> = vec![&big, &small];
        let p = pair(&source, &target);
        assert_eq!(count(&p), 2, "{p:?}");
        valid(&source, &target, &p);
    }

    #[test]
    fn chains_of_ties_are_resolved_without_recursion() {
        // s_i reads i+1 first, then i; t_i reads i. Greedy pairs s_i with
        // t_{i+1} and leaves s_{m-1} and t_0 apart: only an augmenting path
        // through all m quantities pairs everything (a recursive search
        // overflowed the stack on such chains).
        let m = 50_000u64;
        let pairs: Vec<[Value; 2]> = (0..m).map(|i| [n(i + 1), n(i)]).collect();
        let singles: Vec<[Value; 1]> = (0..m).map(|i| [n(i)]).collect();
        let source: Vec<&[Value]> = pairs.iter().map(|v| v.as_slice()).collect();
        let target: Vec<&[Value]> = singles.iter().map(|v| v.as_slice()).collect();
        let p = pair(&source, &target);
        assert_eq!(count(&p), m as usize);
        valid(&source, &target, &p);
    }

    #[test]
    fn many_equal_values_are_linear() {
        let one = [n(7)];
        let source: Vec<&[Value]> = vec![&one; 200_000];
        let target: Vec<&[Value]> = vec![&one; 199_999];
        let started = std::time::Instant::now();
        let p = pair(&source, &target);
        assert_eq!(count(&p), 199_999);
        assert!(started.elapsed().as_secs() < 5);
    }
}
