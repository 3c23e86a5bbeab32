//! The daemon: watches `inbox/` and turns every complete file into results,
//! whatever arrives, until asked to stop.
//!
//! Watcher events are only hints; the inbox listing is the truth. Each pass
//! lists the inbox, lets the settle [`Tracker`] say which files are
//! complete, and hands all of them to one [`Intake`] run, so a burst of
//! hundreds of files is one or a few runs. With no usable file events
//! (network shares, `--poll`, a watcher error) it rescans on a timer.
//! A failed run (disk full, permission denied) leaves the files in the
//! inbox and is retried with back-off.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tracing::{info, warn};

use crate::config::{Config, WatchMode};
use crate::intake::{Intake, RunSummary};
use crate::watch::scan::scan_inbox;
use crate::watch::settle::{Seen, Tracker};
use crate::workspace::Workspace;

/// In native mode, a full rescan this often anyway: events can be lost.
const SAFETY_RESCAN: Duration = Duration::from_secs(30);
/// How often the stop flag is looked at while idle.
const STOP_CHECK: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How often the daemon looks for queue changes made by other processes
/// (amendments, status changes) that the results do not show yet.
const STATE_CHECK: Duration = Duration::from_secs(1);

/// What the daemon reports as it works (to the TUI, or the log).
#[derive(Debug, Clone)]
pub enum DaemonEvent {
    Published(RunSummary),
    Failed {
        error: String,
        retry_in: Duration,
    },
    /// File events are unavailable; the inbox is rescanned on a timer.
    Polling {
        reason: String,
    },
}

pub struct Daemon<'a> {
    ws: &'a Workspace,
    config: &'a Config,
    stop: Arc<AtomicBool>,
    force_poll: bool,
}

enum Hints {
    Native {
        rx: Receiver<DebounceEventResult>,
        // Dropping the debouncer stops the watcher: keep it owned here.
        _debouncer: notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    },
    Poll,
}

impl<'a> Daemon<'a> {
    pub fn new(
        ws: &'a Workspace,
        config: &'a Config,
        stop: Arc<AtomicBool>,
        force_poll: bool,
    ) -> Daemon<'a> {
        Daemon {
            ws,
            config,
            stop,
            force_poll,
        }
    }

    fn poll_interval(&self) -> Duration {
        Duration::from_secs(self.config.watch.poll_seconds.max(1))
    }

    fn start_hints(&self, report: &mut dyn FnMut(DaemonEvent)) -> Hints {
        if self.force_poll || self.config.watch.mode == WatchMode::Poll {
            info!(
                every_s = self.poll_interval().as_secs(),
                "polling the inbox"
            );
            return Hints::Poll;
        }
        match native_watcher(&self.ws.inbox()) {
            Ok((rx, debouncer)) => {
                info!(inbox = %self.ws.inbox().display(), "watching the inbox");
                Hints::Native {
                    rx,
                    _debouncer: debouncer,
                }
            }
            Err(e) => {
                let reason = format!(
                    "file events unavailable ({e}); rescanning the inbox every {} s",
                    self.poll_interval().as_secs()
                );
                warn!("{reason}");
                report(DaemonEvent::Polling { reason });
                Hints::Poll
            }
        }
    }

    /// Run until the stop flag is set; the batch under way is finished first.
    pub fn run(&self, report: &mut dyn FnMut(DaemonEvent)) {
        let settle = Duration::from_millis(self.config.watch.settle_ms);
        let mut tracker = Tracker::new(
            settle,
            Duration::from_secs(self.config.watch.unfinished_wait_seconds),
        );
        let mut hints = self.start_hints(report);
        let intake = Intake::long_lived(self.ws, self.config);
        let mut backoff = Duration::ZERO;
        let mut retry_at: Option<Instant> = None;
        // Catch up with whatever arrived while no daemon ran.
        let mut next_scan = Instant::now();
        let mut next_state_check = Instant::now();
        let mut store: Option<crate::store::Store> = None;
        finish_interrupted(&intake, report);
        while !self.stop.load(Ordering::SeqCst) {
            let wait = next_scan
                .saturating_duration_since(Instant::now())
                .min(STOP_CHECK);
            let hinted = match &hints {
                Hints::Native { rx, .. } => match rx.recv_timeout(wait) {
                    Ok(Ok(_)) => true,
                    Ok(Err(errors)) => {
                        let reason = format!(
                            "the file watcher failed ({errors:?}); rescanning the inbox every {} s",
                            self.poll_interval().as_secs()
                        );
                        warn!("{reason}");
                        report(DaemonEvent::Polling { reason });
                        hints = Hints::Poll;
                        true
                    }
                    Err(RecvTimeoutError::Timeout) => false,
                    Err(RecvTimeoutError::Disconnected) => {
                        hints = Hints::Poll;
                        true
                    }
                },
                Hints::Poll => {
                    std::thread::sleep(wait);
                    false
                }
            };
            if let Hints::Native { rx, .. } = &hints {
                while rx.try_recv().is_ok() {}
            }
            let now = Instant::now();
            if now >= next_state_check {
                next_state_check = now + STATE_CHECK;
                if self.state_changed(&mut store) && retry_at.is_none_or(|t| now >= t) {
                    self.publish(
                        &intake,
                        &[],
                        &mut tracker,
                        report,
                        &mut backoff,
                        &mut retry_at,
                    );
                }
            }
            if !hinted && now < next_scan {
                continue;
            }
            let listing = match self.listing() {
                Ok(l) => l,
                Err(e) => {
                    warn!(error = %e, "cannot list the inbox");
                    next_scan = now + self.poll_interval();
                    continue;
                }
            };
            let inbox = self.ws.inbox();
            let ready = tracker.observe(&listing, now, &|name| {
                crate::watch::complete::looks_cut_short(&inbox.join(name))
            });
            let may_run = retry_at.is_none_or(|t| now >= t);
            if !ready.is_empty() && may_run {
                self.publish(
                    &intake,
                    &ready,
                    &mut tracker,
                    report,
                    &mut backoff,
                    &mut retry_at,
                );
            }
            let now = Instant::now();
            next_scan = if tracker.pending() {
                // Something is settling (or waiting for a retry): look again soon.
                let soon = now + settle.max(Duration::from_millis(50)) / 2;
                retry_at.map_or(soon, |t| soon.max(t).min(now + MAX_BACKOFF))
            } else {
                match hints {
                    Hints::Native { .. } => now + SAFETY_RESCAN,
                    Hints::Poll => now + self.poll_interval(),
                }
            };
        }
        info!("stopping: no batch under way");
    }

    /// One run over `files` (none: just re-publish), with back-off on failure.
    fn publish(
        &self,
        intake: &Intake<'_>,
        files: &[String],
        tracker: &mut Tracker,
        report: &mut dyn FnMut(DaemonEvent),
        backoff: &mut Duration,
        retry_at: &mut Option<Instant>,
    ) {
        match intake.run_files(Some(files)) {
            Ok(summary) => {
                tracker.taken(files);
                *backoff = Duration::ZERO;
                *retry_at = None;
                if summary.run_id.is_some() {
                    report(DaemonEvent::Published(summary));
                }
            }
            Err(e) => {
                *backoff = (*backoff * 2).clamp(Duration::from_secs(1), MAX_BACKOFF);
                *retry_at = Some(Instant::now() + *backoff);
                warn!(error = %e, retry_in_s = backoff.as_secs(), "run failed; the files stay in the inbox and will be retried");
                report(DaemonEvent::Failed {
                    error: e.to_string(),
                    retry_in: *backoff,
                });
            }
        }
    }

    /// Results older than the queue (an operator amended or changed something).
    fn state_changed(&self, store: &mut Option<crate::store::Store>) -> bool {
        if store.is_none() {
            *store = crate::store::identity::open(self.ws).ok();
        }
        store
            .as_ref()
            .is_some_and(|s| crate::store::amendments::unpublished(s.conn()).unwrap_or(false))
    }

    fn listing(&self) -> std::io::Result<Vec<Seen>> {
        let scan = scan_inbox(&self.ws.inbox())?;
        let locks: Vec<String> = scan
            .ignored
            .iter()
            .filter_map(|i| i.name.strip_prefix("~$").map(str::to_string))
            .collect();
        Ok(scan
            .candidates
            .into_iter()
            .map(|c| Seen {
                // Excel's lock file drops the first two characters of long names.
                locked: locks.iter().any(|l| {
                    c.name == *l || (c.name.len() > 2 && c.name.get(2..) == Some(l.as_str()))
                }),
                name: c.name,
                size: c.size,
                modified: c.modified,
            })
            .collect())
    }
}

type NativeWatcher = (
    Receiver<DebounceEventResult>,
    notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
);

fn native_watcher(inbox: &Path) -> Result<NativeWatcher, String> {
    let (tx, rx) = mpsc::channel();
    let mut debouncer =
        new_debouncer(Duration::from_millis(100), None, tx).map_err(|e| advice(&e))?;
    debouncer
        .watch(inbox, RecursiveMode::NonRecursive)
        .map_err(|e| advice(&e))?;
    Ok((rx, debouncer))
}

/// inotify limits are a common failure on busy servers: say what to do.
fn advice(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit on watched files is reached (raise fs.inotify.max_user_watches)"
                .into()
        }
        _ => e.to_string(),
    }
}

/// A crash may have placed files without marking them moved; with the
/// inbox empty no file event would start the run that finishes them.
fn finish_interrupted(intake: &Intake<'_>, report: &mut dyn FnMut(DaemonEvent)) {
    match intake.finish_interrupted() {
        Ok(Some(summary)) if summary.run_id.is_some() => report(DaemonEvent::Published(summary)),
        Ok(_) => {}
        Err(e) => warn!(error = %e, "could not finish an interrupted run's moves yet"),
    }
}
