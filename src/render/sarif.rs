//! `check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//!
//! Every result has its `ruleId` (and `ruleIndex` into `tool.driver.rules`),
//! a `level`, a repository-relative `uri`, a region with start and end line
//! and column (columns in Unicode code points, declared by `columnKind`), the
//! source sentence as a related location, the fix as a SARIF `fix`, and a
//! `partialFingerprints` entry that does not depend on line numbers, so a
//! finding keeps its identity when text above it moves.

use super::{RenderOptions, display_path, end_line_column, fix_fits, primary};
use crate::check::{Finding, Position, RuleInfo, Severity, all_rules};
use crate::document::{Document, one_line};
use crate::pipeline::PairReport;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

/// The schema URI written in `$schema` (the OASIS errata 01 schema).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Key of our entry in `partialFingerprints`; bump the version if the hashed
/// fields ever change, so that old alerts are not silently re-matched.
pub const FINGERPRINT_KEY: &str = "bitextFinding/v1";

/// Writes one SARIF log with one run holding every pair's findings. Results
/// are built and written one at a time: memory does not grow with the log.
pub fn write(reports: &[PairReport], opts: &RenderOptions, w: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Log<R> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        version: &'static str,
        runs: [Run<R>; 1],
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Run<R> {
        tool: Value,
        column_kind: &'static str,
        results: R,
    }
    let rules = rules_for(reports);
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: tool(&rules),
            column_kind: COLUMN_KIND,
            results: super::Streamed(|| results(reports, &index, opts)),
        }],
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

const COLUMN_KIND: &str = "unicodeCodePoints";

/// The SARIF log as a JSON value (tests validate it against the schema).
pub fn to_value(reports: &[PairReport], opts: &RenderOptions) -> Value {
    let rules = rules_for(reports);
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": tool(&rules),
            "columnKind": COLUMN_KIND,
            "results": results(reports, &index, opts).collect::<Vec<_>>(),
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

/// Every pair's results in order, each built when it is asked for.
fn results<'a>(
    reports: &'a [PairReport],
    index: &'a HashMap<&str, usize>,
    opts: &'a RenderOptions,
) -> impl Iterator<Item = Value> + 'a {
    reports.iter().flat_map(move |report| {
        let mut seen: HashMap<String, usize> = HashMap::new();
        report.findings.iter().map(move |f| {
            let key = fingerprint_key(report, f);
            let fingerprint = format!("{:016x}:", fnv1a64(key.as_bytes()));
            let occurrence = seen.entry(key).or_insert(0);
            *occurrence += 1;
            let fingerprint = format!("{fingerprint}{occurrence}");
            result(report, f, index[f.rule], &fingerprint, opts)
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

/// What identifies a finding whatever the line it is on: the rule, the
/// source sentence, and the matched words.
fn fingerprint_key(report: &PairReport, f: &Finding) -> String {
    let sentence = |doc: &Document, p: &Position| {
        doc.segments
            .get(p.segment)
            .map(|_| one_line(doc.display_text(p.segment)))
            .unwrap_or_default()
    };
    let (anchor, matched) = match (&f.source, &f.target) {
        (Some(s), t) => (
            sentence(&report.source, s),
            t.as_ref().map(|t| one_line(&t.text)).unwrap_or_default(),
        ),
        (None, Some(t)) => (sentence(&report.target, t), one_line(&t.text)),
        (None, None) => (String::new(), String::new()),
    };
    format!("{}\u{0}{anchor}\u{0}{matched}", f.rule)
}

/// FNV-1a, 64 bits: a hash whose value is fixed by its definition, unlike
/// std's `DefaultHasher`, so fingerprints stay equal across builds.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A URI reference for a path: `/`-separated, with characters outside the
/// unreserved set and `/` percent-encoded.
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

fn region(doc: &Document, p: &Position) -> Value {
    let (end_line, end_column) = end_line_column(doc, p);
    json!({
        "startLine": p.line,
        "startColumn": p.column,
        "endLine": end_line,
        "endColumn": end_column,
        "snippet": {"text": p.text},
    })
}

fn location(doc: &Document, p: &Position, opts: &RenderOptions) -> Value {
    json!({"physicalLocation": {
        "artifactLocation": {"uri": uri(&display_path(&doc.name, opts))},
        "region": region(doc, p),
    }})
}

fn result(
    report: &PairReport,
    f: &Finding,
    rule_index: usize,
    fingerprint: &str,
    opts: &RenderOptions,
) -> Value {
    let doc = primary(report, f);
    let position = f.target.as_ref().or(f.source.as_ref());
    let mut value = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": message(f)},
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    });
    if let Some(p) = position {
        value["locations"] = json!([location(doc, p, opts)]);
    }
    if let (Some(s), Some(_)) = (&f.source, &f.target) {
        let mut related = location(&report.source, s, opts);
        related["id"] = json!(0);
        related["message"] = json!({"text": "source sentence"});
        value["relatedLocations"] = json!([related]);
    }
    if let Some(fix) = &f.fix
        && fix_fits(&report.target, fix)
    {
        let (start_line, start_column) = report.target.line_column(fix.start);
        let (end_line, end_column) = report.target.line_column(fix.end);
        value["fixes"] = json!([{
            "description": {"text": format!("Replace with '{}'", fix.replacement)},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri(&display_path(&report.target.name, opts))},
                "replacements": [{
                    "deletedRegion": {
                        "startLine": start_line, "startColumn": start_column,
                        "endLine": end_line, "endColumn": end_column,
                    },
                    "insertedContent": {"text": fix.replacement},
                }],
            }],
        }]);
    }
    value
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
        moved.target = Document::new(moved.target.name.clone(), text, moved.target.lang, &spans);
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
    fn fnv_matches_its_published_test_vector() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("docs/été 1.txt"), "docs/%C3%A9t%C3%A9%201.txt");
        assert_eq!(pascal_case("term-missing"), "TermMissing");
    }
}
