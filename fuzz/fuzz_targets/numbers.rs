//! The number parser never panics, and every quantity it reads points at real
//! characters of the text and has finite values.
#![no_main]
use bitext::check::numbers::extract::{Value, extract};
use bitext::lang::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for lang in [Lang::FR, Lang::EN, Lang::parse("de").unwrap()] {
        for q in extract(text, lang) {
            assert!(q.start < q.end && q.end <= text.len(), "{q:?}");
            assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
            assert!(!q.values.is_empty());
            for v in &q.values {
                match v {
                    Value::Number(n) => assert!(n.to_string().parse::<f64>().is_ok(), "{q:?}"),
                    Value::Month(m) => assert!((1..=12).contains(m)),
                    Value::Time(h, m) => assert!(*h <= 24 && *m < 60),
                }
            }
        }
    }
});
