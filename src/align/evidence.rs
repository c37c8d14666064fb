//! Evidence beyond length: each segment becomes a weighted bag of "keys" that
//! a translation is likely to share — numbers, names and other identical
//! words, cognates (accent-folded word prefixes), telling punctuation, glossary
//! terms and dictionary translations. Two segments are similar when their bags
//! overlap; rare keys weigh more than frequent ones (inverse document
//! frequency), so a shared "Chapter 1" that recurs everywhere weighs little.

use super::dictionary::Dictionary;
use crate::document::Document;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How much each kind of evidence weighs in a segment's bag (0 turns it
/// off): the ablation in the evaluation measures what each kind adds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// Numbers (digit runs), compared exactly: rarely translated away.
    pub numbers: f32,
    /// Words spelt identically after case and accent folding (names, loans).
    pub identical: f32,
    /// Cognates: words sharing their first [`COGNATE_PREFIX`] folded letters.
    pub cognates: f32,
    /// Question and exclamation marks, quotes, parentheses, colons, semicolons.
    pub punctuation: f32,
    /// Glossary term pairs.
    pub glossary: f32,
    /// Bilingual dictionary translations.
    pub dictionary: f32,
    /// Word pairs learnt from a first alignment of the document itself.
    pub learned: f32,
    /// Blank lines shared by both sides (paragraph boundaries).
    pub paragraphs: bool,
}

impl Evidence {
    /// Tuned with [`CostParams::FRENCH_ENGLISH`](super::CostParams::FRENCH_ENGLISH).
    pub const FRENCH_ENGLISH: Evidence = Evidence {
        numbers: 1.43,
        identical: 0.14,
        cognates: 0.59,
        punctuation: 0.88,
        glossary: 2.0,
        dictionary: 0.5,
        learned: 0.5,
        paragraphs: true,
    };

    /// Tuned with [`CostParams::OTHER_PAIRS`](super::CostParams::OTHER_PAIRS).
    pub const OTHER_PAIRS: Evidence = Evidence {
        numbers: 3.0,
        identical: 0.16,
        cognates: 0.75,
        punctuation: 1.0,
        glossary: 2.0,
        dictionary: 0.5,
        learned: 0.5,
        paragraphs: true,
    };

    /// The tuned weights for a language pair.
    pub fn for_languages(source: crate::lang::Lang, target: crate::lang::Lang) -> Evidence {
        if super::cost::is_french_english(source, target) {
            Evidence::FRENCH_ENGLISH
        } else {
            Evidence::OTHER_PAIRS
        }
    }
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence::FRENCH_ENGLISH
    }
}

/// Folded letters two words must share at their start to count as cognates
/// (Simard, Foster & Isabelle 1992 used four).
pub const COGNATE_PREFIX: usize = 4;

/// One segment's bag: sorted, deduplicated key ids with their weights
/// (occurrence count × key weight).
pub type Bag = Vec<(u32, f32)>;

/// Everything the search needs to know about one side.
#[derive(Debug, Clone, Default)]
pub struct SideFeatures {
    /// Length of each segment in characters (whitespace runs count once).
    pub lengths: Vec<f64>,
    /// Weighted key bags, for similarity.
    pub bags: Vec<Bag>,
    /// Total weight of each bag (the similarity's denominator).
    pub mass: Vec<f32>,
    /// Whether a blank line separates segment `i` from segment `i - 1`.
    pub paragraph_start: Vec<bool>,
}

/// Features of both sides, with key ids shared between them.
#[derive(Debug, Clone, Default)]
pub struct PairFeatures {
    /// The source side.
    pub source: SideFeatures,
    /// The target side.
    pub target: SideFeatures,
    /// Keys that occur in exactly one segment on each side, as
    /// (source segment, target segment): candidate anchors for the first pass.
    pub unique_matches: Vec<(usize, usize)>,
    /// Glossary evidence, kept beside the bags (part of [`PairFeatures::shared`]
    /// and of each segment's mass).
    pub terms: TermEvidence,
}

impl PairFeatures {
    /// Weight the pooled keys of source segments `src` and target segments
    /// `tgt` share: the bags' overlap ([`overlap`] of the pooled bags) and
    /// the glossary pairs both hold.
    pub(crate) fn shared(
        &self,
        src: std::ops::Range<usize>,
        tgt: std::ops::Range<usize>,
        scratch: &mut Scratch,
    ) -> f32 {
        let bags = if src.len() == 1 && tgt.len() == 1 {
            overlap(&self.source.bags[src.start], &self.target.bags[tgt.start])
        } else {
            pool(
                &self.source.bags[src.clone()],
                &mut scratch.a,
                &mut scratch.tmp,
            );
            pool(
                &self.target.bags[tgt.clone()],
                &mut scratch.b,
                &mut scratch.tmp,
            );
            overlap(&scratch.a, &scratch.b)
        };
        bags + self.terms.shared(src, tgt, scratch)
    }
}

/// Reusable buffers for [`PairFeatures::shared`].
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    a: Bag,
    b: Bag,
    tmp: Bag,
    runs_a: Vec<(u32, u32)>,
    runs_b: Vec<(u32, u32)>,
    runs_tmp: Vec<(u32, u32)>,
}

/// Glossary evidence of a pair. A glossary pair (a source form and one of
/// its translations) is a key that a segment holds when the pair's side
/// occurs in it. Held as keys in the bags, a common target word that
/// renders many terms put hundreds of pair keys in every target bag (Bible,
/// 10,000 terms: 241 of a target bag's 270 keys), so they are held as the
/// runs (term sides) each segment holds, and a source run's pairs are
/// looked up in the target's runs.
#[derive(Debug, Clone, Default)]
pub struct TermEvidence {
    /// Per source segment: the source runs it holds, ascending.
    source: Vec<Vec<u32>>,
    /// Per target segment: the target runs it holds, ascending.
    target: Vec<Vec<u32>>,
    /// Per source run: (target run, weight) of each of its pairs, by target run.
    pairs: Vec<Vec<(u32, f32)>>,
    /// Segments holding each source run.
    df_source: Vec<u32>,
    /// Segments holding each target run.
    df_target: Vec<u32>,
}

impl TermEvidence {
    /// Weight of the pairs held by the pooled source segments `src` and
    /// target segments `tgt`: each pair counts the smaller of its pooled
    /// weights (its weight once per segment holding it), as a key would.
    fn shared(
        &self,
        src: std::ops::Range<usize>,
        tgt: std::ops::Range<usize>,
        scratch: &mut Scratch,
    ) -> f32 {
        if self.pairs.is_empty() || src.is_empty() || tgt.is_empty() {
            return 0.0;
        }
        if src.len() == 1 && tgt.len() == 1 {
            // One segment a side (the search's every cell): each run once.
            let held = &self.target[tgt.start];
            let mut sum = 0.0f32;
            if held.is_empty() {
                return sum;
            }
            for &run in &self.source[src.start] {
                for &(target_run, w) in &self.pairs[run as usize] {
                    if held.binary_search(&target_run).is_ok() {
                        sum += w;
                    }
                }
            }
            return sum;
        }
        count_runs(
            &self.source[src],
            &mut scratch.runs_a,
            &mut scratch.runs_tmp,
        );
        count_runs(
            &self.target[tgt],
            &mut scratch.runs_b,
            &mut scratch.runs_tmp,
        );
        let mut sum = 0.0f32;
        for &(run, in_source) in &scratch.runs_a {
            for &(target_run, w) in &self.pairs[run as usize] {
                let Ok(at) = scratch.runs_b.binary_search_by_key(&target_run, |r| r.0) else {
                    continue;
                };
                let in_target = scratch.runs_b[at].1;
                sum += repeated(w, in_source).min(repeated(w, in_target));
            }
        }
        sum
    }
}

/// `w` added `n` times, as pooling `n` bags holding a key of weight `w` adds it.
fn repeated(w: f32, n: u32) -> f32 {
    let mut total = w;
    for _ in 1..n {
        total += w;
    }
    total
}

/// The runs of several segments with the number of segments holding each,
/// ascending (`tmp` is scratch space).
fn count_runs(lists: &[Vec<u32>], out: &mut Vec<(u32, u32)>, tmp: &mut Vec<(u32, u32)>) {
    merge_sorted(lists, |r| (r, 1), |a, b| (a.0, a.1 + b.1), out, tmp);
}

/// The bags of several segments as one (weights of equal keys added): a
/// linear merge of sorted bags, `tmp` being scratch space.
pub(crate) fn pool(bags: &[Bag], out: &mut Bag, tmp: &mut Bag) {
    merge_sorted(bags, |k| k, |a, b| (a.0, a.1 + b.1), out, tmp);
}

/// Lists sorted by key (the first field) merged into one, in order, each
/// element made by `lift`; elements of equal keys are combined by `add`
/// (what is gathered so far, then the new one).
fn merge_sorted<I: Copy, V: Copy>(
    lists: &[Vec<I>],
    lift: impl Fn(I) -> (u32, V),
    add: impl Fn((u32, V), (u32, V)) -> (u32, V),
    out: &mut Vec<(u32, V)>,
    tmp: &mut Vec<(u32, V)>,
) {
    out.clear();
    let Some((first, rest)) = lists.split_first() else {
        return;
    };
    out.extend(first.iter().map(|&x| lift(x)));
    for list in rest {
        tmp.clear();
        let (mut i, mut j) = (0, 0);
        while i < out.len() && j < list.len() {
            let next = lift(list[j]);
            match out[i].0.cmp(&next.0) {
                std::cmp::Ordering::Less => {
                    tmp.push(out[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    tmp.push(next);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    tmp.push(add(out[i], next));
                    i += 1;
                    j += 1;
                }
            }
        }
        tmp.extend_from_slice(&out[i..]);
        tmp.extend(list[j..].iter().map(|&x| lift(x)));
        std::mem::swap(out, tmp);
    }
}

/// Lower-cases and strips accents (é → e, œ → oe, ß → ss) so that cognates
/// and names match across spelling conventions.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A raw key of a segment, before interning.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Number(String),
    Word(String),
    Prefix(String),
    Punct(char),
    Learned(u32),
    /// Structure a translation keeps: a heading of this level, a list item, a
    /// table cell, the code block or directive just before (by its info).
    Structure(String),
}

/// Weight of a structure key: about a number's, so that a heading aligns
/// with a heading and prose re-anchors after each code block.
const STRUCTURE_WEIGHT: f32 = 1.5;

/// The structure keys of segment `i` of a document that has blocks.
fn structure_keys(doc: &Document, i: usize, out: &mut Vec<(Key, f32)>) {
    use crate::document::BlockKind;
    let Some(block) = doc.segments[i].block else {
        return;
    };
    let kind = match &doc.blocks[block].kind {
        BlockKind::Heading(level) => Some(format!("h{level}")),
        BlockKind::ListItem => Some("li".to_string()),
        BlockKind::TableCell => Some("td".to_string()),
        BlockKind::FrontMatterValue(key) => Some(format!("fm:{key}")),
        BlockKind::Title => Some("title".to_string()),
        _ => None,
    };
    if let Some(kind) = kind {
        out.push((Key::Structure(kind), STRUCTURE_WEIGHT));
    }
    // The first sentence after a piece of structure: the structure (code
    // language, directive marker) is kept by the translation.
    let first_of_block = i == 0 || doc.segments[i - 1].block != Some(block);
    if first_of_block && block > 0 {
        let mut before = String::new();
        for b in doc.blocks[..block].iter().rev() {
            match &b.kind {
                BlockKind::Code(info) => {
                    before = format!("code:{}", info.split_whitespace().next().unwrap_or(""))
                }
                BlockKind::Directive(marker) => before = format!("dir:{marker}"),
                BlockKind::Html => before = "html".to_string(),
                _ => {}
            }
            if !before.is_empty() || b.kind.is_translatable() {
                break;
            }
        }
        if !before.is_empty() {
            out.push((Key::Structure(before), STRUCTURE_WEIGHT));
        }
    }
}

/// Splits text into words (letters and digits) and telling punctuation.
fn raw_keys(text: &str, sw: &Evidence, out: &mut Vec<(Key, f32)>) {
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<(Key, f32)>| {
        if word.is_empty() {
            return;
        }
        if word.chars().all(|c| c.is_ascii_digit()) {
            if sw.numbers > 0.0 {
                out.push((Key::Number(std::mem::take(word)), sw.numbers));
            }
        } else {
            let folded = fold(word);
            let n = folded.chars().count();
            if sw.identical > 0.0 && n >= 3 {
                out.push((Key::Word(folded.clone()), sw.identical));
            }
            if sw.cognates > 0.0 && n >= COGNATE_PREFIX {
                let prefix: String = folded.chars().take(COGNATE_PREFIX).collect();
                out.push((Key::Prefix(prefix), sw.cognates));
            }
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        flush(&mut word, out);
        if sw.punctuation > 0.0 {
            let p = match c {
                '?' | '¿' => Some('?'),
                '!' | '¡' => Some('!'),
                '"' | '«' | '»' | '“' | '”' | '„' | '‹' | '›' => Some('"'),
                '(' | ')' | '[' | ']' => Some('('),
                ';' => Some(';'),
                ':' => Some(':'),
                _ => None,
            };
            if let Some(p) = p {
                out.push((Key::Punct(p), sw.punctuation));
            }
        }
    }
    flush(&mut word, out);
}

/// Folded words of a text, for dictionary and glossary look-ups.
pub(crate) fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .collect()
}

/// Glossary term pairs compiled for the aligner: each side of a pair is a
/// run of folded words, and a segment holds the pair's side when the run
/// occurs in it (contiguous). Built once per glossary; a segment is matched
/// against every run at once: its words become ids (one look-up each), and
/// its id runs of each term length are looked up, instead of comparing the
/// segment with each pair in turn.
#[derive(Debug, Clone, Default)]
pub struct TermIndex {
    /// Every folded word of a term, on either side.
    words: HashMap<String, u32, FastHash>,
    source: RunIndex,
    target: RunIndex,
    /// Each pair as (source run, target run).
    pairs: Vec<(u32, u32)>,
}

/// Word-id runs of one side, numbered.
#[derive(Debug, Clone, Default)]
struct RunIndex {
    runs: HashMap<Vec<u32>, u32, FastHash>,
    /// Distinct run lengths, ascending.
    lengths: Vec<usize>,
}

/// FxHash (as in rustc): keys here are short and not attacker-chosen in a
/// way that matters (a slow glossary is the worst case), and SipHash was
/// most of the look-up time.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    /// The multiply mixes upwards: the low bits, which pick a hashbrown
    /// bucket, depend on few input bits, and 100,000 glossary words piled
    /// up to 2,588 to a bucket. Rotating the well-mixed high bits down (as
    /// rustc-hash 2 does) spreads them as a random hash would.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

impl FxHasher {
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl RunIndex {
    /// The number of `run`, numbering it if it is new.
    fn insert(&mut self, run: Vec<u32>) -> u32 {
        if let Err(at) = self.lengths.binary_search(&run.len()) {
            self.lengths.insert(at, run.len());
        }
        let next = self.runs.len() as u32;
        *self.runs.entry(run).or_insert(next)
    }

    /// The runs that occur in `ids` (a segment's words, `None` for a word
    /// in no term), each once, ascending.
    fn find(&self, ids: &[Option<u32>]) -> Vec<u32> {
        let mut out = Vec::new();
        let mut run = Vec::new();
        for i in 0..ids.len() {
            for &n in &self.lengths {
                let Some(window) = ids.get(i..i + n) else {
                    break;
                };
                run.clear();
                if window.iter().any(|id| id.is_none()) {
                    break;
                }
                run.extend(window.iter().flatten());
                if let Some(&found) = self.runs.get(&run) {
                    out.push(found);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

impl TermIndex {
    /// Compiles (source, target) term pairs; a pair with no word on either
    /// side is left out.
    pub fn new<S: AsRef<str>, T: AsRef<str>>(pairs: &[(S, T)]) -> TermIndex {
        let mut index = TermIndex::default();
        for (s, t) in pairs {
            let (s, t) = (folded_words(s.as_ref()), folded_words(t.as_ref()));
            if s.is_empty() || t.is_empty() {
                continue;
            }
            let s = s.into_iter().map(|w| index.word_id(w)).collect();
            let t = t.into_iter().map(|w| index.word_id(w)).collect();
            let pair = (index.source.insert(s), index.target.insert(t));
            index.pairs.push(pair);
        }
        index
    }

    /// Every (source form, accepted translation) pair of a glossary.
    pub fn from_glossary(glossary: &crate::glossary::Glossary) -> TermIndex {
        let pairs: Vec<(&str, &str)> = glossary
            .terms
            .iter()
            .flat_map(|term| {
                term.source
                    .iter()
                    .flat_map(|s| term.target.iter().map(move |t| (s.as_str(), t.as_str())))
            })
            .collect();
        TermIndex::new(&pairs)
    }

    fn word_id(&mut self, word: String) -> u32 {
        let next = self.words.len() as u32;
        *self.words.entry(word).or_insert(next)
    }

    /// The ids of a segment's folded words (`None`: in no term).
    fn ids(&self, words: &[String]) -> Vec<Option<u32>> {
        words
            .iter()
            .map(|w| self.words.get(w.as_str()).copied())
            .collect()
    }

    /// Source runs that occur in a segment's folded words.
    fn source_runs(&self, words: &[String]) -> Vec<u32> {
        self.source.find(&self.ids(words))
    }

    /// Target runs that occur in a segment's folded words.
    fn target_runs(&self, words: &[String]) -> Vec<u32> {
        self.target.find(&self.ids(words))
    }

    /// Whether the index has no pair.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// Key ids in order of first appearance.
struct Interner {
    ids: HashMap<Key, u32, FastHash>,
}

impl Interner {
    fn new() -> Interner {
        Interner {
            ids: HashMap::default(),
        }
    }

    fn id(&mut self, key: Key) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(key).or_insert(next)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// Per-segment bags before weighting: (key id, raw weight) sorted by key.
/// The keys of each segment are found in parallel, a block of segments at a
/// time (the costly part: folding, glossary and dictionary look-ups); they
/// are interned in document order, so ids and bags are those of one thread.
fn intern_bags(
    doc: &Document,
    sw: &Evidence,
    interner: &mut Interner,
    extra: impl Fn(&str, &mut Vec<(Key, f32)>) + Sync,
) -> Vec<Bag> {
    use rayon::prelude::*;
    const BLOCK: usize = 1024;
    let n = doc.segments.len();
    let mut bags = Vec::with_capacity(n);
    for block in (0..n).step_by(BLOCK) {
        let raw: Vec<Vec<(Key, f32)>> = (block..(block + BLOCK).min(n))
            .into_par_iter()
            .map(|i| {
                let mut raw = Vec::new();
                let text = doc.segment_text(i);
                raw_keys(text, sw, &mut raw);
                structure_keys(doc, i, &mut raw);
                extra(text, &mut raw);
                raw
            })
            .collect();
        for raw in raw {
            let mut bag: Bag = raw
                .into_iter()
                .map(|(k, w)| (interner.id(k), w))
                .collect::<Vec<_>>();
            bag.sort_unstable_by_key(|&(k, _)| k);
            merge_duplicates(&mut bag);
            bags.push(bag);
        }
    }
    bags
}

fn merge_duplicates(bag: &mut Bag) {
    let mut out: Bag = Vec::with_capacity(bag.len());
    for &(k, w) in bag.iter() {
        match out.last_mut() {
            Some(last) if last.0 == k => last.1 += w,
            _ => out.push((k, w)),
        }
    }
    *bag = out;
}

/// Segment lengths in characters, each whitespace run counted as one.
fn lengths(doc: &Document) -> Vec<f64> {
    (0..doc.segments.len())
        .map(|i| {
            let mut n = 0usize;
            let mut in_space = false;
            for c in doc.segment_text(i).chars() {
                if c.is_whitespace() {
                    if !in_space {
                        n += 1;
                    }
                    in_space = true;
                } else {
                    n += 1;
                    in_space = false;
                }
            }
            n.max(1) as f64
        })
        .collect()
}

/// Whether a paragraph boundary separates each segment from the one before.
/// When every segment sits on its own line (pre-segmented input), only a
/// blank line is a boundary; otherwise any line break between two segments is.
fn paragraph_starts(doc: &Document) -> Vec<bool> {
    let segs = &doc.segments;
    if !doc.blocks.is_empty() {
        // Structured formats say where blocks start.
        return (0..segs.len())
            .map(|i| i > 0 && segs[i].block != segs[i - 1].block)
            .collect();
    }
    let gap = |i: usize| &doc.text[segs[i - 1].end..segs[i].start];
    let newlines = |i: usize| gap(i).matches('\n').count();
    let one_per_line = (1..segs.len()).all(|i| newlines(i) >= 1);
    let needed = if one_per_line { 2 } else { 1 };
    (0..segs.len())
        .map(|i| i > 0 && newlines(i) >= needed)
        .collect()
}

/// Builds the features of a document pair.
pub fn extract(
    source: &Document,
    target: &Document,
    terms: &TermIndex,
    dictionary: Option<&Dictionary>,
    learned: &[(String, String)],
    sw: &Evidence,
) -> PairFeatures {
    let mut learned_source: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut learned_target: HashMap<&str, Vec<u32>> = HashMap::new();
    if sw.learned > 0.0 {
        for (n, (s, t)) in learned.iter().enumerate() {
            learned_source.entry(s).or_default().push(n as u32);
            learned_target.entry(t).or_default().push(n as u32);
        }
    }
    let mut interner = Interner::new();
    let no_terms = TermIndex::default();
    let terms = if sw.glossary > 0.0 { terms } else { &no_terms };
    let dictionary = dictionary.filter(|_| sw.dictionary > 0.0);
    let source_bags = intern_bags(source, sw, &mut interner, |text, out| {
        if dictionary.is_none() && learned_source.is_empty() {
            return;
        }
        let words = folded_words(text);
        for w in &words {
            for &n in learned_source.get(w.as_str()).into_iter().flatten() {
                out.push((Key::Learned(n), sw.learned));
            }
        }
        if let Some(dict) = dictionary {
            for w in &words {
                for t in dict.translations(w) {
                    out.push((Key::Word(t.clone()), sw.dictionary));
                }
            }
        }
    });
    let target_bags = intern_bags(target, sw, &mut interner, |text, out| {
        if learned_target.is_empty() {
            return;
        }
        let words = folded_words(text);
        for w in &words {
            for &n in learned_target.get(w.as_str()).into_iter().flatten() {
                out.push((Key::Learned(n), sw.learned));
            }
        }
    });
    let source_runs = term_runs(source, terms, TermIndex::source_runs);
    let target_runs = term_runs(target, terms, TermIndex::target_runs);
    let keys = interner.len();
    let mut df_source = vec![0u32; keys];
    let mut df_target = vec![0u32; keys];
    let mut first_source = vec![0u32; keys];
    let mut first_target = vec![0u32; keys];
    for (i, bag) in source_bags.iter().enumerate() {
        for &(k, _) in bag {
            df_source[k as usize] += 1;
            first_source[k as usize] = i as u32;
        }
    }
    for (j, bag) in target_bags.iter().enumerate() {
        for &(k, _) in bag {
            df_target[k as usize] += 1;
            first_target[k as usize] = j as u32;
        }
    }
    let docs = (source_bags.len() + target_bags.len()).max(2) as f32;
    // Inverse document frequency over both sides: a key in every segment
    // carries no information, one in a single pair carries most.
    let idf: Vec<f32> = (0..keys)
        .map(|k| {
            let df = (df_source[k] + df_target[k]).max(1) as f32;
            (1.0 + docs / df).ln()
        })
        .collect();
    let punct: Vec<bool> = {
        let mut p = vec![false; keys];
        for (key, &id) in &interner.ids {
            if matches!(key, Key::Punct(_)) {
                p[id as usize] = true;
            }
        }
        p
    };
    let mut unique_matches: Vec<(usize, usize)> = (0..keys)
        .filter(|&k| df_source[k] == 1 && df_target[k] == 1 && !punct[k])
        .map(|k| (first_source[k] as usize, first_target[k] as usize))
        .collect();
    let term_evidence = weigh_terms(terms, source_runs, target_runs, docs, sw.glossary);
    unique_matches.extend(term_evidence.unique_matches());
    unique_matches.sort_unstable();
    unique_matches.dedup();
    let weigh = |bags: Vec<Bag>| -> (Vec<Bag>, Vec<f32>) {
        let bags: Vec<Bag> = bags
            .into_iter()
            .map(|bag| {
                bag.into_iter()
                    .map(|(k, w)| (k, w * idf[k as usize]))
                    .filter(|&(_, w)| w > 0.0)
                    .collect()
            })
            .collect();
        let mass = bags
            .iter()
            .map(|b| b.iter().map(|&(_, w)| w).sum())
            .collect();
        (bags, mass)
    };
    let (source_bags, mut source_mass) = weigh(source_bags);
    let (target_bags, mut target_mass) = weigh(target_bags);
    term_evidence.add_masses(&mut source_mass, &mut target_mass);
    PairFeatures {
        source: SideFeatures {
            lengths: lengths(source),
            bags: source_bags,
            mass: source_mass,
            paragraph_start: if sw.paragraphs {
                paragraph_starts(source)
            } else {
                vec![false; source.segments.len()]
            },
        },
        target: SideFeatures {
            lengths: lengths(target),
            bags: target_bags,
            mass: target_mass,
            paragraph_start: if sw.paragraphs {
                paragraph_starts(target)
            } else {
                vec![false; target.segments.len()]
            },
        },
        unique_matches,
        terms: term_evidence,
    }
}

/// The runs of `terms` each segment of `doc` holds (`find`: one side's),
/// segments side by side.
fn term_runs(
    doc: &Document,
    terms: &TermIndex,
    find: fn(&TermIndex, &[String]) -> Vec<u32>,
) -> Vec<Vec<u32>> {
    use rayon::prelude::*;
    if terms.is_empty() {
        return vec![Vec::new(); doc.segments.len()];
    }
    (0..doc.segments.len())
        .into_par_iter()
        .with_min_len(256)
        .map(|i| find(terms, &folded_words(doc.segment_text(i))))
        .collect()
}

/// The glossary evidence of a pair, each pair weighted by its inverse
/// document frequency over both sides (segments holding its source side
/// plus segments holding its target side), as a bag key is.
fn weigh_terms(
    terms: &TermIndex,
    source: Vec<Vec<u32>>,
    target: Vec<Vec<u32>>,
    docs: f32,
    weight: f32,
) -> TermEvidence {
    let count = |lists: &[Vec<u32>], runs: usize| {
        let mut df = vec![0u32; runs];
        for list in lists {
            for &r in list {
                df[r as usize] += 1;
            }
        }
        df
    };
    let df_source = count(&source, terms.source.runs.len());
    let df_target = count(&target, terms.target.runs.len());
    let mut pairs = vec![Vec::new(); terms.source.runs.len()];
    for &(s, t) in &terms.pairs {
        let df = (df_source[s as usize] + df_target[t as usize]).max(1) as f32;
        pairs[s as usize].push((t, weight * (1.0 + docs / df).ln()));
    }
    for p in &mut pairs {
        p.sort_by_key(|&(t, _)| t);
    }
    TermEvidence {
        source,
        target,
        pairs,
        df_source,
        df_target,
    }
}

impl TermEvidence {
    /// Pairs held by exactly one segment on each side, as (source segment,
    /// target segment).
    fn unique_matches(&self) -> Vec<(usize, usize)> {
        let first = |lists: &[Vec<u32>], df: &[u32]| {
            let mut at = vec![0usize; df.len()];
            for (i, list) in lists.iter().enumerate() {
                for &r in list {
                    if df[r as usize] == 1 {
                        at[r as usize] = i;
                    }
                }
            }
            at
        };
        let (first_source, first_target) = (
            first(&self.source, &self.df_source),
            first(&self.target, &self.df_target),
        );
        let mut out = Vec::new();
        for (s, pairs) in self.pairs.iter().enumerate() {
            if self.df_source[s] != 1 {
                continue;
            }
            for &(t, _) in pairs {
                if self.df_target[t as usize] == 1 {
                    out.push((first_source[s], first_target[t as usize]));
                }
            }
        }
        out
    }

    /// Adds to each segment's mass the weight of the pairs it holds.
    fn add_masses(&self, source: &mut [f32], target: &mut [f32]) {
        if self.pairs.is_empty() {
            return;
        }
        let mut by_target = vec![0.0f32; self.df_target.len()];
        for pairs in &self.pairs {
            for &(t, w) in pairs {
                by_target[t as usize] += w;
            }
        }
        for (mass, runs) in source.iter_mut().zip(&self.source) {
            let held: f32 = runs
                .iter()
                .flat_map(|&r| &self.pairs[r as usize])
                .map(|&(_, w)| w)
                .sum();
            *mass += held;
        }
        for (mass, runs) in target.iter_mut().zip(&self.target) {
            let held: f32 = runs.iter().map(|&r| by_target[r as usize]).sum();
            *mass += held;
        }
    }
}

/// Weight the two bags share (sum of the smaller weight of each common key).
pub fn overlap(a: &Bag, b: &Bag) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1.min(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn doc(text: &str) -> Document {
        let spans = crate::segment::segment_lines(text);
        Document::new("t".into(), text.into(), Lang::FR, &spans)
    }

    #[test]
    fn folding_removes_accents_and_ligatures() {
        assert_eq!(fold("Élève"), "eleve");
        assert_eq!(fold("cœur"), "coeur");
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn cognates_and_numbers_overlap() {
        let s = doc("La population de Paris atteint 2 millions.\nRien.\nAutre chose ici.\n");
        let t = doc("The population of Paris reaches 2 million.\nNothing.\nSomething else here.\n");
        let f = extract(
            &s,
            &t,
            &TermIndex::default(),
            None,
            &[],
            &Evidence::default(),
        );
        let same = overlap(&f.source.bags[0], &f.target.bags[0]);
        let other = overlap(&f.source.bags[0], &f.target.bags[1]);
        assert!(same > 1.0, "{same}");
        assert_eq!(other, 0.0);
        assert!(f.unique_matches.contains(&(0, 0)));
    }

    #[test]
    fn blank_lines_mark_paragraph_starts() {
        let d = doc("a\nb\n\n  \nc\n");
        assert_eq!(paragraph_starts(&d), vec![false, false, true]);
        let text = "A. B.\nC.";
        let prose = Document::new("p".into(), text.into(), Lang::FR, &[(0, 2), (3, 5), (6, 8)]);
        assert_eq!(paragraph_starts(&prose), vec![false, false, true]);
    }

    #[test]
    fn pooling_adds_equal_keys() {
        let (mut out, mut tmp) = (Vec::new(), Vec::new());
        pool(
            &[
                vec![(1, 1.0), (3, 1.0)],
                vec![(2, 1.0), (3, 2.0)],
                vec![(0, 0.5)],
            ],
            &mut out,
            &mut tmp,
        );
        assert_eq!(out, vec![(0, 0.5), (1, 1.0), (2, 1.0), (3, 3.0)]);
    }

    #[test]
    fn term_pairs_weigh_as_bag_keys_would() {
        // Prevents: glossary pairs held apart from the bags (for speed)
        // weighing otherwise than the pair keys they stand for.
        let s = doc("Un tour de table réussi.\nLa table ronde.\nRien.\n");
        let t = doc("A funding round, round.\nThe round table.\nNothing.\n");
        let pairs = TermIndex::new(&[
            ("tour de table", "funding round"),
            ("tour de table", "round"),
            ("table", "table"),
        ]);
        let f = extract(&s, &t, &pairs, None, &[], &Evidence::default());
        let terms = &f.terms;
        // Each pair as a key: (pair, weight) in the bags of the segments
        // holding its side.
        let keyed = |runs: &[Vec<u32>], source: bool| -> Vec<Bag> {
            runs.iter()
                .map(|held| {
                    let mut bag: Bag = Vec::new();
                    for (s, list) in terms.pairs.iter().enumerate() {
                        for (k, &(t, w)) in list.iter().enumerate() {
                            let side = if source { s as u32 } else { t };
                            if held.contains(&side) {
                                bag.push(((s * 10 + k) as u32, w));
                            }
                        }
                    }
                    bag
                })
                .collect()
        };
        let (sb, tb) = (keyed(&terms.source, true), keyed(&terms.target, false));
        let mut scratch = Scratch::default();
        for (src, tgt) in [
            (0..1, 0..1),
            (0..2, 0..1),
            (0..1, 0..2),
            (0..2, 0..2),
            (2..3, 2..3),
        ] {
            let (mut a, mut b, mut tmp) = (Vec::new(), Vec::new(), Vec::new());
            pool(&sb[src.clone()], &mut a, &mut tmp);
            pool(&tb[tgt.clone()], &mut b, &mut tmp);
            let expected = overlap(&a, &b);
            let got = terms.shared(src.clone(), tgt.clone(), &mut scratch);
            assert!(
                (got - expected).abs() < 1e-6,
                "{src:?} {tgt:?}: {got} vs {expected}"
            );
        }
        assert!(terms.shared(0..1, 0..1, &mut scratch) > 0.0);
        assert_eq!(terms.shared(2..3, 2..3, &mut scratch), 0.0);
    }

    #[test]
    fn term_index_finds_each_pair_whose_words_occur_as_a_run() {
        let index = TermIndex::new(&[
            ("tour de table", "funding round"),
            ("table", "table"),
            ("", "nothing"),
            ("tour de table", "round"),
            ("de", "of"),
        ]);
        let words = |t: &str| folded_words(t);
        // The pairs whose side is a run found.
        let pairs = |runs: Vec<u32>, side: fn(&(u32, u32)) -> u32| -> Vec<usize> {
            (0..index.pairs.len())
                .filter(|&p| runs.contains(&side(&index.pairs[p])))
                .collect()
        };
        let source = |p: &(u32, u32)| p.0;
        let target = |p: &(u32, u32)| p.1;
        let found = index.source_runs(&words("Le Tour de table, la table : de table"));
        assert_eq!(pairs(found, source), vec![0, 1, 2, 3]);
        let found = index.source_runs(&words("tour table de"));
        assert_eq!(pairs(found, source), vec![1, 3]);
        let found = index.target_runs(&words("a funding round"));
        assert_eq!(pairs(found, target), vec![0, 2]);
        assert!(TermIndex::new::<&str, &str>(&[]).is_empty());
    }

    #[test]
    fn glossary_terms_become_shared_keys() {
        let s = doc("Un tour de table réussi.\nAutre.\n");
        let t = doc("A successful funding round.\nOther.\n");
        let pairs = TermIndex::new(&[("tour de table", "funding round")]);
        let with = extract(&s, &t, &pairs, None, &[], &Evidence::default());
        let without = extract(
            &s,
            &t,
            &TermIndex::default(),
            None,
            &[],
            &Evidence::default(),
        );
        let mut scratch = Scratch::default();
        assert!(with.shared(0..1, 0..1, &mut scratch) > without.shared(0..1, 0..1, &mut scratch));
    }
}
