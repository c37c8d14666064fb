//! `check --format github`: GitHub Actions workflow commands, one per
//! finding, so findings show as annotations on the pull request's files; and
//! the Markdown table written to `$GITHUB_STEP_SUMMARY`.

use super::{RenderOptions, display_path, end_line_column, fixed_sentence, plural, primary};
use crate::check::{Finding, Severity};
use crate::pipeline::{PairReport, Summary};
use std::io::{self, Write};

/// Writes one `::error file=…,line=…::message` command per finding.
pub fn write(reports: &[PairReport], opts: &RenderOptions, w: &mut dyn Write) -> io::Result<()> {
    // Built side by side, written in order (as the human renderer does).
    for report in reports {
        super::in_order(
            report.findings.len(),
            |i| command(report, &report.findings[i], opts),
            |line| writeln!(w, "{line}"),
        )?;
    }
    Ok(())
}

/// `error`, `warning` or `notice`: the commands GitHub knows.
fn command_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message as the runner decodes it.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`): also `:` and `,`, which
/// would otherwise end the value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command for `f`.
pub fn command(report: &PairReport, f: &Finding, opts: &RenderOptions) -> String {
    let doc = primary(report, f);
    let mut props = vec![format!(
        "file={}",
        escape_property(&super::sanitize::one_line(&display_path(&doc.name, opts)))
    )];
    if let Some(p) = f.target.as_ref().or(f.source.as_ref()) {
        let (end_line, end_column) = end_line_column(doc, p);
        props.push(format!("line={}", p.line));
        props.push(format!("endLine={end_line}"));
        // GitHub only honours columns on single-line annotations.
        if end_line == p.line {
            props.push(format!("col={}", p.column));
            props.push(format!("endColumn={end_column}"));
        }
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("bitext {}", f.rule))
    ));
    format!(
        "::{} {}::{}",
        command_name(f.severity),
        props.join(","),
        escape_data(&super::sanitize::terminal(&annotation_text(
            report, f, opts
        )))
    )
}

/// The annotation body: the message, where the source is, and the fixed
/// sentence or the suggestion.
fn annotation_text(report: &PairReport, f: &Finding, opts: &RenderOptions) -> String {
    let mut text = f.message.clone();
    if let (Some(s), Some(_)) = (&f.source, &f.target) {
        text.push_str(&format!(
            "\nsource: {}:{}:{}: {}",
            display_path(&report.source.name, opts),
            s.line,
            s.column,
            crate::document::one_line(s.text(&report.source))
        ));
    }
    match f
        .fix
        .as_ref()
        .and_then(|fix| fixed_sentence(&report.target, fix))
    {
        Some(diff) => text.push_str(&format!("\nfixed: {}", diff.to_plain())),
        None => {
            if let Some(s) = &f.suggestion {
                text.push_str(&format!("\nsuggestion: {s}"));
            }
        }
    }
    text
}

/// Escapes text for a Markdown table cell (spaces kept as they are) so that
/// it shows as written and nothing in it is live: every Markdown
/// inline punctuation character backslash-escaped (no link, image,
/// emphasis, code or math from a translation), HTML as entities, and `://` / `www.`
/// broken by a zero-width space so that GitHub does not autolink a URL.
fn escape_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in super::sanitize::terminal(s).chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // What starts inline Markdown: code, emphasis, links and images,
            // strikethrough, math, escapes, and the cell separator.
            '\\' | '`' | '*' | '_' | '[' | ']' | '!' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.replace("://", ":\u{200b}//")
        .replace("www.", "www\u{200b}.")
}

/// Text inside a code span (backslashes are literal there): only what would
/// end the span or the cell is replaced.
fn escape_code_cell(s: &str) -> String {
    super::sanitize::one_line(s)
        .replace(['\r', '\n'], " ")
        .replace('`', "'")
        .replace('|', "\\|")
}

/// A whole cell: whitespace collapsed, escaped.
fn cell(s: &str) -> String {
    escape_cell(&crate::document::one_line(s))
}

/// A word diff in Markdown: ~~removed~~ **added**.
fn markdown_diff(diff: &super::worddiff::WordDiff) -> String {
    use super::worddiff::Op;
    let mut out = String::new();
    let mut previous = Op::Equal;
    for p in &diff.pieces {
        let text = escape_cell(&p.text);
        let word = text.trim();
        if p.op == Op::Equal || word.is_empty() {
            out.push_str(&text);
            previous = p.op;
            continue;
        }
        if p.op == Op::Insert && previous == Op::Delete {
            out.push(' ');
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let tail = &text[text.trim_end().len()..];
        let mark = if p.op == Op::Delete { "~~" } else { "**" };
        out.push_str(&format!("{lead}{mark}{word}{mark}{tail}"));
        previous = p.op;
    }
    out
}

/// GitHub's limit on a step's summary.
pub const STEP_SUMMARY_CAP: usize = 1024 * 1024;

/// The job summary: counts, then a table of findings, at most
/// [`STEP_SUMMARY_CAP`] bytes (rows past it are left out, with a note
/// saying how many).
pub fn write_step_summary(
    reports: &[PairReport],
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    write_step_summary_capped(reports, opts, STEP_SUMMARY_CAP, w)
}

/// [`write_step_summary`] with another cap (for tests).
pub fn write_step_summary_capped(
    reports: &[PairReport],
    opts: &RenderOptions,
    cap: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut buf: Vec<u8> = Vec::new();
    let w: &mut dyn Write = &mut buf;
    let s = Summary::of(reports);
    writeln!(
        w,
        "### bitext: {}, {}, {}\n",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info")
    )?;
    writeln!(
        w,
        "{} source and {} target segments, {} checked.\n",
        s.source_segments,
        s.target_segments,
        plural(s.links, "link")
    )?;
    if s.errors + s.warnings + s.infos == 0 {
        writeln!(w, "No findings.")?;
        return out.write_all(&buf);
    }
    let total: usize = reports.iter().map(|r| r.findings.len()).sum();
    let mut shown = 0;
    // Room kept for the note that says what was left out.
    let reserve = 200;
    writeln!(w, "| Severity | Location | Rule | Finding | Fix |")?;
    writeln!(w, "|---|---|---|---|---|")?;
    for report in reports {
        for f in &report.findings {
            let doc = primary(report, f);
            let (line, column) = f
                .target
                .as_ref()
                .or(f.source.as_ref())
                .map(|p| (p.line, p.column))
                .unwrap_or((1, 1));
            let fix = match f
                .fix
                .as_ref()
                .and_then(|fx| fixed_sentence(&report.target, fx))
            {
                Some(diff) => markdown_diff(&diff),
                None => f.suggestion.as_deref().map(cell).unwrap_or_default(),
            };
            let row = format!(
                "| {} | `{}:{line}:{column}` | `{}` | {} | {} |\n",
                f.severity.as_str(),
                escape_code_cell(&display_path(&doc.name, opts)),
                f.rule,
                cell(&f.message),
                fix
            );
            if buf.len() + row.len() + reserve > cap {
                return finish_capped(buf, total - shown, out);
            }
            buf.extend_from_slice(row.as_bytes());
            shown += 1;
        }
    }
    out.write_all(&buf)
}

fn finish_capped(mut buf: Vec<u8>, left: usize, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        buf,
        "\n{} not shown: GitHub keeps at most 1 MiB of a step summary; every finding is in the annotations and the SARIF report.",
        plural(left, "more finding")
    )?;
    out.write_all(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_report;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn one_command_per_finding() {
        let mut out = Vec::new();
        write(&[sample_report()], &RenderOptions::default(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        insta::assert_snapshot!(out);
        assert_eq!(out.lines().count(), 3);
        assert!(out.lines().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")));
    }

    #[test]
    fn step_summary_is_a_markdown_table() {
        let mut out = Vec::new();
        write_step_summary(&[sample_report()], &RenderOptions::default(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        insta::assert_snapshot!(out);
        assert!(out.contains("~~table~~ **funding**"));
    }
}
