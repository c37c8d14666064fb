//! The whole pipeline (segment, align, check, render) never panics on a
//! source/target pair split from the fuzz input at the first NUL byte.
#![no_main]
use bitext::format::InputFormat;
use bitext::lang::Lang;
use bitext::pipeline::{self, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (source, target) = text.split_once('\0').unwrap_or((text, ""));
    let settings = Settings {
        glossary: bitext::glossary::parse(
            "g.toml",
            "[[term]]\nsource = \"tour de table\"\ntarget = [\"funding round\"]\nforbidden = [\"table round\"]\n[[term]]\nsource = \"IA\"\ntarget = \"AI\"\n",
        )
        .unwrap_or_default(),
        ..Settings::default()
    };
    let s = pipeline::document_from_text("s", source.to_string(), Some(Lang::FR), InputFormat::Text, &settings.segment);
    let t = pipeline::document_from_text("t", target.to_string(), Some(Lang::EN), InputFormat::Text, &settings.segment);
    let report = pipeline::check_pair(s, t, &settings);
    let mut out = Vec::new();
    bitext::render::json::write_findings(std::slice::from_ref(&report), &mut out).unwrap();
    serde_json::from_slice::<serde_json::Value>(&out).unwrap();
});
