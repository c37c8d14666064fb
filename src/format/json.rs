//! JSON key/value catalogues (i18next, vue-i18n, ARB-like): a small exact
//! scanner of our own.
//!
//! `serde_json` gives values, not where they are in the file; bitext must
//! point at the character of a value on disk (an escape `\n` or `\u00e9` is
//! several bytes there), so the scanner decodes each string itself and
//! records [`Text::anchors`]. Every string value is one entry, keyed by its
//! path (`app.menu.save`, array items `app.help.1`); numbers, booleans and
//! `null` are not text to translate. ICU plural/select messages stay one
//! entry (their syntax is protected, see [`crate::format::inline`]). Keys
//! starting with `@` (ARB metadata) are skipped.

use super::catalogue::{self, ReadError, Text};
use crate::document::{Document, Entry};
use crate::lang::Lang;
use std::sync::Arc;

/// Nesting deeper than this is refused (a catalogue is a few levels deep;
/// the limit keeps hostile input from exhausting the stack).
const MAX_DEPTH: usize = 128;

/// Reads a JSON catalogue into a document: one block and segment per string.
pub fn read(name: &str, text: &str, lang: Lang) -> Result<Document, ReadError> {
    let mut s = Scanner {
        name,
        text,
        b: text.as_bytes(),
        i: 0,
        out: Vec::new(),
    };
    s.ws();
    s.value(&mut Vec::new(), 0)?;
    s.ws();
    if s.i < s.b.len() {
        return Err(s.err("unexpected text after the JSON value"));
    }
    let entries = s
        .out
        .into_iter()
        .map(|(key, mut t)| {
            catalogue::protect_inline(&mut t, &[]);
            (
                t,
                Entry {
                    key,
                    ..Entry::default()
                },
                None,
            )
        })
        .collect();
    Ok(catalogue::document(name, &Arc::from(text), lang, entries))
}

struct Scanner<'a> {
    name: &'a str,
    text: &'a str,
    b: &'a [u8],
    i: usize,
    out: Vec<(String, Text)>,
}

impl Scanner<'_> {
    fn err(&self, msg: &str) -> ReadError {
        ReadError::at(self.name, self.text, self.i, msg)
    }

    fn ws(&mut self) {
        while self.b.get(self.i).is_some_and(|c| b" \t\r\n".contains(c)) {
            self.i += 1;
        }
    }

    fn value(&mut self, path: &mut Vec<String>, depth: usize) -> Result<(), ReadError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        match self.b.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a key in double quotes"));
                    }
                    let key = self.string()?.text;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return Err(self.err("expected ':' after the key"));
                    }
                    self.i += 1;
                    self.ws();
                    let meta = key.starts_with('@');
                    path.push(key);
                    let before = self.out.len();
                    self.value(path, depth + 1)?;
                    if meta {
                        self.out.truncate(before);
                    }
                    path.pop();
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(self.err("expected ',' or '}'")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(());
                }
                let mut n = 0;
                loop {
                    self.ws();
                    path.push(n.to_string());
                    self.value(path, depth + 1)?;
                    path.pop();
                    n += 1;
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(self.err("expected ',' or ']'")),
                    }
                }
            }
            Some(b'"') => {
                let t = self.string()?;
                self.out.push((path.join("."), t));
                Ok(())
            }
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                let start = self.i;
                while self
                    .b
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_digit() || b"+-.eE".contains(c))
                {
                    self.i += 1;
                }
                if !is_json_number(&self.text[start..self.i]) {
                    self.i = start;
                    return Err(self.err("invalid number"));
                }
                Ok(())
            }
            _ => {
                for word in ["true", "false", "null"] {
                    if self.text[self.i..].starts_with(word) {
                        self.i += word.len();
                        return Ok(());
                    }
                }
                Err(self.err("expected a JSON value"))
            }
        }
    }

    /// The string at `self.i` (on its opening quote), decoded.
    fn string(&mut self) -> Result<Text, ReadError> {
        let open = self.i;
        self.i += 1;
        let mut t = Text::new(self.i);
        let mut run = self.i;
        loop {
            let Some(&c) = self.b.get(self.i) else {
                self.i = open;
                return Err(self.err("unterminated string"));
            };
            match c {
                b'"' => {
                    t.push_verbatim(&self.text[run..self.i], run);
                    self.i += 1;
                    return Ok(t);
                }
                b'\\' => {
                    t.push_verbatim(&self.text[run..self.i], run);
                    let at = self.i;
                    let (ch, width) = match self.b.get(self.i + 1) {
                        Some(b'"') => ('"', 2),
                        Some(b'\\') => ('\\', 2),
                        Some(b'/') => ('/', 2),
                        Some(b'b') => ('\u{8}', 2),
                        Some(b'f') => ('\u{c}', 2),
                        Some(b'n') => ('\n', 2),
                        Some(b'r') => ('\r', 2),
                        Some(b't') => ('\t', 2),
                        Some(b'u') => self.unicode()?,
                        _ => return Err(self.err("invalid escape")),
                    };
                    t.push_decoded(ch, at, width);
                    self.i = at + width;
                    run = self.i;
                }
                0..=0x1f => return Err(self.err("control character in a string")),
                _ => self.i += 1,
            }
        }
    }

    /// `\uXXXX` (or a surrogate pair) at `self.i`: the character and the
    /// bytes it takes.
    fn unicode(&mut self) -> Result<(char, usize), ReadError> {
        let hex = |s: &Scanner, at: usize| -> Option<u32> {
            let h = s.text.get(at..at + 4)?;
            if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(h, 16).ok()
        };
        let Some(hi) = hex(self, self.i + 2) else {
            return Err(self.err("\\u needs four hexadecimal digits"));
        };
        if (0xD800..0xDC00).contains(&hi) {
            if self.text[self.i + 6..].starts_with("\\u")
                && let Some(lo) = hex(self, self.i + 8).filter(|lo| (0xDC00..0xE000).contains(lo))
            {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return Ok((char::from_u32(c).unwrap_or('\u{fffd}'), 12));
            }
            return Ok(('\u{fffd}', 6));
        }
        Ok((char::from_u32(hi).unwrap_or('\u{fffd}'), 6))
    }
}

/// JSON's number grammar (RFC 8259 §6), stricter than `f64`'s parser: no
/// leading zeros, no `+`, digits on both sides of the point.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_arrays_and_escaped_positions() {
        let text = "{\n  \"a\": {\"b\": \"x\\ty\", \"n\": 3},\n  \"l\": [\"p\", \"\\u00e9t\\u00e9 q\"],\n  \"@meta\": {\"d\": \"skip\"}\n}\n";
        let doc = read("f.json", text, Lang::FR).unwrap();
        let keys: Vec<String> = (0..doc.segments.len())
            .map(|i| catalogue::entry_of(&doc, i).unwrap().key.clone())
            .collect();
        assert_eq!(keys, ["a.b", "l.0", "l.1"]);
        assert_eq!(doc.display_text(0), "x\ty");
        assert_eq!(doc.display_text(2), "été q");
        assert_eq!(doc.segments[0].line, 2);
        assert_eq!(doc.segments[0].column, 15);
        // 'y' after the two bytes of \t
        assert_eq!(doc.line_column(doc.segments[0].start + 2), (2, 18));
        // 'q' after two \u escapes (6 bytes each) and 't', ' '
        let q = doc.segments[2].start + doc.display_text(2).find('q').unwrap();
        assert_eq!(doc.line_column(q), (3, 29));
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let e = read("f.json", "{\n  \"a\": \"x\",\n  \"b\" 1\n}", Lang::FR).unwrap_err();
        assert_eq!(e.to_string(), "f.json:3:7: expected ':' after the key");
        let e = read("f.json", "{\"a\": \"x", Lang::FR).unwrap_err();
        assert_eq!((e.line, e.column), (1, 7));
        let deep = "[".repeat(1000);
        assert!(read("f.json", &deep, Lang::FR).is_err());
    }

    #[test]
    fn numbers_follow_json_grammar_not_rusts() {
        for ok in ["0", "-0", "12", "1.5", "-1.5e-3", "2E+10", "0.0"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in [
            "051", "+1", "1.", ".5", "-", "1e", "1e+", "--1", "0x10", "1.2.3",
        ] {
            assert!(!is_json_number(bad), "{bad}");
        }
        let err = read("f.json", "{\"a\": 051}", Lang::FR).unwrap_err();
        assert_eq!((err.line, err.column), (1, 7), "{err}");
    }
}
