//! The peer `bitext segment` is measured against, whole process: reads a
//! file, splits it with `unicode_segmentation`'s UAX #29 sentence bounds and
//! prints one sentence per line, whitespace collapsed, as `segment` does.
//! `scripts/bench_segment.sh` times both on the same files in one run.
//!
//! `cargo run --release --example segment_peer -- FILE > /dev/null`

use std::io::{self, BufWriter, Write};
use unicode_segmentation::UnicodeSegmentation;

fn main() -> io::Result<()> {
    let path = std::env::args().nth(1).expect("usage: segment_peer FILE");
    let text = std::fs::read_to_string(&path)?;
    let mut out = BufWriter::new(io::stdout().lock());
    for sentence in text.split_sentence_bounds() {
        let mut words = sentence.split_whitespace();
        let Some(first) = words.next() else {
            continue;
        };
        out.write_all(first.as_bytes())?;
        for word in words {
            out.write_all(b" ")?;
            out.write_all(word.as_bytes())?;
        }
        out.write_all(b"\n")?;
    }
    out.flush()
}
