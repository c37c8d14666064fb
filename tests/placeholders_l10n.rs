//! `placeholder-mismatch` on the localisation corpus (`tests/data/l10n`):
//! every planted placeholder error of the PO and JSON catalogues is found, no
//! trap is hit, and the unmodified shipped catalogues give (almost) nothing.
//!
//! The catalogues are read here by a minimal PO reader and a JSON flattener
//! of the test's own (entries onto [`Document`]s with `BlockKind::Entry`
//! blocks, as the format readers do), so that the check is measured on its
//! own; positions are the msgstr keyword lines of planted.json.

use bitext::align::Alignment;
use bitext::check::{Check, CheckContext, Finding, placeholders::Placeholders};
use bitext::document::{Block, BlockKind, Document, Entry, Layout};
use bitext::glossary::Glossary;
use bitext::lang::Lang;
use serde_json::Value;
use std::collections::BTreeSet;

const DATA: &str = "tests/data/l10n";

/// One translatable unit: source, target, flags, plural form, and where it
/// is (msgstr line, or JSON key path).
struct Unit {
    source: String,
    target: String,
    flags: Vec<String>,
    plural: Option<usize>,
    key: String,
    line: usize,
}

fn unquote(line: &str) -> String {
    let inner = line.trim();
    let inner = &inner[1..inner.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Units of a PO file: header, fuzzy and obsolete entries skipped.
fn read_po(text: &str) -> Vec<Unit> {
    #[derive(Default)]
    struct Raw {
        flags: Vec<String>,
        ctx: String,
        id: String,
        plural: Option<String>,
        strs: Vec<(String, usize)>,
        obsolete: bool,
    }
    let mut units = Vec::new();
    let mut raw = Raw::default();
    // Which string continuation lines extend.
    #[derive(PartialEq)]
    enum Field {
        None,
        Ctx,
        Id,
        Plural,
        Str,
    }
    let mut field = Field::None;
    let mut flush = |raw: &mut Raw| {
        let r = std::mem::take(raw);
        if r.obsolete || r.id.is_empty() || r.flags.iter().any(|f| f == "fuzzy") {
            return;
        }
        for (n, (target, line)) in r.strs.iter().enumerate() {
            let (source, plural) = match &r.plural {
                Some(p) if n > 0 => (p.clone(), Some(n)),
                Some(_) => (r.id.clone(), Some(0)),
                None => (r.id.clone(), None),
            };
            units.push(Unit {
                source,
                target: target.clone(),
                flags: r.flags.clone(),
                plural,
                key: match plural {
                    Some(n) => format!("{}\u{4}{}[{n}]", r.ctx, r.id),
                    None => format!("{}\u{4}{}", r.ctx, r.id),
                },
                line: *line,
            });
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            flush(&mut raw);
            field = Field::None;
            continue;
        }
        if line.starts_with("#~") {
            raw.obsolete = true;
            continue;
        }
        if let Some(flags) = line.strip_prefix("#,") {
            raw.flags
                .extend(flags.split(',').map(|f| f.trim().to_string()));
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.starts_with('"') {
            let s = unquote(line);
            match field {
                Field::Ctx => raw.ctx.push_str(&s),
                Field::Id => raw.id.push_str(&s),
                Field::Plural => raw.plural.get_or_insert_default().push_str(&s),
                Field::Str => raw.strs.last_mut().unwrap().0.push_str(&s),
                Field::None => {}
            }
            continue;
        }
        let (keyword, rest) = line.split_once(' ').unwrap();
        match keyword {
            "msgctxt" => {
                flush(&mut raw);
                raw.ctx = unquote(rest);
                field = Field::Ctx;
            }
            "msgid" => {
                if !raw.strs.is_empty() {
                    flush(&mut raw);
                }
                raw.id = unquote(rest);
                field = Field::Id;
            }
            "msgid_plural" => {
                raw.plural = Some(unquote(rest));
                field = Field::Plural;
            }
            k if k.starts_with("msgstr") => {
                raw.strs.push((unquote(rest), line_no));
                field = Field::Str;
            }
            _ => {}
        }
    }
    flush(&mut raw);
    units
}

/// Leaves of a JSON catalogue by key path (arrays as `key.0`).
fn flatten(value: &Value, prefix: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(v, &key, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, &format!("{prefix}.{i}"), out);
            }
        }
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        _ => {}
    }
}

fn read_json(source: &str, target: &str) -> Vec<Unit> {
    let mut s = Vec::new();
    let mut t = Vec::new();
    flatten(&serde_json::from_str(source).unwrap(), "", &mut s);
    flatten(&serde_json::from_str(target).unwrap(), "", &mut t);
    s.into_iter()
        .filter_map(|(key, source)| {
            let target = t.iter().find(|(k, _)| *k == key)?.1.clone();
            Some(Unit {
                source,
                target,
                flags: Vec::new(),
                plural: None,
                key,
                line: 0,
            })
        })
        .collect()
}

fn document(name: &str, lang: Lang, units: &[Unit], target: bool) -> Document {
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut spans = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let start = text.len();
        text.push_str(if target { &u.target } else { &u.source });
        blocks.push(Block {
            kind: BlockKind::Entry(Box::new(Entry {
                key: u.key.clone(),
                flags: u.flags.clone(),
                plural: u.plural,
            })),
            start,
            end: text.len(),
        });
        spans.push((start, text.len(), Some(i)));
        text.push_str("\n\n");
    }
    let layout = Layout {
        blocks,
        ..Layout::default()
    };
    Document::with_layout(name.into(), text, lang, layout, &spans)
}

/// The findings on `units` (English → French).
fn check(units: &[Unit]) -> Vec<Finding> {
    let source = document("en", Lang::EN, units, false);
    let target = document("fr", Lang::FR, units, true);
    let alignment = Alignment::one_to_one(units.len());
    let glossary = Glossary::default();
    let ctx = CheckContext {
        source: &source,
        target: &target,
        alignment: &alignment,
        glossary: &glossary,
        terms: None,
    };
    let mut out = Vec::new();
    Placeholders.run(&ctx, &mut out);
    out
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{DATA}/{path}")).unwrap()
}

/// `(file, line or key)` of every finding on the planted catalogues.
fn planted_findings() -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(format!("{DATA}/planted")).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("planted/{}", path.file_name().unwrap().to_string_lossy());
        let units = read_po(&std::fs::read_to_string(&path).unwrap());
        for f in check(&units) {
            let unit = &units[f.target.as_ref().unwrap().segment];
            found.insert((name.clone(), unit.line.to_string()));
        }
    }
    let units = read_json(&read("json/en/app.json"), &read("json/fr-planted/app.json"));
    for f in check(&units) {
        let unit = &units[f.target.as_ref().unwrap().segment];
        found.insert(("json/fr-planted/app.json".into(), unit.key.clone()));
    }
    found
}

fn place(item: &Value) -> (String, String) {
    let file = item["file"].as_str().unwrap().to_string();
    let at = match item.get("key").and_then(Value::as_str) {
        Some(key) => key.to_string(),
        None => item["line"].to_string(),
    };
    (file, at)
}

#[test]
fn every_planted_placeholder_error_is_found_and_no_trap_is_hit() {
    let found = planted_findings();
    let planted: Vec<Value> = serde_json::from_str(&read("planted.json")).unwrap();
    let ours: Vec<&Value> = planted
        .iter()
        .filter(|p| {
            let file = p["file"].as_str().unwrap();
            (file.starts_with("planted/") || file.starts_with("json/"))
                && p["rules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r == "placeholder-mismatch")
        })
        .collect();
    let missed: Vec<String> = ours
        .iter()
        .filter(|p| !found.contains(&place(p)))
        .map(|p| format!("{:?} {} {}", place(p), p["kind"], p["msgid"]))
        .collect();
    eprintln!(
        "placeholder errors planted: {}, findings at {} places",
        ours.len(),
        found.len()
    );
    assert!(
        ours.len() >= 30,
        "{} placeholder errors planted",
        ours.len()
    );
    assert!(
        missed.is_empty(),
        "missed {} of {}: {missed:#?}",
        missed.len(),
        ours.len()
    );

    let traps: Vec<Value> = serde_json::from_str(&read("traps.json")).unwrap();
    let hit: Vec<String> = traps
        .iter()
        .filter(|t| found.contains(&place(t)))
        .map(|t| format!("{:?} {} {}", place(t), t["kind"], t["msgid"]))
        .collect();
    assert!(hit.is_empty(), "traps hit: {hit:#?}");

    // Whatever else is reported on the planted files is another planted
    // error (a dropped directive found as a wrong type, an omission …).
    let known: BTreeSet<(String, String)> = planted.iter().map(place).collect();
    let extra: Vec<&(String, String)> = found.iter().filter(|f| !known.contains(f)).collect();
    assert!(
        extra.is_empty(),
        "reported where nothing was planted: {extra:#?}"
    );
}

#[test]
fn the_shipped_catalogues_are_clean() {
    let mut flags = Vec::new();
    for entry in std::fs::read_dir(format!("{DATA}/clean")).unwrap() {
        let path = entry.unwrap().path();
        let units = read_po(&std::fs::read_to_string(&path).unwrap());
        assert!(units.len() > 50, "{path:?} read");
        for f in check(&units) {
            let unit = &units[f.target.as_ref().unwrap().segment];
            flags.push(format!("{}:{} {}", path.display(), unit.line, f.message));
        }
    }
    let units = read_json(&read("json/en/app.json"), &read("json/fr/app.json"));
    for f in check(&units) {
        flags.push(format!(
            "json/fr/app.json {} {}",
            units[f.target.as_ref().unwrap().segment].key,
            f.message
        ));
    }
    assert!(flags.is_empty(), "{flags:#?}");
}

/// Through the binary on prose: the check is one of `all_checks()`, an error
/// by default, and points at the placeholder.
#[test]
fn prose_placeholders_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let fr = dir.path().join("a.fr.txt");
    let en = dir.path().join("a.en.txt");
    std::fs::write(
        &fr,
        "Le fichier %s est introuvable.\n\nIl reste 50 % des fonds.\n",
    )
    .unwrap();
    std::fs::write(&en, "The file is missing.\n\n50% of the funds remain.\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "a.fr.txt", "a.en.txt", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "placeholder-mismatch")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["source"]["text"], "%s");
    assert_eq!(found[0]["source"]["column"], 12);
}
