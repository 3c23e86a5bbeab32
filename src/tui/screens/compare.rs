//! Compare: the services' cost per job outcome against their outcome rate,
//! the spread of cost per person, and what a budget would buy.

use super::Binding;
use crate::tui::app::{Prompt, PromptKind};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType};

pub const KEYS: &[Binding] = &[
    Binding {
        keys: &[KeyCode::Char('+'), KeyCode::Char('-')],
        label: "+ / -",
        what: "budget up / down 10 %",
        run: |app, code| {
            app.budget = if code == KeyCode::Char('+') {
                (app.budget * 1.1).round()
            } else {
                (app.budget / 1.1).round().max(1000.0)
            };
            None
        },
    },
    Binding {
        keys: &[KeyCode::Char('b')],
        label: "b",
        what: "type a budget",
        run: |app, _| {
            app.prompt = Some(Prompt {
                kind: PromptKind::Budget,
                input: format!("{}", app.budget as i64),
                error: None,
            });
            None
        },
    },
];

use crate::format;
use crate::tui::app::App;
use crate::tui::data::Service;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    let [hist, est] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
    let in_scope: Vec<&Service> = app
        .snapshot
        .services
        .iter()
        .filter(|s| app.in_scope(s))
        .collect();
    draw_scatter(frame, app, &in_scope, theme, left);
    draw_histogram(frame, &in_scope, hist);
    draw_estimate(frame, app, &in_scope, est);
}

/// Cost per job outcome against outcome rate, with the benchmark band.
fn draw_scatter(frame: &mut Frame, app: &App, in_scope: &[&Service], theme: &Theme, left: Rect) {
    let Points {
        plain,
        evidence,
        beyond,
        y_max,
    } = points(in_scope);
    let beyond_name = format!("▄ {} above {}", beyond.len(), format::money(Some(y_max)));
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
    // Each series names its marker, so the legend reads without colour.
    let mut datasets = vec![
        Dataset::default()
            .name("• services")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .data(&plain),
        Dataset::default()
            .name("█ evidence-based")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(theme.good())
            .data(&evidence),
    ];
    if !beyond.is_empty() {
        datasets.push(
            Dataset::default()
                .name(beyond_name.as_str())
                .marker(Marker::Bar)
                .graph_type(GraphType::Scatter)
                .style(theme.error())
                .data(&beyond),
        );
    }
    for (i, l) in band_lines.iter().enumerate() {
        datasets.push(
            Dataset::default()
                .name(if i == 0 { "⠒ benchmark band" } else { "" })
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.warning())
                .data(l),
        );
    }
    let title = if beyond.is_empty() {
        " cost per job outcome × outcome rate ".to_string()
    } else {
        format!(
            " cost per job outcome × outcome rate · {} above {} drawn at the top (▄) ",
            beyond.len(),
            format::money(Some(y_max))
        )
    };
    let chart = Chart::new(datasets)
        .block(Block::bordered().title(title))
        .hidden_legend_constraints((Constraint::Ratio(1, 3), Constraint::Ratio(1, 2)))
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
}

/// The scatter's points: services, evidence-based services, and those
/// above the axis (drawn at its top edge), with the axis's top.
struct Points {
    plain: Vec<(f64, f64)>,
    evidence: Vec<(f64, f64)>,
    beyond: Vec<(f64, f64)>,
    y_max: f64,
}

fn points(in_scope: &[&Service]) -> Points {
    let mut plain = Vec::new();
    let mut evidence = Vec::new();
    for s in in_scope {
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
    // A point above the axis is drawn at its top edge, in a series of its
    // own that says how many there are: none is dropped unseen.
    let mut beyond: Vec<(f64, f64)> = Vec::new();
    for points in [&mut plain, &mut evidence] {
        beyond.extend(
            points
                .iter()
                .filter(|p| p.1 > y_max)
                .map(|p| (p.0.clamp(0.0, 1.0), y_max)),
        );
        points.retain(|p| p.1 <= y_max);
    }
    Points {
        plain,
        evidence,
        beyond,
        y_max,
    }
}

/// Services by cost per person.
fn draw_histogram(frame: &mut Frame, in_scope: &[&Service], hist: Rect) {
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
}

/// What the budget would buy at the group's and the benchmark's cost per
/// job outcome.
fn draw_estimate(frame: &mut Frame, app: &App, in_scope: &[&Service], est: Rect) {
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
    let title = format!(
        " invest {} (+/- or b to change) ",
        format::money(Some(app.budget))
    );
    let lines = text.lines().map(|l| Line::from(l.to_string())).collect();
    crate::tui::widgets::page::draw(frame, lines, title, true, &app.page, est);
}
