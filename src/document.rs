//! The source-mapped document: what a format reader makes of a file, and what
//! every later stage works on.
//!
//! A [`Document`] keeps the text as the reader decoded it, the *blocks* of
//! the file (heading, paragraph, list item, code block, catalogue entry …),
//! the *protected spans* inside them (inline code, URLs, tags, ids,
//! placeholders) and the sentence [`Segment`]s. Offsets everywhere are bytes
//! of [`Document::text`]; [`Document::line_column`] and
//! [`Document::disk_offset`] map them to the file as it is on disk (BOM,
//! UTF-16, and for catalogues the escapes and quoting of the file), so that
//! every message points where an editor would.
//!
//! Checks read [`Document::segment_text`]: the *prose* of a segment, in which
//! protected bytes and markup syntax are blanked with spaces of the same byte
//! length (offsets stay valid, and `5` in a URL is never a number).
//! Renderers read [`Document::display_text`]: the segment as the file has it.

use crate::lang::Lang;
use std::sync::Arc;

/// One sentence (or title, or list item, or catalogue entry) of a document.
///
/// Spans are byte offsets into [`Document::text`] so that renderers can point
/// at the exact characters; `line`/`column` are 1-based positions in the
/// file on disk, the column counted in characters, as editors and SARIF
/// expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// 1-based line of `start` in the file.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// Index of the block it belongs to, when the format has blocks.
    #[serde(skip)]
    pub block: Option<usize>,
}

/// What kind of block a region of the file is: structure that alignment and
/// `markup-mismatch` compare, and that renderers show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// Running prose.
    Paragraph,
    /// A heading of this level (1–6).
    Heading(u8),
    /// A list item (its own text, not its nested blocks).
    ListItem,
    /// One cell of a table.
    TableCell,
    /// A translatable value of the front matter (`title`, `description`).
    FrontMatterValue(String),
    /// The title of an admonition or directive (`::: tip Title`).
    Title,
    /// A fenced or indented code block; the string is the fence's info string.
    Code(String),
    /// A raw HTML block.
    Html,
    /// Front matter (YAML `---` or TOML `+++`) as a whole.
    FrontMatter,
    /// A directive line: admonition marker, include, shortcode.
    Directive(String),
    /// One entry of a catalogue (PO message or plural form, XLIFF unit or
    /// segment, JSON value).
    Entry(Box<Entry>),
}

/// What a catalogue says of one of its entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Its key: msgctxt + msgid (+ `[n]` for a plural form), unit id, key path.
    pub key: String,
    /// Format flags (`c-format`, `python-format`, `no-c-format`, …): they
    /// decide which placeholder syntaxes apply.
    pub flags: Vec<String>,
    /// The plural form index, for `msgstr[n]`.
    pub plural: Option<usize>,
}

impl BlockKind {
    /// Whether the block holds prose to translate (others are structure).
    pub fn is_translatable(&self) -> bool {
        matches!(
            self,
            BlockKind::Paragraph
                | BlockKind::Heading(_)
                | BlockKind::ListItem
                | BlockKind::TableCell
                | BlockKind::FrontMatterValue(_)
                | BlockKind::Title
                | BlockKind::Entry(_)
        )
    }

    /// A short name for renderers and messages.
    pub fn name(&self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::Heading(_) => "heading",
            BlockKind::ListItem => "list item",
            BlockKind::TableCell => "table cell",
            BlockKind::FrontMatterValue(_) => "front matter",
            BlockKind::Title => "title",
            BlockKind::Code(_) => "code block",
            BlockKind::Html => "HTML block",
            BlockKind::FrontMatter => "front matter",
            BlockKind::Directive(_) => "directive",
            BlockKind::Entry(_) => "entry",
        }
    }
}

/// A region of the file: a translatable block or a piece of structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Byte span in [`Document::text`].
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
}

/// What a protected span is; `markup-mismatch` compares spans kind by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProtectedKind {
    /// Inline code (`` `npm install` ``).
    Code,
    /// A link destination.
    Link,
    /// An image destination.
    Image,
    /// An autolink or bare URL / e-mail address.
    Url,
    /// An inline HTML or XML tag.
    Tag,
    /// A heading id (`{#id}`).
    Id,
    /// An include or shortcode directive (`{* … *}`, `{{< … >}}`, `{% … %}`).
    Directive,
    /// A printf/brace/ICU placeholder.
    Placeholder,
    /// Markup syntax that is neither prose nor compared (`**`, `[`, `](`).
    Syntax,
}

/// A span inside a translatable block that is not prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    /// What it is.
    pub kind: ProtectedKind,
    /// Byte span in [`Document::text`].
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// The value compared across the pair (a link's destination, the code
    /// inside the backticks); the span's own text when empty.
    pub value: String,
}

/// How the file's bytes relate to the decoded text: what a byte offset on
/// disk is, and where catalogue text came from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// Bytes of the byte-order mark (0, 2 or 3).
    pub bom: usize,
    /// The file is UTF-16 (each code unit two bytes on disk).
    pub utf16: bool,
    /// The decoded text of the whole file, when [`Document::text`] is not it
    /// (catalogue readers unescape entries into a text of their own).
    pub file_text: Option<Arc<str>>,
    /// `(document offset, file-text offset)` pairs, ascending: from each
    /// anchor on, offsets advance together until the next one. Empty: the
    /// document text is the file text.
    pub anchors: Vec<(usize, usize)>,
    /// How the file writes text, so that an edit going back to it
    /// ([`crate::fix`]) is escaped as the format needs.
    pub syntax: FileSyntax,
}

/// How a file writes the text of a [`Document`]: what an edit must escape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FileSyntax {
    /// Text as is (plain text, pre-segmented lines).
    #[default]
    Plain,
    /// Markdown: text as is, but `*`, `_`, `` ` ``, `[` … may be syntax.
    Markdown,
    /// A gettext PO string: `\"`, `\\`, `\n` escapes inside quotes.
    Po,
    /// A JSON string: `\"`, `\\`, `\n`, `\u00XX` escapes inside quotes.
    Json,
    /// XML element content (XLIFF): `&amp;`, `&lt;` … entities, or CDATA.
    Xml,
}

impl SourceMap {
    /// The offset in the decoded file text of document offset `offset`.
    pub fn file_text_offset(&self, offset: usize) -> usize {
        if self.anchors.is_empty() {
            return offset;
        }
        let i = self.anchors.partition_point(|&(d, _)| d <= offset);
        if i == 0 {
            return self.anchors[0].1;
        }
        let (d, f) = self.anchors[i - 1];
        f + (offset - d)
    }
}

/// A decoded input file with its blocks and segments, kept together so that
/// any stage can go from a segment index back to the words and their
/// position in the file.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path as the user gave it (or `-`), used in every message.
    pub name: String,
    /// The text the reader produced: for prose formats the decoded file (BOM
    /// removed, line ends kept), for catalogues the unescaped entries.
    pub text: String,
    /// The language its rules are chosen by.
    pub lang: Lang,
    /// Sentence segments in document order, non-overlapping.
    pub segments: Vec<Segment>,
    /// The file's blocks in order (empty for plain text).
    pub blocks: Vec<Block>,
    /// Protected spans inside translatable blocks, in order.
    pub protected: Vec<Protected>,
    /// Inline suppressions found in the file.
    pub suppressions: Vec<Suppression>,
    /// Where the text came from.
    pub map: SourceMap,
    /// [`Document::text`] with protected bytes and markup blanked; `None`
    /// when nothing is (plain text).
    prose: Option<String>,
    lines: LineIndex,
    file_lines: Option<LineIndex>,
}

/// A `bitext-ignore` / `bitext-disable` comment of the file: the rules it
/// turns off (all when empty) over a byte range of [`Document::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// Rule ids; empty means every rule.
    pub rules: Vec<String>,
    /// First byte covered.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
}

impl Suppression {
    /// Whether it turns off `rule` at byte `offset`.
    pub fn covers(&self, rule: &str, offset: usize) -> bool {
        (self.start..self.end).contains(&offset)
            && (self.rules.is_empty() || self.rules.iter().any(|r| r == rule))
    }
}

/// What a format reader hands over: the text and its structure, before
/// sentence segmentation.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Blocks in order.
    pub blocks: Vec<Block>,
    /// Protected spans in order.
    pub protected: Vec<Protected>,
    /// Inline suppressions.
    pub suppressions: Vec<Suppression>,
    /// Where the text came from.
    pub map: SourceMap,
}

impl Document {
    /// Builds a plain-text document from already computed byte spans.
    pub fn new(name: String, text: String, lang: Lang, spans: &[(usize, usize)]) -> Self {
        let segments = spans
            .iter()
            .map(|&(start, end)| (start, end, None))
            .collect::<Vec<_>>();
        Document::with_layout(name, text, lang, Layout::default(), &segments)
    }

    /// Builds a document from a reader's layout and the segment spans
    /// `(start, end, block)` found inside its blocks.
    pub fn with_layout(
        name: String,
        text: String,
        lang: Lang,
        layout: Layout,
        spans: &[(usize, usize, Option<usize>)],
    ) -> Self {
        let prose = prose_text(&text, &layout);
        let file_lines = layout.map.file_text.as_deref().map(LineIndex::new);
        let mut doc = Document {
            name,
            lines: LineIndex::new(&text),
            text,
            lang,
            segments: Vec::with_capacity(spans.len()),
            blocks: layout.blocks,
            protected: layout.protected,
            suppressions: layout.suppressions,
            map: layout.map,
            prose,
            file_lines,
        };
        // Spans are in order, so positions are found in one forward pass
        // (a per-span lookup would be quadratic on a long single line).
        let mut cursor = Cursor::default();
        let direct = doc.map.anchors.is_empty();
        for &(start, end, block) in spans {
            let (line, column) = if direct {
                cursor.advance(&doc.text, start)
            } else {
                doc.line_column(start)
            };
            doc.segments.push(Segment {
                start,
                end,
                line,
                column,
                block,
            });
        }
        doc
    }

    /// The prose of segment `i`: what checks read. Protected spans and markup
    /// syntax are blanked with spaces of the same length, so offsets into it
    /// are offsets into [`Document::text`].
    pub fn segment_text(&self, i: usize) -> &str {
        let s = &self.segments[i];
        &self.prose_or_text()[s.start..s.end]
    }

    /// Segment `i` as the file has it (markup and code included): what
    /// renderers show.
    pub fn display_text(&self, i: usize) -> &str {
        let s = &self.segments[i];
        &self.text[s.start..s.end]
    }

    /// The whole prose text (see [`Document::segment_text`]).
    pub fn prose_or_text(&self) -> &str {
        self.prose.as_deref().unwrap_or(&self.text)
    }

    /// All segment prose texts, in order.
    pub fn segment_texts(&self) -> Vec<&str> {
        (0..self.segments.len())
            .map(|i| self.segment_text(i))
            .collect()
    }

    /// The block of segment `i`, when the format has blocks.
    pub fn segment_block(&self, i: usize) -> Option<&Block> {
        self.segments[i].block.map(|b| &self.blocks[b])
    }

    /// Protected spans that lie inside bytes `start..end`.
    pub fn protected_in(&self, start: usize, end: usize) -> &[Protected] {
        let from = self.protected.partition_point(|p| p.start < start);
        let to = self.protected.partition_point(|p| p.start < end);
        &self.protected[from..to.max(from)]
    }

    /// 1-based line and character column, in the file on disk, of byte
    /// `offset` of the text.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        match (&self.map.file_text, &self.file_lines) {
            (Some(file), Some(lines)) => {
                lines.line_column(file, self.map.file_text_offset(offset).min(file.len()))
            }
            _ => self.lines.line_column(&self.text, offset),
        }
    }

    /// The byte offset in the file on disk of byte `offset` of the text (a
    /// BOM counts; UTF-16 counts two bytes a code unit).
    pub fn disk_offset(&self, offset: usize) -> usize {
        let file: &str = self.map.file_text.as_deref().unwrap_or(&self.text);
        let at = self.map.file_text_offset(offset).min(file.len());
        if self.map.utf16 {
            self.map.bom + 2 * file[..at].encode_utf16().count()
        } else {
            self.map.bom + at
        }
    }

    /// Whether some inline suppression turns `rule` off at byte `offset`.
    pub fn suppressed(&self, rule: &str, offset: usize) -> bool {
        self.suppressions.iter().any(|s| s.covers(rule, offset))
    }
}

/// The text with every byte that is not prose blanked: outside translatable
/// blocks, and inside them the protected spans. Newlines are kept, so lines
/// and paragraphs stay where they were. `None` when there is no structure.
fn prose_text(text: &str, layout: &Layout) -> Option<String> {
    if layout.blocks.is_empty() && layout.protected.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut blank = |start: usize, end: usize| {
        for b in &mut bytes[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    };
    let mut at = 0;
    for block in layout.blocks.iter().filter(|b| b.kind.is_translatable()) {
        if block.start > at {
            blank(at, block.start);
        }
        at = at.max(block.end);
    }
    blank(at.min(text.len()), text.len());
    for p in &layout.protected {
        blank(p.start, p.end);
    }
    // Whole UTF-8 sequences were replaced byte for byte by ASCII spaces
    // (spans start and end on character boundaries), so this cannot fail.
    Some(String::from_utf8(bytes).expect("blanking keeps UTF-8 valid"))
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
    /// Newlines are found with `memchr` and characters counted in bulk:
    /// decoding every character of the text one by one was a tenth of a
    /// whole `segment` run.
    fn advance(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let gap = &text[self.offset..offset];
        match memchr::memrchr(b'\n', gap.as_bytes()) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', gap.as_bytes()).count();
                self.column = gap[last + 1..].chars().count() + 1;
            }
            None => self.column += gap.chars().count(),
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

    /// Byte offset of the start of 1-based `line`, if the text has it.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
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

    #[test]
    fn prose_blanks_protected_spans_and_structure() {
        let text = "# Tête\n\n```\ncode 5\n```\nVoir `x = 5` ici.\n".to_string();
        let code = text.find("```").unwrap();
        let para = text.find("Voir").unwrap();
        let inline = para + "Voir ".len();
        let layout = Layout {
            blocks: vec![
                Block {
                    kind: BlockKind::Heading(1),
                    start: 0,
                    end: 6 + 1,
                },
                Block {
                    kind: BlockKind::Code(String::new()),
                    start: code,
                    end: para - 1,
                },
                Block {
                    kind: BlockKind::Paragraph,
                    start: para,
                    end: text.len() - 1,
                },
            ],
            protected: vec![Protected {
                kind: ProtectedKind::Code,
                start: inline,
                end: inline + 7,
                value: "x = 5".into(),
            }],
            ..Layout::default()
        };
        let doc = Document::with_layout(
            "t.md".into(),
            text.clone(),
            Lang::FR,
            layout,
            &[(para, text.len() - 1, Some(2))],
        );
        assert_eq!(doc.segment_text(0), "Voir         ici.");
        assert_eq!(doc.display_text(0), "Voir `x = 5` ici.");
        assert!(!doc.prose_or_text().contains("code 5"));
        assert_eq!(doc.prose_or_text().len(), text.len());
    }

    #[test]
    fn disk_offsets_count_the_bom_and_utf16_units() {
        let mut doc = Document::new("t".into(), "é a".into(), Lang::FR, &[(0, 4)]);
        doc.map.bom = 3;
        assert_eq!(doc.disk_offset(0), 3);
        assert_eq!(doc.disk_offset(3), 6);
        doc.map.utf16 = true;
        doc.map.bom = 2;
        assert_eq!(doc.disk_offset(3), 2 + 2 * 2);
    }

    #[test]
    fn anchors_map_catalogue_text_to_the_file() {
        // The file holds `msgstr "a\"b"`; the entry text is `a"b`.
        let file: Arc<str> = Arc::from("msgid \"x\"\nmsgstr \"a\\\"b\"\n");
        let layout = Layout {
            map: SourceMap {
                file_text: Some(file.clone()),
                anchors: vec![(0, 18), (1, 19), (2, 21)],
                ..SourceMap::default()
            },
            ..Layout::default()
        };
        let doc = Document::with_layout(
            "f.po".into(),
            "a\"b".into(),
            Lang::FR,
            layout,
            &[(0, 3, None)],
        );
        assert_eq!(doc.line_column(0), (2, 9));
        assert_eq!(doc.line_column(2), (2, 12));
        assert_eq!(doc.segments[0].line, 2);
    }
}
