//! Overview: the group's headline figures, its per-100 bar and the counts.

use super::Binding;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub const KEYS: &[Binding] = &[super::DEMO];

use crate::format;
use crate::ingest::Severity;
use crate::tui::app::App;
use crate::tui::data::{GroupSummary, Headline, Per100Method};
use crate::tui::theme::Theme;
use crate::tui::widgets::bars::{legend, per100_bar};

fn summary_for(app: &App) -> Option<&GroupSummary> {
    app.snapshot
        .summary
        .iter()
        .find(|s| s.group == app.group() && s.period == app.period_key())
}

fn band_text(app: &App, metric: &str) -> String {
    let group = app.group();
    app.snapshot
        .bands
        .iter()
        .filter(|b| b.metric == metric && b.applies_to(group))
        .map(|b| {
            let f = |v: Option<f64>| match metric {
                "outcome_rate" => format::rate(v),
                _ => format::money(v),
            };
            match (b.low, b.high) {
                (Some(l), Some(h)) => format!("{}-{}", f(Some(l)), f(Some(h))),
                (Some(l), None) => format!("≥ {}", f(Some(l))),
                (None, Some(h)) => format!("≤ {}", f(Some(h))),
                _ => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if app.snapshot.services.is_empty() {
        return crate::tui::widgets::empty::draw(frame, app, area);
    }
    let [head, bar, counts_area] = Layout::vertical([
        Constraint::Min(9),
        Constraint::Length(4),
        Constraint::Length(4),
    ])
    .areas(area);
    let title = format!(" {} services · {} ", app.group(), app.period_key());
    let Some(s) = summary_for(app) else {
        frame.render_widget(
            Paragraph::new("No services in this group and year.")
                .block(Block::bordered().title(title)),
            head,
        );
        return;
    };
    frame.render_widget(headline(app, s, theme), head);
    draw_per100(frame, app, theme, bar);
    frame.render_widget(counts(app, theme), counts_area);
}

/// The group's headline figures: mean of services, pooled and median, with
/// the benchmark band.
fn headline(app: &App, s: &GroupSummary, theme: &Theme) -> Paragraph<'static> {
    let row = |name: &str, h: &Headline, f: fn(Option<f64>) -> String, band: String| {
        Line::from(vec![
            Span::styled(format!("{name:<22}"), theme.header()),
            Span::raw(format!("{:>16}", format!("{} (n={})", f(h.mean), h.n))),
            Span::raw(format!("{:>12}", f(h.pooled))),
            Span::raw(format!("{:>12}", f(h.median))),
            Span::styled(format!("  {band}"), theme.dim()),
        ])
    };
    let shares = |h: fn(&GroupSummary) -> &Headline, pooled: bool| {
        let v = h(s);
        if pooled { v.pooled } else { v.mean }
    };
    let share_text = |pooled: bool| {
        let parts = [
            shares(|s| &s.share_new, pooled),
            shares(|s| &s.share_retained, pooled),
            shares(|s| &s.share_self_employed, pooled),
        ];
        parts
            .iter()
            .map(|p| p.map_or("–".into(), |x| format!("{:.0}", x * 100.0)))
            .collect::<Vec<_>>()
            .join("/")
            + " %"
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<22}", "figure"), theme.dim()),
            Span::styled(format!("{:>16}", "mean of services"), theme.dim()),
            Span::styled(format!("{:>12}", "pooled"), theme.dim()),
            Span::styled(format!("{:>12}", "median"), theme.dim()),
            Span::styled("  benchmark", theme.dim()),
        ]),
        row(
            "cost per person",
            &s.cost_per_person,
            format::money,
            band_text(app, "cost_per_person"),
        ),
        row(
            "job outcome rate",
            &s.outcome_rate,
            format::rate,
            band_text(app, "outcome_rate"),
        ),
        row(
            "cost per job outcome",
            &s.cost_per_outcome,
            format::money,
            band_text(app, "cost_per_outcome"),
        ),
        Line::from(vec![
            Span::styled(format!("{:<22}", "new/retained/self-emp"), theme.header()),
            Span::raw(format!("{:>16}", share_text(false))),
            Span::raw(format!("{:>12}", share_text(true))),
        ]),
        row("people supported", &s.people, format::count, String::new()),
        row("cost of service", &s.cost, format::money, String::new()),
        Line::from(""),
        Line::from(Span::styled(
            "mean of services = the study's average of each service's own figure; pooled = totals divided (e.g. all costs / all people)",
            theme.dim(),
        )),
    ];
    let title = format!(
        " {} services · {} · {} services{} ",
        app.group(),
        app.period_key(),
        s.n_services,
        if s.n_excluded > 0 {
            format!(", {} left out (open errors)", s.n_excluded)
        } else {
            String::new()
        }
    );
    Paragraph::new(lines).block(Block::bordered().title(title))
}

/// What happens to every 100 people supported, by the study's method.
fn draw_per100(frame: &mut Frame, app: &App, theme: &Theme, bar: Rect) {
    let parts = app
        .snapshot
        .per100
        .iter()
        .find(|p| {
            p.group == app.group()
                && p.period == app.period_key()
                && p.method == Per100Method::Study
        })
        .map(|p| p.parts);
    let inner_w = bar.width.saturating_sub(2);
    let lines = vec![per100_bar(parts, inner_w, theme), legend(theme)];
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" for every 100 people supported (study method) ")),
        bar,
    );
}

/// The counts line: services, sites, returns, open anomalies, last run.
fn counts(app: &App, theme: &Theme) -> Paragraph<'static> {
    let mut sev = [0usize; 3];
    for a in app
        .snapshot
        .anomalies
        .iter()
        .filter(|a| a.status.is_active())
    {
        match a.severity {
            Severity::Error => sev[0] += 1,
            Severity::Warning => sev[1] += 1,
            Severity::Info => sev[2] += 1,
        }
    }
    let sites: std::collections::BTreeSet<&str> = app
        .snapshot
        .services
        .iter()
        .map(|s| s.site.as_str())
        .collect();
    let run = app
        .snapshot
        .last_run
        .as_ref()
        .map_or("no run yet".to_string(), |r| {
            format!(
                "last run #{} {} at {} ({} ms)",
                r.id,
                r.status,
                r.finished_at.as_deref().unwrap_or(&r.started_at),
                r.duration_ms.unwrap_or(0)
            )
        });
    let line = Line::from(vec![
        Span::raw(format!(
            "{} services · {} sites · {} returns received · open anomalies: ",
            app.snapshot.services.len(),
            sites.len(),
            app.snapshot.files_accepted
        )),
        Span::styled(format!("{} error", sev[0]), theme.error()),
        Span::raw(", "),
        Span::styled(format!("{} warning", sev[1]), theme.warning()),
        Span::raw(format!(", {} info · {run}", sev[2])),
    ]);
    Paragraph::new(line)
        .wrap(Wrap { trim: true })
        .block(Block::bordered())
}
