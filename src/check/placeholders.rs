//! `placeholder-mismatch`: a placeholder of the source is missing, changed or
//! added in the translation.
//!
//! Syntaxes: printf (flags, width, precision, length, `%N$` positions, `*`,
//! `%<PRIdMAX>`; `%%` is a literal), Python `%(name)s` and `str.format`
//! (`{name}`, `{0}`, `{0:>8}`, `{{` escapes), `{{var}}`, `%{x}`, `$name`,
//! ICU MessageFormat (`{n}`, `{count, plural, one {# file} other {# files}}`,
//! `select`, `#` inside plural branches) and Qt `%1`.
//!
//! **Which syntaxes apply.** A catalogue entry's format flags decide
//! (`c-format`, `python-format`, `python-brace-format`, `qt-format`,
//! `sh-format` …); `no-c-format` and the like turn a syntax off. Without a
//! flag, an entry is scanned for printf, Python `%(name)s`, ICU/brace,
//! `{{var}}` and `%{x}`; a prose document (text, Markdown) only for what
//! cannot be prose: `%s`, `%1$d`, `%(x)s`, `{{name}}`, `%{x}` between word
//! boundaries, never a `{` of prose or a `%` after a number (`50 %`).
//!
//! **What is compared.** printf conversions by argument number: unnumbered
//! ones are numbered in order, so `%1$s … %2$s` ↔ `%2$s … %1$s` is fine while
//! `%s: %d` → `%d: %s` is not; types are compared as printf reads them
//! (`%d` = `%i`, `%u` = `%x`, `%ld` ≠ `%d`, `%<PRIdMAX>` = `%jd`). Named
//! placeholders by name and syntax (`{name}` ≠ `{{name}}`). ICU plural and
//! select arguments also by their branches: the translation keeps `other`,
//! every explicit `=N` branch and every select key of the source, and `#` in
//! its `other` branch when the source has it there (keyword branches such as
//! `one`/`many` follow the target language and may differ).
//!
//! **Plural forms** (`msgstr[n]`) are compared with the source of their own
//! number: `msgstr[0]` with `msgid`, the others with `msgid_plural`. As
//! `msgfmt -c` does (gettext `msgl-check.c`: strict checking only for a form
//! that applies to infinitely many numbers), the first form may *omit*
//! arguments when the target language uses it for finitely many numbers
//! (French `n > 1`: 0 and 1; English: 1), so `msgstr[0] "un fichier"` for
//! `"%d file"` is accepted; it may still not add one, unless `msgid_plural`
//! has it (`"One file"` / `"%d files"` → `"%d fichier"`, which msgfmt checks
//! against `msgid_plural`), nor change a type. Since omission shifts
//! unnumbered conversions, dropping the *first* of two still fails, as in
//! msgfmt.
//!
//! **Fixes.** A changed printf conversion (`%d` for `%s`) and a renamed
//! placeholder (`{nombre}` for `{count}`, the only missing and the only added
//! name of that syntax) have exactly one safe replacement: the source's.

use super::{Check, CheckContext, Finding, Fix, Position, RuleInfo, Severity};
use crate::document::{BlockKind, Document, Entry, ProtectedKind};
use crate::lang::Lang;
use std::collections::BTreeMap;
use std::ops::Range;

/// The placeholder rule.
pub struct Placeholders;

const RULE: &str = "placeholder-mismatch";

const RULES: &[RuleInfo] = &[RuleInfo {
    id: RULE,
    default_severity: Severity::Error,
    description: "a placeholder of the source (%s, %1$d, %(name)s, {name}, {0}, {{var}}, %{x}, ICU arguments) is missing, changed or added in the target; positional reordering is allowed",
}];

/// Which placeholder syntaxes are looked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Syntaxes {
    /// C printf: `%N$` positions, length modifiers, `%<PRIdMAX>`.
    pub c_printf: bool,
    /// Python `%s` and `%(name)s`.
    pub python_percent: bool,
    /// Python `str.format`: `{name}`, `{0}`, `{0:>8}`; `{{` is a literal.
    pub python_brace: bool,
    /// ICU MessageFormat (and simple `{name}`).
    pub icu: bool,
    /// `{{name}}` (i18next, Handlebars, Angular).
    pub double_brace: bool,
    /// `%{name}` (Ruby, Rails, Polyglot).
    pub percent_brace: bool,
    /// `$name`, `${name}` (shell).
    pub dollar: bool,
    /// Qt `%1` … `%99`, `%L1`.
    pub qt: bool,
    /// Found by detection, not declared: no printf space flag, no `%` after
    /// a number.
    pub detected: bool,
    /// Prose: printf only between word boundaries.
    pub prose: bool,
}

impl Syntaxes {
    /// What a catalogue entry with these format flags uses; `None` when the
    /// flags turn every syntax off.
    pub fn for_entry(flags: &[String]) -> Option<Syntaxes> {
        let mut s = Syntaxes::default();
        let mut declared = false;
        for flag in flags {
            let flag = flag.trim();
            declared |= match flag {
                "c-format"
                | "objc-format"
                | "gcc-internal-format"
                | "gfc-internal-format"
                | "php-format"
                | "perl-format"
                | "awk-format"
                | "lua-format"
                | "tcl-format"
                | "java-printf-format"
                | "boost-format"
                | "javascript-format" => {
                    s.c_printf = true;
                    true
                }
                "python-format" => {
                    s.python_percent = true;
                    true
                }
                "python-brace-format" | "perl-brace-format" | "csharp-format" => {
                    s.python_brace = true;
                    true
                }
                "java-format" | "icu-format" => {
                    s.icu = true;
                    true
                }
                "qt-format" | "qt-plural-format" | "kde-format" | "kde-kuit-format" => {
                    s.qt = true;
                    true
                }
                "sh-format" => {
                    s.dollar = true;
                    true
                }
                "ruby-format" => {
                    s.percent_brace = true;
                    s.c_printf = true;
                    true
                }
                _ => false,
            };
        }
        if declared {
            return Some(s);
        }
        let mut s = Syntaxes {
            c_printf: true,
            python_percent: true,
            icu: true,
            double_brace: true,
            percent_brace: true,
            detected: true,
            ..Syntaxes::default()
        };
        for flag in flags {
            match flag.trim() {
                "no-c-format"
                | "no-objc-format"
                | "no-php-format"
                | "no-perl-format"
                | "no-gcc-internal-format"
                | "no-javascript-format" => s.c_printf = false,
                "no-python-format" => s.python_percent = false,
                "no-python-brace-format" | "no-java-format" | "no-csharp-format" => s.icu = false,
                "no-ruby-format" => s.percent_brace = false,
                _ => {}
            }
        }
        if !s.c_printf && !s.python_percent {
            // `no-c-format` says the `%` of this message are not directives
            // (strftime, `50 %`): `%(x)s` and `%{x}` are not either.
            s.percent_brace = false;
        }
        (s.c_printf || s.python_percent || s.icu || s.double_brace || s.percent_brace).then_some(s)
    }

    /// What prose (plain text, Markdown) is scanned for: only what cannot be
    /// prose.
    pub fn prose() -> Syntaxes {
        Syntaxes {
            c_printf: true,
            python_percent: true,
            double_brace: true,
            percent_brace: true,
            detected: true,
            prose: true,
            ..Syntaxes::default()
        }
    }
}

/// How a named placeholder is written: `{name}` and `{{name}}` are not
/// interchangeable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// Python `%(name)s`.
    PythonNamed,
    /// `{name}` (Python `str.format`, ICU, vue-i18n).
    Brace,
    /// `{{name}}`.
    DoubleBrace,
    /// `%{name}`.
    PercentBrace,
    /// `$name`.
    Dollar,
    /// Qt `%1`.
    Qt,
    /// A printf directive without argument (`%m`).
    NoArg,
    /// A span the format reader marked as a placeholder.
    Protected,
}

/// What a placeholder stands for; the two sides are compared slot by slot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// printf argument number (1-based).
    Arg(usize),
    /// A named (or numbered brace, Qt) placeholder.
    Named(Style, String),
}

/// One placeholder found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the document text.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// What it stands for.
    pub slot: Slot,
    /// The type compared (printf: as printf reads the argument); empty when
    /// not compared.
    pub spec: String,
    /// Byte span of the name inside the placeholder (named ones), for fixes.
    pub name: Option<Range<usize>>,
    /// printf: byte length of the `N$` after `%` (0 when unnumbered), and
    /// whether it has `*` arguments.
    printf: Option<(usize, bool)>,
    /// Segment index in its document.
    segment: usize,
}

/// An ICU `plural`/`selectordinal`/`select` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcuChoice {
    /// The argument name.
    pub name: String,
    /// `plural`, `selectordinal` or `select`.
    pub kind: String,
    /// Branch selectors in order (`one`, `=0`, `other`, `female` …).
    pub selectors: Vec<String>,
    /// Whether the `other` branch uses `#` (or the argument itself).
    pub other_counts: bool,
    /// Byte span of the whole argument in the document text.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    segment: usize,
}

/// Everything found on one side of a link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Placeholders in text order.
    pub tokens: Vec<Token>,
    /// ICU choices in text order.
    pub choices: Vec<IcuChoice>,
    /// A printf conversion that makes the string mix numbered and
    /// unnumbered arguments (printf rejects it): its span and segment.
    pub mixed: Option<(usize, usize, usize)>,
}

impl Scan {
    fn is_empty(&self) -> bool {
        self.tokens.is_empty() && self.choices.is_empty() && self.mixed.is_none()
    }
}

/// A printf conversion before argument numbering.
struct RawPrintf {
    start: usize,
    end: usize,
    number: Option<usize>,
    /// `*` width/precision arguments, with their `N$` if numbered.
    stars: Vec<Option<usize>>,
    /// The type; `None` for `%m` (no argument).
    ty: Option<String>,
    pos_len: usize,
}

/// Scans `text` (which starts at byte `base` of the document, in segment
/// `segment`) for placeholders.
pub fn scan(text: &str, base: usize, segment: usize, syn: Syntaxes) -> Scan {
    let mut scanner = Scanner {
        s: text.as_bytes(),
        base,
        segment,
        syn,
        out: Scan::default(),
        printf: Vec::new(),
        python_unnamed: Vec::new(),
        brace_auto: 0,
    };
    scanner.run();
    scanner.finish()
}

struct Scanner<'a> {
    s: &'a [u8],
    base: usize,
    segment: usize,
    syn: Syntaxes,
    out: Scan,
    printf: Vec<RawPrintf>,
    /// Python unnamed conversions (`%s`): numbered in order.
    python_unnamed: Vec<(usize, usize, String, bool)>,
    brace_auto: usize,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> u8 {
        self.s.get(i).copied().unwrap_or(0)
    }

    /// The end of the run of bytes from `from` on that satisfy `keep`.
    fn run_end(&self, from: usize, keep: impl Fn(u8) -> bool) -> usize {
        let rest = self.s.get(from..).unwrap_or_default();
        from + rest.iter().position(|&b| !keep(b)).unwrap_or(rest.len())
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.s.len() {
            let next = match self.s[i] {
                b'%' => self.percent(i),
                b'{' => self.brace(i),
                b'}' if self.syn.python_brace && self.at(i + 1) == b'}' => Some(i + 2),
                b'$' if self.syn.dollar => self.dollar(i),
                _ => None,
            };
            i = next.unwrap_or(i + 1);
        }
    }

    fn named(&mut self, start: usize, end: usize, style: Style, name: Range<usize>, spec: String) {
        let text = String::from_utf8_lossy(&self.s[name.clone()]).into_owned();
        self.out.tokens.push(Token {
            start: self.base + start,
            end: self.base + end,
            slot: Slot::Named(style, text),
            spec,
            name: Some(self.base + name.start..self.base + name.end),
            printf: None,
            segment: self.segment,
        });
    }

    /// A `%` at `i`: literal `%%`, `%(name)s`, `%{name}`, Qt `%1`, printf.
    fn percent(&mut self, i: usize) -> Option<usize> {
        let syn = self.syn;
        let any_percent = syn.c_printf || syn.python_percent;
        if self.at(i + 1) == b'%' && any_percent {
            return Some(i + 2);
        }
        if syn.detected && self.after_number(i) {
            return None;
        }
        if syn.prose && i > 0 && (self.s[i - 1].is_ascii_alphanumeric()) {
            return None;
        }
        if syn.percent_brace && self.at(i + 1) == b'{' {
            let mut j = i + 2;
            if !is_ident_start(self.at(j)) {
                return None;
            }
            while is_ident(self.at(j)) {
                j += 1;
            }
            if self.at(j) != b'}' {
                return None;
            }
            self.named(i, j + 1, Style::PercentBrace, i + 2..j, String::new());
            return Some(j + 1);
        }
        if syn.qt {
            let mut j = i + 1;
            if self.at(j) == b'L' {
                j += 1;
            }
            let digits = j;
            while self.at(j).is_ascii_digit() && j - digits < 2 {
                j += 1;
            }
            if j > digits && self.s[digits] != b'0' {
                self.named(i, j, Style::Qt, digits..j, String::new());
                return Some(j);
            }
        }
        if syn.python_percent && self.at(i + 1) == b'(' {
            return self.python_named(i);
        }
        if syn.c_printf
            && let Some(end) = self.c_directive(i)
        {
            return Some(end);
        }
        if syn.python_percent {
            return self.python_unnamed(i);
        }
        None
    }

    /// Whether the `%` at `i` follows a number (`50 %`, `3,5 %`, `50%`).
    fn after_number(&self, i: usize) -> bool {
        let before = &self.s[..i];
        let trimmed = match before {
            [rest @ .., b' '] => rest,
            [rest @ .., 0xC2, 0xA0] => rest,
            [rest @ .., 0xE2, 0x80, 0xAF] => rest,
            _ => before,
        };
        trimmed.last().is_some_and(u8::is_ascii_digit)
    }

    /// Ends a printf conversion at `end`: in prose, a letter or digit right
    /// after it means it was a word (`%since`).
    fn boundary_ok(&self, end: usize) -> bool {
        !self.syn.prose || !self.at(end).is_ascii_alphanumeric()
    }

    /// Digits at `j`, their value and the index after them.
    fn number(&self, mut j: usize) -> Option<(usize, usize)> {
        let from = j;
        let mut n: usize = 0;
        while self.at(j).is_ascii_digit() {
            n = n
                .saturating_mul(10)
                .saturating_add(usize::from(self.s[j] - b'0'));
            j += 1;
        }
        (j > from).then_some((n, j))
    }

    /// A C printf conversion at `i`; its end.
    fn c_directive(&mut self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        let mut number = None;
        let mut pos_len = 0;
        if let Some((n, k)) = self.number(j)
            && self.at(k) == b'$'
            && n > 0
        {
            number = Some(n);
            pos_len = k + 1 - j;
            j = k + 1;
        }
        while matches!(self.at(j), b'-' | b'+' | b' ' | b'#' | b'0' | b'\'' | b'I') {
            if self.at(j) == b' ' && self.syn.detected {
                return None;
            }
            if self.at(j) == b'I' && self.syn.detected {
                return None;
            }
            j += 1;
        }
        let mut stars = Vec::new();
        let star = |scanner: &Self, j: &mut usize, stars: &mut Vec<Option<usize>>| {
            if scanner.at(*j) == b'*' {
                *j += 1;
                let mut num = None;
                if let Some((n, k)) = scanner.number(*j)
                    && scanner.at(k) == b'$'
                    && n > 0
                {
                    num = Some(n);
                    *j = k + 1;
                }
                stars.push(num);
            } else if let Some((_, k)) = scanner.number(*j) {
                *j = k;
            }
        };
        star(self, &mut j, &mut stars);
        if self.at(j) == b'.' {
            j += 1;
            star(self, &mut j, &mut stars);
        }
        let length = {
            let two = &self.s[j.min(self.s.len())..(j + 2).min(self.s.len())];
            if two == b"hh" || two == b"ll" || two == b"DD" {
                j += 2;
                std::str::from_utf8(two).unwrap_or("")
            } else {
                match self.at(j) {
                    b'h' | b'l' | b'L' | b'q' | b'j' | b'z' | b'Z' | b't' | b'H' | b'D' => {
                        j += 1;
                        std::str::from_utf8(&self.s[j - 1..j]).unwrap_or("")
                    }
                    _ => "",
                }
            }
        };
        let conv = self.at(j);
        let ty = if conv == b'<' {
            // `%<PRIdMAX>`: xgettext's form of `"%" PRIdMAX`.
            // Only letters and digits can come before the `>` (checked
            // below), so the scan stops at the first other byte: a long run
            // of `%<` costs one pass, not one per `%<`.
            let close = self.run_end(j + 1, |b| b.is_ascii_alphanumeric());
            if self.at(close) != b'>' {
                return None;
            }
            let inner = std::str::from_utf8(&self.s[j + 1..close]).ok()?;
            let rest = inner.strip_prefix("PRI")?;
            let mut chars = rest.chars();
            let letter = chars.next()?;
            let size = chars.as_str();
            if !"diouxX".contains(letter)
                || size.is_empty()
                || !size.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return None;
            }
            let size = match size {
                "MAX" => "j",
                "PTR" => "t",
                other => other.trim_start_matches("LEAST").trim_start_matches("FAST"),
            };
            j = close;
            Some(int_type(letter as u8, size)?)
        } else {
            c_type(conv, length)?
        };
        let end = j + 1;
        if !self.boundary_ok(end) {
            return None;
        }
        if ty.is_none() && (number.is_some() || !stars.is_empty()) {
            return None;
        }
        self.printf.push(RawPrintf {
            start: i,
            end,
            number,
            stars,
            ty,
            pos_len,
        });
        Some(end)
    }

    /// Python `%(name)s` at `i`.
    fn python_named(&mut self, i: usize) -> Option<usize> {
        // The name is identifier bytes only, so the `)` must end that run.
        let close = self.run_end(i + 2, is_ident);
        if self.at(close) != b')' {
            return None;
        }
        let name = i + 2..close;
        if name.is_empty() || !self.s[name.clone()].iter().all(|&b| is_ident(b)) {
            return None;
        }
        let (ty, end) = self.python_rest(close + 1)?;
        if !self.boundary_ok(end) {
            return None;
        }
        self.named(i, end, Style::PythonNamed, name, ty);
        Some(end)
    }

    /// Python `%s`, `%5.2f`, `%li` at `i` (numbered in order).
    fn python_unnamed(&mut self, i: usize) -> Option<usize> {
        let (ty, end) = self.python_rest(i + 1)?;
        if !self.boundary_ok(end) {
            return None;
        }
        let star = self.s[i..end].contains(&b'*');
        self.python_unnamed.push((i, end, ty, star));
        Some(end)
    }

    /// Flags, width, precision, length and conversion of a Python `%`
    /// directive from `j`: its type and end.
    fn python_rest(&self, mut j: usize) -> Option<(String, usize)> {
        while matches!(self.at(j), b'#' | b'0' | b'-' | b' ' | b'+') {
            if self.at(j) == b' ' && self.syn.detected {
                return None;
            }
            j += 1;
        }
        let skip = |scanner: &Self, j: &mut usize| {
            if scanner.at(*j) == b'*' {
                *j += 1;
            } else if let Some((_, k)) = scanner.number(*j) {
                *j = k;
            }
        };
        skip(self, &mut j);
        if self.at(j) == b'.' {
            j += 1;
            skip(self, &mut j);
        }
        if matches!(self.at(j), b'h' | b'l' | b'L') {
            j += 1;
        }
        let ty = match self.at(j) {
            b's' | b'r' | b'a' => "object",
            b'd' | b'i' | b'u' | b'o' | b'x' | b'X' => "int",
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => "float",
            b'c' => "char",
            _ => return None,
        };
        Some((ty.to_string(), j + 1))
    }

    /// A `{` at `i`: `{{name}}`, `{{` escape, ICU argument, `str.format`
    /// field.
    fn brace(&mut self, i: usize) -> Option<usize> {
        let syn = self.syn;
        if self.at(i + 1) == b'{' {
            if syn.double_brace
                && let Some(end) = self.double_brace(i)
            {
                return Some(end);
            }
            if syn.python_brace {
                return Some(i + 2);
            }
            return None;
        }
        if syn.icu {
            let mut icu = IcuParser {
                scanner: self,
                depth: 0,
            };
            let mut found = Scan::default();
            if let Some(end) = icu.argument(i, None, &mut found) {
                self.out.tokens.extend(found.tokens);
                self.out.choices.extend(found.choices);
                return Some(end);
            }
            return None;
        }
        if syn.python_brace {
            return self.format_field(i);
        }
        None
    }

    /// `{{ name }}`, `{{- name}}`, `{{count, number}}` at `i`.
    fn double_brace(&mut self, i: usize) -> Option<usize> {
        // A `}}` further than 80 bytes on is refused, so look no further.
        let window = &self.s[..self.s.len().min(i + 82)];
        let close = find(window, b"}}", i + 2)?;
        if self.s[i + 2..close].contains(&b'\n') {
            return None;
        }
        let mut j = i + 2;
        while self.at(j) == b' ' {
            j += 1;
        }
        if self.at(j) == b'-' {
            j += 1;
            while self.at(j) == b' ' {
                j += 1;
            }
        }
        let from = j;
        while is_ident(self.at(j)) || self.at(j) == b'.' || self.at(j) == b'$' {
            j += 1;
        }
        if j == from || !is_ident_start(self.s[from]) && self.s[from] != b'$' {
            return None;
        }
        let rest = &self.s[j..close];
        let rest_ok = rest.iter().all(|&b| b == b' ')
            || (!self.syn.prose && matches!(rest.iter().find(|&&b| b != b' '), Some(b',' | b'|')));
        if !rest_ok {
            return None;
        }
        self.named(i, close + 2, Style::DoubleBrace, from..j, String::new());
        Some(close + 2)
    }

    /// A Python `str.format` field at `i`: `{}`, `{0}`, `{name}`, `{0:>8}`,
    /// `{user.name!r}`.
    fn format_field(&mut self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        let from = j;
        while is_ident(self.at(j)) || self.at(j) == b'.' {
            j += 1;
        }
        while self.at(j) == b'[' {
            j = self.s[j..].iter().position(|&b| b == b']')? + j + 1;
        }
        let field = from..j;
        if !field.is_empty() {
            let first = self.s[from];
            let numeric = self.s[from..j]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if !(is_ident_start(first) || numeric > 0) {
                return None;
            }
        }
        if self.at(j) == b'!' {
            if !matches!(self.at(j + 1), b'r' | b's' | b'a') {
                return None;
            }
            j += 2;
        }
        if self.at(j) == b':' {
            // The format spec may hold nested fields: `{0:{width}}`.
            let mut depth = 0;
            loop {
                j += 1;
                match self.at(j) {
                    0 => return None,
                    b'{' => depth += 1,
                    b'}' if depth == 0 => break,
                    b'}' => depth -= 1,
                    _ => {}
                }
            }
        }
        if self.at(j) != b'}' {
            return None;
        }
        if field.is_empty() {
            let n = self.brace_auto;
            self.brace_auto += 1;
            self.out.tokens.push(Token {
                start: self.base + i,
                end: self.base + j + 1,
                slot: Slot::Named(Style::Brace, n.to_string()),
                spec: String::new(),
                name: None,
                printf: None,
                segment: self.segment,
            });
        } else {
            self.named(i, j + 1, Style::Brace, field, String::new());
        }
        Some(j + 1)
    }

    /// `$name` or `${name}` at `i`.
    fn dollar(&mut self, i: usize) -> Option<usize> {
        let braced = self.at(i + 1) == b'{';
        let from = if braced { i + 2 } else { i + 1 };
        if !is_ident_start(self.at(from)) {
            return None;
        }
        let mut j = from;
        while is_ident(self.at(j)) {
            j += 1;
        }
        if braced {
            if self.at(j) != b'}' {
                return None;
            }
            self.named(i, j + 1, Style::Dollar, from..j, String::new());
            return Some(j + 1);
        }
        self.named(i, j, Style::Dollar, from..j, String::new());
        Some(j)
    }

    /// Numbers the printf conversions and merges everything in text order.
    fn finish(mut self) -> Scan {
        let base = self.base;
        let segment = self.segment;
        let printf = std::mem::take(&mut self.printf);
        let numbered = printf
            .iter()
            .any(|p| p.number.is_some() || p.stars.iter().any(Option::is_some));
        let unnumbered = printf.iter().find(|p| {
            p.ty.is_some() && (p.number.is_none() || p.stars.iter().any(Option::is_none))
        });
        if numbered && let Some(p) = unnumbered {
            self.out.mixed = Some((segment, base + p.start, base + p.end));
        } else {
            let mut next = 1;
            for p in &printf {
                let token = |slot: Slot, spec: &str| Token {
                    start: base + p.start,
                    end: base + p.end,
                    slot,
                    spec: spec.to_string(),
                    name: None,
                    printf: Some((p.pos_len, !p.stars.is_empty())),
                    segment,
                };
                let Some(ty) = &p.ty else {
                    let text = String::from_utf8_lossy(&self.s[p.start..p.end]).into_owned();
                    self.out
                        .tokens
                        .push(token(Slot::Named(Style::NoArg, text), ""));
                    continue;
                };
                for star in &p.stars {
                    let n = star.unwrap_or_else(|| {
                        next += 1;
                        next - 1
                    });
                    self.out.tokens.push(token(Slot::Arg(n), "int"));
                }
                let n = p.number.unwrap_or_else(|| {
                    next += 1;
                    next - 1
                });
                self.out.tokens.push(token(Slot::Arg(n), ty));
            }
        }
        for (n, (start, end, ty, star)) in std::mem::take(&mut self.python_unnamed)
            .into_iter()
            .enumerate()
        {
            self.out.tokens.push(Token {
                start: base + start,
                end: base + end,
                slot: Slot::Arg(n + 1),
                spec: ty,
                name: None,
                printf: Some((0, star)),
                segment,
            });
        }
        self.out.tokens.sort_by_key(|t| t.start);
        self.out
    }
}

/// The type printf reads for conversion `conv` with length `length`
/// (`Some(None)`: `%m`, no argument; `None`: not a conversion).
fn c_type(conv: u8, length: &str) -> Option<Option<String>> {
    let ty = match conv {
        b'd' | b'i' | b'o' | b'u' | b'x' | b'X' => {
            let size = match length {
                "" => "",
                "hh" => "hh",
                "h" => "h",
                "l" => "l",
                "ll" | "L" | "q" => "ll",
                "j" => "j",
                "z" | "Z" => "z",
                "t" => "t",
                "H" | "D" | "DD" => return None,
                _ => return None,
            };
            int_type(conv, size)?
        }
        b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'a' | b'A' => match length {
            "" | "l" => "double".to_string(),
            "L" => "long double".to_string(),
            "H" | "D" | "DD" => format!("decimal{length}"),
            _ => return None,
        },
        b'c' => match length {
            "" => "char".to_string(),
            "l" => "wint".to_string(),
            _ => return None,
        },
        b'C' if length.is_empty() => "wint".to_string(),
        b's' => match length {
            "" => "string".to_string(),
            "l" => "wstring".to_string(),
            _ => return None,
        },
        b'S' if length.is_empty() => "wstring".to_string(),
        b'p' if length.is_empty() => "pointer".to_string(),
        b'n' => format!("count{length}"),
        b'm' if length.is_empty() => return Some(None),
        _ => return None,
    };
    Some(Some(ty))
}

/// An integer type: signedness by conversion letter, size by length.
fn int_type(conv: u8, size: &str) -> Option<String> {
    let signed = match conv {
        b'd' | b'i' => "int",
        b'o' | b'u' | b'x' | b'X' => "unsigned",
        _ => return None,
    };
    Some(if size.is_empty() {
        signed.to_string()
    } else {
        format!("{size} {signed}")
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// ICU MessageFormat, read from a `{` on.
struct IcuParser<'a, 'b> {
    scanner: &'a Scanner<'b>,
    depth: usize,
}

const ICU_TYPES: &[&str] = &[
    "number", "date", "time", "spellout", "ordinal", "duration", "list", "choice",
];

impl IcuParser<'_, '_> {
    fn at(&self, i: usize) -> u8 {
        self.scanner.at(i)
    }

    fn spaces(&self, mut i: usize) -> usize {
        while self.at(i).is_ascii_whitespace() {
            i += 1;
        }
        i
    }

    fn word(&self, mut i: usize) -> usize {
        while is_ident(self.at(i)) || self.at(i) == b'-' || self.at(i) == b'.' {
            i += 1;
        }
        i
    }

    /// An argument `{name …}` at `i` (inside the plural `plural` if any);
    /// the index after its `}`.
    fn argument(&mut self, i: usize, plural: Option<&str>, out: &mut Scan) -> Option<usize> {
        self.depth += 1;
        if self.depth > 16 {
            return None;
        }
        let base = self.scanner.base;
        let segment = self.scanner.segment;
        let s = self.scanner.s;
        let from = self.spaces(i + 1);
        let to = self.word(from);
        if to == from || !(is_ident_start(s[from]) || s[from].is_ascii_digit()) {
            return None;
        }
        let name = String::from_utf8_lossy(&s[from..to]).into_owned();
        let mut j = self.spaces(to);
        let token = |end: usize| Token {
            start: base + i,
            end: base + end,
            slot: Slot::Named(Style::Brace, name.clone()),
            spec: String::new(),
            name: Some(base + from..base + to),
            printf: None,
            segment,
        };
        if self.at(j) == b'}' {
            out.tokens.push(token(j + 1));
            self.depth -= 1;
            return Some(j + 1);
        }
        if self.at(j) != b',' {
            return None;
        }
        j = self.spaces(j + 1);
        let kind_end = self.word(j);
        let kind = String::from_utf8_lossy(&s[j..kind_end]).into_owned();
        j = self.spaces(kind_end);
        let choice = matches!(kind.as_str(), "plural" | "selectordinal" | "select");
        if !choice {
            if !ICU_TYPES.contains(&kind.as_str()) {
                return None;
            }
            // A style (`{n, number, ::percent}`): up to the matching `}`.
            let mut depth = 0usize;
            loop {
                match self.at(j) {
                    0 => return None,
                    b'{' => depth += 1,
                    b'}' if depth == 0 => break,
                    b'}' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            out.tokens.push(token(j + 1));
            self.depth -= 1;
            return Some(j + 1);
        }
        if self.at(j) != b',' {
            return None;
        }
        j = self.spaces(j + 1);
        let inner_plural = if kind == "select" {
            plural.map(str::to_string)
        } else {
            Some(name.clone())
        };
        let mut selectors = Vec::new();
        let mut other_counts = false;
        let mut branches = Scan::default();
        loop {
            j = self.spaces(j);
            if self.at(j) == b'}' {
                break;
            }
            if s[j..].starts_with(b"offset:") {
                j = self.spaces(j + "offset:".len());
                j = self.scanner.number(j)?.1;
                continue;
            }
            let sel_from = j;
            if self.at(j) == b'=' {
                j += 1;
                j = self.scanner.number(j)?.1;
            } else {
                j = self.word(j);
            }
            if j == sel_from {
                return None;
            }
            let selector = String::from_utf8_lossy(&s[sel_from..j]).into_owned();
            j = self.spaces(j);
            if self.at(j) != b'{' {
                return None;
            }
            let before = branches.tokens.len();
            let (end, hashes) = self.message(j + 1, inner_plural.as_deref(), &mut branches)?;
            if selector == "other" {
                other_counts = hashes > 0
                    || branches.tokens[before..]
                        .iter()
                        .any(|t| t.slot == Slot::Named(Style::Brace, name.clone()));
            }
            selectors.push(selector);
            j = end + 1;
        }
        out.tokens.push(token(j + 1));
        out.choices.push(IcuChoice {
            name: name.clone(),
            kind,
            selectors,
            other_counts,
            start: base + i,
            end: base + j + 1,
            segment,
        });
        out.tokens.extend(branches.tokens);
        out.choices.extend(branches.choices);
        self.depth -= 1;
        Some(j + 1)
    }

    /// A branch message from `i` to its closing `}`: the index of that `}`
    /// and the number of `#` in it (outside nested arguments).
    fn message(
        &mut self,
        mut i: usize,
        plural: Option<&str>,
        out: &mut Scan,
    ) -> Option<(usize, usize)> {
        let s = self.scanner.s;
        let mut hashes = 0;
        loop {
            match self.at(i) {
                0 if i >= s.len() => return None,
                b'}' => return Some((i, hashes)),
                b'\'' => {
                    // `''` is an apostrophe; `'{…}'` quotes syntax.
                    if self.at(i + 1) == b'\'' {
                        i += 2;
                    } else if matches!(self.at(i + 1), b'{' | b'}' | b'#' | b'|') {
                        i = s[i + 1..]
                            .iter()
                            .position(|&b| b == b'\'')
                            .map_or(s.len(), |p| p + i + 2);
                    } else {
                        i += 1;
                    }
                }
                b'#' if plural.is_some() => {
                    hashes += 1;
                    i += 1;
                }
                b'{' => {
                    if self.at(i + 1) == b'{' && self.scanner.syn.double_brace {
                        let close = find(s, b"}}", i + 2)?;
                        i = close + 2;
                    } else {
                        i = self.argument(i, plural, out)?;
                    }
                }
                _ => i += 1,
            }
        }
    }
}

/// One difference between the two sides.
#[derive(Debug, Clone, PartialEq)]
struct Problem {
    message: String,
    /// (segment, start, end) in the source.
    source: Option<(usize, usize, usize)>,
    /// (segment, start, end) in the target.
    target: Option<(usize, usize, usize)>,
    fix: Option<Fix>,
    /// What the translation should have: the fix's replacement, or the whole
    /// placeholder when the fix replaces only its name.
    suggestion: Option<String>,
}

fn at(token: &Token) -> Option<(usize, usize, usize)> {
    Some((token.segment, token.start, token.end))
}

/// How a slot is named in messages.
fn describe(slot: &Slot, text: &str) -> String {
    match slot {
        Slot::Arg(n) => format!("'{text}' (argument {n})"),
        Slot::Named(..) => format!("'{text}'"),
    }
}

/// The tokens of a scan by slot.
fn group(scan: &Scan) -> BTreeMap<Slot, Vec<&Token>> {
    let mut map: BTreeMap<Slot, Vec<&Token>> = BTreeMap::new();
    for t in &scan.tokens {
        map.entry(t.slot.clone()).or_default().push(t);
    }
    map
}

/// Compares the placeholders of a source and a target. `relaxed`: the
/// target may omit source placeholders (first plural form); `plural_source`:
/// the `msgid_plural` scan, whose placeholders the first form may also use.
fn compare(
    source: &Scan,
    target: &Scan,
    source_text: &str,
    target_text: &str,
    relaxed: bool,
    plural_source: Option<&Scan>,
) -> Vec<Problem> {
    let text = |doc: &str, t: &Token| doc[t.start..t.end].to_string();
    let mut problems = Vec::new();
    if let Some((segment, start, end)) = target.mixed {
        problems.push(Problem {
            message: format!(
                "'{}' is unnumbered while other conversions of the translation are numbered (%1$s): printf rejects the mix; number every conversion",
                &target_text[start..end]
            ),
            source: None,
            target: Some((segment, start, end)),
            fix: None,
            suggestion: None,
        });
    }
    let src = group(source);
    let tgt = group(target);
    let plural = plural_source.map(group).unwrap_or_default();
    let printf_ok = source.mixed.is_none() && target.mixed.is_none();
    let compared = |slot: &Slot| printf_ok || !matches!(slot, Slot::Arg(_));
    let missing: Vec<(&Slot, &Token)> = src
        .iter()
        .filter(|(slot, _)| !tgt.contains_key(*slot) && compared(slot) && !relaxed)
        .map(|(slot, ts)| (slot, ts[0]))
        .collect();
    let added: Vec<(&Slot, &Token)> = tgt
        .iter()
        .filter(|(slot, ts)| {
            !src.contains_key(*slot)
                && compared(slot)
                && !plural
                    .get(*slot)
                    .is_some_and(|p| ts.iter().all(|t| t.spec == p[0].spec))
        })
        .map(|(slot, ts)| (slot, ts[0]))
        .collect();
    // One name of a syntax missing and one added: a rename, fixed by the
    // source's name.
    let mut renamed = Vec::new();
    for &(slot, s) in &missing {
        let Slot::Named(style, sname) = slot else {
            continue;
        };
        let same_style = |list: &[(&Slot, &Token)]| {
            list.iter()
                .filter(|(sl, _)| matches!(sl, Slot::Named(st, _) if st == style))
                .count()
        };
        if same_style(&missing) != 1 || same_style(&added) != 1 {
            continue;
        }
        let Some(&(tslot, t)) = added
            .iter()
            .find(|(sl, _)| matches!(sl, Slot::Named(st, _) if st == style))
        else {
            continue;
        };
        let Slot::Named(_, tname) = tslot else {
            continue;
        };
        let fix = t.name.clone().map(|name| Fix {
            start: name.start,
            end: name.end,
            replacement: sname.clone(),
        });
        let whole = text(source_text, s);
        let suggestion = if whole.len() <= 40 && !whole.contains('\n') {
            whole
        } else {
            sname.clone()
        };
        problems.push(Problem {
            message: format!(
                "'{}' should be '{}' as in the source: the source has no '{tname}'",
                text(target_text, t),
                text(source_text, s)
            ),
            source: at(s),
            target: at(t),
            fix,
            suggestion: Some(suggestion),
        });
        renamed.push((slot.clone(), tslot.clone()));
    }
    for (slot, s) in &missing {
        if renamed.iter().any(|(m, _)| m == *slot) {
            continue;
        }
        problems.push(Problem {
            message: format!(
                "the placeholder {} of the source is missing from the translation",
                describe(slot, &text(source_text, s))
            ),
            source: at(s),
            target: None,
            fix: None,
            suggestion: None,
        });
    }
    for (slot, t) in &added {
        if renamed.iter().any(|(_, a)| a == *slot) {
            continue;
        }
        problems.push(Problem {
            message: format!(
                "the placeholder {} of the translation is not in the source",
                describe(slot, &text(target_text, t))
            ),
            source: None,
            target: at(t),
            fix: None,
            suggestion: None,
        });
    }
    for (slot, ts) in &tgt {
        let Some(ss) = src.get(slot) else { continue };
        if !compared(slot) {
            continue;
        }
        let s = ss[0];
        for t in ts {
            if t.spec == s.spec {
                continue;
            }
            let (stext, ttext) = (text(source_text, s), text(target_text, t));
            // The source's conversion, with the translation's `N$`.
            let fix = match (s.printf, t.printf) {
                (Some((spos, false)), Some((tpos, false))) => Some(Fix {
                    start: t.start,
                    end: t.end,
                    replacement: format!("%{}{}", &ttext[1..1 + tpos], &stext[1 + spos..]),
                }),
                (None, None) if t.name.is_some() => Some(Fix {
                    start: t.start,
                    end: t.end,
                    replacement: stext.clone(),
                }),
                _ => None,
            };
            let expected = fix.as_ref().map(|f| f.replacement.clone());
            let order = matches!(slot, Slot::Arg(_))
                && s.printf.is_some_and(|p| p.0 == 0)
                && t.printf.is_some_and(|p| p.0 == 0)
                && src.values().any(|o| o.iter().any(|o| o.spec == t.spec));
            let mut message = match &expected {
                Some(e) => format!(
                    "'{ttext}' should be '{e}': {} is '{stext}' in the source",
                    match slot {
                        Slot::Arg(n) => format!("argument {n}"),
                        Slot::Named(..) => "it".to_string(),
                    }
                ),
                None => format!("'{ttext}' does not read the same type as '{stext}' in the source"),
            };
            if order {
                message.push_str(
                    "; unnumbered conversions must keep the source's order (use %1$s, %2$d … to reorder)",
                );
            }
            problems.push(Problem {
                message,
                source: at(s),
                target: at(t),
                suggestion: expected,
                fix,
            });
        }
    }
    problems.extend(compare_choices(source, target, relaxed));
    problems.sort_by_key(|p| (p.target.map(|t| t.1), p.source.map(|s| s.1)));
    problems.dedup_by(|a, b| a.message == b.message && a.target == b.target);
    problems
}

/// ICU plural/select branches: `other`, explicit `=N` and select keys kept,
/// `#` kept in `other`.
fn compare_choices(source: &Scan, target: &Scan, relaxed: bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    for s in &source.choices {
        let Some(t) = target
            .choices
            .iter()
            .find(|t| t.name == s.name && t.kind == s.kind)
        else {
            continue;
        };
        let here = |message: String| Problem {
            message,
            source: Some((s.segment, s.start, s.end)),
            target: Some((t.segment, t.start, t.end)),
            fix: None,
            suggestion: None,
        };
        if !t.selectors.iter().any(|x| x == "other") {
            problems.push(here(format!(
                "the {} of '{}' has no 'other' branch, which ICU requires",
                t.kind, t.name
            )));
        }
        for sel in &s.selectors {
            let kept = t.selectors.contains(sel);
            let needed = sel != "other" && (sel.starts_with('=') || s.kind == "select");
            if needed && !kept {
                problems.push(here(format!(
                    "the '{sel}' branch of the {} of '{}' is missing from the translation",
                    s.kind, s.name
                )));
            }
        }
        if s.kind != "select"
            && s.other_counts
            && !t.other_counts
            && t.selectors.iter().any(|x| x == "other")
            && !relaxed
        {
            problems.push(here(format!(
                "the 'other' branch of the {} of '{}' does not show the number ('#')",
                t.kind, t.name
            )));
        }
    }
    problems
}

/// The catalogue entry a segment belongs to, if any.
fn entry_of(doc: &Document, segment: usize) -> Option<&Entry> {
    match &doc.segment_block(segment)?.kind {
        BlockKind::Entry(e) => Some(e),
        _ => None,
    }
}

/// Whether the first plural form of `lang` (gettext's `Plural-Forms`)
/// applies to finitely many numbers (`n == 1`, `n <= 1`), so that `msgfmt -c`
/// lets it omit the number. Languages with one form, or whose first form is
/// `n % 10 == 1` (1, 21, 31 …), need it.
pub fn first_form_is_finite(lang: Lang) -> bool {
    !matches!(
        lang.code(),
        "ja" | "zh"
            | "ko"
            | "vi"
            | "th"
            | "id"
            | "ms"
            | "lo"
            | "my"
            | "km"
            | "ru"
            | "uk"
            | "be"
            | "sr"
            | "hr"
            | "bs"
            | "lt"
            | "lv"
            | "sl"
            | "is"
            | "mk"
    )
}

/// The key of an entry without its plural index `[n]`.
fn key_stem(key: &str) -> &str {
    match key.rfind('[') {
        Some(i)
            if key.ends_with(']')
                && key[i + 1..key.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_digit()) =>
        {
            &key[..i]
        }
        _ => key,
    }
}

/// Scans the segments `range` of `doc` as one text (unnumbered printf
/// conversions are numbered across the link's sentences).
fn scan_side(doc: &Document, range: Range<usize>, syn: Syntaxes, entry: bool) -> Scan {
    if range.is_empty() {
        return Scan::default();
    }
    let from = doc.segments[range.start].start;
    let to = doc.segments[range.end - 1].end;
    // Catalogue entries are read as the file has them (the reader may have
    // blanked their placeholders from the prose as protected); prose is read
    // without inline code, URLs and markup.
    let text = if entry {
        &doc.text[from..to]
    } else {
        &doc.prose_or_text()[from..to]
    };
    let mut found = scan(text, from, range.start, syn);
    // Placeholders the reader marked (XLIFF `<ph>`) and the scanner did not
    // see.
    for p in doc.protected_in(from, to) {
        if p.kind != ProtectedKind::Placeholder
            || found
                .tokens
                .iter()
                .any(|t| t.start < p.end && p.start < t.end)
        {
            continue;
        }
        let value = if p.value.is_empty() {
            doc.text[p.start..p.end].to_string()
        } else {
            p.value.clone()
        };
        found.tokens.push(Token {
            start: p.start,
            end: p.end,
            slot: Slot::Named(Style::Protected, value),
            spec: String::new(),
            name: None,
            printf: None,
            segment: range.start,
        });
    }
    found.tokens.sort_by_key(|t| t.start);
    let segment_of = |offset: usize| {
        let i = doc.segments[range.clone()].partition_point(|s| s.start <= offset);
        range.start + i.saturating_sub(1)
    };
    for t in &mut found.tokens {
        t.segment = segment_of(t.start);
    }
    for c in &mut found.choices {
        c.segment = segment_of(c.start);
    }
    if let Some(m) = &mut found.mixed {
        m.0 = segment_of(m.1);
    }
    found
}

impl Check for Placeholders {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let links = &ctx.alignment.links;
        for (index, link) in links.iter().enumerate() {
            if link.source.is_empty() || link.target.is_empty() {
                continue;
            }
            let source_entry = entry_of(ctx.source, link.source.start);
            let target_entry = entry_of(ctx.target, link.target.start);
            let is_entry = source_entry.is_some() || target_entry.is_some();
            let syn = if is_entry {
                let mut flags: Vec<String> = Vec::new();
                for e in [source_entry, target_entry].into_iter().flatten() {
                    for f in &e.flags {
                        if !flags.contains(f) {
                            flags.push(f.clone());
                        }
                    }
                }
                match Syntaxes::for_entry(&flags) {
                    Some(s) => s,
                    None => continue,
                }
            } else {
                Syntaxes::prose()
            };
            let source = scan_side(ctx.source, link.source.clone(), syn, is_entry);
            let target = scan_side(ctx.target, link.target.clone(), syn, is_entry);
            if source.is_empty() && target.is_empty() {
                continue;
            }
            let plural = target_entry.or(source_entry).and_then(|e| e.plural);
            let relaxed = plural == Some(0) && first_form_is_finite(ctx.target.lang);
            // The source of the entry's other forms (msgid_plural).
            let plural_source = (plural == Some(0))
                .then(|| {
                    let key = key_stem(&target_entry.or(source_entry)?.key).to_string();
                    links[index + 1..]
                        .iter()
                        .take(8)
                        .filter(|l| !l.source.is_empty() && !l.target.is_empty())
                        .find(|l| {
                            entry_of(ctx.target, l.target.start)
                                .or_else(|| entry_of(ctx.source, l.source.start))
                                .is_some_and(|e| {
                                    e.plural.is_some_and(|p| p > 0) && key_stem(&e.key) == key
                                })
                        })
                        .map(|l| scan_side(ctx.source, l.source.clone(), syn, is_entry))
                })
                .flatten();
            for p in compare(
                &source,
                &target,
                &ctx.source.text,
                &ctx.target.text,
                relaxed,
                plural_source.as_ref(),
            ) {
                let source = match p.source {
                    Some((seg, start, end)) => Position::new(ctx.source, seg, start, end),
                    None => Position::segment(ctx.source, link.source.start),
                };
                let target = match p.target {
                    Some((seg, start, end)) => Position::new(ctx.target, seg, start, end),
                    None => Position::segment(ctx.target, link.target.start),
                };
                out.push(Finding {
                    rule: RULE,
                    severity: Severity::Error,
                    message: p.message,
                    source: Some(source),
                    target: Some(target),
                    suggestion: p.suggestion,
                    link: index,
                    fix: p.fix,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Alignment, Link};
    use crate::document::{Block, Layout, Protected};

    /// A catalogue of entries `(text, flags, plural)`, one segment each.
    fn catalogue(name: &str, lang: Lang, entries: &[(&str, &[&str], Option<usize>)]) -> Document {
        let mut text = String::new();
        let mut blocks = Vec::new();
        let mut spans = Vec::new();
        for (i, (t, flags, plural)) in entries.iter().enumerate() {
            let start = text.len();
            text.push_str(t);
            blocks.push(Block {
                kind: BlockKind::Entry(Box::new(Entry {
                    key: match plural {
                        Some(n) => format!("k{}[{n}]", i - plural.unwrap_or(0).min(i)),
                        None => format!("k{i}"),
                    },
                    flags: flags.iter().map(|f| f.to_string()).collect(),
                    plural: *plural,
                })),
                start,
                end: text.len(),
            });
            spans.push((start, text.len(), Some(i)));
            text.push('\n');
        }
        let layout = Layout {
            blocks,
            ..Layout::default()
        };
        Document::with_layout(name.into(), text, lang, layout, &spans)
    }

    fn run_docs(source: &Document, target: &Document) -> Vec<Finding> {
        let alignment = Alignment::one_to_one(source.segments.len());
        crate::check::run_on(&Placeholders, source, target, &alignment)
    }

    /// Runs the check on one English → French entry with `flags`.
    fn entry(source: &str, target: &str, flags: &[&str]) -> Vec<Finding> {
        let s = catalogue("s.po", Lang::EN, &[(source, flags, None)]);
        let t = catalogue("t.po", Lang::FR, &[(target, flags, None)]);
        run_docs(&s, &t)
    }

    use crate::check::words;

    fn c(source: &str, target: &str) -> Vec<Finding> {
        entry(source, target, &["c-format"])
    }

    fn prose(source: &str, target: &str) -> Vec<Finding> {
        super::super::run_on_one_link(&Placeholders, source, target)
    }

    fn messages(found: &[Finding]) -> Vec<&str> {
        found.iter().map(|f| f.message.as_str()).collect()
    }

    fn tokens(text: &str, syn: Syntaxes) -> Vec<String> {
        scan(text, 0, 0, syn)
            .tokens
            .iter()
            .map(|t| format!("{}={:?}:{}", &text[t.start..t.end], t.slot, t.spec))
            .collect()
    }

    fn c_syn() -> Syntaxes {
        Syntaxes::for_entry(&["c-format".to_string()]).unwrap()
    }

    #[test]
    fn printf_conversions_are_read_with_flags_width_precision_and_length() {
        let t = tokens(
            "%s %d %.*s %-20.127s %lu %llu %zu %jd %<PRIuMAX> %% %lc %td %Hd %5.2f",
            c_syn(),
        );
        assert_eq!(
            t,
            vec![
                "%s=Arg(1):string",
                "%d=Arg(2):int",
                "%.*s=Arg(3):int",
                "%.*s=Arg(4):string",
                "%-20.127s=Arg(5):string",
                "%lu=Arg(6):l unsigned",
                "%llu=Arg(7):ll unsigned",
                "%zu=Arg(8):z unsigned",
                "%jd=Arg(9):j int",
                "%<PRIuMAX>=Arg(10):j unsigned",
                "%lc=Arg(11):wint",
                "%td=Arg(12):t int",
                "%5.2f=Arg(13):double",
            ],
            "%Hd is no C conversion (H is for decimal floats), %% a literal"
        );
    }

    #[test]
    fn positions_number_the_arguments() {
        let t = tokens("%2$s: %1$<PRIdMAX> %3$*4$d", c_syn());
        assert_eq!(
            t,
            vec![
                "%2$s=Arg(2):string",
                "%1$<PRIdMAX>=Arg(1):j int",
                "%3$*4$d=Arg(4):int",
                "%3$*4$d=Arg(3):int",
            ]
        );
        assert!(scan("%1$s %s", 0, 0, c_syn()).mixed.is_some());
    }

    #[test]
    fn the_same_conversions_are_fine() {
        assert!(
            c(
                "%s: cannot open %s: %lu bytes",
                "%s : impossible d'ouvrir %s : %lu octets"
            )
            .is_empty()
        );
        assert!(c("100%% done: %d", "100 %% faits : %d").is_empty());
        assert!(c("%<PRIdMAX> byte", "%<PRIdMAX> octet").is_empty());
        assert!(
            c("%jd files", "%<PRIdMAX> fichiers").is_empty(),
            "the same type"
        );
        assert!(c("%u or %x", "%x ou %o").is_empty(), "same unsigned int");
        assert!(c("invalid flags: %%%c%c", "attributs incorrects : %%%c%c").is_empty());
    }

    #[test]
    fn positional_reordering_is_fine() {
        assert!(c("Renaming %s to %s.\n", "Renommage vers %2$s de %1$s.\n").is_empty());
        assert!(c("%1$s then %2$s", "%2$s puis %1$s").is_empty());
        assert!(
            c(
                "failed to truncate to %<PRIdMAX> bytes in %s",
                "échec de troncature de %2$s à %1$<PRIdMAX> octets"
            )
            .is_empty()
        );
    }

    #[test]
    fn a_changed_type_is_reported_with_its_fix() {
        let (source, target) = ("Number out of range: %s", "Nombre hors limites : %d");
        let f = c(source, target);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(words(target, &f[0].target), "%d");
        assert_eq!(words(source, &f[0].source), "%s");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "%s");
        assert!(f[0].message.contains("argument 1"), "{}", f[0].message);
        // With positions the fix keeps the translation's number.
        let f = c("%s in %s", "%2$d dans %1$s");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "%2$s");
        // Width and flags of the source come back with it.
        let f = c("[%-10s]", "[%10d]");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "%-10s");
        // A length change is a type change.
        assert_eq!(c("%lu files", "%u fichiers").len(), 1);
    }

    #[test]
    fn unnumbered_conversions_must_keep_their_order() {
        let f = c("%s: %d errors", "%d erreurs : %s");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].message.contains("order"), "{}", f[0].message);
    }

    #[test]
    fn a_dropped_or_added_placeholder_is_reported() {
        let source = "changing group of %s";
        let f = c(source, "modification du groupe");
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("missing"), "{}", f[0].message);
        assert_eq!(words(source, &f[0].source), "%s");
        assert!(f[0].fix.is_none());
        let target = "%s : échec d'écriture (%s)";
        let f = c("%s: write failed", target);
        assert_eq!(f.len(), 1);
        assert_eq!(words(target, &f[0].target), "%s");
        assert_eq!(f[0].target.as_ref().unwrap().column, 24);
        assert!(
            f[0].message.contains("not in the source"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn positional_misuse_drops_an_argument() {
        let f = c("couldn't readlink %s: %s", "impossible de lire %2$s : %2$s");
        assert_eq!(messages(&f).len(), 1, "{f:?}");
        assert!(f[0].message.contains("argument 1"), "{}", f[0].message);
        // Half numbered, half not: printf rejects it.
        let f = c("Usage: %s or %s or %s", "Utilisation : %2$s ou %2$s ou %s");
        assert!(f.iter().any(|f| f.message.contains("unnumbered")), "{f:?}");
    }

    #[test]
    fn python_named_and_unnamed() {
        let py = &["python-format"];
        assert!(
            entry(
                "Downloading %(current)li of %(total)li",
                "Téléchargement de %(current)li sur %(total)li",
                py
            )
            .is_empty()
        );
        assert!(entry("%(a)s and %(b)s", "%(b)s et %(a)s", py).is_empty());
        let f = entry("Breaks '%(pkgname)s'", "Casse « %(paquet)s »", py);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.contains("should be '%(pkgname)s'"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "pkgname");
        let f = entry("%(n)d files", "%(n)s fichiers", py);
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "%(n)d");
        let f = entry("Cannot install '%s'", "Impossible d'installer", py);
        assert_eq!(f.len(), 1);
        // Python has no %N$ positions.
        assert!(entry("50%% of %s", "50 %% de %s", py).is_empty());
    }

    #[test]
    fn python_brace_fields() {
        let pb = &["python-brace-format"];
        assert_eq!(
            tokens(
                "{name} {0} {0:>8} {} {user.name!r} {{literal}}",
                Syntaxes::for_entry(&["python-brace-format".into()]).unwrap()
            ),
            vec![
                "{name}=Named(Brace, \"name\"):",
                "{0}=Named(Brace, \"0\"):",
                "{0:>8}=Named(Brace, \"0\"):",
                "{}=Named(Brace, \"0\"):",
                "{user.name!r}=Named(Brace, \"user.name\"):",
            ]
        );
        assert!(entry("{0:>8} of {total}", "{total} : {0:<8}", pb).is_empty());
        let target = "Bonjour {nom}";
        let f = entry("Hello {name}", target, pb);
        assert_eq!(f.len(), 1);
        assert_eq!(words(target, &f[0].target), "{nom}");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "name");
        assert_eq!(entry("{a} {b}", "{a}", pb).len(), 1);
    }

    #[test]
    fn double_brace_percent_brace_dollar_and_qt() {
        assert!(entry("Hello, {{name}}!", "Bonjour, {{ name }} !", &[]).is_empty());
        let f = entry("Hello, {{name}}!", "Bonjour, {{nom}} !", &[]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "name");
        assert_eq!(f[0].suggestion.as_deref(), Some("{{name}}"));
        assert_eq!(
            entry("Delete {{count}} files", "Supprimer {count} fichiers", &[]).len(),
            2,
            "double and single braces differ"
        );
        assert_eq!(entry("%{count} files", "%{nombre} fichiers", &[]).len(), 1);
        assert!(entry("%{count} files", "%{count} fichiers", &[]).is_empty());
        let sh = &["sh-format"];
        assert!(entry("Copying $file to ${dir}", "Copie de $file vers ${dir}", sh).is_empty());
        assert_eq!(entry("Copying $file", "Copie de $fichier", sh).len(), 1);
        let qt = &["qt-format"];
        assert!(entry("%1 of %2", "%2 sur %1", qt).is_empty());
        assert_eq!(entry("%1 of %2", "%1 sur %3", qt).len(), 1);
        // Without the flag, `$` and `%1` are text.
        assert!(entry("Costs $5 or %1", "Coûte 5 $", &[]).is_empty());
    }

    #[test]
    fn icu_arguments_plural_and_select() {
        let src = "{count, plural, one {# file selected} other {# files selected}}";
        assert!(entry(src, "{count, plural, one {# fichier sélectionné} many {# de fichiers} other {# fichiers sélectionnés}}", &[]).is_empty());
        let f = entry(src, "{count, plural, one {# fichier sélectionné}}", &[]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("'other'"), "{}", f[0].message);
        let trash = "{count, plural, =0 {The trash is empty} one {# item} other {# items}}";
        let f = entry(
            trash,
            "{count, plural, one {# élément} other {# éléments}}",
            &[],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("'=0'"), "{}", f[0].message);
        let f = entry(
            src,
            "{count, plural, one {# fichier} other {fichiers}}",
            &[],
        );
        assert!(f[0].message.contains("'#'"), "{f:?}");
        let f = entry(
            src,
            "{nombre, plural, one {# fichier} other {# fichiers}}",
            &[],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "count");
        assert_eq!(
            f[0].suggestion.as_deref(),
            Some("count"),
            "the whole plural is too long to suggest"
        );
        assert_eq!(
            f[0].fix.as_ref().unwrap().end - f[0].fix.as_ref().unwrap().start,
            "nombre".len()
        );
        let owner = "{gender, select, female {She owns it} male {He owns it} other {They own it}}";
        assert!(
            entry(
                owner,
                "{gender, select, female {À elle} male {À lui} other {À eux}}",
                &[]
            )
            .is_empty()
        );
        let f = entry(
            owner,
            "{gender, select, female {À elle} other {À eux}}",
            &[],
        );
        assert!(f[0].message.contains("'male'"), "{f:?}");
        // Arguments inside branches count.
        let f = entry(
            "{n, plural, one {# file in {dir}} other {# files in {dir}}}",
            "{n, plural, one {# fichier} other {# fichiers}}",
            &[],
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("'{dir}'"), "{}", f[0].message);
        // Quoted braces are text; `{percent}%` is no printf.
        assert!(
            entry(
                "Using {used} ({percent}%)",
                "Utilise {used} ({percent} %)",
                &[]
            )
            .is_empty()
        );
        assert!(entry("'{'literal'}' {x}", "'{'littéral'}' {x}", &[]).is_empty());
        assert_eq!(
            tokens(
                "{n, number, ::percent} {d, date, short}",
                Syntaxes::for_entry(&[]).unwrap()
            ),
            vec![
                "{n, number, ::percent}=Named(Brace, \"n\"):",
                "{d, date, short}=Named(Brace, \"d\"):"
            ]
        );
    }

    #[test]
    fn flags_choose_the_syntaxes() {
        // A strftime string marked no-c-format: `%d` is no printf argument.
        assert!(entry("%H:%M on %d", "%d à %H h %M", &["no-c-format"]).is_empty());
        assert!(Syntaxes::for_entry(&["no-c-format".into()]).is_some_and(|s| !s.c_printf));
        // python-format: `{x}` is text.
        assert!(entry("Set {x} to %s", "Régler {y} à %s", &["python-format"]).is_empty());
        // c-format: `%(x)s` is not Python's, `{x}` is text.
        assert!(entry("{a} %d", "{b} %d", &["c-format"]).is_empty());
        // Detection without a flag: printf and braces both.
        assert_eq!(entry("{a} %d", "{b} %s", &[]).len(), 2);
    }

    #[test]
    fn detection_without_a_flag_leaves_percent_signs_of_numbers_alone() {
        assert!(entry("50 % done", "50 % faits", &[]).is_empty());
        assert!(entry("Done: 50% of it", "Fait : 50 % de", &[]).is_empty());
        assert!(entry("3,5 % des cas", "3.5% of cases", &[]).is_empty());
        // The space flag is only for declared c-format.
        assert!(entry("a % d", "b", &[]).is_empty());
        assert_eq!(c("a % d", "b").len(), 1);
    }

    #[test]
    fn prose_is_scanned_conservatively() {
        assert!(
            prose(
                "Il reste 50 % des fonds, soit {une part}.",
                "50% of the funds remain, {a share}."
            )
            .is_empty()
        );
        assert!(prose("Voir %since et 100%d", "See it").is_empty());
        let f = prose("Le fichier %s est introuvable.", "The file is missing.");
        assert_eq!(f.len(), 1, "{f:?}");
        let f = prose("Bonjour {{nom}} !", "Hello {{name}}!");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(prose("Écrivez %1$d puis %(x)s.", "Write %1$d then %(x)s.").is_empty());
        assert_eq!(prose("Écrivez %1$d.", "Write %1$s.").len(), 1);
        assert!(
            prose("{name} et { x }", "{nom} and {y}").is_empty(),
            "single braces are prose"
        );
    }

    #[test]
    fn plural_forms_follow_msgfmt() {
        // English msgid / msgid_plural → French msgstr[0] / msgstr[1].
        let flags: &[&str] = &["c-format"];
        let run = |s0: &str, s1: &str, t0: &str, t1: &str, target: Lang| {
            let s = catalogue(
                "s.po",
                Lang::EN,
                &[(s0, flags, Some(0)), (s1, flags, Some(1))],
            );
            let t = catalogue(
                "t.po",
                target,
                &[(t0, flags, Some(0)), (t1, flags, Some(1))],
            );
            run_docs(&s, &t)
        };
        let fr = Lang::FR;
        assert!(run("%d file", "%d files", "%d fichier", "%d fichiers", fr).is_empty());
        // French msgstr[0] covers 0 and 1: it may omit the number…
        assert!(run("%d file", "%d files", "un fichier", "%d fichiers", fr).is_empty());
        // … but not in a language whose first form is 1, 21, 31 …
        let ru = Lang::parse("ru").unwrap();
        assert_eq!(
            run("%d file", "%d files", "один файл", "%d файлов", ru).len(),
            1
        );
        // … and msgstr[1] never may.
        let f = run("%d file", "%d files", "%d fichier", "des fichiers", fr);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].target.as_ref().unwrap().segment, 1);
        // Omitting the first of two shifts the second: a type change.
        let f = run(
            "%d file in %s",
            "%d files in %s",
            "un fichier dans %s",
            "%d fichiers dans %s",
            fr,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        // msgstr[0] may use what msgid_plural has ("One file" / "%d files").
        assert!(run("One file", "%d files", "%d fichier", "%d fichiers", fr).is_empty());
        // But not add something neither has, nor change a type.
        assert_eq!(
            run("One file", "%d files", "%d fichier %s", "%d fichiers", fr).len(),
            1
        );
        assert_eq!(
            run("%d file", "%d files", "%s fichier", "%d fichiers", fr).len(),
            1
        );
    }

    #[test]
    fn reader_marked_placeholders_are_compared() {
        // An XLIFF `<ph id="1"/>` the reader kept as a protected span.
        let make = |text: &str, ph: Option<(&str, &str)>| {
            let mut protected = Vec::new();
            if let Some((at, value)) = ph {
                let start = text.find(at).unwrap();
                protected.push(Protected {
                    kind: ProtectedKind::Placeholder,
                    start,
                    end: start + at.len(),
                    value: value.into(),
                });
            }
            let layout = Layout {
                blocks: vec![Block {
                    kind: BlockKind::Entry(Box::default()),
                    start: 0,
                    end: text.len(),
                }],
                protected,
                ..Layout::default()
            };
            Document::with_layout(
                "u.xlf".into(),
                text.into(),
                Lang::EN,
                layout,
                &[(0, text.len(), Some(0))],
            )
        };
        let s = make("Welcome, <ph id=\"1\"/>!", Some(("<ph id=\"1\"/>", "ph:1")));
        let kept = make(
            "Bienvenue, <ph id=\"1\"/> !",
            Some(("<ph id=\"1\"/>", "ph:1")),
        );
        let dropped = make("Bienvenue !", None);
        assert!(run_docs(&s, &kept).is_empty());
        let f = run_docs(&s, &dropped);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("missing"));
    }

    #[test]
    fn multi_segment_links_and_positions() {
        let s = Document::new(
            "s".into(),
            "Ouvrir %s. Puis %d.".into(),
            Lang::FR,
            &[(0, 10), (11, 19)],
        );
        let t = Document::new("t".into(), "Open %s then %s.".into(), Lang::EN, &[(0, 16)]);
        let alignment = Alignment {
            links: vec![Link {
                source: 0..2,
                target: 0..1,
                score: 1.0,
            }],
        };
        let out = crate::check::run_on(&Placeholders, &s, &t, &alignment);
        assert_eq!(out.len(), 1, "{out:?}");
        let src = out[0].source.as_ref().unwrap();
        assert_eq!((src.segment, src.column, src.text(&s)), (1, 17, "%d"));
        let tgt = out[0].target.as_ref().unwrap();
        assert_eq!((tgt.column, tgt.text(&t)), (14, "%s"));
    }

    fn every_syntax(detected: bool, prose: bool) -> Syntaxes {
        Syntaxes {
            c_printf: true,
            python_percent: true,
            python_brace: !detected,
            icu: detected,
            double_brace: true,
            percent_brace: true,
            dollar: true,
            qt: !detected,
            detected,
            prose,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// Any text scans without panicking, to spans on character boundaries,
        /// and compared with itself has no mismatch (except what is wrong on
        /// both sides: a printf mix, an ICU choice without `other`).
        #[test]
        fn a_text_matches_itself(text in "[%{}#$'(),:.*<>=a-zA-Z0-9 éPRIMAX\\n-]{0,60}") {
            for (detected, prose) in [(false, false), (true, false), (true, true)] {
                let syn = every_syntax(detected, prose);
                let found = scan(&text, 0, 0, syn);
                for t in &found.tokens {
                    proptest::prop_assert!(t.start < t.end && t.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                }
                let problems = compare(&found, &found, &text, &text, false, None);
                for p in &problems {
                    proptest::prop_assert!(
                        p.message.contains("unnumbered") || p.message.contains("'other' branch"),
                        "{text:?}: {}", p.message
                    );
                }
            }
        }
    }
}
