//! Services: every service return in the year and group, one row each.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

use super::Binding;
use crate::format;
use crate::tui::app::{Action, App};
use crate::tui::theme::Theme;
use crate::tui::widgets::grid::{Column, Grid, GridRow, SortKey, Tags};
use crate::tui::widgets::title::grid_title;

pub const KEYS: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Enter],
        label: "Enter",
        what: "the service in detail",
        run: |app, _| {
            app.services
                .selected_row()
                .map(|r| Action::LoadDetail(r.id.clone()))
        },
    },
    Binding {
        keys: &[KeyCode::Char('f')],
        label: "f",
        what: "only services with open anomalies",
        run: |app, _| {
            app.only_open = !app.only_open;
            app.refresh_filters();
            None
        },
    },
    super::DEMO,
];

/// The screen's table: its columns and first sort.
pub fn grid() -> Grid {
    Grid::new(
        vec![
            Column::text("Commissioner", Constraint::Fill(3)),
            Column::text("Service", Constraint::Fill(4)),
            Column::text("Year", Constraint::Length(7)),
            Column::text("Grp", Constraint::Length(5)),
            Column::figure("People", 6).optional().of("people_total"),
            Column::figure("Jobs", 5).of("outcomes_total"),
            Column::figure("Cost", 10).optional().of("total_cost"),
            Column::figure("£/person", 8).of("cost_per_person"),
            Column::figure("Rate", 5).of("outcome_rate"),
            Column::figure("£/job", 8).of("cost_per_outcome"),
            Column::figure("Open", 4).of("open_anomalies"),
        ],
        Some((0, false)),
    )
}

pub fn row(s: &crate::tui::data::Service) -> GridRow {
    GridRow {
        id: s.key.clone(),
        cells: vec![
            s.commissioner.clone(),
            s.service_name.clone(),
            s.period.clone(),
            if s.group.is_empty() {
                format::NULL.into()
            } else {
                s.group.clone()
            },
            format::count(s.people),
            format::count(s.outcomes),
            format::money(s.cost),
            format::money(s.cost_per_person),
            format::rate(s.outcome_rate),
            format::money(s.cost_per_outcome),
            if s.open_anomalies > 0 {
                s.open_anomalies.to_string()
            } else {
                String::new()
            },
        ],
        sort: vec![
            SortKey::Text(s.commissioner.clone()),
            SortKey::Text(s.service_name.clone()),
            SortKey::Text(s.period.clone()),
            SortKey::Text(s.group.clone()),
            SortKey::Num(s.people),
            SortKey::Num(s.outcomes),
            SortKey::Num(s.cost),
            SortKey::Num(s.cost_per_person),
            SortKey::Num(s.outcome_rate),
            SortKey::Num(s.cost_per_outcome),
            SortKey::Num(Some(s.open_anomalies as f64)),
        ],
        tags: Tags {
            period: s.period.clone(),
            group: s.group.clone(),
            site: s.site.clone(),
            evidence: s.evidence_based,
            open: s.open_anomalies,
            ..Tags::default()
        },
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if app.snapshot.services.is_empty() {
        return crate::tui::widgets::empty::draw(frame, app, area);
    }
    let title = grid_title(app, "services", &app.services);
    app.services.render(area, frame.buffer_mut(), &title, theme)
}
