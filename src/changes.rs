//! `--changed-since REF`: which files differ from a git revision, asked of
//! git itself (`std::process::Command`), committed or not.
//!
//! A file counts as changed when `git diff -M REF` names it (changes
//! committed since REF, staged or not; both names of a rename, so a pair
//! whose file moved away is checked too) or when it is untracked and not
//! ignored.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Why git could not tell what changed.
#[derive(Debug, thiserror::Error)]
#[error("--changed-since {rev}: {message}")]
pub struct GitError {
    /// The revision asked for.
    pub rev: String,
    /// What went wrong.
    pub message: String,
}

fn git(dir: &Path, rev: &str, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let fail = |message: String| GitError {
        rev: rev.to_string(),
        message,
    };
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| fail(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or("").trim().to_string();
        return Err(fail(if first.is_empty() {
            format!("git {} failed ({})", args.join(" "), out.status)
        } else {
            first
        }));
    }
    Ok(out.stdout)
}

/// Files below `dir` that differ from revision `rev`, as paths relative to
/// `dir` with `/` separators.
pub fn changed_files(dir: &Path, rev: &str) -> Result<BTreeSet<String>, GitError> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(GitError {
            rev: rev.to_string(),
            message: "not a git revision".into(),
        });
    }
    let commit = format!("{rev}^{{commit}}");
    git(dir, rev, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|e| GitError {
        message: if e.message.contains("failed") {
            format!("not a commit of the repository at {}", dir.display())
        } else {
            e.message
        },
        ..e
    })?;
    let mut files = BTreeSet::new();
    let diff = git(
        dir,
        rev,
        &[
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--relative",
            "--no-ext-diff",
            rev,
            "--",
        ],
    )?;
    // -z: STATUS NUL PATH NUL, or for renames and copies STATUS NUL OLD NUL NEW NUL.
    let mut fields = diff.split(|b| *b == 0).filter(|f| !f.is_empty());
    while let Some(status) = fields.next() {
        let paths = if matches!(status.first(), Some(b'R' | b'C')) {
            2
        } else {
            1
        };
        for _ in 0..paths {
            if let Some(p) = fields.next() {
                files.insert(String::from_utf8_lossy(p).into_owned());
            }
        }
    }
    let untracked = git(
        dir,
        rev,
        &["ls-files", "--others", "--exclude-standard", "-z"],
    )?;
    files.extend(
        untracked
            .split(|b| *b == 0)
            .filter(|f| !f.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned()),
    );
    Ok(files)
}
