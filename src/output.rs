//! Output files (`review --html OUT`) and rewritten targets (`check --fix`):
//! written whole or not at all, and only where that cannot destroy anything:
//! a new path, or a regular file that is not one of the run's inputs
//! (compared by device and inode, so a hard link or another spelling of an
//! input is caught too). A symbolic link to a regular file is written
//! through: the file it names is replaced, the link stays.
//!
//! The contents go to a temporary file beside the output, renamed over it
//! once complete. SIGINT and SIGTERM during the write remove the temporary
//! file before the process dies of the signal.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Why an output file was refused.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Something other than a regular file is at the path.
    #[error(
        "{}: is {what}; the output is written only to a new file or over a regular file",
        path.display()
    )]
    NotRegular {
        /// The output path as given.
        path: PathBuf,
        /// What is there ("a directory", "a character device" …).
        what: &'static str,
    },
    /// The output is one of the inputs.
    #[error(
        "{}: is the input {input}; writing there would replace it, choose another output file",
        path.display()
    )]
    IsInput {
        /// The output path as given.
        path: PathBuf,
        /// The input it is, as the user named it.
        input: String,
    },
    /// A file to rewrite in place has no write permission.
    #[error("{}: is read-only; left unchanged", path.display())]
    ReadOnly {
        /// The file as given.
        path: PathBuf,
    },
    /// Writing failed (the temporary file is removed; it is not named).
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The output path as given.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

/// What kind of non-regular file `meta` is.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Device and inode of a file, to tell two names of one file apart from two files.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// The metadata of an input as the user named it (`-`: standard input).
fn input_metadata(input: &str) -> Option<std::fs::Metadata> {
    if input == "-" {
        #[cfg(unix)]
        return std::fs::metadata("/dev/stdin").ok();
        #[cfg(not(unix))]
        return None;
    }
    std::fs::metadata(input).ok()
}

/// Where to write for `path`: the path itself when nothing is there, or the
/// regular file it names (through symbolic links) when that is not an input.
pub fn check_target(path: &Path, inputs: &[&str]) -> Result<PathBuf, OutputError> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(source) => {
            return Err(OutputError::Write {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let meta = if link.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(_) => {
                return Err(OutputError::NotRegular {
                    path: path.to_path_buf(),
                    what: "a symbolic link to nothing",
                });
            }
        }
    } else {
        link
    };
    if !meta.is_file() {
        return Err(OutputError::NotRegular {
            path: path.to_path_buf(),
            what: kind(&meta),
        });
    }
    if let Some(id) = identity(&meta) {
        for input in inputs {
            if input_metadata(input).and_then(|m| identity(&m)) == Some(id) {
                return Err(OutputError::IsInput {
                    path: path.to_path_buf(),
                    input: input.to_string(),
                });
            }
        }
    }
    std::fs::canonicalize(path).map_err(|source| OutputError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The temporary file being written, removed by the signal handler.
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Installs (once) a SIGINT/SIGTERM watcher that removes [`PENDING`] and then
/// lets the signal end the process as it would have.
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                if let Some(tmp) = PENDING.lock().unwrap_or_else(|e| e.into_inner()).take() {
                    let _ = std::fs::remove_file(tmp);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn watch_signals() {}

/// Writes `path` whole or not at all with `write`, after [`check_target`].
pub fn write_file(
    path: &Path,
    inputs: &[&str],
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let target = check_target(path, inputs)?;
    // Like `NamedTempFile::new_in`, but readable as any new file would be
    // (0666 less the umask) rather than owner-only.
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o666))
    };
    #[cfg(not(unix))]
    let permissions = None;
    write_atomically(
        path,
        &target,
        (".bitext-review-", ".html.tmp"),
        permissions,
        write,
    )
}

/// Replaces the existing regular file `path` (never one of `inputs`) with
/// `contents`, whole or not at all, keeping its permissions: how
/// `check --fix` writes a fixed target. A file without write permission is
/// refused (even for a user who could rename over it).
pub fn rewrite_file(path: &Path, inputs: &[&str], contents: &[u8]) -> Result<(), OutputError> {
    let (target, meta) = rewritable(path, inputs)?;
    write_atomically(
        path,
        &target,
        (".bitext-fix-", ".tmp"),
        Some(meta.permissions()),
        |out| out.write_all(contents),
    )
}

/// Whether [`rewrite_file`] would accept `path`: a regular file, not one of
/// `inputs`, with write permission. Checked for every file before the first
/// is written.
pub fn check_rewritable(path: &Path, inputs: &[&str]) -> Result<(), OutputError> {
    rewritable(path, inputs).map(|_| ())
}

/// The file to replace for `path` and its metadata, if it may be rewritten.
fn rewritable(path: &Path, inputs: &[&str]) -> Result<(PathBuf, std::fs::Metadata), OutputError> {
    let target = check_target(path, inputs)?;
    let meta = std::fs::metadata(&target).map_err(|source| OutputError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    // Opening for appending writes nothing; it fails where the user may
    // not write (a mode bit `readonly()` does not see, an ACL).
    if meta.permissions().readonly()
        || std::fs::OpenOptions::new()
            .append(true)
            .open(&target)
            .is_err()
    {
        return Err(OutputError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    Ok((target, meta))
}

/// Writes `target` (checked; `path` as the user named it, for messages)
/// through a temporary file named `prefix…suffix` beside it, created with
/// `permissions`, renamed over it once complete.
fn write_atomically(
    path: &Path,
    target: &Path,
    (prefix, suffix): (&str, &str),
    permissions: Option<std::fs::Permissions>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let fail = |source: io::Error| OutputError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    watch_signals();
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(suffix);
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    // The file is created and registered under one lock: a signal that lands
    // in between waits for the lock and then finds the file to remove.
    let mut tmp = {
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let tmp = builder
            .tempfile_in(&dir)
            .map_err(|e| fail(without_temp_path(e)))?;
        *pending = Some(tmp.path().to_path_buf());
        tmp
    };
    let result = (|| {
        write(tmp.as_file_mut())?;
        tmp.as_file_mut().sync_all()?;
        // Renamed and unregistered under one lock too: a signal sees either
        // the temporary file (and removes it) or the complete output.
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        tmp.persist(target).map_err(|e| e.error)?;
        pending.take();
        Ok(())
    })();
    PENDING.lock().unwrap_or_else(|e| e.into_inner()).take();
    result.map_err(|e| fail(without_temp_path(e)))
}

/// `tempfile` adds "at path /dir/.bitext-review-….tmp" to its errors: the
/// user never asked for that file, so the message keeps only the cause.
fn without_temp_path(e: io::Error) -> io::Error {
    // Its error type is private: only the text tells the cause from the path.
    let text = e.to_string();
    match text.find(" at path ") {
        Some(cut) if e.get_ref().is_some() => io::Error::new(e.kind(), text[..cut].to_string()),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_path_and_a_regular_file_are_fine_an_input_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.html");
        assert_eq!(check_target(&new, &[]).unwrap(), new);
        let input = dir.path().join("t.txt");
        std::fs::write(&input, "x").unwrap();
        let name = input.to_str().unwrap();
        let err = check_target(&input, &[name]).unwrap_err();
        assert!(matches!(err, OutputError::IsInput { .. }), "{err}");
        let other = dir.path().join("old.html");
        std::fs::write(&other, "x").unwrap();
        assert!(check_target(&other, &[name]).is_ok());
    }

    #[test]
    fn directories_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = check_target(dir.path(), &[]).unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
    }

    // Prevents: `check --fix` replacing a read-only file (rename ignores
    // the file's mode) or losing its permissions.
    #[cfg(unix)]
    #[test]
    fn rewrites_keep_permissions_and_refuse_read_only_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.md");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
        rewrite_file(&file, &[], b"new").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
        let err = rewrite_file(&file, &[], b"newer").unwrap_err();
        assert!(matches!(err, OutputError::ReadOnly { .. }), "{err}");
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o.html");
        let err = write_file(&out, &[], |_| Err(io::Error::other("boom"))).unwrap_err();
        assert!(!err.to_string().contains(".html.tmp"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
