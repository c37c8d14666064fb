//! Format readers: a decoded file → a source-mapped [`Document`].
//!
//! Each format is one file here. A reader finds the file's blocks and the
//! protected spans inside them ([`Layout`]); segmentation then runs inside
//! the translatable blocks only, so code, front matter and markup never
//! become sentences. Bilingual formats (PO, XLIFF) hold both sides of a pair
//! in one file and are read by [`read_bilingual`].

pub mod catalogue;
pub mod inline;
pub mod json;
pub mod markdown;
pub mod po;
pub mod text;
pub mod xliff;

pub use catalogue::{Bilingual, ReadError};
pub(crate) use xliff::unclosed_element;

use crate::document::{Document, FileSyntax, Layout};
use crate::input::Decoded;
use crate::lang::{self, Lang, LangRequest};
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

/// Options of the catalogue readers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatalogueOptions {
    /// Check fuzzy entries (PO `#, fuzzy`, XLIFF units not yet approved or
    /// in an initial state) instead of skipping them (`--include-fuzzy`).
    pub include_fuzzy: bool,
}

/// Reads a bilingual file (PO, XLIFF; `format` resolved by `name` when
/// `Auto`): both sides and one link per entry.
///
/// The languages are those of `langs`, the file's own declaration filling
/// what the user left unset (see [`LangRequest::resolve`]); the documents
/// carry the languages they were read in.
pub fn read_bilingual(
    name: &str,
    decoded: Decoded,
    langs: LangRequest,
    format: InputFormat,
    opts: CatalogueOptions,
) -> Result<Bilingual, ReadError> {
    let Decoded { text, bom, utf16 } = decoded;
    let declared = match format.resolve(name) {
        InputFormat::Xliff => xliff::declared_languages(&text),
        _ => (None, po::declared_language(name, &text)),
    };
    let (source_lang, target_lang) = langs.resolve(declared);
    let mut b = match format.resolve(name) {
        InputFormat::Xliff => xliff::read(name, &text, source_lang, target_lang, opts)?,
        _ => po::read(
            name,
            &text,
            source_lang,
            target_lang,
            po::PoOptions {
                include_fuzzy: opts.include_fuzzy,
            },
        )?,
    };
    let syntax = match format.resolve(name) {
        InputFormat::Xliff => FileSyntax::Xml,
        _ => FileSyntax::Po,
    };
    for doc in [&mut b.source, &mut b.target] {
        doc.map.bom = bom;
        doc.map.utf16 = utf16;
        doc.map.syntax = syntax;
    }
    Ok(b)
}

/// Reads one side of a pair like [`read_document`], with the errors of
/// formats that can be malformed (a JSON catalogue).
pub fn read(
    name: &str,
    decoded: Decoded,
    lang: Option<Lang>,
    format: InputFormat,
    opts: &SegmentOptions,
) -> Result<Document, ReadError> {
    if format.resolve(name) != InputFormat::Json {
        return Ok(read_document(name, decoded, lang, format, opts));
    }
    let Decoded { text, bom, utf16 } = decoded;
    let lang = lang.unwrap_or_else(|| lang::detect(&text));
    let mut doc = json::read(name, &text, lang)?;
    doc.map.bom = bom;
    doc.map.utf16 = utf16;
    doc.map.syntax = FileSyntax::Json;
    Ok(doc)
}

/// Reads one side of a pair: `format` must be resolved and monolingual.
/// `lang` `None` means "detect it" (from the prose, not the markup). A JSON
/// catalogue that does not parse is read as text here; [`read`] reports it.
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
            let mut doc = Document::with_layout(name.to_string(), text, lang, layout, &spans);
            doc.map.syntax = FileSyntax::Markdown;
            doc
        }
        InputFormat::Lines => {
            let lang = lang.unwrap_or_else(|| lang::detect(&text));
            let spans = text::line_segments(&text);
            Document::with_layout(name.to_string(), text, lang, Layout::default(), &spans)
        }
        InputFormat::Json => {
            let lang = lang.unwrap_or_else(|| lang::detect(&text));
            match json::read(name, &text, lang) {
                Ok(mut doc) => {
                    doc.map.syntax = FileSyntax::Json;
                    doc
                }
                Err(_) => {
                    let spans = text::prose_segments(&text, lang, opts);
                    Document::with_layout(name.to_string(), text, lang, Layout::default(), &spans)
                }
            }
        }
        // Bilingual files come through `read_bilingual`; read as one side
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
