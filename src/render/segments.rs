//! `segment` output: one sentence per line, or SPEC's JSON spans.

use crate::document::Document;
use std::io::{self, Write};

/// One sentence per line, inner whitespace collapsed (as
/// [`one_line`](crate::document::one_line) shows it), laid out in one
/// reused buffer written out 64 KiB at a time: no string is built per line,
/// and the writer is not called per word (which was a third of the run).
pub fn write_text(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    const CHUNK: usize = 64 * 1024;
    let mut out = Vec::with_capacity(CHUNK + 1024);
    for i in 0..doc.segments.len() {
        collapse_into(doc.display_text(i), &mut out);
        out.push(b'\n');
        if out.len() >= CHUNK {
            w.write_all(&out)?;
            out.clear();
        }
    }
    w.write_all(&out)
}

/// Bytes that may start a whitespace character: ASCII white space, and the
/// lead bytes of the non-ASCII White_Space characters (U+0085 and U+00A0:
/// 0xC2; U+1680: 0xE1; U+2000–U+205F: 0xE2; U+3000: 0xE3).
const MAY_BE_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b, 0x09..=0x0d | 0x20 | 0xc2 | 0xe1 | 0xe2 | 0xe3);
        b += 1;
    }
    table
};

/// The length of the whitespace character at byte `i` of `text`, if it is one.
fn space_at(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes()[i];
    if !MAY_BE_SPACE[b as usize] {
        return None;
    }
    if b < 0x80 {
        return Some(1);
    }
    let c = text[i..].chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

/// Appends `text`'s words to `out`, one space between two, none at the
/// ends (Unicode White_Space separates words, as `split_whitespace`).
/// Words already separated by one ASCII space are copied as one run.
fn collapse_into(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut run: Option<usize> = None;
    let mut wrote = false;
    let mut flush = |run: &mut Option<usize>, end: usize, out: &mut Vec<u8>| {
        if let Some(start) = run.take() {
            if wrote {
                out.push(b' ');
            }
            out.extend_from_slice(&bytes[start..end]);
            wrote = true;
        }
    };
    let mut i = 0;
    while i < n {
        let Some(len) = space_at(text, i) else {
            run.get_or_insert(i);
            i += 1;
            while i < n && !MAY_BE_SPACE[bytes[i] as usize] {
                i += 1;
            }
            continue;
        };
        let spaces = i;
        i += len;
        while i < n {
            match space_at(text, i) {
                Some(len) => i += len,
                None => break,
            }
        }
        let one_space = i - spaces == 1 && bytes[spaces] == b' ';
        if !(one_space && i < n && run.is_some()) {
            flush(&mut run, spaces, out);
        }
    }
    flush(&mut run, n, out);
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

    #[test]
    fn collapsing_matches_split_whitespace() {
        // Prevents: the byte scan treating some Unicode space (NBSP, ideographic,
        // line separator, vertical tab) otherwise than split_whitespace.
        for text in [
            "",
            "   ",
            "a",
            " a  b\t\tc\n",
            "é\u{a0}è\u{3000}x\u{2028}y\u{0b}z\u{85}w\u{202f}v",
            "\u{1680}mot\u{200a}",
            "l'été — « oui » !",
            "a b  c d\u{a0}e f ",
            " x y",
        ] {
            let mut out = Vec::new();
            collapse_into(text, &mut out);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{text:?}");
        }
    }

    proptest::proptest! {
        // Prevents: any string whose collapsed line differs from its words
        // joined by one space.
        #[test]
        fn collapsing_any_text_joins_its_words(text in "[a-zé \t\n\u{a0}\u{2009}\u{3000}\u{ab}\u{2014}\u{0b}\u{85}]{0,40}") {
            let mut out = Vec::new();
            collapse_into(&text, &mut out);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }
}
