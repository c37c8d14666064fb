//! Whole-repository runs described by `bitext.toml` (SPEC: "check with no
//! files"): which file pairs to check, with which glossary and rule severities.

use crate::check::{self, Finding, Position, Severity};
use crate::glossary;
use crate::lang::Lang;
use crate::pipeline::{self, PairReport, Prepared, Settings};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for in the current directory and its parents.
pub const CONFIG_FILE: &str = "bitext.toml";

/// Why `bitext.toml` could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}{}: {message}", location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ProjectError {
    /// The config file.
    pub path: String,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    glossary: Option<String>,
    #[serde(default)]
    pair: Vec<RawPair>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    source: String,
    target: String,
    source_lang: Option<String>,
    target_lang: Option<String>,
}

/// One `[[pair]]` entry, validated.
#[derive(Debug, Clone)]
pub struct PairSpec {
    /// Glob of source files, relative to the config's directory.
    pub source: String,
    /// Target path template; `{path}` is the source path below the glob's fixed prefix.
    pub target: String,
    /// Language of the sources, if the pair sets it.
    pub source_lang: Option<Lang>,
    /// Language of the targets, if the pair sets it.
    pub target_lang: Option<Lang>,
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
    }
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let doc = crate::document::LineIndex::new(text);
    doc.line_column(text, offset.min(text.len()))
}

/// Parses and validates the config text; `path` is used for the root and messages.
pub fn parse(path: &Path, text: &str) -> Result<Project, ProjectError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let location = e.span().map(|s| line_col(text, s.start));
        error(path, location, e.message().trim().to_string())
    })?;
    let find = |needle: &str| text.find(needle).map(|o| line_col(text, o));
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if raw.pair.is_empty() {
        return Err(error(path, None, "no [[pair]] entry: nothing to check"));
    }
    let parse_lang = |code: &Option<String>| -> Result<Option<Lang>, ProjectError> {
        match code {
            None => Ok(None),
            Some(c) => Lang::parse(c).map(Some).ok_or_else(|| {
                error(
                    path,
                    find(&format!("\"{c}\"")),
                    format!("{c}: not an ISO 639-1 language code"),
                )
            }),
        }
    };
    let mut pairs = Vec::new();
    for p in &raw.pair {
        if !p.target.contains("{path}") {
            return Err(error(
                path,
                find(&p.target),
                format!("target = \"{}\" must contain {{path}}", p.target),
            ));
        }
        globset::Glob::new(&p.source).map_err(|e| {
            error(
                path,
                find(&p.source),
                format!("source = \"{}\": {}", p.source, e.kind()),
            )
        })?;
        pairs.push(PairSpec {
            source: p.source.clone(),
            target: p.target.clone(),
            source_lang: parse_lang(&p.source_lang)?,
            target_lang: parse_lang(&p.target_lang)?,
        });
    }
    let known: Vec<&str> = check::all_rules().iter().map(|r| r.id).collect();
    let mut severities = BTreeMap::new();
    for (rule, level) in &raw.rules {
        if !known.contains(&rule.as_str()) {
            return Err(error(
                path,
                find(rule),
                format!("[rules] {rule}: unknown rule (known: {})", known.join(", ")),
            ));
        }
        let sev = match level.as_str() {
            "off" => None,
            other => Some(Severity::parse(other).ok_or_else(|| {
                error(
                    path,
                    find(rule),
                    format!("[rules] {rule} = \"{other}\": expected error, warning, info or off"),
                )
            })?),
        };
        severities.insert(rule.clone(), sev);
    }
    Ok(Project {
        glossary: raw.glossary.map(|g| root.join(g)),
        root,
        config_path: path.to_path_buf(),
        pairs,
        severities,
    })
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

/// Expands every pair's glob into concrete file pairs, sorted by source path.
pub fn expand(project: &Project) -> Result<Vec<FilePair>, ProjectError> {
    let mut out = Vec::new();
    for (index, spec) in project.pairs.iter().enumerate() {
        let matcher = globset::GlobBuilder::new(&spec.source)
            .literal_separator(true)
            .build()
            .map_err(|e| error(&project.config_path, None, e.to_string()))?
            .compile_matcher();
        let prefix = fixed_prefix(&spec.source);
        let walk_root = project.root.join(prefix);
        let mut found = 0;
        for entry in walkdir::WalkDir::new(&walk_root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let Ok(rel) = entry.path().strip_prefix(&project.root) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !matcher.is_match(&rel) {
                continue;
            }
            found += 1;
            let below = rel.strip_prefix(prefix).unwrap_or(&rel);
            out.push(FilePair {
                target: spec.target.replace("{path}", below),
                source: rel,
                spec: index,
            });
        }
        if found == 0 {
            let text = std::fs::read_to_string(&project.config_path).unwrap_or_default();
            let location = text
                .find(&format!("\"{}\"", spec.source))
                .map(|o| line_col(&text, o));
            return Err(error(
                &project.config_path,
                location,
                format!("source = \"{}\" matches no file", spec.source),
            ));
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.source == b.source);
    Ok(out)
}

/// Checks the pairs `files` (from [`expand`], so the caller can size a
/// progress bar without walking the tree twice) in parallel; reports come
/// back in the order of `files` whatever the scheduling. `base` holds what the command
/// line set (languages, glossary, segmenter and aligner options); the project
/// file overrides it. `progress` is called once per finished pair (from
/// worker threads).
pub fn run(
    project: &Project,
    files: &[FilePair],
    base: &Settings,
    progress: &(dyn Fn(&FilePair) + Sync),
) -> Result<Vec<PairReport>, crate::Error> {
    use rayon::prelude::*;
    let glossary = match &project.glossary {
        Some(path) => glossary::load(&path.display().to_string())?,
        None => base.glossary.clone(),
    };
    // One prepared run (glossary oriented and compiled) per language pair,
    // shared by every file pair that has those languages.
    let base = Prepared::new(Settings {
        glossary: glossary.clone(),
        severities: project.severities.clone(),
        ..base.clone()
    })
    .or_else(|_| {
        Prepared::new(Settings {
            glossary: Default::default(),
            severities: project.severities.clone(),
            ..base.clone()
        })
    })?;
    let mut prepared: BTreeMap<(Lang, Lang), Prepared> = BTreeMap::new();
    for spec in &project.pairs {
        let langs = (
            spec.source_lang.unwrap_or(base.settings.source_lang),
            spec.target_lang.unwrap_or(base.settings.target_lang),
        );
        if let std::collections::btree_map::Entry::Vacant(e) = prepared.entry(langs) {
            let run = Prepared::new(Settings {
                source_lang: langs.0,
                target_lang: langs.1,
                glossary: glossary.clone(),
                ..base.settings.clone()
            })
            .map_err(|mut e| {
                if let Some(path) = &project.glossary {
                    e.path = path.display().to_string();
                }
                crate::Error::from(e)
            })?;
            e.insert(run);
        }
    }
    let results: Vec<Result<PairReport, crate::Error>> = files
        .par_iter()
        .map(|pair| {
            let spec = &project.pairs[pair.spec];
            let langs = (
                spec.source_lang.unwrap_or(base.settings.source_lang),
                spec.target_lang.unwrap_or(base.settings.target_lang),
            );
            let report = check_file_pair(project, pair, &prepared[&langs]);
            progress(pair);
            report
        })
        .collect();
    results.into_iter().collect()
}

fn check_file_pair(
    project: &Project,
    pair: &FilePair,
    prepared: &Prepared,
) -> Result<PairReport, crate::Error> {
    // Files are named as the user sees them: relative to bitext.toml.
    let read = |rel: &str| crate::input::read_file_decoded(&project.root.join(rel), rel);
    let source = prepared.read(&pair.source, read(&pair.source)?, true);
    if !project.root.join(&pair.target).is_file() {
        let target = prepared.read(&pair.target, Default::default(), false);
        let finding = Finding {
            rule: check::MISSING_TRANSLATION.id,
            severity: check::MISSING_TRANSLATION.default_severity,
            message: format!("no translation: {} does not exist", pair.target),
            source: Some(Position {
                segment: 0,
                line: 1,
                column: 1,
                text: String::new(),
                start: 0,
                end: 0,
            }),
            target: None,
            suggestion: None,
            link: 0,
            fix: None,
        };
        let findings = pipeline::apply_severities(vec![finding], &prepared.settings.severities);
        return Ok(PairReport {
            source,
            target,
            alignment: Default::default(),
            findings,
            suppressed: 0,
        });
    }
    let target = prepared.read(&pair.target, read(&pair.target)?, false);
    Ok(prepared.check_pair(source, target))
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
