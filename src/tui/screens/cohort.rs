//! Cohort: the cohorts' balance at baseline and their employment outcomes.

use super::Binding;
use crate::tui::app::Action;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub const KEYS: &[Binding] = &[Binding {
    keys: &[KeyCode::Enter],
    label: "Enter",
    what: "next site (then all sites)",
    run: next_site,
}];

/// Drill down: each site in turn, then all sites again.
fn next_site(app: &mut App, _: KeyCode) -> Option<Action> {
    let mut sites: Vec<&str> = app
        .snapshot
        .people
        .profile
        .iter()
        .map(|r| r.site.as_str())
        .filter(|s| *s != "all")
        .collect();
    sites.sort();
    sites.dedup();
    let next = match &app.cohort_site {
        None => sites.first(),
        Some(cur) => sites.iter().skip_while(|s| *s != cur).nth(1),
    };
    app.cohort_site = next.map(|s| s.to_string());
    None
}

use crate::format;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::widgets::page;

/// Cohort: how the cohorts compare at baseline (n and the percentage of
/// answers given, or of people with any need) and their employment
/// outcomes.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let p = &app.snapshot.people;
    let site = app.cohort_site.as_deref().unwrap_or("all");
    let mut lines: Vec<Line> = Vec::new();
    if p.profile.is_empty() {
        lines.push(Line::from("No person records yet."));
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "  {:<34}{:>18}{:>18}{:>18}",
                format!(
                    "baseline, {}",
                    if site == "all" { "all sites" } else { site }
                ),
                "jobs first",
                "comparison",
                "all"
            ),
            theme.header(),
        )));
        let pct = format::pct;
        let mut last_field = "";
        let find = |cohort: &str, field: &str, category: &str| {
            p.profile.iter().find(|r| {
                r.cohort == cohort && r.site == site && r.field == field && r.category == category
            })
        };
        for row in p
            .profile
            .iter()
            .filter(|r| r.cohort == "all" && r.site == site)
        {
            let (field, category) = (row.field.as_str(), row.category.as_str());
            let cell = |cohort: &str| {
                find(cohort, field, category)
                    .map(|r| {
                        // A need's share is of people with any need; other
                        // shares are of the answers given (not known
                        // included), as the report's tables count them.
                        let share = r.pct_any.or(r.pct_recorded);
                        if category == "missing" {
                            r.n.to_string()
                        } else {
                            format!("{} {}", r.n, pct(share))
                        }
                    })
                    .unwrap_or_default()
            };
            // Categories nobody is in are left out of the screen (not the table).
            let empty = |cohort: &str| find(cohort, field, category).is_none_or(|r| r.n == 0);
            if empty("jobs_first") && empty("comparison") {
                continue;
            }
            let label = if field != last_field {
                last_field = field;
                format!("{} · {}", format::label(field), format::label(category))
            } else {
                format!("  {}", format::label(category))
            };
            lines.push(Line::from(format!(
                "  {:<34}{:>18}{:>18}{:>18}",
                format::clip(&label, 33),
                cell("jobs_first"),
                cell("comparison"),
                cell("all")
            )));
        }
        lines.extend(outcomes(p, site, theme));
    }
    page::draw(
        frame,
        lines,
        " cohorts: balance at baseline (n, % of answers given; needs: % of those with any) and outcomes "
            .into(),
        false,
        &app.page,
        area,
    );
}

/// The cohorts' employment at baseline and follow-up, for `site`.
fn outcomes<'a>(p: &'a crate::tui::data::PeopleData, site: &str, theme: &Theme) -> Vec<Line<'a>> {
    let pct = format::pct;
    let mut lines = Vec::new();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!(
            "  {:<34}{:>10}{:>11}{:>10}{:>10}{:>11}{:>8}",
            "employment", "baseline", "follow-up", "paid (B)", "paid (F)", "into paid", "hours"
        ),
        theme.header(),
    )));
    for o in p.outcomes.iter().filter(|o| o.site == site) {
        lines.push(Line::from(format!(
            "  {:<34}{:>10}{:>11}{:>10}{:>10}{:>11}{:>8}",
            format!(
                "{} · {}",
                format::label(&o.cohort),
                format::clip(&o.site, 18)
            ),
            o.n_baseline,
            o.n_follow_up,
            pct(o.pct_paid_baseline),
            pct(o.pct_paid_follow_up),
            pct(o.pct_into_paid),
            o.mean_hours.map_or("–".into(), |h| format!("{h:.1}"))
        )));
    }
    lines
}
