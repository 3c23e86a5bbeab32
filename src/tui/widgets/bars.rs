//! The per-100 stacked bar and its legend.

use ratatui::text::{Line, Span};

use crate::tui::theme::Theme;

/// What each part of the bar is, each beside a swatch drawn as its part
/// is (a colour, or without colour the part's shade), so a part too small
/// for its number is still known by its look.
pub fn legend(theme: &Theme) -> Line<'static> {
    let names = [
        "new job",
        "retained a job",
        "self-employed",
        "no job outcome",
    ];
    let mut spans = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let swatch = if theme.color {
            "  ".to_string()
        } else {
            SHADES[i].to_string().repeat(2)
        };
        spans.push(Span::styled(swatch, theme.segment(i)));
        spans.push(Span::styled(format!(" {name}"), theme.dim()));
    }
    Line::from(spans)
}

/// The shades of the four parts without colour.
const SHADES: [char; 4] = ['█', '▓', '▒', '░'];

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
            let fill = if theme.color { ' ' } else { SHADES[i] };
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
