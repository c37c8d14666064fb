//! `diff` output: for each source unit whose translation changed, the source,
//! the word diff old → new, and the findings the change fixed and introduced;
//! as text for a terminal or as JSON for scripts.

use super::human::{gutter_width, label, range_label};
use super::snippet::Snippet;
use super::snippet::write_diff;
use super::{Painter, RenderOptions, display_path, plural, styles};
use crate::check::{Finding, Position, Severity};
use crate::document::{Document, one_line};
use crate::pipeline::PairReport;
use crate::revision::{RevisionDiff, UnitChange};
use serde_json::{Value, json};
use std::io::{self, Write};
use std::ops::Range;

/// The totals line: `2 segments changed, 1 finding fixed, 1 introduced`.
fn totals(diff: &RevisionDiff) -> String {
    format!(
        "{} changed, {} fixed, {} introduced",
        plural(diff.changed_units(), "segment"),
        plural(diff.fixed_count(), "finding"),
        diff.introduced_count()
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
    writeln!(w, "{}\n", totals(diff))?;
    let gutter = gutter_width(old).max(gutter_width(new)).max(7);
    for c in &diff.changes {
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

/// Writes the diff as JSON: `{"changes": [...], "document": {...}, "summary": {...}}`.
pub fn write_json(
    old: &PairReport,
    new: &PairReport,
    diff: &RevisionDiff,
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    // Changes are written one by one as they are serialized.
    #[derive(serde::Serialize)]
    struct Log<C> {
        source: String,
        old: String,
        new: String,
        changes: C,
        document: Value,
        summary: Value,
    }
    let value = Log {
        source: display_path(&old.source.name, opts),
        old: display_path(&old.target.name, opts),
        new: display_path(&new.target.name, opts),
        changes: super::Streamed(|| diff.changes.iter().map(|c| change_json(old, new, c))),
        document: json!({
            "fixed": findings_json(old, &diff.fixed_elsewhere),
            "introduced": findings_json(new, &diff.introduced_elsewhere),
        }),
        summary: json!({
            "changed_segments": diff.changed_units(),
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
