//! Abbreviations and sentence-starting words: what a period after a word
//! means depends on the word.
//!
//! Three kinds of abbreviation, because they behave differently before the
//! next word:
//! - [`AbbrevKind::Prefix`] stands before a name or a term (`M.`, `Mr.`,
//!   `Dr.`, `cf.`, `e.g.`, `av.` in `av. J.-C.`): it never ends a sentence.
//! - [`AbbrevKind::Numeric`] stands before a number (`p. 55`, `No. 5`,
//!   `art. 12`, `vol. 3`): it does not end a sentence before a digit, and
//!   behaves as an ordinary abbreviation otherwise.
//! - [`AbbrevKind::Ordinary`] may end a sentence (`etc.`, `Inc.`, `Co.`,
//!   `min.`): it does only when a capitalised word follows.
//!
//! An entry written with an upper-case letter matches exactly (`MM` is
//! *Messieurs*, `mm` is millimetres); an all-lower-case entry matches in any
//! case (`etc`, `Etc`, `ETC`).

use crate::lang::Lang;

/// How an abbreviation behaves before the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Never ends a sentence (titles, `cf.`, `e.g.`).
    Prefix,
    /// Does not end a sentence before a number (`p. 55`).
    Numeric,
    /// Ends a sentence when a capitalised word follows (`etc.`).
    Ordinary,
}

use AbbrevKind::{Numeric, Ordinary, Prefix};

/// French abbreviations (typographic usage, Imprimerie nationale style).
const FRENCH: &[(&str, AbbrevKind)] = &[
    ("M", Prefix),
    ("MM", Prefix),
    ("mme", Prefix),
    ("mmes", Prefix),
    ("mlle", Prefix),
    ("mlles", Prefix),
    ("Me", Prefix),
    ("Mes", Prefix),
    ("mgr", Prefix),
    ("dr", Prefix),
    ("Pr", Prefix),
    ("prof", Prefix),
    ("st", Prefix),
    ("ste", Prefix),
    ("cf", Prefix),
    ("ex", Prefix),
    ("av", Prefix),
    ("apr", Prefix),
    ("env", Prefix),
    ("c.-à-d", Prefix),
    ("Gén", Prefix),
    ("gal", Prefix),
    ("cdt", Prefix),
    ("lt", Prefix),
    ("col", Prefix),
    ("cne", Prefix),
    ("sgt", Prefix),
    ("vve", Prefix),
    ("bd", Prefix),
    ("boul", Prefix),
    ("fg", Prefix),
    ("vs", Prefix),
    ("ca", Prefix),
    ("resp", Prefix),
    ("p", Numeric),
    ("pp", Numeric),
    ("art", Numeric),
    ("vol", Numeric),
    ("chap", Numeric),
    ("ch", Numeric),
    ("n", Numeric),
    ("no", Numeric),
    ("nos", Numeric),
    ("n°", Numeric),
    ("nº", Numeric),
    ("t", Numeric),
    ("fig", Numeric),
    ("tab", Numeric),
    ("al", Numeric),
    ("sect", Numeric),
    ("réf", Numeric),
    ("éd", Numeric),
    ("tél", Numeric),
    ("hab", Numeric),
    ("etc", Ordinary),
    ("s", Ordinary),
    ("ss", Ordinary),
    ("suiv", Ordinary),
    ("sq", Ordinary),
    ("sqq", Ordinary),
    ("op", Ordinary),
    ("cit", Ordinary),
    ("ibid", Ordinary),
    ("id", Ordinary),
    ("trad", Ordinary),
    ("dir", Ordinary),
    ("coll", Ordinary),
    ("cie", Ordinary),
    ("éds", Ordinary),
    ("janv", Ordinary),
    ("févr", Ordinary),
    ("avr", Ordinary),
    ("juil", Ordinary),
    ("sept", Ordinary),
    ("oct", Ordinary),
    ("nov", Ordinary),
    ("déc", Ordinary),
    ("min", Ordinary),
    ("max", Ordinary),
    ("inc", Ordinary),
    ("ltd", Ordinary),
    ("co", Ordinary),
    ("corp", Ordinary),
    ("mrs", Prefix),
    ("mr", Prefix),
    ("adj", Ordinary),
    ("éq", Numeric),
    ("fasc", Numeric),
    ("liv", Numeric),
    ("anc", Ordinary),
    ("auj", Ordinary),
];

/// English abbreviations.
const ENGLISH: &[(&str, AbbrevKind)] = &[
    ("mr", Prefix),
    ("mrs", Prefix),
    ("ms", Prefix),
    ("mx", Prefix),
    ("messrs", Prefix),
    ("dr", Prefix),
    ("prof", Prefix),
    ("rev", Prefix),
    ("hon", Prefix),
    ("st", Prefix),
    ("mt", Prefix),
    ("ft", Prefix),
    ("gen", Prefix),
    ("col", Prefix),
    ("capt", Prefix),
    ("cpt", Prefix),
    ("lt", Prefix),
    ("sgt", Prefix),
    ("cpl", Prefix),
    ("maj", Prefix),
    ("adm", Prefix),
    ("cmdr", Prefix),
    ("gov", Prefix),
    ("sen", Prefix),
    ("rep", Prefix),
    ("pres", Prefix),
    ("supt", Prefix),
    ("insp", Prefix),
    ("e.g", Prefix),
    ("i.e", Prefix),
    ("cf", Prefix),
    ("vs", Prefix),
    ("viz", Prefix),
    ("ca", Prefix),
    ("approx", Prefix),
    ("mme", Prefix),
    ("mlle", Prefix),
    ("M", Prefix),
    ("no", Numeric),
    ("nos", Numeric),
    ("n°", Numeric),
    ("nº", Numeric),
    ("p", Numeric),
    ("pp", Numeric),
    ("vol", Numeric),
    ("vols", Numeric),
    ("ch", Numeric),
    ("chap", Numeric),
    ("art", Numeric),
    ("fig", Numeric),
    ("figs", Numeric),
    ("sec", Numeric),
    ("secs", Numeric),
    ("sect", Numeric),
    ("para", Numeric),
    ("eq", Numeric),
    ("eqs", Numeric),
    ("tel", Numeric),
    ("rs", Numeric),
    ("ref", Numeric),
    ("op", Numeric),
    ("ed", Numeric),
    ("eds", Numeric),
    ("etc", Ordinary),
    ("co", Ordinary),
    ("corp", Ordinary),
    ("inc", Ordinary),
    ("ltd", Ordinary),
    ("jr", Ordinary),
    ("sr", Ordinary),
    ("bros", Ordinary),
    ("esq", Ordinary),
    ("dept", Ordinary),
    ("univ", Ordinary),
    ("assn", Ordinary),
    ("ave", Ordinary),
    ("blvd", Ordinary),
    ("rd", Ordinary),
    ("min", Ordinary),
    ("mins", Ordinary),
    ("max", Ordinary),
    ("hr", Ordinary),
    ("hrs", Ordinary),
    ("est", Ordinary),
    ("govt", Ordinary),
    ("al", Ordinary),
    ("med", Ordinary),
    ("jan", Ordinary),
    ("feb", Ordinary),
    ("mar", Ordinary),
    ("apr", Ordinary),
    ("jun", Ordinary),
    ("jul", Ordinary),
    ("aug", Ordinary),
    ("sep", Ordinary),
    ("sept", Ordinary),
    ("oct", Ordinary),
    ("nov", Ordinary),
    ("dec", Ordinary),
    ("mon", Ordinary),
    ("tue", Ordinary),
    ("tues", Ordinary),
    ("wed", Ordinary),
    ("thu", Ordinary),
    ("thur", Ordinary),
    ("thurs", Ordinary),
    ("fri", Ordinary),
    ("sat", Ordinary),
    ("oz", Ordinary),
    ("lb", Ordinary),
    ("lbs", Ordinary),
    ("yd", Ordinary),
    ("yds", Ordinary),
    ("btw", Ordinary),
    ("ind", Ordinary),
    ("wash", Ordinary),
];

/// Capitalised words that usually open a sentence: after an ambiguous
/// period (`U.S.`, `J.-C.`, `p.m.`) one of these tips the balance towards a
/// boundary, while a name (`U.S. Army`, `J.C. Penney`) does not.
const STARTERS: &[&str] = &[
    // English
    "A",
    "After",
    "All",
    "Also",
    "Although",
    "An",
    "And",
    "Are",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Can",
    "Could",
    "During",
    "Each",
    "Even",
    "Every",
    "Finally",
    "First",
    "For",
    "From",
    "Had",
    "Has",
    "Have",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Is",
    "It",
    "Its",
    "Later",
    "Let",
    "Many",
    "May",
    "Meanwhile",
    "Most",
    "My",
    "No",
    "Now",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Thus",
    "To",
    "Today",
    "Was",
    "We",
    "Were",
    "What",
    "When",
    "Where",
    "Which",
    "While",
    "Who",
    "Why",
    "Will",
    "With",
    "Yet",
    "You",
    "Your",
    // French
    "À",
    "Ainsi",
    "Alors",
    "Après",
    "Au",
    "Aujourd",
    "Aussi",
    "Aux",
    "Avant",
    "Avec",
    "C",
    "Ça",
    "Car",
    "Ce",
    "Cela",
    "Cependant",
    "Ces",
    "Cet",
    "Cette",
    "Chaque",
    "Comme",
    "D",
    "Dans",
    "De",
    "Depuis",
    "Des",
    "Donc",
    "Du",
    "Elle",
    "Elles",
    "En",
    "Enfin",
    "Ensuite",
    "Et",
    "Il",
    "Ils",
    "J",
    "Je",
    "L",
    "La",
    "Le",
    "Les",
    "Leur",
    "Leurs",
    "Lorsque",
    "Ma",
    "Mais",
    "Mes",
    "Mon",
    "N",
    "Ne",
    "Nous",
    "Néanmoins",
    "On",
    "Or",
    "Ou",
    "Par",
    "Parmi",
    "Pendant",
    "Plusieurs",
    "Pour",
    "Pourtant",
    "Puis",
    "Qu",
    "Quand",
    "Que",
    "Quel",
    "Quelle",
    "Qui",
    "S",
    "Sa",
    "Sans",
    "Selon",
    "Ses",
    "Si",
    "Son",
    "Sur",
    "Toutefois",
    "Tous",
    "Tout",
    "Toute",
    "Tu",
    "Un",
    "Une",
    "Vous",
    "Voici",
    "Voilà",
];

/// Whether `word` (its letters up to an apostrophe: `I'm` → `I`) usually
/// opens a sentence.
pub fn is_sentence_starter(word: &str) -> bool {
    STARTERS.contains(&word)
}

/// The abbreviation table for one language plus the user's own entries.
#[derive(Debug, Clone)]
pub struct Abbreviations {
    exact: Vec<(String, AbbrevKind)>,
    folded: Vec<(String, AbbrevKind)>,
}

impl Abbreviations {
    /// Builds the table for `lang`: French or English rules, both lists for
    /// other languages (names and titles cross borders), plus `extra` (user
    /// entries, which never end a sentence).
    pub fn new(lang: Lang, extra: &[String]) -> Self {
        let mut entries: Vec<(&str, AbbrevKind)> = Vec::new();
        if lang.is_french() {
            entries.extend_from_slice(FRENCH);
        } else if lang.is_english() {
            entries.extend_from_slice(ENGLISH);
        } else {
            entries.extend_from_slice(ENGLISH);
            entries.extend_from_slice(FRENCH);
        }
        let mut exact: Vec<(String, AbbrevKind)> = Vec::new();
        let mut folded: Vec<(String, AbbrevKind)> = Vec::new();
        let user = extra
            .iter()
            .map(|s| s.trim().trim_end_matches('.'))
            .filter(|s| !s.is_empty())
            .map(|s| (s, Prefix));
        // User entries come first so that they override the built-in kind.
        for (text, kind) in user.chain(entries) {
            if text.chars().any(char::is_uppercase) {
                exact.push((text.to_string(), kind));
            } else {
                folded.push((text.to_string(), kind));
            }
        }
        // Sorted for binary search; the stable sort keeps user entries first
        // among equal keys, and `dedup` keeps the first.
        for list in [&mut exact, &mut folded] {
            list.sort_by(|a, b| a.0.cmp(&b.0));
            list.dedup_by(|later, first| later.0 == first.0);
        }
        Abbreviations { exact, folded }
    }

    /// The kind of `token` (the word before a period, without the period), if
    /// it is a known abbreviation.
    pub fn kind(&self, token: &str) -> Option<AbbrevKind> {
        if token.is_empty() || token.len() > 12 {
            return None;
        }
        if let Some((_, k)) = self.exact.iter().find(|(t, _)| t == token) {
            return Some(*k);
        }
        let mut buf = [0u8; 48];
        let lower = lowercase_into(token, &mut buf)?;
        self.folded
            .iter()
            .find(|(t, _)| t == lower)
            .map(|(_, k)| *k)
    }
}

/// Lower-cases a short token into a stack buffer (no allocation on the hot
/// path); `None` if it does not fit.
fn lowercase_into<'a>(token: &str, buf: &'a mut [u8; 48]) -> Option<&'a str> {
    let mut n = 0;
    for c in token.chars().flat_map(char::to_lowercase) {
        let len = c.len_utf8();
        if n + len > buf.len() {
            return None;
        }
        c.encode_utf8(&mut buf[n..n + len]);
        n += len;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// Error reading an abbreviation file given with `--abbreviations-file`.
/// It is read like every input: bounded, UTF-8, errors naming the file.
#[derive(Debug, thiserror::Error)]
#[error("abbreviation file {0}")]
pub struct AbbreviationFileError(#[from] pub crate::input::InputError);

/// Parses an abbreviation file: one abbreviation per line (a final period is
/// optional), blank lines and `#` comments ignored. Users extend the
/// segmenter this way without recompiling.
pub fn parse_abbreviation_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('.').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads and parses an abbreviation file (see [`parse_abbreviation_list`]).
pub fn read_abbreviation_file(path: &str) -> Result<Vec<String>, AbbreviationFileError> {
    let text = crate::input::read_text(path)?;
    Ok(parse_abbreviation_list(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_sensitive_entries_match_exactly() {
        let fr = Abbreviations::new(Lang::FR, &[]);
        assert_eq!(fr.kind("MM"), Some(Prefix));
        assert_eq!(fr.kind("mm"), None);
        assert_eq!(fr.kind("Mme"), Some(Prefix));
        assert_eq!(fr.kind("ETC"), Some(Ordinary));
        assert_eq!(fr.kind("art"), Some(Numeric));
        assert_eq!(fr.kind("maison"), None);
    }

    #[test]
    fn user_entries_never_end_a_sentence() {
        let en = Abbreviations::new(Lang::EN, &["approx.".into(), "Rte".into(), "etc".into()]);
        assert_eq!(en.kind("Rte"), Some(Prefix));
        assert_eq!(en.kind("rte"), None);
        assert_eq!(en.kind("etc"), Some(Prefix));
    }

    #[test]
    fn abbreviation_files_allow_comments_and_periods() {
        let list = parse_abbreviation_list("# mine\nenv.\n\n  Rte # route\n.\n");
        assert_eq!(list, vec!["env".to_string(), "Rte".to_string()]);
    }

    #[test]
    fn starters_cover_both_languages() {
        assert!(is_sentence_starter("The"));
        assert!(is_sentence_starter("Elle"));
        assert!(!is_sentence_starter("Army"));
    }
}
