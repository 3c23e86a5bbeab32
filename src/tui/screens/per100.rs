//! Per 100: what happens to every 100 people supported, by group and segment.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::format;
use crate::tui::app::{App, GroupView};
use crate::tui::data::Per100Method;
use crate::tui::theme::Theme;
use crate::tui::widgets::bars::{legend, per100_bar};
use crate::tui::widgets::page;

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let title = format!(" for every 100 people supported · {} ", app.period_key());
    let inner = Block::bordered().inner(area);
    let label_w = 26usize;
    let bar_w = inner.width.saturating_sub(label_w as u16 + 1);
    let mut lines = Vec::new();
    for method in Per100Method::SHOWN {
        lines.push(Line::from(Span::styled(method.heading(), theme.header())));
        for g in GroupView::ALL.map(GroupView::key) {
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
                    format!("  {}", format::label(&s.segment)),
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
    lines.push(legend(theme));
    page::draw(frame, lines, title, false, &app.page, area);
}
