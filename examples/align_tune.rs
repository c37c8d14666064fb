//! Tunes and ablates the aligner on benchmark documents, in one process.
//!
//! usage: cargo run --release --example align_tune -- [--tune] [--ablate]
//!        [--dictionary FILE] [key=value ...] DOC_DIR...
//! Each DOC_DIR holds source.txt, target.txt (one sentence per line) and
//! gold.json; strict F1 is computed as ../shared/bench/align/score.py does in
//! its default (vecalign) mode, micro-averaged over the documents.
//! key=value overrides a `CostParams` field (e.g. `skip=3.5`). `--tune` runs
//! coordinate descent over the cost weights from there; `--ablate` turns each
//! kind of evidence off in turn. `--calibrate` prints link-score reliability.

use bitext::align::{self, AlignOptions, CostParams, Dictionary, Evidence};
use bitext::document::Document;
use bitext::lang::Lang;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

type LinkKey = (Vec<usize>, Vec<usize>);
type SwitchOff = fn(&mut Evidence);

struct Doc {
    name: String,
    source: Document,
    target: Document,
    gold: Vec<LinkKey>,
}

/// The target language of a benchmark document: the dataset folder is named
/// `<name>-<source>-<target>` (e.g. `textberg-fr-de`).
fn target_lang(dir: &Path) -> Lang {
    dir.parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .and_then(|n| n.rsplit('-').next())
        .and_then(Lang::parse)
        .unwrap_or(Lang::EN)
}

fn load(dir: &Path) -> Doc {
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect("readable benchmark file");
    let mk = |text: String, lang| {
        let spans = bitext::segment::segment_lines(&text);
        Document::new("x".into(), text, lang, &spans)
    };
    let gold: Vec<LinkKey> = serde_json::from_str(&read("gold.json")).expect("gold.json");
    Doc {
        name: dir.display().to_string(),
        source: mk(read("source.txt"), Lang::FR),
        target: mk(read("target.txt"), target_lang(dir)),
        gold,
    }
}

/// (strict true positives, predicted links, gold non-null links) as score.py counts them.
fn counts(gold: &[LinkKey], links: &[align::Link]) -> (usize, usize, usize, usize) {
    let gold_all: HashSet<&LinkKey> = gold
        .iter()
        .filter(|(s, t)| !s.is_empty() || !t.is_empty())
        .collect();
    let pred: Vec<LinkKey> = links
        .iter()
        .map(|l| (l.source.clone().collect(), l.target.clone().collect()))
        .collect();
    let tp_p = pred.iter().filter(|p| gold_all.contains(p)).count();
    let pred_nonnull: HashSet<&LinkKey> = pred
        .iter()
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
        .collect();
    let gold_nonnull: Vec<&LinkKey> = gold
        .iter()
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
        .collect();
    let tp_r = gold_nonnull
        .iter()
        .filter(|g| pred_nonnull.contains(*g))
        .count();
    (tp_p, pred.len(), tp_r, gold_nonnull.len())
}

fn f1(docs: &[Doc], opts: &AlignOptions, per_doc: bool) -> f64 {
    let mut c = (0, 0, 0, 0);
    for d in docs {
        let a = align::align(&d.source, &d.target, opts);
        let k = counts(&d.gold, &a.links);
        if per_doc {
            println!("  {:<70} F1 {:.4}", d.name, score(k));
        }
        c = (c.0 + k.0, c.1 + k.1, c.2 + k.2, c.3 + k.3);
    }
    score(c)
}

fn score(c: (usize, usize, usize, usize)) -> f64 {
    let p = c.0 as f64 / c.1.max(1) as f64;
    let r = c.2 as f64 / c.3.max(1) as f64;
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn evidence_field<'a>(e: &'a mut Evidence, name: &str) -> Option<&'a mut f32> {
    Some(match name {
        "numbers" => &mut e.numbers,
        "identical" => &mut e.identical,
        "cognates" => &mut e.cognates,
        "punctuation" => &mut e.punctuation,
        "glossary" => &mut e.glossary,
        "dictionary" => &mut e.dictionary,
        "learned" => &mut e.learned,
        _ => return None,
    })
}

/// Multiplies a cost or evidence parameter by `factor`; its new value.
fn scale(o: &mut AlignOptions, name: &str, factor: f64) -> Option<f64> {
    if let Some(v) = field(o.cost.as_mut()?, name) {
        *v *= factor;
        return Some(*v);
    }
    let v = evidence_field(o.evidence.as_mut()?, name)?;
    *v *= factor as f32;
    Some(*v as f64)
}

fn set(o: &mut AlignOptions, name: &str, value: f64) -> Option<()> {
    if let Some(v) = field(o.cost.as_mut()?, name) {
        *v = value;
    } else {
        *evidence_field(o.evidence.as_mut()?, name)? = value as f32;
    }
    Some(())
}

fn field<'a>(p: &'a mut CostParams, name: &str) -> Option<&'a mut f64> {
    Some(match name {
        "variance" => &mut p.variance,
        "length_weight" => &mut p.length_weight,
        "lexical_weight" => &mut p.lexical_weight,
        "smoothing" => &mut p.smoothing,
        "neutral" => &mut p.neutral,
        "skip_length" => &mut p.skip_length,
        "skip" => &mut p.skip,
        "merge2" => &mut p.merge2,
        "merge22" => &mut p.merge22,
        "merge3" => &mut p.merge3,
        "merge4" => &mut p.merge4,
        "paragraph_split" => &mut p.paragraph_split,
        "paragraph_match" => &mut p.paragraph_match,
        _ => return None,
    })
}

const TUNED: &[&str] = &[
    "smoothing",
    "variance",
    "lexical_weight",
    "skip",
    "merge2",
    "merge22",
    "merge3",
    "merge4",
    "numbers",
    "identical",
    "cognates",
    "punctuation",
];

fn main() {
    let mut opts = AlignOptions::default();
    let mut dirs = Vec::new();
    let (mut tune, mut ablate, mut calibrate, mut per_doc) = (false, false, false, false);
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // Tuning, ablation and overrides start from the profile of the first
    // document's languages (give documents of one language pair); otherwise
    // each document gets its own pair's profile, as `bitext align` does.
    let adjusts = args
        .iter()
        .any(|a| a == "--tune" || a == "--ablate" || a.contains('='));
    if let Some(dir) = args
        .iter()
        .find(|a| adjusts && Path::new(a).join("gold.json").is_file())
    {
        let lang = target_lang(Path::new(dir));
        opts.cost = Some(CostParams::for_languages(Lang::FR, lang));
        opts.evidence = Some(Evidence::for_languages(Lang::FR, lang));
    }
    let mut args = std::mem::take(&mut args).into_iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--tune" => tune = true,
            "--ablate" => ablate = true,
            "--calibrate" => calibrate = true,
            "--per-doc" => per_doc = true,
            "--dictionary" => {
                let path = args.next().expect("--dictionary FILE");
                let d = Dictionary::load(Path::new(&path)).expect("dictionary loads");
                eprintln!("dictionary: {} entries", d.len());
                opts.dictionary = Some(Arc::new(d));
            }
            kv if kv.contains('=') => {
                let (k, v) = kv.split_once('=').expect("key=value");
                set(&mut opts, k, v.parse().expect("number"))
                    .unwrap_or_else(|| panic!("unknown parameter {k}"));
            }
            dir => dirs.push(load(Path::new(dir))),
        }
    }
    let base = f1(&dirs, &opts, per_doc);
    println!("F1 {base:.4} with {:?}", opts.cost.unwrap_or_default());
    if ablate {
        let switches: [(&str, SwitchOff); 9] = [
            ("learned pairs (second pass)", |s| s.learned = 0.0),
            ("numbers", |s| s.numbers = 0.0),
            ("identical", |s| s.identical = 0.0),
            ("cognates", |s| s.cognates = 0.0),
            ("punctuation", |s| s.punctuation = 0.0),
            ("glossary", |s| s.glossary = 0.0),
            ("dictionary", |s| s.dictionary = 0.0),
            ("paragraphs", |s| s.paragraphs = false),
            ("all lexical (length only)", |s| {
                s.numbers = 0.0;
                s.identical = 0.0;
                s.cognates = 0.0;
                s.punctuation = 0.0;
                s.glossary = 0.0;
                s.dictionary = 0.0;
                s.learned = 0.0;
            }),
        ];
        for (name, off) in switches {
            let mut o = opts.clone();
            off(o.evidence.as_mut().expect("profile set"));
            let f = f1(&dirs, &o, false);
            println!("without {name:<28} F1 {f:.4} (Δ {:+.4})", f - base);
        }
    }
    if tune {
        let mut best = base;
        let mut step = 0.5;
        for _round in 0..4 {
            for name in TUNED {
                for dir in [-1.0, 1.0] {
                    loop {
                        let mut o = opts.clone();
                        let v = scale(&mut o, name, 1.0 + dir * step).expect("known");
                        let f = f1(&dirs, &o, false);
                        if f > best + 1e-6 {
                            best = f;
                            opts = o;
                            println!("  {name} → {v:.4}: F1 {best:.4}");
                        } else {
                            break;
                        }
                    }
                }
            }
            step /= 2.0;
        }
        println!(
            "tuned F1 {best:.4} with {:?} {:?}",
            opts.cost.unwrap_or_default(),
            opts.evidence.unwrap_or_default()
        );
    }
    if calibrate {
        // Logistic regression of "link exactly right" on the link features,
        // then the reliability table of the fitted scores.
        let mut samples: Vec<([f64; 6], f64)> = Vec::new();
        let mut builtin = [(0.0f64, 0usize, 0.0f64); 10];
        for d in &dirs {
            let gold: HashSet<&LinkKey> = d.gold.iter().collect();
            for (l, f) in align::align_with_features(&d.source, &d.target, &opts) {
                let key: LinkKey = (l.source.clone().collect(), l.target.clone().collect());
                let right = gold.contains(&key) as u8 as f64;
                let b = ((l.score * 10.0) as usize).min(9);
                builtin[b].0 += right;
                builtin[b].1 += 1;
                builtin[b].2 += l.score;
                samples.push((f.vector(), right));
            }
        }
        let mut w = [0.0f64; 6];
        let rate = 0.5;
        for _ in 0..4000 {
            let mut grad = [0.0f64; 6];
            for (x, y) in &samples {
                let z: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                for k in 0..6 {
                    grad[k] += (p - y) * x[k];
                }
            }
            for k in 0..6 {
                w[k] -= rate * grad[k] / samples.len() as f64;
            }
        }
        println!("built-in scores:");
        reliability(&builtin);
        println!("fitted weights: {w:?}");
        let mut bins = [(0.0f64, 0usize, 0.0f64); 10];
        for (x, y) in &samples {
            let z: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let b = ((p * 10.0) as usize).min(9);
            bins[b].0 += y;
            bins[b].1 += 1;
            bins[b].2 += p;
        }
        reliability(&bins);
    }
}

/// Prints, per score bin, how many links fall in it and how many are right.
fn reliability(bins: &[(f64, usize, f64); 10]) {
    for (b, (right, all, psum)) in bins.iter().enumerate() {
        println!(
            "score {:.1}-{:.1}: {all:>6} links, mean score {:.3}, {:.3} right",
            b as f64 / 10.0,
            (b + 1) as f64 / 10.0,
            psum / (*all).max(1) as f64,
            right / (*all).max(1) as f64
        );
    }
}
