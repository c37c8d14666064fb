//! `check --format human`: compiler-style diagnostics for a terminal.
//!
//! ```text
//! draft.txt:12:18: error[term-missing] 'tour de table' should be translated as 'funding round'
//!   fr 4 | Mistral a bouclé un tour de table de 600 millions d'euros.
//!        |                     ^^^^^^^^^^^^^
//!  en 12 | Mistral closed a table round of 600 million euros.
//!        |                  ^^^^^^^^^^^
//!    fix | Mistral closed a [-table-]{+funding+} round of 600 million euros.
//! ```

use super::snippet::{Mark, Snippet};
use super::{Painter, RenderOptions, display_path, fixed_sentence, plural, primary, styles};
use crate::check::Finding;
use crate::document::Document;
use crate::pipeline::{PairReport, Summary};
use std::io::{self, Write};
use std::ops::Range;

/// Writes every finding of every pair, then a summary line.
pub fn write(reports: &[PairReport], opts: &RenderOptions, w: &mut dyn Write) -> io::Result<()> {
    // Findings are rendered side by side and written in their order (each
    // one's text depends on it alone): snippets and word diffs were a third
    // of a big-glossary run, on one core.
    let paint = Painter { color: opts.color };
    for report in reports {
        let gutter = gutter_width(report);
        super::in_order(
            report.findings.len(),
            |i| {
                let f = &report.findings[i];
                let mut text = Vec::new();
                write_header(report, f, opts, paint, &mut text)?;
                write_body(report, f, gutter, paint, &mut text)?;
                writeln!(text)?;
                Ok::<_, io::Error>(text)
            },
            |text| w.write_all(&text?),
        )?;
    }
    writeln!(w, "{}", summary_line(reports, paint))
}

/// One diagnostic: header, the two sentences with the words concerned
/// underlined, and the fixed sentence or the suggestion.
pub fn write_finding(
    report: &PairReport,
    f: &Finding,
    opts: &RenderOptions,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    write_header(report, f, opts, paint, w)?;
    write_body(report, f, gutter_width(report), paint, w)
}

/// `path:line:col: severity[rule] message`.
pub fn write_header(
    report: &PairReport,
    f: &Finding,
    opts: &RenderOptions,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    let doc = primary(report, f);
    let (line, column) = f
        .target
        .as_ref()
        .or(f.source.as_ref())
        .map(|p| (p.line, p.column))
        .unwrap_or((1, 1));
    let style = styles::severity(f.severity);
    writeln!(
        w,
        "{}: {} {}",
        paint.paint(
            styles::BOLD,
            &format!("{}:{line}:{column}", display_path(&doc.name, opts))
        ),
        paint.paint(style, &format!("{}[{}]", f.severity.as_str(), f.rule)),
        paint.paint(styles::BOLD, &f.message),
    )
}

/// The snippets and the fix of one finding, without its header, in a gutter
/// `gutter` wide.
pub fn write_body(
    report: &PairReport,
    f: &Finding,
    gutter: usize,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    let style = styles::severity(f.severity);
    let link = report.alignment.links.get(f.link);
    let source = side(
        &report.source,
        f.source.as_ref().map(|p| (p.segment, p.start..p.end)),
        link.map(|l| l.source.clone()),
    );
    let target = side(
        &report.target,
        f.target.as_ref().map(|p| (p.segment, p.start..p.end)),
        link.map(|l| l.target.clone()),
    );
    for (doc, s) in [(&report.source, &source), (&report.target, &target)] {
        let Some(s) = s else { continue };
        let marks: Vec<Mark> = s
            .mark
            .clone()
            .map(|bytes| Mark { bytes, style })
            .into_iter()
            .collect();
        Snippet::new(doc, s.bytes.clone(), &marks).write(
            w,
            &label(doc, s.segments.start),
            gutter,
            paint,
        )?;
    }
    write_fix(report, f, gutter, paint, w)
}

/// The fixed sentence as a word diff (`fix | …`), or else the suggestion
/// (`= help: use '…'`); nothing when the finding has neither.
pub fn write_fix(
    report: &PairReport,
    f: &Finding,
    gutter: usize,
    paint: Painter,
    w: &mut dyn Write,
) -> io::Result<()> {
    let fixed = f
        .fix
        .as_ref()
        .and_then(|fix| fixed_sentence(&report.target, fix));
    if let Some(diff) = fixed {
        super::snippet::write_diff(w, "fix", gutter, &diff, paint)?;
    } else if let Some(s) = &f.suggestion {
        writeln!(
            w,
            "{:>gutter$} {} use '{}'",
            "",
            paint.paint(styles::GUTTER, "= help:"),
            paint.plain(s)
        )?;
    }
    Ok(())
}

/// `fr 4:17`: the language, line and column of a sentence, its gutter label
/// (several sentences often share a line of running text).
pub fn label(doc: &Document, segment: usize) -> String {
    match doc.segments.get(segment) {
        Some(s) => format!("{} {}:{}", doc.lang.code(), s.line, s.column),
        None => format!("{} -", doc.lang.code()),
    }
}

/// A group of segments as the reader finds it: `fr 3:1`, `fr 3:1-3:80` (first
/// and last sentence), or `fr -` for an empty side (an omission or addition).
pub fn range_label(doc: &Document, segments: &std::ops::Range<usize>) -> String {
    if segments.is_empty() {
        return format!("{} -", doc.lang.code());
    }
    let first = label(doc, segments.start);
    if segments.len() == 1 {
        return first;
    }
    let last = label(doc, segments.end - 1);
    let last = last.split_once(' ').map(|(_, at)| at).unwrap_or_default();
    format!("{first}-{last}")
}

/// A gutter wide enough for every sentence label of the pair (and for
/// `fix`), plus a space of margin, so that all the snippets of one pair line up.
pub fn gutter_width(report: &PairReport) -> usize {
    [&report.source, &report.target]
        .iter()
        .flat_map(|d| (0..d.segments.len()).map(|i| label(d, i).chars().count()))
        .max()
        .unwrap_or(0)
        .max(5)
        + 1
}

/// What to show of one side of a finding.
struct Side {
    /// Segment indices shown.
    segments: Range<usize>,
    /// Their byte span.
    bytes: Range<usize>,
    /// The words to underline, when narrower than the whole sentence.
    mark: Option<Range<usize>>,
}

/// The sentence a position points into, or else the link's sentences on that
/// side for context; `None` when the side is empty.
fn side(
    doc: &Document,
    position: Option<(usize, Range<usize>)>,
    link_side: Option<Range<usize>>,
) -> Option<Side> {
    let segments = match &position {
        Some((segment, _)) => *segment..*segment + 1,
        None => link_side.filter(|r| !r.is_empty())?,
    };
    let first = doc.segments.get(segments.start)?;
    let last = doc.segments.get(segments.end - 1)?;
    let bytes = first.start..last.end;
    let mark = position
        .map(|(_, span)| span)
        .filter(|span| *span != bytes && !span.is_empty());
    Some(Side {
        segments,
        bytes,
        mark,
    })
}

/// `3 errors, 1 warning, 0 infos: 40 source and 41 target segments, 40 links`.
pub fn summary_line(reports: &[PairReport], paint: Painter) -> String {
    let s = Summary::of(reports);
    let total = s.errors + s.warnings + s.infos;
    let counts = if total == 0 {
        paint.paint(styles::BOLD, "no findings")
    } else {
        [
            (s.errors, "error", styles::ERROR),
            (s.warnings, "warning", styles::WARNING),
            (s.infos, "info", styles::INFO),
        ]
        .iter()
        .map(|(n, word, style)| {
            let text = plural(*n, word);
            if *n > 0 {
                paint.paint(*style, &text)
            } else {
                text
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
    };
    let pairs = if reports.len() == 1 {
        String::new()
    } else {
        format!(" in {}", plural(reports.len(), "file pair"))
    };
    let mut held = Vec::new();
    if s.baselined > 0 {
        held.push(format!("{} baselined", s.baselined));
    }
    if s.suppressed > 0 {
        held.push(format!("{} suppressed", s.suppressed));
    }
    let held = if held.is_empty() {
        String::new()
    } else {
        format!(", {}", held.join(", "))
    };
    format!(
        "{counts}{pairs}{held} ({} source and {} target segments, {})",
        s.source_segments,
        s.target_segments,
        plural(s.links, "link")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_report;

    fn render(color: bool) -> String {
        let mut out = Vec::new();
        let opts = RenderOptions { color, root: None };
        write(&[sample_report()], &opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn diagnostics_point_at_the_words_and_show_the_fix() {
        let out = render(false);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn no_escape_codes_without_colour_and_some_with() {
        assert!(!render(false).contains('\u{1b}'));
        assert!(render(true).contains('\u{1b}'));
    }

    #[test]
    fn summary_counts_and_plurals() {
        let r = sample_report();
        let line = summary_line(std::slice::from_ref(&r), Painter { color: false });
        assert_eq!(
            line,
            "2 errors, 1 warning, 0 infos (3 source and 3 target segments, 3 links)"
        );
        let mut clean = r.clone();
        clean.findings.clear();
        let line = summary_line(&[clean.clone(), clean], Painter { color: false });
        assert_eq!(
            line,
            "no findings in 2 file pairs (6 source and 6 target segments, 6 links)"
        );
    }
}
