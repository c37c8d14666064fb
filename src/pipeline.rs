//! The stages wired together: what `check`, `review` and `diff` run, callable
//! from tests without the CLI.

use crate::align::{self, AlignOptions, Alignment};
use crate::check::{self, CheckContext, Finding, Severity, terms::TermChecker};
use crate::document::Document;
use crate::format::{self, Bilingual, InputFormat, catalogue};
use crate::glossary::{Glossary, GlossaryFit};
use crate::input::Decoded;
use crate::lang::{Lang, LangRequest};
use crate::segment::SegmentOptions;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Resolved settings for one source/target pair.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Language of the source.
    pub source_lang: Lang,
    /// Language of the target.
    pub target_lang: Lang,
    /// `source_lang` was set by the user (flag, `bitext.toml`, editor), not
    /// defaulted: a bilingual file's declared language does not replace it.
    pub source_lang_set: bool,
    /// `target_lang` was set by the user; see `source_lang_set`.
    pub target_lang_set: bool,
    /// How inputs are read (`--input-format`; `Lines` for `--lines`).
    pub format: InputFormat,
    /// The term base.
    pub glossary: Glossary,
    /// Segmenter options (user abbreviations).
    pub segment: SegmentOptions,
    /// Severity overrides by rule id; `None` turns the rule off.
    pub severities: BTreeMap<String, Option<Severity>>,
    /// Optional bilingual dictionary that helps the aligner (`--dictionary`).
    pub dictionary: Option<std::sync::Arc<align::Dictionary>>,
    /// Where `glossary` came from, for messages (`None`: no glossary).
    pub glossary_name: Option<String>,
    /// The glossary is the implicit `./glossary.toml` (not named by the
    /// user): a run it does not cover goes without it, with a note.
    pub glossary_implicit: bool,
    /// Check fuzzy / not-yet-approved catalogue entries (`--include-fuzzy`).
    pub include_fuzzy: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            source_lang: Lang::FR,
            target_lang: Lang::EN,
            source_lang_set: false,
            target_lang_set: false,
            format: InputFormat::Auto,
            glossary: Glossary::default(),
            segment: SegmentOptions::default(),
            severities: BTreeMap::new(),
            dictionary: None,
            glossary_name: None,
            glossary_implicit: false,
            include_fuzzy: false,
        }
    }
}

/// A checked pair: everything a renderer needs.
#[derive(Debug, Clone)]
pub struct PairReport {
    /// The source document.
    pub source: Document,
    /// The translation.
    pub target: Document,
    /// Links between their segments.
    pub alignment: Alignment,
    /// Findings in document order.
    pub findings: Vec<Finding>,
    /// Findings an inline suppression turned off.
    pub suppressed: usize,
    /// Fingerprints of `findings`, one each, in the same order (see
    /// [`crate::fingerprint`]); computed before any baseline drops findings,
    /// so an occurrence index never shifts.
    pub fingerprints: Vec<String>,
    /// Findings a baseline (`--baseline`) held back.
    pub baselined: usize,
    /// What the user should know about how the pair was checked (a
    /// glossary left out because it does not cover the languages the file
    /// declares): one line each, for stderr.
    pub notes: Vec<String>,
}

impl PairReport {
    /// A report of `findings` on a pair, fingerprinted.
    pub fn new(
        source: Document,
        target: Document,
        alignment: Alignment,
        findings: Vec<Finding>,
        suppressed: usize,
    ) -> PairReport {
        let fingerprints = crate::fingerprint::of_findings(&source, &target, &findings);
        PairReport {
            source,
            target,
            alignment,
            findings,
            suppressed,
            fingerprints,
            baselined: 0,
            notes: Vec::new(),
        }
    }

    /// The fingerprints of `findings`, one each: the stored ones, or, for
    /// a report whose findings were edited by hand without them, computed
    /// afresh.
    pub fn fingerprints(&self) -> std::borrow::Cow<'_, [String]> {
        if self.fingerprints.len() == self.findings.len() {
            std::borrow::Cow::Borrowed(&self.fingerprints)
        } else {
            std::borrow::Cow::Owned(crate::fingerprint::of_findings(
                &self.source,
                &self.target,
                &self.findings,
            ))
        }
    }

    /// Keeps the findings (and their fingerprints) for which `keep` says
    /// yes; returns how many it dropped.
    pub fn retain(&mut self, mut keep: impl FnMut(&Finding, &str) -> bool) -> usize {
        let before = self.findings.len();
        let fingerprints = self.fingerprints().into_owned();
        let (findings, fingerprints): (Vec<Finding>, Vec<String>) =
            std::mem::take(&mut self.findings)
                .into_iter()
                .zip(fingerprints)
                .filter(|(f, fp)| keep(f, fp))
                .unzip();
        self.findings = findings;
        self.fingerprints = fingerprints;
        before - self.findings.len()
    }
}

/// Counts for summaries (SPEC's `summary` object).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// File pairs checked.
    pub files: usize,
    /// Segments in the source.
    pub source_segments: usize,
    /// Segments in the target.
    pub target_segments: usize,
    /// Alignment links.
    pub links: usize,
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
    /// Findings a baseline held back (not counted above).
    pub baselined: usize,
    /// Findings an inline suppression turned off (not counted above).
    pub suppressed: usize,
}

impl Summary {
    /// Adds up the counts of several pairs.
    pub fn of(reports: &[PairReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for r in reports {
            s.baselined += r.baselined;
            s.suppressed += r.suppressed;
            s.source_segments += r.source.segments.len();
            s.target_segments += r.target.segments.len();
            s.links += r.alignment.links.len();
            for f in &r.findings {
                match f.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        match threshold {
            None => false,
            Some(Severity::Error) => self.errors > 0,
            Some(Severity::Warning) => self.errors + self.warnings > 0,
            Some(Severity::Info) => self.errors + self.warnings + self.infos > 0,
        }
    }
}

/// Segments already-decoded text into a [`Document`] with the reader of
/// `format` (resolved by `name`'s extension when `Auto`). `lang` `None`
/// means "detect it".
pub fn document_from_text(
    name: &str,
    text: String,
    lang: Option<Lang>,
    format: InputFormat,
    opts: &SegmentOptions,
) -> Document {
    let decoded = Decoded {
        text,
        ..Decoded::default()
    };
    format::read_document(name, decoded, lang, format, opts)
}

/// Reads and segments one input file (`-` for standard input).
pub fn load_document(
    path: &str,
    lang: Option<Lang>,
    format: InputFormat,
    opts: &SegmentOptions,
) -> Result<Document, crate::Error> {
    let decoded = crate::input::read_decoded(path)?;
    Ok(format::read(path, decoded, lang, format, opts)?)
}

/// Options for the aligner derived from the settings, with the glossary's
/// term pairs compiled here; [`align_options_with`] takes them compiled.
pub fn align_options(settings: &Settings) -> AlignOptions {
    align_options_with(
        settings,
        std::sync::Arc::new(align::TermIndex::from_glossary(&settings.glossary)),
    )
}

/// Options for the aligner: the settings' dictionary and `terms`, the
/// settings' glossary compiled once for every pair of a run.
pub fn align_options_with(
    settings: &Settings,
    terms: std::sync::Arc<align::TermIndex>,
) -> AlignOptions {
    AlignOptions {
        terms,
        dictionary: settings.dictionary.clone(),
        ..AlignOptions::default()
    }
}

/// A run made ready once: settings resolved, the glossary oriented for the
/// pair's languages and compiled, the aligner's options built. Single pairs,
/// `diff`, project runs and the language server all check through one.
#[derive(Clone)]
pub struct Prepared {
    /// The settings it was made from (the glossary oriented for the run).
    pub settings: Settings,
    terms: Option<Arc<TermChecker>>,
    align: AlignOptions,
    /// Runs for the other languages bilingual files declare, each prepared
    /// once and shared by clones (a project of fr.po files compiles the
    /// glossary for en→fr once, not once a file).
    declared: Arc<std::sync::Mutex<BTreeMap<(Lang, Lang), DeclaredRun>>>,
}

/// The run for a bilingual file's declared languages (shared, not copied:
/// it holds a compiled glossary) and its note, or why there is none.
type DeclaredRun = Result<Arc<(Prepared, Option<String>)>, crate::glossary::GlossaryError>;

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("settings", &self.settings)
            .field("terms", &self.terms.as_ref().map(|_| "compiled"))
            .finish_non_exhaustive()
    }
}

impl Prepared {
    /// Orients and compiles the glossary of `settings` for its languages.
    /// A glossary for another language pair is an error.
    pub fn new(mut settings: Settings) -> Result<Prepared, crate::glossary::GlossaryError> {
        settings.glossary = settings
            .glossary
            .for_pair(settings.source_lang, settings.target_lang)?;
        // The checks' matcher and the aligner's index are independent:
        // compiled side by side (with a big glossary they are most of a
        // small pair's time).
        let (terms, align) = rayon::join(
            || {
                (!settings.glossary.terms.is_empty())
                    .then(|| Arc::new(TermChecker::new(&settings.glossary)))
            },
            || align_options(&settings),
        );
        Ok(Prepared {
            settings,
            terms,
            align,
            declared: Arc::default(),
        })
    }

    /// The same run for other languages or severities, sharing the compiled
    /// glossary when the languages are the same.
    pub fn with(
        &self,
        source_lang: Lang,
        target_lang: Lang,
        severities: &BTreeMap<String, Option<Severity>>,
    ) -> Result<Prepared, crate::glossary::GlossaryError> {
        if (source_lang, target_lang) == (self.settings.source_lang, self.settings.target_lang) {
            let mut same = self.clone();
            same.settings.severities = severities.clone();
            return Ok(same);
        }
        Prepared::new(Settings {
            source_lang,
            target_lang,
            severities: severities.clone(),
            ..self.settings.clone()
        })
    }

    /// The aligner's options (glossary pairs, dictionary).
    pub fn align_options(&self) -> &AlignOptions {
        &self.align
    }

    /// Reads one side of a pair: `source` picks the language.
    pub fn load(&self, path: &str, source: bool) -> Result<Document, crate::Error> {
        load_document(
            path,
            Some(self.lang(source)),
            self.settings.format,
            &self.settings.segment,
        )
    }

    /// Reads one side from text already in memory (the language server's
    /// unsaved buffers, project runs).
    pub fn read(
        &self,
        name: &str,
        decoded: Decoded,
        source: bool,
    ) -> Result<Document, format::ReadError> {
        format::read(
            name,
            decoded,
            Some(self.lang(source)),
            self.settings.format,
            &self.settings.segment,
        )
    }

    /// The same run reading its files as `format` (a project pair's `format`).
    pub fn with_format(&self, format: InputFormat) -> Prepared {
        let mut same = self.clone();
        same.settings.format = format;
        same
    }

    /// Whether `path` is read as a bilingual file (PO, XLIFF).
    pub fn is_bilingual(&self, path: &str) -> bool {
        self.settings.format.resolve(path).is_bilingual()
    }

    fn catalogue_options(&self) -> format::CatalogueOptions {
        format::CatalogueOptions {
            include_fuzzy: self.settings.include_fuzzy,
        }
    }

    /// Reads a bilingual file (PO, XLIFF) from disk: both sides, one link an entry.
    pub fn load_bilingual(&self, path: &str) -> Result<Bilingual, crate::Error> {
        let decoded = crate::input::read_decoded(path)?;
        Ok(self.read_bilingual(path, decoded)?)
    }

    /// Reads a bilingual file already in memory.
    pub fn read_bilingual(
        &self,
        name: &str,
        decoded: Decoded,
    ) -> Result<Bilingual, format::ReadError> {
        format::read_bilingual(
            name,
            decoded,
            self.lang_request(),
            self.settings.format,
            self.catalogue_options(),
        )
    }

    /// The languages asked for, and which the user set.
    fn lang_request(&self) -> LangRequest {
        LangRequest {
            source: self.settings.source_lang,
            target: self.settings.target_lang,
            source_set: self.settings.source_lang_set,
            target_set: self.settings.target_lang_set,
        }
    }

    /// Checks a bilingual file's entries, each against its own source, in
    /// the languages the file was read in (its declared ones, see
    /// [`Prepared::read_bilingual`]). A glossary the user named that does
    /// not cover them is an error; the implicit `./glossary.toml` is left out
    /// with a note in [`PairReport::notes`].
    pub fn check_bilingual(
        &self,
        file: Bilingual,
    ) -> Result<PairReport, crate::glossary::GlossaryError> {
        let langs = (file.source.lang, file.target.lang);
        let name = file.target.name.clone();
        self.in_languages(langs, &name, |run| {
            run.check_aligned(file.source, file.target, file.alignment)
        })
    }

    /// Runs `check` with the run for `langs` (this one, or the one prepared
    /// on first use for the languages `file` declares), the note of that run
    /// added to the report.
    fn in_languages(
        &self,
        langs: (Lang, Lang),
        file: &str,
        check: impl FnOnce(&Prepared) -> PairReport,
    ) -> Result<PairReport, crate::glossary::GlossaryError> {
        if langs == (self.settings.source_lang, self.settings.target_lang) {
            return Ok(check(self));
        }
        let declared = self.for_declared(langs, file)?;
        let mut report = check(&declared.0);
        report.notes.extend(declared.1.clone());
        Ok(report)
    }

    /// The run for languages a file declared, prepared on first use.
    fn for_declared(
        &self,
        langs: (Lang, Lang),
        file: &str,
    ) -> Result<Arc<(Prepared, Option<String>)>, crate::glossary::GlossaryError> {
        let mut runs = self.declared.lock().unwrap_or_else(|e| e.into_inner());
        let run = runs.entry(langs).or_insert_with(|| {
            let settings = Settings {
                source_lang: langs.0,
                target_lang: langs.1,
                ..self.settings.clone()
            };
            let fit = settings
                .glossary
                .fit(langs.0, langs.1, settings.glossary_implicit);
            match fit {
                GlossaryFit::LeftOut => {
                    let note = format!(
                        "note: {} is {}→{} and {file} declares {}→{}: checked without a glossary",
                        settings.glossary_name.as_deref().unwrap_or("glossary.toml"),
                        settings.glossary.source_lang,
                        settings.glossary.target_lang,
                        langs.0,
                        langs.1
                    );
                    Prepared::new(Settings {
                        glossary: Glossary::default(),
                        glossary_name: None,
                        glossary_implicit: false,
                        ..settings
                    })
                    .map(|run| Arc::new((run, Some(note))))
                }
                GlossaryFit::Refused(mut e) => {
                    if let Some(name) = &settings.glossary_name {
                        e.path = name.clone();
                    }
                    e.message = format!(
                        "the glossary is {}→{} but {file} declares {}→{}; give --source-lang/--target-lang or a glossary for them",
                        settings.glossary.source_lang,
                        settings.glossary.target_lang,
                        langs.0,
                        langs.1
                    );
                    Err(e)
                }
                GlossaryFit::Used => Prepared::new(settings).map(|run| Arc::new((run, None))),
            }
        });
        run.clone()
    }

    fn lang(&self, source: bool) -> Lang {
        if source {
            self.settings.source_lang
        } else {
            self.settings.target_lang
        }
    }

    /// Aligns and checks a pair, applying severity overrides and the
    /// target's inline suppressions.
    /// Two catalogues (JSON) are linked by key, not aligned.
    pub fn check_pair(&self, source: Document, target: Document) -> PairReport {
        let alignment = if catalogue::is_catalogue(&source) && catalogue::is_catalogue(&target) {
            catalogue::link_by_key(&source, &target)
        } else {
            align::align(&source, &target, &self.align)
        };
        self.check_aligned(source, target, alignment)
    }

    /// Checks a pair whose alignment is known (bilingual files: one link an entry).
    pub fn check_aligned(
        &self,
        source: Document,
        target: Document,
        alignment: Alignment,
    ) -> PairReport {
        let findings = {
            let ctx = CheckContext {
                source: &source,
                target: &target,
                alignment: &alignment,
                glossary: &self.settings.glossary,
                terms: Some(self.terms.as_deref().unwrap_or(&EMPTY_TERMS)),
            };
            let found = check::run_all(&ctx);
            apply_severities(
                drop_on_empty_entries(found, &target),
                &self.settings.severities,
            )
        };
        let (findings, suppressed) = apply_suppressions(findings, &source, &target);
        PairReport::new(source, target, alignment, findings, suppressed)
    }
}

/// Two revisions of one bilingual file as two checked pairs over the same
/// source (the new revision's entries), for [`crate::revision::compare`]:
/// the old translations are linked to the new entries by key, so an entry
/// added or removed between them is an omission or addition of the old one.
pub fn bilingual_revisions(
    prepared: &Prepared,
    old: Bilingual,
    new: Bilingual,
) -> Result<(PairReport, PairReport), crate::glossary::GlossaryError> {
    let old_links = catalogue::link_by_key(&new.source, &old.target);
    let source = new.source.clone();
    let new_report = prepared.check_bilingual(new)?;
    let langs = (source.lang, old.target.lang);
    let name = old.target.name.clone();
    let old_report = prepared.in_languages(langs, &name, |run| {
        run.check_aligned(source, old.target, old_links)
    })?;
    Ok((old_report, new_report))
}

/// An empty translation of a catalogue entry is one finding,
/// `missing-translation`: the other rules would only say the same thing
/// again (every term, number and placeholder of the source "missing").
fn drop_on_empty_entries(findings: Vec<Finding>, target: &Document) -> Vec<Finding> {
    if !catalogue::is_catalogue(target) {
        return findings;
    }
    findings
        .into_iter()
        .filter(|f| {
            f.rule == check::MISSING_TRANSLATION.id
                || f.target.as_ref().is_none_or(|p| {
                    let s = target.segments[p.segment];
                    s.start < s.end
                })
        })
        .collect()
}

/// The compiled form of an empty glossary (finds nothing).
static EMPTY_TERMS: std::sync::LazyLock<TermChecker> =
    std::sync::LazyLock::new(|| TermChecker::new(&Glossary::default()));

/// Aligns and checks a pair, applying severity overrides. (Compiles the
/// glossary for this one pair: runs of many pairs use [`Prepared`].)
pub fn check_pair(source: Document, target: Document, settings: &Settings) -> PairReport {
    match Prepared::new(settings.clone()) {
        Ok(prepared) => prepared.check_pair(source, target),
        // A glossary for another language pair checks no terms (the CLI
        // refuses it up front).
        Err(_) => Prepared::new(Settings {
            glossary: Glossary::default(),
            ..settings.clone()
        })
        .expect("an empty glossary fits every pair")
        .check_pair(source, target),
    }
}

/// Drops the findings that an inline suppression of the target (or, for a
/// finding without a target side, of the source) turns off; returns how
/// many it dropped.
pub fn apply_suppressions(
    findings: Vec<Finding>,
    source: &Document,
    target: &Document,
) -> (Vec<Finding>, usize) {
    if source.suppressions.is_empty() && target.suppressions.is_empty() {
        return (findings, 0);
    }
    let before = findings.len();
    let kept: Vec<Finding> = findings
        .into_iter()
        .filter(|f| {
            let in_target = f
                .target
                .as_ref()
                .is_some_and(|p| target.suppressed(f.rule, p.start));
            let in_source = f
                .source
                .as_ref()
                .is_some_and(|p| source.suppressed(f.rule, p.start));
            !(in_target || in_source)
        })
        .collect();
    let dropped = before - kept.len();
    (kept, dropped)
}

/// Applies `[rules]` overrides: changes severities and drops rules turned off.
pub fn apply_severities(
    findings: Vec<Finding>,
    overrides: &BTreeMap<String, Option<Severity>>,
) -> Vec<Finding> {
    findings
        .into_iter()
        .filter_map(|mut f| match overrides.get(f.rule) {
            Some(None) => None,
            Some(Some(sev)) => {
                f.severity = *sev;
                Some(f)
            }
            None => Some(f),
        })
        .collect()
}
