//! `check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! Every result has its `ruleId` (and `ruleIndex` into `tool.driver.rules`),
//! a `level`, a `uri` (see [`artifact_location`]), a region with start and end line
//! and column (columns in Unicode code points, declared by `columnKind`), the
//! source sentence as a related location, the fix as a SARIF `fix`, and a
//! `partialFingerprints` entry that does not depend on line numbers, so a
//! finding keeps its identity when text above it moves.

use super::{PerDocument, RenderOptions, display_path, end_line_column, fix_fits, primary};
use crate::check::{Finding, Position, RuleInfo, Severity, all_rules};
use crate::document::Document;
use crate::pipeline::PairReport;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

/// The schema URI written in `$schema` (the OASIS errata 01 schema).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Key of our entry in `partialFingerprints`; bump the version if the hashed
/// fields ever change, so that old alerts are not silently re-matched.
pub const FINGERPRINT_KEY: &str = "bitextFinding/v2";

/// `automationDetails.id` of every run: one analysis category whatever the
/// shard (`--shard`), so shard outputs merged by [`merge`] upload as one.
pub const CATEGORY: &str = "bitext/";

/// Writes one SARIF log with one run holding every pair's findings. Results
/// are built and written one at a time: memory does not grow with the log.
pub fn write(reports: &[PairReport], opts: &RenderOptions, w: &mut dyn Write) -> io::Result<()> {
    let rules = rules_for(reports);
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    // The log around the results is small: printed whole with an empty
    // results array, which the results then replace, each printed alone.
    let head = serde_json::to_string_pretty(&log(&rules, Vec::new()))?;
    let (before, after) = head
        .rsplit_once(RESULTS_KEY)
        .expect("the log has a results key");
    w.write_all(before.as_bytes())?;
    w.write_all(b"\"results\": ")?;
    write_results(reports, &index, opts, w)?;
    w.write_all(after.as_bytes())?;
    writeln!(w)
}

/// The results array, empty, as the log's printer writes it.
const RESULTS_KEY: &str = "\"results\": []";

/// Every pair's results in order, built side by side ([`super::in_order`])
/// and written as the log's pretty printer writes them, in place of the
/// empty array of `RESULTS_KEY` (a big glossary gives a pair a hundred
/// thousand results; building and printing them on one core was most of
/// such a run's SARIF time).
fn write_results(
    reports: &[PairReport],
    index: &HashMap<&str, usize>,
    opts: &RenderOptions,
    w: &mut dyn Write,
) -> io::Result<()> {
    if reports.iter().all(|r| r.findings.is_empty()) {
        return w.write_all(b"[]");
    }
    let mut separator: &[u8] = b"[\n";
    for report in reports {
        let fingerprints = report.fingerprints();
        let artifacts = Artifacts::of(report, opts);
        super::in_order(
            report.findings.len(),
            |i| {
                let f = &report.findings[i];
                let value = result(report, f, index[f.rule], &fingerprints[i], &artifacts);
                // JSON strings hold no raw line breaks: every one is the
                // printer's, indented here as the result sits in the log.
                serde_json::to_string_pretty(&value)
                    .map(|text| text.replace('\n', RESULT_LINE_BREAK))
            },
            |text| -> io::Result<()> {
                w.write_all(separator)?;
                separator = b",\n";
                w.write_all(RESULT_INDENT.as_bytes())?;
                w.write_all(text?.as_bytes())
            },
        )?;
    }
    w.write_all(b"\n")?;
    w.write_all(RESULTS_CLOSING_INDENT.as_bytes())?;
    w.write_all(b"]")
}

const COLUMN_KIND: &str = "unicodeCodePoints";

/// The SARIF log as a JSON value (tests validate it against the schema).
pub fn to_value(reports: &[PairReport], opts: &RenderOptions) -> Value {
    let rules = rules_for(reports);
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    log(&rules, results(reports, &index, opts).collect())
}

/// The whole log, with these results.
fn log(rules: &[RuleInfo], results: Vec<Value>) -> Value {
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": tool(rules),
            "automationDetails": {"id": CATEGORY},
            "columnKind": COLUMN_KIND,
            "originalUriBaseIds": original_uri_base_ids(),
            "results": results,
        }]
    })
}

fn tool(rules: &[RuleInfo]) -> Value {
    json!({"driver": {
        "name": "bitext",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules.iter().map(rule).collect::<Vec<_>>(),
    }})
}

/// The indentation of an element of `runs[0].results` in the pretty log.
const RESULT_INDENT: &str = "        ";
/// A line break inside a result, followed by that indentation.
const RESULT_LINE_BREAK: &str = "\n        ";
/// The indentation of the results array's closing bracket (its key's).
const RESULTS_CLOSING_INDENT: &str = "      ";

/// Every pair's results in order, each built when it is asked for.
fn results<'a>(
    reports: &'a [PairReport],
    index: &'a HashMap<&str, usize>,
    opts: &'a RenderOptions,
) -> impl Iterator<Item = Value> + 'a {
    reports.iter().flat_map(move |report| {
        // The same fingerprints as JSON's and the baseline's.
        let fingerprints = report.fingerprints().into_owned();
        let artifacts = Artifacts::of(report, opts);
        report
            .findings
            .iter()
            .zip(fingerprints)
            .map(move |(f, fingerprint)| {
                let result = result(report, f, index[f.rule], &fingerprint, &artifacts);
                serde_json::to_value(result).expect("a result is plain data")
            })
    })
}

/// Every known rule, plus any rule a finding uses that the registry does not
/// list (so `ruleIndex` always resolves).
fn rules_for(reports: &[PairReport]) -> Vec<RuleInfo> {
    let mut rules = all_rules();
    for f in reports.iter().flat_map(|r| &r.findings) {
        if !rules.iter().any(|r| r.id == f.rule) {
            rules.push(RuleInfo {
                id: f.rule,
                default_severity: f.severity,
                description: "a bitext check",
            });
        }
    }
    rules
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `term-missing` → `TermMissing`: SARIF's `name` is an identifier.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn rule(r: &RuleInfo) -> Value {
    json!({
        "id": r.id,
        "name": pascal_case(r.id),
        "shortDescription": {"text": r.description},
        "fullDescription": {"text": r.description},
        "defaultConfiguration": {"level": level(r.default_severity)},
        "help": {"text": format!("{}: {}", r.id, r.description)},
    })
}

/// The base relative `uri`s are resolved against: the directory bitext ran
/// in, or the project's root (`RenderOptions::root`).
pub const SRCROOT: &str = "%SRCROOT%";

/// `run.originalUriBaseIds`: declares [`SRCROOT`]. Its absolute location is
/// left to the consumer (SARIF 2.1.0 §3.14.14 allows it; GitHub reads it as
/// the repository's root), so that a log names no machine's directory and
/// is the same on every checkout.
fn original_uri_base_ids() -> Value {
    json!({SRCROOT: {"description": {
        "text": "The directory bitext ran in (the project's root in a project run)."
    }}})
}

/// A URI reference for a relative path: `/`-separated, with characters
/// outside the unreserved set and `/` percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `path` with `.` and `..` resolved by reading it, not the file system (a
/// link is where the user named it).
fn lexical(path: &std::path::Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Where a document is, as a SARIF `artifactLocation`: a path below the
/// root is a relative `uri` with `uriBaseId` [`SRCROOT`]; any other path
/// (absolute, or leaving the root with `..`) is an absolute `file://` URI,
/// percent-encoded. Standard input (`-`) has no location on disk and is
/// named as is.
pub(crate) fn artifact_location(name: &str, opts: &RenderOptions) -> Value {
    let path = std::path::Path::new(name);
    if name == "-" {
        return json!({"uri": uri(name)});
    }
    let root = opts.root.as_deref().map(lexical);
    let absolute = if path.is_absolute() {
        Some(lexical(path))
    } else {
        root.as_ref().map(|r| lexical(&r.join(path)))
    };
    if let (Some(abs), Some(root)) = (&absolute, &root)
        && let Ok(below) = abs.strip_prefix(root)
    {
        let rel: Vec<_> = below
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        return json!({"uri": uri(&rel.join("/")), "uriBaseId": SRCROOT});
    }
    match absolute.as_deref().map(url::Url::from_file_path) {
        Some(Ok(url)) => json!({"uri": url.as_str()}),
        // No root to resolve a relative name against: as written.
        _ => json!({"uri": uri(&display_path(name, opts))}),
    }
}

/// The artifact locations of a pair's two files, made once per pair: every
/// result names one or both (resolving and percent-encoding a path for each
/// of a hundred thousand results was a third of a big SARIF log's time).
struct Artifacts(PerDocument<Value>);

impl Artifacts {
    fn of(report: &PairReport, opts: &RenderOptions) -> Artifacts {
        Artifacts(PerDocument::new(report, |doc| {
            artifact_location(&doc.name, opts)
        }))
    }

    /// The location of `doc`, one of the pair's two documents.
    fn location<'a>(
        &'a self,
        report: &PairReport,
        doc: &'a Document,
        p: &Position,
    ) -> Location<'a> {
        let artifact = self.0.of(report, doc);
        let (end_line, end_column) = end_line_column(doc, p);
        Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact,
                region: Region {
                    start_line: p.line,
                    start_column: p.column,
                    end_line,
                    end_column,
                    snippet: Some(Text { text: p.text(doc) }),
                },
            },
        }
    }
}

// One SARIF result as typed, borrowing records (a `Value` tree per result was
// a sixth of a big log's time, building and dropping maps). Fields are in
// the order the log has always had them.

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    partial_fingerprints: Fingerprint<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[Location<'a>; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    related_locations: Option<[RelatedLocation<'a>; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[SarifFix<'a>; 1]>,
}

#[derive(serde::Serialize)]
struct Text<T> {
    text: T,
}

/// `{"bitextFinding/v2": "…"}`.
struct Fingerprint<'a>(&'a str);

impl serde::Serialize for Fingerprint<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(FINGERPRINT_KEY, self.0)?;
        map.end()
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: &'a Value,
    region: Region<'a>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text<&'a str>>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    id: usize,
    message: Text<&'static str>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<String>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: &'a Value,
    replacements: [Replacement<'a>; 1],
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region<'a>,
    inserted_content: Text<&'a str>,
}

fn result<'a>(
    report: &'a PairReport,
    f: &'a Finding,
    rule_index: usize,
    fingerprint: &'a str,
    artifacts: &'a Artifacts,
) -> SarifResult<'a> {
    let doc = primary(report, f);
    let position = f.target.as_ref().or(f.source.as_ref());
    let related = match (&f.source, &f.target) {
        (Some(s), Some(_)) => Some([RelatedLocation {
            location: artifacts.location(report, &report.source, s),
            id: 0,
            message: Text {
                text: "source sentence",
            },
        }]),
        _ => None,
    };
    let fixes = f
        .fix
        .as_ref()
        .filter(|fix| fix_fits(&report.target, fix))
        .map(|fix| {
            let (start_line, start_column) = report.target.line_column(fix.start);
            let (end_line, end_column) = report.target.line_column(fix.end);
            [SarifFix {
                description: Text {
                    text: format!("Replace with '{}'", fix.replacement),
                },
                artifact_changes: [ArtifactChange {
                    artifact_location: &artifacts.0.target,
                    replacements: [Replacement {
                        deleted_region: Region {
                            start_line,
                            start_column,
                            end_line,
                            end_column,
                            snippet: None,
                        },
                        inserted_content: Text {
                            text: &fix.replacement,
                        },
                    }],
                }],
            }]
        });
    SarifResult {
        rule_id: f.rule,
        rule_index,
        level: level(f.severity),
        message: Text { text: message(f) },
        partial_fingerprints: Fingerprint(fingerprint),
        locations: position.map(|p| [artifacts.location(report, doc, p)]),
        related_locations: related,
        fixes,
    }
}

/// Why SARIF logs could not be merged.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct MergeError {
    /// The log that could not be merged.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

/// Merges bitext SARIF logs (the outputs of `--shard 1/N` … `N/N`) into one
/// log with one run: GitHub code scanning takes one run per category and
/// upload, so shards are merged before the upload. Results keep their order
/// (log by log); `ruleIndex` is re-pointed into the merged rule list.
pub fn merge(logs: &[(String, Value)]) -> Result<Value, MergeError> {
    let mut rules: Vec<Value> = Vec::new();
    let mut results: Vec<Value> = Vec::new();
    for (path, log) in logs {
        let fail = |message: &str| MergeError {
            path: path.clone(),
            message: message.into(),
        };
        let runs = log["runs"]
            .as_array()
            .ok_or_else(|| fail("not a SARIF log (no runs)"))?;
        for run in runs {
            if run["tool"]["driver"]["name"] != "bitext" {
                return Err(fail("not a SARIF log written by bitext"));
            }
            let run_rules = run["tool"]["driver"]["rules"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let mut remap = Vec::new();
            for rule in &run_rules {
                let at = match rules.iter().position(|r| r["id"] == rule["id"]) {
                    Some(i) => i,
                    None => {
                        rules.push(rule.clone());
                        rules.len() - 1
                    }
                };
                remap.push(at);
            }
            for result in run["results"].as_array().into_iter().flatten() {
                let mut result = result.clone();
                if let Some(i) = result["ruleIndex"].as_u64() {
                    let to = remap
                        .get(i as usize)
                        .ok_or_else(|| fail("a ruleIndex points past the rules"))?;
                    result["ruleIndex"] = json!(to);
                }
                results.push(result);
            }
        }
    }
    Ok(json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "bitext",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "automationDetails": {"id": CATEGORY},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": original_uri_base_ids(),
            "results": results,
        }]
    }))
}

/// The finding's message, with its suggestion when the message does not
/// already carry it.
fn message(f: &Finding) -> String {
    match &f.suggestion {
        Some(s) if !f.message.contains(s.as_str()) => {
            format!("{} (suggestion: '{s}')", f.message)
        }
        _ => f.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::sample_report;

    #[test]
    fn results_carry_rule_level_region_and_fingerprint() {
        let v = to_value(&[sample_report()], &RenderOptions::default());
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        let r = &results[0];
        assert_eq!(r["ruleId"], "term-forbidden");
        assert_eq!(r["level"], "error");
        let rules = &v["runs"][0]["tool"]["driver"]["rules"];
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "term-forbidden"
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 1);
        assert_eq!(region["startColumn"], 21);
        assert_eq!(region["endColumn"], 32);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "draft%20en.txt"
        );
        assert!(r["partialFingerprints"][FINGERPRINT_KEY].is_string());
    }

    #[test]
    fn fingerprints_ignore_line_moves_but_not_content() {
        let a = sample_report();
        let mut moved = sample_report();
        // The same text, pushed down by two blank lines.
        let text = format!("\n\n{}", moved.target.text);
        let spans: Vec<(usize, usize)> = moved
            .target
            .segments
            .iter()
            .map(|s| (s.start + 2, s.end + 2))
            .collect();
        let target = Document::new(moved.target.name.clone(), text, moved.target.lang, &spans);
        // The findings a re-run gives: the same words, two lines down.
        let findings = moved
            .findings
            .into_iter()
            .map(|mut f| {
                if let Some(p) = &mut f.target {
                    *p = crate::check::Position::new(&target, p.segment, p.start + 2, p.end + 2);
                }
                f
            })
            .collect();
        // Fingerprinted afresh on the moved text.
        moved = PairReport::new(moved.source, target, moved.alignment, findings, 0);
        let fp = |r: &PairReport| {
            to_value(std::slice::from_ref(r), &RenderOptions::default())["runs"][0]["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["partialFingerprints"][FINGERPRINT_KEY].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(fp(&a), fp(&moved));
        let all = fp(&a);
        let unique: std::collections::HashSet<String> = all.iter().map(|v| v.to_string()).collect();
        assert_eq!(unique.len(), all.len());
    }

    #[test]
    fn sample_with_fixes_and_related_locations_is_valid_sarif() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sarif/sarif-schema-2.1.0.json"
        );
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let log = to_value(&[sample_report()], &RenderOptions::default());
        assert!(log["runs"][0]["results"][0]["fixes"].is_array());
        assert!(log["runs"][0]["results"][0]["relatedLocations"].is_array());
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert_eq!(errors, Vec::<String>::new());
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = json!("bogus");
        assert!(!validator.is_valid(&broken));
    }

    #[test]
    fn merged_shards_are_one_run_with_every_result() {
        let r = sample_report();
        let mut first = r.clone();
        first.retain(|f, _| f.rule == "term-forbidden");
        let mut second = r.clone();
        second.retain(|f, _| f.rule != "term-forbidden");
        let opts = RenderOptions::default();
        let whole = to_value(std::slice::from_ref(&r), &opts);
        let merged = merge(&[
            ("1.sarif".into(), to_value(&[first], &opts)),
            ("2.sarif".into(), to_value(&[second], &opts)),
        ])
        .unwrap();
        assert_eq!(merged["runs"].as_array().unwrap().len(), 1);
        assert_eq!(merged["runs"][0]["results"], whole["runs"][0]["results"]);
        assert!(
            merge(&[(
                "x".into(),
                json!({"runs": [{"tool": {"driver": {"name": "other"}}}]})
            )])
            .is_err()
        );
    }

    #[test]
    fn paths_below_the_root_are_relative_to_srcroot_others_file_uris() {
        let opts = RenderOptions {
            root: Some("/work/repo".into()),
            ..RenderOptions::default()
        };
        let at = |name: &str| artifact_location(name, &opts);
        assert_eq!(
            at("docs/a b.md"),
            json!({"uri": "docs/a%20b.md", "uriBaseId": SRCROOT})
        );
        assert_eq!(
            at("./docs/../x.md"),
            json!({"uri": "x.md", "uriBaseId": SRCROOT})
        );
        assert_eq!(
            at("/work/repo/docs/é.md"),
            json!({"uri": "docs/%C3%A9.md", "uriBaseId": SRCROOT})
        );
        assert_eq!(
            at("../other/t.md"),
            json!({"uri": "file:///work/other/t.md"})
        );
        assert_eq!(
            at("/tmp/a b#1.md"),
            json!({"uri": "file:///tmp/a%20b%231.md"})
        );
        assert_eq!(
            at("/work/repository/t.md"),
            json!({"uri": "file:///work/repository/t.md"})
        );
        assert_eq!(at("-"), json!({"uri": "-"}));
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("docs/été 1.txt"), "docs/%C3%A9t%C3%A9%201.txt");
        assert_eq!(pascal_case("term-missing"), "TermMissing");
    }
}
