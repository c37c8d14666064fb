//! `review`: the reviewer's terminal view: every aligned pair in document
//! order, the words concerned underlined, each finding under its pair with
//! its fix, and links the aligner is unsure of marked. Structured documents
//! (Markdown, catalogues) are shown block by block: a line naming each block
//! (heading level, list item, table cell, catalogue entry by key) before its
//! pairs, code, HTML and front matter folded to one line, and each note
//! saying where its words are in the file on disk.

use super::human::{gutter_width, label, range_label, summary_line, write_fix};
use super::snippet::{Mark, Snippet};
use super::{LOW_CONFIDENCE, Painter, RenderOptions, display_path, plural, primary, styles};
use crate::check::Finding;
use crate::document::{Block, BlockKind, Document, one_line};
use crate::pipeline::PairReport;
use std::io::{self, Write};
use std::ops::Range;

/// Writes the review of every pair.
pub fn write(reports: &[PairReport], opts: &RenderOptions, w: &mut dyn Write) -> io::Result<()> {
    write_with(reports, opts, false, w)
}

/// [`write`], or with `only_findings` just the aligned pairs that have a
/// finding (`review --only-findings`), with a count of those left out.
pub fn write_with(
    reports: &[PairReport],
    opts: &RenderOptions,
    only_findings: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    let paint = Painter { color: opts.color };
    for report in reports {
        write_pair(report, opts, only_findings, paint, w)?;
    }
    if reports.len() > 1 {
        writeln!(w, "{}", summary_line(reports, paint))?;
    }
    Ok(())
}

/// Byte marks for the findings' spans on one side.
fn marks(findings: &[&Finding], target_side: bool) -> Vec<Mark> {
    findings
        .iter()
        .filter_map(|f| {
            let p = if target_side { &f.target } else { &f.source };
            p.as_ref().map(|p| Mark {
                bytes: p.start..p.end,
                style: styles::severity(f.severity),
            })
        })
        .collect()
}

/// The sentences of one side of a link, one snippet each; a dimmed note
/// when the side is empty.
fn write_side(
    doc: &Document,
    segments: Range<usize>,
    marks: &[Mark],
    target_side: bool,
    gutter: usize,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    if segments.is_empty() {
        let what = if target_side {
            "(no translation)"
        } else {
            "(no source)"
        };
        return writeln!(
            w,
            "{} {} {}",
            paint.paint(styles::GUTTER, &format!("{:>gutter$}", doc.lang.code())),
            paint.paint(styles::GUTTER, "|"),
            paint.paint(styles::DIM, what)
        );
    }
    for i in segments {
        let seg = doc.segments[i];
        // Underline only spans narrower than the sentence itself.
        let narrow: Vec<Mark> = marks
            .iter()
            .filter(|m| m.bytes != (seg.start..seg.end))
            .cloned()
            .collect();
        Snippet::new(doc, seg.start..seg.end, &narrow).write(w, &label(doc, i), gutter, paint)?;
    }
    Ok(())
}

fn write_pair(
    report: &PairReport,
    opts: &RenderOptions,
    only_findings: bool,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        w,
        "{} {} {}",
        paint.paint(styles::BOLD, &display_path(&report.source.name, opts)),
        paint.paint(styles::DIM, "->"),
        paint.paint(styles::BOLD, &display_path(&report.target.name, opts)),
    )?;
    writeln!(w, "{}\n", summary_line(std::slice::from_ref(report), paint))?;
    let view = View {
        report,
        gutter: gutter_width(report),
        by_link: findings_by_link(report),
        located: is_structured(report),
        paint,
    };
    let mut hidden = 0;
    if view.located {
        // Block by block: a heading line before the first pair of each
        // block, printed only once a pair under it is shown.
        let mut pending: Option<String> = None;
        // Folded blocks in a row are listed without blank lines between.
        let mut folding = false;
        for step in block_steps(report) {
            match step {
                Step::Block { source, target } => {
                    pending = Some(block_heading(report, source, target, paint));
                }
                Step::Folded { source, target } => {
                    if !only_findings {
                        writeln!(w, "{}", folded_line(report, source, target, paint))?;
                        folding = true;
                    }
                }
                Step::Link(i) => {
                    if only_findings && view.by_link[i].is_empty() {
                        hidden += 1;
                        continue;
                    }
                    if std::mem::take(&mut folding) {
                        writeln!(w)?;
                    }
                    if let Some(heading) = pending.take() {
                        writeln!(w, "{heading}")?;
                    }
                    view.write_link(i, w)?;
                }
            }
        }
        if folding {
            writeln!(w)?;
        }
    } else {
        for i in 0..report.alignment.links.len() {
            if only_findings && view.by_link[i].is_empty() {
                hidden += 1;
                continue;
            }
            view.write_link(i, w)?;
        }
    }
    if hidden > 0 {
        writeln!(
            w,
            "{}\n",
            paint.paint(
                styles::DIM,
                &format!(
                    "({} without findings not shown)",
                    plural(hidden, "aligned pair")
                )
            )
        )?;
    }
    let stray: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.link >= report.alignment.links.len())
        .collect();
    if !stray.is_empty() {
        writeln!(w, "{}", paint.paint(styles::GUTTER, "whole document"))?;
        for f in stray {
            view.write_note(f, w)?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// `── heading 2 · en 5:1 · fr 5:1`: the block the next pairs lie in (both
/// sides' kinds when they differ).
fn block_heading(
    report: &PairReport,
    source: Option<usize>,
    target: Option<usize>,
    paint: Painter,
) -> String {
    let titles: Vec<String> = [(&report.source, source), (&report.target, target)]
        .into_iter()
        .filter_map(|(doc, b)| b.map(|b| block_title(&doc.blocks[b])))
        .collect();
    let mut title = titles[0].clone();
    if titles.len() == 2 && titles[1] != titles[0] {
        title = format!("{title} / {}", titles[1]);
    }
    let at = [(&report.source, source), (&report.target, target)]
        .into_iter()
        .filter_map(|(doc, b)| b.map(|b| block_label(doc, b)))
        .collect::<Vec<_>>()
        .join(" · ");
    format!(
        "{} {} {}",
        paint.paint(styles::GUTTER, "──"),
        paint.paint(styles::BOLD, &title),
        paint.paint(styles::DIM, &format!("· {at}"))
    )
}

/// `▸ code block (rust, 12 lines) · en 9:1 · fr 9:1 — unchanged`: a block
/// that is not translated, on one line.
fn folded_line(
    report: &PairReport,
    source: Option<usize>,
    target: Option<usize>,
    paint: Painter,
) -> String {
    let title = match (source, target) {
        (Some(s), _) => fold_title(&report.source, &report.source.blocks[s]),
        (None, Some(t)) => fold_title(&report.target, &report.target.blocks[t]),
        (None, None) => String::new(),
    };
    let at = [(&report.source, source), (&report.target, target)]
        .into_iter()
        .filter_map(|(doc, b)| b.map(|b| block_label(doc, b)))
        .collect::<Vec<_>>()
        .join(" · ");
    let state = fold_state(report, source, target);
    let state_style = if state == "unchanged" {
        styles::DIM
    } else {
        styles::WARNING
    };
    format!(
        "{} {} {} {}",
        paint.paint(styles::GUTTER, "▸"),
        paint.plain(&title),
        paint.paint(styles::DIM, &format!("· {at} —")),
        paint.paint(state_style, state)
    )
}

/// What every pair of one report is shown with.
struct View<'a> {
    report: &'a PairReport,
    gutter: usize,
    by_link: Vec<Vec<usize>>,
    /// Notes say where their words are (structured documents, whose pairs
    /// are not one line each).
    located: bool,
    paint: Painter,
}

impl View<'_> {
    /// Pair `i`: its header, both sides, its findings.
    fn write_link(&self, i: usize, w: &mut dyn Write) -> io::Result<()> {
        let (report, paint, gutter) = (self.report, self.paint, self.gutter);
        let link = &report.alignment.links[i];
        let findings: Vec<&Finding> = self.by_link[i]
            .iter()
            .map(|&k| &report.findings[k])
            .collect();
        let header = format!(
            "#{} {} {} {}",
            i + 1,
            range_label(&report.source, &link.source),
            "<->",
            range_label(&report.target, &link.target),
        );
        let header = paint.paint(styles::GUTTER, &header);
        let score = format!("score {:.2}", link.score);
        let low = if link.score < LOW_CONFIDENCE {
            format!(
                "  {}",
                paint.paint(styles::WARNING, "! low-confidence link: check the pairing")
            )
        } else {
            String::new()
        };
        writeln!(w, "{header}  {}{low}", paint.paint(styles::DIM, &score))?;
        write_side(
            &report.source,
            link.source.clone(),
            &marks(&findings, false),
            false,
            gutter,
            paint,
            w,
        )?;
        write_side(
            &report.target,
            link.target.clone(),
            &marks(&findings, true),
            true,
            gutter,
            paint,
            w,
        )?;
        for f in &findings {
            self.write_note(f, w)?;
        }
        writeln!(w)
    }

    /// `= error[rule] message`, where its words are when `located`, then the
    /// fix or the suggestion.
    fn write_note(&self, f: &Finding, w: &mut dyn Write) -> io::Result<()> {
        let (paint, gutter) = (self.paint, self.gutter);
        let at = match (self.located, f.target.as_ref().or(f.source.as_ref())) {
            (true, Some(p)) => {
                let doc = primary(self.report, f);
                format!(
                    " {}",
                    paint.paint(
                        styles::DIM,
                        &format!("({} {}:{})", doc.lang.code(), p.line, p.column)
                    )
                )
            }
            _ => String::new(),
        };
        writeln!(
            w,
            "{:>gutter$} {} {} {}{at}",
            "",
            paint.paint(styles::GUTTER, "="),
            paint.paint(
                styles::severity(f.severity),
                &format!("{}[{}]", f.severity.as_str(), f.rule)
            ),
            paint.plain(&f.message)
        )?;
        write_fix(self.report, f, gutter, paint, w)
    }
}

/// For each link, the indices of its findings (findings on no link are
/// left out: the caller lists them at the end).
pub(crate) fn findings_by_link(report: &PairReport) -> Vec<Vec<usize>> {
    let mut by_link = vec![Vec::new(); report.alignment.links.len()];
    for (k, f) in report.findings.iter().enumerate() {
        if let Some(bucket) = by_link.get_mut(f.link) {
            bucket.push(k);
        }
    }
    by_link
}

/// One step of a structured review, in document order: a translatable block
/// starts, a piece of structure (code, HTML, front matter, a directive) is
/// shown folded, or an aligned pair is shown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    /// The links that follow lie in these blocks (block indices of the
    /// source and the target; `None` for a side the link leaves empty).
    Block {
        source: Option<usize>,
        target: Option<usize>,
    },
    /// A block that is not translated, on one side or both (paired by kind
    /// and order between the same two aligned pairs).
    Folded {
        source: Option<usize>,
        target: Option<usize>,
    },
    /// Link `i` of the alignment.
    Link(usize),
}

/// Whether a review shows `report` block by block: when either side was read
/// by a structured reader (Markdown, catalogues). Plain text keeps the flat
/// view of its aligned pairs.
pub(crate) fn is_structured(report: &PairReport) -> bool {
    !report.source.blocks.is_empty() || !report.target.blocks.is_empty()
}

/// The block of the first segment of `segments`, if any.
fn first_block(doc: &Document, segments: &Range<usize>) -> Option<usize> {
    doc.segments
        .get(segments.start)
        .and_then(|s| s.block)
        .filter(|_| !segments.is_empty())
}

/// Structure blocks of `doc` in `from..to` (block indices).
fn structure(doc: &Document, from: usize, to: usize) -> Vec<usize> {
    (from..to.min(doc.blocks.len()))
        .filter(|&b| !doc.blocks[b].kind.is_translatable())
        .collect()
}

/// Pairs the structure blocks met on both sides between two aligned pairs:
/// each source block with the first unused target block of the same kind,
/// in order; what is left over stands alone.
fn fold(report: &PairReport, source: Vec<usize>, target: Vec<usize>, steps: &mut Vec<Step>) {
    let kind = |doc: &Document, b: usize| doc.blocks[b].kind.name();
    let mut used = vec![false; target.len()];
    let mut next_target = 0;
    for s in source {
        let found = (next_target..target.len())
            .find(|&k| !used[k] && kind(&report.target, target[k]) == kind(&report.source, s));
        if let Some(k) = found {
            // Target blocks before the match that nothing pairs with come first.
            for j in next_target..k {
                if !used[j] {
                    used[j] = true;
                    steps.push(Step::Folded {
                        source: None,
                        target: Some(target[j]),
                    });
                }
            }
            used[k] = true;
            next_target = k + 1;
        }
        steps.push(Step::Folded {
            source: Some(s),
            target: found.map(|k| target[k]),
        });
    }
    for (j, &t) in target.iter().enumerate() {
        if !used[j] {
            steps.push(Step::Folded {
                source: None,
                target: Some(t),
            });
        }
    }
}

/// The steps of a structured review of `report`: every link in order, a
/// [`Step::Block`] before the first link of each new block, and the
/// structure between them folded.
pub(crate) fn block_steps(report: &PairReport) -> Vec<Step> {
    let (src, tgt) = (&report.source, &report.target);
    let mut steps = Vec::new();
    // Next block not yet passed, on each side.
    let (mut next_src, mut next_tgt) = (0, 0);
    let (mut last_src, mut last_tgt) = (None, None);
    for (i, link) in report.alignment.links.iter().enumerate() {
        let s = first_block(src, &link.source);
        let t = first_block(tgt, &link.target);
        let to_src = s.map_or(next_src, |b| b.max(next_src));
        let to_tgt = t.map_or(next_tgt, |b| b.max(next_tgt));
        fold(
            report,
            structure(src, next_src, to_src),
            structure(tgt, next_tgt, to_tgt),
            &mut steps,
        );
        let last_link_block = |b: Option<usize>, doc: &Document, r: &Range<usize>| {
            r.end
                .checked_sub(1)
                .filter(|_| !r.is_empty())
                .and_then(|k| doc.segments[k].block)
                .or(b)
        };
        next_src = last_link_block(s, src, &link.source).map_or(to_src, |b| (b + 1).max(to_src));
        next_tgt = last_link_block(t, tgt, &link.target).map_or(to_tgt, |b| (b + 1).max(to_tgt));
        let new_src = s.is_some() && s != last_src;
        let new_tgt = t.is_some() && t != last_tgt;
        let named = s.is_none_or(|b| !names_itself(src, b));
        if (new_src || new_tgt) && named {
            steps.push(Step::Block {
                source: s,
                target: t,
            });
        }
        last_src = s.or(last_src);
        last_tgt = t.or(last_tgt);
        steps.push(Step::Link(i));
    }
    fold(
        report,
        structure(src, next_src, src.blocks.len()),
        structure(tgt, next_tgt, tgt.blocks.len()),
        &mut steps,
    );
    steps
}

/// Whether a heading line for block `b` would only repeat its text: a
/// catalogue entry whose key is its own source text (a PO msgid without
/// context), which the pair under it shows anyway.
pub(crate) fn names_itself(doc: &Document, b: usize) -> bool {
    let block = &doc.blocks[b];
    match &block.kind {
        BlockKind::Entry(entry) => entry.key == doc.text[block.start..block.end],
        _ => false,
    }
}

/// What a block is, for a heading line: `heading 2`, `list item`,
/// `entry "key"`, `front matter title`.
pub(crate) fn block_title(block: &Block) -> String {
    match &block.kind {
        BlockKind::Heading(level) => format!("heading {level}"),
        BlockKind::FrontMatterValue(key) => format!("front matter {}", short(key, 40)),
        BlockKind::Entry(entry) => {
            // PO keys join msgctxt and msgid with EOT and end in `[n]` for a
            // plural form: the form stays visible however long the msgid.
            let form = entry.plural.map(|n| format!("[{n}]"));
            let key = form
                .as_deref()
                .and_then(|f| entry.key.strip_suffix(f))
                .unwrap_or(&entry.key);
            let key = short(&key.replace('\u{4}', " | "), 60);
            match form {
                Some(form) => format!("entry \"{key}\" {form}"),
                None => format!("entry \"{key}\""),
            }
        }
        kind => kind.name().to_string(),
    }
}

/// `text`, on one line, cut at `max` characters with an ellipsis.
fn short(text: &str, max: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= max {
        line
    } else {
        let cut: String = line.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// The lines of a block (its last newline not counted).
fn line_count(text: &str) -> usize {
    text.trim_end_matches(['\n', '\r']).lines().count().max(1)
}

/// What a folded block is, in a few words: `code block (rust, 12 lines)`,
/// `HTML block (3 lines)`, `directive ::: tip`.
pub(crate) fn fold_title(doc: &Document, block: &Block) -> String {
    let text = &doc.text[block.start..block.end];
    let lines = plural(line_count(text), "line");
    match &block.kind {
        BlockKind::Code(info) if info.trim().is_empty() => format!("code block ({lines})"),
        BlockKind::Code(info) => format!("code block ({}, {lines})", short(info, 30)),
        BlockKind::Directive(_) => format!("directive {}", short(text, 50)),
        kind => format!("{} ({lines})", kind.name()),
    }
}

/// How a folded block compares across the pair: `unchanged`, `differs in
/// translation`, `not in translation`, `only in translation`.
pub(crate) fn fold_state(
    report: &PairReport,
    source: Option<usize>,
    target: Option<usize>,
) -> &'static str {
    let text = |doc: &Document, b: usize| structure_text(doc, b);
    match (source, target) {
        (Some(s), Some(t)) if text(&report.source, s) == text(&report.target, t) => "unchanged",
        (Some(_), Some(_)) => "differs in translation",
        (Some(_), None) => "not in translation",
        _ => "only in translation",
    }
}

/// The text of structure block `b` without the translatable blocks inside
/// it (the front matter's `title`, shown as pairs of its own): what must be
/// the same on both sides.
fn structure_text(doc: &Document, b: usize) -> String {
    let block = &doc.blocks[b];
    let mut out = String::new();
    let mut at = block.start;
    for inner in doc
        .blocks
        .iter()
        .filter(|i| i.kind.is_translatable() && i.start >= block.start && i.end <= block.end)
    {
        out.push_str(&doc.text[at..inner.start.max(at)]);
        at = at.max(inner.end);
    }
    out.push_str(&doc.text[at..block.end]);
    out.trim_end().to_string()
}

/// `en 5:1`: where a block starts in its file on disk.
pub(crate) fn block_label(doc: &Document, block: usize) -> String {
    let (line, column) = doc.line_column(doc.blocks[block].start);
    format!("{} {line}:{column}", doc.lang.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Link;
    use crate::render::test_support::sample_report;

    fn render(report: PairReport) -> String {
        let mut out = Vec::new();
        write(&[report], &RenderOptions::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_pair_with_its_findings_in_place() {
        let out = render(sample_report());
        insta::assert_snapshot!(out);
        assert_eq!(out.matches("low-confidence").count(), 1);
    }

    #[test]
    fn only_findings_leaves_out_clean_pairs_and_counts_them() {
        let mut r = sample_report();
        r.retain(|f, _| f.link == 1);
        let mut out = Vec::new();
        write_with(&[r], &RenderOptions::default(), true, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("#2 "), "{out}");
        assert!(!out.contains("#1 ") && !out.contains("#3 "), "{out}");
        assert!(
            out.contains("(2 aligned pairs without findings not shown)"),
            "{out}"
        );
    }

    fn markdown(name: &str, text: &str, lang: crate::lang::Lang) -> Document {
        crate::pipeline::document_from_text(
            name,
            text.into(),
            Some(lang),
            crate::format::InputFormat::Markdown,
            &Default::default(),
        )
    }

    /// A Markdown pair aligned one to one, without findings.
    fn markdown_pair(source: &str, target: &str) -> PairReport {
        let source = markdown("a.md", source, crate::lang::Lang::EN);
        let target = markdown("b.md", target, crate::lang::Lang::FR);
        let n = source.segments.len();
        assert_eq!(n, target.segments.len());
        PairReport::new(
            source,
            target,
            crate::align::Alignment::one_to_one(n),
            Vec::new(),
            0,
        )
    }

    #[test]
    fn structure_between_pairs_is_paired_by_kind_in_order() {
        // The translation moved the HTML block above the code block.
        let r = markdown_pair(
            "# Title\n\n```js\nx()\n```\n\n<div>a</div>\n\nText.\n",
            "# Titre\n\n<div>a</div>\n\n```js\nx()\n```\n\nTexte.\n",
        );
        let steps = block_steps(&r);
        let folded: Vec<(Option<&str>, Option<&str>)> = steps
            .iter()
            .filter_map(|s| match *s {
                Step::Folded { source, target } => Some((
                    source.map(|b| r.source.blocks[b].kind.name()),
                    target.map(|b| r.target.blocks[b].kind.name()),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            folded,
            [
                (None, Some("HTML block")),
                (Some("code block"), Some("code block")),
                (Some("HTML block"), None),
            ]
        );
        // Every link once, in order, each after a block step.
        let links: Vec<usize> = steps
            .iter()
            .filter_map(|s| match s {
                Step::Link(i) => Some(*i),
                _ => None,
            })
            .collect();
        assert_eq!(links, [0, 1]);
        assert!(matches!(steps[0], Step::Block { .. }));
        assert_eq!(fold_state(&r, Some(1), Some(2)), "unchanged");
    }

    #[test]
    fn plain_text_has_no_block_steps_and_catalogue_keys_are_cut() {
        assert!(!is_structured(&sample_report()));
        let key = "c\u{4}".to_string() + &"word ".repeat(30) + "[1]";
        let block = Block {
            kind: BlockKind::Entry(Box::new(crate::document::Entry {
                key,
                plural: Some(1),
                ..Default::default()
            })),
            start: 0,
            end: 0,
        };
        let title = block_title(&block);
        assert!(title.starts_with("entry \"c | word word"), "{title}");
        assert!(title.ends_with("…\" [1]"), "{title}");
    }

    #[test]
    fn empty_sides_are_said_so() {
        let mut r = sample_report();
        r.findings.clear();
        r.alignment.links = vec![
            Link {
                source: 0..2,
                target: 0..1,
                score: 0.8,
            },
            Link {
                source: 2..3,
                target: 1..1,
                score: 0.9,
            },
            Link {
                source: 3..3,
                target: 1..3,
                score: 0.9,
            },
        ];
        let out = render(r);
        assert!(out.contains("#2 fr 3:1 <-> en -"), "{out}");
        assert!(out.contains("#1 fr 1:1-2:1 <-> en 1:1"), "{out}");
        assert_eq!(out.matches("(no translation)").count(), 1, "{out}");
        assert_eq!(out.matches("(no source)").count(), 1, "{out}");
    }
}
