//! `align` output: text, TSV, SPEC's JSON links, and TMX.

use crate::align::Alignment;
use crate::document::{Document, one_line};
use std::io::{self, Write};

fn group_text(doc: &Document, range: std::ops::Range<usize>) -> String {
    range
        .map(|i| one_line(doc.segment_text(i)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn indices(range: std::ops::Range<usize>) -> String {
    range.map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

/// `{"links": [{"source": [..], "target": [..], "score": s}]}`.
pub fn write_json(alignment: &Alignment, w: &mut dyn Write) -> io::Result<()> {
    let links: Vec<_> = alignment
        .links
        .iter()
        .map(|l| {
            serde_json::json!({
                "source": l.source.clone().collect::<Vec<_>>(),
                "target": l.target.clone().collect::<Vec<_>>(),
                "score": (l.score * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    serde_json::to_writer(&mut *w, &serde_json::json!({ "links": links }))?;
    writeln!(w)
}

/// One link per line: source indices, target indices, score, source text, target text.
pub fn write_tsv(
    source: &Document,
    target: &Document,
    alignment: &Alignment,
    w: &mut dyn Write,
) -> io::Result<()> {
    for l in &alignment.links {
        writeln!(
            w,
            "{}\t{}\t{:.3}\t{}\t{}",
            indices(l.source.clone()),
            indices(l.target.clone()),
            l.score,
            group_text(source, l.source.clone()).replace('\t', " "),
            group_text(target, l.target.clone()).replace('\t', " "),
        )?;
    }
    Ok(())
}

/// Human-readable: each link as a header and its two sides.
pub fn write_text(
    source: &Document,
    target: &Document,
    alignment: &Alignment,
    w: &mut dyn Write,
) -> io::Result<()> {
    for (i, l) in alignment.links.iter().enumerate() {
        writeln!(
            w,
            "#{} [{}] -> [{}] score {:.2}",
            i,
            indices(l.source.clone()),
            indices(l.target.clone()),
            l.score
        )?;
        writeln!(w, "  < {}", group_text(source, l.source.clone()))?;
        writeln!(w, "  > {}", group_text(target, l.target.clone()))?;
    }
    Ok(())
}
