use std::process::ExitCode;

use clap::Parser;

/// mimalloc, not the system allocator: reading thousands of workbooks and
/// running the models is allocation-heavy, on several threads at once,
/// and glibc's per-thread arenas keep much of what they free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match jobtally::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Bad arguments are the user's to fix: exit 1 (help and version: 0).
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match jobtally::commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not a fault.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("jobtally: {e:#}");
            ExitCode::from(jobtally::commands::exit_code(&e))
        }
    }
}
