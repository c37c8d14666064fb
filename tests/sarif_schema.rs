//! `check --format sarif` validates against the OASIS SARIF 2.1.0 schema
//! (copied in tests/data/sarif/ with its provenance), on the corpus and on a
//! project run.

use assert_cmd::Command;
use serde_json::Value;

fn schema_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif/sarif-schema-2.1.0.json"
    );
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn sarif(args: &[&str]) -> Value {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--format", "sarif", "--fail-on", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn corpus_sarif_is_valid() {
    let v = schema_validator();
    for target in ["corpus/mistral.en.draft.txt", "corpus/mistral.en.txt"] {
        let log = sarif(&["check", "corpus/mistral.fr.txt", target]);
        assert_eq!(errors(&v, &log), Vec::<String>::new(), "{target}");
    }
    let log = sarif(&[
        "--lines",
        "check",
        "corpus/mistral.fr.lines.txt",
        "corpus/mistral.en.draft.lines.txt",
    ]);
    assert_eq!(errors(&v, &log), Vec::<String>::new());
    assert!(
        !log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    // Guards the test above against a validator that accepts anything.
    let v = schema_validator();
    let mut log = sarif(&[
        "--lines",
        "check",
        "corpus/mistral.fr.lines.txt",
        "corpus/mistral.en.draft.lines.txt",
    ]);
    log["version"] = "2.0.0".into();
    assert!(!errors(&v, &log).is_empty());
    let mut log = sarif(&["check", "corpus/mistral.fr.txt", "corpus/mistral.en.txt"]);
    log["runs"][0]["columnKind"] = "bytes".into();
    assert!(!errors(&v, &log).is_empty());
}
