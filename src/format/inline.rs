//! What must stay as it is inside a catalogue entry: placeholders (printf,
//! Python, brace, ICU arguments), URLs, e-mail addresses, command-line
//! option names and backquoted code. The readers mark them as protected
//! spans, so checks never read them as prose (`%2$s` is no number, a URL no
//! words), and `markup-mismatch` compares the URL, e-mail, option and code
//! spans of a pair. Placeholders themselves are compared by
//! `placeholder-mismatch`, which reads the entry texts and flags.

use crate::document::{Protected, ProtectedKind};

/// The protected spans of `text`, in order, not overlapping. `flags` are the
/// entry's format flags: `c-format` / `python-format` turn printf
/// directives on in full, `no-c-format` off; without a flag only
/// unambiguous directives (no space flag) count.
pub fn scan(text: &str, flags: &[String]) -> Vec<Protected> {
    let has = |f: &str| flags.iter().any(|x| x == f);
    let printf = if has("no-c-format") && !has("python-format") {
        Printf::Off
    } else if has("c-format") || has("python-format") || has("php-format") || has("sh-format") {
        Printf::Full
    } else {
        Printf::Detect
    };
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut icu_limits = IcuLimits {
        nesting: 0,
        steps_left: 64 * b.len() + 4096,
    };
    let mut i = 0;
    while i < b.len() {
        let found = match b[i] {
            b'%' => percent(text, i, printf),
            b'{' => brace(text, i, &mut icu_limits, &mut out),
            b'`' => backquote(text, i),
            b'-' => option(text, i),
            b'<' => element(text, i),
            b'h' | b'f' | b'w' => url(text, i),
            _ => None,
        }
        .or_else(|| email(text, i));
        match found {
            Some(p) => {
                i = p.end;
                out.push(p);
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out.sort_by_key(|p| (p.start, p.end));
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Printf {
    Off,
    Detect,
    Full,
}

fn span(text: &str, kind: ProtectedKind, start: usize, end: usize) -> Protected {
    Protected {
        kind,
        start,
        end,
        value: text[start..end].to_string(),
    }
}

/// A printf directive (`%s`, `%1$d`, `%-20.127s`, `%<PRIuMAX>`, `%%`),
/// Python `%(name)s` or Ruby `%{name}` at `i`.
fn percent(text: &str, i: usize, mode: Printf) -> Option<Protected> {
    let b = text.as_bytes();
    let mut j = i + 1;
    let at = |j: usize| b.get(j).copied().unwrap_or(0);
    if at(j) == b'%' && mode != Printf::Off {
        return Some(span(text, ProtectedKind::Syntax, i, j + 1));
    }
    // Names are scanned as far as they are words, never to a closing
    // bracket further on: a run of unclosed `%{` stays linear.
    let word_end = |from: usize| from + b[from..].iter().take_while(|&&c| is_word(c)).count();
    if at(j) == b'{' {
        let close = word_end(j + 1);
        return (close > j + 1 && at(close) == b'}')
            .then(|| span(text, ProtectedKind::Placeholder, i, close + 1));
    }
    if at(j) == b'(' {
        let close = word_end(j + 1);
        if close == j + 1 || at(close) != b')' {
            return None;
        }
        j = close + 1;
        while b"-+ #0".contains(&at(j)) {
            j += 1;
        }
        while at(j).is_ascii_digit() {
            j += 1;
        }
        if at(j) == b'.' {
            j += 1;
            while at(j).is_ascii_digit() {
                j += 1;
            }
        }
        while b"hlL".contains(&at(j)) && at(j) != 0 {
            j += 1;
        }
        return b"diouxXeEfFgGcrsa"
            .contains(&at(j))
            .then(|| span(text, ProtectedKind::Placeholder, i, j + 1));
    }
    if mode == Printf::Off {
        return None;
    }
    // %N$
    let digits = |j: &mut usize| {
        let s = *j;
        while at(*j).is_ascii_digit() {
            *j += 1;
        }
        *j > s
    };
    let save = j;
    if !(digits(&mut j) && at(j) == b'$') {
        j = save;
    } else {
        j += 1;
    }
    let flags: &[u8] = if mode == Printf::Full {
        b"-+ #0'I"
    } else {
        b"-+#0'"
    };
    while flags.contains(&at(j)) && at(j) != 0 {
        j += 1;
    }
    let star = |j: &mut usize| {
        if at(*j) == b'*' {
            *j += 1;
            let s = *j;
            if digits(j) && at(*j) == b'$' {
                *j += 1;
            } else {
                *j = s;
            }
            true
        } else {
            digits(j)
        }
    };
    star(&mut j);
    if at(j) == b'.' {
        j += 1;
        star(&mut j);
    }
    if at(j) == b'<' {
        let close = word_end(j + 1);
        let name = &text[j + 1..close];
        return (name.starts_with("PRI") && at(close) == b'>')
            .then(|| span(text, ProtectedKind::Placeholder, i, close + 1));
    }
    for len in [
        "hh", "ll", "I64", "I32", "h", "l", "L", "q", "j", "z", "Z", "t",
    ] {
        if text[j..].starts_with(len) {
            j += len.len();
            break;
        }
    }
    let conv = at(j);
    let ok = b"diouxXeEfFgGaAcspnCSm".contains(&conv) && conv != 0;
    // Without a flag, a directive must not run into a word ("%soit").
    let word_after = at(j + 1).is_ascii_alphabetic() && mode == Printf::Detect;
    (ok && !word_after).then(|| span(text, ProtectedKind::Placeholder, i, j + 1))
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `{{var}}`, `{name}`, `{0}`, `{0:>8}`, `{name!r}`, or an ICU argument
/// (`{count, plural, one {# file} other {# files}}`): its head, selectors
/// and braces are syntax, `#` and the arguments inside placeholders, the
/// branch texts prose.
/// How deep ICU messages may nest: real ones nest two or three levels; the
/// cap keeps a run of unclosed `{a, plural, x {` from overflowing the stack.
const MAX_ICU_DEPTH: usize = 16;

/// Bounds on ICU parsing in one entry. Each unclosed branch starts a nested
/// parse of the rest of the entry, so without a budget of steps (a multiple
/// of the entry's length, far above what real messages take) a run of them
/// costs exponential time; once it is spent, no more ICU syntax is read.
struct IcuLimits {
    nesting: usize,
    steps_left: usize,
}

fn brace(
    text: &str,
    i: usize,
    limits: &mut IcuLimits,
    out: &mut Vec<Protected>,
) -> Option<Protected> {
    let b = text.as_bytes();
    // Each scan stops at the first byte its placeholder cannot hold (a
    // brace among them), never searching on for a closing brace: a run of
    // unclosed `{{` or `{a:` stays linear.
    if b.get(i + 1) == Some(&b'{') {
        let close = i
            + 2
            + b[i + 2..]
                .iter()
                .take_while(|&&c| is_word(c) || b".- ".contains(&c))
                .count();
        let inner = text[i + 2..close].trim();
        return (!inner.is_empty() && b[close..].starts_with(b"}}"))
            .then(|| span(text, ProtectedKind::Placeholder, i, close + 2));
    }
    let rest = &text[i + 1..];
    let name_len = rest
        .bytes()
        .take_while(|&c| is_word(c) || c == b'.')
        .count();
    let after = rest.as_bytes().get(name_len).copied();
    match after {
        Some(b'}') if name_len > 0 => {
            Some(span(text, ProtectedKind::Placeholder, i, i + name_len + 2))
        }
        Some(b':') | Some(b'!') if name_len > 0 || after == Some(b':') => {
            let spec_len = rest.as_bytes()[name_len..]
                .iter()
                .take(13)
                .take_while(|&&c| !b"} {".contains(&c))
                .count();
            let close = name_len + spec_len;
            (spec_len <= 12 && rest.as_bytes().get(close) == Some(&b'}'))
                .then(|| span(text, ProtectedKind::Placeholder, i, i + close + 2))
        }
        Some(b',') if name_len > 0 && limits.nesting < MAX_ICU_DEPTH && limits.steps_left > 0 => {
            limits.nesting += 1;
            let found = icu(text, i, name_len, limits, out);
            limits.nesting -= 1;
            found
        }
        _ => None,
    }
}

/// An ICU `{arg, plural|select|selectordinal, sel {…} …}`: pushes the inner
/// spans to `out` and returns the closing brace's span.
fn icu(
    text: &str,
    i: usize,
    name_len: usize,
    limits: &mut IcuLimits,
    out: &mut Vec<Protected>,
) -> Option<Protected> {
    let b = text.as_bytes();
    let mut j = i + 1 + name_len + 1;
    let skip_ws = |j: &mut usize| {
        while b.get(*j).is_some_and(|c| c.is_ascii_whitespace()) {
            *j += 1;
        }
    };
    skip_ws(&mut j);
    let kw_start = j;
    while b.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
        j += 1;
    }
    let kw = &text[kw_start..j];
    if !matches!(kw, "plural" | "select" | "selectordinal") {
        return None;
    }
    skip_ws(&mut j);
    if b.get(j) != Some(&b',') {
        return None;
    }
    j += 1;
    let mut inner = vec![span(text, ProtectedKind::Syntax, i, j)];
    loop {
        skip_ws(&mut j);
        match b.get(j)? {
            b'}' => {
                out.extend(inner);
                return Some(span(text, ProtectedKind::Syntax, j, j + 1));
            }
            _ => {
                let sel_start = j;
                while b
                    .get(j)
                    .is_some_and(|&c| c != b'{' && !c.is_ascii_whitespace())
                {
                    j += 1;
                }
                skip_ws(&mut j);
                if b.get(j) != Some(&b'{') || j == sel_start {
                    return None;
                }
                inner.push(span(text, ProtectedKind::Syntax, sel_start, j + 1));
                j += 1;
                // The branch: prose with `#`, `{arg}` and nested braces.
                let mut depth = 0usize;
                loop {
                    limits.steps_left = limits.steps_left.checked_sub(1)?;
                    match *b.get(j)? {
                        b'{' => {
                            let mut nested = Vec::new();
                            if let Some(p) = brace(text, j, limits, &mut nested) {
                                j = p.end;
                                inner.extend(nested);
                                inner.push(p);
                                continue;
                            }
                            depth += 1;
                        }
                        b'}' if depth == 0 => {
                            inner.push(span(text, ProtectedKind::Syntax, j, j + 1));
                            j += 1;
                            break;
                        }
                        b'}' => depth -= 1,
                        b'#' if kw != "select" => {
                            inner.push(span(text, ProtectedKind::Placeholder, j, j + 1))
                        }
                        _ => {}
                    }
                    j += 1;
                }
            }
        }
    }
}

/// An XML or HTML element written in the text (`<choices>`, `</b>`,
/// `<br/>`): lower-case names only, so meta-variables such as `<FILE>`,
/// which translators translate, are prose.
fn element(text: &str, i: usize) -> Option<Protected> {
    let b = text.as_bytes();
    let mut j = i + 1;
    if b.get(j) == Some(&b'/') {
        j += 1;
    }
    let name = j;
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
    {
        j += 1;
    }
    if j == name || !b[name].is_ascii_lowercase() {
        return None;
    }
    if b.get(j) == Some(&b'/') {
        j += 1;
    }
    (b.get(j) == Some(&b'>')).then(|| Protected {
        kind: ProtectedKind::Tag,
        start: i,
        end: j + 1,
        value: text[i..j + 1].to_string(),
    })
}

/// `` `code` `` (one line).
fn backquote(text: &str, i: usize) -> Option<Protected> {
    let close = text[i + 1..].find(['`', '\n', '\''])? + i + 1;
    // `quoted' in the TeX style of GNU messages is no code.
    if text.as_bytes()[close] != b'`' || close == i + 1 {
        return None;
    }
    Some(Protected {
        kind: ProtectedKind::Code,
        start: i,
        end: close + 1,
        value: text[i + 1..close].to_string(),
    })
}

/// A long option `--name` (its value after `=` is not part of it).
fn option(text: &str, i: usize) -> Option<Protected> {
    let b = text.as_bytes();
    if b.get(i + 1) != Some(&b'-') || !b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    if i > 0 && (is_word(b[i - 1]) || b[i - 1] == b'-') {
        return None;
    }
    let mut j = i + 2;
    while b.get(j).is_some_and(|&c| is_word(c) || c == b'-') {
        j += 1;
    }
    let end = j - text[i..j].bytes().rev().take_while(|&c| c == b'-').count();
    Some(Protected {
        kind: ProtectedKind::Code,
        start: i,
        end,
        value: text[i..end].to_string(),
    })
}

/// `http://`, `https://`, `ftp://` or `www.` up to a space, quote or bracket,
/// final punctuation excluded.
fn url(text: &str, i: usize) -> Option<Protected> {
    let rest = &text[i..];
    if !["http://", "https://", "ftp://", "www."]
        .iter()
        .any(|p| rest.starts_with(p))
    {
        return None;
    }
    if i > 0 && is_word(text.as_bytes()[i - 1]) {
        return None;
    }
    let len = rest
        .find(|c: char| c.is_whitespace() || "<>\"'`»«“”()[]{}".contains(c))
        .unwrap_or(rest.len());
    let trimmed = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    Some(Protected {
        kind: ProtectedKind::Url,
        start: i,
        end: i + trimmed.len(),
        value: trimmed.to_string(),
    })
}

/// An e-mail address starting at `i` (at a word start).
fn email(text: &str, i: usize) -> Option<Protected> {
    let b = text.as_bytes();
    let local = |c: u8| is_word(c) || b".+-".contains(&c);
    if !b.get(i).copied().is_some_and(is_word) || (i > 0 && local(b[i - 1])) {
        return None;
    }
    let mut j = i;
    while b.get(j).copied().is_some_and(local) {
        j += 1;
    }
    if b.get(j) != Some(&b'@') || j == i {
        return None;
    }
    let domain = j + 1;
    let mut k = domain;
    while b
        .get(k)
        .is_some_and(|&c| is_word(c) || c == b'-' || c == b'.')
    {
        k += 1;
    }
    let d = text[domain..k].trim_end_matches('.');
    if !d.contains('.') || d.starts_with('.') {
        return None;
    }
    let end = domain + d.len();
    Some(span(text, ProtectedKind::Url, i, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, flags: &[&str]) -> Vec<(ProtectedKind, String)> {
        let flags: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
        scan(text, &flags)
            .into_iter()
            .map(|p| (p.kind, text[p.start..p.end].to_string()))
            .collect()
    }

    #[test]
    fn printf_directives_with_flags_positions_and_macros() {
        let v = values(
            "%s %1$d %-20.127s %lu %<PRIuMAX> %.*s %% %zu",
            &["c-format"],
        );
        let texts: Vec<&str> = v.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "%s",
                "%1$d",
                "%-20.127s",
                "%lu",
                "%<PRIuMAX>",
                "%.*s",
                "%%",
                "%zu"
            ]
        );
    }

    #[test]
    fn percent_signs_in_prose_are_not_directives_without_a_flag() {
        assert!(values("100 % of files, 50% off", &[]).is_empty());
        assert_eq!(values("a % o b", &["c-format"]).len(), 1);
        assert!(values("%s", &["no-c-format"]).is_empty());
    }

    #[test]
    fn python_brace_and_icu() {
        let v = values("%(name)s {0} {count} {{x}} %{y}", &["python-format"]);
        assert_eq!(v.len(), 5, "{v:?}");
        let v = values("{n, plural, one {# file} other {# files in {dir}}}", &[]);
        let kinds: Vec<_> = v.iter().map(|(k, _)| *k).collect();
        assert!(kinds.contains(&ProtectedKind::Syntax));
        assert!(v.iter().any(|(_, t)| t == "{dir}"));
        assert!(!v.iter().any(|(_, t)| t.contains("file")));
    }

    #[test]
    fn urls_emails_options_and_code() {
        let v = values(
            "See <https://www.gnu.org/x/>. Mail bug-wget@gnu.org, use --force or `fm --sync`.",
            &[],
        );
        let texts: Vec<&str> = v.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "https://www.gnu.org/x/",
                "bug-wget@gnu.org",
                "--force",
                "`fm --sync`"
            ]
        );
    }
}
