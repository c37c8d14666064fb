//! `bitext segment` through the real binary: the bundled corpus, JSON spans,
//! and user abbreviations from the command line and from a file.

use assert_cmd::Command;
use std::path::Path;

fn bitext() -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    // No glossary.toml from the crate root leaks into these runs.
    cmd.current_dir(std::env::temp_dir());
    cmd
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn french_corpus_matches_its_gold_lines() {
    let got = stdout_of(bitext().arg("segment").arg(corpus("mistral.fr.txt")));
    let gold = std::fs::read_to_string(corpus("mistral.fr.lines.txt")).unwrap();
    assert_eq!(
        got.lines().collect::<Vec<_>>(),
        gold.lines().collect::<Vec<_>>()
    );
}

#[test]
fn english_corpus_matches_its_gold_lines() {
    let got = stdout_of(bitext().arg("segment").arg(corpus("mistral.en.txt")));
    let gold = std::fs::read_to_string(corpus("mistral.en.lines.txt")).unwrap();
    assert_eq!(
        got.lines().collect::<Vec<_>>(),
        gold.lines().collect::<Vec<_>>()
    );
}

#[test]
fn text_output_joins_hard_wrapped_lines() {
    let got = stdout_of(
        bitext()
            .args(["segment", "--lang", "fr", "-"])
            .write_stdin("Résultats du trimestre\nLe chiffre d'affaires\nprogresse de 4\u{a0}%. M. Dupont\nest content.\n"),
    );
    assert_eq!(
        got,
        "Résultats du trimestre\nLe chiffre d'affaires progresse de 4 %.\nM. Dupont est content.\n"
    );
}

#[test]
fn json_output_gives_byte_offsets_lines_and_columns() {
    // `Été` is 5 bytes but 3 characters: offsets count bytes, columns characters.
    let text = "Été chaud.\n  Il pleut. Fin.";
    let got = stdout_of(
        bitext()
            .args(["segment", "--format", "json", "-"])
            .write_stdin(text),
    );
    let items: Vec<serde_json::Value> = serde_json::from_str(&got).unwrap();
    let spans: Vec<(u64, u64, u64, u64)> = items
        .iter()
        .map(|v| {
            (
                v["start"].as_u64().unwrap(),
                v["end"].as_u64().unwrap(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(spans, vec![(0, 12, 1, 1), (15, 24, 2, 3), (25, 29, 2, 13)]);
    assert_eq!(items[1]["text"], "Il pleut.");
}

#[test]
fn abbreviations_from_the_command_line_and_a_file() {
    let text = "Prenez la Rte. Nationale 7. Puis la Imp. Ouest.";
    let plain = stdout_of(
        bitext()
            .args(["segment", "--lang", "fr", "-"])
            .write_stdin(text),
    );
    assert_eq!(plain.lines().count(), 4, "{plain}");

    let inline = stdout_of(
        bitext()
            .args(["segment", "--lang", "fr", "--abbreviations", "Rte,Imp", "-"])
            .write_stdin(text),
    );
    assert_eq!(inline, "Prenez la Rte. Nationale 7.\nPuis la Imp. Ouest.\n");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("abbr.txt");
    std::fs::write(&file, "# our routes\nRte.\nImp  # impasse\n").unwrap();
    let from_file = stdout_of(
        bitext()
            .args(["segment", "--lang", "fr", "--abbreviations-file"])
            .arg(&file)
            .arg("-")
            .write_stdin(text),
    );
    assert_eq!(from_file, inline);
}

#[test]
fn missing_abbreviation_file_is_an_input_error() {
    let out = bitext()
        .args(["segment", "--abbreviations-file", "no/such/abbr.txt", "-"])
        .write_stdin("Bonjour.")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/abbr.txt"), "{err}");
}

#[test]
fn help_documents_the_abbreviation_file() {
    let help = stdout_of(bitext().args(["segment", "--help"]));
    assert!(help.contains("--abbreviations-file"), "{help}");
    assert!(
        help.contains("# comments") || help.contains("`#` comments"),
        "{help}"
    );
}
