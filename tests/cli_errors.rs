//! Bad input through the real binary: exit status 2, nothing on stdout, one
//! line on stderr naming the file (and line and column where known).

use assert_cmd::Command;
use std::path::Path;

fn bitext() -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    // No glossary.toml from the crate root leaks into these runs.
    cmd.current_dir(std::env::temp_dir());
    cmd
}

/// Runs `args` and asserts the input-error contract; returns stderr.
fn fails_with_one_line(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "stdout must stay empty: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line expected: {stderr}"
    );
    stderr
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[test]
fn missing_file_is_named() {
    let err = fails_with_one_line(bitext().args(["segment", "/nonexistent/a.txt"]));
    assert!(err.contains("/nonexistent/a.txt: no such file"), "{err}");
}

#[test]
fn directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let err = fails_with_one_line(bitext().args(["check", &d, &d]));
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "bad.txt", b"Bonjour.\nCa va\xff bien.\n");
    let err = fails_with_one_line(bitext().args(["segment", &f]));
    assert!(
        err.contains("bad.txt:2:6: invalid UTF-8 at byte 14"),
        "{err}"
    );
}

#[test]
fn binary_content_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.bin", b"PK\x03\x04\x00\x00rest");
    let ok = write(dir.path(), "ok.txt", b"Hello.");
    let err = fails_with_one_line(bitext().args(["align", &ok, &f]));
    assert!(err.contains("a.bin:1:5: binary content"), "{err}");
}

#[test]
fn utf16_with_bom_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Bonjour. Ça va ?".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let f = write(dir.path(), "w.txt", &bytes);
    let out = bitext()
        .args(["segment", "--lang", "fr", &f])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Bonjour.\nÇa va ?\n");
}

#[test]
fn both_inputs_on_stdin_are_refused() {
    let err = fails_with_one_line(bitext().args(["check", "-", "-"]).write_stdin("x"));
    assert!(err.contains("standard input"), "{err}");
}

#[test]
fn language_codes_must_be_iso_639_1() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "a.txt", b"Hello.");
    let err = fails_with_one_line(bitext().args(["check", "--source-lang", "fra", &f, &f]));
    assert!(err.contains("fra: not an ISO 639-1 language code"), "{err}");
    let err = fails_with_one_line(bitext().args(["segment", "--lang", "english", &f]));
    assert!(err.contains("english"), "{err}");
}

#[test]
fn empty_and_blank_inputs_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    let blank = write(dir.path(), "blank.txt", b" \n\r\n\t\n");
    let text = write(dir.path(), "t.txt", b"Hello world.");
    for (s, t) in [(&empty, &empty), (&blank, &text), (&text, &blank)] {
        for sub in ["check", "review", "align"] {
            let out = bitext()
                .args([sub, s.as_str(), t.as_str()])
                .output()
                .unwrap();
            assert_ne!(
                out.status.code(),
                Some(2),
                "{sub} {s} {t}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let out = bitext().args(["segment", &blank]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command as StdCommand, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let big = "Une phrase courte. ".repeat(200_000);
    let f = write(dir.path(), "big.txt", big.as_bytes());
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("bitext"))
        .args(["segment", "--lang", "fr", &f])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the pipe is closed while bitext still writes.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn glossary_syntax_errors_and_empty_terms_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.txt", b"Un tour de table.\n");
    let t = write(dir.path(), "t.txt", b"A funding round.\n");
    let cases: [(&str, &str); 3] = [
        (
            "[[term]]\nsource = \"tour de table\ntarget = \"funding round\"\n",
            "g.toml:2:",
        ),
        (
            "[[term]]\nsource = \"  \"\ntarget = \"x\"\n",
            "g.toml:2:10:",
        ),
        (
            "[[term]]\nsource = \"tour de table\"\ntarget = []\n",
            "g.toml:3:10:",
        ),
    ];
    for (glossary, location) in cases {
        let g = write(dir.path(), "g.toml", glossary.as_bytes());
        let err = fails_with_one_line(bitext().args(["check", "--glossary", &g, &s, &t]));
        assert!(err.contains(location), "{glossary:?}: {err}");
    }
    let err =
        fails_with_one_line(bitext().args(["check", "--glossary", "/nonexistent/g.toml", &s, &t]));
    assert!(err.contains("/nonexistent/g.toml: no such file"), "{err}");
}

#[test]
fn unreadable_file_is_named() {
    // A symlink loop cannot be read even by root (CI runs as root, where
    // permission bits do not stop reads).
    let dir = tempfile::tempdir().unwrap();
    let looped = dir.path().join("loop.txt");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let f = looped.display().to_string();
    let err = fails_with_one_line(bitext().args(["segment", &f]));
    assert!(err.contains("loop.txt: cannot read"), "{err}");
}
