//! Sentence segmentation: text → byte spans of sentences, titles and list
//! items. Lossless: every non-whitespace character lies in exactly one span.
//!
//! Two stages, each in its own file:
//! - [`layout`]: paragraphs, hard-wrapped lines, titles and list items →
//!   blocks;
//! - [`rules`]: inside a block, each `.` `?` `!` `…` is decided by the few
//!   characters around it, with the [`abbreviations`] of the language.
//!
//! The scan is byte-driven (no Unicode word segmentation on the whole
//! text), so that segmenting is never the slow stage of a review.

pub mod abbreviations;
pub mod layout;
pub mod rules;

use crate::lang::Lang;
pub use abbreviations::{AbbreviationFileError, parse_abbreviation_list, read_abbreviation_file};

/// What a user can change without recompiling.
#[derive(Debug, Clone, Default)]
pub struct SegmentOptions {
    /// Extra abbreviations (without their final period) that never end a sentence.
    pub abbreviations: Vec<String>,
}

/// Splits `text` into sentence spans `(start, end)` (byte offsets, `end`
/// exclusive, trimmed of surrounding whitespace), in order.
///
/// French and English have their own abbreviations and rules; any other
/// language gets both abbreviation lists and the cautious English rule for
/// a period before a lower-case word (no boundary).
pub fn segment(text: &str, lang: Lang, opts: &SegmentOptions) -> Vec<(usize, usize)> {
    let rules = rules::Rules {
        abbreviations: abbreviations::Abbreviations::new(lang, &opts.abbreviations),
        french: lang.is_french(),
        english: lang.is_english(),
    };
    let mut spans = Vec::with_capacity(text.len() / 80 + 1);
    let mut scratch = rules::Scratch::default();
    layout::for_each_block(text, |start, end| {
        rules::split_block(text, start, end, &rules, &mut scratch, &mut spans);
    });
    spans
}

/// The first byte of `bytes[from..]` that `marked` flags, or `bytes.len()`.
/// Eight lookups are OR-ed before one branch: in prose the flagged bytes are
/// tens of bytes apart, and a branch per byte was most of a scan.
pub(crate) fn next_marked(bytes: &[u8], from: usize, marked: &[bool; 256]) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        if chunk.iter().fold(false, |any, &b| any | marked[b as usize]) {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !marked[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// Pre-segmented input (`--lines`): each non-blank line is one segment.
pub fn segment_lines(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(span) = trim_span(text, start, start + line.len()) {
            spans.push(span);
        }
        start += line.len();
    }
    spans
}

/// Shrinks `[start, end)` to exclude surrounding whitespace; `None` if nothing is left.
pub fn trim_span(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        None
    } else {
        Some((start + lead, start + lead + trimmed.len()))
    }
}
