use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = jobtally::cli::Cli::parse();
    match jobtally::commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jobtally: {e:#}");
            ExitCode::from(jobtally::commands::exit_code(&e))
        }
    }
}
