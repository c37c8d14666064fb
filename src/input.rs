//! Reading input files as text: the edge where real-world bytes (BOMs,
//! UTF-16 from Windows tools, CRLF, stray binaries) become a `String` or a
//! precise error.

use std::io::Read;
use std::path::Path;

/// Inputs larger than this are refused up front rather than risking an
/// out-of-memory kill halfway through a run.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Why an input file could not be used; every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist.
    #[error("{path}: no such file")]
    NotFound {
        /// Path as given.
        path: String,
    },
    /// The path is a directory.
    #[error("{path}: is a directory, expected a text file")]
    IsDirectory {
        /// Path as given.
        path: String,
    },
    /// The OS refused to read it.
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        /// Path as given.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file holds NUL bytes: binary data, not text.
    #[error(
        "{path}:{line}:{column}: binary content (NUL byte at byte {offset}), expected UTF-8 text"
    )]
    Binary {
        /// Path as given.
        path: String,
        /// Byte offset of the first NUL.
        offset: usize,
        /// 1-based line of it.
        line: usize,
        /// 1-based column of it.
        column: usize,
    },
    /// The bytes are not UTF-8 (and no BOM announced another encoding).
    #[error("{path}:{line}:{column}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Path as given.
        path: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of it.
        line: usize,
        /// 1-based column of it, in characters.
        column: usize,
    },
    /// The input is larger than the limit of its kind ([`MAX_INPUT_BYTES`]
    /// for documents). For a pipe or a device the size is not known: reading
    /// stops one byte past the limit.
    #[error("{path}: {} is larger than the {limit} bytes bitext reads at once; split the file", describe_size(*.size))]
    TooLarge {
        /// Path as given.
        path: String,
        /// Its size when known (a regular file), else `None`.
        size: Option<u64>,
        /// The limit.
        limit: u64,
    },
}

fn describe_size(size: Option<u64>) -> String {
    match size {
        Some(n) => format!("{n} bytes"),
        None => "the input".to_string(),
    }
}

/// A decoded file and how its bytes relate to the text (for positions on disk).
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// Bytes of the byte-order mark that preceded it.
    pub bom: usize,
    /// Whether the file was UTF-16.
    pub utf16: bool,
}

/// Reads `path` (or standard input for `-`) and decodes it to text.
pub fn read_text(path: &str) -> Result<String, InputError> {
    read_decoded(path).map(|d| d.text)
}

/// Reads `path` (or standard input for `-`), keeping the BOM and encoding.
pub fn read_decoded(path: &str) -> Result<Decoded, InputError> {
    let bytes = read_bytes(path, MAX_INPUT_BYTES)?;
    decode_bytes(path, bytes)
}

/// Reads the file at `file` and decodes it, naming it `name` in errors: a
/// project run reads `root/docs/a.md` but the user knows it as `docs/a.md`.
pub fn read_file_as(file: &Path, name: &str) -> Result<String, InputError> {
    read_file_decoded(file, name).map(|d| d.text)
}

/// [`read_file_as`], keeping the BOM and encoding.
pub fn read_file_decoded(file: &Path, name: &str) -> Result<Decoded, InputError> {
    let bytes = read_file_bytes(file, name, MAX_INPUT_BYTES)?;
    decode_bytes(name, bytes)
}

/// The raw bytes of `path` (standard input for `-`), at most `limit` of them:
/// the one bounded reader behind every input (documents, glossaries,
/// abbreviation files, dictionaries, `bitext.toml`).
pub fn read_bytes(path: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    if path == "-" {
        return read_limited(std::io::stdin().lock(), path, limit, None);
    }
    read_file_bytes(Path::new(path), path, limit)
}

/// The raw bytes of `file`, named `name` in errors, at most `limit` of them.
/// Regular files, pipes, FIFOs and character devices are all read the same
/// way: at most `limit + 1` bytes, so that `/dev/zero` or `<(yes)` is refused
/// instead of filling the memory.
pub fn read_file_bytes(file: &Path, name: &str, limit: u64) -> Result<Vec<u8>, InputError> {
    let unreadable = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound {
            path: name.to_string(),
        },
        _ => InputError::Unreadable {
            path: name.to_string(),
            source,
        },
    };
    let meta = std::fs::metadata(file).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(InputError::IsDirectory {
            path: name.to_string(),
        });
    }
    if meta.is_file() && meta.len() > limit {
        return Err(InputError::TooLarge {
            path: name.to_string(),
            size: Some(meta.len()),
            limit,
        });
    }
    let f = std::fs::File::open(file).map_err(unreadable)?;
    let hint = meta.is_file().then_some(meta.len());
    read_limited(f, name, limit, hint)
}

/// Reads `reader` to its end or to one byte past `limit`, whichever comes first.
fn read_limited(
    reader: impl Read,
    name: &str,
    limit: u64,
    size_hint: Option<u64>,
) -> Result<Vec<u8>, InputError> {
    let capacity = size_hint.unwrap_or(0).min(limit) as usize;
    let mut buf = Vec::with_capacity(capacity.saturating_add(1));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|source| InputError::Unreadable {
            path: name.to_string(),
            source,
        })?;
    if buf.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: name.to_string(),
            // A regular file that grew while being read still has a size.
            size: size_hint.filter(|n| *n > limit),
            limit,
        });
    }
    Ok(buf)
}

/// Decodes bytes: a UTF-8 BOM is dropped, a UTF-16 BOM switches to UTF-16,
/// anything else must be UTF-8 without NUL bytes.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    decode_bytes(path, bytes).map(|d| d.text)
}

/// [`decode`], keeping the BOM and encoding.
pub fn decode_bytes(path: &str, bytes: Vec<u8>) -> Result<Decoded, InputError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _, _) = encoding.decode(&bytes);
            // decode() strips the BOM itself.
            let text = text.into_owned();
            if let Some(offset) = text.find('\0') {
                return Err(binary_error(path, &text, offset));
            }
            return Ok(Decoded {
                text,
                bom,
                utf16: true,
            });
        }
        return decode_utf8(path, bytes[bom..].to_vec()).map(|text| Decoded {
            text,
            bom,
            utf16: false,
        });
    }
    decode_utf8(path, bytes).map(|text| Decoded {
        text,
        bom: 0,
        utf16: false,
    })
}

fn decode_utf8(path: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        let prefix = String::from_utf8_lossy(&bytes[..offset]);
        let (line, column) = position(&prefix, prefix.len());
        return Err(InputError::Binary {
            path: path.to_string(),
            offset,
            line,
            column,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or("");
        let (line, column) = position(valid, valid.len());
        InputError::InvalidUtf8 {
            path: path.to_string(),
            offset,
            line,
            column,
        }
    })
}

fn binary_error(path: &str, text: &str, offset: usize) -> InputError {
    let (line, column) = position(text, offset);
    InputError::Binary {
        path: path.to_string(),
        offset,
        line,
        column,
    }
}

/// 1-based line and character column of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFabc".to_vec()).unwrap(), "abc");
    }

    #[test]
    fn utf16_is_decoded_by_its_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "é a".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(decode("f", bytes).unwrap(), "é a");
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = decode("f.txt", b"ab\ncd\xFFe".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "f.txt:2:3: invalid UTF-8 at byte 5");
    }

    #[test]
    fn reads_stop_one_byte_past_the_limit() {
        let endless = std::io::repeat(b'a');
        let err = read_limited(endless, "yes", 10, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "yes: the input is larger than the 10 bytes bitext reads at once; split the file"
        );
        let ok = read_limited(&b"0123456789"[..], "f", 10, None).unwrap();
        assert_eq!(ok.len(), 10);
    }

    #[test]
    fn nul_bytes_are_binary() {
        let err = decode("f.bin", b"ab\0".to_vec()).unwrap_err();
        assert!(err.to_string().contains("binary content"), "{err}");
    }
}
