//! The terminal UI. One loop, one channel: an input thread sends keys, a
//! worker thread sends finished background work; the loop applies each
//! event and draws. Nothing blocks the loop: reading returns and running
//! the pipeline happen on the worker.

pub mod app;
pub mod format;
pub mod rows;
pub mod view;

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use anyhow::Result;
use crossterm::event::{self, Event, KeyEventKind};

use crate::config::Config;
use crate::intake::Intake;
use crate::workspace::Workspace;
use app::{Action, Activity, App};
use rows::{ServiceRow, service_rows};

enum AppEvent {
    Key(crossterm::event::KeyEvent),
    Resize,
    Loaded(Result<(Vec<ServiceRow>, Option<String>), String>),
}

pub fn run(ws: &Workspace, config: &Config, take_inbox: bool) -> Result<()> {
    let mut app = App::new(
        ws.root.display().to_string(),
        ws.inbox().display().to_string(),
    );
    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    let mut terminal = ratatui::init();
    let outcome = event_loop(&mut terminal, &mut app, ws, config, take_inbox, &tx, &rx);
    ratatui::restore();
    outcome
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    ws: &Workspace,
    config: &Config,
    take_inbox: bool,
    tx: &Sender<AppEvent>,
    rx: &Receiver<AppEvent>,
) -> Result<()> {
    start_work(app, ws, config, tx, take_inbox, false);
    loop {
        terminal.draw(|f| view::draw(f, app))?;
        let Ok(first) = rx.recv() else { return Ok(()) };
        for ev in std::iter::once(first).chain(rx.try_iter()) {
            match ev {
                AppEvent::Key(key) => match app.handle_key(key) {
                    Some(Action::Quit) => return Ok(()),
                    Some(Action::LoadDemo) => start_work(app, ws, config, tx, true, true),
                    Some(Action::Refresh) => start_work(app, ws, config, tx, take_inbox, false),
                    None => {}
                },
                AppEvent::Resize => {}
                AppEvent::Loaded(Ok((rows, last_run))) => {
                    app.set_rows(rows);
                    app.last_run = last_run;
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

/// On the worker: optionally write demo returns, take the inbox (when this
/// process can have the workspace lock), then load the current results.
fn start_work(
    app: &mut App,
    ws: &Workspace,
    config: &Config,
    tx: &Sender<AppEvent>,
    take_inbox: bool,
    demo: bool,
) {
    app.activity = Activity::Working(if demo {
        "loading demo returns".into()
    } else {
        "reading the inbox".into()
    });
    let (ws, config, tx) = (ws.clone(), config.clone(), tx.clone());
    thread::spawn(move || {
        let result = work(&ws, &config, take_inbox, demo);
        if let Err(e) = tx.send(AppEvent::Loaded(result)) {
            tracing::warn!(error = %e, "the UI closed before its work finished");
        }
    });
}

fn work(
    ws: &Workspace,
    config: &Config,
    take_inbox: bool,
    demo: bool,
) -> Result<(Vec<ServiceRow>, Option<String>), String> {
    if demo {
        let services = crate::demo::generate(70, 2013);
        crate::demo::write(&ws.inbox(), &services, 2013)
            .map_err(|e| format!("writing demo returns: {e}"))?;
    }
    let mut last_run = None;
    if take_inbox {
        match ws.lock() {
            Ok(_lock) => {
                let s = Intake::new(ws, config)
                    .run_once()
                    .map_err(|e| e.to_string())?;
                if let Some(id) = s.run_id {
                    last_run = Some(format!(
                        "run-{id} · {} services · {:.2} s",
                        s.services,
                        s.elapsed.as_secs_f64()
                    ));
                }
            }
            Err(e) => tracing::info!(error = %e, "not taking the inbox"),
        }
    }
    let rows = match crate::results::read_table(ws, "services") {
        Ok(df) => service_rows(&df).map_err(|e| e.to_string())?,
        Err(crate::results::ResultsError::NoResults { .. }) => Vec::new(),
        Err(e) => return Err(e.to_string()),
    };
    let last_run = last_run.or_else(|| {
        crate::results::current_run_id(ws).map(|id| format!("run-{id} · {} services", rows.len()))
    });
    Ok((rows, last_run))
}
