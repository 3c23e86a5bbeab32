//! `jobtally` / `jobtally tui`: the terminal UI.

use anyhow::Result;

use crate::cli::TuiArgs;
use crate::config::Config;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, config: &Config, args: &TuiArgs) -> Result<()> {
    crate::tui::run(ws, config, !args.no_watch)
}
