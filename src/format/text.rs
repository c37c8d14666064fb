//! Plain text: every character is prose. Pre-segmented text (`lines`) has
//! one segment per non-blank line.

use crate::lang::Lang;
use crate::segment::{self, SegmentOptions};

/// Sentence spans of running text (no blocks).
pub(crate) fn prose_segments(
    text: &str,
    lang: Lang,
    opts: &SegmentOptions,
) -> Vec<(usize, usize, Option<usize>)> {
    segment::segment(text, lang, opts)
        .into_iter()
        .map(|(s, e)| (s, e, None))
        .collect()
}

/// One span per non-blank line.
pub(crate) fn line_segments(text: &str) -> Vec<(usize, usize, Option<usize>)> {
    segment::segment_lines(text)
        .into_iter()
        .map(|(s, e)| (s, e, None))
        .collect()
}
