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
    /// The file is larger than [`MAX_INPUT_BYTES`].
    #[error(
        "{path}: {size} bytes is larger than the {limit} bytes bitext reads at once; split the file"
    )]
    TooLarge {
        /// Path as given.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
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
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|source| InputError::Unreadable {
                path: path.to_string(),
                source,
            })?;
        if buf.len() as u64 > MAX_INPUT_BYTES {
            return Err(InputError::TooLarge {
                path: path.to_string(),
                size: buf.len() as u64,
                limit: MAX_INPUT_BYTES,
            });
        }
        return decode_bytes(path, buf);
    }
    read_file_decoded(Path::new(path), path)
}

/// Reads the file at `file` and decodes it, naming it `name` in errors: a
/// project run reads `root/docs/a.md` but the user knows it as `docs/a.md`.
pub fn read_file_as(file: &Path, name: &str) -> Result<String, InputError> {
    read_file_decoded(file, name).map(|d| d.text)
}

/// [`read_file_as`], keeping the BOM and encoding.
pub fn read_file_decoded(file: &Path, name: &str) -> Result<Decoded, InputError> {
    let meta = std::fs::metadata(file).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => InputError::NotFound {
            path: name.to_string(),
        },
        _ => InputError::Unreadable {
            path: name.to_string(),
            source,
        },
    })?;
    if meta.is_dir() {
        return Err(InputError::IsDirectory {
            path: name.to_string(),
        });
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            path: name.to_string(),
            size: meta.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let bytes = std::fs::read(file).map_err(|source| InputError::Unreadable {
        path: name.to_string(),
        source,
    })?;
    decode_bytes(name, bytes)
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
    fn nul_bytes_are_binary() {
        let err = decode("f.bin", b"ab\0".to_vec()).unwrap_err();
        assert!(err.to_string().contains("binary content"), "{err}");
    }
}
