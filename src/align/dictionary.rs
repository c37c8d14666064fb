//! An optional bilingual dictionary: source word → target words, read from a
//! two-column TSV or from a dictd database (the format of Debian's FreeDict
//! packages, e.g. `/usr/share/dictd/fra-eng.index` + `fra-eng.dict.dz`).

use super::evidence::fold;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a dictionary could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// The file (or its dictd companion) could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is not readable as an input (missing, a directory, too large).
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    /// A dictd index line is malformed.
    #[error("{}:{line}: not a dictd index line (headword, offset, length)", path.display())]
    Index {
        /// The index file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
    },
}

/// Folded single-word translations of folded source words. Multi-word
/// entries are kept word by word so that "pomme de terre" → "potato" still
/// helps.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    entries: HashMap<String, Vec<String>>,
}

/// Words too frequent to be evidence, skipped in translations.
const MAX_TRANSLATIONS: usize = 8;

impl Dictionary {
    /// Target words for a folded source word (empty if unknown).
    pub fn translations(&self, folded_word: &str) -> &[String] {
        self.entries
            .get(folded_word)
            .map(|v| v.as_slice())
            .unwrap_or(&[])
    }

    /// Number of source words with at least one translation.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the dictionary has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a pair of (possibly multi-word) expressions.
    pub fn insert(&mut self, source: &str, target: &str) {
        let src: Vec<String> = words(source);
        let tgt: Vec<String> = words(target)
            .into_iter()
            .filter(|w| w.chars().count() >= 3)
            .collect();
        if src.len() != 1 || tgt.is_empty() {
            // Only single-word headwords: a phrase's words translate nothing
            // on their own.
            return;
        }
        let entry = self.entries.entry(src[0].clone()).or_default();
        for t in tgt {
            if entry.len() < MAX_TRANSLATIONS && !entry.contains(&t) {
                entry.push(t);
            }
        }
    }

    /// Parses `source<TAB>target` lines; `#` starts a comment line.
    pub fn from_tsv(text: &str) -> Dictionary {
        let mut d = Dictionary::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            if let (Some(s), Some(t)) = (cols.next(), cols.next()) {
                for t in t.split([',', ';']) {
                    d.insert(s, t);
                }
            }
        }
        d
    }

    /// Parses a dictd database: the `.index` text (headword, base64 offset,
    /// base64 length per line) and the uncompressed `.dict` body. Each
    /// FreeDict entry is the headword line, then senses, one per line, whose
    /// translations are separated by commas or semicolons.
    pub fn from_dictd(
        index: &str,
        body: &[u8],
        index_path: &Path,
    ) -> Result<Dictionary, DictionaryError> {
        let mut d = Dictionary::default();
        for (n, line) in index.lines().enumerate() {
            let mut cols = line.split('\t');
            let (Some(head), Some(off), Some(len)) = (cols.next(), cols.next(), cols.next()) else {
                return Err(DictionaryError::Index {
                    path: index_path.to_path_buf(),
                    line: n + 1,
                });
            };
            if head.starts_with("00-database") || head.starts_with("00database") {
                continue;
            }
            let (Some(off), Some(len)) = (base64_number(off), base64_number(len)) else {
                return Err(DictionaryError::Index {
                    path: index_path.to_path_buf(),
                    line: n + 1,
                });
            };
            let Some(entry) = body.get(off..off.saturating_add(len)) else {
                continue;
            };
            let entry = String::from_utf8_lossy(entry);
            for sense in entry.lines().skip(1) {
                let sense = sense.trim();
                // Grammar notes (<n, fem>), pronunciation (/…/), examples (quoted).
                if sense.is_empty() || sense.starts_with('<') || sense.starts_with('"') {
                    continue;
                }
                let sense = sense
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .trim();
                if sense.starts_with("Note")
                    || sense.starts_with("see ")
                    || sense.starts_with("synonym")
                {
                    continue;
                }
                for t in sense.split([',', ';']) {
                    d.insert(head, t);
                }
            }
        }
        Ok(d)
    }

    /// Loads a TSV file, or a dictd database given by its `.index`,
    /// `.dict` or `.dict.dz` file (both files must sit side by side).
    pub fn load(path: &Path) -> Result<Dictionary, DictionaryError> {
        // Every file (and the decompressed body) is bounded like a document.
        let limit = crate::input::MAX_INPUT_BYTES;
        let read = |p: &Path| crate::input::read_file_bytes(p, &p.to_string_lossy(), limit);
        let name = path.to_string_lossy();
        let stem = name
            .strip_suffix(".index")
            .or_else(|| name.strip_suffix(".dict.dz"))
            .or_else(|| name.strip_suffix(".dict"));
        let Some(stem) = stem else {
            let bytes = read(path)?;
            return Ok(Dictionary::from_tsv(&String::from_utf8_lossy(&bytes)));
        };
        let index_path = PathBuf::from(format!("{stem}.index"));
        let index = read(&index_path)?;
        let plain = PathBuf::from(format!("{stem}.dict"));
        let body = if plain.is_file() {
            read(&plain)?
        } else {
            let dz = PathBuf::from(format!("{stem}.dict.dz"));
            let compressed = read(&dz)?;
            // dictzip is gzip with a random-access table in an extra field;
            // a plain gzip reader decodes it whole.
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(compressed.as_slice())
                .take(limit + 1)
                .read_to_end(&mut out)
                .map_err(|source| DictionaryError::Read {
                    path: dz.clone(),
                    source,
                })?;
            if out.len() as u64 > limit {
                return Err(crate::input::InputError::TooLarge {
                    path: dz.display().to_string(),
                    size: None,
                    limit,
                }
                .into());
            }
            out
        };
        Dictionary::from_dictd(&String::from_utf8_lossy(&index), &body, &index_path)
    }
}

fn words(text: &str) -> Vec<String> {
    // Drop parenthesised notes: "cat (animal)" → "cat".
    let mut clean = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => clean.push(c),
            _ => {}
        }
    }
    clean
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

/// dictd's base64 numbers (alphabet A–Z a–z 0–9 + /, most significant first).
fn base64_number(s: &str) -> Option<usize> {
    let mut n: usize = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        n = n.checked_mul(64)?.checked_add(v as usize)?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_entries_are_folded() {
        let d = Dictionary::from_tsv(
            "# comment\nÉglise\tchurch\nchat\tcat, tomcat\npomme de terre\tpotato\n",
        );
        assert_eq!(d.translations("eglise"), ["church"]);
        assert_eq!(d.translations("chat"), ["cat", "tomcat"]);
        assert!(d.translations("pomme").is_empty());
    }

    #[test]
    fn dictd_numbers_decode() {
        assert_eq!(base64_number("A"), Some(0));
        assert_eq!(base64_number("BA"), Some(64));
        assert_eq!(base64_number("b"), Some(27));
    }

    #[test]
    fn dictd_entries_parse() {
        let body = "chat /ʃa/\n<n, masc>\n1. cat, tomcat\n\"un chat noir\"\nchien\ndog\n";
        let first = body.find("chien").unwrap();
        let index = format!(
            "chat\tA\t{}\nchien\t{}\t{}\n",
            enc(first),
            enc(first),
            enc(body.len() - first)
        );
        let d = Dictionary::from_dictd(&index, body.as_bytes(), Path::new("x.index")).unwrap();
        assert_eq!(d.translations("chat"), ["cat", "tomcat"]);
        assert_eq!(d.translations("chien"), ["dog"]);
    }

    fn enc(mut n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = Vec::new();
        loop {
            s.push(A[n % 64]);
            n /= 64;
            if n == 0 {
                break;
            }
        }
        s.reverse();
        String::from_utf8(s).unwrap()
    }
}
