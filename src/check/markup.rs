//! `markup-mismatch`: protected structure that must survive translation
//! unchanged.
//!
//! Catalogue entries (PO, XLIFF, JSON) are compared by `catalogue_markup`.
//! For documents, per link: inline code, link and image destinations, bare URLs, heading
//! ids, inline directives and tags of the source segments against those of
//! the target segments, and the heading level. Per document: code blocks
//! (by info string: language, highlighted lines, file title) and directive
//! blocks (admonition markers, includes), paired in order.
//!
//! Judgement calls, from real translated documentation:
//! - a link may be localised: locale path segments (`/en-US/`, `/fr/`,
//!   `lang/fr`), `fr.` subdomains and `#fragments` (anchors follow translated
//!   headings) are not compared;
//! - a code block's content is not compared (comments and strings are
//!   translated); its info string is, without quoted text and spacing;
//! - inline tags are compared by name (attributes such as `title` translate).

use super::{Check, CheckContext, Finding, Position, RuleInfo, Severity};
use crate::document::{BlockKind, Document, Protected, ProtectedKind};
use std::collections::BTreeMap;

/// The `markup-mismatch` rule.
pub struct Markup;

/// Its one rule.
pub const MARKUP_MISMATCH: RuleInfo = RuleInfo {
    id: "markup-mismatch",
    default_severity: Severity::Error,
    description: "protected structure differs: inline code, link/image destinations, heading ids, code blocks (info string), directives, inline tags, leading/trailing newlines of a unit",
};

impl Check for Markup {
    fn rules(&self) -> &'static [RuleInfo] {
        std::slice::from_ref(&MARKUP_MISMATCH)
    }

    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if crate::format::catalogue::is_catalogue(ctx.source)
            && crate::format::catalogue::is_catalogue(ctx.target)
        {
            // An entry is compared as a program reads it (tags by id,
            // newlines, tabs, options): see `catalogue_markup`.
            super::catalogue_markup::run(ctx, out);
            return;
        }
        if ctx.source.protected.is_empty()
            && ctx.target.protected.is_empty()
            && ctx.source.blocks.is_empty()
            && ctx.target.blocks.is_empty()
        {
            return;
        }
        for (index, link) in ctx.alignment.links.iter().enumerate() {
            if link.source.is_empty() || link.target.is_empty() {
                continue;
            }
            inline_spans(ctx, index, link, out);
            heading_level(ctx, index, link, out);
        }
        structure_blocks(ctx, out);
    }
}

/// The spans of a side of a link that are compared, by kind and normalised value.
fn compared_spans(
    doc: &Document,
    segments: std::ops::Range<usize>,
) -> Vec<(&Protected, (ProtectedKind, String))> {
    let mut out = Vec::new();
    for i in segments {
        let s = &doc.segments[i];
        for p in doc.protected_in(s.start, s.end) {
            if let Some(key) = compared_value(doc, p) {
                out.push((p, (p.kind, key)));
            }
        }
    }
    out
}

/// What of a protected span must be equal across the pair; `None`: not compared.
fn compared_value(doc: &Document, p: &Protected) -> Option<String> {
    let raw = || {
        if p.value.is_empty() {
            doc.text[p.start..p.end].to_string()
        } else {
            p.value.clone()
        }
    };
    match p.kind {
        ProtectedKind::Syntax | ProtectedKind::Placeholder => None,
        ProtectedKind::Link | ProtectedKind::Image | ProtectedKind::Url => {
            Some(normalise_link(&raw()))
        }
        ProtectedKind::Tag => {
            let name = raw();
            // Comments and closing tags say nothing the opening tag does not;
            // formatting and annotation tags (an `<abbr>` a translator adds
            // to explain a term) are the translator's to choose.
            (!name.starts_with('/')
                && !name.starts_with("!--")
                && !FORMATTING_TAGS.contains(&name.as_str()))
            .then_some(name)
        }
        ProtectedKind::Code | ProtectedKind::Id | ProtectedKind::Directive => Some(raw()),
    }
}

/// Inline tags that format or annotate rather than carry structure.
const FORMATTING_TAGS: &[&str] = &[
    "abbr", "b", "br", "em", "i", "mark", "small", "span", "strong", "u", "wbr",
];

/// A destination without what localisation legitimately changes.
fn normalise_link(dest: &str) -> String {
    let dest = dest.trim();
    // A fragment may be translated with its heading, but not lost.
    let (dest, fragment) = match dest.split_once('#') {
        Some((d, f)) if !f.is_empty() => (d, "#"),
        Some((d, _)) => (d, ""),
        None => (dest, ""),
    };
    let (scheme, rest) = match dest.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => (String::new(), dest),
    };
    let mut parts: Vec<&str> = rest.split('/').collect();
    if !scheme.is_empty()
        && let Some(host) = parts.first_mut()
    {
        for lang in ["fr.", "en.", "de.", "es.", "www."] {
            if let Some(h) = host.strip_prefix(lang) {
                *host = h;
            }
        }
    }
    let parts: Vec<String> = parts
        .into_iter()
        .filter(|p| !is_locale(p) && *p != "lang")
        .map(str::to_string)
        .collect();
    let mut path = parts.join("/");
    while path.ends_with('/') {
        path.pop();
    }
    for ext in [".html", ".htm"] {
        if let Some(p) = path.strip_suffix(ext) {
            path = p.to_string();
        }
    }
    if scheme == "http" || scheme == "https" {
        format!("web://{}{fragment}", path.to_ascii_lowercase())
    } else if scheme.is_empty() {
        format!("{path}{fragment}")
    } else {
        format!("{scheme}://{path}{fragment}")
    }
}

/// `en`, `fr`, `en-US`, `fr_FR`, `pt-br`: a locale path segment.
fn is_locale(part: &str) -> bool {
    let b = part.as_bytes();
    let lang = |s: &[u8]| s.len() == 2 && s.iter().all(u8::is_ascii_alphabetic);
    match b.len() {
        2 => lang(b),
        5 => {
            lang(&b[..2])
                && matches!(b[2], b'-' | b'_')
                && b[3..].iter().all(u8::is_ascii_alphabetic)
        }
        _ => false,
    }
}

fn kind_name(kind: ProtectedKind) -> &'static str {
    match kind {
        ProtectedKind::Code => "inline code",
        ProtectedKind::Link => "link destination",
        ProtectedKind::Image => "image",
        ProtectedKind::Url => "URL",
        ProtectedKind::Tag => "tag",
        ProtectedKind::Id => "heading id",
        ProtectedKind::Directive => "directive",
        ProtectedKind::Placeholder => "placeholder",
        ProtectedKind::Syntax => "markup",
    }
}

fn inline_spans(
    ctx: &CheckContext<'_>,
    index: usize,
    link: &crate::align::Link,
    out: &mut Vec<Finding>,
) {
    let source = compared_spans(ctx.source, link.source.clone());
    let target = compared_spans(ctx.target, link.target.clone());
    if source.is_empty() && target.is_empty() {
        return;
    }
    // Multiset difference, each side's leftovers in order.
    let mut counts: BTreeMap<&(ProtectedKind, String), i64> = BTreeMap::new();
    for (_, k) in &source {
        *counts.entry(k).or_default() += 1;
    }
    for (_, k) in &target {
        *counts.entry(k).or_default() -= 1;
    }
    let mut missing: Vec<&(&Protected, (ProtectedKind, String))> = Vec::new();
    let mut left = counts.clone();
    for item in &source {
        let c = left.get_mut(&item.1).expect("counted");
        if *c > 0 {
            missing.push(item);
            *c -= 1;
        }
    }
    let mut extra: Vec<&(&Protected, (ProtectedKind, String))> = Vec::new();
    let mut left = counts;
    for item in &target {
        let c = left.get_mut(&item.1).expect("counted");
        if *c < 0 {
            extra.push(item);
            *c += 1;
        }
    }
    let seg_of = |doc: &Document, range: std::ops::Range<usize>, at: usize| {
        range
            .clone()
            .find(|&i| doc.segments[i].start <= at && at < doc.segments[i].end.max(at + 1))
            .unwrap_or(range.start)
    };
    // A changed span (one missing, one extra of the same kind) is one finding.
    // Backticks added or dropped around a word the other side has as plain
    // text is formatting, not a changed identifier.
    let plain_in = |doc: &Document, range: std::ops::Range<usize>, value: &str| {
        range.clone().any(|i| doc.display_text(i).contains(value))
    };
    missing.retain(|(_, (kind, value))| {
        *kind != ProtectedKind::Code || !plain_in(ctx.target, link.target.clone(), value)
    });
    extra.retain(|(_, (kind, value))| {
        *kind != ProtectedKind::Code
            || (value.chars().any(char::is_alphanumeric)
                && !plain_in(ctx.source, link.source.clone(), value))
    });
    let mut used_extra = vec![false; extra.len()];
    for (sp, (kind, value)) in missing.iter().map(|x| (x.0, &x.1)) {
        let s_seg = seg_of(ctx.source, link.source.clone(), sp.start);
        let source_pos = Position::new(ctx.source, s_seg, sp.start, sp.end);
        let partner = extra
            .iter()
            .enumerate()
            .find(|(i, e)| !used_extra[*i] && e.1.0 == *kind);
        let (target_pos, message, suggestion) = match partner {
            Some((i, (tp, (_, tvalue)))) => {
                used_extra[i] = true;
                let t_seg = seg_of(ctx.target, link.target.clone(), tp.start);
                (
                    Position::new(ctx.target, t_seg, tp.start, tp.end),
                    format!(
                        "{} '{}' of the source is '{}' in the translation",
                        kind_name(*kind),
                        short(value),
                        short(tvalue)
                    ),
                    (*kind == ProtectedKind::Code || *kind == ProtectedKind::Id)
                        .then(|| ctx.source.text[sp.start..sp.end].to_string()),
                )
            }
            None => {
                let t = ctx.target.segments[link.target.start];
                (
                    Position::new(ctx.target, link.target.start, t.start, t.end),
                    format!(
                        "{} '{}' of the source is missing from the translation",
                        kind_name(*kind),
                        short(value)
                    ),
                    None,
                )
            }
        };
        out.push(Finding {
            rule: MARKUP_MISMATCH.id,
            severity: MARKUP_MISMATCH.default_severity,
            message,
            source: Some(source_pos),
            target: Some(target_pos),
            suggestion: suggestion.clone(),
            link: index,
            fix: None,
        });
    }
    for (i, (tp, (kind, value))) in extra.iter().map(|x| (x.0, &x.1)).enumerate() {
        if used_extra[i] {
            continue;
        }
        let t_seg = seg_of(ctx.target, link.target.clone(), tp.start);
        let s = ctx.source.segments[link.source.start];
        out.push(Finding {
            rule: MARKUP_MISMATCH.id,
            severity: MARKUP_MISMATCH.default_severity,
            message: format!(
                "{} '{}' of the translation is not in the source",
                kind_name(*kind),
                short(value)
            ),
            source: Some(Position::new(ctx.source, link.source.start, s.start, s.end)),
            target: Some(Position::new(ctx.target, t_seg, tp.start, tp.end)),
            suggestion: None,
            link: index,
            fix: None,
        });
    }
}

fn short(s: &str) -> String {
    let one = crate::document::one_line(s);
    if one.chars().count() > 60 {
        let cut: String = one.chars().take(57).collect();
        format!("{cut}…")
    } else {
        one
    }
}

fn heading_level(
    ctx: &CheckContext<'_>,
    index: usize,
    link: &crate::align::Link,
    out: &mut Vec<Finding>,
) {
    if link.source.len() != 1 || link.target.len() != 1 {
        return;
    }
    let level = |doc: &Document, i: usize| match doc.segment_block(i).map(|b| &b.kind) {
        Some(BlockKind::Heading(l)) => Some(*l),
        _ => None,
    };
    let (s, t) = (link.source.start, link.target.start);
    if let (Some(a), Some(b)) = (level(ctx.source, s), level(ctx.target, t))
        && a != b
    {
        out.push(Finding {
            rule: MARKUP_MISMATCH.id,
            severity: MARKUP_MISMATCH.default_severity,
            message: format!("a level-{a} heading of the source is a level-{b} heading here"),
            source: Some(Position::segment(ctx.source, s)),
            target: Some(Position::segment(ctx.target, t)),
            suggestion: None,
            link: index,
            fix: None,
        });
    }
}

/// A code or directive block, as compared across the pair.
struct Structure {
    /// `code` or `directive`.
    what: &'static str,
    /// What must be equal: the info string or marker, normalised.
    key: String,
    /// The language or directive name, for pairing when keys differ.
    family: String,
    /// Identifier-like words of the content, for pairing.
    words: Vec<String>,
    start: usize,
    end: usize,
}

fn structures(doc: &Document) -> Vec<Structure> {
    doc.blocks
        .iter()
        .filter_map(|b| {
            let (what, key, family) = match &b.kind {
                BlockKind::Code(info) => {
                    let key = normalise_info(info);
                    let family = key.split([' ', '{', '[']).next().unwrap_or("").to_string();
                    ("code block", key, family)
                }
                BlockKind::Directive(marker) => {
                    let key = crate::document::one_line(marker);
                    // The family is the syntax (`///`, `:::`, `!!!`, an
                    // include): a changed admonition type pairs with the
                    // original and is reported as changed.
                    let family = if marker.starts_with('{') {
                        "include".to_string()
                    } else {
                        key.chars()
                            .take_while(|c| matches!(c, ':' | '/' | '!' | '?' | '+'))
                            .collect()
                    };
                    ("directive", key, family)
                }
                _ => return None,
            };
            let mut words: Vec<String> = doc.text[b.start..b.end]
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| w.len() >= 3)
                .map(str::to_string)
                .collect();
            words.sort();
            words.dedup();
            Some(Structure {
                what,
                key,
                family,
                words,
                start: b.start,
                end: b.end,
            })
        })
        .collect()
}

/// An info string without what translators may change: spacing, and quoted
/// text inside code-step annotations (`[[1, 2, "'Hello'"]]`).
fn normalise_info(info: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for c in info.trim().chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
                out.push(c);
            } else if depth < 2 {
                out.push(c);
            }
            continue;
        }
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '"' | '\'' => quote = Some(c),
            _ => {}
        }
        out.push(c);
    }
    // Spacing inside `hl_lines="18  22"` and around commas is not meaning.
    let mut norm = String::new();
    for word in out.split_whitespace() {
        if !norm.is_empty() && !norm.ends_with(',') && !word.starts_with(',') {
            norm.push(' ');
        }
        norm.push_str(word);
    }
    norm
}

fn similarity(a: &Structure, b: &Structure) -> f64 {
    if a.what != b.what {
        return 0.0;
    }
    let mut score = 0.0;
    if a.key == b.key {
        score += 2.0;
    } else if a.family == b.family {
        score += 1.0;
    }
    let common = a
        .words
        .iter()
        .filter(|w| b.words.binary_search(w).is_ok())
        .count();
    let total = a.words.len().max(b.words.len());
    if total > 0 {
        score += 2.0 * common as f64 / total as f64;
    } else if a.family == b.family {
        score += 1.0;
    }
    score
}

/// Code and directive blocks paired in order (a monotone alignment that
/// maximises similarity; a block with no partner is missing or extra).
fn structure_blocks(ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
    let s = structures(ctx.source);
    let t = structures(ctx.target);
    if s.is_empty() && t.is_empty() {
        return;
    }
    let pairs = pair_in_order(&s, &t);
    let link_of = |doc_is_source: bool, at: usize| -> usize {
        // The link of the first segment after the block (or the last one).
        let doc = if doc_is_source {
            ctx.source
        } else {
            ctx.target
        };
        let seg = doc.segments.partition_point(|x| x.start < at);
        ctx.alignment
            .links
            .iter()
            .position(|l| {
                let r = if doc_is_source { &l.source } else { &l.target };
                r.contains(&seg) || (r.is_empty() && r.start == seg)
            })
            .unwrap_or(ctx.alignment.links.len().saturating_sub(1))
    };
    let pos = |doc: &Document, start: usize, end: usize| {
        let seg = doc
            .segments
            .partition_point(|x| x.start < start)
            .min(doc.segments.len().saturating_sub(1));
        // A block is not a segment: the position names the block's first line.
        let line_end = doc.text[start..end].find('\n').map_or(end, |n| start + n);
        Position::new(doc, seg, start, line_end)
    };
    // Blocks missing (or extra) one after another are one finding: a
    // dropped tab group is one mistake, not one per fence and marker.
    let mut missing: Vec<&Structure> = Vec::new();
    let mut extra: Vec<&Structure> = Vec::new();
    let flush = |run: &mut Vec<&Structure>, source_side: bool, out: &mut Vec<Finding>| {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        let doc = if source_side { ctx.source } else { ctx.target };
        let head = short(
            doc.text[first.start..first.end]
                .lines()
                .next()
                .unwrap_or(""),
        );
        let what = if run.len() == 1 {
            format!("{} '{head}'", first.what)
        } else {
            let (l0, _) = doc.line_column(first.start);
            let (l1, _) = doc.line_column(last.start);
            format!("{} blocks from '{head}' (lines {l0}–{l1})", run.len())
        };
        let position = Some(pos(doc, first.start, first.end));
        let (message, source, target) = if source_side {
            (
                format!("{what} of the source is missing from the translation"),
                position,
                None,
            )
        } else {
            (
                format!("{what} of the translation is not in the source"),
                None,
                position,
            )
        };
        out.push(Finding {
            rule: MARKUP_MISMATCH.id,
            severity: MARKUP_MISMATCH.default_severity,
            message,
            source,
            target,
            suggestion: None,
            link: link_of(source_side, first.start),
            fix: None,
        });
        run.clear();
    };
    for (a, b) in pairs {
        match (a.map(|i| &s[i]), b.map(|j| &t[j])) {
            (Some(x), None) => missing.push(x),
            (None, Some(y)) => extra.push(y),
            (Some(x), Some(y)) => {
                flush(&mut missing, true, out);
                flush(&mut extra, false, out);
                if x.key != y.key {
                    out.push(Finding {
                        rule: MARKUP_MISMATCH.id,
                        severity: MARKUP_MISMATCH.default_severity,
                        message: format!(
                            "{} '{}' of the source is '{}' in the translation",
                            x.what,
                            short(ctx.source.text[x.start..x.end].lines().next().unwrap_or("")),
                            short(ctx.target.text[y.start..y.end].lines().next().unwrap_or(""))
                        ),
                        source: Some(pos(ctx.source, x.start, x.end)),
                        target: Some(pos(ctx.target, y.start, y.end)),
                        suggestion: None,
                        link: link_of(false, y.start),
                        fix: None,
                    });
                }
            }
            (None, None) => {}
        }
    }
    flush(&mut missing, true, out);
    flush(&mut extra, false, out);
}

/// A monotone pairing of two sequences maximising the summed similarity
/// (pairs below a threshold are left unpaired). Quadratic in the number of
/// blocks, which is small next to the text; a band keeps huge files linear.
fn pair_in_order(s: &[Structure], t: &[Structure]) -> Vec<(Option<usize>, Option<usize>)> {
    const MIN: f64 = 1.0;
    const BAND: usize = 200;
    let (n, m) = (s.len(), t.len());
    let width = m + 1;
    let mut score = vec![f64::NEG_INFINITY; (n + 1) * width];
    let mut step = vec![0u8; (n + 1) * width];
    let in_band = |i: usize, j: usize| {
        let expect = if n == 0 { 0 } else { i * m / n.max(1) };
        j + BAND >= expect && j <= expect + BAND
    };
    score[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            if (i, j) == (0, 0) || !in_band(i, j) {
                continue;
            }
            let mut best = f64::NEG_INFINITY;
            let mut how = 0u8;
            if i > 0 && score[(i - 1) * width + j] > best {
                best = score[(i - 1) * width + j];
                how = 1;
            }
            if j > 0 && score[i * width + j - 1] > best {
                best = score[i * width + j - 1];
                how = 2;
            }
            if i > 0 && j > 0 {
                let sim = similarity(&s[i - 1], &t[j - 1]);
                let prev = score[(i - 1) * width + j - 1];
                if sim >= MIN && prev + sim > best {
                    best = prev + sim;
                    how = 3;
                }
            }
            score[i * width + j] = best;
            step[i * width + j] = how;
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match step[i * width + j] {
            3 => {
                out.push((Some(i - 1), Some(j - 1)));
                i -= 1;
                j -= 1;
            }
            1 => {
                out.push((Some(i - 1), None));
                i -= 1;
            }
            _ if j > 0 => {
                out.push((None, Some(j - 1)));
                j -= 1;
            }
            _ => {
                out.push((Some(i - 1), None));
                i -= 1;
            }
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{self, InputFormat};
    use crate::lang::Lang;
    use crate::pipeline::{Prepared, Settings};

    fn check(source: &str, target: &str) -> Vec<Finding> {
        let prepared = Prepared::new(Settings {
            source_lang: Lang::EN,
            target_lang: Lang::FR,
            ..Settings::default()
        })
        .unwrap();
        let read = |name: &str, text: &str, lang| {
            format::read_document(
                name,
                crate::input::Decoded {
                    text: text.into(),
                    ..Default::default()
                },
                Some(lang),
                InputFormat::Markdown,
                &Default::default(),
            )
        };
        let report = prepared.check_pair(
            read("s.md", source, Lang::EN),
            read("t.md", target, Lang::FR),
        );
        report
            .findings
            .into_iter()
            .filter(|f| f.rule == MARKUP_MISMATCH.id)
            .collect()
    }

    #[test]
    fn highlight_lines_and_heading_ids_are_compared() {
        let source = "## Binding {#binding}\n\nUse it like this.\n\n```vue{4}\n<p>{{ msg }}</p>\n```\n\nThen run `npm run dev`.\n";
        let target = "## Liaison {#binding-1}\n\nUtilisez-le ainsi.\n\n```vue{5}\n<p>{{ msg }}</p>\n```\n\nPuis lancez `npm run build`.\n";
        let f = check(source, target);
        let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(f.len(), 3, "{messages:#?}");
        assert!(messages.iter().any(|m| m.contains("heading id 'binding'")));
        assert!(messages.iter().any(|m| m.contains("```vue{4}")));
        assert!(messages.iter().any(|m| m.contains("npm run dev")));
        let code = f.iter().find(|f| f.message.contains("vue{4}")).unwrap();
        assert_eq!(code.target.as_ref().unwrap().line, 5);
    }

    #[test]
    fn translated_comments_strings_and_localised_links_are_fine() {
        let source = "See [MDN](https://developer.mozilla.org/en-US/docs/Web/API#intro).\n\n```js [app.js] {2}\n// say hello\nconsole.log('Hello')\n```\n\n!!! tip\n\n    Use it.\n";
        let target = "Voir [MDN](https://developer.mozilla.org/fr/docs/Web/API#introduction).\n\n```js [app.js]  {2}\n// dire bonjour\nconsole.log('Bonjour')\n```\n\n!!! tip\n\n    Utilisez-le.\n";
        assert_eq!(check(source, target), vec![]);
    }

    #[test]
    fn a_missing_code_block_and_a_changed_admonition_are_reported_once() {
        let source = "Intro text here.\n\n```python\nimport a\n```\n\n/// tip\n\nA tip.\n\n///\n\n```python\nimport b\nprint(b)\n```\n";
        let target =
            "Texte d'intro.\n\n```python\nimport a\n```\n\n/// note\n\nUne astuce.\n\n///\n";
        let f = check(source, target);
        let messages: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(f.len(), 2, "{messages:#?}");
        assert!(messages[0].contains("'/// tip' of the source is '/// note'"));
        assert!(messages[1].contains("missing from the translation"));
    }

    #[test]
    fn links_normalise_locales_and_fragments() {
        assert_eq!(
            normalise_link("https://fr.vuejs.org/guide/intro.html#x"),
            normalise_link("https://vuejs.org/guide/intro#y")
        );
        assert_eq!(
            normalise_link("../en/tutorial/"),
            normalise_link("../fr/tutorial")
        );
        assert_ne!(
            normalise_link("../tutorial/a.md"),
            normalise_link("../tutorial/b.md")
        );
        assert_eq!(
            normalise_link("a.md#vous-etes-presses"),
            normalise_link("a.md#in-a-hurry")
        );
        assert_ne!(
            normalise_link("a.md#singular-values"),
            normalise_link("a.md")
        );
    }
}
