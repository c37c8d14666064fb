//! What the catalogue readers (PO, XLIFF, JSON) share: entry texts decoded
//! from the file with a map back to its bytes, and the assembly of entries
//! into a [`Document`] — one block and one segment per entry — and, for
//! bilingual files, the one-link-per-entry [`Alignment`].
//!
//! An entry's text is what the translator reads (escapes and entities
//! decoded); [`Text::anchors`] say where each run of it is in the file, so a
//! finding anywhere in an entry points at its character in the file: the
//! `n` of a `\n` escape is two bytes on disk for one byte of text, `&amp;`
//! five for one.

use crate::align::{Alignment, Link};
use crate::document::{
    Block, BlockKind, Document, Entry, Layout, Protected, ProtectedKind, SourceMap, Suppression,
};
use crate::lang::Lang;
use std::sync::Arc;

/// A malformed catalogue: an input error (exit status 2) naming the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct ReadError {
    /// The file as given.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl ReadError {
    /// An error at byte `offset` of `text` (the decoded file).
    pub fn at(path: &str, text: &str, offset: usize, message: impl Into<String>) -> ReadError {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, column) = crate::document::LineIndex::new(text).line_column(text, offset);
        ReadError {
            path: path.to_string(),
            line,
            column,
            message: message.into(),
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One side of an entry as decoded from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    /// The decoded text.
    pub text: String,
    /// `(text offset, file offset)` pairs, ascending (see [`SourceMap::anchors`]).
    pub anchors: Vec<(usize, usize)>,
    /// Protected spans, in offsets of [`Text::text`].
    pub protected: Vec<Protected>,
    /// Where an empty text points in the file (just inside its quotes or tags).
    pub at: usize,
}

impl Text {
    /// An empty text whose first character would be at file offset `at`.
    pub fn new(at: usize) -> Text {
        Text {
            at,
            ..Text::default()
        }
    }

    /// Notes that the next byte of text comes from file offset `file`.
    fn anchor(&mut self, file: usize) {
        let d = self.text.len();
        if let Some(&(d0, f0)) = self.anchors.last() {
            if d0 == d {
                self.anchors.pop();
            } else if f0 + (d - d0) == file {
                return;
            }
        }
        self.anchors.push((d, file));
    }

    /// Appends `s`, copied as is from file offset `file`.
    pub fn push_verbatim(&mut self, s: &str, file: usize) {
        if s.is_empty() {
            return;
        }
        self.anchor(file);
        self.text.push_str(s);
    }

    /// Appends `c`, decoded from `width` file bytes at `file` (an escape or
    /// an entity): later text resumes after them.
    pub fn push_decoded(&mut self, c: char, file: usize, width: usize) {
        self.anchor(file);
        self.text.push(c);
        // The next run starts `width` bytes on, not `c.len_utf8()`.
        let d = self.text.len();
        self.anchors.push((d, file + width));
    }

    /// Appends `s` copied from `file` as one protected span of `kind`.
    pub fn push_protected(&mut self, s: &str, file: usize, kind: ProtectedKind, value: String) {
        let start = self.text.len();
        self.push_verbatim(s, file);
        self.protected.push(Protected {
            kind,
            start,
            end: self.text.len(),
            value,
        });
    }
}

/// An entry of a catalogue, both sides read.
#[derive(Debug, Clone, Default)]
pub struct CatalogueEntry {
    /// Key, flags and plural form.
    pub entry: Entry,
    /// The source text (msgid, `<source>`, the source file's value).
    pub source: Text,
    /// The translation (msgstr, `<target>`); empty when the file has none.
    pub target: Text,
    /// Rules a `bitext-ignore` comment or note turns off for the entry
    /// (`Some(vec![])`: all of them).
    pub ignore: Option<Vec<String>>,
}

/// Both sides of a bilingual file, already linked.
#[derive(Debug, Clone)]
pub struct Bilingual {
    /// The source side (msgids / `<source>`s).
    pub source: Document,
    /// The target side (msgstrs / `<target>`s).
    pub target: Document,
    /// One link per entry.
    pub alignment: Alignment,
}

/// Marks placeholders, URLs, e-mail addresses and option names inside an
/// entry text as protected (kept out of prose, so that `%2$s` is no number
/// and a URL no words to translate). Spans already protected are kept.
pub fn protect_inline(text: &mut Text, flags: &[String]) {
    let mut found = crate::format::inline::scan(&text.text, flags);
    found.retain(|p| {
        !text
            .protected
            .iter()
            .any(|q| p.start < q.end && q.start < p.end)
    });
    text.protected.extend(found);
    text.protected.sort_by_key(|p| (p.start, p.end));
}

/// Assembles one side of a catalogue: entry texts joined by a newline, one
/// block and one segment each.
pub fn document(
    name: &str,
    file_text: &Arc<str>,
    lang: Lang,
    entries: Vec<(Text, Entry, Option<Vec<String>>)>,
) -> Document {
    let mut text = String::new();
    let mut layout = Layout {
        map: SourceMap {
            file_text: Some(file_text.clone()),
            ..SourceMap::default()
        },
        ..Layout::default()
    };
    let mut spans = Vec::with_capacity(entries.len());
    for (t, entry, ignore) in entries {
        let start = text.len();
        if t.anchors.first().is_none_or(|&(d, _)| d > 0) {
            layout.map.anchors.push((start, t.at));
        }
        layout
            .map
            .anchors
            .extend(t.anchors.iter().map(|&(d, f)| (start + d, f)));
        text.push_str(&t.text);
        let end = text.len();
        layout
            .protected
            .extend(t.protected.into_iter().map(|p| Protected {
                start: p.start + start,
                end: p.end + start,
                ..p
            }));
        if let Some(rules) = ignore {
            // One byte past the end: an empty entry is covered too.
            layout.suppressions.push(Suppression {
                rules,
                start,
                end: end + 1,
            });
        }
        spans.push((start, end, Some(layout.blocks.len())));
        layout.blocks.push(Block {
            kind: BlockKind::Entry(Box::new(entry)),
            start,
            end,
        });
        text.push('\n');
    }
    dedup_anchors(&mut layout.map.anchors);
    Document::with_layout(name.to_string(), text, lang, layout, &spans)
}

/// Anchors must ascend strictly by document offset; a later one at the same
/// offset wins.
fn dedup_anchors(anchors: &mut Vec<(usize, usize)>) {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(anchors.len());
    for &a in anchors.iter() {
        match out.last_mut() {
            Some(last) if last.0 == a.0 => *last = a,
            _ => out.push(a),
        }
    }
    *anchors = out;
}

/// Builds both sides and the one-link-per-entry alignment of a bilingual file.
pub fn bilingual(
    name: &str,
    file_text: Arc<str>,
    source_lang: Lang,
    target_lang: Lang,
    entries: Vec<CatalogueEntry>,
) -> Bilingual {
    let n = entries.len();
    let mut sources = Vec::with_capacity(n);
    let mut targets = Vec::with_capacity(n);
    for e in entries {
        sources.push((e.source, e.entry.clone(), None));
        targets.push((e.target, e.entry, e.ignore));
    }
    let source = document(name, &file_text, source_lang, sources);
    let target = document(name, &file_text, target_lang, targets);
    Bilingual {
        source,
        target,
        alignment: Alignment::one_to_one(n),
    }
}

/// The entry of segment `i` of a catalogue document, if it is one.
pub fn entry_of(doc: &Document, i: usize) -> Option<&Entry> {
    match &doc.segment_block(i)?.kind {
        BlockKind::Entry(e) => Some(e),
        _ => None,
    }
}

/// Whether `doc` is a catalogue (its blocks are entries).
pub fn is_catalogue(doc: &Document) -> bool {
    doc.blocks
        .first()
        .is_some_and(|b| matches!(b.kind, BlockKind::Entry(_)))
}

/// Links the entries of two monolingual catalogues (JSON) by key: entries
/// in the source's order, a key missing from the target a 1-0 link, a key
/// only in the target a 0-1 link after the entry before it.
pub fn link_by_key(source: &Document, target: &Document) -> Alignment {
    use std::collections::HashMap;
    let keys = |doc: &Document| -> Vec<String> {
        (0..doc.segments.len())
            .map(|i| entry_of(doc, i).map(|e| e.key.clone()).unwrap_or_default())
            .collect()
    };
    let (sk, tk) = (keys(source), keys(target));
    let in_target: HashMap<&str, usize> = tk
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let in_source: std::collections::HashSet<&str> = sk.iter().map(String::as_str).collect();
    let mut links = Vec::new();
    // Target-only keys go after the last linked target entry before them.
    let mut extra_after: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    let mut prev_target: Option<usize> = None;
    for (t, k) in tk.iter().enumerate() {
        if in_source.contains(k.as_str()) {
            prev_target = Some(t);
        } else {
            extra_after.entry(prev_target).or_default().push(t);
        }
    }
    let push_extra = |links: &mut Vec<Link>, after: Option<usize>| {
        if let Some(ts) = extra_after.get(&after) {
            for &t in ts {
                links.push(Link {
                    source: 0..0,
                    target: t..t + 1,
                    score: 1.0,
                });
            }
        }
    };
    push_extra(&mut links, None);
    for (s, k) in sk.iter().enumerate() {
        match in_target.get(k.as_str()) {
            Some(&t) => {
                links.push(Link {
                    source: s..s + 1,
                    target: t..t + 1,
                    score: 1.0,
                });
                push_extra(&mut links, Some(t));
            }
            None => links.push(Link {
                source: s..s + 1,
                target: 0..0,
                score: 1.0,
            }),
        }
    }
    // Empty ranges must still sit where they are in document order.
    let mut next_s = 0;
    let mut next_t = 0;
    for l in &mut links {
        if l.source.is_empty() {
            l.source = next_s..next_s;
        } else {
            next_s = l.source.end;
        }
        if l.target.is_empty() {
            l.target = next_t..next_t;
        } else {
            next_t = l.target.end;
        }
    }
    Alignment { links }
}
