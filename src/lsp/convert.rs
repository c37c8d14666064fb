//! A checked pair rendered for the editor: findings → diagnostics, fixes
//! and suppressions → code actions, links → hovers. A renderer like the
//! others in `src/render/`, with LSP positions (UTF-16, the file as the
//! editor has it) instead of line:column.

use super::text::LspText;
use crate::check::Severity;
use crate::document::{BlockKind, Document, one_line};
use crate::format::InputFormat;
use crate::pipeline::PairReport;
use lsp_types::{
    CodeAction, CodeActionKind, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, Hover, HoverContents, Location, MarkupContent, MarkupKind, NumberOrString,
    Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// A pair as last checked, with the texts its positions refer to.
pub(crate) struct Checked {
    pub report: PairReport,
    /// The target's text as checked (the editor's buffer).
    pub target_text: LspText,
    /// The source file and its text (the same as the target's for a
    /// bilingual file).
    pub source_uri: Uri,
    pub source_text: LspText,
    /// The target's reader (which inline suppression it understands).
    pub format: InputFormat,
}

/// One safe replacement in the target: bytes of the text as the editor has
/// it (the server reads buffers with the BOM counted and no re-encoding,
/// so these are also the bytes on disk).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Edit {
    /// Index of the finding it fixes.
    pub finding: usize,
    pub range: std::ops::Range<usize>,
    pub replacement: String,
}

/// The safe edits of a checked pair, one per finding they fix: those
/// `bitext check --fix` would make ([`crate::fix::plan`]). Their `disk`
/// ranges are the buffer's bytes, since buffers are read with their BOM
/// counted and never re-encoded.
pub(crate) fn safe_edits(report: &PairReport) -> Vec<Edit> {
    crate::fix::plan(&report.target, &report.findings)
        .edits
        .into_iter()
        .flat_map(|e| {
            e.findings
                .iter()
                .map(|&finding| Edit {
                    finding,
                    range: e.disk.clone(),
                    replacement: e.new.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Where a rule is documented: `docs/rules.md#RULE` in the repository the
/// binary was built from (its `repository` URL when Cargo.toml names one,
/// else the checkout itself).
pub(crate) fn rule_docs(rule: &str) -> Option<Uri> {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let text = if repository.is_empty() {
        let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        format!("{}#{rule}", super::workspace::path_to_uri(&page).as_str())
    } else {
        format!("{repository}/blob/main/docs/rules.md#{rule}")
    };
    text.parse().ok()
}

/// The editor's severity: a finding at or above `fail_on` would fail
/// `bitext check`, so it is an error; below it, what it is.
pub(crate) fn severity(severity: Severity, fail_on: Option<Severity>) -> DiagnosticSeverity {
    match severity {
        s if fail_on.is_some_and(|t| s >= t) => DiagnosticSeverity::ERROR,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Warning | Severity::Error => DiagnosticSeverity::WARNING,
    }
}

/// The LSP range of document bytes `start..end`.
fn range(doc: &Document, text: &LspText, start: usize, end: usize) -> Range {
    text.range(doc.disk_offset(start), doc.disk_offset(end))
}

impl Checked {
    /// The target range of finding `i`: its words, or for a finding
    /// without a target side (an omission) the point where the missing
    /// sentence belongs (after the previous target sentence, else before
    /// the next one, else the start).
    fn target_range(&self, i: usize) -> Range {
        let r = &self.report;
        let f = &r.findings[i];
        if let Some(t) = &f.target {
            return range(&r.target, &self.target_text, t.start, t.end);
        }
        let next = r.alignment.links.get(f.link).map_or(0, |l| l.target.start);
        let at = match next {
            0 => r.target.segments.first().map_or(0, |s| s.start),
            n => r.target.segments.get(n - 1).map_or(0, |s| s.end),
        };
        range(&r.target, &self.target_text, at, at)
    }

    /// The source sentence of finding `i`, as related information.
    fn source_location(&self, i: usize) -> Option<DiagnosticRelatedInformation> {
        let r = &self.report;
        let p = r.findings[i].source.as_ref()?;
        let s = r.source.segments.get(p.segment)?;
        Some(DiagnosticRelatedInformation {
            location: Location::new(
                self.source_uri.clone(),
                range(&r.source, &self.source_text, s.start, s.end),
            ),
            message: format!("source: {}", one_line(&r.source.text[s.start..s.end])),
        })
    }

    /// Every finding as a diagnostic, in the report's order.
    pub(crate) fn diagnostics(&self, fail_on: Option<Severity>) -> Vec<Diagnostic> {
        (0..self.report.findings.len())
            .map(|i| self.diagnostic(i, fail_on))
            .collect()
    }

    fn diagnostic(&self, i: usize, fail_on: Option<Severity>) -> Diagnostic {
        let f = &self.report.findings[i];
        Diagnostic {
            range: self.target_range(i),
            severity: Some(severity(f.severity, fail_on)),
            code: Some(NumberOrString::String(f.rule.to_string())),
            code_description: rule_docs(f.rule).map(|href| CodeDescription { href }),
            source: Some("bitext".into()),
            message: f.message.clone(),
            related_information: self.source_location(i).map(|r| vec![r]),
            tags: None,
            data: self
                .report
                .fingerprints()
                .get(i)
                .map(|fp| serde_json::json!({ "fingerprint": fp })),
        }
    }

    /// Quick fixes for the findings whose target range meets `wanted`: the
    /// safe replacement where there is one, and an inline suppression
    /// where the format has one.
    pub(crate) fn code_actions(
        &self,
        uri: &Uri,
        wanted: Range,
        fail_on: Option<Severity>,
    ) -> Vec<CodeAction> {
        let edits = safe_edits(&self.report);
        let mut actions = Vec::new();
        for i in 0..self.report.findings.len() {
            let at = self.target_range(i);
            if at.end < wanted.start || wanted.end < at.start {
                continue;
            }
            let f = &self.report.findings[i];
            let diagnostic = self.diagnostic(i, fail_on);
            let action = |title: String, edit: TextEdit, preferred: bool| CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(
                    uri.clone(),
                    vec![edit],
                )]))),
                is_preferred: Some(preferred),
                ..CodeAction::default()
            };
            for e in edits.iter().filter(|e| e.finding == i) {
                let old = &self.target_text.as_str()[e.range.clone()];
                actions.push(action(
                    format!("Replace '{old}' with '{}'", e.replacement),
                    TextEdit::new(
                        self.target_text.range(e.range.start, e.range.end),
                        e.replacement.clone(),
                    ),
                    true,
                ));
            }
            if let Some(edit) = self.suppression(i) {
                actions.push(action(
                    format!("Ignore {} here (bitext-ignore)", f.rule),
                    edit,
                    false,
                ));
            }
        }
        actions
    }

    /// The inline suppression of finding `i` for the target's format:
    /// `<!-- bitext-ignore RULE -->` on its own line before the Markdown
    /// block (heading, paragraph, list item), a `# bitext-ignore RULE`
    /// translator comment at the top of the PO entry. Plain text and
    /// XLIFF get none (text has no comments; an XLIFF `<note>` belongs
    /// inside the unit, not before it).
    fn suppression(&self, i: usize) -> Option<TextEdit> {
        let f = &self.report.findings[i];
        let target = f.target.as_ref()?;
        let doc = &self.report.target;
        let text = &self.target_text;
        let eol = text.line_ending();
        let (at, line) = match self.format {
            InputFormat::Markdown => {
                let block = doc.blocks.iter().find(|b| {
                    (b.start..b.end.max(b.start + 1)).contains(&target.start)
                        && matches!(
                            b.kind,
                            BlockKind::Paragraph | BlockKind::Heading(_) | BlockKind::ListItem
                        )
                })?;
                let at = text.line_start_of(doc.disk_offset(block.start));
                // Inside a block quote or an indented list the comment
                // keeps the line's indentation and `>` markers.
                let prefix: String = text.as_str()[at..]
                    .chars()
                    .take_while(|c| matches!(c, ' ' | '\t' | '>'))
                    .collect();
                (
                    at,
                    format!("{prefix}<!-- bitext-ignore {} -->{eol}", f.rule),
                )
            }
            InputFormat::Po => {
                let mut at = text.line_start_of(doc.disk_offset(target.start));
                while at > 0 {
                    let previous = text.line_start_of(at - 1);
                    if text.as_str()[previous..at].trim().is_empty() {
                        break;
                    }
                    at = previous;
                }
                (at, format!("# bitext-ignore {}{eol}", f.rule))
            }
            _ => return None,
        };
        let point = text.position(at);
        Some(TextEdit::new(Range::new(point, point), line))
    }

    /// The aligned source of the target sentence at byte `offset` of the
    /// buffer, and the link's confidence.
    pub(crate) fn hover(&self, offset: usize) -> Option<Hover> {
        let r = &self.report;
        let segment = r.target.segments.iter().position(|s| {
            (r.target.disk_offset(s.start)..=r.target.disk_offset(s.end)).contains(&offset)
        })?;
        let link = r
            .alignment
            .links
            .iter()
            .find(|l| l.target.contains(&segment))?;
        let source: Vec<String> = link
            .source
            .clone()
            .map(|s| one_line(r.source.display_text(s)))
            .collect();
        let (first, last) = (
            r.target.segments[link.target.start],
            r.target.segments[link.target.end - 1],
        );
        let body = if source.is_empty() {
            format!(
                "**bitext**: no source sentence (an addition) · link confidence {:.2}",
                link.score
            )
        } else {
            let line = r.source.segments[link.source.start].line;
            format!(
                "**bitext** · source ({}, line {line}) · link confidence {:.2}\n\n> {}",
                r.source.lang,
                link.score,
                source.join(" ")
            )
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: body,
            }),
            range: Some(range(&r.target, &self.target_text, first.start, last.end)),
        })
    }
}
