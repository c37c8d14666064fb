//! `diff` output: for each source unit whose translation changed, the source,
//! the word diff old → new, and the findings the change fixed and introduced;
//! as text for a terminal or as JSON for scripts.

use super::human::{gutter_width, label, range_label};
use super::review;
use super::snippet::Snippet;
use super::snippet::write_diff;
use super::{Painter, RenderOptions, display_path, plural, styles};
use crate::check::{Finding, Position, Severity};
use crate::document::{Document, one_line};
use crate::pipeline::PairReport;
use crate::revision::{BlockChange, RevisionDiff, UnitChange};
use crate::worddiff::{Op, Piece};
use serde_json::{Value, json};
use std::io::{self, Write};
use std::ops::Range;

/// The totals line: `2 segments changed, 1 finding fixed, 1 introduced`
/// (and, for documents with code or markup blocks, how many changed).
fn totals(diff: &RevisionDiff, has_structure: bool) -> String {
    let blocks = if has_structure {
        format!(
            ", {} changed",
            plural(diff.changed_blocks(), "code or markup block")
        )
    } else {
        String::new()
    };
    format!(
        "{} changed{blocks}, {} fixed, {} introduced",
        plural(diff.changed_units(), "segment"),
        plural(diff.fixed_count(), "finding"),
        diff.introduced_count()
    )
}

/// Where a unit's translation is in one revision (byte offset of its first
/// segment, or of where it would be).
fn unit_offset(doc: &Document, targets: &Range<usize>) -> usize {
    doc.segments
        .get(targets.start)
        .map_or(doc.text.len(), |s| s.start)
}

/// Whether block change `b` comes before unit change `c` in the document:
/// compared in the new revision, or in the old one for a removed block.
fn block_before(old: &PairReport, new: &PairReport, b: &BlockChange, c: &UnitChange) -> bool {
    match (b.new, b.old) {
        (Some(n), _) => new.target.blocks[n].start < unit_offset(&new.target, &c.new_target),
        (None, Some(o)) => old.target.blocks[o].start < unit_offset(&old.target, &c.old_target),
        (None, None) => true,
    }
}

/// The block a unit's source lies in (else its new translation's), for the
/// heading line of structured documents.
fn unit_block<'a>(
    old: &'a PairReport,
    new: &'a PairReport,
    c: &UnitChange,
) -> Option<(&'a Document, usize)> {
    let first = |doc: &'a Document, r: &Range<usize>| {
        (!r.is_empty())
            .then(|| doc.segments[r.start].block)
            .flatten()
            .map(|b| (doc, b))
    };
    first(&old.source, &c.source).or_else(|| first(&new.target, &c.new_target))
}

/// `@@ code block (js, 8 lines) · fr 24:1 -> fr 25:1 @@` and the block's
/// line diff, long unchanged runs cut to their first and last lines.
fn write_block_change(
    old: &PairReport,
    new: &PairReport,
    b: &BlockChange,
    gutter: usize,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    let side = |doc: &Document, i: Option<usize>| match i {
        Some(i) => review::block_label(doc, i),
        None => format!("{} -", doc.lang.code()),
    };
    let title = match (b.new, b.old) {
        (Some(n), _) => review::fold_title(&new.target, &new.target.blocks[n]),
        (None, Some(o)) => review::fold_title(&old.target, &old.target.blocks[o]),
        (None, None) => String::new(),
    };
    let header = format!(
        "@@ {title} · {} -> {} @@",
        side(&old.target, b.old),
        side(&new.target, b.new)
    );
    writeln!(w, "{}", paint.paint(styles::GUTTER, &header))?;
    const CONTEXT: usize = 2;
    let lines = &b.lines;
    let mut i = 0;
    while i < lines.len() {
        let run = lines[i..].iter().take_while(|p| p.op == Op::Equal).count();
        // An unchanged run longer than twice the context is cut in the middle.
        let keep_head = if i == 0 { 0 } else { CONTEXT };
        let keep_tail = if i + run == lines.len() { 0 } else { CONTEXT };
        if run > keep_head + keep_tail + 1 {
            for p in &lines[i..i + keep_head] {
                write_line(p, gutter, paint, w)?;
            }
            let cut = run - keep_head - keep_tail;
            writeln!(
                w,
                "{:>gutter$} {} {}",
                "",
                paint.paint(styles::GUTTER, "|"),
                paint.paint(styles::DIM, &format!("… {}", plural(cut, "unchanged line")))
            )?;
            for p in &lines[i + run - keep_tail..i + run] {
                write_line(p, gutter, paint, w)?;
            }
            i += run;
            continue;
        }
        let end = if run > 0 { i + run } else { i + 1 };
        for p in &lines[i..end] {
            write_line(p, gutter, paint, w)?;
        }
        i = end;
    }
    writeln!(w)
}

/// One line of a block's line diff: `-`, `+` or nothing in the gutter.
fn write_line(p: &Piece, gutter: usize, paint: Painter, w: &mut dyn Write) -> io::Result<()> {
    let (mark, style) = match p.op {
        Op::Equal => ("", None),
        Op::Delete => ("-", Some(styles::DELETE)),
        Op::Insert => ("+", Some(styles::INSERT)),
    };
    let text = p.text.trim_end_matches(['\n', '\r']);
    let text = match style {
        Some(style) => paint.paint(style, text),
        None => paint.plain(text).into_owned(),
    };
    writeln!(
        w,
        "{} {} {text}",
        paint.paint(styles::GUTTER, &format!("{mark:>gutter$}")),
        paint.paint(styles::GUTTER, "|"),
    )
}

/// Writes the diff for a terminal.
pub fn write_text(
    old: &PairReport,
    new: &PairReport,
    diff: &RevisionDiff,
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    let paint = Painter { color: opts.color };
    writeln!(
        w,
        "{}: {} {} {}",
        paint.paint(styles::BOLD, &display_path(&old.source.name, opts)),
        paint.paint(styles::BOLD, &display_path(&old.target.name, opts)),
        paint.paint(styles::DIM, "->"),
        paint.paint(styles::BOLD, &display_path(&new.target.name, opts)),
    )?;
    let structured = review::is_structured(old) || review::is_structured(new);
    // Catalogues have no code or markup blocks to count.
    let has_structure = [&old.target, &new.target]
        .iter()
        .any(|d| d.blocks.iter().any(|b| !b.kind.is_translatable()));
    writeln!(w, "{}\n", totals(diff, has_structure))?;
    let gutter = gutter_width(old).max(gutter_width(new)).max(7);
    // Structured documents: changes under their block's heading line, and
    // the changed code and markup blocks in place, in document order.
    let mut blocks = diff.blocks.iter().peekable();
    let mut last_block = None;
    for c in &diff.changes {
        while let Some(b) = blocks.next_if(|b| block_before(old, new, b, c)) {
            write_block_change(old, new, b, gutter, paint, w)?;
            last_block = None;
        }
        if structured {
            let block = unit_block(old, new, c).filter(|&(d, b)| !review::names_itself(d, b));
            if let Some((doc, b)) = block.filter(|&(d, b)| last_block != Some((d.name.as_str(), b)))
            {
                writeln!(
                    w,
                    "{} {} {}",
                    paint.paint(styles::GUTTER, "──"),
                    paint.paint(styles::BOLD, &review::block_title(&doc.blocks[b])),
                    paint.paint(styles::DIM, &format!("· {}", review::block_label(doc, b)))
                )?;
                last_block = Some((doc.name.as_str(), b));
            }
        }
        let header = format!(
            "@@ {} | {} -> {} @@",
            range_label(&old.source, &c.source),
            range_label(&old.target, &c.old_target),
            range_label(&new.target, &c.new_target),
        );
        writeln!(w, "{}", paint.paint(styles::GUTTER, &header))?;
        for i in c.source.clone() {
            let seg = old.source.segments[i];
            Snippet::new(&old.source, seg.start..seg.end, &[]).write(
                w,
                &label(&old.source, i),
                gutter,
                paint,
            )?;
        }
        let shown = if c.text_changed() {
            paint.word_diff(&c.diff)
        } else {
            format!(
                "{} {}",
                paint.plain(&c.diff.new_text()),
                paint.paint(styles::DIM, "(unchanged)")
            )
        };
        if c.text_changed() {
            write_diff(w, "old→new", gutter, &c.diff, paint)?;
        } else {
            writeln!(
                w,
                "{} {} {}",
                paint.paint(styles::GUTTER, &format!("{:>gutter$}", "old→new")),
                paint.paint(styles::GUTTER, "|"),
                shown
            )?;
        }
        for (verb, findings) in [("fixed", &c.fixed), ("introduced", &c.introduced)] {
            for f in findings {
                write_finding_line(verb, f, gutter, paint, w)?;
            }
        }
        writeln!(w)?;
    }
    for b in blocks {
        write_block_change(old, new, b, gutter, paint, w)?;
    }
    let elsewhere = [
        ("fixed", &diff.fixed_elsewhere),
        ("introduced", &diff.introduced_elsewhere),
    ];
    if elsewhere.iter().any(|(_, f)| !f.is_empty()) {
        writeln!(w, "{}", paint.paint(styles::GUTTER, "@@ whole document @@"))?;
        for (verb, findings) in elsewhere {
            for f in findings {
                write_finding_line(verb, f, gutter, paint, w)?;
            }
        }
    }
    Ok(())
}

fn write_finding_line(
    verb: &str,
    f: &Finding,
    gutter: usize,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    let verb_style = if verb == "fixed" {
        styles::INSERT
    } else {
        styles::DELETE
    };
    writeln!(
        w,
        "{:>gutter$} {} {} {} {}",
        "",
        paint.paint(styles::GUTTER, "="),
        paint.paint(verb_style.effects(anstyle::Effects::BOLD), verb),
        paint.paint(
            styles::severity(f.severity),
            &format!("{}[{}]", f.severity.as_str(), f.rule)
        ),
        paint.plain(&f.message)
    )
}

fn side_json(doc: &Document, segments: &Range<usize>) -> Value {
    let text = segments
        .clone()
        .map(|i| one_line(doc.display_text(i)))
        .collect::<Vec<_>>()
        .join(" ");
    json!({
        "segments": segments.clone().collect::<Vec<_>>(),
        "line": segments.clone().next().map(|i| doc.segments[i].line),
        "text": text,
    })
}

fn block_json(old: &PairReport, new: &PairReport, b: &BlockChange) -> Value {
    let side = |doc: &Document, i: Option<usize>| {
        i.map(|i| {
            let (line, column) = doc.line_column(doc.blocks[i].start);
            json!({"block": i, "line": line, "column": column})
        })
    };
    let kind = b
        .new
        .map(|n| new.target.blocks[n].kind.name())
        .or(b.old.map(|o| old.target.blocks[o].kind.name()));
    json!({
        "kind": kind,
        "old": side(&old.target, b.old),
        "new": side(&new.target, b.new),
        "lines": b.lines,
    })
}

/// A position as SPEC's diff JSON shows it, its words read from the report's
/// document.
#[derive(serde::Serialize)]
struct PositionJson<'a> {
    segment: usize,
    line: usize,
    column: usize,
    text: &'a str,
}

/// A finding fixed or introduced by a revision, as SPEC's diff JSON shows it.
#[derive(serde::Serialize)]
struct FindingJson<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    source: Option<PositionJson<'a>>,
    target: Option<PositionJson<'a>>,
    suggestion: Option<&'a str>,
}

/// `findings` of `report` (the revision they were found in) for JSON.
fn findings_json<'a>(report: &'a PairReport, findings: &'a [Finding]) -> Vec<FindingJson<'a>> {
    let side = |doc: &'a Document, p: &Option<Position>| {
        p.as_ref().map(|p| PositionJson {
            segment: p.segment,
            line: p.line,
            column: p.column,
            text: p.text(doc),
        })
    };
    findings
        .iter()
        .map(|f| FindingJson {
            rule: f.rule,
            severity: f.severity,
            message: &f.message,
            source: side(&report.source, &f.source),
            target: side(&report.target, &f.target),
            suggestion: f.suggestion.as_deref(),
        })
        .collect()
}

fn change_json(old: &PairReport, new: &PairReport, c: &UnitChange) -> Value {
    json!({
        "source": side_json(&old.source, &c.source),
        "old": side_json(&old.target, &c.old_target),
        "new": side_json(&new.target, &c.new_target),
        "changed": c.text_changed(),
        "diff": c.diff,
        "fixed": findings_json(old, &c.fixed),
        "introduced": findings_json(new, &c.introduced),
    })
}

/// Writes the diff as JSON: `{"changes": [...], "blocks": [...], "document":
/// {...}, "summary": {...}}` (`blocks`: code and markup blocks changed).
pub fn write_json(
    old: &PairReport,
    new: &PairReport,
    diff: &RevisionDiff,
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    // Changes are written one by one as they are serialized.
    #[derive(serde::Serialize)]
    struct Log<C, B> {
        source: String,
        old: String,
        new: String,
        changes: C,
        blocks: B,
        document: Value,
        summary: Value,
    }
    let value = Log {
        source: display_path(&old.source.name, opts),
        old: display_path(&old.target.name, opts),
        new: display_path(&new.target.name, opts),
        changes: super::Streamed(|| diff.changes.iter().map(|c| change_json(old, new, c))),
        blocks: super::Streamed(|| diff.blocks.iter().map(|b| block_json(old, new, b))),
        document: json!({
            "fixed": findings_json(old, &diff.fixed_elsewhere),
            "introduced": findings_json(new, &diff.introduced_elsewhere),
        }),
        summary: json!({
            "changed_segments": diff.changed_units(),
            "changed_blocks": diff.changed_blocks(),
            "fixed": diff.fixed_count(),
            "introduced": diff.introduced_count(),
        }),
    };
    serde_json::to_writer_pretty(&mut *w, &value)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revision::{compare, tests::two_revisions};

    #[test]
    fn text_shows_source_diff_and_findings() {
        let (old, new) = two_revisions();
        let d = compare(&old, &new);
        let mut out = Vec::new();
        write_text(&old, &new, &d, &RenderOptions::default(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        insta::assert_snapshot!(out);
        assert!(out.contains("= fixed error[term-forbidden]"));
        assert!(out.contains("= introduced error[term-forbidden]"));
    }

    #[test]
    fn json_has_diff_pieces_and_totals() {
        let (old, new) = two_revisions();
        let d = compare(&old, &new);
        let mut out = Vec::new();
        write_json(&old, &new, &d, &RenderOptions::default(), &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["summary"]["changed_segments"], 2);
        assert_eq!(v["changes"][0]["diff"][1]["op"], "delete");
        assert_eq!(v["changes"][0]["diff"][1]["text"], "table");
        assert_eq!(v["changes"][1]["new"]["line"], 3);
        assert_eq!(v["changes"][0]["fixed"][0]["rule"], "term-forbidden");
    }
}
