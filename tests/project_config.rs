//! `bitext.toml` validation through the real binary: every bad entry is
//! reported (one line each, `bitext.toml:LINE:COLUMN: message`, file order,
//! exit 2, nothing on stdout), each at the place it is written even when the
//! same text appears twice or earlier in a comment.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn repo(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("docs/fr")).unwrap();
    fs::create_dir_all(root.join("docs/en")).unwrap();
    fs::write(root.join("docs/fr/a.md"), "Bonjour à tous.\n").unwrap();
    fs::write(root.join("docs/en/a.md"), "Hello everyone.\n").unwrap();
    fs::write(root.join("bitext.toml"), config).unwrap();
    dir
}

/// The error lines of `bitext check` in `dir`, with the config's path
/// shortened to `bitext.toml`; the run must fail with exit 2 and print
/// nothing on stdout.
fn config_errors(dir: &Path) -> Vec<String> {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let config = dir.join("bitext.toml").display().to_string();
    stderr
        .lines()
        .map(|l| {
            l.trim_start_matches("bitext: ")
                .replace(&config, "bitext.toml")
        })
        .collect()
}

/// The `LINE:COLUMN` of each error line.
fn places(errors: &[String]) -> Vec<&str> {
    errors
        .iter()
        .map(|e| {
            let rest = e
                .strip_prefix("bitext.toml:")
                .unwrap_or_else(|| panic!("{e}"));
            let end = rest.match_indices(':').nth(1).map(|(i, _)| i).unwrap();
            &rest[..end]
        })
        .collect()
}

#[test]
fn two_pairs_with_the_same_glob_are_both_reported_at_their_own_lines() {
    let dir = repo(
        r#"[[pair]]
source = "docs/fr/*.md"

[[pair]]
source_lang = "fr"
source = "docs/fr/*.md"
"#,
    );
    let errors = config_errors(dir.path());
    assert_eq!(places(&errors), ["2:10", "6:10"], "{errors:#?}");
    for e in &errors {
        assert!(
            e.contains(
                "source = \"docs/fr/*.md\" has no target: only PO and XLIFF files hold both sides"
            ),
            "{e}"
        );
    }
}

#[test]
fn every_bad_entry_is_reported_in_file_order() {
    // The bad rule name and the bad language code first appear in the
    // comment: a search for their text would point there.
    let dir = repo(
        r#"# term-missng and "fra" below are wrong on purpose.
exclude = ["[unclosed"]

[[pair]]
source = "docs/fr/*.md"
target = "docs/en/{path}"
source_lang = "fra"
format = "nope"

[[pair]]
source = "docs/fr/*.md"
target = "../en/{path}"

[rules]
term-missng = "error"
term-forbidden = "loud"

[[ignore]]
paths = ["docs/*"]
rules = ["not-a-rule"]
"#,
    );
    let errors = config_errors(dir.path());
    assert_eq!(
        places(&errors),
        ["2:12", "7:15", "8:10", "12:10", "15:1", "16:1", "20:10"],
        "{errors:#?}"
    );
    let says = [
        "exclude = \"[unclosed\": unclosed character class",
        "fra: not an ISO 639-1 language code",
        "format = \"nope\": expected auto, text, lines, markdown, po, xliff or json",
        "target = \"../en/{path}\" goes up with ..: it leaves the project's directory",
        "[rules] term-missng: unknown rule (known: ",
        "[rules] term-forbidden = \"loud\": expected error, warning, info or off",
        "[[ignore]] rules: not-a-rule: unknown rule (known: ",
    ];
    for (e, says) in errors.iter().zip(says) {
        assert!(e.contains(says), "{e} / {says}");
    }
}

#[test]
fn a_good_entry_beside_a_bad_one_is_not_reported() {
    let dir = repo(
        r#"[[pair]]
source = "docs/fr/*.md"
target = "docs/en/{path}"
target_lang = "en"

[[pair]]
source = "docs/fr/a.md"
target = "docs/en/a.md"
target_lang = "english"
"#,
    );
    let errors = config_errors(dir.path());
    assert_eq!(
        errors,
        ["bitext.toml:9:15: english: not an ISO 639-1 language code"]
    );
}

#[test]
fn every_pair_that_matches_no_file_is_reported() {
    let dir = repo(
        r#"[[pair]]
source = "docs/de/*.md"
target = "docs/en/{path}"

[[pair]]
source = "docs/fr/*.md"
target = "docs/en/{path}"

[[pair]]
source = "docs/de/*.md"
target = "docs/es/{path}"
"#,
    );
    let errors = config_errors(dir.path());
    assert_eq!(
        errors,
        [
            "bitext.toml:2:10: source = \"docs/de/*.md\" matches no file",
            "bitext.toml:10:10: source = \"docs/de/*.md\" matches no file",
        ]
    );
}
