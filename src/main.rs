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
            let message = format!("{err:#}").replace('\n', " ");
            eprintln!("bitext: {message}");
            ExitCode::from(2)
        }
    }
}
