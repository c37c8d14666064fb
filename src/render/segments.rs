//! `segment` output: one sentence per line, or SPEC's JSON spans.

use crate::document::Document;
use std::io::{self, Write};

/// One sentence per line, inner whitespace collapsed (as
/// [`one_line`](crate::document::one_line) shows it), written word by word
/// from the document: no string is built per line.
pub fn write_text(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    for i in 0..doc.segments.len() {
        let mut words = doc.display_text(i).split_whitespace();
        if let Some(first) = words.next() {
            w.write_all(first.as_bytes())?;
            for word in words {
                w.write_all(b" ")?;
                w.write_all(word.as_bytes())?;
            }
        }
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// `[{"text", "start", "end", "line", "column"}, ...]`, offsets and
/// positions in the file as it is on disk, item by item.
pub fn write_json(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Item<'a> {
        text: &'a str,
        start: usize,
        end: usize,
        line: usize,
        column: usize,
    }
    let items = super::Streamed(|| {
        doc.segments.iter().map(|s| Item {
            text: &doc.text[s.start..s.end],
            start: doc.disk_offset(s.start),
            end: doc.disk_offset(s.end),
            line: s.line,
            column: s.column,
        })
    });
    serde_json::to_writer(&mut *w, &items)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::one_line;
    use crate::lang::Lang;

    #[test]
    fn text_lines_are_the_segments_on_one_line() {
        let text = "  Un  deux\n trois.\t\n\nQuatre.\n\n";
        let doc = Document::new(
            "t".into(),
            text.into(),
            Lang::FR,
            &[(0, 18), (18, 20), (21, 28)],
        );
        let mut out = Vec::new();
        write_text(&doc, &mut out).unwrap();
        let expected: String = (0..3)
            .map(|i| one_line(doc.display_text(i)) + "\n")
            .collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert_eq!(expected, "Un deux trois.\n\nQuatre.\n");
    }
}
