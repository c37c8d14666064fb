//! The fuzz target `fuzz/fuzz_targets/termbase.rs`, run by proptest on
//! mutations of the converted term bases (cargo-fuzz needs nightly; this
//! keeps the same property in every `cargo test`): the TBX and CSV/TSV
//! readers never panic, and every error names the file and a position inside
//! the text.

use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "/>",
    "</term>",
    "<term>",
    "<tig>",
    "</tig>",
    "</langSet>",
    "<langSet xml:lang=\"en\">",
    "xml:lang=\"zz-ZZ\"",
    "&amp;",
    "&bogus;",
    "&#0;",
    "&#x1F600;",
    "<![CDATA[x]]>",
    "\"",
    "\"\"",
    ",",
    "\t",
    ";",
    "|",
    "\r\n",
    "\n",
    "é",
    "<!-- c -->",
    "termNote type=\"administrativeStatus\"",
    "deprecatedTerm-admn-sts",
    "<termEntry>",
    "</termEntry>",
    " ",
];

fn check(path: &str, text: &str) {
    match bitext::glossary::parse_by_extension(path, text) {
        Ok(g) => {
            for t in &g.terms {
                assert!(!t.source.is_empty());
                assert!(!t.target.is_empty() || !t.forbidden.is_empty());
            }
        }
        Err(e) => {
            let (line, column) = e.location.expect("term-base errors have a position");
            assert!(line >= 1 && column >= 1);
            assert!(
                line <= text.lines().count().max(1) + 1,
                "line {line} past the end: {e}"
            );
            assert!(e.to_string().starts_with(path), "{e}");
        }
    }
}

/// `text` with `edits` applied: (position, bytes deleted, fragment inserted).
fn mutate(text: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut s = text.to_string();
    for &(at, delete, fragment) in edits {
        let mut at = at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + delete).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        s.replace_range(at..end, FRAGMENTS[fragment % FRAGMENTS.len()]);
    }
    s
}

fn sample(path: &str, bytes: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn mutated_tbx_never_panics(edits in prop::collection::vec((0usize..24000, 0usize..40, 0usize..64), 0..6)) {
        let base = sample("tests/data/glossary/glossary.tbx", usize::MAX);
        check("g.tbx", &mutate(&base, &edits));
        let v3 = sample("tests/data/glossary/glossary.v3.tbx", usize::MAX);
        check("g.tbx", &mutate(&v3, &edits));
    }

    #[test]
    fn mutated_csv_never_panics(edits in prop::collection::vec((0usize..3300, 0usize..20, 0usize..64), 0..6)) {
        let csv = sample("tests/data/glossary/glossary.csv", usize::MAX);
        check("g.csv", &mutate(&csv, &edits));
        let tsv = sample("tests/data/glossary/glossary.tsv", usize::MAX);
        check("g.tsv", &mutate(&tsv, &edits));
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,200}") {
        for path in ["g.tbx", "g.csv", "g.tsv"] {
            check(path, &text);
        }
    }
}
