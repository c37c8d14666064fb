//! The TBX and CSV/TSV term-base readers never panic: any text is a glossary
//! whose every term has a source and a translation (accepted or forbidden),
//! or an error that names the file and a position inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for path in ["g.tbx", "g.csv", "g.tsv"] {
        match bitext::glossary::parse_by_extension(path, text) {
            Ok(g) => {
                for t in &g.terms {
                    assert!(!t.source.is_empty());
                    assert!(!t.target.is_empty() || !t.forbidden.is_empty());
                    assert!(t.source.iter().chain(&t.target).all(|s| !s.trim().is_empty()));
                }
            }
            Err(e) => {
                let (line, column) = e.location.expect("term-base errors have a position");
                assert!(line >= 1 && column >= 1);
                assert!(line <= text.lines().count().max(1) + 1, "line {line} past the end");
                assert!(e.to_string().starts_with(path));
            }
        }
    }
});
