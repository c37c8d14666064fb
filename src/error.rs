//! The library's errors: each names the file and, where known, the line and
//! column, so that the CLI can print it as one line and exit with status 2.

use std::path::PathBuf;

/// Anything that makes a run fail (exit status 2), as opposed to findings.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read as text.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    /// A catalogue (PO, XLIFF, JSON) is malformed.
    #[error(transparent)]
    Read(#[from] crate::format::ReadError),
    /// The glossary is not valid.
    #[error(transparent)]
    Glossary(#[from] crate::glossary::GlossaryError),
    /// `bitext.toml` is not valid or names nothing.
    #[error(transparent)]
    Project(#[from] crate::project::ProjectError),
    /// A baseline file cannot be read.
    #[error(transparent)]
    Baseline(#[from] crate::baseline::BaselineError),
    /// git could not tell what changed (`--changed-since`).
    #[error(transparent)]
    Git(#[from] crate::changes::GitError),
    /// SARIF logs could not be merged.
    #[error(transparent)]
    Merge(#[from] crate::render::sarif::MergeError),
    /// A language code that is not ISO 639-1.
    #[error("{0}: not an ISO 639-1 language code (expected two letters such as fr, en, de)")]
    Lang(String),
    /// An output file was refused or could not be written.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    /// Bad combination of arguments.
    #[error("{0}")]
    Usage(String),
    /// Several independent problems (every file of a project run that
    /// could not be read), one line each.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Several(Vec<Error>),
    /// Writing an output file failed.
    #[error("{}: {source}", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

impl Error {
    /// The error as lines for a terminal: one per problem when it lists
    /// several (every bad entry of a glossary, every unreadable file of a
    /// project), else its message.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Glossary(g) => g.lines(),
            Error::Project(p) => p.lines(),
            Error::Several(list) => list.iter().flat_map(Error::lines).collect(),
            other => vec![other.to_string()],
        }
    }
}

/// `file:line:column: message`, or `file: message` where the place is not
/// known: the one shape every input problem is shown in.
pub(crate) fn located(path: &str, location: Option<(usize, usize)>, message: &str) -> String {
    match location {
        Some((line, column)) => format!("{path}:{line}:{column}: {message}"),
        None => format!("{path}: {message}"),
    }
}
