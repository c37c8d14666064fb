//! An open document's text as the editor has it, and the one conversion
//! LSP needs: byte offsets ⇄ `Position { line, character }` with characters
//! counted in UTF-16 code units and lines ended by `\n`, `\r\n` or `\r`
//! (LSP's three line terminators).

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// A text with its line starts indexed.
#[derive(Debug, Clone, Default)]
pub(crate) struct LspText {
    text: String,
    /// Byte offset of each line's first character.
    line_starts: Vec<usize>,
}

impl LspText {
    pub(crate) fn new(text: String) -> LspText {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LspText { text, line_starts }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The UTF-8 BOM's length when the text starts with one (an editor
    /// may keep it in the buffer): readers see the text without it.
    pub(crate) fn bom_len(&self) -> usize {
        if self.text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        }
    }

    /// The LSP position of byte `offset` (clamped to the text, moved back
    /// to a character boundary).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    /// The LSP range of bytes `start..end`.
    pub(crate) fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of an LSP position. A character past the end of its
    /// line means the line's end (as LSP says); a line past the last one,
    /// the end of the text; a position inside a surrogate pair, the
    /// character's start.
    pub(crate) fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self.line_content_end(position.line as usize);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        end
    }

    /// Where line `line`'s content ends (before its terminator).
    fn line_content_end(&self, line: usize) -> usize {
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let content = &self.text[self.line_starts[line]..end];
        let trimmed = content
            .strip_suffix("\r\n")
            .or_else(|| content.strip_suffix('\n'))
            .or_else(|| content.strip_suffix('\r'))
            .unwrap_or(content);
        self.line_starts[line] + trimmed.len()
    }

    /// The byte offset where the line holding `offset` starts.
    pub(crate) fn line_start_of(&self, offset: usize) -> usize {
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        self.line_starts[line]
    }

    /// The line terminator the text uses (its first), `\n` when it has none.
    pub(crate) fn line_ending(&self) -> &'static str {
        match self.text.find(['\n', '\r']) {
            Some(i) if self.text[i..].starts_with("\r\n") => "\r\n",
            Some(i) if self.text.as_bytes()[i] == b'\r' => "\r",
            _ => "\n",
        }
    }

    /// Applies one `didChange` event: a range replaced, or (no range) the
    /// whole text.
    pub(crate) fn apply(&mut self, change: TextDocumentContentChangeEvent) {
        let text = match change.range {
            None => change.text,
            Some(range) => {
                let start = self.offset(range.start);
                let end = self.offset(range.end).max(start);
                let mut text = std::mem::take(&mut self.text);
                text.replace_range(start..end, &change.text);
                text
            }
        };
        *self = LspText::new(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|(a, b)| Range::new(Position::new(a.0, a.1), Position::new(b.0, b.1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn positions_count_utf16_units_and_every_line_terminator() {
        let t = LspText::new("a😀é\r\nxy\rz\nend".into());
        // 😀 is two UTF-16 units and four bytes; é two bytes, one unit.
        assert_eq!(t.position(1), Position::new(0, 1));
        assert_eq!(t.position(5), Position::new(0, 3));
        assert_eq!(t.position(7), Position::new(0, 4), "before \\r\\n");
        assert_eq!(t.position(9), Position::new(1, 0));
        assert_eq!(
            t.position(12),
            Position::new(2, 0),
            "a lone \\r ends a line"
        );
        assert_eq!(t.position(14), Position::new(3, 0));
        for offset in [0, 1, 5, 7, 9, 10, 12, 14, 17] {
            assert_eq!(
                t.offset(t.position(offset)),
                offset,
                "round trip of {offset}"
            );
        }
        assert_eq!(t.offset(Position::new(0, 99)), 7, "past the line's end");
        assert_eq!(t.offset(Position::new(0, 2)), 1, "inside a surrogate pair");
        assert_eq!(t.offset(Position::new(9, 0)), t.as_str().len());
        assert_eq!(t.position(2), Position::new(0, 1), "inside a character");
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut t = LspText::new("un 😀 deux\ntrois\n".into());
        t.apply(change(Some(((0, 6), (0, 10))), "2"));
        assert_eq!(t.as_str(), "un 😀 2\ntrois\n");
        t.apply(change(Some(((1, 0), (2, 0))), ""));
        assert_eq!(t.as_str(), "un 😀 2\n");
        t.apply(change(Some(((1, 0), (1, 0))), "quatre"));
        assert_eq!(t.as_str(), "un 😀 2\nquatre");
        t.apply(change(None, "neuf"));
        assert_eq!(t.as_str(), "neuf");
    }

    #[test]
    fn a_bom_and_line_endings_are_seen() {
        let t = LspText::new("\u{feff}a\r\nb".into());
        assert_eq!(t.bom_len(), 3);
        assert_eq!(t.line_ending(), "\r\n");
        assert_eq!(
            t.position(3),
            Position::new(0, 1),
            "the BOM is one UTF-16 unit"
        );
        assert_eq!(t.line_start_of(6), 6);
        assert_eq!(LspText::new("a".into()).line_ending(), "\n");
    }
}
