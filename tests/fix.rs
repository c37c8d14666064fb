//! `bitext check --fix` and `--fix --diff` through the real binary: what is
//! written (byte for byte), what never is (sources, read-only files, the
//! files of a `--diff` run), and what is left.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn bitext(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory holding the corpus source, draft and glossary.
fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("corpus/mistral.fr.txt", "mistral.fr.txt"),
        ("corpus/mistral.en.draft.txt", "mistral.en.draft.txt"),
        ("glossary.toml", "glossary.toml"),
    ] {
        std::fs::copy(repo().join(from), dir.path().join(to)).unwrap();
    }
    dir
}

/// `(rule, target line, target column, source line)` of a finding.
type Seen = (String, u64, u64, u64);

/// What each finding of a `--format json` run is about.
fn findings(stdout: &[u8]) -> BTreeSet<Seen> {
    let v: Value = serde_json::from_slice(stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = |side: &str, key: &str| f[side][key].as_u64().unwrap_or(0);
            (
                f["rule"].as_str().unwrap().to_string(),
                at("target", "line"),
                at("target", "column"),
                at("source", "line"),
            )
        })
        .collect()
}

fn check_json(dir: &Path, args: &[&str]) -> (BTreeSet<Seen>, String, i32) {
    let out = bitext(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    (
        findings(&out.stdout),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

const PAIR: [&str; 2] = ["mistral.fr.txt", "mistral.en.draft.txt"];

// Prevents: `--fix` leaving a fixable finding, fixing something it should
// not, or touching the source; the fixed file checks clean of what was fixed.
#[test]
fn corpus_draft_keeps_only_findings_without_a_safe_fix() {
    let dir = corpus_copy();
    let source_before = std::fs::read(dir.path().join(PAIR[0])).unwrap();
    let (before, _, _) = check_json(dir.path(), &PAIR);
    let (reported, stderr, code) = check_json(dir.path(), &[PAIR[0], PAIR[1], "--fix"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        std::fs::read(dir.path().join(PAIR[0])).unwrap(),
        source_before
    );
    let fixed_line = stderr
        .lines()
        .find(|l| l.starts_with("bitext: fixed "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(
        fixed_line,
        "bitext: fixed 9 findings in mistral.en.draft.txt"
    );
    // Checked again: exactly the findings without a safe fix are left,
    // none new, and every one fixed was of a rule whose fix is the correction.
    let (after, _, _) = check_json(dir.path(), &PAIR);
    assert_eq!(after, reported);
    assert!(after.is_subset(&before), "{:?}", after.difference(&before));
    let gone: Vec<&Seen> = before.difference(&after).collect();
    assert_eq!(gone.len(), 9, "{gone:?}");
    assert!(
        gone.iter()
            .all(|f| ["term-forbidden", "number-mismatch"].contains(&f.0.as_str())),
        "{gone:?}"
    );
    assert!(
        stderr.contains(&format!(
            "bitext: {} findings left without a single safe fix:",
            after.len()
        )),
        "{stderr}"
    );
    // Nothing safe is left to fix.
    let again = bitext(dir.path())
        .args(["check", PAIR[0], PAIR[1], "--fix", "--diff"])
        .output()
        .unwrap();
    assert!(
        again.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

// Prevents: `--diff` writing, or printing a diff that does not apply to
// the file it names; applied, it gives what `--fix` writes.
#[test]
fn diff_writes_nothing_and_applies_with_patch() {
    let dir = corpus_copy();
    let draft = dir.path().join(PAIR[1]);
    let original = std::fs::read(&draft).unwrap();
    let out = bitext(dir.path())
        .args(["check", PAIR[0], PAIR[1], "--fix", "--diff"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&draft).unwrap(),
        original,
        "--diff wrote the file"
    );
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.starts_with("--- mistral.en.draft.txt\n+++ mistral.en.draft.txt\n@@ "),
        "{diff}"
    );
    for line in [
        "\n-- The third, in June 2024, raised €600 million at a valuation of €5.8 million.\n",
        "\n+- The third, in June 2024, raised €600 million at a valuation of €5.8 billion.\n",
    ] {
        assert!(diff.contains(line), "{line} not in {diff}");
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("bitext: would fix 9 findings in mistral.en.draft.txt\n"),
        "{stderr}"
    );
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 3, "no temporary file either");

    // What --fix writes, in a second copy.
    let other = corpus_copy();
    bitext(other.path())
        .args(["check", PAIR[0], PAIR[1], "--fix"])
        .assert()
        .code(1);
    let fixed = std::fs::read(other.path().join(PAIR[1])).unwrap();
    assert_ne!(fixed, original);

    let patch = std::process::Command::new("patch")
        .arg("--version")
        .output();
    if patch.is_err() {
        eprintln!("skipped applying the diff: `patch` is not installed");
        return;
    }
    std::fs::write(dir.path().join("fixes.patch"), &diff).unwrap();
    let applied = std::process::Command::new("patch")
        .args(["-p0", "--quiet", "-i", "fixes.patch"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(applied.status.success(), "{applied:?}");
    assert_eq!(std::fs::read(&draft).unwrap(), fixed);
}

/// A glossary forbidding "table round" for "tour de table".
const GLOSSARY: &str = "[[term]]\nsource = \"tour de table\"\ntarget = \"funding round\"\nforbidden = \"table round\"\n";

// Prevents: a PO fix landing on the wrong bytes after escapes (`\"`, `\n`
// count two bytes in the file), or rewriting anything but the replaced bytes.
#[test]
fn po_file_with_escapes_is_fixed_byte_exactly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.toml"), GLOSSARY).unwrap();
    let po = "# A comment kept as is\r\n\
        msgid \"\"\r\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\r\n\r\n\
        #, c-format\r\n\
        msgid \"Le \\\"tour de table\\\" de %s\\n a levé %d millions.\"\r\n\
        msgstr \"The \\\"table round\\\" of %s\\n raised %s million.\"\r\n";
    std::fs::write(dir.path().join("m.po"), po).unwrap();
    let out = bitext(dir.path())
        .args(["check", "m.po", "--glossary", "g.toml", "--fix"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("bitext: fixed 2 findings in m.po\n"),
        "{stderr}"
    );
    let expected = po
        .replace("\\\"table round\\\"", "\\\"funding round\\\"")
        .replace("raised %s", "raised %d");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("m.po")).unwrap(),
        expected
    );
}

// Prevents: a fix dropping the BOM or turning CRLF into LF, or being
// written at text offsets (the BOM shifts every byte by three).
#[test]
fn bom_and_crlf_text_file_is_fixed_byte_exactly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("g.toml"), GLOSSARY).unwrap();
    std::fs::write(
        dir.path().join("s.txt"),
        "Le tour de table est bouclé.\r\nIls sont 60 salariés.\r\n",
    )
    .unwrap();
    let target = b"\xEF\xBB\xBFThe table round is closed.\r\nThey are 6 employees.\r\n";
    std::fs::write(dir.path().join("t.txt"), target).unwrap();
    bitext(dir.path())
        .args(["check", "s.txt", "t.txt", "--glossary", "g.toml", "--fix"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read(dir.path().join("t.txt")).unwrap(),
        b"\xEF\xBB\xBFThe funding round is closed.\r\nThey are 60 employees.\r\n"
    );
    assert_eq!(
        std::fs::read(dir.path().join("s.txt")).unwrap(),
        "Le tour de table est bouclé.\r\nIls sont 60 salariés.\r\n".as_bytes()
    );
}

// Prevents: `--fix` replacing a read-only file (a rename ignores the
// file's mode) or writing half of the files of a run.
#[cfg(unix)]
#[test]
fn read_only_target_fails_with_exit_2_and_stays() {
    use std::os::unix::fs::PermissionsExt;
    let dir = corpus_copy();
    let draft = dir.path().join(PAIR[1]);
    let original = std::fs::read(&draft).unwrap();
    std::fs::set_permissions(&draft, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = bitext(dir.path())
        .args(["check", PAIR[0], PAIR[1], "--fix"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.ends_with("bitext: mistral.en.draft.txt: is read-only; left unchanged\n"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&draft).unwrap(), original);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    // Showing the fixes of a read-only file writes nothing: fine.
    let out = bitext(dir.path())
        .args(["check", PAIR[0], PAIR[1], "--fix", "--diff"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stdout.is_empty());
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

// Prevents: a project run fixing a file that another pair reads as its
// source (fr → en → de: en/a.txt is both).
#[test]
fn a_file_that_is_some_pairs_source_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "glossary.toml", GLOSSARY);
    write(
        root,
        "bitext.toml",
        "glossary = \"glossary.toml\"\n\
         [[pair]]\nsource = \"fr/*.txt\"\ntarget = \"en/{path}\"\n\
         [[pair]]\nsource = \"en/*.txt\"\ntarget = \"de/{path}\"\nsource_lang = \"en\"\ntarget_lang = \"de\"\nglossary = \"de.toml\"\n",
    );
    write(
        root,
        "de.toml",
        "source_lang = \"en\"\ntarget_lang = \"de\"\n[[term]]\nsource = \"x\"\ntarget = \"x\"\n",
    );
    write(root, "fr/a.txt", "Le tour de table est bouclé.\n");
    write(root, "en/a.txt", "The table round is closed.\n");
    write(
        root,
        "de/a.txt",
        "Die Finanzierungsrunde ist abgeschlossen.\n",
    );
    let out = bitext(root).args(["check", "--fix"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is the input"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(root.join("en/a.txt")).unwrap(),
        "The table round is closed.\n"
    );
}

// Prevents: project runs fixing at paths relative to the working directory
// instead of bitext.toml, or skipping bilingual files.
#[test]
fn project_runs_fix_targets_and_bilingual_files_from_a_subdirectory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "glossary.toml", GLOSSARY);
    write(
        root,
        "bitext.toml",
        "glossary = \"glossary.toml\"\n[[pair]]\nsource = \"fr/*.md\"\ntarget = \"en/{path}\"\n[[pair]]\nsource = \"po/*.po\"\n",
    );
    write(root, "fr/a.md", "# Titre\n\nLe tour de table est bouclé.\n");
    write(root, "en/a.md", "# Title\n\nThe *table round* is closed.\n");
    write(
        root,
        "po/m.po",
        "msgid \"Le tour de table de %s\"\nmsgstr \"The table round of %d\"\n",
    );
    std::fs::create_dir_all(root.join("sub")).unwrap();
    let out = bitext(&root.join("sub"))
        .args(["check", "--fix"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("bitext: fixed 1 finding in en/a.md\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bitext: fixed 2 findings in po/m.po\n"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("en/a.md")).unwrap(),
        "# Title\n\nThe *funding round* is closed.\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("po/m.po")).unwrap(),
        "msgid \"Le tour de table de %s\"\nmsgstr \"The funding round of %s\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("fr/a.md")).unwrap(),
        "# Titre\n\nLe tour de table est bouclé.\n"
    );
}

#[test]
fn diff_without_fix_and_fix_of_stdin_are_usage_errors() {
    let dir = corpus_copy();
    let out = bitext(dir.path())
        .args(["check", PAIR[0], PAIR[1], "--diff"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fix"));
    let out = bitext(dir.path())
        .args(["check", PAIR[0], "-", "--fix"])
        .write_stdin("The table round.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("standard input"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// Keeps the README's `--fix` sample true: the same command, from the
// repository root, prints exactly what the README shows.
#[test]
fn readme_sample_is_what_the_command_prints() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let command = "$ bitext check corpus/mistral.fr.txt corpus/mistral.en.draft.txt --fix --diff > fixes.patch\n";
    let at = readme.find(command).expect("the README shows --fix --diff") + command.len();
    let shown: String = readme[at..]
        .lines()
        .take_while(|l| !l.starts_with('$') && !l.starts_with("```"))
        .map(|l| format!("{l}\n"))
        .collect();
    let out = bitext(repo())
        .args([
            "check",
            "corpus/mistral.fr.txt",
            "corpus/mistral.en.draft.txt",
            "--fix",
            "--diff",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), shown);
    let diff = String::from_utf8(out.stdout).unwrap();
    let tail = &readme[at..];
    let patch_cmd = "$ grep -c '^+[^+]' fixes.patch\n";
    let n_at = tail
        .find(patch_cmd)
        .expect("the README counts the changed lines")
        + patch_cmd.len();
    let shown_count: usize = tail[n_at..].lines().next().unwrap().parse().unwrap();
    let count = diff
        .lines()
        .filter(|l| l.starts_with('+') && l.chars().nth(1).is_some_and(|c| c != '+'))
        .count();
    assert_eq!(count, shown_count);
}
