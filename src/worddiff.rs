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
    if text.is_ascii() {
        return ascii_word_bounds(text);
    }
    text.split_word_bounds().collect()
}

/// The UAX #29 word-break classes an ASCII character can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    MidLetter,
    MidNum,
    MidNumLet,
    SingleQuote,
    ExtendNumLet,
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'\r' => Class::Cr,
        b'\n' => Class::Lf,
        0x0b | 0x0c => Class::Newline,
        b' ' => Class::Space,
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Numeric,
        b':' => Class::MidLetter,
        b',' | b';' => Class::MidNum,
        b'.' => Class::MidNumLet,
        b'\'' => Class::SingleQuote,
        b'_' => Class::ExtendNumLet,
        _ => Class::Other,
    }
}

/// [`UnicodeSegmentation::split_word_bounds`] for ASCII text, which has none
/// of the classes that need the rules' long look-arounds (Extend, Format,
/// ZWJ, regional indicators, Hebrew, Katakana): each boundary is decided by
/// at most two characters on either side. A fix's word diff tokenises its
/// sentence twice, and the generic tables were most of that diff's time on
/// English targets. Tests hold it to `split_word_bounds`.
fn ascii_word_bounds(text: &str) -> Vec<&str> {
    use Class::*;
    let classes: Vec<Class> = text.bytes().map(class).collect();
    let at = |i: usize| classes.get(i).copied();
    let mid_letter = |c: Class| matches!(c, MidLetter | MidNumLet | SingleQuote);
    let mid_num = |c: Class| matches!(c, MidNum | MidNumLet | SingleQuote);
    let joined = |i: usize| {
        let (a, b) = (classes[i - 1], classes[i]);
        match (a, b) {
            (Cr, Lf) => true,
            (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,
            (Space, Space) => true,
            (Letter | Numeric, Letter | Numeric) => true,
            (Letter, m) if mid_letter(m) => at(i + 1) == Some(Letter),
            (m, Letter) if mid_letter(m) => i >= 2 && classes[i - 2] == Letter,
            (Numeric, m) if mid_num(m) => at(i + 1) == Some(Numeric),
            (m, Numeric) if mid_num(m) => i >= 2 && classes[i - 2] == Numeric,
            (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
            (ExtendNumLet, Letter | Numeric) => true,
            _ => false,
        }
    };
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let mut start = 0;
    for i in 1..text.len() {
        if !joined(i) {
            out.push(&text[start..i]);
            start = i;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
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
        pieces: semantic_cleanup(raw),
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

/// A run of the diff while cleaning up: unchanged text, or one change made of
/// what was deleted and what was inserted in its place.
enum Run {
    Same(String),
    Change(String, String),
}

/// Folds small unchanged runs squeezed between two changes into them (the
/// "semantic cleanup" rule of diff-match-patch: an equality no longer than the
/// edits on both sides is noise), so `[-table-] [-round-]` reads
/// `[-table round-]` and a rewritten sentence reads as one replacement rather
/// than confetti around every "the".
fn semantic_cleanup(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut runs: Vec<Run> = Vec::new();
    for p in pieces {
        match (p.op, runs.last_mut()) {
            (Op::Equal, _) => runs.push(Run::Same(p.text)),
            (Op::Delete, Some(Run::Change(del, _))) => del.push_str(&p.text),
            (Op::Insert, Some(Run::Change(_, ins))) => ins.push_str(&p.text),
            (Op::Delete, _) => runs.push(Run::Change(p.text, String::new())),
            (Op::Insert, _) => runs.push(Run::Change(String::new(), p.text)),
        }
    }
    let size = |run: &Run| match run {
        Run::Same(t) => t.chars().count(),
        Run::Change(d, i) => d.chars().count().max(i.chars().count()),
    };
    let mut i = 1;
    while i + 1 < runs.len() {
        let squeezed = matches!(
            (&runs[i - 1], &runs[i], &runs[i + 1]),
            (Run::Change(..), Run::Same(_), Run::Change(..))
        ) && size(&runs[i]) <= size(&runs[i - 1])
            && size(&runs[i]) <= size(&runs[i + 1]);
        if !squeezed {
            i += 1;
            continue;
        }
        let next = runs.remove(i + 1);
        let same = runs.remove(i);
        if let (Run::Change(del, ins), Run::Same(t), Run::Change(next_del, next_ins)) =
            (&mut runs[i - 1], same, next)
        {
            del.push_str(&t);
            del.push_str(&next_del);
            ins.push_str(&t);
            ins.push_str(&next_ins);
        }
        // The grown change may now swallow the equality before it.
        i = i.saturating_sub(2).max(1);
    }
    let mut out = Vec::with_capacity(runs.len() * 2);
    for run in runs {
        match run {
            Run::Same(t) => push(&mut out, Op::Equal, t),
            Run::Change(d, i) => {
                push(&mut out, Op::Delete, d);
                push(&mut out, Op::Insert, i);
            }
        }
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
        assert_eq!(d.to_plain(), "It grew by 5[-%.-]{+ %!+}");
    }

    #[test]
    fn rewritten_stretches_read_as_one_replacement() {
        let d = diff(
            "its own champion in generative IA, one able",
            "its own generative AI champion, one able",
        );
        assert_eq!(
            d.to_plain(),
            "its own [-champion in generative IA-]{+generative AI champion+}, one able"
        );
        // A long shared stretch between two edits stays shared.
        let d = diff(
            "A table round of 600 million euros in June 2022.",
            "A funding round of 600 million euros in June 2023.",
        );
        assert_eq!(
            d.to_plain(),
            "A [-table-]{+funding+} round of 600 million euros in June [-2022-]{+2023+}."
        );
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

    /// Prevents: an ASCII boundary the fast tokeniser decides otherwise than
    /// UAX #29 (a class or a rule wrong): every ASCII string of two and three
    /// characters, and four-character strings over one character per class.
    #[test]
    fn ascii_tokens_are_the_unicode_word_bounds() {
        let check = |s: &str| {
            let expected: Vec<&str> = s.split_word_bounds().collect();
            assert_eq!(ascii_word_bounds(s), expected, "{s:?}");
        };
        let ascii: Vec<char> = (0u8..128).map(char::from).collect();
        for &a in &ascii {
            for &b in &ascii {
                check(&format!("{a}{b}"));
                for c in ['a', '1', '.', ':', ',', '\'', '_', ' ', '\r', '\n', '-'] {
                    check(&format!("{a}{b}{c}"));
                    check(&format!("{c}{a}{b}"));
                }
            }
        }
        let reps = [
            'a', 'Z', '7', ':', ',', ';', '.', '\'', '_', ' ', '\r', '\n', '\x0b', '"', '-',
        ];
        for &a in &reps {
            for &b in &reps {
                for &c in &reps {
                    for &d in &reps {
                        check(&format!("{a}{b}{c}{d}"));
                    }
                }
            }
        }
        check("");
    }

    proptest! {
        // Prevents: a longer ASCII text tokenised otherwise than UAX #29.
        #[test]
        fn ascii_sentences_split_as_unicode_does(s in "[a-c0-9 .,:;'_\"\r\n-]{0,40}") {
            let expected: Vec<&str> = s.split_word_bounds().collect();
            prop_assert_eq!(ascii_word_bounds(&s), expected);
        }

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
