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

/// The length of the whitespace character at byte `i` of `bytes`, if it is
/// one, read from the bytes themselves: French text is full of lead bytes
/// 0xC2 and 0xE2 (« », ’, …) and decoding each as a char was most of the
/// scan. The exhaustive test below holds this to `char::is_whitespace`.
fn space_at(bytes: &[u8], i: usize) -> Option<usize> {
    let b = bytes[i];
    if !MAY_BE_SPACE[b as usize] {
        return None;
    }
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match b {
        0xc2 => matches!(next(1), 0x85 | 0xa0).then_some(2),
        0xe1 => (next(1) == 0x9a && next(2) == 0x80).then_some(3),
        0xe2 => match (next(1), next(2)) {
            (0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf) | (0x81, 0x9f) => Some(3),
            _ => None,
        },
        0xe3 => (next(1) == 0x80 && next(2) == 0x80).then_some(3),
        _ => Some(1),
    }
}

/// Appends `text`'s words to `out`, one space between two, none at the
/// ends (Unicode White_Space separates words, as `split_whitespace`).
/// Stretches whose words are already one ASCII space apart are copied
/// whole: only the "irregular" bytes (see [`next_irregular`]) are looked at.
fn collapse_into(text: &str, out: &mut Vec<u8>) {
    // `trim` takes off exactly the White_Space characters `space_at` knows.
    let bytes = text.trim().as_bytes();
    let mut copy_from = 0;
    let mut i = 0;
    while let Some(k) = next_irregular(bytes, i) {
        let Some(len) = space_at(bytes, k) else {
            i = k + 1;
            continue;
        };
        // A single space just before the run belongs to it.
        let begin = if bytes[k] != b' ' && k > copy_from && bytes[k - 1] == b' ' {
            k - 1
        } else {
            k
        };
        // The text is trimmed, so every run ends before the text does.
        let mut end = k + len;
        while end < bytes.len()
            && let Some(len) = space_at(bytes, end)
        {
            end += len;
        }
        out.extend_from_slice(&bytes[copy_from..begin]);
        out.push(b' ');
        copy_from = end;
        i = end;
    }
    out.extend_from_slice(&bytes[copy_from..]);
}

/// Where `bytes[from..]` may stop being "words one ASCII space apart": an
/// ASCII control (tab, newline …), a lead byte of a non-ASCII White_Space
/// character (0xC2, 0xE1–0xE3), or the first of two spaces. Eight bytes are
/// tested at a time with exact per-byte masks (no borrow crosses a byte),
/// and chunks overlap by one byte so that a pair of spaces across two chunks
/// is seen: a test per chunk instead of a branch per byte and per word,
/// which was a quarter of a whole `segment` run.
fn next_irregular(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let equal = |x: u64, b: u8| {
        let y = x ^ (ONES * u64::from(b));
        !(((y & LOW7) + LOW7) | y) & HIGHS
    };
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let control = !(((x & LOW7) + ONES * 0x60) | x) & HIGHS;
        let spaces = equal(x, b' ');
        let flagged = control
            | (spaces & (spaces >> 8))
            | equal(x, 0xc2)
            | equal(x, 0xe1)
            | equal(x, 0xe2)
            | equal(x, 0xe3);
        if flagged != 0 {
            return Some(i + (flagged.trailing_zeros() / 8) as usize);
        }
        i += 7;
    }
    (i..bytes.len()).find(|&k| is_irregular(bytes, k))
}

/// The byte-by-byte form of [`next_irregular`]'s test.
fn is_irregular(bytes: &[u8], k: usize) -> bool {
    match bytes[k] {
        b' ' => bytes.get(k + 1) == Some(&b' '),
        b => b < 0x20 || matches!(b, 0xc2 | 0xe1..=0xe3),
    }
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
        // Prevents: the eight-byte scan skipping an irregular byte (in a
        // chunk, or a pair of spaces across two chunks) or stopping early.
        #[test]
        fn the_chunk_scan_finds_the_first_irregular_byte(
            bytes in proptest::collection::vec(proptest::sample::select(vec![b'a', b' ', b'\n', 0x01, 0x7f, 0xc2, 0xc3, 0xe2, 0xa0, 0xff]), 0..40),
            from in 0usize..40,
        ) {
            let from = from.min(bytes.len());
            let expected = (from..bytes.len()).find(|&k| is_irregular(&bytes, k));
            proptest::prop_assert_eq!(next_irregular(&bytes, from), expected);
        }

        // Prevents: any text (of any characters) collapsed otherwise.
        #[test]
        fn collapsing_any_characters_joins_the_words(text in "\\PC{0,30}( {1,3}\\PC{0,10}){0,4}") {
            let mut out = Vec::new();
            collapse_into(&text, &mut out);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    #[test]
    fn the_byte_scan_knows_every_whitespace_character() {
        // Prevents: a White_Space character (or a look-alike sharing its lead
        // byte) read otherwise than `char::is_whitespace` reads it.
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = c.is_whitespace().then_some(bytes.len());
            assert_eq!(space_at(bytes, 0), expected, "{c:?}");
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
