//! Output formats through the real binary, pinned with insta snapshots on the
//! bundled corpus (gold `.lines.txt` inputs with `--lines`, so the pins
//! depend on the aligner and the checks, not on the segmenter).
//!
//! When the aligner or the checks change, review the new outputs and accept
//! them: `cargo insta test --accept --test cli_output` (or
//! `INSTA_UPDATE=always cargo test --test cli_output`).

use assert_cmd::Command;
use serde_json::Value;

const FR: &str = "corpus/mistral.fr.lines.txt";
const DRAFT: &str = "corpus/mistral.en.draft.lines.txt";
const REFERENCE: &str = "corpus/mistral.en.lines.txt";

/// Runs bitext from the repository root with a clean environment for colour
/// and GitHub variables; returns stdout, stderr and the exit code.
fn bitext(args: &[&str]) -> (String, String, i32) {
    bitext_env(args, &[])
}

fn bitext_env(args: &[&str], env: &[(&str, &str)]) -> (String, String, i32) {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("CLICOLOR_FORCE")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn check(format: &str) -> (String, String, i32) {
    bitext(&[
        "--lines",
        "check",
        FR,
        DRAFT,
        "--format",
        format,
        "--fail-on",
        "never",
    ])
}

#[test]
fn check_human_on_corpus() {
    let (out, err, code) = check("human");
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("check_human", out);
}

#[test]
fn check_json_on_corpus() {
    let (out, _, code) = check("json");
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["source_segments"], 39);
    assert_eq!(v["summary"]["target_segments"], 38);
    insta::assert_snapshot!("check_json", out);
}

#[test]
fn check_sarif_on_corpus() {
    let (out, _, code) = check("sarif");
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    for r in v["runs"][0]["results"].as_array().unwrap() {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("corpus/"), "{uri}");
    }
    insta::assert_snapshot!("check_sarif", out);
}

#[test]
fn sarif_fingerprints_are_stable_across_runs() {
    let fingerprints = |out: &str| -> Vec<Value> {
        let v: Value = serde_json::from_str(out).unwrap();
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    let a = fingerprints(&check("sarif").0);
    let b = fingerprints(&check("sarif").0);
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn check_github_on_corpus_and_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let (out, _, code) = bitext_env(
        &[
            "--lines",
            "check",
            FR,
            DRAFT,
            "--format",
            "github",
            "--fail-on",
            "never",
        ],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    insta::assert_snapshot!("check_github", out);
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n### bitext: "),
        "{written}"
    );
    insta::assert_snapshot!("check_github_step_summary", written);
}

#[test]
fn review_on_corpus() {
    let (out, err, code) = bitext(&["--lines", "review", FR, DRAFT]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("review", out);
}

#[test]
fn diff_draft_to_reference_on_corpus() {
    let (out, err, code) = bitext(&["--lines", "diff", FR, DRAFT, REFERENCE]);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("diff_text", out);
    let (json, _, code) = bitext(&["--lines", "diff", FR, DRAFT, REFERENCE, "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(v["summary"]["changed_segments"].as_u64().unwrap() > 0);
    insta::assert_snapshot!("diff_json", json);
}

#[test]
fn diff_of_a_file_with_itself_is_empty() {
    let (out, _, code) = bitext(&["--lines", "diff", FR, DRAFT, DRAFT]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0 segments changed, 0 findings fixed, 0 introduced"),
        "{out}"
    );
    assert!(!out.contains("@@"));
}

#[test]
fn colour_follows_flag_no_color_and_pipes() {
    let escape = '\u{1b}';
    let args = ["--lines", "check", FR, DRAFT, "--fail-on", "never"];
    // Piped (not a terminal): clean by default.
    assert!(!bitext(&args).0.contains(escape));
    let mut always = vec!["--color", "always"];
    always.extend_from_slice(&args);
    assert!(bitext(&always).0.contains(escape));
    let mut never = vec!["--color", "never"];
    never.extend_from_slice(&args);
    assert!(!bitext(&never).0.contains(escape));
    // NO_COLOR wins over `auto` even where colour would otherwise be chosen.
    assert!(!bitext_env(&args, &[("NO_COLOR", "1")]).0.contains(escape));
}

#[test]
fn fail_on_sets_the_exit_status() {
    let (out, _, _) = check("json");
    let v: Value = serde_json::from_str(&out).unwrap();
    let s = &v["summary"];
    let count = |k: &str| s[k].as_u64().unwrap();
    let expect = |threshold: &str, fails: bool| {
        let (_, _, code) = bitext(&[
            "--lines",
            "check",
            FR,
            DRAFT,
            "--format",
            "json",
            "--fail-on",
            threshold,
        ]);
        assert_eq!(code, if fails { 1 } else { 0 }, "--fail-on {threshold}");
    };
    expect("error", count("errors") > 0);
    expect("warning", count("errors") + count("warnings") > 0);
    expect(
        "info",
        count("errors") + count("warnings") + count("infos") > 0,
    );
    expect("never", false);
    // A clean pair passes even at `--fail-on info`.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fr.txt"), "Bonjour tout le monde.\n").unwrap();
    std::fs::write(dir.path().join("en.txt"), "Hello everyone.\n").unwrap();
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "fr.txt", "en.txt", "--fail-on", "info"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "no findings (1 source and 1 target segments, 1 link)\n"
    );
}

#[test]
fn review_html_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.html");
    let (out, _, code) = bitext(&[
        "--lines",
        "review",
        FR,
        DRAFT,
        "--html",
        path.to_str().unwrap(),
    ]);
    assert_eq!((code, out.as_str()), (0, ""));
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(!html.contains("https://") && !html.contains("http://"));
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn review_html_to_standard_output() {
    let (out, _, code) = bitext(&["--lines", "review", FR, DRAFT, "--html", "-"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("<!DOCTYPE html>") && out.ends_with("</html>\n"));
}

#[test]
fn review_html_write_failure_is_exit_2_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("review.html");
    let (out, err, code) = bitext(&[
        "--lines",
        "review",
        FR,
        DRAFT,
        "--html",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("review.html"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn align_tmx_is_well_formed_with_one_tu_per_two_sided_link() {
    let (tmx, _, code) = bitext(&["--lines", "align", FR, REFERENCE, "--format", "tmx"]);
    assert_eq!(code, 0);
    let (json, _, _) = bitext(&["--lines", "align", FR, REFERENCE, "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let two_sided = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            !l["source"].as_array().unwrap().is_empty()
                && !l["target"].as_array().unwrap().is_empty()
        })
        .count();
    assert!(tmx.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"));
    assert_eq!(tmx.matches("<tu>").count(), two_sided);
    assert_eq!(tmx.matches("</tu>").count(), two_sided);
    assert_eq!(tmx.matches("<tuv xml:lang=\"fr\">").count(), two_sided);
    assert!(tmx.contains("Mistral"));
    assert!(!tmx.contains(" & "), "unescaped ampersand");
}

#[test]
fn completions_and_man_page_come_from_the_clap_definitions() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (out, _, code) = bitext(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains("bitext"), "{shell}");
        assert!(out.contains("--fail-on"), "{shell}: subcommand options");
    }
    let (man, _, code) = bitext(&["man"]);
    assert_eq!(code, 0);
    assert!(
        man.starts_with(".ie") || man.contains(".TH bitext"),
        "{man}"
    );
    assert!(man.contains("review"));
    let (page, _, code) = bitext(&["man", "check"]);
    assert_eq!(code, 0);
    assert!(page.contains("bitext\\-check"), "{page}");
    assert!(page.contains("fail\\-on"), "{page}");
    let (out, err, code) = bitext(&["man", "nope"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("nope: no such subcommand"), "{err}");
    let (_, err, code) = bitext(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("tcsh"));
}

#[test]
fn absolute_inputs_get_repository_relative_uris() {
    let root = env!("CARGO_MANIFEST_DIR");
    let fr = format!("{root}/{FR}");
    let draft = format!("{root}/{DRAFT}");
    let (out, _, code) = bitext(&[
        "--lines",
        "check",
        &fr,
        &draft,
        "--format",
        "sarif",
        "--fail-on",
        "never",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let uri = &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert!(uri.as_str().unwrap().starts_with("corpus/"), "{uri}");
    }
    let (out, _, _) = bitext(&[
        "--lines",
        "check",
        &fr,
        &draft,
        "--format",
        "github",
        "--fail-on",
        "never",
    ]);
    assert!(out.contains("file=corpus/mistral."), "{out}");
}

#[test]
fn review_html_onto_a_directory_fails_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("taken");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "x").unwrap();
    let (out, err, code) = bitext(&[
        "--lines",
        "review",
        FR,
        DRAFT,
        "--html",
        target.to_str().unwrap(),
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("taken"), "{err}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("taken")]);
    assert!(target.join("keep.txt").is_file());
}
