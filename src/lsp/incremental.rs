//! The re-check after a small edit of a target: the source document (and
//! the prepared glossary) are those of the last check, the target is read
//! again, and only a window of links around the edited sentences is
//! aligned again ([`crate::align::align_window`]); the links outside it
//! are kept, their target segments shifted. The checks then run on the
//! spliced alignment as on any other (they are a small part of the time,
//! and some rules look at the whole document: a term rendered two ways,
//! a sentence translated differently elsewhere, code blocks paired in
//! order).
//!
//! The window's evidence is weighed within the window, not the document,
//! so its links can differ from a full alignment's at its edges: the
//! window is taken with [`MARGINS`] links of margin on each side (the next
//! one tried when the last did not do), and kept when the [`AGREE`] margin
//! links next to the edited ones come out as they were and the edited
//! links keep their shape; the outer margin links are a buffer the
//! window's edges may bend, and are kept from the previous alignment.
//! When the window's links differ from the previous ones anyway, the same
//! window of the text before the edit is aligned too: if it comes out the
//! same as after the edit, the difference is the window's, not the edit's,
//! and the previous links are kept (not when the edited links hold a merge:
//! whether a merge's sentence is left unsupported is the omission stage's
//! call, made with the whole document's word model). Anything else (a large edit, a change
//! of the blocks, an edit that moves links) falls back to the full
//! alignment; the server also re-checks in full once the document is idle.
//!
//! Merges, skips and doubtful links around the edit are re-aligned in the
//! window like the others (the corpus draft is full of them: refusing
//! them made half the edits of the benchmark's page full re-checks); the
//! tests compare the result with a full alignment's on many edits.

use crate::align::{self, AlignOptions, Alignment, Link};
use crate::document::Document;
use crate::pipeline::{PairReport, Prepared};
use std::ops::Range;

/// Links of margin on each side of the edited ones, tried in turn.
const MARGINS: &[usize] = &[4, 8, 16];

/// Margin links next to the edited ones (on each side) that the window
/// must give as they were.
const AGREE: usize = 2;

/// Links of margin of the window aligned before and after the edit.
const UNMOVED_MARGIN: usize = 8;

/// Pairs with fewer links are re-aligned in full: it is quick, and one
/// word weighs most in their evidence (a change of weights can move a
/// link far from the edit).
const MIN_LINKS: usize = 64;

/// An edit touching more target sentences than this is re-checked in full.
const MAX_EDITED_SEGMENTS: usize = 4;

/// An edit longer than this (bytes, before or after) is re-checked in full.
const MAX_EDIT_BYTES: usize = 400;

/// Why a re-check could not be incremental.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Fallback {
    /// A short pair (fewer than [`MIN_LINKS`] links).
    Small,
    /// More than a few sentences, or a line break added or removed.
    Large,
    /// Blocks or sentences outside the edit changed (a heading made, a
    /// sentence split or joined across the edit's border).
    Structure,
    /// The window's margin links differ from the kept ones.
    Border,
    /// The edited links came out in another shape.
    Moved,
}

/// The bytes that differ between two texts: `old[start..old_end]` became
/// `new[start..new_end]` (the longest common prefix and suffix kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Change {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Change {
    pub(crate) fn between(old: &str, new: &str) -> Change {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - prefix;
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(room)
            .take_while(|(x, y)| x == y)
            .count();
        Change {
            start: prefix,
            old_end: a.len() - suffix,
            new_end: b.len() - suffix,
        }
    }

    /// How far bytes after the change moved.
    fn shift(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }
}

/// How eager the incremental re-check is: [`MARGINS`], [`AGREE`],
/// [`UNMOVED_MARGIN`] (the tests try others).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    pub margins: &'static [usize],
    pub agree: usize,
    /// 0: no before-and-after comparison.
    pub unmoved: usize,
}

const POLICY: Policy = Policy {
    margins: MARGINS,
    agree: AGREE,
    unmoved: UNMOVED_MARGIN,
};

/// The alignment of `source` with `target` (the edited text), from the
/// alignment `previous` of `source` with `old_target`: the links outside a
/// window around the edit kept, the window aligned again. `Err`: the edit
/// must be re-checked in full, and why.
pub(crate) fn realign(
    source: &Document,
    old_target: &Document,
    previous: &Alignment,
    target: &Document,
    opts: &AlignOptions,
) -> Result<Alignment, Fallback> {
    realign_with(source, old_target, previous, target, opts, &POLICY)
}

/// [`realign`] with other margins.
pub(crate) fn realign_with(
    source: &Document,
    old_target: &Document,
    previous: &Alignment,
    target: &Document,
    opts: &AlignOptions,
    policy: &Policy,
) -> Result<Alignment, Fallback> {
    let change = Change::between(&old_target.text, &target.text);
    if change.start == change.old_end && change.start == change.new_end {
        return Ok(previous.clone());
    }
    if previous.links.len() < MIN_LINKS {
        return Err(Fallback::Small);
    }
    let edited_old = &old_target.text[change.start..change.old_end];
    let edited_new = &target.text[change.start..change.new_end];
    if edited_old.len().max(edited_new.len()) > MAX_EDIT_BYTES
        || edited_old.contains(['\n', '\r'])
        || edited_new.contains(['\n', '\r'])
    {
        return Err(Fallback::Large);
    }
    let (before, old_edited, new_edited) = edited_segments(old_target, target, &change)?;
    if old_edited.len().max(new_edited.len()) > MAX_EDITED_SEGMENTS {
        return Err(Fallback::Large);
    }
    // Target segments after the edit moved by this many.
    let moved = new_edited.len() as isize - old_edited.len() as isize;
    let links = &previous.links;
    // The links holding the edited target sentences, or, when none was
    // edited (a word added where there was none), those around the place.
    let first = links
        .iter()
        .position(|l| l.target.end > before || (l.target.is_empty() && l.target.start >= before))
        .unwrap_or(links.len());
    let last = links
        .iter()
        .rposition(|l| l.target.start < old_edited.end.max(before + 1))
        .map_or(first, |k| k + 1)
        .max(first);
    let mut why = Fallback::Structure;
    for &margin in policy.margins {
        match window(
            source, target, opts, links, first, last, moved, margin, policy,
        ) {
            Ok(a) => return Ok(a),
            Err(w) => why = w,
        }
        if first < margin && last + margin >= links.len() {
            break;
        }
    }
    // Not for a merge: whether one of its sentences is left unsupported
    // (split off as an omission or addition) is the omission stage's call
    // with the whole document's word model, and the window's model does
    // not see what the edit changes for it.
    if policy.unmoved > 0
        && moved == 0
        && links[first..last]
            .iter()
            .all(|l| l.source.len() <= 1 && l.target.len() <= 1)
        && matches!(why, Fallback::Border | Fallback::Moved)
        && let Some(a) = unmoved(
            source,
            old_target,
            target,
            opts,
            links,
            (first, last),
            policy.unmoved,
        )
    {
        return Ok(a);
    }
    Err(why)
}

/// When the window around the edit aligns the same before and after it,
/// the edit moved nothing: the previous links are kept (the edited ones
/// scored as the window scores them now).
#[allow(clippy::too_many_arguments)]
fn unmoved(
    source: &Document,
    old_target: &Document,
    target: &Document,
    opts: &AlignOptions,
    links: &[Link],
    (first, last): (usize, usize),
    margin: usize,
) -> Option<Alignment> {
    let w0 = first.saturating_sub(margin);
    let w1 = (last + margin).min(links.len());
    if w0 >= w1 {
        return None;
    }
    let source_range = links[w0].source.start..links[w1 - 1].source.end;
    let target_range = links[w0].target.start..links[w1 - 1].target.end;
    let (before, after) = rayon::join(
        || {
            align::align_window(
                source,
                old_target,
                opts,
                source_range.clone(),
                target_range.clone(),
            )
        },
        || {
            align::align_window(
                source,
                target,
                opts,
                source_range.clone(),
                target_range.clone(),
            )
        },
    );
    let same = before.len() == after.len()
        && before
            .iter()
            .zip(&after)
            .all(|(x, y)| x.source == y.source && x.target == y.target);
    if !same {
        return None;
    }
    let mut kept = links.to_vec();
    for l in &mut kept[first..last] {
        if let Some(w) = after
            .iter()
            .find(|w| w.source == l.source && w.target == l.target)
        {
            l.score = w.score;
        }
    }
    Some(Alignment { links: kept })
}

/// The alignment with the links `first..last` (those of the edit) and
/// `margin` links on each side aligned again in `target`, when the inner
/// margin links and the edited ones come out as they were.
#[allow(clippy::too_many_arguments)]
fn window(
    source: &Document,
    target: &Document,
    opts: &AlignOptions,
    links: &[Link],
    first: usize,
    last: usize,
    moved: isize,
    margin: usize,
    policy: &Policy,
) -> Result<Alignment, Fallback> {
    let w0 = first.saturating_sub(margin);
    let w1 = (last + margin).min(links.len());
    if w0 >= w1 {
        return Err(Fallback::Structure);
    }
    let source_range = links[w0].source.start..links[w1 - 1].source.end;
    let old_range = links[w0].target.start..links[w1 - 1].target.end;
    let target_range = old_range.start..shifted(old_range.end, moved);
    let window = align::align_window(source, target, opts, source_range, target_range);
    // The inner links of the margins must come out as they were (the
    // outer ones are the window's buffer: its edges can bend them).
    let inner_before = policy.agree.min(first - w0);
    let inner_after = policy.agree.min(w1 - last);
    let kept_before = &links[first - inner_before..first];
    let kept_after: Vec<Link> = links[last..last + inner_after]
        .iter()
        .map(|l| shift_link(l, moved))
        .collect();
    let agrees = |a: &[Link], b: &[Link]| {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.source == y.source && x.target == y.target)
    };
    let at_start = |l: &Link| {
        window
            .iter()
            .position(|w| w.source.start == l.source.start && w.target.start == l.target.start)
    };
    let at_end = |l: &Link| {
        window
            .iter()
            .rposition(|w| w.source.end == l.source.end && w.target.end == l.target.end)
    };
    let from = match kept_before.first() {
        Some(l) => at_start(l),
        None => Some(0),
    };
    let to = match kept_after.last() {
        Some(l) => at_end(l).map(|e| e + 1),
        None => Some(window.len()),
    };
    let (Some(from), Some(to)) = (from, to) else {
        return Err(Fallback::Border);
    };
    if from + kept_before.len() + kept_after.len() > to
        || !agrees(&window[from..from + kept_before.len()], kept_before)
        || !agrees(&window[to - kept_after.len()..to], &kept_after)
    {
        return Err(Fallback::Border);
    }
    let window = &window[from..to];
    // The edited links themselves may only keep their shape: where the
    // window's links differ from them, a full alignment (its evidence and
    // omission model learnt from the whole document) is needed to say how.
    let edited: Vec<Link> = links[first..last]
        .iter()
        .map(|l| Link {
            target: l.target.start..shifted(l.target.end, moved),
            ..l.clone()
        })
        .collect();
    let middle = &window[kept_before.len()..window.len() - kept_after.len()];
    if !agrees(middle, &edited) {
        return Err(Fallback::Moved);
    }
    let mut spliced = Vec::with_capacity(links.len() + window.len());
    spliced.extend_from_slice(&links[..first]);
    spliced.extend_from_slice(middle);
    spliced.extend(links[last..].iter().map(|l| shift_link(l, moved)));
    Ok(Alignment { links: spliced })
}

/// Checks `target`, an edit of the target of `previous`, against the same
/// source: incrementally when it can, else in full.
pub(crate) fn recheck(
    prepared: &Prepared,
    previous: &PairReport,
    target: Document,
) -> (PairReport, Recheck) {
    let source = previous.source.clone();
    match realign(
        &previous.source,
        &previous.target,
        &previous.alignment,
        &target,
        prepared.align_options(),
    ) {
        Ok(alignment) => (
            prepared.check_aligned(source, target, alignment),
            Recheck::Incremental,
        ),
        Err(why) => (prepared.check_pair(source, target), Recheck::Fallback(why)),
    }
}

/// The target segments the change touches: how many come before it, and
/// their index ranges in the old and the new document. `Err` when the
/// blocks or the segments outside the change are not the same.
fn edited_segments(
    old: &Document,
    new: &Document,
    change: &Change,
) -> Result<(usize, Range<usize>, Range<usize>), Fallback> {
    let shift = change.shift();
    let same_blocks = old.blocks.len() == new.blocks.len()
        && old.blocks.iter().zip(&new.blocks).all(|(a, b)| {
            a.kind == b.kind
                && moved_to(a.start, change, shift) == b.start
                && moved_to(a.end, change, shift) == b.end
        });
    if !same_blocks {
        return Err(Fallback::Structure);
    }
    // Segments wholly before the change (not even touching it) and wholly
    // after it are the same in both.
    let before = old.segments.partition_point(|s| s.end < change.start);
    let after_old = old.segments.len()
        - old
            .segments
            .iter()
            .rev()
            .take_while(|s| s.start > change.old_end)
            .count();
    let after = old.segments.len() - after_old;
    if new.segments.len() < before + after {
        return Err(Fallback::Structure);
    }
    let after_new = new.segments.len() - after;
    let same = |a: &crate::document::Segment, b: &crate::document::Segment| {
        (a.start, a.end, a.block) == (b.start, b.end, b.block)
    };
    let unchanged_before = old.segments[..before]
        .iter()
        .zip(&new.segments[..before])
        .all(|(a, b)| same(a, b));
    let unchanged_after = old.segments[after_old..]
        .iter()
        .zip(&new.segments[after_new..])
        .all(|(a, b)| {
            let mut a = *a;
            a.start = shifted(a.start, shift);
            a.end = shifted(a.end, shift);
            same(&a, b)
        });
    let edited_new = &new.segments[before..after_new];
    if !unchanged_before
        || !unchanged_after
        || before > after_old
        || edited_new
            .iter()
            .any(|s| s.end < change.start || s.start > change.new_end)
    {
        return Err(Fallback::Structure);
    }
    Ok((before, before..after_old, before..after_new))
}

/// Where byte `at` of the old text is in the new one (a block border
/// inside the change moves with its end).
fn moved_to(at: usize, change: &Change, shift: isize) -> usize {
    if at < change.start {
        at
    } else if at >= change.old_end {
        shifted(at, shift)
    } else {
        usize::MAX
    }
}

fn shifted(at: usize, by: isize) -> usize {
    at.checked_add_signed(by)
        .expect("a position after the edit")
}

fn shift_link(l: &Link, moved: isize) -> Link {
    Link {
        source: l.source.clone(),
        target: shifted(l.target.start, moved)..shifted(l.target.end, moved),
        score: l.score,
    }
}

/// How a check went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recheck {
    /// A full check with nothing before it to start from (opened, saved,
    /// idle, settings or source changed, or a catalogue).
    Full,
    /// The window around an edit re-aligned.
    Incremental,
    /// An edit re-checked in full, and why.
    Fallback(Fallback),
}

/// Counts of the re-checks after edits, for the log.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    incremental: usize,
    fallbacks: std::collections::BTreeMap<Fallback, usize>,
}

impl Tally {
    pub(crate) fn add(&mut self, how: Recheck) {
        match how {
            Recheck::Full => {}
            Recheck::Incremental => self.incremental += 1,
            Recheck::Fallback(why) => *self.fallbacks.entry(why).or_default() += 1,
        }
    }

    /// "re-checks after edits: 98 incremental, 2 full (Border 2)", or
    /// `None` before any edit.
    pub(crate) fn summary(&self) -> Option<String> {
        let fallbacks: usize = self.fallbacks.values().sum();
        if self.incremental + fallbacks == 0 {
            return None;
        }
        let why: Vec<String> = self
            .fallbacks
            .iter()
            .map(|(why, n)| format!("{why:?} {n}").to_lowercase())
            .collect();
        Some(format!(
            "re-checks after edits: {} incremental, {fallbacks} full{}",
            self.incremental,
            if why.is_empty() {
                String::new()
            } else {
                format!(" ({})", why.join(", "))
            }
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::convert::Checked;
    use crate::lsp::text::LspText;
    use crate::pipeline::Settings;

    fn root() -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn read(path: &str) -> String {
        std::fs::read_to_string(root().join(path)).unwrap()
    }

    fn prepared() -> Prepared {
        let glossary = root().join("glossary.toml").display().to_string();
        Prepared::new(Settings {
            glossary: crate::glossary::load(&glossary).unwrap(),
            glossary_name: Some(glossary),
            ..Settings::default()
        })
        .unwrap()
    }

    /// `text` read as the file `name` of a pair (its source or its target).
    fn read_doc(prepared: &Prepared, name: &str, text: &str, is_source: bool) -> Document {
        let decoded = crate::input::Decoded {
            text: text.to_string(),
            ..Default::default()
        };
        prepared.read(name, decoded, is_source).unwrap()
    }

    /// A Markdown page: `copies` copies of the corpus article, a heading
    /// before each, one paragraph a line.
    fn markdown(text: &str, heading: &str, copies: usize) -> String {
        let mut out = String::new();
        for copy in 1..=copies {
            out += &format!("## {heading} {copy}\n\n");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                out += line;
                out += "\n\n";
            }
        }
        out
    }

    /// The k-th of a battery of one-word edits of `text`: a word replaced,
    /// deleted, doubled, or a digit changed, at words spread over the text.
    fn edit(text: &str, k: usize) -> String {
        let words: Vec<(usize, &str)> = text
            .split_inclusive(|c: char| c.is_whitespace())
            .scan(0, |at, w| {
                let start = *at;
                *at += w.len();
                Some((start, w.trim_end()))
            })
            .filter(|(_, w)| !w.is_empty() && !w.starts_with('#'))
            .collect();
        let (at, word) = words[(k * 37 + k / 4) % words.len()];
        let end = at + word.len();
        let mut out = text.to_string();
        match k % 4 {
            0 => out.replace_range(at..end, "zebra"),
            1 => out.replace_range(at..(end + 1).min(text.len()), ""),
            2 => out.insert_str(end, &format!(" {word}")),
            _ => match word.find(|c: char| c.is_ascii_digit()) {
                Some(d) => out.replace_range(at + d..at + d + 1, "7"),
                None => out.insert_str(at, "the "),
            },
        }
        out
    }

    fn diagnostics(report: PairReport, target: &str) -> Vec<lsp_types::Diagnostic> {
        let source_text = LspText::new(report.source.text.clone());
        Checked {
            report,
            target_text: LspText::new(target.to_string()),
            source_uri: "file:///s".parse().unwrap(),
            source_text,
            format: crate::format::InputFormat::Auto,
        }
        .diagnostics(Some(crate::check::Severity::Error))
    }

    /// Runs `edits` edits one after the other, each re-checked from the
    /// previous incremental result (as the server does), and compares the
    /// diagnostics with a full check's; returns how the re-checks went.
    fn battery(
        source_name: &str,
        source: &str,
        target_name: &str,
        target: &str,
        edits: usize,
    ) -> Tally {
        let prepared = prepared();
        let read =
            |name: &str, text: &str, is_source: bool| read_doc(&prepared, name, text, is_source);
        let source_doc = read(source_name, source, true);
        let mut text = target.to_string();
        let mut previous = prepared.check_pair(source_doc.clone(), read(target_name, &text, false));
        let mut tally = Tally::default();
        for k in 0..edits {
            text = edit(&text, k);
            let new = read(target_name, &text, false);
            let (incremental, how) = recheck(&prepared, &previous, new.clone());
            let full = prepared.check_pair(source_doc.clone(), new);
            tally.add(how);
            assert_eq!(
                diagnostics(incremental.clone(), &text),
                diagnostics(full, &text),
                "{target_name}: edit {k} ({how:?})"
            );
            previous = incremental;
        }
        tally
    }

    // Prevents: the diagnostics after an incremental re-check differing
    // from `bitext check`'s on the same text (a window spliced at the wrong
    // place, a link kept whose target moved, margins that moved accepted).
    #[test]
    fn incremental_rechecks_equal_full_ones_on_the_corpus_draft_and_a_markdown_page() {
        let source = read("corpus/mistral.fr.txt");
        let target = read("corpus/mistral.en.draft.txt");
        let text = battery("fr.txt", &source, "en.txt", &target, 20);
        let page = battery(
            "fr.md",
            &markdown(&source, "Partie", 3),
            "en.md",
            &markdown(&target, "Part", 3),
            40,
        );
        println!("corpus draft: {}", text.summary().unwrap());
        println!("Markdown page: {}", page.summary().unwrap());
        // The short draft is re-checked in full (but for an edit that
        // changes nothing); many edits of the page are incremental.
        assert!(text.incremental <= 1, "{text:?}");
        assert!(page.incremental >= 20, "{page:?}");
    }

    fn shapes(a: &Alignment) -> Vec<(Range<usize>, Range<usize>)> {
        a.links
            .iter()
            .map(|l| (l.source.clone(), l.target.clone()))
            .collect()
    }

    /// The `kind`-th one-word edit of the word nearest the middle of
    /// target segment `i`: replaced, deleted, doubled, or "the" put
    /// before it. `None` when the segment has no word to edit.
    fn edit_in_segment(doc: &Document, text: &str, i: usize, kind: usize) -> Option<String> {
        let s = &doc.segments[i];
        let (start, end) = (doc.disk_offset(s.start), doc.disk_offset(s.end));
        let words: Vec<(usize, &str)> = text[start..end]
            .split(' ')
            .scan(start, |at, w| {
                let from = *at;
                *at += w.len() + 1;
                Some((from, w))
            })
            .filter(|(_, w)| w.len() > 1 && w.chars().all(char::is_alphabetic))
            .collect();
        let &(at, word) = words.get(words.len() / 2)?;
        let mut out = text.to_string();
        match kind % 4 {
            0 => out.replace_range(at..at + word.len(), "zebra"),
            1 => out.replace_range(at..at + word.len() + 1, ""),
            2 => out.insert_str(at + word.len(), &format!(" {word}")),
            _ => out.insert_str(at, "the "),
        }
        Some(out)
    }

    // Prevents: an incremental re-check that differs from a full one at
    // some place of a page (the first or last links, next to a heading, a
    // merge or an omission of the draft beside the edit): every sentence
    // of a Markdown page is edited once, each edit from the checked page,
    // and the alignment and the diagnostics compared with a full check's.
    #[test]
    fn an_edit_of_any_sentence_of_a_markdown_page_rechecks_as_a_full_check_does() {
        let prepared = prepared();
        let read_doc =
            |name: &str, text: &str, is_source: bool| read_doc(&prepared, name, text, is_source);
        let source = read_doc(
            "fr.md",
            &markdown(&read("corpus/mistral.fr.txt"), "Partie", 4),
            true,
        );
        let text = markdown(&read("corpus/mistral.en.draft.txt"), "Part", 4);
        let checked = prepared.check_pair(source.clone(), read_doc("en.md", &text, false));
        let mut tally = Tally::default();
        let mut edits = 0;
        for i in 0..checked.target.segments.len() {
            let Some(edited) = edit_in_segment(&checked.target, &text, i, i) else {
                continue;
            };
            edits += 1;
            let target = read_doc("en.md", &edited, false);
            let (incremental, how) = recheck(&prepared, &checked, target.clone());
            let full = prepared.check_pair(source.clone(), target);
            tally.add(how);
            assert_eq!(
                shapes(&incremental.alignment),
                shapes(&full.alignment),
                "sentence {i} ({how:?})"
            );
            assert_eq!(
                diagnostics(incremental, &edited),
                diagnostics(full, &edited),
                "sentence {i} ({how:?})"
            );
        }
        println!("{edits} edits: {}", tally.summary().unwrap());
        assert!(edits >= 60, "{edits}");
        assert!(tally.incremental * 10 >= edits * 8, "{tally:?}");
    }
}
