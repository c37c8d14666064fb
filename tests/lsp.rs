//! `bitext lsp` through the real binary: JSON-RPC over stdio, framed with
//! `Content-Length`, every read under a timeout so a hung server fails the
//! test instead of hanging it.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

/// A test client: the server's messages arrive on `incoming` from a reader
/// thread; notifications read while waiting for something else are kept.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    kept: Vec<Value>,
    next_id: i64,
}

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

impl Client {
    fn start(dir: &Path, options: Value) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bitext"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("bitext lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(message) = read_frame(&mut stdout) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            kept: Vec::new(),
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(dir), "capabilities": {}, "initializationOptions": options}),
        );
        assert_eq!(
            result["result"]["capabilities"]["textDocumentSync"]["change"],
            2
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(TIMEOUT)
            .expect("the server answers in time")
    }

    /// Sends a request and returns its whole response (result or error).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(&json!(id))
    }

    fn response(&mut self, id: &Value) -> Value {
        loop {
            let m = self.next();
            if m.get("method").is_none() && &m["id"] == id {
                return m;
            }
            self.kept.push(m);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let wanted = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.kept.iter().position(wanted) {
            let m = self.kept.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.next();
            if wanted(&m) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.kept.push(m);
        }
    }

    fn open(&mut self, path: &Path, language: &str) -> String {
        let uri = uri(path);
        let text = std::fs::read_to_string(path).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        uri
    }

    /// Sends `exit` and returns the server's exit status.
    fn exit(mut self) -> i32 {
        self.notify("exit", Value::Null);
        for _ in 0..300 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().expect("exited, not killed");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        self.child.kill().unwrap();
        panic!("the server did not exit");
    }
}

fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The byte offset of an LSP position (UTF-16 characters) in `text`.
fn offset(text: &str, position: &Value) -> usize {
    let (line, character) = (
        position["line"].as_u64().unwrap() as usize,
        position["character"].as_u64().unwrap() as usize,
    );
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').unwrap() + 1;
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The text an LSP range covers.
fn covered<'a>(text: &'a str, range: &Value) -> &'a str {
    &text[offset(text, &range["start"])..offset(text, &range["end"])]
}

fn by_rule<'a>(diagnostics: &'a [Value], rule: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == rule)
        .unwrap_or_else(|| panic!("no {rule} among {diagnostics:#?}"))
}

/// A project: fr/a.md → en/a.md (the target has a BOM, CRLF line ends and
/// an emoji before the words found, so positions must count UTF-16), a
/// glossary, and a bilingual PO pair.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("bitext.toml"),
        "glossary = \"glossary.toml\"\n[[pair]]\nsource = \"fr/**/*.md\"\ntarget = \"en/{path}\"\n[[pair]]\nsource = \"po/*.po\"\nsource_lang = \"en\"\ntarget_lang = \"fr\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("glossary.toml"),
        "source_lang = \"fr\"\ntarget_lang = \"en\"\n[[term]]\nsource = \"tour de table\"\ntarget = \"funding round\"\nforbidden = [\"table round\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("fr")).unwrap();
    std::fs::create_dir_all(root.join("en")).unwrap();
    std::fs::create_dir_all(root.join("po")).unwrap();
    std::fs::write(
        root.join("fr/a.md"),
        "# Levée de fonds\n\nLa société a bouclé un tour de table de 385 millions d'euros.\n\nElle emploie 60 personnes à Paris.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("en/a.md"),
        "\u{feff}# Fundraising\r\n\r\n🚀 The company closed a table round of €358 million.\r\n\r\nIt employs 60 people in Paris.\r\n",
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/l10n/planted/sed.po"),
        root.join("po/sed.po"),
    )
    .unwrap();
    dir
}

/// `bitext check` on the project: how many findings.
fn findings_of_check(root: &Path) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(["check", "--format", "json", "--fail-on", "never"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"].as_array().unwrap().len()
}

/// Applies the edits of a code action's workspace edit to the file on disk.
fn apply(action: &Value, path: &Path) {
    let uri = uri(path);
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    let mut text = std::fs::read_to_string(path).unwrap();
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&text, &e["range"]["start"]),
                offset(&text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (start, end, new) in spans {
        text.replace_range(start..end, &new);
    }
    std::fs::write(path, text).unwrap();
}

fn target(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("en/a.md")
}

#[test]
fn diagnostics_land_on_the_words_and_follow_edits() {
    let dir = project();
    let mut client = Client::start(dir.path(), json!({"debounceMs": 0}));
    let path = target(&dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = client.open(&path, "markdown");
    let first = client.diagnostics(&uri);
    let forbidden = by_rule(&first, "term-forbidden");
    assert_eq!(covered(&text, &forbidden["range"]), "table round");
    assert_eq!(forbidden["source"], "bitext");
    assert_eq!(forbidden["severity"], 1, "an error");
    assert!(
        forbidden["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules.md#term-forbidden")
    );
    let related = &forbidden["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], self::uri(&dir.path().join("fr/a.md")));
    let source = std::fs::read_to_string(dir.path().join("fr/a.md")).unwrap();
    assert_eq!(
        covered(&source, &related["range"]),
        "La société a bouclé un tour de table de 385 millions d'euros."
    );
    let number = by_rule(&first, "number-mismatch");
    assert!(
        covered(&text, &number["range"]).contains("358 million"),
        "{:?}",
        covered(&text, &number["range"])
    );

    // Fix the number in the buffer (not on disk): its diagnostic goes,
    // nothing else changes.
    let at = number["range"]["start"].clone();
    let line = at["line"].as_u64().unwrap();
    let line_text = text.split('\n').nth(line as usize).unwrap();
    let column: usize = line_text[..line_text.find("358").unwrap()]
        .chars()
        .map(char::len_utf16)
        .sum();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 3}}, "text": "385"}
        ]}),
    );
    let second = client.diagnostics(&uri);
    let expected: Vec<&Value> = first
        .iter()
        .filter(|d| d["code"] != "number-mismatch")
        .collect();
    assert_eq!(second.iter().collect::<Vec<_>>(), expected);

    assert_eq!(
        client.request("shutdown", Value::Null)["result"],
        Value::Null
    );
    assert_eq!(client.exit(), 0);
}

#[test]
fn a_po_file_gets_diagnostics_on_its_msgstr() {
    let dir = project();
    let mut client = Client::start(dir.path(), json!({"debounceMs": 0}));
    let path = dir.path().join("po/sed.po");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = client.open(&path, "po");
    let diagnostics = client.diagnostics(&uri);
    let markup = by_rule(&diagnostics, "markup-mismatch");
    assert_eq!(markup["range"]["start"]["line"], 131, "{markup:#?}");
    assert!(covered(&text, &markup["range"]).contains("ww.gnu.org"));
    let missing = by_rule(&diagnostics, "missing-translation");
    assert_eq!(missing["range"]["start"]["line"], 279);
    // Related information: the msgid in the same file.
    let related = &markup["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], uri);
    assert!(covered(&text, &related["range"]).starts_with("GNU sed home page"));
    assert_eq!(
        client.request("shutdown", Value::Null)["result"],
        Value::Null
    );
    assert_eq!(client.exit(), 0);
}

#[test]
fn a_quick_fix_applied_makes_check_report_one_finding_fewer() {
    for (title, rule) in [("Replace", "term-forbidden"), ("Ignore", "number-mismatch")] {
        let dir = project();
        let before = findings_of_check(dir.path());
        let mut client = Client::start(dir.path(), json!({"debounceMs": 0}));
        let path = target(&dir);
        let uri = client.open(&path, "markdown");
        let diagnostics = client.diagnostics(&uri);
        let wanted = by_rule(&diagnostics, rule);
        let response = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": wanted["range"], "context": {"diagnostics": [wanted]}}),
        );
        let actions = response["result"].as_array().unwrap();
        let action = actions
            .iter()
            .find(|a| {
                a["title"].as_str().unwrap().starts_with(title)
                    && a["diagnostics"][0]["code"] == rule
            })
            .unwrap_or_else(|| panic!("no {title} action for {rule} in {actions:#?}"));
        assert_eq!(action["kind"], "quickfix");
        apply(action, &path);
        assert_eq!(
            findings_of_check(dir.path()),
            before - 1,
            "after {title}: {}",
            std::fs::read_to_string(&path).unwrap()
        );
        client.request("shutdown", Value::Null);
        assert_eq!(client.exit(), 0);
    }
}

#[test]
fn hover_shows_the_aligned_source_and_the_confidence() {
    let dir = project();
    let mut client = Client::start(dir.path(), json!({"debounceMs": 0}));
    let uri = client.open(&target(&dir), "markdown");
    let diagnostics = client.diagnostics(&uri);
    let at = &by_rule(&diagnostics, "term-forbidden")["range"]["start"];
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("tour de table de 385 millions"), "{value}");
    assert!(value.contains("link confidence 0."), "{value}");
    client.request("shutdown", Value::Null);
    assert_eq!(client.exit(), 0);
}

#[test]
fn malformed_input_and_unknown_files_get_errors_and_the_server_goes_on() {
    let dir = project();
    let mut client = Client::start(dir.path(), json!({}));
    client.send_raw("{this is not json");
    let error = client.response(&Value::Null);
    assert_eq!(error["error"]["code"], -32700, "{error}");
    let missing = uri(&dir.path().join("en/nowhere.md"));
    let answer = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": missing}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    let unknown = client.request("bitext/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // Still serving: a target opened now gets its diagnostics.
    let uri = client.open(&target(&dir), "markdown");
    assert!(!client.diagnostics(&uri).is_empty());
    // Exit without shutdown: status 1.
    assert_eq!(client.exit(), 1);
}

#[test]
fn a_change_to_the_source_rechecks_its_open_target() {
    let dir = project();
    let mut client = Client::start(dir.path(), json!({"debounceMs": 0}));
    let uri = client.open(&target(&dir), "markdown");
    assert!(
        client
            .diagnostics(&uri)
            .iter()
            .any(|d| d["code"] == "number-mismatch")
    );
    // The source now says 358 too: opened (unsaved) in the editor.
    let source = dir.path().join("fr/a.md");
    let text = std::fs::read_to_string(&source)
        .unwrap()
        .replace("385", "358");
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": self::uri(&source), "languageId": "markdown", "version": 1, "text": text}}),
    );
    let after = client.diagnostics(&uri);
    assert!(
        !after.iter().any(|d| d["code"] == "number-mismatch"),
        "{after:#?}"
    );
    // The glossary changes on disk: the term is no longer forbidden.
    std::fs::write(
        dir.path().join("glossary.toml"),
        "source_lang = \"fr\"\ntarget_lang = \"en\"\n[[term]]\nsource = \"tour de table\"\ntarget = [\"funding round\", \"table round\"]\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": self::uri(&dir.path().join("glossary.toml")), "type": 2}]}),
    );
    let after = client.diagnostics(&uri);
    assert!(
        !after.iter().any(|d| d["code"] == "term-forbidden"),
        "{after:#?}"
    );
    client.request("shutdown", Value::Null);
    assert_eq!(client.exit(), 0);
}

#[test]
fn settings_turn_rules_off_and_set_the_error_threshold() {
    let dir = project();
    let mut client = Client::start(
        dir.path(),
        json!({"debounceMs": 0, "failOn": "never", "rules": {"term-forbidden": "off"}}),
    );
    let uri = client.open(&target(&dir), "markdown");
    let diagnostics = client.diagnostics(&uri);
    assert!(!diagnostics.iter().any(|d| d["code"] == "term-forbidden"));
    assert_eq!(by_rule(&diagnostics, "number-mismatch")["severity"], 2);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"bitext": {"debounceMs": 0}}}),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(by_rule(&diagnostics, "term-forbidden")["severity"], 1);
    client.request("shutdown", Value::Null);
    assert_eq!(client.exit(), 0);
}

/// The page diagnostics link to (`codeDescription.href` =
/// `docs/rules.md#RULE`): one section per rule, generated from the rules
/// themselves. `BITEXT_WRITE_DOCS=1 cargo test --test lsp rules_page`
/// rewrites it after a rule changes.
#[test]
fn the_rules_page_has_a_section_for_every_rule() {
    let mut page = String::from(
        "# Rules\n\n\
         One section per rule id (generated from the rules by `tests/lsp.rs`:\n\
         `BITEXT_WRITE_DOCS=1 cargo test --test lsp rules_page`). `bitext lsp`\n\
         links every diagnostic to its rule's section here; `bitext.toml`'s\n\
         `[rules]` (or the editor's `rules` setting) changes a severity or\n\
         turns a rule off, and an inline `bitext-ignore RULE` comment turns it\n\
         off for one block or entry.\n",
    );
    for rule in bitext::check::all_rules() {
        page.push_str(&format!(
            "\n## {}\n\nDefault severity: {}. {}{}.\n",
            rule.id,
            rule.default_severity.as_str(),
            rule.description[..1].to_uppercase(),
            &rule.description[1..]
        ));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("BITEXT_WRITE_DOCS").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        page,
        "docs/rules.md is out of date: BITEXT_WRITE_DOCS=1 cargo test --test lsp rules_page"
    );
}

/// A real client: headless Neovim opens the bundled draft in a project
/// (`bitext.toml` naming the corpus pair) through `bitext lsp`, and gets
/// one diagnostic per finding of `bitext check`, where it says. Skipped,
/// saying so, where `nvim` is missing (`.ci/run` installs it).
#[test]
fn neovim_shows_the_drafts_diagnostics() {
    if Command::new("nvim").arg("--version").output().is_err() {
        eprintln!("skipped: nvim is not installed (apt-get install neovim)");
        return;
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("corpus/mistral.fr.txt", "mistral.fr.txt"),
        ("corpus/mistral.en.draft.txt", "mistral.en.draft.txt"),
        ("glossary.toml", "glossary.toml"),
        ("tests/data/lsp/neovim.lua", "neovim.lua"),
    ] {
        std::fs::copy(corpus.join(from), dir.path().join(to)).unwrap();
    }
    std::fs::write(
        dir.path().join("bitext.toml"),
        "glossary = \"glossary.toml\"\n[[pair]]\nsource = \"mistral.fr.txt\"\ntarget = \"mistral.en.draft.txt\"\n",
    )
    .unwrap();
    let out = dir.path().join("diagnostics.txt");
    let mut nvim = Command::new("nvim")
        .args(["--headless", "--clean", "-n"])
        .arg("mistral.en.draft.txt")
        .args(["-c", "luafile neovim.lua"])
        .current_dir(dir.path())
        .env("BITEXT_BIN", env!("CARGO_BIN_EXE_bitext"))
        .env("BITEXT_NVIM_OUT", &out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = None;
    for _ in 0..600 {
        status = nvim.try_wait().unwrap();
        if status.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if status.is_none() {
        nvim.kill().unwrap();
        panic!("nvim did not finish");
    }
    let lines = std::fs::read_to_string(&out).expect("the script wrote the diagnostics");
    let diagnostics: Vec<(usize, usize, &str, u32)> = lines
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2],
                f[3].parse().unwrap(),
            )
        })
        .collect();
    let check = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(["check", "--format", "json", "--fail-on", "never"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(
        diagnostics.len(),
        report["findings"].as_array().unwrap().len(),
        "{lines}"
    );
    // README: mistral.en.draft.txt:8:58: error[term-forbidden] 'valorization'.
    let draft = std::fs::read_to_string(dir.path().join("mistral.en.draft.txt")).unwrap();
    let line8 = draft.lines().nth(7).unwrap();
    let column = line8.find("valorization").unwrap();
    assert!(
        diagnostics.contains(&(7, column, "term-forbidden", 1)),
        "no term-forbidden at 7:{column} in {lines}"
    );
    let line9 = draft.lines().nth(8).unwrap();
    assert!(
        diagnostics.iter().any(|d| d.0 == 8
            && d.2 == "number-mismatch"
            && line9[d.1..].starts_with("5.8 million")),
        "{lines}"
    );
}

/// The README's editor set-ups parse (JSON, TOML) and start `bitext lsp`.
#[test]
fn the_readme_editor_samples_parse_and_start_the_server() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("## In the editor: `bitext lsp`").unwrap();
    let end = start + readme[start..].find("\n## Localisation").unwrap();
    let section = &readme[start..end];
    let blocks = |lang: &str| -> Vec<String> {
        section
            .split(&format!("```{lang}\n"))
            .skip(1)
            .map(|b| b[..b.find("```").unwrap()].to_string())
            .collect()
    };
    let json: Vec<Value> = blocks("json")
        .iter()
        .map(|b| serde_json::from_str(b).unwrap_or_else(|e| panic!("{e}: {b}")))
        .collect();
    assert_eq!(json[0]["glspc.server.command"], "bitext");
    assert_eq!(json[0]["glspc.server.commandArguments"], json!(["lsp"]));
    let helix: toml::Table = blocks("toml")[0].parse().unwrap();
    assert_eq!(
        helix["language-server"]["bitext"]["command"].as_str(),
        Some("bitext")
    );
    let lua = &blocks("lua")[0];
    assert!(lua.contains(r#"cmd = { "bitext", "lsp" }"#), "{lua}");
    // Every setting the samples use is in the settings table.
    for setting in ["failOn", "glossary", "rules", "debounceMs"] {
        assert!(section.contains(&format!("| `{setting}`")), "{setting}");
    }
}
