//! The `bitext` command line: parses arguments, resolves settings, calls the
//! library, and turns errors into one line on stderr with exit status 2.

mod cli;

use std::process::ExitCode;

/// mimalloc rather than the system allocator: glibc keeps one arena per
/// rayon worker and gives little back, so a large run's peak memory was more
/// than twice what its heap held at most.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process. mimalloc gives freed memory
/// back to the system and takes it again as a run goes; with huge pages each
/// fault clears 2 MiB, and on a large pair with a big glossary a sixth of
/// the run was the kernel clearing pages (the Bible pair with a 10,000-term
/// glossary: 0.57 s of system time, 0.30 s without, and a lower peak).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes no pointer and only sets a flag of
    // this process; a kernel without it returns an error, which is harmless.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`bitext segment big.txt | head -1`) is not an error.
            if let Some(io) = err.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            // A bare I/O error is a failed write to standard output (the
            // library's errors name their file themselves).
            let err = if err.downcast_ref::<std::io::Error>().is_some() {
                err.context("standard output: cannot write")
            } else {
                err
            };
            if let Some(lines) = problem_lines(&err) {
                for line in lines {
                    eprintln!("bitext: {}", bitext::render::sanitize::one_line(&line));
                }
                return ExitCode::from(2);
            }
            eprintln!("bitext: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The lines of a library error that lists several problems (every bad
/// glossary entry, every unreadable file of a project): each is said on its
/// own line. `None` for any other error.
fn problem_lines(err: &anyhow::Error) -> Option<Vec<String>> {
    let lines = if let Some(e) = err.downcast_ref::<bitext::Error>() {
        e.lines()
    } else if let Some(e) = err.downcast_ref::<bitext::project::ProjectError>() {
        e.lines()
    } else if let Some(e) = err.downcast_ref::<bitext::glossary::GlossaryError>() {
        e.lines()
    } else {
        return None;
    };
    (lines.len() > 1 && err.chain().count() == 1).then_some(lines)
}

/// The error and its causes on one line, each cause said once (a library
/// error that already quotes its OS error is not followed by it again), with
/// control characters from file names or contents shown, not interpreted.
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    bitext::render::sanitize::one_line(&text.replace('\n', " "))
}
