//! `bitext check` with no files: a small repository with `bitext.toml`,
//! checked through the real binary.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "bitext.toml", config);
    write(
        root,
        "docs/fr/intro.md",
        "Bonjour à tous.\n\nMistral a levé 600 millions d'euros.\n",
    );
    write(
        root,
        "docs/en/intro.md",
        "Hello everyone.\n\nMistral raised €600 million.\n",
    );
    write(root, "docs/fr/guide/setup.md", "Installez le logiciel.\n");
    write(root, "docs/fr/guide/usage.md", "Lancez la commande.\n");
    write(root, "docs/en/guide/usage.md", "Run the command.\n");
    write(root, "README.md", "not part of any pair\n");
    dir
}

const CONFIG: &str = r#"
[[pair]]
source = "docs/fr/**/*.md"
target = "docs/en/{path}"
source_lang = "fr"
target_lang = "en"
"#;

fn check_json(dir: &Path) -> (i32, serde_json::Value) {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout} / {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), value)
}

#[test]
fn a_source_without_target_is_a_missing_translation() {
    let dir = repo(CONFIG);
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 1);
    let missing: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "missing-translation")
        .collect();
    assert_eq!(missing.len(), 1, "{json:#}");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("docs/en/guide/setup.md")
    );
    assert_eq!(missing[0]["severity"], "error");
    assert_eq!(json["summary"]["source_segments"], 4);
}

#[test]
fn the_config_is_found_from_a_subdirectory_and_output_is_stable() {
    let dir = repo(CONFIG);
    let sub = dir.path().join("docs/fr/guide");
    let (_, first) = check_json(&sub);
    for _ in 0..3 {
        let (_, again) = check_json(&sub);
        assert_eq!(first, again);
    }
}

#[test]
fn rules_overrides_change_severity_and_exit_status() {
    let dir = repo(&format!(
        "{CONFIG}\n[rules]\nmissing-translation = \"warning\"\n"
    ));
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0);
    assert!(json["summary"]["warnings"].as_u64().unwrap() >= 1);

    let dir = repo(&format!(
        "{CONFIG}\n[rules]\nmissing-translation = \"off\"\n"
    ));
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 0);
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "missing-translation")
    );
}

#[test]
fn a_glob_that_matches_nothing_is_an_input_error() {
    let dir = repo("[[pair]]\nsource = \"docs/de/**/*.md\"\ntarget = \"docs/en/{path}\"\n");
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bitext.toml:2:10: source = \"docs/de/**/*.md\" matches no file"),
        "{err}"
    );
}

#[test]
fn no_config_and_no_files_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no bitext.toml"));
}
