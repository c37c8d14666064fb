//! The HTML review opened in headless Chromium: the script runs, every
//! finding is shown, and the severity filter (preset through the address's
//! `#severity=` fragment) hides the others.
//!
//! Needs Debian's `chromium` package (`apt-get install chromium`), which
//! `.ci/run` installs. Without a browser the test prints why it was skipped
//! and passes; set `BITEXT_CHROMIUM` to use another Chromium binary.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const FR: &str = "corpus/mistral.fr.lines.txt";
const DRAFT: &str = "corpus/mistral.en.draft.lines.txt";

/// The browser to use, or why there is none.
fn chromium() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("BITEXT_CHROMIUM") {
        return Ok(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err("no chromium, chromium-browser or google-chrome on PATH \
         (install Debian's `chromium` package, or set BITEXT_CHROMIUM)"
        .into())
}

/// Says, outside the test harness's capture, that the test was skipped.
fn skip(reason: &str) {
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED html_chromium: {reason}; the HTML review was not checked in a browser"
    );
}

/// Loads `url` headless and returns the DOM after its scripts ran.
fn dump_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).unwrap();
        s
    });
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

fn bitext(args: &[&str]) -> Vec<u8> {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    out.stdout
}

/// Text as Chromium serializes a text node in `--dump-dom` (the HTML
/// serialization algorithm: `&`, `<`, `>` and no-break space escaped).
fn serialized_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// Counts `needle` in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn html_review_shows_every_finding_in_chromium() {
    let browser = match chromium() {
        Ok(b) => b,
        Err(reason) => return skip(&reason),
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    bitext(&[
        "--lines",
        "review",
        FR,
        DRAFT,
        "--html",
        page.to_str().unwrap(),
    ]);
    let findings: Value = serde_json::from_slice(&bitext(&[
        "--lines",
        "check",
        FR,
        DRAFT,
        "--format",
        "json",
        "--fail-on",
        "never",
    ]))
    .unwrap();
    let list = findings["findings"].as_array().unwrap();
    let total = list.len();
    assert!(total > 0, "the corpus draft should have findings");
    let errors = list.iter().filter(|f| f["severity"] == "error").count();

    let url = format!("file://{}", page.display());
    let dom = dump_dom(&browser, &url);
    if dom.trim().is_empty() {
        return skip("chromium started but returned no DOM (is it able to run headless here?)");
    }
    // The script ran: it wrote the count of visible findings.
    assert!(
        dom.contains(&format!("data-shown=\"{total}\"")),
        "script did not run or counted wrong"
    );
    let plural = if total == 1 { "finding" } else { "findings" };
    assert!(dom.contains(&format!("Showing {total} of {total} {plural}")));
    // Every finding is in the page with its message, none hidden.
    assert_eq!(count(&dom, "<li class=\"finding "), total);
    assert_eq!(count(&dom, " hidden\""), 0);
    for f in list {
        let message = serialized_text(f["message"].as_str().unwrap());
        assert!(dom.contains(&message), "missing finding message {message}");
    }

    // Filtering by severity through the address hides everything but errors.
    let dom = dump_dom(&browser, &format!("{url}#severity=error"));
    assert!(
        dom.contains(&format!("data-shown=\"{errors}\"")),
        "severity filter"
    );
    let hidden = count(&dom, "finding sev-warning hidden") + count(&dom, "finding sev-info hidden");
    assert_eq!(hidden, total - errors);

    // Selecting a finding from the address (what j/k do) marks its note and
    // its highlighted words as current.
    let html = std::fs::read_to_string(&page).unwrap();
    let marked = html.contains("data-f=\"p0-f0\"") || html.contains("data-f=\"p0-f0 ");
    let dom = dump_dom(&browser, &format!("{url}#finding=p0-f0"));
    assert!(
        dom.contains("current\" id=\"p0-f0\""),
        "the note of p0-f0 is not selected"
    );
    if marked {
        assert!(
            dom.contains("current\" data-f=\"p0-f0"),
            "the words of p0-f0 are not selected"
        );
    }
}

#[test]
fn markdown_review_hides_block_rows_with_no_shown_pair() {
    let browser = match chromium() {
        Ok(b) => b,
        Err(reason) => return skip(&reason),
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    bitext(&[
        "--source-lang",
        "en",
        "--target-lang",
        "fr",
        "review",
        "tests/data/review/guide.en.md",
        "tests/data/review/guide.fr.md",
        "--html",
        page.to_str().unwrap(),
    ]);
    let url = format!("file://{}", page.display());
    let dom = dump_dom(&browser, &url);
    if dom.trim().is_empty() {
        return skip("chromium started but returned no DOM (is it able to run headless here?)");
    }
    assert_eq!(count(&dom, "<details class=\"row fold\""), 6);
    // Front matter title, two headings, two list items, two paragraphs,
    // three table cells; nothing hidden.
    assert_eq!(count(&dom, "class=\"row block "), 10);
    assert_eq!(count(&dom, " hidden\""), 0);
    // Only pairs with findings: the one paragraph with the planted number
    // mismatch keeps its block row; every other block row and fold is hidden.
    let dom = dump_dom(&browser, &format!("{url}#only=1"));
    assert_eq!(count(&dom, "<details class=\"row fold hidden\""), 6);
    assert_eq!(count(&dom, "class=\"row block kind-paragraph\""), 1);
    let shown_blocks = dom
        .match_indices("class=\"row block ")
        .filter(|(at, _)| {
            !dom[*at..]
                .split('"')
                .nth(1)
                .unwrap_or("")
                .contains("hidden")
        })
        .count();
    assert_eq!(shown_blocks, 1);
}
