//! `jobtally watch`: the headless daemon (systemd-friendly: logs to stderr
//! and logs/, exits 0 on SIGTERM or Ctrl-C after finishing its batch).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use tracing::info;

use crate::cli::WatchArgs;
use crate::config::Config;
use crate::daemon::{Daemon, DaemonEvent};
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, config: &Config, args: &WatchArgs) -> Result<()> {
    let _lock = super::lock(ws)?;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("installing the stop signal handlers")?;
    }
    info!(workspace = %ws.root.display(), pid = std::process::id(), "jobtally watch started");
    Daemon::new(ws, config, stop, args.poll).run(&mut |event| match event {
        DaemonEvent::Published(s) => info!(
            run = s.run_id.unwrap_or(0),
            files = s.fates.len(),
            services = s.current.get(crate::ingest::ReturnKind::PRIMARY),
            ms = s.elapsed.as_millis() as u64,
            "results published"
        ),
        DaemonEvent::Failed { .. } | DaemonEvent::Polling { .. } => {}
    });
    info!("jobtally watch stopped");
    Ok(())
}
