//! `review` and `diff` of structured documents through the real binary:
//! Markdown and PO shown block by block (heading levels, list items, table
//! cells, entries by key), code, HTML and front matter folded, findings in
//! place with their position in the file. The fixtures are in
//! `tests/data/review/` (a small guide with one planted number mismatch, its
//! next revision, and a PO catalogue with a context, a plural and two
//! planted mistakes).
//!
//! Accept new terminal snapshots after reading them:
//! `INSTA_UPDATE=always cargo test --test review_blocks`.

use assert_cmd::Command;
use serde_json::Value;

const EN: &str = "tests/data/review/guide.en.md";
const FR: &str = "tests/data/review/guide.fr.md";
const FR_NEW: &str = "tests/data/review/guide.new.fr.md";
const PO: &str = "tests/data/review/messages.po";

/// Runs bitext from the repository root, English to French, colour off;
/// returns stdout and the exit code.
fn bitext(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .args(["--source-lang", "en", "--target-lang", "fr"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty() || out.status.code() == Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn markdown_review_is_shown_block_by_block() {
    let (out, code) = bitext(&["review", EN, FR]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("review_markdown", out);
    for line in [
        "── heading 1 · en 6:3 · fr 6:3",
        "── heading 2 · en 13:4 · fr 13:4",
        "── list item · en 10:3 · fr 10:3",
        "── table cell · en 17:12 · fr 17:12",
        "▸ code block (toml, 4 lines) · en 19:1 · fr 19:1 — differs in translation",
        "▸ code block (sh, 3 lines) · en 30:1 · fr 30:1 — unchanged",
        "▸ HTML block (1 line) · en 28:1 · fr 28:1 — unchanged",
        "▸ front matter (4 lines) · en 1:1 · fr 1:1 — unchanged",
    ] {
        assert!(out.lines().any(|l| l == line), "no line {line:?} in\n{out}");
    }
    // The planted number mismatch, in place with its position on disk.
    assert!(
        out.contains("= error[number-mismatch] '3' in the source does not match '4' in the translation (fr 8:22)"),
        "{out}"
    );
    // Code is never shown as pairs: folded only.
    assert!(!out.contains("port = 8080"), "{out}");
}

#[test]
fn only_findings_keeps_the_blocks_of_the_pairs_it_shows() {
    let (out, _) = bitext(&["review", "--only-findings", EN, FR]);
    assert!(out.contains("── paragraph · en 8:1 · fr 8:1\n#3 "), "{out}");
    assert!(!out.contains("── list item") && !out.contains('▸'), "{out}");
    assert!(
        out.contains("(10 aligned pairs without findings not shown)"),
        "{out}"
    );
}

#[test]
fn plain_text_review_has_no_block_lines() {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args([
            "review",
            "corpus/mistral.fr.txt",
            "corpus/mistral.en.draft.txt",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("#1 "), "{out}");
    assert!(!out.contains("── ") && !out.contains('▸'), "{out}");
    assert!(
        !out.contains(" (en "),
        "notes of plain text are not located: {out}"
    );
}

#[test]
fn po_review_names_entries_by_key() {
    let (out, code) = bitext(&["review", PO]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("review_po", out);
    // A context and plural forms are named; a bare msgid is its own pair.
    assert!(
        out.contains("── entry \"menu | Open\" · en 13:8 · fr 14:9"),
        "{out}"
    );
    assert!(out.contains("── entry \"%d file copied\" [1] · "), "{out}");
    assert!(!out.contains("── entry \"Open the file\""), "{out}");
    assert!(
        out.contains("(fr 21:12)") && out.contains("(fr 25:9)"),
        "{out}"
    );
}

#[test]
fn html_review_folds_structure_in_details_and_locates_findings() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    let (_, code) = bitext(&["review", EN, FR, "--html", page.to_str().unwrap()]);
    assert_eq!(code, 0);
    let html = std::fs::read_to_string(&page).unwrap();
    // Front matter, toml, two directive lines, HTML, sh.
    assert_eq!(
        html.matches("<details class=\"row fold\"").count(),
        6,
        "{html}"
    );
    assert!(html.contains(
        "<details class=\"row fold\" data-state=\"differs-in-translation\"><summary><span class=\"kind\">code block (toml, 4 lines)</span>"
    ));
    assert!(html.contains("<pre>```toml\n# the port\nport = 8080\n```</pre>"));
    for class in [
        "row link kind-heading h1",
        "row link kind-heading h2",
        "row link kind-list-item",
        "row link kind-table-cell",
        "row block kind-paragraph",
    ] {
        assert!(html.contains(class), "no {class}");
    }
    assert_eq!(html.matches("<li class=\"finding").count(), 1);
    assert!(html.contains("guide.fr.md:8:22</span>"), "{html}");
    // Plain text keeps its flat rows.
    let (plain, _) = bitext(&[
        "--lines",
        "review",
        "corpus/mistral.fr.lines.txt",
        "corpus/mistral.en.draft.lines.txt",
        "--html",
        "-",
    ]);
    assert!(!plain.contains("<details") && !plain.contains("row block"));
}

#[test]
fn html_review_of_a_catalogue_names_entries() {
    let (html, code) = bitext(&["review", PO, "--html", "-"]);
    assert_eq!(code, 0);
    assert!(html.contains("<span class=\"kind\">entry &quot;menu | Open&quot;</span>"));
    assert!(html.contains("row link kind-entry"));
    assert!(!html.contains("<details"));
}

#[test]
fn markdown_diff_shows_changes_under_blocks_and_changed_code() {
    let (out, code) = bitext(&["diff", EN, FR, FR_NEW]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("diff_markdown", out);
    assert!(out.contains("1 code or markup block changed"), "{out}");
    assert!(out.contains("── table cell · en 17:12\n@@ "), "{out}");
    assert!(
        out.contains("        - | port = 8080\n        + | port = 8081\n"),
        "{out}"
    );
    // The unchanged shell block stays folded away.
    assert!(!out.contains("tool serve"), "{out}");

    let (json, _) = bitext(&["diff", "--format", "json", EN, FR, FR_NEW]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["changed_blocks"], 1);
    let block = &v["blocks"][0];
    assert_eq!(block["kind"], "code block");
    assert_eq!(block["new"]["line"], 19);
    let ops: Vec<&str> = block["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["equal", "equal", "delete", "insert", "equal"]);
}

#[test]
fn diff_of_a_revision_with_the_same_code_lists_no_block() {
    let (out, _) = bitext(&["diff", EN, FR, FR]);
    assert!(
        out.contains("0 segments changed, 0 code or markup blocks changed"),
        "{out}"
    );
    assert!(!out.contains("@@"), "{out}");
}
