//! The one sanitiser of every terminal and log renderer (human, review,
//! alignment and segment text, revision text, GitHub annotations) and of
//! error messages: text from the inputs (sentences, file names, glossary
//! terms quoted in messages) may hold control characters that a terminal
//! would interpret — ESC starting a CSI or OSC sequence that clears the
//! screen, retitles the window or plants a hyperlink, C1 controls doing the
//! same in one byte, bidi overrides reordering what the reader sees. Here they
//! are shown visibly instead: `\u{1b}` for C0, DEL and C1 controls,
//! `⟨U+202E⟩` for bidi controls. Nothing is dropped, so the text after such a
//! character stays on screen.
//!
//! `\n` and `\t` are kept (renderers lay text out with them). Data formats
//! (HTML, SARIF, JSON, TMX) do not use this: they keep the text exactly,
//! escaped as their format requires.

use std::borrow::Cow;

/// Whether `c` is a bidirectional formatting control (embeddings, overrides,
/// isolates and the implicit marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `c` must not reach a terminal as is: C0 controls other than `\n`
/// and `\t`, DEL, C1 controls, bidi controls.
#[inline]
pub fn is_unsafe(c: char) -> bool {
    if c.is_ascii() {
        return (c < ' ' && c != '\n' && c != '\t') || c == '\u{7f}';
    }
    c.is_control() || is_bidi_control(c)
}

/// The visible form of an unsafe character, `None` for a safe one.
pub fn visible(c: char) -> Option<String> {
    if !is_unsafe(c) {
        None
    } else if is_bidi_control(c) {
        Some(format!("⟨U+{:04X}⟩", u32::from(c)))
    } else {
        Some(c.escape_unicode().to_string())
    }
}

/// `s` with every unsafe character shown visibly (borrowed when none is).
pub fn terminal(s: &str) -> Cow<'_, str> {
    // Most text is printable ASCII: checked a byte at a time.
    let safe_ascii = |b: &u8| (b' '..0x7f).contains(b) || *b == b'\n' || *b == b'\t';
    if s.bytes().all(|b| safe_ascii(&b)) || !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match visible(c) {
            Some(v) => out.push_str(&v),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`terminal`], and `\n` and `\t` shown too: for one-line texts such
/// as error messages and annotation titles.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push_str(&c.escape_unicode().to_string()),
            _ => match visible(c) {
                Some(v) => out.push_str(&v),
                None => out.push(c),
            },
        }
    }
    out
}

/// A writer that applies [`terminal`] to everything written through it: for
/// outputs without colour (segment and alignment text) on a terminal. UTF-8
/// split across writes is held back until complete; bytes that are not UTF-8
/// are shown as `\x..`.
pub struct Writer<W: std::io::Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> Writer<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Writer<W> {
        Writer {
            inner,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for Writer<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut out = String::new();
        let mut rest: &[u8] = &self.pending;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    out.push_str(&terminal(text));
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    out.push_str(&terminal(std::str::from_utf8(valid).unwrap_or_default()));
                    match e.error_len() {
                        // An incomplete character at the end: wait for more.
                        None => {
                            rest = after;
                            break;
                        }
                        Some(n) => {
                            for b in &after[..n] {
                                out.push_str(&format!("\\x{b:02x}"));
                            }
                            rest = &after[n..];
                        }
                    }
                }
            }
        }
        let kept = rest.to_vec();
        self.inner.write_all(out.as_bytes())?;
        self.pending = kept;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            let bytes = std::mem::take(&mut self.pending);
            self.inner
                .write_all(String::from_utf8_lossy(&bytes).as_bytes())?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn the_writer_escapes_across_split_characters() {
        let mut w = Writer::new(Vec::new());
        let text = "a\u{1b}[2J é\u{202e}".as_bytes();
        for b in text {
            w.write_all(std::slice::from_ref(b)).unwrap();
        }
        w.flush().unwrap();
        assert_eq!(String::from_utf8(w.inner).unwrap(), "a\\u{1b}[2J é⟨U+202E⟩");
    }

    #[test]
    fn escapes_are_shown_not_interpreted() {
        assert_eq!(
            terminal("a\u{1b}]0;pwned\u{7}b\u{1b}[2J"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{1b}[2J"
        );
        assert_eq!(terminal("x\u{9b}31m"), "x\\u{9b}31m");
        assert_eq!(terminal("\u{7f}"), "\\u{7f}");
    }

    #[test]
    fn bidi_controls_are_named() {
        assert_eq!(terminal("abc\u{202e}def"), "abc⟨U+202E⟩def");
        assert_eq!(terminal("\u{2066}x\u{2069}"), "⟨U+2066⟩x⟨U+2069⟩");
    }

    #[test]
    fn text_after_an_escape_is_kept() {
        assert_eq!(
            terminal("Prix : 5\u{1b} €. Suite."),
            "Prix : 5\\u{1b} €. Suite."
        );
    }

    #[test]
    fn plain_text_newlines_and_tabs_pass() {
        assert!(matches!(terminal("é\tà\n€"), Cow::Borrowed(_)));
        assert_eq!(one_line("a\nb"), "a\\u{a}b");
    }
}
