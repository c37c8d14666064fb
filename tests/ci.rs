//! CI at repository scale, through the binary in a temporary git
//! repository: baselines, `--changed-since`, `--shard`, JUnit and GitLab
//! reports, `bitext.toml`'s `exclude`/`[[ignore]]`/literal pairs, the
//! `.gitignore`-aware walk and the glossary rules of project runs.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn git(root: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit_all(root: &Path, message: &str) {
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", message]);
}

/// (exit code, stdout, stderr) of `bitext ARGS` run in `dir`.
fn bitext(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = bitext(dir, &all);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} / {err}"));
    (code, v, err)
}

const GLOSSARY: &str = r#"source_lang = "fr"
target_lang = "en"
[[term]]
source = "tour de table"
target = "funding round"
forbidden = ["table round"]
"#;

const CONFIG: &str = r#"glossary = "glossary.toml"
[[pair]]
source = "docs/fr/**/*.md"
target = "docs/en/{path}"
"#;

/// Page `i` of the test repository: a few sentences, with `bad` planted
/// errors (a wrong amount, a forbidden term) and more text on some pages
/// so that sizes differ.
fn page(i: usize, bad: bool) -> (String, String) {
    let mut fr = format!("# Page {i}\n\nCette page décrit le module {i}.\n\n");
    let mut en = format!("# Page {i}\n\nThis page describes module {i}.\n\n");
    for k in 0..(i % 4) {
        fr.push_str(&format!("Le paragraphe {k} explique une étape.\n\n"));
        en.push_str(&format!("Paragraph {k} explains a step.\n\n"));
    }
    fr.push_str("La société a levé 600 millions d'euros lors du dernier tour de table.\n");
    if bad {
        en.push_str("The company raised €500 million in the latest table round.\n");
    } else {
        en.push_str("The company raised €600 million in the latest funding round.\n");
    }
    (fr, en)
}

/// A git repository with `n` page pairs, pages with an even number being
/// wrong, committed.
fn repo(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(root, "bitext.toml", CONFIG);
    write(root, "glossary.toml", GLOSSARY);
    for i in 0..n {
        let (fr, en) = page(i, i % 2 == 0);
        write(root, &format!("docs/fr/p{i}.md"), &fr);
        write(root, &format!("docs/en/p{i}.md"), &en);
    }
    commit_all(root, "pages");
    dir
}

fn findings(v: &Value) -> Vec<Value> {
    v["findings"].as_array().unwrap().clone()
}

/// A finding as a comparable line: everything but nothing hidden.
fn key(f: &Value) -> String {
    f.to_string()
}

#[test]
fn findings_name_their_files_with_fingerprints_and_the_summary_counts_files() {
    let dir = repo(3);
    let (code, v, _) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["files"], 3);
    assert_eq!(v["summary"]["baselined"], 0);
    assert_eq!(v["summary"]["suppressed"], 0);
    let fs = findings(&v);
    assert!(!fs.is_empty());
    for f in &fs {
        let target = f["target"]["path"].as_str().unwrap();
        assert!(target.starts_with("docs/en/p"), "{target}");
        assert_eq!(f["source"]["path"], target.replace("/en/", "/fr/"));
        assert!(!f["fingerprint"].as_str().unwrap().is_empty());
    }
    let sarif: Value =
        serde_json::from_str(&bitext(dir.path(), &["check", "--format", "sarif"]).1).unwrap();
    let sarif_fps: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["bitextFinding/v2"]
                .as_str()
                .unwrap()
        })
        .collect();
    let json_fps: Vec<&str> = fs
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(sarif_fps, json_fps);
}

#[test]
fn baseline_round_trip() {
    let dir = repo(4);
    let root = dir.path();
    let (code, _, err) = bitext(root, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote"), "{err}");
    let (_, before, _) = json(root, &[]);
    let recorded = findings(&before).len();
    assert!(recorded >= 4, "{before}");

    // Re-run: everything is held back.
    let (code, v, err) = json(root, &["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "{v} {err}");
    assert!(findings(&v).is_empty());
    assert_eq!(v["summary"]["baselined"], recorded);
    assert!(!err.contains("stale"), "{err}");

    // Lines shifted: a new paragraph at the top of both sides of a page.
    for (rel, intro) in [
        ("docs/fr/p0.md", "Voici une introduction.\n\n"),
        ("docs/en/p0.md", "Here is an introduction.\n\n"),
    ] {
        let text = fs::read_to_string(root.join(rel)).unwrap();
        write(root, rel, &format!("{intro}\n\n{text}"));
    }
    let (code, v, err) = json(root, &["--baseline", "baseline.json"]);
    assert_eq!(code, 0, "{v} {err}");
    assert!(findings(&v).is_empty(), "{v}");
    assert_eq!(v["summary"]["baselined"], recorded);

    // One new error: exactly that finding is reported.
    let rel = "docs/en/p1.md";
    let text = fs::read_to_string(root.join(rel)).unwrap();
    write(root, rel, &text.replace("€600 million", "€700 million"));
    let (code, v, err) = json(root, &["--baseline", "baseline.json"]);
    assert_eq!(code, 1, "{v} {err}");
    let new = findings(&v);
    assert_eq!(new.len(), 1, "{v}");
    assert_eq!(new[0]["rule"], "number-mismatch");
    assert_eq!(new[0]["target"]["path"], rel);
    assert_eq!(v["summary"]["baselined"], recorded);

    // Fixing a recorded error makes its entry stale, said on stderr.
    let rel = "docs/en/p2.md";
    let text = fs::read_to_string(root.join(rel)).unwrap();
    write(root, rel, &text.replace("€500 million", "€600 million"));
    let (_, v, err) = json(root, &["--baseline", "baseline.json"]);
    assert!(err.contains("stale baseline entry"), "{err}");
    assert!(err.contains("docs/en/p2.md"), "{err}");
    assert_eq!(
        v["summary"]["baselined"].as_u64().unwrap() as usize,
        recorded - 1
    );
}

#[test]
fn changed_since_checks_only_the_touched_pairs() {
    let dir = repo(6);
    let root = dir.path();
    // Committed after the base: p1's target changes.
    git(root, &["tag", "base"]);
    let text = fs::read_to_string(root.join("docs/en/p1.md")).unwrap();
    write(
        root,
        "docs/en/p1.md",
        &text.replace("module 1", "the module 1"),
    );
    commit_all(root, "edit p1");
    // Uncommitted: p3's source; untracked: a new pair p9; renamed: p5 → p7.
    let text = fs::read_to_string(root.join("docs/fr/p3.md")).unwrap();
    write(
        root,
        "docs/fr/p3.md",
        &format!("{text}\nUne phrase de plus.\n"),
    );
    let (fr, en) = page(9, true);
    write(root, "docs/fr/p9.md", &fr);
    write(root, "docs/en/p9.md", &en);
    git(root, &["mv", "docs/fr/p5.md", "docs/fr/p7.md"]);
    git(root, &["mv", "docs/en/p5.md", "docs/en/p7.md"]);

    let (_, v, err) = json(root, &["--changed-since", "base"]);
    assert_eq!(v["summary"]["files"], 4, "{v} {err}");
    let (_, all, _) = json(root, &[]);
    assert_eq!(all["summary"]["files"], 7);
    let touched = ["p1", "p3", "p7", "p9"];
    for f in findings(&v) {
        let path = f["source"]["path"].as_str().unwrap();
        assert!(touched.iter().any(|p| path.contains(p)), "{path}");
    }
    // The touched pairs' findings are exactly those of the whole run.
    let expected: Vec<String> = findings(&all)
        .iter()
        .filter(|f| {
            let path = f["source"]["path"].as_str().unwrap();
            touched.iter().any(|p| path.contains(p))
        })
        .map(key)
        .collect();
    assert_eq!(findings(&v).iter().map(key).collect::<Vec<_>>(), expected);

    // Nothing changed since HEAD once everything is committed.
    commit_all(root, "rest");
    let (code, v, err) = json(root, &["--changed-since", "HEAD"]);
    assert_eq!(
        (code, v["summary"]["files"].as_u64()),
        (0, Some(0)),
        "{err}"
    );
    assert!(err.contains("no pair changed since HEAD"), "{err}");
    // The glossary changed: every pair is checked, and that is said.
    write(root, "glossary.toml", &format!("{GLOSSARY}note = \"x\"\n"));
    let (_, v, err) = json(root, &["--changed-since", "HEAD"]);
    assert_eq!(v["summary"]["files"], 7, "{err}");
    assert!(err.contains("glossary.toml changed"), "{err}");
    // A revision that does not exist is an error of the run.
    let (code, out, err) = bitext(root, &["check", "--changed-since", "no-such-ref"]);
    assert_eq!(code, 2);
    assert!(out.is_empty() && err.contains("no-such-ref"), "{err}");
}

#[test]
fn shards_together_are_the_whole_run_finding_for_finding() {
    let dir = repo(11);
    let root = dir.path();
    let (_, whole, _) = json(root, &[]);
    let mut merged = Vec::new();
    let mut files = 0;
    let mut sizes = Vec::new();
    let mut sarifs = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let (_, v, err) = json(root, &["--shard", &shard]);
        let n = v["summary"]["files"].as_u64().unwrap();
        assert!(n > 0, "shard {shard} is empty: {err}");
        files += n;
        sizes.push(n);
        merged.extend(findings(&v).iter().map(key));
        let (_, sarif, _) = bitext(root, &["check", "--format", "sarif", "--shard", &shard]);
        let path = root.join(format!("shard{i}.sarif"));
        fs::write(&path, sarif).unwrap();
        sarifs.push(path.display().to_string());
    }
    assert_eq!(files, 11);
    // Balanced: no shard holds more than twice another's pairs here.
    assert!(
        sizes.iter().max().unwrap() <= &(2 * sizes.iter().min().unwrap()),
        "{sizes:?}"
    );
    let mut whole_keys: Vec<String> = findings(&whole).iter().map(key).collect();
    whole_keys.sort();
    merged.sort();
    assert_eq!(merged, whole_keys);
    // Deterministic: the same shard twice is the same output.
    assert_eq!(
        bitext(root, &["check", "--format", "json", "--shard", "2/3"]).1,
        bitext(root, &["check", "--format", "json", "--shard", "2/3"]).1
    );
    // The shards' SARIF merges into one run with every result of the whole run.
    let mut args = vec!["merge-sarif"];
    args.extend(sarifs.iter().map(String::as_str));
    let (code, merged_sarif, err) = bitext(root, &args);
    assert_eq!(code, 0, "{err}");
    let merged_sarif: Value = serde_json::from_str(&merged_sarif).unwrap();
    let (_, whole_sarif, _) = bitext(root, &["check", "--format", "sarif"]);
    let whole_sarif: Value = serde_json::from_str(&whole_sarif).unwrap();
    let results = |v: &Value| {
        let mut r: Vec<String> = v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r.as_object_mut().unwrap().remove("ruleIndex");
                r.to_string()
            })
            .collect();
        r.sort();
        r
    };
    assert_eq!(merged_sarif["runs"].as_array().unwrap().len(), 1);
    assert_eq!(results(&merged_sarif), results(&whole_sarif));
    assert_eq!(
        merged_sarif["runs"][0]["automationDetails"],
        whole_sarif["runs"][0]["automationDetails"]
    );
    let (code, _, err) = bitext(root, &["check", "--shard", "4/3"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn junit_parses_as_junit_with_one_case_per_pair() {
    let dir = repo(4);
    let (code, xml, err) = bitext(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(code, 1, "{err}");
    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!(report.test_suites.len(), 1);
    let suite = &report.test_suites[0];
    assert_eq!(suite.test_cases.len(), 4);
    // Pages 0 and 2 are wrong.
    assert_eq!(suite.failures, 2);
    assert_eq!(report.failures, 2);
    let failing: Vec<&str> = suite
        .test_cases
        .iter()
        .filter(|c| matches!(c.status, quick_junit::TestCaseStatus::NonSuccess { .. }))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(failing, ["docs/en/p0.md", "docs/en/p2.md"]);
}

#[test]
fn gitlab_code_quality_has_the_fields_gitlab_reads() {
    let dir = repo(3);
    let (code, out, err) = bitext(dir.path(), &["check", "--format", "gitlab"]);
    assert_eq!(code, 1, "{err}");
    let issues: Value = serde_json::from_str(&out).unwrap();
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let (_, v, _) = json(dir.path(), &[]);
    assert_eq!(issues.len(), findings(&v).len());
    for (issue, f) in issues.iter().zip(findings(&v)) {
        assert_eq!(issue["check_name"], f["rule"]);
        assert_eq!(issue["fingerprint"], f["fingerprint"]);
        assert_eq!(issue["location"]["path"], f["target"]["path"]);
        assert_eq!(issue["location"]["lines"]["begin"], f["target"]["line"]);
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        assert!(issue["description"].is_string());
    }
}

#[test]
fn a_pair_the_glossary_does_not_cover_is_never_checked_in_silence() {
    let dir = repo(1);
    let root = dir.path();
    write(
        root,
        "docs/de/p0.md",
        "# Seite 0\n\nDiese Seite beschreibt das Modul 0.\n",
    );
    let config = format!(
        "{CONFIG}[[pair]]\nsource = \"docs/fr/p0.md\"\ntarget = \"docs/de/p0.md\"\ntarget_lang = \"de\"\n"
    );
    write(root, "bitext.toml", &config);
    // A glossary named in bitext.toml must fit every pair.
    let (code, out, err) = bitext(root, &["check"]);
    assert_eq!(code, 2, "{out} {err}");
    assert!(out.is_empty());
    assert!(err.contains("pair 2") && err.contains("fr→de"), "{err}");
    // The implicit ./glossary.toml is left out for that pair, with a note.
    write(
        root,
        "bitext.toml",
        &config.replace("glossary = \"glossary.toml\"\n", ""),
    );
    let (code, _, err) = bitext(root, &["check", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("note: glossary.toml is fr→en: pair 2") && err.contains("without a glossary"),
        "{err}"
    );
    // A per-pair glossary that covers it silences the note.
    write(
        root,
        "de.toml",
        "source_lang = \"fr\"\ntarget_lang = \"de\"\n[[term]]\nsource = \"page\"\ntarget = \"Seite\"\n",
    );
    write(
        root,
        "bitext.toml",
        &config
            .replace("glossary = \"glossary.toml\"\n", "")
            .replace(
                "target_lang = \"de\"\n",
                "target_lang = \"de\"\nglossary = \"de.toml\"\n",
            ),
    );
    let (_, _, err) = bitext(root, &["check"]);
    assert!(!err.contains("note"), "{err}");
    // Single pairs: the implicit glossary that does not fit is a note too,
    // and commands that need no glossary never read one.
    write(root, "glossary.toml", "this is [not toml");
    let (code, _, err) = bitext(root, &["segment", "docs/fr/p0.md"]);
    assert_eq!(code, 0, "{err}");
    for args in [&["man", "check"][..], &["completions", "bash"]] {
        assert_eq!(bitext(root, args).0, 0);
    }
    write(root, "glossary.toml", GLOSSARY);
    let (code, _, err) = bitext(
        root,
        &[
            "align",
            "--target-lang",
            "de",
            "docs/fr/p0.md",
            "docs/de/p0.md",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("note: glossary.toml is fr→en"), "{err}");
    let (code, _, err) = bitext(
        root,
        &[
            "check",
            "--glossary",
            "glossary.toml",
            "--target-lang",
            "de",
            "docs/fr/p0.md",
            "docs/de/p0.md",
        ],
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn exclude_ignore_literal_pairs_and_gitignore() {
    let dir = repo(3);
    let root = dir.path();
    // Ignored by git: never walked. Excluded: never checked.
    write(root, ".gitignore", "docs/fr/build/\n");
    write(root, "docs/fr/build/out.md", "Généré.\n");
    write(root, "docs/fr/legal/terms.md", "Conditions.\n");
    // A literal pair: the README and its translation, no {path}.
    write(
        root,
        "LISEZMOI.md",
        "Le projet a levé 600 millions d'euros.\n",
    );
    write(root, "README.md", "The project raised €400 million.\n");
    let config = format!(
        "{CONFIG}exclude = [\"docs/fr/legal/**\"]\n\
         [[pair]]\nsource = \"LISEZMOI.md\"\ntarget = \"README.md\"\n\
         [[ignore]]\npaths = [\"docs/en/p0.md\"]\nrules = [\"number-mismatch\"]\n"
    );
    // `exclude` is a top-level key: it has to come before the tables.
    let config = config.replace("exclude = [\"docs/fr/legal/**\"]\n", "");
    let config = format!("exclude = [\"docs/fr/legal/**\"]\n{config}");
    write(root, "bitext.toml", &config);
    let (code, v, err) = json(root, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(v["summary"]["files"], 4, "{v}");
    let fs = findings(&v);
    let paths: Vec<&str> = fs
        .iter()
        .filter_map(|f| f["source"]["path"].as_str())
        .collect();
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("build") || p.contains("legal")),
        "{paths:?}"
    );
    assert!(
        fs.iter()
            .any(|f| f["target"]["path"] == "README.md" && f["rule"] == "number-mismatch")
    );
    // [[ignore]]: p0's number is not reported, its forbidden term is.
    let p0: Vec<&str> = fs
        .iter()
        .filter(|f| f["target"]["path"] == "docs/en/p0.md")
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        p0.contains(&"term-forbidden") && !p0.contains(&"number-mismatch"),
        "{p0:?}"
    );
    // Paths may not leave the project's directory.
    write(
        root,
        "bitext.toml",
        "[[pair]]\nsource = \"../x/*.md\"\ntarget = \"en/{path}\"\n",
    );
    let (code, _, err) = bitext(root, &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("leaves the project's directory"), "{err}");
}

#[cfg(unix)]
#[test]
fn what_the_walk_cannot_read_is_reported_not_skipped() {
    let dir = repo(2);
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.md", "Secret.\n");
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        root.join("docs/fr/link.md"),
    )
    .unwrap();
    let (code, out, err) = bitext(root, &["check"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("docs/fr/link.md") && err.contains("out of the project"),
        "{err}"
    );
}

#[test]
fn review_only_findings_and_html_says_where_it_wrote() {
    let dir = repo(2);
    let root = dir.path();
    let (code, all, _) = bitext(root, &["review", "docs/fr/p0.md", "docs/en/p0.md"]);
    assert_eq!(code, 0);
    let (_, only, _) = bitext(
        root,
        &[
            "review",
            "--only-findings",
            "docs/fr/p0.md",
            "docs/en/p0.md",
        ],
    );
    assert!(only.lines().count() < all.lines().count());
    assert!(only.contains("without findings not shown"), "{only}");
    assert!(only.contains("number-mismatch"), "{only}");
    let (code, out, err) = bitext(
        root,
        &[
            "review",
            "docs/fr/p0.md",
            "docs/en/p0.md",
            "--html",
            "review.html",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.is_empty());
    assert!(err.contains("wrote review.html"), "{err}");
}

#[test]
fn options_are_shown_only_where_they_apply() {
    let dir = repo(1);
    let help = |args: &[&str]| bitext(dir.path(), args).1;
    assert!(!help(&["completions", "--help"]).contains("--source-lang"));
    assert!(!help(&["man", "--help"]).contains("--glossary"));
    let segment = help(&["segment", "--help"]);
    assert!(
        segment.contains("--lang") && !segment.contains("--source-lang"),
        "{segment}"
    );
    let check = help(&["check", "--help"]);
    assert!(
        check.contains("Global options:") && check.contains("--source-lang"),
        "{check}"
    );
    let man = help(&["man", "check"]);
    assert!(
        man.contains(".TH bitext-check 1  \"bitext "),
        "{}",
        &man[..200]
    );
}
