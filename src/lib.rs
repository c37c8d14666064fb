//! bitext: review a translation against its source.
//!
//! The pipeline is a chain of plain data:
//! [`input`] (bytes → text) → [`segment`] (text → sentence spans) →
//! [`align`] (two segment lists → links) → [`check`] (links → findings) →
//! [`render`] (findings → terminal, JSON, SARIF, HTML …).
//! [`pipeline`] wires the stages for the CLI and for tests; [`revision`]
//! compares two translations of one source; [`project`] runs a whole
//! repository described by `bitext.toml`.

pub mod align;
pub mod baseline;
pub mod changes;
pub mod check;
pub mod document;
pub mod error;
pub mod fingerprint;
pub mod format;
pub mod glossary;
pub mod input;
pub mod lang;
pub mod output;
pub mod pipeline;
pub mod project;
pub mod render;
pub mod revision;
pub mod segment;

pub use document::{Document, Segment};
pub use error::Error;
pub use lang::Lang;
