//! The UI's own watcher: the same daemon as `jobtally watch`, on a thread,
//! while this UI may have the workspace. Checked on every tick, so the
//! watching is never silently lost: when the process that watched quits,
//! a UI that wants to watch takes over; when `jobtally watch` asks, this
//! UI hands the watching over. Who watches is always on screen.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread;

use super::AppEvent;
use super::app::{App, WatchState};
use crate::config::Config;
use crate::ops::Daemon;
use crate::workspace::{Holder, Workspace};

pub struct Watcher {
    /// This UI was asked to watch (not `--no-watch`).
    wanted: bool,
    running: Option<(thread::JoinHandle<()>, Arc<AtomicBool>)>,
}

impl Watcher {
    pub fn new(wanted: bool) -> Watcher {
        Watcher {
            wanted,
            running: None,
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Start watching if this UI wants to and the workspace is free; says
    /// why not in `app.note` when `say` is set.
    pub fn start(
        &mut self,
        ws: &Workspace,
        config: &Config,
        tx: &Sender<AppEvent>,
        app: &mut App,
        say: bool,
    ) {
        if !self.wanted || self.running.is_some() || ws.hand_over_asked() {
            return;
        }
        let lock = match ws.lock_as(Holder::Ui) {
            Ok(lock) => lock,
            Err(e) => {
                if say {
                    app.note = Some(format!("not watching the inbox: {e}"));
                }
                return;
            }
        };
        let stop = Arc::new(AtomicBool::new(false));
        let (ws, config, tx, flag) = (ws.clone(), config.clone(), tx.clone(), Arc::clone(&stop));
        // The models' SQL is planned recursively: a thread gets the room
        // the main thread of `jobtally watch` has.
        let spawned = thread::Builder::new()
            .name("watcher".into())
            .stack_size(super::WORKER_STACK)
            .spawn(move || {
                let _lock = lock;
                Daemon::new(&ws, &config, flag, false).run(&mut |event| {
                    if tx.send(AppEvent::Daemon(event)).is_err() {
                        tracing::debug!("UI gone; daemon event dropped");
                    }
                });
            });
        let handle = match spawned {
            Ok(handle) => handle,
            Err(e) => {
                app.note = Some(format!(
                    "not watching the inbox: cannot start a thread ({e})"
                ));
                return;
            }
        };
        if !say {
            app.note = Some("the watcher stopped elsewhere: this UI now watches the inbox".into());
        }
        tracing::info!("the UI took the watching");
        self.running = Some((handle, stop));
    }

    /// Let the batch under way finish, then release the workspace.
    pub fn stop(&mut self) {
        if let Some((handle, stop)) = self.running.take() {
            stop.store(true, Ordering::SeqCst);
            if handle.join().is_err() {
                tracing::error!("the watcher thread panicked");
            }
        }
    }

    /// Every tick: hand over to `jobtally watch` if it asked, take over if
    /// nobody watches, and say who watches.
    pub fn tick(&mut self, ws: &Workspace, config: &Config, tx: &Sender<AppEvent>, app: &mut App) {
        if self.running.is_some() && ws.hand_over_asked() {
            self.stop();
            app.note = Some("`jobtally watch` asked for the watching: handed over".into());
        }
        if self.running.is_none() {
            self.start(ws, config, tx, app, false);
        }
        app.watch = self.state(ws);
    }

    pub fn state(&self, ws: &Workspace) -> WatchState {
        if self.running.is_some() {
            return WatchState::ThisUi;
        }
        match ws.holder() {
            Some((pid, true)) => WatchState::Other(pid),
            _ => WatchState::Nobody,
        }
    }
}
