//! The terminal UI: every screen through ratatui's TestBackend as insta
//! snapshots (80x24 and 160x48) on a fixed fixture workspace, key handling
//! without a terminal, and the real binary in tmux.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jobtally::store::anomalies::Status;
use jobtally::tui::app::{Action, Activity, App, Overlay, Screen};
use jobtally::tui::data::{self, Snapshot};
use jobtally::tui::export::ExportSource;
use jobtally::tui::theme::Theme;
use jobtally::tui::view;
use polars::prelude::DataType;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::harness::*;

const STAMP: &str = "2026-01-01T00:00:00Z";

/// Every RFC 3339 timestamp in `s` replaced by a fixed one.
fn fix_times(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let shape = "dddd-dd-ddTdd:dd:ddZ";
    while i < b.len() {
        let fits = i + shape.len() <= b.len()
            && shape.bytes().zip(&b[i..i + shape.len()]).all(|(p, c)| {
                if p == b'd' {
                    c.is_ascii_digit()
                } else {
                    p == *c
                }
            });
        if fits {
            out.push_str(STAMP);
            i += shape.len();
        } else {
            let ch = s[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn fixture_snapshot() -> (Ws, Snapshot) {
    let ws = Ws::new();
    ws.drop_fixture("analytics_10.csv", None)
        .drop_fixture("checks_planted.csv", None)
        .drop_fixture("commissioner/small_export.csv", None)
        .drop_fixture("contracts/clean.csv", None)
        .drop_fixture("people/outcomes.csv", None)
        .drop_fixture("provider_pb/small.csv", None);
    ws.run();
    let mut snap = data::load(&ws.workspace()).expect("snapshot");
    for f in &mut snap.files {
        f.received_at = STAMP.into();
        f.dest_path = format!("archive/…/{}", f.name);
    }
    for a in &mut snap.anomalies {
        a.created = STAMP.into();
        a.updated = STAMP.into();
    }
    if let Some(r) = &mut snap.last_run {
        r.started_at = STAMP.into();
        r.finished_at = Some(STAMP.into());
        r.duration_ms = Some(100);
    }
    (ws, snap)
}

fn app_with(snap: Snapshot) -> App {
    let mut app = App::new(
        "workspace".into(),
        "workspace/inbox".into(),
        Some("tester".into()),
    );
    app.set_snapshot(snap);
    app.last_run = Some("run-1 · 23 services".into());
    app
}

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| view::draw(f, app, &Theme::plain()))
        .expect("draw");
    terminal
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn chars(app: &mut App, text: &str) -> Option<Action> {
    let mut last = None;
    for c in text.chars() {
        last = app.handle_key(key(KeyCode::Char(c)));
    }
    last
}

#[test]
fn every_screen_at_80x24_and_160x48() {
    let (ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    for screen in Screen::ALL {
        app.screen = screen;
        if screen == Screen::Queue {
            let id = app.selected_anomaly().expect("an anomaly");
            let store = jobtally::store::Store::open(&ws.path("state.db")).expect("store");
            let sheet = jobtally::queue::call_sheet(&store, id).expect("sheet");
            app.call_sheet = Some((id, fix_times(&sheet)));
        }
        for (w, h) in [(80, 24), (160, 48)] {
            let name = format!("{}_{w}x{h}", screen.title().to_lowercase().replace(' ', ""));
            insta::assert_snapshot!(name, render(&app, w, h).backend());
        }
    }
}

#[test]
fn empty_workspace_says_how_to_start() {
    let app = app_with(Snapshot::default());
    insta::assert_snapshot!("empty_80x24", render(&app, 80, 24).backend());
}

#[test]
fn tiny_terminal_asks_for_room() {
    let (_ws, snap) = fixture_snapshot();
    let app = app_with(snap);
    insta::assert_snapshot!("tiny_30x6", render(&app, 30, 6).backend());
}

#[test]
fn help_lists_the_screens_keys() {
    let (_ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    app.handle_key(key(KeyCode::Char('6')));
    app.handle_key(key(KeyCode::Char('?')));
    assert_eq!(app.overlay, Some(Overlay::Help));
    insta::assert_snapshot!("help_queue_100x40", render(&app, 100, 40).backend());
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.overlay, None);
}

fn services_order(app: &App) -> Vec<String> {
    app.services
        .visible_rows()
        .map(|r| r.cells[1].clone())
        .collect()
}

#[test]
fn services_sort_filter_search_and_drill_down() {
    let (_ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    app.handle_key(key(KeyCode::Char('2')));
    assert_eq!(app.screen, Screen::Services);
    let total = app.services.len();
    // Sort by cost per person (column 7), largest first, then reversed.
    for _ in 0..7 {
        app.handle_key(key(KeyCode::Char('>')));
    }
    assert_eq!(app.services.sort, Some((7, true)));
    assert_eq!(
        services_order(&app)[0],
        "P Outlier",
        "£100,000 per person first"
    );
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Char('s')));
    assert_eq!(app.services.sort, Some((7, false)));
    assert_ne!(services_order(&app)[0], "P Outlier");
    // A new order is read from its top, not from where the cursor was.
    assert_eq!(app.services.selected_index(), 0);
    // Group selector: LD services only.
    app.handle_key(key(KeyCode::Char('g')));
    assert_eq!(app.group(), "ld");
    assert!(app.services.visible_rows().all(|r| r.cells[3] == "ld"));
    app.handle_key(key(KeyCode::Char('G')));
    assert_eq!(app.group(), "all");
    // Services with open anomalies only.
    app.handle_key(key(KeyCode::Char('f')));
    assert!(app.services.len() < total);
    assert!(app.services.visible_rows().all(|r| !r.cells[10].is_empty()));
    app.handle_key(key(KeyCode::Char('f')));
    // Incremental search.
    app.handle_key(key(KeyCode::Char('/')));
    chars(&mut app, "ips");
    assert_eq!(services_order(&app), ["M1 IPS Service"]);
    app.handle_key(key(KeyCode::Enter));
    assert!(!app.searching);
    // Enter opens the detail (loaded by the event loop).
    assert_eq!(
        app.handle_key(key(KeyCode::Enter)),
        Some(Action::LoadDetail(
            app.services.selected_row().expect("row").id.clone()
        ))
    );
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.services.len(), total);
    // Sites: Enter drills into the site's services.
    app.handle_key(key(KeyCode::Char('3')));
    app.handle_key(key(KeyCode::Char('/')));
    chars(&mut app, "stockport");
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Services);
    assert_eq!(app.site_filter.as_deref(), Some("Stockport"));
    let mut names = services_order(&app);
    names.sort();
    assert_eq!(names, ["L1 Jobs First", "M1 IPS Service"]);
    // Authorities: Enter drills into the authority's services too.
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('8')));
    assert_eq!(app.screen, Screen::Authorities);
    app.handle_key(key(KeyCode::Char('/')));
    chars(&mut app, "wigan");
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Services);
    assert_eq!(app.site_filter.as_deref(), Some("Wigan"));
    assert!(!app.services.is_empty());
    assert!(app.services.visible_rows().all(|r| r.tags.site == "Wigan"));
    // Cohort: Enter drills into each site in turn, then back to all sites.
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('=')));
    assert_eq!(app.screen, Screen::Cohort);
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.cohort_site.as_deref(), Some("Newham"));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.cohort_site, None);
    app.handle_key(key(KeyCode::Char('0')));
    assert_eq!(app.screen, Screen::Collection);
    // The period selector cycles through the years and back to all.
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('p')));
    assert_eq!(app.period.as_deref(), Some("2011/12"));
    assert!(app.services.visible_rows().all(|r| r.cells[2] == "2011/12"));
    app.handle_key(key(KeyCode::Char('p')));
    app.handle_key(key(KeyCode::Char('p')));
    assert_eq!(app.period, None);
}

#[test]
fn budgets_drill_from_an_authority_to_its_providers_and_back() {
    let (_ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    app.handle_key(key(KeyCode::Char('`')));
    assert_eq!(app.screen, Screen::Budgets);
    assert_eq!(app.budgets.len(), 3, "Bradford, Cardiff, Leeds");
    // Leeds is the last by name.
    app.handle_key(key(KeyCode::End));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.pb_authority.as_deref(), Some("Leeds"));
    let names: Vec<String> = app
        .pb_providers
        .visible_rows()
        .map(|r| r.cells[0].clone())
        .collect();
    assert_eq!(names, ["Acme Jobs", "Bridge Works"]);
    insta::assert_snapshot!("budgets_leeds_80x24", render(&app, 80, 24).backend());
    // Enter on a provider opens the queue on its name.
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Queue);
    assert_eq!(app.queue.search, "Acme Jobs");
    // Back on Budgets, Esc returns to the authorities.
    app.handle_key(key(KeyCode::Char('`')));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(app.pb_authority, None);
}

#[test]
fn queue_status_note_assign_and_amend() {
    let (_ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    // Switching to the queue asks for the selected call sheet.
    let first = app.handle_key(key(KeyCode::Char('6')));
    let id = app.selected_anomaly().expect("anomaly");
    assert_eq!(first, Some(Action::LoadCallSheet(id)));
    assert!(
        app.queue.visible_rows().all(|r| r.cells[1] != "info"),
        "calls first"
    );
    assert_eq!(
        app.handle_key(key(KeyCode::Char('c'))),
        Some(Action::SetStatus {
            id,
            status: Status::Contacted
        })
    );
    assert_eq!(
        app.handle_key(key(KeyCode::Char('x'))),
        Some(Action::SetStatus {
            id,
            status: Status::Dismissed
        })
    );
    assert_eq!(
        app.handle_key(key(KeyCode::Char('m'))),
        Some(Action::AssignMe { id })
    );
    app.handle_key(key(KeyCode::Char('n')));
    chars(&mut app, "rang twice");
    assert_eq!(
        app.handle_key(key(KeyCode::Enter)),
        Some(Action::Note {
            id,
            text: "rang twice".into()
        })
    );
    // The amendment form validates each step.
    app.handle_key(key(KeyCode::Char('a')));
    let prompt = app.prompt.as_mut().expect("form");
    prompt.input.clear();
    chars(&mut app, "commissioner");
    assert_eq!(app.handle_key(key(KeyCode::Enter)), None);
    assert!(
        app.prompt.as_ref().and_then(|p| p.error.as_ref()).is_some(),
        "not a figure"
    );
    app.prompt.as_mut().expect("form").input.clear();
    chars(&mut app, "outcomes_total");
    app.handle_key(key(KeyCode::Enter));
    chars(&mut app, "4.5");
    app.handle_key(key(KeyCode::Enter));
    assert!(
        app.prompt.as_ref().and_then(|p| p.error.as_ref()).is_some(),
        "not a whole number"
    );
    app.prompt.as_mut().expect("form").input.clear();
    chars(&mut app, "41");
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(
        app.handle_key(key(KeyCode::Enter)),
        None,
        "a reason is required"
    );
    chars(&mut app, "site confirmed");
    assert_eq!(
        app.handle_key(key(KeyCode::Enter)),
        Some(Action::Amend {
            id,
            field: "outcomes_total".into(),
            value: 41.0,
            note: "site confirmed".into()
        })
    );
    // Filters: every status, then back.
    app.handle_key(key(KeyCode::Char('f')));
    assert_eq!(app.queue_status_label(), "open");
    app.handle_key(key(KeyCode::Char('v')));
    assert_eq!(app.queue_severity_label(), "all");
}

#[test]
fn new_results_keep_selection_and_sort() {
    let (_ws, snap) = fixture_snapshot();
    let mut app = app_with(snap.clone());
    app.handle_key(key(KeyCode::Char('2')));
    app.handle_key(key(KeyCode::Char('>')));
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Down));
    let chosen = app.services.selected_row().expect("row").id.clone();
    let sort = app.services.sort;
    app.set_snapshot(snap);
    assert_eq!(app.services.selected_row().expect("row").id, chosen);
    assert_eq!(app.services.sort, sort);
}

#[test]
fn export_takes_the_rows_in_view() {
    let (ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    app.handle_key(key(KeyCode::Char('2')));
    app.handle_key(key(KeyCode::Char('g')));
    let Some(Action::Export { name, source }) = app.handle_key(key(KeyCode::Char('e'))) else {
        panic!("no export");
    };
    assert_eq!(name, "services");
    let ExportSource::Rows(df) = source.clone() else {
        panic!("{source:?}");
    };
    assert_eq!(df.height(), app.services.len());
    assert_eq!(df.get_column_names()[0].as_str(), "Commissioner");
    // Figures are numbers a spreadsheet can add up, not "£84,200".
    assert_eq!(df.column("Cost").expect("Cost").dtype(), &DataType::Float64);
    let groups = df.column("Grp").expect("Grp").str().expect("str").clone();
    assert!((0..groups.len()).all(|i| groups.get(i) == Some("ld")));
    let message = jobtally::tui::export::write(&ws.workspace(), &name, source).expect("written");
    assert!(
        message.starts_with(&format!("exported {} rows", df.height())),
        "{message}"
    );

    // A chart screen exports the tables it draws, for the year and group in
    // view: Overview's summary, one row for ld.
    app.handle_key(key(KeyCode::Char('1')));
    let Some(Action::Export { source, .. }) = app.handle_key(key(KeyCode::Char('e'))) else {
        panic!("no export");
    };
    let message =
        jobtally::tui::export::write(&ws.workspace(), "overview", source).expect("written");
    let exported: Vec<_> = names_in(&ws.path("exports"));
    assert!(
        exported
            .iter()
            .any(|n| n.starts_with("overview-") && n.ends_with(".csv")),
        "{exported:?} {message}"
    );

    // A screen of several tables asks which: one is a CSV named after it,
    // `a` all of them in one workbook, another key asks again.
    app.handle_key(key(KeyCode::Char('4')));
    assert_eq!(app.handle_key(key(KeyCode::Char('e'))), None);
    let asked = app.prompt.as_ref().expect("asked which").label();
    assert!(
        asked.contains("1 per100 · 2 per100 segments · a all"),
        "{asked}"
    );
    assert_eq!(app.handle_key(key(KeyCode::Char('7'))), None);
    assert!(app.prompt.as_ref().is_some_and(|p| p.error.is_some()));
    let Some(Action::Export { name, source }) = app.handle_key(key(KeyCode::Char('2'))) else {
        panic!("no export");
    };
    assert!(app.prompt.is_none());
    assert_eq!(name, "per100-per100_segments");
    let ExportSource::Tables { names, .. } = &source else {
        panic!("{source:?}");
    };
    assert_eq!(names, &["per100_segments"]);
    app.handle_key(key(KeyCode::Char('e')));
    let Some(Action::Export { name, source }) = app.handle_key(key(KeyCode::Char('a'))) else {
        panic!("no export");
    };
    assert_eq!(name, "per100");
    let message = jobtally::tui::export::write(&ws.workspace(), &name, source).expect("written");
    assert!(message.contains(".xlsx"), "{message}");
    // Esc exports nothing.
    app.handle_key(key(KeyCode::Char('e')));
    assert_eq!(app.handle_key(key(KeyCode::Esc)), None);
    assert!(app.prompt.is_none());
}

/// The real binary in tmux: open a demo workspace, visit every screen, mark
/// the first anomaly contacted, quit; the change is in state.db.
#[test]
fn end_to_end_in_tmux() {
    let tmux = std::process::Command::new("tmux").arg("-V").output();
    assert!(
        tmux.is_ok_and(|o| o.status.success()),
        "tmux is needed for this test (.ci/run installs it)"
    );
    let ws = Ws::new();
    ws.cmd()
        .args(["demo", "--services", "30"])
        .assert()
        .success();
    ws.run();
    let bin = assert_cmd::cargo::cargo_bin("jobtally");
    let session = format!("jobtally-e2e-{}", std::process::id());
    let socket = ws.dir.path().join("tmux.sock");
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .expect("tmux")
    };
    let command = format!(
        "USER=e2e-operator {} --workspace {}",
        bin.display(),
        ws.root().display()
    );
    let out = tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "120",
        "-y",
        "40",
        &command,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let screen = || {
        String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", &session]).stdout).into_owned()
    };
    let wait_for = |what: &str| {
        let start = std::time::Instant::now();
        loop {
            let s = screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "never saw {what:?}; screen:\n{s}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    wait_for("mean of services");
    for (k, marker) in [
        ("2", "services"),
        ("3", "sites"),
        ("4", "by group"),
        ("5", "cost per person"),
        ("7", "files received"),
        ("6", "call sheet"),
    ] {
        tmux(&["send-keys", "-t", &session, k]);
        wait_for(marker);
    }
    wait_for("Ask:");
    tmux(&["send-keys", "-t", &session, "c"]);
    wait_for("contacted");
    tmux(&["send-keys", "-t", &session, "q"]);
    let start = std::time::Instant::now();
    while tmux(&["has-session", "-t", &session]).status.success() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "the UI did not quit"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let store = jobtally::store::Store::open(&ws.path("state.db")).expect("store");
    let contacted = jobtally::store::anomalies::all(store.conn())
        .expect("anomalies")
        .into_iter()
        .filter(|a| a.status == Status::Contacted)
        .collect::<Vec<_>>();
    assert_eq!(contacted.len(), 1);
    let events = jobtally::store::anomalies::events(store.conn(), contacted[0].id).expect("events");
    assert!(
        events
            .iter()
            .any(|e| e.who == "e2e-operator" && e.to_status.as_deref() == Some("contacted"))
    );
    assert!(!ws.lock_held(), "the UI released the workspace");
}

#[test]
fn service_detail_shows_fields_splits_benchmarks_and_history() {
    let (ws, snap) = fixture_snapshot();
    let key = snap
        .services
        .iter()
        .find(|s| s.service_name == "P Split Off")
        .expect("service")
        .key
        .clone();
    let store = jobtally::store::Store::open(&ws.path("state.db")).expect("store");
    let reference = jobtally::reference::Reference::load(Some(&ws.root())).expect("reference");
    let text = jobtally::queue::service_detail(&store, &reference, &key).expect("detail");
    assert!(
        text.contains("people by client group: ld 50, mh 20, other 10 = 80 of people_total 100"),
        "{text}"
    );
    assert!(
        text.contains("cost per outcome is inside the band"),
        "{text}"
    );
    assert!(
        text.contains("[warning] open - split_not_summing"),
        "{text}"
    );
    assert!(text.contains("checks_planted.csv (current)"), "{text}");
    assert!(
        text.contains("people_support_lt7"),
        "every field as read: {text}"
    );
}

/// Nobody's name is never put on a change: the first change asks for it,
/// and the answer is kept in the workspace. Taking a row someone else is
/// working asks first, and "mine" shows the operator's rows alone.
#[test]
fn operators_are_named_once_and_asked_before_taking_anothers_row() {
    let (ws, mut snap) = fixture_snapshot();
    let first = snap
        .anomalies
        .iter_mut()
        .find(|a| a.severity != jobtally::ingest::Severity::Info)
        .expect("a call");
    first.assignee = Some("Bob".into());
    let bobs = first.id;
    let mut app = App::new("workspace".into(), "workspace/inbox".into(), None);
    app.set_snapshot(snap);
    app.screen = Screen::Queue;
    let change = app.handle_key(key(KeyCode::Char('c'))).expect("a change");
    assert_eq!(app.ask_operator_first(change.clone()), None, "held back");
    assert_eq!(app.pending, Some(change));
    assert_eq!(
        app.handle_key(key(KeyCode::Enter)),
        None,
        "a name is needed"
    );
    chars(&mut app, "Ann Operator");
    assert_eq!(
        app.handle_key(key(KeyCode::Enter)),
        Some(Action::SetOperator("Ann Operator".into()))
    );
    let kept = jobtally::ops::save_operator(&ws.workspace(), "Ann Operator").expect("kept");
    let config = jobtally::config::Config::load(None, &ws.root()).expect("config");
    assert_eq!(config.operator.as_deref(), Some(kept.as_str()));
    assert_eq!(
        jobtally::ops::operator(None, &config).as_deref(),
        Some("Ann Operator")
    );
    // Saved again, the line is replaced, not repeated.
    jobtally::ops::save_operator(&ws.workspace(), "Ann").expect("kept");
    let text = std::fs::read_to_string(ws.path("jobtally.toml")).expect("config");
    assert_eq!(text.matches("operator =").count(), 1, "{text}");

    app.operator = Some("Ann".into());
    while app.selected_anomaly() != Some(bobs) {
        app.handle_key(key(KeyCode::Down));
    }
    let asked = app.handle_key(key(KeyCode::Char('m')));
    assert!(
        !matches!(asked, Some(Action::AssignMe { .. })),
        "asks first"
    );
    assert!(
        app.prompt
            .as_ref()
            .is_some_and(|p| p.label().contains("Bob's"))
    );
    assert_eq!(app.handle_key(key(KeyCode::Char('n'))), None, "kept Bob's");
    assert!(app.prompt.is_none());
    app.handle_key(key(KeyCode::Char('m')));
    assert_eq!(
        app.handle_key(key(KeyCode::Char('y'))),
        Some(Action::AssignMe { id: bobs })
    );
    // Mine: nobody's rows are Ann's yet; Bob's row shows its owner.
    assert!(render(&app, 160, 48).backend().to_string().contains("Bob"));
    app.handle_key(key(KeyCode::Char('M')));
    assert_eq!(app.queue.len(), 0);
    app.handle_key(key(KeyCode::Char('M')));
    assert!(!app.queue.is_empty());
}

/// docs/KEYS.md's key tables are the key tables: written from them, and
/// checked here (`JOBTALLY_BLESS=1` rewrites the document's tables).
#[test]
fn keys_doc_is_written_from_the_key_tables() {
    written_between_marks("docs/KEYS.md", "keys", &jobtally::tui::help::markdown());
}

/// A table narrower than its columns scrolls sideways to the current
/// column, keeps frozen columns in place, hides what the analyst hides,
/// and says on its frame what it is not drawing.
#[test]
fn tables_scroll_sideways_hide_and_freeze_columns() {
    let (_ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    app.screen = Screen::Services;
    // Freeze the service's commissioner and name, then walk right.
    app.handle_key(key(KeyCode::Right));
    app.handle_key(key(KeyCode::Char('!')));
    for _ in 0..8 {
        app.handle_key(key(KeyCode::Right));
    }
    let narrow = render(&app, 64, 24).backend().to_string();
    let header = narrow.lines().nth(2).unwrap_or_default();
    assert!(
        header.contains("Commission") && header.contains("Service"),
        "{header}"
    );
    assert!(!header.contains("Year"), "scrolled past: {header}");
    assert!(
        narrow.lines().nth(1).unwrap_or_default().contains('◀'),
        "{narrow}"
    );
    insta::assert_snapshot!("services_scrolled_frozen_64x24", narrow);
    // Hide the current column; the frame counts it; U brings it back.
    app.handle_key(key(KeyCode::Char('-')));
    let wide = render(&app, 160, 48).backend().to_string();
    assert!(wide.contains("1 hidden (U shows)"), "{wide}");
    insta::assert_snapshot!("services_hidden_160x48", wide);
    app.handle_key(key(KeyCode::Char('U')));
    assert!(
        !render(&app, 160, 48)
            .backend()
            .to_string()
            .contains("hidden")
    );
}

/// Enter opens the full call sheet (newest history first) or the file in
/// full, and the view scrolls to its end and back.
#[test]
fn enter_opens_the_call_sheet_and_the_file_full_screen() {
    let (ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    app.screen = Screen::Queue;
    let id = app.selected_anomaly().expect("an anomaly");
    let store = jobtally::store::Store::open(&ws.path("state.db")).expect("store");
    let sheet = fix_times(&jobtally::queue::call_sheet(&store, id).expect("sheet"));
    assert!(sheet.contains("History (newest first):"), "{sheet}");
    app.call_sheet = Some((id, sheet));
    app.handle_key(key(KeyCode::Enter));
    assert!(matches!(app.overlay, Some(Overlay::Detail(..))));
    insta::assert_snapshot!("call_sheet_full_80x24", render(&app, 80, 24).backend());
    app.handle_key(key(KeyCode::End));
    let end = render(&app, 160, 48).backend().to_string();
    assert!(end.contains("created"), "the history's first event: {end}");
    insta::assert_snapshot!("call_sheet_full_end_160x48", end);
    app.handle_key(key(KeyCode::Home));
    app.handle_key(key(KeyCode::Char('x')));
    assert!(app.overlay.is_none(), "any other key closes");

    app.screen = Screen::Inbox;
    app.handle_key(key(KeyCode::Enter));
    let file = render(&app, 80, 24).backend().to_string();
    assert!(
        file.contains("Fate:") && file.contains("SHA-256:"),
        "{file}"
    );
    insta::assert_snapshot!("file_full_80x24", file);
}

/// The text screens scroll: a pane that holds more than it shows says which
/// lines are on screen, `End` brings its foot into view (and no further),
/// and another screen starts at its top.
#[test]
fn text_pages_scroll_to_their_foot_and_no_further() {
    let (_ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    app.handle_key(key(KeyCode::Char('=')));
    assert_eq!(app.screen, Screen::Cohort);
    let text = |app: &App| {
        let t = render(app, 80, 24);
        let b = t.backend().buffer();
        (0..b.area.height)
            .map(|y| {
                (0..b.area.width)
                    .map(|x| b[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let top = text(&app);
    assert!(top.contains("lines 1–20 of 22"), "{top}");
    app.handle_key(key(KeyCode::End));
    let foot = text(&app);
    assert!(foot.contains("lines 3–22 of 22"), "{foot}");
    assert!(!foot.contains("age band"), "{foot}");
    insta::assert_snapshot!("cohort_80x24_at_its_foot", render(&app, 80, 24).backend());
    // Further down is nowhere: one step up moves at once.
    let end = app.page.top;
    app.handle_key(key(KeyCode::Down));
    assert_eq!(app.page.top, end);
    app.handle_key(key(KeyCode::Up));
    assert_eq!(app.page.top, end - 1);
    app.handle_key(key(KeyCode::Home));
    assert_eq!(text(&app), top);
    // Another screen starts at its top.
    app.handle_key(key(KeyCode::End));
    app.handle_key(key(KeyCode::Char('0')));
    assert_eq!(app.page.top, 0);
}

/// `i` says where a figure comes from: on Services the current column of
/// the selected service (its value and its return), on Sites the site's
/// services, on Overview the group's means with exactly the services they
/// used; screens without definitions say where to look.
#[test]
fn i_tells_where_a_figure_comes_from() {
    use jobtally::figures::{Question, Subject};
    let (ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    let explain = |action: Option<Action>| -> String {
        let Some(Action::Explain(question)) = action else {
            panic!("no explanation asked for: {action:?}");
        };
        jobtally::ops::explain(&ws.workspace(), &question).expect("explained")
    };
    // Services: on a name column, i asks for a figure's column.
    app.handle_key(key(KeyCode::Char('2')));
    assert_eq!(app.handle_key(key(KeyCode::Char('i'))), None);
    assert!(matches!(&app.activity, Activity::Failed(m) if m.contains("figure's column")));
    for _ in 0..9 {
        app.handle_key(key(KeyCode::Right));
    }
    let action = app.handle_key(key(KeyCode::Char('i')));
    let selected = app.services.selected_row().expect("a row").id.clone();
    let wanted = Question::columns(
        "services",
        &["cost_per_outcome"],
        Subject::Service(selected),
    );
    assert_eq!(action, Some(Action::Explain(wanted)));
    let text = explain(action);
    assert!(
        text.starts_with("services.cost_per_outcome: cost per job outcome"),
        "{text}"
    );
    assert!(text.contains("this service: "), "{text}");
    assert!(text.contains("from:        "), "{text}");
    // When it was received, and whether this figure was amended.
    assert!(text.contains("  received:    20"), "{text}");
    assert!(text.contains("as returned (not amended)"), "{text}");
    // The benchmark band it is held against, with its source.
    assert!(text.contains("reference:  NDTi"), "{text}");
    // Sites: the site's services, each with its file and when it came.
    app.handle_key(key(KeyCode::Char('3')));
    for _ in 0..8 {
        app.handle_key(key(KeyCode::Right));
    }
    let text = explain(app.handle_key(key(KeyCode::Char('i'))));
    assert!(text.contains("sites.pooled_cost_per_outcome"), "{text}");
    assert!(text.contains(", year 2012/13: n = "), "{text}");
    assert!(
        text.contains("            from analytics_10.csv, received 20"),
        "{text}"
    );
    // Overview: the group's means, each with its services.
    app.handle_key(key(KeyCode::Char('1')));
    let text = explain(app.handle_key(key(KeyCode::Char('i'))));
    assert!(text.contains("summary.mean_cost_per_outcome"), "{text}");
    assert!(text.contains("group all, year all: n = "), "{text}");
    assert!(text.contains("used      "), "{text}");
    // Another kind's table: the files of its returns.
    app.handle_key(key(KeyCode::Char('`')));
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Right));
    }
    let text = explain(app.handle_key(key(KeyCode::Char('i'))));
    assert!(text.starts_with("pb_by_authority.providers: "), "{text}");
    assert!(text.contains("returns behind it: "), "{text}");
    assert!(text.contains("small.csv · received 20"), "{text}");
}

/// Every screen answers `i`: on a grid, every column that shows a figure;
/// on a chart or text screen, every figure it draws; on the queue, the
/// check behind the anomaly; in the inbox, the file's record.
#[test]
fn i_explains_every_figure_on_every_screen() {
    use jobtally::figures::Question;
    let (ws, snap) = fixture_snapshot();
    let mut app = app_with(snap);
    let explain = |question: &Question| -> String {
        jobtally::ops::explain(&ws.workspace(), question).expect("explained")
    };
    for (screen, k) in Screen::ALL.iter().zip(Screen::KEYS) {
        app.handle_key(key(KeyCode::Char(k)));
        assert_eq!(app.screen, *screen);
        let mut asked = 0;
        match *screen {
            Screen::Queue => {
                let Some(Action::Explain(q @ Question::Anomaly(_))) =
                    app.handle_key(key(KeyCode::Char('i')))
                else {
                    panic!("the queue explains its anomaly");
                };
                let text = explain(&q);
                assert!(text.contains("  raised by   "), "{text}");
                assert!(text.contains("  priority:   "), "{text}");
                assert!(text.contains("the return: "), "{text}");
                asked += 1;
            }
            Screen::Inbox => {
                assert_eq!(app.handle_key(key(KeyCode::Char('i'))), None);
                assert!(
                    matches!(&app.overlay, Some(Overlay::Detail(t, body, _)) if t.starts_with("file · ") && body.contains("Received:")),
                    "{:?}",
                    app.overlay
                );
                app.handle_key(key(KeyCode::Esc));
                asked += 1;
            }
            _ if app.grid().is_some() => {
                asked += walk_grid(&mut app, &ws);
                if *screen == Screen::Budgets {
                    // An authority's providers: a grid of their own.
                    app.handle_key(key(KeyCode::Enter));
                    asked += walk_grid(&mut app, &ws);
                    app.handle_key(key(KeyCode::Esc));
                }
            }
            _ => {
                let Some(Action::Explain(q)) = app.handle_key(key(KeyCode::Char('i'))) else {
                    panic!("{screen:?}: no explanation");
                };
                check_explained(&q, &explain(&q));
                asked += 1;
            }
        }
        assert!(asked > 0, "{screen:?}");
    }
}

/// Every figure asked about is explained, with its model and the returns
/// behind it.
fn check_explained(question: &jobtally::figures::Question, text: &str) {
    let jobtally::figures::Question::Figures { figures, .. } = question else {
        return;
    };
    assert!(!figures.is_empty());
    for (table, column) in figures {
        assert!(text.contains(&format!("{table}.{column}: ")), "{text}");
    }
    assert_eq!(
        text.matches("  computed by pipelines/").count(),
        figures.len(),
        "{text}"
    );
    assert!(
        text.contains(" n = ")
            || text.contains("this service: ")
            || text.contains("returns behind it: "),
        "no returns behind {figures:?}: {text}"
    );
}

/// `i` on every column of the grid in view that shows a figure; how many.
fn walk_grid(app: &mut App, ws: &Ws) -> usize {
    use jobtally::tui::widgets::grid::Column;
    let width = app.grid().map_or(0, |g| g.columns.len());
    for _ in 0..width {
        app.handle_key(key(KeyCode::Left));
    }
    let keyed = app
        .grid()
        .map_or(0, |g| g.columns.iter().filter(|c| c.key.is_some()).count());
    assert!(keyed > 0, "{:?} has no figure columns", app.screen);
    let mut asked = 0;
    for _ in 0..width {
        if app.grid().and_then(Column::current_key).is_some() {
            let Some(Action::Explain(q)) = app.handle_key(key(KeyCode::Char('i'))) else {
                panic!("{:?}: no explanation", app.screen);
            };
            let text = jobtally::ops::explain(&ws.workspace(), &q).expect("explained");
            check_explained(&q, &text);
            asked += 1;
        }
        app.handle_key(key(KeyCode::Right));
    }
    assert_eq!(
        asked, keyed,
        "{:?}: every figure column explained",
        app.screen
    );
    asked
}
