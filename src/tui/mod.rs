//! The terminal UI. One loop, one channel: an input thread sends keys, the
//! watcher (the same daemon as `jobtally watch`, on a thread) sends what it
//! published, and workers send loaded data and the outcome of queue
//! changes. The loop applies each event and draws; nothing blocks it.

pub mod app;
pub mod data;
pub mod export;
mod filters;
pub mod help;
pub mod keys;
mod prompt;
mod provenance;
pub mod screens;
pub mod theme;
pub mod view;
mod watcher;
pub mod widgets;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

use anyhow::Result;
use crossterm::event::{self, Event, KeyEventKind};

use crate::config::Config;
use crate::ops::{self, DaemonEvent, OpsError, QueueChange};
use crate::workspace::Workspace;
use app::{Action, Activity, App};
use data::Snapshot;
use theme::Theme;

enum AppEvent {
    Key(crossterm::event::KeyEvent),
    Resize,
    Loaded(Box<Result<Snapshot, OpsError>>),
    Detail(String, String),
    CallSheet {
        id: i64,
        generation: u64,
        text: String,
    },
    /// A queue change, export or demo finished: what to say (then reload),
    /// or why it could not be done.
    Done(Result<String, OpsError>),
    Daemon(DaemonEvent),
    /// Another process works the inbox: look at its results now and then.
    Tick,
}

/// The stack of a thread that may run the models (publishing results):
/// their SQL is planned recursively, and a thread's default 2 MB overflows
/// on a large workspace in a debug build.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// How often the UI re-reads results when it does not run the watcher.
const FOREIGN_REFRESH: Duration = Duration::from_secs(3);

/// The UI until the operator quits; `note` is shown first (a problem met
/// before the screen was ours).
pub fn run(ws: &Workspace, config: &Config, watch: bool, note: Option<String>) -> Result<()> {
    let operator = ops::operator(None, config);
    let mut app = App::new(
        ws.root.display().to_string(),
        ws.inbox().display().to_string(),
        operator,
    );
    app.note = note;
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    let stop = Arc::new(AtomicBool::new(false));
    let mut watcher = watcher::Watcher::new(watch);
    watcher.start(ws, config, &tx, &mut app, true);
    app.watch = watcher.state(ws);
    // Ticks look at the results of another process, and at who watches.
    spawn_ticker(tx.clone(), Arc::clone(&stop));
    let mut terminal = ratatui::init();
    let mut looper = Loop {
        ws,
        config,
        tx: &tx,
        theme: Theme::from_env(),
        sheet_generation: 0,
        watcher,
    };
    let outcome = looper.run(&mut terminal, &mut app, &rx);
    ratatui::restore();
    stop.store(true, Ordering::SeqCst);
    // Let the watcher finish the batch under way, then release the workspace.
    looper.watcher.stop();
    outcome
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

struct Loop<'a> {
    ws: &'a Workspace,
    config: &'a Config,
    tx: &'a Sender<AppEvent>,
    theme: Theme,
    sheet_generation: u64,
    watcher: watcher::Watcher,
}

impl Loop<'_> {
    fn run(
        &mut self,
        terminal: &mut ratatui::DefaultTerminal,
        app: &mut App,
        rx: &Receiver<AppEvent>,
    ) -> Result<()> {
        let mut shown_run = ops::current_run(self.ws);
        self.reload(app);
        loop {
            terminal.draw(|f| view::draw(f, app, &self.theme))?;
            let Ok(first) = rx.recv() else { return Ok(()) };
            for ev in std::iter::once(first).chain(rx.try_iter()) {
                match ev {
                    AppEvent::Key(key) => {
                        if let Some(action) = app.handle_key(key)
                            && self.perform(app, action)
                        {
                            return Ok(());
                        }
                    }
                    AppEvent::Resize => {}
                    AppEvent::Tick => {
                        self.watcher.tick(self.ws, self.config, self.tx, app);
                        // The inbox as it is on disk, whoever watches it.
                        if let Ok(scan) = ops::inbox(self.ws) {
                            app.snapshot.inbox_waiting = scan
                                .candidates
                                .iter()
                                .map(|c| crate::format::sanitise(&c.name))
                                .collect();
                        }
                        let current = ops::current_run(self.ws);
                        if current != shown_run {
                            shown_run = current;
                            self.reload(app);
                        }
                    }
                    AppEvent::Daemon(DaemonEvent::Published(s)) => {
                        shown_run = s.run_id;
                        app.last_run = s.run_id.map(|id| {
                            let files = s.fates.len();
                            let plural = if files == 1 { "file" } else { "files" };
                            format!(
                                "run-{id} · {files} {plural} · {} services · {:.2} s",
                                s.current.get(crate::ingest::ReturnKind::PRIMARY),
                                s.elapsed.as_secs_f64()
                            )
                        });
                        self.reload(app);
                    }
                    AppEvent::Daemon(DaemonEvent::Failed { error, retry_in }) => {
                        app.activity = Activity::Failed(format!(
                            "{error} (retrying in {} s)",
                            retry_in.as_secs()
                        ));
                    }
                    AppEvent::Daemon(DaemonEvent::Polling { reason }) => app.note = Some(reason),
                    AppEvent::Loaded(loaded) => match *loaded {
                        Ok(snap) => {
                            if app.last_run.is_none() {
                                app.last_run = snap.run_id.map(|id| {
                                    format!("run-{id} · {} services", snap.services.len())
                                });
                            }
                            app.set_snapshot(snap);
                            app.activity = Activity::Idle;
                            if app.screen == app::Screen::Queue
                                && let Some(id) = app.selected_anomaly()
                            {
                                self.perform(app, Action::LoadCallSheet(id));
                            }
                        }
                        Err(why) => app.activity = Activity::Failed(why.to_string()),
                    },
                    AppEvent::Done(Err(why)) => app.activity = Activity::Failed(why.to_string()),
                    AppEvent::Done(Ok(message)) => {
                        app.note = Some(message);
                        self.reload(app);
                    }
                    AppEvent::Detail(title, text) => app.set_detail(title, text),
                    AppEvent::CallSheet {
                        id,
                        generation,
                        text,
                    } => {
                        if generation == self.sheet_generation {
                            app.call_sheet = Some((id, text));
                        }
                    }
                }
            }
        }
    }

    fn spawn<F>(&self, job: F)
    where
        F: FnOnce(&Workspace, &Config) -> AppEvent + Send + 'static,
    {
        let (ws, config, tx) = (self.ws.clone(), self.config.clone(), self.tx.clone());
        let spawned = thread::Builder::new()
            .name("ui-worker".into())
            .stack_size(WORKER_STACK)
            .spawn(move || {
                if tx.send(job(&ws, &config)).is_err() {
                    tracing::debug!("the UI closed before its work finished");
                }
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start a worker thread");
        }
    }

    fn reload(&self, app: &mut App) {
        if app.activity == Activity::Idle {
            app.activity = Activity::Working("loading results".into());
        }
        self.spawn(|ws, _| AppEvent::Loaded(Box::new(data::load(ws))));
    }

    /// A detail view read on a worker: a service in full, or where figures
    /// come from.
    fn load_detail(&mut self, action: Action) {
        match action {
            Action::LoadDetail(key) => {
                self.spawn(move |ws, _| match ops::service_detail(ws, &key) {
                    Ok(text) => AppEvent::Detail("service".into(), text),
                    Err(e) => AppEvent::Done(Err(e)),
                });
            }
            Action::Explain(question) => {
                self.spawn(move |ws, _| match ops::explain(ws, &question) {
                    Ok(text) => AppEvent::Detail(question.title(), text),
                    Err(e) => AppEvent::Done(Err(e)),
                });
            }
            _ => {}
        }
    }

    /// Carry out an action; true means quit.
    fn perform(&mut self, app: &mut App, action: Action) -> bool {
        let Some(action) = app.ask_operator_first(action) else {
            return false;
        };
        let who = app.operator.clone().unwrap_or_default();
        let watching = self.watcher.is_running();
        match action {
            Action::SetOperator(name) => match ops::save_operator(self.ws, &name) {
                Ok(name) => {
                    app.operator = Some(name);
                    app.refresh_filters();
                    if let Some(next) = app.pending.take() {
                        return self.perform(app, next);
                    }
                }
                Err(e) => app.activity = Activity::Failed(e.to_string()),
            },
            Action::Quit => return true,
            Action::Reload => self.reload(app),
            Action::LoadDemo => {
                app.activity = Activity::Working("writing demo returns".into());
                self.spawn(move |ws, config| {
                    let result = ops::write_demo(ws, DEMO_SERVICES, DEMO_SEED).and_then(|w| {
                        if !watching {
                            ops::republish(ws, config)?;
                        }
                        Ok(w.brief())
                    });
                    AppEvent::Done(result)
                });
            }
            Action::Export { name, source } => {
                self.spawn(move |ws, _| AppEvent::Done(export::write(ws, &name, source)));
            }
            Action::LoadDetail(_) | Action::Explain(_) => self.load_detail(action),
            Action::LoadCallSheet(id) => {
                self.sheet_generation += 1;
                let generation = self.sheet_generation;
                self.spawn(move |ws, _| {
                    let text = ops::call_sheet(ws, id).unwrap_or_else(|e| e.to_string());
                    AppEvent::CallSheet {
                        id,
                        generation,
                        text,
                    }
                });
            }
            Action::SetStatus { id, status } => {
                let change = QueueChange {
                    status: Some(status),
                    ..QueueChange::default()
                };
                self.queue_change(move |ws| {
                    ops::update_anomaly(ws, id, &who, &change)
                        .map(|a| format!("anomaly {} is {}", a.id, a.status.as_str()))
                })
            }
            Action::Note { id, text } => {
                let change = QueueChange {
                    note: Some(text),
                    ..QueueChange::default()
                };
                self.queue_change(move |ws| {
                    ops::update_anomaly(ws, id, &who, &change)
                        .map(|a| format!("note added to anomaly {}", a.id))
                })
            }
            Action::AssignMe { id } => {
                let change = QueueChange {
                    assignee: Some(who.clone()),
                    ..QueueChange::default()
                };
                self.queue_change(move |ws| {
                    ops::update_anomaly(ws, id, &who, &change)
                        .map(|a| format!("anomaly {} assigned to {who}", a.id))
                })
            }
            Action::Amend {
                id,
                field,
                value,
                note,
            } => self.queue_change(move |ws| {
                let done = ops::amend(ws, id, &field, value, &note, &who)?;
                Ok(format!(
                    "{field} amended from {} to {}; results follow",
                    done.old.describe(),
                    crate::format::number(done.new)
                ))
            }),
        }
        false
    }

    /// A change to the queue on a worker; then results catch up (the watcher
    /// re-publishes; without one, this process does if it may).
    fn queue_change<F>(&self, change: F)
    where
        F: FnOnce(&Workspace) -> Result<String, OpsError> + Send + 'static,
    {
        let watching = self.watcher.is_running();
        self.spawn(move |ws, config| {
            let result = change(ws);
            if result.is_ok()
                && !watching
                && let Err(e) = ops::republish(ws, config)
            {
                tracing::warn!("results not brought up to date: {e}");
            }
            AppEvent::Done(result)
        });
    }
}

/// The demo the UI writes when the workspace is empty: the same as
/// `jobtally demo` with its defaults.
const DEMO_SERVICES: usize = 70;
const DEMO_SEED: u64 = 2013;
