//! Issue-2 acceptance through the real binary on the raw corpus files (no
//! `--lines`, no gold alignment): the reference is clean, the draft reports
//! every planted problem of `corpus/README.md` and nothing else.

use assert_cmd::Command;
use std::collections::BTreeMap;

fn check(target: &str) -> (i32, serde_json::Value) {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "json", "corpus/mistral.fr.txt", target])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    (out.status.code().unwrap(), json)
}

#[test]
fn the_reference_translation_is_clean() {
    let (code, json) = check("corpus/mistral.en.txt");
    assert_eq!(code, 0);
    assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{json:#}");
    assert_eq!(json["summary"]["source_segments"], 39);
    assert_eq!(json["summary"]["target_segments"], 38);
    assert_eq!(json["summary"]["links"], 36);
}

#[test]
fn the_draft_reports_every_planted_problem_and_no_look_alike() {
    let (code, json) = check("corpus/mistral.en.draft.txt");
    assert_eq!(code, 1);
    // (rule, 1-based line in the draft; 0 for the omission) → count, from
    // the table in corpus/README.md (one finding per mistake: a forbidden
    // rendering is not also reported missing).
    let expected: BTreeMap<(&str, u64), usize> = [
        (("term-forbidden", 3), 1),
        (("addition", 4), 1),
        (("number-mismatch", 5), 1),
        (("number-mismatch", 7), 1),
        (("term-forbidden", 8), 1),
        (("number-mismatch", 9), 1),
        (("term-forbidden", 10), 1),
        (("term-missing", 11), 1),
        (("term-missing", 12), 2),
        (("term-missing", 13), 1),
        (("untranslated", 14), 1),
        (("term-forbidden", 15), 1),
        (("number-mismatch", 15), 1),
        (("term-inconsistent", 15), 1),
        (("term-forbidden", 17), 1),
        (("term-missing", 18), 1),
        (("omission", 0), 1),
    ]
    .into_iter()
    .collect();
    let mut got: BTreeMap<(&str, u64), usize> = BTreeMap::new();
    for f in json["findings"].as_array().unwrap() {
        let line = f["target"]["line"].as_u64().unwrap_or(0);
        *got.entry((f["rule"].as_str().unwrap(), line)).or_default() += 1;
    }
    assert_eq!(got, expected, "{json:#}");
    assert_eq!(json["summary"]["errors"], 15); // the omission is an error
    assert_eq!(json["summary"]["warnings"], 3);
}
