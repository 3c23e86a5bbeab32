//! Key-to-frame latency of the UI on an existing workspace:
//! `cargo run --release --example tui_latency -- <workspace>`.
//! Loads the workspace as the UI does (on a worker, not timed here), then
//! times what a key costs the UI thread: handling it and drawing the frame.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jobtally::tui::app::App;
use jobtally::tui::{data, theme::Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: tui_latency <workspace>");
    let ws = jobtally::workspace::Workspace::open(std::path::Path::new(&root)).expect("workspace");
    let t = Instant::now();
    let snapshot = data::load(&ws).expect("snapshot");
    println!(
        "snapshot of {} services loaded in {:?} (on a worker)",
        snapshot.services.len(),
        t.elapsed()
    );
    let mut app = App::new(root.clone(), format!("{root}/inbox"), Some("me".into()));
    app.set_snapshot(snapshot);
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let theme = Theme::plain();
    let keys = [
        "2", ">", ">", ">", ">", "s", "g", "p", "/", "x", "Esc", "3", "6", "f", "v", "5", "1", "4",
        "7", "Tab",
    ];
    let mut worst = std::time::Duration::ZERO;
    for k in keys {
        let code = match k {
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            c => KeyCode::Char(c.chars().next().unwrap_or(' ')),
        };
        let t = Instant::now();
        let _ = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        terminal
            .draw(|f| view::draw(f, &app, &theme))
            .expect("draw");
        let took = t.elapsed();
        worst = worst.max(took);
        println!("key {k:>4}: {took:?}");
    }
    println!("worst key-to-frame: {worst:?}");
}
