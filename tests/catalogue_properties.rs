//! Properties of the catalogue readers: a PO file written from any entries
//! reads back to the same units; every finding's position lies inside the
//! msgstr of the entry it names, in the file on disk.

use bitext::format::{catalogue, po};
use bitext::lang::Lang;
use bitext::pipeline::{Prepared, Settings};
use proptest::prelude::*;

/// Entry texts with what PO files hold: escapes, tabs, newlines, quotes,
/// placeholders, URLs, options, non-ASCII, numbers.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("Fichier".to_string()),
            Just("file".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just("\"".to_string()),
            Just("\\".to_string()),
            Just("%s".to_string()),
            Just("%2$d".to_string()),
            Just("{name}".to_string()),
            Just("--force".to_string()),
            Just("<https://gnu.org/x>".to_string()),
            Just("é\u{a0}:".to_string()),
            Just("12".to_string()),
            Just(". ".to_string()),
            "[a-z]{1,6}",
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// Writes `s` as a PO string, split over continuation lines after each `\n`
/// when `wrap`.
fn po_string(keyword: &str, s: &str, wrap: bool) -> String {
    let e = escape(s);
    if !wrap || !e.contains("\\n") {
        return format!("{keyword} \"{e}\"\n");
    }
    let mut out = format!("{keyword} \"\"\n");
    for piece in e.split_inclusive("\\n") {
        out.push_str(&format!("\"{piece}\"\n"));
    }
    out
}

/// A PO file from `(msgid, msgstr, ctxt?, wrap)` entries (ids made unique),
/// with the byte span of each msgstr in it.
fn po_file(entries: &[(String, String, bool, bool)]) -> (String, Vec<(usize, usize)>) {
    let mut file =
        String::from("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n");
    let mut spans = Vec::new();
    for (i, (id, s, ctxt, wrap)) in entries.iter().enumerate() {
        file.push_str("#, c-format\n");
        if *ctxt {
            file.push_str(&format!("msgctxt \"c{i}\"\n"));
        }
        file.push_str(&po_string("msgid", &format!("{i} {id}"), *wrap));
        let start = file.len();
        file.push_str(&po_string("msgstr", s, *wrap));
        spans.push((start, file.len()));
        file.push('\n');
    }
    (file, spans)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn po_round_trips_to_the_same_units(entries in proptest::collection::vec((text(), text(), any::<bool>(), any::<bool>()), 1..8)) {
        let (file, _) = po_file(&entries);
        let units = po::units("t.po", &file).unwrap();
        prop_assert_eq!(units.len(), entries.len());
        for (i, ((key, flags, plural, id, s), (eid, es, ctxt, _))) in units.iter().zip(&entries).enumerate() {
            let msgid = format!("{i} {eid}");
            prop_assert_eq!(id, &msgid);
            prop_assert_eq!(s, es);
            prop_assert_eq!(flags, &vec!["c-format".to_string()]);
            prop_assert_eq!(*plural, None);
            let expected_key = if *ctxt { format!("c{i}\u{4}{msgid}") } else { msgid.clone() };
            prop_assert_eq!(key, &expected_key);
        }
        // Written again from the units, the file reads the same.
        let again: Vec<(String, String, bool, bool)> = units
            .iter()
            .map(|(_, _, _, id, s)| (id.split_once(' ').map_or(String::new(), |(_, r)| r.to_string()), s.clone(), false, true))
            .collect();
        let (file2, _) = po_file(&again);
        let units2 = po::units("t.po", &file2).unwrap();
        let texts = |u: &[po::Unit]| u.iter().map(|x| (x.3.clone(), x.4.clone())).collect::<Vec<_>>();
        prop_assert_eq!(texts(&units), texts(&units2));
    }

    #[test]
    fn every_finding_lies_inside_its_entrys_msgstr(entries in proptest::collection::vec((text(), text(), any::<bool>(), any::<bool>()), 1..8)) {
        let (file, spans) = po_file(&entries);
        let prepared = Prepared::new(Settings { source_lang: Lang::EN, target_lang: Lang::FR, ..Settings::default() }).unwrap();
        let b = prepared.read_bilingual("t.po", bitext::input::Decoded { text: file.clone(), ..Default::default() }).unwrap();
        let report = prepared.check_bilingual(b).unwrap();
        for f in &report.findings {
            let Some(t) = &f.target else { continue };
            // The segment it names is the entry of that index.
            let e = catalogue::entry_of(&report.target, t.segment).unwrap();
            prop_assert!(e.key.contains(&format!("{} ", t.segment)), "{} / {}", e.key, t.segment);
            let seg = report.target.segments[t.segment];
            prop_assert!(seg.start <= t.start && t.end <= seg.end.max(seg.start), "{:?} outside {:?}", (t.start, t.end), seg);
            // On disk: inside that msgstr's lines.
            let (lo, hi) = spans[t.segment];
            let at = report.target.disk_offset(t.start);
            prop_assert!(lo <= at && at <= hi, "finding {} at byte {} outside msgstr {}..{}", f.rule, at, lo, hi);
            let (line, _) = report.target.line_column(t.start);
            prop_assert_eq!(line, t.line);
        }
    }
}
