//! The terminal UI. One loop, one channel: an input thread sends keys, the
//! watcher (the same daemon as `jobtally watch`, on a thread) sends what it
//! published, workers send loaded results; the loop applies each event and
//! draws. Nothing blocks the loop: reading returns, the pipeline and loading
//! results all happen off it.

pub mod app;
pub mod format;
pub mod rows;
pub mod view;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

use anyhow::Result;
use crossterm::event::{self, Event, KeyEventKind};

use crate::config::Config;
use crate::daemon::{Daemon, DaemonEvent};
use crate::workspace::Workspace;
use app::{Action, Activity, App};
use rows::{ServiceRow, service_rows};

enum AppEvent {
    Key(crossterm::event::KeyEvent),
    Resize,
    /// Results (re)loaded on the worker.
    Loaded(Result<(Vec<ServiceRow>, Option<String>), String>),
    Daemon(DaemonEvent),
    /// Another process works the inbox: look at its results now and then.
    Tick,
}

/// How often results are re-read when another process owns the inbox.
const FOREIGN_REFRESH: Duration = Duration::from_secs(3);

pub fn run(ws: &Workspace, config: &Config, watch: bool) -> Result<()> {
    let mut app = App::new(
        ws.root.display().to_string(),
        ws.inbox().display().to_string(),
    );
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    let stop = Arc::new(AtomicBool::new(false));
    let daemon = if watch {
        start_daemon(ws, config, &tx, &stop, &mut app)
    } else {
        None
    };
    if daemon.is_none() {
        spawn_ticker(tx.clone(), Arc::clone(&stop));
    }
    let mut terminal = ratatui::init();
    let outcome = event_loop(&mut terminal, &mut app, ws, &tx, &rx);
    ratatui::restore();
    // Let the watcher finish the batch under way, then release the workspace.
    stop.store(true, Ordering::SeqCst);
    if let Some(handle) = daemon
        && handle.join().is_err()
    {
        tracing::error!("the watcher thread panicked");
    }
    outcome
}

/// The same daemon as `jobtally watch`, on a thread, when this process can
/// have the workspace.
fn start_daemon(
    ws: &Workspace,
    config: &Config,
    tx: &Sender<AppEvent>,
    stop: &Arc<AtomicBool>,
    app: &mut App,
) -> Option<thread::JoinHandle<()>> {
    let lock = match ws.lock() {
        Ok(lock) => lock,
        Err(e) => {
            app.note = Some(format!("not watching the inbox: {e}"));
            return None;
        }
    };
    let (ws, config, tx, stop) = (ws.clone(), config.clone(), tx.clone(), Arc::clone(stop));
    Some(thread::spawn(move || {
        let _lock = lock;
        Daemon::new(&ws, &config, stop, false).run(&mut |event| {
            if tx.send(AppEvent::Daemon(event)).is_err() {
                tracing::debug!("UI gone; daemon event dropped");
            }
        });
    }))
}

fn spawn_ticker(tx: Sender<AppEvent>, stop: Arc<AtomicBool>) {
    thread::spawn(move || {
        while !stop.load(Ordering::SeqCst) {
            if tx.send(AppEvent::Tick).is_err() {
                break;
            }
            thread::sleep(FOREIGN_REFRESH);
        }
    });
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    ws: &Workspace,
    tx: &Sender<AppEvent>,
    rx: &Receiver<AppEvent>,
) -> Result<()> {
    let mut shown_run = crate::results::current_run_id(ws);
    load(app, ws, tx, false);
    loop {
        terminal.draw(|f| view::draw(f, app))?;
        let Ok(first) = rx.recv() else { return Ok(()) };
        for ev in std::iter::once(first).chain(rx.try_iter()) {
            match ev {
                AppEvent::Key(key) => match app.handle_key(key) {
                    Some(Action::Quit) => return Ok(()),
                    Some(Action::LoadDemo) => load(app, ws, tx, true),
                    Some(Action::Refresh) => load(app, ws, tx, false),
                    None => {}
                },
                AppEvent::Resize => {}
                AppEvent::Tick => {
                    let current = crate::results::current_run_id(ws);
                    if current != shown_run {
                        shown_run = current;
                        load(app, ws, tx, false);
                    }
                }
                AppEvent::Daemon(DaemonEvent::Published(s)) => {
                    shown_run = s.run_id;
                    app.last_run = s.run_id.map(|id| {
                        let files = s.fates.len();
                        let plural = if files == 1 { "file" } else { "files" };
                        format!(
                            "run-{id} · {files} {plural} · {} services · {:.2} s",
                            s.services,
                            s.elapsed.as_secs_f64()
                        )
                    });
                    load(app, ws, tx, false);
                }
                AppEvent::Daemon(DaemonEvent::Failed { error, retry_in }) => {
                    app.activity =
                        Activity::Failed(format!("{error} (retrying in {} s)", retry_in.as_secs()));
                }
                AppEvent::Daemon(DaemonEvent::Polling { reason }) => app.note = Some(reason),
                AppEvent::Loaded(Ok((rows, last_run))) => {
                    app.set_rows(rows);
                    if app.last_run.is_none() {
                        app.last_run = last_run;
                    }
                    app.activity = Activity::Idle;
                }
                AppEvent::Loaded(Err(why)) => app.activity = Activity::Failed(why),
            }
        }
    }
}

fn spawn_input(tx: Sender<AppEvent>) {
    thread::spawn(move || {
        while let Ok(ev) = event::read() {
            let sent = match ev {
                Event::Key(k) if k.kind == KeyEventKind::Press => tx.send(AppEvent::Key(k)),
                Event::Resize(..) => tx.send(AppEvent::Resize),
                _ => Ok(()),
            };
            if sent.is_err() {
                break;
            }
        }
    });
}

/// On a worker: optionally write demo returns into the inbox (the watcher
/// takes them), then load the current results.
fn load(app: &mut App, ws: &Workspace, tx: &Sender<AppEvent>, demo: bool) {
    app.activity = Activity::Working(if demo {
        "writing demo returns".into()
    } else {
        "loading results".into()
    });
    let (ws, tx) = (ws.clone(), tx.clone());
    thread::spawn(move || {
        let result = work(&ws, demo);
        if let Err(e) = tx.send(AppEvent::Loaded(result)) {
            tracing::warn!(error = %e, "the UI closed before its work finished");
        }
    });
}

fn work(ws: &Workspace, demo: bool) -> Result<(Vec<ServiceRow>, Option<String>), String> {
    if demo {
        let services = crate::demo::generate(70, 2013);
        crate::demo::write(&ws.inbox(), &services, 2013)
            .map_err(|e| format!("writing demo returns: {e}"))?;
    }
    let rows = match crate::results::read_table(ws, "services") {
        Ok(df) => service_rows(&df).map_err(|e| e.to_string())?,
        Err(crate::results::ResultsError::NoResults { .. }) => Vec::new(),
        Err(e) => return Err(e.to_string()),
    };
    let last_run =
        crate::results::current_run_id(ws).map(|id| format!("run-{id} · {} services", rows.len()));
    Ok((rows, last_run))
}
