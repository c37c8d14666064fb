//! The JSON catalogue reader never panics: any text is a catalogue or an
//! error naming a line and column inside it; it accepts what serde_json
//! accepts (objects, arrays, strings, numbers), and nothing serde_json refuses
//! but numbers too large for an f64.
#![no_main]
use bitext::format::json;
use bitext::lang::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = json::read("f.json", text, Lang::FR);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match &ours {
        Ok(doc) => {
            // serde_json refuses numbers an f64 cannot hold (`1e4444`), which
            // JSON's grammar allows; numbers are not text to us.
            let out_of_range = theirs
                .as_ref()
                .is_err_and(|e| e.to_string().starts_with("number out of range"));
            assert!(theirs.is_ok() || out_of_range, "we accept what serde_json refuses");
            for s in &doc.segments {
                assert!(doc.disk_offset(s.start) <= text.len());
            }
        }
        Err(e) => {
            assert!(e.line >= 1 && e.column >= 1);
            assert!(e.to_string().starts_with("f.json:"));
        }
    }
});
