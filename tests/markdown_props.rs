//! Random Markdown (code fences, nested lists, tables, HTML, front matter,
//! admonitions, inline code and links) through the reader, the segmenter and
//! a whole check: no translatable character is lost, none is in two
//! sentences, and no sentence reaches into code, HTML or front matter.

use bitext::document::BlockKind;
use bitext::format::{self, InputFormat, markdown};
use bitext::lang::Lang;
use bitext::pipeline::{Prepared, Settings};
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Le chat dort.",
        "Voir `x.y()` ici.",
        "Un [lien](https://a.b/c?d=1).",
        "Deux. Trois ?",
        "Fin !",
        "M. Dupont arrive.",
        "3,5 % de plus.",
        "**Gras** et _italique_.",
        "é à ü",
    ]);
    prop_oneof![
        word.clone().prop_map(|w| format!("{w}\n\n")),
        word.clone().prop_map(|w| format!("# {w} {{#id-1}}\n\n")),
        word.clone().prop_map(|w| format!("- {w}\n  - {w}\n\n")),
        word.clone()
            .prop_map(|w| format!("| a | {w} |\n|---|---|\n| `c` | {w} |\n\n")),
        word.clone()
            .prop_map(|w| format!("```js {{4}}\n// {w}\nlet x = 5;\n```\n\n")),
        word.clone()
            .prop_map(|w| format!("<div class=\"x\">\n{w}\n</div>\n\n")),
        word.clone()
            .prop_map(|w| format!("::: tip Titre\n{w}\n:::\n\n")),
        word.clone()
            .prop_map(|w| format!("!!! note\n\n    {w}\n\n")),
        word.clone().prop_map(|w| format!("> {w}\n> {w}\n\n")),
        word.prop_map(|w| format!("{{* ../a.py hl[3] *}}\n\n{w}\r\n\r\n")),
    ]
}

fn markdown_text() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(piece(), 0..12)).prop_map(|(front, pieces)| {
        let mut text = if front {
            "---\ntitle: Le titre\nlayout: doc\n---\n\n".to_string()
        } else {
            String::new()
        };
        text.extend(pieces);
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn every_prose_character_is_in_one_sentence_and_none_in_structure(text in markdown_text()) {
        let layout = markdown::layout(&text);
        let spans = markdown::segments(&text, &layout, Lang::FR, &Default::default());
        // Prose bytes: inside translatable blocks, outside protected spans.
        let mut prose = vec![false; text.len()];
        for b in layout.blocks.iter().filter(|b| b.kind.is_translatable()) {
            prose[b.start..b.end].iter_mut().for_each(|x| *x = true);
        }
        for p in &layout.protected {
            prose[p.start..p.end].iter_mut().for_each(|x| *x = false);
        }
        let mut owner = vec![0usize; text.len()];
        for &(s, e, block) in &spans {
            let b = &layout.blocks[block.unwrap()];
            prop_assert!(b.kind.is_translatable() && b.start <= s && e <= b.end, "{:?} outside {:?}", &text[s..e], b);
            for o in &mut owner[s..e] {
                *o += 1;
            }
        }
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() && prose[i] {
                prop_assert_eq!(owner[i], 1, "{:?} at {} in {:?}", c, i, text);
            }
        }
        for b in layout.blocks.iter().filter(|b| matches!(b.kind, BlockKind::Code(_) | BlockKind::Html | BlockKind::FrontMatter)) {
            prop_assert!((b.start..b.end).all(|i| owner[i] == 0 || prose[i]), "a sentence reaches into {:?}", b.kind);
        }
        // And a whole check of the document against itself runs, with no
        // finding on a protected byte.
        let prepared = Prepared::new(Settings::default()).unwrap();
        let read = |lang| format::read_document("t.md", bitext::input::Decoded { text: text.clone(), ..Default::default() }, Some(lang), InputFormat::Markdown, &Default::default());
        let report = prepared.check_pair(read(Lang::FR), read(Lang::EN));
        for f in &report.findings {
            for p in [&f.source, &f.target].into_iter().flatten() {
                if p.end > p.start && f.rule != "markup-mismatch" {
                    prop_assert!((p.start..p.end).any(|i| prose[i]), "{} on protected text {:?}", f.rule, text.get(p.start..p.end));
                }
            }
        }
    }
}
