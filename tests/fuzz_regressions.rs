//! Every input a fuzzer once crashed on (`fuzz/regressions/<target>/`) runs
//! through the same code again, so a fixed crash stays fixed.

use bitext::lang::Lang;
use bitext::pipeline::{self, Settings};
use std::path::Path;

/// The inputs kept for `target`; a missing or empty folder fails the test
/// (a regression suite that reads nothing must not pass).
fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            out.push(std::fs::read(e.path()).unwrap());
        }
    }
    assert!(!out.is_empty(), "the {target} regression folder is missing");
    out
}

/// The inputs for `target` that are UTF-8 (what a text reader is given).
fn text_inputs(target: &str) -> Vec<String> {
    inputs(target)
        .into_iter()
        .filter_map(|data| String::from_utf8(data).ok())
        .collect()
}

#[test]
fn number_parser_crashes_stay_fixed() {
    for data in inputs("numbers") {
        let text = String::from_utf8_lossy(&data);
        for lang in [Lang::FR, Lang::EN] {
            for q in bitext::check::numbers::extract::extract(&text, lang) {
                assert!(!q.values.is_empty(), "{text:?}");
            }
        }
        // And through the whole pipeline, as source and as target.
        let settings = Settings::default();
        let s = pipeline::document_from_text(
            "s",
            text.to_string(),
            Some(Lang::FR),
            bitext::format::InputFormat::Text,
            &settings.segment,
        );
        let t = pipeline::document_from_text(
            "t",
            "48 hours.".into(),
            Some(Lang::EN),
            bitext::format::InputFormat::Text,
            &settings.segment,
        );
        pipeline::check_pair(s.clone(), t.clone(), &settings);
        pipeline::check_pair(t, s, &settings);
    }
}

#[test]
fn xliff_reader_crashes_stay_fixed() {
    use bitext::format::{CatalogueOptions, xliff};
    for text in text_inputs("xliff") {
        let text = text.as_str();
        let options = CatalogueOptions {
            include_fuzzy: true,
        };
        match xliff::read("f.xlf", text, Lang::EN, Lang::FR, options) {
            Ok(b) => {
                for doc in [&b.source, &b.target] {
                    for s in &doc.segments {
                        assert!(doc.disk_offset(s.start) <= text.len());
                    }
                }
                assert_eq!(b.source.segments.len(), b.target.segments.len());
            }
            Err(e) => assert!(e.line >= 1 && e.column >= 1, "{e}"),
        }
    }
}

#[test]
fn json_reader_crashes_stay_fixed() {
    use bitext::format::json;
    for text in text_inputs("json") {
        let text = text.as_str();
        let ours = json::read("f.json", text, Lang::FR);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match ours {
            // serde_json may refuse numbers an f64 cannot hold (`1e4444`);
            // JSON's grammar allows them, and they are not text to us.
            Ok(_) => assert!(
                theirs.is_ok()
                    || theirs
                        .as_ref()
                        .is_err_and(|e| e.to_string().starts_with("number out of range")),
                "we accept what serde_json refuses: {theirs:?}"
            ),
            Err(e) => assert!(e.line >= 1 && e.column >= 1, "{e}"),
        }
    }
}
