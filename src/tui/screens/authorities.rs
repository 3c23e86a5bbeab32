//! Authorities: what each authority reported spending (the commissioner
//! survey) against its services' returns.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Binding;
use crate::format;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::widgets::grid::{Column, Grid, GridRow, SortKey, Tags};
use crate::tui::widgets::title::grid_title;

pub const KEYS: &[Binding] = &[Binding {
    keys: &[KeyCode::Enter],
    label: "Enter",
    what: "the authority's services",
    run: |app, _| {
        // Drill down: the authority's services.
        let site = app
            .authorities
            .selected_row()
            .map(|r| r.tags.site.clone())?;
        app.drill_into_services(site);
        None
    },
}];

/// The screen's table: its columns and first sort.
pub fn grid() -> Grid {
    Grid::new(
        vec![
            Column::text("Authority", Constraint::Fill(3)),
            Column::text("Region", Constraint::Fill(2)).optional(),
            Column::text("Year", Constraint::Length(7)),
            Column::figure("Spend", 10).of("reported_spend"),
            Column::text("Acc", Constraint::Length(8))
                .optional()
                .of("spend_accuracy"),
            Column::figure("Resp", 4).of("responses"),
            Column::figure("Svcs", 4).of("services"),
            Column::figure("Svc cost", 10)
                .optional()
                .of("services_cost"),
            Column::figure("Cover", 6).of("coverage_pct"),
            Column::figure("Jobs", 5).of("outcomes_total"),
            Column::figure("Spend/job", 9).of("spend_per_outcome"),
            Column::text("", Constraint::Length(8)).of("disagree"),
        ],
        Some((0, false)),
    )
}

pub fn row(a: &crate::tui::data::AuthorityValue) -> GridRow {
    let flag = if a.disagree { "disagree" } else { "" };
    GridRow {
        id: format!("{}|{}", a.authority, a.period),
        cells: vec![
            a.authority.clone(),
            a.region.clone(),
            a.period.clone(),
            format::money(a.reported_spend),
            a.accuracy.clone(),
            a.responses.to_string(),
            a.services.to_string(),
            format::money(a.services_cost),
            format::pct(a.coverage_pct),
            format::count(a.outcomes),
            format::money(a.spend_per_outcome),
            flag.to_string(),
        ],
        sort: vec![
            SortKey::Text(a.authority.clone()),
            SortKey::Text(a.region.clone()),
            SortKey::Text(a.period.clone()),
            SortKey::Num(a.reported_spend),
            SortKey::Text(a.accuracy.clone()),
            SortKey::Num(Some(a.responses as f64)),
            SortKey::Num(Some(a.services as f64)),
            SortKey::Num(a.services_cost),
            SortKey::Num(a.coverage_pct),
            SortKey::Num(a.outcomes),
            SortKey::Num(a.spend_per_outcome),
            SortKey::Text(flag.to_string()),
        ],
        tags: Tags {
            period: a.period.clone(),
            site: a.authority.clone(),
            ..Tags::default()
        },
    }
}

/// Authorities: reported spend against the services' returns, with the
/// survey's headline tables beneath.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lines: Vec<Line> = if app.snapshot.survey.is_empty() {
        vec![Line::from(
            "No commissioner survey responses yet: drop the survey export or forms into the inbox (`jobtally template --kind commissioner`).",
        )]
    } else {
        app.snapshot
            .survey
            .iter()
            .map(|l| Line::from(l.clone()))
            .collect()
    };
    let height = (lines.len() as u16 + 2).min(area.height / 2).max(3);
    let [top, bottom] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(height)]).areas(area);
    let title = grid_title(app, "authorities (Enter: their services)", &app.authorities);
    app.authorities
        .render(top, frame.buffer_mut(), &title, theme);
    let survey = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" commissioner survey "));
    frame.render_widget(survey, bottom);
}
