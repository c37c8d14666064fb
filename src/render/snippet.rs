//! Sentences shown in a terminal with words underlined: the segment is put on
//! one line (whitespace runs collapsed), wrapped at a fixed width, and each
//! marked byte span of the document becomes a run of `^` under its words.

use super::worddiff::{Op, WordDiff};
use super::{Painter, styles};
use crate::document::Document;
use anstyle::Style;
use std::io::{self, Write};
use std::ops::Range;

/// A span of the document to underline, with the colour of its severity.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Byte span in the document.
    pub bytes: Range<usize>,
    /// How to paint it.
    pub style: Style,
}

/// A sentence ready to print: its one-line text and the character ranges of
/// the marks in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// The text with whitespace runs collapsed to one space, trimmed.
    pub text: String,
    /// Character ranges in `text` to underline, with their style.
    pub marks: Vec<(Range<usize>, Style)>,
}

impl Snippet {
    /// Builds the snippet of bytes `range` of `doc`, keeping the marks that
    /// fall inside it (clipped to it).
    pub fn new(doc: &Document, range: Range<usize>, marks: &[Mark]) -> Snippet {
        let slice = &doc.text[range.clone()];
        let mut text = String::with_capacity(slice.len());
        // Characters of `text` so far, and for each mark the first and last
        // character whose document byte falls inside it. The bytes behind
        // `text` only grow, so each mark covers one run of characters.
        let mut count = 0usize;
        let mut found: Vec<Option<(usize, usize)>> = vec![None; marks.len()];
        // Notes that the `n` one-byte characters from document byte `at` are
        // characters `count..count + n` of `text` (`n` is 1 for any other
        // character: its first byte places it).
        let mut note = |at: usize, n: usize, count: usize| {
            for (m, f) in marks.iter().zip(found.iter_mut()) {
                let lo = m.bytes.start.max(at);
                let hi = m.bytes.end.min(at + n);
                if lo < hi {
                    let first = f.map_or(count + (lo - at), |(first, _)| first);
                    *f = Some((first, count + (hi - 1 - at)));
                }
            }
        };
        let mut pending_space: Option<usize> = None;
        let bytes = slice.as_bytes();
        let mut offset = 0;
        while offset < bytes.len() {
            let at = range.start + offset;
            // A run of printable ASCII (no space, nothing to show otherwise)
            // is copied and marked whole: one byte is one character there.
            let run = bytes[offset..]
                .iter()
                .take_while(|b| (0x21..0x7f).contains(*b))
                .count();
            // Any other character is read one at a time.
            let c = (run == 0).then(|| slice[offset..].chars().next().expect("a character"));
            if let Some(c) = c
                && c.is_whitespace()
            {
                if !text.is_empty() && pending_space.is_none() {
                    pending_space = Some(at);
                }
                offset += c.len_utf8();
                continue;
            }
            if let Some(space_at) = pending_space.take() {
                text.push(' ');
                note(space_at, 1, count);
                count += 1;
            }
            let Some(c) = c else {
                text.push_str(&slice[offset..offset + run]);
                note(at, run, count);
                count += run;
                offset += run;
                continue;
            };
            offset += c.len_utf8();
            // A control character is shown as `\u{1b}` / `⟨U+202E⟩`: each of
            // its visible characters maps back to it, so carets stay under it.
            match super::sanitize::visible(c) {
                Some(shown) => {
                    for v in shown.chars() {
                        text.push(v);
                        note(at, 1, count);
                        count += 1;
                    }
                }
                None => {
                    text.push(c);
                    note(at, 1, count);
                    count += 1;
                }
            }
        }
        let marks = marks
            .iter()
            .zip(found)
            .filter_map(|(m, f)| f.map(|(first, last)| (first..last + 1, m.style)))
            .collect();
        Snippet { text, marks }
    }

    /// Splits `text` into lines of at most `width` characters, breaking at
    /// spaces (a longer word gets a line of its own): character ranges.
    pub fn wrap(&self, width: usize) -> Vec<Range<usize>> {
        let chars: Vec<char> = self.text.chars().collect();
        wrap_chars(&chars, width)
    }

    /// Prints the snippet as gutter + text lines, each followed by a caret
    /// line when a mark falls on it. `label` goes in the gutter of the first
    /// line; `gutter` is the gutter's width.
    pub fn write(
        &self,
        w: &mut dyn Write,
        label: &str,
        gutter: usize,
        paint: Painter,
    ) -> io::Result<()> {
        let chars: Vec<char> = self.text.chars().collect();
        // Byte offset in `text` of each character (and of the end).
        let mut byte_at: Vec<usize> = Vec::with_capacity(chars.len() + 1);
        byte_at.extend(self.text.char_indices().map(|(b, _)| b));
        byte_at.push(self.text.len());
        let mut text = String::new();
        let mut carets = String::new();
        for (n, line) in wrap_chars(&chars, super::WRAP_WIDTH)
            .into_iter()
            .enumerate()
        {
            let label = if n == 0 { label } else { "" };
            text.clear();
            carets.clear();
            // Runs of characters sharing one style (or none), painted once:
            // the style can only change where a mark starts or ends.
            let mut cuts: Vec<usize> = vec![line.start, line.end];
            for (r, _) in &self.marks {
                cuts.extend([r.start, r.end].into_iter().filter(|c| line.contains(c)));
            }
            cuts.sort_unstable();
            cuts.dedup();
            let style_at = |i: usize| self.marks.iter().find(|(r, _)| r.contains(&i)).map(|m| m.1);
            let mut caret_end = line.start;
            let mut run_start = line.start;
            let mut run_style = style_at(line.start);
            for &at in &cuts[1..] {
                let style = if at < line.end { style_at(at) } else { None };
                if at < line.end && style == run_style {
                    continue;
                }
                let run = &self.text[byte_at[run_start]..byte_at[at]];
                match run_style {
                    Some(style) if at > run_start => {
                        text.push_str(&paint.paint(style, run));
                        carets.push_str(&" ".repeat(run_start - caret_end));
                        carets.push_str(&paint.paint(style, &"^".repeat(at - run_start)));
                        caret_end = at;
                    }
                    _ => text.push_str(run),
                }
                run_start = at;
                run_style = style;
            }
            writeln!(
                w,
                "{} {} {}",
                paint.paint(styles::GUTTER, &format!("{label:>gutter$}")),
                paint.paint(styles::GUTTER, "|"),
                text
            )?;
            if !carets.is_empty() {
                writeln!(
                    w,
                    "{} {} {}",
                    " ".repeat(gutter),
                    paint.paint(styles::GUTTER, "|"),
                    carets
                )?;
            }
        }
        Ok(())
    }
}

/// [`Snippet::wrap`] of its characters.
fn wrap_chars(chars: &[char], width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        if chars.len() - start <= width {
            lines.push(start..chars.len());
            break;
        }
        let limit = start + width;
        let cut = (start + 1..=limit)
            .rev()
            .find(|&i| chars[i] == ' ')
            .unwrap_or_else(|| {
                (limit..chars.len())
                    .find(|&i| chars[i] == ' ')
                    .unwrap_or(chars.len())
            });
        lines.push(start..cut);
        start = cut + 1;
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

/// Prints a word diff wrapped like a snippet: `label | text` lines, with
/// deletions and insertions painted (or bracketed `[-…-]{+…+}` without colour).
pub fn write_diff(
    w: &mut dyn Write,
    label: &str,
    gutter: usize,
    diff: &WordDiff,
    paint: Painter,
) -> io::Result<()> {
    // Each displayed character with the op it belongs to; the plain-text
    // markers count as ordinary text so that wrapping sees them.
    let mut chars: Vec<(char, Op)> = Vec::new();
    for piece in &diff.pieces {
        let (open, close) = match (piece.op, paint.color) {
            (Op::Delete, false) => ("[-", "-]"),
            (Op::Insert, false) => ("{+", "+}"),
            _ => ("", ""),
        };
        chars.extend(open.chars().map(|c| (c, Op::Equal)));
        for c in piece.text.chars() {
            if c.is_whitespace() {
                chars.push((' ', piece.op));
            } else if let Some(shown) = super::sanitize::visible(c) {
                chars.extend(shown.chars().map(|v| (v, piece.op)));
            } else {
                chars.push((c, piece.op));
            }
        }
        chars.extend(close.chars().map(|c| (c, Op::Equal)));
    }
    let text: String = chars.iter().map(|(c, _)| *c).collect();
    let lines = Snippet {
        text,
        marks: Vec::new(),
    }
    .wrap(super::WRAP_WIDTH);
    for (n, line) in lines.into_iter().enumerate() {
        let mut out = String::new();
        let mut run = String::new();
        let mut run_op = Op::Equal;
        for &(c, op) in &chars[line] {
            if op != run_op && !run.is_empty() {
                out.push_str(&paint_run(&run, run_op, paint));
                run.clear();
            }
            run_op = op;
            run.push(c);
        }
        out.push_str(&paint_run(&run, run_op, paint));
        writeln!(
            w,
            "{} {} {}",
            paint.paint(
                styles::GUTTER,
                &format!("{:>gutter$}", if n == 0 { label } else { "" })
            ),
            paint.paint(styles::GUTTER, "|"),
            out
        )?;
    }
    Ok(())
}

fn paint_run(text: &str, op: Op, paint: Painter) -> String {
    match op {
        Op::Equal => text.to_string(),
        Op::Delete => paint.paint(styles::DELETE, text),
        Op::Insert => paint.paint(styles::INSERT, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn render(s: &Snippet) -> String {
        let mut out = Vec::new();
        s.write(&mut out, "en 3", 5, Painter { color: false })
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn marks_follow_collapsed_whitespace() {
        let text = "x  They closed\n  a table round.";
        let doc = Document::new("t".into(), text.into(), Lang::EN, &[(3, text.len())]);
        let start = text.find("table").unwrap();
        let s = Snippet::new(
            &doc,
            3..text.len(),
            &[Mark {
                bytes: start..start + "table round".len(),
                style: styles::ERROR,
            }],
        );
        assert_eq!(s.text, "They closed a table round.");
        assert_eq!(
            render(&s),
            " en 3 | They closed a table round.\n      |               ^^^^^^^^^^^\n"
        );
    }

    #[test]
    fn marks_outside_the_range_are_dropped() {
        let text = "One. Two.";
        let doc = Document::new("t".into(), text.into(), Lang::EN, &[(0, 4), (5, 9)]);
        let s = Snippet::new(
            &doc,
            0..4,
            &[Mark {
                bytes: 5..8,
                style: styles::ERROR,
            }],
        );
        assert!(s.marks.is_empty());
        assert_eq!(render(&s), " en 3 | One.\n");
    }

    #[test]
    fn long_sentences_wrap_at_spaces_and_carets_follow() {
        let word = "word ".repeat(30);
        let text = format!("{word}target end");
        let doc = Document::new("t".into(), text.clone(), Lang::EN, &[(0, text.len())]);
        let start = text.find("target").unwrap();
        let s = Snippet::new(
            &doc,
            0..text.len(),
            &[Mark {
                bytes: start..start + 6,
                style: styles::ERROR,
            }],
        );
        let lines = s.wrap(super::super::WRAP_WIDTH);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.len() <= super::super::WRAP_WIDTH));
        let out = render(&s);
        assert!(
            out.ends_with(&format!("| {}^^^^^^\n", " ".repeat(50))),
            "{out}"
        );
    }

    #[test]
    fn long_diffs_wrap_and_keep_their_markers() {
        let old = format!("{}table round.", "word ".repeat(25));
        let new = format!("{}funding round.", "word ".repeat(25));
        let diff = crate::render::worddiff::diff(&old, &new);
        let mut out = Vec::new();
        write_diff(&mut out, "fix", 5, &diff, Painter { color: false }).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.starts_with("  fix | word"));
        assert!(out.lines().nth(1).unwrap().starts_with("      | "));
        let rejoined: String = out.lines().map(|l| &l[8..]).collect::<Vec<_>>().join(" ");
        assert_eq!(rejoined, diff.to_plain());
    }
}
