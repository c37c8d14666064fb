//! Whole-repository runs described by `bitext.toml` (SPEC: "check with no
//! files"): which file pairs to check, with which glossary and rule severities.

use crate::check::{self, Finding, Position, Severity};
use crate::format::InputFormat;
use crate::glossary::{self, GlossaryFit};
use crate::lang::Lang;
use crate::pipeline::{self, PairReport, Prepared, Settings};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file name looked for in the current directory and its parents.
pub const CONFIG_FILE: &str = "bitext.toml";

/// Why `bitext.toml` could not be used, or what its walk could not read.
/// Several problems (every unreadable file) give one error each, the first
/// here and the others in [`ProjectError::also`]; it displays as one line
/// each.
#[derive(Debug)]
pub struct ProjectError {
    /// The config file, or the file the problem is about.
    pub path: String,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// Further problems: those of `bitext.toml` in file order, then the
    /// files', sorted by path.
    pub also: Vec<ProjectError>,
}

impl ProjectError {
    /// Every problem on its own line (`file:line:column: message`), this
    /// one first.
    pub fn lines(&self) -> Vec<String> {
        std::iter::once(self)
            .chain(&self.also)
            .map(|p| crate::error::located(&p.path, p.location, &p.message))
            .collect()
    }
}

impl std::fmt::Display for ProjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

impl std::error::Error for ProjectError {}

/// `bitext.toml` as written: every value keeps its place in the file
/// (`Spanned`), so that each problem names its own line and column, even
/// when the same text is written twice.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    glossary: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pair: Vec<RawPair>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<RawIgnore>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    source: Spanned<String>,
    target: Option<Spanned<String>>,
    source_lang: Option<Spanned<String>>,
    target_lang: Option<Spanned<String>>,
    glossary: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
}

/// One `[[pair]]` entry, validated.
#[derive(Debug, Clone)]
pub struct PairSpec {
    /// Glob of source files (or one file), relative to the config's directory.
    pub source: String,
    /// Target path template; `{path}` is the source path below the glob's
    /// fixed prefix. Without `{path}` the source must be one file and this
    /// is its target (a literal pair). `None` for bilingual files (PO,
    /// XLIFF): the source file holds the translation.
    pub target: Option<String>,
    /// Language of the sources, if the pair sets it.
    pub source_lang: Option<Lang>,
    /// Language of the targets, if the pair sets it.
    pub target_lang: Option<Lang>,
    /// The pair's own glossary (absolute), if it sets one.
    pub glossary: Option<PathBuf>,
    /// How its files are read, if it says (else by extension).
    pub format: Option<InputFormat>,
    /// Where `source` is written in `bitext.toml` (line, column), for
    /// messages about what it matches.
    source_at: Option<(usize, usize)>,
}

/// One `[[ignore]]` entry: rules off for files matching some globs.
#[derive(Debug, Clone)]
pub struct IgnoreSpec {
    /// Globs of source or target paths it applies to.
    pub paths: Vec<String>,
    matcher: globset::GlobSet,
    /// Rule ids turned off; empty: every rule.
    pub rules: Vec<String>,
}

impl IgnoreSpec {
    /// Whether `rule` is off for a pair with these files.
    pub fn covers(&self, rule: &str, source: &str, target: &str) -> bool {
        (self.rules.is_empty() || self.rules.iter().any(|r| r == rule))
            && (self.matcher.is_match(source) || self.matcher.is_match(target))
    }
}

/// A validated `bitext.toml`.
#[derive(Debug, Clone)]
pub struct Project {
    /// The directory holding `bitext.toml`: every path is relative to it.
    pub root: PathBuf,
    /// The config file itself, for messages.
    pub config_path: PathBuf,
    /// Glossary path (absolute), if set.
    pub glossary: Option<PathBuf>,
    /// The pairs to check.
    pub pairs: Vec<PairSpec>,
    /// Severity overrides; `None` turns a rule off.
    pub severities: BTreeMap<String, Option<Severity>>,
    /// Globs of files never checked (as source or as target).
    pub exclude: Vec<String>,
    exclude_matcher: globset::GlobSet,
    /// `[[ignore]]` entries.
    pub ignore: Vec<IgnoreSpec>,
}

/// One source file and where its translation should be, both relative to the root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FilePair {
    /// Source path relative to the project root, with `/` separators.
    pub source: String,
    /// Target path relative to the project root.
    pub target: String,
    /// Index into [`Project::pairs`].
    pub spec: usize,
}

/// The reports of a project run and what it has to tell besides them.
#[derive(Debug, Clone, Default)]
pub struct ProjectRun {
    /// One report per file pair, in the order of the pairs given.
    pub reports: Vec<PairReport>,
    /// One-line notes for stderr (a glossary that does not cover a pair).
    pub notes: Vec<String>,
}

/// Finds `bitext.toml` in `start` or the nearest parent.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

fn error(
    path: &Path,
    location: Option<(usize, usize)>,
    message: impl Into<String>,
) -> ProjectError {
    ProjectError {
        path: path.display().to_string(),
        location,
        message: message.into(),
        also: Vec::new(),
    }
}

/// Whether a path written in `bitext.toml` stays inside its directory:
/// relative, with no `..` component.
fn stays_inside(path: &str) -> bool {
    let p = Path::new(path);
    !p.has_root()
        && !path.starts_with('/')
        && !path.starts_with('\\')
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

/// Whether a source pattern names one file (no wildcard).
fn is_literal(glob: &str) -> bool {
    !glob.contains(['*', '?', '[', '{'])
}

/// Parses and validates the config text; `path` is used for the root and
/// messages. Every bad entry is reported, in file order, one line each (the
/// first in the error, the others in [`ProjectError::also`]); only a file
/// that is not TOML, or not of the config's shape, stops at its first
/// problem.
pub fn parse(path: &Path, text: &str) -> Result<Project, ProjectError> {
    let mut problems = Problems {
        path,
        text,
        lines: crate::document::LineIndex::new(text),
        list: Vec::new(),
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let location = e.span().and_then(|s| problems.at(s.start));
        error(path, location, e.message().trim().to_string())
    })?;
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if raw.pair.is_empty() {
        problems
            .list
            .push(error(path, None, "no [[pair]] entry: nothing to check"));
    }
    if let Some(g) = &raw.glossary {
        problems.inside("glossary", g);
    }
    for p in &raw.pair {
        let source = p.source.get_ref();
        let mut source_ok = problems.inside("source", &p.source);
        if let Some(target) = &p.target
            && problems.inside("target", target)
            && !target.get_ref().contains("{path}")
            && !is_literal(source)
        {
            problems.add(
                target,
                format!(
                    "target = \"{}\" must contain {{path}} when source is a glob (or name one source file)",
                    target.get_ref()
                ),
            );
        }
        if source_ok && let Err(e) = globset::Glob::new(source) {
            problems.add(&p.source, format!("source = \"{source}\": {}", e.kind()));
            source_ok = false;
        }
        if let Some(g) = &p.glossary {
            problems.inside("glossary", g);
        }
        let format = match &p.format {
            None => Ok(None),
            Some(name) => InputFormat::parse(name.get_ref()).map(Some).ok_or_else(|| {
                problems.add(
                    name,
                    format!(
                        "format = \"{}\": expected auto, text, lines, markdown, po, xliff or json",
                        name.get_ref()
                    ),
                );
            }),
        };
        if p.target.is_none()
            && source_ok
            && let Ok(format) = format
        {
            // Only a bilingual file holds its own translation.
            let resolved = format
                .unwrap_or_default()
                .resolve(source.trim_end_matches(['*', '}', ']']));
            let bilingual = resolved.is_bilingual()
                || [".po", ".pot", ".xlf", ".xliff"]
                    .iter()
                    .any(|ext| source.ends_with(ext));
            if !bilingual {
                problems.add(
                    &p.source,
                    format!(
                        "source = \"{source}\" has no target: only PO and XLIFF files hold both sides (add target = \"…/{{path}}\", or format = \"po\" / \"xliff\")"
                    ),
                );
            }
        }
        for code in [&p.source_lang, &p.target_lang].into_iter().flatten() {
            if Lang::parse(code.get_ref()).is_none() {
                problems.add(
                    code,
                    format!("{}: not an ISO 639-1 language code", code.get_ref()),
                );
            }
        }
    }
    let known: Vec<&str> = check::all_rules().iter().map(|r| r.id).collect();
    let unknown_rule = |problems: &mut Problems, rule: &Spanned<String>, context: &str| {
        problems.add(
            rule,
            format!(
                "{context} {}: unknown rule (known: {})",
                rule.get_ref(),
                known.join(", ")
            ),
        );
    };
    let mut severities = BTreeMap::new();
    for (rule, level) in &raw.rules {
        if !known.contains(&rule.get_ref().as_str()) {
            unknown_rule(&mut problems, rule, "[rules]");
            continue;
        }
        let sev = match level.get_ref().as_str() {
            "off" => None,
            other => match Severity::parse(other) {
                Some(sev) => Some(sev),
                None => {
                    problems.add(
                        rule,
                        format!(
                            "[rules] {} = \"{other}\": expected error, warning, info or off",
                            rule.get_ref()
                        ),
                    );
                    continue;
                }
            },
        };
        severities.insert(rule.get_ref().clone(), sev);
    }
    // A glob that is not one is reported where it is written; the set is
    // built from the others.
    let globs = |problems: &mut Problems, key: &str, list: &[Spanned<String>]| {
        let mut set = globset::GlobSetBuilder::new();
        for g in list {
            if !problems.inside(key, g) {
                continue;
            }
            match globset::GlobBuilder::new(g.get_ref())
                .literal_separator(true)
                .build()
            {
                Ok(glob) => {
                    set.add(glob);
                }
                Err(e) => problems.add(g, format!("{key} = \"{}\": {}", g.get_ref(), e.kind())),
            }
        }
        set.build().unwrap_or_else(|_| globset::GlobSet::empty())
    };
    let exclude_matcher = globs(&mut problems, "exclude", &raw.exclude);
    let mut ignore = Vec::new();
    for entry in &raw.ignore {
        if entry.get_ref().paths.is_empty() {
            problems.list.push(error(
                path,
                problems.at(entry.span().start),
                "[[ignore]] needs paths = [...]",
            ));
        }
        let matcher = globs(&mut problems, "paths", &entry.get_ref().paths);
        for rule in &entry.get_ref().rules {
            if !known.contains(&rule.get_ref().as_str()) {
                unknown_rule(&mut problems, rule, "[[ignore]] rules:");
            }
        }
        ignore.push(IgnoreSpec {
            matcher,
            paths: names(&entry.get_ref().paths),
            rules: names(&entry.get_ref().rules),
        });
    }
    if let Some(all) = several(std::mem::take(&mut problems.list)) {
        return Err(all);
    }
    let pairs = raw
        .pair
        .into_iter()
        .map(|p| PairSpec {
            source_at: problems.at(p.source.span().start),
            target: p.target.map(Spanned::into_inner),
            source_lang: p.source_lang.and_then(|c| Lang::parse(c.get_ref())),
            target_lang: p.target_lang.and_then(|c| Lang::parse(c.get_ref())),
            glossary: p.glossary.map(|g| root.join(g.into_inner())),
            format: p.format.and_then(|f| InputFormat::parse(f.get_ref())),
            source: p.source.into_inner(),
        })
        .collect();
    Ok(Project {
        glossary: raw.glossary.map(|g| root.join(g.into_inner())),
        root,
        config_path: path.to_path_buf(),
        pairs,
        severities,
        exclude: names(&raw.exclude),
        exclude_matcher,
        ignore,
    })
}

/// The problems found in `bitext.toml`, each at the place of the value it
/// is about.
struct Problems<'t> {
    path: &'t Path,
    text: &'t str,
    lines: crate::document::LineIndex,
    list: Vec<ProjectError>,
}

impl Problems<'_> {
    /// 1-based line and column of byte `offset` of the file.
    fn at(&self, offset: usize) -> Option<(usize, usize)> {
        Some(
            self.lines
                .line_column(self.text, offset.min(self.text.len())),
        )
    }

    /// Reports a problem with `value`, where it is written.
    fn add(&mut self, value: &Spanned<String>, message: String) {
        let location = self.at(value.span().start);
        self.list.push(error(self.path, location, message));
    }

    /// Whether a path stays below the config's directory; reported if not.
    fn inside(&mut self, key: &str, value: &Spanned<String>) -> bool {
        let v = value.get_ref();
        if stays_inside(&v.replace("{path}", "x")) {
            return true;
        }
        let why = if Path::new(v).has_root() || v.starts_with(['/', '\\']) {
            "is an absolute path"
        } else {
            "goes up with .."
        };
        self.add(
            value,
            format!(
                "{key} = \"{v}\" {why}: it leaves the project's directory (paths are relative to {CONFIG_FILE} and stay below it)"
            ),
        );
        false
    }
}

/// The texts of spanned values.
fn names(list: &[Spanned<String>]) -> Vec<String> {
    list.iter().map(|v| v.get_ref().clone()).collect()
}

/// One error for all of `problems`, in file order (a problem with no
/// place last), or `None` when there is none.
fn several(mut problems: Vec<ProjectError>) -> Option<ProjectError> {
    problems.sort_by_key(|p| p.location.unwrap_or((usize::MAX, 0)));
    let mut rest = problems.into_iter();
    let mut first = rest.next()?;
    first.also.extend(rest);
    Some(first)
}

/// Reads and validates `bitext.toml` at `path`.
pub fn load(path: &Path) -> Result<Project, crate::Error> {
    let text = crate::input::read_text(&path.display().to_string())?;
    Ok(parse(path, &text)?)
}

/// The part of a glob before its first wildcard component: where to walk from,
/// and what `{path}` is relative to.
fn fixed_prefix(glob: &str) -> &str {
    let mut end = 0;
    for (i, component) in glob.split_inclusive('/').scan(0, |pos, c| {
        let start = *pos;
        *pos += c.len();
        Some((start, c))
    }) {
        if component.contains(['*', '?', '[', '{']) || !component.ends_with('/') {
            break;
        }
        end = i + component.len();
    }
    &glob[..end]
}

/// `path` relative to `root` with `/` separators, if it lies below it.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

impl Project {
    /// Whether `bitext.toml`'s `exclude` covers `path` (relative to the root).
    pub fn excluded(&self, path: &str) -> bool {
        self.exclude_matcher.is_match(path)
    }

    /// The files the project itself depends on (the config and its
    /// glossaries), relative to the root: when one changes, every pair may
    /// check differently.
    pub fn inputs(&self) -> Vec<String> {
        let mut out = vec![CONFIG_FILE.to_string()];
        for g in self
            .glossary
            .iter()
            .chain(self.pairs.iter().filter_map(|p| p.glossary.as_ref()))
        {
            if let Some(rel) = relative(&self.root, g) {
                out.push(rel);
            }
        }
        out
    }
}

/// Expands every pair's glob into concrete file pairs, sorted by source
/// path. The walk respects `.gitignore` (and `.ignore`), skips `.git`, and
/// follows links that stay inside the project's directory (files and
/// folders). Whatever it cannot read is an error naming it, never skipped
/// in silence: a link out of the project (as source or as target), a link
/// loop, a broken link, a folder without permission, a path too long, a
/// matching entry that is not a regular file. Every such problem is
/// reported, one per line.
pub fn expand(project: &Project) -> Result<Vec<FilePair>, ProjectError> {
    let mut out = Vec::new();
    let canonical_root = project
        .root
        .canonicalize()
        .unwrap_or_else(|_| project.root.clone());
    let mut problems: Vec<(String, String)> = Vec::new();
    // Pairs whose source matches nothing, in file order, before the files.
    let mut unmatched = Vec::new();
    // Where `rel` really is, when it is a link out of the project.
    let leaves = |rel: &str| -> bool {
        let path = project.root.join(rel);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        is_link
            && path
                .canonicalize()
                .is_ok_and(|real| !real.starts_with(&canonical_root))
    };
    const OUT: &str = "a link out of the project's directory (not followed)";
    for (index, spec) in project.pairs.iter().enumerate() {
        let matcher = globset::GlobBuilder::new(&spec.source)
            .literal_separator(true)
            .build()
            .map_err(|e| error(&project.config_path, None, e.to_string()))?
            .compile_matcher();
        let prefix = fixed_prefix(&spec.source);
        let walk_root = project.root.join(prefix);
        let mut found = 0;
        // Takes a file the walk found; whether the glob matches it.
        let take = |rel: String, out: &mut Vec<FilePair>, problems: &mut Vec<(String, String)>| {
            if !matcher.is_match(&rel) {
                return false;
            }
            let below = rel.strip_prefix(prefix).unwrap_or(&rel);
            let target = match &spec.target {
                Some(t) => t.replace("{path}", below),
                None => rel.clone(),
            };
            // Counted before `exclude`, so a glob that matches only excluded
            // files is not reported as matching nothing.
            if project.excluded(&rel) || project.excluded(&target) {
                return true;
            }
            if target != rel && leaves(&target) {
                problems.push((target, OUT.into()));
                return true;
            }
            out.push(FilePair {
                target,
                source: rel,
                spec: index,
            });
            true
        };
        let literal = project.root.join(&spec.source);
        if is_literal(&spec.source) && std::fs::symlink_metadata(&literal).is_ok() {
            if leaves(&spec.source) {
                found += 1;
                problems.push((spec.source.clone(), OUT.into()));
            } else if literal.is_file() {
                found += usize::from(take(spec.source.clone(), &mut out, &mut problems));
            } else if !literal.is_dir() {
                found += 1;
                problems.push((spec.source.clone(), not_a_file(&literal)));
            }
        }
        let walk_root_leaves = walk_root
            .canonicalize()
            .is_ok_and(|real| !real.starts_with(&canonical_root));
        if found == 0 && walk_root_leaves {
            found += 1;
            problems.push((prefix.trim_end_matches('/').to_string(), OUT.into()));
        } else if found == 0 && walk_root.is_dir() {
            // Links are followed, but a link out of the project is cut off
            // here (and reported) before the walk reads through it.
            let outside = std::sync::Arc::new(std::sync::Mutex::new(Vec::<PathBuf>::new()));
            let (root_in_filter, outside_in_filter) =
                (canonical_root.clone(), std::sync::Arc::clone(&outside));
            let walker = ignore::WalkBuilder::new(&walk_root)
                .hidden(false)
                .require_git(false)
                .follow_links(true)
                .sort_by_file_name(|a, b| a.cmp(b))
                .filter_entry(move |e| {
                    if e.file_name() == ".git" {
                        return false;
                    }
                    if !e.path_is_symlink() {
                        return true;
                    }
                    match e.path().canonicalize() {
                        Ok(real) if !real.starts_with(&root_in_filter) => {
                            if let Ok(mut list) = outside_in_filter.lock() {
                                list.push(e.path().to_path_buf());
                            }
                            false
                        }
                        // Inside, or broken: the walk reads it or says why not.
                        _ => true,
                    }
                })
                .build();
            for entry in walker {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        problems.push(walk_problem(project, &e));
                        continue;
                    }
                };
                let Some(kind) = entry.file_type() else {
                    continue;
                };
                let Some(rel) = relative(&project.root, entry.path()) else {
                    continue;
                };
                if kind.is_file() {
                    found += usize::from(take(rel, &mut out, &mut problems));
                } else if !kind.is_dir() && matcher.is_match(&rel) {
                    found += 1;
                    problems.push((rel, not_a_file(entry.path())));
                }
            }
            let outside = outside.lock().map(|l| l.clone()).unwrap_or_default();
            for link in outside {
                let rel =
                    relative(&project.root, &link).unwrap_or_else(|| link.display().to_string());
                // A file link is about this pair only if the glob takes it;
                // a folder link may hold anything.
                if link.is_dir() || matcher.is_match(&rel) {
                    found += 1;
                    problems.push((rel, OUT.into()));
                }
            }
        }
        if found == 0 {
            unmatched.push(error(
                &project.config_path,
                spec.source_at,
                format!("source = \"{}\" matches no file", spec.source),
            ));
        }
    }
    problems.sort();
    problems.dedup();
    let mut problems = unmatched
        .into_iter()
        .chain(problems.into_iter().map(|(path, message)| ProjectError {
            path,
            location: None,
            message,
            also: Vec::new(),
        }));
    if let Some(mut first) = problems.next() {
        first.also.extend(problems);
        return Err(first);
    }
    out.sort();
    out.dedup_by(|a, b| a.source == b.source);
    Ok(out)
}

/// Why an entry that is not a regular file is not read.
fn not_a_file(path: &Path) -> String {
    use std::os::unix::fs::FileTypeExt;
    let kind = match std::fs::metadata(path).map(|m| m.file_type()) {
        Ok(t) if t.is_fifo() => "a named pipe",
        Ok(t) if t.is_socket() => "a socket",
        Ok(t) if t.is_char_device() || t.is_block_device() => "a device",
        _ => "not a regular file",
    };
    format!("{kind}, not a file (not read)")
}

/// A walk error as (path relative to the root, what went wrong), the OS
/// error said once.
fn walk_problem(project: &Project, mut e: &ignore::Error) -> (String, String) {
    let name = |p: &Path| relative(&project.root, p).unwrap_or_else(|| p.display().to_string());
    let mut path = None;
    loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert(p.as_path());
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err;
            }
            ignore::Error::Loop { child, ancestor } => {
                return (
                    name(child),
                    format!("a link loop back to {} (not followed)", name(ancestor)),
                );
            }
            other => {
                let Some(path) = path else {
                    return (project.config_path.display().to_string(), other.to_string());
                };
                // The walk's own message names the absolute path again:
                // ask the system once more, for its error alone.
                let link = std::fs::read_link(path).ok();
                let message = match (std::fs::metadata(path), link) {
                    (Err(e), Some(to)) => format!("a broken link to {} ({e})", to.display()),
                    (Err(e), None) => e.to_string(),
                    (Ok(m), _) if m.is_dir() => match std::fs::read_dir(path) {
                        Err(e) => format!("cannot list this folder ({e})"),
                        Ok(_) => other.to_string(),
                    },
                    (Ok(_), _) => other.to_string(),
                };
                return (name(path), message);
            }
        }
    }
}

/// The pairs of `files` in which the source or the target is in `changed`
/// (paths relative to the root, from [`crate::changes::changed_files`]).
/// When the project's own inputs changed (`bitext.toml`, a glossary), every
/// pair may check differently: all are kept, and the note says why.
pub fn select_changed(
    project: &Project,
    files: &[FilePair],
    changed: &std::collections::BTreeSet<String>,
) -> (Vec<FilePair>, Option<String>) {
    if let Some(input) = project.inputs().into_iter().find(|p| changed.contains(p)) {
        return (
            files.to_vec(),
            Some(format!(
                "{input} changed: checking every pair, not only the changed ones"
            )),
        );
    }
    let kept = files
        .iter()
        .filter(|p| changed.contains(&p.source) || changed.contains(&p.target))
        .cloned()
        .collect();
    (kept, None)
}

/// The `index`-th (1-based) of `count` parts of `files`: deterministic (it
/// depends only on the pairs and their files' sizes) and balanced by size
/// (largest first, each to the lightest part so far). The parts are
/// disjoint and together hold every pair; each keeps the order of `files`.
pub fn shard(project: &Project, files: &[FilePair], index: usize, count: usize) -> Vec<FilePair> {
    assert!(
        count > 0 && (1..=count).contains(&index),
        "shard {index}/{count}"
    );
    let size = |rel: &str| {
        std::fs::metadata(project.root.join(rel))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    let mut order: Vec<(u64, usize)> = files
        .iter()
        .enumerate()
        .map(|(i, p)| (size(&p.source) + size(&p.target), i))
        .collect();
    // Largest first; equal sizes by position, so the order is total.
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut load = vec![0u64; count];
    let mut part = vec![0usize; files.len()];
    for (bytes, i) in order {
        let lightest = (0..count).min_by_key(|&k| (load[k], k)).expect("count > 0");
        // Empty files still weigh something, so they spread out too.
        load[lightest] += bytes.max(1);
        part[i] = lightest;
    }
    files
        .iter()
        .zip(part)
        .filter(|(_, k)| *k == index - 1)
        .map(|(p, _)| p.clone())
        .collect()
}

/// One prepared run per `[[pair]]` of a project (index = [`Project::pairs`]),
/// sharing the compiled glossary between pairs with the same languages,
/// glossary and format; the language server keeps one and reuses it edit
/// after edit.
#[derive(Debug, Clone)]
pub struct PreparedPairs {
    /// `runs[i]` checks the files of `project.pairs[i]`.
    pub runs: Vec<Prepared>,
    /// One-line notes for stderr (a glossary that does not cover a pair).
    pub notes: Vec<String>,
}

/// Prepares the runs of every pair of `project`: glossaries loaded and
/// compiled once (see [`run`] for which glossary a pair gets).
pub fn prepare(project: &Project, base: &Settings) -> Result<PreparedPairs, crate::Error> {
    // Glossaries, loaded once each.
    let mut glossaries: BTreeMap<PathBuf, glossary::Glossary> = BTreeMap::new();
    for path in project
        .glossary
        .iter()
        .chain(project.pairs.iter().filter_map(|p| p.glossary.as_ref()))
    {
        if !glossaries.contains_key(path) {
            glossaries.insert(path.clone(), glossary::load(&path.display().to_string())?);
        }
    }
    // One prepared run (glossary oriented and compiled) per language pair,
    // glossary and format, shared by every file pair that has them.
    type Key = (Lang, Lang, (bool, bool), Option<PathBuf>, &'static str);
    let mut prepared: BTreeMap<Key, Prepared> = BTreeMap::new();
    let mut spec_keys = Vec::new();
    let mut notes = Vec::new();
    for (index, spec) in project.pairs.iter().enumerate() {
        let langs = (
            spec.source_lang.unwrap_or(base.source_lang),
            spec.target_lang.unwrap_or(base.target_lang),
        );
        let named = spec.glossary.as_ref().or(project.glossary.as_ref());
        let format = spec.format.unwrap_or(base.format);
        let mut glossary = match named {
            Some(path) => glossaries[path].clone(),
            None => base.glossary.clone(),
        };
        let implicit = named.is_none() && base.glossary_implicit;
        let used = match glossary.fit(langs.0, langs.1, implicit) {
            GlossaryFit::Used => true,
            GlossaryFit::Refused(e) => {
                let name = match named {
                    Some(path) => {
                        relative(&project.root, path).unwrap_or_else(|| path.display().to_string())
                    }
                    None => base
                        .glossary_name
                        .clone()
                        .unwrap_or_else(|| "--glossary".into()),
                };
                return Err(error(
                    &project.config_path,
                    spec.source_at,
                    format!(
                        "pair {} (source = \"{}\", {}→{}): glossary {name}: {}",
                        index + 1,
                        spec.source,
                        langs.0,
                        langs.1,
                        e.message
                    ),
                )
                .into());
            }
            GlossaryFit::LeftOut => {
                notes.push(format!(
                    "note: glossary.toml is {}→{}: pair {} (source = \"{}\", {}→{}) is checked without a glossary",
                    glossary.source_lang,
                    glossary.target_lang,
                    index + 1,
                    spec.source,
                    langs.0,
                    langs.1
                ));
                glossary = glossary::Glossary::default();
                false
            }
        };
        let langs_set = (
            spec.source_lang.is_some() || base.source_lang_set,
            spec.target_lang.is_some() || base.target_lang_set,
        );
        let key: Key = (
            langs.0,
            langs.1,
            langs_set,
            named.filter(|_| used).cloned(),
            format.name(),
        );
        if let std::collections::btree_map::Entry::Vacant(slot) = prepared.entry(key.clone()) {
            let run = Prepared::new(Settings {
                source_lang: langs.0,
                target_lang: langs.1,
                source_lang_set: langs_set.0,
                target_lang_set: langs_set.1,
                glossary,
                format,
                severities: project.severities.clone(),
                ..base.clone()
            })?;
            slot.insert(run);
        }
        spec_keys.push(key);
    }
    Ok(PreparedPairs {
        runs: spec_keys.iter().map(|k| prepared[k].clone()).collect(),
        notes,
    })
}

/// Checks the pairs `files` (from [`expand`], so the caller can size a
/// progress bar without walking the tree twice) in parallel; reports come
/// back in the order of `files` whatever the scheduling. `base` holds what
/// the command line set (languages, glossary, segmenter and aligner
/// options); the project file overrides it. `progress` is called once per
/// finished pair (from worker threads).
///
/// Glossaries: a pair's own `glossary`, else the project's, else the
/// command line's. A glossary named in `bitext.toml` or with `--glossary`
/// that does not cover a pair's languages (in either direction) is an
/// error; the implicit `./glossary.toml` ([`Settings::glossary_implicit`])
/// is left out for such a pair, with a note saying so.
pub fn run(
    project: &Project,
    files: &[FilePair],
    base: &Settings,
    progress: &(dyn Fn(&FilePair) + Sync),
) -> Result<ProjectRun, crate::Error> {
    use rayon::prelude::*;
    let PreparedPairs { runs, mut notes } = prepare(project, base)?;
    let results: Vec<Result<PairReport, crate::Error>> = files
        .par_iter()
        .map(|pair| {
            let report = check_file_pair(project, pair, &runs[pair.spec]);
            progress(pair);
            report
        })
        .collect();
    // Every file that cannot be read is reported, not only the first.
    let mut reports = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for result in results {
        match result {
            Ok(mut report) => {
                // A note (a glossary left out for a file's declared
                // languages) is said once for the run, not once a file.
                for note in std::mem::take(&mut report.notes) {
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                }
                reports.push(report)
            }
            Err(e) => failed.push(e),
        }
    }
    match failed.len() {
        0 => Ok(ProjectRun { reports, notes }),
        1 => Err(failed.remove(0)),
        _ => Err(crate::Error::Several(failed)),
    }
}

fn check_file_pair(
    project: &Project,
    pair: &FilePair,
    prepared: &Prepared,
) -> Result<PairReport, crate::Error> {
    // Files are named as the user sees them: relative to bitext.toml.
    let read = |rel: &str| crate::input::read_file_decoded(&project.root.join(rel), rel);
    let mut report = if project.pairs[pair.spec].target.is_none() {
        let file = prepared.read_bilingual(&pair.source, read(&pair.source)?)?;
        prepared.check_bilingual(file)?
    } else if !project.root.join(&pair.target).exists() {
        let source = prepared.read(&pair.source, read(&pair.source)?, true)?;
        let target = crate::Document::new(
            pair.target.clone(),
            String::new(),
            prepared.settings.target_lang,
            &[],
        );
        let finding = Finding {
            rule: check::MISSING_TRANSLATION.id,
            severity: check::MISSING_TRANSLATION.default_severity,
            message: format!("no translation: {} does not exist", pair.target),
            source: Some(Position {
                segment: 0,
                line: 1,
                column: 1,
                start: 0,
                end: 0,
                words: 0,
            }),
            target: None,
            suggestion: None,
            link: 0,
            fix: None,
        };
        let findings = pipeline::apply_severities(vec![finding], &prepared.settings.severities);
        PairReport::new(source, target, Default::default(), findings, 0)
    } else {
        let source = prepared.read(&pair.source, read(&pair.source)?, true)?;
        let target = prepared.read(&pair.target, read(&pair.target)?, false)?;
        prepared.check_pair(source, target)
    };
    apply_ignores(project, pair, &mut report);
    Ok(report)
}

/// Drops the findings that `[[ignore]]` entries turn off for `pair`.
pub fn apply_ignores(project: &Project, pair: &FilePair, report: &mut PairReport) {
    if project
        .ignore
        .iter()
        .any(|i| i.covers_any(&pair.source, &pair.target))
    {
        report.retain(|f, _| {
            !project
                .ignore
                .iter()
                .any(|i| i.covers(f.rule, &pair.source, &pair.target))
        });
    }
}

/// The pair whose target (or bilingual file) is `target`, a path relative
/// to the root: the reverse of [`expand`]'s `{path}` mapping, without a
/// walk, so an editor can find the source of the one file it has open.
/// The source need not exist.
pub fn pair_for_target(project: &Project, target: &str) -> Option<FilePair> {
    if project.excluded(target) {
        return None;
    }
    project.pairs.iter().enumerate().find_map(|(spec, p)| {
        let matches = |source: &str| {
            globset::GlobBuilder::new(&p.source)
                .literal_separator(true)
                .build()
                .is_ok_and(|g| g.compile_matcher().is_match(source))
                && !project.excluded(source)
        };
        let source = match &p.target {
            None => target.to_string(),
            Some(pattern) => match pattern.split_once("{path}") {
                None if pattern == target => p.source.clone(),
                None => return None,
                Some((before, after)) => {
                    let below = target
                        .strip_prefix(before)?
                        .strip_suffix(after)
                        .filter(|b| !b.is_empty())?;
                    format!("{}{below}", fixed_prefix(&p.source))
                }
            },
        };
        matches(&source).then(|| FilePair {
            source,
            target: target.to_string(),
            spec,
        })
    })
}

impl IgnoreSpec {
    /// Whether the entry applies to a pair with these files at all.
    fn covers_any(&self, source: &str, target: &str) -> bool {
        self.matcher.is_match(source) || self.matcher.is_match(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_prefix_stops_at_the_first_wildcard() {
        assert_eq!(fixed_prefix("docs/fr/**/*.md"), "docs/fr/");
        assert_eq!(fixed_prefix("*.md"), "");
        assert_eq!(fixed_prefix("fr/a.md"), "fr/");
    }

    #[test]
    fn unknown_keys_and_rules_are_reported_with_their_line() {
        let err = parse(
            Path::new("bitext.toml"),
            "[[pair]]\nsource = \"a\"\ntarget = \"{path}\"\nsourc_lang = \"fr\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("bitext.toml:"), "{err}");
        assert!(err.to_string().contains("sourc_lang"), "{err}");
        let err = parse(
            Path::new("bitext.toml"),
            "[[pair]]\nsource = \"a\"\ntarget = \"{path}\"\n[rules]\nterm-mising = \"off\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("bitext.toml:5:1:"), "{err}");
    }

    #[test]
    fn a_target_maps_back_to_its_source() {
        let p = parse(
            Path::new("bitext.toml"),
            "exclude = [\"en/skip/**\"]\n[[pair]]\nsource = \"fr/**/*.md\"\ntarget = \"en/{path}\"\n[[pair]]\nsource = \"LISEZMOI.md\"\ntarget = \"README.md\"\n[[pair]]\nsource = \"po/*.po\"\n",
        )
        .unwrap();
        let pair = pair_for_target(&p, "en/guide/a.md").unwrap();
        assert_eq!((pair.source.as_str(), pair.spec), ("fr/guide/a.md", 0));
        assert_eq!(
            pair_for_target(&p, "README.md").unwrap().source,
            "LISEZMOI.md"
        );
        let po = pair_for_target(&p, "po/fr.po").unwrap();
        assert_eq!((po.source.as_str(), po.spec), ("po/fr.po", 2));
        assert_eq!(pair_for_target(&p, "en/a.txt"), None, "the glob wants .md");
        assert_eq!(pair_for_target(&p, "en/skip/a.md"), None, "excluded");
        assert_eq!(pair_for_target(&p, "fr/a.md"), None, "a source");
    }

    #[test]
    fn severities_parse_off_and_levels() {
        let p = parse(
            Path::new("x/bitext.toml"),
            "[[pair]]\nsource = \"fr/*.md\"\ntarget = \"en/{path}\"\n[rules]\nomission = \"off\"\naddition = \"error\"\n",
        )
        .unwrap();
        assert_eq!(p.severities["omission"], None);
        assert_eq!(p.severities["addition"], Some(Severity::Error));
        assert_eq!(p.root, Path::new("x"));
    }
}
