//! TUI screens through ratatui's TestBackend, as insta snapshots.

use jobtally::tui::app::App;
use jobtally::tui::rows::service_rows;
use jobtally::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::harness::*;

fn app_with_metrics_fixture() -> App {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    let mut app = App::new("workspace".into(), "workspace/inbox".into());
    app.set_rows(service_rows(&ws.services()).expect("rows"));
    app.last_run = Some("run-1 · 5 services".into());
    app
}

fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| view::draw(f, app)).expect("draw");
    terminal
}

#[test]
fn services_screen_80x24() {
    let mut app = app_with_metrics_fixture();
    insta::assert_snapshot!("services_80x24", render(&mut app, 80, 24).backend());
}

#[test]
fn services_screen_160x48() {
    let mut app = app_with_metrics_fixture();
    insta::assert_snapshot!("services_160x48", render(&mut app, 160, 48).backend());
}

#[test]
fn empty_workspace_says_how_to_start() {
    let mut app = App::new("workspace".into(), "workspace/inbox".into());
    let t = render(&mut app, 80, 24);
    insta::assert_snapshot!("empty_80x24", t.backend());
}

#[test]
fn tiny_terminal_asks_for_room() {
    let mut app = app_with_metrics_fixture();
    let t = render(&mut app, 30, 6);
    insta::assert_snapshot!("tiny_30x6", t.backend());
}
