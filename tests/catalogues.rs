//! PO, XLIFF and JSON catalogues through the real binary: exit status,
//! positions of findings in the file (the msgstr / `<target>` / value),
//! JSON, SARIF and GitHub output, bilingual runs, project pairs without a
//! target, and malformed files as input errors.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    name.to_string()
}

fn bitext(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.current_dir(dir)
        .args(["--source-lang", "en", "--target-lang", "fr"]);
    cmd
}

const PO: &str = r#"msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#, c-format
msgid "Written by %s.\n"
msgstr "Écrit par %s.\n"

msgid "use --force to overwrite"
msgstr ""
"utilisez --forcer pour "
"écraser"

msgid "Proposed updates"
msgstr ""

#, fuzzy
msgid "Old text\n"
msgstr "Texte faux"

# bitext-ignore markup-mismatch
msgid "see <https://gnu.org/x>"
msgstr "voir <https://gnu.org/y>"

msgid "Error: 3 files\n"
msgstr "Erreur\u{a0}: 4 fichiers"
"#;

fn findings(out: &[u8]) -> Vec<Value> {
    let v: Value = serde_json::from_slice(out).unwrap();
    v["findings"].as_array().unwrap().clone()
}

fn rule_at(f: &[Value], rule: &str) -> Vec<(u64, u64)> {
    f.iter()
        .filter(|x| x["rule"] == rule)
        .map(|x| {
            (
                x["target"]["line"].as_u64().unwrap(),
                x["target"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// What `bitext ARGS` run in `dir` prints on stdout, asserting its exit status.
fn stdout_of(dir: &std::path::Path, args: &[&str], code: i32) -> Vec<u8> {
    bitext(dir)
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone()
}

#[test]
fn po_findings_point_at_the_msgstr_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let po = write(dir.path(), "fr.po", &PO.replace("\\u{a0}", "\u{a0}"));
    let out = stdout_of(dir.path(), &["check", &po, "--format", "json"], 1);
    let f = findings(&out);
    // `--forcer` on the continuation line 11, column 2 (after the quote).
    assert_eq!(rule_at(&f, "markup-mismatch")[0], (11, 2), "{f:#?}");
    // The empty msgstr: inside its quotes on line 15.
    assert_eq!(rule_at(&f, "missing-translation"), [(15, 9)]);
    // '4' after the NBSP: line 26, column 18 (characters, not bytes).
    assert_eq!(rule_at(&f, "number-mismatch"), [(26, 18)]);
    // The lost trailing newline of the same entry.
    assert_eq!(rule_at(&f, "markup-mismatch").len(), 2, "{f:#?}");
    // Fuzzy skipped, suppression honoured and counted.
    assert!(f.iter().all(|x| x["target"]["line"] != 19));
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert!(f.iter().all(|x| x["target"]["line"] != 23), "suppressed");
    assert_eq!(v["summary"]["links"], 5);
    // --include-fuzzy reads the fuzzy entry (and its lost newline).
    let out = stdout_of(
        dir.path(),
        &["check", &po, "--format", "json", "--include-fuzzy"],
        1,
    );
    assert!(
        findings(&out)
            .iter()
            .any(|x| x["target"]["line"] == 19 && x["rule"] == "markup-mismatch")
    );
}

#[test]
fn sarif_and_github_name_the_po_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let po = write(dir.path(), "fr.po", &PO.replace("\\u{a0}", "\u{a0}"));
    let sarif = stdout_of(dir.path(), &["check", &po, "--format", "sarif"], 1);
    let v: Value = serde_json::from_slice(&sarif).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let missing = results
        .iter()
        .find(|r| r["ruleId"] == "missing-translation")
        .unwrap();
    let loc = &missing["locations"][0]["physicalLocation"];
    assert!(
        loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("fr.po")
    );
    assert_eq!(loc["region"]["startLine"], 15);
    let gh = stdout_of(dir.path(), &["check", &po, "--format", "github"], 1);
    let gh = String::from_utf8(gh).unwrap();
    assert!(
        gh.lines()
            .any(|l| l.starts_with("::error file=fr.po,line=15,")
                && l.contains("missing-translation")),
        "{gh}"
    );
}

const XLF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
  <file id="f">
    <unit id="save">
      <segment state="translated">
        <source>Click <pc id="1">Save</pc> &amp; wait 3 s.</source>
        <target>Cliquez sur Enregistrer &amp; attendez 4 s.</target>
      </segment>
    </unit>
    <unit id="moved">
      <segment state="translated">
        <source>Moved <ph id="1"/> to <ph id="2"/>.</source>
        <target><ph id="2"/> contient <ph id="1"/>.</target>
      </segment>
    </unit>
    <unit id="draft">
      <segment state="initial">
        <source>Open</source>
        <target>Mauvais 99</target>
      </segment>
    </unit>
  </file>
</xliff>
"#;

#[test]
fn xliff_findings_point_into_the_target_element() {
    let dir = tempfile::tempdir().unwrap();
    let x = write(dir.path(), "ui.xlf", XLF);
    let out = stdout_of(dir.path(), &["check", &x, "--format", "json"], 1);
    let f = findings(&out);
    // The lost <pc id="1"> pair, one mistake, one finding: the target
    // element's text starts at 7:17.
    assert_eq!(rule_at(&f, "markup-mismatch"), [(7, 17)], "{f:#?}");
    // '4' after the entity `&amp;` (5 bytes on disk for 1 of text).
    assert_eq!(rule_at(&f, "number-mismatch"), [(7, 56)]);
    // Reordered <ph> and the draft unit: nothing.
    assert!(f.iter().all(|x| x["target"]["line"].as_u64().unwrap() == 7));
}

#[test]
fn json_catalogues_are_linked_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let en = write(
        dir.path(),
        "en.json",
        "{\n  \"a\": {\"title\": \"Files\", \"n\": \"Delete 3 files\"},\n  \"gone\": \"Rename\",\n  \"list\": [\"Open\"]\n}\n",
    );
    let fr = write(
        dir.path(),
        "fr.json",
        "{\n  \"a\": {\n    \"n\": \"Supprimer 4 fichiers\",\n    \"title\": \"Fichiers\"\n  },\n  \"list\": [\"\"],\n  \"extra\": \"Imprimer\"\n}\n",
    );
    let out = stdout_of(dir.path(), &["check", &en, &fr, "--format", "json"], 1);
    let f = findings(&out);
    let rules: Vec<&str> = f.iter().map(|x| x["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"addition"), "{rules:?}");
    assert_eq!(rule_at(&f, "number-mismatch"), [(3, 21)]);
    let missing: Vec<&Value> = f
        .iter()
        .filter(|x| x["rule"] == "missing-translation")
        .collect();
    assert_eq!(missing.len(), 2, "{f:#?}");
    // The missing key points at its value in the source file.
    assert!(
        missing
            .iter()
            .any(|x| x["source"]["line"] == 3 && x["target"].is_null())
    );
    // The empty array item points at its value in the target.
    assert!(missing.iter().any(|x| x["target"]["line"] == 6));
}

#[test]
fn malformed_catalogues_are_input_errors_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let po = write(dir.path(), "bad.po", "msgid \"a\"\nmsgstr \"b\\q\"\n");
    bitext(dir.path())
        .args(["check", &po])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("bad.po:2:10: invalid escape"));
    let x = write(
        dir.path(),
        "bad.xlf",
        "<xliff>\n<file><unit id=\"1\"><segment><source>a</target>",
    );
    bitext(dir.path())
        .args(["check", &x])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.xlf:2:"));
    let a = write(dir.path(), "a.json", "{\"a\": \"x\"}");
    let b = write(dir.path(), "b.json", "{\"a\": \"x\",\n \"b\" }");
    bitext(dir.path())
        .args(["check", &a, &b])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("b.json:2:6: expected ':'"));
    // A monolingual file alone is a usage error.
    bitext(dir.path()).args(["check", &a]).assert().code(2);
}

#[test]
fn review_diff_and_project_runs_take_bilingual_files() {
    let dir = tempfile::tempdir().unwrap();
    let po = PO.replace("\\u{a0}", "\u{a0}");
    write(dir.path(), "locale/fr.po", &po);
    let fixed = po.replace(
        "msgid \"Proposed updates\"\nmsgstr \"\"",
        "msgid \"Proposed updates\"\nmsgstr \"Mises à jour proposées\"",
    );
    write(dir.path(), "new.po", &fixed);
    bitext(dir.path())
        .args(["review", "locale/fr.po"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("missing-translation"));
    bitext(dir.path())
        .args(["diff", "locale/fr.po", "new.po"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "fixed error[missing-translation]",
        ));
    write(
        dir.path(),
        "bitext.toml",
        "[[pair]]\nsource = \"locale/*.po\"\nsource_lang = \"en\"\ntarget_lang = \"fr\"\n",
    );
    let out = Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let f = findings(&out);
    assert!(
        f.iter()
            .any(|x| x["rule"] == "missing-translation" && x["target"]["line"] == 15),
        "{f:#?}"
    );
    // A text pair without a target is refused with its place in the file.
    write(
        dir.path(),
        "bitext.toml",
        "[[pair]]\nsource = \"docs/*.md\"\n",
    );
    Command::cargo_bin("bitext")
        .unwrap()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "bitext.toml:2:10: source = \"docs/*.md\" has no target",
        ));
}

#[test]
fn review_of_a_catalogue_writes_html_with_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    let po =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/l10n/planted/grep.po");
    let out = dir.path().join("review.html");
    bitext(dir.path())
        .args([
            "review",
            po.to_str().unwrap(),
            "--source-lang",
            "en",
            "--target-lang",
            "fr",
        ])
        .arg("--html")
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..80]
    );
    assert!(
        html.contains("placeholder-mismatch"),
        "the planted placeholder errors are shown"
    );
}

/// `bitext` without language flags (the file's declaration decides).
fn bitext_bare(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("bitext").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// A French catalogue as gettext writes it: English msgids, the target
/// language only in the header.
const FRENCH_PO: &str = r#"msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\n"
"Language: fr\n"
"Content-Type: text/plain; charset=UTF-8\n"

msgid "The file could not be opened because it is locked by another process."
msgstr "Le fichier n'a pas pu être ouvert car il est verrouillé par un autre processus."

msgid "The funding round is closed."
msgstr "La table ronde est close."
"#;

const FR_EN_GLOSSARY: &str = "source_lang = \"fr\"\ntarget_lang = \"en\"\n[[term]]\nsource = \"tour de table\"\ntarget = [\"funding round\"]\n";

// Prevents: a French PO file read against the fr→en defaults when no flag
// is given — on 15 of the system's French catalogues that was 5,053 false
// `untranslated` warnings (every msgstr "still in the source language").
#[test]
fn a_catalogue_is_read_in_the_languages_it_declares() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fr.po", FRENCH_PO);
    write(dir.path(), "glossary.toml", FR_EN_GLOSSARY);
    let out = bitext_bare(dir.path())
        .args(["check", "fr.po", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let f = findings(&out.stdout);
    let rules: Vec<&str> = f.iter().map(|x| x["rule"].as_str().unwrap()).collect();
    // en→fr: the fr→en glossary is used reversed; nothing is "untranslated".
    assert_eq!(rules, ["term-missing"], "{f:?}");
    assert_eq!(rule_at(&f, "term-missing"), [(11, 9)]);
    // The same as saying it.
    let said = bitext(dir.path())
        .args(["check", "fr.po", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(out.stdout, said);
    // A flag wins over the declaration: read as fr→en, the French msgstrs
    // are the source's language.
    let forced = bitext_bare(dir.path())
        .args(["check", "fr.po", "--format", "json", "--source-lang", "fr"])
        .args(["--target-lang", "en", "--fail-on", "never"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(
        findings(&forced)
            .iter()
            .any(|x| x["rule"] == "untranslated"),
        "{}",
        String::from_utf8_lossy(&forced)
    );
}

// Prevents: an XLIFF file's srcLang/trgLang (2.x) or source-language /
// target-language (1.2) ignored, and a file without a header read other
// than by the defaults or its locale file name.
#[test]
fn xliff_declarations_and_locale_file_names_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "glossary.toml", FR_EN_GLOSSARY);
    let unit =
        "<source>The funding round is closed.</source><target>La table ronde est close.</target>";
    write(
        dir.path(),
        "a.xlf",
        &format!(
            "<xliff version=\"1.2\"><file source-language=\"en-US\" target-language=\"fr-FR\" datatype=\"plaintext\" original=\"a\"><body><trans-unit id=\"1\" approved=\"yes\">{unit}</trans-unit></body></file></xliff>"
        ),
    );
    write(
        dir.path(),
        "b.xlf",
        &format!(
            "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\" trgLang=\"fr\"><file id=\"f\"><unit id=\"u\"><segment state=\"final\">{unit}</segment></unit></file></xliff>"
        ),
    );
    // No header: the file name `po/fr.po` says French.
    write(
        dir.path(),
        "po/fr.po",
        "msgid \"The funding round is closed.\"\nmsgstr \"La table ronde est close.\"\n",
    );
    for file in ["a.xlf", "b.xlf", "po/fr.po"] {
        let out = bitext_bare(dir.path())
            .args(["check", file, "--format", "json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let rules: Vec<String> = findings(&out)
            .iter()
            .map(|x| x["rule"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(rules, ["term-missing"], "{file}");
    }
}

// Prevents: a glossary the user named checked in silence against languages
// it does not cover, or the implicit one making the run fail.
#[test]
fn a_glossary_that_does_not_cover_the_declared_languages() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "de.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: de_DE\\n\"\n\nmsgid \"Open\"\nmsgstr \"Öffnen\"\n",
    );
    write(dir.path(), "fr-en.toml", FR_EN_GLOSSARY);
    bitext_bare(dir.path())
        .args(["check", "de.po", "--glossary", "fr-en.toml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("fr-en.toml"))
        .stderr(predicates::str::contains("en→de"))
        .stderr(predicates::str::contains("de.po declares"));
    write(dir.path(), "glossary.toml", FR_EN_GLOSSARY);
    bitext_bare(dir.path())
        .args(["check", "de.po"])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "note: glossary.toml is fr→en and de.po declares en→de: checked without a glossary",
        ));
}

// Prevents: a CLI catalogue's synopses and format lines, rightly the same in
// French (`git remote remove <name>`, `%s commit %s - %s`), reported as
// untranslated — their placeholders and tags at the edges are outside the
// segment, so the entry is judged whole; a UI string copied is still found.
#[test]
fn command_synopses_in_a_catalogue_are_not_untranslated() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fr.po",
        "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\nmsgid \"%s commit %s - %s\"\nmsgstr \"%s commit %s - %s\"\n\nmsgid \"git remote remove <name>\"\nmsgstr \"git remote remove <name>\"\n\nmsgid \"Delete the branch\"\nmsgstr \"Delete the branch\"\n",
    );
    let out = bitext_bare(dir.path())
        .args(["check", "fr.po", "--format", "json", "--fail-on", "never"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let f = findings(&out);
    assert_eq!(rule_at(&f, "untranslated"), [(12, 9)], "{f:?}");
}
