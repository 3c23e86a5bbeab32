//! `jobtally watch`: the headless daemon (systemd-friendly: logs to stderr
//! and logs/, exits 0 on SIGTERM or Ctrl-C after finishing its batch).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tracing::info;

use crate::cli::WatchArgs;
use crate::config::Config;
use crate::daemon::{Daemon, DaemonEvent};
use crate::workspace::{Holder, Workspace, WorkspaceError, WorkspaceLock};

/// How long `watch` waits for a command holding the workspace (`queue set`
/// or `run` bringing results up to date holds it for seconds) to let go,
/// or for a UI that watches to hand the watching over. A daemon holds it
/// until it stops: `watch` says so at once and exits 1.
const HOLDER_PATIENCE: Duration = Duration::from_secs(60);

pub fn run(ws: &Workspace, config: &Config, args: &WatchArgs) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("installing the stop signal handlers")?;
    }
    let Some(_lock) = lock_patiently(ws, &stop)? else {
        return Ok(());
    };
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

/// The workspace lock, waiting up to [`HOLDER_PATIENCE`] for a holder to
/// finish, and asking a UI that watches as a convenience to hand the
/// watching over; `None` when told to stop while waiting.
fn lock_patiently(ws: &Workspace, stop: &AtomicBool) -> Result<Option<WorkspaceLock>> {
    let lock = wait_for_lock(ws, stop);
    ws.hand_over_done();
    lock
}

fn wait_for_lock(ws: &Workspace, stop: &AtomicBool) -> Result<Option<WorkspaceLock>> {
    let deadline = Instant::now() + HOLDER_PATIENCE;
    let mut said = false;
    loop {
        match ws.lock_as(Holder::Watcher) {
            Ok(lock) => return Ok(Some(lock)),
            Err(WorkspaceError::Locked {
                pid,
                watching,
                hands_over,
                ..
            }) if (!watching || hands_over) && Instant::now() < deadline => {
                if !said {
                    if hands_over {
                        ws.ask_to_hand_over()
                            .with_context(|| format!("asking the UI (PID {pid}) to hand over"))?;
                        info!(
                            pid,
                            "a jobtally UI watches the inbox; asking it to hand over"
                        );
                    } else {
                        info!(
                            pid,
                            "another jobtally process holds the workspace; waiting for it to finish"
                        );
                    }
                    said = true;
                }
                if stop.load(Ordering::SeqCst) {
                    return Ok(None);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => {
                return Err(e).with_context(|| format!("workspace {}", ws.root.display()));
            }
        }
    }
}
