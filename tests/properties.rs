//! Invariants over arbitrary input, through the library: nothing is lost,
//! every segment is in exactly one link, outputs stay valid — and no panic.

use bitext::check::Severity;
use bitext::lang::Lang;
use bitext::pipeline::{self, Settings};
use bitext::segment::SegmentOptions;
use proptest::prelude::*;

/// Text made of the pieces that break naive code: combining marks, ZWJ
/// sequences, RTL overrides, replacement characters, NBSP, CRLF, quotes,
/// abbreviations, numbers and terminators, plus arbitrary characters.
fn nasty_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("e\u{301}".to_string()),
        Just("👩\u{200d}💻".to_string()),
        Just("\u{202e}abc\u{202c}".to_string()),
        Just("\u{fffd}".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{202f}".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just(". ".to_string()),
        Just("? ".to_string()),
        Just("…".to_string()),
        Just("« ".to_string()),
        Just(" »".to_string()),
        Just("M. ".to_string()),
        Just("etc. ".to_string()),
        Just("- ".to_string()),
        Just("1 000,5 %".to_string()),
        Just("3.5 million".to_string()),
        Just("l’IA ".to_string()),
        Just("Mistral".to_string()),
        "[a-zA-Zéèà]{1,8}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn settings() -> Settings {
    let glossary = bitext::glossary::parse(
        "test.toml",
        "[[term]]\nsource = \"IA\"\ntarget = \"AI\"\n[[term]]\nsource = \"Mistral\"\ntarget = \"Mistral\"\n",
    )
    .expect("valid glossary");
    Settings {
        glossary,
        ..Settings::default()
    }
}

fn non_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn segments_cover_every_character_once(text in nasty_text(), french in any::<bool>()) {
        let lang = if french { Lang::FR } else { Lang::EN };
        for lines in [false, true] {
            let doc = pipeline::document_from_text("t", text.clone(), Some(lang), if lines { bitext::format::InputFormat::Lines } else { bitext::format::InputFormat::Text }, &SegmentOptions::default());
            let mut last_end = 0;
            let mut covered = String::new();
            for (i, s) in doc.segments.iter().enumerate() {
                prop_assert!(s.start >= last_end && s.start < s.end, "segment {} out of order", i);
                prop_assert!(!text[last_end..s.start].chars().any(|c| !c.is_whitespace()),
                    "lost text between segments: {:?}", &text[last_end..s.start]);
                covered.push_str(doc.segment_text(i));
                prop_assert_eq!((s.line, s.column), doc.line_column(s.start));
                last_end = s.end;
            }
            prop_assert!(!text[last_end..].chars().any(|c| !c.is_whitespace()));
            prop_assert_eq!(non_ws(&covered), non_ws(&text));
        }
    }

    #[test]
    fn every_segment_is_in_exactly_one_link(source in nasty_text(), target in nasty_text()) {
        let st = settings();
        let s = pipeline::document_from_text("s", source, Some(Lang::FR), bitext::format::InputFormat::Text, &st.segment);
        let t = pipeline::document_from_text("t", target, Some(Lang::EN), bitext::format::InputFormat::Text, &st.segment);
        let (n, m) = (s.segments.len(), t.segments.len());
        let report = pipeline::check_pair(s, t, &st);
        let (mut i, mut j) = (0, 0);
        for link in &report.alignment.links {
            prop_assert_eq!(link.source.start, i);
            prop_assert_eq!(link.target.start, j);
            prop_assert!(!(link.source.is_empty() && link.target.is_empty()));
            prop_assert!((0.0..=1.0).contains(&link.score), "score {}", link.score);
            i = link.source.end;
            j = link.target.end;
        }
        prop_assert_eq!((i, j), (n, m));
        for f in &report.findings {
            prop_assert!(f.link < report.alignment.links.len().max(1));
            if let Some(p) = &f.target {
                prop_assert!(report.target.text.get(p.start..p.end).is_some(), "{p:?} outside the target");
            }
            if let Some(p) = &f.source {
                prop_assert!(report.source.text.get(p.start..p.end).is_some(), "{p:?} outside the source");
            }
        }
        let mut json = Vec::new();
        bitext::render::json::write_findings(std::slice::from_ref(&report), &mut json).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let summary = bitext::pipeline::Summary::of(std::slice::from_ref(&report));
        prop_assert_eq!(value["findings"].as_array().unwrap().len(),
            summary.errors + summary.warnings + summary.infos);
        prop_assert!(!summary.fails(None));
        let _ = Severity::Error;
    }

    #[test]
    fn every_renderer_and_the_revision_diff_survive(source in nasty_text(), old in nasty_text(), new in nasty_text()) {
        use bitext::render::{self, RenderOptions};
        let st = settings();
        let doc = |name: &str, text: &str, lang| pipeline::document_from_text(name, text.to_string(), Some(lang), bitext::format::InputFormat::Text, &st.segment);
        let old_report = pipeline::check_pair(doc("s", &source, Lang::FR), doc("old", &old, Lang::EN), &st);
        let new_report = pipeline::check_pair(doc("s", &source, Lang::FR), doc("new", &new, Lang::EN), &st);
        let reports = [old_report.clone()];
        for color in [false, true] {
            let opts = RenderOptions { color, ..RenderOptions::default() };
            let mut out = Vec::new();
            render::human::write(&reports, &opts, &mut out).unwrap();
            render::review::write(&reports, &opts, &mut out).unwrap();
            render::github::write(&reports, &opts, &mut out).unwrap();
            // bitext adds no escape codes of its own without colour (text
            // that carries ESC itself is printed as it is).
            let input_has_esc = [&source, &old, &new].iter().any(|t| t.contains('\u{1b}'));
            if !color && !input_has_esc {
                prop_assert!(!out.contains(&0x1b), "escape codes without colour");
            }
            let sarif: serde_json::Value = serde_json::from_slice(&{
                let mut v = Vec::new();
                render::sarif::write(&reports, &opts, &mut v).unwrap();
                v
            }).unwrap();
            prop_assert_eq!(&sarif["version"], "2.1.0");
            let page = render::html::page(&reports, &opts);
            prop_assert!(page.contains("</html>"));
            let diff = bitext::revision::compare(&old_report, &new_report);
            let mut text = Vec::new();
            render::revision::write_text(&old_report, &new_report, &diff, &opts, &mut text).unwrap();
            let mut json = Vec::new();
            render::revision::write_json(&old_report, &new_report, &diff, &opts, &mut json).unwrap();
            serde_json::from_slice::<serde_json::Value>(&json).unwrap();
        }
    }
}
