//! The Markdown reader never panics, keeps every span inside the text and on
//! character boundaries, and never puts a sentence inside code, HTML, front
//! matter or a directive.
#![no_main]
use bitext::format::markdown;
use bitext::lang::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let layout = markdown::layout(text);
    for b in &layout.blocks {
        assert!(b.start <= b.end && b.end <= text.len());
        assert!(text.is_char_boundary(b.start) && text.is_char_boundary(b.end));
    }
    for p in &layout.protected {
        assert!(p.start <= p.end && p.end <= text.len());
        assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
    }
    let spans = markdown::segments(text, &layout, Lang::EN, &Default::default());
    for &(s, e, block) in &spans {
        let b = &layout.blocks[block.expect("Markdown segments have a block")];
        assert!(b.kind.is_translatable() && b.start <= s && e <= b.end);
    }
});
