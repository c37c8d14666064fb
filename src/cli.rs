//! Argument parsing (clap) and dispatch to the library.

use anyhow::{Result, bail};
use bitext::check::Severity;
use bitext::format::InputFormat;
use bitext::glossary::{self, Glossary};
use bitext::lang::Lang;
use bitext::pipeline::{self, PairReport, Prepared, Settings, Summary};
use bitext::render::{self, RenderOptions};
use bitext::segment::SegmentOptions;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// Review a translation against its source: segment, align, check, render.
#[derive(Parser, Debug)]
#[command(name = "bitext", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

/// Options every subcommand accepts (SPEC "Global options").
#[derive(Args, Debug, Clone)]
struct GlobalArgs {
    /// Language of SOURCE (ISO 639-1).
    #[arg(long, global = true, default_value = "fr", value_name = "L")]
    source_lang: String,
    /// Language of TARGET (ISO 639-1).
    #[arg(long, global = true, default_value = "en", value_name = "L")]
    target_lang: String,
    /// Term base [default: ./glossary.toml if it exists].
    #[arg(long, global = true, value_name = "PATH")]
    glossary: Option<String>,
    /// How to read the inputs [default: auto, by extension: .md markdown,
    /// .po po, .xlf/.xliff xliff, .json json, anything else text].
    #[arg(long, global = true, value_enum, value_name = "F")]
    input_format: Option<FormatArg>,
    /// Inputs are pre-segmented: each non-blank line is one segment (same as
    /// --input-format lines).
    #[arg(long, global = true)]
    lines: bool,
    /// Bilingual dictionary to help alignment: a source<TAB>target TSV, or a
    /// dictd database (.index / .dict / .dict.dz, e.g. FreeDict's fra-eng).
    #[arg(long, global = true, value_name = "FILE")]
    dictionary: Option<String>,
    /// When to use colours (NO_COLOR is honoured).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Extra abbreviations that never end a sentence (comma-separated, without the period).
    #[arg(long, global = true, value_delimiter = ',', value_name = "ABBR")]
    abbreviations: Vec<String>,
    /// File of extra abbreviations that never end a sentence: one per line
    /// (final period optional), blank lines and `#` comments ignored.
    #[arg(long, global = true, value_name = "PATH")]
    abbreviations_file: Option<String>,
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
    },
    /// Check a translation; exit 1 when findings reach --fail-on. With no
    /// files, check every pair named by bitext.toml (found here or above).
    Check {
        /// Source file (or -); omit both files to run the whole project.
        #[arg(requires = "target")]
        source: Option<String>,
        /// Target file (or -).
        target: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Lowest severity that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
    },
    /// Show every aligned pair with its findings in place.
    Review {
        /// Source file (or -).
        source: String,
        /// Target file (or -).
        target: String,
        /// Write the review as one self-contained HTML file instead (- for standard output).
        #[arg(long, value_name = "OUT")]
        html: Option<std::path::PathBuf>,
    },
    /// Compare two revisions of a translation of the same source.
    Diff {
        /// Source file.
        source: String,
        /// The older translation.
        old_target: String,
        /// The newer translation.
        new_target: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
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

/// Resolved form of the global options.
struct Resolved {
    settings: Settings,
    render: RenderOptions,
}

fn resolve(global: &GlobalArgs) -> Result<Resolved> {
    let source_lang = parse_lang(&global.source_lang)?;
    let target_lang = parse_lang(&global.target_lang)?;
    let glossary = match &global.glossary {
        Some(path) => glossary::load(path)?,
        None if std::path::Path::new("glossary.toml").is_file() => glossary::load("glossary.toml")?,
        None => Glossary::default(),
    };
    // A glossary written for another language pair is an input error; one
    // for the reverse pair is used reversed (see `Glossary::for_pair`).
    if let Err(mut e) = glossary.for_pair(source_lang, target_lang) {
        e.path = global
            .glossary
            .clone()
            .unwrap_or_else(|| "glossary.toml".into());
        return Err(bitext::Error::from(e).into());
    }
    let dictionary = match &global.dictionary {
        Some(path) => Some(std::sync::Arc::new(bitext::align::Dictionary::load(
            std::path::Path::new(path),
        )?)),
        None => None,
    };
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    };
    Ok(Resolved {
        settings: Settings {
            source_lang,
            target_lang,
            format: match (global.lines, global.input_format) {
                (true, Some(f)) if f != FormatArg::Lines && f != FormatArg::Auto => {
                    bail!(bitext::Error::Usage(
                        "--lines and --input-format name two different formats".into()
                    ))
                }
                (true, _) => InputFormat::Lines,
                (false, f) => f.map_or(InputFormat::Auto, FormatArg::format),
            },
            glossary,
            dictionary,
            segment: SegmentOptions {
                abbreviations: abbreviations(global)?,
            },
            ..Settings::default()
        },
        render: RenderOptions {
            color,
            // Paths in reports (SARIF uris, annotations) are relative to
            // where bitext runs: the repository root in CI.
            root: std::env::current_dir().ok(),
        },
    })
}

/// The run made ready: the glossary oriented and compiled once.
fn prepare(settings: &Settings) -> Result<Prepared> {
    Ok(Prepared::new(settings.clone()).map_err(bitext::Error::from)?)
}

/// `--abbreviations` plus the entries of `--abbreviations-file`.
fn abbreviations(global: &GlobalArgs) -> Result<Vec<String>> {
    let mut list = global.abbreviations.clone();
    if let Some(path) = &global.abbreviations_file {
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

/// `bitext check` with no files: every pair of the nearest `bitext.toml`.
fn project_run(settings: &Settings) -> Result<Vec<PairReport>> {
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
    let files = project::expand(&project)?;
    let progress = Progress::new(files.len());
    let reports = project::run(&project, &files, settings, &|pair| {
        progress.tick(&pair.source)
    })?;
    progress.finish();
    Ok(reports)
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

/// Parses the command line and runs it; `Err` becomes exit status 2.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let resolved = resolve(&cli.global)?;
    let settings = &resolved.settings;
    let render_opts = &resolved.render;
    let stdout = anstream::AutoStream::new(
        io::stdout().lock(),
        if render_opts.color {
            anstream::ColorChoice::Always
        } else {
            anstream::ColorChoice::Never
        },
    );
    let mut out = io::BufWriter::new(stdout);
    let code = match cli.command {
        Command::Segment { lang, format, file } => {
            let lang = lang.as_deref().map(parse_lang).transpose()?;
            let doc = pipeline::load_document(&file, lang, settings.format, &settings.segment)?;
            match format {
                SegmentFormat::Text => render::segments::write_text(&doc, &mut out)?,
                SegmentFormat::Json => render::segments::write_json(&doc, &mut out)?,
            }
            ExitCode::SUCCESS
        }
        Command::Align {
            source,
            target,
            format,
        } => {
            let prepared = prepare(settings)?;
            let (s, t) = load_pair(&source, &target, &prepared)?;
            let alignment = bitext::align::align(&s, &t, prepared.align_options());
            match format {
                AlignFormat::Text => render::alignment::write_text(&s, &t, &alignment, &mut out)?,
                AlignFormat::Tsv => render::alignment::write_tsv(&s, &t, &alignment, &mut out)?,
                AlignFormat::Json => render::alignment::write_json(&alignment, &mut out)?,
                AlignFormat::Tmx => render::alignment::write_tmx(&s, &t, &alignment, &mut out)?,
            }
            ExitCode::SUCCESS
        }
        Command::Check {
            source,
            target,
            format,
            fail_on,
        } => {
            let reports: Vec<PairReport> = match (source, target) {
                (Some(source), Some(target)) => {
                    let prepared = prepare(settings)?;
                    let (s, t) = load_pair(&source, &target, &prepared)?;
                    vec![prepared.check_pair(s, t)]
                }
                _ => project_run(settings)?,
            };
            match format {
                CheckFormat::Human => render::human::write(&reports, render_opts, &mut out)?,
                CheckFormat::Json => render::json::write_findings(&reports, &mut out)?,
                CheckFormat::Sarif => render::sarif::write(&reports, render_opts, &mut out)?,
                CheckFormat::Github => {
                    render::github::write(&reports, render_opts, &mut out)?;
                    append_step_summary(&reports, render_opts)?;
                }
            }
            if Summary::of(&reports).fails(fail_on.threshold()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Review {
            source,
            target,
            html,
        } => {
            let prepared = prepare(settings)?;
            let (s, t) = load_pair(&source, &target, &prepared)?;
            let reports = [prepared.check_pair(s, t)];
            match html {
                Some(path) if path.as_os_str() == "-" => {
                    render::html::write(&reports, render_opts, &mut out)?
                }
                Some(path) => render::html::write_file(&reports, render_opts, &path)?,
                None => render::review::write(&reports, render_opts, &mut out)?,
            }
            ExitCode::SUCCESS
        }
        Command::Diff {
            source,
            old_target,
            new_target,
            format,
        } => {
            check_stdin_once(&[&source, &old_target, &new_target])?;
            let prepared = prepare(settings)?;
            let (s, old_t) = load_pair(&source, &old_target, &prepared)?;
            let new_t = prepared.load(&new_target, false)?;
            let old = prepared.check_pair(s.clone(), old_t);
            let new = prepared.check_pair(s, new_t);
            let diff = bitext::revision::compare(&old, &new);
            match format {
                DiffFormat::Text => {
                    render::revision::write_text(&old, &new, &diff, render_opts, &mut out)?
                }
                DiffFormat::Json => {
                    render::revision::write_json(&old, &new, &diff, render_opts, &mut out)?
                }
            }
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "bitext", &mut out);
            ExitCode::SUCCESS
        }
        Command::Man { command } => {
            let mut cli = Cli::command();
            cli.build();
            let page = match command {
                None => cli,
                Some(name) => {
                    let Some(sub) = cli.find_subcommand(&name) else {
                        bail!(bitext::Error::Usage(format!(
                            "{name}: no such subcommand (see bitext --help)"
                        )));
                    };
                    // After `build`, clap names it `bitext-check` for the
                    // title and `bitext check` for the synopsis.
                    sub.clone()
                }
            };
            clap_mangen::Man::new(page).render(&mut out)?;
            ExitCode::SUCCESS
        }
    };
    out.flush()?;
    Ok(code)
}
