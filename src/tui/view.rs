//! Rendering: pure functions of the [`App`] state. Nothing here reads a
//! file or the database.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Clear, Dataset, GraphType, Paragraph, Wrap,
};

use super::app::{Activity, App, Overlay, Screen};
use super::data::{GroupSummary, Headline};
use super::format;
use super::help;
use super::theme::Theme;

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
    if app.snapshot.services.is_empty() && matches!(app.screen, Screen::Overview | Screen::Services)
    {
        draw_empty(frame, app, body);
    } else {
        match app.screen {
            Screen::Overview => draw_overview(frame, app, theme, body),
            Screen::Services => {
                let title = grid_title(app, "services", &app.services);
                app.services.render(body, frame.buffer_mut(), &title, theme)
            }
            Screen::Sites => {
                let title = grid_title(app, "sites (Enter: their services)", &app.sites);
                app.sites.render(body, frame.buffer_mut(), &title, theme)
            }
            Screen::Per100 => draw_per100(frame, app, theme, body),
            Screen::Compare => draw_compare(frame, app, theme, body),
            Screen::Queue => draw_queue(frame, app, theme, body),
            Screen::Inbox => draw_inbox(frame, app, theme, body),
            Screen::Authorities => draw_authorities(frame, app, theme, body),
            Screen::Areas => draw_areas(frame, app, theme, body),
            Screen::Collection => draw_collection(frame, app, theme, body),
            Screen::Cohort => draw_cohort(frame, app, theme, body),
        }
    }
    frame.render_widget(footer_line(app, theme), footer);
    match &app.overlay {
        Some(Overlay::Help) => draw_help(frame, app, body),
        Some(Overlay::Detail(title, text, scroll)) => {
            draw_detail(frame, title, text, *scroll, body)
        }
        None => {}
    }
}

fn tabs(app: &App, theme: &Theme, width: u16) -> Line<'static> {
    let mut spans = vec![Span::styled(" jobtally ", theme.title()), Span::raw(" ")];
    for (i, s) in Screen::ALL.iter().enumerate() {
        let label = if width >= 110 {
            format!("{} {}", i + 1, s.title())
        } else {
            format!("{}{}", i + 1, &s.title()[..3])
        };
        let style = if *s == app.screen {
            theme.selected().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(
        format!(" year {} · group {}", app.period_key(), app.group()),
        theme.accent(),
    ));
    Line::from(spans)
}

/// Authorities: reported spend against the services' returns, with the
/// survey's headline tables beneath.
fn draw_authorities(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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

/// Collection: received against expected per site, cohort and round, and
/// the chase list (sites with nothing or too little).
fn draw_collection(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let rows = &app.snapshot.people.collection;
    let mut lines: Vec<Line> = Vec::new();
    if rows.is_empty() {
        lines.push(Line::from(
            "No person records yet: drop a case-record sheet into the inbox, and list what each site owes in reference/expected.csv.",
        ));
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "  {:<24}{:<12}{:<11}{:>9}{:>9}  progress",
                "site", "cohort", "round", "received", "expected"
            ),
            theme.header(),
        )));
        for r in rows {
            let (site, cohort, collection, expected, received, status) = (
                &r.site,
                &r.cohort,
                &r.collection,
                &r.expected,
                &r.received,
                &r.status,
            );
            let bar_w = 20usize;
            let filled = expected.filter(|e| *e > 0.0).map_or(0, |e| {
                ((*received as f64 / e) * bar_w as f64)
                    .round()
                    .min(bar_w as f64) as usize
            });
            let style = match status.as_str() {
                "none" => theme.error(),
                "below_target" => theme.warning(),
                "met" => theme.good(),
                _ => Style::new(),
            };
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "  {:<24}{:<12}{:<11}{:>9}{:>9}  ",
                    format::clip(site, 22),
                    cohort.replace('_', " "),
                    collection.replace('_', "-"),
                    received,
                    expected.map_or("–".into(), |e| format!("{e:.0}")),
                )),
                Span::styled("█".repeat(filled), style),
                Span::styled("·".repeat(bar_w - filled), theme.dim()),
                Span::styled(format!(" {}", status.replace('_', " ")), style),
            ]));
        }
        let chase: Vec<String> = rows
            .iter()
            .filter(|r| {
                r.site != "all"
                    && r.cohort != "all"
                    && matches!(r.status.as_str(), "none" | "below_target")
            })
            .map(|r| {
                format!(
                    "{} ({} {}: {} of {})",
                    r.site,
                    r.cohort.replace('_', " "),
                    r.collection.replace('_', "-"),
                    r.received,
                    r.expected.map_or("?".into(), |e| format!("{e:.0}"))
                )
            })
            .collect();
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!(
                "Chase list ({} to call; also in the Queue as no_records / below_target):",
                chase.len()
            ),
            theme.header(),
        )));
        for c in chase {
            lines.push(Line::from(format!("  {c}")));
        }
    }
    let block = Block::bordered().title(" collection tracker ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Cohort: how the cohorts compare at baseline (n and the percentage of
/// answers given, or of people with any need) and their employment
/// outcomes.
fn draw_cohort(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
        let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.0}%"));
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
                format!(
                    "{} · {}",
                    field.replace('_', " "),
                    category.replace('_', " ")
                )
            } else {
                format!("  {}", category.replace('_', " "))
            };
            lines.push(Line::from(format!(
                "  {:<34}{:>18}{:>18}{:>18}",
                format::clip(&label, 33),
                cell("jobs_first"),
                cell("comparison"),
                cell("all")
            )));
        }
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
                    o.cohort.replace('_', " "),
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
    }
    let block = Block::bordered()
        .title(" cohorts: balance at baseline (n, % of answers given; needs: % of those with any) and outcomes ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Areas: provider contract returns against need — the pathway's coverage
/// (providers offering each stage; gaps marked), outcomes per 100 clients
/// by stage, spend against need, and the employment-rate gap, each with
/// where its figures come from.
fn draw_areas(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let data = &app.snapshot.areas;
    let mut periods: Vec<&str> = data.map.iter().map(|m| m.0.as_str()).collect();
    periods.sort();
    periods.dedup();
    let period = app
        .period
        .as_deref()
        .filter(|p| periods.contains(p))
        .or(periods.last().copied())
        .unwrap_or("");
    let mut lines: Vec<Line> = Vec::new();
    if data.map.is_empty() && data.rates.is_empty() {
        lines.push(Line::from(
            "No provider contract returns yet: drop a contract-monitoring sheet into the inbox (`jobtally template --kind provider_contract`).",
        ));
    }
    const STAGES: [(&str, &str); 6] = [
        ("pre_employment", "pre-emp"),
        ("training", "training"),
        ("volunteering", "volunt."),
        ("work_experience", "work exp"),
        ("job_search", "job srch"),
        ("in_work_support", "in-work"),
    ];
    if !data.map.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Providers offering each stage, {period} (GAP: none in the area; +n: only through services not split by area)"),
            theme.header(),
        )));
        let mut head = format!("  {:<26}", "area / client group");
        for (_, short) in STAGES {
            head.push_str(&format!("{short:>10}"));
        }
        lines.push(Line::from(Span::styled(head, theme.dim())));
        let mut keys: Vec<(&str, &str)> = data
            .map
            .iter()
            .filter(|m| m.0 == period)
            .map(|m| (m.1.as_str(), m.2.as_str()))
            .collect();
        keys.dedup();
        for (a, g) in keys {
            let mut spans = vec![Span::raw(format!(
                "  {:<26}",
                format!("{} {}", format::clip(a, 20), g)
            ))];
            for (stage, _) in STAGES {
                let cell = data
                    .map
                    .iter()
                    .find(|m| m.0 == period && m.1 == a && m.2 == g && m.3 == stage);
                let (text, style) = match cell {
                    Some(m) if m.6 => (
                        if m.5 > 0 {
                            format!("GAP +{}", m.5)
                        } else {
                            "GAP".into()
                        },
                        theme.error(),
                    ),
                    Some(m) if m.5 > 0 => (format!("{} +{}", m.4, m.5), Style::new()),
                    Some(m) => (m.4.to_string(), Style::new()),
                    None => ("–".into(), theme.dim()),
                };
                spans.push(Span::styled(format!("{text:>10}"), style));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(""));
    }
    let mut right: Vec<Line> = Vec::new();
    let per100: Vec<_> = data.per100.iter().filter(|r| r.0 == period).collect();
    if !per100.is_empty() {
        lines.push(Line::from(Span::styled(
            "Outcomes per 100 clients accessing, by stage (T training · V volunteering · W work experience · P paid job · R retained)",
            theme.header(),
        )));
        for (_, a, parts) in per100 {
            let mut spans = vec![Span::raw(format!("  {:<26}", format::clip(a, 24)))];
            for (i, (letter, v)) in ["T", "V", "W", "P", "R"].iter().zip(parts).enumerate() {
                let n = v.map_or(0, |v| (v / 2.0).round() as usize).min(40);
                spans.push(Span::styled(letter.repeat(n), theme.segment(i)));
            }
            let figures: Vec<String> = parts
                .iter()
                .map(|v| v.map_or("–".into(), |v| format!("{v:.0}")))
                .collect();
            spans.push(Span::styled(
                format!("  {}", figures.join("/")),
                theme.dim(),
            ));
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(""));
    }
    let spend: Vec<_> = data
        .spend
        .iter()
        .filter(|s| s.period == period && matches!(s.group.as_str(), "smi" | "ld" | "pd"))
        .collect();
    if !spend.is_empty() {
        right.push(Line::from(Span::styled(
            "Spend against need (low–high: combined contracts counted out / in; per head of the group's population)",
            theme.header(),
        )));
        for s in &spend {
            let range = |lo: Option<f64>, hi: Option<f64>| {
                if lo == hi {
                    format::money(lo)
                } else {
                    format!("{}–{}", format::money(lo), format::money(hi))
                }
            };
            let share = |v: Option<f64>| v.map_or("–".into(), |v| format!("{v:.0}%"));
            let gap_style = match s.gap {
                Some(g) if g < 0.0 => theme.warning(),
                _ => Style::new(),
            };
            right.push(Line::from(vec![
                Span::raw(format!(
                    "  {:<26}{:>20} {:>14}/head  need {:>4}  spend {:>4}  ",
                    format!("{} {}", format::clip(&s.area, 20), s.group),
                    range(s.spend_low, s.spend_high),
                    range(s.per_head_low, s.per_head_high),
                    share(s.expected_share),
                    share(s.actual_share),
                )),
                Span::styled(format!("gap {}", format::money(s.gap)), gap_style),
            ]));
        }
        let mut per_head: Vec<&str> = spend
            .iter()
            .map(|s| s.denominator.as_str())
            .filter(|d| !d.is_empty())
            .collect();
        per_head.sort();
        per_head.dedup();
        for d in per_head {
            right.push(Line::from(Span::styled(
                format!("  per head of: {d}"),
                theme.dim(),
            )));
        }
        right.push(Line::from(""));
    }
    if !data.rates.is_empty() {
        right.push(Line::from(Span::styled(
            "Employment rate against comparators: extra people in work needed to match (– none needed)",
            theme.header(),
        )));
        for r in &data.rates {
            let jobs = match r.jobs_needed {
                Some(0.0) => "–".to_string(),
                Some(n) => format!("{n:.0}"),
                None => "no population".to_string(),
            };
            right.push(Line::from(format!(
                "  {:<26}{:>6} vs {:<26}{:>6}  {:>14}",
                format!("{} {}", format::clip(&r.area, 20), r.group),
                r.rate.map_or("–".into(), |v| format!("{v:.1}%")),
                format::clip(&r.comparator, 26),
                r.comparator_rate.map_or("–".into(), |v| format!("{v:.1}%")),
                jobs
            )));
        }
        let mut sources: Vec<String> = data
            .rates
            .iter()
            .map(|r| format!("{} ({})", r.source, r.period))
            .collect();
        sources.sort();
        sources.dedup();
        for s in sources {
            right.push(Line::from(Span::styled(
                format!("  source: {s}"),
                theme.dim(),
            )));
        }
    }
    let title = format!(
        " areas and providers · {} ",
        if period.is_empty() { "no year" } else { period }
    );
    // Side by side when there is room, else one above the other.
    let [left_area, right_area] = if area.width >= 150 {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area)
    } else {
        let split = (lines.len() as u16 + 2).min(area.height.saturating_sub(6));
        Layout::vertical([Constraint::Length(split), Constraint::Min(3)]).areas(area)
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        left_area,
    );
    frame.render_widget(
        Paragraph::new(right)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" spend, need and employment rates ")),
        right_area,
    );
}

fn grid_title(app: &App, what: &str, grid: &super::grid::Grid) -> String {
    let mut t = format!(" {} of {} {what}", grid.len(), grid.total());
    if let Some(site) = &app.site_filter {
        t.push_str(&format!(" · site {site} (Esc: all)"));
    }
    if app.screen == Screen::Services && app.only_open {
        t.push_str(" · with open anomalies");
    }
    if !grid.search.is_empty() || app.searching {
        t.push_str(&format!(" · search \"{}\"", grid.search));
    }
    t.push(' ');
    t
}

fn draw_empty(frame: &mut Frame, app: &App, area: Rect) {
    let text = vec![
        Line::from(""),
        Line::from(Span::styled(
            "No service returns yet.",
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
        Line::from("Drop returns (xlsx or csv) into"),
        Line::from(Span::styled(
            app.inbox.clone(),
            Style::new().add_modifier(Modifier::ITALIC),
        )),
        Line::from(""),
        Line::from("or press d to load demo returns."),
    ];
    let p = Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .block(Block::bordered());
    frame.render_widget(p, area);
}

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

fn draw_overview(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [head, bar, counts] = Layout::vertical([
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
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        head,
    );
    let parts = app
        .snapshot
        .per100
        .iter()
        .find(|p| p.group == app.group() && p.period == app.period_key() && p.method == "study")
        .map(|p| p.parts);
    let inner_w = bar.width.saturating_sub(2);
    let lines = vec![
        per100_bar(parts, inner_w, theme),
        Line::from(Span::styled(legend(), theme.dim())),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" for every 100 people supported (study method) ")),
        bar,
    );
    let mut sev = [0usize; 3];
    for a in app
        .snapshot
        .anomalies
        .iter()
        .filter(|a| a.status.is_active())
    {
        match a.severity.as_str() {
            "error" => sev[0] += 1,
            "warning" => sev[1] += 1,
            _ => sev[2] += 1,
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
    frame.render_widget(
        Paragraph::new(line)
            .wrap(Wrap { trim: true })
            .block(Block::bordered()),
        counts,
    );
}

fn legend() -> String {
    "new job · retained a job · self-employed · no job outcome".into()
}

/// A horizontal stacked bar of the four per-100 parts with the numbers on it.
pub fn per100_bar(parts: Option<[Option<f64>; 4]>, width: u16, theme: &Theme) -> Line<'static> {
    let Some(parts) = parts else {
        return Line::from("–");
    };
    let width = width as usize;
    let vals: Vec<f64> = parts.iter().map(|p| p.unwrap_or(0.0).max(0.0)).collect();
    let total: f64 = vals.iter().sum::<f64>().max(1e-9);
    // Widths by largest remainder so they fill the line exactly.
    let exact: Vec<f64> = vals.iter().map(|v| v / total * width as f64).collect();
    let mut w: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut left = width.saturating_sub(w.iter().sum());
    let mut order: Vec<usize> = (0..4).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for &i in order.iter().cycle().take(8) {
        if left == 0 {
            break;
        }
        w[i] += 1;
        left -= 1;
    }
    let names = ["new", "retained", "self-emp", "none"];
    let spans: Vec<Span> = (0..4)
        .map(|i| {
            let label = format!("{:.0} {}", vals[i], names[i]);
            let short = format!("{:.0}", vals[i]);
            // A label needs a spare cell so neighbouring numbers never touch.
            let text = if label.chars().count() + 2 <= w[i] {
                label
            } else if short.len() < w[i] {
                short
            } else {
                String::new()
            };
            let fill = if theme.color {
                ' '
            } else {
                ['█', '▓', '▒', '░'][i]
            };
            let pad = w[i].saturating_sub(text.chars().count());
            let body = if theme.color {
                format!("{text:^width$}", width = w[i])
            } else if text.is_empty() {
                fill.to_string().repeat(w[i])
            } else {
                format!("{text}{}", fill.to_string().repeat(pad))
            };
            Span::styled(body, theme.segment(i))
        })
        .collect();
    Line::from(spans)
}

fn draw_per100(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let block = Block::bordered().title(format!(
        " for every 100 people supported · {} ",
        app.period_key()
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_w = 26usize;
    let bar_w = inner.width.saturating_sub(label_w as u16 + 1);
    let mut lines = Vec::new();
    for method in ["study", "pooled"] {
        lines.push(Line::from(Span::styled(
            if method == "study" {
                "by group (study method: mean rate × mean share)"
            } else {
                "by group (pooled: all outcomes / all people)"
            },
            theme.header(),
        )));
        for g in super::app::GROUPS {
            let parts = app
                .snapshot
                .per100
                .iter()
                .find(|p| p.group == g && p.period == app.period_key() && p.method == method)
                .map(|p| p.parts);
            if parts.is_none() {
                continue;
            }
            let mut spans = vec![Span::raw(format!(
                "{:<width$}",
                format!("  {g}"),
                width = label_w
            ))];
            spans.extend(per100_bar(parts, bar_w, theme).spans);
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(""));
    }
    for (breakdown, title) in [
        (
            "client_group",
            "job outcomes per 100 people, by client group (pooled)",
        ),
        (
            "support_level",
            "by support needed in a typical week (pooled)",
        ),
    ] {
        lines.push(Line::from(Span::styled(title, theme.header())));
        for s in app.snapshot.segments.iter().filter(|s| {
            s.group == app.group() && s.period == app.period_key() && s.breakdown == breakdown
        }) {
            let Some(v) = s.per100 else { continue };
            let n = ((v / 100.0) * bar_w.saturating_sub(20) as f64)
                .round()
                .max(0.0) as usize;
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "{:<width$}",
                    format!("  {}", s.segment.replace('_', " ")),
                    width = label_w
                )),
                Span::styled("█".repeat(n), theme.good()),
                Span::raw(format!(
                    " {v:.0} per 100 of {} people",
                    format::count(s.people)
                )),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(legend(), theme.dim())));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_compare(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    let [hist, est] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
    let in_scope: Vec<&super::data::Service> = app
        .snapshot
        .services
        .iter()
        .filter(|s| app.in_scope(s))
        .collect();
    // Scatter: cost per job outcome against outcome rate.
    let mut plain = Vec::new();
    let mut evidence = Vec::new();
    for s in &in_scope {
        if let (Some(r), Some(c)) = (s.outcome_rate, s.cost_per_outcome) {
            if s.evidence_based {
                evidence.push((r, c))
            } else {
                plain.push((r, c))
            }
        }
    }
    let mut costs: Vec<f64> = plain.iter().chain(&evidence).map(|p| p.1).collect();
    costs.sort_by(f64::total_cmp);
    let y_max = costs
        .get(costs.len().saturating_sub(1) * 95 / 100)
        .copied()
        .unwrap_or(10_000.0)
        .max(5_000.0)
        * 1.1;
    let band = app
        .snapshot
        .bands
        .iter()
        .find(|b| b.metric == "cost_per_outcome");
    let band_lines: Vec<Vec<(f64, f64)>> = band
        .map(|b| {
            [b.low, b.high]
                .iter()
                .flatten()
                .map(|y| vec![(0.0, *y), (1.0, *y)])
                .collect()
        })
        .unwrap_or_default();
    let mut datasets = vec![
        Dataset::default()
            .name("services")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .data(&plain),
        Dataset::default()
            .name("evidence-based")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(theme.good())
            .data(&evidence),
    ];
    for (i, l) in band_lines.iter().enumerate() {
        datasets.push(
            Dataset::default()
                .name(if i == 0 { "benchmark band" } else { "" })
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.warning())
                .data(l),
        );
    }
    let chart = Chart::new(datasets)
        .block(Block::bordered().title(" cost per job outcome × outcome rate "))
        .x_axis(
            Axis::default()
                .title("outcome rate")
                .bounds([0.0, 1.0])
                .labels(["0 %", "50 %", "100 %"]),
        )
        .y_axis(Axis::default().title("£/job").bounds([0.0, y_max]).labels([
            format::money(Some(0.0)),
            format::money(Some(y_max / 2.0)),
            format::money(Some(y_max)),
        ]));
    frame.render_widget(chart, left);
    // Histogram of cost per person.
    let mut cpp: Vec<f64> = in_scope.iter().filter_map(|s| s.cost_per_person).collect();
    cpp.sort_by(f64::total_cmp);
    let edges = [
        0.0,
        500.0,
        1000.0,
        1500.0,
        2000.0,
        3000.0,
        5000.0,
        f64::INFINITY,
    ];
    let bars: Vec<Bar> = edges
        .windows(2)
        .map(|w| {
            let n = cpp.iter().filter(|&&v| v >= w[0] && v < w[1]).count() as u64;
            let label = if w[1].is_infinite() {
                format!("{}k+", w[0] / 1000.0)
            } else {
                format!("<{}k", w[1] / 1000.0)
            };
            Bar::default().value(n).label(Line::from(label))
        })
        .collect();
    let bar_width = (hist.width.saturating_sub(2) / 7).saturating_sub(1).max(1);
    frame.render_widget(
        BarChart::default()
            .block(Block::bordered().title(" services by cost per person "))
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1),
        hist,
    );
    // The investment estimate for the group and year in view.
    let rows = in_scope
        .iter()
        .map(|s| (s.cost, s.outcomes, s.cost_per_outcome));
    let scope = format!("{} services in {}", app.group(), app.period_key());
    let text = match crate::estimate::estimate_over(
        rows,
        &app.snapshot.bands,
        app.budget,
        app.group(),
        scope,
    ) {
        Some(e) => e.describe(),
        None => "No services with costs and outcomes in view.".into(),
    };
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(
                " invest {} (+/- or b to change) ",
                format::money(Some(app.budget))
            ))),
        est,
    );
}

fn draw_queue(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let wide = area.width >= 130;
    let [list, sheet] = if wide {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    };
    let title = format!(
        " {} of {} anomalies · status {} · severity {} (f, v to change){}",
        app.queue.len(),
        app.queue.total(),
        app.queue_status_label(),
        app.queue_severity_label(),
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

fn draw_inbox(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
    let keys: Vec<String> = help::footer(app.screen)
        .iter()
        .map(|(k, what)| format!("{k} {what}"))
        .collect();
    Line::from(vec![
        Span::styled(format!(" {state} "), style),
        Span::styled(format!("· {}", keys.join(" · ")), theme.dim()),
    ])
}

fn current_search(app: &App) -> String {
    match app.screen {
        Screen::Services => app.services.search.clone(),
        Screen::Sites => app.sites.search.clone(),
        Screen::Authorities => app.authorities.search.clone(),
        Screen::Queue => app.queue.search.clone(),
        Screen::Inbox => app.inbox_grid.search.clone(),
        _ => String::new(),
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn draw_help(frame: &mut Frame, app: &App, area: Rect) {
    let mut lines = vec![Line::from(Span::styled(
        format!("keys on {}", app.screen.title()),
        Style::new().add_modifier(Modifier::BOLD),
    ))];
    for (k, what) in help::screen(app.screen) {
        lines.push(Line::from(format!("  {k:<12} {what}")));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "everywhere",
        Style::new().add_modifier(Modifier::BOLD),
    )));
    for (k, what) in help::GLOBAL {
        lines.push(Line::from(format!("  {k:<12} {what}")));
    }
    let rect = centered(area, 86, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" help (any key closes) ")),
        rect,
    );
}

fn draw_detail(frame: &mut Frame, title: &str, text: &str, scroll: u16, area: Rect) {
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(format!(" {title} (↑↓ scroll, any other key closes) "))),
        rect,
    );
}
