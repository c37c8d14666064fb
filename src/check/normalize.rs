//! Text normalisation for matching: turns a text into word tokens whose keys
//! compare equal when a reviewer would say "same word".
//!
//! Each step exists because its absence makes a term checker cry wolf or miss:
//! - Unicode NFC and full case folding: "Énergie" typed with a combining accent
//!   or in capitals is still "énergie".
//! - Apostrophes ' ’ ʼ are one character: "l’agent" = "l'agent".
//! - French elision (l', d', qu', j', n', s', c', m', t', jusqu', lorsqu',
//!   puisqu') is split off and dropped, also when a tokenizer left a space
//!   after it ("l' agent"): "d'IA" contains the word "IA".
//! - Any whitespace (NBSP, narrow NBSP) and hyphens separate words, so
//!   "capital-risque" = "capital risque" and "tour de\u{a0}table" = "tour de table".
//! - Words are whole tokens: "east" never matches inside "Easter".
//! - Snowball stemming per token ("benefits" = "benefit", "actives" = "actif").

use crate::lang::Lang;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;

/// One word of a text, with the byte span of its characters in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset one past its last character.
    pub end: usize,
    /// NFC form with apostrophes unified, case kept: for case-sensitive terms.
    pub surface: Arc<str>,
    /// Case-folded NFC form: for exact terms.
    pub folded: Arc<str>,
    /// Stem of the folded form: for inflected matches.
    pub stem: Arc<str>,
}

/// The three forms of one written word, shared by all its occurrences.
type Forms = (Arc<str>, Arc<str>, Arc<str>);

/// Characters used as apostrophes, all read as `'`.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// French elided words: dropped before matching.
const FRENCH_ELISIONS: &[&str] = &[
    "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu",
];

fn is_elision(word: &str) -> bool {
    word.len() <= 7 && FRENCH_ELISIONS.iter().any(|e| word.eq_ignore_ascii_case(e))
}

/// NFC, apostrophes unified to `'`.
pub fn surface(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let unify = |c: char| if is_apostrophe(c) { '\'' } else { c };
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.chars().map(unify).collect()
    } else {
        s.nfc().map(unify).collect()
    }
}

/// Full Unicode case folding of the NFC form, apostrophes unified.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let folded = caseless::default_case_fold_str(&surface(s));
    if unicode_normalization::is_nfc_quick(folded.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        folded
    } else {
        folded.nfc().collect()
    }
}

/// Snowball stemmer for a language, with a cache (texts repeat words a lot).
pub struct WordStemmer {
    stemmer: Option<Stemmer>,
    cache: HashMap<String, String>,
    /// Raw word → its forms: a text repeats its words, so each is
    /// normalised once.
    words: HashMap<Box<str>, Forms>,
}

impl WordStemmer {
    /// The stemmer for `lang`; languages without a Snowball stemmer keep words as they are.
    pub fn new(lang: Lang) -> WordStemmer {
        let algorithm = match lang.code() {
            "fr" => Some(Algorithm::French),
            "en" => Some(Algorithm::English),
            "de" => Some(Algorithm::German),
            "es" => Some(Algorithm::Spanish),
            "it" => Some(Algorithm::Italian),
            "pt" => Some(Algorithm::Portuguese),
            "nl" => Some(Algorithm::Dutch),
            "da" => Some(Algorithm::Danish),
            "sv" => Some(Algorithm::Swedish),
            "no" | "nb" | "nn" => Some(Algorithm::Norwegian),
            "fi" => Some(Algorithm::Finnish),
            "hu" => Some(Algorithm::Hungarian),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "el" => Some(Algorithm::Greek),
            "tr" => Some(Algorithm::Turkish),
            "ar" => Some(Algorithm::Arabic),
            "ta" => Some(Algorithm::Tamil),
            _ => None,
        };
        WordStemmer {
            stemmer: algorithm.map(Stemmer::create),
            cache: HashMap::new(),
            words: HashMap::new(),
        }
    }

    /// Stem of a folded word. Words holding digits are kept whole.
    pub fn stem(&mut self, folded: &str) -> String {
        let Some(stemmer) = &self.stemmer else {
            return folded.to_string();
        };
        if folded.chars().any(|c| c.is_numeric()) {
            return folded.to_string();
        }
        if let Some(s) = self.cache.get(folded) {
            return s.clone();
        }
        let stem = stemmer.stem(folded).into_owned();
        // Snowball keeps a final -e the feminine adds in French ("actif" but
        // "activ" for "active"): fold the pair so gender does not matter.
        let stem = match stem.strip_suffix("iv") {
            Some(base) if stem.chars().count() > 4 => format!("{base}if"),
            _ => stem,
        };
        self.cache.insert(folded.to_string(), stem.clone());
        stem
    }

    /// Surface, folded and stemmed forms of a raw word.
    fn forms(&mut self, raw: &str) -> Forms {
        if let Some(f) = self.words.get(raw) {
            return f.clone();
        }
        let folded = fold(raw);
        let stem: Arc<str> = self.stem(&folded).into();
        let forms: Forms = (surface(raw).into(), folded.into(), stem);
        self.words.insert(raw.into(), forms.clone());
        forms
    }
}

/// Splits `text` into word tokens, dropping French elided words when `lang`
/// is French. Offsets are relative to `text`.
pub fn tokenize(text: &str, lang: Lang, stemmer: &mut WordStemmer) -> Vec<Token> {
    let spans = word_spans(text, lang);
    let mut tokens = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        let (surface, folded, stem) = stemmer.forms(&text[start..end]);
        tokens.push(Token {
            start,
            end,
            surface,
            folded,
            stem,
        });
    }
    tokens
}

/// Byte spans of the words of `text`: runs of letters and digits, joined by an
/// apostrophe between two word characters; French elided words split off and
/// dropped.
pub fn word_spans(text: &str, lang: Lang) -> Vec<(usize, usize)> {
    let french = lang.is_french();
    let mut spans = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut word_start = start;
        loop {
            match chars.peek().copied() {
                Some((i, c)) if is_word_char(c) => {
                    end = i + c.len_utf8();
                    chars.next();
                }
                Some((i, c)) if is_apostrophe(c) => {
                    let after = text[i + c.len_utf8()..].chars().next();
                    if french && is_elision(&text[word_start..i]) {
                        // "l'agent", "l' agent": drop the elided word.
                        chars.next();
                        match after {
                            Some(a) if is_word_char(a) => {
                                word_start = i + c.len_utf8();
                                end = word_start;
                            }
                            _ => {
                                word_start = i + c.len_utf8();
                                end = word_start;
                                break;
                            }
                        }
                    } else if after.is_some_and(is_word_char) {
                        chars.next();
                        end = i + c.len_utf8();
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        if lang.is_english() {
            // "Mistral’s", "EU's": the possessive is not part of the name.
            let word = &text[word_start..end];
            let mut tail = word.char_indices().rev();
            if let (Some((_, s)), Some((i, a))) = (tail.next(), tail.next())
                && (s == 's' || s == 'S')
                && is_apostrophe(a)
                && i > 0
            {
                end = word_start + i;
            }
        }
        if end > word_start {
            spans.push((word_start, end));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, lang: Lang) -> Vec<&str> {
        word_spans(text, lang)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    fn stems(text: &str, lang: Lang) -> Vec<String> {
        let mut stemmer = WordStemmer::new(lang);
        tokenize(text, lang, &mut stemmer)
            .into_iter()
            .map(|t| t.stem.to_string())
            .collect()
    }

    // Prevents: "l'agent" / "d'IA" reported as missing "agent" / "IA".
    #[test]
    fn french_elision_is_split_off() {
        assert_eq!(words("l'agent d’IA", Lang::FR), vec!["agent", "IA"]);
        assert_eq!(words("L’Agent", Lang::FR), vec!["Agent"]);
        assert_eq!(
            words("jusqu'ici lorsqu'il puisqu'on qu'elle", Lang::FR),
            vec!["ici", "il", "on", "elle"]
        );
    }

    // Prevents: the tokenised WMT text "l' agent" missing the term "agent".
    #[test]
    fn elision_with_a_space_after_it() {
        assert_eq!(words("l' agent causal", Lang::FR), vec!["agent", "causal"]);
    }

    // Prevents: "aujourd'hui" cut into two words, and English apostrophes read as elision.
    #[test]
    fn other_apostrophes_join_the_word() {
        assert_eq!(words("aujourd'hui", Lang::FR), vec!["aujourd'hui"]);
        assert_eq!(words("don't l'amour", Lang::EN), vec!["don't", "l'amour"]);
    }

    // Prevents: "Mistral’s" / "EU's" not matching the names "Mistral" / "EU".
    #[test]
    fn english_possessive_is_split_off() {
        assert_eq!(words("Mistral’s EU's", Lang::EN), vec!["Mistral", "EU"]);
        assert_eq!(words("Mistral’s", Lang::FR), vec!["Mistral’s"]);
    }

    // Prevents: "capital-risque" not matching "capital risque"; NBSP joining words.
    #[test]
    fn hyphens_and_nbsp_separate_words() {
        assert_eq!(words("capital-risque", Lang::FR), vec!["capital", "risque"]);
        assert_eq!(
            words("tour\u{a0}de\u{202f}table", Lang::FR),
            vec!["tour", "de", "table"]
        );
    }

    // Prevents: "Énergie" (capital, or combining accent) not matching "énergie".
    #[test]
    fn folding_handles_case_and_nfc() {
        assert_eq!(fold("E\u{301}NERGIE"), fold("énergie"));
        assert_eq!(fold("Straße"), fold("STRASSE"));
        assert_eq!(fold("l’IA"), "l'ia");
    }

    // Prevents: plural and gender forms reported as missing terms.
    #[test]
    fn stemming_conflates_inflections() {
        assert_eq!(stems("benefits", Lang::EN), stems("benefit", Lang::EN));
        assert_eq!(stems("cas actifs", Lang::FR), stems("cas actif", Lang::FR));
        assert_eq!(stems("active", Lang::FR), stems("actif", Lang::FR));
        assert_eq!(
            stems("respiratoires", Lang::FR),
            stems("respiratoire", Lang::FR)
        );
        assert_eq!(stems("tousse", Lang::FR), stems("toussez", Lang::FR));
        assert_ne!(stems("Easter", Lang::EN), stems("east", Lang::EN));
    }

    #[test]
    fn digits_are_words_but_not_stemmed() {
        assert_eq!(words("COVID-19", Lang::EN), vec!["COVID", "19"]);
        assert_eq!(stems("1990s", Lang::EN), vec!["1990s"]);
    }
}
