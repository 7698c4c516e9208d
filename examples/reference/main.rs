//! `cargo run --release --example reference -- FILE.json...`: runs reference case files through
//! the engine, prints one line per failing case and closes with `N passed, M failed`.

mod cases;
mod runner;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: reference FILE.json...");
        return ExitCode::from(2);
    }
    match runner::run_files(&paths, &mut std::io::stdout()) {
        Ok(t) => {
            println!("{} passed, {} failed", t.passed, t.failed);
            if t.failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
