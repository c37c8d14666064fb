//! Re-check latency of `bitext lsp`: a 500-line Markdown target (the
//! corpus article and its reference translation, repeated, with headings)
//! is opened through the real server over stdio; then 100 one-word edits
//! (`didChange`, incremental), each timed from the moment it is sent to
//! the `publishDiagnostics` of that version. With the bundled glossary
//! (`glossary.toml`, 43 terms) and with a 10,000-term one
//! (`scripts/gen_glossary.py 10000`, from the Bible pair in
//! `../shared/bench/align/bible-fr-en-stress`; skipped, saying so, when
//! python3 or that folder is missing). The server's debounce is set to 0
//! (`debounceMs`), so the figure is the check itself.
//!
//! Each is measured twice, in fresh servers: re-checked incrementally (the
//! default) and with `"incremental": false` (every re-check aligns the
//! whole pair, as before the incremental path); the server's count of
//! incremental and full re-checks is printed.
//!
//! The peer, in the same run: `bitext check SOURCE TARGET` on the same
//! files as one process (reads, compiles the glossary, checks, prints),
//! which is what an editor integration without a server would pay each
//! time. The aim is under 50 ms with the bundled glossary.
//!
//! `cargo bench --bench lsp`

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const EDITS: usize = 100;
const LINES: usize = 500;

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length:") {
            length = n.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The first `LINES` lines of the article repeated, a heading before
/// each copy, paragraphs separated by blank lines.
fn long_markdown(text: &str, heading: &str) -> String {
    let mut lines = Vec::new();
    let mut copy = 1;
    while lines.len() < LINES {
        lines.push(format!("## {heading} {copy}"));
        lines.push(String::new());
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            lines.push(line.to_string());
            lines.push(String::new());
        }
        copy += 1;
    }
    lines.truncate(LINES);
    lines.join("\n") + "\n"
}

/// Line and UTF-16 column of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

struct Figures {
    median: Duration,
    worst: Duration,
    /// The server's count of incremental and full re-checks.
    rechecks: String,
}

/// Opens the target in a fresh server and times `EDITS` one-word edits,
/// re-checked incrementally or (`incremental` false) each in full.
fn measure(dir: &Path, incremental: bool) -> Figures {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .arg("lsp")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("bitext lsp starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (sender, incoming) = mpsc::channel();
    std::thread::spawn(move || {
        while let Some(m) = read_frame(&mut stdout) {
            if sender.send(m).is_err() {
                break;
            }
        }
    });
    let mut send = |m: Value| {
        let body = m.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let uri = format!("file://{}", dir.join("en/article.md").display());
    let wait_for = |version: i64| loop {
        let m = incoming
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers");
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version {
            return m;
        }
    };
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": format!("file://{}", dir.display()), "capabilities": {},
        "initializationOptions": {"debounceMs": 0, "incremental": incremental}}}),
    );
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let mut text = std::fs::read_to_string(dir.join("en/article.md")).unwrap();
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    let first = wait_for(1);
    assert!(
        !first["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty(),
        "the draft has findings"
    );
    // One word changed per edit, all over the document: "the" → "a" at
    // the i-th occurrence, back to "the" at the next edit.
    let occurrences: Vec<usize> = text.match_indices(" the ").map(|(i, _)| i + 1).collect();
    let mut times = Vec::with_capacity(EDITS);
    for edit in 0..EDITS {
        let at = occurrences[(edit / 2 * 37) % occurrences.len()];
        let (old, new) = if edit % 2 == 0 {
            ("the", "a")
        } else {
            ("a", "the")
        };
        let range = json!({"start": position(&text, at), "end": position(&text, at + old.len())});
        text.replace_range(at..at + old.len(), new);
        let version = edit as i64 + 2;
        let started = Instant::now();
        send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": range, "text": new}]}}),
        );
        wait_for(version);
        times.push(started.elapsed());
    }
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}));
    let mut rechecks = String::from("all full");
    loop {
        let m = incoming
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers");
        if m["id"] == 2 {
            break;
        }
        if let Some(text) = m["params"]["message"].as_str()
            && let Some(summary) = text.strip_prefix("bitext: re-checks after edits: ")
        {
            rechecks = summary.to_string();
        }
    }
    send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = child.wait();
    times.sort();
    Figures {
        median: times[times.len() / 2],
        worst: *times.last().unwrap(),
        rechecks,
    }
}

/// The peer: one `bitext check` process on the same pair (median of 10).
fn cli_check(dir: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..10)
        .map(|_| {
            let started = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_bitext"))
                .args([
                    "check",
                    "fr/article.md",
                    "en/article.md",
                    "--fail-on",
                    "never",
                ])
                .current_dir(dir)
                .output()
                .unwrap();
            assert!(out.status.success());
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn project(root: &Path, glossary: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for side in ["fr", "en"] {
        std::fs::create_dir_all(dir.path().join(side)).unwrap();
    }
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    std::fs::write(
        dir.path().join("fr/article.md"),
        long_markdown(&read("corpus/mistral.fr.txt"), "Partie"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("en/article.md"),
        long_markdown(&read("corpus/mistral.en.draft.txt"), "Part"),
    )
    .unwrap();
    std::fs::write(dir.path().join("glossary.toml"), glossary).unwrap();
    std::fs::write(
        dir.path().join("bitext.toml"),
        "glossary = \"glossary.toml\"\n[[pair]]\nsource = \"fr/*.md\"\ntarget = \"en/{path}\"\n",
    )
    .unwrap();
    dir
}

fn big_glossary(root: &Path) -> Result<String, String> {
    let shared = std::env::var("BITEXT_SHARED").unwrap_or_else(|_| "../shared".into());
    let bench = root.join(&shared).join("bench/align/bible-fr-en-stress");
    if !bench.is_dir() {
        return Err(format!("{} is missing", bench.display()));
    }
    let out = Command::new("python3")
        .arg(root.join("scripts/gen_glossary.py"))
        .arg("10000")
        .arg(bench.join("source.txt"))
        .arg(bench.join("target.txt"))
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = std::fs::read_to_string(root.join("glossary.toml")).unwrap();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let mut runs = vec![("bundled glossary (43 terms)", Ok(bundled))];
    runs.push(("10,000-term glossary", big_glossary(root)));
    for (name, glossary) in runs {
        let glossary = match glossary {
            Ok(g) => g,
            Err(why) => {
                println!("{name}: skipped ({why})");
                continue;
            }
        };
        let dir = project(root, &glossary);
        let full = measure(dir.path(), false);
        let lsp = measure(dir.path(), true);
        let cli = cli_check(dir.path());
        println!(
            "{name}: re-check after a one-word edit of a {LINES}-line Markdown target, {EDITS} edits: incremental median {}, worst {} ({}); every re-check in full: median {}, worst {}; `bitext check` of the same pair {}; incremental / full median {:.2}, incremental median / check {:.2}",
            ms(lsp.median),
            ms(lsp.worst),
            lsp.rechecks,
            ms(full.median),
            ms(full.worst),
            ms(cli),
            lsp.median.as_secs_f64() / full.median.as_secs_f64(),
            lsp.median.as_secs_f64() / cli.as_secs_f64()
        );
    }
}
