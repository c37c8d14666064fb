//! The segmenter never panics and never loses a character.
#![no_main]
use bitext::lang::Lang;
use bitext::segment::{SegmentOptions, segment, segment_lines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let opts = SegmentOptions { abbreviations: vec!["fig".into()], ..Default::default() };
    for spans in [segment(text, Lang::FR, &opts), segment(text, Lang::EN, &opts), segment(text, Lang::parse("de").unwrap(), &opts), segment_lines(text)] {
        let mut last = 0;
        for &(s, e) in &spans {
            assert!(s >= last && s < e && e <= text.len());
            assert!(text[last..s].chars().all(char::is_whitespace));
            assert!(!text[s..e].starts_with(char::is_whitespace) && !text[s..e].ends_with(char::is_whitespace));
            last = e;
        }
        assert!(text[last..].chars().all(char::is_whitespace));
    }
});
