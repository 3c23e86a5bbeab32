//! Queue: the anomalies to follow up, with the selected one's call sheet.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Binding;
use crate::format;
use crate::ingest::Severity;
use crate::ops::Status;
use crate::tui::app::{Action, App, Prompt, PromptKind};
use crate::tui::theme::Theme;
use crate::tui::widgets::grid::{Column, Grid, GridRow, SortKey, Tags};

/// Which anomalies the Queue lists: a status (or all still needing
/// attention) and a severity (or the calls: errors and warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueueFilter {
    status: StatusFilter,
    severity: SeverityFilter,
    /// Only the rows assigned to this operator.
    mine: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum StatusFilter {
    /// Open, contacted or awaiting data.
    #[default]
    Active,
    Is(Status),
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum SeverityFilter {
    /// Errors and warnings: what needs a phone call.
    #[default]
    Calls,
    All,
    Is(Severity),
}

impl StatusFilter {
    /// In the order `f` steps through them.
    const ORDER: [StatusFilter; 8] = [
        StatusFilter::Active,
        StatusFilter::Is(Status::Open),
        StatusFilter::Is(Status::Contacted),
        StatusFilter::Is(Status::AwaitingData),
        StatusFilter::Is(Status::ResolvedConfirmed),
        StatusFilter::Is(Status::ResolvedCorrected),
        StatusFilter::Is(Status::Dismissed),
        StatusFilter::All,
    ];

    fn label(self) -> &'static str {
        match self {
            StatusFilter::Active => "active",
            StatusFilter::Is(s) => s.as_str(),
            StatusFilter::All => "all",
        }
    }

    fn admits(self, status: Option<Status>) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Active => status.is_some_and(Status::is_active),
            StatusFilter::Is(s) => status == Some(s),
        }
    }
}

impl SeverityFilter {
    /// In the order `v` steps through them.
    const ORDER: [SeverityFilter; 5] = [
        SeverityFilter::Calls,
        SeverityFilter::All,
        SeverityFilter::Is(Severity::Error),
        SeverityFilter::Is(Severity::Warning),
        SeverityFilter::Is(Severity::Info),
    ];

    fn label(self) -> &'static str {
        match self {
            SeverityFilter::Calls => "calls",
            SeverityFilter::All => "all",
            SeverityFilter::Is(s) => s.as_str(),
        }
    }

    fn admits(self, severity: Option<Severity>) -> bool {
        match self {
            SeverityFilter::All => true,
            SeverityFilter::Calls => severity != Some(Severity::Info),
            SeverityFilter::Is(s) => severity == Some(s),
        }
    }
}

/// The next value after `now` in `order`, round again at the end.
fn next_in<T: Copy + PartialEq>(order: &[T], now: T) -> T {
    let i = order.iter().position(|x| *x == now).unwrap_or(0);
    order[(i + 1) % order.len()]
}

impl QueueFilter {
    pub fn status_label(&self) -> &'static str {
        self.status.label()
    }

    pub fn severity_label(&self) -> &'static str {
        self.severity.label()
    }

    pub fn next_status(&mut self) {
        self.status = next_in(&StatusFilter::ORDER, self.status);
    }

    pub fn next_severity(&mut self) {
        self.severity = next_in(&SeverityFilter::ORDER, self.severity);
    }

    pub fn toggle_mine(&mut self) {
        self.mine = !self.mine;
    }

    pub fn mine(&self) -> bool {
        self.mine
    }

    /// The grid filter: these statuses and severities, in the year
    /// selected, and only `operator`'s rows when "mine" is on.
    pub fn matcher(
        self,
        period: Option<String>,
        operator: Option<String>,
    ) -> Box<dyn Fn(&Tags) -> bool> {
        Box::new(move |t: &Tags| {
            self.status.admits(t.status)
                && self.severity.admits(t.severity)
                && period.as_ref().is_none_or(|p| &t.period == p)
                && (!self.mine || (t.assignee.is_some() && t.assignee == operator))
        })
    }
}

/// A status change to the selected anomaly.
fn set(app: &App, status: Status) -> Option<Action> {
    app.selected_anomaly()
        .map(|id| Action::SetStatus { id, status })
}

pub const KEYS: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Char('c')],
        label: "c",
        what: "mark contacted",
        run: |app, _| set(app, Status::Contacted),
    },
    Binding {
        keys: &[KeyCode::Char('w')],
        label: "w",
        what: "awaiting data",
        run: |app, _| set(app, Status::AwaitingData),
    },
    Binding {
        keys: &[KeyCode::Char('r')],
        label: "r",
        what: "resolved: confirmed as correct",
        run: |app, _| set(app, Status::ResolvedConfirmed),
    },
    Binding {
        keys: &[KeyCode::Char('x')],
        label: "x",
        what: "dismiss",
        run: |app, _| set(app, Status::Dismissed),
    },
    Binding {
        keys: &[KeyCode::Char('o')],
        label: "o",
        what: "reopen",
        run: |app, _| set(app, Status::Open),
    },
    Binding {
        keys: &[KeyCode::Char('n')],
        label: "n",
        what: "add a note",
        run: |app, _| {
            app.prompt = app.selected_anomaly().map(|id| Prompt {
                kind: PromptKind::Note(id),
                input: String::new(),
                error: None,
            });
            None
        },
    },
    Binding {
        keys: &[KeyCode::Char('a')],
        label: "a",
        what: "amend a figure",
        run: start_amendment,
    },
    Binding {
        keys: &[KeyCode::Char('m')],
        label: "m",
        what: "assign to me",
        run: |app, _| {
            let row = app.queue.selected_row()?;
            let id = row.id.parse().ok()?;
            match &row.tags.assignee {
                // Someone else's: ask before taking it.
                Some(other) if Some(other) != app.operator.as_ref() => {
                    app.prompt = Some(Prompt {
                        kind: PromptKind::TakeOver {
                            id,
                            from: other.clone(),
                        },
                        input: String::new(),
                        error: None,
                    });
                    None
                }
                _ => Some(Action::AssignMe { id }),
            }
        },
    },
    Binding {
        keys: &[KeyCode::Char('M')],
        label: "M",
        what: "only mine / everyone's",
        run: |app, _| {
            app.queue_filter.toggle_mine();
            app.refresh_filters();
            None
        },
    },
    Binding {
        keys: &[KeyCode::Char('f'), KeyCode::Char('v')],
        label: "f / v",
        what: "filter by status / severity (calls = errors and warnings)",
        run: |app, code| {
            if code == KeyCode::Char('f') {
                app.queue_filter.next_status();
            } else {
                app.queue_filter.next_severity();
            }
            app.refresh_filters();
            None
        },
    },
    Binding {
        keys: &[KeyCode::Enter],
        label: "Enter",
        what: "the call sheet full screen (↑↓ PgUp PgDn scroll)",
        run: |app, _| {
            let id = app.selected_anomaly()?;
            match &app.call_sheet {
                Some((shown, text)) if *shown == id => {
                    app.set_detail(format!("call sheet · anomaly {id}"), text.clone());
                    None
                }
                _ => Some(Action::LoadCallSheet(id)),
            }
        },
    },
];

/// An amendment starts from the field the anomaly is about, when it is a
/// figure of the return.
fn start_amendment(app: &mut App, _: KeyCode) -> Option<Action> {
    let field = app
        .queue
        .selected_row()
        .map(|r| r.tags.group.clone())
        .unwrap_or_default();
    app.prompt = app.selected_anomaly().map(|id| Prompt {
        kind: PromptKind::AmendField(id),
        input: if crate::tui::keys::is_figure(&field) {
            field
        } else {
            String::new()
        },
        error: None,
    });
    None
}

/// The screen's table: its columns and first sort.
pub fn grid() -> Grid {
    Grid::new(
        vec![
            Column::figure("Id", 5),
            Column::text("Sev", Constraint::Length(7)),
            Column::text("Status", Constraint::Length(13)),
            Column::figure("Prio", 5).optional(),
            Column::text("Who", Constraint::Length(10)),
            Column::text("Service", Constraint::Fill(2)),
            Column::text("Question", Constraint::Fill(3)),
        ],
        Some((3, true)),
    )
}

/// Where a severity comes in triage: errors first.
fn triage(severity: Severity) -> f64 {
    match severity {
        Severity::Error => 0.0,
        Severity::Warning => 1.0,
        Severity::Info => 2.0,
    }
}

pub fn row(a: &crate::ops::Anomaly) -> GridRow {
    let service = format!(
        "{} / {}",
        a.commissioner.as_deref().unwrap_or("?"),
        a.service_name.as_deref().unwrap_or("?")
    );
    GridRow {
        id: a.id.to_string(),
        cells: vec![
            a.id.to_string(),
            a.severity.as_str().to_string(),
            format::label(a.status.as_str()),
            format!("{:.0}", a.priority),
            format::sanitise(a.assignee.as_deref().unwrap_or("")),
            format::sanitise(&service),
            crate::kinds::labels::readable(&format::sanitise(&a.message)),
        ],
        sort: vec![
            SortKey::Num(Some(a.id as f64)),
            SortKey::Num(Some(triage(a.severity))),
            SortKey::Text(a.status.as_str().to_string()),
            // Errors, then warnings, then info; by priority within each,
            // as the command line lists them.
            SortKey::Num(Some((3.0 - triage(a.severity)) * 1e12 + a.priority)),
            SortKey::Text(a.assignee.clone().unwrap_or_default()),
            SortKey::Text(service),
            SortKey::Text(a.message.clone()),
        ],
        tags: Tags {
            period: a.period.clone().unwrap_or_default(),
            // The field rides in `group` so an amendment can start from it.
            group: a.field.clone(),
            site: a.commissioner.clone().unwrap_or_default(),
            status: Some(a.status),
            severity: Some(a.severity),
            assignee: a.assignee.clone(),
            ..Tags::default()
        },
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let wide = area.width >= 130;
    let [list, sheet] = if wide {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    };
    let title = format!(
        " {} of {} anomalies · status {} · severity {} (f, v to change){}{}",
        app.queue.len(),
        app.queue.total(),
        app.queue_filter.status_label(),
        app.queue_filter.severity_label(),
        if app.queue_filter.mine() {
            format!(
                " · {}'s only (M)",
                app.operator.as_deref().unwrap_or("yours")
            )
        } else {
            String::new()
        },
        if app.queue.search.is_empty() {
            String::new()
        } else {
            format!(" · search \"{}\"", app.queue.search)
        }
    );
    app.queue
        .render(list, frame.buffer_mut(), &format!("{title} "), theme);
    let selected = app.selected_anomaly();
    let text = match (&app.call_sheet, selected) {
        (Some((id, text)), Some(sel)) if *id == sel => text.clone(),
        (_, Some(_)) => "loading the call sheet…".into(),
        _ => "No anomaly selected.".into(),
    };
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" call sheet ")),
        sheet,
    );
}
