//! Memory bounds through the real binary. Kept in its own test binary so that
//! `RUSAGE_CHILDREN` only sees the children started here.

use std::process::Command;

fn peak_child_rss_bytes() -> u64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    usage.ru_maxrss as u64 * 1024 // kilobytes on Linux
}

#[test]
fn large_inputs_stay_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("bitext");

    // 100 MB without a sentence end: segmented within 6x its size.
    let path = dir.path().join("no-end.txt");
    let size = 100 * 1024 * 1024;
    let word = "mot sans fin ";
    let text = word.repeat(size / word.len());
    std::fs::write(&path, &text).unwrap();
    drop(text);
    let out = Command::new(&bin)
        .args(["segment", "--lang", "fr", "--format", "json"])
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let peak = peak_child_rss_bytes();
    assert!(
        peak < 6 * size as u64,
        "peak RSS {peak} bytes for a {size}-byte input"
    );

    // A pair of 512 MB files: refused up front with a clear message, not killed.
    let big = dir.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(512 * 1024 * 1024).unwrap(); // sparse: costs no disk
    let out = Command::new(&bin)
        .arg("check")
        .arg(&big)
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("larger than"), "{err}");
    assert!(peak_child_rss_bytes() < 6 * size as u64);
}
