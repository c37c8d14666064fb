//! Issue 14's battery re-run over the readers added since (Markdown, PO,
//! XLIFF, JSON catalogues, TBX and CSV term bases), through the real binary:
//! hostile input is one line naming file:line:column, exit 2, nothing on
//! stdout; odd but valid encodings are read.

use assert_cmd::Command;
use std::path::Path;

fn bitext(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The arguments that read `file` with its reader.
fn reading(file: &str) -> Vec<&str> {
    match file.rsplit('.').next().unwrap() {
        "md" => vec!["check", file, "ok.md"],
        "json" => vec!["check", file, "ok.json"],
        "tbx" | "csv" => vec!["check", "--glossary", file, "ok.md", "ok.md"],
        _ => vec!["check", file],
    }
}

fn dir_with(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.md"), "Bonjour.\n").unwrap();
    std::fs::write(dir.path().join("ok.json"), "{\"a\": \"Hello\"}").unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// `file` is refused: exit 2, one line starting `bitext: {at}`, containing `says`.
fn refused(dir: &Path, file: &str, at: &str, says: &str) {
    let (code, stdout, stderr) = bitext(dir, &reading(file));
    assert_eq!(code, Some(2), "{file}: {stderr}");
    assert!(stdout.is_empty(), "{file}");
    assert_eq!(stderr.lines().count(), 1, "{file}: {stderr}");
    assert!(
        stderr.starts_with(&format!("bitext: {at}")) && stderr.contains(says),
        "{file}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

const XLIFF_HEAD: &str =
    "<xliff version=\"1.2\"><file source-language=\"fr\" target-language=\"en\"><body>";

#[test]
fn non_utf8_and_binary_input_is_refused_by_every_reader() {
    for ext in ["md", "po", "xlf", "json", "tbx", "csv"] {
        let (bad, bin) = (format!("bad.{ext}"), format!("bin.{ext}"));
        let dir = dir_with(&[
            (&bad, b"ok \xff\xfe\n".to_vec()),
            (&bin, b"ab\0cd\n".to_vec()),
        ]);
        refused(dir.path(), &bad, &format!("{bad}:1:4:"), "invalid UTF-8");
        refused(dir.path(), &bin, &format!("{bin}:1:3:"), "binary");
    }
}

#[test]
fn deep_nesting_is_an_error_or_read_without_overflowing_the_stack() {
    let n = 200_000;
    let dir = dir_with(&[
        ("nest.json", format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        (
            "nest.xlf",
            format!(
                "{XLIFF_HEAD}<trans-unit id=\"1\"><source>{}x{}</source><target>y</target></trans-unit></body></file></xliff>",
                "<g id=\"a\">".repeat(n),
                "</g>".repeat(n)
            )
            .into_bytes(),
        ),
        (
            "nest.tbx",
            format!("<martif><text><body>{}{}</body></text></martif>", "<a>".repeat(n), "</a>".repeat(n))
                .into_bytes(),
        ),
    ]);
    refused(dir.path(), "nest.json", "nest.json:1:", "nested too deeply");
    let (code, _, stderr) = bitext(dir.path(), &reading("nest.xlf"));
    assert!(code == Some(0) || code == Some(1), "{stderr}");
    refused(dir.path(), "nest.tbx", "nest.tbx:1:1:", "xml:lang");
}

#[test]
fn xml_entities_are_never_expanded() {
    let mut dtd =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&lol{};", i - 1).repeat(10)
        ));
    }
    dtd.push_str("]>\n");
    let dir = dir_with(&[
        (
            "laughs.xlf",
            format!("{dtd}{XLIFF_HEAD}<trans-unit id=\"1\"><source>&lol9;</source><target>x</target></trans-unit></body></file></xliff>\n").into_bytes(),
        ),
        (
            "laughs.tbx",
            format!("{dtd}<martif><text><body><termEntry><langSet xml:lang=\"fr\"><tig><term>&lol9;</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>\n").into_bytes(),
        ),
    ]);
    refused(
        dir.path(),
        "laughs.xlf",
        "laughs.xlf:14:",
        "unknown entity &lol9;",
    );
    refused(
        dir.path(),
        "laughs.tbx",
        "laughs.tbx:14:",
        "unknown entity &lol9;",
    );
}

#[test]
fn unterminated_strings_name_where_they_start() {
    let dir = dir_with(&[
        ("u.po", b"msgid \"abc\nmsgstr \"x\"\n".to_vec()),
        ("u.json", b"{\"a\": \"abc".to_vec()),
        (
            "u.xlf",
            format!("{XLIFF_HEAD}<trans-unit id=\"1><source>x</source></trans-unit></body></file></xliff>").into_bytes(),
        ),
        ("u.tbx", b"<martif><text><body><termEntry><langSet xml:lang=\"fr><tig><term>a</term></tig></langSet></termEntry></body></text></martif>".to_vec()),
        ("u.csv", b"fr,en\n\"abc,def\n".to_vec()),
    ]);
    refused(dir.path(), "u.po", "u.po:1:7:", "unterminated");
    refused(dir.path(), "u.json", "u.json:1:7:", "unterminated");
    refused(dir.path(), "u.xlf", "u.xlf:1:", "not closed");
    refused(dir.path(), "u.tbx", "u.tbx:1:", "not closed");
    refused(dir.path(), "u.csv", "u.csv:2:1:", "unclosed quote");
    // An unclosed fence, comment or link is still Markdown.
    let dir = dir_with(&[(
        "u.md",
        b"```\ncode\n<!-- comment\n[link](http://x\n".to_vec(),
    )]);
    let (code, _, stderr) = bitext(dir.path(), &reading("u.md"));
    assert!(code == Some(0) || code == Some(1), "{stderr}");
}

#[test]
fn utf16_bom_and_crlf_are_read_by_every_reader() {
    let utf16 = |s: &str| {
        let mut out = vec![0xff, 0xfe];
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    let dir = dir_with(&[
        ("u16.po", utf16("msgid \"Bonjour 3\"\nmsgstr \"Hello 4\"\n")),
        (
            "bom.po",
            b"\xef\xbb\xbfmsgid \"Bonjour 3\"\r\nmsgstr \"Hello 4\"\r\n".to_vec(),
        ),
        ("u16.json", utf16("{\"a\": \"Bonjour 3\"}")),
        (
            "u16.xlf",
            utf16(&format!(
                "{XLIFF_HEAD}<trans-unit id=\"1\"><source>3 chats</source><target>4 cats</target></trans-unit></body></file></xliff>"
            )),
        ),
        ("u16.csv", utf16("fr,en\nchat,cat\n")),
        (
            "u16.tbx",
            utf16(
                "<martif><text><body><termEntry><langSet xml:lang=\"fr\"><tig><term>chat</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>cat</term></tig></langSet></termEntry></body></text></martif>",
            ),
        ),
    ]);
    for (file, code) in [
        ("u16.po", 1),
        ("bom.po", 1),
        ("u16.json", 1),
        ("u16.csv", 0),
        ("u16.tbx", 0),
    ] {
        let (got, _, stderr) = bitext(dir.path(), &reading(file));
        assert_eq!(got, Some(code), "{file}: {stderr}");
    }
    // XLIFF in UTF-16 reads as the same text in UTF-8.
    let xliff = format!(
        "{XLIFF_HEAD}<trans-unit id=\"1\"><source>3 chats</source><target>4 cats</target></trans-unit></body></file></xliff>"
    );
    std::fs::write(dir.path().join("u8.xlf"), &xliff).unwrap();
    let (a, out_a, _) = bitext(dir.path(), &["check", "--format", "json", "u8.xlf"]);
    let (b, out_b, _) = bitext(dir.path(), &["check", "--format", "json", "u16.xlf"]);
    assert_eq!(a, b);
    let findings =
        |out: &[u8]| serde_json::from_slice::<serde_json::Value>(out).unwrap()["findings"].clone();
    assert_eq!(findings(&out_a), findings(&out_b));
    // The finding is on the msgstr's line of the file as written.
    let (_, out, _) = bitext(dir.path(), &["check", "--format", "json", "bom.po"]);
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["findings"][0]["target"]["line"], 2, "{json}");
}

#[test]
fn xml_cut_short_between_elements_is_refused_naming_the_open_element() {
    // Cut after a complete unit (or term entry): every tag read so far is
    // well formed, but the file ends inside <body>.
    let dir = dir_with(&[
        (
            "cut.xlf",
            format!("{XLIFF_HEAD}\n<trans-unit id=\"1\" approved=\"yes\"><source>3 chats</source><target>3 cats</target></trans-unit>\n").into_bytes(),
        ),
        (
            "cut.tbx",
            b"<martif><text><body>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>chat</term></tig></langSet><langSet xml:lang=\"en\"><tig><term>cat</term></tig></langSet></termEntry>\n".to_vec(),
        ),
    ]);
    refused(dir.path(), "cut.xlf", "cut.xlf:1:", "<body> is not closed");
    refused(
        dir.path(),
        "cut.tbx",
        "cut.tbx:1:15:",
        "<body> is not closed",
    );
}

#[test]
fn runs_of_unclosed_placeholders_in_a_catalogue_entry_are_read_without_overflowing() {
    // Each unclosed ICU branch used to start a nested parse of the rest of
    // the entry: 20,000 of them overflowed the stack (exit 134). The
    // unclosed printf and brace forms each searched on for a closing
    // bracket; their results must stay what they were: no placeholder.
    for unit in ["{a, plural, x {", "{{a ", "%(", "%<PRI", "{["] {
        let po = format!("msgid \"x\"\nmsgstr \"{}\"\n", unit.repeat(20_000));
        let dir = dir_with(&[("m.po", po.into_bytes())]);
        let (code, _, stderr) = bitext(dir.path(), &["check", "m.po", "--fail-on", "never"]);
        assert_eq!(code, Some(0), "{unit}: {stderr}");
    }
}
