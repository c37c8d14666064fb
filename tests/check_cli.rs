//! `bitext check` through the real binary: findings, exit status and
//! glossary errors (pre-segmented input, so that the checks are tested
//! without depending on the segmenter and aligner).

use assert_cmd::Command;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn bitext(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.current_dir(dir);
    cmd
}

const GLOSSARY: &str = "[[term]]\nsource = \"tour de table\"\ntarget = \"funding round\"\nforbidden = \"table round\"\n";

#[test]
fn findings_point_at_the_words_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "g.toml", GLOSSARY);
    let s = write(
        dir.path(),
        "s.txt",
        "Le tour de table.\nIls ont levé 5,8 milliards.\n",
    );
    let t = write(
        dir.path(),
        "t.txt",
        "The table round.\nThey raised 5.8 million.\n",
    );
    let out = bitext(dir.path())
        .args([
            "check",
            "--lines",
            "--glossary",
            &g,
            "--format",
            "json",
            &s,
            &t,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    // The forbidden rendering is one finding, not also a missing term.
    assert_eq!(rules, ["term-forbidden", "number-mismatch"]);
    assert_eq!(findings[0]["source"]["text"], "tour de table");
    assert_eq!(findings[0]["source"]["column"], 4);
    assert_eq!(findings[0]["target"]["text"], "table round");
    assert_eq!(findings[0]["suggestion"], "funding round");
    assert_eq!(findings[1]["source"]["text"], "5,8 milliards");
    assert_eq!(findings[1]["target"]["text"], "5.8 million");
    assert_eq!(findings[1]["suggestion"], "5.8 billion");
}

#[test]
fn a_correct_translation_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "g.toml", GLOSSARY);
    let s = write(dir.path(), "s.txt", "Le tour de table de 1 000 M€.\n");
    let t = write(dir.path(), "t.txt", "The €1,000m funding round.\n");
    bitext(dir.path())
        .args(["check", "--lines", "--glossary", &g, &s, &t])
        .assert()
        .code(0);
}

#[test]
fn a_reversed_glossary_serves_the_other_direction() {
    let dir = tempfile::tempdir().unwrap();
    let g = write(
        dir.path(),
        "g.toml",
        "source_lang = \"en\"\ntarget_lang = \"fr\"\n[[term]]\nsource = \"funding round\"\ntarget = \"tour de table\"\n",
    );
    let s = write(dir.path(), "s.txt", "Le tour de table.\n");
    let t = write(dir.path(), "t.txt", "The meeting.\n");
    let out = bitext(dir.path())
        .args([
            "check",
            "--lines",
            "--glossary",
            &g,
            "--format",
            "json",
            &s,
            &t,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"][0]["suggestion"], "funding round");
    // And the glossary's own direction, English → French.
    let out = bitext(dir.path())
        .args([
            "check",
            "--lines",
            "--glossary",
            &g,
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
            "--format",
            "json",
            &t,
            &s,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Runs a check with `glossary` and returns stderr, asserting exit 2 and one line.
fn glossary_error(glossary: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let g = write(dir.path(), "g.toml", glossary);
    let s = write(dir.path(), "s.txt", "Un.\n");
    let t = write(dir.path(), "t.txt", "One.\n");
    let out = bitext(dir.path())
        .args(["check", "--lines", "--glossary", &g])
        .args(extra)
        .args([&s, &t])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn glossary_errors_name_file_line_column_and_key() {
    let e = glossary_error("[[term]]\nsource = \"a\"\ntarget = 3\n", &[]);
    assert!(e.contains("g.toml:3:10:") && e.contains("target"), "{e}");
    let e = glossary_error(
        "[[term]]\nsource = \"a\"\ntarget = \"b\"\nnotes = \"x\"\n",
        &[],
    );
    assert!(e.contains("g.toml:4:1:") && e.contains("notes"), "{e}");
    let e = glossary_error(
        "[[term]]\nsource = \"a\"\ntarget = \"b\"\n[[term]]\nsource = \"A\"\ntarget = \"c\"\n",
        &[],
    );
    assert!(e.contains("g.toml:5:10:") && e.contains("duplicate"), "{e}");
    let e = glossary_error(
        "[[term]]\nsource = \"a\"\ntarget = \"b\"\n",
        &["--target-lang", "de"],
    );
    assert!(e.contains("g.toml") && e.contains("fr→en"), "{e}");
}
