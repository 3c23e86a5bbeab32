//! `jobtally` / `jobtally tui`: the terminal UI.

use anyhow::Result;

use crate::cli::TuiArgs;
use crate::config::Config;
use crate::workspace::Workspace;

/// `log_problem`: why `logs/` cannot be written, shown in the UI's note.
pub fn run(
    ws: &Workspace,
    config: &Config,
    args: &TuiArgs,
    log_problem: Option<String>,
) -> Result<()> {
    crate::tui::run(ws, config, !args.no_watch, log_problem)
}
