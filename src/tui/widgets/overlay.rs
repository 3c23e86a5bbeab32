//! Overlays drawn over a screen: the help and a scrolling detail text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::app::{Action, App, Overlay};

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

pub fn draw_help(frame: &mut Frame, app: &App, area: Rect) {
    let mut lines = Vec::new();
    for (i, (heading, keys)) in crate::tui::help::sections(app.screen)
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled(
            heading,
            Style::new().add_modifier(Modifier::BOLD),
        )));
        for (label, what) in keys {
            lines.push(Line::from(format!("  {label:<12} {what}")));
        }
    }
    let rect = centered(area, 86, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" help (any key closes) ")),
        rect,
    );
}

pub fn draw_detail(frame: &mut Frame, title: &str, text: &str, scroll: u16, area: Rect) {
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    // Never scroll past the point where the last line sits at the foot.
    let (width, height) = (
        rect.width.saturating_sub(2).max(1),
        rect.height.saturating_sub(2),
    );
    let wrapped: usize = text
        .lines()
        .map(|l| l.chars().count().div_ceil(width as usize).max(1))
        .sum();
    let scroll = scroll.min(wrapped.saturating_sub(height as usize) as u16);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(format!(
                " {title} (↑↓ PgUp PgDn scroll · any other key closes) "
            ))),
        rect,
    );
}

impl App {
    /// A key while an overlay is up: the detail view scrolls (never past
    /// its last line), `q` quits, any other key closes it.
    pub(crate) fn overlay_key(&mut self, key: KeyEvent) -> Option<Action> {
        let overlay = self.overlay.as_mut()?;
        match key.code {
            code if crate::tui::screens::MOVE_KEYS.contains(&code) => {
                if let Overlay::Detail(_, text, s) = overlay {
                    let last = text.lines().count().saturating_sub(1) as u16;
                    *s = super::page::scrolled(*s, code, last);
                }
            }
            KeyCode::Char('q') => return Some(Action::Quit),
            _ => self.overlay = None,
        }
        None
    }
}
