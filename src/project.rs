//! Whole-repository runs described by `bitext.toml` (SPEC: "check with no files").

/// Why `bitext.toml` could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {message}", location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ProjectError {
    /// The config file.
    pub path: String,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}
