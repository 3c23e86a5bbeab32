//! Collection: person records received against expected, and who to chase.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::format;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::widgets::page;

/// Collection: received against expected per site, cohort and round, and
/// the chase list (sites with nothing or too little).
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
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
                    format::label(cohort),
                    collection.replace('_', "-"),
                    received,
                    expected.map_or("–".into(), |e| format!("{e:.0}")),
                )),
                Span::styled("█".repeat(filled), style),
                Span::styled("·".repeat(bar_w - filled), theme.dim()),
                Span::styled(format!(" {}", format::label(status)), style),
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
                    format::label(&r.cohort),
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
    page::draw(
        frame,
        lines,
        " collection tracker ".into(),
        false,
        &app.page,
        area,
    );
}
