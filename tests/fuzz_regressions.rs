//! Every input a fuzzer once crashed on (`fuzz/regressions/<target>/`) runs
//! through the same code again, so a fixed crash stays fixed.

use bitext::lang::Lang;
use bitext::pipeline::{self, Settings};
use std::path::Path;

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
    out
}

#[test]
fn number_parser_crashes_stay_fixed() {
    let cases = inputs("numbers");
    assert!(
        !cases.is_empty(),
        "the numbers regression folder is missing"
    );
    for data in cases {
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
