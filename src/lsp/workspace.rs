//! What an open file is to bitext (the target of a project pair, a
//! bilingual catalogue, or nothing to check) and the prepared runs that
//! check it, compiled once and kept until `bitext.toml`, a glossary or the
//! client's settings change.

use crate::check::{Severity, all_rules};
use crate::glossary;
use crate::lang::Lang;
use crate::pipeline::{Prepared, Settings};
use crate::project::{self, FilePair, Project};
use lsp_types::Uri;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The client's settings (`initializationOptions`, or the `bitext` object
/// of `workspace/didChangeConfiguration`); what is not set comes from
/// `bitext.toml`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct ClientSettings {
    /// A glossary used instead of the project's (relative: to the
    /// project's directory, or the workspace root outside projects).
    pub glossary: Option<String>,
    /// `error` | `warning` | `info` | `never`: findings at or above it are
    /// shown as errors (they would fail `bitext check --fail-on`), the
    /// others as warnings or information.
    pub fail_on: Option<String>,
    /// Severity overrides on top of `bitext.toml`'s `[rules]`:
    /// `error` | `warning` | `info` | `off`.
    pub rules: BTreeMap<String, String>,
    /// Languages of bilingual files outside any project (default fr → en).
    pub source_lang: Option<String>,
    /// See `source_lang`.
    pub target_lang: Option<String>,
    /// Quiet time after an edit before re-checking (default 100 ms).
    pub debounce_ms: Option<u64>,
    /// Re-check an edit by re-aligning only a window around it (default
    /// true); false: every re-check aligns the whole pair.
    pub incremental: Option<bool>,
}

/// The debounce when the client sets none.
const DEFAULT_DEBOUNCE_MS: u64 = 100;

impl ClientSettings {
    /// Reads settings from a client's JSON, accepting them bare or under a
    /// `bitext` key; returns them with the problems found (kept out).
    pub(crate) fn from_json(value: Option<&serde_json::Value>) -> (ClientSettings, Vec<String>) {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            return (ClientSettings::default(), Vec::new());
        };
        let value = value.get("bitext").unwrap_or(value);
        let mut settings: ClientSettings = match serde_json::from_value(value.clone()) {
            Ok(s) => s,
            Err(e) => return (ClientSettings::default(), vec![format!("settings: {e}")]),
        };
        let mut problems = Vec::new();
        let known: Vec<&str> = all_rules().iter().map(|r| r.id).collect();
        settings.rules.retain(|rule, level| {
            let ok = known.contains(&rule.as_str())
                && (level == "off" || Severity::parse(level).is_some());
            if !ok {
                problems.push(format!("settings: rules: {rule} = {level:?} is not a rule and a level (error, warning, info, off)"));
            }
            ok
        });
        if let Some(level) = &settings.fail_on
            && level != "never"
            && Severity::parse(level).is_none()
        {
            problems.push(format!(
                "settings: failOn = {level:?}: expected error, warning, info or never"
            ));
            settings.fail_on = None;
        }
        for lang in [&mut settings.source_lang, &mut settings.target_lang] {
            if let Some(code) = lang.as_deref()
                && Lang::parse(code).is_none()
            {
                problems.push(format!("settings: {code:?} is not an ISO 639-1 code"));
                *lang = None;
            }
        }
        (settings, problems)
    }

    /// The `--fail-on` threshold (`None`: never).
    pub(crate) fn fail_on(&self) -> Option<Severity> {
        match self.fail_on.as_deref() {
            Some("never") => None,
            Some(level) => Severity::parse(level),
            None => Some(Severity::Error),
        }
    }

    pub(crate) fn debounce(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.debounce_ms.unwrap_or(DEFAULT_DEBOUNCE_MS))
    }

    /// The overrides of `rules` as a `[rules]` table.
    fn severities(&self) -> BTreeMap<String, Option<Severity>> {
        self.rules
            .iter()
            .map(|(rule, level)| (rule.clone(), Severity::parse(level)))
            .collect()
    }

    fn glossary_path(&self, base: &Path) -> Option<PathBuf> {
        self.glossary.as_ref().map(|g| base.join(g))
    }
}

/// A project with one prepared run per pair.
#[derive(Debug)]
pub(crate) struct ProjectRuns {
    pub project: Project,
    pub runs: Vec<Prepared>,
}

/// What an open file is.
pub(crate) enum Role {
    /// The target (or bilingual file) of a pair of a project.
    Pair {
        runs: Arc<ProjectRuns>,
        pair: FilePair,
    },
    /// A bilingual file outside any project, checked with the client's
    /// settings.
    Catalogue(Box<Prepared>),
    /// Nothing to check, and why (for the log).
    Unchecked(String),
}

/// The prepared runs, built on first use and kept until [`Workspace::reset`].
#[derive(Default)]
pub(crate) struct Workspace {
    /// The client's settings.
    pub settings: ClientSettings,
    /// Where the client opened the editor (for settings' relative paths
    /// outside projects).
    pub root: Option<PathBuf>,
    projects: HashMap<PathBuf, Result<Arc<ProjectRuns>, String>>,
    catalogue: Option<Result<Prepared, String>>,
}

impl Workspace {
    /// Drops every prepared run: the next check recompiles (bitext.toml, a
    /// glossary or the settings changed).
    pub(crate) fn reset(&mut self) {
        self.projects.clear();
        self.catalogue = None;
    }

    /// Whether a change to `path` changes how files are checked: the
    /// project file, or a glossary in use.
    pub(crate) fn is_config(&self, path: &Path) -> bool {
        // bitext.toml, or an implicit glossary.toml beside it.
        if path
            .file_name()
            .is_some_and(|n| n == project::CONFIG_FILE || n == "glossary.toml")
        {
            return true;
        }
        let settings_glossary = self.settings.glossary.as_ref().map(Path::new);
        settings_glossary.is_some_and(|g| path.ends_with(g))
            || self.projects.values().flatten().any(|p| {
                p.project
                    .inputs()
                    .iter()
                    .any(|i| p.project.root.join(i) == path)
            })
            || self.catalogue_glossary().is_some_and(|g| g == path)
    }

    fn catalogue_glossary(&self) -> Option<PathBuf> {
        let base = self.root.clone().unwrap_or_default();
        self.settings
            .glossary_path(&base)
            .or_else(|| Some(base.join("glossary.toml")))
    }

    /// What `path` is, and what checks it. `Err`: the project or its
    /// glossary could not be read (the message names the file).
    pub(crate) fn role(&mut self, path: &Path) -> Result<Role, String> {
        let bilingual = crate::format::InputFormat::Auto
            .resolve(&path.display().to_string())
            .is_bilingual();
        let Some(config) = path.parent().and_then(project::discover) else {
            return if bilingual {
                Ok(Role::Catalogue(Box::new(self.catalogue()?)))
            } else {
                Ok(Role::Unchecked(format!(
                    "{}: no bitext.toml here or above, so no source: not checked",
                    path.display()
                )))
            };
        };
        let runs = self.project(&config)?;
        let Some(rel) = relative(&runs.project.root, path) else {
            return Ok(Role::Unchecked(format!(
                "{}: outside {}",
                path.display(),
                config.display()
            )));
        };
        match project::pair_for_target(&runs.project, &rel) {
            Some(pair) => Ok(Role::Pair { runs, pair }),
            None if bilingual => Ok(Role::Catalogue(Box::new(self.catalogue()?))),
            None => Ok(Role::Unchecked(format!(
                "{rel}: not the target of a pair of {}: not checked",
                config.display()
            ))),
        }
    }

    fn project(&mut self, config: &Path) -> Result<Arc<ProjectRuns>, String> {
        if let Some(done) = self.projects.get(config) {
            return done.clone();
        }
        let built = self.build_project(config).map(Arc::new);
        self.projects.insert(config.to_path_buf(), built.clone());
        built
    }

    fn build_project(&self, config: &Path) -> Result<ProjectRuns, String> {
        let mut project = project::load(config).map_err(|e| e.to_string())?;
        if let Some(glossary) = self.settings.glossary_path(&project.root) {
            project.glossary = Some(glossary);
            for pair in &mut project.pairs {
                pair.glossary = None;
            }
        }
        project.severities.extend(self.settings.severities());
        // Like `bitext check` run beside bitext.toml: its directory's
        // glossary.toml is the implicit one.
        let mut base = Settings::default();
        let implicit = project.root.join("glossary.toml");
        if project.glossary.is_none() && implicit.is_file() {
            base.glossary =
                glossary::load(&implicit.display().to_string()).map_err(|e| e.to_string())?;
            base.glossary_name = Some("glossary.toml".into());
            base.glossary_implicit = true;
        }
        let prepared = project::prepare(&project, &base).map_err(|e| e.to_string())?;
        Ok(ProjectRuns {
            project,
            runs: prepared.runs,
        })
    }

    fn catalogue(&mut self) -> Result<Prepared, String> {
        if self.catalogue.is_none() {
            self.catalogue = Some(self.build_catalogue());
        }
        self.catalogue.clone().expect("just built")
    }

    /// The run for bilingual files outside projects: the client's languages
    /// and glossary, else the workspace's `glossary.toml` when it covers
    /// them.
    fn build_catalogue(&self) -> Result<Prepared, String> {
        let lang = |code: &Option<String>, default| {
            code.as_deref().and_then(Lang::parse).unwrap_or(default)
        };
        let mut settings = Settings {
            source_lang: lang(&self.settings.source_lang, Lang::FR),
            target_lang: lang(&self.settings.target_lang, Lang::EN),
            source_lang_set: self.settings.source_lang.is_some(),
            target_lang_set: self.settings.target_lang.is_some(),
            severities: self.settings.severities(),
            ..Settings::default()
        };
        let base = self.root.clone().unwrap_or_default();
        if let Some(path) = self.settings.glossary_path(&base) {
            settings.glossary =
                glossary::load(&path.display().to_string()).map_err(|e| e.to_string())?;
        } else if let Some(path) = self.catalogue_glossary().filter(|p| p.is_file()) {
            let g = glossary::load(&path.display().to_string()).map_err(|e| e.to_string())?;
            // The implicit glossary: left out when it is for other languages.
            let fit = g.fit(settings.source_lang, settings.target_lang, true);
            if matches!(fit, glossary::GlossaryFit::Used) {
                settings.glossary = g;
                settings.glossary_name = Some("glossary.toml".into());
                settings.glossary_implicit = true;
            }
        }
        Prepared::new(settings).map_err(|e| e.to_string())
    }
}

/// `path` relative to `root` with `/` separators, if below it.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// The path of a `file:` URI.
pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.into_owned()))
}

/// Characters a path keeps as they are in a URI.
const PATH_KEEPS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The `file:` URI of an absolute path.
pub(crate) fn path_to_uri(path: &Path) -> Uri {
    let text = format!(
        "file://{}",
        utf8_percent_encode(&path.to_string_lossy(), PATH_KEEPS)
    );
    text.parse().expect("a percent-encoded path is a valid URI")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip_with_spaces_and_accents() {
        let path = Path::new("/tmp/a b/é#1.md");
        let uri = path_to_uri(path);
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%C3%A9%231.md");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        let other: Uri = "untitled:1".parse().unwrap();
        assert_eq!(uri_to_path(&other), None);
    }

    #[test]
    fn settings_are_read_bare_or_under_bitext_and_checked() {
        let json = serde_json::json!({"bitext": {"failOn": "warning", "rules": {"untranslated": "off", "nope": "off", "omission": "loud"}}});
        let (s, problems) = ClientSettings::from_json(Some(&json));
        assert_eq!(s.fail_on(), Some(Severity::Warning));
        assert_eq!(s.severities().get("untranslated"), Some(&None));
        assert_eq!(s.rules.len(), 1);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let (s, problems) =
            ClientSettings::from_json(Some(&serde_json::json!({"failOn": "never"})));
        assert_eq!((s.fail_on(), problems.len()), (None, 0));
        assert_eq!(ClientSettings::default().fail_on(), Some(Severity::Error));
    }
}
