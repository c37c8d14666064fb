//! Renderers: one file per output format, each writing to any `io::Write` so
//! tests can render into a `Vec<u8>`.

pub mod alignment;
pub mod json;
pub mod segments;

use std::path::PathBuf;

/// What every renderer may need beyond the data.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Emit ANSI colours.
    pub color: bool,
    /// Directory that file paths are made relative to (SARIF `uri`s, project runs).
    pub root: Option<PathBuf>,
}
