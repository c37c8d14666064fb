//! `review`: the reviewer's terminal view: every aligned pair in document
//! order, the words concerned underlined, each finding under its pair with
//! its fix, and links the aligner is unsure of marked.

use super::human::{gutter_width, label, range_label, summary_line, write_fix};
use super::snippet::{Mark, Snippet};
use super::{LOW_CONFIDENCE, Painter, RenderOptions, display_path, plural, styles};
use crate::check::Finding;
use crate::document::Document;
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
    let gutter = gutter_width(report);
    let by_link = findings_by_link(report);
    let mut hidden = 0;
    for (i, link) in report.alignment.links.iter().enumerate() {
        let findings: Vec<&Finding> = by_link[i].iter().map(|&k| &report.findings[k]).collect();
        if only_findings && findings.is_empty() {
            hidden += 1;
            continue;
        }
        let mut header = format!(
            "#{} {} {} {}",
            i + 1,
            range_label(&report.source, &link.source),
            "<->",
            range_label(&report.target, &link.target),
        );
        header = paint.paint(styles::GUTTER, &header);
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
            write_note(report, f, gutter, paint, w)?;
        }
        writeln!(w)?;
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
            write_note(report, f, gutter, paint, w)?;
        }
        writeln!(w)?;
    }
    Ok(())
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

/// `= error[rule] message`, then the fix or the suggestion.
fn write_note(
    report: &PairReport,
    f: &Finding,
    gutter: usize,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        w,
        "{:>gutter$} {} {} {}",
        "",
        paint.paint(styles::GUTTER, "="),
        paint.paint(
            styles::severity(f.severity),
            &format!("{}[{}]", f.severity.as_str(), f.rule)
        ),
        paint.plain(&f.message)
    )?;
    write_fix(report, f, gutter, paint, w)
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
