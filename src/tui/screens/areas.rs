//! Areas: provider contract returns against need.

use super::Binding;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::format;
use crate::tui::app::App;
use crate::tui::data::AreasData;
use crate::tui::theme::Theme;
use crate::tui::widgets::page;

pub const KEYS: &[Binding] = &[Binding {
    keys: &[KeyCode::Char('p'), KeyCode::Char('P')],
    label: "p",
    what: "choose the year",
    run: App::cycle_period,
}];

const STAGES: [(&str, &str); 6] = [
    ("pre_employment", "pre-emp"),
    ("training", "training"),
    ("volunteering", "volunt."),
    ("work_experience", "work exp"),
    ("job_search", "job srch"),
    ("in_work_support", "in-work"),
];

/// Areas: provider contract returns against need — the pathway's coverage
/// (providers offering each stage; gaps marked), outcomes per 100 clients
/// by stage, spend against need, and the employment-rate gap, each with
/// where its figures come from.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
    lines.extend(coverage(data, period, theme));
    lines.extend(per100_by_stage(data, period, theme));
    let mut right = spend_against_need(data, period, theme);
    right.extend(rate_gaps(data, theme));
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
    page::draw(frame, lines, title, false, &app.page, left_area);
    page::draw(
        frame,
        right,
        " spend, need and employment rates ".into(),
        true,
        &app.page,
        right_area,
    );
}

/// Which providers offer each pathway stage, per area and client group.
fn coverage(data: &AreasData, period: &str, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
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
    lines
}

/// Outcomes per 100 clients accessing, by stage.
fn per100_by_stage(data: &AreasData, period: &str, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
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
    lines
}

/// Spend against need per area and group, with its denominators.
fn spend_against_need(data: &AreasData, period: &str, theme: &Theme) -> Vec<Line<'static>> {
    let mut right: Vec<Line> = Vec::new();
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
            let share = format::pct;
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
    right
}

/// The employment-rate gap against comparators, with sources.
fn rate_gaps(data: &AreasData, theme: &Theme) -> Vec<Line<'static>> {
    let mut right: Vec<Line> = Vec::new();
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
                format::pct1(r.rate),
                format::clip(&r.comparator, 26),
                format::pct1(r.comparator_rate),
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
    right
}
