//! Word-level diffs of two sentences: what a fix or a revision changes, shown
//! as words struck out and words put in rather than as whole lines.
//!
//! Invariant (checked by tests): the `Equal` and `Delete` pieces concatenate
//! to the old text, the `Equal` and `Insert` pieces to the new text.

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};
use unicode_segmentation::UnicodeSegmentation;

/// What a piece of a word diff does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// One run of text with its operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    /// What happens to the text.
    pub op: Op,
    /// The text itself (words, punctuation and the spaces between them).
    pub text: String,
}

/// A word-level diff: pieces in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WordDiff {
    /// Pieces; adjacent pieces never share an op.
    pub pieces: Vec<Piece>,
}

impl WordDiff {
    /// The old text, rebuilt from the pieces.
    pub fn old_text(&self) -> String {
        self.side(Op::Delete)
    }

    /// The new text, rebuilt from the pieces.
    pub fn new_text(&self) -> String {
        self.side(Op::Insert)
    }

    /// Whether the two texts are equal.
    pub fn is_unchanged(&self) -> bool {
        self.pieces.iter().all(|p| p.op == Op::Equal)
    }

    /// Renders in git's `--word-diff=plain` convention, `[-old-]{+new+}`:
    /// readable where there is no colour.
    pub fn to_plain(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p.op {
                Op::Equal => out.push_str(&p.text),
                Op::Delete => {
                    out.push_str("[-");
                    out.push_str(&p.text);
                    out.push_str("-]");
                }
                Op::Insert => {
                    out.push_str("{+");
                    out.push_str(&p.text);
                    out.push_str("+}");
                }
            }
        }
        out
    }

    fn side(&self, skip_other: Op) -> String {
        let other = if skip_other == Op::Delete {
            Op::Insert
        } else {
            Op::Delete
        };
        self.pieces
            .iter()
            .filter(|p| p.op != other)
            .map(|p| p.text.as_str())
            .collect()
    }
}

/// Splits into words, punctuation marks and whitespace runs (UAX #29 word
/// boundaries), so that a changed comma does not mark its whole word changed.
fn tokens(text: &str) -> Vec<&str> {
    text.split_word_bounds().collect()
}

/// Diffs `old` against `new` word by word.
pub fn diff(old: &str, new: &str) -> WordDiff {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let ops = capture_diff_slices(Algorithm::Patience, &old_tokens, &new_tokens);
    let mut raw: Vec<Piece> = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let old_part: String = old_tokens[old_range].concat();
        let new_part: String = new_tokens[new_range].concat();
        match tag {
            DiffTag::Equal => push(&mut raw, Op::Equal, old_part),
            DiffTag::Delete => push(&mut raw, Op::Delete, old_part),
            DiffTag::Insert => push(&mut raw, Op::Insert, new_part),
            DiffTag::Replace => {
                push(&mut raw, Op::Delete, old_part);
                push(&mut raw, Op::Insert, new_part);
            }
        }
    }
    WordDiff {
        pieces: absorb_lone_spaces(raw),
    }
}

/// Appends a piece, merging it into the previous one when the op is the same.
fn push(pieces: &mut Vec<Piece>, op: Op, text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = pieces.last_mut()
        && last.op == op
    {
        last.text.push_str(&text);
        return;
    }
    pieces.push(Piece { op, text });
}

/// Folds a whitespace-only `Equal` piece lying between two changes into both
/// sides of the change, so `[-table-] [-round-]` reads `[-table round-]`.
fn absorb_lone_spaces(pieces: Vec<Piece>) -> Vec<Piece> {
    // Group the pieces into runs: an Equal piece, or a change made of at most
    // one Delete and one Insert (in that order).
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let p = &pieces[i];
        let between_changes = p.op == Op::Equal
            && p.text.chars().all(char::is_whitespace)
            && i > 0
            && i + 1 < pieces.len()
            && pieces[i - 1].op != Op::Equal
            && pieces[i + 1].op != Op::Equal;
        if between_changes {
            // Pull the pending change (last one or two pieces of `out`) apart.
            let mut deleted = String::new();
            let mut inserted = String::new();
            while let Some(last) = out.last() {
                match last.op {
                    Op::Delete if deleted.is_empty() => {
                        deleted = out.pop().map(|p| p.text).unwrap_or_default()
                    }
                    Op::Insert if inserted.is_empty() && deleted.is_empty() => {
                        inserted = out.pop().map(|p| p.text).unwrap_or_default()
                    }
                    _ => break,
                }
            }
            deleted.push_str(&p.text);
            inserted.push_str(&p.text);
            push(&mut out, Op::Delete, deleted);
            push(&mut out, Op::Insert, inserted);
        } else if p.op == Op::Delete && out.last().is_some_and(|l| l.op == Op::Insert) {
            // Keep deletions before insertions within one change.
            let ins = out.pop().map(|p| p.text).unwrap_or_default();
            push(&mut out, Op::Delete, p.text.clone());
            push(&mut out, Op::Insert, ins);
        } else {
            push(&mut out, p.op, p.text.clone());
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn replaced_words_are_grouped_with_their_inner_space() {
        let d = diff(
            "Mistral closed a table round of 600 million.",
            "Mistral closed a funding round of 600 million.",
        );
        assert_eq!(
            d.to_plain(),
            "Mistral closed a [-table-]{+funding+} round of 600 million."
        );
        let d = diff("a table round here", "a funding tour here");
        assert_eq!(d.to_plain(), "a [-table round-]{+funding tour+} here");
    }

    #[test]
    fn punctuation_is_its_own_token() {
        let d = diff("It grew by 5%.", "It grew by 5 %!");
        assert_eq!(d.to_plain(), "It grew by 5{+ +}%[-.-]{+!+}");
    }

    #[test]
    fn equal_texts_have_one_equal_piece() {
        let d = diff("Same words.", "Same words.");
        assert!(d.is_unchanged());
        assert_eq!(d.pieces.len(), 1);
        assert!(diff("", "").pieces.is_empty());
    }

    #[test]
    fn pure_insertion_and_deletion() {
        assert_eq!(diff("", "new").to_plain(), "{+new+}");
        assert_eq!(diff("old", "").to_plain(), "[-old-]");
    }

    proptest! {
        #[test]
        fn pieces_rebuild_both_sides(old in "[a-cé ,.]{0,30}", new in "[a-cé ,.]{0,30}") {
            let d = diff(&old, &new);
            prop_assert_eq!(d.old_text(), old);
            prop_assert_eq!(d.new_text(), new);
            for w in d.pieces.windows(2) {
                prop_assert_ne!(w[0].op, w[1].op);
            }
            prop_assert!(d.pieces.iter().all(|p| !p.text.is_empty()));
        }
    }
}
