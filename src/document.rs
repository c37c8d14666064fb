//! A text and its sentence segments: the unit every later stage works on.

use crate::lang::Lang;

/// One sentence (or title, or list item) of a document.
///
/// Spans are byte offsets into [`Document::text`] so that renderers can point
/// at the exact characters; `line`/`column` are 1-based, the column counted in
/// characters, as editors and SARIF expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
}

/// A decoded input file with its segments, kept together so that any stage
/// can go from a segment index back to the words and their position.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path as the user gave it (or `-`), used in every message.
    pub name: String,
    /// The decoded text (BOM removed, line ends kept as they were).
    pub text: String,
    /// The language its rules are chosen by.
    pub lang: Lang,
    /// Sentence segments in document order, non-overlapping.
    pub segments: Vec<Segment>,
    lines: LineIndex,
}

impl Document {
    /// Builds a document from already computed byte spans.
    pub fn new(name: String, text: String, lang: Lang, spans: &[(usize, usize)]) -> Self {
        let lines = LineIndex::new(&text);
        // Spans are in order, so positions are found in one forward pass
        // (a per-span lookup would be quadratic on a long single line).
        let mut cursor = Cursor::default();
        let segments = spans
            .iter()
            .map(|&(start, end)| {
                let (line, column) = cursor.advance(&text, start);
                Segment {
                    start,
                    end,
                    line,
                    column,
                }
            })
            .collect();
        Document {
            name,
            text,
            lang,
            segments,
            lines,
        }
    }

    /// The raw text of segment `i`, inner newlines included.
    pub fn segment_text(&self, i: usize) -> &str {
        let s = &self.segments[i];
        &self.text[s.start..s.end]
    }

    /// All segment texts, in order.
    pub fn segment_texts(&self) -> Vec<&str> {
        (0..self.segments.len())
            .map(|i| self.segment_text(i))
            .collect()
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.lines.line_column(&self.text, offset)
    }
}

/// A forward-moving offset → line/column converter.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            offset: 0,
            line: 1,
            column: 1,
        }
    }
}

impl Cursor {
    /// Moves to `offset` (not before the current one) and returns its position.
    fn advance(&mut self, text: &str, offset: usize) -> (usize, usize) {
        for c in text[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// Start offsets of every line, for O(log n) offset → line/column lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (after each `\n`).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and character column of byte `offset` in `text`.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let column = text[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

/// Collapses every whitespace run (newlines included) to one space and trims:
/// how a segment is shown on one line.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "é1\nab c";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_column(text, 0), (1, 1));
        assert_eq!(idx.line_column(text, 2), (1, 2));
        assert_eq!(idx.line_column(text, 4), (2, 1));
        assert_eq!(idx.line_column(text, 7), (2, 4));
    }

    #[test]
    fn segment_positions_match_the_line_index() {
        let text = "ab\ncé d\n\nef".to_string();
        let doc = Document::new(
            "t".into(),
            text.clone(),
            Lang::FR,
            &[(0, 2), (3, 6), (7, 8), (10, 12)],
        );
        for s in &doc.segments {
            assert_eq!((s.line, s.column), doc.line_column(s.start));
        }
    }

    #[test]
    fn one_line_collapses_nbsp_and_newlines() {
        assert_eq!(one_line(" a\u{a0}b\r\n c "), "a b c");
    }
}
