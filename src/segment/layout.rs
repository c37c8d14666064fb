//! Page layout before sentence rules: paragraphs, hard-wrapped lines, titles
//! and list items.
//!
//! A paragraph is a run of non-blank lines. Inside it, a single newline is
//! normally just a space (hard-wrapped text), except where the layout says
//! otherwise: a line starting with a list marker (`- `, `• `, `1. `, `a) `,
//! a dialogue dash) starts a new block, and a line that has no final
//! punctuation ends its block when it looks like a title (it is short, or it
//! stands alone before a capitalised line). A paragraph with no sentence
//! punctuation at all is a list of short lines: one block per line.
//!
//! The result is a sequence of blocks (byte ranges) in which the sentence
//! rules then look for boundaries.

/// What the layout needs to know about one line.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte offset of the first non-whitespace character.
    start: usize,
    /// Byte offset after the last non-whitespace character.
    end: usize,
    /// The line starts with a list marker (or a dialogue dash, a heading).
    list_item: bool,
    /// Its last character (closing quotes and brackets aside) ends a sentence.
    ends_sentence: bool,
    /// Its first character is a lower-case letter: a continuation.
    starts_lower: bool,
    /// It ends with a comma or a function word (`de`, `the`): the sentence
    /// goes on on the next line, whatever that line looks like.
    ends_open: bool,
}

impl Line {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// A line shorter than this (in bytes) is too short to be a hard-wrapped
/// line of prose: a list entry, a label.
const SHORT_LINE: usize = 40;
/// A line longer than this is a whole paragraph on one line, not a
/// hard-wrapped one.
const PARAGRAPH_LINE: usize = 200;

/// Calls `block(start, end)` for every block of `text`, in order. Blocks do
/// not overlap and together hold every non-whitespace character.
///
/// Lines end at `\n`, `\r\n` or a lone `\r` (old Mac files).
pub fn for_each_block(text: &str, mut block: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    let mut paragraph: Vec<Line> = Vec::new();
    let mut line_start = 0;
    while line_start <= bytes.len() {
        let (line_end, next_start) = match memchr::memchr2(b'\n', b'\r', &bytes[line_start..]) {
            None => (bytes.len(), bytes.len() + 1),
            Some(i) => {
                let at = line_start + i;
                let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
                (at, if crlf { at + 2 } else { at + 1 })
            }
        };
        match describe_line(text, line_start, line_end) {
            Some(line) => paragraph.push(line),
            None => {
                flush_paragraph(text, &paragraph, &mut block);
                paragraph.clear();
            }
        }
        line_start = next_start;
    }
    flush_paragraph(text, &paragraph, &mut block);
}

/// Splits one paragraph into blocks at the line breaks the layout decides.
fn flush_paragraph(text: &str, lines: &[Line], block: &mut impl FnMut(usize, usize)) {
    let Some(first) = lines.first() else { return };
    if lines.len() == 1 {
        block(first.start, first.end);
        return;
    }
    let widest = lines.iter().map(Line::len).max().unwrap_or(0);
    let mut block_start = first.start;
    let mut starts_sentence = true;
    for pair in lines.windows(2) {
        let (line, next) = (pair[0], pair[1]);
        let cut = if next.list_item {
            true
        } else if line.ends_sentence || line.ends_open {
            false
        } else {
            // A short tail (after the line's last sentence end) before a
            // short line without punctuation: entries of a list.
            let tail = tail_start(text, &line);
            let list_entries = line.len() < SHORT_LINE && is_bare(text, &next);
            if list_entries && tail > line.start {
                // `… in the city. features\ncontact manager`: the tail is
                // an entry of the list that follows, not part of the sentence.
                block(block_start, tail);
                block_start = tail;
            }
            list_entries
                || (!next.starts_lower
                    && (line.len() > PARAGRAPH_LINE
                        || line.len() * 10 < widest * 6
                        || (starts_sentence
                            && (line.len() < SHORT_LINE
                                || line.len() * 4 < widest * 3
                                || is_numbered_item(&text[tail..line.end])))))
        };
        if cut {
            block(block_start, line.end);
            block_start = next.start;
        }
        starts_sentence = cut || line.ends_sentence;
    }
    block(block_start, lines[lines.len() - 1].end);
}

/// Trims a line and reads its shape; `None` for a blank line.
fn describe_line(text: &str, start: usize, end: usize) -> Option<Line> {
    let raw = &text[start..end];
    let trimmed_start = raw.trim_start();
    if trimmed_start.is_empty() {
        return None;
    }
    let lead = raw.len() - trimmed_start.len();
    let body = trimmed_start.trim_end();
    let start = start + lead;
    let end = start + body.len();
    let marker = list_marker_len(body);
    let after_marker = body[marker..].trim_start();
    let last = body
        .trim_end_matches(|c: char| is_closing(c) || c.is_whitespace())
        .chars()
        .next_back();
    let last_word = body
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    Some(Line {
        start,
        end,
        list_item: marker > 0,
        ends_sentence: last.is_some_and(is_final_punctuation) && !after_marker.is_empty(),
        starts_lower: body.chars().next().is_some_and(char::is_lowercase),
        ends_open: body.ends_with([',', ';']) || FUNCTION_WORDS.contains(&last_word),
    })
}

/// Words a title or a sentence does not end with, in lower case: a line
/// ending with one of them is hard-wrapped.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "that", "the", "to",
    "with", "à", "au", "aux", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les",
    "ou", "par", "pour", "que", "qui", "sur", "un", "une",
];

/// A list entry with a number, a letter or a bullet (not a dash, which
/// may open a line of dialogue that wraps like prose).
fn is_numbered_item(text: &str) -> bool {
    let text = text.trim_start();
    list_marker_len(text) > 0 && !text.starts_with(['-', '–', '—', '*', '#'])
}

/// Offset of what follows the last sentence end of the line (its start if
/// there is none).
fn tail_start(text: &str, line: &Line) -> usize {
    let body = &text[line.start..line.end];
    let marker = list_marker_len(body);
    let mut tail = 0;
    let mut chars = body[marker..].char_indices().peekable();
    let mut word_len = 0;
    while let Some((k, c)) = chars.next() {
        // A period after a single letter or digit (`c.`, an initial) is
        // not taken for a sentence end here.
        let ends = is_final_punctuation(c) && (c != '.' || word_len >= 2);
        if ends && chars.peek().is_some_and(|(_, n)| n.is_whitespace()) {
            tail = marker + k + c.len_utf8();
        }
        word_len = if c.is_alphanumeric() { word_len + 1 } else { 0 };
    }
    line.start + tail
}

/// A short line with no sentence punctuation (list marker aside).
fn is_bare(text: &str, line: &Line) -> bool {
    let body = &text[line.start..line.end];
    line.len() < SHORT_LINE && !body[list_marker_len(body)..].contains(is_final_punctuation)
}

/// Sentence-final punctuation, full-width forms included.
pub fn is_final_punctuation(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '．' | '？' | '！' | '。')
}

/// Closing quotes and brackets that may follow a sentence end.
pub fn is_closing(c: char) -> bool {
    matches!(c, '»' | '”' | '’' | '"' | '\'' | ')' | ']' | '›')
}

/// Byte length of a list marker at the start of `line` (0 if none): bullets
/// and dashes followed by a space, `1.` `1)` `1.)` `(a)` `a)` `iv)` `a.`
/// followed by a space, and Markdown headings.
pub fn list_marker_len(line: &str) -> usize {
    let mut chars = line.char_indices();
    let Some((_, first)) = chars.next() else {
        return 0;
    };
    let followed_by_space = |at: usize| line[at..].chars().next().is_some_and(char::is_whitespace);
    match first {
        '•' | '⁃' | '▪' | '‣' | '◦' | '·' => return first.len_utf8(),
        '-' | '–' | '—' | '*' | '#' if followed_by_space(first.len_utf8()) => {
            return first.len_utf8();
        }
        _ => {}
    }
    let b = line.as_bytes();
    if first == '(' {
        let inner = b[1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if (1..=4).contains(&inner)
            && b.get(1 + inner) == Some(&b')')
            && followed_by_space(inner + 2)
        {
            return inner + 2;
        }
        return 0;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        for end in [".)", ")", "."] {
            if rest.starts_with(end) && followed_by_space(digits + end.len()) {
                return digits + end.len();
            }
        }
        return 0;
    }
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if letters == 0 {
        return 0;
    }
    let token = &line[..letters];
    let roman = token.bytes().all(|c| b"ivxlcIVXLC".contains(&c));
    if (letters == 1 || (roman && letters <= 4)) && line[letters..].starts_with(')') {
        if followed_by_space(letters + 1) {
            return letters + 1;
        }
        return 0;
    }
    if letters == 1 && b[0].is_ascii_lowercase() {
        for end in [".)", "."] {
            if line[1..].starts_with(end) && followed_by_space(1 + end.len()) {
                return 1 + end.len();
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_block(text, |s, e| out.push(&text[s..e]));
        out
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        assert_eq!(
            blocks("This is a sentence\ncut off in the middle.\n"),
            vec!["This is a sentence\ncut off in the middle."]
        );
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(blocks("One.\n\n  \nTwo."), vec!["One.", "Two."]);
    }

    #[test]
    fn list_items_and_titles_are_blocks() {
        assert_eq!(
            blocks("Les objectifs :\n- réduire les coûts ;\n- améliorer.\nFin."),
            vec![
                "Les objectifs :",
                "- réduire les coûts ;",
                "- améliorer.\nFin."
            ]
        );
        assert_eq!(
            blocks("Résultats du premier trimestre\nLe chiffre progresse de 4 %."),
            vec![
                "Résultats du premier trimestre",
                "Le chiffre progresse de 4 %."
            ]
        );
    }

    #[test]
    fn lines_without_punctuation_are_a_list() {
        assert_eq!(
            blocks("features\ncontact manager\nevents, activities\n"),
            vec!["features", "contact manager", "events, activities"]
        );
    }

    /// Greedy word wrap at `width` bytes, as `fold -s` does.
    fn wrap(text: &str, width: usize) -> String {
        let mut out = String::new();
        let mut line_len = 0;
        for word in text.split(' ') {
            if line_len > 0 && line_len + 1 + word.len() > width {
                out.push('\n');
                line_len = 0;
            } else if line_len > 0 {
                out.push(' ');
                line_len += 1;
            }
            out.push_str(word);
            line_len += word.len();
        }
        out
    }

    #[test]
    fn hard_wrapping_does_not_change_the_sentences() {
        use crate::document::one_line;
        use crate::lang::Lang;
        use crate::segment::{SegmentOptions, segment};
        let text = "Le comité de direction de la Société nationale des chemins de fer \
            a présenté mardi son rapport annuel. M. Dupont, président depuis 2019, \
            a rappelé que le chiffre d'affaires avait progressé de 3,5 % en un an, \
            soit 12 500 millions d'euros. Selon lui, la hausse des prix de l'énergie \
            pèsera sur les comptes de Paris, de Lyon et de Marseille jusqu'en 2026. \
            Les syndicats, reçus par Mme Martin au ministère, demandent une \
            revalorisation des salaires. « Nous ne céderons pas », a-t-elle répondu.";
        let sentences = |t: &str| -> Vec<String> {
            segment(t, Lang::FR, &SegmentOptions::default())
                .into_iter()
                .map(|(s, e)| one_line(&t[s..e]))
                .collect()
        };
        let expected = sentences(text);
        assert_eq!(expected.len(), 5, "{expected:#?}");
        for width in [60, 66, 72, 80] {
            assert_eq!(sentences(&wrap(text, width)), expected, "width {width}");
        }
    }

    #[test]
    fn list_markers() {
        assert_eq!(list_marker_len("- item"), 1);
        assert_eq!(list_marker_len("— Oui, dit-il."), "—".len());
        assert_eq!(list_marker_len("12. Item"), 3);
        assert_eq!(list_marker_len("1.) Item"), 3);
        assert_eq!(list_marker_len("(iv) Item"), 4);
        assert_eq!(list_marker_len("iv) Item"), 3);
        assert_eq!(list_marker_len("d. Item"), 2);
        assert_eq!(list_marker_len("M. Dupont"), 0);
        assert_eq!(list_marker_len("2023. Il"), 0);
        assert_eq!(list_marker_len("-5 degrés"), 0);
    }
}
