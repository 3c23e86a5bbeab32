//! One module per subcommand. Errors here are `anyhow` with context; the
//! exit code says whether the user can fix it (1) or it is a fault (2).

/// `println!` / `print!` that return the write's error instead of
/// panicking, so a reader that stops early (`| head`) ends the command
/// quietly (see `main`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod demo;
mod estimate;
mod explain;
mod export;
mod queue;
mod rebuild;
mod run;
mod status;
mod template;
mod tui;
mod watch;

use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{Cli, Command};
use crate::config::{Config, ConfigError};
use crate::results::ResultsError;
use crate::store::StoreError;
use crate::workspace::{Workspace, WorkspaceError};

/// A mistake the user can correct; exits with code 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

pub fn dispatch(cli: Cli) -> Result<()> {
    crate::kinds::check_embedded()?;
    let command = cli.command.unwrap_or(Command::Tui(Default::default()));
    if let Command::Template(args) = &command {
        return template::run(args);
    }
    // Commands that only read or change what is there never make a new
    // workspace out of a mistyped path.
    let ws = match command {
        Command::Status(_)
        | Command::Queue(_)
        | Command::Export(_)
        | Command::Estimate(_)
        | Command::Explain(_) => Workspace::existing(&cli.workspace)?,
        _ => Workspace::open(&cli.workspace)?,
    };
    let config = Config::load(cli.config.as_deref(), &ws.root)?;
    match command {
        Command::Tui(args) => {
            let log_problem = crate::logging::init_file_only(&ws.logs());
            tui::run(&ws, &config, &args, log_problem)
        }
        Command::Watch(args) => {
            crate::logging::init(&ws.logs(), "info");
            watch::run(&ws, &config, &args)
        }
        Command::Run(args) => {
            crate::logging::init(&ws.logs(), "warn");
            run::run(&ws, &config, &args)
        }
        Command::Demo(args) => demo::run(&ws, &args),
        Command::Export(args) => export::run(&ws, &args),
        Command::Estimate(args) => estimate::run(&ws, &args),
        Command::Explain(args) => explain::run(&ws, &args),
        Command::Queue(args) => {
            crate::logging::init(&ws.logs(), "warn");
            queue::run(&ws, &config, &args)
        }
        Command::Status(args) => status::run(&ws, &args),
        Command::Rebuild => {
            crate::logging::init(&ws.logs(), "warn");
            rebuild::run(&ws, &config)
        }
        Command::Template(_) => Ok(()),
    }
}

/// 1 for errors the user can fix (bad arguments, a busy or unusable
/// workspace, a bad config, no results yet), 2 for everything else.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    let user = e.chain().any(|c| {
        c.is::<UserError>()
            || c.is::<ConfigError>()
            || matches!(
                c.downcast_ref::<WorkspaceError>(),
                Some(
                    WorkspaceError::Locked { .. }
                        | WorkspaceError::NotADirectory { .. }
                        | WorkspaceError::Missing { .. }
                        | WorkspaceError::Create { .. }
                )
            )
            || matches!(
                c.downcast_ref::<ResultsError>(),
                Some(ResultsError::NoResults { .. } | ResultsError::NoTable { .. })
            )
            || c.downcast_ref::<StoreError>().is_some_and(StoreError::is_users_to_fix)
            || c.downcast_ref::<crate::ops::OpsError>().is_some_and(crate::ops::OpsError::is_users_to_fix)
            // A full disk or a folder jobtally may not write is the
            // administrator's to fix, not a fault in jobtally.
            || c.downcast_ref::<std::io::Error>().is_some_and(|e| {
                crate::workspace::is_no_space(e)
                    || e.kind() == std::io::ErrorKind::PermissionDenied
            })
            || matches!(
                c.downcast_ref::<crate::intake::IntakeError>(),
                Some(crate::intake::IntakeError::NotPlaced { .. })
            )
            // Transparent wrappers forward `source()` past the inner error.
            || matches!(
                c.downcast_ref::<crate::intake::IntakeError>(),
                Some(crate::intake::IntakeError::Store(e)) if e.is_users_to_fix()
            )
    });
    if user { 1 } else { 2 }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Take the workspace lock for a command that processes the inbox.
fn lock(ws: &Workspace) -> Result<crate::workspace::WorkspaceLock> {
    ws.lock()
        .with_context(|| format!("workspace {}", display(&ws.root)))
}
