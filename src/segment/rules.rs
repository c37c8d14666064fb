//! Sentence boundaries inside one block (a paragraph, a title, a list item).
//!
//! Two passes over the bytes of the block, both table-driven so that the
//! segmenter runs at hundreds of MB/s:
//! 1. structure: quotations and brackets that close within the block
//!    (no boundary inside `« … »`, `“ … ”`, `( … )`), and inline list
//!    markers (`1. … 2. …`, `a) … b) …`, `• … •`);
//! 2. candidates: every `.` `?` `!` `…` (and full-width forms). Each is
//!    decided by the few characters around it: the word before it (an
//!    abbreviation, an initial, an acronym, a number?), what follows it
//!    (closing quotes and footnote marks are absorbed into the sentence), and
//!    the next word (lower case, capitalised, a digit, an opening quote?).

use super::abbreviations::{AbbrevKind, Abbreviations, is_sentence_starter};
use super::layout::is_final_punctuation;

/// A quotation or bracket longer than this (in bytes) does not protect what
/// it holds: long quotations hold whole sentences and a stray quote mark
/// must not swallow a paragraph.
const MAX_PROTECTED: usize = 600;

/// The language-dependent part of the rules.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Abbreviation table (built-in for the language plus the user's).
    pub abbreviations: Abbreviations,
    /// French: a period after a plain word ends a sentence even before a
    /// lower-case word (`Je suis Chris. comment`).
    pub french: bool,
    /// English: `I.` after a lower-case word is the pronoun, not an initial.
    pub english: bool,
}

/// An inline list marker found in the structure pass.
#[derive(Debug, Clone, Copy)]
struct Marker {
    /// Where the marker starts (the cut goes there).
    start: usize,
    /// The period of `1.` / `a.` that is not a sentence end.
    dot: Option<usize>,
    /// Style: which family of markers it belongs to.
    style: u8,
    /// Its rank in the family (1 for `1`, `a`; 0 for bullets).
    value: u32,
    /// A keeper: part of a sequence, or at the start of the block.
    accepted: bool,
}

const STYLE_BULLET: u8 = 0;

/// What follows a candidate, after whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// End of the block.
    End,
    /// A lower-case letter.
    Lower,
    /// An upper-case letter (the word starts at this offset).
    Upper(usize),
    /// A digit.
    Digit,
    /// An opening quote or bracket (the char is kept).
    Open(char),
    /// A comma, a closing bracket, a period: the sentence goes on.
    Continuation,
    /// Any other symbol (currency, bullet, dash before a capital).
    Other,
}

/// Finds the boundaries of the block `[start, end)` of `text` and pushes the
/// trimmed sentence spans to `out`.
pub fn split_block(
    text: &str,
    start: usize,
    end: usize,
    rules: &Rules,
    scratch: &mut Scratch,
    out: &mut Vec<(usize, usize)>,
) {
    structure(text, start, end, scratch);
    let Scratch {
        ranges,
        markers,
        interrupted,
        cuts,
        active,
        ..
    } = scratch;
    resolve_markers(markers, start);
    ranges.sort_unstable_by_key(|r| r.0);
    cuts.clear();
    find_cuts(text, (start, end), rules, ranges, markers, active, cuts);
    for &at in interrupted.iter() {
        let capital_next = matches!(next_token(text, at, end).0, Next::Upper(_));
        // Only ranges opened less than MAX_PROTECTED bytes before can cover
        // `at`: a bounded look-up in the sorted list.
        let lo = ranges.partition_point(|r| r.0 + MAX_PROTECTED < at);
        let hi = ranges.partition_point(|r| r.0 < at);
        let protected = ranges[lo..hi].iter().any(|r| r.1 >= at);
        if capital_next && !protected {
            cuts.push(at);
        }
    }
    let marker_cuts = markers
        .iter()
        .filter(|m| m.accepted && m.start > start)
        .map(|m| m.start);
    cuts.extend(marker_cuts);
    cuts.sort_unstable();
    let mut from = start;
    for &cut in cuts.iter() {
        if cut > from {
            push_trimmed(text, from, cut, out);
            from = cut;
        }
    }
    push_trimmed(text, from, end, out);
}

/// Buffers reused from block to block, so that a block costs no allocation.
#[derive(Debug, Default)]
pub struct Scratch {
    stack: Vec<(Quote, usize)>,
    ranges: Vec<(usize, usize)>,
    markers: Vec<Marker>,
    interrupted: Vec<usize>,
    cuts: Vec<usize>,
    active: Vec<(usize, usize)>,
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    if let Some(span) = super::trim_span(text, start, end) {
        out.push(span);
    }
}

/// Byte classes for the structure pass.
static STRUCTURE_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let interesting = b"()[]\"'.`";
    let mut i = 0;
    while i < interesting.len() {
        t[interesting[i] as usize] = true;
        i += 1;
    }
    t[0xC2] = true; // « »
    t[0xE2] = true; // “ ” ‘ ’ • ⁃
    t
};

/// Byte classes for the candidate pass.
static CANDIDATE_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    t[0xE2] = true; // …
    t[0xE3] = true; // 。
    t[0xEF] = true; // ．？！
    t
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    Guillemet,
    CurlyDouble,
    CurlySingle,
    StraightDouble,
    StraightSingle,
    Paren,
    Bracket,
}

/// Pass 1: protected ranges `(opener, closer)` and list markers.
fn structure(text: &str, start: usize, end: usize, scratch: &mut Scratch) {
    let bytes = &text.as_bytes()[..end];
    let Scratch {
        stack,
        ranges,
        markers,
        interrupted,
        ..
    } = scratch;
    stack.clear();
    ranges.clear();
    markers.clear();
    interrupted.clear();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if !STRUCTURE_BYTES[b as usize] {
            i = super::next_marked(bytes, i + 1, &STRUCTURE_BYTES);
            continue;
        }
        let c = char_at(text, i);
        let len = c.len_utf8();
        match c {
            '(' => stack.push((Quote::Paren, i)),
            '[' => stack.push((Quote::Bracket, i)),
            '«' => stack.push((Quote::Guillemet, i)),
            '“' => stack.push((Quote::CurlyDouble, i)),
            '‘' | '`' => stack.push((Quote::CurlySingle, i)),
            ')' => {
                close(stack, ranges, Quote::Paren, i);
                marker_before(text, start, i, markers);
            }
            ']' => close(stack, ranges, Quote::Bracket, i),
            '»' => close(stack, ranges, Quote::Guillemet, i),
            '”' => close(stack, ranges, Quote::CurlyDouble, i),
            '"' | '\'' | '’' => {
                let prev = prev_char(text, start, i);
                let next = next_char(text, i + len, end);
                let apostrophe = c != '"'
                    && prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                if !apostrophe {
                    let closer_shape = prev.is_some_and(|p| !p.is_whitespace())
                        && !next.is_some_and(char::is_alphanumeric);
                    let opener_shape = next.is_some_and(|n| !n.is_whitespace())
                        && prev.is_none_or(|p| p.is_whitespace() || is_opening(p));
                    let (kinds, own): (&[Quote], Quote) = match c {
                        '"' => (&[Quote::StraightDouble], Quote::StraightDouble),
                        '\'' => (
                            &[Quote::StraightSingle, Quote::CurlySingle],
                            Quote::StraightSingle,
                        ),
                        _ => (
                            &[Quote::CurlySingle, Quote::StraightSingle],
                            Quote::CurlySingle,
                        ),
                    };
                    let open = stack.iter().rposition(|(q, _)| kinds.contains(q));
                    if let (true, Some(k)) = (closer_shape, open) {
                        let opener = stack[k].1;
                        if i - opener <= MAX_PROTECTED {
                            ranges.push((opener, i));
                        }
                        stack.truncate(k);
                    } else if opener_shape && c != '’' {
                        stack.push((own, i));
                    }
                }
            }
            '•' | '⁃' => {
                let at_word_start = prev_char(text, start, i).is_none_or(char::is_whitespace);
                if at_word_start {
                    markers.push(Marker {
                        start: i,
                        dot: None,
                        style: STYLE_BULLET,
                        value: 0,
                        accepted: false,
                    });
                }
            }
            '.' => marker_before(text, start, i, markers),
            _ => {}
        }
        if matches!(c, '"' | '”' | '»' | '\'' | '’')
            && ranges.last().is_some_and(|r| r.1 == i)
            && (text[start..i].ends_with("--") || text[start..i].ends_with(['—', '–']))
        {
            interrupted.push(i + len);
        }
        if stack.len() > 64 {
            stack.clear();
        }
        i += len;
    }
}

/// Closes the innermost open `kind`, recording its range.
fn close(
    stack: &mut Vec<(Quote, usize)>,
    ranges: &mut Vec<(usize, usize)>,
    kind: Quote,
    at: usize,
) {
    if let Some(k) = stack.iter().rposition(|(q, _)| *q == kind) {
        let opener = stack[k].1;
        if at - opener <= MAX_PROTECTED {
            ranges.push((opener, at));
        }
        stack.truncate(k);
    }
}

/// Records a list marker ending at `at` (a `.` or `)`) if the token before
/// it is one or two digits or a single letter standing alone.
fn marker_before(text: &str, block_start: usize, at: usize, markers: &mut Vec<Marker>) {
    let bytes = text.as_bytes();
    let mut t = at;
    while t > block_start && bytes[t - 1].is_ascii_alphanumeric() && at - t <= 2 {
        t -= 1;
    }
    if t == at || at - t > 2 {
        return;
    }
    // The token must stand alone: start of block, after whitespace, `(`, or
    // a bullet.
    let before = prev_char(text, block_start, t);
    if !before.is_none_or(|c| c.is_whitespace() || matches!(c, '•' | '⁃' | '(')) {
        return;
    }
    let token = &text[t..at];
    let closing = bytes[at];
    let paren_after_dot = closing == b'.' && bytes.get(at + 1) == Some(&b')');
    let marker_end = if paren_after_dot { at + 2 } else { at + 1 };
    if !next_char(text, marker_end, text.len()).is_some_and(char::is_whitespace) {
        return;
    }
    let (family, value) = if token.bytes().all(|c| c.is_ascii_digit()) {
        (1, token.parse::<u32>().unwrap_or(0))
    } else if token.len() == 1 {
        let c = token.as_bytes()[0];
        if c.is_ascii_lowercase() {
            (2, u32::from(c - b'a') + 1)
        } else if closing == b')' {
            (3, u32::from(c - b'A') + 1)
        } else {
            // `John A. Smith … Jane B. Smith`: capitals with a period are
            // initials, not list markers.
            return;
        }
    } else {
        return;
    };
    let shape = if paren_after_dot {
        0
    } else if closing == b')' {
        1
    } else {
        2
    };
    if family == 1 && shape == 2 {
        // `1. The first item`: a numbered item starts with a capital.
        let next = text[marker_end..].trim_start().chars().next();
        if !next.is_some_and(char::is_uppercase) {
            return;
        }
    }
    let start = if before == Some('(') { t - 1 } else { t };
    // `• 9.`: the cut goes before the bullet.
    let before_spaces = text[block_start..start].trim_end_matches([' ', '\u{a0}', '\t']);
    let start = match before_spaces.chars().next_back() {
        Some(c @ ('•' | '⁃')) => block_start + before_spaces.len() - c.len_utf8(),
        _ => start,
    };
    markers.push(Marker {
        start,
        dot: (closing == b'.').then_some(at),
        style: 1 + family * 3 + shape,
        value,
        accepted: false,
    });
}

/// Keeps markers that form a sequence (`1. … 2.`, `a) … b)`), two bullets or
/// more, and any marker that opens the block.
fn resolve_markers(markers: &mut [Marker], block_start: usize) {
    let bullets = markers.iter().filter(|m| m.style == STYLE_BULLET).count();
    for i in 0..markers.len() {
        let m = markers[i];
        let at_start = m.start == block_start;
        let accepted = if m.style == STYLE_BULLET {
            bullets >= 2
        } else {
            let window = &markers[i + 1..markers.len().min(i + 64)];
            let has_next = window
                .iter()
                .any(|n| n.style == m.style && n.value == m.value + 1);
            let lo = i.saturating_sub(64);
            let has_prev = markers[lo..i]
                .iter()
                .any(|p| p.style == m.style && p.value + 1 == m.value && p.accepted);
            has_next || has_prev
        };
        markers[i].accepted = accepted || at_start;
    }
}

/// Pass 2: the offsets where a sentence ends inside the block.
fn find_cuts(
    text: &str,
    (start, end): (usize, usize),
    rules: &Rules,
    ranges: &[(usize, usize)],
    markers: &[Marker],
    active: &mut Vec<(usize, usize)>,
    cuts: &mut Vec<usize>,
) {
    let bytes = &text.as_bytes()[..end];
    active.clear();
    let mut dots = markers
        .iter()
        .filter(|m| m.accepted)
        .filter_map(|m| m.dot)
        .peekable();
    let mut pending = 0; // ranges[pending..] have not started yet
    let mut i = start;
    while i < end {
        if !CANDIDATE_BYTES[bytes[i] as usize] {
            i = super::next_marked(bytes, i + 1, &CANDIDATE_BYTES);
            continue;
        }
        let c = char_at(text, i);
        if !is_final_punctuation(c) {
            i += c.len_utf8();
            continue;
        }
        while dots.peek().is_some_and(|&d| d < i) {
            dots.next();
        }
        if dots.peek() == Some(&i) {
            i += 1;
            continue;
        }
        let decision = decide(text, start, end, i, rules);
        let resume = decision.resume;
        if let Some(cut) = decision.cut {
            while pending < ranges.len() && ranges[pending].0 < i {
                active.push(ranges[pending]);
                pending += 1;
            }
            active.retain(|r| r.1 >= i);
            let protected = active.iter().any(|r| r.0 < i && r.1 >= cut);
            let allowed = !decision.if_quoted_sentence || {
                let from = cuts.last().copied().unwrap_or(start);
                let sentence_start =
                    from + (text[from..cut].len() - text[from..cut].trim_start().len());
                active.iter().any(|r| r.0 == sentence_start && r.1 < cut)
            };
            if !protected && allowed && cut < end {
                cuts.push(cut);
            }
        }
        i = resume.max(i + 1);
    }
}

/// The outcome for one candidate: where to cut (if anywhere) and where to go
/// on scanning.
struct Decision {
    cut: Option<usize>,
    resume: usize,
    /// Only a boundary if a quotation that opened the sentence closes
    /// right before the cut (`"… think!" (Dinah was the cat.)`).
    if_quoted_sentence: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    Period,
    Strong,
    Ellipsis,
    /// ` . . .` after a space: an omission inside a sentence.
    SpacedEllipsis,
    FullWidth,
}

/// Decides the candidate at `i`.
fn decide(text: &str, start: usize, end: usize, i: usize, rules: &Rules) -> Decision {
    let bytes = &text.as_bytes()[..end];
    // The run of final punctuation.
    let mut e = i;
    let mut dots = 0;
    let mut strong = false;
    let mut ellipsis = false;
    let mut full_width = false;
    while e < end {
        let c = char_at(text, e);
        match c {
            '.' => dots += 1,
            '?' | '!' => strong = true,
            '…' => ellipsis = true,
            '．' | '？' | '！' | '。' => full_width = true,
            _ => break,
        }
        e += c.len_utf8();
    }
    let prev = prev_char(text, start, i);
    let attached = prev.is_some_and(|p| !p.is_whitespace());
    let mut kind = if full_width {
        Run::FullWidth
    } else if strong {
        Run::Strong
    } else if ellipsis || dots >= 2 {
        Run::Ellipsis
    } else {
        Run::Period
    };
    // Spaced ellipsis: `word . . .` or `word. . . .`.
    if !strong && !ellipsis && !full_width {
        let mut k = e;
        let mut extra = 0;
        while bytes.get(k) == Some(&b' ')
            && bytes.get(k + 1) == Some(&b'.')
            && next_char(text, k + 2, end)
                .is_none_or(|n| n.is_whitespace() || n == '.' || is_closing_quote(n))
        {
            k += 2;
            while bytes.get(k) == Some(&b'.') {
                k += 1;
                extra += 1;
            }
            extra += 1;
        }
        if extra > 0 {
            if attached && dots == 1 {
                // `compounds. . . . The`: the period ends the sentence; the
                // spaced dots open the next one when a capital follows.
                let after = skip_closers(text, k, end).0;
                match next_token(text, after, end) {
                    (Next::End, _) => {
                        return Decision {
                            cut: None,
                            resume: after,
                            if_quoted_sentence: false,
                        };
                    }
                    (Next::Upper(_), _) => {
                        return Decision {
                            cut: Some(e),
                            resume: k,
                            if_quoted_sentence: false,
                        };
                    }
                    _ => {
                        return Decision {
                            cut: None,
                            resume: k,
                            if_quoted_sentence: false,
                        };
                    }
                }
            }
            e = k;
            let total = dots + extra;
            kind = if total >= 4 {
                Run::Ellipsis
            } else {
                Run::SpacedEllipsis
            };
        } else if !attached && dots == 3 {
            kind = Run::SpacedEllipsis;
        }
    }
    // Closing quotes, brackets, more punctuation, footnote marks.
    let (mut e, late_period) = skip_closers(text, e, end);
    // `(...).` / `(Lisa !).`: the period after the bracket is what ends
    // the sentence, whatever was inside.
    let mut i = i;
    if let Some(p) = late_period {
        kind = Run::Period;
        i = p;
    }
    e = skip_footnotes(text, start, i, e, end);
    let resume = e;
    if e >= end {
        return Decision {
            cut: None,
            resume,
            if_quoted_sentence: false,
        };
    }
    let after = char_at(text, e);
    if !after.is_whitespace() {
        // No space after the punctuation: `U.S.A`, `2.5`, `example.com`,
        // `Yahoo!J`; a boundary only in `world.Today` or after a full stop of
        // full width.
        let cut = match kind {
            Run::FullWidth => Some(e),
            Run::Period | Run::Ellipsis if glued_sentence(text, start, end, i, e, rules) => Some(e),
            _ => None,
        };
        return Decision {
            cut,
            resume,
            if_quoted_sentence: false,
        };
    }
    let (next, word) = next_token(text, e, end);
    if next == Next::End {
        return Decision {
            cut: None,
            resume,
            if_quoted_sentence: false,
        };
    }
    let quoted =
        kind == Run::Strong && next == Next::Open('(') && text[i..e].contains(is_closing_quote);
    if quoted {
        return Decision {
            cut: Some(e),
            resume,
            if_quoted_sentence: true,
        };
    }
    let boundary = match kind {
        Run::FullWidth => true,
        Run::SpacedEllipsis => false,
        Run::Strong => {
            matches!(next, Next::Upper(_) | Next::Digit | Next::Other)
                || matches!(next, Next::Open(c) if c != '(' && c != '[')
        }
        Run::Ellipsis => {
            !matches!(prev, Some('(' | '['))
                && matches!(
                    next,
                    Next::Upper(_) | Next::Digit | Next::Open(_) | Next::Other
                )
        }
        Run::Period => period_ends_sentence(text, start, i, next, word, rules),
    };
    Decision {
        cut: boundary.then_some(e),
        resume,
        if_quoted_sentence: false,
    }
}

/// Whether a period glued to the next word ends a sentence: `world.Today`,
/// `1,000.That`, but not `Jane.Doe@example.com` or `www.site.Com`.
fn glued_sentence(text: &str, start: usize, end: usize, i: usize, e: usize, rules: &Rules) -> bool {
    let mut chars = text[e..end].chars();
    let (Some(a), Some(b)) = (chars.next(), chars.next()) else {
        return false;
    };
    if !(a.is_uppercase() && b.is_lowercase()) {
        return false;
    }
    if !prev_char(text, start, i).is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
        return false;
    }
    let from = window_start(text, start, i);
    let token_start = text[from..i]
        .rfind(char::is_whitespace)
        .map_or(from, |k| from + k + char_at(text, from + k).len_utf8());
    let to = window_end(text, e, end);
    let token_end = text[e..to].find(char::is_whitespace).map_or(to, |k| e + k);
    let token = &text[token_start..token_end];
    if token.contains('@') || token.contains("://") || token.starts_with("www.") {
        return false;
    }
    let word = &text[token_start..i];
    rules.abbreviations.kind(word).is_none()
}

/// Skips closing quotes and brackets (and the spaces French puts before
/// `»`), and any final punctuation right after them (`(Christopher?).`);
/// also returns the offset of a period that follows a bracket.
fn skip_closers(text: &str, mut e: usize, end: usize) -> (usize, Option<usize>) {
    let mut late_period = None;
    let mut closed = false;
    loop {
        let mut k = e;
        while k < end {
            let c = char_at(text, k);
            if c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\t' {
                k += c.len_utf8();
            } else {
                break;
            }
        }
        if k >= end {
            return (e, late_period);
        }
        let c = char_at(text, k);
        let spaced = k > e;
        let after = next_char(text, k + c.len_utf8(), end);
        let absorb = match c {
            '»' | '”' | '›' => true,
            ')' | ']' => true,
            // Adjacent, or alone between spaces as in tokenised text
            // (`Well! ' thought Alice`).
            '"' | '\'' | '’' => {
                !after.is_some_and(char::is_alphanumeric)
                    && (!spaced || spaced_closer(text, k + c.len_utf8(), end))
            }
            // Markdown emphasis closing after the punctuation: `*Fin.*`.
            '*' | '_' => !spaced && !after.is_some_and(char::is_alphanumeric),
            // `décorée... !`: French puts a space before `!` and `?`.
            c if is_final_punctuation(c) => !spaced || matches!(c, '?' | '!'),
            _ => false,
        };
        if !absorb {
            return (e, late_period);
        }
        if c == '.' && closed {
            late_period = Some(k);
        }
        closed |= matches!(c, ')' | ']');
        e = k + c.len_utf8();
    }
}

/// Whether a quote mark standing alone between spaces (tokenised text:
/// `late! ' (when`, `Well! ' thought`) closes the quotation: it does
/// before anything but a capital or a digit (`0.86. " J'ai` opens one).
fn spaced_closer(text: &str, after_quote: usize, end: usize) -> bool {
    let rest = &text[after_quote..end];
    let gap = rest.len() - rest.trim_start().len();
    if gap == 0 {
        return rest.is_empty();
    }
    !rest[gap..]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Footnote marks after a sentence end: `martyr.[1]`, `large.[7][8]`,
/// `consultation.11 12`, `(type 2).10`.
fn skip_footnotes(text: &str, start: usize, i: usize, mut e: usize, end: usize) -> usize {
    let bytes = &text.as_bytes()[..end];
    let word_before = prev_char(text, start, i).is_some_and(|p| p.is_alphabetic() || p == ')');
    // `[12]` marks.
    loop {
        if bytes.get(e) != Some(&b'[') {
            break;
        }
        let inner = bytes[e + 1..end.min(e + 12)]
            .iter()
            .take_while(|c| c.is_ascii_digit() || matches!(c, b',' | b'-'))
            .count();
        if inner == 0 || bytes.get(e + 1 + inner) != Some(&b']') {
            break;
        }
        e += inner + 2;
    }
    // Bare numbers glued to the period.
    if word_before && bytes.get(e).is_some_and(u8::is_ascii_digit) {
        let digits = |at: usize| {
            bytes[at..end]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let n = digits(e);
        let ends_word = |at: usize| at >= end || bytes[at].is_ascii_whitespace();
        if n <= 3 && ends_word(e + n) {
            e += n;
            while e + 1 < end && bytes[e] == b' ' {
                let n = digits(e + 1);
                if (1..=3).contains(&n) && ends_word(e + 1 + n) {
                    e += 1 + n;
                } else {
                    break;
                }
            }
        }
    }
    e
}

/// What comes next after whitespace: its class and, for a capital, the word.
fn next_token(text: &str, from: usize, end: usize) -> (Next, &str) {
    let mut chars = text[from..end].char_indices();
    let (k, c) = loop {
        match chars.next() {
            None => return (Next::End, ""),
            Some((_, c)) if c.is_whitespace() => continue,
            Some((off, c)) => break (from + off, c),
        }
    };
    if c.is_lowercase() {
        return (Next::Lower, "");
    }
    if c.is_uppercase() {
        let to = window_end(text, k, end);
        let word_end = text[k..to]
            .find(|ch: char| !ch.is_alphabetic())
            .map_or(to, |off| k + off);
        return (Next::Upper(k), &text[k..word_end]);
    }
    if c.is_ascii_digit() {
        return (Next::Digit, "");
    }
    if matches!(c, '-' | '–' | '—' | '―') {
        // Look through dashes: `voila! -- you` goes on, `see? - Posted` does not.
        let rest = text[k..end].trim_start_matches(|ch: char| {
            matches!(ch, '-' | '–' | '—' | '―') || ch.is_whitespace()
        });
        return match rest.chars().next() {
            Some(ch) if ch.is_lowercase() => (Next::Lower, ""),
            None => (Next::End, ""),
            _ => (Next::Other, ""),
        };
    }
    if is_opening(c) {
        return (Next::Open(c), "");
    }
    if matches!(
        c,
        ',' | ';' | ':' | ')' | ']' | '}' | '»' | '”' | '’' | '%' | '.' | '/'
    ) {
        return (Next::Continuation, "");
    }
    (Next::Other, "")
}

/// The token before a period, split into its classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    Abbreviation(AbbrevKind),
    /// A single capital: an initial (`E. Smith`).
    Initial,
    /// Letters with inner periods: `U.S`, `J.-C`, `p.m`, `Ph.D`.
    Acronym,
    /// A plain word, a number, a URL, a closing bracket.
    Plain,
}

/// Whether a single period at `i` ends a sentence, given what follows.
fn period_ends_sentence(
    text: &str,
    start: usize,
    i: usize,
    next: Next,
    word: &str,
    rules: &Rules,
) -> bool {
    let from = window_start(text, start, i);
    let token_start = text[from..i]
        .rfind(|c: char| c.is_whitespace() || is_opening(c))
        .map_or(from, |k| from + k + char_at(text, from + k).len_utf8());
    let token = &text[token_start..i];
    let before = classify(text, start, token_start, token, rules);
    let capitalised = |w: &str| {
        let mut cs = w.chars();
        match (cs.next(), cs.next()) {
            (Some(a), Some(b)) => a.is_uppercase() && b.is_lowercase(),
            (Some(a), None) => a.is_uppercase(),
            _ => false,
        }
    };
    match before {
        Before::Abbreviation(AbbrevKind::Prefix) | Before::Initial => false,
        Before::Abbreviation(AbbrevKind::Numeric) if next == Next::Digit => false,
        Before::Abbreviation(_) => match next {
            Next::Upper(_) => capitalised(word) || is_sentence_starter(word),
            Next::Open(c) => matches!(c, '«' | '“' | '"'),
            _ => false,
        },
        Before::Acronym => {
            let time = is_clock_suffix(token) && previous_is_number(text, start, token_start);
            match next {
                Next::Upper(_) if time => capitalised(word),
                Next::Upper(_) => is_sentence_starter(word),
                _ => false,
            }
        }
        Before::Plain => match next {
            Next::Lower => {
                rules.french
                    && (token.ends_with(')')
                        || token.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            }
            Next::Continuation | Next::End => false,
            Next::Upper(_) | Next::Digit | Next::Open(_) | Next::Other => true,
        },
    }
}

/// Sorts the token before a period into [`Before`].
fn classify(text: &str, start: usize, token_start: usize, token: &str, rules: &Rules) -> Before {
    if token.is_empty() {
        return Before::Plain;
    }
    if let Some(kind) = rules.abbreviations.kind(token) {
        return Before::Abbreviation(kind);
    }
    // `Tuesday.Mr`: a title glued to the previous sentence.
    if let Some(k) = token.rfind('.') {
        let tail = &token[k + 1..];
        if tail.len() >= 2 && rules.abbreviations.kind(tail) == Some(AbbrevKind::Prefix) {
            return Before::Abbreviation(AbbrevKind::Prefix);
        }
    }
    // `l'art.`, `d’env.`: the word after an elision.
    if let Some(k) = token.rfind(['\'', '’']) {
        let tail = &token[k + token[k..].chars().next().map_or(1, char::len_utf8)..];
        if let Some(kind) = rules.abbreviations.kind(tail) {
            return Before::Abbreviation(kind);
        }
    }
    let mut chars = token.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_none() {
        if first.is_uppercase() {
            let pronoun = rules.english
                && first == 'I'
                && !previous_word(text, start, token_start)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            return if pronoun {
                Before::Plain
            } else {
                Before::Initial
            };
        }
        if first.is_lowercase() {
            return Before::Abbreviation(AbbrevKind::Ordinary);
        }
        return Before::Plain;
    }
    if token.contains('.') && is_acronym(token) {
        return Before::Acronym;
    }
    Before::Plain
}

/// `U.S`, `e.g`, `J.-C`, `Ph.D`, `LL.AA.II.RR`: letters in groups of one or
/// two separated by periods (and hyphens).
fn is_acronym(token: &str) -> bool {
    token
        .split(['.', '-'])
        .filter(|g| !g.is_empty())
        .all(|g| g.chars().all(char::is_alphabetic) && g.chars().count() <= 2)
        && token.chars().any(char::is_alphabetic)
}

/// `a.m` / `p.m` in any case.
fn is_clock_suffix(token: &str) -> bool {
    matches!(token, "a.m" | "p.m" | "A.M" | "P.M")
}

/// Whether the word before `token_start` is a number (`6 p.m.`).
fn previous_is_number(text: &str, start: usize, token_start: usize) -> bool {
    let w = previous_word(text, start, token_start);
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
}

/// The whitespace-separated word before `token_start`.
fn previous_word(text: &str, start: usize, token_start: usize) -> &str {
    let before = text[window_start(text, start, token_start)..token_start].trim_end();
    let from = before
        .rfind(char::is_whitespace)
        .map_or(0, |k| k + char_at(before, k).len_utf8());
    &before[from..]
}

/// How far the rules look back or ahead for a word: bounded, so that a
/// text without spaces costs linear time.
const WORD_WINDOW: usize = 64;

/// `max(start, i - WORD_WINDOW)` on a char boundary.
fn window_start(text: &str, start: usize, i: usize) -> usize {
    let mut k = i.saturating_sub(WORD_WINDOW).max(start);
    while !text.is_char_boundary(k) {
        k += 1;
    }
    k
}

/// `min(end, i + WORD_WINDOW)` on a char boundary.
fn window_end(text: &str, i: usize, end: usize) -> usize {
    let mut k = (i + WORD_WINDOW).min(end);
    while !text.is_char_boundary(k) {
        k -= 1;
    }
    k
}

/// Opening quotes and brackets.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '«' | '“' | '‘' | '"' | '\'' | '„' | '‹' | '¿' | '¡' | '`'
    )
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '»' | '”' | '"' | '\'' | '’' | ')' | ']')
}

/// The char starting at byte `i` (which must be a char boundary).
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

/// The char before byte `i`, not looking before `start`.
fn prev_char(text: &str, start: usize, i: usize) -> Option<char> {
    if i <= start {
        None
    } else {
        text[start..i].chars().next_back()
    }
}

/// The char at byte `i` if `i < end`.
fn next_char(text: &str, i: usize, end: usize) -> Option<char> {
    if i >= end {
        None
    } else {
        text[i..end].chars().next()
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::segment::{SegmentOptions, segment};

    fn split(text: &str, lang: Lang) -> Vec<&str> {
        segment(text, lang, &SegmentOptions::default())
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    fn en(text: &str) -> Vec<&str> {
        split(text, Lang::EN)
    }

    fn fr(text: &str) -> Vec<&str> {
        split(text, Lang::FR)
    }

    #[test]
    fn english_titles_and_latin_abbreviations() {
        assert_eq!(
            en("Mr. Smith met Mrs. Jones and Dr. Who."),
            vec!["Mr. Smith met Mrs. Jones and Dr. Who."]
        );
        assert_eq!(
            en("Bring fruit, e.g. apples, i.e. anything. Then leave."),
            vec!["Bring fruit, e.g. apples, i.e. anything.", "Then leave."]
        );
        assert_eq!(
            en("He is No. 5 on the list."),
            vec!["He is No. 5 on the list."]
        );
    }

    #[test]
    fn english_acronyms_end_a_sentence_before_a_sentence_starter() {
        assert_eq!(
            en("I work for the U.S. Government."),
            vec!["I work for the U.S. Government."]
        );
        assert_eq!(
            en("I live in the U.S. How about you?"),
            vec!["I live in the U.S.", "How about you?"]
        );
        assert_eq!(
            en("He left at 6 p.m. Travelers stayed. At 5 a.m. they left."),
            vec![
                "He left at 6 p.m.",
                "Travelers stayed.",
                "At 5 a.m. they left."
            ]
        );
    }

    #[test]
    fn english_numbers_do_not_end_sentences() {
        assert_eq!(
            en("Growth was 3.5% on 12,500 units. It fell."),
            vec!["Growth was 3.5% on 12,500 units.", "It fell."]
        );
        assert_eq!(
            en("She has $100.00. It is hers."),
            vec!["She has $100.00.", "It is hers."]
        );
    }

    #[test]
    fn etc_ends_a_sentence_only_before_a_capital() {
        assert_eq!(
            en("Apples, pears, etc. are fruit. We sell apples, pears, etc. They are fresh."),
            vec![
                "Apples, pears, etc. are fruit.",
                "We sell apples, pears, etc.",
                "They are fresh."
            ]
        );
    }

    #[test]
    fn english_question_before_lower_case_goes_on() {
        assert_eq!(
            en("'Well?' thought Alice. She ran."),
            vec!["'Well?' thought Alice.", "She ran."]
        );
        assert_eq!(
            en("She works at Yahoo! in Paris."),
            vec!["She works at Yahoo! in Paris."]
        );
    }

    #[test]
    fn pronoun_i_is_not_an_initial() {
        assert_eq!(
            en("You and I. Did you see Albert I. Jones?"),
            vec!["You and I.", "Did you see Albert I. Jones?"]
        );
    }

    #[test]
    fn urls_and_email_addresses() {
        assert_eq!(
            en("Mail jane.doe@example.com. Visit https://example.org/a.html. Done."),
            vec![
                "Mail jane.doe@example.com.",
                "Visit https://example.org/a.html.",
                "Done."
            ]
        );
        assert_eq!(
            fr("Écrivez à contact@exemple.fr. Merci."),
            vec!["Écrivez à contact@exemple.fr.", "Merci."]
        );
    }

    #[test]
    fn french_titles_and_abbreviations() {
        assert_eq!(
            fr(
                "M. Dupont, Mme Martin, Mlle Durand et MM. Blanc et Noir sont là. Le Dr Petit aussi."
            ),
            vec![
                "M. Dupont, Mme Martin, Mlle Durand et MM. Blanc et Noir sont là.",
                "Le Dr Petit aussi."
            ]
        );
        assert_eq!(
            fr("Voir cf. art. 12, vol. 3, chap. 4 et p. 55. Il existe env. 300 cas, p. ex. ici."),
            vec![
                "Voir cf. art. 12, vol. 3, chap. 4 et p. 55.",
                "Il existe env. 300 cas, p. ex. ici."
            ]
        );
        assert_eq!(
            fr("Le n° 5 habite à St-Malo. Il part."),
            vec!["Le n° 5 habite à St-Malo.", "Il part."]
        );
    }

    #[test]
    fn french_initials_and_eras() {
        assert_eq!(
            fr("Le texte de J.-P. Martin date de 1998."),
            vec!["Le texte de J.-P. Martin date de 1998."]
        );
        assert_eq!(
            fr(
                "Rome fut fondée en 753 av. J.-C. Elle grandit. César mourut en 44 av. J.-C. selon Plutarque."
            ),
            vec![
                "Rome fut fondée en 753 av. J.-C.",
                "Elle grandit.",
                "César mourut en 44 av. J.-C. selon Plutarque."
            ]
        );
        assert_eq!(
            fr("Je suis E. Macron de France."),
            vec!["Je suis E. Macron de France."]
        );
    }

    #[test]
    fn french_numbers_ordinals_and_times() {
        assert_eq!(
            fr("Le 1er mai, au XXe s. déjà, 3,5\u{a0}% de 12\u{202f}500 votants. À 8 h 30, fin."),
            vec![
                "Le 1er mai, au XXe s. déjà, 3,5\u{a0}% de 12\u{202f}500 votants.",
                "À 8 h 30, fin."
            ]
        );
        assert_eq!(
            fr("Le vol est annulé. 200 passagers attendent."),
            vec!["Le vol est annulé.", "200 passagers attendent."]
        );
        assert_eq!(
            fr("La version 2.5 corrige ce bogue."),
            vec!["La version 2.5 corrige ce bogue."]
        );
    }

    #[test]
    fn french_spacing_before_punctuation_and_guillemets() {
        assert_eq!(
            fr(
                "Que faire\u{202f}? Nous verrons\u{a0}! Il a dit\u{a0}: «\u{a0}Non.\u{a0}» Puis il partit."
            ),
            vec![
                "Que faire\u{202f}?",
                "Nous verrons\u{a0}!",
                "Il a dit\u{a0}: «\u{a0}Non.\u{a0}»",
                "Puis il partit."
            ]
        );
        assert_eq!(
            fr("«\u{202f}Où allez-vous\u{202f}?\u{202f}» demanda-t-il."),
            vec!["«\u{202f}Où allez-vous\u{202f}?\u{202f}» demanda-t-il."]
        );
        assert_eq!(
            fr("Léa dit : « Bonjour ! Je suis Léa. » Marc répond."),
            vec!["Léa dit : « Bonjour ! Je suis Léa. »", "Marc répond."]
        );
    }

    #[test]
    fn ellipsis_ends_a_sentence_before_a_capital() {
        assert_eq!(
            fr("Il hésita… Puis il partit."),
            vec!["Il hésita…", "Puis il partit."]
        );
        assert_eq!(fr("Il hésita… et accepta."), vec!["Il hésita… et accepta."]);
        assert_eq!(fr("Je suis (...) Chris."), vec!["Je suis (...) Chris."]);
    }

    #[test]
    fn french_period_before_lower_case_ends_a_sentence() {
        assert_eq!(
            fr("Je suis Chris. comment allez vous"),
            vec!["Je suis Chris.", "comment allez vous"]
        );
        assert_eq!(
            en("The med. staff is kind."),
            vec!["The med. staff is kind."]
        );
    }

    #[test]
    fn dialogue_dashes_and_lists() {
        assert_eq!(
            fr("— Tu viens\u{202f}? demanda-t-elle.\n— Oui, dit-il.\n— Non."),
            vec![
                "— Tu viens\u{202f}? demanda-t-elle.",
                "— Oui, dit-il.",
                "— Non."
            ]
        );
        assert_eq!(
            en("1. The first item 2. The second item"),
            vec!["1. The first item", "2. The second item"]
        );
        assert_eq!(en("a) one b) two"), vec!["a) one", "b) two"]);
        assert_eq!(
            en("As payment for 1. above, pay 2. above."),
            vec!["As payment for 1. above, pay 2. above."]
        );
    }

    #[test]
    fn parentheses_and_quotations_protect_their_content() {
        assert_eq!(
            en("He teaches (He worked as an engineer.) at the University."),
            vec!["He teaches (He worked as an engineer.) at the University."]
        );
        assert_eq!(
            fr("Le rapport est en retard. (Les données manquaient.) Il sortira."),
            vec![
                "Le rapport est en retard.",
                "(Les données manquaient.)",
                "Il sortira."
            ]
        );
    }

    #[test]
    fn footnotes_stay_with_their_sentence() {
        assert_eq!(
            en("He was a martyr.[1] The emperor ruled. It was large.12 Then it fell."),
            vec![
                "He was a martyr.[1]",
                "The emperor ruled.",
                "It was large.12",
                "Then it fell."
            ]
        );
    }

    #[test]
    fn user_abbreviations_never_end_a_sentence() {
        let text = "Voir Rte. Nationale 7. Fin.";
        let opts = SegmentOptions {
            abbreviations: vec!["Rte".into()],
        };
        let spans: Vec<&str> = segment(text, Lang::FR, &opts)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(spans, vec!["Voir Rte. Nationale 7.", "Fin."]);
        assert_eq!(fr(text), vec!["Voir Rte.", "Nationale 7.", "Fin."]);
    }

    #[test]
    fn spaced_and_markdown_closers_stay_with_their_sentence() {
        assert_eq!(
            en("' Well! ' thought Alice. *Done.* Next."),
            vec!["' Well! ' thought Alice.", "*Done.*", "Next."]
        );
        assert_eq!(
            fr("Il monte à 0.8647. \" J'ai senti le vent."),
            vec!["Il monte à 0.8647.", "\" J'ai senti le vent."]
        );
    }

    #[test]
    fn wide_spaces_before_a_token_are_skipped_whole() {
        // Found by proptest: NBSP is two bytes.
        let text = "\u{202f}»\u{a0}etc. )Le ";
        assert_eq!(fr(text), vec!["»\u{a0}etc. )Le"]);
        assert_eq!(en("I.\u{a0}I. Then"), vec!["I.", "I. Then"]);
    }

    #[test]
    fn glued_sentences_split_but_urls_do_not() {
        assert_eq!(
            en("Hello world.Today is Tuesday.Mr. Smith came."),
            vec!["Hello world.", "Today is Tuesday.", "Mr. Smith came."]
        );
        assert_eq!(
            en("See www.testurl.Awesome.com now."),
            vec!["See www.testurl.Awesome.com now."]
        );
    }
}
