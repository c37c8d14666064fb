//! Markdown (CommonMark + GFM tables and footnotes + front matter), read with
//! `pulldown-cmark`'s offset iterator.
//!
//! Translatable: headings, paragraphs, list items, table cells, block quotes,
//! link text, image alt text, directive titles and the front-matter keys
//! `title` and `description`. Protected (never prose, compared by
//! `markup-mismatch`): code (fenced, indented, inline), HTML, front matter
//! otherwise, link and image destinations, autolinks and bare URLs, heading
//! ids, admonition and directive markers (`!!! note`, `:::tip`, `/// note`)
//! and include / shortcode directives (`{* … *}`, `{{< … >}}`, `{% … %}`).
//!
//! Documentation sites extend CommonMark with line-level syntax that a
//! CommonMark parser reads as prose (an admonition marker would join the
//! paragraph after it, an MkDocs admonition body would become an indented
//! code block). A first pass over the lines finds that syntax and rewrites a
//! copy of the text *byte for byte* (marker lines blanked, a body's
//! indentation turned into a block quote), so that every offset the parser
//! reports is still an offset of the file.

use crate::document::{Block, BlockKind, Layout, Protected, ProtectedKind, Suppression};
use crate::lang::Lang;
use crate::segment::{self, SegmentOptions};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Finds the blocks, protected spans and suppressions of a Markdown text.
pub fn layout(text: &str) -> Layout {
    let mut reader = Reader::new(text);
    reader.line_pass();
    reader.parse();
    reader.finish()
}

/// Sentence spans `(start, end, block)` inside the translatable blocks of
/// `layout`: running prose is split into sentences, a heading, a table cell
/// or a title is one segment.
pub fn segments(
    text: &str,
    layout: &Layout,
    lang: Lang,
    opts: &SegmentOptions,
) -> Vec<(usize, usize, Option<usize>)> {
    let mut out = Vec::new();
    let mut protected = layout.protected.iter().peekable();
    for (index, block) in layout.blocks.iter().enumerate() {
        if !block.kind.is_translatable() {
            continue;
        }
        // The block's text with protected spans replaced by a word-like
        // filler: a period inside a URL or `a.b()` must not end a sentence,
        // and a sentence may begin with inline code. `prose` blanks every
        // protected byte: a span without a letter or digit in it is no sentence.
        let mut local = text[block.start..block.end].to_string();
        let mut prose = local.clone();
        let mut quote_marks: Vec<Range<usize>> = Vec::new();
        while let Some(p) = protected.peek() {
            if p.start >= block.end {
                break;
            }
            let p = protected.next().expect("peeked");
            if p.end <= block.start {
                continue;
            }
            let (s, e) = (p.start - block.start, p.end.min(block.end) - block.start);
            // ASCII over whole characters keeps both copies valid UTF-8.
            prose.replace_range(s..e, &" ".repeat(e - s));
            if p.kind == ProtectedKind::Syntax {
                if local[s..e]
                    .trim_matches(['>', ' ', '\t', '\r', '\n'])
                    .is_empty()
                {
                    quote_marks.push(s..e);
                }
            } else {
                local.replace_range(s..e, &"X".repeat(e - s));
            }
        }
        let whole = matches!(
            block.kind,
            BlockKind::Heading(_)
                | BlockKind::TableCell
                | BlockKind::FrontMatterValue(_)
                | BlockKind::Title
        );
        let spans = if whole {
            segment::trim_span(&local, 0, local.len())
                .into_iter()
                .collect()
        } else {
            segment::segment(&local, lang, opts)
        };
        let has_prose = |s: usize, e: usize| prose[s..e].chars().any(char::is_alphanumeric);
        // A sentence that starts a quoted line starts after its `>`.
        let skip_marks = |mut s: usize, e: usize| {
            while let Some(m) = quote_marks.iter().find(|m| m.contains(&s)) {
                s = m.end;
            }
            segment::trim_span(&local, s.min(e), e).map_or(s, |(s, _)| s)
        };
        let first = out.len();
        for (s, e) in spans {
            if has_prose(s, e) {
                let s = skip_marks(s, e);
                out.push((block.start + s, block.start + e, Some(index)));
            } else if out.len() > first {
                // Punctuation left after markup (`code`.) joins the sentence before.
                out.last_mut().expect("checked").1 = block.start + e;
            }
        }
    }
    out
}

/// What the line pass found: byte ranges to blank before parsing, and the
/// directive blocks and titles it recognised.
struct Reader<'a> {
    text: &'a str,
    /// The copy handed to the parser (same length as `text`).
    parse_copy: Vec<u8>,
    blocks: Vec<Block>,
    protected: Vec<Protected>,
    suppressions: Vec<Suppression>,
    /// Open `bitext-disable` comments: (rules, start).
    disabled: Vec<(Vec<String>, usize)>,
    /// `bitext-ignore` waiting for the next translatable block.
    pending_ignore: Option<Vec<String>>,
}

/// A translatable block being built from inline events.
struct Leaf {
    kind: BlockKind,
    start: usize,
    end: usize,
    prose: Vec<Range<usize>>,
    protected: Vec<Protected>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            text,
            parse_copy: text.as_bytes().to_vec(),
            blocks: Vec::new(),
            protected: Vec::new(),
            suppressions: Vec::new(),
            disabled: Vec::new(),
            pending_ignore: None,
        }
    }

    fn blank(&mut self, range: Range<usize>) {
        for b in &mut self.parse_copy[range] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }

    /// Front matter, then line-level directives outside code fences.
    fn line_pass(&mut self) {
        let text = self.text;
        let lines = line_ranges(text);
        let mut first = 0;
        if let Some(end_line) = front_matter_end(text, &lines) {
            let end = lines[end_line].end;
            self.front_matter(&lines[..=end_line]);
            self.blocks.push(Block {
                kind: BlockKind::FrontMatter,
                start: 0,
                end,
            });
            self.blank(0..end);
            first = end_line + 1;
        }
        let mut fence: Option<(u8, usize)> = None;
        // An MkDocs admonition body: lines indented past the marker's indent.
        let mut body_indent: Option<usize> = None;
        for line in &lines[first..] {
            let raw = &text[line.clone()];
            let content = raw.trim_end_matches(['\n', '\r']);
            let indent = content.len() - content.trim_start_matches([' ', '\t']).len();
            let trimmed = content.trim();
            if let Some(want) = body_indent {
                if trimmed.is_empty() {
                    // Blank lines stay inside the body.
                } else if indent >= want && content.as_bytes()[want - 4..want] == *b"    " {
                    let at = line.start + want - 4;
                    self.parse_copy[at] = b'>';
                } else {
                    body_indent = None;
                }
            }
            if let Some((ch, len)) = fence {
                if is_fence_close(trimmed, ch, len) {
                    fence = None;
                }
                continue;
            }
            if let Some(open) = fence_open(trimmed) {
                fence = Some(open);
                continue;
            }
            let start = line.start + indent;
            let end = line.start + content.len();
            if let Some(d) = directive_line(trimmed) {
                self.blocks.push(Block {
                    kind: BlockKind::Directive(d.marker.to_string()),
                    start,
                    end,
                });
                if let Some(title) = d.title {
                    let t0 = start + title.start;
                    self.blocks.push(Block {
                        kind: BlockKind::Title,
                        start: t0,
                        end: start + title.end,
                    });
                }
                if d.opens_indented_body {
                    body_indent = Some(indent + 4);
                }
                self.blank(start..end);
            } else if standalone_include(trimmed) {
                self.blocks.push(Block {
                    kind: BlockKind::Directive(trimmed.to_string()),
                    start,
                    end,
                });
                self.blank(start..end);
            }
        }
    }

    /// `title` and `description` values of YAML (`key: value`) or TOML
    /// (`key = "value"`) front matter are prose; the rest is structure.
    fn front_matter(&mut self, lines: &[Range<usize>]) {
        for line in &lines[1..lines.len() - 1] {
            let content = self.text[line.clone()].trim_end_matches(['\n', '\r']);
            for key in ["title", "description", "sidebar_label", "linkTitle"] {
                let Some(rest) = content.strip_prefix(key) else {
                    continue;
                };
                let Some(value) = rest
                    .trim_start()
                    .strip_prefix(':')
                    .or_else(|| rest.trim_start().strip_prefix('='))
                else {
                    continue;
                };
                let value_start = content.len() - value.len();
                let trimmed = value.trim();
                if trimmed.is_empty() || trimmed.starts_with(['>', '|', '[', '{']) {
                    continue;
                }
                let lead = value.len() - value.trim_start().len();
                let mut s = value_start + lead;
                let mut e = s + trimmed.len();
                let bytes = content.as_bytes();
                if e - s >= 2 && matches!(bytes[s], b'"' | b'\'') && bytes[e - 1] == bytes[s] {
                    s += 1;
                    e -= 1;
                }
                if e > s {
                    self.blocks.push(Block {
                        kind: BlockKind::FrontMatterValue(key.to_string()),
                        start: line.start + s,
                        end: line.start + e,
                    });
                }
            }
        }
    }

    fn parse(&mut self) {
        let copy = String::from_utf8(std::mem::take(&mut self.parse_copy))
            .expect("the line pass rewrites ASCII over whole characters");
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        let mut stack: Vec<Container> = Vec::new();
        let mut leaf: Option<Leaf> = None;
        // Open links and images: (start of the tag, its kind, destination).
        let mut links: Vec<(usize, ProtectedKind, String)> = Vec::new();
        let mut autolink_depth = 0usize;
        for (event, range) in Parser::new_ext(&copy, options).into_offset_iter() {
            match event {
                Event::Start(tag) => match tag {
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript => {
                        self.extend_leaf(&mut leaf, &stack, range);
                    }
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        self.extend_leaf(&mut leaf, &stack, range.clone());
                        let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                        if auto {
                            autolink_depth += 1;
                        }
                        let kind = if auto {
                            ProtectedKind::Url
                        } else {
                            ProtectedKind::Link
                        };
                        links.push((range.start, kind, dest_url.to_string()));
                    }
                    Tag::Image { dest_url, .. } => {
                        self.extend_leaf(&mut leaf, &stack, range.clone());
                        links.push((range.start, ProtectedKind::Image, dest_url.to_string()));
                    }
                    Tag::CodeBlock(kind) => {
                        self.flush(&mut leaf);
                        let info = match kind {
                            pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                            pulldown_cmark::CodeBlockKind::Indented => String::new(),
                        };
                        self.blocks.push(Block {
                            kind: BlockKind::Code(info),
                            start: range.start,
                            end: trim_end_newline(self.text, range),
                        });
                        stack.push(Container::Code);
                    }
                    Tag::HtmlBlock => {
                        self.flush(&mut leaf);
                        self.blocks.push(Block {
                            kind: BlockKind::Html,
                            start: range.start,
                            end: trim_end_newline(self.text, range),
                        });
                        stack.push(Container::Html);
                    }
                    Tag::MetadataBlock(_) => {
                        self.flush(&mut leaf);
                        stack.push(Container::Code);
                    }
                    other => {
                        self.flush(&mut leaf);
                        stack.push(Container::of(&other));
                    }
                },
                Event::End(end) => match end {
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript => {}
                    TagEnd::Link | TagEnd::Image => {
                        if let Some((start, kind, dest)) = links.pop() {
                            if kind == ProtectedKind::Url {
                                autolink_depth -= 1;
                            }
                            if let Some(l) = leaf.as_mut() {
                                l.end = l.end.max(range.end);
                                // The destination part: after the last piece of
                                // link text (for an autolink, the whole link).
                                let from = if kind == ProtectedKind::Url {
                                    start
                                } else {
                                    l.prose
                                        .iter()
                                        .map(|r| (r.start, r.end))
                                        .chain(l.protected.iter().map(|p| (p.start, p.end)))
                                        .filter(|&(s, e)| s >= start && e <= range.end)
                                        .map(|(_, e)| e)
                                        .max()
                                        .unwrap_or(start)
                                };
                                if kind == ProtectedKind::Url {
                                    l.prose.retain(|r| r.end <= start || r.start >= range.end);
                                }
                                l.protected.push(Protected {
                                    kind,
                                    start: from,
                                    end: range.end,
                                    value: dest,
                                });
                            }
                        }
                    }
                    TagEnd::Heading(_) => {
                        if let Some(l) = leaf.as_mut() {
                            self.heading_id(l, range.end);
                        }
                        self.flush(&mut leaf);
                        stack.pop();
                    }
                    _ => {
                        self.flush(&mut leaf);
                        stack.pop();
                    }
                },
                Event::Text(_) => {
                    if matches!(stack.last(), Some(Container::Code | Container::Html)) {
                        continue;
                    }
                    self.extend_leaf(&mut leaf, &stack, range.clone());
                    if autolink_depth == 0
                        && let Some(l) = leaf.as_mut()
                    {
                        l.prose.push(range);
                    }
                }
                Event::Code(code) | Event::InlineMath(code) => {
                    self.protect(
                        &mut leaf,
                        &stack,
                        range,
                        ProtectedKind::Code,
                        code.to_string(),
                    );
                }
                Event::InlineHtml(html) => {
                    self.comment(&html, range.clone());
                    self.protect(
                        &mut leaf,
                        &stack,
                        range,
                        ProtectedKind::Tag,
                        tag_name(&html),
                    );
                }
                Event::Html(html) => self.comment(&html, range),
                Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
                    self.extend_leaf(&mut leaf, &stack, range);
                }
                Event::SoftBreak | Event::HardBreak => {
                    if leaf.is_some() {
                        self.extend_leaf(&mut leaf, &stack, range);
                    }
                }
                Event::DisplayMath(_) | Event::Rule => self.flush(&mut leaf),
            }
        }
        self.flush(&mut leaf);
    }

    /// An inline protected span: part of the leaf, never prose.
    fn protect(
        &self,
        leaf: &mut Option<Leaf>,
        stack: &[Container],
        range: Range<usize>,
        kind: ProtectedKind,
        value: String,
    ) {
        self.extend_leaf(leaf, stack, range.clone());
        if let Some(l) = leaf.as_mut() {
            l.protected.push(Protected {
                kind,
                start: range.start,
                end: range.end,
                value,
            });
        }
    }

    fn extend_leaf(&self, leaf: &mut Option<Leaf>, stack: &[Container], range: Range<usize>) {
        match leaf {
            Some(l) => l.end = l.end.max(range.end),
            None => {
                *leaf = Some(Leaf {
                    kind: leaf_kind(stack),
                    start: range.start,
                    end: range.end,
                    prose: Vec::new(),
                    protected: Vec::new(),
                })
            }
        }
    }

    /// `{#id}` / `{ #id .class }` after a heading: part of the heading's
    /// block, protected as an id.
    fn heading_id(&self, leaf: &mut Leaf, heading_end: usize) {
        let line = &self.text[leaf.start..heading_end];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let trimmed = line.trim_end_matches(['\r', ' ', '\t', '#']);
        if !trimmed.ends_with('}') {
            return;
        }
        let Some(open) = trimmed.rfind('{') else {
            return;
        };
        let inner = &trimmed[open + 1..trimmed.len() - 1];
        // `{#id}`, `{ #id .class }`, and react.dev's MDX comment `{/*id*/}`.
        let mdx = inner
            .strip_prefix("/*")
            .and_then(|i| i.strip_suffix("*/"))
            .map(str::trim);
        let Some(id) = mdx.or_else(|| inner.split_whitespace().find_map(|w| w.strip_prefix('#')))
        else {
            return;
        };
        let start = leaf.start + open;
        let end = leaf.start + trimmed.len();
        // An MDX comment was read as text: it is not prose.
        leaf.prose = leaf
            .prose
            .iter()
            .filter_map(|r| {
                let r = r.start..r.end.min(start);
                (r.start < r.end).then_some(r)
            })
            .collect();
        leaf.protected.retain(|p| p.end <= start);
        leaf.protected.push(Protected {
            kind: ProtectedKind::Id,
            start,
            end,
            value: id.to_string(),
        });
        leaf.end = leaf.end.max(end);
    }

    /// Turns a finished leaf into a block with its protected spans: typed
    /// spans as the parser reported them, directives and bare URLs found in
    /// its text, and every other non-prose byte as syntax.
    fn flush(&mut self, leaf: &mut Option<Leaf>) {
        let Some(mut l) = leaf.take() else {
            return;
        };
        // The parser splits text at characters that might open markup;
        // directives and URLs are found in the joined runs.
        let mut joined: Vec<Range<usize>> = Vec::new();
        for piece in l.prose.drain(..) {
            match joined.last_mut() {
                Some(last) if last.end == piece.start => last.end = piece.end,
                _ => joined.push(piece),
            }
        }
        l.prose = joined;
        let mut found = Vec::new();
        for piece in &l.prose {
            scan_inline(self.text, piece.clone(), &mut found);
        }
        if !found.is_empty() {
            let mut prose = Vec::new();
            for piece in &l.prose {
                let mut at = piece.start;
                for f in found
                    .iter()
                    .filter(|f| f.start < piece.end && f.end > piece.start)
                {
                    if f.start > at {
                        prose.push(at..f.start);
                    }
                    at = at.max(f.end);
                }
                if at < piece.end {
                    prose.push(at..piece.end);
                }
            }
            l.prose = prose;
            l.protected.extend(found);
        }
        l.protected
            .sort_by_key(|p| (p.start, std::cmp::Reverse(p.end)));
        // Drop spans nested in another (an image inside a link keeps both:
        // they do not overlap).
        let mut typed: Vec<Protected> = Vec::new();
        for p in l.protected {
            if typed.last().is_some_and(|q| p.start < q.end) {
                continue;
            }
            typed.push(p);
        }
        // Syntax: what is neither prose nor a typed span, if not blank.
        let mut covered: Vec<Range<usize>> = l
            .prose
            .iter()
            .cloned()
            .chain(typed.iter().map(|p| p.start..p.end))
            .collect();
        covered.sort_by_key(|r| r.start);
        let mut at = l.start;
        let mut syntax = Vec::new();
        for r in covered.iter().chain(std::iter::once(&(l.end..l.end))) {
            if r.start > at && !self.text[at..r.start].trim().is_empty() {
                syntax.push(Protected {
                    kind: ProtectedKind::Syntax,
                    start: at,
                    end: r.start,
                    value: String::new(),
                });
            }
            at = at.max(r.end);
        }
        self.blocks.push(Block {
            kind: l.kind,
            start: l.start,
            end: l.end,
        });
        if let Some(rules) = self.pending_ignore.take() {
            self.suppressions.push(Suppression {
                rules,
                start: l.start,
                end: l.end,
            });
        }
        self.protected.extend(typed);
        self.protected.extend(syntax);
    }

    /// `<!-- bitext-ignore RULE… -->`, `<!-- bitext-disable RULE… -->`,
    /// `<!-- bitext-enable -->`.
    fn comment(&mut self, html: &str, range: Range<usize>) {
        for comment in html.split("<!--").skip(1) {
            let body = comment.split("-->").next().unwrap_or("").trim();
            let mut words = body.split(|c: char| c.is_whitespace() || c == ',');
            let rules = |w: std::str::Split<'_, _>| -> Vec<String> {
                w.filter(|r: &&str| !r.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            match words.next() {
                Some("bitext-ignore") => self.pending_ignore = Some(rules(words)),
                Some("bitext-disable") => self.disabled.push((rules(words), range.end)),
                Some("bitext-enable") => {
                    let wanted = rules(words);
                    let open = std::mem::take(&mut self.disabled);
                    for (rules, start) in open {
                        if wanted.is_empty() || rules.iter().any(|r| wanted.contains(r)) {
                            self.suppressions.push(Suppression {
                                rules,
                                start,
                                end: range.start,
                            });
                        } else {
                            self.disabled.push((rules, start));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn finish(mut self) -> Layout {
        for (rules, start) in std::mem::take(&mut self.disabled) {
            self.suppressions.push(Suppression {
                rules,
                start,
                end: self.text.len(),
            });
        }
        self.blocks.sort_by_key(|b| (b.start, b.end));
        self.protected.sort_by_key(|p| (p.start, p.end));
        Layout {
            blocks: self.blocks,
            protected: self.protected,
            suppressions: self.suppressions,
            map: Default::default(),
        }
    }
}

/// The containers that decide what kind a leaf of inline content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Heading(u8),
    Item,
    TableCell,
    Code,
    Html,
    Other,
}

impl Container {
    fn of(tag: &Tag<'_>) -> Container {
        match tag {
            Tag::Heading { level, .. } => Container::Heading(*level as u8),
            Tag::Item => Container::Item,
            Tag::TableCell => Container::TableCell,
            _ => Container::Other,
        }
    }
}

fn leaf_kind(stack: &[Container]) -> BlockKind {
    for c in stack.iter().rev() {
        match c {
            Container::Heading(level) => return BlockKind::Heading(*level),
            Container::TableCell => return BlockKind::TableCell,
            Container::Item => return BlockKind::ListItem,
            _ => {}
        }
    }
    BlockKind::Paragraph
}

/// Byte ranges of the lines of `text`, each with its line end.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        out.push(at..at + line.len());
        at += line.len();
    }
    out
}

/// The index of the line closing a front matter block that opens the file.
fn front_matter_end(text: &str, lines: &[Range<usize>]) -> Option<usize> {
    let first = text.get(lines.first()?.clone())?.trim_end();
    let close: &[&str] = match first {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return None,
    };
    lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| close.contains(&text[(*l).clone()].trim_end()))
        .map(|(i, _)| i)
}

fn fence_open(trimmed: &str) -> Option<(u8, usize)> {
    let ch = *trimmed.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = trimmed.bytes().take_while(|&b| b == ch).count();
    (len >= 3 && !(ch == b'`' && trimmed[len..].contains('`'))).then_some((ch, len))
}

fn is_fence_close(trimmed: &str, ch: u8, len: usize) -> bool {
    let n = trimmed.bytes().take_while(|&b| b == ch).count();
    n >= len && trimmed[n..].trim().is_empty()
}

/// A directive line: its marker (compared across the pair) and the range
/// of its title within the trimmed line, if it has one.
struct DirectiveLine<'a> {
    marker: &'a str,
    title: Option<Range<usize>>,
    opens_indented_body: bool,
}

/// `:::tip Title`, `::: details`, `:::`, `!!! note "Title"`, `??? tip`,
/// `/// note | Title`, `///`.
fn directive_line(trimmed: &str) -> Option<DirectiveLine<'_>> {
    let (fence, mkdocs) = if trimmed.starts_with(":::") {
        (':', false)
    } else if trimmed.starts_with("///") {
        ('/', false)
    } else if trimmed.starts_with("!!!") || trimmed.starts_with("???") {
        ('!', true)
    } else {
        return None;
    };
    let marks = if mkdocs {
        3 + usize::from(trimmed[3..].starts_with('+'))
    } else {
        trimmed.bytes().take_while(|&b| b == fence as u8).count()
    };
    let rest = &trimmed[marks..];
    let word_start = marks + (rest.len() - rest.trim_start().len());
    let word_len = trimmed[word_start..]
        .find(|c: char| c.is_whitespace() || c == '|' || c == '{' || c == '"')
        .unwrap_or(trimmed.len() - word_start);
    let word = &trimmed[word_start..word_start + word_len];
    if mkdocs && word.is_empty() {
        return None;
    }
    if !word.is_empty()
        && !word
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let marker = &trimmed[..word_start + word_len];
    let after = word_start + word_len;
    let tail = &trimmed[after..];
    let title = if mkdocs {
        let open = tail.find('"')?;
        tail[open + 1..]
            .rfind('"')
            .map(|close| after + open + 1..after + open + 1 + close)
    } else {
        let tail_start = if fence == '/' {
            tail.find('|').map(|p| p + 1).unwrap_or(tail.len())
        } else {
            0
        };
        let t = &tail[tail_start..];
        let mut lead = t.len() - t.trim_start().len();
        let mut t = t.trim();
        if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
            t = &t[1..t.len() - 1];
            lead += 1;
        }
        (!t.is_empty() && !t.starts_with('{'))
            .then(|| after + tail_start + lead..after + tail_start + lead + t.len())
    };
    // A tab's label names a code variant ("Python 3.10+"), it is not prose.
    let title = title.filter(|_| word != "tab");
    Some(DirectiveLine {
        marker,
        title: title.filter(|r| !r.is_empty()),
        opens_indented_body: mkdocs,
    })
}

/// A line that is nothing but an include or shortcode directive.
fn standalone_include(trimmed: &str) -> bool {
    DIRECTIVES
        .iter()
        .any(|(open, close)| trimmed.starts_with(open) && trimmed.ends_with(close))
}

/// Opening and closing delimiters of include / shortcode / template directives.
const DIRECTIVES: [(&str, &str); 6] = [
    ("{*", "*}"),
    ("{!", "!}"),
    ("{{<", ">}}"),
    ("{{%", "%}}"),
    ("{%", "%}"),
    ("{{", "}}"),
];

/// Finds directives and bare URLs / e-mail addresses in `range` of `text`.
fn scan_inline(text: &str, range: Range<usize>, out: &mut Vec<Protected>) {
    let s = &text[range.clone()];
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if let Some((open, close)) = DIRECTIVES.iter().find(|(o, _)| rest.starts_with(o))
            && let Some(end) = rest[open.len()..].find(close)
        {
            let e = i + open.len() + end + close.len();
            out.push(Protected {
                kind: ProtectedKind::Directive,
                start: range.start + i,
                end: range.start + e,
                value: s[i..e].split_whitespace().collect::<Vec<_>>().join(" "),
            });
            i = e;
            continue;
        }
        if (rest.starts_with("http://") || rest.starts_with("https://"))
            && (i == 0 || !s.as_bytes()[i - 1].is_ascii_alphanumeric())
        {
            let len = url_len(rest);
            out.push(Protected {
                kind: ProtectedKind::Url,
                start: range.start + i,
                end: range.start + i + len,
                value: rest[..len].to_string(),
            });
            i += len;
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
}

/// Length of a bare URL at the start of `s`, without trailing punctuation.
fn url_len(s: &str) -> usize {
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '«' | '»'))
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
    url.len()
}

/// The tag name of an inline HTML fragment (`<br/>` → `br`, `</a>` → `/a`).
fn tag_name(html: &str) -> String {
    let inner = html.trim_start_matches('<');
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '>' || (c == '/' && !inner.starts_with('/')))
        .unwrap_or(inner.len());
    if inner.starts_with("!--") {
        return "!--".into();
    }
    inner[..end].to_ascii_lowercase()
}

fn trim_end_newline(text: &str, range: Range<usize>) -> usize {
    let s = &text[range.clone()];
    range.start + s.trim_end_matches(['\n', '\r']).len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn doc(text: &str) -> Document {
        let layout = layout(text);
        let spans = segments(text, &layout, Lang::EN, &SegmentOptions::default());
        Document::with_layout("t.md".into(), text.into(), Lang::EN, layout, &spans)
    }

    fn sentences(text: &str) -> Vec<String> {
        let d = doc(text);
        (0..d.segments.len())
            .map(|i| d.display_text(i).to_string())
            .collect()
    }

    #[test]
    fn code_front_matter_and_html_never_become_sentences() {
        let text = "---\ntitle: Getting started\nlayout: doc\n---\n\n# Install {#install}\n\nRun the tool. It works.\n\n```sh\n$ yarn build\nreturn {\n```\n\n<div class=\"tip\">\nHi\n</div>\n\n    indented code\n";
        assert_eq!(
            sentences(text),
            vec![
                "Getting started",
                "Install {#install}",
                "Run the tool.",
                "It works."
            ]
        );
        let d = doc(text);
        let prose = d.prose_or_text();
        assert!(
            !prose.contains("yarn") && !prose.contains("layout") && !prose.contains("install}")
        );
        assert!(
            d.blocks
                .iter()
                .any(|b| b.kind == BlockKind::Code("sh".into()))
        );
    }

    #[test]
    fn headings_are_not_split_at_question_marks() {
        assert_eq!(
            sentences("## What is it? Why use it?\n\nText here.\n"),
            vec!["What is it? Why use it?", "Text here."]
        );
    }

    #[test]
    fn table_rows_are_cells() {
        let text = "| Name | Use. Really |\n|---|---|\n| `a` | Does a. And b. |\n";
        assert_eq!(
            sentences(text),
            vec!["Name", "Use. Really", "Does a. And b."]
        );
    }

    #[test]
    fn inline_code_links_and_ids_are_protected() {
        let text = "## Setup { #setup }\n\nSee [the guide](https://x.org/v2.5/guide.html) and run `npm i 3`.\n";
        let d = doc(text);
        let kinds: Vec<_> = d
            .protected
            .iter()
            .filter(|p| p.kind != ProtectedKind::Syntax)
            .map(|p| (p.kind, p.value.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (ProtectedKind::Id, "setup"),
                (ProtectedKind::Link, "https://x.org/v2.5/guide.html"),
                (ProtectedKind::Code, "npm i 3"),
            ]
        );
        assert_eq!(d.segments.len(), 2);
        let prose = d.segment_text(1);
        assert!(prose.contains("the guide") && !prose.contains("2.5") && !prose.contains("npm"));
        assert_eq!(
            d.display_text(1),
            "See [the guide](https://x.org/v2.5/guide.html) and run `npm i 3`."
        );
    }

    #[test]
    fn admonitions_and_directives_are_markers_not_prose() {
        let text = "::: tip Pro tip\nUse it. Often.\n:::\n\n!!! note \"Careful\"\n\n    Indented body text.\n\n/// warning | Danger\n\nBody.\n\n///\n\n{* ../src/app.py hl[3] *}\n\nText with {{< glossary_tooltip term_id=\"pod\" >}} inside.\n";
        assert_eq!(
            sentences(text),
            vec![
                "Pro tip",
                "Use it.",
                "Often.",
                "Careful",
                "Indented body text.",
                "Danger",
                "Body.",
                "Text with {{< glossary_tooltip term_id=\"pod\" >}} inside."
            ]
        );
        let d = doc(text);
        let markers: Vec<_> = d
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Directive(m) => Some(m.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            markers,
            vec![
                "::: tip",
                ":::",
                "!!! note",
                "/// warning",
                "///",
                "{* ../src/app.py hl[3] *}"
            ]
        );
        assert!(!d.segment_text(7).contains("term_id"));
    }

    #[test]
    fn list_items_and_nested_lists() {
        let text =
            "- First item. Second sentence.\n- Parent\n  - Child `x`\n\n1. Loose\n\n2. Items\n";
        assert_eq!(
            sentences(text),
            vec![
                "First item.",
                "Second sentence.",
                "Parent",
                "Child `x`",
                "Loose",
                "Items"
            ]
        );
        let d = doc(text);
        assert!(
            d.segments
                .iter()
                .all(|s| d.blocks[s.block.unwrap()].kind == BlockKind::ListItem)
        );
    }

    #[test]
    fn suppressions_cover_the_next_block_or_a_range() {
        let text = "<!-- bitext-ignore untranslated -->\nKept in English.\n\nChecked.\n\n<!-- bitext-disable -->\n\nOff.\n\n<!-- bitext-enable -->\n\nOn.\n";
        let d = doc(text);
        let at = |w: &str| text.find(w).unwrap();
        assert!(d.suppressed("untranslated", at("Kept")));
        assert!(!d.suppressed("number-mismatch", at("Kept")));
        assert!(!d.suppressed("untranslated", at("Checked")));
        assert!(d.suppressed("number-mismatch", at("Off")));
        assert!(!d.suppressed("number-mismatch", at("On.")));
    }

    #[test]
    fn a_code_fence_hides_directive_lines() {
        let text = "```md\n::: tip\n!!! note\n```\n\nAfter.\n";
        assert_eq!(sentences(text), vec!["After."]);
        let d = doc(text);
        assert!(
            !d.blocks
                .iter()
                .any(|b| matches!(b.kind, BlockKind::Directive(_)))
        );
    }

    #[test]
    fn documentation_site_extensions() {
        let text = "## Paramètres {/*parameters*/}\n\n//// tab | Python 3.10+\n\n/// note | \"Remarque\"\n\nTexte.\n\n///\n\n////\n\n{!../../docs_src/a.py!}\n";
        assert_eq!(
            sentences(text),
            vec!["Paramètres {/*parameters*/}", "Remarque", "Texte."]
        );
        let d = doc(text);
        assert!(
            d.protected
                .iter()
                .any(|p| p.kind == ProtectedKind::Id && p.value == "parameters")
        );
        assert!(!d.segment_text(0).contains("parameters"));
    }

    #[test]
    fn crlf_and_block_quotes() {
        let text = "> Quoted one.\r\n> Quoted two.\r\n\r\nPlain.\r\n";
        assert_eq!(
            sentences(text),
            vec!["Quoted one.", "Quoted two.", "Plain."]
        );
    }
}
