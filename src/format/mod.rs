//! Format readers: a decoded file → a source-mapped [`Document`].
//!
//! Each format is one file here. A reader finds the file's blocks and the
//! protected spans inside them ([`Layout`]); segmentation then runs inside
//! the translatable blocks only, so code, front matter and markup never
//! become sentences. Bilingual formats (PO, XLIFF) hold both sides of a pair
//! in one file and are read by [`read_bilingual`].

pub mod markdown;
pub mod text;

use crate::document::{Document, Layout};
use crate::input::Decoded;
use crate::lang::{self, Lang};
use crate::segment::SegmentOptions;

/// The input formats of SPEC's `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension: `.md` → markdown, `.po` → po, … anything else → text.
    #[default]
    Auto,
    /// Every character is prose; paragraphs are separated by blank lines.
    Text,
    /// Pre-segmented: each non-blank line is one segment.
    Lines,
    /// CommonMark + GFM tables + front matter.
    Markdown,
    /// gettext PO (bilingual).
    Po,
    /// XLIFF 1.2 / 2.x (bilingual).
    Xliff,
    /// A JSON key/value catalogue.
    Json,
}

impl InputFormat {
    /// Parses SPEC's names (`auto`, `text`, `lines`, `markdown`, `po`, `xliff`, `json`).
    pub fn parse(name: &str) -> Option<InputFormat> {
        Some(match name {
            "auto" => InputFormat::Auto,
            "text" => InputFormat::Text,
            "lines" => InputFormat::Lines,
            "markdown" | "md" => InputFormat::Markdown,
            "po" | "pot" | "gettext" => InputFormat::Po,
            "xliff" | "xlf" => InputFormat::Xliff,
            "json" => InputFormat::Json,
            _ => return None,
        })
    }

    /// SPEC's name of the format.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Lines => "lines",
            InputFormat::Markdown => "markdown",
            InputFormat::Po => "po",
            InputFormat::Xliff => "xliff",
            InputFormat::Json => "json",
        }
    }

    /// The concrete format for `path`: `Auto` picks by extension.
    pub fn resolve(self, path: &str) -> InputFormat {
        if self != InputFormat::Auto {
            return self;
        }
        let ext = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" => InputFormat::Markdown,
            "po" | "pot" => InputFormat::Po,
            "xlf" | "xliff" => InputFormat::Xliff,
            "json" => InputFormat::Json,
            _ => InputFormat::Text,
        }
    }

    /// Whether one file holds both sides (PO, XLIFF).
    pub fn is_bilingual(self) -> bool {
        matches!(self, InputFormat::Po | InputFormat::Xliff)
    }
}

/// Reads one side of a pair: `format` must be resolved and monolingual.
/// `lang` `None` means "detect it" (from the prose, not the markup).
pub fn read_document(
    name: &str,
    decoded: Decoded,
    lang: Option<Lang>,
    format: InputFormat,
    opts: &SegmentOptions,
) -> Document {
    let Decoded { text, bom, utf16 } = decoded;
    let mut doc = match format.resolve(name) {
        InputFormat::Markdown => {
            let layout = markdown::layout(&text);
            let lang = lang.unwrap_or_else(|| lang::detect(&text));
            let spans = markdown::segments(&text, &layout, lang, opts);
            Document::with_layout(name.to_string(), text, lang, layout, &spans)
        }
        InputFormat::Lines => {
            let lang = lang.unwrap_or_else(|| lang::detect(&text));
            let spans = text::line_segments(&text);
            Document::with_layout(name.to_string(), text, lang, Layout::default(), &spans)
        }
        // Catalogue readers come with their own entry points; read as prose
        // they are still checked rather than refused.
        _ => {
            let lang = lang.unwrap_or_else(|| lang::detect(&text));
            let spans = text::prose_segments(&text, lang, opts);
            Document::with_layout(name.to_string(), text, lang, Layout::default(), &spans)
        }
    };
    doc.map.bom = bom;
    doc.map.utf16 = utf16;
    doc
}
