//! `term-missing`, `term-forbidden`, `term-inconsistent`: the glossary applied
//! to each alignment link.
//!
//! Matching works on normalised word tokens (see [`super::normalize`]): a
//! glossary form matches a run of whole tokens, never part of a word. Each
//! term is matched in one of three modes:
//! - `exact = true`: the case-folded words (no inflection);
//! - `case_sensitive = true`, or a term kept as is (brand: target = source):
//!   the words with at most a plural ending ("GPUs", "Mistral’s"), case kept
//!   when case-sensitive, so "Mistrale" and "mistral" are not "Mistral";
//! - otherwise: the Snowball stem of each word ("benefits" = "benefit",
//!   "actives" = "actif").
//!
//! All forms of all terms are searched at once with one trie of their words
//! per mode and side ([`KeyTrie`]), over a text of token keys, so a glossary
//! of 10,000 terms costs about what 10 cost.
//!
//! Judgement calls: a forbidden rendering is reported only when the term's
//! source occurs in the aligned source (a false friend such as "effective" is
//! a fine English word elsewhere), and never when it lies inside an accepted
//! rendering ("gap pad" inside "thermal gap pad"). A source term found in any
//! segment of a link is looked for in every target segment of that link.

use super::normalize::{self, Shape, Token, WordStemmer};
use super::{Check, CheckContext, Finding, Fix, Position, RuleInfo, Severity};
use crate::align::Link;
use crate::document::{Document, one_line};
use crate::glossary::{Glossary, Term};
use crate::lang::Lang;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The matcher's tables are looked up once per word of the text: a fast
/// hash, seeded per run.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The three term rules.
pub struct Terms;

const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "term-missing",
        default_severity: Severity::Error,
        description: "a glossary term occurs in the source and none of its accepted translations occurs in the aligned target",
    },
    RuleInfo {
        id: "term-forbidden",
        default_severity: Severity::Error,
        description: "a forbidden translation of a glossary term occurs in the target",
    },
    RuleInfo {
        id: "term-inconsistent",
        default_severity: Severity::Warning,
        description: "one source term is rendered by different accepted translations across the document",
    },
];

impl Check for Terms {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn run(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if let Some(compiled) = ctx.terms {
            compiled.check(ctx, out);
            return;
        }
        if ctx.glossary.terms.is_empty() {
            return;
        }
        // The CLI validates the direction up front; a library caller with a
        // glossary for another language pair gets no term findings.
        let Ok(glossary) = ctx.glossary.for_pair(ctx.source.lang, ctx.target.lang) else {
            return;
        };
        TermChecker::new(&glossary).check(ctx, out);
    }
}

/// How a term's forms are compared with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Case-folded words, no inflection.
    Exact,
    /// Words with at most a plural ending.
    Light,
    /// Snowball stems.
    Stem,
}

const MODES: [Mode; 3] = [Mode::Exact, Mode::Light, Mode::Stem];

/// What a glossary form is to its term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A source form (synonym).
    Source,
    /// An accepted translation.
    Accepted,
    /// A forbidden translation.
    Forbidden,
}

/// One glossary form compiled for one side.
#[derive(Debug)]
struct Pattern {
    term: usize,
    role: Role,
    form: usize,
    /// Keys of the form's words as the case-sensitive check compares them.
    case_keys: Option<Vec<String>>,
    /// Case-folded words of the form, to prefer a term written exactly so
    /// over one that only shares its stem ("cough" vs "coughing").
    folded: Vec<String>,
    /// Which words of the form are acronyms ("WHO", "RNA"): they match only
    /// words written without lower-case letters, so "who" is not "WHO".
    acronyms: Vec<bool>,
    /// The form's words as tokenised (stem mode's inflection test, camelCase
    /// and code words).
    words: Vec<Token>,
    tokens: usize,
}

/// For languages without inflection rules: how many characters a word may
/// differ from the glossary form in stem mode, enough for most inflections,
/// too few for most derivations. French and English words must be
/// inflections of each other by suffix rules ([`normalize::same_lemma`]):
/// the shared stem only finds the candidates.
const MAX_INFLECTION_CHARS: usize = 3;

/// The keys of one mode as a trie of their words. A key is the token keys
/// of a form, each followed by a space ("mot fr "), so a key occurs at a
/// token start exactly when the text's next space-ended words are the key's
/// words; the trie finds them a word at a time, and stops at the first word
/// no key continues with. Building it is one insertion per word of each key:
/// an Aho-Corasick DFA over the same keys (failure transitions the anchored
/// walk never took) made loading 100,000 terms grow faster than the glossary.
struct KeyTrie {
    /// Each distinct word of the keys → its id.
    words: FastMap<Box<str>, u32>,
    /// (node, word id) → the child node; node 0 is the root.
    children: FastMap<(u32, u32), u32>,
    /// The key that ends at each node, if any.
    ends: Vec<Option<usize>>,
}

impl Default for KeyTrie {
    fn default() -> KeyTrie {
        KeyTrie {
            words: FastMap::default(),
            children: FastMap::default(),
            ends: vec![None],
        }
    }
}

impl KeyTrie {
    /// Adds key number `id` (its words, each followed by a space).
    fn insert(&mut self, key: &str, id: usize) {
        let mut node = 0u32;
        for word in key.split_terminator(' ') {
            let next_word = self.words.len() as u32;
            let word = *self.words.entry(word.into()).or_insert(next_word);
            let next_node = self.ends.len() as u32;
            node = *self.children.entry((node, word)).or_insert(next_node);
            if node == next_node {
                self.ends.push(None);
            }
        }
        self.ends[node as usize] = Some(id);
    }

    /// Calls `found` with each key that `text` starts with, shortest first.
    fn keys_at(&self, text: &str, mut found: impl FnMut(usize)) {
        let mut node = 0u32;
        let mut rest = text;
        while let Some(space) = memchr::memchr(b' ', rest.as_bytes()) {
            let Some(&word) = self.words.get(&rest[..space]) else {
                return;
            };
            let Some(&child) = self.children.get(&(node, word)) else {
                return;
            };
            node = child;
            if let Some(key) = self.ends[node as usize] {
                found(key);
            }
            rest = &rest[space + 1..];
        }
    }
}

/// The keys of one mode: key id → compiled forms sharing that key.
struct ModeIndex {
    trie: KeyTrie,
    patterns: Vec<Vec<usize>>,
}

/// Every form of one side (source or target), compiled.
struct SideIndex {
    lang: Lang,
    patterns: Vec<Pattern>,
    modes: [Option<ModeIndex>; 3],
    /// For each term: (mode, key, pattern) of each of its forms, to find one
    /// term's hits among the keys found without going through every term
    /// sharing a key (10,000 terms may all accept "model").
    by_term: Vec<Vec<(usize, usize, usize)>>,
}

/// Where the glossary keys occur in a document, before they are resolved to
/// terms: per segment, its tokens and its (mode, key, first token) matches,
/// sorted.
struct KeyHits {
    tokens: Vec<Vec<Token>>,
    found: Vec<Vec<(usize, usize, usize)>>,
}

/// A glossary form found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHit {
    /// Index of the term in the glossary.
    pub term: usize,
    /// Source form, accepted or forbidden translation.
    pub role: Role,
    /// Index of the form in the term's list for that role.
    pub form: usize,
    /// Segment it was found in.
    pub segment: usize,
    /// Byte span of the matched words in the document.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    first_token: usize,
    last_token: usize,
    /// The words are the form itself, not an inflection of it.
    verbatim: bool,
}

/// Where a hit lies: segment and byte span.
#[derive(Debug, Clone, Copy)]
struct Place {
    segment: usize,
    start: usize,
    end: usize,
}

impl Place {
    fn of(hit: &TermHit) -> Place {
        Place {
            segment: hit.segment,
            start: hit.start,
            end: hit.end,
        }
    }
}

/// One use of an accepted translation, all a `term-inconsistent` finding
/// needs of it (kept for every link until the majority is known).
#[derive(Debug, Clone, Copy)]
struct Rendering {
    link: usize,
    target: Place,
    /// The first occurrence of the term in the link's source.
    source: Place,
}

/// A glossary key found in a segment: (mode, key, first token).
type KeyFound = (usize, usize, usize);

/// A term's first rendering in a link: (term, form, use).
type TermUse = (usize, usize, Rendering);

/// Links checked at a time, shared among the workers (see
/// [`TermChecker::check`]).
const LINK_BLOCK: usize = 1024;

/// What one worker of the term check keeps from link to link: the word
/// caches of both languages (a text repeats its words) and the buffers for
/// laying out keys.
struct LinkWorker {
    source: WordStemmer,
    target: WordStemmer,
    text: KeyText,
}

/// A glossary compiled for matching: build it once, check many pairs.
pub struct TermChecker {
    glossary: Glossary,
    source: SideIndex,
    target: SideIndex,
}

fn mode_of(term: &Term) -> Mode {
    if term.exact {
        Mode::Exact
    } else if term.case_sensitive || term.is_invariant() {
        Mode::Light
    } else {
        Mode::Stem
    }
}

/// A word without its plural ending: "gpus" → "gpu", "modèles" → "modèle".
fn light(word: &str, lang: Lang) -> &str {
    if word.chars().count() <= 3 || word.chars().any(|c| c.is_numeric()) {
        return word;
    }
    let stripped = if lang.is_french() {
        word.strip_suffix('s').or_else(|| word.strip_suffix('x'))
    } else if word.ends_with("ss") {
        None
    } else {
        word.strip_suffix('s')
    };
    stripped.unwrap_or(word)
}

fn token_key(token: &Token, mode: Mode, lang: Lang) -> &str {
    match mode {
        Mode::Exact => &token.folded,
        Mode::Light => light(&token.folded, lang),
        Mode::Stem => &token.stem,
    }
}

fn case_key(token: &Token, mode: Mode, lang: Lang) -> String {
    match mode {
        Mode::Exact => token.surface.to_string(),
        _ => light(&token.surface, lang).to_string(),
    }
}

impl SideIndex {
    fn new(lang: Lang, forms: Vec<(usize, Role, usize, &Term, &str)>) -> SideIndex {
        let mut stemmer = WordStemmer::new(lang);
        let mut patterns = Vec::new();
        let mut tries: [KeyTrie; 3] = Default::default();
        let mut by_key: [FastMap<String, usize>; 3] = Default::default();
        let mut members: [Vec<Vec<usize>>; 3] = Default::default();
        let term_count = forms.iter().map(|f| f.0 + 1).max().unwrap_or(0);
        let mut by_term: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); term_count];
        for (term_index, role, form, term, text) in forms {
            let tokens = normalize::tokenize(text, lang, &mut stemmer);
            if tokens.is_empty() {
                continue;
            }
            let mode = mode_of(term);
            let m = mode as usize;
            let mut key = String::new();
            for t in &tokens {
                key.push_str(token_key(t, mode, lang));
                key.push(' ');
            }
            let pattern_index = patterns.len();
            let mut variants = vec![key];
            if mode == Mode::Stem && lang.is_french() {
                // Snowball leaves the "-ent" of the third person plural
                // ("toussent", "touchent") while it strips the infinitive's
                // "-er": such a verb is also looked for under that stem (the
                // inflection test then decides).
                for (i, t) in tokens.iter().enumerate() {
                    let Some(stem) = t.folded.strip_suffix("er") else {
                        continue;
                    };
                    if stem.chars().count() < 3 {
                        continue;
                    }
                    let plural = stemmer.stem(&format!("{stem}ent"));
                    if *plural == *t.stem {
                        continue;
                    }
                    let mut variant = String::new();
                    for (j, u) in tokens.iter().enumerate() {
                        variant.push_str(if i == j { &plural } else { &u.stem });
                        variant.push(' ');
                    }
                    variants.push(variant);
                }
            }
            for key in variants {
                let next = members[m].len();
                let id = *by_key[m].entry(key).or_insert_with_key(|key| {
                    tries[m].insert(key, next);
                    members[m].push(Vec::new());
                    next
                });
                members[m][id].push(pattern_index);
                by_term[term_index].push((m, id, pattern_index));
            }
            patterns.push(Pattern {
                term: term_index,
                role,
                form,
                case_keys: term
                    .case_sensitive
                    .then(|| tokens.iter().map(|t| case_key(t, mode, lang)).collect()),
                folded: tokens.iter().map(|t| t.folded.to_string()).collect(),
                acronyms: tokens.iter().map(|t| is_acronym(&t.surface)).collect(),
                tokens: tokens.len(),
                words: tokens,
            });
        }
        let mut modes: [Option<ModeIndex>; 3] = [None, None, None];
        for m in 0..3 {
            if members[m].is_empty() {
                continue;
            }
            modes[m] = Some(ModeIndex {
                trie: std::mem::take(&mut tries[m]),
                patterns: std::mem::take(&mut members[m]),
            });
        }
        SideIndex {
            lang,
            patterns,
            modes,
            by_term,
        }
    }

    /// The hits of every form sharing each key found.
    fn resolve_all(&self, keys: &KeyHits) -> Vec<Vec<TermHit>> {
        keys.found
            .iter()
            .enumerate()
            .map(|(s, found)| {
                let mut hits = Vec::new();
                self.resolve_segment(found, &keys.tokens[s], s, &mut hits);
                hits
            })
            .collect()
    }

    /// Appends the hits of every form sharing each key found in one
    /// segment, ordered by position.
    fn resolve_segment(
        &self,
        found: &[(usize, usize, usize)],
        tokens: &[Token],
        segment: usize,
        out: &mut Vec<TermHit>,
    ) {
        let from = out.len();
        for &(m, key, first) in found {
            let index = self.modes[m].as_ref().expect("found by this mode");
            self.accept(MODES[m], &index.patterns[key], segment, tokens, first, out);
        }
        out[from..].sort_by_key(|h| (h.start, h.end, h.term));
    }

    /// The hits of one term's forms in one segment, given the segment's
    /// found keys sorted by (mode, key): each form's key is looked up, not
    /// compared with every key found (a target may hold hundreds).
    fn resolve_term(
        &self,
        sorted_found: &[(usize, usize, usize)],
        tokens: &[Token],
        segment: usize,
        term: usize,
        out: &mut Vec<TermHit>,
    ) {
        let Some(forms) = self.by_term.get(term) else {
            return;
        };
        for &(m, key, pattern) in forms {
            let from = sorted_found.partition_point(|&(fm, fkey, _)| (fm, fkey) < (m, key));
            for &(_, _, first) in sorted_found[from..]
                .iter()
                .take_while(|&&(fm, fkey, _)| (fm, fkey) == (m, key))
            {
                self.accept(MODES[m], &[pattern], segment, tokens, first, out);
            }
        }
    }

    /// Records the hits of the forms sharing one key, found at token
    /// `first` of a segment, that pass the case, acronym and inflection tests.
    fn accept(
        &self,
        mode: Mode,
        members: &[usize],
        segment: usize,
        tokens: &[Token],
        first: usize,
        out: &mut Vec<TermHit>,
    ) {
        for &p in members {
            let pattern = &self.patterns[p];
            let last = first + pattern.tokens - 1;
            let words = &tokens[first..=last];
            if let Some(case_keys) = &pattern.case_keys {
                let same_case = words
                    .iter()
                    .zip(case_keys)
                    .all(|(t, k)| case_key(t, mode, self.lang) == *k);
                if !same_case {
                    continue;
                }
            }
            let acronyms_kept = words
                .iter()
                .zip(&pattern.acronyms)
                .all(|(t, &acronym)| !acronym || written_as_acronym(&t.surface));
            if !acronyms_kept {
                continue;
            }
            // A compound glued by hyphens is matched whole or not at all:
            // "tasks" is not in "background-tasks".
            if words[0].joined_before || words[words.len() - 1].joined_after {
                continue;
            }
            // Identifiers and camelCase words match only a form written so.
            let shapes_fit = words
                .iter()
                .zip(&pattern.words)
                .all(|(t, w)| match t.shape {
                    Shape::Word => w.shape != Shape::Code,
                    Shape::Camel => light(&t.surface, self.lang) == light(&w.surface, self.lang),
                    Shape::Code => w.shape == Shape::Code && t.surface == w.surface,
                });
            if !shapes_fit {
                continue;
            }
            if mode == Mode::Stem {
                let inflected = words.iter().zip(&pattern.words).all(|(t, w)| {
                    normalize::same_lemma(t, w).unwrap_or_else(|| {
                        t.folded.chars().count().abs_diff(w.folded.chars().count())
                            <= MAX_INFLECTION_CHARS
                    })
                });
                if !inflected {
                    continue;
                }
            }
            out.push(TermHit {
                term: pattern.term,
                role: pattern.role,
                form: pattern.form,
                segment,
                start: tokens[first].start,
                end: tokens[last].end,
                first_token: first,
                last_token: last,
                verbatim: words
                    .iter()
                    .zip(&pattern.folded)
                    .all(|(t, f)| *t.folded == **f),
            });
        }
    }
}

/// Tokens of one segment, offsets into the document.
fn segment_tokens(doc: &Document, segment: usize, stemmer: &mut WordStemmer) -> Vec<Token> {
    let base = doc.segments[segment].start;
    let mut tokens = normalize::tokenize(doc.segment_text(segment), doc.lang, stemmer);
    for t in &mut tokens {
        t.start += base;
        t.end += base;
    }
    tokens
}

/// Tokens of every segment of a document. Segments are tokenised in
/// parallel, each worker with its own word cache.
fn tokenize_document(doc: &Document) -> Vec<Vec<Token>> {
    use rayon::prelude::*;
    // Few large batches: each worker caches the forms of the words it meets,
    // and a text repeats its words.
    let batch = (doc.segments.len() / 8).max(256);
    (0..doc.segments.len())
        .into_par_iter()
        .with_min_len(batch)
        .map_init(
            || WordStemmer::new(doc.lang),
            |stemmer, i| segment_tokens(doc, i, stemmer),
        )
        .collect()
}

/// Buffers for laying out one segment's keys, reused from segment to segment.
#[derive(Default)]
struct KeyText {
    /// The keys of the segment's tokens in one mode, each followed by a space.
    hay: String,
    /// Where each token's key starts in `hay`.
    starts: Vec<usize>,
}

/// The glossary keys found in one segment's tokens: (mode, key, first
/// token), sorted by (mode, key) so that one term's keys are looked up
/// (`resolve_term`); hits are ordered by position where they are resolved.
/// Each mode's keys of the segment are laid out once, and the trie is
/// walked from each token start: only as far as some form continues, and
/// never from inside a word.
fn segment_keys(
    side: &SideIndex,
    tokens: &[Token],
    text: &mut KeyText,
) -> Vec<(usize, usize, usize)> {
    let mut found = Vec::new();
    for (m, mode) in MODES.iter().enumerate() {
        let Some(index) = &side.modes[m] else {
            continue;
        };
        text.hay.clear();
        text.starts.clear();
        for t in tokens {
            text.starts.push(text.hay.len());
            text.hay.push_str(token_key(t, *mode, side.lang));
            text.hay.push(' ');
        }
        for (first, &start) in text.starts.iter().enumerate() {
            index.trie.keys_at(&text.hay[start..], |key| {
                found.push((m, key, first));
            });
        }
    }
    found.sort_unstable();
    found
}

/// Where the glossary keys occur in some segments of a document (in the
/// order given): all are tokenised first, then matched.
fn find_keys_in(
    side: &SideIndex,
    doc: &Document,
    segments: &[usize],
    stemmer: &mut WordStemmer,
    text: &mut KeyText,
) -> KeyHits {
    let tokens: Vec<Vec<Token>> = segments
        .iter()
        .map(|&s| segment_tokens(doc, s, stemmer))
        .collect();
    let found = tokens
        .iter()
        .map(|words| segment_keys(side, words, text))
        .collect();
    KeyHits { tokens, found }
}

/// Where the glossary keys occur in a whole document.
fn find_keys(side: &SideIndex, doc: &Document) -> KeyHits {
    let tokens = tokenize_document(doc);
    let mut text = KeyText::default();
    let found = tokens
        .iter()
        .map(|words| segment_keys(side, words, &mut text))
        .collect();
    KeyHits { tokens, found }
}

/// Byte span covered by a range of segments (empty range: an empty span).
fn link_span(doc: &Document, segments: &std::ops::Range<usize>) -> (usize, usize) {
    if segments.is_empty() {
        return (0, 0);
    }
    (
        doc.segments[segments.start].start,
        doc.segments[segments.end - 1].end,
    )
}

/// Where a hit lies in its link, from 0 (start) to 1 (end).
fn relative(hit: &TermHit, span: (usize, usize)) -> f64 {
    (hit.start.saturating_sub(span.0)) as f64 / (span.1 - span.0).max(1) as f64
}

/// The source occurrences left over when the renderings are paired with them
/// in order, each with the occurrence at the closest relative place (a
/// monotone pairing of least total distance).
fn unpaired<'h>(
    sources: &[&'h TermHit],
    renderings: &[&TermHit],
    source_span: (usize, usize),
    target_span: (usize, usize),
) -> Vec<&'h TermHit> {
    let (n, m) = (sources.len(), renderings.len());
    if m >= n {
        return Vec::new();
    }
    if m == 0 {
        return sources.to_vec();
    }
    let p: Vec<f64> = sources.iter().map(|h| relative(h, source_span)).collect();
    let q: Vec<f64> = renderings
        .iter()
        .map(|h| relative(h, target_span))
        .collect();
    // cost[i][j]: best pairing of the first j renderings within the first i occurrences.
    let mut cost = vec![vec![f64::INFINITY; m + 1]; n + 1];
    for row in cost.iter_mut() {
        row[0] = 0.0;
    }
    for i in 1..=n {
        for j in 1..=m.min(i) {
            let skip = cost[i - 1][j];
            let take = cost[i - 1][j - 1] + (p[i - 1] - q[j - 1]).abs();
            cost[i][j] = skip.min(take);
        }
    }
    let mut left = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 {
        if j > 0 && cost[i][j] == cost[i - 1][j - 1] + (p[i - 1] - q[j - 1]).abs() {
            j -= 1;
        } else {
            left.push(sources[i - 1]);
        }
        i -= 1;
    }
    left.reverse();
    left
}

/// A link's term findings merged as `run_all` would merge them (a
/// 10,000-term glossary gives the Bible pair 570,000 findings before merging,
/// 157,000 after), unless the link has an `untranslated` finding, which
/// drops some of them before merging.
fn merged_early(ctx: &CheckContext<'_>, link: &Link, findings: Vec<Finding>) -> Vec<Finding> {
    if findings.len() < 2 {
        return findings;
    }
    if !super::untranslated::link_has_findings(ctx, link) {
        super::merge_link_early(findings)
    } else {
        findings
    }
}

/// A word of two letters or more, all capitals: an acronym.
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word.chars().all(|c| !c.is_lowercase())
}

/// A text word that can stand for an acronym: no lower-case letter, except a
/// plural "s" ("GPUs").
fn written_as_acronym(word: &str) -> bool {
    let base = word.strip_suffix('s').unwrap_or(word);
    !base.is_empty() && base.chars().all(|c| !c.is_lowercase())
}

/// Hits lying strictly inside a longer hit of another term on the same side
/// ("SARS-CoV" inside "SARS-CoV-2", "IA" inside "IA générative").
fn nested_flags(hits: &[&TermHit]) -> Vec<bool> {
    // For each (segment, first token): the two longest hits of distinct terms
    // starting there, enough to answer "is there a longer hit of another term
    // around this one" without comparing every pair.
    let mut starts: BTreeMap<(usize, usize), Vec<(usize, usize)>> = BTreeMap::new();
    let mut longest = 0;
    for h in hits {
        longest = longest.max(h.last_token - h.first_token);
        let best = starts.entry((h.segment, h.first_token)).or_default();
        match best.iter_mut().find(|(_, term)| *term == h.term) {
            Some(entry) => entry.0 = entry.0.max(h.last_token),
            None => best.push((h.last_token, h.term)),
        }
        best.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        best.truncate(2);
    }
    hits.iter()
        .map(|h| {
            (h.first_token.saturating_sub(longest)..=h.first_token).any(|p| {
                starts.get(&(h.segment, p)).is_some_and(|best| {
                    best.iter().any(|&(last, term)| {
                        term != h.term
                            && last >= h.last_token
                            && (p < h.first_token || last > h.last_token)
                    })
                })
            })
        })
        .collect()
}

/// Splits hits into those standing alone and those inside a longer term.
fn split_nested(hits: Vec<&TermHit>) -> (Vec<&TermHit>, Vec<&TermHit>) {
    let nested = nested_flags(&hits);
    let (mut alone, mut inside) = (Vec::new(), Vec::new());
    for (h, n) in hits.into_iter().zip(nested) {
        if n { inside.push(h) } else { alone.push(h) }
    }
    (alone, inside)
}

/// Where several terms match the same words, keeps those whose form is
/// written exactly so, if any: "cough" is the term "cough", not "coughing".
/// The others are returned apart: they are alternatives for those words (a
/// rendering of either term is a rendering of the occurrence).
fn prefer_verbatim(hits: Vec<&TermHit>) -> (Vec<&TermHit>, Vec<&TermHit>) {
    let mut spans: BTreeMap<(usize, usize, usize), bool> = BTreeMap::new();
    for h in &hits {
        *spans
            .entry((h.segment, h.first_token, h.last_token))
            .or_default() |= h.verbatim;
    }
    hits.into_iter()
        .partition(|h| h.verbatim || !spans[&(h.segment, h.first_token, h.last_token)])
}

/// Whether `inner` lies inside the words of `outer` (same segment).
fn within(inner: &TermHit, outer: &TermHit) -> bool {
    inner.segment == outer.segment
        && outer.first_token <= inner.first_token
        && inner.last_token <= outer.last_token
}

/// Occurrences of each term, overlapping matches of one term counted once
/// ("tension artérielle" is one occurrence, though "tension" matches too).
fn occurrences(mut hits: Vec<&TermHit>) -> BTreeMap<usize, Vec<&TermHit>> {
    hits.sort_by_key(|h| (h.segment, h.first_token, std::cmp::Reverse(h.last_token)));
    let mut out: BTreeMap<usize, Vec<&TermHit>> = BTreeMap::new();
    for h in hits {
        let list = out.entry(h.term).or_default();
        let overlaps = list
            .last()
            .is_some_and(|last| last.segment == h.segment && h.first_token <= last.last_token);
        if !overlaps {
            list.push(h);
        }
    }
    out
}

/// `replacement` with its first letter upper-cased when the replaced words start
/// with a capital, so that a fix at the start of a sentence stays one.
fn match_case(replaced: &str, replacement: &str) -> String {
    let starts_upper = replaced.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if starts_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_string(),
    }
}

fn quoted_list(forms: &[String]) -> String {
    forms
        .iter()
        .map(|f| format!("'{f}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn with_note(message: String, term: &Term) -> String {
    match &term.note {
        Some(note) => format!("{message} ({note})"),
        None => message,
    }
}

impl TermChecker {
    /// Compiles `glossary`, which must already be oriented for the run
    /// (see [`Glossary::for_pair`]).
    pub fn new(glossary: &Glossary) -> TermChecker {
        let mut source_forms = Vec::new();
        let mut target_forms = Vec::new();
        for (i, term) in glossary.terms.iter().enumerate() {
            for (f, s) in term.source.iter().enumerate() {
                source_forms.push((i, Role::Source, f, term, s.as_str()));
            }
            for (f, s) in term.target.iter().enumerate() {
                target_forms.push((i, Role::Accepted, f, term, s.as_str()));
            }
            for (f, s) in term.forbidden.iter().enumerate() {
                target_forms.push((i, Role::Forbidden, f, term, s.as_str()));
            }
        }
        // The two sides are independent: compiled side by side.
        let (source, target) = rayon::join(
            || SideIndex::new(glossary.source_lang, source_forms),
            || SideIndex::new(glossary.target_lang, target_forms),
        );
        TermChecker {
            source,
            target,
            glossary: glossary.clone(),
        }
    }

    /// Glossary source forms found in `doc`, by segment.
    pub fn source_hits(&self, doc: &Document) -> Vec<Vec<TermHit>> {
        self.source.resolve_all(&find_keys(&self.source, doc))
    }

    /// Accepted and forbidden translations found in `doc`, by segment. (The
    /// check itself only resolves the terms of each link's source.)
    pub fn target_hits(&self, doc: &Document) -> Vec<Vec<TermHit>> {
        self.target.resolve_all(&find_keys(&self.target, doc))
    }

    /// Appends the term findings of a pair.
    pub fn check(&self, ctx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        // An empty glossary finds nothing: the documents are not tokenised
        // for it (a run without a glossary would hold every word of both).
        if self.glossary.terms.is_empty() {
            return;
        }
        // term → (rendering form → uses).
        let mut renderings: BTreeMap<usize, BTreeMap<usize, Vec<Rendering>>> = BTreeMap::new();
        // Links are independent: checked side by side, each worker taking a
        // run of consecutive links, and their findings and renderings
        // gathered in link order, so the result does not depend on the
        // parallelism. A worker's run of links is tokenised and matched
        // just before it is checked, and the links are taken a block at a
        // time: a document's tokens and hits, and all links' findings, are
        // never held at once.
        // One worker per thread: each keeps the words it has met, so more
        // workers would hold more copies of the vocabulary.
        let links = &ctx.alignment.links;
        let mut workers: Vec<LinkWorker> = (0..rayon::current_num_threads())
            .map(|_| LinkWorker {
                source: WordStemmer::new(ctx.source.lang),
                target: WordStemmer::new(ctx.target.lang),
                text: KeyText::default(),
            })
            .collect();
        let mut block = 0;
        while block < links.len() {
            use rayon::prelude::*;
            let end = (block + LINK_BLOCK).min(links.len());
            let share = (end - block).div_ceil(workers.len());
            let per_worker: Vec<(Vec<Finding>, Vec<TermUse>)> = workers
                .par_iter_mut()
                .enumerate()
                .map(|(w, worker)| {
                    let (mut findings, mut used) = (Vec::new(), Vec::new());
                    let from = (block + w * share).min(end);
                    let run = from..(from + share).min(end);
                    self.check_links(ctx, run, worker, &mut findings, &mut used);
                    (findings, used)
                })
                .collect();
            for (findings, used) in per_worker {
                out.extend(findings);
                for (term_index, form, rendering) in used {
                    renderings
                        .entry(term_index)
                        .or_default()
                        .entry(form)
                        .or_default()
                        .push(rendering);
                }
            }
            block = end;
        }

        for (term_index, forms) in renderings {
            if forms.len() < 2 {
                continue;
            }
            let term = &self.glossary.terms[term_index];
            // The majority rendering; on a tie, the one listed first.
            let (&majority, majority_uses) = forms
                .iter()
                .max_by_key(|(form, uses)| (uses.len(), std::cmp::Reverse(**form)))
                .expect("at least two renderings");
            let majority_text = &term.target[majority];
            let count = majority_uses.len();
            for (&form, uses) in &forms {
                if form == majority {
                    continue;
                }
                for &Rendering {
                    link: link_index,
                    target: hit,
                    source: source_hit,
                } in uses
                {
                    let used = &ctx.target.text[hit.start..hit.end];
                    let source_words = one_line(&ctx.source.text[source_hit.start..source_hit.end]);
                    let replacement = match_case(used, majority_text);
                    out.push(Finding {
                        rule: "term-inconsistent",
                        severity: Severity::Warning,
                        message: format!(
                            "'{source_words}' is translated as '{}' here but as '{majority_text}' {} elsewhere; keep one rendering",
                            one_line(used),
                            if count == 1 { "once".to_string() } else { format!("{count} times") }
                        ),
                        source: Some(Position::new(ctx.source, source_hit.segment, source_hit.start, source_hit.end)),
                        target: Some(Position::new(ctx.target, hit.segment, hit.start, hit.end)),
                        suggestion: Some(majority_text.clone()),
                        link: link_index,
                        fix: Some(Fix {
                            start: hit.start,
                            end: hit.end,
                            replacement,
                        }),
                    });
                }
            }
        }
    }

    /// Appends the term findings of a run of consecutive links to
    /// `findings`, and their renderings to `used`. The run's segments are
    /// matched one side at a time, all of a side tokenised before any is
    /// matched: a big glossary's automaton is far larger than the
    /// processor's caches, and matching is fastest when nothing else runs
    /// between two of its walks.
    fn check_links(
        &self,
        ctx: &CheckContext<'_>,
        run: std::ops::Range<usize>,
        worker: &mut LinkWorker,
        findings: &mut Vec<Finding>,
        used: &mut Vec<TermUse>,
    ) {
        let links = &ctx.alignment.links[run.clone()];
        let segments: Vec<usize> = links.iter().flat_map(|l| l.source.clone()).collect();
        let keys = find_keys_in(
            &self.source,
            ctx.source,
            &segments,
            &mut worker.source,
            &mut worker.text,
        );
        let mut next = 0;
        let source_hits: Vec<Vec<TermHit>> = links
            .iter()
            .map(|link| {
                let mut hits = Vec::new();
                for s in link.source.clone() {
                    let (tokens, found) = (&keys.tokens[next], &keys.found[next]);
                    self.source.resolve_segment(found, tokens, s, &mut hits);
                    next += 1;
                }
                hits
            })
            .collect();
        drop(keys);
        // Only the targets of links whose source holds a term are searched.
        let segments: Vec<usize> = links
            .iter()
            .zip(&source_hits)
            .filter(|(_, hits)| !hits.is_empty())
            .flat_map(|(l, _)| l.target.clone())
            .collect();
        let keys = find_keys_in(
            &self.target,
            ctx.target,
            &segments,
            &mut worker.target,
            &mut worker.text,
        );
        let mut next = 0;
        for ((link_index, link), hits) in run.zip(links).zip(&source_hits) {
            if hits.is_empty() {
                continue;
            }
            let targets = next..next + link.target.len();
            next = targets.end;
            let target_keys = (&keys.tokens[targets.clone()], &keys.found[targets]);
            let found = self.check_link(ctx, link_index, link, hits, target_keys, used);
            findings.extend(merged_early(ctx, link, found));
        }
    }

    /// The `term-missing` and `term-forbidden` findings of one link, given
    /// its source hits and its target segments' tokens and keys found;
    /// appends to `used` the first accepted rendering of each of its source
    /// terms: (term, form, use).
    fn check_link(
        &self,
        ctx: &CheckContext<'_>,
        link_index: usize,
        link: &Link,
        source_hits: &[TermHit],
        (target_tokens, target_found): (&[Vec<Token>], &[Vec<KeyFound>]),
        used: &mut Vec<TermUse>,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let source_span = link_span(ctx.source, &link.source);
        let target_span = link_span(ctx.target, &link.target);
        // Longest match wins: an occurrence inside a longer term's
        // occurrence ("death" in "death rate", "IA" in "IA générative") is
        // checked only as part of it.
        let (preferred, alternatives) = prefer_verbatim(source_hits.iter().collect());
        let (alone, inside) = split_nested(preferred);
        let source_alone = occurrences(alone);
        if source_alone.is_empty() {
            return out;
        }
        // Terms whose renderings are looked for: those checked, and those
        // whose rendering may stand for a checked occurrence (nested in it,
        // or matching the same words).
        let wanted: BTreeSet<usize> = source_alone
            .keys()
            .copied()
            .chain(inside.iter().map(|h| h.term))
            .chain(alternatives.iter().map(|h| h.term))
            .collect();
        let mut target_hits = Vec::new();
        for &term in &wanted {
            for ((t, tokens), found) in link.target.clone().zip(target_tokens).zip(target_found) {
                self.target
                    .resolve_term(found, tokens, t, term, &mut target_hits);
            }
        }
        target_hits.sort_by_key(|h| (h.segment, h.start, h.end, h.term));
        target_hits.dedup();
        let targets: Vec<&TermHit> = target_hits.iter().collect();
        let accepted: Vec<&TermHit> = targets
            .iter()
            .copied()
            .filter(|h| h.role == Role::Accepted)
            .collect();
        // A rendering inside the rendering of a longer term counts as used
        // by that term only when that term is in the source too.
        let source_terms: BTreeSet<usize> = source_alone.keys().copied().collect();
        let (target_alone, _) = split_nested(
            accepted
                .iter()
                .copied()
                .filter(|h| source_terms.contains(&h.term))
                .collect(),
        );
        let target_alone = occurrences(target_alone);
        // Forbidden renderings of the link's source terms, except inside an
        // accepted rendering ("gap pad" in "thermal gap pad"), overlapping
        // ones counted once.
        let forbidden = occurrences(
            targets
                .iter()
                .copied()
                .filter(|h| h.role == Role::Forbidden && source_terms.contains(&h.term))
                .filter(|h| {
                    !accepted.iter().any(|a| {
                        a.segment == h.segment
                            && a.first_token <= h.first_token
                            && h.last_token <= a.last_token
                    })
                })
                .collect(),
        );

        // Terms with a rendering to spare in the link's target: more
        // renderings than occurrences of their own to pair them with (one
        // "vaccins" is not the rendering of both "vaccine" and "vaccines").
        let rendering_counts: BTreeMap<usize, usize> = occurrences(accepted.clone())
            .into_iter()
            .map(|(term, hits)| (term, hits.len()))
            .collect();
        let rendered_terms: BTreeSet<usize> = rendering_counts
            .iter()
            .filter(|&(term, &n)| n > source_alone.get(term).map_or(0, Vec::len))
            .map(|(&term, _)| term)
            .collect();
        let mut reported_spans = BTreeSet::new();
        for (&term_index, alone) in &source_alone {
            let term = &self.glossary.terms[term_index];
            let wrong = forbidden.get(&term_index).map_or(&[][..], Vec::as_slice);
            if link.target.is_empty() || (term.target.is_empty() && wrong.is_empty()) {
                continue;
            }
            let rendered = target_alone.get(&term_index).map_or(&[][..], Vec::as_slice);
            // The occurrences left without a rendering at a matching place.
            let mut missing: Vec<&TermHit> = if term.target.is_empty() {
                Vec::new()
            } else {
                unpaired(alone, rendered, source_span, target_span)
            };
            missing.sort_by_key(|h| h.start);
            missing.dedup_by_key(|h| h.start);
            // A forbidden rendering is where a missing occurrence went: one
            // finding, `term-forbidden`, for the two. Forbidden renderings
            // beyond the missing occurrences still name the first one.
            let mut missing = missing.into_iter();
            for hit in wrong {
                let source_hit = missing.next().unwrap_or(alone[0]);
                out.push(self.forbidden(ctx, link_index, hit, source_hit));
            }
            for source_hit in missing {
                // Another term matching the same words is rendered: the
                // glossary's alternatives for these words ("face mask" →
                // "masque" for "face masks" → "masques faciaux").
                let alternative_rendered = alternatives.iter().any(|a| {
                    (a.segment, a.first_token, a.last_token)
                        == (
                            source_hit.segment,
                            source_hit.first_token,
                            source_hit.last_token,
                        )
                        && rendered_terms.contains(&a.term)
                });
                if alternative_rendered {
                    continue;
                }
                // Rendered part by part: the translator used the glossary's
                // renderings of the terms nested in it, not its own
                // ("Coronavirus disease" → "maladie à coronavirus", with
                // "Coronavirus" → "coronavirus"). Then only the nested terms
                // left unrendered are missing, each at its own words; when
                // none of them is rendered, the longer term is (one finding).
                let nested: Vec<&&TermHit> = inside
                    .iter()
                    .filter(|n| n.term != term_index && within(n, source_hit))
                    .collect();
                let in_parts = nested.iter().any(|n| rendered_terms.contains(&n.term));
                let reported: Vec<&TermHit> = if in_parts {
                    nested
                        .into_iter()
                        .filter(|n| !rendered_terms.contains(&n.term))
                        .copied()
                        .collect()
                } else {
                    vec![source_hit]
                };
                for hit in reported {
                    let span = (hit.segment, hit.first_token, hit.last_token);
                    if reported_spans.insert(span) {
                        let hit_term = &self.glossary.terms[hit.term];
                        out.push(self.missing(ctx, link_index, link.target.start, hit_term, hit));
                    }
                }
            }
            if let Some(first) = rendered.first() {
                used.push((
                    term_index,
                    first.form,
                    Rendering {
                        link: link_index,
                        target: Place::of(first),
                        source: Place::of(alone[0]),
                    },
                ));
            }
        }
        out
    }

    fn missing(
        &self,
        ctx: &CheckContext<'_>,
        link_index: usize,
        target_segment: usize,
        term: &Term,
        source_hit: &TermHit,
    ) -> Finding {
        let source_words = one_line(&ctx.source.text[source_hit.start..source_hit.end]);
        let preferred = term.target[0].clone();
        let mut message = if term.is_invariant() {
            format!("'{source_words}' should stay '{preferred}' in the translation")
        } else {
            format!("'{source_words}' should be translated as '{preferred}'")
        };
        if term.target.len() > 1 {
            message.push_str(&format!(" (or {})", quoted_list(&term.target[1..])));
        }
        Finding {
            rule: "term-missing",
            severity: Severity::Error,
            message: with_note(message, term),
            source: Some(Position::new(
                ctx.source,
                source_hit.segment,
                source_hit.start,
                source_hit.end,
            )),
            target: Some(Position::segment(ctx.target, target_segment)),
            suggestion: Some(preferred),
            link: link_index,
            fix: None,
        }
    }

    fn forbidden(
        &self,
        ctx: &CheckContext<'_>,
        link_index: usize,
        hit: &TermHit,
        source_hit: &TermHit,
    ) -> Finding {
        let term = &self.glossary.terms[hit.term];
        let used = &ctx.target.text[hit.start..hit.end];
        let source_words = one_line(&ctx.source.text[source_hit.start..source_hit.end]);
        let preferred = term.preferred().map(str::to_string);
        let message = match &preferred {
            Some(p) => format!(
                "'{}' is a forbidden translation of '{source_words}'; use '{p}'",
                one_line(used)
            ),
            None => format!(
                "'{}' must not be used to translate '{source_words}'",
                one_line(used)
            ),
        };
        Finding {
            rule: "term-forbidden",
            severity: Severity::Error,
            message: with_note(message, term),
            source: Some(Position::new(
                ctx.source,
                source_hit.segment,
                source_hit.start,
                source_hit.end,
            )),
            target: Some(Position::new(ctx.target, hit.segment, hit.start, hit.end)),
            fix: preferred.as_ref().map(|p| Fix {
                start: hit.start,
                end: hit.end,
                replacement: match_case(used, p),
            }),
            suggestion: preferred,
            link: link_index,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Alignment, Link};
    use crate::glossary;

    fn doc(text: &str, lang: Lang) -> Document {
        let spans = crate::segment::segment_lines(text);
        Document::new("t".into(), text.into(), lang, &spans)
    }

    fn run(glossary: &str, source: &str, target: &str) -> Vec<Finding> {
        let g = glossary::parse("g.toml", glossary).unwrap();
        let (s, t) = (doc(source, g.source_lang), doc(target, g.target_lang));
        let alignment = Alignment::one_to_one(s.segments.len().min(t.segments.len()));
        let ctx = CheckContext {
            source: &s,
            target: &t,
            alignment: &alignment,
            glossary: &g,
            terms: None,
        };
        let mut out = Vec::new();
        Terms.run(&ctx, &mut out);
        out
    }

    use crate::check::words;

    fn rules(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.rule).collect()
    }

    const TOUR: &str = "[[term]]\nsource = [\"tour de table\", \"tours de table\"]\ntarget = [\"funding round\"]\nforbidden = [\"table round\"]\n";

    #[test]
    fn missing_term_points_at_the_source_words() {
        let source = "Le dernier tour de table.";
        let f = run(TOUR, source, "The last meeting.");
        assert_eq!(rules(&f), vec!["term-missing"]);
        let src = f[0].source.as_ref().unwrap();
        assert_eq!(words(source, &f[0].source), "tour de table");
        assert_eq!((src.start, src.end), (11, 24));
        assert_eq!(
            f[0].message,
            "'tour de table' should be translated as 'funding round'"
        );
        assert_eq!(f[0].suggestion.as_deref(), Some("funding round"));
    }

    // Prevents: "benefits" / plural renderings reported as missing.
    #[test]
    fn inflected_target_is_accepted() {
        assert!(run(TOUR, "Trois tours de table.", "Three funding rounds.").is_empty());
    }

    // Prevents: a forbidden term going unnoticed, or reported twice (as
    // forbidden and as missing); the fix shows the right words.
    #[test]
    fn forbidden_term_has_a_fix() {
        let (source, target) = ("Le tour de table.", "The table round.");
        let f = run(TOUR, source, target);
        assert_eq!(rules(&f), vec!["term-forbidden"]);
        let fb = &f[0];
        assert_eq!(words(target, &fb.target), "table round");
        assert_eq!(words(source, &fb.source), "tour de table");
        assert_eq!(
            fb.fix,
            Some(Fix {
                start: 4,
                end: 15,
                replacement: "funding round".into()
            })
        );
    }

    // Prevents: "gap pad" flagged inside the accepted "thermal gap pad".
    #[test]
    fn forbidden_inside_accepted_is_not_flagged() {
        let g = "[[term]]\nsource = \"pad thermique\"\ntarget = \"thermal gap pad\"\nforbidden = \"gap pad\"\n";
        assert!(run(g, "Un pad thermique.", "A thermal gap pad.").is_empty());
        let f = run(g, "Un pad thermique.", "A gap pad.");
        assert_eq!(rules(&f), vec!["term-forbidden"]);
    }

    // Prevents: "east" matching inside "Easter".
    #[test]
    fn never_inside_a_longer_word() {
        let g = "source_lang = \"en\"\ntarget_lang = \"fr\"\n[[term]]\nsource = \"east\"\ntarget = \"est\"\n";
        assert!(run(g, "Happy Easter.", "Joyeuses Pâques.").is_empty());
        assert_eq!(
            rules(&run(g, "Go east.", "Allez au nord.")),
            vec!["term-missing"]
        );
    }

    // Prevents: capitalised glossary entries never matching.
    #[test]
    fn capitalised_entries_match_any_case() {
        let g = "[[term]]\nsource = \"Union Européenne\"\ntarget = \"European Union\"\n";
        assert!(run(g, "L'union européenne.", "The european union.").is_empty());
        assert_eq!(
            rules(&run(g, "L'UNION EUROPÉENNE.", "Europe.")),
            vec!["term-missing"]
        );
    }

    // Prevents: "l'IA" / "d’IA" read as words other than "IA".
    #[test]
    fn elided_source_terms_are_found() {
        let g = "[[term]]\nsource = \"IA\"\ntarget = \"AI\"\n";
        assert_eq!(
            rules(&run(g, "l'IA et d’IA.", "it.")),
            vec!["term-missing", "term-missing"]
        );
        assert!(run(g, "l’IA.", "AI.").is_empty());
    }

    // Prevents: NBSP and hyphen/space variants missing terms.
    #[test]
    fn nbsp_and_hyphen_variants_match() {
        let g = "[[term]]\nsource = \"capital-risque\"\ntarget = \"venture capital\"\n";
        assert!(run(g, "Le capital risque.", "Venture-capital.").is_empty());
        assert!(run(g, "Le capital\u{a0}risque.", "Venture\u{202f}capital.").is_empty());
    }

    // Prevents: "Mistrale" and lower-case "mistral" taken for the brand; the
    // possessive "Mistral’s" and plural "GPUs" missed.
    #[test]
    fn brands_match_as_is_with_possessive_and_plural() {
        let g = "[[term]]\nsource = \"Mistral\"\ntarget = \"Mistral\"\ncase_sensitive = true\n[[term]]\nsource = \"GPU\"\ntarget = \"GPU\"\n";
        assert!(run(g, "Mistral et 10 GPU.", "Mistral’s 10 GPUs.").is_empty());
        assert_eq!(rules(&run(g, "Mistral.", "mistral.")), vec!["term-missing"]);
        assert_eq!(
            rules(&run(g, "Mistral.", "Mistrale.")),
            vec!["term-missing"]
        );
        let f = run(g, "Mistral.", "Mistrale.");
        assert_eq!(
            f[0].message,
            "'Mistral' should stay 'Mistral' in the translation"
        );
    }

    // Prevents: an exact term matching inflected forms.
    #[test]
    fn exact_terms_do_not_inflect() {
        let g =
            "[[term]]\nsource = \"Image en vedette\"\ntarget = \"Featured image\"\nexact = true\n";
        assert!(run(g, "Image en vedette", "Featured image").is_empty());
        assert_eq!(
            rules(&run(g, "Image en vedette", "Featured images")),
            vec!["term-missing"]
        );
    }

    #[test]
    fn a_split_link_is_checked_as_a_whole() {
        let g = glossary::parse("g.toml", "[[term]]\nsource = \"IA\"\ntarget = \"AI\"\n").unwrap();
        let s = doc("Il aime l'IA, dit-il.", Lang::FR);
        let t = doc("He says so.\nHe loves AI.", Lang::EN);
        let alignment = Alignment {
            links: vec![Link {
                source: 0..1,
                target: 0..2,
                score: 1.0,
            }],
        };
        let ctx = CheckContext {
            source: &s,
            target: &t,
            alignment: &alignment,
            glossary: &g,
            terms: None,
        };
        let mut out = Vec::new();
        Terms.run(&ctx, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn inconsistent_rendering_points_at_the_minority() {
        let g = "[[term]]\nsource = \"IA\"\ntarget = [\"AI\", \"artificial intelligence\"]\n";
        let target = "AI.\nArtificial intelligence.\nAI again.";
        let f = run(g, "L'IA.\nD'IA.\nL'IA encore.", target);
        assert_eq!(rules(&f), vec!["term-inconsistent"]);
        assert_eq!(words(target, &f[0].target), "Artificial intelligence");
        assert_eq!(f[0].suggestion.as_deref(), Some("AI"));
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "AI");
    }

    #[test]
    fn reversed_glossary_works_for_the_other_direction() {
        let g = "source_lang = \"en\"\ntarget_lang = \"fr\"\n[[term]]\nsource = \"funding round\"\ntarget = \"tour de table\"\n";
        // The run is fr→en (documents in run() follow the glossary), so check en→fr here:
        assert_eq!(
            rules(&run(g, "A funding round.", "Une réunion.")),
            vec!["term-missing"]
        );
        let parsed = glossary::parse("g.toml", g).unwrap();
        let s = doc("Un tour de table.", Lang::FR);
        let t = doc("A meeting.", Lang::EN);
        let alignment = Alignment::one_to_one(1);
        let ctx = CheckContext {
            source: &s,
            target: &t,
            alignment: &alignment,
            glossary: &parsed,
            terms: None,
        };
        let mut out = Vec::new();
        Terms.run(&ctx, &mut out);
        assert_eq!(rules(&out), vec!["term-missing"]);
        assert_eq!(out[0].suggestion.as_deref(), Some("funding round"));
    }

    // Prevents: the verb "valorise" taken for the noun "valorisation".
    #[test]
    fn derived_words_are_not_inflections() {
        let g = "[[term]]\nsource = \"valorisation\"\ntarget = \"valuation\"\n";
        assert!(run(g, "Ce qui la valorise.", "Which values it.").is_empty());
        assert_eq!(
            rules(&run(g, "Les valorisations.", "Values.")),
            vec!["term-missing"]
        );
    }

    #[test]
    fn forbidden_without_the_source_term_is_not_flagged() {
        let g = "[[term]]\nsource = \"effectif\"\ntarget = \"staff\"\nforbidden = \"effective\"\n";
        assert!(run(g, "Une mesure utile.", "An effective measure.").is_empty());
    }

    const EN_FR: &str = "source_lang = \"en\"\ntarget_lang = \"fr\"\n";

    // Prevents: the adjective "fréquentes" taken for the noun "fréquentation"
    // (same Snowball stem "fréquent"), and the forbidden "frequentation"
    // firing on "Frequently"; the plural still matches.
    #[test]
    fn frequentation_is_not_frequent() {
        let g = "[[term]]\nsource = \"fréquentation\"\ntarget = \"attendance\"\nforbidden = \"frequentation\"\n";
        assert!(run(g, "Questions fréquentes", "FAQ").is_empty());
        assert!(
            run(
                "[[term]]\nsource = \"fréquentation\"\ntarget = \"attendance\"\n",
                "La fréquentation des questions fréquentes.",
                "Attendance of frequently asked questions."
            )
            .is_empty()
        );
        assert!(
            run(
                g,
                "La fréquentation monte.",
                "Attendance rises, frequently."
            )
            .is_empty()
        );
        let f = run(g, "La fréquentation monte.", "The frequentation rises.");
        assert_eq!(rules(&f), vec!["term-forbidden"]);
        assert_eq!(
            rules(&run(g, "Les fréquentations.", "Visits.")),
            vec!["term-missing"]
        );
    }

    // Prevents: "depends", "depending", "dependable" taken for "dependency"
    // (Snowball: all "depend"), while the plural "dependencies" is one.
    #[test]
    fn dependency_is_not_depend() {
        let g = format!("{EN_FR}[[term]]\nsource = \"dependency\"\ntarget = \"dépendance\"\n");
        for text in [
            "It depends on the version.",
            "Depending on the version.",
            "A dependable build.",
        ] {
            assert!(run(&g, text, "Selon la version.").is_empty(), "{text}");
        }
        assert_eq!(
            rules(&run(&g, "Two dependencies.", "Deux paquets.")),
            vec!["term-missing"]
        );
        assert!(run(&g, "Two dependencies.", "Deux dépendances.").is_empty());
    }

    // Prevents: a forbidden "watcher" firing on the call `watch()` (or on
    // the verb "watch"); the word itself is still caught.
    #[test]
    fn watcher_is_not_watch() {
        let g =
            "[[term]]\nsource = \"observateur\"\ntarget = \"observer\"\nforbidden = \"watcher\"\n";
        assert!(
            run(
                g,
                "L'observateur appelle watch().",
                "The observer calls watch() to watch."
            )
            .is_empty()
        );
        let target = "The watcher calls watch().";
        let f = run(g, "L'observateur appelle watch().", target);
        assert_eq!(rules(&f), vec!["term-forbidden"]);
        assert_eq!(words(target, &f[0].target), "watcher");
    }

    // Prevents: prose terms found inside paths, URLs, e-mail addresses,
    // snake_case, dotted names, hyphenated identifiers and camelCase words.
    #[test]
    fn identifiers_urls_and_paths_are_not_prose() {
        let g = "[[term]]\nsource = \"horaires\"\ntarget = \"timetable\"\n[[term]]\nsource = \"exemple\"\ntarget = \"example\"\n";
        for (fr, en) in [
            (
                "Voir /horaires-2026 demain.",
                "See /horaires-2026 tomorrow.",
            ),
            (
                "Voir https://exemple.fr/horaires demain.",
                "See https://exemple.fr/horaires tomorrow.",
            ),
            ("Écrire à info@exemple.fr.", "Write to info@exemple.fr."),
            (
                "Lire exemple.md et horaires_v2.",
                "Read exemple.md and horaires_v2.",
            ),
            ("Appeler exemple() ici.", "Call exemple() here."),
        ] {
            assert!(run(g, fr, en).is_empty(), "{fr}");
        }
        // The same words in prose are terms.
        assert_eq!(
            rules(&run(g, "Les horaires, par exemple.", "The hours, say.")),
            vec!["term-missing", "term-missing"]
        );
        let en = format!(
            "{EN_FR}[[term]]\nsource = \"task\"\ntarget = \"tâche\"\n[[term]]\nsource = \"path\"\ntarget = \"chemin\"\n[[term]]\nsource = \"watchdog\"\ntarget = \"chien de garde\"\n[[term]]\nsource = \"OpenAI\"\ntarget = \"OpenAI\"\n"
        );
        for text in [
            "Set background-tasks and background_tasks.",
            "Use os.path or config.yml here.",
            "Call watchDog now.",
        ] {
            assert!(run(&en, text, "Réglez-les.").is_empty(), "{text}");
        }
        // camelCase brands written so still match.
        assert!(run(&en, "OpenAI tasks.", "Les tâches d'OpenAI.").is_empty());
    }

    // Prevents: protected spans blanked with spaces (the document model's
    // prose text) changing what matches: runs of spaces are whitespace.
    #[test]
    fn blanked_spans_are_whitespace() {
        assert!(run(TOUR, "Le tour   de      table.", "The funding       round.").is_empty());
    }

    // Prevents: inflections missed: plural of a head noun ("chemins de fer",
    // "funding rounds"), gender ("active"), verb forms ("isolez", "isolée").
    #[test]
    fn inflections_match() {
        let g = "[[term]]\nsource = \"chemin de fer\"\ntarget = \"railway\"\n[[term]]\nsource = \"taux de mortalité\"\ntarget = \"death rate\"\n";
        assert!(run(g, "Les chemins de fer.", "The railways.").is_empty());
        assert!(run(g, "Les taux de mortalité.", "The death rates.").is_empty());
        let v = format!(
            "{EN_FR}[[term]]\nsource = \"isolate\"\ntarget = \"isoler\"\n[[term]]\nsource = \"active case\"\ntarget = \"cas actif\"\n"
        );
        assert!(run(&v, "Isolate yourself.", "Isolez-vous.").is_empty());
        assert!(run(&v, "She isolated herself.", "Elle s'est isolée.").is_empty());
        assert!(run(&v, "Active cases.", "Les cas actifs.").is_empty());
        assert_eq!(
            rules(&run(&v, "Isolate yourself.", "L'isolement.")),
            vec!["term-missing"]
        );
    }

    // Prevents: "death" inside "death rate" reported as missing when the
    // longer term is rendered ("taux de mortalité"); a standalone "death"
    // is still checked, and a rendering inside a longer rendering does not
    // count for it.
    #[test]
    fn longest_match_wins() {
        let g = format!(
            "{EN_FR}[[term]]\nsource = \"death rate\"\ntarget = \"taux de mortalité\"\n[[term]]\nsource = \"death\"\ntarget = \"décès\"\n"
        );
        assert!(
            run(
                &g,
                "The death rate rose.",
                "Le taux de mortalité a augmenté."
            )
            .is_empty()
        );
        assert!(
            run(
                &g,
                "The death rate and a death.",
                "Le taux de mortalité et un décès."
            )
            .is_empty()
        );
        let f = run(
            &g,
            "The death rate and a death.",
            "Le taux de mortalité et un cas.",
        );
        assert_eq!(rules(&f), vec!["term-missing"]);
        assert_eq!(f[0].source.as_ref().unwrap().start, 21);
        let g = format!(
            "{EN_FR}[[term]]\nsource = \"death rate\"\ntarget = \"taux de décès\"\n[[term]]\nsource = \"death\"\ntarget = \"décès\"\n"
        );
        let f = run(
            &g,
            "The death rate and a death.",
            "Le taux de décès et un cas.",
        );
        assert_eq!(rules(&f), vec!["term-missing"]);
        assert!(f[0].message.starts_with("'death'"), "{}", f[0].message);
    }

    // Prevents: "generative IA" reported three times (missing "IA
    // générative", missing "IA", forbidden "generative IA").
    #[test]
    fn one_forbidden_rendering_is_one_finding() {
        let g = "[[term]]\nsource = \"IA générative\"\ntarget = \"generative AI\"\nforbidden = \"generative IA\"\n[[term]]\nsource = \"IA\"\ntarget = \"AI\"\n";
        let source = "L'essor de l'IA générative.";
        let f = run(g, source, "The rise of generative IA.");
        assert_eq!(rules(&f), vec!["term-forbidden"]);
        assert_eq!(words(source, &f[0].source), "IA générative");
        // Two occurrences, one rendered, one forbidden: one finding.
        let f = run(
            TOUR,
            "Un tour de table, puis un tour de table.",
            "A funding round, then a table round.",
        );
        assert_eq!(rules(&f), vec!["term-forbidden"]);
        assert_eq!(f[0].source.as_ref().unwrap().start, 26);
    }
}
