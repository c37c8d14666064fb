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
    /// Stem of the folded form: finds candidates for inflected matches.
    pub stem: Arc<str>,
    /// The folded form and the lemmas it may be an inflection of (French and
    /// English; empty for other languages): two words are inflections of
    /// each other when these share a member (see [`inflection_bases`]).
    pub bases: Arc<[Box<str>]>,
    /// What kind of word it is: prose, camelCase or part of code.
    pub shape: Shape,
    /// Glued by a hyphen to the word before it ("tasks" in
    /// "background-tasks"): a match may not start here.
    pub joined_before: bool,
    /// Glued by a hyphen to the word after it: a match may not end here.
    pub joined_after: bool,
}

/// What kind of written word a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A word of prose.
    Word,
    /// A camelCase word ("backgroundTasks", "OpenAI"): matches only a form
    /// written the same way.
    Camel,
    /// Part of an identifier, URL, e-mail address or path
    /// (`snake_case`, `config.yml`, `os.path`, `watch()`, `/horaires-2026`,
    /// `https://…`, `a@b.c`): never matches a prose term.
    Code,
}

/// The forms of one written word, shared by all its occurrences: surface,
/// folded, stem, inflection bases.
type Forms = (Arc<str>, Arc<str>, Arc<str>, Arc<[Box<str>]>);

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
    lang: Lang,
    stemmer: Option<Stemmer>,
    cache: HashMap<String, String, foldhash::fast::RandomState>,
    /// Raw word → its forms: a text repeats its words, so each is
    /// normalised once. (Both caches are looked up for every word of a
    /// text and of a glossary: a fast hash, not SipHash.)
    words: HashMap<Box<str>, Forms, foldhash::fast::RandomState>,
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
            lang,
            stemmer: algorithm.map(Stemmer::create),
            cache: HashMap::default(),
            words: HashMap::default(),
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

    /// Surface, folded, stemmed forms and inflection bases of a raw word.
    fn forms(&mut self, raw: &str) -> Forms {
        if let Some(f) = self.words.get(raw) {
            return f.clone();
        }
        let folded = fold(raw);
        let stem: Arc<str> = self.stem(&folded).into();
        let bases: Arc<[Box<str>]> = inflection_bases(&folded, self.lang).into();
        let forms: Forms = (surface(raw).into(), folded.into(), stem, bases);
        self.words.insert(raw.into(), forms.clone());
        forms
    }
}

/// Whether two tokens are inflections of one lemma: they are the same folded
/// word, or (French and English) their [`inflection_bases`] share a member.
/// For other languages, `None`: the caller decides from the stems.
pub fn same_lemma(a: &Token, b: &Token) -> Option<bool> {
    if a.folded == b.folded {
        return Some(true);
    }
    if a.bases.is_empty() || b.bases.is_empty() {
        return None;
    }
    Some(a.bases.iter().any(|x| b.bases.contains(x)))
}

/// French inflectional endings of nouns and adjectives (number and gender):
/// ending → what the lemma ends with instead.
const FRENCH_NOMINAL: &[(&str, &str)] = &[
    ("s", ""),
    ("x", ""),
    ("e", ""),
    ("es", ""),
    ("aux", "al"),
    ("aux", "ail"),
    ("ve", "f"),
    ("ves", "f"),
    ("euse", "eux"),
    ("euses", "eux"),
    ("euse", "eur"),
    ("euses", "eur"),
    ("rice", "eur"),
    ("rices", "eur"),
    ("ère", "er"),
    ("ères", "er"),
    ("enne", "en"),
    ("ennes", "en"),
    ("onne", "on"),
    ("onnes", "on"),
    ("elle", "el"),
    ("elles", "el"),
    ("ette", "et"),
    ("ettes", "et"),
];

/// French verb endings (first and second group, the common tenses), stripped
/// to the verb's stem: "isoler", "isolez", "isolé", "isolées" share "isol".
/// Endings that are mostly noun endings ("-ions" of "infections", "-ent" of
/// "traitement") are left out or restricted: a verb form missed costs less
/// than a noun taken for a verb.
const FRENCH_VERBAL: &[&str] = &[
    "er", "e", "es", "ons", "ez", "é", "ée", "és", "ées", "ent", "ais", "ait", "aient", "ant",
    "erai", "eras", "era", "erons", "erez", "eront", "erais", "erait", "eraient", "a", "as",
    "èrent", "eons", "eant", "eait", "eais", "eaient", "ir", "is", "it", "i", "ie", "ies",
    "issons", "issez", "issent", "issait", "issais", "issaient", "issant", "irai", "ira", "irons",
    "irez", "iront", "irait", "iraient", "u", "ue", "us", "ues",
];

/// English irregular plurals common in technical and general text.
const ENGLISH_IRREGULAR: &[(&str, &str)] = &[
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("people", "person"),
    ("mice", "mouse"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("geese", "goose"),
    ("data", "datum"),
    ("criteria", "criterion"),
    ("phenomena", "phenomenon"),
    ("media", "medium"),
    ("bacteria", "bacterium"),
];

/// Marks a French verb stem among the bases.
const VERB_STEM: &str = "\u{1}";

/// Shortest lemma (or verb stem) an ending may leave: "des" is not "de" + s.
const MIN_BASE_CHARS: usize = 3;

/// The folded word and the lemmas (or verb stems) it may be an inflection of,
/// by per-language suffix rules: plural and gender of nouns and adjectives,
/// the regular verb endings. Derivational endings ("-ation", "-ency",
/// "-able", "-ly", "-er" of agents) are never removed, so "fréquentation" and
/// "fréquentes", "dependency" and "depends", "watcher" and "watch" share
/// nothing. Sorted, without duplicates; empty for languages without rules.
pub fn inflection_bases(folded: &str, lang: Lang) -> Vec<Box<str>> {
    let french = lang.is_french();
    if !french && !lang.is_english() {
        return Vec::new();
    }
    if folded.chars().any(|c| !c.is_alphabetic() && c != '\'') {
        return vec![folded.into()];
    }
    let mut out: Vec<String> = vec![folded.to_string()];
    let mut add = |stem: &str, tail: &str| {
        let tail_chars = tail.chars().filter(|&c| c != '\u{1}').count();
        if stem.chars().count() + tail_chars >= MIN_BASE_CHARS {
            out.push(format!("{stem}{tail}"));
        }
    };
    if french {
        for &(ending, lemma) in FRENCH_NOMINAL {
            if let Some(stem) = folded.strip_suffix(ending) {
                add(stem, lemma);
            }
        }
        for &ending in FRENCH_VERBAL {
            if let Some(stem) = folded.strip_suffix(ending) {
                // "-ent" of nouns and adverbs in "-ment" is not a verb
                // ending ("traitement", "isolement").
                if ending == "ent" && stem.ends_with('m') {
                    continue;
                }
                // Verb stems are kept apart from noun lemmas (marked by a
                // character no word holds): "portez" is not "port".
                add(stem, VERB_STEM);
            }
        }
    } else {
        for &(plural, singular) in ENGLISH_IRREGULAR {
            if folded == plural {
                add(singular, "");
            }
        }
        if let Some(stem) = folded.strip_suffix("ies") {
            add(stem, "y");
        }
        if let Some(stem) = folded.strip_suffix("ves") {
            add(stem, "f");
            add(stem, "fe");
        }
        if let Some(stem) = folded.strip_suffix("ses") {
            add(stem, "sis"); // analyses, diagnoses
        }
        if let Some(stem) = folded.strip_suffix("ices") {
            add(stem, "ex"); // indices, vertices
            add(stem, "ix"); // matrices
        }
        if let Some(stem) = folded.strip_suffix("es") {
            add(stem, ""); // viruses, boxes, churches
        }
        if !folded.ends_with("ss")
            && let Some(stem) = folded.strip_suffix('s')
        {
            add(stem, "");
        }
        if let Some(stem) = folded.strip_suffix("ied") {
            add(stem, "y");
        }
        for ending in ["ed", "ing"] {
            if let Some(stem) = folded.strip_suffix(ending) {
                add(stem, "");
                add(stem, "e"); // used, using
                // stopped, stopping: the doubled consonant
                let mut chars = stem.chars().rev();
                if let (Some(a), Some(b)) = (chars.next(), chars.next())
                    && a == b
                    && !"aeiouls".contains(a)
                {
                    add(&stem[..stem.len() - a.len_utf8()], "");
                }
            }
        }
        if let Some(stem) = folded.strip_suffix('d')
            && folded.ends_with("ed")
        {
            add(stem, ""); // used → use
        }
    }
    out.sort_unstable();
    out.dedup();
    out.into_iter().map(String::into_boxed_str).collect()
}

/// The folded words of `text`, as [`tokenize`] folds them, without stems or
/// inflection bases: what a glossary's validation compares, where stemming
/// every term would cost as much again as compiling the matcher.
pub(crate) fn folded_words(text: &str, lang: Lang) -> Vec<String> {
    word_spans(text, lang)
        .into_iter()
        .map(|(start, end)| fold(&text[start..end]))
        .collect()
}

/// Splits `text` into word tokens, dropping French elided words when `lang`
/// is French. Offsets are relative to `text`.
pub fn tokenize(text: &str, lang: Lang, stemmer: &mut WordStemmer) -> Vec<Token> {
    let spans = word_spans(text, lang);
    let code = code_ranges(text);
    let mut tokens = Vec::with_capacity(spans.len());
    let mut c = 0;
    for (start, end) in spans {
        let raw = &text[start..end];
        let (surface, folded, stem, bases) = stemmer.forms(raw);
        while c < code.len() && code[c].1 <= start {
            c += 1;
        }
        let shape = if code.get(c).is_some_and(|&(s, _)| s <= start) {
            Shape::Code
        } else if is_camel_case(raw) {
            Shape::Camel
        } else {
            Shape::Word
        };
        tokens.push(Token {
            start,
            end,
            surface,
            folded,
            stem,
            bases,
            shape,
            joined_before: false,
            joined_after: false,
        });
    }
    // Words glued by a hyphen ("background-tasks", "capital-risque") form a
    // compound a match must take whole; French inverted pronouns
    // ("avez-vous", "coule-t-il") and "-ci"/"-là" are separate words.
    for i in 1..tokens.len() {
        let (prev, next) = (&tokens[i - 1], &tokens[i]);
        let between = &text[prev.end..next.start];
        let glued = between.chars().count() == 1 && between.chars().all(is_hyphen);
        let loose = (lang.is_french() && FRENCH_CLITICS.contains(&&*next.folded))
            || is_modifier(&next.folded)
            || PREFIXES.contains(&&*prev.folded);
        if glued && !loose {
            tokens[i - 1].joined_after = true;
            tokens[i].joined_before = true;
        }
    }
    tokens
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Prefixes written with a hyphen in prose ("self-isolation",
/// "non-contagious", "sous-lignées"): the word after them is a word.
const PREFIXES: &[&str] = &[
    "self", "non", "anti", "co", "pre", "post", "re", "semi", "multi", "inter", "intra", "sub",
    "super", "ultra", "ex", "mid", "over", "under", "cross", "counter", "pseudo", "quasi", "neo",
    "pro", "auto", "micro", "macro", "mini", "hyper", "hypo", "extra", "sous", "sur", "contre",
    "pré", "néo", "demi", "mi",
];

/// Whether a word after a hyphen makes the word before it a modifier, as in
/// prose ("RNA-dependent", "virus-like", "pandemic-induced",
/// "fever-reducing"): then the word before it stands on its own.
fn is_modifier(word: &str) -> bool {
    const MODIFIERS: &[&str] = &[
        "like",
        "related",
        "dependent",
        "specific",
        "free",
        "wide",
        "associated",
        "positive",
        "negative",
        "borne",
        "level",
        "type",
        "style",
        "proof",
        "prone",
        "resistant",
        "friendly",
        "linked",
        "scale",
    ];
    word.is_ascii() && word.len() > 4 && (word.ends_with("ed") || word.ends_with("ing"))
        || MODIFIERS.contains(&word)
}

/// French words joined to a verb by a hyphen in inversions and
/// demonstratives: the hyphen separates them.
const FRENCH_CLITICS: &[&str] = &[
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "moi", "toi", "le", "la",
    "les", "lui", "leur", "y", "en", "ce", "t", "ci", "là",
];

/// A lower-case letter directly followed by a capital inside one word:
/// "backgroundTasks", "OpenAI", "DeepMind".
fn is_camel_case(word: &str) -> bool {
    let mut prev_lower = false;
    for c in word.chars() {
        if prev_lower && c.is_uppercase() {
            return true;
        }
        prev_lower = c.is_lowercase();
    }
    false
}

/// Byte ranges of the whitespace-separated chunks of `text` that are code,
/// not prose: URLs, e-mail addresses, paths, `snake_case`, dotted names
/// (`config.yml`, `os.path`) and calls (`watch()`). Sorted.
pub fn code_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    // Most prose holds none of the characters that make a chunk code.
    if !bytes
        .iter()
        .any(|b| matches!(b, b'/' | b'\\' | b'@' | b'_' | b'.' | b'('))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take()
                && text.as_bytes()[s..i]
                    .iter()
                    .any(|b| matches!(b, b'/' | b'\\' | b'@' | b'_' | b'.' | b'('))
                && is_code_chunk(&text[s..i])
            {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// Whether a chunk of text without whitespace is code (see [`code_ranges`]).
fn is_code_chunk(chunk: &str) -> bool {
    // Most chunks are words with sentence punctuation after them: prose.
    let inner = chunk.trim_end_matches(|c: char| ".,;:!?)]}\"'»”’".contains(c));
    if !inner
        .bytes()
        .any(|b| matches!(b, b'/' | b'\\' | b'@' | b'_' | b'.' | b'('))
    {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(is_word_char);
    // Leading and trailing quotes and brackets of prose: "(see", "config.yml)."
    let trimmed = chunk.trim_start_matches(|c: char| "([{\"'«“‘<".contains(c));
    if chunk.contains("://") || trimmed.starts_with("www.") {
        return true;
    }
    if trimmed.starts_with('/') && word(trimmed[1..].chars().next())
        || ["./", "../", "~/"].iter().any(|p| trimmed.starts_with(p))
    {
        return true;
    }
    let chars: Vec<char> = chunk.chars().collect();
    let mut slashes = 0;
    for i in 0..chars.len() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        match chars[i] {
            '_' | '\\' if word(before) && word(after) => return true,
            '@' if word(before) && word(after) && chars[i + 1..].contains(&'.') => return true,
            '/' if word(before) && word(after) => slashes += 1,
            // "config.yml", "os.path", "Node.js" (not "U.S." or "3.5").
            '.' if before.is_some_and(char::is_alphabetic)
                && after.is_some_and(char::is_lowercase) =>
            {
                return true;
            }
            // "watch()", "f(x, y)"; not "translation(s)" or "sélectionné(e)s".
            '(' if word(before) => {
                let inside: String = chars[i + 1..].iter().take_while(|&&c| c != ')').collect();
                let marker = ["s", "e", "es", "x", "ne", "le", "nes"].contains(&inside.as_str());
                if !marker && !inside.chars().any(char::is_whitespace) {
                    return true;
                }
            }
            _ => {}
        }
    }
    slashes >= 2
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

    #[test]
    fn folded_words_are_the_tokens_folded_forms() {
        for (text, lang) in [
            (
                "L’IA générative d'Europe, capital-risque et M. Dupont",
                Lang::FR,
            ),
            (
                "Tour  de\u{a0}TABLE; background-tasks and `code` here",
                Lang::EN,
            ),
            ("Avez-vous vu l'\u{200b}agent ?", Lang::FR),
        ] {
            let mut stemmer = WordStemmer::new(lang);
            let folded: Vec<String> = tokenize(text, lang, &mut stemmer)
                .into_iter()
                .map(|t| t.folded.to_string())
                .collect();
            assert_eq!(folded_words(text, lang), folded, "{text}");
        }
    }

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

    fn bases(word: &str, lang: Lang) -> Vec<String> {
        inflection_bases(word, lang)
            .iter()
            .map(|b| b.to_string())
            .collect()
    }

    fn lemma(a: &str, b: &str, lang: Lang) -> bool {
        let mut stemmer = WordStemmer::new(lang);
        let (x, y) = (
            tokenize(a, lang, &mut stemmer),
            tokenize(b, lang, &mut stemmer),
        );
        same_lemma(&x[0], &y[0]).unwrap()
    }

    // Prevents: derivations taken for inflections ("fréquentes" for
    // "fréquentation", "depends" for "dependency", "watch" for "watcher").
    #[test]
    fn inflections_but_not_derivations() {
        for (a, b) in [
            ("fréquentation", "fréquentations"),
            ("fréquent", "fréquentes"),
            ("actif", "actives"),
            ("contagieux", "contagieuse"),
            ("principal", "principaux"),
            ("isoler", "isolez"),
            ("isoler", "isolées"),
            ("tousse", "toussez"),
            ("premier", "première"),
        ] {
            assert!(lemma(a, b, Lang::FR), "{a} {b}");
        }
        for (a, b) in [
            ("fréquentation", "fréquentes"),
            ("valorisation", "valorise"),
            ("isoler", "isolement"),
            ("port", "portez"),
        ] {
            assert!(!lemma(a, b, Lang::FR), "{a} {b}");
        }
        for (a, b) in [
            ("dependency", "dependencies"),
            ("depend", "depending"),
            ("round", "rounds"),
            ("virus", "viruses"),
            ("use", "using"),
            ("stop", "stopped"),
            ("analysis", "analyses"),
            ("child", "children"),
            ("wash", "washing"),
        ] {
            assert!(lemma(a, b, Lang::EN), "{a} {b}");
        }
        for (a, b) in [
            ("dependency", "depends"),
            ("dependency", "depending"),
            ("dependency", "dependable"),
            ("frequentation", "frequently"),
            ("watcher", "watch"),
        ] {
            assert!(!lemma(a, b, Lang::EN), "{a} {b}");
        }
        assert!(
            bases("des", Lang::FR) == ["des"],
            "{:?}",
            bases("des", Lang::FR)
        );
        assert!(inflection_bases("haus", Lang::parse("de").unwrap()).is_empty());
    }

    fn shapes(text: &str, lang: Lang) -> Vec<(String, Shape, bool, bool)> {
        let mut stemmer = WordStemmer::new(lang);
        tokenize(text, lang, &mut stemmer)
            .into_iter()
            .map(|t| {
                (
                    text[t.start..t.end].to_string(),
                    t.shape,
                    t.joined_before,
                    t.joined_after,
                )
            })
            .collect()
    }

    // Prevents: words of code, URLs, addresses and paths matched as prose.
    #[test]
    fn code_is_told_from_prose() {
        let code = |text: &str| {
            shapes(text, Lang::EN)
                .into_iter()
                .filter(|s| s.1 == Shape::Code)
                .map(|s| s.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(code("see https://a.fr/b now"), ["https", "a", "fr", "b"]);
        assert_eq!(
            code("mail a@b.c or /horaires-2026."),
            ["a", "b", "c", "horaires", "2026"]
        );
        assert_eq!(
            code("(config.yml) os.path snake_case watch()"),
            ["config", "yml", "os", "path", "snake", "case", "watch"]
        );
        assert_eq!(code("src/check/mod.rs"), ["src", "check", "mod", "rs"]);
        // Prose: and/or, U.S., 3.5, term(s), a sentence end.
        assert!(code("and/or the U.S. at 3.5 term(s) end. Next").is_empty());
        let s = shapes("OpenAI backgroundTasks", Lang::EN);
        assert!(s.iter().all(|s| s.1 == Shape::Camel));
    }

    // Prevents: a term matching part of a hyphenated compound, and French
    // inversions ("avez-vous") read as compounds.
    #[test]
    fn hyphens_glue_compounds_but_not_inversions() {
        let s = shapes("background-tasks avez-vous coule-t-il", Lang::FR);
        let joined: Vec<(bool, bool)> = s.iter().map(|s| (s.2, s.3)).collect();
        assert_eq!(
            joined,
            [
                (false, true),
                (true, false),
                (false, false),
                (false, false),
                (false, false),
                (false, false),
                (false, false)
            ]
        );
    }
}
