//! Reading the quantities of a text: numbers with their locale's separators,
//! multipliers (`milliards`, `bn`, `M€`), percentages, ordinals, months of
//! dates, times of day and small spelled-out numbers, each as a set of
//! candidate values so that an ambiguous form (`1,000` in an unknown locale,
//! `21 h` as a time or a duration) can match any of its readings.

use crate::lang::Lang;

/// An exact non-negative decimal of any size: `digits` × 10^`exp`, with no
/// leading or trailing zero in `digits` (empty for zero), so that equal
/// values are equal structs. Every number in a text is a decimal string times
/// a power of ten (multipliers are 10³, 10⁶, 10⁹, 10¹²), so no rounding is
/// ever needed: two equal 400-digit numbers compare equal, two that differ in
/// the last digit do not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Decimal {
    digits: String,
    exp: i64,
}

impl Decimal {
    /// `int`.`frac` (ASCII digits; either may be empty).
    pub fn parse(int: &str, frac: &str) -> Decimal {
        let all: String = int.chars().chain(frac.chars()).collect();
        Decimal::normalised(all.trim_start_matches('0'), -(frac.len() as i64))
    }

    fn normalised(digits: &str, exp: i64) -> Decimal {
        let trimmed = digits.trim_end_matches('0');
        if trimmed.is_empty() {
            return Decimal {
                digits: String::new(),
                exp: 0,
            };
        }
        Decimal {
            digits: trimmed.to_string(),
            exp: exp + (digits.len() - trimmed.len()) as i64,
        }
    }

    /// A whole number.
    pub fn from_u64(n: u64) -> Decimal {
        Decimal::normalised(&n.to_string(), 0)
    }

    /// `self` × 10^`power`.
    pub fn scaled(&self, power: i64) -> Decimal {
        if self.digits.is_empty() {
            return self.clone();
        }
        Decimal {
            digits: self.digits.clone(),
            exp: self.exp + power,
        }
    }

    /// Whether it has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// The value as a `u64`, when it is a whole number that fits.
    pub fn to_u64(&self) -> Option<u64> {
        if !self.is_integer() || self.digits.len() as i64 + self.exp > 19 {
            return None;
        }
        let mut s = self.digits.clone();
        s.push_str(&"0".repeat(self.exp as usize));
        if s.is_empty() {
            return Some(0);
        }
        s.parse().ok()
    }

    /// The power of ten of its leading digit (5,800 → 3); `None` for zero.
    pub fn magnitude(&self) -> Option<i64> {
        (!self.digits.is_empty()).then(|| self.digits.len() as i64 - 1 + self.exp)
    }

    /// Whether it is below 2 (a multiplier word then takes the singular).
    pub fn below_two(&self) -> bool {
        match self.magnitude() {
            None => true,
            Some(m) if m < 0 => true,
            Some(0) => self.digits.starts_with('1'),
            Some(_) => false,
        }
    }

    /// An approximation, for ordering and display of huge values only.
    pub fn to_f64(&self) -> f64 {
        format!(
            "{}e{}",
            if self.digits.is_empty() {
                "0"
            } else {
                &self.digits
            },
            self.exp
        )
        .parse()
        .unwrap_or(f64::INFINITY)
    }

    /// The integer and fractional digits as written out in full
    /// (`("5800000000", "")`, `("0", "25")`).
    pub fn parts(&self) -> (String, String) {
        if self.digits.is_empty() {
            return ("0".into(), String::new());
        }
        if self.exp >= 0 {
            let mut int = self.digits.clone();
            int.push_str(&"0".repeat(self.exp as usize));
            return (int, String::new());
        }
        let frac_len = (-self.exp) as usize;
        if frac_len >= self.digits.len() {
            let frac = format!(
                "{}{}",
                "0".repeat(frac_len - self.digits.len()),
                self.digits
            );
            return ("0".into(), frac);
        }
        let (int, frac) = self.digits.split_at(self.digits.len() - frac_len);
        (int.to_string(), frac.to_string())
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (int, frac) = self.parts();
        if frac.is_empty() {
            write!(f, "{int}")
        } else {
            write!(f, "{int}.{frac}")
        }
    }
}

/// One reading of a quantity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// A number (cardinal, ordinal, amount, percentage, year, day), exact.
    Number(Decimal),
    /// A month of a date, 1–12.
    Month(u8),
    /// A time of day, hours 0–24 and minutes.
    Time(u8, u8),
}

impl Value {
    /// Equal values (numbers compare exactly, whatever their size).
    pub fn same(&self, other: &Value) -> bool {
        self == other
    }

    /// A whole number, as a value.
    pub fn int(n: u64) -> Value {
        Value::Number(Decimal::from_u64(n))
    }
}

/// A quantity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte span of its words in the text given to [`extract`].
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// Its possible readings, the most likely first.
    pub values: Vec<Value>,
    /// Written in words ("trois"): translations often render these freely, so
    /// a missing one only counts when the target has a different quantity.
    pub spelled: bool,
    /// Written with a multiplier word (`millions`, `bn`): a fix keeps one.
    pub scaled: bool,
}

impl Quantity {
    /// Whether some reading of `self` equals some reading of `other`.
    pub fn matches(&self, other: &Quantity) -> bool {
        self.values
            .iter()
            .any(|a| other.values.iter().any(|b| a.same(b)))
    }
}

const FRENCH_MONTHS: &[&str] = &[
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const ENGLISH_MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// French month name, for fixes.
pub fn month_name(month: u8, lang: Lang) -> &'static str {
    let i = usize::from(month.clamp(1, 12) - 1);
    if lang.is_french() {
        FRENCH_MONTHS[i]
    } else {
        ENGLISH_MONTHS[i]
    }
}

/// French month names without accents, as they are often typed.
const FRENCH_MONTHS_PLAIN: &[&str] = &["fevrier", "aout", "decembre"];

fn month_of(word: &str, lower: &str) -> Option<u8> {
    if let Some(i) = FRENCH_MONTHS.iter().position(|m| *m == lower) {
        return Some(i as u8 + 1);
    }
    if let Some(i) = FRENCH_MONTHS_PLAIN.iter().position(|m| *m == lower) {
        return Some([2, 8, 12][i]);
    }
    // English months must be capitalised: "may" and "march" are also verbs.
    if word.chars().next().is_some_and(char::is_uppercase)
        && let Some(i) = ENGLISH_MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(lower))
    {
        return Some(i as u8 + 1);
    }
    None
}

/// Multiplier words and abbreviations, as a power of ten; `billion`
/// depends on the language.
fn scale_of(word: &str, lang: Lang, before_currency: bool) -> Option<i64> {
    let lower = word.to_lowercase();
    let scale = match lower.as_str() {
        "mille" | "thousand" | "thousands" => 3,
        "million" | "millions" | "mn" => 6,
        "milliard" | "milliards" | "md" | "mds" | "mrd" | "bn" => 9,
        "billion" | "billions" => {
            if lang.is_french() {
                12
            } else {
                9
            }
        }
        "trillion" | "trillions" => 12,
        _ => {
            return match word {
                "k" | "K" if before_currency => Some(3),
                "M" if before_currency => Some(6),
                _ => None,
            };
        }
    };
    Some(scale)
}

/// Ordinals written in words (issue 12: `troisième` = `third` = `3rd`).
/// "second"/"seconde" is also a unit of time and "premier" a title ("Premier
/// ministre"): like every spelled number, a word ordinal only counts against
/// another quantity of the translation.
pub(crate) fn ordinal_word_of(lower: &str) -> Option<u64> {
    const WORDS: &[(&str, u64)] = &[
        ("premier", 1),
        ("première", 1),
        ("premiers", 1),
        ("premières", 1),
        ("deuxième", 2),
        ("second", 2),
        ("seconde", 2),
        ("troisième", 3),
        ("quatrième", 4),
        ("cinquième", 5),
        ("sixième", 6),
        ("septième", 7),
        ("huitième", 8),
        ("neuvième", 9),
        ("dixième", 10),
        ("onzième", 11),
        ("douzième", 12),
        ("vingtième", 20),
        ("centième", 100),
        ("first", 1),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
        ("eleventh", 11),
        ("twelfth", 12),
        ("twentieth", 20),
        ("hundredth", 100),
    ];
    WORDS.iter().find(|(w, _)| *w == lower).map(|(_, v)| *v)
}

/// Small numbers written in words. "un"/"une"/"one" are left out: they are
/// far more often articles or pronouns.
fn spelled_of(lower: &str) -> Option<u64> {
    const WORDS: &[(&str, u64)] = &[
        ("zéro", 0),
        ("zero", 0),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("six", 6),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("onze", 11),
        ("douze", 12),
        ("treize", 13),
        ("quatorze", 14),
        ("quinze", 15),
        ("seize", 16),
        ("vingt", 20),
        ("trente", 30),
        ("quarante", 40),
        ("cinquante", 50),
        ("soixante", 60),
        ("cent", 100),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("hundred", 100),
    ];
    match lower {
        "dix-sept" => return Some(17),
        "dix-huit" => return Some(18),
        "dix-neuf" => return Some(19),
        _ => {}
    }
    WORDS.iter().find(|(w, _)| *w == lower).map(|(_, v)| *v)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn is_currency(c: char) -> bool {
    matches!(c, '€' | '$' | '£' | '¥')
}

/// A word (letters, inner hyphens) starting at byte `i`, if any.
fn word_at(text: &str, i: usize) -> Option<&str> {
    let rest = &text[i..];
    let mut end = 0;
    let mut prev_hyphen = false;
    for (j, c) in rest.char_indices() {
        if c.is_alphabetic() {
            end = j + c.len_utf8();
            prev_hyphen = false;
        } else if c == '-' && end > 0 && !prev_hyphen {
            prev_hyphen = true;
        } else {
            break;
        }
    }
    (end > 0).then(|| &rest[..end])
}

/// Skips spaces from byte `i`.
fn skip_spaces(text: &str, i: usize) -> usize {
    text[i..]
        .char_indices()
        .find(|(_, c)| !is_space(*c))
        .map_or(text.len(), |(j, _)| i + j)
}

fn digits_at(bytes: &[u8], i: usize) -> usize {
    bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count()
}

/// A run of digits with separators, starting at `start`: its end and its
/// candidate values.
fn read_number(text: &str, start: usize, lang: Lang) -> (usize, Vec<Decimal>) {
    let bytes = text.as_bytes();
    let first = digits_at(bytes, start);
    let mut end = start + first;
    // Groups after the first: (separator, digits).
    let mut groups: Vec<(char, &str)> = Vec::new();
    while let Some(sep) = text[end..].chars().next() {
        let after = end + sep.len_utf8();
        if after >= text.len() {
            break;
        }
        let n = digits_at(bytes, after);
        if n == 0 {
            break;
        }
        let ok = match sep {
            // Thousands with a space: the first group at most 3 digits, then 3.
            c if is_space(c) => n == 3 && first <= 3 && groups.iter().all(|(s, _)| is_space(*s)),
            ',' | '.' => groups.iter().all(|(s, _)| *s != sep || n == 3),
            '\'' => n == 3,
            _ => false,
        };
        if !ok {
            break;
        }
        groups.push((sep, &text[after..after + n]));
        end = after + n;
        if !(sep == ',' || sep == '.' || is_space(sep) || sep == '\'') {
            break;
        }
    }
    let head = &text[start..start + first];
    (end, interpret(head, &groups, lang))
}

/// The values a digit run may stand for, given the language's separators.
fn interpret(head: &str, groups: &[(char, &str)], lang: Lang) -> Vec<Decimal> {
    let join = |parts: &[&str]| parts.concat();
    let value = |int: &str, frac: &str| Decimal::parse(int, frac);
    if groups.is_empty() {
        return vec![value(head, "")];
    }
    let mut parts = vec![head];
    parts.extend(groups.iter().map(|(_, d)| *d));
    let (last_sep, last) = groups[groups.len() - 1];
    let all_three = groups.iter().all(|(_, d)| d.len() == 3);
    let kinds: Vec<char> = groups.iter().map(|(s, _)| *s).collect();
    let punct: Vec<char> = kinds
        .iter()
        .copied()
        .filter(|c| *c == ',' || *c == '.')
        .collect();
    let as_grouped = value(&join(&parts), "");
    let as_decimal = value(&join(&parts[..parts.len() - 1]), last);
    if punct.is_empty() {
        return vec![as_grouped];
    }
    let distinct_punct = punct.iter().any(|c| *c != punct[0]);
    if distinct_punct || punct.iter().filter(|c| **c == last_sep).count() == 1 && punct.len() > 1 {
        // "1,000.5", "1.000,5": the last separator is the decimal one.
        return vec![as_decimal];
    }
    if !all_three || last.len() != 3 {
        return vec![as_decimal];
    }
    if punct.len() > 1 {
        // "1,000,000", "1.000.000".
        return vec![as_grouped];
    }
    // One "," or "." followed by three digits: grouping in one locale,
    // decimals in the other. The language decides which reading comes first.
    let decimal_first =
        (lang.is_french() && last_sep == ',') || (lang.is_english() && last_sep == '.');
    if decimal_first {
        vec![as_decimal, as_grouped]
    } else {
        vec![as_grouped, as_decimal]
    }
}

/// Every quantity of `text`, in order.
pub fn extract(text: &str, lang: Lang) -> Vec<Quantity> {
    let bytes = text.as_bytes();
    let mut out: Vec<Quantity> = Vec::new();
    let mut months: Vec<Quantity> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        if c.is_ascii_digit() {
            let prev = text[..i].chars().next_back();
            if prev.is_some_and(|p| p.is_alphanumeric() || p == '_') {
                // Part of a code such as "H100" or "x86": skip the digits.
                i += digits_at(bytes, i);
                continue;
            }
            i = read_quantity(text, i, lang, &mut out);
            continue;
        }
        if c.is_alphabetic() {
            let prev_alpha = text[..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric());
            let word = word_at(text, i).unwrap_or(&text[i..i + c.len_utf8()]);
            let end = i + word.len();
            // Month names and spelled numbers are 3 to 10 letters long.
            let plausible = (3..=12).contains(&word.len());
            let lower = if plausible && !prev_alpha {
                word.to_lowercase()
            } else {
                String::new()
            };
            if plausible && !prev_alpha {
                if let Some(m) = month_of(word, &lower) {
                    months.push(Quantity {
                        start: i,
                        end,
                        values: vec![Value::Month(m)],
                        spelled: false,
                        scaled: false,
                    });
                } else if let Some(v) = spelled_of(&lower) {
                    read_spelled(text, i, end, v, lang, &mut out);
                } else if let Some(v) = ordinal_word_of(&lower) {
                    out.push(Quantity {
                        start: i,
                        end,
                        values: vec![Value::int(v)],
                        spelled: true,
                        scaled: false,
                    });
                }
            }
            if !prev_alpha
                && word.starts_with(['I', 'V', 'X'])
                && let Some(v) = roman_ordinal(word)
            {
                out.push(Quantity {
                    start: i,
                    end,
                    values: vec![Value::int(v)],
                    spelled: false,
                    scaled: false,
                });
            }
            i = end;
            continue;
        }
        i += c.len_utf8();
    }
    // A month counts only as part of a date: next to a day or a year. The
    // quantities are sorted and disjoint, so only the one just before and
    // the one just after a month can be near it.
    out.sort_by_key(|q| q.start);
    let numbers = out.len();
    for m in months {
        let day_or_year = |v: &Value| match v {
            Value::Number(n) => n
                .to_u64()
                .is_some_and(|n| (1..=31).contains(&n) || (1000..=2999).contains(&n)),
            _ => false,
        };
        let near = |q: &Quantity| {
            let gap = if q.end <= m.start {
                &text[q.end..m.start]
            } else if q.start >= m.end {
                &text[m.end..q.start]
            } else {
                return false;
            };
            gap.chars().count() <= 4
                && gap.chars().all(|c| is_space(c) || c == ',' || c == '.')
                && q.values.iter().any(day_or_year)
        };
        let after = out[..numbers].partition_point(|q| q.start < m.end);
        let before = out[..after].partition_point(|q| q.end <= m.start);
        let neighbours = before.saturating_sub(1)..(after + 1).min(numbers);
        if out[neighbours].iter().any(|q| !q.spelled && near(q)) {
            out.push(m);
        }
    }
    // Every reader above gives at least one reading; keep that a guarantee
    // for the matcher, which takes the first reading as the main one.
    out.retain(|q| !q.values.is_empty());
    out.sort_by_key(|q| q.start);
    out
}

/// Roman-numeral ordinals such as "XXIe" (siècle): French only writes them
/// with an ordinal suffix, so bare capitals ("MIX", "CD") are not read.
fn roman_ordinal(word: &str) -> Option<u64> {
    let digits = word
        .strip_suffix("ème")
        .or_else(|| word.strip_suffix("er"))
        .or_else(|| word.strip_suffix('e'))?;
    // I, V and X only (centuries, reigns): "Le", "Ce" are articles, not 50e or 100e.
    if digits.is_empty() || !digits.chars().all(|c| "IVX".contains(c)) {
        return None;
    }
    let value_of = |c: char| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let chars: Vec<u32> = digits.chars().map(value_of).collect();
    let mut total = 0i64;
    for (k, &v) in chars.iter().enumerate() {
        if chars.get(k + 1).is_some_and(|&next| next > v) {
            total -= i64::from(v);
        } else {
            total += i64::from(v);
        }
    }
    (total > 0).then_some(total as u64)
}

/// A spelled-out number, possibly followed by a multiplier ("trois millions").
fn read_spelled(
    text: &str,
    start: usize,
    end: usize,
    value: u64,
    lang: Lang,
    out: &mut Vec<Quantity>,
) {
    let value = Decimal::from_u64(value);
    let next = skip_spaces(text, end);
    if next > end
        && let Some(word) = word_at(text, next)
        && let Some(scale) = scale_of(word, lang, false)
    {
        out.push(Quantity {
            start,
            end: next + word.len(),
            values: vec![Value::Number(value.scaled(scale))],
            spelled: false,
            scaled: true,
        });
        return;
    }
    out.push(Quantity {
        start,
        end,
        values: vec![Value::Number(value)],
        spelled: true,
        scaled: false,
    });
}

/// Reads the quantity starting with the digit at `start`; returns where reading resumes.
fn read_quantity(text: &str, start: usize, lang: Lang, out: &mut Vec<Quantity>) -> usize {
    let bytes = text.as_bytes();
    // Dates with slashes: d/m/y (or m/d/y when the first part is above 12 … or the second is).
    if let Some(q) = read_slash_date(text, start, out) {
        return q;
    }
    // Times: "21:30", "9:30 p.m.".
    let first = digits_at(bytes, start);
    if first <= 2
        && bytes.get(start + first) == Some(&b':')
        && digits_at(bytes, start + first + 1) == 2
    {
        let h: u8 = text[start..start + first].parse().unwrap_or(99);
        let m: u8 = text[start + first + 1..start + first + 3]
            .parse()
            .unwrap_or(99);
        let mut end = start + first + 3;
        if h <= 24 && m < 60 {
            let (meridiem, after) = read_meridiem(text, end);
            let values = match meridiem {
                Some(pm) => vec![Value::Time(to_24h(h, pm), m)],
                None if h < 12 && !lang.is_french() => {
                    vec![Value::Time(h, m), Value::Time(h + 12, m)]
                }
                None => vec![Value::Time(h, m)],
            };
            end = after;
            out.push(Quantity {
                start,
                end,
                values,
                spelled: false,
                scaled: false,
            });
            return end;
        }
    }
    let (mut end, mut values) = read_number(text, start, lang);
    let number_end = end;
    let integer = values.len() == 1 && values[0].is_integer();
    // Glued suffixes: ordinals, "21h30", "9pm", "1990s", "5k€", "%".
    let suffix = word_at(text, end).map(|w| {
        let stop = w.find('-').unwrap_or(w.len());
        &w[..stop]
    });
    let spaced = skip_spaces(text, end);
    if integer && let Some(t) = read_time(text, start, end, &values[0], lang) {
        out.push(t);
        return out.last().expect("just pushed").end;
    }
    if let Some(s) = suffix {
        let ordinal = [
            "er", "re", "e", "ème", "eme", "è", "ère", "nd", "st", "rd", "th", "d", "s",
        ];
        let currency_after = text[end + s.len()..]
            .chars()
            .next()
            .is_some_and(is_currency);
        if integer && ordinal.contains(&s) {
            end += s.len();
        } else if let Some(scale) = scale_of(s, lang, currency_after) {
            values = values.iter().map(|v| v.scaled(scale)).collect();
            end += s.len();
            out.push(Quantity {
                start,
                end,
                values: values.into_iter().map(Value::Number).collect(),
                spelled: false,
                scaled: true,
            });
            return end;
        } else if s == "m" && text[..start].chars().next_back().is_some_and(is_currency) {
            // "£5m", "$3m": millions after a currency sign.
            end += 1;
            out.push(Quantity {
                start,
                end,
                values: values
                    .into_iter()
                    .map(|v| Value::Number(v.scaled(6)))
                    .collect(),
                spelled: false,
                scaled: true,
            });
            return end;
        }
    }
    // A multiplier word after a space: "600 millions", "5.8 billion", "600 M€".
    let mut scaled = false;
    if end == number_end
        && spaced > end
        && let Some(word) = word_at(text, spaced)
    {
        let after = skip_spaces(text, spaced + word.len());
        let currency_after = text[after..].chars().next().is_some_and(is_currency)
            || text[spaced + word.len()..].starts_with('€');
        if let Some(scale) = scale_of(word, lang, currency_after) {
            values = values.iter().map(|v| v.scaled(scale)).collect();
            end = spaced + word.len();
            scaled = true;
        }
    }
    out.push(Quantity {
        start,
        end,
        values: values.into_iter().map(Value::Number).collect(),
        spelled: false,
        scaled,
    });
    end
}

fn to_24h(h: u8, pm: bool) -> u8 {
    match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    }
}

/// "a.m.", "am", "p.m.", "PM" after optional spaces: (is pm, end).
fn read_meridiem(text: &str, i: usize) -> (Option<bool>, usize) {
    let j = skip_spaces(text, i);
    let rest = &text[j..];
    for (form, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if rest.len() >= form.len()
            && rest.is_char_boundary(form.len())
            && rest[..form.len()].eq_ignore_ascii_case(form)
            && !rest[form.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            // "p.m." at the end of a sentence keeps its period in the text,
            // but the span stops at the abbreviation.
            return (Some(pm), j + form.len());
        }
    }
    (None, i)
}

/// Times of day written with hours: French "21 h", "21h30", "8 h 30",
/// "21 heures"; English "9 p.m.", "9pm". A French hour is also a duration
/// ("48 h" = "48 hours"), so it keeps its plain number as a reading.
fn read_time(
    text: &str,
    start: usize,
    end: usize,
    number: &Decimal,
    lang: Lang,
) -> Option<Quantity> {
    // Hours are small whole numbers; anything else is no time of day, and
    // keeps its own reading below as a plain number of hours.
    let value = number.to_u64().unwrap_or(u64::MAX);
    let bytes = text.as_bytes();
    if value > 24 && !lang.is_french() {
        return None;
    }
    let h = u8::try_from(value).unwrap_or(u8::MAX);
    // English and neutral: "9 p.m.", "9pm".
    if h <= 12
        && let (Some(pm), after) = read_meridiem(text, end)
    {
        return Some(Quantity {
            start,
            end: after,
            values: vec![Value::Time(to_24h(h, pm), 0)],
            spelled: false,
            scaled: false,
        });
    }
    let j = skip_spaces(text, end);
    let rest = &text[j..];
    let (unit_len, word) = if rest.starts_with("heures") || rest.starts_with("heure") {
        (if rest.starts_with("heures") { 6 } else { 5 }, true)
    } else if rest.starts_with('h') {
        (1, false)
    } else {
        return None;
    };
    let after_unit = j + unit_len;
    if text[after_unit..]
        .chars()
        .next()
        .is_some_and(char::is_alphabetic)
    {
        return None; // "5 hommes"
    }
    let mut minutes = 0;
    let mut end = after_unit;
    let m_start = skip_spaces(text, after_unit);
    let n = digits_at(bytes, m_start);
    if n == 2 && !word {
        minutes = text[m_start..m_start + 2].parse().unwrap_or(0);
        end = m_start + 2;
    }
    let mut values = Vec::new();
    if h <= 24 && minutes < 60 {
        values.push(Value::Time(h, minutes));
    }
    if minutes == 0 {
        values.push(Value::Number(number.clone()));
    }
    if values.is_empty() {
        // "48h44", "0h60": neither a time of day nor a plain number of hours.
        return None;
    }
    Some(Quantity {
        start,
        end,
        values,
        spelled: false,
        scaled: false,
    })
}

/// "27/11/2026", "11/27/2026", "27/11": the day and the month as separate
/// quantities (so that "27 novembre 2026" matches), both readings kept when
/// the order is ambiguous.
fn read_slash_date(text: &str, start: usize, out: &mut Vec<Quantity>) -> Option<usize> {
    let bytes = text.as_bytes();
    let a_len = digits_at(bytes, start);
    if !(1..=2).contains(&a_len) || bytes.get(start + a_len) != Some(&b'/') {
        return None;
    }
    let b_start = start + a_len + 1;
    let b_len = digits_at(bytes, b_start);
    if !(1..=2).contains(&b_len) {
        return None;
    }
    let a: u8 = text[start..start + a_len].parse().ok()?;
    let b: u8 = text[b_start..b_start + b_len].parse().ok()?;
    let mut end = b_start + b_len;
    let mut year = None;
    if bytes.get(end) == Some(&b'/') {
        let y_len = digits_at(bytes, end + 1);
        if y_len == 2 || y_len == 4 {
            let y: u64 = text[end + 1..end + 1 + y_len].parse().ok()?;
            year = Some((
                end + 1,
                end + 1 + y_len,
                if y_len == 2 { 2000 + y } else { y },
            ));
            end = end + 1 + y_len;
        }
    }
    let readings = |x: u8, other: u8| -> Vec<Value> {
        let mut v = Vec::new();
        if (1..=31).contains(&x) && (1..=12).contains(&other) {
            v.push(Value::int(u64::from(x)));
        }
        if (1..=12).contains(&x) && (1..=31).contains(&other) {
            v.push(Value::Month(x));
        }
        v
    };
    let (va, vb) = (readings(a, b), readings(b, a));
    if va.is_empty() || vb.is_empty() {
        return None;
    }
    out.push(Quantity {
        start,
        end: start + a_len,
        values: va,
        spelled: false,
        scaled: false,
    });
    out.push(Quantity {
        start: b_start,
        end: b_start + b_len,
        values: vb,
        spelled: false,
        scaled: false,
    });
    if let Some((s, e, y)) = year {
        out.push(Quantity {
            start: s,
            end: e,
            values: vec![Value::int(y)],
            spelled: false,
            scaled: false,
        });
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: Lang) -> Vec<Vec<Value>> {
        extract(text, lang).into_iter().map(|q| q.values).collect()
    }

    fn first(text: &str, lang: Lang) -> Vec<Value> {
        values(text, lang).into_iter().next().unwrap_or_default()
    }

    fn num(v: f64) -> Value {
        let s = v.to_string();
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        Value::Number(Decimal::parse(int, frac))
    }

    // Prevents: numbers beyond u64 / f64 precision compared wrongly.
    #[test]
    fn huge_numbers_compare_exactly() {
        let big = "9".repeat(400);
        assert!(same(&big, Lang::FR, &big, Lang::EN));
        let mut other = big.clone();
        other.replace_range(399.., "8");
        assert!(!same(&big, Lang::FR, &other, Lang::EN));
        let a = format!("{big},5");
        let b = format!("{big}.5");
        assert!(same(&a, Lang::FR, &b, Lang::EN));
        assert!(!same("0,1", Lang::FR, "0.10000000000000001", Lang::EN));
        assert!(same("5,8 milliards", Lang::FR, "5,800,000,000", Lang::EN));
    }

    // Issue 12: ordinals in words.
    #[test]
    fn ordinal_words() {
        assert!(same("troisième", Lang::FR, "third", Lang::EN));
        assert!(same("troisième", Lang::FR, "3rd", Lang::EN));
        assert!(same("premier", Lang::FR, "1st", Lang::EN));
        assert!(same("deuxième", Lang::FR, "second", Lang::EN));
        assert!(same("second", Lang::FR, "2nd", Lang::EN));
        assert!(!same("troisième", Lang::FR, "fourth", Lang::EN));
        assert!(extract("la troisième", Lang::FR)[0].spelled);
    }

    #[test]
    fn decimals_are_normalised() {
        assert_eq!(Decimal::parse("005", "800"), Decimal::parse("5", "8"));
        assert_eq!(Decimal::parse("58", "").scaled(8).to_string(), "5800000000");
        assert_eq!(Decimal::parse("0", "05").to_string(), "0.05");
        assert_eq!(Decimal::parse("000", "000"), Decimal::from_u64(0));
        assert_eq!(Decimal::from_u64(1200).to_u64(), Some(1200));
        assert_eq!(Decimal::parse(&"1".repeat(30), "").to_u64(), None);
    }

    /// Found by `cargo fuzz run numbers` ("48h44") and the property test
    /// ("0h60"): an impossible time gave a quantity with no reading, and the
    /// number check panicked on it.
    #[test]
    fn impossible_times_still_have_a_reading() {
        for text in ["48h44", "0h60", "25 h 99", "24h60"] {
            for lang in [Lang::FR, Lang::EN] {
                for q in extract(text, lang) {
                    assert!(!q.values.is_empty(), "{text}: {q:?}");
                }
            }
        }
    }

    fn same(a: &str, la: Lang, b: &str, lb: Lang) -> bool {
        let (qa, qb) = (extract(a, la), extract(b, lb));
        qa.len() == qb.len() && qa.iter().zip(&qb).all(|(x, y)| x.matches(y))
    }

    // Prevents: "1 000" (space, NBSP, narrow NBSP) ≠ "1,000", the pofilter false alarm.
    #[test]
    fn thousands_separators() {
        for fr in ["1 000", "1\u{a0}000", "1\u{202f}000", "1.000"] {
            assert!(same(fr, Lang::FR, "1,000", Lang::EN), "{fr}");
        }
        assert_eq!(first("1,000,000", Lang::EN), vec![num(1e6)]);
        assert!(same("12 500 000", Lang::FR, "12,500,000", Lang::EN));
    }

    // Prevents: "5,8 %" → "58%" passing (pofilter false negative).
    #[test]
    fn decimal_comma_and_percent() {
        assert!(same("5,8", Lang::FR, "5.8", Lang::EN));
        assert!(same("3,5 %", Lang::FR, "3.5%", Lang::EN));
        assert!(!same("5,8 %", Lang::FR, "58%", Lang::EN));
        assert_eq!(first("1 000,5", Lang::FR), vec![num(1000.5)]);
        assert_eq!(first("1,000.5", Lang::EN), vec![num(1000.5)]);
    }

    // Prevents: "2 milliards" → "2 million" passing.
    #[test]
    fn multipliers() {
        assert!(same("2 milliards", Lang::FR, "2 billion", Lang::EN));
        assert!(!same("2 milliards", Lang::FR, "2 million", Lang::EN));
        assert!(same(
            "600 millions d'euros",
            Lang::FR,
            "€600 million",
            Lang::EN
        ));
        assert!(same("5,8 milliards", Lang::FR, "5.8 billion", Lang::EN));
        assert!(same("600 M€", Lang::FR, "€600m", Lang::EN));
        assert!(same("2 Md€", Lang::FR, "$2bn", Lang::EN));
        assert!(same("1 000 millions", Lang::FR, "1 billion", Lang::EN));
        assert!(same("3 mille", Lang::FR, "3 thousand", Lang::EN));
        assert!(same("trois millions", Lang::FR, "3 million", Lang::EN));
    }

    #[test]
    fn ordinals() {
        assert!(same("1er", Lang::FR, "1st", Lang::EN));
        assert!(same("2e", Lang::FR, "2nd", Lang::EN));
        assert!(same("3ème", Lang::FR, "3rd", Lang::EN));
        assert!(same("XXIe siècle", Lang::FR, "21st century", Lang::EN));
        assert!(extract("Le chat, Ce jour", Lang::FR).is_empty());
    }

    // Prevents: "juin 2024" ≠ "June 2024"; "may" the verb read as a month.
    #[test]
    fn dates() {
        assert!(same("juin 2024", Lang::FR, "June 2024", Lang::EN));
        assert!(!same("juin 2024", Lang::FR, "July 2024", Lang::EN));
        assert_eq!(extract("27/11/2026", Lang::FR).len(), 3);
        let fr = extract("27/11/2026", Lang::FR);
        let en = extract("27 November 2026", Lang::EN);
        assert!(fr.iter().all(|q| en.iter().any(|e| q.matches(e))));
        let us = extract("November 27, 2026", Lang::EN);
        assert!(fr.iter().all(|q| us.iter().any(|e| q.matches(e))));
        assert!(extract("you may go", Lang::EN).is_empty());
        assert!(extract("en février", Lang::FR).is_empty());
    }

    // Prevents: "21 h" ≠ "9 p.m." and "8 h 30" ≠ "08:30".
    #[test]
    fn times() {
        assert!(same("21 h", Lang::FR, "9 p.m.", Lang::EN));
        assert!(same("21h30", Lang::FR, "9:30 p.m.", Lang::EN));
        assert!(same("8 h 30", Lang::FR, "08:30", Lang::EN));
        assert!(same("21 h 30", Lang::FR, "9:30 pm", Lang::EN));
        assert!(same("21:00", Lang::FR, "9pm", Lang::EN));
        assert!(!same("21 h", Lang::FR, "9 a.m.", Lang::EN));
        assert!(same("48 h", Lang::FR, "48 hours", Lang::EN));
        assert_eq!(extract("5 hommes", Lang::FR).len(), 1);
    }

    // Prevents: "trois" ≠ "three" ≠ "3".
    #[test]
    fn spelled_out_small_numbers() {
        assert!(same("trois", Lang::FR, "three", Lang::EN));
        assert!(same("trois", Lang::FR, "3", Lang::EN));
        assert!(same("dix-sept", Lang::FR, "seventeen", Lang::EN));
        assert!(extract("un an", Lang::FR).is_empty());
        assert!(extract("one of them", Lang::EN).is_empty());
        assert!(extract("il est neuf", Lang::FR)[0].spelled);
    }

    // Prevents: "GPT-4" read as −4, "H100" as a quantity.
    #[test]
    fn codes_and_hyphens() {
        assert_eq!(values("GPT-4", Lang::EN), vec![vec![num(4.0)]]);
        assert!(extract("H100", Lang::EN).is_empty());
        assert_eq!(values("1990s", Lang::EN), vec![vec![num(1990.0)]]);
    }

    #[test]
    fn sentence_end_periods_and_lists() {
        assert_eq!(values("GPT-4.", Lang::EN), vec![vec![num(4.0)]]);
        assert_eq!(
            values("1, 2 et 3", Lang::FR),
            vec![vec![num(1.0)], vec![num(2.0)], vec![num(3.0)]]
        );
        assert_eq!(
            values("en 2023 1 000 personnes", Lang::FR),
            vec![vec![num(2023.0)], vec![num(1000.0)]]
        );
    }

    #[test]
    fn ambiguous_separator_keeps_both_readings() {
        assert_eq!(first("1,500", Lang::EN), vec![num(1500.0), num(1.5)]);
        assert_eq!(first("1,500", Lang::FR), vec![num(1.5), num(1500.0)]);
    }
}
