//! The glossary loader never panics: any text is a glossary or an error that
//! names a position inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = bitext::glossary::parse("g.toml", text) {
        if let Some((line, column)) = e.location {
            assert!(line >= 1 && column >= 1);
            assert!(line <= text.lines().count().max(1) + 1, "line {line} past the end");
        }
        assert!(e.to_string().starts_with("g.toml"));
    }
});
