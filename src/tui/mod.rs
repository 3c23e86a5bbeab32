//! The terminal UI.
use crate::config::Config;
use crate::workspace::Workspace;

pub fn run(_ws: &Workspace, _config: &Config, _watch: bool) -> anyhow::Result<()> {
    Ok(())
}
