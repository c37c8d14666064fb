//! Sentence segmentation: text → byte spans of sentences, titles and list
//! items. Lossless: every non-whitespace character lies in exactly one span.

use crate::lang::Lang;

/// What a user can change without recompiling.
#[derive(Debug, Clone, Default)]
pub struct SegmentOptions {
    /// Extra abbreviations (without their final period) that never end a sentence.
    pub abbreviations: Vec<String>,
}

/// Splits `text` into sentence spans `(start, end)` (byte offsets, `end`
/// exclusive, trimmed of surrounding whitespace), in order.
pub fn segment(text: &str, _lang: Lang, _opts: &SegmentOptions) -> Vec<(usize, usize)> {
    use unicode_segmentation::UnicodeSegmentation;
    text.split_sentence_bound_indices()
        .filter_map(|(i, s)| trim_span(text, i, i + s.len()))
        .collect()
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
