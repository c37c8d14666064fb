//! Every `console` sample in README.md and docs/ is run and compared with what
//! it shows, so a sample cannot go stale: `$ command` lines run in bash (in a
//! scratch copy of the bundled data, one working directory carried from
//! sample to sample as a reader's shell would), the lines after it are its
//! output (stdout and stderr as a terminal interleaves them), `$ echo $?` is
//! the previous command's exit status. A line that is only `…` stands for any
//! number of lines; `…` inside a line stands for any text.
//! (docs/output.md is generated and checked by tests/output_docs.rs.)

use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$ command` of a console block and the output shown under it.
#[derive(Debug)]
struct Sample {
    at: String,
    command: String,
    shown: Vec<String>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn samples(file: &str, markdown: &str) -> Vec<Sample> {
    let mut out: Vec<Sample> = Vec::new();
    let mut in_console = false;
    for (i, line) in markdown.lines().enumerate() {
        if !in_console {
            in_console = line.trim_start().starts_with("```console");
            continue;
        }
        if line.trim_start().starts_with("```") {
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            out.push(Sample {
                at: format!("{file}:{}", i + 1),
                command: command.to_string(),
                shown: Vec::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.shown.push(line.trim_end().to_string());
        }
    }
    out
}

/// `…` inside a shown line matches any text.
fn line_matches(shown: &str, actual: &str) -> bool {
    let parts: Vec<&str> = shown.split('…').collect();
    if parts.len() == 1 {
        return shown == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Shown lines against actual ones; a `…` line matches zero or more lines.
fn lines_match(shown: &[String], actual: &[&str]) -> bool {
    // matches[i][j]: shown[i..] matches actual[j..].
    let (n, m) = (shown.len(), actual.len());
    let mut matches = vec![vec![false; m + 1]; n + 1];
    matches[n][m] = true;
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            matches[i][j] = if shown[i] == "…" {
                matches[i + 1][j] || (j < m && matches[i][j + 1])
            } else {
                j < m && line_matches(&shown[i], actual[j]) && matches[i + 1][j + 1]
            };
        }
    }
    matches[0][0]
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fn run_samples(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    for data in ["corpus", "tests/data/l10n", "tests/data/markdown"] {
        copy_tree(&repo().join(data), &scratch.path().join(data));
    }
    // The repository's own glossary.toml, read by default as in a clone.
    std::fs::copy(
        repo().join("glossary.toml"),
        scratch.path().join("glossary.toml"),
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("bitext");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cwd = scratch.path().to_path_buf();
    let mut last_status = 0;
    let mut problems = Vec::new();
    for sample in samples(file, &text) {
        let actual = if sample.command == "echo $?" {
            last_status.to_string()
        } else {
            let mut command = sample.command.as_str();
            if let Some(rest) = command.strip_prefix("cd ") {
                let (dir, rest) = rest.split_once(" && ").unwrap_or((rest, ""));
                cwd = cwd.join(dir);
                command = rest;
            }
            if command.is_empty() {
                continue;
            }
            let out = Command::new("bash")
                .arg("-c")
                .arg(format!("{{ {command} ; }} 2>&1"))
                .current_dir(&cwd)
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .env_remove("GITHUB_ACTIONS")
                .env_remove("GITHUB_STEP_SUMMARY")
                .output()
                .unwrap();
            last_status = out.status.code().unwrap_or(-1);
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let mut lines: Vec<&str> = actual.lines().map(str::trim_end).collect();
        // A sample's blank last line is the gap before the block's end.
        let mut shown = sample.shown;
        while shown.last().is_some_and(String::is_empty) {
            shown.pop();
        }
        while lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        if !lines_match(&shown, &lines) {
            problems.push(format!(
                "{}: `$ {}` printed\n{}\n--- but the sample shows ---\n{}",
                sample.at,
                sample.command,
                lines.join("\n"),
                shown.join("\n")
            ));
        }
    }
    problems
}

#[test]
fn readme_samples_are_what_the_commands_print() {
    let problems = run_samples("README.md");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn docs_samples_are_what_the_commands_print() {
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(repo().join("docs")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") && name != "output.md" {
            problems.extend(run_samples(&format!("docs/{name}")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_matcher_can_fail() {
    let shown = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(lines_match(&shown(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(lines_match(&shown(&["a", "…", "d"]), &["a", "d"]));
    assert!(!lines_match(&shown(&["a", "…", "d"]), &["a", "b"]));
    assert!(lines_match(&shown(&["x…z"]), &["xyz"]));
    assert!(!lines_match(&shown(&["x…z"]), &["xy"]));
    assert!(!lines_match(&shown(&["15 errors"]), &["20 errors"]));
}
