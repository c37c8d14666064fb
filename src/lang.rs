//! Languages: which rules apply to a text.
//!
//! French and English have full rules; any other ISO 639-1 code gets the
//! language-neutral ones (length, numbers, names, punctuation).

use std::fmt;

/// The 184 two-letter codes of ISO 639-1, sorted for binary search.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// A language, known by its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang([u8; 2]);

impl Lang {
    /// French: full rules.
    pub const FR: Lang = Lang(*b"fr");
    /// English: full rules.
    pub const EN: Lang = Lang(*b"en");

    /// Parses an ISO 639-1 code (case-insensitive); `None` for anything else,
    /// so that a typo such as `fra` or `english` is an input error, not a
    /// silent fallback.
    pub fn parse(code: &str) -> Option<Lang> {
        let lower = code.trim().to_ascii_lowercase();
        ISO_639_1.binary_search(&lower.as_str()).ok().map(|_| {
            let b = lower.as_bytes();
            Lang([b[0], b[1]])
        })
    }

    /// The two-letter code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ISO codes are ASCII")
    }

    /// Whether bitext has language-specific rules for it.
    pub fn is_french(&self) -> bool {
        *self == Lang::FR
    }

    /// Whether bitext has language-specific rules for it.
    pub fn is_english(&self) -> bool {
        *self == Lang::EN
    }
}

impl Lang {
    /// The language of a locale or language tag as files declare it: PO
    /// `Language: pt_BR`, XLIFF `fr-CA`, `sr@latin`, `en_US.UTF-8`. Only the
    /// primary subtag counts; `None` when it is no ISO 639-1 code (`ast`,
    /// an empty header), so that a declaration bitext cannot use leaves the
    /// run's own languages in place.
    pub fn from_locale(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_', '@', '.']).next()?;
        if primary.len() != 2 {
            return None;
        }
        Lang::parse(primary)
    }
}

/// The languages a run asks for, and which of them the user set (a flag, a
/// `bitext.toml` pair, the editor's settings). A bilingual file (PO, XLIFF)
/// names its own languages; those fill what the user left unset, so that
/// `bitext check fr.po` reads English msgids and French msgstrs without
/// flags (the SPEC's fr→en defaults apply when nothing is declared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LangRequest {
    /// The source language: set by the user, or the default.
    pub source: Lang,
    /// The target language: set by the user, or the default.
    pub target: Lang,
    /// `source` was set by the user.
    pub source_set: bool,
    /// `target` was set by the user.
    pub target_set: bool,
}

impl LangRequest {
    /// The languages of a file that declares `declared` (source, target):
    /// what the user set wins, then the declaration; a side known neither
    /// way is the other one of French and English (a PO file declares only
    /// its target: `Language: fr` makes the msgids English).
    pub fn resolve(self, declared: (Option<Lang>, Option<Lang>)) -> (Lang, Lang) {
        let source = if self.source_set {
            Some(self.source)
        } else {
            declared.0
        };
        let target = if self.target_set {
            Some(self.target)
        } else {
            declared.1
        };
        let other = |l: Lang| if l == Lang::EN { Lang::FR } else { Lang::EN };
        match (source, target) {
            (Some(s), Some(t)) => (s, t),
            (Some(s), None) => (s, other(s)),
            (None, Some(t)) => (other(t), t),
            (None, None) => (self.source, self.target),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Very frequent French words that are rare in English, and the reverse:
/// enough to tell the two apart on a sentence or more.
const FRENCH_MARKERS: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "est", "un", "une", "pour", "que", "qui", "dans",
    "sur", "pas", "avec", "il", "elle", "nous", "vous", "ils", "au", "aux", "ce", "cette", "ces",
    "son", "sa", "ses", "mais", "ou", "où", "sont", "été", "être", "très", "plus", "par",
];
const ENGLISH_MARKERS: &[&str] = &[
    "the", "and", "of", "to", "is", "in", "that", "it", "for", "was", "with", "on", "as", "are",
    "be", "by", "this", "have", "from", "at", "which", "not", "but", "were", "has", "had", "its",
    "an", "they", "their", "will", "would", "been", "who", "what",
];

/// Counts how many words of `text` are French and English function words.
pub fn marker_counts(text: &str) -> (usize, usize) {
    let mut fr = 0;
    let mut en = 0;
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(20_000)
    {
        let w = word.to_lowercase();
        if FRENCH_MARKERS.contains(&w.as_str()) {
            fr += 1;
        }
        if ENGLISH_MARKERS.contains(&w.as_str()) {
            en += 1;
        }
    }
    // Elided articles (l', d', qu') are French even when the word list misses them.
    fr += text.matches("l'").count().min(50) + text.matches("l’").count().min(50);
    (fr, en)
}

/// Guesses French or English from function words; French when unsure, as the
/// SPEC asks.
pub fn detect(text: &str) -> Lang {
    let (fr, en) = marker_counts(text);
    if en > fr { Lang::EN } else { Lang::FR }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Prevents: `Language: pt_BR` or `fr-CA` read as no language, or a
    // three-letter code taken for a two-letter one.
    #[test]
    fn locales_give_their_primary_language() {
        assert_eq!(Lang::from_locale("fr"), Some(Lang::FR));
        assert_eq!(Lang::from_locale(" fr_FR "), Some(Lang::FR));
        assert_eq!(Lang::from_locale("en-US"), Some(Lang::EN));
        assert_eq!(Lang::from_locale("sr@latin"), Lang::parse("sr"));
        assert_eq!(Lang::from_locale("de_DE.UTF-8"), Lang::parse("de"));
        assert_eq!(Lang::from_locale("ast"), None);
        assert_eq!(Lang::from_locale(""), None);
        assert_eq!(Lang::from_locale("xx"), None);
    }

    // Prevents: a PO file's `Language: fr` read against the fr→en defaults
    // (every msgstr "untranslated"), or a declaration overriding a flag.
    #[test]
    fn what_the_user_set_wins_then_the_declaration_then_the_defaults() {
        let de = Lang::parse("de").unwrap();
        let defaults = LangRequest {
            source: Lang::FR,
            target: Lang::EN,
            source_set: false,
            target_set: false,
        };
        assert_eq!(defaults.resolve((None, None)), (Lang::FR, Lang::EN));
        assert_eq!(
            defaults.resolve((None, Some(Lang::FR))),
            (Lang::EN, Lang::FR)
        );
        assert_eq!(defaults.resolve((None, Some(de))), (Lang::EN, de));
        assert_eq!(
            defaults.resolve((None, Some(Lang::EN))),
            (Lang::FR, Lang::EN)
        );
        assert_eq!(defaults.resolve((Some(de), Some(Lang::FR))), (de, Lang::FR));
        let target_set = LangRequest {
            target: de,
            target_set: true,
            ..defaults
        };
        assert_eq!(
            target_set.resolve((Some(Lang::EN), Some(Lang::FR))),
            (Lang::EN, de)
        );
        assert_eq!(target_set.resolve((None, None)), (Lang::EN, de));
        let both_set = LangRequest {
            source_set: true,
            ..target_set
        };
        assert_eq!(
            both_set.resolve((Some(Lang::EN), Some(Lang::FR))),
            (Lang::FR, de)
        );
    }

    #[test]
    fn codes_are_validated() {
        assert_eq!(Lang::parse("FR"), Some(Lang::FR));
        assert_eq!(Lang::parse("de").map(|l| l.to_string()), Some("de".into()));
        assert_eq!(Lang::parse("fra"), None);
        assert_eq!(Lang::parse("xx"), None);
        assert!(ISO_639_1.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn detects_english_and_defaults_to_french() {
        assert_eq!(detect("The cat is on the mat and it was happy."), Lang::EN);
        assert_eq!(detect("Le chat est sur le tapis."), Lang::FR);
        assert_eq!(detect("12 345"), Lang::FR);
    }
}
