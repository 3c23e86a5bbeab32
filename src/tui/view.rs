//! Rendering: pure functions of the [`App`] state. Nothing here reads a
//! file or the database.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{Activity, App, Overlay, Screen, WatchState};
use super::screens;
use super::theme::Theme;
use super::widgets::overlay;

const MIN_WIDTH: u16 = 60;
const MIN_HEIGHT: u16 = 12;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(format!(
            "Please enlarge the window (at least {MIN_WIDTH} x {MIN_HEIGHT}; now {} x {}).",
            area.width, area.height
        ))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
        frame.render_widget(msg, area);
        return;
    }
    let [top, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(tabs(app, theme, top.width), top);
    // The page's reach is measured afresh by the panes drawn below.
    app.page.max.set(0);
    app.screen.draw(frame, app, theme, body);
    frame.render_widget(footer_line(app, theme), footer);
    match &app.overlay {
        Some(Overlay::Help) => overlay::draw_help(frame, app, body),
        Some(Overlay::Detail(title, text, scroll)) => {
            overlay::draw_detail(frame, title, text, *scroll, body)
        }
        None => {}
    }
}

fn tabs(app: &App, theme: &Theme, width: u16) -> Line<'static> {
    let watch = match app.watch {
        WatchState::ThisUi => Span::styled("◉ watching", theme.accent()),
        WatchState::Other(pid) => Span::styled(format!("◎ PID {pid} watches"), theme.dim()),
        WatchState::Nobody => Span::styled("⚠ no watcher", theme.error()),
    };
    let year = Span::styled(
        format!(" year {} · group {}", app.period_key(), app.group()),
        theme.accent(),
    );
    // Tab titles as long as leave room for who watches and the year: in
    // full, or their first three or two letters.
    let label = |i: usize, letters: Option<usize>| {
        // The key that opens it, not its position: 0, = and ` follow 9.
        let (key, title) = (Screen::KEYS[i], Screen::ALL[i].title());
        match letters {
            None => format!("{key} {title}"),
            Some(n) => format!("{key}{}", title.chars().take(n).collect::<String>()),
        }
    };
    let needed = |letters| {
        let tabs: usize = (0..Screen::ALL.len())
            .map(|i| label(i, letters).chars().count() + 1)
            .sum();
        10 + tabs + watch.width() + year.width()
    };
    let letters = [None, Some(3)]
        .into_iter()
        .find(|&l| needed(l) <= width as usize)
        .unwrap_or(Some(2));
    let mut spans = vec![Span::styled(" jobtally ", theme.title())];
    for (i, s) in Screen::ALL.iter().enumerate() {
        let style = if *s == app.screen {
            theme.selected().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        spans.push(Span::styled(label(i, letters), style));
        spans.push(Span::raw(" "));
    }
    spans.push(watch);
    spans.push(year);
    Line::from(spans)
}

fn footer_line(app: &App, theme: &Theme) -> Line<'static> {
    if let Some(p) = &app.prompt {
        let mut spans = vec![
            Span::styled(format!(" {}: ", p.label()), theme.header()),
            Span::raw(format!("{}█", p.input)),
            Span::styled("  Enter: ok · Esc: cancel", theme.dim()),
        ];
        if let Some(e) = &p.error {
            spans.push(Span::styled(format!("  {e}"), theme.error()));
        }
        return Line::from(spans);
    }
    if app.searching {
        return Line::from(vec![
            Span::styled(" search: ", theme.header()),
            Span::raw(format!("{}█", current_search(app))),
            Span::styled("  Enter: keep · Esc: clear", theme.dim()),
        ]);
    }
    let state = match &app.activity {
        Activity::Idle => match (&app.note, &app.last_run) {
            (Some(note), _) => note.clone(),
            (None, Some(run)) => run.clone(),
            (None, None) => "no run yet".into(),
        },
        Activity::Working(what) => format!("working: {what}…"),
        Activity::Failed(why) => format!("failed: {why}"),
    };
    let style = match app.activity {
        Activity::Failed(_) => theme.error(),
        _ => Style::new(),
    };
    let keys: Vec<String> = screens::footer(app.screen)
        .iter()
        .map(|(k, what)| format!("{k} {what}"))
        .collect();
    Line::from(vec![
        Span::styled(format!(" {state} "), style),
        Span::styled(format!("· {}", keys.join(" · ")), theme.dim()),
    ])
}

fn current_search(app: &App) -> String {
    app.grid().map(|g| g.search.clone()).unwrap_or_default()
}
