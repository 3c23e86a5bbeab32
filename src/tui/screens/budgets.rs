//! Budgets: the providers' personal-budget survey — per authority, the
//! providers serving it, those funded by Personal Budgets and the PB users
//! they count, beside what its commissioners said in the spend survey;
//! Enter lists an authority's providers, and on a provider opens its
//! anomalies in the queue. The survey's headline figures sit beneath.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Binding, Screen};
use crate::format;
use crate::tui::app::App;
use crate::tui::data::{PbAuthority, PbProvider, pb_label};
use crate::tui::theme::Theme;
use crate::tui::widgets::grid::{Column, Grid, GridRow, SortKey, Tags};
use crate::tui::widgets::title::grid_title;

pub const KEYS: &[Binding] = &[Binding {
    keys: &[KeyCode::Enter],
    label: "Enter",
    what: "an authority's providers; a provider's anomalies",
    run: |app, _| {
        match app.pb_authority {
            None => {
                let site = app.budgets.selected_row().map(|r| r.tags.site.clone())?;
                app.pb_authority = Some(site);
                app.refresh_filters();
            }
            Some(_) => {
                let org = app.pb_providers.selected_row().map(|r| r.id.clone())?;
                app.queue.search = org;
                app.screen = Screen::Queue;
                app.refresh_filters();
            }
        }
        None
    },
}];

/// The authorities' table.
pub fn grid() -> Grid {
    Grid::new(
        vec![
            Column::text("Authority", Constraint::Fill(3)),
            Column::text("Nation", Constraint::Length(9)).optional(),
            Column::text("Year", Constraint::Length(7)),
            Column::figure("Provs", 5).of("providers"),
            Column::figure("PB", 4).of("providers_pb_yes"),
            Column::figure("Never", 5)
                .optional()
                .of("providers_never_asked"),
            Column::figure("Users", 5).of("pb_users_last_fy"),
            Column::figure("YTD", 5).optional().of("pb_users_ytd"),
            Column::text("Comm. allows", Constraint::Length(13)).of("commissioner_pb_allowed"),
            Column::text("Comm. PB use", Constraint::Length(14)).of("commissioner_pb_used"),
        ],
        Some((0, false)),
    )
}

pub fn row(a: &PbAuthority) -> GridRow {
    let users = |v: Option<f64>| format::count(v);
    GridRow {
        id: format!("{}|{}", a.authority, a.period),
        cells: vec![
            a.authority.clone(),
            pb_label(&a.nation),
            a.period.clone(),
            a.providers.to_string(),
            a.pb_yes.to_string(),
            a.never_asked.to_string(),
            users(a.users_last_fy),
            users(a.users_ytd),
            pb_label(&a.commissioner_allowed),
            pb_label(&a.commissioner_used),
        ],
        sort: vec![
            SortKey::Text(a.authority.clone()),
            SortKey::Text(a.nation.clone()),
            SortKey::Text(a.period.clone()),
            SortKey::Num(Some(a.providers as f64)),
            SortKey::Num(Some(a.pb_yes as f64)),
            SortKey::Num(Some(a.never_asked as f64)),
            SortKey::Num(a.users_last_fy),
            SortKey::Num(a.users_ytd),
            SortKey::Text(a.commissioner_allowed.clone()),
            SortKey::Text(a.commissioner_used.clone()),
        ],
        tags: Tags {
            period: a.period.clone(),
            site: a.authority.clone(),
            ..Tags::default()
        },
    }
}

/// The providers' table (one authority's, after Enter).
pub fn providers_grid() -> Grid {
    Grid::new(
        vec![
            Column::text("Provider", Constraint::Fill(3)),
            Column::text("Type", Constraint::Length(12)).optional(),
            Column::figure("People", 6).of("people_supported"),
            Column::text("PB", Constraint::Length(9)).of("pb_funding_18m"),
            Column::figure("Users", 5).of("pb_users_last_fy"),
            Column::figure("YTD", 5).optional().of("pb_users_ytd"),
            Column::figure("PB income", 9).of("pb_income_last_fy"),
            Column::figure("Per user", 8).of("income_per_user"),
            Column::text("Demand", Constraint::Length(11))
                .optional()
                .of("pb_demand_18m"),
        ],
        Some((0, false)),
    )
}

pub fn provider_row(p: &PbProvider) -> GridRow {
    let income = if p.income.is_some() {
        format::money(p.income)
    } else {
        pb_label(&p.income_band)
    };
    GridRow {
        id: p.org_name.clone(),
        cells: vec![
            p.org_name.clone(),
            pb_label(&p.org_type),
            format::count(p.people),
            pb_label(&p.pb_funding),
            format::count(p.users_last_fy),
            format::count(p.users_ytd),
            income,
            format::money(p.income_per_user),
            pb_label(&p.demand),
        ],
        sort: vec![
            SortKey::Text(p.org_name.clone()),
            SortKey::Text(p.org_type.clone()),
            SortKey::Num(p.people),
            SortKey::Text(p.pb_funding.clone()),
            SortKey::Num(p.users_last_fy),
            SortKey::Num(p.users_ytd),
            SortKey::Num(p.income),
            SortKey::Num(p.income_per_user),
            SortKey::Text(p.demand.clone()),
        ],
        tags: Tags {
            period: p.period.clone(),
            // Every authority it serves, so a drill-down finds it by any.
            site: p.authorities.clone(),
            ..Tags::default()
        },
    }
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let pb = &app.snapshot.pb;
    let lines: Vec<Line> = if pb.lines.is_empty() {
        vec![Line::from(
            "No provider personal-budget survey responses yet: drop the survey export into the inbox (`jobtally template --kind provider_pb` for phone and paper responses).",
        )]
    } else {
        pb.lines.iter().map(|l| Line::from(l.clone())).collect()
    };
    let height = (lines.len() as u16 + 2).min(area.height / 2).max(3);
    let [top, bottom] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(height)]).areas(area);
    match &app.pb_authority {
        None => {
            let title = grid_title(
                app,
                "authorities served (Enter: its providers)",
                &app.budgets,
            );
            app.budgets.render(top, frame.buffer_mut(), &title, theme);
        }
        Some(authority) => {
            let title = grid_title(
                app,
                &format!("providers in {authority} (Enter: anomalies · Esc: back)"),
                &app.pb_providers,
            );
            app.pb_providers
                .render(top, frame.buffer_mut(), &title, theme);
        }
    }
    let survey = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" provider personal-budget survey "));
    frame.render_widget(survey, bottom);
}
