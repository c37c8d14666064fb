//! `segment` output: one sentence per line, or SPEC's JSON spans.

use crate::document::{Document, one_line};
use std::io::{self, Write};

/// One sentence per line, inner whitespace collapsed.
pub fn write_text(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    for i in 0..doc.segments.len() {
        writeln!(w, "{}", one_line(doc.display_text(i)))?;
    }
    Ok(())
}

/// `[{"text", "start", "end", "line", "column"}, ...]`, offsets and
/// positions in the file as it is on disk.
pub fn write_json(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Item<'a> {
        text: &'a str,
        start: usize,
        end: usize,
        line: usize,
        column: usize,
    }
    let items: Vec<Item> = doc
        .segments
        .iter()
        .map(|s| Item {
            text: &doc.text[s.start..s.end],
            start: doc.disk_offset(s.start),
            end: doc.disk_offset(s.end),
            line: s.line,
            column: s.column,
        })
        .collect();
    serde_json::to_writer(&mut *w, &items)?;
    writeln!(w)
}
