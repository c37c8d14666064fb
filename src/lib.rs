//! bitext: review a translation against its source.
//!
//! The pipeline is a chain of plain data (see ARCHITECTURE.md):
//! [`input`] (bytes → decoded text) → [`format`](crate::format) (a reader per file format →
//! a source-mapped [`Document`]: blocks, protected spans, positions on disk)
//! → [`segment`] (sentences inside translatable blocks) → [`align`] (links,
//! omissions and additions split off) → [`check`] (findings) → [`render`]
//! (terminal, JSON, SARIF, HTML …). [`pipeline::Prepared`] resolves settings
//! and compiles the glossary once for pairs, `diff` and project runs;
//! [`fix`] turns the safe fixes of findings into edits of the target files;
//! [`revision`] compares two translations of one source; [`project`] runs a
//! whole repository described by `bitext.toml`; [`lsp`] serves the same
//! checks to editors.

pub mod align;
pub mod baseline;
pub mod changes;
pub mod check;
pub mod document;
pub mod error;
pub mod fingerprint;
pub mod fix;
pub mod format;
pub mod glossary;
pub mod input;
pub mod lang;
pub mod lsp;
pub mod output;
pub mod pipeline;
pub mod project;
pub mod render;
pub mod revision;
pub mod segment;
pub mod worddiff;

pub use document::{Document, Segment};
pub use error::Error;
pub use lang::Lang;
