//! `align` output: text, TSV, SPEC's JSON links, and TMX.

use super::Streamed;
use crate::align::Alignment;
use crate::document::{Document, one_line};
use std::io::{self, Write};

fn group_text(doc: &Document, range: std::ops::Range<usize>) -> String {
    range
        .map(|i| one_line(doc.display_text(i)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn indices(range: std::ops::Range<usize>) -> String {
    range.map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

/// `{"links": [{"source": [..], "target": [..], "score": s}]}`.
/// Written link by link, with no copy of the whole document.
pub fn write_json(alignment: &Alignment, w: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Links<L> {
        links: L,
    }
    #[derive(serde::Serialize)]
    struct Link<S, T> {
        source: S,
        target: T,
        score: f64,
    }
    let links = Links {
        links: Streamed(|| {
            alignment.links.iter().map(|l| Link {
                source: Streamed(|| l.source.clone()),
                target: Streamed(|| l.target.clone()),
                score: (l.score * 1000.0).round() / 1000.0,
            })
        }),
    };
    serde_json::to_writer(&mut *w, &links)?;
    writeln!(w)
}

/// One link per line: source indices, target indices, score, source text, target text.
pub fn write_tsv(
    source: &Document,
    target: &Document,
    alignment: &Alignment,
    w: &mut dyn Write,
) -> io::Result<()> {
    for l in &alignment.links {
        writeln!(
            w,
            "{}\t{}\t{:.3}\t{}\t{}",
            indices(l.source.clone()),
            indices(l.target.clone()),
            l.score,
            group_text(source, l.source.clone()).replace('\t', " "),
            group_text(target, l.target.clone()).replace('\t', " "),
        )?;
    }
    Ok(())
}

/// Human-readable: each link as a header and its two sides.
pub fn write_text(
    source: &Document,
    target: &Document,
    alignment: &Alignment,
    w: &mut dyn Write,
) -> io::Result<()> {
    for (i, l) in alignment.links.iter().enumerate() {
        writeln!(
            w,
            "#{} [{}] -> [{}] score {:.2}",
            i,
            indices(l.source.clone()),
            indices(l.target.clone()),
            l.score
        )?;
        writeln!(w, "  < {}", group_text(source, l.source.clone()))?;
        writeln!(w, "  > {}", group_text(target, l.target.clone()))?;
    }
    Ok(())
}

/// Escapes text for XML element content (quotes need no escaping there),
/// dropping the control characters XML 1.0 does not allow.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A TMX 1.4b document: one `<tu>` per link whose sides are both non-empty,
/// the alignment score as a `<prop type="x-score">`, so the pairs can be
/// loaded into a translation memory.
pub fn write_tmx(
    source: &Document,
    target: &Document,
    alignment: &Alignment,
    w: &mut dyn Write,
) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(w, r#"<tmx version="1.4">"#)?;
    writeln!(
        w,
        r#"  <header creationtool="bitext" creationtoolversion="{}" segtype="sentence" o-tmf="bitext" adminlang="en" srclang="{}" datatype="plaintext"/>"#,
        env!("CARGO_PKG_VERSION"),
        source.lang.code()
    )?;
    writeln!(w, "  <body>")?;
    for l in &alignment.links {
        if l.source.is_empty() || l.target.is_empty() {
            continue;
        }
        writeln!(w, "    <tu>")?;
        writeln!(w, r#"      <prop type="x-score">{:.3}</prop>"#, l.score)?;
        for (doc, range) in [(source, l.source.clone()), (target, l.target.clone())] {
            writeln!(
                w,
                r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
                doc.lang.code(),
                xml_escape(&group_text(doc, range))
            )?;
        }
        writeln!(w, "    </tu>")?;
    }
    writeln!(w, "  </body>")?;
    writeln!(w, "</tmx>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Link;
    use crate::lang::Lang;

    #[test]
    fn tmx_has_one_tu_per_two_sided_link_and_escapes_text() {
        let s = Document::new(
            "s".into(),
            "A <b> & c.\nOmis.".into(),
            Lang::FR,
            &[(0, 10), (11, 16)],
        );
        let t = Document::new("t".into(), "X \u{1}\"y\".".into(), Lang::EN, &[(0, 7)]);
        let alignment = Alignment {
            links: vec![
                Link {
                    source: 0..1,
                    target: 0..1,
                    score: 0.875,
                },
                Link {
                    source: 1..2,
                    target: 1..1,
                    score: 0.2,
                },
            ],
        };
        let mut out = Vec::new();
        write_tmx(&s, &t, &alignment, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("<tu>").count(), 1);
        assert!(out.contains(r#"<tuv xml:lang="fr"><seg>A &lt;b&gt; &amp; c.</seg></tuv>"#));
        assert!(out.contains(r#"<tuv xml:lang="en"><seg>X "y".</seg></tuv>"#));
        assert!(out.contains(r#"<prop type="x-score">0.875</prop>"#));
        assert!(out.contains(r#"srclang="fr""#));
        assert!(!out.contains("Omis"));
    }
}
