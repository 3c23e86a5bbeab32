//! Sites: the services' figures summed per commissioning site and year,
//! and what each site's money could buy: the extra job outcomes at the
//! "aim for" band's high end and at the best quarter of all services
//! (`opportunity`; "ahead n" when the site already does better).

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

use super::Binding;
use crate::format;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::widgets::grid::{Column, Grid, GridRow, SortKey, Tags};
use crate::tui::widgets::title::grid_title;

pub const KEYS: &[Binding] = &[Binding {
    keys: &[KeyCode::Enter],
    label: "Enter",
    what: "the site's services",
    run: |app, _| {
        // Drill down: the site's services.
        let site = app.sites.selected_row().map(|r| r.tags.site.clone())?;
        app.drill_into_services(site);
        None
    },
}];

/// The screen's table: its columns and first sort.
pub fn grid() -> Grid {
    Grid::new(
        vec![
            Column::text("Commissioner", Constraint::Fill(3)),
            Column::text("Region", Constraint::Fill(2)).optional(),
            Column::text("Year", Constraint::Length(7)),
            Column::figure("Svcs", 4).of("services"),
            Column::figure("People", 6).optional().of("people_total"),
            Column::figure("Jobs", 5).of("outcomes_total"),
            Column::figure("£/person", 8).of("pooled_cost_per_person"),
            Column::figure("Rate", 5).of("pooled_outcome_rate"),
            Column::figure("£/job", 8).of("pooled_cost_per_outcome"),
            Column::figure("+Jobs aim", 9)
                .optional()
                .of("opportunity.extra_outcomes"),
            Column::figure("+Jobs best¼", 11)
                .optional()
                .of("opportunity.extra_outcomes"),
            Column::figure("Open", 4).of("open_anomalies"),
        ],
        Some((0, false)),
    )
}

pub fn row(s: &crate::tui::data::Site) -> GridRow {
    GridRow {
        id: format!("{}|{}", s.commissioner, s.period),
        cells: vec![
            s.commissioner.clone(),
            s.region.clone(),
            s.period.clone(),
            s.services.to_string(),
            format::count(s.people),
            format::count(s.outcomes),
            format::money(s.cost_per_person),
            format::rate(s.outcome_rate),
            format::money(s.cost_per_outcome),
            format::extra_jobs(s.extra_at_aim),
            format::extra_jobs(s.extra_at_best),
            if s.open_anomalies > 0 {
                s.open_anomalies.to_string()
            } else {
                String::new()
            },
        ],
        sort: vec![
            SortKey::Text(s.commissioner.clone()),
            SortKey::Text(s.region.clone()),
            SortKey::Text(s.period.clone()),
            SortKey::Num(Some(s.services as f64)),
            SortKey::Num(s.people),
            SortKey::Num(s.outcomes),
            SortKey::Num(s.cost_per_person),
            SortKey::Num(s.outcome_rate),
            SortKey::Num(s.cost_per_outcome),
            SortKey::Num(s.extra_at_aim),
            SortKey::Num(s.extra_at_best),
            SortKey::Num(Some(s.open_anomalies as f64)),
        ],
        tags: Tags {
            period: s.period.clone(),
            site: s.commissioner.clone(),
            open: s.open_anomalies,
            ..Tags::default()
        },
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let title = grid_title(app, "sites (Enter: their services)", &app.sites);
    app.sites.render(area, frame.buffer_mut(), &title, theme)
}
