//! The `bitext` command line: parses arguments, resolves settings, calls the
//! library, and turns errors into one line on stderr with exit status 2.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
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
            eprintln!("bitext: {}", message(&err));
            ExitCode::from(2)
        }
    }
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
