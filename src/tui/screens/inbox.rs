//! Inbox: what is waiting, what was left alone, and every file received.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Binding;
use crate::format;
use crate::ingest::Severity;
use crate::ops::FileOutcome;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::widgets::grid::{Column, Grid, GridRow, SortKey, Tags};

pub const KEYS: &[Binding] = &[Binding {
    keys: &[KeyCode::Enter],
    label: "Enter",
    what: "the file in full: fate, why, how it was read, where it is kept",
    run: |app, _| app.show_file(),
}];

impl App {
    /// The selected file in full (Enter, and `i`: a file is its own
    /// provenance).
    pub(crate) fn show_file(&mut self) -> Option<crate::tui::app::Action> {
        let id = self.inbox_grid.selected_row()?.id.clone();
        let f = self
            .snapshot
            .files
            .iter()
            .find(|f| f.id.to_string() == id)?;
        let text = file_view(f);
        self.set_detail(format!("file · {}", format::sanitise(&f.name)), text);
        None
    }
}

/// Everything the ledger knows of one file, for the full-screen view.
fn file_view(f: &crate::ops::FileRecord) -> String {
    let mut lines = vec![
        format!("File:      {}", format::sanitise(&f.name)),
        format!("Received:  {}", f.received_at),
        format!("Fate:      {}", f.outcome.as_str()),
        format!("Size:      {} bytes", f.size),
        format!("SHA-256:   {}", f.sha256),
        format!("Kept at:   {}", format::sanitise(&f.dest_path)),
    ];
    if let Some(layout) = &f.layout {
        lines.push(format!("Layout:    {}", format::sanitise(layout)));
    }
    if let Some(read_as) = &f.read_as {
        lines.push(format!(
            "\nHow it was read:\n  {}",
            format::sanitise(read_as)
        ));
    }
    if let Some(reason) = &f.reason {
        lines.push(format!(
            "\nWhy it was not taken:\n  {}",
            format::sanitise(reason)
        ));
    }
    if let Some(of) = f.duplicate_of {
        lines.push(format!("\nThe same bytes as file {of}, received earlier."));
    }
    lines.join("\n")
}

/// The screen's table: its columns and first sort.
pub fn grid() -> Grid {
    Grid::new(
        vec![
            Column::text("Received", Constraint::Length(20)),
            Column::text("File", Constraint::Fill(3)),
            Column::text("Fate", Constraint::Length(9)),
            Column::text("Read as", Constraint::Length(15)),
            Column::text("Why", Constraint::Fill(4)),
        ],
        Some((0, true)),
    )
}

/// What kind and layout a file was read as, and why: for an accepted file
/// the kind's score from its recognition line ("14 of its columns
/// recognised (others: service returns 2)"), for any other the reason it
/// was not read.
fn read_as(f: &crate::ops::FileRecord) -> (String, String) {
    let layout = f.layout.clone().unwrap_or_default();
    if let Some(reason) = &f.reason {
        return (layout, reason.clone());
    }
    let why = match f.read_as.as_deref().and_then(|l| l.split_once(" — ")) {
        Some((kind, score)) => format!("{} — {score}", kind.trim_start_matches("read as ")),
        None => f.read_as.clone().unwrap_or_else(|| f.dest_path.clone()),
    };
    (layout, why)
}

pub fn row(f: &crate::ops::FileRecord) -> GridRow {
    let fate = f.outcome.as_str().to_string();
    let (layout, detail) = read_as(f);
    GridRow {
        id: f.id.to_string(),
        cells: vec![
            f.received_at
                .replace('T', " ")
                .trim_end_matches('Z')
                .to_string(),
            format::sanitise(&f.name),
            fate.clone(),
            format::sanitise(&layout),
            format::sanitise(&detail),
        ],
        sort: vec![
            SortKey::Num(Some(f.id as f64)),
            SortKey::Text(f.name.clone()),
            SortKey::Text(fate.clone()),
            SortKey::Text(layout),
            SortKey::Text(detail),
        ],
        tags: Tags {
            severity: (f.outcome == FileOutcome::Rejected).then_some(Severity::Warning),
            ..Tags::default()
        },
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [top, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let waiting = &app.snapshot.inbox_waiting;
    let ignored = &app.snapshot.inbox_ignored;
    let line = format!(
        "waiting in the inbox: {}{} · left alone: {}{}",
        waiting.len(),
        if waiting.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                waiting
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        ignored.len(),
        if ignored.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                ignored
                    .iter()
                    .take(3)
                    .map(|(n, w)| format!("{n}: {w}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    frame.render_widget(
        Paragraph::new(line)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(" {} ", app.inbox))),
        top,
    );
    let title = format!(
        " {} files received (most recent first) ",
        app.inbox_grid.total()
    );
    app.inbox_grid
        .render(list, frame.buffer_mut(), &title, theme);
}
