//! TBX and CSV/TSV term bases mean what `glossary.toml` means: the files in
//! `tests/data/glossary/` (made from `glossary.toml` by
//! `scripts/glossary_convert.py`) load to the same terms and give the same
//! findings on the bundled corpus through the binary; malformed ones are
//! input errors naming file, line and column.

use assert_cmd::Command;
use bitext::glossary::{self, Glossary};
use std::path::Path;

const CONVERTED: &[&str] = &[
    "tests/data/glossary/glossary.tbx",
    "tests/data/glossary/glossary.v3.tbx",
    "tests/data/glossary/glossary.csv",
    "tests/data/glossary/glossary.tsv",
];

/// The terms without their line numbers (which differ by format).
fn comparable(g: &Glossary) -> Glossary {
    let mut g = g.clone();
    for t in &mut g.terms {
        t.line = 0;
    }
    g
}

#[test]
fn converted_term_bases_load_to_the_same_terms() {
    let toml = glossary::load("glossary.toml").unwrap();
    assert!(toml.terms.len() > 40);
    assert!(toml.terms.iter().any(|t| t.case_sensitive) && toml.terms.iter().any(|t| t.exact));
    assert!(toml.terms.iter().any(|t| t.target.len() > 1));
    assert!(toml.terms.iter().any(|t| !t.forbidden.is_empty()));
    for path in CONVERTED {
        let other = glossary::load(path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(comparable(&other), comparable(&toml), "{path}");
    }
}

fn check_json(glossary: &str) -> (Option<i32>, String) {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args([
            "check",
            "corpus/mistral.fr.txt",
            "corpus/mistral.en.draft.txt",
            "--format",
            "json",
            "--glossary",
            glossary,
        ])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty() || !String::from_utf8_lossy(&out.stderr).contains("error"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn tbx_and_csv_give_the_same_findings_as_toml() {
    let (code, toml) = check_json("glossary.toml");
    let parsed: serde_json::Value = serde_json::from_str(&toml).unwrap();
    let terms = parsed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("term-"))
        .count();
    assert!(terms >= 5, "the draft has term findings: {terms}");
    for path in CONVERTED {
        let (other_code, other) = check_json(path);
        assert_eq!(other_code, code, "{path}");
        assert!(
            other == toml,
            "{path} gives other findings than glossary.toml"
        );
    }
}

fn fails_with_one_line(glossary: &Path) -> String {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .args([
            "check",
            "corpus/mistral.fr.txt",
            "corpus/mistral.en.draft.txt",
            "--glossary",
        ])
        .arg(glossary)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn malformed_term_bases_are_input_errors_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "bad.tbx",
            "<martif xml:lang=\"fr\"><text><body>\n<termEntry>\n  <langSet xml:lang=\"fr\"><tig><term>a</term></tig></langSet>\n  <langSet xml:lang=\"en\"><tig><term>b</tig></langSet>\n</termEntry></body></text></martif>\n",
            ":4:",
        ),
        (
            "empty-term.tbx",
            "<martif xml:lang=\"fr\"><text><body>\n<termEntry>\n<langSet xml:lang=\"fr\"><tig><term>a</term></tig></langSet>\n<langSet xml:lang=\"en\"><tig>\n  <term/></tig></langSet>\n</termEntry></body></text></martif>\n",
            ":5:3:",
        ),
        (
            "bad.csv",
            "fr,en\nIA,AI\n\"tour de table,funding round\n",
            ":3:1:",
        ),
        ("bad.tsv", "fr\ten\tcolour\nIA\tAI\t\n", ":1:7:"),
    ];
    for (name, text, at) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let stderr = fails_with_one_line(&path);
        let expected = format!("{}{at}", path.display());
        assert!(
            stderr.contains(&expected),
            "{name}: expected {expected} in {stderr}"
        );
    }
}
