//! The XLIFF reader never panics: any text is a catalogue or an error naming a
//! line and column inside it; every entry's position is inside the file.
#![no_main]
use bitext::format::{xliff, CatalogueOptions};
use bitext::lang::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match xliff::read("f.xlf", text, Lang::EN, Lang::FR, CatalogueOptions { include_fuzzy: true }) {
        Ok(b) => {
            for doc in [&b.source, &b.target] {
                for s in &doc.segments {
                    assert!(doc.disk_offset(s.start) <= text.len());
                    assert!(s.line >= 1 && s.line <= text.lines().count().max(1) + 1);
                }
            }
            assert_eq!(b.source.segments.len(), b.target.segments.len());
        }
        Err(e) => {
            assert!(e.line >= 1 && e.column >= 1);
            assert!(e.to_string().starts_with("f.xlf:"));
        }
    }
});
