//! Argument parsing (clap) and dispatch to the library.

use anyhow::{Result, bail};
use bitext::check::Severity;
use bitext::format::InputFormat;
use bitext::glossary::{self, GlossaryFit};
use bitext::lang::Lang;
use bitext::pipeline::{self, PairReport, Prepared, Settings, Summary};
use bitext::render::{self, RenderOptions};
use bitext::segment::SegmentOptions;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// Review a translation against its source: segment, align, check, render.
#[derive(Parser, Debug)]
#[command(name = "bitext", version, about, long_about = None)]
pub struct Cli {
    /// The global options are also accepted before the subcommand
    /// (`bitext --lines check …`); they are shown with each subcommand.
    #[command(flatten)]
    early: EarlyArgs,
    #[command(subcommand)]
    command: Command,
}

const GLOBAL: &str = "Global options";

/// Options of every subcommand that reads documents.
#[derive(Args, Debug, Clone, Default)]
struct InputArgs {
    /// How to read the inputs [default: auto, by extension: .md markdown,
    /// .po po, .xlf/.xliff xliff, .json json, anything else text].
    #[arg(long, value_enum, value_name = "F", help_heading = GLOBAL)]
    input_format: Option<FormatArg>,
    /// Inputs are pre-segmented: each non-blank line is one segment (same as
    /// --input-format lines).
    #[arg(long, help_heading = GLOBAL)]
    lines: bool,
    /// Extra abbreviations that never end a sentence (comma-separated, without the period).
    #[arg(long, value_delimiter = ',', value_name = "ABBR", help_heading = GLOBAL)]
    abbreviations: Vec<String>,
    /// File of extra abbreviations that never end a sentence: one per line
    /// (final period optional), blank lines and `#` comments ignored.
    #[arg(long, value_name = "PATH", help_heading = GLOBAL)]
    abbreviations_file: Option<String>,
    /// When to use colours (NO_COLOR is honoured) [default: auto].
    #[arg(long, value_enum, value_name = "WHEN", help_heading = GLOBAL)]
    color: Option<ColorChoice>,
    /// Check fuzzy catalogue entries too (PO `#, fuzzy`; XLIFF units in an
    /// initial or needs-* state, or unapproved and untranslated).
    #[arg(long, help_heading = GLOBAL)]
    include_fuzzy: bool,
}

/// Options of the subcommands that read a source and its translation.
#[derive(Args, Debug, Clone, Default)]
struct PairArgs {
    /// Language of SOURCE (ISO 639-1) [default: fr].
    #[arg(long, value_name = "L", help_heading = GLOBAL)]
    source_lang: Option<String>,
    /// Language of TARGET (ISO 639-1) [default: en].
    #[arg(long, value_name = "L", help_heading = GLOBAL)]
    target_lang: Option<String>,
    /// Term base [default: ./glossary.toml if it exists and covers the
    /// languages of the run; else none, with a note].
    #[arg(long, value_name = "PATH", help_heading = GLOBAL)]
    glossary: Option<String>,
    /// Bilingual dictionary to help alignment: a source<TAB>target TSV, or a
    /// dictd database (.index / .dict / .dict.dz, e.g. FreeDict's fra-eng).
    #[arg(long, value_name = "FILE", help_heading = GLOBAL)]
    dictionary: Option<String>,
    #[command(flatten)]
    input: InputArgs,
}

/// The same options before the subcommand (hidden: each subcommand shows
/// the ones it takes).
#[derive(Args, Debug, Clone, Default)]
struct EarlyArgs {
    #[arg(long = "source-lang", value_name = "L", hide = true)]
    source_lang: Option<String>,
    #[arg(long = "target-lang", value_name = "L", hide = true)]
    target_lang: Option<String>,
    #[arg(long = "glossary", value_name = "PATH", hide = true)]
    glossary: Option<String>,
    #[arg(long = "dictionary", value_name = "FILE", hide = true)]
    dictionary: Option<String>,
    #[arg(long = "input-format", value_enum, value_name = "F", hide = true)]
    input_format: Option<FormatArg>,
    #[arg(long = "lines", hide = true)]
    lines: bool,
    #[arg(
        long = "abbreviations",
        value_delimiter = ',',
        value_name = "ABBR",
        hide = true
    )]
    abbreviations: Vec<String>,
    #[arg(long = "abbreviations-file", value_name = "PATH", hide = true)]
    abbreviations_file: Option<String>,
    #[arg(long = "color", value_enum, value_name = "WHEN", hide = true)]
    color: Option<ColorChoice>,
    #[arg(long = "include-fuzzy", hide = true)]
    include_fuzzy: bool,
}

impl EarlyArgs {
    fn any_pair_option(&self) -> bool {
        self.source_lang.is_some()
            || self.target_lang.is_some()
            || self.glossary.is_some()
            || self.dictionary.is_some()
    }

    fn any(&self) -> bool {
        self.any_pair_option()
            || self.input_format.is_some()
            || self.lines
            || !self.abbreviations.is_empty()
            || self.abbreviations_file.is_some()
            || self.color.is_some()
            || self.include_fuzzy
    }
}

impl InputArgs {
    /// These options, with those given before the subcommand filling gaps.
    fn merged(mut self, early: &EarlyArgs) -> InputArgs {
        self.input_format = self.input_format.or(early.input_format);
        self.lines |= early.lines;
        self.abbreviations
            .extend(early.abbreviations.iter().cloned());
        self.abbreviations_file = self
            .abbreviations_file
            .or_else(|| early.abbreviations_file.clone());
        self.color = self.color.or(early.color);
        self.include_fuzzy |= early.include_fuzzy;
        self
    }
}

impl PairArgs {
    fn merged(self, early: &EarlyArgs) -> PairArgs {
        PairArgs {
            source_lang: self.source_lang.or_else(|| early.source_lang.clone()),
            target_lang: self.target_lang.or_else(|| early.target_lang.clone()),
            glossary: self.glossary.or_else(|| early.glossary.clone()),
            dictionary: self.dictionary.or_else(|| early.dictionary.clone()),
            input: self.input.merged(early),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Split a text into sentences.
    Segment {
        /// Language of the text [default: detected, French when unsure].
        #[arg(long, value_name = "L")]
        lang: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = SegmentFormat::Text)]
        format: SegmentFormat,
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Align the sentences of a source and its translation.
    Align {
        /// Source file (or -).
        source: String,
        /// Target file (or -).
        target: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AlignFormat::Text)]
        format: AlignFormat,
        #[command(flatten)]
        args: PairArgs,
    },
    /// Check a translation; exit 1 when findings reach --fail-on. With no
    /// files, check every pair named by bitext.toml (found here or above).
    Check {
        /// Source file (or -); alone for a bilingual file (PO, XLIFF); omit
        /// both files to run the whole project.
        source: Option<String>,
        /// Target file (or -); not for a bilingual file.
        target: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Lowest severity that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Report only findings not recorded in this baseline (see
        /// --write-baseline); stale entries are listed on stderr.
        #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
        baseline: Option<std::path::PathBuf>,
        /// Record today's findings in FILE (by fingerprint) and exit 0.
        #[arg(long, value_name = "FILE")]
        write_baseline: Option<std::path::PathBuf>,
        /// Project runs: check only the pairs in which a file differs from
        /// git revision REF (committed, staged, unstaged or untracked).
        #[arg(long, value_name = "REF", conflicts_with = "source")]
        changed_since: Option<String>,
        /// Project runs: check the I-th of N deterministic parts of the
        /// pairs, balanced by size (a CI matrix: 1/4, 2/4, 3/4, 4/4).
        #[arg(long, value_name = "I/N", value_parser = parse_shard, conflicts_with = "source")]
        shard: Option<(usize, usize)>,
        /// Apply the fixes that have exactly one safe replacement to the
        /// target files (never a source), each file written whole; say on
        /// stderr what changed and what is left, then report the findings
        /// that remain.
        #[arg(long, conflicts_with = "write_baseline")]
        fix: bool,
        /// With --fix: print the changes as a unified diff on stdout
        /// (`patch -p0` applies it) instead of writing them.
        #[arg(long, requires = "fix")]
        diff: bool,
        #[command(flatten)]
        args: PairArgs,
    },
    /// Show every aligned pair with its findings in place.
    Review {
        /// Source file (or -), or a bilingual file (PO, XLIFF) alone.
        source: String,
        /// Target file (or -); not for a bilingual file.
        target: Option<String>,
        /// Write the review as one self-contained HTML file instead (- for standard output).
        #[arg(long, value_name = "OUT")]
        html: Option<std::path::PathBuf>,
        /// Show only the aligned pairs that have a finding (terminal review).
        #[arg(long, conflicts_with = "html")]
        only_findings: bool,
        #[command(flatten)]
        args: PairArgs,
    },
    /// Compare two revisions of a translation of the same source (SOURCE
    /// OLD_TARGET NEW_TARGET), or two revisions of one bilingual file
    /// (OLD.po NEW.po, entries linked by key).
    Diff {
        /// Source file (or the old bilingual file).
        source: String,
        /// The older translation (or the new bilingual file).
        old_target: String,
        /// The newer translation.
        new_target: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        #[command(flatten)]
        args: PairArgs,
    },
    /// Serve the Language Server Protocol on standard input and output, for
    /// editors: diagnostics, quick fixes and hovers for the targets of
    /// bitext.toml's pairs and for bilingual files (see the README).
    Lsp,
    /// Merge the SARIF logs of `check --shard I/N` runs into one run, to
    /// upload as one code scanning analysis.
    MergeSarif {
        /// The shards' SARIF files.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Print a shell completion script (e.g. `bitext completions bash > /etc/bash_completion.d/bitext`).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `bitext man > bitext.1`, or a
    /// subcommand's, e.g. `bitext man check > bitext-check.1`.
    Man {
        /// The subcommand whose page to print [default: the main page].
        command: Option<String>,
    },
}

/// `I/N` with 1 ≤ I ≤ N.
fn parse_shard(s: &str) -> std::result::Result<(usize, usize), String> {
    let (i, n) = s
        .split_once('/')
        .ok_or_else(|| format!("{s}: expected I/N, e.g. 1/4"))?;
    let i: usize = i
        .trim()
        .parse()
        .map_err(|_| format!("{s}: I is not a number"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("{s}: N is not a number"))?;
    if n == 0 || i == 0 || i > n {
        return Err(format!("{s}: expected 1 ≤ I ≤ N"));
    }
    Ok((i, n))
}

/// SPEC's `--input-format` values.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum FormatArg {
    Auto,
    Text,
    Lines,
    Markdown,
    Po,
    Xliff,
    Json,
}

impl FormatArg {
    fn format(self) -> InputFormat {
        match self {
            FormatArg::Auto => InputFormat::Auto,
            FormatArg::Text => InputFormat::Text,
            FormatArg::Lines => InputFormat::Lines,
            FormatArg::Markdown => InputFormat::Markdown,
            FormatArg::Po => InputFormat::Po,
            FormatArg::Xliff => InputFormat::Xliff,
            FormatArg::Json => InputFormat::Json,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum SegmentFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum AlignFormat {
    Text,
    Tsv,
    Json,
    Tmx,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    Gitlab,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

fn parse_lang(code: &str) -> Result<Lang> {
    Lang::parse(code).ok_or_else(|| bitext::Error::Lang(code.to_string()).into())
}

fn color_of(choice: Option<ColorChoice>) -> bool {
    match choice.unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

fn render_options(input: &InputArgs) -> RenderOptions {
    RenderOptions {
        color: color_of(input.color),
        // Paths in reports (SARIF uris, annotations) are relative to
        // where bitext runs: the repository root in CI.
        root: std::env::current_dir().ok(),
    }
}

/// The reading options: format and segmenter.
fn input_settings(input: &InputArgs) -> Result<Settings> {
    Ok(Settings {
        format: match (input.lines, input.input_format) {
            (true, Some(f)) if f != FormatArg::Lines && f != FormatArg::Auto => {
                bail!(bitext::Error::Usage(
                    "--lines and --input-format name two different formats".into()
                ))
            }
            (true, _) => InputFormat::Lines,
            (false, f) => f.map_or(InputFormat::Auto, FormatArg::format),
        },
        segment: SegmentOptions {
            abbreviations: abbreviations(input)?,
        },
        include_fuzzy: input.include_fuzzy,
        ..Settings::default()
    })
}

/// The file name of the implicit glossary, looked for in the current directory.
const IMPLICIT_GLOSSARY: &str = "glossary.toml";

/// Settings for a command that reads a pair (and so uses a glossary).
/// `project`: a project run, where each pair's languages are checked
/// against the glossary by the project run itself.
///
/// SPEC's implicit glossary: `./glossary.toml` is used when it covers the
/// run's languages (either direction), else left out with a note; a
/// glossary named with `--glossary` must fit.
fn resolve(args: &PairArgs, project: bool) -> Result<Settings> {
    let mut settings = input_settings(&args.input)?;
    settings.source_lang = parse_lang(args.source_lang.as_deref().unwrap_or("fr"))?;
    settings.target_lang = parse_lang(args.target_lang.as_deref().unwrap_or("en"))?;
    settings.source_lang_set = args.source_lang.is_some();
    settings.target_lang_set = args.target_lang.is_some();
    let (source_lang, target_lang) = (settings.source_lang, settings.target_lang);
    match &args.glossary {
        Some(path) => {
            let glossary = glossary::load(path)?;
            // A glossary written for another language pair is an input
            // error; one for the reverse pair is used reversed (see
            // `Glossary::for_pair`).
            if !project
                && let GlossaryFit::Refused(mut e) = glossary.fit(source_lang, target_lang, false)
            {
                e.path = path.clone();
                return Err(bitext::Error::from(e).into());
            }
            settings.glossary = glossary;
            settings.glossary_name = Some(path.clone());
        }
        None if std::path::Path::new(IMPLICIT_GLOSSARY).is_file() => {
            let glossary = glossary::load(IMPLICIT_GLOSSARY)?;
            let fit = glossary.fit(source_lang, target_lang, true);
            if !project && matches!(fit, GlossaryFit::LeftOut) {
                eprintln!(
                    "bitext: note: {IMPLICIT_GLOSSARY} is {}→{} and the run is {source_lang}→{target_lang}: checked without a glossary",
                    glossary.source_lang, glossary.target_lang
                );
            } else {
                settings.glossary = glossary;
                settings.glossary_name = Some(IMPLICIT_GLOSSARY.into());
                settings.glossary_implicit = true;
            }
        }
        None => {}
    }
    settings.dictionary = match &args.dictionary {
        Some(path) => Some(std::sync::Arc::new(bitext::align::Dictionary::load(
            std::path::Path::new(path),
        )?)),
        None => None,
    };
    Ok(settings)
}

/// The run made ready: the glossary oriented and compiled once.
fn prepare(settings: &Settings) -> Result<Prepared> {
    Ok(Prepared::new(settings.clone()).map_err(bitext::Error::from)?)
}

/// `--abbreviations` plus the entries of `--abbreviations-file`.
fn abbreviations(input: &InputArgs) -> Result<Vec<String>> {
    let mut list = input.abbreviations.clone();
    if let Some(path) = &input.abbreviations_file {
        list.extend(bitext::segment::read_abbreviation_file(path)?);
    }
    Ok(list)
}

fn check_stdin_once(paths: &[&str]) -> Result<()> {
    if paths.iter().filter(|p| **p == "-").count() > 1 {
        bail!(bitext::Error::Usage(
            "standard input (-) can be given for one input at most".into()
        ));
    }
    Ok(())
}

/// Checks SOURCE TARGET, or a bilingual SOURCE alone.
fn check_files(source: &str, target: Option<&str>, prepared: &Prepared) -> Result<PairReport> {
    match target {
        None if prepared.is_bilingual(source) => {
            let report = prepared
                .check_bilingual(prepared.load_bilingual(source)?)
                .map_err(bitext::Error::from)?;
            for note in &report.notes {
                eprintln!("bitext: {note}");
            }
            Ok(report)
        }
        None => bail!(bitext::Error::Usage(format!(
            "{source}: no TARGET given; only a PO or XLIFF file holds both sides (or use --input-format po|xliff)"
        ))),
        Some(target) if prepared.is_bilingual(source) => bail!(bitext::Error::Usage(format!(
            "{source} is a bilingual file (it holds the translation): give it alone, without {target}"
        ))),
        Some(target) => {
            let (s, t) = load_pair(source, target, prepared)?;
            Ok(prepared.check_pair(s, t))
        }
    }
}

fn load_pair(
    source: &str,
    target: &str,
    settings: &Prepared,
) -> Result<(bitext::Document, bitext::Document)> {
    check_stdin_once(&[source, target])?;
    let prepared = settings;
    Ok((prepared.load(source, true)?, prepared.load(target, false)?))
}

/// Appends the Markdown job summary to `$GITHUB_STEP_SUMMARY` when GitHub
/// Actions sets it, so the run page shows a table of the findings.
fn append_step_summary(reports: &[PairReport], opts: &RenderOptions) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = std::path::PathBuf::from(path);
    let fail = |source: io::Error| bitext::Error::Write {
        path: path.clone(),
        source,
    };
    let mut text = Vec::new();
    render::github::write_step_summary(reports, opts, &mut text).map_err(fail)?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(fail)?;
    file.write_all(&text).map_err(fail)?;
    Ok(())
}

/// What a project run checked.
struct ProjectOutcome {
    reports: Vec<PairReport>,
    /// The files of the pairs checked, when not the whole project.
    partial: Option<BTreeSet<String>>,
    /// The directory of `bitext.toml`: report paths are relative to it.
    root: std::path::PathBuf,
}

/// What one `check` pass found (run twice by `--fix`: before and after).
struct CheckRun {
    reports: Vec<PairReport>,
    /// The files checked, when not the whole project (for baselines).
    partial: Option<BTreeSet<String>>,
    /// Project runs: the directory report paths are relative to.
    root: Option<std::path::PathBuf>,
}

/// `check --fix`: makes the safe fixes of every report on its target file
/// (never a file that is some pair's source), says on stderr what changed and
/// what is left, and writes the files unless `diff` (then only shows them).
/// Every file is read and fixed in memory before the first is written.
fn fix_targets(
    reports: &[PairReport],
    root: Option<&std::path::Path>,
    diff: bool,
) -> Result<Vec<(usize, bitext::fix::FileFix)>> {
    let on_disk = |name: &str| match root {
        Some(root) => root.join(name),
        None => std::path::PathBuf::from(name),
    };
    // Sources of monolingual pairs: never written (a bilingual file is its
    // own source; only its translations are edited).
    let sources: Vec<String> = reports
        .iter()
        .filter(|r| r.source.name != r.target.name)
        .map(|r| on_disk(&r.source.name).display().to_string())
        .collect();
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    let mut fixes: Vec<(usize, bitext::fix::FileFix)> = Vec::new();
    let mut left: std::collections::BTreeMap<&str, usize> = Default::default();
    for (index, report) in reports.iter().enumerate() {
        let path = on_disk(&report.target.name);
        let Some(fixed) = bitext::fix::fix_file(report, &path)? else {
            for f in &report.findings {
                *left.entry(f.rule).or_default() += 1;
            }
            continue;
        };
        for &(i, _) in &fixed.plan.left {
            *left.entry(report.findings[i].rule).or_default() += 1;
        }
        // Refused up front, before anything is written: a source, a
        // device, a read-only file (a diff of it is fine), a file two
        // pairs translate into.
        if diff {
            bitext::output::check_target(&fixed.path, &sources)?;
        } else {
            bitext::output::check_rewritable(&fixed.path, &sources)?;
        }
        let same = |a: &std::path::Path, b: &std::path::Path| {
            std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
        };
        if fixes.iter().any(|(_, f)| same(&f.path, &fixed.path)) {
            bail!(bitext::Error::Usage(format!(
                "{}: is the target of two pairs; --fix edits a file for one pair only",
                fixed.name
            )));
        }
        fixes.push((index, fixed));
    }
    for (_, f) in &fixes {
        eprintln!(
            "bitext: {} {} in {}",
            if diff { "would fix" } else { "fixed" },
            render::plural(f.plan.fixed(), "finding"),
            render::sanitize::one_line(&f.name)
        );
        for e in &f.plan.edits {
            eprintln!(
                "  {}:{} {}: '{}' -> '{}'",
                e.line,
                e.column,
                e.rule,
                render::sanitize::one_line(&e.old),
                render::sanitize::one_line(&e.new)
            );
        }
    }
    let total: usize = left.values().sum();
    if total == 0 {
        eprintln!("bitext: no finding left without a fix");
    } else {
        let mut by_rule: Vec<(&str, usize)> = left.into_iter().collect();
        by_rule.sort_by_key(|&(rule, n)| (std::cmp::Reverse(n), rule));
        let list: Vec<String> = by_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
        eprintln!(
            "bitext: {} left without a single safe fix: {}",
            render::plural(total, "finding"),
            list.join(", ")
        );
    }
    if !diff {
        for (_, f) in &fixes {
            bitext::output::rewrite_file(&f.path, &sources, &f.after)?;
        }
    }
    Ok(fixes)
}

/// The reports without the findings `fixes` fix (what `--diff` leaves).
fn without_fixed(
    mut reports: Vec<PairReport>,
    fixes: &[(usize, bitext::fix::FileFix)],
) -> Vec<PairReport> {
    for (index, f) in fixes {
        let fixed: BTreeSet<usize> = f
            .plan
            .edits
            .iter()
            .flat_map(|e| e.findings.iter().copied())
            .collect();
        let mut i = 0;
        reports[*index].retain(|_, _| {
            i += 1;
            !fixed.contains(&(i - 1))
        });
    }
    reports
}

/// `bitext check` with no files: every pair of the nearest `bitext.toml`
/// (or those `--changed-since` and `--shard` pick).
/// `quiet`: the notes were already given (the second pass of `--fix`).
fn project_run(
    settings: &Settings,
    changed_since: Option<&str>,
    shard: Option<(usize, usize)>,
    quiet: bool,
) -> Result<ProjectOutcome> {
    use bitext::project;
    let cwd = std::env::current_dir()?;
    let Some(config) = project::discover(&cwd) else {
        bail!(bitext::Error::Usage(format!(
            "no SOURCE and TARGET given, and no {} in {} or any parent directory",
            project::CONFIG_FILE,
            cwd.display()
        )));
    };
    let project = project::load(&config)?;
    let mut files = project::expand(&project)?;
    let whole = files.len();
    if let Some(rev) = changed_since {
        let changed = bitext::changes::changed_files(&project.root, rev)?;
        let (kept, note) = project::select_changed(&project, &files, &changed);
        if let Some(note) = note
            && !quiet
        {
            eprintln!("bitext: note: {note}");
        }
        files = kept;
    }
    if let Some((i, n)) = shard {
        files = project::shard(&project, &files, i, n);
    }
    let partial = (files.len() != whole).then(|| {
        files
            .iter()
            .flat_map(|p| [p.source.clone(), p.target.clone()])
            .collect()
    });
    if let Some(rev) = changed_since
        && files.is_empty()
        && !quiet
    {
        eprintln!("bitext: note: no pair changed since {rev}");
    }
    let progress = Progress::new(files.len());
    let run = project::run(&project, &files, settings, &|pair| {
        progress.tick(&pair.source)
    })?;
    progress.finish();
    for note in run.notes.iter().filter(|_| !quiet) {
        eprintln!("bitext: {note}");
    }
    Ok(ProjectOutcome {
        reports: run.reports,
        partial,
        root: project.root,
    })
}

/// A progress bar on stderr that appears only on a terminal and only once a
/// run has taken more than a second, so short runs and CI logs stay clean.
struct Progress {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total as u64),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: std::time::Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn tick(&self, message: &str) {
        use std::sync::atomic::Ordering;
        if io::stderr().is_terminal()
            && self.started.elapsed() > std::time::Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_message(message.to_string());
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The options before the subcommand that it does not take are an error,
/// not ignored.
fn refuse_early(early: &EarlyArgs, what: &str, pair_options_only: bool) -> Result<()> {
    let given = if pair_options_only {
        early.any_pair_option()
    } else {
        early.any()
    };
    if given {
        bail!(bitext::Error::Usage(format!(
            "{what} (see bitext {} --help)",
            what.split_whitespace().next().unwrap_or("")
        )));
    }
    Ok(())
}

/// Standard output for rendered reports. Renderers emit colour codes only
/// when asked to, and show control characters of the inputs visibly:
/// nothing is stripped on the way out (a stripping layer would take the
/// text after an ESC with it).
fn stdout_for(color: bool) -> io::BufWriter<Box<dyn Write>> {
    let stdout: Box<dyn Write> = if color {
        Box::new(anstream::AutoStream::new(
            io::stdout().lock(),
            anstream::ColorChoice::Always,
        ))
    } else {
        Box::new(io::stdout().lock())
    };
    io::BufWriter::new(stdout)
}

/// Standard output for plain-text outputs without colour (segment, align):
/// every character kept when piped, made safe on a terminal.
fn plain_stdout() -> io::BufWriter<Box<dyn Write>> {
    let plain: Box<dyn Write> = if io::stdout().is_terminal() {
        Box::new(render::sanitize::Writer::new(io::stdout()))
    } else {
        Box::new(io::stdout())
    };
    io::BufWriter::new(plain)
}

/// Parses the command line and runs it; `Err` becomes exit status 2.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let early = &cli.early;
    let code = match cli.command {
        Command::Segment {
            lang,
            format,
            file,
            input,
        } => {
            refuse_early(
                early,
                "segment takes --lang, not --source-lang/--target-lang/--glossary/--dictionary",
                true,
            )?;
            let input = input.merged(early);
            let settings = input_settings(&input)?;
            let mut out = stdout_for(color_of(input.color));
            let mut plain = plain_stdout();
            let lang = lang.as_deref().map(parse_lang).transpose()?;
            let doc = pipeline::load_document(&file, lang, settings.format, &settings.segment)?;
            match format {
                SegmentFormat::Text => render::segments::write_text(&doc, &mut plain)?,
                SegmentFormat::Json => render::segments::write_json(&doc, &mut out)?,
            }
            out.flush()?;
            plain.flush()?;
            ExitCode::SUCCESS
        }
        Command::Align {
            source,
            target,
            format,
            args,
        } => {
            let args = args.merged(early);
            let settings = resolve(&args, false)?;
            let mut out = stdout_for(color_of(args.input.color));
            let mut plain = plain_stdout();
            let prepared = prepare(&settings)?;
            let (s, t) = load_pair(&source, &target, &prepared)?;
            let alignment = bitext::align::align(&s, &t, prepared.align_options());
            match format {
                AlignFormat::Text => render::alignment::write_text(&s, &t, &alignment, &mut plain)?,
                AlignFormat::Tsv => render::alignment::write_tsv(&s, &t, &alignment, &mut plain)?,
                AlignFormat::Json => render::alignment::write_json(&alignment, &mut out)?,
                AlignFormat::Tmx => render::alignment::write_tmx(&s, &t, &alignment, &mut out)?,
            }
            out.flush()?;
            plain.flush()?;
            ExitCode::SUCCESS
        }
        Command::Check {
            source,
            target,
            format,
            fail_on,
            baseline,
            write_baseline,
            changed_since,
            shard,
            fix,
            diff,
            args,
        } => {
            let args = args.merged(early);
            let render_opts = &render_options(&args.input);
            let single = source.is_some();
            let settings = resolve(&args, !single)?;
            if fix && [source.as_deref(), target.as_deref()].contains(&Some("-")) {
                bail!(bitext::Error::Usage(
                    "--fix writes the target file: standard input (-) cannot be fixed".into()
                ));
            }
            let prepared = single.then(|| prepare(&settings)).transpose()?;
            // The check itself, run again after --fix has written.
            let passes = std::cell::Cell::new(0);
            let run_checks = || -> Result<CheckRun> {
                passes.set(passes.get() + 1);
                match (&source, &prepared) {
                    (Some(source), Some(prepared)) => {
                        let report = check_files(source, target.as_deref(), prepared)?;
                        // A baseline of the whole project holds entries of
                        // other files: only these can be stale.
                        let checked = BTreeSet::from([
                            report.source.name.clone(),
                            report.target.name.clone(),
                        ]);
                        Ok(CheckRun {
                            reports: vec![report],
                            partial: Some(checked),
                            root: None,
                        })
                    }
                    _ => {
                        let outcome = project_run(
                            &settings,
                            changed_since.as_deref(),
                            shard,
                            passes.get() > 1,
                        )?;
                        Ok(CheckRun {
                            reports: outcome.reports,
                            partial: outcome.partial,
                            root: Some(outcome.root),
                        })
                    }
                }
            };
            let CheckRun {
                mut reports,
                mut partial,
                root,
            } = run_checks()?;
            if let Some(path) = &write_baseline {
                let recorded = bitext::baseline::Baseline::of(&reports);
                recorded.save(path)?;
                eprintln!(
                    "bitext: wrote {} to the baseline {}{}",
                    render::plural(recorded.findings.len(), "finding"),
                    path.display(),
                    if partial.is_some() && !single {
                        " (of the pairs this run checked only)"
                    } else {
                        ""
                    }
                );
            }
            let held = baseline
                .as_deref()
                .map(bitext::baseline::Baseline::load)
                .transpose()?;
            let mut stale = held
                .as_ref()
                .map(|h| h.apply(&mut reports, partial.as_ref()))
                .unwrap_or_default();
            if fix {
                let fixes = fix_targets(&reports, root.as_deref(), diff)?;
                if diff {
                    let mut out = plain_stdout();
                    for (_, f) in &fixes {
                        out.write_all(&bitext::fix::unified_diff(&f.name, &f.before, &f.after))?;
                    }
                    out.flush()?;
                    // Nothing written: the exit status is that of the
                    // findings the fixes would leave.
                    let left = Summary::of(&without_fixed(reports, &fixes));
                    return Ok(if left.fails(fail_on.threshold()) {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    });
                }
                if !fixes.is_empty() {
                    CheckRun {
                        reports,
                        partial,
                        ..
                    } = run_checks()?;
                    stale = held
                        .as_ref()
                        .map(|h| h.apply(&mut reports, partial.as_ref()))
                        .unwrap_or_default();
                }
            }
            if let Some(path) = &baseline {
                for e in &stale {
                    eprintln!(
                        "bitext: stale baseline entry (no longer found): {}:{}: [{}] {} ({})",
                        e.path, e.line, e.rule, e.message, e.fingerprint
                    );
                }
                if !stale.is_empty() {
                    eprintln!(
                        "bitext: {} in {}: write it again with --write-baseline to drop them",
                        if stale.len() == 1 {
                            "1 stale entry".to_string()
                        } else {
                            format!("{} stale entries", stale.len())
                        },
                        path.display()
                    );
                }
            }
            let mut out = stdout_for(render_opts.color);
            match format {
                CheckFormat::Human => render::human::write(&reports, render_opts, &mut out)?,
                CheckFormat::Json => render::json::write_findings(&reports, &mut out)?,
                CheckFormat::Sarif => render::sarif::write(&reports, render_opts, &mut out)?,
                CheckFormat::Github => {
                    // The summary first: when it cannot be written the run
                    // fails before any annotation is printed.
                    append_step_summary(&reports, render_opts)?;
                    render::github::write(&reports, render_opts, &mut out)?;
                }
                CheckFormat::Junit => {
                    render::junit::write(&reports, render_opts, fail_on.threshold(), &mut out)?
                }
                CheckFormat::Gitlab => render::gitlab::write(&reports, render_opts, &mut out)?,
            }
            out.flush()?;
            // The process ends after the output: freeing a big compiled
            // glossary term by term would cost a small pair a tenth of its run.
            std::mem::forget(prepared);
            if write_baseline.is_none() && Summary::of(&reports).fails(fail_on.threshold()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Review {
            source,
            target,
            html,
            only_findings,
            args,
        } => {
            let args = args.merged(early);
            let render_opts = &render_options(&args.input);
            let settings = resolve(&args, false)?;
            let prepared = prepare(&settings)?;
            let reports = [check_files(&source, target.as_deref(), &prepared)?];
            let mut out = stdout_for(render_opts.color);
            match html {
                Some(path) if path.as_os_str() == "-" => {
                    render::html::write(&reports, render_opts, &mut out)?
                }
                Some(path) => {
                    let mut inputs = vec![source.as_str()];
                    inputs.extend(target.as_deref());
                    inputs.extend(args.glossary.as_deref());
                    inputs.extend(args.dictionary.as_deref());
                    inputs.extend(args.input.abbreviations_file.as_deref());
                    render::html::write_file(&reports, render_opts, &path, &inputs)?;
                    eprintln!("bitext: wrote {}", path.display());
                }
                None => render::review::write_with(&reports, render_opts, only_findings, &mut out)?,
            }
            out.flush()?;
            ExitCode::SUCCESS
        }
        Command::Diff {
            source,
            old_target,
            new_target,
            format,
            args,
        } => {
            let args = args.merged(early);
            let render_opts = &render_options(&args.input);
            let settings = resolve(&args, false)?;
            let prepared = prepare(&settings)?;
            let (old, new) = match new_target {
                Some(new_target) => {
                    check_stdin_once(&[&source, &old_target, &new_target])?;
                    let (s, old_t) = load_pair(&source, &old_target, &prepared)?;
                    let new_t = prepared.load(&new_target, false)?;
                    let old = prepared.check_pair(s.clone(), old_t);
                    let new = prepared.check_pair(s, new_t);
                    (old, new)
                }
                None if prepared.is_bilingual(&source) && prepared.is_bilingual(&old_target) => {
                    check_stdin_once(&[&source, &old_target])?;
                    let old = prepared.load_bilingual(&source)?;
                    let new = prepared.load_bilingual(&old_target)?;
                    pipeline::bilingual_revisions(&prepared, old, new)
                        .map_err(bitext::Error::from)?
                }
                None => bail!(bitext::Error::Usage(
                    "diff needs SOURCE OLD_TARGET NEW_TARGET, or OLD NEW of one PO or XLIFF file"
                        .into()
                )),
            };
            let diff = bitext::revision::compare(&old, &new);
            let mut out = stdout_for(render_opts.color);
            match format {
                DiffFormat::Text => {
                    render::revision::write_text(&old, &new, &diff, render_opts, &mut out)?
                }
                DiffFormat::Json => {
                    render::revision::write_json(&old, &new, &diff, render_opts, &mut out)?
                }
            }
            out.flush()?;
            ExitCode::SUCCESS
        }
        Command::MergeSarif { files } => {
            refuse_early(early, "merge-sarif takes no global options", false)?;
            let mut logs = Vec::new();
            for path in &files {
                let name = path.display().to_string();
                let text = bitext::input::read_text(&name)?;
                let value: serde_json::Value = serde_json::from_str(&text)
                    .map_err(|e| render::sarif::MergeError {
                        path: format!("{name}:{}:{}", e.line(), e.column()),
                        message: format!("not JSON: {e}"),
                    })
                    .map_err(bitext::Error::from)?;
                logs.push((name, value));
            }
            let merged = render::sarif::merge(&logs).map_err(bitext::Error::from)?;
            let mut out = stdout_for(false);
            serde_json::to_writer_pretty(&mut out, &merged)?;
            writeln!(out)?;
            out.flush()?;
            ExitCode::SUCCESS
        }
        Command::Lsp => {
            refuse_early(
                early,
                "lsp takes no global options: settings come from bitext.toml and the editor",
                false,
            )?;
            ExitCode::from(bitext::lsp::serve_stdio()?)
        }
        Command::Completions { shell } => {
            refuse_early(early, "completions takes no global options", false)?;
            let mut out = stdout_for(false);
            // `generate` panics on a write error: render into memory, then
            // write, so `> /dev/full` is an error like any other.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "bitext", &mut script);
            out.write_all(&script)?;
            out.flush()?;
            ExitCode::SUCCESS
        }
        Command::Man { command } => {
            refuse_early(early, "man takes no global options", false)?;
            let mut out = stdout_for(false);
            man_page(command.as_deref(), &mut out)?;
            out.flush()?;
            ExitCode::SUCCESS
        }
    };
    Ok(code)
}

/// The man page of bitext, or of one subcommand (`bitext-check(1)`, with
/// `bitext check` in its synopsis).
fn man_page(command: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let mut cli = Cli::command();
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => {
            let Some(sub) = cli.find_subcommand(name) else {
                bail!(bitext::Error::Usage(format!(
                    "{name}: no such subcommand (see bitext --help)"
                )));
            };
            sub.clone()
        }
    };
    // Subcommands carry no version of their own: without this their
    // header's source field would read "check " instead of "bitext 0.1.0".
    clap_mangen::Man::new(page)
        .source(format!("bitext {}", env!("CARGO_PKG_VERSION")))
        .manual("bitext manual")
        .render(out)?;
    Ok(())
}
