//! docs/output.md is generated from docs/output.md.in by running this
//! build of bitext on the corpus (`scripts/gen_output_docs.py`); this test
//! regenerates it and fails when the committed page differs, so its samples
//! and figures cannot drift from what bitext prints.

#[test]
fn docs_output_md_is_what_this_build_prints() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("python3")
        .arg(format!("{root}/scripts/gen_output_docs.py"))
        .arg(env!("CARGO_BIN_EXE_bitext"))
        .current_dir(root)
        .output()
        .expect("python3 runs scripts/gen_output_docs.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string(format!("{root}/docs/output.md")).unwrap();
    if generated != committed {
        let first = generated
            .lines()
            .zip(committed.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(generated.lines().count().min(committed.lines().count()));
        panic!(
            "docs/output.md is stale (first difference at line {}): run \
             `python3 scripts/gen_output_docs.py target/debug/bitext > docs/output.md`\n\
             generated: {:?}\ncommitted: {:?}",
            first + 1,
            generated.lines().nth(first),
            committed.lines().nth(first)
        );
    }
}
