//! Issue 14: what an adversarial probe found, each item through the real
//! binary. Devices are made with `mknod` in a temporary directory (never the
//! system's); those tests are skipped, with a printed reason, when not root.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn bitext(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.current_dir(dir).env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

struct Run {
    stdout: Vec<u8>,
    stderr: String,
    code: Option<i32>,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    }
}

/// Exit 2, nothing on stdout, one line on stderr: the input-error contract.
fn input_error(r: &Run) -> &str {
    assert_eq!(r.code, Some(2), "stderr: {}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&r.stdout)
    );
    assert_eq!(r.stderr.trim_end().lines().count(), 1, "{}", r.stderr);
    &r.stderr
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A character device node `major:minor` at `path`, or `None` (with the
/// reason printed) when this process may not make one.
fn mknod(path: &Path, major: u32, minor: u32) -> Option<()> {
    if !is_root() {
        println!("skipped: mknod needs root");
        return None;
    }
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; makedev/mknod have no other preconditions.
    let rc = unsafe {
        libc::mknod(
            c.as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(major, minor),
        )
    };
    if rc != 0 {
        println!("skipped: mknod failed: {}", std::io::Error::last_os_error());
        return None;
    }
    Some(())
}

fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path)
        .map(|m| m.file_type().is_char_device())
        .unwrap_or(false)
}

const FR: &str = "Mistral a levé 600 millions d'euros. Elle compte 60 personnes.\n";
const EN: &str = "Mistral raised €600 million. It has 60 people.\n";

// ---- item 1: --html writes only a new file or over a regular non-input ----

#[test]
fn html_over_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", FR.as_bytes());
    write(dir.path(), "t.txt", EN.as_bytes());
    let r = run(bitext(dir.path()).args(["review", "--html", "t.txt", "s.txt", "t.txt"]));
    assert!(
        input_error(&r).contains("t.txt: is the input t.txt"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.txt")).unwrap(),
        EN
    );
    // Another name of the same file (a hard link) is caught by device and inode.
    std::fs::hard_link(dir.path().join("s.txt"), dir.path().join("alias.html")).unwrap();
    let r = run(bitext(dir.path()).args(["review", "--html", "alias.html", "s.txt", "t.txt"]));
    assert!(
        input_error(&r).contains("is the input s.txt"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.txt")).unwrap(),
        FR
    );
    // So is the glossary.
    write(
        dir.path(),
        "g.toml",
        b"[[term]]\nsource = \"personnes\"\ntarget = \"people\"\n",
    );
    let r = run(bitext(dir.path()).args([
        "review",
        "--glossary",
        "g.toml",
        "--html",
        "g.toml",
        "s.txt",
        "t.txt",
    ]));
    assert!(
        input_error(&r).contains("is the input g.toml"),
        "{}",
        r.stderr
    );
    // Standard input too.
    let stdin = std::fs::File::open(dir.path().join("t.txt")).unwrap();
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("bitext"))
        .current_dir(dir.path())
        .args(["review", "--html", "t.txt", "s.txt", "-"])
        .stdin(stdin)
        .output()
        .unwrap();
    let r = Run {
        stdout: o.stdout,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        code: o.status.code(),
    };
    assert!(input_error(&r).contains("is the input -"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        4,
        "no temporary file left"
    );
}

#[test]
fn html_over_a_regular_file_or_through_a_symlink_works() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", FR.as_bytes());
    write(dir.path(), "t.txt", EN.as_bytes());
    write(dir.path(), "old.html", b"old");
    let r = run(bitext(dir.path()).args(["review", "--html", "old.html", "s.txt", "t.txt"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        std::fs::read_to_string(dir.path().join("old.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    std::os::unix::fs::symlink("old.html", dir.path().join("link.html")).unwrap();
    let r = run(bitext(dir.path()).args(["review", "--html", "link.html", "s.txt", "t.txt"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.html"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A symlink to an input is the input.
    std::os::unix::fs::symlink("t.txt", dir.path().join("sneaky.html")).unwrap();
    let r = run(bitext(dir.path()).args(["review", "--html", "sneaky.html", "s.txt", "t.txt"]));
    assert!(
        input_error(&r).contains("is the input t.txt"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.txt")).unwrap(),
        EN
    );
}

#[test]
fn html_onto_a_device_is_refused_and_the_device_kept() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", FR.as_bytes());
    write(dir.path(), "t.txt", EN.as_bytes());
    let null = dir.path().join("null");
    if mknod(&null, 1, 3).is_none() {
        return;
    }
    let r = run(bitext(dir.path()).args(["review", "--html", "null", "s.txt", "t.txt"]));
    assert!(
        input_error(&r).contains("null: is a character device"),
        "{}",
        r.stderr
    );
    assert!(is_char_device(&null), "the device node must survive");
    let fifo = dir.path().join("fifo");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let r = run(bitext(dir.path()).args(["review", "--html", "fifo", "s.txt", "t.txt"]));
    assert!(
        input_error(&r).contains("fifo: is a named pipe"),
        "{}",
        r.stderr
    );
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".html.tmp"))
        .collect()
}

#[test]
fn an_interrupted_html_run_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    // Big enough that rendering the page takes a while after the temporary
    // file exists; the size doubles until a signal lands during the write.
    let bin = assert_cmd::cargo::cargo_bin("bitext");
    for round in 0..4 {
        let n = 2000 << round;
        write(
            dir.path(),
            "s.txt",
            "Elle compte 60 personnes.\n".repeat(n).as_bytes(),
        );
        write(
            dir.path(),
            "t.txt",
            "It has 61 people.\n".repeat(n).as_bytes(),
        );
        let mut child = std::process::Command::new(&bin)
            .current_dir(dir.path())
            .args(["--lines", "review", "--html", "out.html", "s.txt", "t.txt"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut signalled = false;
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if !temp_files(dir.path()).is_empty() {
                // SAFETY: kill on our own child's pid.
                unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
                signalled = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        let status = child.wait().unwrap();
        if !signalled {
            std::fs::remove_file(dir.path().join("out.html")).unwrap();
            continue;
        }
        use std::os::unix::process::ExitStatusExt;
        assert!(
            status.signal() == Some(libc::SIGTERM) || status.code() == Some(128 + libc::SIGTERM),
            "{status:?}"
        );
        assert_eq!(temp_files(dir.path()), Vec::<String>::new());
        // Whole or not at all: the signal may land just after the rename.
        if let Ok(page) = std::fs::read_to_string(dir.path().join("out.html")) {
            assert!(page.trim_end().ends_with("</html>"), "a partial page");
        }
        return;
    }
    panic!("the run always finished before the signal could be sent");
}

// ---- item 2: terminal escapes are shown, never interpreted ----

const HOSTILE_FR: &str = "Prix : 5\u{1b}[2J €. Titre \u{1b}]0;pwned\u{7} et \u{1b}]8;;http://x\u{1b}\\lien\u{1b}]8;;\u{1b}\\ \u{9b}31m \u{202e}abc. Il a 60 personnes.\n";
const HOSTILE_EN: &str = "Price: 5\u{1b} €. Title \u{1b}]0;pwned\u{7} and \u{1b}[31mred \u{202e}cba. He has 61 people.\n";

/// Every byte in C0 (but `\n`, `\t`) or C1 (as UTF-8: U+0080–U+009F) is an
/// SGR colour code the renderer wrote itself (`ESC [ digits;… m`).
fn only_own_colour_codes(out: &str) -> Result<(), String> {
    let chars: Vec<char> = out.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{1b}' {
            let mut j = i + 1;
            if chars.get(j) != Some(&'[') {
                return Err(format!("bare ESC at char {i}: {out:?}"));
            }
            j += 1;
            while chars
                .get(j)
                .is_some_and(|c| c.is_ascii_digit() || *c == ';')
            {
                j += 1;
            }
            if chars.get(j) != Some(&'m') {
                return Err(format!("non-SGR sequence at char {i}: {out:?}"));
            }
            i = j + 1;
            continue;
        }
        if (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c) {
            return Err(format!("{c:?} at char {i}: {out:?}"));
        }
        i += 1;
    }
    Ok(())
}

#[test]
fn terminal_renderers_show_controls_visibly_with_and_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", HOSTILE_FR.as_bytes());
    write(dir.path(), "t\u{1b}[2J.txt", HOSTILE_EN.as_bytes());
    for color in ["always", "never"] {
        for args in [
            vec!["check", "s.txt", "t\u{1b}[2J.txt"],
            vec!["review", "s.txt", "t\u{1b}[2J.txt"],
            vec!["diff", "s.txt", "t\u{1b}[2J.txt", "s.txt"],
            vec!["check", "--format", "github", "s.txt", "t\u{1b}[2J.txt"],
        ] {
            let r = run(bitext(dir.path()).arg("--color").arg(color).args(&args));
            assert!(
                r.code == Some(0) || r.code == Some(1),
                "{args:?}: {}",
                r.stderr
            );
            let out = String::from_utf8(r.stdout).unwrap();
            only_own_colour_codes(&out).unwrap_or_else(|e| panic!("{args:?} {color}: {e}"));
            if args[0] != "check" || args.len() == 3 {
                assert!(out.contains("\\u{1b}"), "{args:?}: {out}");
            }
            if color == "never" {
                assert!(!out.contains('\u{1b}'));
            }
        }
    }
    // The text after an ESC is kept, not swallowed with it.
    let r = run(bitext(dir.path()).args(["review", "s.txt", "t\u{1b}[2J.txt"]));
    let out = String::from_utf8(r.stdout).unwrap();
    assert!(out.contains("Prix : 5\\u{1b}[2J €."), "{out}");
    assert!(out.contains("Price: 5\\u{1b} €."), "{out}");
    assert!(out.contains("⟨U+202E⟩"), "{out}");
}

#[test]
fn error_messages_show_controls_in_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(bitext(dir.path()).args(["segment", "no\u{1b}]0;x\u{7}such.txt"]));
    let err = input_error(&r);
    assert!(
        err.contains("no\\u{1b}]0;x\\u{7}such.txt: no such file"),
        "{err}"
    );
    only_own_colour_codes(err).unwrap();
}

#[test]
fn piped_text_output_keeps_every_character() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", "Prix : 5\u{1b} €. Suite.\n".as_bytes());
    let r = run(bitext(dir.path()).args(["segment", "s.txt"]));
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "Prix : 5\u{1b} €.\nSuite.\n"
    );
}

#[test]
fn segment_on_a_terminal_shows_controls_visibly() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.txt",
        "Prix : 5\u{1b}[2J €. Suite \u{202e}x.\n".as_bytes(),
    );
    let bin = assert_cmd::cargo::cargo_bin("bitext");
    // `script` gives the command a pseudo-terminal as its standard output.
    let out = std::process::Command::new("script")
        .current_dir(dir.path())
        .args([
            "-qec",
            &format!("{} segment s.txt", bin.display()),
            "/dev/null",
        ])
        .output();
    let Ok(out) = out else {
        println!("skipped: no `script` to make a terminal");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(
        text.contains("Prix : 5\\u{1b}[2J €.\nSuite ⟨U+202E⟩x.\n"),
        "{text:?}"
    );
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

// ---- item 3: bounded reads for everything that is not a regular file ----

const LIMIT: &str = "268435456 bytes";

#[test]
fn endless_devices_and_pipes_are_refused_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", FR.as_bytes());
    write(dir.path(), "t.txt", EN.as_bytes());
    // A FIFO fed by an endless writer: `<(yes)`.
    let fifo = dir.path().join("yes");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let feeder_path = fifo.clone();
    std::thread::spawn(move || {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&feeder_path) {
            let chunk = "y\n".repeat(1 << 15);
            while f.write_all(chunk.as_bytes()).is_ok() {}
        }
    });
    let r = run(bitext(dir.path()).args(["segment", "yes"]));
    let err = input_error(&r);
    assert!(
        err.contains(&format!("yes: the input is larger than the {LIMIT}")),
        "{err}"
    );

    let zero = dir.path().join("zero");
    if mknod(&zero, 1, 5).is_none() {
        return;
    }
    for args in [
        vec!["segment", "zero"],
        vec!["check", "--glossary", "zero", "s.txt", "t.txt"],
        vec!["check", "--abbreviations-file", "zero", "s.txt", "t.txt"],
        vec!["check", "--dictionary", "zero", "s.txt", "t.txt"],
    ] {
        let r = run(bitext(dir.path()).args(&args));
        let err = input_error(&r);
        assert!(
            err.contains(&format!("zero: the input is larger than the {LIMIT}")),
            "{args:?}: {err}"
        );
    }
    // (assert_cmd's pipe_stdin would read the endless device itself first.)
    let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("bitext"))
        .current_dir(dir.path())
        .args(["segment", "-"])
        .stdin(std::fs::File::open(&zero).unwrap())
        .output()
        .unwrap();
    let r = Run {
        stdout: o.stdout,
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        code: o.status.code(),
    };
    assert!(input_error(&r).contains(&format!("-: the input is larger than the {LIMIT}")));
}

#[test]
fn small_devices_read_like_files() {
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null");
    if mknod(&null, 1, 3).is_none() {
        return;
    }
    let r = run(bitext(dir.path()).args(["segment", "null"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

// ---- item 9: write errors and messages ----

#[test]
fn completions_and_man_to_a_full_device_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    if mknod(&full, 1, 7).is_none() {
        return;
    }
    for args in [vec!["completions", "bash"], vec!["man"]] {
        let out = std::fs::OpenOptions::new().write(true).open(&full).unwrap();
        let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("bitext"))
            .current_dir(dir.path())
            .args(&args)
            .stdout(out)
            .output()
            .unwrap();
        let r = Run {
            stdout: o.stdout,
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            code: o.status.code(),
        };
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert_eq!(
            r.stderr.trim_end(),
            "bitext: standard output: cannot write: No space left on device (os error 28)"
        );
    }
}

#[test]
fn a_failed_html_write_says_its_cause_once_without_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", FR.as_bytes());
    write(dir.path(), "t.txt", EN.as_bytes());
    let r =
        run(bitext(dir.path()).args(["review", "--html", "missing/out.html", "s.txt", "t.txt"]));
    let err = input_error(&r);
    assert!(!err.contains(".tmp"), "{err}");
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(
        err.starts_with("bitext: missing/out.html: cannot write: "),
        "{err}"
    );
}

// ---- item 4: number matching stays linear and exact ----

#[test]
fn a_hundred_thousand_equal_numbers_in_one_pair() {
    let dir = tempfile::tempdir().unwrap();
    let numbers = "7 ".repeat(100_000);
    write(
        dir.path(),
        "s.txt",
        format!("Nombres : {numbers}fin.\n").as_bytes(),
    );
    write(
        dir.path(),
        "t.txt",
        format!("Numbers: {numbers}8 end.\n").as_bytes(),
    );
    let started = std::time::Instant::now();
    let r =
        run(bitext(dir.path()).args(["--lines", "check", "--format", "json", "s.txt", "t.txt"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 0);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn two_unrelated_sixty_thousand_word_lines_are_aligned_in_linear_time() {
    // Prevents: the omission stage testing a weak link of two huge lines by
    // comparing every word with every word (30,000 words a side took 42 s).
    let dir = tempfile::tempdir().unwrap();
    let words = |pool: &[&str]| -> String {
        (0..60_000)
            .map(|i| pool[(i * 7 + i / 3) % pool.len()])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let fr = words(&[
        "maison", "chat", "rouge", "vite", "porte", "jardin", "livre",
    ]);
    let en = words(&[
        "house", "dog", "blue", "slow", "window", "road", "book", "chair",
    ]);
    // "Hello. house …" stays one English sentence (a lower-case word after
    // the period) where the French splits: a 2-1 link, which is tested.
    write(
        dir.path(),
        "s.txt",
        format!("Bonjour. {fr}.\nUne phrase.\n").as_bytes(),
    );
    write(
        dir.path(),
        "t.txt",
        format!("Hello. {en}.\nA sentence.\n").as_bytes(),
    );
    let started = std::time::Instant::now();
    let r = run(bitext(dir.path()).args([
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "s.txt",
        "t.txt",
    ]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(json["summary"]["source_segments"], 3);
    assert_eq!(json["summary"]["target_segments"], 2);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
fn equal_huge_numbers_match_and_unequal_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let big = "9".repeat(400);
    let mut other = big.clone();
    other.replace_range(399.., "8");
    write(
        dir.path(),
        "s.txt",
        format!("Il y en a {big}.\n").as_bytes(),
    );
    write(
        dir.path(),
        "t.txt",
        format!("There are {big}.\n").as_bytes(),
    );
    write(
        dir.path(),
        "u.txt",
        format!("There are {other}.\n").as_bytes(),
    );
    let r = run(bitext(dir.path()).args(["--lines", "check", "s.txt", "t.txt"]));
    assert_eq!(r.code, Some(0), "{}", String::from_utf8_lossy(&r.stdout));
    let r =
        run(bitext(dir.path()).args(["--lines", "check", "--format", "json", "s.txt", "u.txt"]));
    assert_eq!(r.code, Some(1));
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(json["findings"][0]["rule"], "number-mismatch");
    assert_eq!(
        json["findings"][0]["suggestion"]
            .as_str()
            .unwrap()
            .replace(',', ""),
        big
    );
}

#[test]
fn ordinals_in_words_match_digits() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", "C'est la troisième fois.\n".as_bytes());
    write(dir.path(), "t.txt", "It is the 3rd time.\n".as_bytes());
    write(dir.path(), "u.txt", "It is the 4th time.\n".as_bytes());
    let r = run(bitext(dir.path()).args(["--lines", "check", "s.txt", "t.txt"]));
    assert_eq!(r.code, Some(0), "{}", String::from_utf8_lossy(&r.stdout));
    let r = run(bitext(dir.path()).args(["--lines", "check", "s.txt", "u.txt"]));
    assert_eq!(r.code, Some(1), "{}", String::from_utf8_lossy(&r.stdout));
}

// ---- item 6: GitHub output is all-or-nothing, capped, and inert ----

#[test]
fn an_unwritable_step_summary_fails_before_any_annotation() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", FR.as_bytes());
    write(
        dir.path(),
        "t.txt",
        "Mistral raised €700 million. It has 60 people.\n".as_bytes(),
    );
    let r = run(bitext(dir.path())
        .args(["check", "--format", "github", "s.txt", "t.txt"])
        .env("GITHUB_STEP_SUMMARY", dir.path()));
    let err = input_error(&r);
    assert!(err.contains("Is a directory"), "{err}");
}

#[test]
fn the_step_summary_is_capped_and_its_markdown_inert() {
    let dir = tempfile::tempdir().unwrap();
    let n = 12_000;
    let fr: String = (0..n).map(|i| format!("Ligne {i} : 5 pommes.\n")).collect();
    let mut en: String = (0..n).map(|i| format!("Line {i}: 6 apples.\n")).collect();
    en.replace_range(0..0, "");
    write(dir.path(), "s.txt", fr.as_bytes());
    write(dir.path(), "t.txt", en.as_bytes());
    let summary = dir.path().join("summary.md");
    let r = run(bitext(dir.path())
        .args(["--lines", "check", "--format", "github", "s.txt", "t.txt"])
        .env("GITHUB_STEP_SUMMARY", &summary));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.len() <= 1024 * 1024, "{}", text.len());
    assert!(
        text.contains("more findings not shown: GitHub keeps at most 1 MiB"),
        "{}",
        &text[text.len() - 300..]
    );
    // Every finding is still an annotation.
    assert_eq!(String::from_utf8(r.stdout).unwrap().lines().count(), n);

    write(
        dir.path(),
        "s2.txt",
        "Il a 5 [pommes](http://evil.example) ![x](http://evil.example/p.png).\n".as_bytes(),
    );
    write(
        dir.path(),
        "t2.txt",
        "He has 6 [apples](http://evil.example) ![x](http://evil.example/p.png) **bold** <b>.\n"
            .as_bytes(),
    );
    let summary = dir.path().join("summary2.md");
    let r = run(bitext(dir.path())
        .args(["--lines", "check", "--format", "github", "s2.txt", "t2.txt"])
        .env("GITHUB_STEP_SUMMARY", &summary));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let text = std::fs::read_to_string(&summary).unwrap();
    // Brackets and bangs are backslash-escaped: no link or image is live.
    let unescaped = text
        .replace("\\]", "")
        .replace("\\[", "")
        .replace("\\!", "");
    assert!(!unescaped.contains("]("), "{text}");
    assert!(!unescaped.contains('['), "{text}");
    assert!(!unescaped.contains('!'), "{text}");
    assert!(!text.contains("http://"), "{text}");
    assert!(!text.contains("<b>"), "{text}");
    assert!(text.contains("\\[apples\\]"), "{text}");
}

// ---- item 7: glossary entries that check nothing, or contradict ----

/// Exit 2, nothing on stdout, one line per problem, each starting with
/// `bitext: ` and one of `starts` (in order).
fn input_errors(r: &Run, starts: &[&str]) {
    assert_eq!(r.code, Some(2), "stderr: {}", r.stderr);
    assert!(r.stdout.is_empty());
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), starts.len(), "{}", r.stderr);
    for (line, start) in lines.iter().zip(starts) {
        assert!(
            line.starts_with(&format!("bitext: {start}")),
            "{line} should start with {start}\n{}",
            r.stderr
        );
    }
}

#[test]
fn glossary_terms_that_can_never_match_are_errors_each_on_a_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "s.txt", FR.as_bytes());
    write(dir.path(), "t.txt", EN.as_bytes());
    let glossary = [
        "[[term]]",
        "source = \"\u{200b}\"",
        "target = \"x\"",
        "[[term]]",
        "source = \"levé\"",
        "target = [\"raised\", \"\u{301}\"]",
        "[[term]]",
        "source = \"euros\"",
        "target = \"euros\"",
        "forbidden = \"\u{ad}\"",
        "[[term]]",
        "source = \"l'\"",
        "target = \"-\"",
        "[[term]]",
        "source = \"personnes\"",
        "target = \"'\"",
    ]
    .join("\n");
    write(dir.path(), "g.toml", glossary.as_bytes());
    let r = run(bitext(dir.path()).args(["check", "--glossary", "g.toml", "s.txt", "t.txt"]));
    input_errors(
        &r,
        &[
            "g.toml:2:10:",
            "g.toml:6:21:",
            "g.toml:10:13:",
            "g.toml:12:10:",
            "g.toml:13:10:",
            "g.toml:16:10:",
        ],
    );
    assert!(r.stderr.contains("never match"), "{}", r.stderr);
    assert!(r.stderr.contains("'\\u{200b}'"), "{}", r.stderr);
}

#[test]
fn glossary_entries_that_normalise_alike_must_agree_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.txt",
        "On fait un tour de table.\n".as_bytes(),
    );
    write(dir.path(), "t.txt", "We do a funding round.\n".as_bytes());
    let check = |g: &str| {
        run(bitext(dir.path()).args(["--lines", "check", "--glossary", g, "s.txt", "t.txt"]))
    };
    // Spacing, case, NBSP and apostrophes: the same source term.
    write(
        dir.path(),
        "g.toml",
        "[[term]]\nsource = \"tour de table\"\ntarget = \"funding round\"\n[[term]]\nsource = \"Tour  de\u{a0}table\"\ntarget = \"round table\"\n[[term]]\nsource = \"l'agent\"\ntarget = \"agent\"\n[[term]]\nsource = \"L\u{2019}agent\"\ntarget = \"officer\"\n"
            .as_bytes(),
    );
    let r = check("g.toml");
    input_errors(&r, &["g.toml:5:10:", "g.toml:11:10:"]);
    assert!(
        r.stderr.contains("line 1") && r.stderr.contains("line 7"),
        "{}",
        r.stderr
    );
    write(
        dir.path(),
        "g.csv",
        "fr,en\ntour de table,funding round\nTOUR DE TABLE,round table\n".as_bytes(),
    );
    let r = check("g.csv");
    input_errors(&r, &["g.csv:3:1:"]);
    assert!(r.stderr.contains("line 2"), "{}", r.stderr);
    write(
        dir.path(),
        "g.tbx",
        "<martif><text><body>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>tour de table</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>funding round</term></tig></langSet></termEntry>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>tour  de  table</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>round table</term></tig></langSet></termEntry>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>\u{200b}</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>x</term></tig></langSet></termEntry>\n</body></text></martif>\n"
            .as_bytes(),
    );
    let r = check("g.tbx");
    input_errors(&r, &["g.tbx:3:", "g.tbx:4:"]);
    // Entries that agree say the same thing twice: accepted, checked once.
    write(
        dir.path(),
        "same.toml",
        "[[term]]\nsource = \"tour de table\"\ntarget = \"funding round\"\n[[term]]\nsource = \"Tour  de table\"\ntarget = \"funding  round\"\n"
            .as_bytes(),
    );
    let r = check("same.toml");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    write(dir.path(), "u.txt", "We go round the table.\n".as_bytes());
    let r = run(bitext(dir.path()).args([
        "--lines",
        "check",
        "--format",
        "json",
        "--glossary",
        "same.toml",
        "s.txt",
        "u.txt",
    ]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    let missing = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "term-missing")
        .count();
    assert_eq!(missing, 1, "{json}");
}

// ---- item 8: the project walk ----

fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("fr")).unwrap();
    std::fs::create_dir_all(dir.path().join("en")).unwrap();
    write(dir.path(), "bitext.toml", config.as_bytes());
    write(dir.path(), "fr/a.md", b"Il y a 3 chats.\n");
    write(dir.path(), "en/a.md", b"There are 3 cats.\n");
    dir
}

const PAIR: &str = "[[pair]]\nsource = \"fr/**/*.md\"\ntarget = \"en/{path}\"\n";

#[test]
fn links_inside_the_project_are_followed_files_and_folders() {
    let dir = project(PAIR);
    let root = dir.path();
    std::fs::create_dir_all(root.join("shared/fr")).unwrap();
    std::fs::create_dir_all(root.join("en/part")).unwrap();
    write(root, "shared/fr/b.md", b"Il y a 4 chiens.\n");
    write(root, "en/part/b.md", b"There are 5 dogs.\n");
    write(root, "shared/c.md", b"Il y a 6 souris.\n");
    write(root, "en/c.md", b"There are 6 mice.\n");
    std::os::unix::fs::symlink("../shared/fr", root.join("fr/part")).unwrap();
    std::os::unix::fs::symlink("../shared/c.md", root.join("fr/c.md")).unwrap();
    let r = run(bitext(root).args(["check", "--format", "json"]));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 3, "{json}");
    assert_eq!(
        json["findings"][0]["source"]["path"], "fr/part/b.md",
        "{json}"
    );
}

#[test]
fn what_the_walk_cannot_follow_is_reported_one_line_each() {
    let dir = project(PAIR);
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.md", b"Secret.\n");
    std::fs::create_dir_all(root.join("fr/sub")).unwrap();
    std::os::unix::fs::symlink("..", root.join("fr/sub/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", root.join("fr/broken.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("fr/out")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("fr/out.md")).unwrap();
    let fifo =
        std::ffi::CString::new(root.join("fr/pipe.md").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let r = run(bitext(root).args(["check"]));
    input_errors(
        &r,
        &[
            "fr/broken.md: a broken link to nowhere.md (No such file",
            "fr/out: a link out of the project's directory",
            "fr/out.md: a link out of the project's directory",
            "fr/pipe.md: a named pipe",
            "fr/sub/loop: a link loop back to fr",
        ],
    );
    assert!(!r.stderr.contains("os error 2) (os error"), "{}", r.stderr);
}

#[test]
fn targets_and_literal_sources_that_link_out_are_refused() {
    let dir = project(
        "[[pair]]\nsource = \"fr/*.md\"\ntarget = \"en/{path}\"\n[[pair]]\nsource = \"lit.md\"\ntarget = \"en/lit.md\"\n",
    );
    let root = dir.path();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.md", b"Secret 7.\n");
    std::fs::remove_file(root.join("en/a.md")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("en/a.md")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("lit.md")).unwrap();
    let r = run(bitext(root).args(["check"]));
    input_errors(
        &r,
        &[
            "en/a.md: a link out of the project's directory",
            "lit.md: a link out of the project's directory",
        ],
    );
}

#[test]
fn globs_and_targets_that_leave_the_project_are_refused() {
    for (pair, says) in [
        (
            "source = \"/etc/*\"\ntarget = \"en/{path}\"",
            "source = \"/etc/*\" is an absolute path",
        ),
        (
            "source = \"../../etc/*\"\ntarget = \"en/{path}\"",
            "source = \"../../etc/*\" goes up with ..",
        ),
        (
            "source = \"fr/*.md\"\ntarget = \"/tmp/{path}\"",
            "target = \"/tmp/{path}\" is an absolute path",
        ),
        (
            "source = \"fr/*.md\"\ntarget = \"../en/{path}\"",
            "target = \"../en/{path}\" goes up with ..",
        ),
    ] {
        let dir = project(&format!("[[pair]]\n{pair}\n"));
        let r = run(bitext(dir.path()).args(["check"]));
        let err = input_error(&r);
        assert!(
            err.contains(says) && err.contains("leaves the project"),
            "{err}"
        );
        assert!(!err.contains("matches no file"), "{err}");
    }
}

#[test]
fn every_bad_file_of_a_project_is_reported() {
    let dir = project(PAIR);
    let root = dir.path();
    for i in 1..=4 {
        write(root, &format!("fr/bad{i}.md"), b"ok \xff\xfe\n");
        write(root, &format!("en/bad{i}.md"), b"ok\n");
    }
    let r = run(bitext(root).args(["check"]));
    input_errors(
        &r,
        &[
            "fr/bad1.md:1:4:",
            "fr/bad2.md:1:4:",
            "fr/bad3.md:1:4:",
            "fr/bad4.md:1:4:",
        ],
    );
}

#[test]
fn an_over_long_path_in_the_walk_is_reported() {
    let dir = project(PAIR);
    let root = dir.path();
    // Made one level at a time (relative to a directory handle): the full
    // path is longer than the system accepts.
    let name = std::ffi::CString::new("d".repeat(200)).unwrap();
    let mut fd = {
        let c = std::ffi::CString::new(root.join("fr").as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        unsafe { libc::open(c.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY) }
    };
    assert!(fd >= 0);
    for _ in 0..22 {
        // SAFETY: `fd` is an open directory and `name` NUL-terminated.
        unsafe {
            assert_eq!(libc::mkdirat(fd, name.as_ptr(), 0o755), 0);
            let next = libc::openat(fd, name.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY);
            libc::close(fd);
            fd = next;
        }
        assert!(fd >= 0);
    }
    // SAFETY: `fd` is open.
    unsafe { libc::close(fd) };
    let r = run(bitext(root).args(["check"]));
    let err = input_error(&r);
    assert!(
        err.starts_with("bitext: fr/ddd") && err.contains("too long"),
        "{err}"
    );
    // tempfile cannot remove what is too long to name: unlink it level by level.
    let _ = std::process::Command::new("rm")
        .args(["-rf", "dddd"])
        .current_dir(root.join("fr"))
        .status();
}

// ---- item 9: SARIF locations are URIs a consumer can resolve ----

#[test]
fn sarif_names_files_outside_the_root_by_file_uri_and_validates() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("repo");
    std::fs::create_dir_all(root.join("docs")).unwrap();
    write(&root, "docs/s é.txt", FR.as_bytes());
    write(
        outer.path(),
        "t #1.txt",
        "Mistral raised €700 million. It has 60 people.\n".as_bytes(),
    );
    let absolute = outer.path().join("t #1.txt");
    let schema_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif/sarif-schema-2.1.0.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for target in ["../t #1.txt", absolute.to_str().unwrap()] {
        let r = run(bitext(&root).args(["check", "--format", "sarif", "docs/s é.txt", target]));
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        let log: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert_eq!(errors, Vec::<String>::new());
        let run0 = &log["runs"][0];
        assert!(
            run0["originalUriBaseIds"]["%SRCROOT%"].is_object(),
            "{run0}"
        );
        let result = &run0["results"][0];
        let target_uri = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        let expected =
            url::Url::from_file_path(outer.path().canonicalize().unwrap().join("t #1.txt"))
                .unwrap();
        let uri = target_uri["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("file:///") && uri.ends_with("/t%20%231.txt"),
            "{uri}"
        );
        assert!(target_uri.get("uriBaseId").is_none(), "{target_uri}");
        // The URI names the real file (modulo a symlinked temp dir).
        let named = url::Url::parse(uri).unwrap().to_file_path().unwrap();
        assert_eq!(
            named.canonicalize().unwrap(),
            expected.to_file_path().unwrap()
        );
        let source_uri = &result["relatedLocations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(
            source_uri,
            &serde_json::json!({"uri": "docs/s%20%C3%A9.txt", "uriBaseId": "%SRCROOT%"})
        );
    }
}
