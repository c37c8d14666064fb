//! Segmentation speed: bitext's segmenter against `unicode_segmentation`'s
//! UAX #29 sentence iterator, on the same ~50 MB of French, in the same run.
//!
//! Input: the French `source.txt` files of `../shared/bench/align/`
//! (TransRead novels and the Bible), concatenated and repeated in memory.
//! Run: `cargo bench --bench segment` (prints MB/s for both and the ratio).

use bitext::Lang;
use bitext::segment::{SegmentOptions, segment, trim_span};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use unicode_segmentation::UnicodeSegmentation;

const TARGET_BYTES: usize = 50 * 1024 * 1024;
const ROUNDS: usize = 5;

fn shared_dir() -> Option<PathBuf> {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    [beside, PathBuf::from("/work/shared")]
        .into_iter()
        .find(|p| p.join("bench/align").is_dir())
}

/// The French sources, in a stable order.
fn french_sources(shared: &Path) -> Vec<String> {
    let align = shared.join("bench/align");
    let mut paths = vec![align.join("bible-fr-en-stress/source.txt")];
    let transread = align.join("transread-fr-en");
    let mut books: Vec<PathBuf> = std::fs::read_dir(&transread)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().join("source.txt"))
                .collect()
        })
        .unwrap_or_default();
    books.sort();
    paths.extend(books);
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn build_input(sources: &[String]) -> String {
    let mut text = String::with_capacity(TARGET_BYTES + 8 * 1024 * 1024);
    while text.len() < TARGET_BYTES {
        for s in sources {
            text.push_str(s);
            text.push_str("\n\n");
        }
    }
    text
}

fn uax29(text: &str) -> Vec<(usize, usize)> {
    text.split_sentence_bound_indices()
        .filter_map(|(i, s)| trim_span(text, i, i + s.len()))
        .collect()
}

/// Best of `ROUNDS` runs, and the number of spans.
fn time(f: impl Fn() -> Vec<(usize, usize)>) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut count = 0;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let spans = std::hint::black_box(f());
        best = best.min(t.elapsed());
        count = spans.len();
    }
    (best, count)
}

fn main() {
    let Some(shared) = shared_dir() else {
        eprintln!("segment bench: ../shared/bench/align not found; nothing to measure");
        return;
    };
    let sources = french_sources(&shared);
    if sources.is_empty() {
        eprintln!(
            "segment bench: no French source.txt under {}",
            shared.display()
        );
        return;
    }
    let text = build_input(&sources);
    let mb = text.len() as f64 / 1e6;
    let opts = SegmentOptions::default();
    let (ours, our_spans) = time(|| segment(&text, Lang::FR, &opts));
    let (theirs, their_spans) = time(|| uax29(&text));
    let ours_mbs = mb / ours.as_secs_f64();
    let theirs_mbs = mb / theirs.as_secs_f64();
    println!(
        "input: {mb:.1} MB of French ({} files, repeated)",
        sources.len()
    );
    println!("bitext segment       : {ours:>10.2?} {ours_mbs:7.1} MB/s {our_spans} sentences");
    println!(
        "unicode-segmentation : {theirs:>10.2?} {theirs_mbs:7.1} MB/s {their_spans} sentences"
    );
    println!("ratio (bitext / UAX #29): {:.2}x", ours_mbs / theirs_mbs);
}
