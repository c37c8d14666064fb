//! The aligner end to end: coverage and monotonicity over random inputs, the
//! bundled corpus's gold alignment through the real binary, and the optional
//! dictionary.

use assert_cmd::Command;
use bitext::align::{self, AlignOptions, Alignment, Dictionary};
use bitext::document::Document;
use bitext::lang::Lang;
use bitext::pipeline::{self, Settings};
use proptest::prelude::*;
use std::path::Path;

fn lines_doc(lines: &[String], lang: Lang) -> Document {
    let text = lines.join("\n");
    let spans = bitext::segment::segment_lines(&text);
    Document::new("x".into(), text, lang, &spans)
}

/// Every segment of both sides in exactly one link, links in order, scores in [0, 1].
fn assert_complete_and_monotone(a: &Alignment, n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for l in &a.links {
        assert_eq!(l.source.start, i, "source gap or overlap at {l:?}");
        assert_eq!(l.target.start, j, "target gap or overlap at {l:?}");
        assert!(!(l.source.is_empty() && l.target.is_empty()), "empty link");
        assert!((0.0..=1.0).contains(&l.score), "score {}", l.score);
        i = l.source.end;
        j = l.target.end;
    }
    assert_eq!((i, j), (n, m));
}

fn sentence(words: usize, seed: usize) -> String {
    (0..words.max(1))
        .map(|k| format!("w{}", (seed * 31 + k * 7) % 97))
        .collect::<Vec<_>>()
        .join(" ")
        + "."
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn links_cover_both_sides_once_in_order(
        src in prop::collection::vec(0usize..40, 0..120),
        tgt in prop::collection::vec(0usize..40, 0..120),
    ) {
        let s: Vec<String> = src.iter().enumerate().map(|(k, &w)| sentence(w, k)).collect();
        let t: Vec<String> = tgt.iter().enumerate().map(|(k, &w)| sentence(w, k + 5)).collect();
        let (sd, td) = (lines_doc(&s, Lang::FR), lines_doc(&t, Lang::EN));
        let a = align::align(&sd, &td, &AlignOptions::default());
        assert_complete_and_monotone(&a, s.len(), t.len());
    }

    #[test]
    fn a_document_aligns_to_itself_one_to_one(lens in prop::collection::vec(1usize..30, 1..80)) {
        let s: Vec<String> = lens.iter().enumerate().map(|(k, &w)| sentence(w, k)).collect();
        let d = lines_doc(&s, Lang::FR);
        let a = align::align(&d, &d, &AlignOptions::default());
        prop_assert_eq!(a.links.len(), s.len());
        for (k, l) in a.links.iter().enumerate() {
            prop_assert_eq!((l.source.clone(), l.target.clone()), (k..k + 1, k..k + 1));
        }
    }
}

fn bitext() -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn links_of(json: &[u8]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let v: serde_json::Value = serde_json::from_slice(json).expect("json output");
    v["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            let side = |k: &str| {
                l[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap() as usize)
                    .collect()
            };
            (side("source"), side("target"))
        })
        .collect()
}

fn gold(path: &str) -> Vec<(Vec<usize>, Vec<usize>)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn corpus_lines_reproduce_the_gold_alignment() {
    let out = bitext()
        .args(["--lines", "align", "--format", "json"])
        .args(["corpus/mistral.fr.lines.txt", "corpus/mistral.en.lines.txt"])
        .assert()
        .success();
    assert_eq!(
        links_of(&out.get_output().stdout),
        gold("corpus/mistral.gold.json")
    );
}

/// For each segment, the gold lines (of `lines_file`) its characters belong to,
/// matched on non-whitespace characters.
fn gold_lines_of_segments(doc: &Document, lines_file: &str) -> Vec<Vec<usize>> {
    let lines =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(lines_file)).unwrap();
    let owner: Vec<usize> = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .flat_map(|(k, l)| l.chars().filter(|c| !c.is_whitespace()).map(move |_| k))
        .collect();
    let mut pos = 0;
    let mut out = Vec::new();
    for i in 0..doc.segments.len() {
        let n = doc
            .segment_text(i)
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        let mut touched: Vec<usize> = owner[pos..pos + n].to_vec();
        touched.dedup();
        out.push(touched);
        pos += n;
    }
    out
}

#[test]
fn corpus_running_text_aligns_to_the_gold_sentence_groups() {
    let settings = Settings::default();
    let load = |p: &str, lang| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
        pipeline::load_document(
            path.to_str().unwrap(),
            Some(lang),
            bitext::format::InputFormat::Text,
            &settings.segment,
        )
        .unwrap()
    };
    let (fr, en) = (
        load("corpus/mistral.fr.txt", Lang::FR),
        load("corpus/mistral.en.txt", Lang::EN),
    );
    let a = align::align(&fr, &en, &pipeline::align_options(&settings));
    assert_complete_and_monotone(&a, fr.segments.len(), en.segments.len());
    let s = gold_lines_of_segments(&fr, "corpus/mistral.fr.lines.txt");
    let t = gold_lines_of_segments(&en, "corpus/mistral.en.lines.txt");
    // Gold links that the segmenter glues together (one segment spanning lines of
    // two links) are merged first: the aligner cannot split a segment.
    let mut expected: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for (gs, gt) in gold("corpus/mistral.gold.json") {
        let glued = |e: &(Vec<usize>, Vec<usize>)| {
            s.iter().any(|seg| {
                seg.iter().any(|x| e.0.contains(x)) && seg.iter().any(|x| gs.contains(x))
            }) || t.iter().any(|seg| {
                seg.iter().any(|x| e.1.contains(x)) && seg.iter().any(|x| gt.contains(x))
            })
        };
        match expected.last_mut() {
            Some(last) if glued(last) => {
                last.0.extend(gs);
                last.1.extend(gt);
            }
            _ => expected.push((gs, gt)),
        }
    }
    let project = |segs: &[Vec<usize>], r: std::ops::Range<usize>| {
        let mut v: Vec<usize> = r.flat_map(|i| segs[i].clone()).collect();
        v.dedup();
        v
    };
    let got: Vec<(Vec<usize>, Vec<usize>)> = a
        .links
        .iter()
        .map(|l| (project(&s, l.source.clone()), project(&t, l.target.clone())))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn dictionary_option_accepts_tsv_and_rejects_missing_files() {
    bitext()
        .args([
            "--lines",
            "--dictionary",
            "tests/data/align/fr-en.tsv",
            "align",
            "--format",
            "json",
        ])
        .args(["corpus/mistral.fr.lines.txt", "corpus/mistral.en.lines.txt"])
        .assert()
        .success();
    bitext()
        .args([
            "--lines",
            "--dictionary",
            "tests/data/align/nope.tsv",
            "align",
        ])
        .args(["corpus/mistral.fr.lines.txt", "corpus/mistral.en.lines.txt"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn dictd_sample_loads() {
    let d = Dictionary::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/align/freedict-sample.index"),
    )
    .expect("sample dictd loads");
    assert_eq!(d.translations("chien"), ["dog", "hound"]);
    assert_eq!(d.translations("soleil"), ["sun", "sunshine"]);
    assert_eq!(d.len(), 4);
}

#[test]
fn dictionary_raises_confidence_in_a_true_link() {
    let s = vec!["Le chien dort au soleil.".to_string()];
    let t = vec!["A dog sleeps in the sun.".to_string()];
    let (sd, td) = (lines_doc(&s, Lang::FR), lines_doc(&t, Lang::EN));
    let dict =
        Dictionary::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/align/fr-en.tsv"))
            .unwrap();
    let with = AlignOptions {
        dictionary: Some(std::sync::Arc::new(dict)),
        ..AlignOptions::default()
    };
    let a = align::align(&sd, &td, &with);
    let b = align::align(&sd, &td, &AlignOptions::default());
    assert_eq!(a.links.len(), 1);
    assert!(a.links[0].score > b.links[0].score, "{a:?} vs {b:?}");
}
